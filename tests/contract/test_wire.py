"""What the generated client puts on the wire, as a real server receives it.

Credentials and User-Agent, JSON bodies without unset fields, array query parameters
in the spec's styles, and secrets kept out of debug logs, errors and reprs.
"""

from __future__ import annotations

import base64
import importlib
import datetime
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .fault_server import FaultServer, Received, Reply, running
from .harness import TOKEN, Harness

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PIN = {"id": "813744226420795884", "title": "Lemon tart"}
BOARD = {"id": "549755885175", "name": "Summer desserts"}
ANALYTICS = "GET /ad_accounts/549755885175/campaigns/targeting_analytics"


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest, sdk: ModuleType, server: FaultServer) -> Harness:
    return Harness(sdk, server, request.param)


def only(server: FaultServer, route: str) -> Received:
    (received,) = server.requests(route)
    return received


def test_bearer_token_and_user_agent(harness: Harness, server: FaultServer, sdk_root: Path) -> None:
    server.script("GET /pins/1", Reply(200, PIN))
    harness.run(lambda c: c.pins.get("1"))
    headers = only(server, "GET /pins/1").headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    project = tomllib.loads((sdk_root / "pyproject.toml").read_text())["project"]
    name, _, rest = headers["user-agent"].partition(" ")
    assert name == f"{project['name']}/{project['version']}"
    assert rest.startswith(f"python/{sys.version_info.major}.{sys.version_info.minor}.")


def test_json_body_has_only_the_given_fields(harness: Harness, server: FaultServer) -> None:
    server.script("POST /boards", Reply(201, BOARD))
    harness.run(lambda c: c.boards.create(name="Summer desserts"))
    received = only(server, "POST /boards")
    assert received.headers["content-type"] == "application/json"
    assert received.json() == {"name": "Summer desserts"}
    assert received.query == []


def test_json_body_sends_none_as_null_and_models_without_unset_fields(harness: Harness, server: FaultServer, sdk: ModuleType) -> None:
    image_url = importlib.import_module(f"{sdk.__name__}.types.pin_media_source_image_url")
    source = image_url.PinMediaSourceImageURL(source_type="image_url", url="https://www.example.com/tart.jpg")
    server.script("POST /pins", Reply(201, PIN))
    harness.run(lambda c: c.pins.create(board_id="549755885175", description=None, media_source=source))
    assert only(server, "POST /pins").json() == {
        "board_id": "549755885175",
        "description": None,
        "media_source": {"source_type": "image_url", "url": "https://www.example.com/tart.jpg"},
    }


def analytics(client: Any) -> Any:
    return client.ad_accounts.campaigns.targeting_analytics(
        "549755885175",
        campaign_ids=["626736533506", "626736533507"],
        start_date=datetime.date(2024, 3, 1),
        end_date=datetime.date(2024, 3, 31),
        targeting_types=["COUNTRY"],
        columns=["SPEND_IN_DOLLAR", "TOTAL_CLICKTHROUGH"],
        granularity="DAY",
        attribution_types=["INDIVIDUAL", "HOUSEHOLD"],
    )


def test_array_query_parameters(harness: Harness, server: FaultServer) -> None:
    server.script(ANALYTICS, Reply(200, {"data": []}))
    harness.run(analytics)
    received = only(server, ANALYTICS)
    # explode: false → one comma-separated value, commas literal; form → repeated
    assert "columns=SPEND_IN_DOLLAR,TOTAL_CLICKTHROUGH" in received.raw_query.split("&")
    assert "attribution_types=INDIVIDUAL,HOUSEHOLD" in received.raw_query.split("&")
    assert [v for k, v in received.query if k == "campaign_ids"] == ["626736533506", "626736533507"]
    assert ("start_date", "2024-03-01") in received.query and ("granularity", "DAY") in received.query


SECRETS = {"access token": TOKEN, "app secret": "app-secret-fedcba9876", "refresh token": "pinr.refresh-0123456789"}


def test_secrets_never_reach_debug_logs_errors_or_reprs(
    harness: Harness, server: FaultServer, sdk: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    fresh = "tok-fresh-after-refresh"
    secrets = {**SECRETS, "new token": fresh}
    basic = base64.b64encode(f"1484362:{SECRETS['app secret']}".encode()).decode()
    server.script("GET /pins/1", Reply(401, {"code": 2, "message": "Authentication failed."}), Reply(503, b"busy"), Reply(200, PIN))
    server.script("POST /oauth/token", Reply(200, {"access_token": fresh, "expires_in": 3600}))
    server.script("GET /pins/2", Reply(403, {"code": 3, "message": "Not your Pin."}))
    seen: list[str] = []

    def calls(client: Any) -> Any:
        seen.append(repr(client))
        seen.append(repr(client.auth))
        client.pins.get("1")
        return client.pins.get("2")

    async def async_calls(client: Any) -> Any:
        seen.append(repr(client))
        seen.append(repr(client.auth))
        await client.pins.get("1")
        return await client.pins.get("2")

    caplog.set_level(logging.DEBUG)  # every logger: the SDK's, httpx's, httpcore's
    with pytest.raises(sdk.PermissionDeniedError) as caught:
        harness.run(calls if harness.mode == "sync" else async_calls, app_id="1484362", app_secret=SECRETS["app secret"], refresh_token=SECRETS["refresh token"])
    error = caught.value
    seen += [str(error), repr(error), repr(error.response.request.headers)]
    assert any("GET" in r.getMessage() and "/pins/1" in r.getMessage() for r in caplog.records)  # it did log
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for what, secret in [*secrets.items(), ("basic credentials", basic)]:
        assert secret not in logged, f"the {what} was logged"
        assert all(secret not in text for text in seen), f"the {what} is in a repr or an error"
