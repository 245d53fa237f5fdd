"""ARCHITECTURE.md's module table names every module of `generator/` and no other."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _modules_in_table() -> set[str]:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("## The pipeline", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w/]+\.py)` \|", section, flags=re.MULTILINE))


def _modules_on_disk() -> set[str]:
    package = ROOT / "generator"
    return {path.relative_to(package).as_posix() for path in package.rglob("*.py")}


def test_module_table_matches_the_tree() -> None:
    table, disk = _modules_in_table(), _modules_on_disk()
    assert not disk - table, f"modules missing from ARCHITECTURE.md: {sorted(disk - table)}"
    assert not table - disk, f"ARCHITECTURE.md names modules that do not exist: {sorted(table - disk)}"


def test_no_source_in_a_folder_tools_skip() -> None:
    skipped = {"build", "dist", "site", "out", "venv", "_build", "buck-out"}
    folders = {path.name for path in (ROOT / "generator").rglob("*") if path.is_dir()}
    assert not folders & skipped
