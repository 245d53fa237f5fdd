"""The Jinja filters of the docs set (`templates/docs/`): links, types and examples in Markdown.

Pages live at `index.md`, `resources/<client path>.md`, `types/<module>.md` and
`<slug>.md`; a filter given `here` (the page being written) links relative to it.
Examples are Python calls with a value of the right type for every required
argument, made from the IR, so that `tests/docs` can type-check each one against the
generated package (`mypy --strict`).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from .escape import pyrepr
from .ir import (
    Alias,
    Api,
    ListOf,
    LiteralOf,
    MapOf,
    ModelRef,
    Operation,
    Param,
    Primitive,
    Resource,
    TypeModule,
    TypeRef,
    UnionOf,
    types_by_name,
)  # fmt: skip

__all__ = ["DOCS_FILTERS", "Call"]

_WIDTH = 88
_PRIMITIVES = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "none": "None",
    "any": "object",
    "bytes": "bytes",
}
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
        return _around("list[", _md_type(kind.item, here, open_literals), "]")
    if isinstance(kind, MapOf):
        return _around("dict[str, ", _md_type(kind.value, here, open_literals), "]")
    if isinstance(kind, LiteralOf):
        text = f"`Literal[{', '.join(pyrepr(v) for v in kind.values)}]`"
        return (
            f"{text} | `str`"
            if open_literals and any(isinstance(v, str) for v in kind.values)
            else text
        )
    if isinstance(kind, ModelRef):
        text = f"[`{kind.name}`]({link(type_page(kind), here)})"
        return " | ".join([text, *(f"`{t}`" for t in kind.open_as)]) if open_literals else text
    return " | ".join(dict.fromkeys(_md_type(m, here, open_literals) for m in kind.members))


def _around(before: str, inner: str, after: str) -> str:
    """`inner` inside a generic: one code span when `inner` is one (`list[str]`, not
    `list[` `str` `]` run together into a double backtick), else spans around links."""
    if inner.startswith("`") and inner.endswith("`") and inner.count("`") == 2:
        return f"`{before}{inner[1:-1]}{after}`"
    left = " " if inner.startswith("`") else ""
    right = " " if inner.endswith("`") else ""
    return f"`{before}`{left}{inner}{right}`{after}`"


def returns_md(op: Operation, here: str) -> str:
    """What a sync call returns, linked: `SyncPage[Pin]`, `Board`, `None`."""
    if op.pagination is not None:
        return _around("SyncPage[", _md_type(op.pagination.item, here, True), "]")
    return md_type(op.returns, here, open_literals=True)


def md_code(value: object) -> str:
    """`value` as an inline code span, on one line, whatever backticks it holds."""
    text = " ".join(str(value).split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def module_page(module: TypeModule) -> str:
    """The page of a `types/` module: `types/pin.md`."""
    return f"{module.module.replace('.', '/')}.md"


def alias_md(alias: Alias, here: str) -> str:
    """What an alias stands for, in prose: its values, or its type."""
    if isinstance(alias.type, LiteralOf):
        values = ", ".join(md_code(pyrepr(v)) for v in alias.type.values)
        return f"one of {values} (responses may bring other values: read it as `str`)"
    return md_type(alias.type, here, open_literals=True)


def url_params(op: Operation) -> tuple[Param, ...]:
    """The parameters that are not part of the body: path, query, header, cookie."""
    return tuple(
        p
        for p in (*op.positional, *op.keyword)
        if p.location in ("path", "query", "header", "cookie")
    )


def body_params(op: Operation) -> tuple[Param, ...]:
    return tuple(p for p in op.keyword if p.location in ("json", "form", "file", "body"))


def where(param: Param) -> str:
    """The parameter's place in the request, as the docs name it."""
    return _WHERE.get(param.location, param.location)


