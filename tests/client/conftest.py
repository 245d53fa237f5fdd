"""The committed Pinterest SDK (`generated/python`), imported as downstream teams do."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SDK = ROOT / "generated" / "python"

if str(SDK) not in sys.path:
    sys.path.insert(0, str(SDK))

import pinterest_client  # noqa: E402

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture
def client_for() -> Iterator[Callable[..., pinterest_client.Pinterest]]:
    """`client_for(handler, **kwargs)`: a client whose requests `handler` answers."""
    made: list[pinterest_client.Pinterest] = []

    def make(handler: Handler, **kwargs: object) -> pinterest_client.Pinterest:
        http = httpx.Client(transport=httpx.MockTransport(handler))
        kwargs.setdefault("access_token", "secret-token")
        client = pinterest_client.Pinterest(http_client=http, **kwargs)  # type: ignore[arg-type]
        client._sleep = lambda seconds: None  # type: ignore[method-assign]
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
