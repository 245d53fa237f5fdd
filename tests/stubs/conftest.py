from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"
PACKAGE = "pinterest_client"


@pytest.fixture(scope="session")
def sdk_path(generated_tree: Path) -> Path:
    """The folder holding the generated `pinterest_client` package (its distribution)."""
    return generated_tree / "python"


@pytest.fixture(scope="session")
def checker_env(sdk_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The environment of a user who installed the SDK into this interpreter's env.

    The interpreter's `bin` comes first on PATH (pyright asks the `python` it finds
    there for the search paths), the SDK is on PYTHONPATH (runtime imports,
    pyright) and MYPYPATH (mypy), and mypy keeps one cache for the session.
    """
    return {
        **os.environ,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        "PYTHONPATH": str(sdk_path),
        "MYPYPATH": str(sdk_path),
        "MYPY_CACHE_DIR": str(tmp_path_factory.getbasetemp() / "mypy-cache"),
    }


@pytest.fixture(scope="session")
def pyright() -> Path:
    """The pinned pyright (`npm ci`); the tests that need it skip without it."""
    if not PYRIGHT.exists():
        pytest.skip("pyright is not installed: run `npm ci`")
    if shutil.which("node") is None:
        pytest.skip("Node.js is not installed")
    return PYRIGHT
