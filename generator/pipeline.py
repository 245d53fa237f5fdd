"""The whole run, from a spec file to the text of every output file.

load (+ bundle) → validate → build → render → format. A worker process validates the
spec while this process builds and renders, and black's workers (one per core) take
the rendered files in batches; validation needs nothing but the bundled document.
Validation and black results are cached by content, and so is the whole output
(`output_cache.py`): a run whose inputs (spec files, templates, options, sdkgen and its
tools) are unchanged reads the output from the cache and neither loads the spec nor
imports its tools.
"""

from __future__ import annotations

import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .bundle import Spec, load_spec
from .cache import Cache, digest, tool_version
from .config import MANIFEST, Config, manifest_text, project_path
from .errors import Problem, SpecError
from .format import format_files
from .ir import Api
from .ir_build import Options, build
from .naming import class_name, constant, pascal, snake
from .output_cache import (
    Output,
    last_entry,
    last_slices,
    output_key,
    remember,
    remembered,
)
from .render import TEMPLATES
from .slices import Record, render_reusing, scope
from .validate import (
    Memo,
    document_errors,
    find_errors,
    merge_errors,
    openapi_version,
    prose_blind_digest,
    reference_errors,
)

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["Output", "build_valid", "generate"]

_GENERATOR = Path(__file__).resolve().parent
_RULES = digest(
    *((_GENERATOR / module).read_text(encoding="utf-8") for module in ("validate.py", "refine.py"))
)
"""Validation results are only as good as the code that found them."""


def build_valid(
    path: Path, config: Config, cache: Cache, *, lenient: bool = False, workers: int | None = None
) -> tuple[Api, list[Problem]]:
    """The IR of the spec at `path` and its warnings. Raises `SpecError` with every
    problem found: the validator's and the build's together, each place once."""
    pool = _Workers(workers or _cores())
    pool.start()
    try:
        spec, openapi, verdict = _start(path, config, cache, pool, lenient)
        api, problems = _built(spec, _options(spec, path, config), openapi, verdict, cache, lenient)
        return api, _checked(problems, spec, verdict, cache, lenient)
    finally:
        pool.close()


def generate(
    path: Path,
    config: Config,
    cache: Cache,
    *,
    lenient: bool = False,
    workers: int | None = None,
    kept: dict[Path, Environment] | None = None,
) -> Output:
    """Every output file of the spec at `path`, formatted. Raises `SpecError`. `kept`:
    Jinja environments a process that runs again keeps (`render.Renderer`)."""
    key = output_key(path, config, lenient)
    last = last_entry(cache, path) if key is not None else None
    if key is not None and last is not None:
        kept_output = remembered(last, path, key, config)
        if kept_output is not None:
            return kept_output
    output, inputs, records = _run(path, config, cache, lenient, workers, last, kept)
    if key is not None:
        remember(cache, path, key, inputs, output, records)
    return output


def _run(
    path: Path,
    config: Config,
    cache: Cache,
    lenient: bool,
    workers: int | None,
    last: dict[str, Any] | None,
    kept: dict[Path, Environment] | None,
) -> tuple[Output, list[list[str]], tuple[Record, ...]]:
    """A run the cache does not hold: the output, the spec files it read besides the
    root (path, digest) and how each file was made. The spec and the IR go when it
    returns, before the output is kept and written (a large spec's are 200 MB)."""
    pool = _Workers(workers or _cores())
    pool.start(formatting=last is None)
    try:
        spec, openapi, verdict = _start(path, config, cache, pool, lenient)
        api, problems = _built(spec, _options(spec, path, config), openapi, verdict, cache, lenient)
        spec.release()  # the validator has its own copy; its problems are located anew
        formatted: dict[str, str] = {}
        records: tuple[Record, ...] = ()
        if not any(p.severity == "error" for p in problems):
            try:
                formatted, records = _made(api, path, config, cache, pool, last, kept)
            except Exception:
                _validation(spec, verdict, cache, lenient)  # an invalid spec explains the failure
                raise
            formatted.update(_changelog(config))
            formatted[MANIFEST] = manifest_text(config, _header(api))
        warnings = _checked(problems, spec, verdict, cache, lenient)
    finally:
        pool.close()
    operations = len(api.client.operations) + sum(len(r.operations) for r in api.resources)
    inputs = [[str(d.path), digest(d.text)] for d in spec.files if d is not spec.root]
    return Output(formatted, tuple(warnings), operations), inputs, records


