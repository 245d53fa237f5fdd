"""Pins, written by hand the way the generator writes a resource module."""

from __future__ import annotations

import builtins
import datetime
from typing import Literal

from .._base_client import AsyncAPIResource, SyncAPIResource
from .._pagination import AsyncPaginator, Pagination, SyncPage
from .._types import NOT_GIVEN, FileTypes, NotGiven, RequestOptions
from ..types.pin import Pin, PinMedia

__all__ = ["AsyncPins", "Pins"]

_PAGINATION = Pagination(
    cursor_param="bookmark", cursor_field="bookmark", items_field="items"
)


class Pins(SyncAPIResource):
    def get(
        self,
        pin_id: str,
        *,
        ad_account_id: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Get a Pin."""
        return self._request(
            "GET",
            "/pins/{pin_id}",
            path_params={"pin_id": pin_id},
            query={"ad_account_id": ad_account_id},
            cast_to=Pin,
            options=options,
        )

    def list(
        self,
        *,
        bookmark: str | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
        pin_filter: Literal["exclude_native", "has_been_promoted"] | NotGiven = NOT_GIVEN,
        creative_types: builtins.list[Literal["REGULAR", "VIDEO"]] | NotGiven = NOT_GIVEN,
        metric_types: builtins.list[str] | NotGiven = NOT_GIVEN,
        since: datetime.date | NotGiven = NOT_GIVEN,
        include_protected: bool | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> SyncPage[Pin]:
        """List Pins."""
        return self._request_page(
            "GET",
            "/pins",
            query={
                "bookmark": bookmark,
                "page_size": page_size,
                "pin_filter": pin_filter,
                "creative_types": creative_types,
                "metric_types": metric_types,
                "since": since,
                "include_protected": include_protected,
            },
            query_delimiters={"metric_types": ","},
            item=Pin,
            pagination=_PAGINATION,
            options=options,
        )

    def create(
        self,
        *,
        board_id: str,
        title: str | None | NotGiven = NOT_GIVEN,
        link: str | None | NotGiven = NOT_GIVEN,
        media: PinMedia | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Create a Pin."""
        return self._request(
            "POST",
            "/pins",
            json={"board_id": board_id, "title": title, "link": link, "media": media},
            cast_to=Pin,
            options=options,
        )

    def update(
        self,
        pin_id: str,
        *,
        title: str | None | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Update a Pin."""
        return self._request(
            "PATCH",
            "/pins/{pin_id}",
            path_params={"pin_id": pin_id},
            json={"title": title},
            cast_to=Pin,
            options=options,
        )

    def delete(self, pin_id: str, *, options: RequestOptions | None = None) -> None:
        """Delete a Pin."""
        return self._request(
            "DELETE",
            "/pins/{pin_id}",
            path_params={"pin_id": pin_id},
            cast_to=type(None),
            options=options,
        )

    def save(
        self,
        pin_id: str,
        board_id: str,
        *,
        section_id: str | NotGiven = NOT_GIVEN,
        trace: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Save a Pin to a board (a second path parameter and a header parameter)."""
        return self._request(
            "POST",
            "/boards/{board_id}/pins/{pin_id}/save",
            path_params={"pin_id": pin_id, "board_id": board_id},
            headers={"X-Trace": trace},
            json={"section_id": section_id},
            cast_to=Pin,
            options=options,
        )

    def upload_media(
        self,
        *,
        file: FileTypes,
        media_type: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> dict[str, str]:
        """Upload media (multipart)."""
        return self._request(
            "POST",
            "/media",
            files={"file": file},
            form={"media_type": media_type},
            cast_to=dict[str, str],
            options=options,
        )

    def upload_raw(
        self, *, content: bytes, options: RequestOptions | None = None
    ) -> bytes:
        """Send raw bytes, receive raw bytes."""
        return self._request(
            "PUT",
            "/media/raw",
            content=content,
            headers={"Content-Type": "image/png"},
            cast_to=bytes,
            options=options,
        )

    def analytics(
        self, pin_id: str, *, options: RequestOptions | None = None
    ) -> dict[str, builtins.list[int]]:
        """A typed map response."""
        return self._request(
            "GET",
            "/pins/{pin_id}/analytics",
            path_params={"pin_id": pin_id},
            cast_to=dict[str, builtins.list[int]],
            options=options,
        )


class AsyncPins(AsyncAPIResource):
    async def get(
        self,
        pin_id: str,
        *,
        ad_account_id: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Get a Pin."""
        return await self._request(
            "GET",
            "/pins/{pin_id}",
            path_params={"pin_id": pin_id},
            query={"ad_account_id": ad_account_id},
            cast_to=Pin,
            options=options,
        )

    def list(
        self,
        *,
        bookmark: str | NotGiven = NOT_GIVEN,
        page_size: int | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[Pin]:
        """List Pins."""
        return self._request_page(
            "GET",
            "/pins",
            query={"bookmark": bookmark, "page_size": page_size},
            item=Pin,
            pagination=_PAGINATION,
            options=options,
        )

    async def create(
        self,
        *,
        board_id: str,
        title: str | None | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> Pin:
        """Create a Pin."""
        return await self._request(
            "POST",
            "/pins",
            json={"board_id": board_id, "title": title},
            cast_to=Pin,
            options=options,
        )

    async def upload_media(
        self,
        *,
        file: FileTypes,
        media_type: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> dict[str, str]:
        """Upload media (multipart)."""
        return await self._request(
            "POST",
            "/media",
            files={"file": file},
            form={"media_type": media_type},
            cast_to=dict[str, str],
            options=options,
        )
