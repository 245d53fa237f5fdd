"""Credentials: bearer tokens, the OAuth refresh flow, env vars, and secrecy."""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
import time
from types import ModuleType
from typing import Any, Callable
from urllib.parse import parse_qs

import httpx
import pytest

from .helpers import PIN, json_response

MakeClient = Callable[..., Any]

OLD = "old-ACCESS-7d1e"
NEW = "new-ACCESS-93bb"
REFRESH = "refresh-SECRET-51c0"
ROTATED = "refresh-ROTATED-0a4f"
APP_SECRET = "app-SECRET-c3d2"
SECRETS = (OLD, NEW, REFRESH, ROTATED, APP_SECRET)


class OAuthServer:
    """The API plus its token endpoint: only the newest access token is accepted."""

    def __init__(self, *, expires_in: int | None = 3600, token_status: int = 200) -> None:
        self.valid = NEW
        self.expires_in = expires_in
        self.token_status = token_status
        self.token_requests: list[httpx.Request] = []
        self.api_requests: list[httpx.Request] = []
        self.rejected = 0
        self.all_rejected = threading.Event()
        self.expected_rejections = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth/token":
            self.token_requests.append(request)
            return self.token_response()
        self.api_requests.append(request)
        if request.headers.get("authorization") != f"Bearer {self.valid}":
            self.rejected += 1
            if self.rejected >= self.expected_rejections:
                self.all_rejected.set()
            return json_response(401, {"code": 2, "message": "Authentication failed."})
        return json_response(200, PIN)

    def token_response(self) -> httpx.Response:
        if self.token_status != 200:
            return json_response(self.token_status, {"error": "invalid_grant", "error_description": "revoked"})
        body: dict[str, object] = {"access_token": self.valid, "token_type": "bearer", "refresh_token": ROTATED, "scope": "pins:read"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        return json_response(200, body)


def oauth_client(make: MakeClient, server: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("access_token", OLD)
    return make(
        server, app_id="app-1", app_secret=APP_SECRET, refresh_token=REFRESH, **kwargs
    )


def test_refresh_on_401_then_retry_once(make_client: MakeClient) -> None:
    server = OAuthServer()
    refreshed: list[Any] = []
    client = oauth_client(make_client, server, on_token_refresh=refreshed.append)

    assert client.pins.get("1").id == "1"

    assert [r.headers["authorization"] for r in server.api_requests] == [f"Bearer {OLD}", f"Bearer {NEW}"]
    assert len(server.token_requests) == 1
    assert len(refreshed) == 1
    token = refreshed[0]
    assert token.access_token == NEW
    assert token.refresh_token == ROTATED
    assert token.scope == "pins:read"
    assert time.time() + 3590 < token.expires_at <= time.time() + 3600

    client.pins.get("1")
    assert len(server.token_requests) == 1


def test_token_request_is_the_refresh_grant_with_basic_auth(make_client: MakeClient) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server)

    client.pins.get("1")

    request = server.token_requests[0]
    assert request.method == "POST"
    assert request.url == "https://api.acme.test/v1/oauth/token"
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(f"app-1:{APP_SECRET}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"
    assert parse_qs(request.content.decode()) == {
        "grant_type": ["refresh_token"],
        "refresh_token": [REFRESH],
    }


def test_rotated_refresh_token_is_used_next_time(make_client: MakeClient) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server)
    client.pins.get("1")

    server.valid = "newer"
    client.pins.get("1")

    assert parse_qs(server.token_requests[1].content.decode())["refresh_token"] == [ROTATED]


def test_second_401_after_refresh_is_raised(make_client: MakeClient, sdk: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        response = server(request)
        server.valid = f"{server.valid}-revoked"  # whatever is issued is at once revoked
        return response

    server = OAuthServer()
    refreshed: list[Any] = []
    client = oauth_client(make_client, handler, on_token_refresh=refreshed.append)

    with pytest.raises(sdk.AuthenticationError):
        client.pins.get("1")

    assert len(server.api_requests) == 2
    assert len(server.token_requests) == 1
    assert len(refreshed) == 1


def test_401_without_refresh_credentials_is_raised(make_client: MakeClient, sdk: ModuleType) -> None:
    server = OAuthServer()

    with pytest.raises(sdk.AuthenticationError):
        make_client(server, access_token=OLD).pins.get("1")

    assert server.token_requests == []


def test_failed_refresh_raises_the_token_endpoint_error(
    make_client: MakeClient, sdk: ModuleType
) -> None:
    server = OAuthServer(token_status=400)
    client = oauth_client(make_client, server)

    with pytest.raises(sdk.BadRequestError) as caught:
        client.pins.get("1")

    assert caught.value.code == "invalid_grant"
    assert "POST /v1/oauth/token" in str(caught.value)
    assert all(secret not in str(caught.value) for secret in SECRETS)


def test_token_response_without_access_token(make_client: MakeClient, sdk: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return json_response(200, {"token_type": "bearer"})
        return json_response(401, {})

    with pytest.raises(sdk.APIResponseValidationError, match="access_token"):
        oauth_client(make_client, handler).pins.get("1")


def test_expired_token_is_refreshed_before_the_call(make_client: MakeClient) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server, token_expires_at=time.time() - 5)

    client.pins.get("1")

    assert [r.headers["authorization"] for r in server.api_requests] == [f"Bearer {NEW}"]
    assert len(server.token_requests) == 1


def test_token_about_to_expire_is_refreshed(make_client: MakeClient) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server, token_expires_at=time.time() + 30)

    client.pins.get("1")

    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 1


def test_token_far_from_expiry_is_used(make_client: MakeClient) -> None:
    server = OAuthServer()
    server.valid = OLD
    client = oauth_client(make_client, server, token_expires_at=time.time() + 3600)

    client.pins.get("1")

    assert server.token_requests == []


def test_refreshed_token_expiry_drives_the_next_refresh(make_client: MakeClient) -> None:
    server = OAuthServer(expires_in=0)  # expired as soon as it arrives
    client = oauth_client(make_client, server, access_token=None)

    client.pins.get("1")
    client.pins.get("1")

    assert len(server.token_requests) == 2
    assert len(server.api_requests) == 2


def test_refresh_credentials_without_token_refresh_first(make_client: MakeClient) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server, access_token=None)

    client.pins.get("1")

    assert len(server.token_requests) == 1
    assert [r.headers["authorization"] for r in server.api_requests] == [f"Bearer {NEW}"]


