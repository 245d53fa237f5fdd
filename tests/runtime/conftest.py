from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from .helpers import TOKEN, Handler
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
    for name in list(os.environ):
        if name.startswith(f"{API.env_prefix}_"):
            monkeypatch.delenv(name)


@pytest.fixture
def waits() -> list[float]:
    """The retry waits of clients built by `make_client` (nothing really sleeps)."""
    return []


@pytest.fixture
def make_client(sdk: ModuleType, waits: list[float]) -> Callable[..., Any]:
    """Build an `Acme` client whose requests go to `handler`."""

    def make(handler: Handler, **kwargs: Any) -> Any:
        kwargs.setdefault("access_token", TOKEN)
        client = sdk.Acme(
            http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs
        )
        client._sleep = waits.append
        return client

    return make


@pytest.fixture
def make_async_client(sdk: ModuleType, waits: list[float]) -> Callable[..., Any]:
    """Build an `AsyncAcme` client whose requests go to `handler`."""

    def make(handler: Callable[[httpx.Request], Any], **kwargs: Any) -> Any:
        kwargs.setdefault("access_token", TOKEN)
        client = sdk.AsyncAcme(
            http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            **kwargs,
        )

        async def sleep(seconds: float) -> None:
            waits.append(seconds)

        client._sleep = sleep
        return client

    return make
