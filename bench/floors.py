"""Hand-written models of the official Pinterest schemas (5.18.0): the floors that the
generated client's parsing is measured against.

`Pin` mirrors `#/components/schemas/Pin` field for field, its `media` the discriminated
`PinMedia` union; `PinPage` is the `boards/{board_id}/pins` response (`Paginated` with
Pin items); `AnalyticsRow` an item of `AdAccountAnalyticsResponse` (two declared
fields, metrics as additional properties). Each comes twice: pydantic v2 models as a
careful hand-written client would have them, and msgspec structs, the floor below
pydantic. bench/payloads.py checks that the field sets match the official schema.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

import msgspec
import pydantic
from pydantic import BaseModel, ConfigDict, Field

CreativeType = Literal[
    "REGULAR", "VIDEO", "SHOPPING", "CAROUSEL", "MAX_VIDEO",
    "SHOP_THE_PIN", "COLLECTION", "IDEA", "SHOWCASE", "QUIZ",
]  # fmt: skip

# ------------------------------------------------------------------ pydantic


class ImageDetails(BaseModel):
    width: int | None
    height: int | None
    url: str


class ImageSize(BaseModel):
    # The official property names are not identifiers ("150x150"), hence aliases.
    model_config = ConfigDict(populate_by_name=True)

    size_150x150: ImageDetails | None = Field(default=None, alias="150x150")
    size_400x300: ImageDetails | None = Field(default=None, alias="400x300")
    size_600x: ImageDetails | None = Field(default=None, alias="600x")
    size_1200x: ImageDetails | None = Field(default=None, alias="1200x")


class ImageMetadata(BaseModel):
    item_type: str | None = None
    title: str | None = None
    description: str | None = None
    link: str | None = None
    images: ImageSize | None = None


class VideoMetadata(BaseModel):
    item_type: str | None = None
    cover_image_url: str | None = None
    video_url: str | None = None
    duration: float | None = None
    height: int | None = None
    width: int | None = None


class PinMediaWithImage(BaseModel):
    media_type: Literal["image"]
    images: ImageSize | None = None


class PinMediaWithVideo(BaseModel):
    media_type: Literal["video"]
    images: ImageSize | None = None
    cover_image_url: str | None = None
    video_url: str | None = None
    duration: float | None = None
    height: int | None = None
    width: int | None = None


class PinMediaWithImages(BaseModel):
    media_type: Literal["multiple_images"]
    items: list[ImageMetadata] | None = None


class PinMediaWithVideos(BaseModel):
    media_type: Literal["multiple_videos"]
    items: list[VideoMetadata] | None = None


class PinMediaWithImageAndVideo(BaseModel):
    media_type: Literal["multiple_mixed"]
    items: list[ImageMetadata | VideoMetadata] | None = None


PinMedia = Annotated[
    (
        PinMediaWithImage
        | PinMediaWithVideo
        | PinMediaWithImages
        | PinMediaWithVideos
        | PinMediaWithImageAndVideo
    ),
    Field(discriminator="media_type"),
]


class BoardOwner(BaseModel):
    username: str | None = None


class Pin(BaseModel):
    id: str
    created_at: datetime.datetime | None = None
    link: str | None = None
    title: str | None = None
    description: str | None = None
    dominant_color: str | None = None
    alt_text: str | None = None
    creative_type: CreativeType | None = None
    board_id: str | None = None
    board_section_id: str | None = None
    board_owner: BoardOwner | None = None
    is_owner: bool | None = None
    media: PinMedia | None = None
    parent_pin_id: str | None = None
    is_standard: bool | None = None
    has_been_promoted: bool | None = None
    note: str | None = None
    pin_metrics: dict[str, Any] | None = None


class PinPage(BaseModel):
    items: list[Pin]
    bookmark: str | None = None


class AnalyticsRow(BaseModel):
    model_config = ConfigDict(extra="allow")  # metrics are additional properties

    AD_ACCOUNT_ID: str
    DATE: datetime.date | None = None


AnalyticsRows = pydantic.TypeAdapter(list[AnalyticsRow])


# ------------------------------------------------------------------ msgspec


class ImageDetailsStruct(msgspec.Struct):
    url: str
    width: int | None
    height: int | None


class ImageSizeStruct(msgspec.Struct):
    size_150x150: ImageDetailsStruct | None = msgspec.field(
        default=None, name="150x150"
    )
    size_400x300: ImageDetailsStruct | None = msgspec.field(
        default=None, name="400x300"
    )
    size_600x: ImageDetailsStruct | None = msgspec.field(default=None, name="600x")
    size_1200x: ImageDetailsStruct | None = msgspec.field(default=None, name="1200x")


class ImageMetadataStruct(msgspec.Struct):
    item_type: str | None = None
    title: str | None = None
    description: str | None = None
    link: str | None = None
    images: ImageSizeStruct | None = None


class VideoMetadataStruct(msgspec.Struct):
    item_type: str | None = None
    cover_image_url: str | None = None
    video_url: str | None = None
    duration: float | None = None
    height: int | None = None
    width: int | None = None


class MediaImageStruct(msgspec.Struct, tag_field="media_type", tag="image"):
    images: ImageSizeStruct | None = None


class MediaVideoStruct(msgspec.Struct, tag_field="media_type", tag="video"):
    images: ImageSizeStruct | None = None
    cover_image_url: str | None = None
    video_url: str | None = None
    duration: float | None = None
    height: int | None = None
    width: int | None = None


class MediaImagesStruct(msgspec.Struct, tag_field="media_type", tag="multiple_images"):
    items: list[ImageMetadataStruct] | None = None


class MediaVideosStruct(msgspec.Struct, tag_field="media_type", tag="multiple_videos"):
    items: list[VideoMetadataStruct] | None = None


class MediaMixedStruct(msgspec.Struct, tag_field="media_type", tag="multiple_mixed"):
    # msgspec cannot tell two untagged structs apart; the mixed items stay as dicts.
    items: list[dict[str, Any]] | None = None


class BoardOwnerStruct(msgspec.Struct):
    username: str | None = None


class PinStruct(msgspec.Struct):
    id: str
    created_at: datetime.datetime | None = None
    link: str | None = None
    title: str | None = None
    description: str | None = None
    dominant_color: str | None = None
    alt_text: str | None = None
    creative_type: CreativeType | None = None
    board_id: str | None = None
    board_section_id: str | None = None
    board_owner: BoardOwnerStruct | None = None
    is_owner: bool | None = None
    media: (
        MediaImageStruct
        | MediaVideoStruct
        | MediaImagesStruct
        | MediaVideosStruct
        | MediaMixedStruct
        | None
    ) = None
    parent_pin_id: str | None = None
    is_standard: bool | None = None
    has_been_promoted: bool | None = None
    note: str | None = None
    pin_metrics: dict[str, Any] | None = None


class PinPageStruct(msgspec.Struct):
    items: list[PinStruct]
    bookmark: str | None = None


# A row keeps its metrics, as the pydantic floor does with extra="allow".
AnalyticsRowStruct = dict[str, str | int | float]

PIN_PAGE_DECODER = msgspec.json.Decoder(PinPageStruct)
PINS_DECODER = msgspec.json.Decoder(list[PinStruct])
PIN_DECODER = msgspec.json.Decoder(PinStruct)
ANALYTICS_DECODER = msgspec.json.Decoder(list[AnalyticsRowStruct])
