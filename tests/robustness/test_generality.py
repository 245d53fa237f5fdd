"""Specs shaped unlike the one sdkgen grew up with generate packages that import
completely (every module, every model built) and pass mypy --strict."""

from __future__ import annotations

import json
from pathlib import Path

from ..generated_package import assert_mypy_strict, import_every_module, run_program
from .conftest import FIXTURES, sdkgen

def generate_and_check(spec: Path, folder: Path, package: str) -> tuple[Path, str]:
    done = sdkgen("generate", spec, "--out", folder / "out", "--package", package, cwd=folder, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    python = folder / "out" / "python"
    import_every_module(python, package)
    assert_mypy_strict(python, package)
    return python, done.stderr


def test_constructs_generate_import_and_type_check(tmp_path: Path) -> None:
    python, warnings = generate_and_check(FIXTURES / "generality" / "constructs-3.1.yaml", tmp_path, "general")
    assert warnings.count("warning: ") == 1 and "Tree: warning: a type alias that contains itself" in warnings
    program = (
        "import general, typing\n"
        "from general.types import Circle, Level5, Mode, Node, Shape, Settings\n"
        "from pydantic import TypeAdapter\n"
        "shape = TypeAdapter(Shape).validate_python({'kind': 'square', 'side': 2})\n"
        "assert type(shape).__name__ == 'Square', shape\n"
        "assert set(typing.get_args(Mode)) == {'on', 'ON', 'On', 'o-n', 'o_n', '', '1', 'class', 'None'}\n"
        "assert set(Level5.model_fields) == {'a0', 'a1', 'a2', 'a3', 'a4', 'a5'}\n"
        "node = Node.model_validate({'id': 'a', 'children': [{'id': 'b', 'parent': None}], 'labels': {'x': 'y'}})\n"
        "assert node.children[0].id == 'b'\n"
        "fields = Settings.model_fields\n"
        "assert len({f.alias or n for n, f in fields.items()}) == len(fields) == 9\n"
        "import general.types as t\n"
        "users = [n for n in t.__all__ if n.casefold().startswith('username')]\n"
        "assert len({n.casefold() for n in users}) == 4 and all(getattr(t, n) for n in users), users\n"
        "client = general.Generality(base_url='http://127.0.0.1:9')\n"
        "assert callable(client.ping) and callable(client.none.put_blob) and callable(client.class_.create_shape)\n"
    )
    run_program(python, program)


def many_operations(count: int, tags: int) -> dict[str, object]:
    paths: dict[str, object] = {}
    for i in range(count):
        tag = f"group{i % tags}"
        paths[f"/{tag}/items{i}/{{item_id}}"] = {
            "get": {
                "operationId": f"getItem{i}",
                "tags": [tag],
                "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Item{i % 200}"}}}}},
            },
            "post": {
                "operationId": f"updateItem{i}",
                "tags": [tag],
                "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "requestBody": {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Item{i % 200}"}}}},
                "responses": {"204": {"description": "done"}},
            },
        }
    schemas = {
        f"Item{i}": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "next": {"$ref": f"#/components/schemas/Item{i // 10 * 10 + (i + 1) % 10}"}}}
        for i in range(200)
    }
    return {"openapi": "3.0.3", "info": {"title": "Many", "version": "1.0.0"}, "paths": paths, "components": {"schemas": schemas}}


def test_thousands_of_operations(tmp_path: Path) -> None:
    spec = tmp_path / "many.json"
    spec.write_text(json.dumps(many_operations(1000, 40)))
    python, _ = generate_and_check(spec, tmp_path, "many")
    assert len(list((python / "many" / "resources").glob("group*.py"))) == 40