def _made(
    api: Api,
    path: Path,
    config: Config,
    cache: Cache,
    pool: _Workers,
    last: dict[str, Any] | None,
    kept: dict[Path, Environment] | None,
) -> tuple[dict[str, str], tuple[Record, ...]]:
    """Every output file, rendered (or the last run's) and formatted, and how each was
    made."""
    templates = config.templates or TEMPLATES
    made = render_reusing(api, templates, *last_slices(last), scope(templates, api), kept)
    format_files(
        made.files,
        made.fresh,
        cache,
        pool.formatters if pool.count > 1 else None,
        pool.count,
        scope=str(path.resolve()),
    )
    return made.files, made.records


def _header(api: Api) -> str:
    return f"Generated by sdkgen from {api.spec_file}. Do not edit."


def _changelog(config: Config) -> dict[str, str]:
    """The maintained changelog (`[tool.sdkgen] changelog`), as the package's CHANGELOG.md."""
    if config.changelog is None:
        return {}
    shown = project_path(config.changelog, config.root)
    try:
        text = config.changelog.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError([Problem(f"cannot read the changelog: {exc}", "", shown)]) from None
    header = f"<!-- Generated by sdkgen from {shown.replace('--', '-')}. Do not edit. -->\n"
    return {"python/CHANGELOG.md": header + text}


def _built(
    spec: Spec,
    options: Options,
    openapi: str,
    verdict: _Verdict,
    cache: Cache,
    lenient: bool,
) -> tuple[Api, list[Problem]]:
    try:
        return build(spec, options, openapi, lenient=lenient)  # type: ignore[arg-type]
    except Exception:
        _validation(spec, verdict, cache, lenient)  # an invalid spec explains the failure
        raise


def _checked(
    problems: list[Problem], spec: Spec, verdict: _Verdict, cache: Cache, lenient: bool
) -> list[Problem]:
    """The build's problems and the validator's, sorted; `SpecError` with all the errors
    of both when there is any (one run reports all of them). The loader's warnings
    (duplicate keys read leniently) come first."""
    problems = [*spec.problems, *problems]
    errors = [p for p in problems if p.severity == "error"]
    try:
        warnings = _validation(spec, verdict, cache, lenient)
    except SpecError as invalid:
        raise SpecError(_together(errors, invalid.problems)) from None
    if errors:
        raise SpecError(errors)
    return sorted(_together(problems, warnings), key=Problem.sort_key)


def _together(built: list[Problem], validated: Sequence[Problem]) -> list[Problem]:
    """The build's problems and the validator's, each place once (the build says more:
    what it does instead)."""
    places = {(p.file, p.pointer) for p in built}
    return [*built, *(p for p in validated if (p.file, p.pointer) not in places)]


def _cores() -> int:
    """The cores this process may run on (a container's share, not the host's), at
    most 8: beyond that, forking and importing cost more than the batches save."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        count = os.cpu_count() or 1
    return max(1, min(count, 8))


class _Workers:
    """The run's worker processes (none when `count` is 1): one that validates, forked
    at the start so that it imports the validator (0.25 s) while this process loads the
    spec and builds, used only when the cache does not know the spec's verdict; and
    `count` that run black, forked at the start of a run that will format everything
    (no earlier output), else when there is enough to format. (Forked from a large
    process, a worker shares its pages, which its resident size counts.)

    Validation gets one process, not `count`: when little changed, this process
    (build, render) keeps a core of its own and validation still ends first."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._validator: ProcessPoolExecutor | None = None
        self._formatters: ProcessPoolExecutor | None = None

    def start(self, *, formatting: bool = False) -> None:
        if self.count > 1:
            self.validator()
            if formatting:
                self.formatters()

    def validator(self) -> ProcessPoolExecutor:
        if self._validator is None:
            self._validator = _pool(1, _preload)
        return self._validator

    def formatters(self) -> ProcessPoolExecutor:
        if self._formatters is None:
            self._formatters = _pool(self.count)
        return self._formatters

    def close(self) -> None:
        """Stop the workers, waiting for them: the validator's, when it was not needed,
        is then done importing (0.25 s from the start, about when a short run ends).
        Not waiting would race Python's own clean-up at exit (a closed pipe written)."""
        for pool in (self._validator, self._formatters):
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)


def _pool(count: int, initializer: Callable[[], None] | None = None) -> ProcessPoolExecutor:
    """`count` processes, forked now. This process's objects are frozen out of the
    children's garbage collections meanwhile: a collection in a child would otherwise
    touch, and so copy, every page of the IR and the rendered text it inherited."""
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    executor = ProcessPoolExecutor(max_workers=count, mp_context=context, initializer=initializer)
    gc.freeze()
    try:
        executor.submit(int)  # the first task starts every process
    finally:
        gc.unfreeze()
    return executor


