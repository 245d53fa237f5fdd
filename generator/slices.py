"""Incremental rendering: each output file is made again only when the part of the IR
it is made of changed; otherwise its text (rendered, formatted) is the last run's.

A file is made of its template, its node (a resource, a type module...: `render.Job`)
and a *view* of the API: `facts` (the API-wide names and settings: package, client
classes, environments, authentication, scopes...), `shapes` (those and every type
without its descriptions), `outline` (the whole API without the descriptions of
types, operations and parameters), `types` (those and every type: modules, models, aliases,
parameter dicts) or `all`. A template is rendered against
the smallest view first; a view hides the rest of the API behind objects that raise
`OutsideSlice` on any use, so a render that completes read nothing else, and the file
is a function of its template, its node and that view. The next run makes the file's
key again (the digest of those, of sdkgen's code and templates and of black's version)
and reuses the text when the key is the one recorded; else it renders again, from
the smallest view up. So the contract of what a template may read is
enforced, not assumed, and a template that starts reading more simply moves up a view.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from jinja2 import Environment

from .cache import digest, digest_of, tool_version, tree_digest
from .filters import class_aliases
from .ir import Alias, Api, Model, Operation, Param, Resource
from .render import Job, Renderer, add_file, jobs

__all__ = ["LEVELS", "OutsideSlice", "Record", "Rendered", "render_reusing", "scope", "view_of"]

LEVELS = ("facts", "shapes", "outline", "types", "all")
_HIDDEN = {
    "facts": (
        "client",
        "resources",
        "type_modules",
        "models",
        "aliases",
        "params_dicts",
        "doc_pages",
    ),
    "shapes": ("client", "resources", "doc_pages"),
    "outline": (),
    "types": ("client", "resources", "doc_pages"),
    "all": (),
}
_GENERATOR = Path(__file__).resolve().parent


class OutsideSlice(Exception):
    """A template read a part of the API its view hides."""


class _Hidden:
    """A part of the API a view hides: any use of it raises `OutsideSlice`."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise OutsideSlice(self._name)

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = _refuse
    __eq__ = __ne__ = __lt__ = __hash__ = __call__ = __str__ = _refuse

    def __getattr__(self, name: str) -> NoReturn:
        raise OutsideSlice(f"{self._name}.{name}")

    def __repr__(self) -> str:
        return f"<{self._name}: hidden>"


@dataclass(frozen=True, slots=True)
class Record:
    """How one output file was made: what the next run compares."""

    template: str
    node: str
    """The digest of the node's IR (its `repr`: every field, in order)."""
    level: str
    key: str
    path: str
    """"" when the template rendered nothing for the node (no file)."""

    def row(self) -> list[str]:
        return [self.template, self.node, self.level, self.key, self.path]

    @classmethod
    def of(cls, row: object) -> Record | None:
        """A stored row; `None` when it is not one (the cache is data, checked)."""
        if not (isinstance(row, list) and len(row) == 5 and all(isinstance(x, str) for x in row)):
            return None
        record = cls(*row)
        return record if record.level in LEVELS else None


@dataclass(frozen=True, slots=True)
class Rendered:
    files: dict[str, str]
    """Every output file of the templates, in output order: reused texts are final
    (formatted), the others as rendered (`format.format_files` formats them in place)."""
    fresh: frozenset[str]
    """The paths rendered by this run (to be formatted)."""
    records: tuple[Record, ...]


def scope(templates: Path, api: Api) -> str:
    """What every file's text depends on besides its IR: sdkgen's code, the templates,
    the Python and black versions, the aliases the `cast_to` filter treats as classes."""
    return digest(
        "slices",
        sys.version,
        tool_version("black"),
        tree_digest(_GENERATOR, "*.py"),
        tree_digest(templates, "*"),
        *sorted(class_aliases(api)),
    )


class _Views:
    def __init__(self, api: Api) -> None:
        self.api = api
        self._views: dict[str, Api] = {}
        self._digests: dict[str, str] = {}

    def view(self, level: str) -> Api:
        if level not in self._views:
            hidden: dict[str, object] = {name: _Hidden(f"api.{name}") for name in _HIDDEN[level]}
            if level in ("shapes", "outline"):
                hidden.update(_shapes(self.api))
            if level == "outline":
                hidden.update(_outline(self.api))
            self._views[level] = dataclasses.replace(self.api, **hidden)  # type: ignore[arg-type]
        return self._views[level]

    def digest(self, level: str) -> str:
        """The digest of the view's `repr`, made a part at a time: the `repr` of a large
        API is hundreds of MB, never held whole."""
        if level not in self._digests:
            self._digests[level] = digest_of(_pieces(self.view(level)))
        return self._digests[level]


