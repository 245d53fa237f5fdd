"""`generator/validate.py`: what an earlier run learned (the memo) never changes the
errors found, only how much is validated again."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from generator.bundle import load_spec
from generator.validate import Memo, document_errors, find_errors, merge_errors, reference_errors

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
