"""Workflows declared in the spec: waiters, `<operation>_and_wait`, presigned uploads.

Three operation extensions, read after the resource tree is built (they name operations
and response fields, so they are checked against the built IR):

* `x-sdk-waiter` on a polling operation: `{status, success, failure, interval, backoff,
  max-interval, timeout, result-url, name}` → `wait(...)` (and `download_result(...)`
  when `result-url` names the field holding a finished job's URL);
* `x-sdk-and-wait` on a starting operation: `{waiter, arguments, name}` →
  `<method>_and_wait(...)`, `arguments` mapping each waiter parameter to
  `$request.<in>.<name>`, `$request.body#/<field>` or `$response.body#/<field>`;
* `x-sdk-upload` on a registering operation: `{url, parameters, file-field, waiter,
  arguments, name}` → `upload(file, ...)`.

A waiter lives on the resource of its polling operation, and `waiter` names an
operation of the same resource. Every mistake is a located error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..ir import (
    AndWait,
    Field,
    LiteralOf,
    Model,
    ModelRef,
    Operation,
    Param,
    Resource,
    ResultDownload,
    TypeRef,
    Upload,
    WaitArgument,
    Waiter,
)
from ..naming import RESOURCE_RESERVED, Namespace, constant, method_name
from .context import Context, Node, join
from .operations import RawOperation

__all__ = ["attach_workflows"]

WAITER, AND_WAIT, UPLOAD = "x-sdk-waiter", "x-sdk-and-wait", "x-sdk-upload"
_WAITER_KEYS = frozenset(
    {"name", "status", "success", "failure", "interval", "backoff", "max-interval", "timeout",
     "result-url"}
)  # fmt: skip
_AND_WAIT_KEYS = frozenset({"name", "waiter", "arguments"})
_UPLOAD_KEYS = frozenset({"name", "url", "parameters", "file-field", "waiter", "arguments"})
_REQUEST = re.compile(r"^\$request\.(path|query|header)\.(.+)$|^\$request\.body#/([^/]+)$")
_RESPONSE = re.compile(r"^\$response\.body#/([^/]+)$")
_LOCALS = frozenset({"polling", "started", "registered", "file", "progress", "result"})
"""Names the workflow methods use beside the operation's parameters."""

Lookup = Callable[[TypeRef | None], Model | None]


def attach_workflows(
    ctx: Context, raws: Sequence[RawOperation], client: Resource, models: dict[str, Model]
) -> Resource:
    """The resource tree with the workflows its operations declare."""
    if not any(WAITER in r.node or AND_WAIT in r.node or UPLOAD in r.node for r in raws):
        return client
    placed: dict[str, tuple[Resource, Operation]] = {}
    for resource in _walk(client):
        for op in resource.operations:
            placed[op.pointer] = (resource, op)

    def model_of(kind: TypeRef | None) -> Model | None:
        return models.get(kind.name) if isinstance(kind, ModelRef) else None

    names = {r.path: _names(r) for r in _walk(client)}
    waiters: dict[str, Waiter] = {}
    by_resource: dict[tuple[str, ...], _Found] = {}
    ordered = [r for r in raws if r.pointer in placed]
    for raw in ordered:
        for key in (WAITER, AND_WAIT, UPLOAD):
            if key in raw.node and not placed[raw.pointer][0].path:
                ctx.error(
                    f"{key} needs an operation of a resource (a tag or a dotted operationId),"
                    " not of the client itself",
                    join(raw.pointer, key),
                )
    ordered = [r for r in ordered if placed[r.pointer][0].path]
    for raw in ordered:
        if WAITER in raw.node:
            resource, op = placed[raw.pointer]
            waiter = _waiter(ctx, raw, op, model_of, names[resource.path])
            if waiter is not None:
                waiters[raw.pointer] = waiter
                by_resource.setdefault(resource.path, _Found()).waiters.append(waiter)
    for raw in ordered:
        for key in (AND_WAIT, UPLOAD):
            if key not in raw.node:
                continue
            resource, op = placed[raw.pointer]
            built = _chained(
                ctx, raws, raw, key, op, resource, waiters, model_of, names[resource.path]
            )
            found = by_resource.setdefault(resource.path, _Found())
            if isinstance(built, AndWait):
                found.and_waits.append(built)
            elif isinstance(built, Upload):
                found.uploads.append(built)
    return _rebuilt(client, by_resource)


def _walk(resource: Resource) -> list[Resource]:
    return [resource, *(r for child in resource.children for r in _walk(child))]


def _names(resource: Resource) -> Namespace:
    return Namespace(
        {*RESOURCE_RESERVED, *(op.name for op in resource.operations),
         *(c.name for c in resource.children)}
    )  # fmt: skip


@dataclass(slots=True)
class _Found:
    """The workflows of one resource, as they are built."""

    waiters: list[Waiter] = field(default_factory=list)
    and_waits: list[AndWait] = field(default_factory=list)
    uploads: list[Upload] = field(default_factory=list)


