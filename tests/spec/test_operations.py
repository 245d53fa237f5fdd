"""Every seed endpoint is described, and every operation is complete and well named."""

from __future__ import annotations

import keyword
import re
from collections import Counter

import pytest

from .seed import mapped_endpoints, normalise, seed_endpoints
from .specfiles import SPEC_ROOT, Operation, Ref, SpecTree

OPERATION_ID = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?:\.[a-z][a-z0-9]*(?:_[a-z0-9]+)*)+$")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("GET >> /v5//pins >> View Pins.", ("GET", "/pins")),
        ("POST >> /v5/pins/{pin_id}/save>> Save a Pin.", ("POST", "/pins/{pin_id}/save")),
        ("GET >> /user_account/businesses >> Linked businesses. >> ", ("GET", "/user_account/businesses")),
        ("DEL >> /user_account/websites >> Unverify.", ("DELETE", "/user_account/websites")),
        ("GET>> /ad_accounts/{ad_account_id}/product_groups/analytics >> x", ("GET", "/ad_accounts/{ad_account_id}/product_groups/analytics")),
        ("GET >>  /ad_accounts/{ad_account_id}/campaigns  >> x", ("GET", "/ad_accounts/{ad_account_id}/campaigns")),
        ("PATCH >> /v5/boards/{board_id}/sections >> Update a section.", ("PATCH", "/boards/{board_id}/sections/{section_id}")),
    ],
)
def test_normalise(line: str, expected: tuple[str, str]) -> None:
    assert normalise(line) == expected


def test_seed_list_endpoints_are_distinct() -> None:
    """The seed list (tests/data/pinterest-v5-endpoints.txt) is the one place that says how
    many endpoints the SDK has; every other count is taken from it."""
    endpoints = seed_endpoints()
    assert endpoints
    assert len(set(endpoints)) == len(endpoints), [e for e, n in Counter(endpoints).items() if n > 1]


def test_normalised_seed_matches_pinterest_operations() -> None:
    """The normalisation lands every line on the operation Pinterest's map names."""
    assert sorted(seed_endpoints()) == sorted(mapped_endpoints())


def test_spec_describes_exactly_the_seed_endpoints(spec: SpecTree) -> None:
    described = sorted((op.method.upper(), op.path) for op in spec.operations())
    assert described == sorted(seed_endpoints())


def operations() -> list[Operation]:
    return list(SpecTree(SPEC_ROOT).operations())


def ids(op: Operation) -> str:
    return op.key


@pytest.mark.parametrize("op", operations(), ids=ids)
def test_operation_is_complete(spec: SpecTree, op: Operation) -> None:
    node = op.node
    assert OPERATION_ID.match(node.get("operationId", "")), node.get("operationId")
    assert not any(keyword.iskeyword(part) for part in node["operationId"].split("."))
    assert len(node.get("tags", [])) == 1
    assert node["tags"][0] in {t["name"] for t in spec.root_doc["tags"]}
    for text in ("summary", "description"):
        assert isinstance(node.get(text), str) and node[text].strip(), text
    assert node.get("x-ratelimit-category")
    assert node.get("x-sandbox") in ("enabled", "disabled")


@pytest.mark.parametrize("op", operations(), ids=ids)
def test_operation_responses(spec: SpecTree, op: Operation) -> None:
    responses = op.node["responses"]
    successes = [code for code in responses if code.startswith("2")]
    assert successes, "no success response"
    errors = [code for code in responses if not code.startswith("2")]
    assert "default" in errors
    error_schema = Ref(spec.root.parent / "schemas" / "common.yaml", "/Error")
    for code in errors:
        response, where = spec.deref(responses[code], op.where)
        assert response.get("description"), code
        schema = response["content"]["application/json"]["schema"]
        assert spec.target(schema["$ref"], where) == error_schema, f"{code} does not return Error"


@pytest.mark.parametrize("op", operations(), ids=ids)
def test_operation_security(spec: SpecTree, op: Operation) -> None:
    schemes = spec.root_doc["components"]["securitySchemes"]
    scopes = set(schemes["pinterest_oauth2"]["flows"]["authorizationCode"]["scopes"])
    requirements = op.node["security"]
    assert [list(r) for r in requirements] == [["pinterest_oauth2"], ["bearer"]]
    oauth, bearer = requirements[0]["pinterest_oauth2"], requirements[1]["bearer"]
    assert oauth and set(oauth) <= scopes
    assert bearer == oauth


@pytest.mark.parametrize("op", operations(), ids=ids)
def test_path_parameters_match_the_template(spec: SpecTree, op: Operation) -> None:
    declared = []
    for param in op.path_item.get("parameters", []) + op.node.get("parameters", []):
        resolved, _ = spec.deref(param, op.where)
        if resolved["in"] == "path":
            assert resolved.get("required") is True
            declared.append(resolved["name"])
    assert sorted(declared) == sorted(re.findall(r"{(\w+)}", op.path))


def test_operation_ids_are_unique_and_resources_do_not_clash(spec: SpecTree) -> None:
    op_ids = [op.node["operationId"] for op in spec.operations()]
    assert [i for i, n in Counter(op_ids).items() if n > 1] == []
    resources = {op_id.rsplit(".", 1)[0] for op_id in op_ids}
    nested = {op_id.rsplit(".", 1)[0].rsplit(".", 1)[0] for op_id in op_ids if op_id.count(".") > 1}
    # `a.b` cannot be both a method and a resource holding methods
    assert not set(op_ids) & (resources | nested)


def test_data_files_end_with_a_newline() -> None:
    """spec/README.md's steps append lines to them (`echo ... >> file` must not join two)."""
    from .specfiles import DATA

    unterminated = [p.name for p in sorted(DATA.glob("*.*")) if not p.read_bytes().endswith(b"\n")]
    assert unterminated == []
