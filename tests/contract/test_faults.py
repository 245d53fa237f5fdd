"""The generated client against a real loopback server that misbehaves on purpose.

Each test runs with the sync and the async client: attempts are counted on the
server, retry waits are recorded (never slept), and errors are checked for their
type, status, code, message and body.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from .fault_server import FaultServer, Reply, running
from .harness import TIMEOUT, TOKEN, Harness

PIN = {"id": "813744226420795884", "title": "Lemon tart"}
GET_PIN = "GET /pins/813744226420795884"
CREATE_BOARD = "POST /boards"
BOARD = {"id": "549755885175", "name": "Summer desserts"}
SLOW = TIMEOUT * 3


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Harness:
    return Harness(sdk, server, request.param)


def get_pin(client: Any) -> Any:
    return client.pins.get(PIN["id"])


def create_board(client: Any) -> Any:
    return client.boards.create(name=BOARD["name"])


# Retries -----------------------------------------------------------------------------


def test_429_waits_retry_after_then_succeeds(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"Retry-After": "2"}), Reply(200, PIN))
    pin = harness.run(get_pin)
    assert (type(pin).__name__, pin.id, pin.title) == ("Pin", PIN["id"], "Lemon tart")
    assert len(server.requests(GET_PIN)) == 2
    assert harness.waits == [2.0]


def test_503_twice_then_success_backs_off_exponentially(harness: Harness, server: FaultServer) -> None:
    busy = Reply(503, {"code": 1, "message": "Busy"})
    server.script(GET_PIN, busy, busy, Reply(200, PIN))
    assert harness.run(get_pin).id == PIN["id"]
    assert len(server.requests(GET_PIN)) == 3
    first, second = harness.waits
    assert 0.375 <= first <= 0.5 and 0.75 <= second <= 1.0  # 0.5 s × 2ⁿ, up to 25 % jitter


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_nothing_is_retried_beyond_max_retries(harness: Harness, server: FaultServer, sdk: ModuleType, max_retries: int) -> None:
    server.script(GET_PIN, *[Reply(500, {"code": 2, "message": "Oops"})] * (max_retries + 1), Reply(200, PIN))
    with pytest.raises(sdk.InternalServerError) as caught:
        harness.run(get_pin, max_retries=max_retries)
    assert caught.value.status_code == 500
    assert len(server.requests(GET_PIN)) == max_retries + 1
    assert len(harness.waits) == max_retries


def test_max_retries_per_call(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, *[Reply(502, b"")] * 2, Reply(200, PIN))
    with pytest.raises(sdk.InternalServerError):
        harness.run(lambda c: c.pins.get(PIN["id"], options={"max_retries": 1}), max_retries=5)
    assert len(server.requests(GET_PIN)) == 2


def test_a_long_retry_after_is_not_waited_for(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(429, {"code": 8, "message": "Slow down"}, {"Retry-After": "3600"}), Reply(200, PIN))
    with pytest.raises(sdk.RateLimitError) as caught:
        harness.run(get_pin)
    assert (caught.value.status_code, caught.value.code, caught.value.message) == (429, 8, "Slow down")
    assert caught.value.headers["retry-after"] == "3600"
    assert len(server.requests(GET_PIN)) == 1 and harness.waits == []


def test_client_errors_are_not_retried(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(CREATE_BOARD, Reply(409, {"code": 58, "message": "A board of that name exists."}), Reply(201, BOARD))
    with pytest.raises(sdk.ConflictError):
        harness.run(create_board)
    assert len(server.requests(CREATE_BOARD)) == 1


# Connection failures and timeouts ------------------------------------------------------


def test_connection_reset_on_get_is_retried(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(reset=True), Reply(reset=True), Reply(200, PIN))
    assert harness.run(get_pin).id == PIN["id"]
    assert len(server.requests(GET_PIN)) == 3 and len(harness.waits) == 2


def test_connection_reset_every_time_raises_a_connection_error(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, *[Reply(reset=True)] * 3)
    with pytest.raises(sdk.APIConnectionError) as caught:
        harness.run(get_pin)
    assert not isinstance(caught.value, sdk.APITimeoutError)
    assert len(server.requests(GET_PIN)) == 3


def test_connection_reset_on_post_is_not_retried(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(CREATE_BOARD, Reply(reset=True), Reply(201, BOARD))
    with pytest.raises(sdk.APIConnectionError):
        harness.run(create_board)
    assert len(server.requests(CREATE_BOARD)) == 1 and harness.waits == []


def test_slow_get_times_out_after_every_retry(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, *[Reply(200, PIN, delay=SLOW)] * 3)
    started = time.monotonic()
    with pytest.raises(sdk.APITimeoutError):
        harness.run(get_pin)
    assert len(server.requests(GET_PIN)) == 3
    assert time.monotonic() - started < 3 * SLOW  # each attempt gave up at the timeout


def test_slow_post_is_not_retried_after_a_read_timeout(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(CREATE_BOARD, Reply(201, BOARD, delay=SLOW), Reply(201, BOARD))
    with pytest.raises(sdk.APITimeoutError):
        harness.run(create_board)
    assert len(server.requests(CREATE_BOARD)) == 1 and harness.waits == []


def test_slow_post_is_retried_when_configured(harness: Harness, server: FaultServer) -> None:
    server.script(CREATE_BOARD, Reply(201, BOARD, delay=SLOW), Reply(201, BOARD))
    board = harness.run(create_board, retry_non_idempotent=True)
    assert board.name == BOARD["name"]
    assert len(server.requests(CREATE_BOARD)) == 2


def test_per_call_timeout(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, PIN, delay=SLOW))
    assert harness.run(lambda c: c.pins.get(PIN["id"], options={"timeout": SLOW * 4})).id == PIN["id"]
    server.script(GET_PIN, Reply(200, PIN, delay=SLOW))
    with pytest.raises(sdk.APITimeoutError):
        harness.run(lambda c: c.pins.get(PIN["id"], options={"timeout": TIMEOUT, "max_retries": 0}), timeout=60)


# Token refresh --------------------------------------------------------------------------

APP_ID, APP_SECRET, REFRESH_TOKEN = "1484362", "app-secret-fedcba9876", "pinr.refresh-0123456789"
FRESH = "tok-fresh-after-refresh"
TOKEN_ROUTE = "POST /oauth/token"
TOKEN_REPLY = Reply(200, {"access_token": FRESH, "token_type": "bearer", "expires_in": 2592000, "scope": "pins:read"})


def refreshing(tokens: list[Any]) -> dict[str, Any]:
    return {"app_id": APP_ID, "app_secret": APP_SECRET, "refresh_token": REFRESH_TOKEN, "on_token_refresh": tokens.append}


def test_401_refreshes_the_token_once_then_succeeds(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}), Reply(200, PIN))
    server.script(TOKEN_ROUTE, TOKEN_REPLY)
    tokens: list[Any] = []
    assert harness.run(get_pin, **refreshing(tokens)).id == PIN["id"]
    assert [t.access_token for t in tokens] == [FRESH]
    assert tokens[0].refresh_token == REFRESH_TOKEN and tokens[0].expires_at > time.time()
    first, second = server.requests(GET_PIN)
    assert first.headers["authorization"] == f"Bearer {TOKEN}"
    assert second.headers["authorization"] == f"Bearer {FRESH}"
    (refresh,) = server.requests(TOKEN_ROUTE)
    assert refresh.form() == {"grant_type": "refresh_token", "refresh_token": REFRESH_TOKEN}
    assert refresh.headers["authorization"] == "Basic " + base64.b64encode(f"{APP_ID}:{APP_SECRET}".encode()).decode()
    assert refresh.headers["content-type"] == "application/x-www-form-urlencoded"
    assert harness.waits == []  # a refresh is not a retry


def test_401_after_a_refresh_is_raised(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    denied = Reply(401, {"code": 2, "message": "Authentication failed."})
    server.script(GET_PIN, denied, denied, Reply(200, PIN))
    server.script(TOKEN_ROUTE, TOKEN_REPLY, TOKEN_REPLY)
    tokens: list[Any] = []
    with pytest.raises(sdk.AuthenticationError) as caught:
        harness.run(get_pin, **refreshing(tokens))
    assert (caught.value.status_code, caught.value.code, caught.value.message) == (401, 2, "Authentication failed.")
    assert len(server.requests(GET_PIN)) == 2
    assert len(server.requests(TOKEN_ROUTE)) == 1 and len(tokens) == 1


def test_failed_refresh_is_the_calls_error(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}), Reply(200, PIN))
    server.script(TOKEN_ROUTE, Reply(400, {"code": 1, "message": "Invalid refresh token."}))
    tokens: list[Any] = []
    with pytest.raises(sdk.BadRequestError) as caught:
        harness.run(get_pin, **refreshing(tokens))
    assert caught.value.message == "Invalid refresh token."
    assert tokens == [] and len(server.requests(GET_PIN)) == 1


def test_missing_token_is_fetched_before_the_first_request(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, PIN))
    server.script(TOKEN_ROUTE, TOKEN_REPLY)
    tokens: list[Any] = []
    assert harness.run(get_pin, access_token=None, **refreshing(tokens)).id == PIN["id"]
    (only,) = server.requests(GET_PIN)
    assert only.headers["authorization"] == f"Bearer {FRESH}" and len(tokens) == 1


# Bodies that are not what they should be ------------------------------------------------


def test_malformed_json_is_a_validation_error(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, b'{"id": "813744226420795884", "title": '))
    with pytest.raises(sdk.APIResponseValidationError) as caught:
        harness.run(get_pin)
    assert caught.value.status_code == 200
    assert caught.value.response.content.startswith(b'{"id"')
    assert len(server.requests(GET_PIN)) == 1  # a broken body is not retried


def test_json_of_the_wrong_shape_is_a_validation_error(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    server.script(GET_PIN, Reply(200, {"title": "no id"}))
    with pytest.raises(sdk.APIResponseValidationError) as caught:
        harness.run(get_pin, strict_response_validation=True)
    assert "id" in str(caught.value)


def test_non_json_error_body(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    html = b"<html><body><h1>502 Bad Gateway</h1></body></html>"
    server.script(GET_PIN, Reply(502, html, content_type="text/html"))
    with pytest.raises(sdk.InternalServerError) as caught:
        harness.run(get_pin, max_retries=0)
    error = caught.value
    assert (error.status_code, error.code, error.body) == (502, None, html.decode())
    assert "502 Bad Gateway" in error.message and "GET /v5/pins/813744226420795884" in str(error)


def test_json_error_body(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    body = {"code": 50, "message": "Pin not found."}
    server.script(GET_PIN, Reply(404, body))
    with pytest.raises(sdk.NotFoundError) as caught:
        harness.run(get_pin)
    error = caught.value
    assert (error.status_code, error.code, error.message, error.body) == (404, 50, "Pin not found.", body)
    assert isinstance(error, sdk.APIStatusError) and isinstance(error, sdk.PinterestError)


# Pages ---------------------------------------------------------------------------------

ENORMOUS = 100_000


def test_an_enormous_page(harness: Harness, server: FaultServer) -> None:
    items = [{"id": str(10**17 + n), "title": f"Pin {n}", "board_id": "549755885175"} for n in range(ENORMOUS)]
    server.script("GET /pins", Reply(200, {"items": items, "bookmark": "page-2"}), Reply(200, {"items": [PIN], "bookmark": None}))
    pins = harness.collect(lambda c: c.pins.list(page_size=250))
    assert len(pins) == ENORMOUS + 1
    assert (pins[0].id, pins[-2].title, pins[-1].id) == (items[0]["id"], f"Pin {ENORMOUS - 1}", PIN["id"])
    first, second = server.requests("GET /pins")
    assert len(first.body) == 0 and ("bookmark", "page-2") in second.query
    assert ("page_size", "250") in second.query
