"""The components index is complete and exact: every component is listed once and used."""

from __future__ import annotations

from collections import defaultdict

from .specfiles import Ref, SpecTree

KINDS = {"schemas": "schemas", "parameters": "components", "responses": "components"}


def index_targets(spec: SpecTree, kind: str) -> dict[str, Ref]:
    root = Ref(spec.root, f"/components/{kind}")
    return {name: spec.target(entry["$ref"], root) for name, entry in spec.root_doc["components"][kind].items()}


def test_every_schema_is_indexed_under_its_own_name(spec: SpecTree) -> None:
    indexed = index_targets(spec, "schemas")
    defined: dict[str, list[Ref]] = defaultdict(list)
    for file in sorted((spec.root.parent / "schemas").glob("*.yaml")):
        for name in spec.doc(file):
            defined[name].append(Ref(file.resolve(), "/" + name))
    duplicates = {name: [str(r) for r in refs] for name, refs in defined.items() if len(refs) > 1}
    assert not duplicates, f"schema names defined twice: {duplicates}"
    assert {name: refs[0] for name, refs in defined.items()} == indexed


def test_every_shared_parameter_and_response_is_indexed(spec: SpecTree) -> None:
    for kind, file in (("parameters", "parameters.yaml"), ("responses", "responses.yaml")):
        path = (spec.root.parent / "components" / file).resolve()
        defined = {name: Ref(path, "/" + name) for name in spec.doc(path)}
        assert index_targets(spec, kind) == defined, kind


def test_no_component_is_unused(spec: SpecTree) -> None:
    """Everything indexed is reachable from an operation (the index itself does not count)."""
    reached: set[Ref] = set()
    todo = [op.where for op in spec.operations()] + [op.path_item_where for op in spec.operations()]
    while todo:
        where = todo.pop()
        node = spec.get(where)
        for text, at in _refs(node, where):
            target = spec.target(text, at)
            if target not in reached:
                reached.add(target)
                todo.append(target)
        for value in _discriminator_mappings(node):
            target = index_targets(spec, "schemas")[value]
            if target not in reached:
                reached.add(target)
                todo.append(target)
    unused = {
        f"{kind}/{name}"
        for kind in KINDS
        for name, target in index_targets(spec, kind).items()
        if target not in reached
    }
    assert not unused, sorted(unused)


def _refs(node: object, where: Ref) -> list[tuple[str, Ref]]:
    from .specfiles import _refs_in

    return list(_refs_in(node, where))


def _discriminator_mappings(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "discriminator" and isinstance(value, dict):
                found.extend(value.get("mapping", {}).values())
            else:
                found.extend(_discriminator_mappings(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_discriminator_mappings(value))
    return found
