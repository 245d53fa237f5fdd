"""Turn the validator's raw findings into one precise, located message per problem.

jsonschema reports a schema that fails a `oneOf` (an OpenAPI "Schema or Reference") as
one error at the schema, with the real reasons buried in its context, and an object
with unknown keys as one error listing them all. Here such errors are unfolded: every
reason inside the alternative that fits best becomes a problem of its own, at the node
it concerns, and every unexpected key is reported at that key, with a hint when it is
an OpenAPI 3.1 keyword in a 3.0 document. Also here: the checks the validator cannot
do or gets wrong (pure `$ref` cycles, 3.1 schemas against JSON Schema 2020-12, path
parameters named without saying which side is wrong).

Everything is pure data in, `(pointer, message)` pairs out, so it runs in the
validation worker process.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import Any

from .cache import json_digest
from .load import escape_token, resolve_pointer

__all__ = [
    "collapse",
    "cycle",
    "ref_cycles",
    "schema_errors",
    "second_pass",
    "short",
    "unfold",
    "unknown_type",
]

_MAX_MESSAGE = 240
_ONLY_31 = frozenset(
    {"webhooks", "jsonSchemaDialect", "pathItems", "const", "examples", "$defs", "prefixItems",
     "if", "then", "else", "dependentRequired", "dependentSchemas", "unevaluatedProperties",
     "unevaluatedItems", "contentMediaType", "contentEncoding", "$schema", "$id", "$anchor",
     "$dynamicRef", "$dynamicAnchor", "propertyNames", "contains", "identifier", "summary"}
)  # fmt: skip
_RESPONSE_CODE = re.compile(r"^([1-5][0-9]{2}|[1-5]XX|default)$")
_UNEXPECTED = re.compile(r"\((.*) (?:was|were) unexpected\)$")
_NOT_RESOLVED = re.compile(
    r"^Path parameter '(.+)' for '(\w+)' operation in '(.*)' was not resolved$"
)
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_VALUES = frozenset({"example", "examples", "default", "enum", "const"})
_SCHEMA_TYPES = "array, boolean, integer, null, number, object, string"


def unfold(error: Any, openapi: str) -> list[tuple[str, str]]:
    """`(pointer, message)` for each distinct problem inside a first-pass error."""
    found: dict[str, str] = {}
    for leaf in _leaves(error):
        for pointer, message in _explained(leaf, openapi):
            found.setdefault(pointer, message)  # the best reason per node
    return list(found.items())


def _leaves(error: Any) -> Iterator[Any]:
    """The errors that say what is wrong: inside a failed `oneOf`/`anyOf`, every error of
    the alternative jsonschema finds most relevant."""
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    if error.validator not in ("oneOf", "anyOf") or not error.context:
        yield error
        return
    branches: dict[object, list[Any]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    if isinstance(error.instance, dict) and "$ref" not in error.instance:
        # A Schema-or-Reference `oneOf`: the Reference branch is never what was meant.
        plain = {k: v for k, v in branches.items() if not all(_wants_ref(e) for e in v)}
        branches = plain or branches
    best = best_match([e for group in branches.values() for e in group])
    chosen = branches[best.relative_schema_path[0]] if best is not None else []
    if best is None or (
        error.validator == "anyOf" and all(e.validator in ("enum", "type") for e in chosen)
    ):
        yield error  # a choice of plain values (`type: strin`): the error itself says it best
        return
    for inner in chosen:
        yield from _leaves(inner)


def _wants_ref(error: Any) -> bool:
    return error.validator == "required" and "'$ref'" in error.message


def _explained(error: Any, openapi: str) -> Iterator[tuple[str, str]]:
    pointer = "".join(f"/{escape_token(str(part))}" for part in error.absolute_path)
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(
        error.instance, dict
    ):
        keys = _unexpected(error)
        if keys:
            for key in keys:
                yield f"{pointer}/{escape_token(key)}", _unexpected_message(key, pointer, openapi)
            return
    if (
        error.validator == "required"
        and pointer.endswith("/responses")
        and "'default'" in error.message
    ):
        if any(
            not _RESPONSE_CODE.match(str(k)) and not str(k).startswith("x-") for k in error.instance
        ):
            return  # the codes that are wrong are reported one by one
        yield pointer, "no response: give at least one status code or `default`"
        return
    message = short(error.message)
    if pointer.endswith("/required") and isinstance(error.instance, bool):
        message = "`required: true` on a property is Swagger 2: list the property in its object's `required`"
    if pointer.endswith("/type") and error.validator in ("anyOf", "enum", "type"):
        value = error.instance
        if isinstance(value, list) and openapi == "3.0":
            message = f"{value!r}: a list of types is OpenAPI 3.1; in 3.0 write one type (and `nullable: true`)"
        elif isinstance(value, str):
            message = unknown_type(value)
        elif isinstance(value, list):
            bad = [t for t in value if t not in _SCHEMA_TYPES.split(", ")]
            message = unknown_type(bad[0]) if bad else message
    yield pointer, message


def _unexpected(error: Any) -> list[str]:
    if error.validator == "additionalProperties":
        from jsonschema._utils import find_additional_properties  # type: ignore[import-untyped]

        return sorted(str(k) for k in find_additional_properties(error.instance, error.schema))
    match = _UNEXPECTED.search(error.message)
    if match is None:
        return []
    try:
        keys = ast.literal_eval(f"({match.group(1)},)")
    except (SyntaxError, ValueError):
        return []
    return sorted(str(k) for k in keys)


def _unexpected_message(key: str, pointer: str, openapi: str) -> str:
    if pointer.endswith("/responses"):
        return f"{key!r} is not a response code: use 100 to 599, 1XX to 5XX, or `default`"
    if openapi == "3.0" and key in _ONLY_31:
        return f"`{key}` is OpenAPI 3.1, not 3.0: remove it, or declare `openapi: 3.1.0` (and check the rest)"
    if pointer.startswith("/paths/") and pointer.count("/") == 2:
        return f"{key!r} is not an HTTP method or a path item field"
    return f"unexpected key {key!r} (extensions start with `x-`)"


def second_pass(
    data: dict[str, Any], base: str, error: Any, message: str
) -> tuple[str, str] | None:
    """A second-pass error (found below `base`) located and said better, or `None`."""
    return _path_parameter(data, base, message) or _default_value(data, error, message)


_DEFAULT = "the default value does not fit its schema: "


def _default_value(data: dict[str, Any], error: Any, message: str) -> tuple[str, str] | None:
    """An error in a `default`: at the default, wherever the schema was used from."""
    path = list(error.absolute_path)
    for pointer, node in _containers(data, ""):
        if isinstance(node, dict) and "default" in node:
            found = node["default"]
            for part in path:
                found = (
                    found[part]
                    if isinstance(found, (dict, list)) and _has(found, part)
                    else _NOTHING
                )
            if found is error.instance:
                where = "".join(f"/{escape_token(str(p))}" for p in path)
                return f"{pointer}/default{where}", _DEFAULT + message
    return None


def _has(container: dict[Any, Any] | list[Any], part: object) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(part, int) and part < len(container)


_NOTHING = object()


def collapse(found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """One problem per wrong default, its reasons joined."""
    merged: dict[tuple[str, str], list[str]] = {}
    for pointer, message in found:
        if message.startswith(_DEFAULT):
            merged.setdefault((pointer, _DEFAULT), []).append(message[len(_DEFAULT) :])
        else:
            merged.setdefault((pointer, message), [])
    return [(p, m + "; ".join(dict.fromkeys(r))) if r else (p, m) for (p, m), r in merged.items()]


def _path_parameter(data: dict[str, Any], base: str, message: str) -> tuple[str, str] | None:
    """The validator's "Path parameter 'x' ... was not resolved", said from the right side:
    at the parameter that is not in the path, or at the operation whose path names a
    parameter it does not declare."""
    match = _NOT_RESOLVED.match(message)
    if match is None:
        return None
    name, method, path = match.groups()
    operation = f"{base}/{method}"
    if name in _PLACEHOLDER.findall(path):
        return operation, f"the path has {{{name}}} but no path parameter {name!r} is declared"
    for owner in (operation, base):
        params = resolve_pointer(data, f"{owner}/parameters")
        for index, param in enumerate(params if isinstance(params, list) else []):
            if isinstance(param, dict) and param.get("name") == name and param.get("in") == "path":
                return (
                    f"{owner}/parameters/{index}",
                    f"path parameter {name!r} does not occur in the path {path!r}",
                )
    return operation, f"path parameter {name!r} does not occur in the path {path!r}"


def ref_cycles(data: object) -> list[tuple[str, str]]:
    """References that lead back to themselves without reaching any content."""
    found: list[tuple[str, str]] = []
    reported: set[str] = set()
    for pointer, node in _containers(data, ""):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            continue
        chain = [pointer]
        current: object = node
        while (
            isinstance(current, dict)
            and isinstance(current.get("$ref"), str)
            and current["$ref"].startswith("#")
        ):
            target = current["$ref"][1:]
            if target in chain:
                if not reported & set(chain[chain.index(target) :]):
                    loop = chain[chain.index(target) :]
                    reported.update(loop)
                    found.append(cycle(loop))
                break
            chain.append(target)
            current = resolve_pointer(data, target)
    return found


def cycle(loop: list[str]) -> tuple[str, str]:
    """Where and how a cycle of pure references is reported: the same whichever member
    it is entered from (the build finds them too)."""
    first = loop.index(min(loop))
    shown = " → ".join(f"#{p}" for p in [*loop[first:], *loop[: first + 1]])
    return loop[first], f"reference cycle with nothing to define: {shown}"


def unknown_type(name: object) -> str:
    return f"unknown type {name!r}: the types are {_SCHEMA_TYPES}"


def schema_errors(
    data: dict[str, Any],
    memo: dict[str, object] | None = None,
    learned: dict[str, object] | None = None,
) -> list[tuple[str, str]]:
    """OpenAPI 3.1 schemas checked against JSON Schema 2020-12 (the validator's OpenAPI
    schema lets any schema through). A schema `memo` holds (by the digest of its
    content) passed before and is not checked again; those that pass go into `learned`."""
    from jsonschema import Draft202012Validator  # type: ignore[import-untyped]

    meta = Draft202012Validator(Draft202012Validator.META_SCHEMA)
    found: list[tuple[str, str]] = []
    for pointer, schema in _schemas(data):
        key = json_digest("2020-12 check", schema) if memo is not None else None
        if key is not None and memo is not None and key in memo:
            if learned is not None:
                learned[key] = True
            continue
        errors = [
            (pointer + where, message)
            for error in meta.iter_errors(schema)
            for where, message in unfold(error, "3.1")
        ]
        if not errors and key is not None and learned is not None:
            learned[key] = True
        found.extend(errors)
    return found


def _schemas(data: dict[str, Any]) -> Iterator[tuple[str, object]]:
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    for name, schema in (schemas.items() if isinstance(schemas, dict) else []):
        yield f"/components/schemas/{escape_token(name)}", schema
    for section in ("paths", "webhooks"):
        yield from _inline_schemas(data.get(section), f"/{section}")
    if isinstance(components, dict):
        for section, value in components.items():
            if section != "schemas":
                yield from _inline_schemas(value, f"/components/{escape_token(section)}")


def _inline_schemas(node: object, pointer: str) -> Iterator[tuple[str, object]]:
    """`schema` values below `node`, not descending into them (nor into examples)."""
    for where, current in _containers(node, pointer, stop=frozenset({"schema", *_VALUES})):
        if (
            isinstance(current, dict)
            and "schema" in current
            and not where.endswith(("/properties", "/schema"))
        ):
            yield f"{where}/schema", current["schema"]


def _containers(
    node: object, pointer: str, stop: frozenset[str] = _VALUES
) -> Iterator[tuple[str, object]]:
    stack: list[tuple[str, object]] = [(pointer, node)]
    while stack:
        where, current = stack.pop()
        yield where, current
        items: Iterable[tuple[object, object]]
        if isinstance(current, dict):
            items = ((k, v) for k, v in current.items() if k not in stop)
        elif isinstance(current, list):
            items = enumerate(current)
        else:
            continue
        below = [
            (f"{where}/{escape_token(str(k))}", v) for k, v in items if isinstance(v, (dict, list))
        ]
        stack.extend(reversed(below))  # document order


def short(message: str) -> str:
    """`message` on one line, cut to a readable length."""
    message = " ".join(message.split())
    return message if len(message) <= _MAX_MESSAGE else message[: _MAX_MESSAGE - 1] + "…"