def test_concurrent_401s_refresh_once(make_client: MakeClient) -> None:
    threads = 8
    server = OAuthServer()
    server.expected_rejections = threads
    slow_token_response = server.token_response

    def token_response_after_all_rejections() -> httpx.Response:
        server.all_rejected.wait(timeout=5)
        return slow_token_response()

    server.token_response = token_response_after_all_rejections  # type: ignore[method-assign]
    refreshed: list[Any] = []
    client = oauth_client(make_client, server, on_token_refresh=refreshed.append)
    results: list[str] = []
    errors: list[BaseException] = []

    def call() -> None:
        try:
            results.append(client.pins.get("1").id)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=call) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=10)

    assert errors == []
    assert results == ["1"] * threads
    assert server.rejected == threads
    assert len(server.token_requests) == 1
    assert len(refreshed) == 1


@pytest.mark.anyio
async def test_async_refresh_on_401(make_async_client: MakeClient) -> None:
    server = OAuthServer()
    refreshed: list[Any] = []
    client = oauth_client(make_async_client, server, on_token_refresh=refreshed.append)

    pin = await client.pins.get("1")

    assert pin.id == "1"
    assert len(server.api_requests) == 2
    assert len(refreshed) == 1


@pytest.mark.anyio
async def test_async_concurrent_401s_refresh_once(make_async_client: MakeClient) -> None:
    tasks = 10
    server = OAuthServer()
    server.expected_rejections = tasks

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth/token":
            while not server.all_rejected.is_set():
                await asyncio.sleep(0.001)
        return server(request)

    refreshed: list[Any] = []
    client = oauth_client(make_async_client, handler, on_token_refresh=refreshed.append)

    pins = await asyncio.wait_for(
        asyncio.gather(*(client.pins.get("1") for _ in range(tasks))), timeout=10
    )

    assert [pin.id for pin in pins] == ["1"] * tasks
    assert server.rejected == tasks
    assert len(server.token_requests) == 1
    assert len(refreshed) == 1


@pytest.mark.anyio
async def test_async_expired_token_refreshed_once_for_concurrent_calls(
    make_async_client: MakeClient,
) -> None:
    server = OAuthServer()
    client = oauth_client(make_async_client, server, token_expires_at=time.time() - 1)

    await asyncio.gather(*(client.pins.get("1") for _ in range(5)))

    assert len(server.token_requests) == 1
    assert server.rejected == 0


