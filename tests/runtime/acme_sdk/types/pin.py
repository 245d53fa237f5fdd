from __future__ import annotations

import datetime
from typing import Literal

from pydantic import Field

from .._models import BaseModel

__all__ = ["Pin", "PinMedia"]


class PinMedia(BaseModel):
    """A Pin's media."""

    media_type: Literal["image", "video"] | str | None = None
    """The kind of media."""


class Pin(BaseModel):
    """A Pin."""

    id: str
    """The Pin's id."""
    title: str | None = None
    """The title."""
    creative_type: Literal["REGULAR", "VIDEO"] | str | None = None
    """The kind of creative."""
    board_owner: str | None = Field(default=None, alias="boardOwner")
    """Who owns the board (named in camel case by the API)."""
    created_at: datetime.datetime | None = None
    """When the Pin was made."""
    media: PinMedia | None = None
    """The media."""
