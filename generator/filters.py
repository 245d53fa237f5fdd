"""The Jinja filters that turn IR nodes into Python text (annotations, defaults, imports).

Each takes the node and the module it is written in (a `TypeModule` or a `Resource`,
whose `file` fixes relative imports), so templates stay free of logic. The imports
filters render everything a module will contain once more through the same
functions and collect what that text uses.
"""

from __future__ import annotations

from .escape import docstring, pyrepr
from .ir import (
    Alias,
    Api,
    Auth,
    Field,
    LiteralOf,
    Model,
    ModelRef,
    Operation,
    Param,
    ParamsDict,
    Primitive,
    Resource,
    TypeModule,
    TypeRef,
    UnionOf,
    Waiter,
)  # fmt: skip
from .typemap import Annotations, Need, import_block, relative_module

__all__ = ["FILTERS"]


def _scope(resource: Resource) -> Annotations:
    names = frozenset(op.name for op in resource.operations) | frozenset(
        c.name for c in resource.children
    )
    return Annotations(resource.file, shadowed=names)


# types/ modules ------------------------------------------------------------------------


def described(node: Alias | Model | Field | Param, indent: int = 0) -> str:
    """The inside of a node's docstring: its description, "Deprecated." first when it is."""
    return docstring(
        " ".join(
            part for part in ("Deprecated." if node.deprecated else "", node.description) if part
        ),
        indent,
    )


def field_type(field: Field, module: TypeModule, ann: Annotations | None = None) -> str:
    text = (ann or Annotations(module.file)).type(field.type, open_literals=not field.tag)
    return f"{text} | None" if (field.nullable or not field.required) and text != "object" else text


def field_value(field: Field, module: TypeModule, ann: Annotations | None = None) -> str:
    """What follows the annotation: `""`, ` = None`, ` = Field(...)`."""
    parts: list[str] = []
    if not field.required:
        default = field.default
        parts.append(pyrepr(default.value) if default is not None and default.literal else "None")
    if field.name != field.wire_name:
        (ann or Annotations(module.file)).needs.add(("pydantic", "Field"))
        alias = pyrepr(field.wire_name)
        keywords = [f"default={parts[0]}"] if parts else []
        return f" = Field({', '.join([*keywords, f'validation_alias={alias}', f'serialization_alias={alias}'])})"
    return f" = {parts[0]}" if parts else ""


def alias_type(alias: Alias, module: TypeModule, ann: Annotations | None = None) -> str:
    """An alias's value: literals stay strict (uses add `| str`), the rest is open."""
    is_literal = isinstance(alias.type, LiteralOf)
    ann = ann or Annotations(module.file)
    text = ann.type(alias.type, open_literals=not is_literal)
    if (
        isinstance(alias.type, UnionOf)
        and alias.type.discriminator
        and alias.type.discriminator.tagged
    ):
        ann.needs.update({("typing", "Annotated"), ("pydantic", "Field")})
        return f"Annotated[{text}, Field(discriminator={pyrepr(alias.type.discriminator.field)})]"
    return text


def extra_type(model: Model, module: TypeModule, ann: Annotations | None = None) -> str:
    assert model.extra is not None
    text = (ann or Annotations(module.file)).type(model.extra, open_literals=True)
    return f"dict[str, {text}]"


def model_base(model: Model) -> str:
    """The runtime class a model derives from: `BatchResponse` for a batch response
    that reports failures item by item (`x-sdk-item-errors`), else `BaseModel`."""
    return "BatchResponse" if model.item_errors is not None else "BaseModel"


def type_imports(module: TypeModule) -> str:
    ann = Annotations(module.file)
    for definition in module.definitions:
        if isinstance(definition, Model):
            ann.needs.add((relative_module(module.file, "_models"), model_base(definition)))
            if definition.item_errors is not None:
                ann.needs.add(("typing", "ClassVar"))
            for field in definition.fields:
                field_type(field, module, ann)
                field_value(field, module, ann)
            if definition.extra is not None:
                extra_type(definition, module, ann)
                ann.needs.add(("pydantic", "Field"))
        else:
            ann.needs.add(("typing", "TypeAlias"))
            alias_type(definition, module, ann)
    return import_block(ann.needs)


# Resources and the client ----------------------------------------------------------


def param_type(param: Param, resource: Resource, ann: Annotations | None = None) -> str:
    ann = ann or _scope(resource)
    text = ann.type(param.type, open_literals=False)
    if param.location == "body" and param.type == Primitive("bytes"):
        text = f"bytes | {ann.typing('IO')}[bytes]"
    if param.nullable and text != "object":
        text = f"{text} | None"
    if not param.required:
        text = f"{text} | {ann.runtime('_types', 'NotGiven')}"
    return text


def param_default(param: Param) -> str:
    return "" if param.required else " = NOT_GIVEN"


