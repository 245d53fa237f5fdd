"""The generated client against hostile servers on loopback (issue 12, points 7-9).

Real sockets, the committed `pinterest_client`, sync and async: credentials never
follow a redirect to another origin and never sit in an error; a token request never
follows a redirect; a slow drip meets the call's deadline; endless bodies, compression
bombs and deeply nested JSON stop at their bounds; redirect loops end. Every failure is
an error of the package, never an `httpx` exception or a `RecursionError`.
"""

from __future__ import annotations

import base64
import gzip
import itertools
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

import pinterest_client
from pinterest_client._auth import ApiKeyAuth, BasicAuth
from tests.contract.fault_server import FaultServer, Reply, running
from tests.contract.harness import TOKEN, Harness

PIN = {"id": "813744226420795884", "title": "Lemon tart"}
PIN_PATH = f"/pins/{PIN['id']}"
GET_PIN = f"GET {PIN_PATH}"
TOKEN_ROUTE = "POST /oauth/token"
APP_ID, APP_SECRET, REFRESH_TOKEN = "1484362", "app-secret-fedcba9876", "pinr.refresh-0123456789"
API_KEY = "key-SECRET-77aa"
COOKIE = "session=cookie-SECRET-31"
PASSWORD = "pw-SECRET-5e"
BASIC = base64.b64encode(f"me:{PASSWORD}".encode()).decode()
SECRETS = (TOKEN, APP_SECRET, REFRESH_TOKEN, API_KEY, COOKIE, PASSWORD, BASIC)
BOMB_SIZE = 256 * 1024 * 1024
"""Bytes a compression bomb expands to: four times the default body limit."""


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture
def elsewhere() -> Iterator[FaultServer]:
    """A second server: another port, so another origin."""
    with running() as fault_server:
        yield fault_server


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, server: FaultServer) -> Harness:
    return Harness(pinterest_client, server, request.param)


def get_pin(client: Any) -> Any:
    return client.pins.get(PIN["id"])


def refreshing() -> dict[str, Any]:
    return {"app_id": APP_ID, "app_secret": APP_SECRET, "refresh_token": REFRESH_TOKEN}


def secret_texts(error: BaseException) -> str:
    """Everything an error shows or keeps that could be logged or reported."""
    parts = [str(error), repr(error), repr(error.args), repr(vars(error))]
    for request in (getattr(error, "request", None), getattr(getattr(error, "response", None), "request", None)):
        if request is not None:
            parts += [str(request.url), repr(request.headers.multi_items()), repr(request)]
            try:
                parts.append(request.content.decode("latin-1"))
            except Exception:  # a streamed body: not kept
                pass
    response = getattr(error, "response", None)
    if response is not None:
        parts += [repr(response.headers.multi_items()), repr(response)]
        try:
            parts.append(response.content.decode("latin-1"))
        except Exception:  # a body not read (too large): not kept
            pass
    return "\n".join(parts)


def assert_no_secret(error: BaseException) -> None:
    texts = secret_texts(error)
    for secret in SECRETS:
        assert secret not in texts, secret


# 7. Secrets stay with their host --------------------------------------------------------

AUTHS: dict[str, dict[str, Any]] = {
    "bearer": {},
    "api key header": {"auth": ApiKeyAuth(API_KEY, name="X-Api-Key")},
    "api key query": {"auth": ApiKeyAuth(API_KEY, name="api_key", location="query")},
    "basic": {"auth": BasicAuth("me", PASSWORD)},
}


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("auth", sorted(AUTHS))
def test_no_credential_follows_a_redirect_to_another_origin(
    harness: Harness, server: FaultServer, elsewhere: FaultServer, auth: str, status: int
) -> None:
    server.script(GET_PIN, Reply(status, headers={"Location": f"{elsewhere.url}{PIN_PATH}"}))
    elsewhere.script(GET_PIN, Reply(200, PIN))
    options = {**AUTHS[auth], "default_headers": {"Cookie": COOKIE}}
    pin = harness.run(lambda c: get_pin(c.with_options(**options)))
    assert pin.id == PIN["id"]
    (sent,) = server.requests(GET_PIN)
    assert COOKIE in sent.headers["cookie"]  # the API itself gets the credentials
    (followed,) = elsewhere.requests(GET_PIN)
    seen = repr(followed.headers) + followed.raw_query
    for secret in SECRETS:
        assert secret not in seen
    assert "authorization" not in followed.headers and "x-api-key" not in followed.headers


