"""Operations → `Operation`: parameters, body, responses, pagination, docs facts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..ir import (
    AuthKind,
    Body,
    Example,
    ListOf,
    MapOf,
    ModelRef,
    Operation,
    Pagination,
    Param,
    Primitive,
    Response,
    TypeRef,
)
from ..naming import Namespace, param_name, pascal
from .context import Context, Node, join
from .examples import body_example, example, field_example
from .schemas import Types, default_of, split_none
from .shapes import merge

__all__ = ["Operations", "RawOperation"]

_JSON = re.compile(r"^application/([\w.+-]*\+)?json(;.*)?$|^\*/\*$")
_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_LOCATIONS: dict[str, Literal["path", "query", "header"]] = {
    "path": "path",
    "query": "query",
    "header": "header",
}
ConstantFor = Callable[[str, str, str], str]


@dataclass(frozen=True, slots=True)
class RawOperation:
    """An operation as found in `paths`, before it is named and built."""

    path: str
    method: str
    node: Node
    pointer: str
    path_params: tuple[tuple[object, str], ...]
    """The path item's parameters (unresolved) with their pointers."""


class Operations:
    def __init__(
        self,
        ctx: Context,
        types: Types,
        kinds: dict[str, AuthKind] | None = None,
        default: tuple[tuple[AuthKind, ...], ...] = (),
    ) -> None:
        """`kinds`: each supported security scheme's kind of credentials; `default`: the
        security an operation need not spell out (the client's own choice)."""
        self.ctx = ctx
        self.types = types
        self.kinds = kinds or {}
        self.default = default
        root_security = ctx.data.get("security")
        self.root_security = root_security if isinstance(root_security, list) else []

    def build(
        self, raw: RawOperation, name: str, hint: str, constant_for: ConstantFor
    ) -> Operation:
        node, pointer = raw.node, raw.pointer
        names = Namespace()
        params = self._parameters(raw, hint)
        body, body_params = self._body(node, pointer, hint)
        named: list[Param] = []
        for param in [*params, *body_params]:  # earlier locations keep the plain name
            candidate = (
                param.name
                if param.name not in names
                else param_name(f"{param.location}_{param.name}")
            )
            named.append(_renamed(param, names.claim(candidate)))
        positional = tuple(
            sorted(
                (p for p in named if p.location == "path"),
                key=lambda p: _position(raw.path, p.wire_name),
            )
        )
        rest = [p for p in named if p.location != "path"]
        keyword = (*[p for p in rest if p.required], *[p for p in rest if not p.required])
        success, errors = self._responses(node, pointer, hint)
        returns, returns_kind = success.type, _kind_of(success)
        accept = _accept(self.ctx, node, success, returns_kind)
        pagination = self._pagination(node, pointer, success, named, constant_for)
        return Operation(
            name=name,
            operation_id=str(node.get("operationId") or ""),
            http_method=raw.method.upper(),
            path=raw.path,
            summary=_text(node, "summary"),
            description=_text(node, "description"),
            deprecated=node.get("deprecated") is True,
            tags=tuple(t for t in node.get("tags") or () if isinstance(t, str)),
            positional=positional,
            keyword=tuple(keyword),
            body=body,
            returns=returns,
            returns_kind=returns_kind,
            success=success,
            security=self._security(node),
            accept=accept,
            errors=errors,
            pagination=pagination,
            scopes=self._scopes(node),
            rate_limit=_string(node.get("x-ratelimit-category")),
            sandbox=_string(node.get("x-sandbox")),
            pointer=pointer,
        )

    # Parameters -------------------------------------------------------------------

    def _parameters(self, raw: RawOperation, hint: str) -> list[Param]:
        found: dict[tuple[str, str], tuple[Node, str]] = {}
        own = raw.node.get("parameters")
        pairs = [
            *raw.path_params,
            *(
                (p, join(raw.pointer, "parameters", i))
                for i, p in enumerate(own if isinstance(own, list) else [])
            ),
        ]
        for item, where in pairs:
            param = self.ctx.mapping(item, where, "a parameter")
            if isinstance(param.get("name"), str) and isinstance(param.get("in"), str):
                found[(param["name"], param["in"])] = (param, where)  # the operation's own win
        declared = {name for name, location in found if location == "path"}
        for missing in _PLACEHOLDER.findall(raw.path):
            if missing not in declared:
                self.ctx.warn(
                    f"path parameter {missing!r} is not declared: typed as a string", raw.pointer
                )
                found[(missing, "path")] = (
                    {"name": missing, "in": "path", "required": True, "schema": {"type": "string"}},
                    raw.pointer,
                )
        params: list[Param] = []
        for (wire, location), (param, where) in found.items():
            if location == "path" and wire not in _PLACEHOLDER.findall(raw.path):
                self.ctx.warn(
                    f"path parameter {wire!r} does not occur in the path: left out", where
                )
            elif location == "cookie":
                self.ctx.warn(
                    f"cookie parameter {wire!r} is not supported: pass it in `options`' extra_headers",
                    where,
                )
            elif location in _LOCATIONS:
                params.append(self._parameter(param, where, wire, _LOCATIONS[location], hint))
            else:
                hint = (
                    " (a Swagger 2 body parameter: OpenAPI 3 has `requestBody`)"
                    if location == "body"
                    else ""
                )
                self.ctx.invalid(
                    f"unknown parameter location {location!r}{hint}", join(where, "in"), "left out"
                )
        return params

    def _parameter(
        self,
        param: Node,
        where: str,
        wire: str,
        location: Literal["path", "query", "header"],
        hint: str,
    ) -> Param:
        schema, schema_at = param.get("schema"), join(where, "schema")
        as_json = False
        if schema is None and isinstance(param.get("content"), dict) and param["content"]:
            media, value = next(iter(param["content"].items()))
            schema, schema_at = (value or {}).get("schema"), join(where, "content", media, "schema")
            as_json = bool(_JSON.match(media)) and media != "*/*" or media.endswith("+json")
            if not as_json:
                self.ctx.warn(f"a parameter with `content` {media} is sent as plain text", where)
        kind, nullable = split_none(
            self.types.convert(
                schema if schema is not None else {}, schema_at, hint + pascal(wire), None
            )
        )
        meta, _, _ = self.ctx.deref(schema, schema_at)
        meta = meta if isinstance(meta, dict) else {}
        delimiter, deep = None, False
        style = param.get("style", "form" if location == "query" else "simple")
        explode = param.get("explode", style == "form")
        if location == "query" and _is_list(kind):
            if style == "deepObject" or style not in _DELIMITERS:
                self.ctx.warn(
                    f"query style {style!r} is not supported: the list repeats the parameter", where
                )
            elif not explode or style != "form":
                delimiter = _DELIMITERS[style]
        elif location == "query" and _is_object(kind):
            deep = style == "deepObject"
            if not deep and style not in _DELIMITERS:
                self.ctx.warn(
                    f"query style {style!r} is not supported for objects: sent as form", where
                )
            elif not deep and not explode:
                delimiter = _DELIMITERS[style]
        return Param(
            name=param_name(wire),
            wire_name=wire,
            location=location,
            type=kind,
            required=location == "path" or param.get("required") is True,
            nullable=nullable,
            default=default_of(meta, kind, nullable),
            description=_text(param, "description") or _text(meta, "description"),
            deprecated=param.get("deprecated") is True,
            delimiter=delimiter,
            pointer=where,
            example=example(self.ctx, param, schema),
            deep=deep,
            as_json=as_json,
        )

    # Body -------------------------------------------------------------------------

    def _body(self, node: Node, pointer: str, hint: str) -> tuple[Body | None, list[Param]]:
        if "requestBody" not in node:
            return None, []
        where = join(pointer, "requestBody")
        spec = self.ctx.mapping(node["requestBody"], where, "a request body")
        content = spec.get("content")
        if not isinstance(content, dict) or not content:
            self.ctx.warn("a request body without content is not sent", where)
            return None, []
        media = _choose(content)
        at = join(where, "content", media)
        schema = (content[media] or {}).get("schema") if isinstance(content[media], dict) else None
        required = spec.get("required") is True
        description = _text(spec, "description")
        target, _, _ = self.ctx.deref(schema, join(at, "schema"))
        named = self._named(schema)
        given = body_example(self.ctx, content[media])
        is_string = isinstance(target, dict) and target.get("type") == "string"
        if (_JSON.match(media) and not (media == "*/*" and is_string)) or media.endswith("+json"):
            fields = self._fields(schema, join(at, "schema"), hint, required, "json", given)
            if fields is not None and (required or not self._requires(schema, at)):
                self._undeclared(schema, join(at, "schema"), named)
                return (
                    Body("json_fields", "application/json", required, named, description, where),
                    fields,
                )
            kind, nullable = split_none(
                self.types.convert(schema or {}, join(at, "schema"), f"{hint}Body", None)
            )
            sample = field_example(
                self.ctx, {"body": given} if given is not None else None, "body", schema
            )
            body = _body_param(kind, required, nullable, description, at, sample)
            return Body("json", "application/json", required, named, description, where), [body]
        if media in ("multipart/form-data", "application/x-www-form-urlencoded"):
            location: Literal["form", "file"] = "form"
            fields = self._fields(schema, join(at, "schema"), hint, required, location, given)
            if fields is not None:
                kind_name: Literal["multipart", "form"] = (
                    "multipart" if media == "multipart/form-data" else "form"
                )
                self._undeclared(schema, join(at, "schema"), named)
                return Body(kind_name, media, required, named, description, where), fields
            if _no_properties(target):
                return Body("form", media, required, named, description, where), []
            self.ctx.warn(f"a {media} body that is not an object is sent as raw bytes", at)
        if isinstance(target, dict) and target.get("type") not in (None, "string"):
            self.ctx.warn(f"a {media} body is sent as raw bytes", at)
        content_type = media if "*" not in media else "application/octet-stream"
        return Body("binary", content_type, required, named, description, where), [
            _body_param(
                Primitive("bytes"),
                required,
                False,
                description,
                at,
                field_example(
                    self.ctx, {"body": given} if given is not None else None, "body", schema
                ),
            )
        ]

    def _fields(
        self,
        schema: object,
        pointer: str,
        hint: str,
        required: bool,
        location: Literal["json", "form", "file"],
        given: object,
    ) -> list[Param] | None:
        """An object body's properties as parameters (`None` when it is no plain object)."""
        target, where, siblings = self.ctx.deref(schema, pointer)
        if not isinstance(target, dict) or any(k in target for k in ("oneOf", "anyOf")):
            return None
        merged = merge(self.ctx, {**target, **siblings}, where)
        if not merged.properties:
            return None
        named = self._named(schema)
        params: list[Param] = []
        properties = dict(merged.properties)
        for wire, found in self._alternatives(target, where).items():
            properties.setdefault(wire, found)
        first, needed = self._first_alternative(target, where)
        for wire, (prop, at) in properties.items():
            meta, _, extra = self.ctx.deref(prop, at)
            meta = {**meta, **extra} if isinstance(meta, dict) else {}
            if meta.get("readOnly") is True:
                continue
            owner = named.name if named else f"{hint}Body"
            kind, nullable = split_none(
                self.types.convert(prop, at, owner + pascal(wire), named.module if named else None)
            )
            kind_location = location
            if location != "json" and _is_binary(kind):
                kind_location, kind = "file", Primitive("file")
            params.append(
                Param(
                    name=param_name(wire),
                    wire_name=wire,
                    location=kind_location,
                    type=kind,
                    required=required and wire in merged.required,
                    nullable=nullable,
                    default=default_of(meta, kind, nullable),
                    description=_text(meta, "description"),
                    deprecated=meta.get("deprecated") is True,
                    delimiter=None,
                    pointer=at,
                    example=(
                        None
                        if kind_location == "file"
                        else field_example(self.ctx, given, wire, prop)
                    ),
                    sample=(
                        "default"
                        if wire in merged.properties or first is None
                        else (
                            "always"
                            if required and wire in needed
                            else "default" if wire in first else "never"
                        )
                    ),
                )
            )
        return params

    def _undeclared(self, schema: object, pointer: str, named: ModelRef | None) -> None:
        """Warn of each required property an inline body of keyword arguments does not
        declare (a named schema's model warns of its own)."""
        target, where, siblings = self.ctx.deref(schema, pointer)
        if named is not None or not isinstance(target, dict):
            return
        merged = merge(self.ctx, {**target, **siblings}, where)
        for missing in merged.required:
            if missing not in merged.properties:
                self.ctx.warn(
                    f"required property {missing!r} is not defined: it is not typed", where
                )

    def _first_alternative(self, node: Node, pointer: str) -> tuple[set[str] | None, set[str]]:
        """The properties and required names of the first member of each `oneOf` /
        `anyOf` in `node`'s `allOf` parts, which the generated tests send (the others'
        may be forbidden beside them); `(None, ...)` when there is none."""
        first: set[str] | None = None
        needed: set[str] = set()
        parts = node.get("allOf")
        for index, part in enumerate(parts if isinstance(parts, list) else []):
            target, where, _ = self.ctx.deref(part, join(pointer, "allOf", index))
            for key in ("oneOf", "anyOf"):
                members = target.get(key) if isinstance(target, dict) else None
                if not isinstance(members, list) or not members:
                    continue
                inner, at, siblings = self.ctx.deref(members[0], join(where, key, 0))
                if isinstance(inner, dict):
                    merged = merge(self.ctx, {**inner, **siblings}, at)
                    first = (first or set()) | set(merged.properties)
                    needed |= set(merged.required)
        return first, needed

    def _alternatives(self, node: Node, pointer: str) -> dict[str, tuple[object, str]]:
        """The properties of the `oneOf` / `anyOf` members of `node`'s `allOf` parts:
        optional keywords (which of them an alternative requires, a signature cannot say)."""
        found: dict[str, tuple[object, str]] = {}
        parts = node.get("allOf")
        for index, part in enumerate(parts if isinstance(parts, list) else []):
            target, where, _ = self.ctx.deref(part, join(pointer, "allOf", index))
            for key in ("oneOf", "anyOf"):
                members = target.get(key) if isinstance(target, dict) else None
                for n, member in enumerate(members if isinstance(members, list) else []):
                    inner, at, siblings = self.ctx.deref(member, join(where, key, n))
                    if isinstance(inner, dict):
                        merged = merge(self.ctx, {**inner, **siblings}, at)
                        for name, prop in merged.properties.items():
                            found.setdefault(name, prop)
        return found

    def _requires(self, schema: object, at: str) -> bool:
        """Whether an object body's schema has required properties: then an optional
        body is one `body` argument (its model makes them required once it is given)."""
        target, where, siblings = self.ctx.deref(schema, join(at, "schema"))
        if not isinstance(target, dict):
            return False
        merged = merge(self.ctx, {**target, **siblings}, where)
        return any(name in merged.properties for name in merged.required)

    def _named(self, schema: object) -> ModelRef | None:
        ref = schema.get("$ref") if isinstance(schema, dict) else None
        prefix = "#/components/schemas/"
        if isinstance(ref, str) and ref.startswith(prefix):
            key = ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
            if key in self.types.names:
                return self.types.ref(key)
        return None

    # Responses --------------------------------------------------------------------

    def _responses(
        self, node: Node, pointer: str, hint: str
    ) -> tuple[Response, tuple[Response, ...]]:
        responses = node.get("responses")
        responses = responses if isinstance(responses, dict) else {}
        codes = sorted((str(c) for c in responses), key=lambda c: (c == "default", c))
        success_code = next((c for c in codes if c.startswith("2")), None)
        if success_code is None and "default" in responses:
            success_code = "default"
        built = {
            c: self._response(responses[c], join(pointer, "responses", c), c, hint) for c in codes
        }
        success = built.get(success_code or "") or Response("", "", None, None, pointer)
        errors = tuple(
            r for c, r in built.items() if c != success_code and not c.startswith(("1", "2", "3"))
        )
        return success, errors

    def _response(self, node: object, pointer: str, status: str, hint: str) -> Response:
        spec = self.ctx.mapping(node, pointer, "a response")
        content = spec.get("content")
        description = _text(spec, "description")
        if not isinstance(content, dict) or not content or not status.startswith(("2", "d")):
            return Response(status, description, None, None, pointer)
        media = _choose(content)
        media_node = content[media] if isinstance(content[media], dict) else {}
        schema = media_node.get("schema")
        at = join(pointer, "content", media, "schema")
        if _JSON.match(media) and media != "*/*" or media.endswith("+json"):
            kind = self.types.convert(
                schema if schema is not None else {}, at, f"{hint}Response", None
            )
            return Response(status, description, kind, "application/json", pointer)
        if media.startswith("text/"):
            return Response(status, description, Primitive("str"), media, pointer)
        return Response(status, description, Primitive("bytes"), media, pointer)

    # Pagination and security ----------------------------------------------------------

    def _pagination(
        self,
        node: Node,
        pointer: str,
        success: Response,
        params: list[Param],
        constant_for: ConstantFor,
    ) -> Pagination | None:
        marker = node.get("x-pagination")
        if marker is False:
            return None
        if not isinstance(marker, dict):
            marker = self._schema_marker(success)
        if not isinstance(marker, dict):
            return None
        cursor_param, cursor_field, items_field = (
            marker.get(k) for k in ("cursor-param", "cursor-field", "items-field")
        )
        if not all(isinstance(v, str) for v in (cursor_param, cursor_field, items_field)):
            self.ctx.warn(
                "`x-pagination` needs cursor-param, cursor-field and items-field", pointer
            )
            return None
        assert (
            isinstance(cursor_param, str)
            and isinstance(cursor_field, str)
            and isinstance(items_field, str)
        )
        if not any(p.location == "query" and p.wire_name == cursor_param for p in params):
            return None  # the page schema, on an operation that takes no cursor
        model = (
            self.types.models.get(success.type.name) if isinstance(success.type, ModelRef) else None
        )
        items = (
            next((f for f in model.fields if f.wire_name == items_field), None) if model else None
        )
        if items is None or not isinstance(items.type, ListOf):
            self.ctx.warn(
                f"paginated response has no list field {items_field!r}: returned as one object",
                pointer,
            )
            return None
        return Pagination(
            cursor_param,
            cursor_field,
            items_field,
            items.type.item,
            constant_for(cursor_param, cursor_field, items_field),
        )

    def _schema_marker(self, success: Response) -> object:
        at = join(success.pointer, "content", "application/json", "schema")
        pending, seen = [(self.ctx.get(at) if success.content_type else None, at)], set()
        while pending:
            current, where = pending.pop()
            target, at, _ = self.ctx.deref(current, where)
            if not isinstance(target, dict) or at in seen:
                continue
            seen.add(at)
            if isinstance(target.get("x-pagination"), dict):
                return target["x-pagination"]
            parts = target.get("allOf")
            pending.extend(
                (p, join(at, "allOf", i))
                for i, p in enumerate(parts if isinstance(parts, list) else [])
            )
        return None

    def _security(self, node: Node) -> tuple[tuple[AuthKind, ...], ...] | None:
        """The operation's security requirements as kinds of credentials (see `Operation`)."""
        security = node.get("security", self.ctx.data.get("security"))
        if not isinstance(security, list):
            return None  # the spec says nothing: the client's default
        if not security:
            return ()
        alternatives: dict[tuple[AuthKind, ...], None] = {}
        for requirement in security:
            names = list(requirement) if isinstance(requirement, dict) else []
            if all(name in self.kinds for name in names):
                alternatives[tuple(dict.fromkeys(self.kinds[name] for name in names))] = None
        found = tuple(alternatives)
        if not found:  # no scheme it allows is supported: send none
            return ()
        return None if found == self.default else found

    def _scopes(self, node: Node) -> tuple[str, ...]:
        security = node.get("security", self.root_security)
        scopes: dict[str, None] = {}
        for requirement in security if isinstance(security, list) else []:
            for values in (requirement or {}).values() if isinstance(requirement, dict) else ():
                scopes.update((s, None) for s in values or () if isinstance(s, str))
        return tuple(scopes)


