"""A client generated from `tests/fixtures/wire/wire-3.1.yaml`, and the servers it talks to.

The fixture spec holds one operation per way a generated client once put on the wire
what the spec forbids; the tests here call each, sync and async, against a recording
server on loopback (`tests/contract/fault_server.py`) and against Prism.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pytest

from ..contract.fault_server import FaultServer, running

SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "wire" / "wire-3.1.yaml"
PACKAGE = "wire_client"
TOKEN = "tok-wire"


@pytest.fixture(scope="session")
def wire_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution folder of the client `sdkgen generate` writes for the fixture spec."""
    out = tmp_path_factory.mktemp("wire") / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(SPEC), "--out", str(out),
         "--package", PACKAGE, "--client-name", "Wire", "--quiet"],
        cwd=out.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "SDKGEN_CACHE_DIR": str(out.parent / "cache")},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "python"


@pytest.fixture(scope="session")
def wire(wire_root: Path) -> Iterator[ModuleType]:
    """`wire_client`, imported."""
    sys.path.insert(0, str(wire_root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(wire_root))
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(autouse=True)
def _no_wire_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Credentials come from the tests, never from the environment."""
    for name in list(os.environ):
        if name.startswith("WIRE_"):
            monkeypatch.delenv(name)


@dataclass
class Caller:
    """Runs `call(client)` on a new `Wire` or `AsyncWire` (awaited), then closes it."""

    sdk: ModuleType
    base_url: str
    mode: Literal["sync", "async"]

    def run(self, call: Callable[[Any], Any], **client_kwargs: Any) -> Any:
        client_kwargs.setdefault("base_url", self.base_url)
        if self.mode == "sync":
            with self.sdk.Wire(**client_kwargs) as client:
                return call(client)

        async def main() -> Any:
            async with self.sdk.AsyncWire(**client_kwargs) as client:
                result = call(client)
                return await result if inspect.isawaitable(result) else result

        return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def caller(request: pytest.FixtureRequest, wire: ModuleType, server: FaultServer) -> Caller:
    return Caller(wire, server.url, request.param)
