"""Example values for parameters: what the SDK's generated tests call each method with.

The spec's own examples win (a parameter's `example` / `examples`, its schema's, or the
request body example's property) where they meet the schema; otherwise a value is made
from the schema: its `default`, first `enum` value or `const`, or one that meets its
type, `format`, `pattern` (`patterns.matching`) and bounds. A spec example that breaks
its schema is mended part by part (`_mend`): a string that misses its pattern, length,
format or enum is replaced, an object gets its missing required properties. Only what
an example can always be made of is read here; an unsatisfiable schema just gets its
best guess, and the generated test says so by failing.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import re
import uuid
from collections.abc import Callable
from typing import Any

from ..ir import Example
from .context import Context
from .patterns import matching

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
    "time": "09:30:00Z",
    "uri": "https://www.example.com/",
    "url": "https://www.example.com/",
    "uri-reference": "https://www.example.com/",
    "iri": "https://www.example.com/",
    "email": "someone@example.com",
    "idn-email": "someone@example.com",
    "uuid": "123e4567-e89b-42d3-a456-426614174000",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "hostname": "www.example.com",
    "idn-hostname": "www.example.com",
    "byte": "aGVsbG8=",
    "duration": "P1D",
    "json-pointer": "/a",
}
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|z|[+-]\d\d:\d\d)")
_CHECKS: dict[str, Callable[[str], object]] = {
    "date": lambda text: re.fullmatch(r"\d{4}-\d\d-\d\d", text)
    and datetime.date.fromisoformat(text),
    "date-time": lambda text: _DATE_TIME.fullmatch(text)
    and datetime.datetime.fromisoformat(text[:19]),
    "uuid": lambda text: len(text) == 36 and uuid.UUID(text),
    "email": lambda text: re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text),
    "uri": lambda text: re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", text),
    "url": lambda text: re.match(r"[A-Za-z][A-Za-z0-9+.-]*:\S+$", text),
    "ipv4": ipaddress.IPv4Address,
    "ipv6": ipaddress.IPv6Address,
}
"""Formats a spec example is checked against (a failed check or an error: it breaks it)."""


def example(ctx: Context, param: dict[str, Any], schema: object) -> Example:
    """A parameter's example: its own, its schema's, or one made from the schema."""
    given = _given(param)
    if given is not _NONE:
        return _frozen(_mend(ctx, schema, given, _DEPTH))
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
        return _frozen(_mend(ctx, schema, body[wire], _DEPTH))
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
    if node.get("const") is not None:
        return node["const"]
    if node.get("default") is not None and _of_type(node, node["default"]):
        return node["default"]
    if isinstance(node.get("enum"), list) and any(v is not None for v in node["enum"]):
        return next(v for v in node["enum"] if v is not None)
    given = _given(node)
    if given is not _NONE:
        return _mend(ctx, node, given, depth)
    parts = node.get("allOf")
    if isinstance(parts, list) and parts:
        merged: dict[str, object] = {}
        scalar: object = _NONE
        for part in parts:
            value = _make(ctx, part, depth - 1)
            if isinstance(value, dict):
                merged.update(value)
            elif value is not None and scalar is _NONE and _shaped(_deref(ctx, part)):
                scalar = value
        if not merged and scalar is not _NONE and "properties" not in node:
            return scalar  # an enum (or any scalar) wrapped in `allOf`
        properties, required = _properties(ctx, node, depth)
        own = {
            name: _make(ctx, properties[name], depth - 1)
            for name in required
            if name in properties and name not in merged
        }
        return {**merged, **own}
    for key in ("oneOf", "anyOf"):
        members = node.get(key)
        if isinstance(members, list):
            for member in members:
                if _kind(_deref(ctx, member)) != "null":
                    made = _tagged(node, member, _make(ctx, member, depth - 1))
                    if key == "oneOf" and isinstance(made, dict):
                        made = {**_tags(ctx, member, depth), **made}
                        if sum(_fits(ctx, m, made, depth) for m in members) > 1:
                            made = _exclusive(ctx, node, members, depth, made)
                    if isinstance(made, dict) and "properties" in node:
                        return {**_object(ctx, node, depth), **made}  # the union's own too
                    return made
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


_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
    "null": (type(None),),
}


def _of_type(node: dict[str, Any], value: object) -> bool:
    """Whether `value` has a type the schema's `type` keyword allows (a spec's `default`
    can break it: `type: number, default: "0.0001"`)."""
    kinds = node.get("type")
    kinds = [kinds] if isinstance(kinds, str) else kinds
    if not isinstance(kinds, list):
        return True
    for kind in kinds:
        allowed = _TYPES.get(kind) if isinstance(kind, str) else None
        if (
            allowed is None
            or isinstance(value, allowed)
            and (kind == "boolean" or not isinstance(value, bool))
        ):
            return True
    return False


def _tagged(union: dict[str, Any], member: object, made: object) -> object:
    """`made` (a value of one member of `union`) with the discriminator value that maps
    to that member: its own schema may allow every member's (an enum of all of them)."""
    spec = union.get("discriminator")
    ref = member.get("$ref") if isinstance(member, dict) else None
    if not isinstance(made, dict) or not isinstance(spec, dict) or not isinstance(ref, str):
        return made
    prop, mapping = spec.get("propertyName"), spec.get("mapping")
    values = (
        [v for v, target in mapping.items() if target == ref] if isinstance(mapping, dict) else []
    )
    return {**made, prop: values[0]} if isinstance(prop, str) and values else made