def _pieces(api: Api) -> Iterator[str]:
    """The `repr` of each field of `api`, a tuple's an item at a time (each named and
    counted, so no two APIs give the same pieces)."""
    for field in dataclasses.fields(api):
        value = getattr(api, field.name)
        items = value if type(value) is tuple else (value,)
        yield f"{field.name}:{type(value).__name__}:{len(items)}"
        yield from map(repr, items)


def view_of(api: Api, level: str) -> Api:
    """`api` as a file made at `level` sees it."""
    return _Views(api).view(level)


def _shapes(api: Api) -> dict[str, object]:
    """The types without their descriptions (hidden): what most files that use types
    read of them, so a new description re-makes only the files that show it."""
    bare: dict[int, Model | Alias] = {}
    for model in api.models:
        fields = tuple(
            dataclasses.replace(f, description=_Hidden(f"{model.name}.{f.name}.description"))  # type: ignore[arg-type]
            for f in model.fields
        )
        bare[id(model)] = dataclasses.replace(
            model, fields=fields, description=_Hidden(f"{model.name}.description")  # type: ignore[arg-type]
        )
    for alias in api.aliases:
        bare[id(alias)] = dataclasses.replace(
            alias, description=_Hidden(f"{alias.name}.description")  # type: ignore[arg-type]
        )
    modules = tuple(
        dataclasses.replace(m, definitions=tuple(bare.get(id(d), d) for d in m.definitions))
        for m in api.type_modules
    )
    return {
        "models": tuple(bare[id(m)] for m in api.models),
        "aliases": tuple(bare[id(a)] for a in api.aliases),
        "type_modules": modules,
    }


def _outline(api: Api) -> dict[str, object]:
    """The resource tree without the descriptions of its operations and their
    parameters (hidden): what the client module, its stub and the index pages read."""
    done: dict[int, Resource] = {}

    def bare(resource: Resource) -> Resource:
        if id(resource) not in done:
            done[id(resource)] = dataclasses.replace(
                resource,
                operations=tuple(_bare_operation(op) for op in resource.operations),
                children=tuple(bare(child) for child in resource.children),
            )
        return done[id(resource)]

    return {"client": bare(api.client), "resources": tuple(bare(r) for r in api.resources)}


def _bare_operation(op: Operation) -> Operation:
    def param(p: Param) -> Param:
        return dataclasses.replace(p, description=_Hidden(f"{op.name}.{p.name}.description"))  # type: ignore[arg-type]

    return dataclasses.replace(
        op,
        summary=_Hidden(f"{op.name}.summary"),  # type: ignore[arg-type]
        description=_Hidden(f"{op.name}.description"),  # type: ignore[arg-type]
        positional=tuple(param(p) for p in op.positional),
        keyword=tuple(param(p) for p in op.keyword),
    )


def render_reusing(
    api: Api,
    templates: Path,
    last: Mapping[tuple[str, str], Record],
    last_files: Mapping[str, str],
    code: str,
    kept: dict[Path, Environment] | None = None,
) -> Rendered:
    """Every output file of `api`: the last run's text (`last_files`, as `last` records
    it) where the file's key is unchanged, else rendered. `code` is `scope(...)`; `kept`
    as in `Renderer`."""
    views = _Views(api)
    renderer: Renderer | None = None
    nodes: dict[int, str] = {}
    files: dict[str, str] = {}
    fresh: set[str] = set()
    records: list[Record] = []
    for job in jobs(api, templates):
        node = nodes.get(id(job.node))
        if node is None:
            node = nodes[id(job.node)] = digest(repr(job.node))
        record = last.get((job.entry.template, node))
        if record is not None and _key(code, job, node, record.level, views) == record.key:
            if not record.path:
                records.append(record)
                continue
            text = last_files.get(record.path)
            if text is not None:
                add_file(files, record.path, text)
                records.append(record)
                continue
        renderer = renderer or Renderer(api, templates, kept)
        level, made = _render(renderer, job, views, LEVELS)
        path = made[0] if made is not None else ""
        if made is not None:
            add_file(files, path, made[1])
            fresh.add(path)
        records.append(
            Record(job.entry.template, node, level, _key(code, job, node, level, views), path)
        )
    return Rendered(files, frozenset(fresh), tuple(records))


def _render(
    renderer: Renderer, job: Job, views: _Views, levels: tuple[str, ...]
) -> tuple[str, tuple[str, str] | None]:
    """The file of `job` rendered against the smallest of `levels` it needs."""
    for level in levels[:-1]:
        try:
            return level, renderer.file(job, views.view(level))
        except OutsideSlice:
            continue
    return levels[-1], renderer.file(job, views.view(levels[-1]))


def _key(code: str, job: Job, node: str, level: str, views: _Views) -> str:
    return digest(
        code, job.entry.template, job.entry.path, job.entry.each, node, level, views.digest(level)
    )
