"""Parsing responses into declared types, forward compatibility, and raw access."""

from __future__ import annotations

import datetime
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import PIN, Recorder, json_response

MakeClient = Callable[..., Any]


def test_model_response_is_parsed(make_client: MakeClient) -> None:
    server = Recorder(
        json_response(
            200,
            {
                "id": "7",
                "title": "T",
                "boardOwner": "ann",
                "created_at": "2024-05-01T12:00:00Z",
                "media": {"media_type": "image"},
            },
        )
    )

    pin = make_client(server).pins.get("7")

    assert pin.id == "7"
    assert pin.board_owner == "ann"
    assert pin.created_at == datetime.datetime(2024, 5, 1, 12, tzinfo=datetime.timezone.utc)
    assert pin.media.media_type == "image"


def test_unknown_fields_are_kept_and_readable(make_client: MakeClient) -> None:
    server = Recorder(json_response(200, {"id": "1", "sparkle": {"level": 3}}))

    pin = make_client(server).pins.get("1")

    assert pin.sparkle == {"level": 3}
    assert pin.model_extra == {"sparkle": {"level": 3}}
    assert pin.model_dump(exclude_none=True) == {"id": "1", "sparkle": {"level": 3}}


def test_unknown_enum_value_does_not_raise(make_client: MakeClient) -> None:
    server = Recorder(
        json_response(
            200, {"id": "1", "creative_type": "HOLOGRAM", "media": {"media_type": "3d"}}
        )
    )

    pin = make_client(server).pins.get("1")

    assert pin.creative_type == "HOLOGRAM"
    assert pin.media.media_type == "3d"


def test_model_accepts_python_names_and_dumps_api_names(sdk: ModuleType) -> None:
    from acme_sdk.types import Pin

    pin = Pin(id="1", board_owner="me")

    assert Pin.model_validate({"id": "1", "boardOwner": "me"}) == pin
    assert pin.model_dump(exclude_unset=True) == {"id": "1", "boardOwner": "me"}


def test_response_that_does_not_fit_raises_validation_error(
    make_client: MakeClient, sdk: ModuleType
) -> None:
    server = Recorder(json_response(200, {"title": "no id"}))

    with pytest.raises(sdk.APIResponseValidationError) as caught:
        make_client(server, strict_response_validation=True).pins.get("1")

    error = caught.value
    assert error.status_code == 200
    assert error.response.json() == {"title": "no id"}
    assert "GET /v1/pins/1" in str(error) and "id" in str(error)
    assert isinstance(error, sdk.AcmeError)


