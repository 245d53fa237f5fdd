"""black, in process, on every core, remembering what it already formatted.

The output is byte for byte what `black` itself writes (default mode; `.pyi` files in
stub mode). Formatted text is cached under `sha256(black version, mode, text)`, so a
file whose rendered text did not change is never formatted again; only what is left
is formatted, in a pool of worker processes when there is enough of it.
"""

from __future__ import annotations

import multiprocessing
from importlib import metadata
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from typing import Iterable

from .cache import Cache, digest

__all__ = ["FormatError", "format_files"]

_POOL_THRESHOLD = 3000
"""Lines left to format below which a pool costs more (forking, importing) than it saves."""
_FORMATTED = (".py", ".pyi")


class FormatError(Exception):
    """black could not parse a rendered file: a template bug, never a spec problem."""


def format_files(files: dict[str, str], cache: Cache, workers: int | None = None) -> dict[str, str]:
    """`files` with every Python file formatted by black (others unchanged)."""
    out = dict(files)
    version = metadata.version("black")
    pending: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(_FORMATTED):
            continue
        key = digest(version, _mode_name(path), text)
        cached = cache.get("black", key)
        if cached is None:
            pending[path] = key
        else:
            out[path] = cached
    if not pending:
        return out
    jobs = [(path, files[path]) for path in pending]
    lines = sum(text.count("\n") for _, text in jobs)
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count > 1 and lines >= _POOL_THRESHOLD:
        results = _in_pool(jobs, count)
    else:
        results = [_format_batch(jobs)]
    for batch in results:
        for path, formatted in batch:
            out[path] = formatted
            cache.put("black", pending[path], formatted)
    return out


def _mode_name(path: str) -> str:
    return "pyi" if path.endswith(".pyi") else "py"


def _format_batch(jobs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    import black

    modes = {"py": black.Mode(), "pyi": black.Mode(is_pyi=True)}
    done: list[tuple[str, str]] = []
    for path, text in jobs:
        try:
            done.append((path, black.format_str(text, mode=modes[_mode_name(path)])))
        except Exception as exc:  # black.InvalidInput and friends
            raise FormatError(f"{path}: black cannot format the rendered text: {exc}") from None
    return done


def _in_pool(jobs: list[tuple[str, str]], count: int) -> list[list[tuple[str, str]]]:
    """Balanced batches (largest files first, each to the lightest batch), one per worker."""
    batches: list[list[tuple[str, str]]] = [[] for _ in range(count * 2)]
    weights = [0] * len(batches)
    for job in sorted(jobs, key=lambda j: -len(j[1])):
        lightest = weights.index(min(weights))
        batches[lightest].append(job)
        weights[lightest] += len(job[1])
    method = "fork" if sys.platform == "linux" else "spawn"
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context(method)) as pool:
        return list(pool.map(_format_batch, [b for b in batches if b]))
