"""Reading schema shapes: `allOf` merged into one schema, and what a schema is."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .context import Context, Node, join

__all__ = [
    "Merged",
    "classify",
    "extended_members",
    "is_constraint",
    "merge",
    "single_ref",
    "types_of",
]

_COMBINED = ("properties", "required", "allOf")
_TYPED_KEYWORDS = (
    "type",
    "properties",
    "items",
    "enum",
    "const",
    "$ref",
    "oneOf",
    "anyOf",
    "allOf",
    "additionalProperties",
)


@dataclass(slots=True)
class Merged:
    """A schema with its `allOf` folded in; each property remembers where it was written."""

    schema: Node
    properties: dict[str, tuple[object, str]] = field(default_factory=dict)
    required: list[str] = field(default_factory=list)


def single_ref(node: Node) -> object | None:
    """The one `$ref` part of an `allOf` that only wraps a reference (the 3.0 way to
    make a reference nullable or describe it), else `None`."""
    parts = node.get("allOf")
    if not isinstance(parts, list) or "properties" in node:
        return None
    refs = [p for p in parts if isinstance(p, dict) and "$ref" in p]
    others = [p for p in parts if not (isinstance(p, dict) and "$ref" in p)]
    if len(refs) == 1 and all(
        isinstance(p, dict) and not any(k in p for k in _TYPED_KEYWORDS) for p in others
    ):
        return refs[0]
    return None


def merge(ctx: Context, node: Node, pointer: str, seen: frozenset[str] = frozenset()) -> Merged:
    """`node` with its `allOf` parts (followed through references) folded in.

    Own keywords win over the parts'; properties and `required` are united, later
    parts overriding a property of the same name.
    """
    merged = Merged(schema={k: v for k, v in node.items() if k not in _COMBINED})
    parts = node.get("allOf")
    if isinstance(parts, list):
        for index, part in enumerate(parts):
            target, where, siblings = ctx.deref(part, join(pointer, "allOf", index))
            if not isinstance(target, dict) or where in seen:
                if where in seen:
                    ctx.warn("`allOf` includes itself: the repeated part is ignored", where)
                continue
            inner = merge(ctx, {**target, **siblings}, where, seen | {where})
            for key, value in inner.schema.items():
                merged.schema.setdefault(key, value)
            merged.properties.update(inner.properties)
            merged.required.extend(r for r in inner.required if r not in merged.required)
    own, at = _properties_map(ctx, node.get("properties"), join(pointer, "properties"))
    if isinstance(own, dict):
        for name, schema in own.items():
            merged.properties[name] = (schema, join(at, name))
    required = node.get("required")
    if isinstance(required, list):
        merged.required.extend(
            r for r in required if isinstance(r, str) and r not in merged.required
        )
    return merged


def _properties_map(ctx: Context, own: object, pointer: str) -> tuple[object, str]:
    """A `properties` map and its pointer. A map written as one `$ref` (which OpenAPI
    does not allow, but JSON Reference tools such as Prism follow; strict validation
    refuses it) is followed, so a lenient build sends what the spec's author meant."""
    if isinstance(own, dict) and set(own) == {"$ref"} and isinstance(own["$ref"], str):
        target, where, _ = ctx.deref(own, pointer)
        if isinstance(target, dict):
            return target, where
    return own, pointer


def types_of(node: Node) -> list[str]:
    """The `type` keyword as a list (3.1 allows a list; 3.0 `nullable` adds `null`)."""
    raw = node.get("type")
    types = (
        [raw]
        if isinstance(raw, str)
        else [t for t in raw if isinstance(t, str)] if isinstance(raw, list) else []
    )
    if node.get("nullable") is True and types and "null" not in types:
        types.append("null")
    return types


def is_constraint(node: object) -> bool:
    """A schema that only constrains (`{required: [a]}`), adding no type of its own."""
    return isinstance(node, dict) and not any(k in node for k in _TYPED_KEYWORDS)


def classify(ctx: Context, node: object, pointer: str) -> Literal["model", "alias"]:
    """Whether a named schema becomes a model class or a type alias."""
    if not isinstance(node, dict) or "$ref" in node or single_ref(node) is not None:
        return "alias"
    merged = merge(ctx, node, pointer)
    schema = merged.schema
    if merged.properties:
        return "model"
    for keyword in ("oneOf", "anyOf"):
        members = schema.get(keyword)
        if isinstance(members, list) and not all(is_constraint(m) for m in members):
            return "alias"
    if "enum" in schema or "const" in schema:
        return "alias"
    types = [t for t in types_of(schema) if t != "null"]
    additional = schema.get("additionalProperties")
    typed_map = isinstance(additional, dict) and bool(additional)
    if (
        types == ["object"]
        and not typed_map
        and ("x-pagination" in schema or schema.get("additionalProperties") is False)
    ):
        return "model"
    return "alias"


def extended_members(ctx: Context, members: list[object], pointer: str) -> list[tuple[int, int]]:
    """`(i, j)` for each `oneOf` member `i` that is an `allOf` of member `j`'s reference:
    every value of `i` meets `j` too, so none meets exactly one member."""
    refs = [m.get("$ref") if isinstance(m, dict) else None for m in members]
    found = []
    for i, member in enumerate(members):
        target, _, _ = ctx.deref(member, join(pointer, i))
        parts = target.get("allOf") if isinstance(target, dict) else None
        if not isinstance(parts, list):
            continue
        extended = {
            p["$ref"] for p in parts if isinstance(p, dict) and isinstance(p.get("$ref"), str)
        }
        found += [(i, j) for j, ref in enumerate(refs) if j != i and ref in extended]
    return found
