"""The spec follows the conventions the generator relies on (ARCHITECTURE.md, spec/README.md)."""

from __future__ import annotations

from typing import Any

from .specfiles import Operation, Ref, SpecTree

PAGINATED = "/Paginated"
MARKER = {"cursor-param": "bookmark", "cursor-field": "bookmark", "items-field": "items"}


def test_servers_name_their_environments(spec: SpecTree) -> None:
    assert [(s["url"], s["x-sdk-environment"]) for s in spec.root_doc["servers"]] == [
        ("https://api.pinterest.com/v5", "production"),
        ("https://api-sandbox.pinterest.com/v5", "sandbox"),
    ]
    assert not any(path.startswith("/v5") for path in spec.root_doc["paths"])


def test_security_schemes(spec: SpecTree) -> None:
    schemes = spec.root_doc["components"]["securitySchemes"]
    flow = schemes["pinterest_oauth2"]["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://www.pinterest.com/oauth/"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "https://api.pinterest.com/v5/oauth/token"
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}


def test_every_tag_is_used(spec: SpecTree) -> None:
    used = {op.node["tags"][0] for op in spec.operations()}
    assert [t["name"] for t in spec.root_doc["tags"] if t["name"] not in used] == []
    assert all(t.get("description") for t in spec.root_doc["tags"])


def test_paginated_carries_the_marker(spec: SpecTree) -> None:
    paginated = spec.doc(spec.root.parent / "schemas" / "common.yaml")["Paginated"]
    assert paginated["x-pagination"] == MARKER
    assert paginated["required"] == ["items"]


def _includes_paginated(spec: SpecTree, schema: Any, where: Ref) -> bool:
    schema, where = spec.deref(schema, where)
    return any(spec.target(part.get("$ref", ""), where).pointer == PAGINATED for part in schema.get("allOf", []))


def _query_names(spec: SpecTree, op: Operation) -> set[str]:
    names = set()
    for param in op.node.get("parameters", []):
        param, _ = spec.deref(param, op.where)
        if param["in"] == "query":
            names.add(param["name"])
    return names


def test_list_operations_are_paginated_uniformly(spec: SpecTree) -> None:
    """A page schema answer comes with `bookmark` and `page_size`, and the reverse."""
    mismatched = []
    for op in spec.operations():
        success = min(code for code in op.node["responses"] if code.startswith("2"))
        content = op.node["responses"][success].get("content", {}).get("application/json")
        paged = content is not None and _includes_paginated(spec, content["schema"], op.where)
        has_cursor = {"bookmark", "page_size"} <= _query_names(spec, op)
        if paged != has_cursor:
            mismatched.append(op.key)
    assert not mismatched, mismatched


def test_page_schemas_are_named_after_their_items(spec: SpecTree) -> None:
    for file in spec.files:
        if file.parent.name != "schemas":
            continue
        for name, schema in spec.doc(file).items():
            if _includes_paginated(spec, schema, Ref(file, "/" + name)):
                item = schema["allOf"][1]["properties"]["items"]["items"]["$ref"].rsplit("/", 1)[-1]
                assert name == item + "List", name


def _undescribed_properties(node: Any, path: str) -> list[str]:
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if not (isinstance(sub, dict) and sub.get("description")):
                found.append(f"{path}.{name}")
            found.extend(_undescribed_properties(sub, f"{path}.{name}"))
        for key in ("allOf", "oneOf", "anyOf"):
            for part in node.get(key, []):
                found.extend(_undescribed_properties(part, path))
        if isinstance(node.get("items"), dict):
            found.extend(_undescribed_properties(node["items"], path + "[]"))
    return found


def test_every_schema_field_and_parameter_is_described(spec: SpecTree) -> None:
    missing = []
    for file in spec.files:
        if file.parent.name == "schemas":
            for name, schema in spec.doc(file).items():
                if not schema.get("description"):
                    missing.append(name)
                missing.extend(_undescribed_properties(schema, name))
    for op in spec.operations():
        for param in op.path_item.get("parameters", []) + op.node.get("parameters", []):
            param, _ = spec.deref(param, op.where)
            if not param.get("description"):
                missing.append(f"{op.key} parameter {param['name']}")
    assert not missing, missing
