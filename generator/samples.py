"""Jinja filters for the SDK's generated tests: argument values and expected types.

Each parameter's `Example` (a JSON value chosen by the build) becomes a Python
expression of the parameter's type: literals as they are, dates as `datetime.date(...)`,
models as `Model.model_validate({...})`, a union as the member the value fits. The test
modules import from the package by absolute name, as users do.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from .escape import pyrepr
from .ir import (
    Alias,
    Api,
    ListOf,
    LiteralOf,
    MapOf,
    Model,
    ModelRef,
    Operation,
    Param,
    Primitive,
    Resource,
    TypeRef,
    UnionOf,
    types_by_name,
)  # fmt: skip
from .typemap import Annotations, Need, import_block

__all__ = ["FILTERS"]

_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "str": str, "int": int, "float": (int, float), "bool": bool, "none": type(None),
}  # fmt: skip
_CONTENT = b"example file contents"
"""What the tests send as a file or raw body that has no example."""
_TEST_FILE = "tests/api_resources/test.py"
"""Where the test modules live, as `Annotations` sees it: outside the package."""


@dataclass(slots=True)
class _Writer:
    """Writes sample expressions for one test module and records the names they use."""

    api: Api
    needs: set[Need] = field(default_factory=set)
    _named: dict[str, Model | Alias] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._named = types_by_name(self.api)

    def annotation(self, kind: TypeRef) -> str:
        ann = Annotations(_TEST_FILE)
        text = ann.type(kind, open_literals=True)
        self.needs |= ann.needs
        return text

    def value(self, value: object, kind: TypeRef) -> str:
        if value is None and isinstance(kind, Primitive) and kind.kind in ("bytes", "file"):
            return repr(_CONTENT)  # a file part or raw body: real bytes, never None
        if value is None:
            return "None"
        if isinstance(kind, Primitive):
            return self._primitive(value, kind)
        if isinstance(kind, ListOf) and isinstance(value, list):
            return "[" + ", ".join(self.value(v, kind.item) for v in value) + "]"
        if isinstance(kind, MapOf) and isinstance(value, dict):
            return (
                "{"
                + ", ".join(
                    f"{pyrepr(str(k))}: {self.value(v, kind.value)}" for k, v in value.items()
                )
                + "}"
            )
        if isinstance(kind, ModelRef) and kind.kind == "model":
            self.annotation(kind)
            return f"{kind.name}.model_validate({pyrepr(value)})"
        if isinstance(kind, ModelRef) and isinstance(alias := self._named.get(kind.name), Alias):
            return self.value(value, alias.type)
        if isinstance(kind, UnionOf):
            return self.value(value, self._member(value, kind))
        return pyrepr(value)

    def _primitive(self, value: object, kind: Primitive) -> str:
        if kind.kind in ("bytes", "file"):
            return repr((value if isinstance(value, str) else "example").encode())
        if kind.kind == "date" and isinstance(value, str):
            self.needs.add(("datetime", ""))
            day = datetime.date.fromisoformat(value[:10])
            return f"datetime.date({day.year}, {day.month}, {day.day})"
        if kind.kind == "datetime" and isinstance(value, str):
            self.needs.add(("datetime", ""))
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            parts = ", ".join(
                str(getattr(moment, p))
                for p in ("year", "month", "day", "hour", "minute", "second")
            )
            return f"datetime.datetime({parts}, tzinfo=datetime.timezone.utc)"
        if kind.kind == "float" and type(value) is int:
            return pyrepr(float(value))
        return pyrepr(value)

    def _member(self, value: object, union: UnionOf) -> TypeRef:
        """The member of `union` that `value` is an example of."""
        if union.discriminator is not None and isinstance(value, dict):
            tag = value.get(union.discriminator.property)
            name = dict(union.discriminator.mapping).get(str(tag))
            found = next(
                (m for m in union.members if isinstance(m, ModelRef) and m.name == name), None
            )
            if found is not None:
                return found
        return next((m for m in union.members if self._fits(value, m)), union.members[0])

    def _fits(self, value: object, kind: TypeRef) -> bool:
        if isinstance(kind, Primitive):
            wanted = _PYTHON_TYPES.get(kind.kind, object)
            return isinstance(value, wanted) and not (
                isinstance(value, bool) and kind.kind in ("int", "float")
            )
        if isinstance(kind, LiteralOf):
            return value in kind.values
        if isinstance(kind, ListOf):
            return isinstance(value, list) and all(self._fits(v, kind.item) for v in value)
        if isinstance(kind, MapOf):
            return isinstance(value, dict) and all(
                self._fits(v, kind.value) for v in value.values()
            )
        if isinstance(kind, UnionOf):
            return any(self._fits(value, m) for m in kind.members)
        named = self._named.get(kind.name)
        if isinstance(named, Alias):
            return self._fits(value, named.type)
        model = named
        if model is None or not isinstance(value, dict):
            return False
        fields = {f.wire_name: f for f in model.fields}
        if any(f.required and f.wire_name not in value for f in model.fields):
            return False
        if model.extra is None and any(k not in fields for k in value):
            return False
        return all(
            self._fits(v, fields[k].type) or (v is None and fields[k].nullable)
            for k, v in value.items()
            if k in fields
        )


def _example(param: Param) -> object:
    return json.loads(param.example.json) if param.example is not None else None


def call_args(
    op: Operation,
    resource: Resource,
    api: Api,
    full: bool,
    empty: str = "",
    writer: _Writer | None = None,
) -> str:
    """The arguments of a test call: path parameters, then required (or, with `full`,
    all) keyword arguments. `empty`: a path parameter passed as `""` instead."""
    writer = writer or _Writer(api)
    args = ['""' if p.name == empty else writer.value(_example(p), p.type) for p in op.positional]
    args += [
        f"{p.name}={writer.value(_example(p), p.type)}"
        for p in op.keyword
        if p.sample == "always" or p.sample == "default" and (full or p.required)
    ]
    return ", ".join(args)


def expected_type(
    op: Operation, resource: Resource, api: Api, is_async: bool, writer: _Writer | None = None
) -> str:
    """The type a call's result must match: the declared one, or the page of items."""
    writer = writer or _Writer(api)
    if op.pagination is not None:
        page = "AsyncPage" if is_async else "SyncPage"
        writer.needs.add((".", page))
        return f"{page}[{writer.annotation(op.pagination.item)}]"
    if op.returns is None:
        return "None"
    return writer.annotation(op.returns)


