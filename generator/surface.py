"""The public surface of a generated SDK, as `sdkgen diff` compares it: every method a
user calls (`client.pins.list`), with its arguments, HTTP route and responses, and
every type in `types/` with its fields or its aliased type. Read from the IR only: what
the user sees is what the templates render from these nodes."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .ir import (
    Api,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    Operation,
    Param,
    Primitive,
    Resource,
    TypeRef,
    UnionOf,
)

__all__ = ["Argument", "Member", "Method", "Surface", "TypeDef", "literals", "surface", "text"]


@dataclass(frozen=True, slots=True)
class Argument:
    """One argument of a method: positional (`index` set) or keyword-only."""

    name: str
    wire: str
    """The name on the wire (query key, JSON property, ...)."""
    type: TypeRef
    required: bool
    location: str
    """`path`, `query`, `header`, `json` (a body field), `body` (the whole body), ..."""
    index: int | None
    pointer: str


@dataclass(frozen=True, slots=True)
class Method:
    call: str
    """`client.pins.list`."""
    resource: str
    """`client.pins` (`client` for the client's own methods)."""
    route: str
    """`GET /pins`."""
    arguments: tuple[Argument, ...]
    returns: TypeRef | None
    errors: tuple[tuple[str, str], ...]
    """(status, pointer) of every declared error response."""
    pointer: str


@dataclass(frozen=True, slots=True)
class Member:
    """A field of a model."""

    name: str
    type: TypeRef
    required: bool
    nullable: bool
    pointer: str


@dataclass(frozen=True, slots=True)
class TypeDef:
    name: str
    kind: str
    """`model` or `alias`."""
    members: tuple[Member, ...]
    aliased: TypeRef | None
    pointer: str


@dataclass(frozen=True, slots=True)
class Surface:
    resources: tuple[tuple[str, str], ...]
    """(`client.pins`, pointer of its first operation), sorted."""
    methods: tuple[Method, ...]
    types: tuple[TypeDef, ...]


def surface(api: Api) -> Surface:
    """The public surface of the SDK generated from `api`."""
    methods = [
        _method(resource, operation)
        for resource in (api.client, *api.resources)
        for operation in resource.operations
    ]
    resources: dict[str, str] = {}
    for method in methods:
        parts = method.resource.split(".")
        for end in range(2, len(parts) + 1):  # `client.boards` holds `client.boards.sections`
            resources.setdefault(".".join(parts[:end]), method.pointer)
    types = [
        TypeDef(
            model.name,
            "model",
            tuple(Member(f.name, f.type, f.required, f.nullable, f.pointer) for f in model.fields),
            None,
            model.pointer,
        )
        for model in api.models
    ]
    types += [TypeDef(a.name, "alias", (), a.type, a.pointer) for a in api.aliases]
    return Surface(
        tuple(sorted(resources.items())),
        tuple(sorted(methods, key=lambda m: m.call)),
        tuple(sorted(types, key=lambda t: t.name)),
    )


def _method(resource: Resource, operation: Operation) -> Method:
    owner = ".".join(("client", *resource.path))
    arguments = [_argument(p, i) for i, p in enumerate(operation.positional)]
    arguments += [_argument(p, None) for p in operation.keyword]
    return Method(
        f"{owner}.{operation.name}",
        owner,
        f"{operation.http_method.upper()} {operation.path}",
        tuple(arguments),
        operation.returns,
        tuple((r.status, r.pointer) for r in operation.errors),
        operation.pointer,
    )


def _argument(param: Param, index: int | None) -> Argument:
    return Argument(
        param.name,
        param.wire_name,
        param.type,
        param.required,
        param.location,
        index,
        param.pointer,
    )


def text(type_: TypeRef | None) -> str:
    """The type as the user reads it in a signature (`list[Pin]`, `Literal["A", "B"]`)."""
    if type_ is None:
        return "None"
    if isinstance(type_, Primitive):
        return {"none": "None", "date": "datetime.date", "datetime": "datetime.datetime"}.get(
            type_.kind, type_.kind
        )
    if isinstance(type_, ListOf):
        return f"list[{text(type_.item)}]"
    if isinstance(type_, MapOf):
        return f"dict[str, {text(type_.value)}]"
    if isinstance(type_, LiteralOf):
        return f"Literal[{', '.join(_value(v) for v in type_.values)}]"
    if isinstance(type_, ModelRef):
        return " | ".join((type_.name, *type_.open_as))
    return " | ".join(text(member) for member in type_.members)


def literals(type_: TypeRef | None, aliases: dict[str, TypeRef]) -> frozenset[str] | None:
    """The enum values a type allows (through named aliases), or `None` when it is no enum."""
    if isinstance(type_, ModelRef) and type_.kind == "alias" and type_.name in aliases:
        return literals(aliases[type_.name], aliases)
    if isinstance(type_, LiteralOf):
        return frozenset(_value(v) for v in type_.values)
    if isinstance(type_, UnionOf):  # an open enum: `Literal[...] | str`
        found = [literals(m, aliases) for m in type_.members]
        enums = [values for values in found if values is not None]
        if len(enums) == 1 and all(
            isinstance(m, Primitive) for m, v in zip(type_.members, found) if v is None
        ):
            return enums[0]
    return None


def members(type_: TypeRef) -> frozenset[str]:
    """The members of a union (a type that is no union: itself), as text."""
    if isinstance(type_, UnionOf):
        return frozenset(m for member in type_.members for m in members(member))
    if isinstance(type_, ModelRef) and type_.open_as:
        return frozenset((type_.name, *type_.open_as))
    return frozenset((text(type_),))


def _value(value: str | int | bool) -> str:
    return json.dumps(value)
