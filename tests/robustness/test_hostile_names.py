"""Names never shadow (issue 12, point 5): schemas named like the standard modules,
typing names and builtins the generated package uses keep their own names apart; an
over-long name is shortened deterministically, with a located warning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import sdkgen

NAMES = [
    "Importlib", "List", "Typing", "Json", "Annotated", "Literal", "BaseModel", "Field",
    "Builtins", "Datetime", "Enum", "Pydantic", "Httpx", "Os", "Sys", "Str", "Dict", "Any",
    "Optional", "Union", "TypeAlias", "Annotations", "TypingExtensions", "Types", "Re",
]  # fmt: skip
LONG = "Very" * 40 + "LongName"


def _spec() -> dict[str, object]:
    schemas: dict[str, object] = {
        name: {"type": "object", "properties": {"id": {"type": "string"}}} for name in NAMES
    }
    schemas[LONG] = {"type": "object", "properties": {"id": {"type": "string"}}}
    schemas[LONG + "Two"] = {"type": "object", "properties": {"id": {"type": "string"}}}
    holder = {name.lower(): {"$ref": f"#/components/schemas/{name}"} for name in [*NAMES, LONG]}
    schemas["Holder"] = {"type": "object", "properties": holder}
    response = {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shadow", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {"/h": {"get": {"operationId": "h.get", "responses": {"200": response}}}},
        "components": {"schemas": schemas},
    }


PROBE = """
import importlib, pkgutil, sys, typing
import shadow_client.types as types
for info in pkgutil.iter_modules(types.__path__):
    importlib.import_module(f"shadow_client.types.{info.name}")
assert types.__dict__["importlib"] is importlib, types.__dict__["importlib"]
for name in types.__all__:
    value = getattr(types, name)
    assert isinstance(value, type), (name, value)
holder = types.Holder.model_validate({"list": {"id": "1"}, "json": {"id": "2"}})
assert holder.list_.id == "1" if hasattr(holder, "list_") else holder.list.id == "1"
print(sorted(types.__all__))
"""


def test_schema_names_never_shadow_what_the_package_uses(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(json.dumps(_spec()))
    done = sdkgen("generate", "spec.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    probe = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path / "out" / "python",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert probe.returncode == 0, probe.stderr
    exported = set(eval(probe.stdout))  # noqa: S307 (our own probe's repr of a list)
    assert {"Importlib", "List", "Typing", "Json", "BaseModelModel", "FieldModel"} <= exported
    modules = {p.stem for p in (tmp_path / "out" / "python" / "shadow_client" / "types").glob("*.py")}
    assert not modules & {"importlib", "typing", "json", "builtins", "datetime", "annotations", "pydantic"}


def test_over_long_names_are_shortened_with_a_located_warning(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(json.dumps(_spec()))
    first = sdkgen("generate", "spec.json", "--out", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    warnings = [line for line in first.stderr.splitlines() if "longer than 60 characters" in line]
    assert len(warnings) == 2 and all(line.startswith("spec.json:") and f"#/components/schemas/{LONG}" in line for line in warnings), first.stderr
    files = [p.name for p in (tmp_path / "out").rglob("*.py")]
    assert max(len(name) for name in files) <= 64
    again = sdkgen("generate", "spec.json", "--out", "again", "--no-cache", cwd=tmp_path)
    assert again.returncode == 0
    assert sorted(p.name for p in (tmp_path / "again").rglob("*.py")) == sorted(files)