def returns(
    op: Operation, resource: Resource, is_async: bool, ann: Annotations | None = None
) -> str:
    ann = ann or _scope(resource)
    if op.pagination is not None:
        page = ann.runtime("_pagination", "AsyncPaginator" if is_async else "SyncPage")
        return f"{page}[{ann.type(op.pagination.item, open_literals=True)}]"
    if op.returns is None:
        return "None"
    return ann.type(op.returns, open_literals=True)


def cast_to(
    op: Operation,
    resource: Resource,
    classes: frozenset[str] = frozenset(),
    ann: Annotations | None = None,
) -> str:
    """The `cast_to=` (or, for pages, `item=`) expression: the type, as a value.

    `classes`: the aliases whose annotation is itself a `type[...]` value (`class_aliases`).
    """
    ann = ann or _scope(resource)
    kind = op.pagination.item if op.pagination is not None else op.returns
    if kind is None:
        return "type(None)"
    text = ann.type(kind, open_literals=True)
    if _is_class(kind, classes) and " | " not in text:
        return text
    return f'{ann.typing("cast")}({pyrepr(f"type[{text}]")}, {text})'


def class_aliases(api: Api) -> frozenset[str]:
    """The aliases that mypy takes as a `type[...]` value (`list[Pin]`, `str`, a model)."""
    targets = {alias.name: alias.type for alias in api.aliases}
    found: set[str] = set()
    changed = True
    while changed:  # aliases of aliases: iterate to a fixed point
        changed = False
        for name, target in targets.items():
            if name not in found and _is_class(target, frozenset(found)):
                found.add(name)
                changed = True
    return frozenset(found)


def _is_class(kind: TypeRef, classes: frozenset[str]) -> bool:
    """Whether the annotation of `kind` is also a value of type `type[...]` for mypy."""
    if isinstance(kind, ModelRef):
        return kind.kind == "model" or kind.name in classes
    if isinstance(kind, (LiteralOf, UnionOf)):
        return False
    return not (isinstance(kind, Primitive) and kind.kind in ("none", "file"))


def resource_imports(resource: Resource, api: Api) -> str:
    """The imports of a resource module, or (for the client) of `_client.py`."""
    is_client = not resource.path
    ann = _scope(resource)
    classes = class_aliases(api) if resource.operations else frozenset()
    for op in resource.operations:
        for param in (*op.positional, *op.keyword):
            param_type(param, resource, ann)
            if not param.required:
                ann.runtime("_types", "NOT_GIVEN")
        returns(op, resource, False, ann)
        returns(op, resource, True, ann)
        cast_to(op, resource, classes, ann)
        ann.runtime("_types", "RequestOptions")
    if resource.paginations:
        ann.runtime("_pagination", "Pagination")
    if resource.children:
        ann.needs.add(("functools", "cached_property"))
    workflow_needs(resource, ann, stub=False)
    needs: set[Need] = set(ann.needs)
    lazy: set[Need] = set()
    if is_client:  # models and resources are imported where used: `import` stays cheap
        lazy = {n for n in needs if n[0].startswith(".types")}
        needs -= lazy
        needs |= _CLIENT_NEEDS
        needs |= {("._auth", _AUTH_HELPERS[auth.kind]) for auth in api.auths}
        if len(api.auths) > 1:
            needs.add(("._auth", "any_auth"))
        if any(c.kind == "callback" for c in api.credentials):
            needs |= {("._auth", "Token"), ("typing", "Callable")}
    else:
        base = relative_module(resource.file, "_base_client")
        needs |= {(base, "SyncAPIResource"), (base, "AsyncAPIResource")}
    for child in resource.children:
        module = child_module(child, resource)
        lazy |= {(module, child.class_name), (module, child.async_class_name)}
    if lazy:
        needs.add(("typing", "TYPE_CHECKING"))
        inner = import_block(lazy).replace("\n", "\n    ")
        return f"{import_block(needs)}\n\nif TYPE_CHECKING:\n    {inner}"
    return import_block(needs)


_CLIENT_NEEDS: frozenset[Need] = frozenset(
    {("httpx", ""), ("typing", "Mapping"), ("._base_client", "AsyncAPIClient"),
     ("._base_client", "DEFAULT_MAX_RETRIES"), ("._base_client", "DEFAULT_MAX_RETRY_WAIT"),
     ("._base_client", "SyncAPIClient"), ("._base_client", "select_base_url"),
     ("._types", "NOT_GIVEN"), ("._types", "NotGiven"),
     ("._base_client", "DEFAULT_DEADLINE"), ("._base_client", "DEFAULT_MAX_RESPONSE_BYTES"),
     ("._types", "Timeout")}
)  # fmt: skip
_AUTH_HELPERS = {"bearer": "bearer_auth", "api_key": "api_key_auth", "basic": "basic_auth"}


