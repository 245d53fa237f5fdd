"""The seed list of endpoints our users asked for, and its normalisation.

The list (tests/data/pinterest-v5-endpoints.txt, a copy of the list we were given) is
hand-written: `METHOD >> path >> description [>> parameters]`. Its paths are read the
way the seed deviation page documents (`info.x-sdk-docs` in spec/openapi.yaml).
"""

from __future__ import annotations

import re
from pathlib import Path

from .specfiles import DATA

SEED = DATA / "pinterest-v5-endpoints.txt"
ENDPOINT_MAP = DATA / "endpoint-map.tsv"

METHODS = {"DEL": "DELETE"}
# (method, path) as written -> the real endpoint
CORRECTIONS = {
    ("PATCH", "/boards/{board_id}/sections"): "/boards/{board_id}/sections/{section_id}",
}


def normalise(line: str) -> tuple[str, str]:
    """`GET >> /v5//pins >> ...` -> `("GET", "/pins")`."""
    method, path = (part.strip() for part in re.split(r"\s*>>\s*", line.strip())[:2])
    method = METHODS.get(method, method)
    path = re.sub(r"/{2,}", "/", path)
    if path == "/v5" or path.startswith("/v5/"):
        path = path[len("/v5"):]
    return method, CORRECTIONS.get((method, path), path)


def seed_endpoints(path: Path = SEED) -> list[tuple[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [normalise(line) for line in lines]


def mapped_endpoints(path: Path = ENDPOINT_MAP) -> list[tuple[str, str]]:
    """The seed list as Pinterest's operations: `METHOD<TAB>path<TAB>official operationId`."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(method, path) for method, path, _ in rows]
