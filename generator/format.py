"""black, in process, on every core, remembering what it already formatted.

The output is byte for byte what `black` itself writes (default mode; `.pyi` files in
stub mode). Formatted text is cached by `sha256(mode, rendered text)` and black's
version, so a file whose rendered text did not change is never formatted again; only
what is left is formatted, in the run's worker processes when there is enough of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import Executor

from .cache import Cache, digest, tool_version

__all__ = ["FormatError", "format_files"]

_POOL_THRESHOLD = 3000
"""Lines left to format below which workers cost more (forking, importing) than they save."""
_BATCHES_PER_WORKER = 4
"""Small batches, so the pool's tail is short."""
_FORMATTED = (".py", ".pyi")


class FormatError(Exception):
    """black could not parse a rendered file: a template bug, never a spec problem."""


def format_files(
    files: dict[str, str],
    paths: Iterable[str],
    cache: Cache,
    pool: Callable[[], Executor] | None = None,
    workers: int = 1,
    *,
    scope: str = "",
) -> None:
    """Format by black the Python files of `files` at `paths`, in place: each rendered
    text is replaced by its formatted text as soon as that is made, so the two are
    never both held whole (a large API's are 100 MB each).

    The cache holds, per `scope` (the spec), what the last run formatted: one entry,
    read and written once, holding only that run's files. What it does not hold is
    formatted in `pool()` (`workers` processes, only asked for when there is enough to
    format), else in this process.
    """
    wanted = [path for path in paths if path.endswith(_FORMATTED)]
    if not wanted:
        return
    entry = digest("black", tool_version("black"), scope)
    known = _known(cache.get("black", entry))
    kept: dict[str, str] = {}
    pending: dict[str, str] = {}
    for path in wanted:
        key = digest(_mode_name(path), files[path])
        formatted = known.get(key)
        if formatted is None:
            pending[path] = key
        else:
            files[path] = kept[key] = formatted
    if pending:
        lines = sum(files[path].count("\n") for path in pending)
        results: Iterable[list[tuple[str, str]]]
        if pool is not None and workers > 1 and lines >= _POOL_THRESHOLD:
            batches = _batches(
                [(path, files[path]) for path in pending], workers * _BATCHES_PER_WORKER
            )
            results = pool().map(_format_batch, batches)
            del batches  # each batch goes once its result is in
        else:
            results = [_format_batch((path, files[path]) for path in pending)]
        for batch in results:
            for path, formatted in batch:
                files[path] = kept[pending[path]] = formatted
    if kept.keys() != known.keys():
        cache.put_json("black", entry, kept)


def _known(stored: str | None) -> dict[str, str]:
    """A stored entry's `{digest of mode and text: formatted text}`; empty if unusable."""
    try:
        known = json.loads(stored or "{}")
    except ValueError:
        return {}
    if not isinstance(known, dict) or not all(isinstance(v, str) for v in known.values()):
        return {}
    return known


def _mode_name(path: str) -> str:
    return "pyi" if path.endswith(".pyi") else "py"


def _format_batch(jobs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    import black

    modes = {"py": black.Mode(), "pyi": black.Mode(is_pyi=True)}
    done: list[tuple[str, str]] = []
    for path, text in jobs:
        try:
            done.append((path, black.format_str(text, mode=modes[_mode_name(path)])))
        except Exception as exc:  # noqa: BLE001 (black.InvalidInput and its parser's errors)
            raise FormatError(f"{path}: black cannot format the rendered text: {exc}") from None
    return done


def _batches(jobs: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    """`count` balanced batches (largest files first, each to the lightest batch), the
    heaviest first so the pool's tail is short."""
    batches: list[list[tuple[str, str]]] = [[] for _ in range(count)]
    weights = [0] * count
    for job in sorted(jobs, key=lambda j: -len(j[1])):
        lightest = weights.index(min(weights))
        batches[lightest].append(job)
        weights[lightest] += len(job[1])
    order = sorted(range(count), key=lambda i: -weights[i])
    return [batches[i] for i in order if batches[i]]
