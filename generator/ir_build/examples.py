"""Example values for parameters: what the SDK's generated tests call each method with.

The spec's own examples win (a parameter's `example` / `examples`, its schema's, or the
request body example's property); otherwise a value is made from the schema: its
`default`, first `enum` value or `const`, or one that meets its type, `format`,
`pattern` and bounds. Only what an example can always be made of is read here; an
unsatisfiable schema just gets its best guess, and the generated test says so by failing.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from ..ir import Example
from .context import Context

__all__ = ["body_example", "example", "field_example", "made_example"]

_DEPTH = 8
# Strings tried, in order, against a `pattern` (ECMA patterns are mostly Python ones).
_CANDIDATES = (
    "example",
    "1234567890",
    "2024-03-01",
    "AG1234567890",
    "C1234567890",
    "aGVsbG8=",
    "a1",
)
_FORMATS = {
    "date": "2024-03-01",
    "date-time": "2024-03-01T09:30:00Z",
    "uri": "https://www.example.com/",
    "url": "https://www.example.com/",
    "email": "someone@example.com",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
}


def example(ctx: Context, param: dict[str, Any], schema: object) -> Example:
    """A parameter's example: its own, its schema's, or one made from the schema."""
    given = _given(param)
    if given is not _NONE:
        return _frozen(given)
    return made_example(ctx, schema)


def made_example(ctx: Context, schema: object) -> Example:
    """A value for `schema`: its example if it has one, else one made from it."""
    return _frozen(_make(ctx, schema, _DEPTH))


def body_example(ctx: Context, media: object) -> object:
    """The example of a request body media object (`example` or the first `examples`,
    else its schema's); `None` when there is none."""
    if not isinstance(media, dict):
        return None
    given = _given(media)
    if given is _NONE:
        given = _given(_deref(ctx, media.get("schema")))
    return None if given is _NONE else given


def field_example(ctx: Context, body: object, wire: str, schema: object) -> Example:
    """A body property's example: the body example's value, or one for its schema."""
    if isinstance(body, dict) and wire in body:
        return _frozen(body[wire])
    return made_example(ctx, schema)


class _Missing:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<none>"


_NONE: Any = _Missing()


def _given(node: object) -> object:
    if not isinstance(node, dict):
        return _NONE
    if "example" in node:
        return node["example"]
    examples = node.get("examples")
    if isinstance(examples, list) and examples:  # a schema's (JSON Schema) examples
        return examples[0]
    if isinstance(examples, dict):  # an OpenAPI Example Object map
        for value in examples.values():
            if isinstance(value, dict) and "value" in value:
                return value["value"]
    return _NONE


def _deref(ctx: Context, node: object) -> object:
    """`node` with `$ref` chains followed (quietly: the build reports bad references)."""
    seen: set[str] = set()
    while (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith("#")
    ):
        ref = node["$ref"]
        if ref in seen:
            return {}
        seen.add(ref)
        node = ctx.get(ref[1:])
    return node


def _make(ctx: Context, schema: object, depth: int) -> object:
    node = _deref(ctx, schema)
    if not isinstance(node, dict) or depth <= 0:
        return None
    for key in ("const", "default"):
        if key in node and node[key] is not None:
            return node[key]
    if isinstance(node.get("enum"), list) and any(v is not None for v in node["enum"]):
        return next(v for v in node["enum"] if v is not None)
    given = _given(node)
    if given is not _NONE:
        return given
    parts = node.get("allOf")
    if isinstance(parts, list) and parts:
        merged: dict[str, object] = {}
        for part in parts:
            value = _make(ctx, part, depth - 1)
            if isinstance(value, dict):
                merged.update(value)
        own = _object(ctx, node, depth) if "properties" in node else {}
        return {**merged, **own}
    for key in ("oneOf", "anyOf"):
        members = node.get(key)
        if isinstance(members, list):
            for member in members:
                if _kind(_deref(ctx, member)) != "null":
                    return _make(ctx, member, depth - 1)
    kind = _kind(node)
    if kind == "object":
        return _object(ctx, node, depth)
    if kind == "array":
        count = max(1, node.get("minItems", 1) if isinstance(node.get("minItems"), int) else 1)
        return [_make(ctx, node.get("items"), depth - 1) for _ in range(count)]
    if kind == "integer" or kind == "number":
        return _number(node, kind)
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return _string(node)


def _kind(node: object) -> str:
    if not isinstance(node, dict):
        return "any"
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if isinstance(kind, str):
        return kind
    if "properties" in node or "additionalProperties" in node:
        return "object"
    return "array" if "items" in node else "string"


def _object(ctx: Context, node: dict[str, Any], depth: int) -> dict[str, object]:
    properties, required = node.get("properties"), node.get("required")
    if not isinstance(properties, dict) or not isinstance(required, list):
        return {}
    return {
        name: _make(ctx, properties[name], depth - 1) for name in required if name in properties
    }


def _number(node: dict[str, Any], kind: str) -> int | float:
    low = node.get("minimum")
    if isinstance(node.get("exclusiveMinimum"), (int, float)) and not isinstance(
        node["exclusiveMinimum"], bool
    ):
        low = node["exclusiveMinimum"] + 1
    high = node.get("maximum")
    value = low if isinstance(low, (int, float)) else 1
    if isinstance(high, (int, float)) and value > high:
        value = high
    return int(value) if kind == "integer" else float(value)


def _string(node: dict[str, Any]) -> str:
    low, high = node.get("minLength"), node.get("maxLength")
    low = low if isinstance(low, int) else 0
    high = high if isinstance(high, int) else None
    pattern = node.get("pattern")
    candidates = [_FORMATS[node["format"]]] if node.get("format") in _FORMATS else []
    candidates += _CANDIDATES
    for text in candidates:
        text = text.ljust(low, "x") if len(text) < low else text
        if high is not None and len(text) > high:
            continue
        if isinstance(pattern, str) and not _matches(pattern, text):
            continue
        return text
    return candidates[0]


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return False


def _frozen(value: object) -> Example:
    return Example(json.dumps(value, default=_iso, ensure_ascii=False))


def _iso(value: object) -> str:
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    raise TypeError(f"no JSON for a {type(value).__name__}")