def test_a_redirect_within_the_origin_keeps_the_credentials(harness: Harness, server: FaultServer) -> None:
    server.script("GET /pins/old", Reply(308, headers={"Location": f"{server.url}{PIN_PATH}"}))
    server.script(GET_PIN, Reply(200, PIN))
    assert harness.run(lambda c: c.pins.get("old")).id == PIN["id"]
    (followed,) = server.requests(GET_PIN)
    assert followed.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("target", ["elsewhere", "same origin"])
def test_a_token_refresh_never_follows_a_redirect(
    harness: Harness, server: FaultServer, elsewhere: FaultServer, target: str
) -> None:
    base = elsewhere.url if target == "elsewhere" else server.url
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}), Reply(200, PIN))
    server.script(TOKEN_ROUTE, Reply(307, headers={"Location": f"{base}/oauth/token2"}))
    with pytest.raises(pinterest_client.RedirectError) as caught:
        harness.run(get_pin, **refreshing())
    assert caught.value.status_code == 307
    assert len(server.requests(TOKEN_ROUTE)) == 1
    assert elsewhere.received == [] and server.requests("POST /oauth/token2") == []
    assert_no_secret(caught.value)


def test_a_failed_refresh_keeps_no_secret_in_its_error(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}))
    server.script(TOKEN_ROUTE, Reply(400, {"code": 1, "message": "Invalid refresh token."}))
    with pytest.raises(pinterest_client.BadRequestError) as caught:
        harness.run(get_pin, **refreshing())
    assert caught.value.message == "Invalid refresh token."
    (sent,) = server.requests(TOKEN_ROUTE)
    assert sent.form()["refresh_token"] == REFRESH_TOKEN  # really sent
    assert caught.value.request.content == b"<hidden>"
    assert_no_secret(caught.value)


def test_a_token_answer_that_does_not_fit_is_hidden_in_the_error(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}))
    server.script(TOKEN_ROUTE, Reply(200, {"refresh_token": REFRESH_TOKEN, "token": APP_SECRET}))
    with pytest.raises(pinterest_client.APIResponseValidationError) as caught:
        harness.run(get_pin, **refreshing())
    assert caught.value.response.content == b"<hidden>"
    assert_no_secret(caught.value)


@pytest.mark.parametrize("auth", sorted(AUTHS))
@pytest.mark.parametrize("failure", ["status", "reset", "timeout"])
def test_errors_keep_no_credential(harness: Harness, server: FaultServer, auth: str, failure: str) -> None:
    reply = {
        "status": Reply(403, {"code": 3, "message": "Not your pin."}),
        "reset": Reply(reset=True),
        "timeout": Reply(200, PIN, delay=1.0),
    }[failure]
    server.script(GET_PIN, reply)
    options = {**AUTHS[auth], "default_headers": {"Cookie": COOKIE}, "max_retries": 0}
    with pytest.raises(pinterest_client.APIError) as caught:
        harness.run(lambda c: get_pin(c.with_options(**options)))
    (sent,) = server.requests(GET_PIN)
    assert any(API_KEY in text or TOKEN in text or BASIC in text for text in (repr(sent.headers), sent.raw_query))
    assert_no_secret(caught.value)


# 8. Bounded responses -------------------------------------------------------------------

DRIP = 0.02
"""Seconds between two bytes of a slow body: far below the per-read timeout."""


def slow_pin() -> Reply:
    # 300 blanks (valid JSON whitespace) then the pin, one byte at a time: about 6 s.
    body = b" " * 300 + (b'{"id": "%s", "title": "Lemon tart"}' % PIN["id"].encode())
    return Reply(200, chunks=(body[i : i + 1] for i in range(len(body))), drip=DRIP)


def test_a_slow_drip_meets_the_clients_deadline(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, slow_pin())
    with pytest.raises(pinterest_client.APITimeoutError):
        harness.run(get_pin, deadline=0.5, timeout=0.25)
    assert len(server.requests(GET_PIN)) == 1


def test_a_slow_drip_meets_the_calls_deadline(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, slow_pin())
    with pytest.raises(pinterest_client.APITimeoutError):
        harness.run(lambda c: c.pins.get(PIN["id"], options={"deadline": 0.5}), timeout=0.25)


def test_the_async_client_cuts_off_headers_dripping_past_the_deadline(server: FaultServer) -> None:
    # The sync client cannot interrupt a header read (its per-read timeout bounds each
    # byte); the async one is cancelled at the deadline. ~1,000 header bytes: ~10 s.
    harness = Harness(pinterest_client, server, "async")
    server.script(GET_PIN, Reply(200, PIN, head_drip=0.01))
    with pytest.raises(pinterest_client.APITimeoutError):
        harness.run(get_pin, deadline=0.5, timeout=0.25)


