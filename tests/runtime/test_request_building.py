"""What goes on the wire: URL, query, headers and bodies built by the runtime."""

from __future__ import annotations

import datetime
import enum
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import PIN, TOKEN, Recorder, json_response

MakeClient = Callable[..., Any]


@pytest.fixture
def server() -> Recorder:
    return Recorder(json_response(200, PIN))


def test_path_parameter_stays_in_its_segment(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.get("../x?y=1#z")

    assert server.last.url.raw_path == b"/v1/pins/..%2Fx%3Fy%3D1%23z"


@pytest.mark.parametrize(("value", "segment"), [("..", b"%2E%2E"), (".", b"%2E")])
def test_dot_segments_are_not_path_steps(
    make_client: MakeClient, server: Recorder, value: str, segment: bytes
) -> None:
    make_client(server).pins.get(value)

    assert server.last.url.raw_path == b"/v1/pins/" + segment


def test_non_ascii_path_parameter_is_utf8_encoded(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.get("é/ü")

    assert server.last.url.raw_path == b"/v1/pins/%C3%A9%2F%C3%BC"


def test_each_path_parameter_fills_its_placeholder(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.save("p 1", "b/2")

    assert server.last.url.raw_path == b"/v1/boards/b%2F2/pins/p%201/save"


def test_empty_path_parameter_is_rejected_before_sending(
    make_client: MakeClient, server: Recorder
) -> None:
    client = make_client(server)

    with pytest.raises(ValueError, match="pin_id"):
        client.pins.get("")

    assert server.requests == []


def test_not_given_query_parameters_are_left_out(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.get("1")

    assert server.last.url.query == b""


def test_query_lists_repeat_the_key_and_values_are_serialised(
    make_client: MakeClient, sdk: ModuleType
) -> None:
    server = Recorder(json_response(200, {"items": [], "bookmark": None}))

    make_client(server).pins.list(
        creative_types=["REGULAR", "VIDEO"],
        include_protected=False,
        since=datetime.date(2024, 2, 29),
        page_size=25,
    )

    assert server.last.url.params.multi_items() == [
        ("page_size", "25"),
        ("creative_types", "REGULAR"),
        ("creative_types", "VIDEO"),
        ("since", "2024-02-29"),
        ("include_protected", "false"),
    ]


def test_query_delimiters_join_lists(make_client: MakeClient) -> None:
    server = Recorder(json_response(200, {"items": [], "bookmark": None}))

    make_client(server).pins.list(metric_types=["IMPRESSION", "SAVE"])

    assert server.last.url.params.multi_items() == [("metric_types", "IMPRESSION,SAVE")]


def test_enum_and_datetime_values(make_client: MakeClient, server: Recorder) -> None:
    class Color(str, enum.Enum):
        RED = "red"

    client = make_client(server)
    moment = datetime.datetime(2024, 5, 1, 12, 30, tzinfo=datetime.timezone.utc)

    client.pins.get("1", options={"extra_query": {"color": Color.RED, "at": moment}})

    assert server.last.url.params["color"] == "red"
    assert server.last.url.params["at"] == "2024-05-01T12:30:00+00:00"


def test_json_body_drops_not_given_and_keeps_none(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.create(board_id="b1", title=None)

    assert server.last.headers["content-type"] == "application/json"
    assert json.loads(server.last.content) == {"board_id": "b1", "title": None}


def test_json_body_dumps_models_by_alias_without_unset_fields(
    make_client: MakeClient, server: Recorder, sdk: ModuleType
) -> None:
    from acme_sdk.types import Pin, PinMedia

    make_client(server).pins.create(board_id="b1", media=PinMedia(media_type="video"))
    assert json.loads(server.last.content) == {"board_id": "b1", "media": {"media_type": "video"}}

    client = make_client(server)
    client._request(
        "POST", "/pins", json=Pin(id="1", board_owner="me"), cast_to=type(None)
    )
    assert json.loads(server.last.content) == {"id": "1", "boardOwner": "me"}


def test_not_given_is_dropped_at_any_depth(make_client: MakeClient, server: Recorder, sdk: ModuleType) -> None:
    client = make_client(server)

    client._request(
        "POST",
        "/x",
        json={"a": {"b": sdk.NOT_GIVEN, "c": [1, {"d": sdk.NOT_GIVEN}]}, "e": sdk.NOT_GIVEN},
        options={"extra_body": {"f": sdk.NOT_GIVEN, "g": None}},
        cast_to=type(None),
    )

    assert json.loads(server.last.content) == {"a": {"c": [1, {}]}, "g": None}


def test_extra_body_needs_an_object_body(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    with pytest.raises(TypeError, match="extra_body"):
        client._request("POST", "/x", json=[1], options={"extra_body": {"a": 1}}, cast_to=type(None))


def test_unsupported_json_value_raises_type_error(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    with pytest.raises(TypeError, match="set"):
        client._request("POST", "/x", json={"a": {1, 2}}, cast_to=type(None))
    assert server.requests == []


def test_header_parameters_are_sent_when_given(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    client.pins.save("p", "b")
    assert "x-trace" not in server.last.headers

    client.pins.save("p", "b", trace="abc")
    assert server.last.headers["x-trace"] == "abc"


def test_multipart_body_with_file_and_fields(
    make_client: MakeClient, tmp_path: Path
) -> None:
    server = Recorder(json_response(200, {"id": "m1"}))
    client = make_client(server)
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG-data")

    assert client.pins.upload_media(file=path, media_type="image") == {"id": "m1"}

    content_type = server.last.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    body = server.last.content
    assert b'name="media_type"\r\n\r\nimage\r\n' in body
    assert b'name="file"; filename="photo.png"' in body
    assert b"\x89PNG-data" in body


def test_multipart_file_object_and_tuple(make_client: MakeClient) -> None:
    server = Recorder(json_response(200, {}))
    client = make_client(server)

    client.pins.upload_media(file=io.BytesIO(b"abc"))
    assert b'name="file"; filename="file"' in server.last.content
    assert b"media_type" not in server.last.content

    client.pins.upload_media(file=("a.txt", b"hello", "text/plain"))
    assert b'filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello' in server.last.content


def test_form_urlencoded_body(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    client._request(
        "POST",
        "/forms",
        form={"a": "x y", "b": ["1", "2"], "c": True, "skip": None},
        cast_to=type(None),
    )

    assert server.last.headers["content-type"] == "application/x-www-form-urlencoded"
    assert server.last.content == b"a=x%20y&b=1&b=2&c=true"


def test_raw_bytes_body_and_binary_response(make_client: MakeClient) -> None:
    server = Recorder(httpx.Response(200, content=b"\x00\x01binary"))
    client = make_client(server)

    assert client.pins.upload_raw(content=b"\xff\xd8raw") == b"\x00\x01binary"
    assert server.last.content == b"\xff\xd8raw"
    assert server.last.headers["content-type"] == "image/png"


def test_user_agent_names_sdk_python_and_httpx(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.get("1")

    python = "{}.{}.{}".format(*sys.version_info[:3])
    assert server.last.headers["user-agent"] == (
        f"acme-sdk/1.2.3 python/{python} httpx/{httpx.__version__}"
    )
    assert server.last.headers["authorization"] == f"Bearer {TOKEN}"
    assert server.last.headers["accept"] == "application/json"


def test_per_call_extra_headers_query_and_body(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    client.pins.create(
        board_id="b1",
        options={
            "extra_headers": {"X-Trace": "t1", "user-agent": "mine/1.0"},
            "extra_query": {"debug": True},
            "extra_body": {"board_id": "b2", "note": "n"},
        },
    )

    request = server.last
    assert request.headers["x-trace"] == "t1"
    assert request.headers.get_list("user-agent") == ["mine/1.0"]
    assert request.url.params["debug"] == "true"
    assert json.loads(request.content) == {"board_id": "b2", "note": "n"}


def test_extra_query_replaces_a_parameter(make_client: MakeClient, server: Recorder) -> None:
    make_client(server).pins.get("1", ad_account_id="a", options={"extra_query": {"ad_account_id": "b"}})

    assert server.last.url.params.get_list("ad_account_id") == ["b"]


def test_timeouts_default_per_client_and_per_call(
    sdk: ModuleType, make_client: MakeClient, server: Recorder
) -> None:
    own = sdk.Acme(access_token=TOKEN)
    assert own.timeout == httpx.Timeout(60.0, connect=5.0)
    own.close()

    client = make_client(server)  # a caller's http_client keeps its own timeout
    client.pins.get("1")
    assert server.last.extensions["timeout"] == httpx.Timeout(5.0).as_dict()

    client = make_client(server, timeout=12.5)
    client.pins.get("1")
    assert set(server.last.extensions["timeout"].values()) == {12.5}

    client.pins.get("1", options={"timeout": httpx.Timeout(3.0, connect=1.0)})
    assert server.last.extensions["timeout"]["connect"] == 1.0
    assert server.last.extensions["timeout"]["read"] == 3.0

    client.pins.get("1", options={"timeout": None, "deadline": None})
    assert set(server.last.extensions["timeout"].values()) == {None}

    # No wait outlasts the call's deadline: each is capped by the time left.
    client.pins.get("1", options={"timeout": None, "deadline": 30.0})
    assert all(0 < value <= 30.0 for value in server.last.extensions["timeout"].values())


def test_with_options_copies_the_client(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server, default_headers={"X-App": "one"})
    original_pins = client.pins

    copy = client.with_options(
        timeout=2.0, default_headers={"X-Tenant": "t"}, base_url="https://other.test/v2"
    )
    copy.pins.get("1")

    assert copy.pins is not original_pins and copy.pins._client is copy
    assert server.last.url == "https://other.test/v2/pins/1"
    assert server.last.headers["x-app"] == "one"
    assert server.last.headers["x-tenant"] == "t"
    assert set(server.last.extensions["timeout"].values()) == {2.0}
    client.pins.get("1")
    assert server.last.url == "https://api.acme.test/v1/pins/1"
    assert "x-tenant" not in server.last.headers
    assert client.timeout != copy.timeout


def test_with_options_max_retries_must_not_be_negative(make_client: MakeClient, server: Recorder) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        make_client(server).with_options(max_retries=-1)


def test_base_url_argument_environment_flag_and_env_var(
    sdk: ModuleType, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert sdk.Acme(access_token="t").base_url == "https://api.acme.test/v1"
    assert sdk.Acme(access_token="t", sandbox=True).base_url == "https://sandbox.acme.test/v1"

    monkeypatch.setenv("ACME_BASE_URL", "http://127.0.0.1:9/v1/")
    assert sdk.Acme(access_token="t").base_url == "http://127.0.0.1:9/v1"
    assert sdk.Acme(access_token="t", sandbox=True).base_url == "https://sandbox.acme.test/v1"
    assert sdk.Acme(access_token="t", base_url="http://x.test").base_url == "http://x.test"

    with pytest.raises(ValueError, match="not both"):
        sdk.Acme(access_token="t", base_url="http://x.test", sandbox=True)


def test_select_base_url_rejects_two_environments(sdk: ModuleType) -> None:
    from acme_sdk._base_client import select_base_url

    with pytest.raises(ValueError, match="a=True and b=True"):
        select_base_url(
            None, default="https://d.test", environments={"a": (True, "x"), "b": (True, "y")}
        )


def test_missing_path_parameter_names_it(make_client: MakeClient, server: Recorder) -> None:
    client = make_client(server)

    with pytest.raises(ValueError, match="'board_id'"):
        client._request("GET", "/boards/{board_id}", path_params={}, cast_to=type(None))
