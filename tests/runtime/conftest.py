from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from .render import API, build_package


@pytest.fixture(scope="session")
def sdk_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the rendered `acme_sdk` package."""
    root = tmp_path_factory.mktemp("sdk")
    build_package(root)
    return root


@pytest.fixture(scope="session")
def sdk(sdk_dir: Path) -> Iterator[ModuleType]:
    """The rendered `acme_sdk` package, imported."""
    sys.path.insert(0, str(sdk_dir))
    try:
        yield importlib.import_module(API.package)
    finally:
        sys.path.remove(str(sdk_dir))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_sdk_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the environment variables they set themselves."""
    for name in list(__import__("os").environ):
        if name.startswith(f"{API.env_prefix}_"):
            monkeypatch.delenv(name)
