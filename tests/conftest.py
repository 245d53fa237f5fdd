"""Fixtures shared by the test folders that need the generated Pinterest SDK."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Importing the committed SDK must leave no `__pycache__` in `generated/`: `sdkgen
# check` (CI runs it after the tests) reports every file that would ship.
sys.dont_write_bytecode = True
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"


@pytest.fixture(scope="session")
def generated_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sdkgen generate` of the project's spec into a fresh folder (as `generated/`).

    Run as users run it (the CLI in a subprocess, `[tool.sdkgen]` from the project's
    pyproject.toml), so the tests see exactly what `generated/` must hold.
    """
    out = tmp_path_factory.mktemp("generated") / "generated"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--quiet", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SDKGEN_CACHE_DIR": str(tmp_path_factory.getbasetemp() / "sdkgen-cache")},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return out
