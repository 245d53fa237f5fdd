"""Validate a bundled spec with openapi-spec-validator, every error located.

The validator works in two passes: the OpenAPI JSON Schema over the whole document
(its errors carry their path), then checks that follow references (operation ids, path
parameters, schema meta-checks), whose errors carry no path. We run that second pass
one component schema and one path item at a time, so each error is known to lie
within one of them, and then find the exact node from what the error says.

The passes are pure (data in, `(pointer, message)` pairs out): `document_errors` and
`reference_errors` run in the validation worker while the rest of the pipeline goes
on; `find_errors` is both, in this process.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from . import refine
from .cache import json_digest
from .load import escape_token, resolve_pointer

__all__ = [
    "Memo",
    "document_errors",
    "find_errors",
    "merge_errors",
    "openapi_version",
    "prose_blind_digest",
    "reference_errors",
]

_OPERATION = re.compile(r"for '(\w+)'(?: operation)? in ")


def openapi_version(data: object) -> tuple[str | None, str | None]:
    """`("3.0" | "3.1", None)`, or `(None, why the document cannot be read)`."""
    if not isinstance(data, dict):
        return None, "not an OpenAPI document: the root is not a mapping"
    version = data.get("openapi")
    if version is None:
        if "swagger" in data:
            return None, "Swagger 2.0 is not supported: convert the document to OpenAPI 3 first"
        return None, "not an OpenAPI document: no `openapi` version field"
    text = str(version)
    for supported in ("3.0", "3.1"):
        if text == supported or text.startswith(f"{supported}."):
            return supported, None
    return None, f"unsupported OpenAPI version {text!r}: sdkgen reads 3.0 and 3.1"


def find_errors(data: object) -> list[tuple[str, str]]:
    """`(pointer, message)` for every validation error, in document order, deduplicated."""
    return merge_errors(document_errors(data)[0], reference_errors(data)[0])


_PROSE = frozenset({"description", "summary", "title"})
_DATA = frozenset({"default", "enum", "const", "example", "examples", "mapping"})


def prose_blind_digest(data: object, *context: str) -> str | None:
    """A digest of `data` blind to the text of its descriptions, summaries and titles
    (`None` for what JSON cannot spell). Documents with the same digest differ in prose
    only, which no rule of the validator or of ours reads: a document valid before is
    valid again, so a valid verdict can be reused (never a list of errors, whose
    messages may quote the prose).

    Prose is the string value of a `description`, `summary` or `title` key, except below
    a key whose value is data some rule reads (`default` values are checked against
    their schema, a discriminator's `mapping` names schemas; `enum`, `const` and
    examples likewise) or an extension (`x-…`): there a key named `description` may
    hold anything. A string where OpenAPI wants an object (a property or a component
    named `description`) makes the document invalid, so it is never reused.
    """
    return json_digest("prose-blind", *context, _prose_blind(data))


def _prose_blind(node: object) -> object:
    if isinstance(node, dict):
        return {key: _prose_blind_value(key, value) for key, value in node.items()}
    if isinstance(node, list):
        return [_prose_blind(item) for item in node]
    return node


def _prose_blind_value(key: object, value: object) -> object:
    if key in _PROSE and isinstance(value, str):
        return ""
    if key in _DATA or (isinstance(key, str) and key.startswith("x-")):
        return value  # data some rule reads, or an extension: nothing below is prose
    return _prose_blind(value)


Memo = dict[str, object]
"""What an earlier run learned, by the digest of what it was learned from: the errors
of each path item (first pass) and the schemas that passed the meta-schema checks
(second pass: the validator's, and JSON Schema 2020-12's for 3.1). Reusing it gives the
same errors as validating again."""


def document_errors(data: object, memo: Memo | None = None) -> tuple[list[tuple[str, str]], Memo]:
    """The first pass: the OpenAPI JSON Schema over the whole document, and `$ref`s that
    point nowhere. Independent of `reference_errors`, so the two can run in parallel.

    With a `memo`, path items it knows are not validated again: the OpenAPI schema
    validates each `/…` entry of `paths` on its own (as a Path Item, never looking at
    its siblings or following its `$ref`s), so its errors are a function of its
    content; the rest of the document is validated without them. Returns the errors
    and what this run learned.
    """
    version, why = openapi_version(data)
    if version is None:
        return [("/openapi" if isinstance(data, dict) and "openapi" in data else "", why or "")], {}
    assert isinstance(data, dict)
    paths = data.get("paths")
    keys: dict[str, str] = {}
    if memo is not None and isinstance(paths, dict):
        for url, item in paths.items():
            key = json_digest("path item", version, item) if url.startswith("/") else None
            if key is not None:
                keys[url] = key
    known = {
        url: errors
        for url, key in keys.items()
        if (errors := _stored_errors(memo, key)) is not None
    }
    validated: object = data
    if known:
        assert isinstance(paths, dict)
        validated = {
            **data,
            "paths": {url: item for url, item in paths.items() if url not in known},
        }
    found = [
        e
        for error in _document_validator(version).iter_errors(validated)
        for e in refine.unfold(error, version)
    ]
    learned: Memo = {}
    for url, key in keys.items():
        base = f"/paths/{escape_token(url)}"
        if url in known:
            errors = known[url]
            found.extend((base + suffix, message) for suffix, message in errors)
        else:
            errors = [
                (p[len(base) :], m) for p, m in found if p == base or p.startswith(base + "/")
            ]
        learned[key] = errors
    found.extend(_dangling_refs(data))
    found.extend(refine.ref_cycles(data))
    return found, learned


def _stored_errors(memo: Memo | None, key: str) -> list[tuple[str, str]] | None:
    """A path item's errors as `memo` holds them; `None` if absent or not well-formed."""
    stored = memo.get(key) if memo is not None else None
    if not isinstance(stored, list) or not all(
        isinstance(e, (list, tuple)) and len(e) == 2 and all(isinstance(x, str) for x in e)
        for e in stored
    ):
        return None
    return [(suffix, message) for suffix, message in stored]


