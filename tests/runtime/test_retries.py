"""Retries: which failures are retried, how often, and how long the client waits."""

from __future__ import annotations

import email.utils
import logging
import time
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import PIN, TOKEN, Recorder, json_response

MakeClient = Callable[..., Any]

OK = json_response(200, PIN)


def test_retry_after_seconds_is_honoured(make_client: MakeClient, waits: list[float]) -> None:
    server = Recorder(json_response(429, {}, **{"Retry-After": "3"}), OK)

    pin = make_client(server).pins.get("1")

    assert pin.id == "1"
    assert len(server.requests) == 2
    assert waits == [3.0]


def test_retry_after_http_date_is_honoured(make_client: MakeClient, waits: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 20, usegmt=True)
    server = Recorder(json_response(503, {}, **{"Retry-After": when}), OK)

    make_client(server).pins.get("1")

    assert len(waits) == 1 and 18 <= waits[0] <= 20


def test_retry_after_beyond_the_cap_is_not_waited_for(
    make_client: MakeClient, sdk: ModuleType, waits: list[float]
) -> None:
    server = Recorder(json_response(429, {"message": "later"}, **{"Retry-After": "3600"}), OK)

    with pytest.raises(sdk.RateLimitError):
        make_client(server).pins.get("1")

    assert len(server.requests) == 1
    assert waits == []


def test_server_errors_then_success(make_client: MakeClient, waits: list[float]) -> None:
    server = Recorder(json_response(503, {}), json_response(500, {}), OK)

    assert make_client(server).pins.get("1").id == "1"

    assert len(server.requests) == 3
    # exponential backoff with jitter: 0.5 s then 1 s, each reduced by up to 25 %
    assert 0.375 <= waits[0] <= 0.5
    assert 0.75 <= waits[1] <= 1.0


