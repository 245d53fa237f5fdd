"""The output cache: the last output of each spec, kept whole with how each file was
made, so that a run whose inputs did not change reads it back (neither loading the spec
nor importing its tools), and a run whose inputs changed reuses the files whose part of
the IR did not (`slices.py`). The entry is data: everything read back is checked."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .cache import Cache, digest, tool_version, tree_digest
from .config import Config, project_path
from .errors import Problem
from .guard import GuardError, Scope, read_bytes
from .load import display_path
from .render import TEMPLATES
from .slices import Record
from .write import is_relative_file

__all__ = ["Output", "last_entry", "last_slices", "output_key", "remember", "remembered"]

_GENERATOR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Output:
    files: dict[str, str]
    """Relative path under the output folder → text."""
    warnings: tuple[Problem, ...]
    operations: int


def output_key(path: Path, config: Config, lenient: bool) -> str | None:
    """What the output depends on besides the files the root spec references (which the
    cache entry lists): `None` when the root cannot be read (the run reports it)."""
    try:
        root = read_bytes(path, config.limits)
    except GuardError:
        return None
    templates = config.templates or TEMPLATES
    tools = [tool_version(name) for name in ("black", "jinja2", "openapi-spec-validator", "pyyaml")]
    options = [
        config.package,
        config.dist_name,
        config.client_name,
        config.env_prefix,
        config.sdk_version,
    ]
    changelog = (
        config.changelog.read_bytes() if config.changelog and config.changelog.is_file() else b""
    )
    return digest(
        "output",
        sys.version,
        *tools,
        tree_digest(_GENERATOR, "*.py"),
        tree_digest(templates, "*"),
        json.dumps(
            [
                options,
                lenient,
                str(path.resolve()),
                display_path(path),
                project_path(path, config.root),
                [str(folder.resolve()) for folder in config.allow_ref_outside],
                repr(config.limits),
            ]
        ),
        root,
        changelog,
        str(config.changelog),
    )


def remember(
    cache: Cache,
    path: Path,
    key: str,
    inputs: list[list[str]],
    output: Output,
    records: tuple[Record, ...],
) -> None:
    """Keep `output` as the last output of the spec at `path` (one entry per spec, so
    the cache does not grow with every edit), with the spec files it read besides the
    root and how each file was made (`slices.py`)."""
    entry = {
        "key": key,
        "inputs": inputs,
        "files": output.files,
        "warnings": [asdict(problem) for problem in output.warnings],
        "operations": output.operations,
        "slices": [record.row() for record in records],
    }
    cache.put_json("output", digest("output", str(path.resolve())), entry)


def last_entry(cache: Cache, path: Path) -> dict[str, Any] | None:
    """The stored entry of the last output of the spec at `path`."""
    stored = cache.get("output", digest("output", str(path.resolve())))
    try:
        entry = json.loads(stored) if stored is not None else None
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def last_slices(
    entry: dict[str, Any] | None,
) -> tuple[dict[tuple[str, str], Record], dict[str, str]]:
    """How the last run made each file, and the files it made (only well-formed ones:
    the entry is data)."""
    if entry is None:
        return {}, {}
    rows, files = entry.get("slices"), entry.get("files")
    if not isinstance(rows, list) or not isinstance(files, dict):
        return {}, {}
    records = {}
    for row in rows:
        record = Record.of(row)
        if record is None:
            return {}, {}
        if record.path and not (
            is_relative_file(record.path) and isinstance(files.get(record.path), str)
        ):
            return {}, {}
        records[record.template, record.node] = record
    return records, files


def remembered(entry: dict[str, Any], path: Path, key: str, config: Config) -> Output | None:
    """The last output of the spec at `path`, if it was made from the inputs `key`
    names and every other spec file it read is unchanged."""
    try:
        if entry["key"] != key:
            return None
        scope = Scope.of(path, config.allow_ref_outside)
        for name, text_digest in entry["inputs"]:
            source = Path(name).resolve()
            if not scope.contains(source):  # the entry is data: it names no file to read
                return None
            if digest(read_bytes(source, config.limits).decode("utf-8-sig")) != text_digest:
                return None
        files = entry["files"]
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and is_relative_file(k)
            for k, v in files.items()
        ):
            return None
        warnings = tuple(Problem(**problem) for problem in entry["warnings"])
        if not all(
            isinstance(p.message, str) and isinstance(p.pointer, str) and isinstance(p.file, str)
            and (p.line is None or type(p.line) is int) and p.severity == "warning"
            for p in warnings
        ):  # fmt: skip
            return None
        return Output(files, warnings, int(entry["operations"]))
    except (OSError, ValueError, KeyError, TypeError, GuardError):
        return None