def reference_errors(
    data: object, memo: Memo | None = None
) -> tuple[list[tuple[str, str, bool]], Memo]:
    """The second pass, as `(pointer, message, failed)`: `failed` marks the validator
    failing on a part (it assumes a valid document), worth reporting only when nothing
    before it was found (`merge_errors`).

    With a `memo`, a component schema that passed the meta-schema check before is not
    checked again (the check reads nothing but the schema and the dialect). Returns the
    errors and what this run learned.
    """
    version = openapi_version(data)[0]
    if version is None:
        return [], {}
    assert isinstance(data, dict)
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = OpenAPIV30SpecValidator if version == "3.0" else OpenAPIV31SpecValidator
    validator = type(cls.__name__, (cls,), {"resolver_handlers": _NoRetrieval()})(data)
    learned: Memo = {}
    if memo is not None:
        _remember_meta_checks(validator, version, str(data.get("jsonSchemaDialect")), memo, learned)
    meta = refine.schema_errors(data, memo, learned) if version == "3.1" else []
    found: list[tuple[str, str, bool]] = [(pointer, message, False) for pointer, message in meta]
    explained = {pointer for pointer, _ in meta}  # the validator says less about these
    for base, errors in _keyword_errors(validator, data):
        try:
            for error in errors:
                pointer, message = _refined(data, base, error)
                if not _below(pointer, explained):
                    found.append((pointer, message, False))
        except Exception as exc:  # noqa: BLE001 (the second pass assumes the first passed)
            found.append(
                (base, refine.short(f"the validator failed: {type(exc).__name__}: {exc}"), True)
            )
    return found, learned


class Unretrievable(Exception):
    """What the validator gets for a reference outside the document."""


def _refuse(uri: str) -> Any:
    raise Unretrievable(f"{uri!r} is not in the document: sdkgen retrieves nothing")


class _NoRetrieval(dict[str, Any]):
    """The validator's reference handlers: one for every scheme (jsonschema-path asks
    `urlopen` for a scheme it has no handler for), and it refuses. The bundled document
    holds local references only; whatever else it names is never fetched nor read."""

    def __contains__(self, scheme: object) -> bool:
        return True

    def __getitem__(self, scheme: str) -> Any:
        return _refuse

    def get(self, scheme: str, default: Any = None) -> Any:
        return _refuse


def _remember_meta_checks(
    validator: Any, version: str, dialect: str, memo: Memo, learned: Memo
) -> None:
    """Skip the meta-schema check of schemas `memo` knows to pass; note those that pass."""
    checker = validator.keyword_validators_registry["schema"]
    check = getattr(checker, "_validate_schema_meta", None)
    if check is None:  # another openapi-spec-validator: check everything
        return

    def remembered(schema: Any, value: Any) -> Any:
        key = json_digest("meta-schema check", version, dialect, value)
        if key is not None and key in memo:
            learned[key] = True
            return None
        error = check(schema, value)
        if error is None and key is not None:
            learned[key] = True
        return error

    checker._validate_schema_meta = remembered


