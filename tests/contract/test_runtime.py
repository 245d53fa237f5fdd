"""Runtime behaviours under real Pinterest use, against the loopback fault server.

Each test runs with the sync and the async client (`harness`): pagination that must
stop, POSTs that must not be sent twice, rate-limit waits and their cap, a caller's own
`http_client`, request ids, per-item batch failures, token refresh, and responses whose
types drift from the description.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from .fault_server import FaultServer, Reply, running
from .harness import TIMEOUT, TOKEN, Harness

PIN = {"id": "813744226420795884", "title": "Lemon tart"}
GET_PIN = "GET /pins/813744226420795884"
LIST_PINS = "GET /pins"
CREATE_BOARD = "POST /boards"
BOARD = {"id": "549755885175", "name": "Summer desserts"}
SLOW = TIMEOUT * 3
RID = "rid-9f8e7d6c5b4a"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Harness:
    return Harness(sdk, server, request.param)


def get_pin(client: Any) -> Any:
    return client.pins.get(PIN["id"])


def create_board(client: Any, **options: Any) -> Any:
    return client.boards.create(name=BOARD["name"], options=options or None)


def pin(n: int) -> dict[str, str]:
    return {"id": str(10**17 + n), "title": f"Pin {n}"}


def page(first: int, count: int, bookmark: str | None) -> Reply:
    return Reply(200, {"items": [pin(n) for n in range(first, first + count)], "bookmark": bookmark})


def bookmarks(server: FaultServer) -> list[str | None]:
    return [dict(r.query).get("bookmark") for r in server.requests(LIST_PINS)]


# 1. Pagination ends ------------------------------------------------------------------


def test_an_empty_page_ends_iteration_even_with_a_bookmark(harness: Harness, server: FaultServer) -> None:
    server.script(LIST_PINS, page(0, 2, "b1"), page(2, 0, "b2"), page(2, 1, None))
    pins = harness.collect(lambda c: c.pins.list())
    assert [p.title for p in pins] == ["Pin 0", "Pin 1"]
    assert bookmarks(server) == [None, "b1"]


def test_a_bookmark_cycle_ends_iteration(harness: Harness, server: FaultServer) -> None:
    # b1 → b2 → b1: not a repeat of the last bookmark, a cycle through an earlier one.
    server.script(LIST_PINS, page(0, 1, "b1"), page(1, 1, "b2"), page(2, 1, "b1"), page(3, 1, "b2"))
    pins = harness.collect(lambda c: c.pins.list())
    assert [p.title for p in pins] == ["Pin 0", "Pin 1", "Pin 2"]
    assert bookmarks(server) == [None, "b1", "b2"]


def test_max_pages_stops_fetching(harness: Harness, server: FaultServer) -> None:
    server.script(LIST_PINS, page(0, 2, "b1"), page(2, 2, "b2"), page(4, 2, "b3"))
    pins = harness.collect(lambda c: c.pins.list().iter_items(max_pages=2))
    assert [p.title for p in pins] == ["Pin 0", "Pin 1", "Pin 2", "Pin 3"]
    assert bookmarks(server) == [None, "b1"]


def test_max_pages_of_iter_pages(harness: Harness, server: FaultServer) -> None:
    server.script(LIST_PINS, page(0, 2, "b1"), page(2, 2, "b2"))
    pages = harness.collect(lambda c: c.pins.list().iter_pages(max_pages=1))
    assert [len(p.items) for p in pages] == [2]
    assert bookmarks(server) == [None]


# 2. Retries of POST and PATCH ----------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 408])
def test_post_is_not_resent_after_the_server_may_have_acted(harness: Harness, server: FaultServer, sdk: ModuleType, status: int) -> None:
    server.script(CREATE_BOARD, Reply(status, {"code": 1, "message": "Busy"}), Reply(201, BOARD))
    with pytest.raises(sdk.APIStatusError) as caught:
        harness.run(create_board)
    assert caught.value.status_code == status
    assert len(server.requests(CREATE_BOARD)) == 1 and harness.waits == []


def test_post_is_resent_after_a_5xx_when_the_client_opts_in(harness: Harness, server: FaultServer) -> None:
    server.script(CREATE_BOARD, Reply(503, {"code": 1, "message": "Busy"}), Reply(201, BOARD))
    assert harness.run(create_board, retry_non_idempotent=True).name == BOARD["name"]
    assert len(server.requests(CREATE_BOARD)) == 2


def test_post_is_resent_after_a_5xx_when_the_call_opts_in(harness: Harness, server: FaultServer) -> None:
    server.script(CREATE_BOARD, Reply(503, {"code": 1, "message": "Busy"}), Reply(201, BOARD))
    assert harness.run(lambda c: create_board(c, retry_non_idempotent=True)).name == BOARD["name"]
    assert len(server.requests(CREATE_BOARD)) == 2


def test_a_call_can_opt_out_of_a_clients_opt_in(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(CREATE_BOARD, Reply(503, {"code": 1, "message": "Busy"}), Reply(201, BOARD))
    with pytest.raises(sdk.InternalServerError):
        harness.run(lambda c: create_board(c, retry_non_idempotent=False), retry_non_idempotent=True)
    assert len(server.requests(CREATE_BOARD)) == 1


def test_post_is_resent_after_a_429(harness: Harness, server: FaultServer) -> None:
    server.script(CREATE_BOARD, Reply(429, {"code": 8, "message": "Slow down"}, {"Retry-After": "1"}), Reply(201, BOARD))
    assert harness.run(create_board).name == BOARD["name"]
    assert len(server.requests(CREATE_BOARD)) == 2 and harness.waits == [1.0]


def test_post_is_resent_when_the_connection_was_refused(harness: Harness, sdk: ModuleType) -> None:
    with socket_nobody_listens_on() as url, pytest.raises(sdk.APIConnectionError):
        harness.run(create_board, base_url=url, max_retries=2)
    assert len(harness.waits) == 2  # each attempt failed before reaching a server


def test_429_waits_the_rate_limit_reset_header(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"X-RateLimit-Reset": "3"}), Reply(200, PIN))
    assert harness.run(get_pin).id == PIN["id"]
    assert harness.waits == [3.0]


def test_a_wait_beyond_max_retry_wait_raises_with_the_wait(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"Retry-After": "30"}), Reply(200, PIN))
    with pytest.raises(sdk.RateLimitError) as caught:
        harness.run(get_pin, max_retry_wait=10)
    assert caught.value.retry_after == 30.0
    assert len(server.requests(GET_PIN)) == 1 and harness.waits == []


def test_a_wait_within_max_retry_wait_is_waited(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"X-RateLimit-Reset": "90"}), Reply(200, PIN))
    assert harness.run(get_pin, max_retry_wait=120).id == PIN["id"]
    assert harness.waits == [90.0]


def test_the_last_429_carries_its_wait(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"X-RateLimit-Reset": "4"}))
    with pytest.raises(sdk.RateLimitError) as caught:
        harness.run(get_pin, max_retries=0)
    assert caught.value.retry_after == 4.0


class socket_nobody_listens_on:
    """A loopback URL whose port refuses connections."""

    def __enter__(self) -> str:
        import socket

        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        return f"http://127.0.0.1:{port}/v5"

    def __exit__(self, *exc_info: object) -> None:
        pass


# 3. The caller's http_client -------------------------------------------------------------


def own_http_client(harness: Harness, **kwargs: Any) -> Any:
    return (httpx.Client if harness.mode == "sync" else httpx.AsyncClient)(**kwargs)


def closing(harness: Harness, http_client: Any, call: Any) -> Any:
    """`call`, then the caller's `http_client` closed (in the same event loop)."""
    if harness.mode == "sync":

        def run(client: Any) -> Any:
            with http_client:
                return call(client)

        return run

    async def run_async(client: Any) -> Any:
        async with http_client:
            return await call(client)

    return run_async


