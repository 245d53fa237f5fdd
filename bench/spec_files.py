"""Spec files for the generator benchmark: loading, copying (with the files a spec
refers to) and the "change one field of one schema" edit."""

from __future__ import annotations

import copy
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

REPO = Path(__file__).resolve().parent.parent
OFFICIAL_518 = "pinterest-openapi-5.18.0.yaml"
OFFICIAL_523 = "pinterest-openapi-5.23.0.yaml"
OFFICIAL_DIR = REPO / "tests" / "data" / "pinterest-api-description"
"""Pinterest's official descriptions, vendored with their licence (MIT)."""
DOWNLOAD_HINT = (
    "The official descriptions are vendored in tests/data/pinterest-api-description/; "
    f"another folder holding {OFFICIAL_518} and {OFFICIAL_523} can be passed as "
    "--reference."
)

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def default_reference() -> Path | None:
    """The vendored official descriptions (`tests/data/pinterest-api-description/`)."""
    return OFFICIAL_DIR if OFFICIAL_DIR.is_dir() else None


def load(path: Path) -> Any:
    """A YAML or JSON file (JSON is YAML)."""
    with path.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=Loader)


def dump(document: Any, path: Path) -> None:
    """Write JSON for a `.json` path, YAML otherwise."""
    if path.suffix == ".json":
        text = json.dumps(document, indent=2) + "\n"
    else:
        text = yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def size(path: Path) -> tuple[int, int]:
    """(operations, component schemas) of a spec whose root holds them."""
    document = load(path)
    operations = sum(
        method in item
        for item in document.get("paths", {}).values()
        for method in HTTP_METHODS
    )
    return operations, len(document.get("components", {}).get("schemas", {}))


def copy_spec(spec: Path, destination: Path) -> Path:
    """Copy `spec` into the folder `destination`, with its siblings when it refers to
    other files; return the copy's path."""
    destination.mkdir(parents=True, exist_ok=True)
    if has_external_refs(load(spec)):
        shutil.copytree(spec.parent, destination, dirs_exist_ok=True)
    else:
        shutil.copy2(spec, destination / spec.name)
    return destination / spec.name


def has_external_refs(node: Any) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return True
        return any(has_external_refs(value) for value in node.values())
    if isinstance(node, list):
        return any(has_external_refs(item) for item in node)
    return False


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """The benchmark's "one change": the description of one field of one schema.

    `apply(token)` rewrites the file that holds the schema with a description that
    includes `token`, so every run brings a change no cache has seen.
    """

    file: Path
    original: Any
    schema_path: tuple[str, ...]
    field: str

    @classmethod
    def locate(cls, spec: Path, schema: str | None = None) -> FieldEdit:
        """The first plain (not `$ref`) field, by name, of `schema`; by default of
        `Pin`, else of the first schema by name that has one."""
        document = load(spec)
        schemas = document.get("components", {}).get("schemas", {})
        for name in [schema] if schema else ["Pin", *sorted(schemas)]:
            path: tuple[str, ...] = ("components", "schemas", name)
            file, holder = spec, document
            body = schemas.get(name)
            ref = body.get("$ref", "#") if isinstance(body, dict) else "#"
            if not ref.startswith("#"):  # the schema lives in another file
                target, _, pointer = ref.partition("#")
                file = (spec.parent / target).resolve()
                holder = load(file)
                path = tuple(token for token in pointer.split("/") if token)
                body = dig(holder, path)
            fields = sorted(
                key
                for key, value in (body or {}).get("properties", {}).items()
                if isinstance(value, dict) and "$ref" not in value
            )
            if fields:
                return cls(file, holder, path, fields[0])
        raise ValueError(f"{spec}: no schema with a plain field to edit")

    def apply(self, token: str) -> None:
        document = copy.deepcopy(self.original)
        target = dig(document, self.schema_path)["properties"][self.field]
        description = f"{target.get('description', '')} (bench edit {token})"
        target["description"] = description.strip()
        dump(document, self.file)

    def describe(self) -> str:
        return f"{self.file.name}#/{'/'.join(self.schema_path)}/properties/{self.field}"


def dig(node: Any, pointer: tuple[str, ...]) -> Any:
    """The node at a JSON pointer given as its (escaped) tokens."""
    for token in pointer:
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node