def _tags(ctx: Context, member: object, depth: int) -> dict[str, object]:
    """A value for each `enum` / `const` property of a `oneOf` member: what tells it
    from the other members when it requires nothing (`{}` would match them all)."""
    properties, _ = _properties(ctx, member, depth - 1)
    tags = {}
    for name, prop in properties.items():
        node = _deref(ctx, prop)
        if isinstance(node, dict) and ("const" in node or isinstance(node.get("enum"), list)):
            tags[name] = _make(ctx, node, depth - 1)
    return tags


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


def _properties(ctx: Context, node: object, depth: int) -> tuple[dict[str, object], list[str]]:
    """An object schema's properties and required names, through `allOf` parts."""
    node = _deref(ctx, node)
    properties: dict[str, object] = {}
    required: list[str] = []
    if not isinstance(node, dict) or depth <= 0:
        return properties, required
    parts = node.get("allOf")
    for part in parts if isinstance(parts, list) else []:
        more, needed = _properties(ctx, part, depth - 1)
        properties.update(more)
        required += needed
    if isinstance(node.get("properties"), dict):
        properties.update(node["properties"])
    if isinstance(node.get("required"), list):
        required += [name for name in node["required"] if isinstance(name, str)]
    return properties, required


def _mend(ctx: Context, schema: object, value: object, depth: int) -> object:
    """`value` (a spec's example) with the parts that break `schema` made anew: a string
    against its enum, pattern, length or format, a missing required property, a list
    shorter than `minItems`, a value of the wrong type. Unions are left as they are."""
    node = _deref(ctx, schema)
    if not isinstance(node, dict) or depth <= 0 or not _shaped(node):
        return value
    if value is None:
        return value if _nullable(node) else _make_fresh(ctx, node, depth)
    if "const" in node:
        return node["const"]
    if isinstance(node.get("enum"), list) and node["enum"]:
        return value if value in node["enum"] else _make_fresh(ctx, node, depth)
    members = next((node[k] for k in ("oneOf", "anyOf") if isinstance(node.get(k), list)), None)
    if members is not None:
        if not isinstance(value, dict):
            return value
        own, _ = _properties(ctx, node, depth)
        member = _member(ctx, members, value, own, depth)
        value = value if member is None else _mend(ctx, member, value, depth - 1)
        if (
            "oneOf" in node
            and isinstance(value, dict)
            and sum(_fits(ctx, m, value, depth) for m in members) > 1
        ):
            value = _exclusive(ctx, node, members, depth, value)
        if not own and "required" not in node:
            return value
    parts = node.get("allOf")
    if (
        isinstance(parts, list)
        and parts
        and "properties" not in node
        and not isinstance(value, dict)
    ):
        for part in parts:
            value = _mend(ctx, part, value, depth - 1)
        return value
    kind = _kind(node) if "type" in node or not isinstance(parts, list) else "object"
    kind = "object" if members is not None else kind
    if kind == "string":
        return value if isinstance(value, str) and _fits_string(node, value) else _string(node)
    if kind in ("integer", "number"):
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return _number(node, kind)
        whole = not isinstance(value, float) or value.is_integer()
        return (
            value if _within(node, value) and (whole or kind == "number") else _number(node, kind)
        )
    if kind == "boolean":
        return value if isinstance(value, bool) else True
    if kind == "array":
        if not isinstance(value, list):
            return _make_fresh(ctx, node, depth)
        items = [_mend(ctx, node.get("items"), item, depth - 1) for item in value]
        low = node.get("minItems")
        while isinstance(low, int) and len(items) < low:
            items.append(_make(ctx, node.get("items"), depth - 1))
        return items
    if kind == "object":
        if not isinstance(value, dict):
            return _make_fresh(ctx, node, depth)
        properties, required = _properties(ctx, node, depth)
        mended = {
            key: _mend(ctx, properties[key], item, depth - 1) if key in properties else item
            for key, item in value.items()
        }
        for name in required:
            if name not in mended and name in properties:
                mended[name] = _make(ctx, properties[name], depth - 1)
        return mended
    return value


