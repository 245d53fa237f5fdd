"""Spec → IR. The only code that reads spec data; everything it returns is sorted or in
spec order, so the output is the same on every run."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ..bundle import Spec
from ..errors import Problem
from ..ir import Alias, Api, Resource
from ..naming import MAX_NAME, TYPE_RESERVED, Namespace, pascal, type_name
from .api import auths, doc_pages, environments, scheme_kinds, scopes
from .context import Context, join
from .modules import component_graph, module_names, ordered, strongly_connected
from .operations import Operations
from .resources import collect, params_dicts, resource_tree
from .runtime import runtime_headers
from .schemas import Types, tag_unions
from .shapes import classify
from .workflows import attach_workflows

__all__ = ["Options", "build"]

_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


@dataclass(frozen=True, slots=True)
class Options:
    """Names chosen by the user (`[tool.sdkgen]` or flags), not by the spec."""

    package: str
    dist_name: str
    client_name: str
    env_prefix: str
    spec_file: str
    """As named in file headers: `spec/openapi.yaml`."""
    sdk_version: str | None = None
    """Default: the spec's `info.version` when it is a PEP 440 version."""


def build(
    spec: Spec, options: Options, openapi: Literal["3.0", "3.1"], *, lenient: bool = False
) -> tuple[Api, list[Problem]]:
    """The IR of a validated spec, and the warnings (and errors) met on the way.

    `lenient`: what the spec gets wrong but can be read past is a warning, not an error.
    """
    data = spec.data
    assert isinstance(data, dict)
    ctx = Context(data, spec.problem, openapi, lenient)
    client_class = options.client_name
    reserved = {client_class, f"Async{client_class}", f"{client_class}Error", *TYPE_RESERVED}
    type_names = Namespace(reserved)
    module_space = Namespace({"types.__init__"})

    schemas = ctx.get("/components/schemas")
    keys = sorted(schemas) if isinstance(schemas, dict) else []
    names = {key: type_names.claim_type(type_name(key)) for key in keys}
    for key in keys:
        if len(pascal(key)) > MAX_NAME:
            ctx.warn(
                f"a name longer than {MAX_NAME} characters: shortened to {names[key]}",
                join("/components/schemas", key),
            )
    kinds = (
        {key: classify(ctx, schemas[key], join("/components/schemas", key)) for key in keys}
        if isinstance(schemas, dict)
        else {}
    )
    modules = module_names(strongly_connected(component_graph(ctx, keys)), names, module_space)
    types = Types(ctx, names, modules, kinds, type_names, module_space)
    for key in keys:
        types.component(key)
    tag_unions(types)

    raws = collect(ctx)
    envs = environments(ctx)
    credentials = auths(ctx, envs[0].url if envs else "", options.env_prefix)
    operations = Operations(ctx, types, scheme_kinds(ctx), tuple((a.kind,) for a in credentials))
    client = resource_tree(ctx, raws, operations, type_names)
    client = attach_workflows(ctx, raws, client, types.models)
    info = ctx.get("/info")
    info = info if isinstance(info, dict) else {}
    api_version = str(info.get("version") or "")
    title = str(info.get("title") or options.client_name).strip()
    type_modules = tuple(ordered(ctx, m, defs) for m, defs in sorted(types.definitions.items()))
    request_id_header, rate_limit_reset_header = runtime_headers(ctx)
    api = Api(
        package=options.package,
        client_class=client_class,
        async_client_class=f"Async{client_class}",
        error_class=f"{client_class}Error",
        env_prefix=options.env_prefix,
        sdk_version=_sdk_version(ctx, options, api_version),
        dist_name=options.dist_name,
        title=title,
        summary=str(info.get("summary") or "").strip(),
        description=str(info.get("description") or "").strip(),
        spec_file=options.spec_file,
        openapi_version=str(data.get("openapi")),
        api_version=api_version,
        environments=envs,
        auth=credentials[0] if credentials else None,
        client=client,
        resources=tuple(_below(client)),
        type_modules=type_modules,
        models=tuple(sorted(types.models.values(), key=lambda m: m.name)),
        aliases=tuple(
            sorted(
                (d for m in type_modules for d in m.definitions if isinstance(d, Alias)),
                key=lambda a: a.name,
            )
        ),
        params_dicts=params_dicts(client, type_names, module_space),
        scopes=scopes(ctx),
        doc_pages=doc_pages(ctx),
        auths=credentials,
        request_id_header=request_id_header,
        rate_limit_reset_header=rate_limit_reset_header,
    )
    _check_operations(ctx, raws, client)
    return api, list(dict.fromkeys(ctx.problems))


def _below(resource: Resource) -> list[Resource]:
    found: list[Resource] = []
    for child in resource.children:
        found.append(child)
        found.extend(_below(child))
    return found


def _sdk_version(ctx: Context, options: Options, api_version: str) -> str:
    if options.sdk_version:
        return options.sdk_version
    if _PEP440.match(api_version):
        return api_version
    ctx.warn(
        f"info.version {api_version!r} is not a PEP 440 version: the SDK is version 0.0.0",
        "/info/version",
    )
    return "0.0.0"


def _check_operations(ctx: Context, raws: Sequence[object], client: Resource) -> None:
    """Every operation found is a method somewhere: none is ever dropped silently."""
    count = (
        len(client.operations) + sum(len(r.operations) for r in _below(client)) + len(ctx.left_out)
    )
    if count != len(raws):  # pragma: no cover - a bug in resource_tree, not in the spec
        ctx.error(f"internal: {len(raws)} operations found but {count} generated", "/paths")