def test_an_http_clients_own_timeout_is_kept(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, PIN, delay=SLOW))
    http_client = own_http_client(harness, timeout=TIMEOUT)
    with pytest.raises(sdk.APITimeoutError):
        harness.run(closing(harness, http_client, get_pin), http_client=http_client, timeout=sdk.NOT_GIVEN, max_retries=0)


def test_an_explicit_timeout_wins_over_the_http_clients(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, PIN, delay=SLOW))
    http_client = own_http_client(harness, timeout=TIMEOUT)
    assert harness.run(closing(harness, http_client, get_pin), http_client=http_client, timeout=SLOW * 4).id == PIN["id"]


def test_an_http_clients_transport_and_headers_are_kept(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, PIN))
    transport = (httpx.HTTPTransport if harness.mode == "sync" else httpx.AsyncHTTPTransport)(retries=0)
    http_client = own_http_client(harness, transport=transport, headers={"X-Team": "growth"})
    assert harness.run(closing(harness, http_client, get_pin), http_client=http_client, timeout=sdk.NOT_GIVEN).id == PIN["id"]
    assert server.requests(GET_PIN)[0].headers["x-team"] == "growth"


# 4. Request ids ---------------------------------------------------------------------------


def test_an_error_carries_the_request_id(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(404, {"code": 50, "message": "Pin not found."}, {"x-pinterest-rid": RID}))
    with pytest.raises(sdk.NotFoundError) as caught:
        harness.run(get_pin)
    assert caught.value.request_id == RID and RID in str(caught.value)


