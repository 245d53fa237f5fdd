"""The Jinja filters of the docs set (`templates/docs/`): links, types and examples in Markdown.

Pages live at `index.md`, `resources/<client path>.md`, `types/<module>.md` and
`<slug>.md`; a filter given `here` (the page being written) links relative to it.
Examples are Python calls with a value of the right type for every required
argument, made from the IR, so that `tests/docs` can type-check each one against the
generated package (`mypy --strict`).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .escape import pyrepr
from .ir import (
    Alias, Api, ListOf, LiteralOf, MapOf, Model, ModelRef, Operation, Param, Primitive,
    Resource, TypeRef, UnionOf,
)  # fmt: skip

__all__ = ["DOCS_FILTERS", "Call"]

_WIDTH = 88
_PRIMITIVES = {"str": "str", "int": "int", "float": "float", "bool": "bool", "none": "None", "any": "object", "bytes": "bytes"}
_WHERE = {"json": "body", "body": "body", "form": "form", "file": "file"}


def link(target: str, here: str) -> str:
    """`target` (a page path below `docs/`) relative to the page `here`."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def type_page(ref: ModelRef) -> str:
    """The page of a named type: `types/pin.md`."""
    return f"{ref.module.replace('.', '/')}.md"


def resource_page(resource: Resource) -> str:
    return f"resources/{'.'.join(resource.path)}.md"


def md_type(kind: TypeRef | None, here: str, open_literals: bool = False) -> str:
    """A type as Markdown for a table cell: named types linked, `|` escaped."""
    if kind is None:
        return "None"
    return _md_type(kind, here, open_literals).replace("|", "\\|")


def _md_type(kind: TypeRef, here: str, open_literals: bool) -> str:
    if isinstance(kind, Primitive):
        if kind.kind in ("date", "datetime"):
            return f"`datetime.{kind.kind}`"
        return "`FileTypes`" if kind.kind == "file" else f"`{_PRIMITIVES[kind.kind]}`"
    if isinstance(kind, ListOf):
        return f"`list[`{_md_type(kind.item, here, open_literals)}`]`"
    if isinstance(kind, MapOf):
        return f"`dict[str, `{_md_type(kind.value, here, open_literals)}`]`"
    if isinstance(kind, LiteralOf):
        text = f"`Literal[{', '.join(pyrepr(v) for v in kind.values)}]`"
        return f"{text} | `str`" if open_literals and any(isinstance(v, str) for v in kind.values) else text
    if isinstance(kind, ModelRef):
        text = f"[`{kind.name}`]({link(type_page(kind), here)})"
        return " | ".join([text, *(f"`{t}`" for t in kind.open_as)]) if open_literals else text
    return " | ".join(dict.fromkeys(_md_type(m, here, open_literals) for m in kind.members))


def returns_md(op: Operation, here: str) -> str:
    """What a sync call returns, linked: `SyncPage[Pin]`, `Board`, `None`."""
    if op.pagination is not None:
        return f"`SyncPage[`{_md_type(op.pagination.item, here, True)}`]`"
    return md_type(op.returns, here, open_literals=True)


def where(param: Param) -> str:
    """The parameter's place in the request, as the docs name it."""
    return _WHERE.get(param.location, param.location)


# Examples ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """A call of an operation with a value for every required argument."""

    op: Operation
    resource: Resource
    method: str
    """`client.boards.sections.list`."""
    args: tuple[str, ...]
    """`"1234"`, `name="example"`, ..."""
    imports: tuple[str, ...]
    """The import lines the argument values need (`from pkg.types import Board`)."""

    def statement(self, prefix: str = "", indent: int = 0, method: str | None = None, args: tuple[str, ...] | None = None) -> str:
        """`prefix` + the call, wrapped as black would when it is too long."""
        name = method or self.method
        values = self.args if args is None else args
        pad = " " * indent
        line = f"{pad}{prefix}{name}({', '.join(values)})"
        if len(line) <= _WIDTH:
            return line
        inner = "".join(f"{pad}    {value},\n" for value in values)
        return f"{pad}{prefix}{name}(\n{inner}{pad})"

    def raw_statement(self, prefix: str = "", indent: int = 0, client: str = "client") -> str:
        """The call through `client.with_raw_response(method, *args)`."""
        return self.statement(prefix, indent, f"{client}.with_raw_response", (self.method, *self.args))