def _rebuilt(resource: Resource, found: dict[tuple[str, ...], _Found]) -> Resource:
    children = tuple(_rebuilt(child, found) for child in resource.children)
    mine = found.get(resource.path, _Found())
    return replace(
        resource,
        children=children,
        waiters=tuple(mine.waiters),
        and_waits=tuple(mine.and_waits),
        uploads=tuple(mine.uploads),
    )


def _claim(ctx: Context, names: Namespace, wanted: object, default: str, where: str) -> str | None:
    if wanted is not None and not isinstance(wanted, str):
        ctx.error("`name` must be a string", join(where, "name"))
        return None
    name = method_name(wanted or default)
    if name in names:
        ctx.error(f"the resource already has a member named {name!r}", join(where, "name"))
        return None
    return names.claim(name)


def _extension(ctx: Context, raw: RawOperation, key: str, allowed: frozenset[str]) -> Node | None:
    where = join(raw.pointer, key)
    node = raw.node[key]
    if not isinstance(node, dict):
        ctx.error(f"{key} must be an object", where)
        return None
    for unknown in sorted(set(node) - allowed):
        ctx.error(
            f"unknown key {unknown!r} (known: {', '.join(sorted(allowed))})", join(where, unknown)
        )
    return node


def _field_path(
    ctx: Context, kind: TypeRef | None, path: object, model_of: Lookup, where: str
) -> tuple[Field, ...] | None:
    """The fields a dotted path of wire names goes through, from the response type."""
    if not isinstance(path, str) or not path:
        ctx.error("must be a field name of the response (dotted for a nested field)", where)
        return None
    found: list[Field] = []
    for part in path.split("."):
        model = model_of(kind)
        member = next((f for f in model.fields if f.wire_name == part), None) if model else None
        if member is None:
            whose = (
                f"the response ({model.name})" if model else "the response, which is not an object"
            )
            ctx.error(f"no field {part!r} in {whose}", where)
            return None
        found.append(member)
        kind = member.type
    return tuple(found)


def _number(ctx: Context, node: Node, key: str, default: float | None, where: str) -> float | None:
    value = node.get(key, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        ctx.error(f"`{key}` must be a positive number of seconds", join(where, key))
        return default
    return float(value)


def _values(
    ctx: Context, node: Node, key: str, allowed: tuple[object, ...] | None, where: str
) -> tuple[str | int | bool, ...]:
    values = node.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, (str, int, bool)) for v in values):
        ctx.error(f"`{key}` must be a list of status values", join(where, key))
        return ()
    for i, value in enumerate(values):
        if allowed is not None and value not in allowed:
            ctx.error(
                f"{value!r} is not a value of the status field ({', '.join(map(repr, allowed))})",
                join(where, key, i),
            )
    return tuple(values)


def _waiter(
    ctx: Context, raw: RawOperation, op: Operation, model_of: Lookup, names: Namespace
) -> Waiter | None:
    where = join(raw.pointer, WAITER)
    node = _extension(ctx, raw, WAITER, _WAITER_KEYS)
    if node is None:
        return None
    if op.pagination is not None or op.returns_kind != "json":
        ctx.error("a waiter polls an operation that answers one JSON object", where)
        return None
    if _LOCALS & {p.name for p in (*op.positional, *op.keyword)}:
        ctx.error(f"the operation has a parameter named like one of {sorted(_LOCALS)}", where)
        return None
    status = _field_path(ctx, op.returns, node.get("status"), model_of, join(where, "status"))
    kind = status[-1].type if status else None
    allowed = tuple(kind.values) if isinstance(kind, LiteralOf) else None
    success = _values(ctx, node, "success", allowed, where)
    failure = _values(ctx, node, "failure", allowed, where)
    if not success:
        ctx.error("`success` must list at least one status value", join(where, "success"))
    interval = _number(ctx, node, "interval", 5.0, where) or 5.0
    backoff = node.get("backoff", 1.0)
    if isinstance(backoff, bool) or not isinstance(backoff, (int, float)) or backoff < 1:
        ctx.error("`backoff` must be a number of at least 1", join(where, "backoff"))
        backoff = 1.0
    max_interval = _number(ctx, node, "max-interval", max(interval, 60.0), where) or interval
    timeout = _number(ctx, node, "timeout", None, where) if "timeout" in node else 600.0
    name = _claim(ctx, names, node.get("name"), "wait", where)
    download = None
    if "result-url" in node:
        url = _field_path(ctx, op.returns, node["result-url"], model_of, join(where, "result-url"))
        download_name = _claim(ctx, names, None, "download_result", where)
        if url is not None and len(url) > 1:
            ctx.error("`result-url` must be a top-level field", join(where, "result-url"))
        elif url is not None and download_name is not None:
            download = ResultDownload(download_name, url[0])
    if status is None or name is None or not success:
        return None
    return Waiter(
        name=name,
        operation=op,
        status=status,
        success=success,
        failure=failure,
        interval=interval,
        backoff=float(backoff),
        max_interval=max_interval,
        timeout=timeout,
        constant="_" + constant(name),
        download=download,
        pointer=where,
    )


