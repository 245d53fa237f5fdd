"""Run one call of the generated client, sync or async, against a `FaultServer`.

The same test body drives both clients: `harness.run(lambda c: c.pins.get("1"))`
builds a `Pinterest` (or `AsyncPinterest`, awaiting the call inside `asyncio.run`),
makes the call, closes the client and returns the result or raises its error.
Retry waits are recorded in `waits` instead of slept (`client._sleep` is replaced).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Literal

from .fault_server import FaultServer

TOKEN = "tok-0123456789abcdef"
"""The access token clients start with (a secret: it must never be logged)."""
TIMEOUT = 0.25
"""Seconds: the clients' timeout; slow replies take longer."""

Mode = Literal["sync", "async"]


@dataclass
class Harness:
    sdk: ModuleType
    server: FaultServer
    mode: Mode
    waits: list[float] = field(default_factory=list)

    def client(self, **kwargs: Any) -> Any:
        kwargs.setdefault("access_token", TOKEN)
        kwargs.setdefault("base_url", self.server.url)
        kwargs.setdefault("timeout", TIMEOUT)
        if self.mode == "sync":
            client = self.sdk.Pinterest(**kwargs)
            client._sleep = self.waits.append
            return client
        client = self.sdk.AsyncPinterest(**kwargs)

        async def sleep(seconds: float) -> None:
            self.waits.append(seconds)

        client._sleep = sleep
        return client

    def run(self, call: Callable[[Any], Any], **client_kwargs: Any) -> Any:
        """`call(client)` on a new client; its result (awaited for the async client)."""
        if self.mode == "sync":
            with self.client(**client_kwargs) as client:
                return call(client)

        async def main() -> Any:
            async with self.client(**client_kwargs) as client:
                result = call(client)
                return await result if inspect.isawaitable(result) else result

        return asyncio.run(main())

    def collect(self, call: Callable[[Any], Any], **client_kwargs: Any) -> list[Any]:
        """Every item of every page of a list call."""
        if self.mode == "sync":
            with self.client(**client_kwargs) as client:
                return list(call(client))

        async def main() -> list[Any]:
            async with self.client(**client_kwargs) as client:
                return [item async for item in call(client)]

        return asyncio.run(main())