class _Samples:
    """A value of each type, for examples; records the imports the values need."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.named: dict[str, Model | Alias] = {d.name: d for d in (*api.models, *api.aliases)}
        self.imports: set[str] = set()

    def value(self, kind: TypeRef, name: str = "", depth: int = 0) -> str:
        if isinstance(kind, Primitive):
            return self._primitive(kind, name)
        if isinstance(kind, ListOf):
            return f"[{self.value(kind.item, name, depth)}]"
        if isinstance(kind, MapOf):
            return f'{{"key": {self.value(kind.value, name, depth)}}}'
        if isinstance(kind, LiteralOf):
            return pyrepr(kind.values[0])
        if isinstance(kind, UnionOf):
            members = [m for m in kind.members if m != Primitive("none")]
            return self.value(members[0] if members else Primitive("none"), name, depth)
        definition = self.named.get(kind.name)
        if isinstance(definition, Alias):
            return self.value(definition.type, name, depth)
        self.imports.add(f"from {self.api.package}.types import {kind.name}")
        if definition is None or depth > 3:
            return f"{kind.name}.model_validate({{}})"
        fields = [f"{f.name}={self.value(f.type, f.name, depth + 1)}" for f in definition.fields if f.required]
        return f"{kind.name}({', '.join(fields)})"

    def _primitive(self, kind: Primitive, name: str) -> str:
        if kind.kind == "str":
            if kind.format in ("uri", "url"):
                return '"https://example.com/"'
            if kind.format == "email":
                return '"someone@example.com"'
            return '"1234567890"' if name == "id" or name.endswith("_id") else '"example"'
        if kind.kind in ("date", "datetime"):
            self.imports.add("import datetime")
            return "datetime.date(2024, 1, 31)" if kind.kind == "date" else "datetime.datetime(2024, 1, 31, tzinfo=datetime.timezone.utc)"
        return {"int": "1", "float": "1.0", "bool": "True", "none": "None", "any": '"value"'}.get(kind.kind, 'b"..."')


def call(op: Operation, resource: Resource, api: Api, client: str = "client") -> Call:
    samples = _Samples(api)
    args = [samples.value(p.type, p.name) for p in op.positional]
    args += [f"{p.name}={samples.value(p.type, p.name)}" for p in op.keyword if p.required]
    method = ".".join([client, *resource.path, op.name])
    return Call(op, resource, method, tuple(args), tuple(sorted(samples.imports)))


def pick_call(api: Api, kind: str) -> Call | None:
    """An operation to show in the index: `get` (one object, few arguments) or `page`."""
    found: list[tuple[int, int, Operation, Resource]] = []
    for n, resource in enumerate((api.client, *api.resources)):
        for op in resource.operations:
            required = len(op.positional) + sum(p.required for p in op.keyword)
            if kind == "page" and op.pagination is not None:
                found.append((required, n, op, resource))
            elif kind == "get" and op.http_method == "GET" and op.pagination is None and isinstance(op.returns, ModelRef):
                found.append((required, n, op, resource))
    if not found:
        return None
    _, _, op, resource = min(found, key=lambda f: (f[0], f[1]))
    return call(op, resource, api)


def type_pages(api: Api) -> list[tuple[str, str]]:
    """`(name, page)` of every named type, sorted by name (the types index)."""
    return sorted((d.name, f"{m.module.replace('.', '/')}.md") for m in api.type_modules for d in m.definitions)


DOCS_FILTERS = {
    "call": call,
    "link": link,
    "md_type": md_type,
    "pick_call": pick_call,
    "resource_page": resource_page,
    "returns_md": returns_md,
    "type_pages": type_pages,
    "where": where,
}
