"""Pages: following cursors lazily, page by page, with a cap (sync and async)."""

from __future__ import annotations

from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import json_response

MakeClient = Callable[..., Any]


class PagedServer:
    """Three pages of Pins behind `bookmark` cursors: ids 1-3, 4-6, 7-8."""

    PAGES = {
        None: ([1, 2, 3], "b2"),
        "b2": ([4, 5, 6], "b3"),
        "b3": ([7, 8], None),
    }

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        ids, bookmark = self.PAGES[request.url.params.get("bookmark")]
        items = [{"id": str(i), "kind": "new-field"} for i in ids]
        return json_response(200, {"items": items, "bookmark": bookmark, "total": 8})

    @property
    def bookmarks(self) -> list[str | None]:
        return [request.url.params.get("bookmark") for request in self.requests]


def test_first_page_holds_items_and_cursor(make_client: MakeClient, sdk: ModuleType) -> None:
    server = PagedServer()

    page = make_client(server).pins.list(page_size=3)

    assert isinstance(page, sdk.SyncPage)
    assert [pin.id for pin in page.items] == ["1", "2", "3"]
    assert page.items[0].kind == "new-field"
    assert page.cursor == "b2"
    assert page.has_next_page()
    assert len(server.requests) == 1
    assert repr(page) == "SyncPage(items=<3 items>, cursor='b2')"


def test_iterating_follows_every_page_lazily(make_client: MakeClient) -> None:
    server = PagedServer()
    pins = iter(make_client(server).pins.list(page_size=3))

    assert [next(pins).id for _ in range(3)] == ["1", "2", "3"]
    assert len(server.requests) == 1
    assert next(pins).id == "4"
    assert len(server.requests) == 2
    assert [pin.id for pin in pins] == ["5", "6", "7", "8"]
    assert server.bookmarks == [None, "b2", "b3"]


def test_next_page_keeps_the_other_parameters(make_client: MakeClient) -> None:
    server = PagedServer()

    page = make_client(server).pins.list(page_size=3, creative_types=["VIDEO"])
    second = page.next_page()

    assert [pin.id for pin in second.items] == ["4", "5", "6"]
    assert sorted(server.requests[1].url.params.multi_items()) == [
        ("bookmark", "b2"),
        ("creative_types", "VIDEO"),
        ("page_size", "3"),
    ]


def test_iter_pages(make_client: MakeClient) -> None:
    server = PagedServer()

    pages = list(make_client(server).pins.list().iter_pages())

    assert [[pin.id for pin in page.items] for page in pages] == [
        ["1", "2", "3"],
        ["4", "5", "6"],
        ["7", "8"],
    ]
    assert [page.cursor for page in pages] == ["b2", "b3", None]
    assert not pages[-1].has_next_page()
    with pytest.raises(RuntimeError, match="last page"):
        pages[-1].next_page()


@pytest.mark.parametrize(
    ("max_items", "ids", "requests"),
    [
        (0, [], 1),
        (2, ["1", "2"], 1),
        (3, ["1", "2", "3"], 1),
        (5, ["1", "2", "3", "4", "5"], 2),
        (100, [str(i) for i in range(1, 9)], 3),
    ],
)
def test_max_items_caps_items_and_requests(
    make_client: MakeClient, max_items: int, ids: list[str], requests: int
) -> None:
    server = PagedServer()

    items = list(make_client(server).pins.list().iter_items(max_items=max_items))

    assert [pin.id for pin in items] == ids
    assert len(server.requests) == requests


def test_negative_max_items_is_rejected(make_client: MakeClient) -> None:
    page = make_client(PagedServer()).pins.list()

    with pytest.raises(ValueError, match="max_items"):
        list(page.iter_items(max_items=-1))


def test_starting_from_a_given_bookmark(make_client: MakeClient) -> None:
    server = PagedServer()

    ids = [pin.id for pin in make_client(server).pins.list(bookmark="b2")]

    assert ids == ["4", "5", "6", "7", "8"]
    assert server.bookmarks == ["b2", "b3"]


