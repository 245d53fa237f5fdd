from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def sdkgen(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a real subprocess, as users do."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "SDKGEN_CACHE_DIR": str(cwd / ".cache")},
    )


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    """A project folder holding the 3.0 shop spec."""
    spec = tmp_path / "shop.yaml"
    spec.write_text((FIXTURES / "shop-3.0.yaml").read_text())
    return spec
