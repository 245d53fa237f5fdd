"""The description is valid OpenAPI 3.1, and the validation would say so if it were not."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from .specfiles import SPEC_ROOT, SpecTree


def validate_tree(root: Path) -> None:
    tree = SpecTree(root)
    # base URI = the root file's, so the remaining relative references resolve
    validate(tree.bundle(), base_uri=tree.root.as_uri())


def test_spec_is_valid_openapi_3_1(spec: SpecTree) -> None:
    assert spec.root_doc["openapi"] == "3.1.0"
    validate_tree(SPEC_ROOT)


def test_every_reference_resolves(spec: SpecTree) -> None:
    dangling = []
    for text, where in spec.walk_refs():
        try:
            spec.get(spec.target(text, where))
        except (KeyError, IndexError, FileNotFoundError):
            dangling.append(f"{where}: {text}")
    assert not dangling, "\n".join(dangling)


BREAKAGES: dict[str, tuple[str, Callable[[Any], object]]] = {
    # a response needs a description: only caught when paths/ is looked into
    "response without description": (
        "paths/pins.yaml",
        lambda doc: doc["pin"]["get"]["responses"].update({"200": {"content": {}}}),
    ),
    "path parameter not required": (
        "paths/boards.yaml",
        lambda doc: doc["board"].update(
            {"parameters": [{"name": "board_id", "in": "path", "schema": {"type": "string"}}]}
        ),
    ),
    "parameter without location": (
        "components/parameters.yaml",
        lambda doc: doc["query_page_size"].pop("in"),
    ),
    "unknown schema type": (
        "schemas/pins.yaml",
        lambda doc: doc["Pin"]["properties"]["id"].update({"type": "strin"}),
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_validation_rejects_a_broken_copy(tmp_path: Path, breakage: str) -> None:
    """Guard against a validation that passes whatever the files say."""
    rel, mutate = BREAKAGES[breakage]
    copy = tmp_path / "spec"
    shutil.copytree(SPEC_ROOT.parent, copy)
    target = copy / rel
    doc = yaml.safe_load(target.read_text(encoding="utf-8"))
    mutate(doc)
    target.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    with pytest.raises(OpenAPIValidationError):
        validate_tree(copy / "openapi.yaml")