def _renamed(param: Param, name: str) -> Param:
    from dataclasses import replace

    return param if param.name == name else replace(param, name=name)


def _body_param(
    kind: TypeRef,
    required: bool,
    nullable: bool,
    description: str,
    pointer: str,
    sample: Example | None,
) -> Param:
    return Param(
        "body",
        "body",
        "body",
        kind,
        required,
        nullable,
        None,
        description,
        False,
        None,
        pointer,
        sample,
    )


def _choose(content: dict[str, object]) -> str:
    """The media type to use: JSON, then multipart, then form, then the first."""
    media = list(content)
    tests: tuple[Callable[[str], bool], ...] = (
        lambda m: bool(_JSON.match(m)) and m != "*/*",
        lambda m: m.endswith("+json"),
        lambda m: m == "multipart/form-data",
        lambda m: m == "application/x-www-form-urlencoded",
    )
    for test in tests:
        found = next((m for m in media if test(m)), None)
        if found is not None:
            return found
    return media[0]


def _accept(ctx: Context, node: Node, success: Response, kind: str) -> str | None:
    """The media types of the success response that the client reads as `kind`
    (JSON: the JSON ones; text: the text ones; bytes: all); `None`: `application/json`."""
    responses = node.get("responses")
    raw = responses.get(success.status) if isinstance(responses, dict) else None
    spec, _, _ = ctx.deref(raw, success.pointer)
    content = spec.get("content") if isinstance(spec, dict) else None
    if kind == "none" or not isinstance(content, dict):
        return None
    media = [str(m) for m in content]
    if kind == "json":
        media = [m for m in media if (_JSON.match(m) and m != "*/*") or m.endswith("+json")]
    elif kind == "text":
        media = [m for m in media if m.startswith("text/")]
    return None if media in ([], ["application/json"]) else ", ".join(media)


def _kind_of(response: Response) -> Literal["json", "bytes", "text", "none"]:
    if response.type is None:
        return "none"
    if response.content_type == "application/json":
        return "json"
    return "text" if response.type == Primitive("str") else "bytes"


def _is_list(kind: TypeRef) -> bool:
    return isinstance(kind, ListOf)


def _is_object(kind: TypeRef) -> bool:
    return isinstance(kind, MapOf) or (isinstance(kind, ModelRef) and kind.kind == "model")


def _is_binary(kind: TypeRef) -> bool:
    return kind == Primitive("bytes")


def _position(path: str, name: str) -> int:
    found = _PLACEHOLDER.findall(path)
    return found.index(name) if name in found else len(found)


def _text(node: Node, key: str) -> str:
    value = node.get(key)
    return value.strip() if isinstance(value, str) else ""


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _no_properties(schema: object) -> bool:
    """An object schema that allows no property at all: a form of no fields."""
    return (
        isinstance(schema, dict)
        and schema.get("type") == "object"
        and schema.get("additionalProperties") is False
        and not schema.get("properties")
        and not any(k in schema for k in ("allOf", "oneOf", "anyOf", "$ref"))
    )
