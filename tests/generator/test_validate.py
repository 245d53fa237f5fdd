"""`generator/validate.py`: what an earlier run learned (the memo) never changes the
errors found, only how much is validated again."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import load_spec
from generator.validate import (
    Memo,
    document_errors,
    find_errors,
    merge_errors,
    prose_blind_digest,
    reference_errors,
)

from .conftest import FIXTURES

CURATED = Path(__file__).resolve().parent.parent.parent / "spec" / "openapi.yaml"


def with_memo(data: Any, memo: Memo) -> tuple[set[tuple[str, str]], Memo]:
    first, learned = document_errors(data, memo)
    second, also_learned = reference_errors(data, memo)
    return set(merge_errors(first, second)), {**learned, **also_learned}


def break_path_item(data: dict[str, Any]) -> None:
    item = data["paths"]["/items"]
    item["get"]["responses"]["200"]["bogus"] = 1  # not a Response field
    item["get"]["parameters"][0]["in"] = "nowhere"


def break_schema(data: dict[str, Any]) -> None:
    schema = data["components"]["schemas"]["Item"]
    schema["properties"]["name"]["type"] = "strng"  # fails the meta-schema check
    schema["required"] = "id"


def fix_nothing(data: dict[str, Any]) -> None:
    pass


@pytest.fixture
def shop() -> dict[str, Any]:
    data = load_spec(FIXTURES / "shop-3.0.yaml").data
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("breakage", [fix_nothing, break_path_item, break_schema])
def test_a_memo_of_the_valid_spec_finds_the_same_errors(shop: dict[str, Any], breakage: Any) -> None:
    _, memo = with_memo(shop, {})
    assert memo, "the valid spec's path items and schemas are remembered"
    broken = copy.deepcopy(shop)
    breakage(broken)
    expected = set(find_errors(copy.deepcopy(broken)))
    assert (breakage is fix_nothing) == (not expected)
    found, _ = with_memo(broken, memo)
    assert found == expected


@pytest.mark.parametrize("breakage", [break_path_item, break_schema])
def test_errors_remembered_from_a_broken_spec_go_once_it_is_fixed(shop: dict[str, Any], breakage: Any) -> None:
    broken = copy.deepcopy(shop)
    breakage(broken)
    errors, memo = with_memo(broken, {})
    assert errors
    assert with_memo(broken, memo)[0] == errors  # reused, the same
    assert with_memo(shop, memo)[0] == set()


def test_a_damaged_memo_is_ignored(shop: dict[str, Any]) -> None:
    broken = copy.deepcopy(shop)
    break_path_item(broken)
    _, memo = with_memo(broken, {})
    damaged: Memo = {key: 42 if isinstance(value, list) else value for key, value in memo.items()}
    assert with_memo(broken, damaged)[0] == set(find_errors(broken))


@pytest.mark.skipif(not CURATED.is_file(), reason="needs the curated spec")
def test_the_memo_of_the_curated_spec_covers_it(shop: dict[str, Any]) -> None:
    data = load_spec(CURATED).data
    _, memo = with_memo(data, {})
    first, learned = document_errors(data, memo)
    assert first == [] and learned.keys() <= memo.keys()
    assert len(learned) == len(data["paths"])  # type: ignore[index]


def reworded(data: Any) -> Any:
    """`data` with the text of every description, summary and title of the API changed
    (not those in examples and defaults: they are the API's data)."""
    if isinstance(data, dict):
        return {
            k: f"{v} (reworded)"
            if k in ("description", "summary", "title") and isinstance(v, str)
            else v
            if k in ("default", "example", "examples", "enum", "const")
            else reworded(v)
            for k, v in data.items()
        }
    if isinstance(data, list):
        return [reworded(v) for v in data]
    return data


def test_rewording_prose_keeps_the_prose_blind_digest(shop: dict[str, Any]) -> None:
    assert reworded(shop) != shop
    assert prose_blind_digest(reworded(shop), "3.0") == prose_blind_digest(shop, "3.0")
    assert prose_blind_digest(shop, "3.0") != prose_blind_digest(shop, "3.1")  # the context counts


def with_data_named_description(data: dict[str, Any]) -> dict[str, Any]:
    """`data` where keys named `description` hold data some rule reads: a default checked
    against its schema, a discriminator mapping naming a schema, an enum, an example."""
    data = copy.deepcopy(data)
    data["components"]["schemas"]["Note"] = {
        "type": "object",
        "properties": {"description": {"type": "string", "maxLength": 5}},
        "default": {"description": "short"},
        "example": {"description": "any"},
        "enum": [{"description": "short"}],
        "x-note": {"description": "any"},
    }
    data["components"]["schemas"]["Pet"] = {
        "oneOf": [{"$ref": "#/components/schemas/Note"}],
        "discriminator": {"propertyName": "kind", "mapping": {"description": "#/components/schemas/Note"}},
    }
    return data


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("Note", "default", "description"), "far too long"),  # fails maxLength
        (("Pet", "discriminator", "mapping", "description"), "#/components/schemas/Nowhere"),
        (("Note", "enum", 0, "description"), "other"),
        (("Note", "example", "description"), "other"),
        (("Note", "x-note", "description"), "other"),
    ],
)
def test_data_under_a_key_named_description_is_not_prose(shop: dict[str, Any], where: tuple[Any, ...], value: str) -> None:
    before = with_data_named_description(shop)
    after = copy.deepcopy(before)
    node = after["components"]["schemas"]
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = value
    assert prose_blind_digest(before) != prose_blind_digest(after)


def test_only_data_rules_read_changes_validity(shop: dict[str, Any]) -> None:
    """The first case above is not idle: it makes the spec invalid (a mapping's target is
    the build's to check, which runs on every edit; it stays out of prose all the same)."""
    valid = with_data_named_description(shop)
    assert find_errors(copy.deepcopy(valid)) == []
    too_long = copy.deepcopy(valid)
    too_long["components"]["schemas"]["Note"]["default"]["description"] = "far too long"
    assert find_errors(too_long)
    assert find_errors(reworded(valid)) == []


def test_a_description_that_is_not_a_string_counts(shop: dict[str, Any]) -> None:
    changed = copy.deepcopy(shop)
    changed["info"]["description"] = {"text": "an object where a string belongs"}
    assert prose_blind_digest(changed) != prose_blind_digest(shop)
    assert find_errors(changed)
