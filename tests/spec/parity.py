"""Compare an operation of two OpenAPI descriptions by meaning, not by layout.

Our description (3.1, split in files, named schemas, `anyOf [X, null]`) and Pinterest's
(3.0, one file, `nullable`, inline objects, `allOf` chains) say the same things in
different shapes. Each schema is first reduced to a `Shape` (types, enum, constraints,
properties, items, map values; `allOf` merged, `oneOf`/`anyOf` joined), then flattened to
one line of facts per field path (`items[].media.images.600x.url`). Two operations agree
when their parameters, request-body fields and required sets, success-response fields,
response codes, scopes and vendor extensions agree.

Normalisation rules (documented in spec/README.md, "Parity with Pinterest's description"):
`nullable: true` (3.0) is read as its authors meant it, i.e. it makes the node nullable
even around an `allOf`; nullability of array items is not compared; descriptions,
titles, examples, `readOnly`/`writeOnly` and `discriminator` are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .specfiles import Operation, Ref, SpecTree

CONSTRAINTS = ("pattern", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "default")
MAX_DEPTH = 40


@dataclass(frozen=True)
class Shape:
    types: frozenset[str] | None = None  # None: any type; "null" in it: nullable
    format: str | None = None
    enum: frozenset[Any] | None = None
    constraints: tuple[tuple[str, Any], ...] = ()
    properties: tuple[tuple[str, Shape], ...] = ()
    required: frozenset[str] = frozenset()
    items: Shape | None = None
    values: Shape | None = None  # additionalProperties, when it is a schema


ANY = Shape()
NULL = Shape(types=frozenset({"null"}))


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def meet(a: Shape, b: Shape) -> Shape:
    """Both shapes hold (allOf)."""
    if a.types is None:
        types = b.types
    elif b.types is None:
        types = a.types
    else:
        types = a.types & b.types
    if a.enum is None or b.enum is None:
        enum = a.enum if b.enum is None else b.enum
    else:
        enum = a.enum & b.enum
    props = dict(a.properties)
    for name, shape in b.properties:
        props[name] = meet(props[name], shape) if name in props else shape
    return Shape(
        types=types,
        format=b.format or a.format,
        enum=enum,
        constraints=tuple(sorted({**dict(a.constraints), **dict(b.constraints)}.items())),
        properties=tuple(sorted(props.items())),
        required=a.required | b.required,
        items=_meet_optional(a.items, b.items),
        values=_meet_optional(a.values, b.values),
    )


def join(a: Shape, b: Shape) -> Shape:
    """Either shape holds (oneOf / anyOf): fields of both branches, types of either."""
    types = None if a.types is None or b.types is None else a.types | b.types
    enum = None if a.enum is None or b.enum is None else a.enum | b.enum
    props = dict(a.properties)
    for name, shape in b.properties:
        props[name] = join(props[name], shape) if name in props else shape
    return Shape(
        types=types,
        format=a.format if a.format == b.format else None,
        enum=enum,
        constraints=tuple(sorted(set(a.constraints) & set(b.constraints))),
        properties=tuple(sorted(props.items())),
        required=a.required & b.required,
        items=_join_optional(a.items, b.items),
        values=_join_optional(a.values, b.values),
    )


def _meet_optional(a: Shape | None, b: Shape | None) -> Shape | None:
    return b if a is None else a if b is None else meet(a, b)


def _join_optional(a: Shape | None, b: Shape | None) -> Shape | None:
    return b if a is None else a if b is None else join(a, b)


class Reader:
    """Reduces the schemas of one description to shapes."""

    def __init__(self, doc: SpecTree, *, request: bool) -> None:
        self.doc = doc
        self.v30 = str(doc.root_doc.get("openapi", "")).startswith("3.0")
        # a request never carries readOnly properties, a response never writeOnly ones
        self.hidden = "readOnly" if request else "writeOnly"

    def shape(self, node: Any, where: Ref, depth: int = 0) -> Shape:
        if depth > MAX_DEPTH or not isinstance(node, dict):
            return ANY
        if "$ref" in node:
            target = self.doc.target(node["$ref"], where)
            referenced = self.shape(self.doc.get(target), target, depth + 1)
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            if self.v30 or not siblings:
                return referenced  # 3.0 ignores the siblings of a reference
            return meet(referenced, self.shape(siblings, where, depth + 1))
        own = self._own(node, where, depth)
        for part in node.get("allOf", []):
            own = meet(own, self.shape(part, where, depth + 1))
        for keyword in ("oneOf", "anyOf"):
            if keyword in node:
                branches = [self.shape(b, where, depth + 1) for b in node[keyword]]
                nulls = [b for b in branches if b == NULL]
                joined = next(b for b in branches if b != NULL)
                for branch in branches:
                    if branch != NULL and branch is not joined:
                        joined = join(joined, branch)
                if nulls and joined.types is not None:
                    joined = replace(joined, types=joined.types | {"null"})
                own = meet(own, joined)
        if self.v30 and node.get("nullable") is True and own.types is not None:
            own = replace(own, types=own.types | {"null"})
        return own

    def _own(self, node: dict[str, Any], where: Ref, depth: int) -> Shape:
        kind = node.get("type")
        types: frozenset[str] | None
        if kind is None and node.get("enum") and all(isinstance(v, str) for v in node["enum"] if v is not None):
            types = frozenset({"string"})  # an untyped enum of strings
        elif kind is None:
            types = None
        else:
            types = frozenset([kind] if isinstance(kind, str) else kind)
            if self.v30 and node.get("nullable") is True:
                types |= {"null"}
        enum = None
        if "enum" in node:
            enum = frozenset(_freeze(v) for v in node["enum"] if v is not None)
            if None in node["enum"] and types is not None:
                types |= {"null"}
        items = self.shape(node["items"], where, depth + 1) if isinstance(node.get("items"), dict) else None
        extra = node.get("additionalProperties")
        values = self.shape(extra, where, depth + 1) if isinstance(extra, dict) and extra else None
        props = tuple(
            sorted(
                (name, self.shape(sub, where, depth + 1))
                for name, sub in node.get("properties", {}).items()
                if not (isinstance(sub, dict) and sub.get(self.hidden) is True)
            )
        )
        return Shape(
            types=types,
            format=node.get("format"),
            enum=enum,
            constraints=tuple(sorted((k, _freeze(node[k])) for k in CONSTRAINTS if k in node)),
            properties=props,
            required=frozenset(node.get("required", [])),
            items=items,
            values=values,
        )


@dataclass
class Facts:
    """One line of facts per field path, and the required set of each object."""

    fields: dict[str, str] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)


def describe(shape: Shape, *, constraints: bool) -> str:
    parts = []
    if shape.types is not None:
        parts.append("type=" + "|".join(sorted(shape.types)))
    if shape.format:
        parts.append("format=" + shape.format)
    if shape.enum is not None:
        parts.append("enum=[" + ",".join(sorted(map(str, shape.enum))) + "]")
    if constraints:
        parts.extend(f"{k}={v!r}" for k, v in shape.constraints)
    return " ".join(parts) or "any"


def flatten(shape: Shape, *, constraints: bool, root: str = "") -> Facts:
    facts = Facts()
    _flatten(shape, root, facts, constraints, 0)
    return facts


def _flatten(shape: Shape, path: str, facts: Facts, constraints: bool, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    facts.fields[path or "(root)"] = describe(shape, constraints=constraints)
    if shape.properties:
        facts.required[path or "(root)"] = ",".join(sorted(shape.required)) or "-"
    for name, sub in shape.properties:
        _flatten(sub, f"{path}.{name}" if path else name, facts, constraints, depth + 1)
    if shape.items is not None:
        items = shape.items
        if items.types is not None:  # nullability of array items is not compared
            items = replace(items, types=items.types - {"null"} or items.types)
        _flatten(items, path + "[]", facts, constraints, depth + 1)
    if shape.values is not None:
        _flatten(shape.values, path + "{}", facts, constraints, depth + 1)


@dataclass(frozen=True)
class Difference:
    endpoint: str
    where: str
    official: str
    ours: str


def operation_facts(doc: SpecTree, op: Operation) -> dict[str, str]:
    """Every compared fact of an operation, keyed by where it is."""
    reader = Reader(doc, request=True)
    facts: dict[str, str] = {}
    for param in op.path_item.get("parameters", []) + op.node.get("parameters", []):
        param, at = doc.deref(param, op.where)
        key = f"parameter {param['in']}:{param['name']}"
        facts[key] = "required" if param.get("required") else "optional"
        if param.get("explode") is False:
            facts[key] += " explode=false"
        shape = reader.shape(param.get("schema", {}), at)
        for path, line in flatten(shape, constraints=True).fields.items():
            facts[f"{key} {path}"] = line
    body = op.node.get("requestBody")
    if body is not None:
        body, at = doc.deref(body, op.where)
        facts["request body"] = "required" if body.get("required") else "optional"
        shape = reader.shape(body["content"]["application/json"]["schema"], at)
        flat = flatten(shape, constraints=True)
        facts.update({f"request body field {p}": line for p, line in flat.fields.items()})
        facts.update({f"request body required {p}": line for p, line in flat.required.items()})
    facts["response codes"] = ",".join(sorted(op.node["responses"]))
    reader = Reader(doc, request=False)
    for code, response in op.node["responses"].items():
        if not code.startswith("2"):
            continue
        response, at = doc.deref(response, op.where)
        content = response.get("content", {}).get("application/json")
        if content is None:
            facts[f"response {code}"] = "no content"
            continue
        shape = reader.shape(content["schema"], at)
        for path, line in flatten(shape, constraints=False).fields.items():
            facts[f"response {code} field {path}"] = line
    scopes = [r for r in op.node.get("security", []) if "pinterest_oauth2" in r]
    facts["oauth scopes"] = ",".join(sorted(scopes[0]["pinterest_oauth2"])) if scopes else "-"
    for ext in ("x-ratelimit-category", "x-sandbox"):
        facts[ext] = str(op.node.get(ext, "-"))
    return facts


def compare(official: SpecTree, ours: SpecTree, only: frozenset[str] | None = None) -> list[Difference]:
    """Differences of our operations (those keyed in `only`, when given) from `official`'s."""
    theirs = {op.key: op for op in official.operations()}
    differences = []
    for op in ours.operations():
        if only is not None and op.key not in only:
            continue
        mine = operation_facts(ours, op)
        other = operation_facts(official, theirs[op.key]) if op.key in theirs else {}
        for where in sorted(set(mine) | set(other)):
            a, b = other.get(where, "(absent)"), mine.get(where, "(absent)")
            if a != b:
                differences.append(Difference(op.key, where, a, b))
    return differences
