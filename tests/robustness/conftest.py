"""Shared by the robustness tests: the CLI in a real subprocess, folder snapshots, and
expected-output files that `SDKGEN_UPDATE_SNAPSHOTS=1 pytest tests/robustness` rewrites."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "robustness"
UPDATE = os.environ.get("SDKGEN_UPDATE_SNAPSHOTS") == "1"


def sdkgen(*args: str | Path, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI as users do, with a cache of its own below `cwd`."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "SDKGEN_CACHE_DIR": str(cwd / ".cache")},
    )


def tree(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` with its bytes (the whole state a run could change)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def matches_snapshot(actual: str, expected_file: Path) -> None:
    """`actual` equals the committed expected output (rewritten when updating)."""
    if UPDATE:
        expected_file.write_text(actual)
    assert expected_file.is_file(), f"no snapshot {expected_file.name}: run with SDKGEN_UPDATE_SNAPSHOTS=1"
    assert actual == expected_file.read_text(), f"output differs from {expected_file}"


@pytest.fixture(scope="session")
def previous_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder from an earlier, successful run (tests copy it and try to spoil it)."""
    folder = tmp_path_factory.mktemp("previous")
    done = sdkgen("generate", FIXTURES / "small.yaml", "--out", folder / "out", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "out"
