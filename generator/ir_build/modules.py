"""Which `types/` module each named schema lives in, and the order inside a module.

Each schema gets a module of its own, except that schemas which reference each other
(a strongly connected component of the reference graph) share one: then every import
between `types/` modules points one way, and a cycle of imports cannot happen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..ir import Alias, ListOf, MapOf, Model, ModelRef, Primitive, TypeModule, TypeRef, UnionOf
from ..naming import Namespace, module_name
from .context import Context, join

__all__ = ["component_graph", "module_names", "ordered", "references", "strongly_connected"]

_PREFIX = "#/components/schemas/"


def component_graph(ctx: Context, keys: list[str]) -> dict[str, list[str]]:
    """`key` → the components its schema references (anywhere inside it), sorted."""
    graph: dict[str, list[str]] = {}
    known = set(keys)
    for key in keys:
        found = {
            target
            for ref in _refs(ctx.get(join("/components/schemas", key)))
            if ref.startswith(_PREFIX)
            for target in [ref[len(_PREFIX) :].split("/")[0].replace("~1", "/").replace("~0", "~")]
            if target in known
        }
        graph[key] = sorted(found)
    return graph


def _refs(node: object) -> Iterator[str]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            ref = current.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(
                v
                for k, v in current.items()
                if k not in ("example", "examples", "default", "enum", "const")
            )
        elif isinstance(current, list):
            stack.extend(current)


def strongly_connected(graph: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (reference chains can be deep); members sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                components.append(sorted(members))
    return components


def module_names(
    components: list[list[str]], names: dict[str, str], namespace: Namespace
) -> dict[str, str]:
    """`key` → `types.<module>`: named after the component's first type name."""
    modules: dict[str, str] = {}
    for members in sorted(components, key=lambda m: min(names[k] for k in m)):
        module = namespace.claim(f"types.{module_name(min(names[k] for k in members))}")
        for key in members:
            modules[key] = module
    return modules


def references(kind: TypeRef) -> Iterator[ModelRef]:
    if isinstance(kind, ModelRef):
        yield kind
    elif isinstance(kind, (ListOf, MapOf)):
        yield from references(kind.item if isinstance(kind, ListOf) else kind.value)
    elif isinstance(kind, UnionOf):
        for member in kind.members:
            yield from references(member)


def ordered(ctx: Context, module: str, definitions: list[Model | Alias]) -> TypeModule:
    """The module with models first, then aliases, each after the aliases it uses.

    An alias is a value evaluated at import (a class's annotations are not), so an
    alias that reaches itself through aliases only cannot be written: such a
    reference is typed as any value, with a warning.
    """
    models = [d for d in definitions if isinstance(d, Model)]
    aliases = {d.name: d for d in definitions if isinstance(d, Alias)}
    done: list[Alias] = []
    placed: set[str] = set()
    visiting: set[str] = set()

    def place(alias: Alias) -> None:
        if alias.name in placed:
            return
        visiting.add(alias.name)
        cyclic = {r.name for r in references(alias.type) if r.name in visiting}
        if cyclic:
            ctx.warn("a type alias that contains itself is typed as any value there", alias.pointer)
            alias = replace(alias, type=_without(alias.type, cyclic))
        for ref in references(alias.type):
            if ref.name in aliases and ref.name not in placed:
                place(aliases[ref.name])
        visiting.discard(alias.name)
        placed.add(alias.name)
        done.append(alias)

    for alias in aliases.values():
        place(alias)
    names = tuple(sorted(d.name for d in definitions))
    return TypeModule(module, module.replace(".", "/") + ".py", (*models, *done), names)


def _without(kind: TypeRef, names: set[str]) -> TypeRef:
    if isinstance(kind, ModelRef) and kind.name in names:
        return Primitive("any")
    if isinstance(kind, ListOf):
        return ListOf(_without(kind.item, names))
    if isinstance(kind, MapOf):
        return MapOf(_without(kind.value, names))
    if isinstance(kind, UnionOf):
        return UnionOf(tuple(_without(m, names) for m in kind.members), kind.discriminator)
    return kind