def _preload() -> None:
    """Import the validator (0.25 s) while this process builds the IR."""
    import openapi_spec_validator  # noqa: F401


_Found = list[tuple[str, str]]
_Pending = (
    tuple[str, Future[tuple[_Found, Memo]], Future[tuple[list[tuple[str, str, bool]], Memo]]]
    | _Found
)
_VALIDATION_TOOLS = (
    "openapi-spec-validator",
    "openapi-schema-validator",
    "jsonschema",
    "jsonschema-specifications",
)


def _start(
    path: Path, config: Config, cache: Cache, pool: _Workers | None, lenient: bool
) -> tuple[Spec, str, _Verdict]:
    spec = load_spec(
        path, allowed=config.allow_ref_outside, limits=config.limits, lenient=lenient, cache=cache
    )
    if any(p.severity == "error" for p in spec.problems):
        raise SpecError(spec.problems)
    openapi, why = openapi_version(spec.data)
    if openapi is None:
        raise SpecError(
            [
                spec.problem(
                    why or "",
                    "/openapi" if isinstance(spec.data, dict) and "openapi" in spec.data else "",
                )
            ]
        )
    tools = [tool_version(name) for name in _VALIDATION_TOOLS]
    key = digest("validate", *tools, _RULES, *(d.display + "\0" + d.text for d in spec.files))
    blind = prose_blind_digest(spec.data, openapi, *tools, _RULES)
    cached = _found(cache.get("validate", key))
    if cached is None and blind is not None and cache.get("valid", blind) == "true":
        cached = []  # a valid spec reworded
    if cached is not None:
        return spec, openapi, _Verdict(key, blind, cached)
    if pool is None or pool.count == 1:
        return spec, openapi, _Verdict(key, blind, find_errors(spec.data), fresh=True)
    # The two passes, each reusing what the last run of this spec learned.
    memo_key = digest("memo", *tools, _RULES, str(path.resolve()))
    memo = _memo(cache.get("memo", memo_key))
    executor = pool.validator()
    first = executor.submit(document_errors, spec.data, memo)
    second = executor.submit(reference_errors, spec.data, memo)
    return spec, openapi, _Verdict(key, blind, (memo_key, first, second))


@dataclass(frozen=True, slots=True)
class _Verdict:
    """A run's validation: the errors, or the passes under way in the validation worker."""

    key: str
    """The cache key of the errors of the spec's very text."""
    blind: str | None
    """The cache key of a valid verdict on the spec in any wording (`prose_blind_digest`)."""
    result: _Pending
    fresh: bool = False
    """The errors were just found, not read from the cache."""


def _found(stored: str | None) -> _Found | None:
    """A cached validation result; `None` (a miss) when absent or not well-formed."""
    try:
        found = json.loads(stored) if stored is not None else None
    except ValueError:
        return None
    if not isinstance(found, list) or not all(
        isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e) for e in found
    ):
        return None
    return [(pointer, message) for pointer, message in found]


def _memo(stored: str | None) -> Memo:
    try:
        memo = json.loads(stored or "{}")
    except ValueError:
        return {}
    return memo if isinstance(memo, dict) else {}


def _validation(spec: Spec, verdict: _Verdict, cache: Cache, lenient: bool) -> list[Problem]:
    found = verdict.result
    if isinstance(found, tuple):
        memo_key, first, second = found
        (document, learned), (references, also_learned) = first.result(), second.result()
        found = merge_errors(document, references)
        cache.put("memo", memo_key, json.dumps({**learned, **also_learned}))  # this run's only
    if isinstance(verdict.result, tuple) or verdict.fresh:
        cache.put("validate", verdict.key, json.dumps(found))
        if not found and verdict.blind is not None:
            cache.put("valid", verdict.blind, "true")
    problems = [
        spec.problem(message, pointer, "warning" if lenient else "error")
        for pointer, message in found
    ]
    if problems and not lenient:
        raise SpecError(problems)
    return problems


def _options(spec: Spec, path: Path, config: Config) -> Options:
    info = spec.data.get("info") if isinstance(spec.data, dict) else None
    title = str(info.get("title") or "") if isinstance(info, dict) else ""
    client = class_name(
        config.client_name or pascal(title.removesuffix(" API").removesuffix(" Api")), "Client"
    )
    package = config.package or f"{snake(client)}_client"
    return Options(
        package=package,
        dist_name=config.dist_name or package.replace("_", "-"),
        client_name=client,
        env_prefix=config.env_prefix or constant(client),
        spec_file=project_path(path, config.root),
        sdk_version=config.sdk_version,
    )