def test_the_deadline_stops_retries(harness: Harness, server: FaultServer) -> None:
    busy = Reply(503, {"code": 1, "message": "Busy"}, {"Retry-After": "5"})
    server.script(GET_PIN, busy, busy, Reply(200, PIN))
    with pytest.raises(pinterest_client.InternalServerError):
        harness.run(get_pin, deadline=2.0)
    assert len(server.requests(GET_PIN)) == 1 and harness.waits == []


def test_an_endless_body_stops_at_the_default_limit(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, chunks=itertools.repeat(b"x" * 65536)))
    with pytest.raises(pinterest_client.ResponseTooLargeError) as caught:
        harness.run(get_pin)
    assert caught.value.limit == pinterest_client.DEFAULT_MAX_RESPONSE_BYTES == 64 * 1024 * 1024
    assert caught.value.status_code == 200


def test_the_size_limit_is_configurable_per_client_and_per_call(harness: Harness, server: FaultServer) -> None:
    body = b'{"id": "1", "title": "' + b"x" * 2000 + b'"}'
    server.script(GET_PIN, Reply(200, body), Reply(200, body), Reply(404, body))
    with pytest.raises(pinterest_client.ResponseTooLargeError):
        harness.run(get_pin, max_response_bytes=1000)
    assert harness.run(lambda c: c.pins.get(PIN["id"], options={"max_response_bytes": 4000}), max_response_bytes=1000).id == "1"
    with pytest.raises(pinterest_client.ResponseTooLargeError) as caught:  # error bodies too
        harness.run(get_pin, max_response_bytes=1000)
    assert caught.value.status_code == 404


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """`BOMB_SIZE` zero bytes, gzip- and deflate-compressed (a few hundred KiB each)."""
    made = {}
    for encoding, wbits in (("gzip", zlib.MAX_WBITS | 16), ("deflate", zlib.MAX_WBITS)):
        compressor = zlib.compressobj(9, zlib.DEFLATED, wbits)
        block = bytes(1024 * 1024)
        made[encoding] = b"".join(compressor.compress(block) for _ in range(BOMB_SIZE // len(block))) + compressor.flush()
    return made


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compression_bomb_stops_at_the_limit(harness: Harness, server: FaultServer, bombs: dict[str, bytes], encoding: str) -> None:
    assert len(bombs[encoding]) < 1024 * 1024
    server.script(GET_PIN, Reply(200, bombs[encoding], {"Content-Encoding": encoding}))
    with pytest.raises(pinterest_client.ResponseTooLargeError):
        harness.run(get_pin)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_compressed_bodies_still_parse(harness: Harness, server: FaultServer, encoding: str) -> None:
    raw = b'{"id": "%s", "title": "Lemon tart"}' % PIN["id"].encode()
    body = gzip.compress(raw) if encoding == "gzip" else zlib.compress(raw)
    server.script(GET_PIN, Reply(200, body, {"Content-Encoding": encoding}))
    assert harness.run(get_pin).title == "Lemon tart"


def test_a_corrupt_compressed_body_is_a_validation_error(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(200, b"\x1f\x8b not gzip at all", {"Content-Encoding": "gzip"}))
    with pytest.raises(pinterest_client.APIResponseValidationError):
        harness.run(get_pin)


DEEP = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize("status", [200, 400])
def test_deeply_nested_json_is_an_sdk_error(harness: Harness, server: FaultServer, status: int) -> None:
    server.script(GET_PIN, Reply(status, DEEP))
    with pytest.raises(pinterest_client.APIError) as caught:
        harness.run(get_pin)
    assert caught.value.status_code == status
    expected = pinterest_client.APIResponseValidationError if status == 200 else pinterest_client.BadRequestError
    assert isinstance(caught.value, expected)


def test_a_deeply_nested_token_answer_is_an_sdk_error(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, Reply(401, {"code": 2, "message": "Authentication failed."}))
    server.script(TOKEN_ROUTE, Reply(200, DEEP))
    with pytest.raises(pinterest_client.APIResponseValidationError):
        harness.run(get_pin, **refreshing())


def test_a_redirect_loop_is_an_sdk_error(harness: Harness, server: FaultServer) -> None:
    server.script(GET_PIN, *[Reply(302, headers={"Location": f"{server.url}{PIN_PATH}"})] * 30)
    with pytest.raises(pinterest_client.RedirectError) as caught:
        harness.run(get_pin)
    assert caught.value.status_code == 302
    assert len(server.requests(GET_PIN)) == pinterest_client._limits.MAX_REDIRECTS + 1
    assert_no_secret(caught.value)