def test_a_validation_error_carries_the_request_id(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, b'{"id": ', headers={"x-pinterest-rid": RID}))
    with pytest.raises(sdk.APIResponseValidationError) as caught:
        harness.run(get_pin)
    assert caught.value.request_id == RID


def test_a_connection_error_has_no_request_id(harness: Harness, sdk: ModuleType) -> None:
    with socket_nobody_listens_on() as url, pytest.raises(sdk.APIConnectionError) as caught:
        harness.run(get_pin, base_url=url, max_retries=0)
    assert caught.value.request_id is None


def test_a_raw_response_carries_the_request_id(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, PIN, {"x-pinterest-rid": RID}))
    raw = harness.run(lambda c: c.with_raw_response(c.pins.get, PIN["id"]))
    assert raw.request_id == RID and raw.parse().id == PIN["id"]


def test_debug_log_lines_carry_the_request_id(harness: Harness, server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    server.script(GET_PIN, Reply(503, {"code": 1, "message": "Busy"}, {"x-pinterest-rid": "rid-1"}), Reply(200, PIN, {"x-pinterest-rid": "rid-2"}))
    with caplog.at_level(logging.DEBUG, logger="pinterest_client"):
        harness.run(get_pin)
    responses = [r.getMessage() for r in caplog.records if r.getMessage().startswith("response:")]
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(responses) == 2 and "rid-1" in responses[0] and "rid-2" in responses[1]
    assert len(retries) == 1 and "rid-1" in retries[0]
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


# 5. Per-item failures of a batch ----------------------------------------------------------

CREATE_CAMPAIGNS = "POST /ad_accounts/549755885175/campaigns"
CAMPAIGN = {"id": "626735565838", "ad_account_id": "549755885175", "name": "Spring sale"}


def create_campaigns(client: Any) -> Any:
    return client.ad_accounts.campaigns.create("549755885175", body=[{"ad_account_id": "549755885175", "name": "Spring sale"}] * 2)


def test_per_item_failures_of_a_batch_are_typed(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    failed = {"data": None, "exceptions": [{"code": 2367, "message": "Budget too low."}]}
    server.script(CREATE_CAMPAIGNS, Reply(200, {"items": [{"data": CAMPAIGN, "exceptions": []}, failed]}))
    result = harness.run(create_campaigns)
    (failure,) = result.item_errors
    assert failure.index == 1 and failure.item is result.items[1]
    assert [(e.code, e.message) for e in failure.errors] == [(2367, "Budget too low.")]
    with pytest.raises(sdk.ItemErrorsError) as caught:
        result.raise_for_item_errors()
    assert caught.value.failures == [failure] and "Budget too low." in str(caught.value)


def test_a_batch_without_failures_raises_nothing(harness: Harness, server: FaultServer) -> None:
    server.script(CREATE_CAMPAIGNS, Reply(200, {"items": [{"data": CAMPAIGN, "exceptions": []}, {"data": CAMPAIGN}]}))
    result = harness.run(create_campaigns)
    assert result.item_errors == []
    assert result.raise_for_item_errors() is result


def test_an_ad_batch_reports_its_single_error_object(harness: Harness, server: FaultServer) -> None:
    route = "POST /ad_accounts/549755885175/ads"
    server.script(route, Reply(200, {"items": [{"data": None, "exceptions": {"code": 7, "message": "Pin is not promotable."}}, {"data": None, "exceptions": None}]}))
    result = harness.run(lambda c: c.ad_accounts.ads.create("549755885175", body=[{"ad_group_id": "2680060704746", "creative_type": "REGULAR", "pin_id": PIN["id"]}]))
    (failure,) = result.item_errors
    assert failure.index == 0 and [e.code for e in failure.errors] == [7]


# 6. Token refresh -------------------------------------------------------------------------

APP = {"app_id": "1484362", "app_secret": "app-secret-fedcba9876", "refresh_token": "pinr.refresh-0123456789"}
TOKEN_ROUTE = "POST /oauth/token"


def token_reply(token: str, expires_in: int) -> Reply:
    return Reply(200, {"access_token": token, "token_type": "bearer", "expires_in": expires_in})


def get_pin_three_times(harness: Harness) -> Any:
    if harness.mode == "sync":
        return lambda c: [get_pin(c) for _ in range(3)]

    async def three(c: Any) -> list[Any]:
        return [await get_pin(c) for _ in range(3)]

    return three


def test_a_short_lived_token_is_not_refreshed_on_every_request(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, *[Reply(200, PIN)] * 3)
    server.script(TOKEN_ROUTE, token_reply("tok-short-1", 30), token_reply("tok-short-2", 30), token_reply("tok-short-3", 30))
    pins = harness.run(get_pin_three_times(harness), access_token=None, **APP)
    assert len(pins) == 3
    assert len(server.requests(TOKEN_ROUTE)) == 1
    assert {r.headers["authorization"] for r in server.requests(GET_PIN)} == {"Bearer tok-short-1"}


def test_the_token_callback_runs_without_the_refresh_lock(harness: Harness, server: FaultServer) -> None:
    """The callback calls the client, and that call needs a refresh of its own."""
    denied = Reply(401, {"code": 2, "message": "Authentication failed."})
    server.script(GET_PIN, denied, Reply(200, PIN))
    server.script("GET /user_account", denied, Reply(200, {"username": "lemon"}))
    server.script(TOKEN_ROUTE, token_reply("tok-1", 3600), token_reply("tok-2", 3600))
    seen: list[str] = []
    holder: dict[str, Any] = {}

    def on_token_refresh(token: Any) -> None:
        seen.append(token.access_token)
        if len(seen) == 1 and harness.mode == "sync":
            holder["account"] = holder["client"].user_account.get()

    client = harness.client(on_token_refresh=on_token_refresh, **APP)
    holder["client"] = client
    if harness.mode == "sync":
        result: list[Any] = []
        worker = threading.Thread(target=lambda: result.append(get_pin(client)), daemon=True)
        worker.start()
        worker.join(timeout=30)  # a guard against a deadlock, not a timing assertion
        assert not worker.is_alive(), "the refresh deadlocked: its lock was held across the callback"
        client.close()
        assert result[0].id == PIN["id"] and holder["account"].username == "lemon"
        assert seen == ["tok-1", "tok-2"]
    else:

        async def main() -> Any:
            async with client:
                return await get_pin(client)

        assert asyncio.run(main()).id == PIN["id"] and seen == ["tok-1"]


def test_a_failed_refresh_lets_the_next_call_refresh_again(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, PIN))
    server.script(TOKEN_ROUTE, Reply(400, {"code": 1, "message": "Invalid refresh token."}), token_reply("tok-1", 3600))
    with pytest.raises(sdk.BadRequestError):
        harness.run(get_pin, access_token=None, **APP)
    assert harness.run(get_pin, access_token=None, **APP).id == PIN["id"]


# 7. Responses whose types drift -------------------------------------------------------------


def test_one_malformed_item_does_not_spoil_the_page(harness: Harness, server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    drifted = {"id": 813744226420795885, "title": ["not", "a", "string"], "board_id": "549755885175"}
    server.script(LIST_PINS, Reply(200, {"items": [pin(0), drifted, pin(2)], "bookmark": None}))
    with caplog.at_level(logging.WARNING, logger="pinterest_client"):
        pins = harness.collect(lambda c: c.pins.list())
    assert [p.title for p in (pins[0], pins[2])] == ["Pin 0", "Pin 2"]
    assert type(pins[1]).__name__ == "Pin"
    assert pins[1].id == 813744226420795885 and pins[1].title == ["not", "a", "string"]
    assert pins[1].board_id == "549755885175"
    assert any("does not fit" in r.getMessage() for r in caplog.records)


def test_a_drifted_object_is_returned_unvalidated(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, {**PIN, "created_at": "last tuesday"}))
    result = harness.run(get_pin)
    assert (type(result).__name__, result.id, result.created_at) == ("Pin", PIN["id"], "last tuesday")


def test_strict_validation_raises(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    drifted = {"id": 813744226420795885, "title": "Pin 1"}
    server.script(LIST_PINS, Reply(200, {"items": [pin(0), drifted], "bookmark": None}))
    with pytest.raises(sdk.APIResponseValidationError):
        harness.collect(lambda c: c.pins.list(), strict_response_validation=True)


def test_broken_json_is_an_error_even_when_lenient(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(LIST_PINS, Reply(200, b'{"items": [{"id": "1"'))
    with pytest.raises(sdk.APIResponseValidationError):
        harness.collect(lambda c: c.pins.list())