def test_backoff_has_jitter(
    make_client: MakeClient, waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    import acme_sdk._base_client

    monkeypatch.setattr(acme_sdk._base_client.random, "random", lambda: 0.8)
    server = Recorder(json_response(500, {}), json_response(500, {}), OK)

    make_client(server).pins.get("1")

    assert waits == [pytest.approx(0.5 * 0.8), pytest.approx(1.0 * 0.8)]


def test_backoff_is_capped(make_client: MakeClient, waits: list[float], sdk: ModuleType) -> None:
    server = Recorder(json_response(500, {}))

    with pytest.raises(sdk.InternalServerError):
        make_client(server, max_retries=8).pins.get("1")

    assert len(server.requests) == 9
    assert max(waits) <= 8.0
    assert waits[-1] >= 6.0


def test_max_retries_is_respected(make_client: MakeClient, sdk: ModuleType, waits: list[float]) -> None:
    server = Recorder(json_response(502, {}))

    with pytest.raises(sdk.InternalServerError):
        make_client(server, max_retries=3).pins.get("1")

    assert len(server.requests) == 4
    assert len(waits) == 3


def test_default_is_two_retries(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(json_response(503, {}))

    with pytest.raises(sdk.InternalServerError):
        make_client(server).pins.get("1")

    assert len(server.requests) == 3


def test_zero_max_retries_disables_retries(make_client: MakeClient, sdk: ModuleType, waits: list[float]) -> None:
    server = Recorder(json_response(429, {}, **{"Retry-After": "1"}), OK)

    with pytest.raises(sdk.RateLimitError):
        make_client(server, max_retries=0).pins.get("1")

    assert len(server.requests) == 1
    assert waits == []


def test_per_call_max_retries(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(json_response(500, {}))
    client = make_client(server, max_retries=5)

    with pytest.raises(sdk.InternalServerError):
        client.pins.get("1", options={"max_retries": 1})

    assert len(server.requests) == 2


def test_request_timeout_status_is_retried(make_client: MakeClient) -> None:
    server = Recorder(json_response(408, {}), OK)

    make_client(server).pins.get("1")

    assert len(server.requests) == 2


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_not_retried(make_client: MakeClient, sdk: ModuleType, status: int) -> None:
    server = Recorder(json_response(status, {}), OK)

    with pytest.raises(sdk.APIStatusError):
        make_client(server).pins.get("1")

    assert len(server.requests) == 1


def test_connection_errors_are_retried_for_any_method(make_client: MakeClient) -> None:
    server = Recorder(httpx.ConnectError("refused"), httpx.ConnectTimeout("slow"), OK)

    assert make_client(server).pins.create(board_id="b").id == "1"

    assert len(server.requests) == 3


def test_read_timeout_is_retried_for_get(make_client: MakeClient) -> None:
    server = Recorder(httpx.ReadTimeout("slow"), OK)

    make_client(server).pins.get("1")

    assert len(server.requests) == 2


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("Server disconnected"), httpx.ReadError("reset")],
)
def test_non_idempotent_request_is_not_retried_once_maybe_sent(
    make_client: MakeClient, sdk: ModuleType, failure: Exception
) -> None:
    post, patch = Recorder(failure, OK), Recorder(failure, OK)

    with pytest.raises(sdk.APIConnectionError):
        make_client(post).pins.create(board_id="b")
    with pytest.raises(sdk.APIConnectionError):
        make_client(patch).pins.update("1", title="t")

    assert [request.method for request in post.requests + patch.requests] == ["POST", "PATCH"]


def test_non_idempotent_retry_can_be_enabled(make_client: MakeClient) -> None:
    server = Recorder(httpx.ReadTimeout("slow"), OK)

    assert make_client(server, retry_non_idempotent=True).pins.create(board_id="b").id == "1"

    assert len(server.requests) == 2


def test_local_errors_are_not_retried(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.UnsupportedProtocol("no"), OK)

    with pytest.raises(sdk.APIConnectionError):
        make_client(server).pins.get("1")

    assert len(server.requests) == 1


def test_retries_are_logged_without_secrets(
    make_client: MakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    server = Recorder(json_response(503, {}), OK)

    with caplog.at_level(logging.DEBUG, logger="acme_sdk"):
        make_client(server).pins.get("1")

    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("retrying GET /v1/pins/1 in") and "after 503" in m for m in messages)
    assert "request: GET https://api.acme.test/v1/pins/1" in messages
    assert "response: GET /v1/pins/1 -> 200 OK" in messages
    assert all(TOKEN not in m for m in messages)


@pytest.mark.anyio
async def test_async_retry_after_then_success(make_async_client: MakeClient, waits: list[float]) -> None:
    server = Recorder(json_response(429, {}, **{"Retry-After": "2"}), json_response(500, {}), OK)

    pin = await make_async_client(server).pins.get("1")

    assert pin.id == "1"
    assert len(server.requests) == 3
    assert waits[0] == 2.0 and 0.75 <= waits[1] <= 1.0


@pytest.mark.anyio
async def test_async_non_idempotent_read_timeout(make_async_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.ReadTimeout("slow"), OK)

    with pytest.raises(sdk.APITimeoutError):
        await make_async_client(server).pins.create(board_id="b")

    assert len(server.requests) == 1


@pytest.mark.anyio
async def test_async_max_retries(make_async_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.ConnectError("refused"))

    with pytest.raises(sdk.APIConnectionError):
        await make_async_client(server, max_retries=4).pins.get("1")

    assert len(server.requests) == 5


@pytest.mark.anyio
async def test_async_default_sleep_really_waits(sdk: ModuleType) -> None:
    server = Recorder(json_response(503, {}, **{"Retry-After": "0.01"}), OK)
    client = sdk.AsyncAcme(
        access_token="t", http_client=httpx.AsyncClient(transport=httpx.MockTransport(server))
    )

    started = time.monotonic()
    await client.pins.get("1")

    assert time.monotonic() - started >= 0.01