def test_a_cursor_that_repeats_ends_iteration(make_client: MakeClient) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        bookmark = "same" if len(requests) < 5 else None  # ends a runaway loop
        return json_response(200, {"items": [{"id": "x"}], "bookmark": bookmark})

    items = list(make_client(handler).pins.list(bookmark="same"))

    assert [pin.id for pin in items] == ["x"]
    assert len(requests) == 1


def test_empty_page_and_missing_cursor(make_client: MakeClient) -> None:
    page = make_client(lambda request: json_response(200, {"items": []})).pins.list()

    assert page.items == [] and page.cursor is None and not page.has_next_page()
    assert list(page) == []


def test_page_that_is_not_a_page(make_client: MakeClient, sdk: ModuleType) -> None:
    client = make_client(lambda request: json_response(200, {"bookmark": "x"}))

    with pytest.raises(sdk.APIResponseValidationError, match="not a page of Pin"):
        client.pins.list()


def test_error_on_a_later_page_is_raised_while_iterating(make_client: MakeClient, sdk: ModuleType) -> None:
    server = PagedServer()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("bookmark") == "b3":
            return json_response(404, {"code": 1, "message": "gone"})
        return server(request)

    pins = iter(make_client(handler).pins.list())
    assert len([next(pins) for _ in range(6)]) == 6
    with pytest.raises(sdk.NotFoundError):
        next(pins)


@pytest.mark.anyio
async def test_async_await_gives_the_first_page(make_async_client: MakeClient, sdk: ModuleType) -> None:
    server = PagedServer()

    page = await make_async_client(server).pins.list(page_size=3)

    assert isinstance(page, sdk.AsyncPage)
    assert [pin.id for pin in page.items] == ["1", "2", "3"]
    second = await page.next_page()
    assert [pin.id for pin in second.items] == ["4", "5", "6"]
    assert server.bookmarks == [None, "b2"]


@pytest.mark.anyio
async def test_async_for_yields_every_item(make_async_client: MakeClient) -> None:
    server = PagedServer()
    client = make_async_client(server)

    paginator = client.pins.list()
    assert server.requests == []  # nothing sent until awaited or iterated
    ids = [pin.id async for pin in paginator]

    assert ids == [str(i) for i in range(1, 9)]
    assert server.bookmarks == [None, "b2", "b3"]


@pytest.mark.anyio
async def test_async_iter_pages_and_cap(make_async_client: MakeClient) -> None:
    server = PagedServer()
    client = make_async_client(server)

    pages = [page async for page in client.pins.list().iter_pages()]
    assert [page.cursor for page in pages] == ["b2", "b3", None]

    server.requests.clear()
    capped = [pin.id async for pin in client.pins.list().iter_items(max_items=4)]
    assert capped == ["1", "2", "3", "4"]
    assert len(server.requests) == 2

    page = await client.pins.list()
    assert [pin.id async for pin in page] == [str(i) for i in range(1, 9)]
    assert [pin.id async for pin in page.iter_items(max_items=1)] == ["1"]


@pytest.mark.anyio
async def test_async_list_checks_path_parameters_at_the_call(make_async_client: MakeClient) -> None:
    client = make_async_client(PagedServer())

    with pytest.raises(ValueError, match="board_id"):
        client._request_page(
            "GET",
            "/boards/{board_id}/pins",
            path_params={"board_id": ""},
            item=dict,
            pagination=_pagination(),
        )


def _pagination() -> Any:
    from acme_sdk._pagination import Pagination

    return Pagination(cursor_param="bookmark", cursor_field="bookmark", items_field="items")


def test_pagination_fields_come_from_the_call(make_client: MakeClient) -> None:
    from acme_sdk._pagination import Pagination

    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if request.url.params.get("after") is None:
            return json_response(200, {"data": [{"n": 1}], "next": 2})
        return json_response(200, {"data": [{"n": 2}], "next": None})

    client = make_client(handler)
    page = client._request_page(
        "GET",
        "/events",
        item=dict[str, int],
        pagination=Pagination(cursor_param="after", cursor_field="next", items_field="data"),
    )

    assert list(page) == [{"n": 1}, {"n": 2}]
    assert requests[1].url.params["after"] == "2"