def test_imports(resource: Resource, api: Api) -> str:
    """The imports of a resource's test module (absolute, from the package)."""
    writer = _Writer(api)
    writer.needs |= {("pytest", ""), (".", api.client_class), (".", api.async_client_class)}
    for op in resource.operations:
        for full in (False, True):
            call_args(op, resource, api, full, writer=writer)
        for is_async in (False, True):
            expected_type(op, resource, api, is_async, writer)
    needs = {(_absolute(module, api), name) for module, name in writer.needs}
    needs.add(("..utils", "assert_matches_type"))
    return import_block(needs)


def text_path_params(op: Operation) -> tuple[Param, ...]:
    """The path parameters typed `str`: an empty string must be refused before sending
    (an enum-typed one cannot be empty without a type error)."""
    return tuple(p for p in op.positional if p.type == Primitive("str"))


def _absolute(module: str, api: Api) -> str:
    """A module of the package as the tests import it: `...types.pin` → `pkg.types.pin`."""
    if not module.startswith("."):
        return module
    rest = module.lstrip(".")
    return f"{api.package}.{rest}" if rest else api.package


def test_module(resource: Resource) -> str:
    """The test module of a resource, below `tests/api_resources/`: `test_boards_sections`."""
    return "test_" + "_".join(resource.path)


def client_path(resource: Resource) -> str:
    """The resource as reached from a client: `boards.sections`."""
    return ".".join(resource.path)


FILTERS = {
    "call_args": call_args,
    "client_path": client_path,
    "expected_type": expected_type,
    "test_imports": test_imports,
    "test_module": test_module,
    "text_path_params": text_path_params,
}
