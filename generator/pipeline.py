"""The whole run, from a spec file to the text of every output file.

load (+ bundle) → validate → build → render → format. Validation runs in a worker
process while the IR is built and rendered (it is the slowest stage and needs nothing
but the bundled document); both its result and black's are cached by content, so a run
on an unchanged spec redoes neither.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .build import Options, build
from .bundle import Spec, load_spec
from .cache import Cache, digest
from .config import Config
from .errors import Problem, SpecError
from .format import format_files
from .naming import constant, pascal, snake
from .render import TEMPLATES, render
from .validate import find_errors, openapi_version

__all__ = ["Output", "generate", "load_valid"]


@dataclass(frozen=True, slots=True)
class Output:
    files: dict[str, str]
    """Relative path under the output folder → text."""
    warnings: tuple[Problem, ...]
    operations: int


def load_valid(path: Path, cache: Cache, *, lenient: bool = False) -> tuple[Spec, str, list[Problem]]:
    """The bundled spec, its OpenAPI version (`3.0` / `3.1`) and its warnings.

    Raises `SpecError` with every problem found. `lenient` turns the validator's
    errors into warnings (the build still refuses what it cannot generate).
    """
    spec, openapi, pending = _start(path, cache, pool=None)
    return spec, openapi, _validation(spec, pending, cache, lenient)


def generate(path: Path, config: Config, cache: Cache, *, lenient: bool = False, workers: int | None = None) -> Output:
    """Every output file of the spec at `path`, formatted. Raises `SpecError`."""
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        spec, openapi, pending = _start(path, cache, pool if workers != 1 else None)
        try:
            api, problems = build(spec, _options(spec, path, config), openapi)  # type: ignore[arg-type]
        except Exception:
            _validation(spec, pending, cache, lenient)  # an invalid spec explains the failure
            raise
        warnings = _validation(spec, pending, cache, lenient)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SpecError(errors)
    files = render(api, config.templates or TEMPLATES)
    formatted = format_files(files, cache, workers)
    operations = len(api.client.operations) + sum(len(r.operations) for r in api.resources)
    return Output(formatted, tuple(sorted({*warnings, *problems}, key=Problem.sort_key)), operations)


_Pending = Future[list[tuple[str, str]]] | list[tuple[str, str]]


def _start(path: Path, cache: Cache, pool: ProcessPoolExecutor | None) -> tuple[Spec, str, tuple[str, _Pending]]:
    spec = load_spec(path)
    if spec.problems:
        raise SpecError(spec.problems)
    openapi, why = openapi_version(spec.data)
    if openapi is None:
        raise SpecError([spec.problem(why or "", "/openapi" if isinstance(spec.data, dict) and "openapi" in spec.data else "")])
    key = digest("validate", version("openapi-spec-validator"), *(d.display + "\0" + d.text for d in spec.files))
    cached = cache.get("validate", key)
    if cached is not None:
        return spec, openapi, (key, [(pointer, message) for pointer, message in json.loads(cached)])
    if pool is None:
        found = find_errors(spec.data)
        cache.put("validate", key, json.dumps(found))
        return spec, openapi, (key, found)
    return spec, openapi, (key, pool.submit(find_errors, spec.data))


def _validation(spec: Spec, pending: tuple[str, _Pending], cache: Cache, lenient: bool) -> list[Problem]:
    key, result = pending
    if isinstance(result, Future):
        found = result.result()
        cache.put("validate", key, json.dumps(found))
    else:
        found = result
    problems = [spec.problem(message, pointer, "warning" if lenient else "error") for pointer, message in found]
    if problems and not lenient:
        raise SpecError(problems)
    return problems


def _options(spec: Spec, path: Path, config: Config) -> Options:
    info = spec.data.get("info") if isinstance(spec.data, dict) else None
    title = str(info.get("title") or "") if isinstance(info, dict) else ""
    client = config.client_name or pascal(title.removesuffix(" API").removesuffix(" Api")) or "Client"
    if not client.isidentifier() or not client[0].isalpha():
        client = f"Api{client}" if client.isidentifier() else "Client"
    package = config.package or f"{snake(client)}_client"
    return Options(
        package=package,
        dist_name=config.dist_name or package.replace("_", "-"),
        client_name=client,
        env_prefix=config.env_prefix or constant(client),
        spec_file=_display(path, config.root),
        sdk_version=config.sdk_version,
    )


def _display(path: Path, root: Path) -> str:
    """The spec as named in file headers: relative to the project, never absolute."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
