"""`sdkgen diff`'s input and output: both specs built into surfaces, and the changes as
a Markdown changelog entry (grouped by resource, for the package's CHANGELOG.md and the
docs) or JSON (for tools)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from .bundle import load_spec
from .cache import Cache
from .config import Config
from .diff import Change, Kind, Locate, compare, semver
from .errors import Problem, SpecError
from .escape import md_code
from .surface import Surface, surface

__all__ = ["bump", "diff_specs", "markdown", "prepend", "spec_version", "to_json"]

_HEADINGS: dict[Kind, str] = {
    "breaking": "Breaking changes",
    "additive": "Additions",
    "other": "Other changes",
}


def diff_specs(
    old: Path,
    new: Path,
    config: Config,
    cache: Cache,
    *,
    old_label: tuple[Path, str] | None = None,
    workers: int | None = None,
) -> list[Change]:
    """The changes from the SDK of `old` to the SDK of `new`. `old_label` (folder,
    label) shows files under that folder as `label:path` (a git revision's files);
    `workers` as for `pipeline.build_valid` (1: no worker processes)."""
    before, locate_before = _side(old, config, cache, old_label, workers)
    after, locate_after = _side(new, config, cache, None, workers)
    return compare(before, after, locate_before, locate_after)


def _side(
    path: Path, config: Config, cache: Cache, label: tuple[Path, str] | None, workers: int | None
) -> tuple[Surface, Locate]:
    from .pipeline import build_valid

    api, _ = build_valid(path, config, cache, workers=workers)
    spec = load_spec(path)
    if spec.problems:
        raise SpecError(spec.problems)

    def locate(pointer: str) -> Problem:
        problem = spec.problem("", pointer)
        if label is not None:
            folder, name = label
            try:
                shown = Path(problem.file).resolve().relative_to(folder.resolve()).as_posix()
            except ValueError:
                return problem
            return Problem("", problem.pointer, f"{name}:{shown}", problem.line)
        return problem

    return surface(api), locate


def bump(version: str, level: str) -> str:
    """`version` raised by a semver `level` (`1.4.2` + minor → `1.5.0`)."""
    parts = [int(p) for p in (version.split(".") + ["0", "0"])[:3] if p.isdigit()]
    if len(parts) != 3:
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    major, minor, patch = parts
    if level == "major":
        return f"{major + 1}.0.0"
    if level == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def markdown(changes: Sequence[Change], title: str) -> str:
    """A changelog entry: one section per kind, the changes grouped by resource (types
    last), each with its place in the spec."""
    level = semver(changes)
    counts = {kind: sum(c.kind == kind for c in changes) for kind in _HEADINGS}
    summary = ", ".join(f"{counts[kind]} {kind}" for kind in _HEADINGS)
    lines = [f"## {title}", "", f"Semver: **{level}** ({summary})."]
    if not changes:
        lines += ["", "No change to the SDK's public surface."]
    for kind, heading in _HEADINGS.items():
        chosen = [c for c in changes if c.kind == kind]
        if not chosen:
            continue
        lines += ["", f"### {heading}"]
        groups = sorted({c.group for c in chosen}, key=lambda g: (g == "types", g))
        for group in groups:
            lines += ["", f"#### {'Types' if group == 'types' else md_code(group)}", ""]
            for change in (c for c in chosen if c.group == group):
                where = f"{change.file}:{change.line}" if change.line else change.file
                lines.append(
                    f"- {md_code(change.subject)}: {change.message}"
                    f" ({md_code(where)} {md_code('#' + change.pointer)})"
                )
    return "\n".join(lines) + "\n"


def to_json(changes: Sequence[Change]) -> str:
    return (
        json.dumps(
            {
                "semver": semver(changes),
                "breaking": any(c.kind == "breaking" for c in changes),
                "changes": [asdict(change) for change in changes],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def spec_version(path: Path) -> str | None:
    """The spec's `info.version`, if it has one."""
    data = load_spec(path).data
    info = data.get("info") if isinstance(data, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else None


def prepend(changelog: Path, entry: str) -> None:
    """Put `entry` first in `changelog`: after its `# ` title and the text introducing the
    entries, before the first `## ` entry. Creates the file."""
    text = changelog.read_text(encoding="utf-8") if changelog.is_file() else "# Changelog\n"
    if text.startswith("## "):
        head, rest = "", text
    elif "\n## " in text:
        head, rest = text.split("\n## ", 1)
        rest = "## " + rest
    else:
        head, rest = text, ""
    parts = [head.rstrip("\n") + "\n\n"] if head.strip() else []
    parts.append(entry)
    if rest.strip():
        parts += ["\n", rest.lstrip("\n")]
    changelog.write_text("".join(parts), encoding="utf-8")
