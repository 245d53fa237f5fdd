"""Deterministic response payloads for the client benchmarks, shaped by the official
Pinterest schemas (5.18.0): a single Pin, a `boards/{board_id}/pins` page, and rows of
`ad_accounts/{ad_account_id}/analytics`. Same seed, same bytes.

Values are realistic rather than minimal: 18-digit ids, ISO datetimes, URLs, titles and
descriptions of typical length, a mix of image, video and multi-image media with all
four image sizes, nulls where the API sends them, and pin metrics on some Pins.

    python bench/payloads.py --validate path/to/pinterest-openapi-5.18.0.yaml

checks every payload against the official schemas and the floor models' field sets
against the official property lists.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORDS = (
    "autumn garden recipe easy cozy modern kitchen ideas summer outfit minimalist "
    "living room wedding decor travel guide budget healthy breakfast bowl vintage "
    "style home office diy craft project sunset beach cabin weekend hike trail coffee "
    "bake bread sourdough plant shelf boho bedroom color palette winter knit"
).split()
CREATIVE_TYPES = ("REGULAR", "REGULAR", "REGULAR", "VIDEO", "IDEA", "SHOPPING")
IMAGE_SIZES = {
    "150x150": (150, 150),
    "400x300": (400, 300),
    "600x": (600, 0),
    "1200x": (1200, 0),
}
# Columns of the official `query_columns` enum, as an analytics report asks for them,
# with the kind and upper bound of their values.
METRIC_COLUMNS: dict[str, tuple[type, float]] = {
    "SPEND_IN_DOLLAR": (float, 2_000),
    "SPEND_IN_MICRO_DOLLAR": (int, 2_000_000_000),
    "PAID_IMPRESSION": (int, 500_000),
    "CPC_IN_MICRO_DOLLAR": (float, 3_000_000),
    "ECPC_IN_DOLLAR": (float, 3),
    "CTR": (float, 0.05),
    "ECTR": (float, 0.05),
    "TOTAL_ENGAGEMENT": (int, 20_000),
    "ENGAGEMENT_1": (int, 10_000),
    "ENGAGEMENT_RATE": (float, 0.1),
    "REPIN_RATE": (float, 0.02),
    "TOTAL_CLICKTHROUGH": (int, 8_000),
    "CLICKTHROUGH_1": (int, 5_000),
    "OUTBOUND_CLICK_1": (int, 5_000),
    "IMPRESSION_1": (int, 400_000),
    "TOTAL_IMPRESSION_FREQUENCY": (float, 4),
    "TOTAL_CONVERSIONS": (int, 300),
    "TOTAL_CHECKOUT": (int, 150),
    "TOTAL_CHECKOUT_VALUE_IN_MICRO_DOLLAR": (float, 20_000_000_000),
    "CPM_IN_DOLLAR": (float, 15),
}
EPOCH = datetime.datetime(2021, 1, 1, tzinfo=datetime.timezone.utc)


def digits(rng: random.Random, count: int = 18) -> str:
    return str(rng.randint(10 ** (count - 1), 10**count - 1))


def text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def image_url(rng: random.Random, size: str) -> str:
    digest = f"{rng.getrandbits(128):032x}"
    return f"https://i.pinimg.com/{size}/{digest[:2]}/{digest[2:4]}/{digest[4:6]}/{digest}.jpg"


def image_sizes(rng: random.Random) -> dict[str, Any]:
    aspect = rng.choice((1.0, 1.25, 1.5, 0.75))
    sizes = {}
    for name, (width, height) in IMAGE_SIZES.items():
        sizes[name] = {
            "width": width,
            "height": height or round(width * aspect),
            "url": image_url(rng, name),
        }
    return sizes


def media(rng: random.Random) -> dict[str, Any]:
    kind = rng.random()
    if kind < 0.75:
        return {"media_type": "image", "images": image_sizes(rng)}
    if kind < 0.9:
        return {
            "media_type": "video",
            "images": image_sizes(rng),
            "cover_image_url": image_url(rng, "videos/thumbnails/originals"),
            "video_url": f"https://v1.pinimg.com/videos/mc/720p/{rng.getrandbits(64):016x}.mp4",
            "duration": float(rng.randint(3_000, 60_000)),
            "height": 1920,
            "width": 1080,
        }
    return {
        "media_type": "multiple_images",
        "items": [
            {
                "item_type": "image",
                "title": text(rng, 4),
                "description": text(rng, 12),
                "link": f"https://www.example.com/{rng.choice(WORDS)}/{digits(rng, 6)}",
                "images": image_sizes(rng),
            }
            for _ in range(rng.randint(2, 5))
        ],
    }


def pin(rng: random.Random, board_id: str) -> dict[str, Any]:
    """One Pin as `GET /pins/{pin_id}` returns it (every official property)."""
    created = EPOCH + datetime.timedelta(seconds=rng.randint(0, 3 * 365 * 86_400))
    promoted = rng.random() < 0.1
    return {
        "id": digits(rng),
        "created_at": created.isoformat().replace("+00:00", "Z"),
        "link": (
            f"https://www.example.com/{rng.choice(WORDS)}/{digits(rng, 6)}"
            if rng.random() < 0.8
            else None
        ),
        "title": text(rng, rng.randint(3, 10)),
        "description": text(rng, rng.randint(10, 40)),
        "dominant_color": f"#{rng.getrandbits(24):06X}",
        "alt_text": text(rng, 8) if rng.random() < 0.4 else None,
        "creative_type": rng.choice(CREATIVE_TYPES),
        "board_id": board_id,
        "board_section_id": digits(rng) if rng.random() < 0.3 else None,
        "board_owner": {
            "username": f"{rng.choice(WORDS)}_{rng.choice(WORDS)}{rng.randint(1, 99)}"
        },
        "is_owner": rng.random() < 0.5,
        "media": media(rng),
        "parent_pin_id": digits(rng) if rng.random() < 0.2 else None,
        "is_standard": True,
        "has_been_promoted": promoted,
        "note": text(rng, 6) if rng.random() < 0.1 else None,
        "pin_metrics": pin_metrics(rng) if rng.random() < 0.3 else None,
    }


def pin_metrics(rng: random.Random) -> dict[str, Any]:
    recent = {
        name: rng.randint(0, 500)
        for name in ("pin_click", "impression", "clickthrough")
    }
    lifetime = {name: value * rng.randint(1, 20) for name, value in recent.items()}
    lifetime |= {"reaction": rng.randint(0, 100), "comment": rng.randint(0, 30)}
    return {"90d": recent, "lifetime_metrics": lifetime}


def pins(count: int, seed: int = 0) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    board_id = digits(rng)
    return [pin(rng, board_id) for _ in range(count)]


def pin_bytes(seed: int = 0) -> bytes:
    """The small response of the per-call benchmark: one Pin."""
    return encode(pins(1, seed)[0])


def pin_page_bytes(count: int = 250, seed: int = 0) -> bytes:
    """A `boards/{board_id}/pins` page (the largest page_size the API allows: 250)."""
    rng = random.Random(seed + 1)
    return encode(
        {"items": pins(count, seed), "bookmark": f"{rng.getrandbits(192):048x}"}
    )


def analytics_rows(count: int = 1_000, seed: int = 0) -> list[dict[str, Any]]:
    """Daily rows of an ad account analytics report, spread over ten ad accounts."""
    rng = random.Random(seed)
    accounts = [digits(rng, 12) for _ in range(10)]
    start = datetime.date(2023, 1, 1)
    rows = []
    for index in range(count):
        row: dict[str, Any] = {
            "DATE": (
                start + datetime.timedelta(days=index // len(accounts))
            ).isoformat(),
            "AD_ACCOUNT_ID": accounts[index % len(accounts)],
        }
        for column, (kind, upper) in METRIC_COLUMNS.items():
            value = rng.uniform(0, upper)
            row[column] = round(value, 6) if kind is float else int(value)
        rows.append(row)
    return rows


def analytics_bytes(count: int = 1_000, seed: int = 0) -> bytes:
    return encode(analytics_rows(count, seed))


def encode(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


# ------------------------------------------------------------------ validation


def validate(reference: Path) -> list[str]:
    """Problems found checking payloads and floors against the official description."""
    import floors
    from openapi_schema_validator import OAS30Validator
    from spec_files import load

    document = load(reference)
    schemas = document["components"]["schemas"]
    problems = []

    def check(instance: Any, schema_name: str, where: str) -> None:
        schema = {
            "$ref": f"#/components/schemas/{schema_name}",
            "components": document["components"],
        }
        for error in OAS30Validator(schema).iter_errors(instance):
            problems.append(f"{where}: {error.message} at {list(error.absolute_path)}")

    for index, item in enumerate(pins(250)):
        check(item, "Pin", f"pin {index}")
    check(analytics_rows(), "AdAccountAnalyticsResponse", "analytics")

    official_pin = set(schemas["Pin"]["properties"])
    for name, fields in {
        "payload Pin": set(pins(1)[0]),
        "floors.Pin": set(floors.Pin.model_fields),
        "floors.PinStruct": set(floors.PinStruct.__struct_fields__),
    }.items():
        if fields != official_pin:
            problems.append(
                f"{name} fields differ from the official Pin: "
                f"{sorted(fields ^ official_pin)}"
            )

    columns = set(
        document["components"]["parameters"]["query_columns"]["schema"]["items"]["enum"]
    )
    unknown = sorted(set(METRIC_COLUMNS) - columns)
    if unknown:
        problems.append(f"metric columns not in the official enum: {unknown}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--validate", type=Path, metavar="OFFICIAL_YAML", help="check against it"
    )
    parser.add_argument(
        "--show", choices=("pin", "page", "analytics"), help="print a payload"
    )
    args = parser.parse_args(argv)
    if args.show:
        builders: dict[str, Callable[[], bytes]] = {
            "pin": pin_bytes,
            "page": pin_page_bytes,
            "analytics": analytics_bytes,
        }
        payload = builders[args.show]()
        sys.stdout.write(json.dumps(json.loads(payload), indent=2) + "\n")
    if args.validate:
        problems = validate(args.validate)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(
            f"payloads: {len(problems)} problems against {args.validate.name}",
            file=sys.stderr,
        )
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