def _member(
    ctx: Context, members: list[object], value: dict[str, Any], own: dict[str, object], depth: int
) -> object:
    """The object member of a union that `value` is an example of: every key one of its
    properties (or the union's `own`), every tag (`const` or one-value `enum`) matched;
    `None` when none is."""
    for member in members:
        properties, _ = _properties(ctx, member, depth - 1)
        if properties and all(key in properties or key in own for key in value):
            tags = {k: _deref(ctx, properties[k]) for k in value if k in properties}
            if all(_tag_fits(tag, value[k]) for k, tag in tags.items()):
                return member
    return None


def _fits(ctx: Context, member: object, value: dict[str, Any], depth: int) -> bool:
    """Whether an object `value` plainly meets a union member: its required properties
    there, no property it forbids, every enum / const property matched."""
    node = _deref(ctx, member)
    if not isinstance(node, dict):
        return False
    kind = node.get("type")
    if kind is not None and kind != "object" and not (isinstance(kind, list) and "object" in kind):
        return False
    properties, required = _properties(ctx, node, depth - 1)
    if any(name not in value for name in required):
        return False
    if node.get("additionalProperties") is False and any(k not in properties for k in value):
        return False
    for key, item in value.items():
        prop = _deref(ctx, properties.get(key))
        if isinstance(prop, dict) and (
            "const" in prop
            and prop["const"] != item
            or isinstance(prop.get("enum"), list)
            and item not in prop["enum"]
        ):
            return False
    return True


def _exclusive(
    ctx: Context, node: dict[str, Any], members: list[object], depth: int, value: object
) -> object:
    """A value for the first member of a `oneOf` that meets no other member, instead of
    `value` (a spec example that meets several, and so none); `value` when none can."""
    for member in members:
        made = _tagged(node, member, _make(ctx, member, depth - 1))
        if isinstance(made, dict):
            made = {**_tags(ctx, member, depth), **made}
            if sum(_fits(ctx, m, made, depth) for m in members) == 1:
                return made
    return value


def _tag_fits(node: object, value: object) -> bool:
    if not isinstance(node, dict):
        return True
    if "const" in node:
        return bool(node["const"] == value)
    enum = node.get("enum")
    return not (isinstance(enum, list) and len(enum) == 1 and enum[0] != value)


_SHAPE_KEYS = frozenset(
    {"type", "enum", "const", "allOf", "oneOf", "anyOf", "items", "properties", "format",
     "pattern", "minLength", "maxLength", "minimum", "maximum", "required"}
)  # fmt: skip


def _shaped(node: object) -> bool:
    """Whether a schema says anything about a value (not only `description` and the like)."""
    return isinstance(node, dict) and not _SHAPE_KEYS.isdisjoint(node)


def _make_fresh(ctx: Context, node: dict[str, Any], depth: int) -> object:
    """A value made from `node` without its own example (which just failed it)."""
    return _make(ctx, {k: v for k, v in node.items() if k not in ("example", "examples")}, depth)


def _nullable(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return (
        node.get("nullable") is True
        or kind == "null"
        or (isinstance(kind, list) and "null" in kind)
        or (isinstance(node.get("enum"), list) and None in node["enum"])
    )


def _fits_string(node: dict[str, Any], text: str) -> bool:
    low, high, pattern = node.get("minLength"), node.get("maxLength"), node.get("pattern")
    if isinstance(low, int) and len(text) < low or isinstance(high, int) and len(text) > high:
        return False
    if isinstance(pattern, str) and not _matches(pattern, text):
        return False
    check = _CHECKS.get(node.get("format", ""))
    try:
        return check is None or bool(check(text))
    except ValueError:
        return False


def _within(node: dict[str, Any], value: float) -> bool:
    low, high = node.get("minimum"), node.get("maximum")
    if isinstance(low, (int, float)) and value < low:
        return False
    if node.get("exclusiveMinimum") is True and value == low:  # OpenAPI 3.0's boolean form
        return False
    if node.get("exclusiveMaximum") is True and value == high:
        return False
    return not (isinstance(high, (int, float)) and value > high)


def _number(node: dict[str, Any], kind: str) -> int | float:
    low = node.get("minimum")
    if isinstance(node.get("exclusiveMinimum"), (int, float)) and not isinstance(
        node["exclusiveMinimum"], bool
    ):
        low = node["exclusiveMinimum"] + 1
    elif node.get("exclusiveMinimum") is True and isinstance(low, (int, float)):
        low = low + 1  # OpenAPI 3.0: `minimum` itself is excluded
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
    made = matching(pattern, low, high) if isinstance(pattern, str) else None
    if made is not None:
        return made
    return candidates[0][:high] if high is not None else candidates[0]


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