def test_env_vars_supply_credentials(make_client: MakeClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_APP_ID", "app-env")
    monkeypatch.setenv("ACME_APP_SECRET", APP_SECRET)
    monkeypatch.setenv("ACME_REFRESH_ACCESS_TOKEN", REFRESH)
    server = OAuthServer()

    make_client(server, access_token=None).pins.get("1")

    request = server.token_requests[0]
    expected = base64.b64encode(f"app-env:{APP_SECRET}".encode()).decode()
    assert request.headers["authorization"] == f"Basic {expected}"


def test_access_token_env_var(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    server = OAuthServer()
    server.valid = "from-env"
    monkeypatch.setenv("ACME_ACCESS_TOKEN", "from-env")
    client = sdk.Acme(http_client=httpx.Client(transport=httpx.MockTransport(server)))

    client.pins.get("1")

    assert server.api_requests[0].headers["authorization"] == "Bearer from-env"


def test_argument_beats_env_var(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_ACCESS_TOKEN", "from-env")
    server = OAuthServer()
    server.valid = "from-arg"
    client = sdk.Acme(
        access_token="from-arg", http_client=httpx.Client(transport=httpx.MockTransport(server))
    )

    client.pins.get("1")

    assert server.api_requests[0].headers["authorization"] == "Bearer from-arg"


def test_incomplete_refresh_credentials_are_named(sdk: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_APP_ID", "app")

    with pytest.raises(sdk.AcmeError) as caught:
        sdk.Acme(app_secret="s")

    message = str(caught.value)
    assert "refresh_token (or ACME_REFRESH_ACCESS_TOKEN)" in message
    assert "app_id" not in message and "app_secret" not in message


def test_secrets_never_in_repr(make_client: MakeClient, sdk: ModuleType) -> None:
    server = OAuthServer()
    refreshed: list[Any] = []
    client = oauth_client(make_client, server, on_token_refresh=refreshed.append)
    client.pins.get("1")

    texts = [repr(client), str(client), repr(client.auth), repr(refreshed[0]), repr(client.pins)]
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    assert "<hidden>" in repr(client)
    assert "app-1" in repr(client.auth)


def test_secrets_never_in_logs(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    server = OAuthServer()
    client = oauth_client(make_client, server)

    with caplog.at_level(logging.DEBUG):  # every logger: ours, httpx, httpcore
        client.pins.get("1")
        client.with_options(max_retries=0)

    messages = [record.getMessage() for record in caplog.records]
    assert any("refreshing the access token" in m for m in messages)
    for message in messages:
        for secret in SECRETS:
            assert secret not in message


def test_api_key_in_query_is_hidden_in_logs(
    sdk: ModuleType, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from acme_sdk._auth import api_key_auth
    from acme_sdk._base_client import SyncAPIClient

    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return json_response(200, PIN)

    monkeypatch.setenv("ACME_API_KEY", "key-SECRET-1")
    client = SyncAPIClient(
        base_url="https://api.acme.test",
        auth=api_key_auth(None, name="api_key", location="query"),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )

    with caplog.at_level(logging.DEBUG, logger="acme_sdk"):
        client._request("GET", "/things", query={"q": "x"}, cast_to=dict[str, str])

    assert seen[0].url.params["api_key"] == "key-SECRET-1"
    messages = " ".join(record.getMessage() for record in caplog.records)
    assert "api_key=%3Chidden%3E" in messages or "api_key=<hidden>" in messages
    assert "key-SECRET-1" not in messages
    assert "key-SECRET-1" not in repr(client)


def test_api_key_header_and_basic_auth(sdk: ModuleType) -> None:
    from acme_sdk._auth import ApiKeyAuth, BasicAuth, basic_auth

    headers: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    ApiKeyAuth("k", name="X-Api-Key").apply(headers, query)
    basic_auth("user", "pw").apply(headers, query)

    assert headers == {"X-Api-Key": "k", "Authorization": "Basic dXNlcjpwdw=="}
    assert query == []
    assert "pw" not in repr(BasicAuth("user", "pw"))
    with pytest.raises(sdk.AcmeError, match="ACME_USERNAME"):
        basic_auth(None, None)


def test_callback_error_propagates(make_client: MakeClient) -> None:
    server = OAuthServer()

    def broken(token: Any) -> None:
        raise OSError("disk full")

    client = oauth_client(make_client, server, on_token_refresh=broken)

    with pytest.raises(OSError, match="disk full"):
        client.pins.get("1")