# Examples ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """A call of an operation with a value of the right type for every required argument."""

    api: Api
    op: Operation
    method: str
    """`client.boards.sections.list`."""
    args: tuple[str, ...]
    """`"1234"`, `name="example"`, ..."""
    needs: tuple[str, ...]
    """What the values use: `datetime`, or names from the package's `types`."""

    def statement(
        self,
        prefix: str = "",
        indent: int = 0,
        method: str | None = None,
        args: tuple[str, ...] | None = None,
    ) -> str:
        """`prefix` + the call, wrapped as black wraps a call that is too long."""
        name = method or self.method
        values = self.args if args is None else args
        pad = " " * indent
        line = f"{pad}{prefix}{name}({', '.join(values)})"
        if len(line) <= _WIDTH:
            return line
        inner = "".join(f"{pad}    {value},\n" for value in values)
        return f"{pad}{prefix}{name}(\n{inner}{pad})"


class _Samples:
    """A value of each type, for examples; records what the values need imported."""

    def __init__(self, api: Api) -> None:
        self.named = types_by_name(api)
        self.needs: set[str] = set()

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
        self.needs.add(kind.name)
        if definition is None or depth > 3:
            return f"{kind.name}.model_validate({{}})"
        fields = [
            f"{f.name}={self.value(f.type, f.name, depth + 1)}"
            for f in definition.fields
            if f.required
        ]
        return f"{kind.name}({', '.join(fields)})"

    def _primitive(self, kind: Primitive, name: str) -> str:
        if kind.kind == "str":
            if kind.format in ("uri", "url"):
                return '"https://example.com/"'
            if kind.format == "email":
                return '"someone@example.com"'
            return '"1234567890"' if name == "id" or name.endswith("_id") else '"example"'
        if kind.kind in ("date", "datetime"):
            self.needs.add("datetime")
            if kind.kind == "date":
                return "datetime.date(2024, 1, 31)"
            return "datetime.datetime(2024, 1, 31, tzinfo=datetime.timezone.utc)"
        return {"int": "1", "float": "1.0", "bool": "True", "none": "None", "any": '"value"'}.get(
            kind.kind, 'b"..."'
        )


def call(op: Operation, resource: Resource, api: Api) -> Call:
    samples = _Samples(api)
    args = [samples.value(p.type, p.name) for p in op.positional]
    shown = [p for p in op.keyword if p.required]
    body = body_params(op)
    if body and not any(p.required for p in body):
        # a body of optional fields only: show the ones the spec gives an example of
        # (`client.pins.create()` alone would say nothing of what a Pin needs)
        # (not-nullable fields first: the ones a server is likeliest to need)
        known = [p for p in body if p.example is not None]
        shown += sorted(known, key=lambda p: p.nullable)[:3]
    args += [f"{p.name}={samples.value(p.type, p.name)}" for p in shown]
    method = ".".join(["client", *resource.path, op.name])
    return Call(api, op, method, tuple(args), tuple(sorted(samples.needs)))


def pick_call(api: Api, kind: str) -> Call | None:
    """An operation to show in the index: `get` (one object, fewest arguments) or `page`."""
    found: list[tuple[int, int, Operation, Resource]] = []
    for n, resource in enumerate((api.client, *api.resources)):
        for op in resource.operations:
            required = len(op.positional) + sum(p.required for p in op.keyword)
            if (
                kind == "page"
                and op.pagination is not None
                or kind == "get"
                and op.http_method == "GET"
                and op.pagination is None
                and isinstance(op.returns, ModelRef)
            ):
                found.append((required, n, op, resource))
    if not found:
        return None
    _, _, op, resource = min(found, key=lambda f: (f[0], f[1]))
    return call(op, resource, api)


def _code(needs: tuple[str, ...], api: Api, names: tuple[str, ...], body: list[str]) -> str:
    """A whole example: the imports it needs (stdlib, then the package), then `body`."""
    stdlib = sorted({n for n in (*needs, *names) if n in _STDLIB})
    models = [n for n in needs if n not in _STDLIB]
    lines = [f"import {n}" for n in stdlib] + ([""] if stdlib else [])
    lines.append(
        f"from {api.package} import {', '.join(sorted(n for n in names if n not in _STDLIB))}"
    )
    if models:
        lines.append(f"from {api.package}.types import {', '.join(models)}")
    return "\n".join([*lines, "", *body])


_STDLIB = frozenset({"asyncio", "datetime"})


def example(call: Call) -> str:
    """A short sync example of one operation (each operation on its resource page)."""
    client = call.api.client_class
    body = [f"client = {client}()"]
    if call.op.pagination is not None:
        body += [call.statement("for item in ") + ":", "    print(item)"]
    elif call.op.returns is None:
        body.append(call.statement())
    else:
        body += [call.statement("result = "), "print(result)"]
    return _code(call.needs, call.api, (client,), body)


