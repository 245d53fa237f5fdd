"""Follow `$ref`s across files and bundle a spec into one document.

The result holds only local references: a schema defined in another file is hoisted
into `#/components/schemas` (under the name the root file's index gives it, else the
last segment of its pointer), and every other referenced object (path item,
parameter, response, ...) is copied in place, its 3.1 sibling keywords (`description`,
`summary`) overriding the target's. Schema references may form cycles; other
references may not.

`Spec.locate` maps any pointer into the bundled document back to the file and pointer
it came from, so validation and build problems name the file a maintainer edits.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from .cache import Cache
from .errors import Problem, Severity
from .guard import DEFAULT_LIMITS, Limits, Scope
from .load import (
    Document,
    display_path,
    escape_token,
    load_document,
    resolve_pointer,
    split_pointer,
)

__all__ = ["Spec", "bundle", "load_spec"]

_SCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_VALUES = frozenset(
    {
        "items", "additionalProperties", "not", "if", "then", "else", "contains",
        "propertyNames", "unevaluatedItems", "unevaluatedProperties", "additionalItems",
        "contentSchema",
    }
)  # fmt: skip
_REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

Target = tuple[Path, str]
"""A referenced node: the file it is in and the pointer inside that file."""


@dataclass(frozen=True, slots=True)
class _Jump:
    """Where a node copied in by the bundler came from."""

    document: Document
    pointer: str
    siblings: frozenset[str]
    """Keys written beside the `$ref` (they stay located at the reference)."""


@dataclass(slots=True)
class Spec:
    """A spec bundled into one document, able to locate any of its nodes."""

    data: object
    root: Document
    documents: dict[Path, Document]
    problems: list[Problem] = field(default_factory=list)
    _jumps: dict[tuple[Path, str], _Jump] = field(default_factory=dict)
    scope: Scope | None = None
    """The folders referenced files may lie in (`None`: the root file's)."""
    limits: Limits = DEFAULT_LIMITS
    lenient: bool = False
    cache: Cache | None = None
    """Where parsed files are kept (`load_document`)."""

    def locate(self, pointer: str) -> tuple[Document, str]:
        """The file and the pointer in it of the bundled node at `pointer`."""
        document, where = self.root, ""
        for token in split_pointer(pointer):
            jump = self._jumps.get((document.path, where))
            if jump is not None and token not in jump.siblings:
                document, where = jump.document, jump.pointer
            where = f"{where}/{escape_token(token)}"
        jump = self._jumps.get((document.path, where))
        if jump is not None:
            document, where = jump.document, jump.pointer
        return document, where

    def problem(self, message: str, pointer: str, severity: Severity = "error") -> Problem:
        """A problem at a pointer into the bundled document, located in its own file."""
        document, where = self.locate(pointer)
        return Problem(message, where, document.display, document.line(where), severity)

    @property
    def files(self) -> tuple[Document, ...]:
        """Every file the spec is made of, the root first."""
        return (self.root, *(d for p, d in sorted(self.documents.items()) if d is not self.root))

    def release(self) -> None:
        """Drop the bundled document and every file's parsed data once the IR is built:
        a problem found later (the validator's) is still located, each file parsed
        again when one needs a line (`Document.release`)."""
        self.data = None
        for document in self.documents.values():
            document.release()


def load_spec(
    path: Path,
    *,
    allowed: tuple[Path, ...] = (),
    limits: Limits = DEFAULT_LIMITS,
    lenient: bool = False,
    cache: Cache | None = None,
) -> Spec:
    """Load the root file and everything it references, bundled into one document.

    Referenced files must lie inside the root file's folder or one of `allowed`
    (symlinks and `..` resolved); nothing is fetched, nothing else is opened. With a
    `cache`, files unchanged since they were last read are not parsed again."""
    root = load_document(path.resolve(), display_path(path), limits, lenient=lenient, cache=cache)
    spec = Spec(
        data=root.data,
        root=root,
        documents={root.path: root},
        scope=Scope.of(path, allowed),
        limits=limits,
        lenient=lenient,
        cache=cache,
    )
    spec.problems.extend(root.problems)
    if any(p.severity == "error" for p in root.problems):
        return spec
    if not isinstance(root.data, dict):
        kind = "empty" if root.data is None else f"a {type(root.data).__name__}"
        spec.problems.append(
            Problem(
                f"not an OpenAPI document: the file is {kind}, not a mapping", "", root.display, 1
            )
        )
        return spec
    bundle(spec)  # always: a `$ref` may be spelt in ways no text search sees (`\u0024ref`)
    return spec


def bundle(spec: Spec) -> None:
    """Replace `spec.data` by a copy in which every `$ref` is local."""
    _Bundler(spec).run()


class _Bundler:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.root = spec.root
        self.hoisted: dict[Target, str] = {}
        self.schemas: dict[str, object] = {}
        self.schema_copies: dict[Target, object] = {}
        self.copies: dict[Target, object] = {}
        self.active: set[Target] = set()
        self.resolved: dict[tuple[Path, str], Path] = {}
        self.scope = spec.scope or Scope.of(self.root.path)
        self.inside: dict[Path, bool] = {}
        """Whether the scope contains each file referenced (memoised: pathlib is slow)."""
        data = self.root.data
        assert isinstance(data, dict)
        components = data.get("components")
        index = components.get("schemas") if isinstance(components, dict) else None
        self.index: dict[str, object] = index if isinstance(index, dict) else {}
        self.taken = set(self.index)
        for name, entry in self.index.items():  # the root file's index names its targets
            if isinstance(entry, dict) and set(entry) == {"$ref"}:
                target = self.target(
                    entry["$ref"], self.root, f"/components/schemas/{escape_token(name)}"
                )
                if target is not None and target[0] != self.root.path:
                    self.hoisted.setdefault(target, name)

    def run(self) -> None:
        data = self.root.data
        assert isinstance(data, dict)
        bundled = self.walk(data, self.root, "")
        assert isinstance(bundled, dict)
        components = bundled.get("components")
        schemas = {**self.index}
        for name, entry in self.index.items():
            where = f"/components/schemas/{escape_token(name)}"
            schemas[name] = self.schema(entry, self.root, where, top=name)
        schemas.update(self.schemas)
        if schemas:
            bundled = {
                **bundled,
                "components": {
                    **(components if isinstance(components, dict) else {}),
                    "schemas": schemas,
                },
            }
        self.spec.data = bundled

    # Walking ------------------------------------------------------------------------

    def walk(self, node: object, document: Document, pointer: str) -> object:
        """A node outside schemas: references are copied in."""
        if isinstance(node, list):
            return _same_or_new(
                node, [self.walk(v, document, f"{pointer}/{i}") for i, v in enumerate(node)]
            )
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            return self.inline(node, document, pointer)
        out: dict[str, object] = {}
        for key, value in node.items():
            where = f"{pointer}/{escape_token(key)}"
            if key == "schema":
                out[key] = self.schema(value, document, where)
            elif key == "schemas" and pointer == "/components" and document is self.root:
                out[key] = value  # the index: bundled in `run`
            elif key == "example" or key.startswith("x-"):
                out[key] = value
            elif key == "examples" and isinstance(value, dict):
                out[key] = {
                    k: (
                        self.inline(v, document, f"{where}/{escape_token(k)}")
                        if isinstance(v, dict) and "$ref" in v
                        else v
                    )
                    for k, v in value.items()
                }
            else:
                out[key] = self.walk(value, document, where)
        return _same_or_new(node, out)

    def schema(
        self, node: object, document: Document, pointer: str, top: str | None = None
    ) -> object:
        """A schema: references to other files are hoisted into `components/schemas`."""
        if isinstance(node, list):  # `items: [..]` of old drafts
            return _same_or_new(
                node, [self.schema(v, document, f"{pointer}/{i}") for i, v in enumerate(node)]
            )
        if not isinstance(node, dict):
            return node
        out: dict[str, object] = {}
        for key, value in node.items():
            where = f"{pointer}/{escape_token(key)}"
            if key == "$ref" and isinstance(value, str):
                if top is not None and set(node) == {"$ref"}:
                    target = self.target(value, document, pointer)
                    if target is not None and self.hoisted.get(target) == top:
                        return self.copy_schema(target)
                out[key] = self.schema_ref(value, document, pointer)
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = _same_or_new(
                    value,
                    {
                        k: self.schema(v, document, f"{where}/{escape_token(k)}")
                        for k, v in value.items()
                    },
                )
            elif key in _SCHEMA_LISTS or key in _SCHEMA_VALUES:
                out[key] = self.schema(value, document, where)
            elif (
                key == "discriminator"
                and isinstance(value, dict)
                and isinstance(value.get("mapping"), dict)
            ):
                mapping = {
                    k: (
                        self.schema_ref(v, document, where)
                        if isinstance(v, str) and _looks_like_ref(v)
                        else v
                    )
                    for k, v in value["mapping"].items()
                }
                out[key] = {**value, "mapping": mapping}
            else:
                out[key] = value
        return _same_or_new(node, out)

    def schema_ref(self, ref: str, document: Document, pointer: str) -> str:
        target = self.target(ref, document, pointer)
        if target is None:
            return ref
        path, where = target
        if path == self.root.path:
            return f"#{where}"
        name = self.hoisted.get(target)
        if name is None:
            name = self.hoisted[target] = self.new_name(where, path)
            self.schemas[name] = None  # placeholder: keeps the order of discovery
            self.schemas[name] = self.copy_schema(target)
        return f"#/components/schemas/{escape_token(name)}"

    def copy_schema(self, target: Target) -> object:
        """The bundled copy of a schema in another file, made once, at its hoisted name."""
        copy = self.schema_copies.get(target, _MISSING)
        if copy is _MISSING:
            document = self.spec.documents[target[0]]
            at = f"/components/schemas/{escape_token(self.hoisted[target])}"
            self.spec._jumps[(self.root.path, at)] = _Jump(document, target[1], frozenset())
            self.schema_copies[target] = None  # references back to it are `$ref` strings
            copy = self.schema(resolve_pointer(document.data, target[1]), document, target[1])
            self.schema_copies[target] = copy
        return copy

    def inline(self, node: dict[str, object], document: Document, pointer: str) -> object:
        """A copy of a referenced non-schema object, sibling keys applied."""
        ref = node["$ref"]
        assert isinstance(ref, str)
        target = self.target(ref, document, pointer)
        if target is None:
            return node
        path, where = target
        if path == self.root.path and document is self.root:
            return node  # a local reference: valid as it is
        if target in self.active:
            self.error(f"reference cycle through {ref!r}", document, pointer)
            return {}
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        self.spec._jumps[(document.path, pointer)] = _Jump(
            self.spec.documents[path], where, frozenset(siblings)
        )
        copy = self.copies.get(target)
        if copy is None:
            self.active.add(target)
            copy = self.copies[target] = self.walk(
                resolve_pointer(self.spec.documents[path].data, where),
                self.spec.documents[path],
                where,
            )
            self.active.discard(target)
        if not siblings:
            return copy
        if not isinstance(copy, dict):
            self.error("keywords beside this `$ref` need an object to apply to", document, pointer)
            return copy
        return {**copy, **siblings}

    # References ---------------------------------------------------------------------

    def target(self, ref: str, document: Document, pointer: str) -> Target | None:
        """The file and pointer `ref` names, loading the file; `None` (and a problem) if absent."""
        location, _, fragment = ref.partition("#")
        if not location and document is self.root:
            return self.root.path, unquote(fragment)  # as written: the validator checks it
        if _REMOTE.match(location):
            self.error(
                f"remote reference {ref!r} not supported: download the file and refer to it by path",
                document,
                pointer,
            )
            return None
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            self.error(
                f"reference {ref!r}: only JSON pointers (`#/...`) are supported after `#`",
                document,
                pointer,
            )
            return None
        path = self.resolve(document, location) if location else document.path
        inside = self.inside.get(path)
        if inside is None:
            inside = self.inside[path] = self.scope.contains(path)
        if not inside:
            self.error(
                f"reference {ref!r} leaves the spec's folder: sdkgen reads no file outside it "
                "(pass --allow-ref-outside DIR to allow one)",
                document,
                pointer,
            )
            return None
        target_document = self.document(path, ref, document, pointer)
        if target_document is None:
            return None
        if resolve_pointer(target_document.data, fragment, _MISSING) is _MISSING:
            self.error(f"$ref target not found: {ref!r}", document, pointer)
            return None
        return path, fragment

    def resolve(self, document: Document, location: str) -> Path:
        """The file a relative reference names (memoised: `resolve` asks the disk)."""
        key = (document.path, location)
        path = self.resolved.get(key)
        if path is None:
            path = self.resolved[key] = (document.path.parent / unquote(location)).resolve()
        return path

    def document(self, path: Path, ref: str, referrer: Document, pointer: str) -> Document | None:
        document = self.spec.documents.get(path)
        if document is None:
            try:
                mode = os.stat(path).st_mode
            except (OSError, ValueError):
                self.error(f"$ref target file not found: {ref!r}", referrer, pointer)
                return None
            if not stat.S_ISREG(mode):
                self.error(
                    f"$ref target {ref!r} is not a regular file (a directory, FIFO or device): "
                    "nothing was read",
                    referrer,
                    pointer,
                )
                return None
            document = self.spec.documents[path] = load_document(
                path,
                display_path(path),
                self.spec.limits,
                lenient=self.spec.lenient,
                cache=self.spec.cache,
            )
            self.spec.problems.extend(document.problems)
        return None if document.problems and document.data is None else document

    def new_name(self, pointer: str, path: Path) -> str:
        tokens = split_pointer(pointer)
        base = tokens[-1] if tokens else path.stem
        name, counter = base, 1
        while name in self.taken:
            counter += 1
            name = f"{base}{counter}"
        self.taken.add(name)
        return name

    def error(self, message: str, document: Document, pointer: str) -> None:
        self.spec.problems.append(
            Problem(message, pointer, document.display, document.line(pointer))
        )


_MISSING = object()


def _looks_like_ref(value: str) -> bool:
    return "#" in value or "/" in value or value.endswith((".yaml", ".yml", ".json"))


def _same_or_new(old: object, new: object) -> object:
    """`old` when nothing below it changed (the bundle shares unchanged subtrees)."""
    if isinstance(old, dict) and isinstance(new, dict):
        return old if all(new[k] is v for k, v in old.items()) else new
    if isinstance(old, list) and isinstance(new, list):
        return old if all(a is b for a, b in zip(old, new)) else new
    return new
