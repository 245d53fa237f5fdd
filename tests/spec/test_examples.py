"""Every example validates against its schema (JSON Schema 2020-12, references followed).

The mock server serves these examples and the generated client parses them, so an
example that does not match its schema is a bug in one of the two.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .specfiles import SPEC_ROOT, Ref, SpecTree

# schemas every maintainer and user looks at first: each carries an example
CORE_SCHEMAS = (
    "Pin", "Board", "BoardSection", "Media", "MediaUpload", "UserAccount", "AdAccount",
    "Campaign", "AdGroup", "Ad", "Audience", "CustomerList", "Keyword", "TargetingTemplate",
    "ProductGroupPromotion", "AdsAnalyticsCreateAsyncRequest", "AdsAnalyticsGetAsyncResponse",
    "ReportTemplate", "BulkUpsertRequest", "BulkDownloadRequest", "PinAnalyticsResponse",
    "UserAccountAnalyticsResponse", "AdAccountAnalytics", "TargetingAnalyticsResponse",
)


@dataclass(frozen=True)
class Example:
    """An example value and the schema it must satisfy (as a location)."""

    value: Any
    schema: Ref
    where: str


def _pointer(*tokens: str | int) -> str:
    return "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def _schema_examples(node: Any, at: Ref) -> Iterator[Example]:
    if isinstance(node, dict):
        for i, value in enumerate(node.get("examples", []) if isinstance(node.get("examples"), list) else []):
            yield Example(value, at, f"{at}/examples/{i}")
        for key, child in node.items():
            if key != "examples":
                yield from _schema_examples(child, Ref(at.file, at.pointer + _pointer(key)))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _schema_examples(child, Ref(at.file, at.pointer + _pointer(i)))


def _media_examples(node: Any, at: Ref) -> Iterator[Example]:
    """`example` / `examples` of media types and parameters (next to a `schema`)."""
    if isinstance(node, dict):
        if "schema" in node and isinstance(node["schema"], dict):
            schema_at = Ref(at.file, at.pointer + "/schema")
            if "example" in node:
                yield Example(node["example"], schema_at, f"{at}/example")
            for name, example in node.get("examples", {}).items():
                yield Example(example["value"], schema_at, f"{at}/examples/{name}")
        for key, child in node.items():
            if key != "schema":
                yield from _media_examples(child, Ref(at.file, at.pointer + _pointer(key)))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _media_examples(child, Ref(at.file, at.pointer + _pointer(i)))


def all_examples(spec: SpecTree) -> list[Example]:
    found: list[Example] = []
    for file in spec.files:
        doc = spec.doc(file)
        if file.parent.name == "schemas":
            found.extend(_schema_examples(doc, Ref(file, "")))
        else:
            found.extend(_media_examples(doc, Ref(file, "")))
    return found


EXAMPLES = all_examples(SpecTree(SPEC_ROOT))


@pytest.fixture(scope="module")
def registry(spec: SpecTree) -> Any:
    return spec.registry()


def test_examples_were_found() -> None:
    assert len(EXAMPLES) > 100


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.where)
def test_example_matches_its_schema(registry: Any, example: Example) -> None:
    validator = Draft202012Validator(
        {"$ref": f"{example.schema.file.as_uri()}#{example.schema.pointer}"},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    error = best_match(validator.iter_errors(example.value))
    assert error is None, f"{example.where}: {error.message} at {list(error.absolute_path)}"


def test_every_success_response_has_an_example(spec: SpecTree) -> None:
    missing = []
    for op in spec.operations():
        for code, response in op.node["responses"].items():
            content = response.get("content", {}).get("application/json")
            if code.startswith("2") and content is not None and "example" not in content:
                missing.append(f"{op.key} {code}")
    assert not missing, missing


def test_core_schemas_have_examples(spec: SpecTree) -> None:
    index = spec.root_doc["components"]["schemas"]
    root = Ref(spec.root, "/components/schemas")
    without = [name for name in CORE_SCHEMAS if not spec.deref(index[name], root)[0].get("examples")]
    assert not without, without


def test_a_wrong_example_is_caught(registry: Any, spec: SpecTree) -> None:
    """The check above can fail: a Pin without its required `id` does not validate."""
    pin = next(e for e in EXAMPLES if e.schema.pointer == "/Pin")
    broken = {k: v for k, v in pin.value.items() if k != "id"}
    validator = Draft202012Validator({"$ref": f"{pin.schema.file.as_uri()}#/Pin"}, registry=registry)
    assert not validator.is_valid(broken)