def _chained(
    ctx: Context,
    raws: Sequence[RawOperation],
    raw: RawOperation,
    key: str,
    op: Operation,
    resource: Resource,
    waiters: dict[str, Waiter],
    model_of: Lookup,
    names: Namespace,
) -> AndWait | Upload | None:
    where = join(raw.pointer, key)
    node = _extension(ctx, raw, key, _AND_WAIT_KEYS if key == AND_WAIT else _UPLOAD_KEYS)
    if node is None:
        return None
    if op.pagination is not None or op.returns_kind != "json":
        ctx.error("the operation must answer one JSON object", where)
        return None
    if _LOCALS & {p.name for p in (*op.positional, *op.keyword)}:
        ctx.error(f"the operation has a parameter named like one of {sorted(_LOCALS)}", where)
        return None
    waiter: Waiter | None = None
    if key == AND_WAIT or "waiter" in node:
        target = node.get("waiter")
        candidates = {w.operation.operation_id: w for w in waiters.values()}
        waiter = candidates.get(target) if isinstance(target, str) else None
        declared = {str(r.node.get("operationId")) for r in raws if WAITER in r.node}
        if waiter is None and target in declared:
            return None  # its waiter has a problem, reported there
        if waiter is None or waiter.operation not in resource.operations:
            ctx.error(
                f"`waiter` must be the operationId of an operation of the same resource with {WAITER}"
                f" (got {target!r})",
                join(where, "waiter"),
            )
            return None
    arguments = _arguments(ctx, node, op, waiter, model_of, where) if waiter else ()
    if arguments is None:
        return None
    if key == AND_WAIT:
        assert waiter is not None
        name = _claim(ctx, names, node.get("name"), f"{op.name}_and_wait", where)
        return None if name is None else AndWait(name, op, waiter, arguments, where)
    url = _field_path(ctx, op.returns, node.get("url"), model_of, join(where, "url"))
    parameters = None
    if "parameters" in node:
        found = _field_path(
            ctx, op.returns, node["parameters"], model_of, join(where, "parameters")
        )
        parameters = found[0] if found and len(found) == 1 else None
        if parameters is None:
            return None
    file_field = node.get("file-field", "file")
    if not isinstance(file_field, str) or not file_field:
        ctx.error("`file-field` must be the multipart name of the file", join(where, "file-field"))
        return None
    name = _claim(ctx, names, node.get("name"), "upload", where)
    if url is None or len(url) != 1 or name is None:
        if url is not None and len(url) != 1:
            ctx.error("`url` must be a top-level field", join(where, "url"))
        return None
    return Upload(name, op, url[0], parameters, file_field, waiter, arguments, where)


def _arguments(
    ctx: Context, node: Node, op: Operation, waiter: Waiter, model_of: Lookup, where: str
) -> tuple[WaitArgument, ...] | None:
    given = node.get("arguments", {})
    if not isinstance(given, dict):
        ctx.error(
            "`arguments` must map the waiter's parameters to expressions", join(where, "arguments")
        )
        return None
    params = {p.wire_name: p for p in (*waiter.operation.positional, *waiter.operation.keyword)}
    ok = True
    made: list[WaitArgument] = []
    for wire, expression in given.items():
        at = join(where, "arguments", wire)
        param = params.get(wire)
        if param is None:
            ctx.error(f"{waiter.operation.operation_id} has no parameter {wire!r}", at)
            ok = False
            continue
        argument = _argument(ctx, param, expression, op, model_of, at)
        ok = ok and argument is not None
        if argument is not None:
            made.append(argument)
    for missing in sorted(w for w, p in params.items() if p.required and w not in given):
        ctx.error(
            f"no argument for the waiter's required parameter {missing!r}", join(where, "arguments")
        )
        ok = False
    return tuple(made) if ok else None


def _argument(
    ctx: Context, param: Param, expression: object, op: Operation, model_of: Lookup, at: str
) -> WaitArgument | None:
    text = expression if isinstance(expression, str) else ""
    request = _REQUEST.match(text)
    if request:
        location, name = ("json", request[3]) if request[3] else (request[1], request[2])
        found = next(
            (
                p
                for p in (*op.positional, *op.keyword)
                if p.wire_name == name and p.location == location
            ),
            None,
        )
        if found is None:
            ctx.error(f"{op.operation_id} has no {location} parameter {name!r}", at)
            return None
        return WaitArgument(param, found, None, text)
    response = _RESPONSE.match(text)
    if response:
        fields = _field_path(ctx, op.returns, response[1], model_of, at)
        return None if fields is None else WaitArgument(param, None, fields[0], text)
    ctx.error(
        "an argument is `$request.path.<name>` (or query, header), `$request.body#/<field>`"
        " or `$response.body#/<field>`",
        at,
    )
    return None
