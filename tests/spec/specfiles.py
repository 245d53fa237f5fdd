"""Read a multi-file OpenAPI description: its YAML files, `$ref`s and operations.

Small on purpose: the tests need to follow references across files exactly as
OpenAPI defines them (relative to the file that holds the reference), and nothing more.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml
from referencing import Registry
from referencing.jsonschema import DRAFT202012

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - the pure-Python loader is only slower
    from yaml import SafeLoader  # type: ignore[assignment]

REPO = Path(__file__).resolve().parents[2]
SPEC_ROOT = REPO / "spec" / "openapi.yaml"
DATA = REPO / "tests" / "data"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Ref:
    """A location in the description: a file and a JSON pointer inside it."""

    file: Path
    pointer: str = ""

    def __str__(self) -> str:
        return f"{self.file.name}#{self.pointer}"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    node: dict[str, Any]
    where: Ref
    path_item: dict[str, Any]
    path_item_where: Ref

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=SafeLoader)


def pointer_tokens(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    return [unquote(t).replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


class SpecTree:
    """Every YAML file reachable from a root OpenAPI file, with reference resolution."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._docs: dict[Path, Any] = {}

    def doc(self, file: Path) -> Any:
        file = file.resolve()
        if file not in self._docs:
            self._docs[file] = load_yaml(file)
        return self._docs[file]

    def get(self, ref: Ref) -> Any:
        node = self.doc(ref.file)
        for token in pointer_tokens(ref.pointer):
            node = node[int(token)] if isinstance(node, list) else node[token]
        return node

    def target(self, ref_text: str, base: Ref) -> Ref:
        """Where a `$ref` written in `base.file` points."""
        file_part, _, pointer = ref_text.partition("#")
        file = (base.file.parent / file_part).resolve() if file_part else base.file
        return Ref(file, pointer)

    def deref(self, node: Any, where: Ref) -> tuple[Any, Ref]:
        """Follow `$ref`s until a node that is not a pure reference."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            where = self.target(node["$ref"], where)
            if where in seen:
                raise ValueError(f"reference cycle at {where}")
            seen.add(where)
            node = self.get(where)
        return node, where

    @property
    def root_doc(self) -> dict[str, Any]:
        doc: dict[str, Any] = self.doc(self.root)
        return doc

    def operations(self) -> Iterator[Operation]:
        for path, item in self.root_doc["paths"].items():
            where = Ref(self.root, "/paths/" + path.replace("~", "~0").replace("/", "~1"))
            item, where = self.deref(item, where)
            for method in HTTP_METHODS:
                if method in item:
                    yield Operation(method, path, item[method], Ref(where.file, f"{where.pointer}/{method}"), item, where)

    @cached_property
    def files(self) -> list[Path]:
        return sorted(p.resolve() for p in self.root.parent.rglob("*.yaml"))

    def walk_refs(self) -> Iterator[tuple[str, Ref]]:
        """Every `$ref` in every file: (reference text, where it is written)."""
        for file in self.files:
            yield from _refs_in(self.doc(file), Ref(file, ""))

    def bundle(self) -> dict[str, Any]:
        """The root document with every non-schema reference inlined.

        openapi-spec-validator does not look behind a Reference Object (a `$ref`'d path
        item, parameter or response is taken on trust), so validating the root alone
        would miss mistakes in paths/ and components/. Here those are copied in place;
        schema references (to files under schemas/) stay references, made absolute, and
        the validator follows them itself.
        """
        bundled: dict[str, Any] = self._bundle(self.root_doc, Ref(self.root, ""), ())
        return bundled

    def _bundle(self, node: Any, where: Ref, stack: tuple[Ref, ...]) -> Any:
        if isinstance(node, list):
            return [self._bundle(v, where, stack) for v in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node and isinstance(node["$ref"], str):
            target = self.target(node["$ref"], where)
            if target.file.parent.name == "schemas":
                return {**node, "$ref": f"{target.file.as_uri()}#{target.pointer}"}
            if target in stack:
                raise ValueError(f"reference cycle through {target}")
            inlined = self._bundle(self.get(target), target, (*stack, target))
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return {**inlined, **siblings}  # OpenAPI 3.1: a sibling description overrides
        return {k: self._bundle(v, where, stack) for k, v in node.items()}

    def registry(self) -> Registry:
        """A JSON Schema registry holding every file under its `file://` URI."""
        resources = [(f.as_uri(), DRAFT202012.create_resource(self.doc(f))) for f in self.files]
        registry: Registry = Registry().with_resources(resources)
        return registry


def _refs_in(node: Any, where: Ref) -> Iterator[tuple[str, Ref]]:
    if isinstance(node, dict):
        for key, value in node.items():
            child = Ref(where.file, f"{where.pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
            if key == "$ref" and isinstance(value, str):
                yield value, where
            else:
                yield from _refs_in(value, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _refs_in(value, Ref(where.file, f"{where.pointer}/{i}"))
