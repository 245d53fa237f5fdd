"""Error statuses map to their error classes, carrying what the API said."""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import TOKEN, Recorder, json_response

MakeClient = Callable[..., Any]

STATUS_ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (409, "ConflictError"),
    (422, "UnprocessableEntityError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (503, "InternalServerError"),
    (418, "APIStatusError"),
]


@pytest.mark.parametrize(("status", "name"), STATUS_ERRORS)
def test_status_maps_to_error_class(
    make_client: MakeClient, sdk: ModuleType, status: int, name: str
) -> None:
    body = {"code": 2, "message": "Pin not found."}
    server = Recorder(json_response(status, body, **{"X-Request-Id": "r-9"}))
    client = make_client(server, max_retries=0)

    with pytest.raises(sdk.APIStatusError) as caught:
        client.pins.get("42")

    error = caught.value
    assert type(error) is getattr(sdk, name)
    assert isinstance(error, sdk.APIError) and isinstance(error, sdk.AcmeError)
    assert error.status_code == status
    assert error.code == 2
    assert error.message == "Pin not found."
    assert error.body == body
    assert error.headers["x-request-id"] == "r-9"
    assert error.response.status_code == status
    assert error.request.url.path == "/v1/pins/42"
    assert str(error).startswith(f"{status} ")
    assert "GET /v1/pins/42: Pin not found. (code 2)" in str(error)


def test_non_json_error_body_still_gives_a_message(make_client: MakeClient, sdk: ModuleType) -> None:
    html = "<html><body>\n  <h1>502 Bad   Gateway</h1>\n</body></html>"
    server = Recorder(httpx.Response(502, text=html, headers={"content-type": "text/html"}))

    with pytest.raises(sdk.InternalServerError) as caught:
        make_client(server, max_retries=0).pins.get("1")

    error = caught.value
    assert error.code is None
    assert error.body == html
    assert str(error) == (
        "502 Bad Gateway for GET /v1/pins/1: "
        "<html><body> <h1>502 Bad Gateway</h1> </body></html>"
    )
    assert error.message == str(error)


def test_long_error_text_is_truncated_in_the_message(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.Response(400, text="x" * 5000))

    with pytest.raises(sdk.BadRequestError) as caught:
        make_client(server).pins.get("1")

    assert len(str(caught.value)) < 300
    assert caught.value.body == "x" * 5000


def test_empty_error_body(make_client: MakeClient, sdk: ModuleType) -> None:
    with pytest.raises(sdk.PermissionDeniedError) as caught:
        make_client(Recorder(httpx.Response(403))).pins.get("1")

    assert str(caught.value) == "403 Forbidden for GET /v1/pins/1"
    assert caught.value.body is None


def test_oauth_style_error_body(make_client: MakeClient, sdk: ModuleType) -> None:
    body = {"error": "invalid_grant", "error_description": "Refresh token expired"}

    with pytest.raises(sdk.BadRequestError) as caught:
        make_client(Recorder(json_response(400, body))).pins.get("1")

    assert caught.value.code == "invalid_grant"
    assert caught.value.message == "Refresh token expired"


def test_rate_limit_error_carries_rate_limit(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(
        json_response(429, {"code": 8, "message": "slow down"}, **{"X-RateLimit-Remaining": "0"})
    )

    with pytest.raises(sdk.RateLimitError) as caught:
        make_client(server, max_retries=0).pins.get("1")

    assert caught.value.rate_limit == sdk.RateLimit(limit=None, remaining=0, reset=None)


def test_errors_never_show_the_token(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(json_response(401, {"code": 3, "message": "bad token"}))

    with pytest.raises(sdk.AuthenticationError) as caught:
        make_client(server).pins.get("1")

    error = caught.value
    assert server.last.headers["authorization"] == f"Bearer {TOKEN}"  # really sent
    assert error.request.headers["authorization"] == "<hidden>"
    assert error.response.request is error.request
    for text in (str(error), repr(error), repr(error.request), repr(error.response)):
        assert TOKEN not in text


def test_connection_error_wraps_the_transport_error(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.ConnectError("[Errno 111] Connection refused"))

    with pytest.raises(sdk.APIConnectionError) as caught:
        make_client(server, max_retries=0).pins.get("1")

    assert not isinstance(caught.value, sdk.APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert str(caught.value) == "Connection error: ConnectError. (GET /v1/pins/1)"


def test_timeout_error(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(httpx.ReadTimeout("timed out"))

    with pytest.raises(sdk.APITimeoutError) as caught:
        make_client(server, max_retries=0).pins.get("1")

    assert isinstance(caught.value, sdk.APIConnectionError)
    assert str(caught.value) == "Request timed out. (GET /v1/pins/1)"


def test_missing_credentials_raise_the_root_error(sdk: ModuleType) -> None:
    with pytest.raises(sdk.AcmeError, match="ACME_ACCESS_TOKEN") as caught:
        sdk.Acme()

    assert "ACME_APP_ID" in str(caught.value)
    assert "ACME_REFRESH_ACCESS_TOKEN" in str(caught.value)


def test_error_hierarchy_is_drawn_in_the_module_docstring(sdk: ModuleType) -> None:
    from acme_sdk import _exceptions

    doc = _exceptions.__doc__ or ""
    for name in _exceptions.__all__:
        assert name in doc
