# pyright: strict
"""A realistic program using the SDK, as its users write them.

`tests/stubs/test_consumer.py` type-checks it with `mypy --strict` and pyright in
strict mode against the generated package (its stubs); it is never run.
"""

from __future__ import annotations

import asyncio
import logging

from pinterest_client import (
    APIResponse,
    APIStatusError,
    AsyncPinterest,
    NotFoundError,
    Pinterest,
    PinterestError,
    RateLimitError,
    SyncPage,
    Token,
)
from pinterest_client.types import Board, BoardCreateParams, Pin, PinMediaSourceImageURL

log = logging.getLogger("consumer")


def save_token(token: Token) -> None:
    log.info("new token, expires at %s", token.expires_at)


def make_client() -> Pinterest:
    return Pinterest(
        app_id="1234",
        app_secret="secret",
        refresh_token="refresh",
        on_token_refresh=save_token,
        sandbox=True,
        timeout=20.0,
        max_retries=4,
    )


def secret_board(client: Pinterest, name: str) -> Board:
    board = client.boards.create(name=name, privacy="SECRET", description=None)
    renamed = client.boards.update(board.id, name=f"{board.name} (archive)")
    return renamed


def board_from_settings(client: Pinterest, settings: BoardCreateParams) -> Board:
    return client.boards.create(**settings)


def pin_image(client: Pinterest, board: Board, url: str) -> Pin:
    return client.pins.create(
        board_id=board.id,
        title="A photo",
        media_source=PinMediaSourceImageURL(source_type="image_url", url=url),
        options={"timeout": 60.0, "extra_headers": {"X-Trace": "1"}},
    )


def titles(client: Pinterest, board_id: str) -> list[str]:
    page: SyncPage[Pin] = client.boards.list_pins(board_id, page_size=100)
    first = [pin.title or pin.id for pin in page.items]
    if page.has_next_page():
        first += [pin.title or pin.id for pin in page.next_page()]
    rest = [pin.id for pin in client.pins.list(pin_filter="exclude_repins").iter_items(max_items=500)]
    return first + rest


def find_pin(client: Pinterest, pin_id: str) -> Pin | None:
    try:
        return client.pins.get(pin_id, pin_metrics=True)
    except NotFoundError:
        return None
    except RateLimitError as error:
        limit = error.rate_limit
        log.warning("rate limited (%s left); retry later", limit.remaining if limit else "?")
        raise
    except APIStatusError as error:
        log.error("status %d, code %r: %s", error.status_code, error.code, error.message)
        raise
    except PinterestError:
        log.exception("the call failed")
        raise


def rate_limit_left(client: Pinterest, board_id: str) -> int | None:
    raw: APIResponse[Board] = client.with_raw_response(client.boards.get, board_id)
    board: Board = raw.parse()
    log.info("board %s answered %d", board.name, raw.status_code)
    return raw.rate_limit.remaining if raw.rate_limit is not None else None


def delete_quietly(client: Pinterest, pin_id: str) -> None:
    client.with_options(max_retries=0).pins.delete(pin_id)


async def async_titles(board_ids: list[str]) -> dict[str, list[str]]:
    async with AsyncPinterest(access_token="token") as client:
        boards: list[Board] = await asyncio.gather(*(client.boards.get(b) for b in board_ids))
        out: dict[str, list[str]] = {}
        for board in boards:
            out[board.id] = [pin.id async for pin in client.boards.list_pins(board.id)]
        first_page = await client.pins.list(page_size=10)
        if first_page.has_next_page():
            second = await first_page.next_page()
            out["more"] = [pin.id for pin in second.items]
        raw = await client.with_raw_response(client.pins.get, "42")
        pin: Pin = raw.parse()
        out["raw"] = [pin.id]
        return out


def main() -> None:
    with make_client() as client:
        board = secret_board(client, "Ideas")
        pin_image(client, board, "https://example.com/photo.jpg")
        print(titles(client, board.id), find_pin(client, "1"), rate_limit_left(client, board.id))
        delete_quietly(client, "1")
    print(asyncio.run(async_titles(["1", "2"])))
