"""The generated Pinterest SDK, and the real servers the contract tests run it against.

`sdk_root` is the SDK distribution folder (`.../python`): by default generated afresh
into a temporary folder by the `sdkgen` CLI (so the tests follow spec/ and templates/
as they are); with `SDKGEN_CONTRACT_SDK=committed`, the committed `generated/python`.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .prism import Prism, start_prism

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "openapi.yaml"
PACKAGE = "pinterest_client"


@pytest.fixture(scope="session")
def sdk_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if os.environ.get("SDKGEN_CONTRACT_SDK") == "committed":
        root = REPO / "generated" / "python"
        if not (root / PACKAGE).is_dir():
            pytest.fail("SDKGEN_CONTRACT_SDK=committed, but generated/python holds no SDK")
        return root
    out = tmp_path_factory.mktemp("generated")
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--out", str(out), "--quiet"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "SDKGEN_CACHE_DIR": str(out.parent / "sdkgen-cache")},
    )
    assert done.returncode == 0, f"sdkgen generate failed:\n{done.stdout}\n{done.stderr}"
    return out / "python"


@pytest.fixture(scope="session")
def sdk(sdk_root: Path) -> Iterator[ModuleType]:
    """`pinterest_client`, imported from `sdk_root`."""
    sys.path.insert(0, str(sdk_root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(sdk_root))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """Prism, validating every request against spec/ (`prism mock --errors`)."""
    with start_prism(SPEC, tmp_path_factory.mktemp("prism") / "prism.log") as server:
        yield server


@pytest.fixture(autouse=True)
def _no_sdk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clients see only the environment variables a test sets itself."""
    for name in list(os.environ):
        if name.startswith("PINTEREST_"):
            monkeypatch.delenv(name)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
