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


IMPORT_EVERY_MODULE = (
    "import importlib, pkgutil, sys\n"
    "for package_name in sys.argv[1:]:\n"
    "    package = importlib.import_module(package_name)\n"
    "    for info in pkgutil.walk_packages(package.__path__, package_name + '.'):\n"
    "        module = importlib.import_module(info.name)\n"
    "        for value in vars(module).values():\n"
    "            if isinstance(value, type) and value.__module__ == info.name and hasattr(value, 'model_rebuild'):\n"
    "                value.model_rebuild(force=True)\n"
)


def import_every_module(packages: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    """Import every module of `packages` (name → the folder holding it) in a fresh
    interpreter and build every model: a cycle between modules or an unresolved forward
    reference fails."""
    return subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE, *sorted(packages)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sorted({str(p) for p in packages.values()}))},
    )


def mypy_strict(packages: dict[str, Path]) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` on several generated packages at once (package name → the folder
    holding it): one run checks them all, which costs little more than checking one."""
    arguments = [arg for name in sorted(packages) for arg in ("-p", name)]
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *arguments],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "MYPYPATH": os.pathsep.join(sorted({str(p) for p in packages.values()}))},
    )