def merge_errors(
    first: list[tuple[str, str]], second: list[tuple[str, str, bool]]
) -> list[tuple[str, str]]:
    """Both passes' errors in order, deduplicated; a failure of the second pass only
    when nothing was found before it."""
    found = list(first)
    for pointer, message, failed in second:
        if not failed or not found:
            found.append((pointer, message))
    return refine.collapse(list(dict.fromkeys(found)))


def _below(pointer: str, pointers: set[str]) -> bool:
    """Whether `pointer` is one of `pointers` or lies below one of them."""
    while pointer:
        if pointer in pointers:
            return True
        pointer = pointer.rpartition("/")[0]
    return False


@functools.cache
def _document_validator(version: str) -> Any:
    """The validator's JSON Schema validator of whole documents, its registry crawled.

    openapi-spec-validator's own leaves the root schema uncrawled, so every `$dynamicRef`
    it meets (one per Schema Object) re-crawls the whole OpenAPI schema to find the
    anchor, and throws the result away: 4/5 of its time. Crawled once up front, the
    lookups hit; the schema, the rules and the errors are the same.
    """
    from jsonschema.validators import validator_for  # type: ignore[import-untyped]
    from jsonschema_specifications import REGISTRY  # type: ignore[import-untyped]
    from openapi_spec_validator.schemas import schema_v30, schema_v31
    from referencing.jsonschema import specification_with

    schema = dict(schema_v30 if version == "3.0" else schema_v31)
    resource = specification_with(schema["$schema"]).create_resource(schema)
    registry = REGISTRY.with_resource(resource.id() or "", resource).crawl()
    return validator_for(schema)(schema, registry=registry)


def _dangling_refs(data: object) -> Iterator[tuple[str, str]]:
    """Local `$ref`s that point nowhere (the validator's second pass stops on them)."""
    for pointer, node in _containers(data, ""):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if (
            isinstance(ref, str)
            and ref.startswith("#")
            and resolve_pointer(data, ref[1:], _MISSING) is _MISSING
        ):
            yield f"{pointer}/$ref", f"$ref target not found: {ref!r}"


def _keyword_errors(validator: Any, data: dict[str, Any]) -> Iterator[tuple[str, Iterator[Any]]]:
    """The reference-following checks, one component schema and one path item at a time."""
    registry = validator.keyword_validators_registry
    root = validator.schema_path
    components = data.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    if isinstance(schemas, dict):  # first, so errors are found where a schema is defined
        for name in schemas:
            base = f"/components/schemas/{escape_token(name)}"
            yield base, registry["schema"](root / "components" / "schemas" / name)
    paths = data.get("paths")
    if isinstance(paths, dict):
        for url in paths:
            base = f"/paths/{escape_token(url)}"
            yield base, registry["path"](url, root / "paths" / url)
    if isinstance(data.get("tags"), list) and "tags" in registry.keyword_validators:
        yield "/tags", registry["tags"](root / "tags")


def _best(error: Any) -> Any:
    from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

    return best_match([error]) or error


def _refined(data: dict[str, Any], base: str, error: Any) -> tuple[str, str]:
    """Locate a second-pass error inside `base` (a component schema or a path item)."""
    error = _best(error)
    message = refine.short(error.message)
    said = refine.second_pass(data, base, error, message)
    if said is not None:
        return said
    operation = _OPERATION.search(message)
    if operation is not None:
        suffix = "/operationId" if "Operation ID" in message else ""
        return f"{base}/{operation.group(1)}{suffix}", message
    path = list(error.absolute_path)
    if not path:
        return base, message
    node = resolve_pointer(data, base)
    for pointer, candidate in _containers(node, base):
        found = _walk(candidate, path)
        if found is not _MISSING and (found is error.instance or found == error.instance):
            return pointer + "".join(f"/{escape_token(str(p))}" for p in path), message
    return base, message


_MISSING = object()


def _containers(node: object, pointer: str) -> Iterator[tuple[str, object]]:
    """Every mapping and list below `node`, breadth first (nearest candidates first)."""
    queue: deque[tuple[str, object]] = deque([(pointer, node)])
    while queue:
        where, current = queue.popleft()
        yield where, current
        items: Iterable[tuple[object, object]]
        if isinstance(current, dict):
            items = current.items()
        elif isinstance(current, list):
            items = enumerate(current)
        else:
            continue
        for key, value in items:
            if isinstance(value, (dict, list)):
                queue.append((f"{where}/{escape_token(str(key))}", value))


def _walk(node: object, path: list[object]) -> object:
    for part in path:
        if isinstance(node, dict) and part in node:  # noqa: SIM114 (mypy narrows each type apart)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return _MISSING
    return node
