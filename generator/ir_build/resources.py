"""The resource tree: which `client.<path>.<method>` each operation becomes.

A dotted `operationId` is the SDK path (`boards.sections.list`); otherwise the first
tag names the resource and the `operationId`, without a leading `<resource>_`, the
method, also without the resource's own name where that leaves a distinct, valid name
(`list_books` in `books` → `list`); untagged operations become methods of the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..ir import Operation, Pagination, Param, ParamsDict, Resource
from ..naming import (
    CLIENT_RESERVED,
    RESOURCE_RESERVED,
    Namespace,
    class_name,
    method_name,
    module_name,
    pascal,
    snake,
    without_resource,
)
from .context import Context, join
from .operations import Operations, RawOperation

__all__ = ["collect", "params_dicts", "resource_tree"]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(slots=True)
class _Group:
    key: str
    """The snake-cased segment, before keywords and collisions are dealt with."""
    children: dict[str, _Group] = field(default_factory=dict)
    operations: list[tuple[RawOperation, str]] = field(default_factory=list)
    """Each with the wanted method name."""
    plain: set[int] = field(default_factory=set)
    """Indexes in `operations` of those named by a tag and a non-dotted `operationId`."""


def collect(ctx: Context) -> list[RawOperation]:
    """Every operation under `paths`, in document order."""
    paths = ctx.data.get("paths")
    found: list[RawOperation] = []
    for path, item in (paths.items() if isinstance(paths, dict) else []):
        where = join("/paths", path)
        node = ctx.mapping(item, where, "a path item")
        shared = node.get("parameters")
        params = tuple(
            (p, join(where, "parameters", i))
            for i, p in enumerate(shared if isinstance(shared, list) else [])
        )
        for method in _METHODS:
            if method in node:
                operation = node[method]
                if isinstance(operation, dict):
                    found.append(RawOperation(path, method, operation, join(where, method), params))
                else:
                    ctx.invalid(
                        "an operation must be an object",
                        join(where, method),
                        "this operation cannot be generated: left out",
                    )
    return found


def _sdk_path(raw: RawOperation) -> tuple[list[str], str, bool]:
    """`(resource segments, method name, whether the name came from a dotted
    operationId)` before naming rules apply."""
    operation_id = raw.node.get("operationId")
    operation_id = operation_id if isinstance(operation_id, str) and operation_id.strip() else ""
    segments = [snake(s) for s in operation_id.split(".")] if "." in operation_id else []
    if len(segments) > 1 and all(segments):
        return segments[:-1], segments[-1], True
    tags = raw.node.get("tags")
    tag = snake(tags[0]) if isinstance(tags, list) and tags and isinstance(tags[0], str) else ""
    method = snake(operation_id) or snake(f"{raw.method} {raw.path}")
    if tag and method.startswith(f"{tag}_") and len(method) > len(tag) + 1:
        method = method[len(tag) + 1 :]
    return ([tag] if tag else []), method, False


def _unstutter(group: _Group) -> None:
    """Drop the resource's own name from its plainly named methods (`list_books` in
    `books` → `list`) where the shorter name is a valid, unreserved method name that no
    other method or child of the resource wants."""
    if group.key:
        shorter = {
            i: without_resource(group.operations[i][1], group.key) for i in sorted(group.plain)
        }
        valid = {
            i: name
            for i, name in shorter.items()
            if name and method_name(name, RESOURCE_RESERVED) == name
        }
        wanted = [valid.get(i, method) for i, (_, method) in enumerate(group.operations)] + list(
            group.children
        )
        for i, name in valid.items():
            if wanted.count(name) == 1 and name not in (m for _, m in group.operations):
                group.operations[i] = (group.operations[i][0], name)
    for child in group.children.values():
        _unstutter(child)


def resource_tree(
    ctx: Context, raws: list[RawOperation], operations: Operations, class_names: Namespace
) -> Resource:
    """The client (root resource) with every operation placed and named."""
    root = _Group("")
    for raw in raws:
        segments, method, dotted = _sdk_path(raw)
        group = root
        for segment in segments:
            group = group.children.setdefault(segment, _Group(segment))
        if not dotted:
            group.plain.add(len(group.operations))
        group.operations.append((raw, method))
    _unstutter(root)
    tags = ctx.data.get("tags")
    descriptions = {
        snake(t["name"]): t["description"].strip()
        for t in (tags if isinstance(tags, list) else [])
        if isinstance(t, dict)
        and isinstance(t.get("name"), str)
        and isinstance(t.get("description"), str)
    }
    return _Builder(ctx, operations, class_names, descriptions).resource(root, (), "")


class _Builder:
    def __init__(
        self,
        ctx: Context,
        operations: Operations,
        class_names: Namespace,
        descriptions: dict[str, str],
    ) -> None:
        self.ctx = ctx
        self.operations = operations
        self.class_names = class_names
        self.descriptions = descriptions

    def resource(self, group: _Group, path: tuple[str, ...], name: str) -> Resource:
        is_client = not path
        names = Namespace(CLIENT_RESERVED if is_client else RESOURCE_RESERVED)
        reserved = CLIENT_RESERVED if is_client else RESOURCE_RESERVED
        child_names = {
            key: names.claim(method_name(key, reserved)) for key in sorted(group.children)
        }
        module = "_client" if is_client else "resources." + ".".join(path)
        file = (
            "_client.py"
            if is_client
            else "resources/" + "/".join(path) + ("/__init__.py" if group.children else ".py")
        )
        children = tuple(
            self.resource(group.children[key], (*path, child_names[key]), child_names[key])
            for key in sorted(group.children)
        )
        paginations: dict[tuple[str, str, str], str] = {}
        constants = Namespace()

        def constant_for(cursor_param: str, cursor_field: str, items_field: str) -> str:
            key = (cursor_param, cursor_field, items_field)
            if key not in paginations:
                paginations[key] = constants.claim("_PAGINATION")
            return paginations[key]

        built: list[Operation] = []
        for raw, wanted in group.operations:
            candidate = method_name(wanted, reserved)
            method = names.claim(candidate)
            if method != candidate:
                where = "the client" if is_client else f"client.{'.'.join(path)}"
                self.ctx.warn(
                    f"{where} already has {candidate!r}: this operation is {method!r}", raw.pointer
                )
            hint = pascal("_".join((*path, method)))
            try:
                built.append(self.operations.build(raw, method, hint, constant_for))
            except Exception as exc:  # a shape of spec sdkgen does not foresee
                if not self.ctx.lenient:
                    raise
                self.ctx.warn(
                    f"this operation cannot be generated ({type(exc).__name__}: {exc}; please report it): left out",
                    raw.pointer,
                )
                self.ctx.left_out.append(raw.pointer)
        resource_class = self._class_name(path)
        distinct: dict[str, Pagination] = {}
        for operation in built:
            if operation.pagination is not None:
                distinct.setdefault(operation.pagination.constant, operation.pagination)
        return Resource(
            name=name,
            path=path,
            class_name=resource_class,
            async_class_name=self.class_names.claim_type(f"Async{resource_class}") if path else "",
            module=module,
            file=file,
            description=self.descriptions.get(path[-1], "") if len(path) == 1 else "",
            operations=tuple(built),
            children=children,
            paginations=tuple(distinct.values()),
        )

    def _class_name(self, path: tuple[str, ...]) -> str:
        if not path:
            return ""
        leaf = class_name(pascal(path[-1]), "Resource")
        if leaf not in self.class_names:
            return self.class_names.claim_type(leaf)
        full = class_name(pascal("_".join(path)), "Resource")
        return self.class_names.claim_type(
            full if full not in self.class_names else f"{full}Resource"
        )


def params_dicts(
    client: Resource, type_names: Namespace, module_names: Namespace
) -> tuple[ParamsDict, ...]:
    """A `<Body>Params` TypedDict for every distinct set of JSON body keywords.

    Named after the body's schema (`PinCreateParams`), else after the method
    (`BoardsSectionsCreateParams`); methods taking the same keywords share one.
    """
    found: dict[tuple[str, tuple[str, ...]], tuple[tuple[Param, ...], list[str]]] = {}
    for resource in (client, *_descendants(client)):
        for op in resource.operations:
            if op.body is None or op.body.kind != "json_fields" or not op.json_fields:
                continue
            base = (
                op.body.schema.name
                if op.body.schema
                else pascal("_".join((*resource.path, op.name)))
            )
            fields = op.json_fields
            key = (f"{base}Params", tuple(f"{p.name}:{p.pointer}" for p in fields))
            found.setdefault(key, (fields, []))[1].append(".".join((*resource.path, op.name)))
    made = []
    for (wanted, _), (fields, methods) in sorted(found.items()):
        name = type_names.claim_type(wanted)
        module = module_names.claim(f"types.{module_name(name)}")
        made.append(
            ParamsDict(name, module, module.replace(".", "/") + ".py", fields, tuple(methods))
        )
    return tuple(sorted(made, key=lambda p: p.name))


def _descendants(resource: Resource) -> list[Resource]:
    return [r for child in resource.children for r in (child, *_descendants(child))]
