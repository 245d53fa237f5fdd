"""The Jinja filters of the stub set (`templates/stubs/`): imports and signatures of `.pyi` files.

A stub holds the public surface only: no bodies, no private helpers; defaults are
written as the runtime writes them (`NOT_GIVEN`, `None`), model fields' as `...`. Types come
from the same filters as the client (`filters.param_type`, `filters.returns`,
`filters.field_type`, ...), so a stub and its module cannot disagree on a type;
`python -m mypy.stubtest` checks the rest against the runtime.
"""

from __future__ import annotations

from dataclasses import dataclass

from .filters import (
    _scope,
    alias_type,
    child_module,
    extra_type,
    field_type,
    model_base,
    param_type,
    returns,
    workflow_needs,
)
from .ir import Api, Field, Model, Param, Resource, TypeModule
from .typemap import Annotations, Need, import_block, relative_module

__all__ = ["STUB_FILTERS", "ConstructorParam"]


@dataclass(frozen=True, slots=True)
class ConstructorParam:
    """One keyword of a client constructor, as the stub writes it."""

    name: str
    annotation: str
    default: str


def constructor_params(api: Api, is_async: bool) -> list[ConstructorParam]:
    """The keywords of `Client.__init__` (`_client.py`), in its order."""
    params = [ConstructorParam(c.name, _CREDENTIAL_TYPES[c.kind], "None") for c in api.credentials]
    params.append(ConstructorParam("base_url", "str | httpx.URL | None", "None"))
    params += [
        ConstructorParam(env.keyword, "bool", "False")
        for env in api.flag_environments
        if env.keyword
    ]
    http_client = "httpx.AsyncClient" if is_async else "httpx.Client"
    params += [
        ConstructorParam("timeout", "Timeout | NotGiven", "NOT_GIVEN"),
        ConstructorParam("max_retries", "int", "DEFAULT_MAX_RETRIES"),
        ConstructorParam("retry_non_idempotent", "bool", "False"),
        ConstructorParam("max_retry_wait", "float", "DEFAULT_MAX_RETRY_WAIT"),
        ConstructorParam("strict_response_validation", "bool", "False"),
        ConstructorParam("default_headers", "Mapping[str, str] | None", "None"),
        ConstructorParam("http_client", f"{http_client} | None", "None"),
        ConstructorParam("deadline", "float | None", "DEFAULT_DEADLINE"),
        ConstructorParam("max_response_bytes", "int | None", "DEFAULT_MAX_RESPONSE_BYTES"),
    ]
    return params


_CREDENTIAL_TYPES = {
    "secret": "str | None",
    "expiry": "float | None",
    "callback": "Callable[[Token], None] | None",
}


def stub_default(node: Param | Field) -> str:
    """What follows an optional parameter's annotation (` = NOT_GIVEN`) or an optional
    field's (` = ...`: the value is the runtime's business, its presence is not)."""
    if node.required:
        return ""
    return " = NOT_GIVEN" if isinstance(node, Param) else " = ..."


def stub_resource_imports(resource: Resource, api: Api) -> str:
    """The imports of a resource stub, or (for the client) of `_client.pyi`."""
    ann = _scope(resource)
    for op in resource.operations:
        for param in (*op.positional, *op.keyword):
            param_type(param, resource, ann)
            if not param.required:
                ann.runtime("_types", "NOT_GIVEN")
        returns(op, resource, False, ann)
        returns(op, resource, True, ann)
    if resource.operations:
        ann.runtime("_types", "RequestOptions")
    if resource.children:
        ann.needs.add(("functools", "cached_property"))
    workflow_needs(resource, ann, stub=True)
    for child in resource.children:
        module = child_module(child, resource)
        ann.needs |= {(module, child.class_name), (module, child.async_class_name)}
    needs: set[Need] = set(ann.needs)
    if resource.path:
        base = relative_module(resource.file, "_base_client")
        needs |= {(base, "SyncAPIResource"), (base, "AsyncAPIResource")}
    else:
        needs |= _CLIENT_NEEDS
        if any(c.kind == "callback" for c in api.credentials):
            needs |= {("._auth", "Token"), ("typing", "Callable")}
    return import_block(needs)


_CLIENT_NEEDS: frozenset[Need] = frozenset(
    {("httpx", ""), ("typing", "Mapping"), ("._base_client", "AsyncAPIClient"),
     ("._base_client", "DEFAULT_MAX_RETRIES"), ("._base_client", "DEFAULT_MAX_RETRY_WAIT"),
     ("._base_client", "SyncAPIClient"),
     ("._base_client", "DEFAULT_DEADLINE"), ("._base_client", "DEFAULT_MAX_RESPONSE_BYTES"),
     ("._types", "NOT_GIVEN"), ("._types", "NotGiven"), ("._types", "Timeout")}
)  # fmt: skip


def stub_type_imports(module: TypeModule) -> str:
    """The imports of a `types/` stub (no `pydantic.Field`: stubs carry no field specs)."""
    ann = Annotations(module.file)
    for definition in module.definitions:
        if isinstance(definition, Model):
            ann.needs.add((relative_module(module.file, "_models"), model_base(definition)))
            for field in definition.fields:
                field_type(field, module, ann)
            if definition.extra is not None:
                extra_type(definition, module, ann)
        else:
            ann.needs.add(("typing", "TypeAlias"))
            alias_type(definition, module, ann)
    return import_block(ann.needs)


STUB_FILTERS = {
    "constructor_params": constructor_params,
    "stub_default": stub_default,
    "stub_resource_imports": stub_resource_imports,
    "stub_type_imports": stub_type_imports,
}
