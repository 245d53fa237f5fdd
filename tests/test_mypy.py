"""`mypy --strict` holds on the generator and on the committed SDK."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("folder", "target"), [(".", "generator"), ("generated/python", "pinterest_client")])
def test_mypy_strict(folder: str, target: str, tmp_path: Path) -> None:
    # The cache goes elsewhere: `sdkgen check` reports any file under generated/.
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "--config-file", str(ROOT / "pyproject.toml"), target],
        cwd=ROOT / folder,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