def auth_call(api: Api) -> str:
    """The client's `auth=` value: the `_auth` helper of its one kind of credentials,
    or `any_auth(...)` building each kind it can (an operation picks by its `security`)."""
    calls = [(auth.kind, _helper_call(auth)) for auth in api.auths]
    if len(calls) == 1:
        return calls[0][1]
    return f"any_auth({', '.join(f'{kind}=lambda: {call}' for kind, call in calls)})"


def _helper_call(auth: Auth) -> str:
    args: list[str] = []
    for credential in auth.credentials:
        args.append(f"{credential.argument}={credential.name}")
        if credential.argument == "refresh_token":  # the refresh flow: where it is sent
            args.append("token_url=TOKEN_URL")
    if auth.api_key_name is not None:
        args.append(f"name={pyrepr(auth.api_key_name)}")
    if auth.api_key_location is not None:
        args.append(f"location={pyrepr(auth.api_key_location)}")
    return f"{_AUTH_HELPERS[auth.kind]}({', '.join(args)})"


def workflow_needs(resource: Resource, ann: Annotations, *, stub: bool) -> None:
    """What a resource's workflow methods use from the runtime (`stub`: names in signatures only)."""
    names: set[tuple[str, str]] = set()
    if resource.waiters:
        names |= {("_waiters", "PollOptions"), ("_waiters", "Waiter")}
        names |= {("_waiters", "sync_wait"), ("_waiters", "async_wait")}
    if any(w.download for w in resource.waiters):
        names |= {("_transfers", "Download"), ("_transfers", "AsyncDownload")}
        names.add(("_waiters", "required"))
    if resource.and_waits:
        names |= {("_waiters", "PollOptions"), ("_waiters", "required")}
    for upload in resource.uploads:
        names |= {("_transfers", "Progress"), ("_types", "FileTypes"), ("_waiters", "required")}
        names |= {("_transfers", "upload_file"), ("_transfers", "async_upload_file")}
        if upload.waiter is not None:
            names.add(("_waiters", "PollOptions"))
    for module, name in names:
        if not stub or name[0].isupper() and name != "Waiter":
            ann.runtime(module, name)


def waiter_rule(waiter: Waiter, resource: Resource) -> str:
    """The `Waiter(...)` value of a waiter's module constant."""
    return (
        f"Waiter(name={pyrepr('.'.join((*resource.path, waiter.name)))}, "
        f"status={pyrepr(tuple(f.name for f in waiter.status))}, "
        f"success=frozenset({pyrepr(waiter.success)}), "
        f"failure=frozenset({pyrepr(waiter.failure)}), "
        f"interval={waiter.interval!r}, backoff={waiter.backoff!r}, "
        f"max_interval={waiter.max_interval!r}, timeout={waiter.timeout!r})"
    )


def local_imports(op: Operation, resource: Resource) -> str:
    """For a method of the client: the model imports its body needs, done on call."""
    ann = _scope(resource)
    cast_to(op, resource, frozenset(), ann)
    return import_block({n for n in ann.needs if n[0].startswith(".types")})


def child_module(child: Resource, parent: Resource) -> str:
    """The module of `child` as `parent`'s module imports it (`.sections`)."""
    return relative_module(parent.file, child.module)


def type_exports(api: Api) -> list[tuple[str, str]]:
    """`(name, module relative to types/)` for every name `types/__init__` re-exports."""
    names = [(name, module.module) for module in api.type_modules for name in module.names]
    names.extend((params.name, params.module) for params in api.params_dicts)
    return sorted((name, "." + module.removeprefix("types.")) for name, module in names)


def params_field(param: Param, params: ParamsDict, ann: Annotations | None = None) -> str:
    """A key of a `<Body>Params` TypedDict: the keyword's type, `Required` when it is."""
    ann = ann or Annotations(params.file)
    text = ann.type(param.type, open_literals=False)
    if param.nullable and text != "object":
        text = f"{text} | None"
    if not param.required:
        return text
    ann.needs.add(
        ("typing_extensions", "Required")
    )  # typing has it from 3.11; pydantic needs typing_extensions anyway
    return f"Required[{text}]"


def params_imports(params: ParamsDict) -> str:
    ann = Annotations(params.file)
    ann.typing("TypedDict")
    for param in params.fields:
        params_field(param, params, ann)
    return import_block(ann.needs)


FILTERS = {
    "alias_type": alias_type,
    "auth_call": auth_call,
    "cast_to": cast_to,
    "child_module": child_module,
    "described": described,
    "extra_type": extra_type,
    "field_type": field_type,
    "field_value": field_value,
    "local_imports": local_imports,
    "param_default": param_default,
    "param_type": param_type,
    "params_field": params_field,
    "params_imports": params_imports,
    "resource_imports": resource_imports,
    "returns": returns,
    "type_exports": type_exports,
    "type_imports": type_imports,
    "model_base": model_base,
    "waiter_rule": waiter_rule,
}
