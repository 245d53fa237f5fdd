"""The generated Pinterest client end to end through `httpx.MockTransport`: the
behaviours issue #3 names, on the real generated code rather than the runtime's own
test SDK."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

import pinterest_client
from generator.bundle import load_spec
from pinterest_client import Pinterest
from pinterest_client.types import Board, Pin

from ..spec.seed import seed_endpoints
from .conftest import ROOT

MakeClient = Callable[..., Pinterest]

PIN = {"id": "81", "title": "Breakfast", "board_id": "7", "creative_type": "REGULAR", "created_at": "2024-05-01T10:00:00"}


def test_every_operation_of_the_spec_is_a_method_of_both_clients() -> None:
    spec = load_spec(ROOT / "spec" / "openapi.yaml").data
    assert isinstance(spec, dict)
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values() if isinstance(op, dict) and "operationId" in op]
    assert len(ids) == len(seed_endpoints())  # the seed list says how many
    for client in (Pinterest(access_token="t"), pinterest_client.AsyncPinterest(access_token="t")):
        for dotted in ids:
            target: object = client
            for name in dotted.split("."):
                target = getattr(target, name)
            assert callable(target), dotted


def test_pagination_follows_bookmarks_across_three_pages(client_for: MakeClient) -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bookmark = request.url.params.get("bookmark")
        seen.append(bookmark)
        following = {None: "b2", "b2": "b3", "b3": None}[bookmark]
        board = {"id": f"board-{len(seen)}", "name": "n", "privacy": "PUBLIC"}
        return httpx.Response(200, json={"items": [board], "bookmark": following})

    client = client_for(handler)
    boards = list(client.boards.list(page_size=1, privacy="PUBLIC"))
    assert [b.id for b in boards] == ["board-1", "board-2", "board-3"]
    assert all(isinstance(b, Board) for b in boards)
    assert seen == [None, "b2", "b3"]


def test_unknown_enum_values_and_fields_are_kept(client_for: MakeClient) -> None:
    body = {**PIN, "creative_type": "HOLOGRAM", "sparkle": {"level": 3}}
    client = client_for(lambda request: httpx.Response(200, json=body))
    pin = client.pins.get("81")
    assert isinstance(pin, Pin)
    assert pin.creative_type == "HOLOGRAM"
    assert pin.model_extra == {"sparkle": {"level": 3}}


def test_path_parameters_stay_inside_their_segment(client_for: MakeClient) -> None:
    paths: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.raw_path)
        return httpx.Response(200, json=PIN)

    client_for(handler).pins.get("../x")
    assert paths == [b"/v5/pins/..%2Fx"]


def test_errors_map_to_classes_with_pinterest_code_and_message(client_for: MakeClient) -> None:
    answer = {"code": 2, "message": "Pin not found."}
    client = client_for(lambda request: httpx.Response(404, json=answer))
    with pytest.raises(pinterest_client.NotFoundError) as caught:
        client.pins.get("81")
    error = caught.value
    assert (error.status_code, error.code, error.message) == (404, 2, "Pin not found.")
    assert isinstance(error, pinterest_client.APIStatusError) and isinstance(error, pinterest_client.PinterestError)


def test_429_is_retried_after_the_time_retry_after_asks(client_for: MakeClient) -> None:
    answers = [httpx.Response(429, headers={"Retry-After": "2"}, json={"code": 8, "message": "slow down"})]
    answers.append(httpx.Response(200, json=PIN))
    client = client_for(lambda request: answers.pop(0))
    waits: list[float] = []
    client._sleep = waits.append  # type: ignore[method-assign,assignment]
    assert client.pins.get("81").id == "81"
    assert waits == [2.0] and not answers


def test_401_refreshes_the_token_once_and_reports_it(client_for: MakeClient) -> None:
    tokens: list[str] = []
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v5/oauth/token":
            assert request.content.decode().startswith("grant_type=refresh_token")
            return httpx.Response(200, json={"access_token": "fresh", "expires_in": 3600, "token_type": "bearer"})
        sent.append(request.headers["Authorization"])
        return httpx.Response(401, json={"code": 3, "message": "expired"}) if len(sent) == 1 else httpx.Response(200, json=PIN)

    client = client_for(
        handler, app_id="app", app_secret="shh", refresh_token="r", on_token_refresh=lambda t: tokens.append(t.access_token)
    )
    client.pins.get("81")
    assert sent == ["Bearer secret-token", "Bearer fresh"]
    assert tokens == ["fresh"]


def test_the_token_never_shows(client_for: MakeClient) -> None:
    client = client_for(lambda request: httpx.Response(500, text="boom secret-token"))
    assert "secret-token" not in repr(client)
    with pytest.raises(pinterest_client.InternalServerError) as caught:
        client.with_options(max_retries=0).pins.get("81")
    assert "Bearer secret-token" not in str(caught.value)


def test_json_body_leaves_out_what_was_not_given(client_for: MakeClient) -> None:
    bodies: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(201, json=PIN)

    client_for(handler).pins.create(board_id="7", title=None)
    assert bodies == [{"board_id": "7", "title": None}]


async def _async_pages() -> list[str]:
    def handler(request: httpx.Request) -> httpx.Response:
        bookmark = request.url.params.get("bookmark")
        return httpx.Response(200, json={"items": [{**PIN, "id": bookmark or "first"}], "bookmark": None if bookmark else "second"})

    async with pinterest_client.AsyncPinterest(
        access_token="t", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler))
    ) as client:
        return [pin.id async for pin in client.pins.list()]


def test_async_client_iterates_pages() -> None:
    import asyncio

    assert asyncio.run(_async_pages()) == ["first", "second"]


def test_raw_response_exposes_status_headers_and_rate_limit(client_for: MakeClient) -> None:
    headers = {"X-RateLimit-Limit": "1000", "X-RateLimit-Remaining": "998", "X-RateLimit-Reset": "30"}
    client = client_for(lambda request: httpx.Response(200, json=PIN, headers=headers))
    raw = client.with_raw_response(client.pins.get, "81")
    assert raw.http_response.status_code == 200
    assert raw.rate_limit is not None and raw.rate_limit.remaining == 998
    assert raw.parse().id == "81"