def page_example(call: Call) -> str:
    client = call.api.client_class
    body = [
        f"client = {client}()",
        call.statement("page = "),
        "for item in page:  # every item of every page",
        "    print(item)",
        "for item in page.iter_items(max_items=100):",
        "    print(item)",
        "for each_page in page.iter_pages():",
        "    print(len(each_page.items))",
        "if page.has_next_page():",
        "    print(page.next_page().items)",
    ]
    return _code(call.needs, call.api, (client,), body)


def error_example(call: Call) -> str:
    api = call.api
    options = 'options={"timeout": 10.0, "max_retries": 0}'
    body = [
        f"client = {api.client_class}()",
        "try:",
        call.statement("result = ", 4),
        "except NotFoundError:",
        '    print("no such object")',
        "except RateLimitError as error:",
        '    print("slow down:", error.rate_limit)',
        "except APIStatusError as error:",
        "    print(error.status_code, error.code, error.message)",
        f"except {api.error_class} as error:",
        '    print("the call failed:", error)',
        "else:",
        "    print(result)",
        "",
        f"patient = {api.client_class}(max_retries=5, timeout=120.0)",
        call.statement(
            "quick = ", 0, call.method.replace("client.", "patient.", 1), (*call.args, options)
        ),
    ]
    names = (api.client_class, "APIStatusError", "NotFoundError", "RateLimitError", api.error_class)
    return _code(call.needs, api, names, body)


def raw_example(call: Call) -> str:
    api = call.api
    body = [
        f"client = {api.client_class}()",
        call.statement("raw = ", 0, "client.with_raw_response", (call.method, *call.args)),
        'print(raw.status_code, raw.headers.get("content-type"))',
        "if raw.rate_limit is not None:",
        '    print(raw.rate_limit.remaining, "requests left; window resets in", raw.rate_limit.reset)',
        "result = raw.parse()",
        "print(result)",
    ]
    return _code(call.needs, api, (api.client_class,), body)


def async_example(call: Call, page: Call | None) -> str:
    api = call.api
    body = [
        "async def main() -> None:",
        f"    async with {api.async_client_class}() as client:",
        call.statement("result = await ", 8),
        "        print(result)",
    ]
    needs = set(call.needs)
    if page is not None:
        body += [page.statement("async for item in ", 8) + ":", "            print(item)"]
        needs |= set(page.needs)
    body += ["", "", "asyncio.run(main())"]
    return _code(tuple(sorted(needs)), api, ("asyncio", api.async_client_class), body)


def type_pages(api: Api) -> list[tuple[str, str]]:
    """`(name, page)` of every named type, sorted by name (the types index)."""
    return sorted((d.name, module_page(m)) for m in api.type_modules for d in m.definitions)


_RAISES = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}
"""The runtime's `_ERROR_BY_STATUS` (templates/python/package/_exceptions.py.jinja);
tests/docs checks that the two agree."""


def raises(status: str) -> str:
    """The exception a call raises on an error response of `status` (`404`, `5XX`, `default`)."""
    if status in _RAISES:
        return _RAISES[status]
    return "InternalServerError" if status[:1] == "5" else "APIStatusError"


def params_dict(op: Operation, resource: Resource, api: Api) -> str:
    """The `<Body>Params` TypedDict of the method's body keywords, or `""`."""
    method = ".".join((*resource.path, op.name))
    return next((p.name for p in api.params_dicts if method in p.methods), "")


DOCS_FILTERS = {
    "params_dict": params_dict,
    "alias_md": alias_md,
    "async_example": async_example,
    "body_params": body_params,
    "call": call,
    "error_example": error_example,
    "example": example,
    "link": link,
    "md_code": md_code,
    "md_type": md_type,
    "module_page": module_page,
    "page_example": page_example,
    "pick_call": pick_call,
    "raises": raises,
    "raw_example": raw_example,
    "resource_page": resource_page,
    "returns_md": returns_md,
    "type_page": type_page,
    "type_pages": type_pages,
    "url_params": url_params,
    "where": where,
}