def test_malformed_json_success_body(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(
        httpx.Response(200, content=b'{"id": "1",', headers={"content-type": "application/json"})
    )

    with pytest.raises(sdk.APIResponseValidationError, match="Invalid JSON|EOF"):
        make_client(server).pins.get("1")


def test_typed_map_and_no_content_responses(make_client: MakeClient) -> None:
    client = make_client(Recorder(json_response(200, {"daily": [1, 2]})))
    assert client.pins.analytics("1") == {"daily": [1, 2]}

    client = make_client(Recorder(httpx.Response(204)))
    assert client.pins.delete("1") is None


def test_list_and_text_responses(make_client: MakeClient, sdk: ModuleType) -> None:
    from acme_sdk.types import Pin

    client = make_client(Recorder(json_response(200, [PIN, {"id": "2"}])))
    pins = client._request("GET", "/pins/all", cast_to=list[Pin])
    assert [pin.id for pin in pins] == ["1", "2"]

    client = make_client(Recorder(httpx.Response(200, text="plain ✓")))
    assert client._request("GET", "/text", cast_to=str) == "plain ✓"


def test_union_response(make_client: MakeClient, sdk: ModuleType) -> None:
    from typing import cast

    from acme_sdk.types import Pin, PinMedia

    either = cast("type[Pin | PinMedia]", Pin | PinMedia)
    client = make_client(Recorder(json_response(200, {"media_type": "video"})))
    assert isinstance(client._request("GET", "/x", cast_to=either), PinMedia)

    client = make_client(Recorder(json_response(200, PIN)))
    assert isinstance(client._request("GET", "/x", cast_to=either), Pin)


def test_raw_response_gives_status_headers_rate_limit_and_parse(
    make_client: MakeClient, sdk: ModuleType
) -> None:
    server = Recorder(
        json_response(
            200,
            PIN,
            **{
                "X-RateLimit-Limit": "1000",
                "X-RateLimit-Remaining": "998",
                "X-RateLimit-Reset": "42",
                "X-Request-Id": "r-1",
            },
        )
    )
    client = make_client(server)

    raw = client.with_raw_response(client.pins.get, "1", ad_account_id="a")

    assert isinstance(raw, sdk.APIResponse)
    assert raw.status_code == 200
    assert raw.headers["x-request-id"] == "r-1"
    assert raw.http_response.request.url.params["ad_account_id"] == "a"
    assert raw.rate_limit == sdk.RateLimit(limit=1000, remaining=998, reset=42.0)
    pin = raw.parse()
    assert pin.id == "1" and raw.parse() is pin
    assert "200 OK" in repr(raw)


def test_raw_response_skips_parsing_until_asked(make_client: MakeClient, sdk: ModuleType) -> None:
    client = make_client(
        Recorder(json_response(200, {"unexpected": True})), strict_response_validation=True
    )

    raw = client.with_raw_response(client.pins.get, "1")

    assert raw.http_response.json() == {"unexpected": True}
    with pytest.raises(sdk.APIResponseValidationError):
        raw.parse()


def test_raw_response_still_raises_for_error_status(make_client: MakeClient, sdk: ModuleType) -> None:
    client = make_client(Recorder(json_response(404, {"code": 1, "message": "gone"})))

    with pytest.raises(sdk.NotFoundError):
        client.with_raw_response(client.pins.get, "1")


def test_raw_response_without_rate_limit_headers(make_client: MakeClient) -> None:
    client = make_client(Recorder(json_response(200, PIN)))

    assert client.with_raw_response(client.pins.get, "1").rate_limit is None


def test_rate_limit_reads_policy_style_values(sdk: ModuleType) -> None:
    headers = httpx.Headers({"x-ratelimit-limit": "100, 100;w=60", "x-ratelimit-remaining": "n/a"})

    assert sdk.RateLimit.from_headers(headers) == sdk.RateLimit(limit=100, remaining=None, reset=None)


def test_raw_response_of_a_page(make_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(json_response(200, {"items": [PIN], "bookmark": None}))
    client = make_client(server)

    raw = client.with_raw_response(client.pins.list, page_size=1)

    page = raw.parse()
    assert isinstance(page, sdk.SyncPage)
    assert [pin.id for pin in page] == ["1"]


def test_after_raw_response_calls_parse_again(make_client: MakeClient) -> None:
    client = make_client(Recorder(json_response(200, PIN)))

    client.with_raw_response(client.pins.get, "1")

    assert client.pins.get("1").id == "1"


def test_raw_response_captures_the_first_request_only(make_client: MakeClient) -> None:
    server = Recorder(json_response(200, PIN))
    client = make_client(server)
    results: list[Any] = []

    raw = client.with_raw_response(
        lambda: results.extend([client.pins.get("first"), client.pins.get("second")])
    )

    assert raw.http_response.request.url.path == "/v1/pins/first"
    assert results[1].id == "1"  # the second call was parsed as usual


def test_raw_response_of_a_call_without_request(make_client: MakeClient) -> None:
    client = make_client(Recorder(json_response(200, PIN)))

    with pytest.raises(RuntimeError, match="no API request"):
        client.with_raw_response(lambda: None)


@pytest.mark.anyio
async def test_async_raw_response(make_async_client: MakeClient, sdk: ModuleType) -> None:
    server = Recorder(json_response(200, PIN, **{"X-RateLimit-Remaining": "5"}))
    client = make_async_client(server)

    raw = await client.with_raw_response(client.pins.get, "1")

    assert raw.rate_limit == sdk.RateLimit(limit=None, remaining=5, reset=None)
    assert raw.parse().id == "1"
    page_server = Recorder(json_response(200, {"items": [PIN], "bookmark": None}))
    client = make_async_client(page_server)
    raw_page = await client.with_raw_response(client.pins.list)
    assert [pin.id for pin in raw_page.parse().items] == ["1"]
