"""Behaviours that only real sockets show: timeouts, resets, refused connections.

A small HTTP server on loopback answers each path in a scripted way and counts the
requests that reach it; the clients use their default httpx transport.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import ModuleType
from typing import Any

import pytest

from .helpers import PIN, TOKEN

SLOW_SECONDS = 1.0
CLIENT_TIMEOUT = 0.2


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), FaultHandler)
        self.arrivals: Counter[str] = Counter()
        self.headers_seen: list[dict[str, str]] = []
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}/v1"


class FaultHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        with self.server.lock:
            self.server.arrivals[path] += 1
            count = self.server.arrivals[path]
            self.server.headers_seen.append(dict(self.headers.items()))
        if path.endswith("/slow"):
            time.sleep(SLOW_SECONDS)
        elif path.endswith("/reset"):
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.connection.close()
            self.close_connection = True
            return
        elif path.endswith("/flaky") and count <= 2:
            self._send(503, {"code": 1, "message": "busy"}, {"Retry-After": "0"})
            return
        elif path.endswith("/limited") and count == 1:
            self._send(429, {"code": 8, "message": "slow down"}, {"Retry-After": "1"})
            return
        self._send(200, {**PIN, "id": path.rsplit("/", 1)[-1]}, {})

    def _send(self, status: int, body: object, headers: dict[str, str]) -> None:
        payload = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up (timeout): nothing to answer
            self.close_connection = True

    do_GET = do_POST = do_PATCH = _answer


@pytest.fixture
def server() -> Iterator[FaultServer]:
    fault_server = FaultServer()
    thread = threading.Thread(
        target=fault_server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    try:
        yield fault_server
    finally:
        fault_server.shutdown()
        fault_server.server_close()


@pytest.fixture
def waits() -> list[float]:
    return []


_open_clients: list[Any] = []


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    yield
    while _open_clients:
        _open_clients.pop().close()


def client(sdk: ModuleType, server_url: str, waits: list[float], **kwargs: Any) -> Any:
    made = sdk.Acme(access_token=TOKEN, base_url=server_url, timeout=CLIENT_TIMEOUT, **kwargs)
    made._sleep = waits.append
    _open_clients.append(made)
    return made


def test_wire_request_carries_token_and_user_agent(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    with client(sdk, server.url, waits) as acme:
        assert acme.pins.get("ok").id == "ok"

    headers = {name.lower(): value for name, value in server.headers_seen[0].items()}
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["user-agent"].startswith("acme-sdk/1.2.3 python/")


def test_read_timeout_retries_get(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits, max_retries=2)

    with pytest.raises(sdk.APITimeoutError):
        acme.pins.get("slow")

    assert server.arrivals["/v1/pins/slow"] == 3
    assert len(waits) == 2


def test_read_timeout_does_not_retry_post(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits, max_retries=2)

    with pytest.raises(sdk.APITimeoutError):
        acme._request("POST", "/pins/slow", json={"a": 1}, cast_to=dict)

    assert server.arrivals["/v1/pins/slow"] == 1
    assert waits == []


def test_read_timeout_retries_post_when_configured(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits, max_retries=1, retry_non_idempotent=True)

    with pytest.raises(sdk.APITimeoutError):
        acme._request("POST", "/pins/slow", json={"a": 1}, cast_to=dict)

    assert server.arrivals["/v1/pins/slow"] == 2


def test_per_call_timeout_over_the_wire(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits, max_retries=0)
    acme = acme.with_options(timeout=30.0)

    started = time.monotonic()
    with pytest.raises(sdk.APITimeoutError):
        acme.pins.get("slow", options={"timeout": 0.1})

    assert time.monotonic() - started < SLOW_SECONDS


def test_connection_reset(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits, max_retries=2)

    with pytest.raises(sdk.APIConnectionError) as caught:
        acme._request("POST", "/pins/reset", json={}, cast_to=dict)
    assert not isinstance(caught.value, sdk.APITimeoutError)
    assert server.arrivals["/v1/pins/reset"] == 1

    with pytest.raises(sdk.APIConnectionError):
        acme.pins.get("reset")
    assert server.arrivals["/v1/pins/reset"] == 1 + 3


def test_connection_refused_is_retried_then_raised(sdk: ModuleType, waits: list[float]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    acme = client(sdk, f"http://127.0.0.1:{port}/v1", waits, max_retries=2)

    with pytest.raises(sdk.APIConnectionError):
        acme.pins.create(board_id="b")

    assert len(waits) == 2  # never sent, so even a POST is retried


def test_503_twice_then_success_over_the_wire(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    acme = client(sdk, server.url, waits)

    assert acme.pins.get("flaky").id == "flaky"

    assert server.arrivals["/v1/pins/flaky"] == 3
    assert waits == [0.0, 0.0]


@pytest.mark.anyio
async def test_async_over_the_wire(sdk: ModuleType, server: FaultServer, waits: list[float]) -> None:
    async with sdk.AsyncAcme(access_token=TOKEN, base_url=server.url, timeout=CLIENT_TIMEOUT) as acme:

        async def no_sleep(seconds: float) -> None:
            waits.append(seconds)

        acme._sleep = no_sleep
        assert (await acme.pins.get("limited")).id == "limited"
        with pytest.raises(sdk.APITimeoutError):
            await acme._request("POST", "/pins/slow", json={}, cast_to=dict)

    assert waits == [1.0]
    assert server.arrivals["/v1/pins/limited"] == 2
    assert server.arrivals["/v1/pins/slow"] == 1
