"""The stub tree is the public surface: one stub per spec-made module, no private names."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import PACKAGE


def test_every_public_module_has_a_stub(sdk_path: Path) -> None:
    package = sdk_path / PACKAGE
    modules = [package / "__init__.py", package / "_client.py"]
    modules += sorted((package / "resources").rglob("*.py")) + sorted((package / "types").rglob("*.py"))
    assert len(modules) > 100
    assert [m.relative_to(package) for m in modules if not m.with_suffix(".pyi").exists()] == []


def test_stubs_define_no_private_names(sdk_path: Path) -> None:
    private: list[str] = []
    for stub in sorted((sdk_path / PACKAGE).rglob("*.pyi")):
        for node in ast.walk(ast.parse(stub.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            private += [f"{stub.name}: {n}" for n in names if n.startswith("_") and not (n.startswith("__") and n.endswith("__"))]
    assert private == []


def test_stub_methods_have_no_bodies(sdk_path: Path) -> None:
    """Signatures only: every function in a stub is `...` (the runtime has the body)."""
    bodies: list[str] = []
    for stub in sorted((sdk_path / PACKAGE / "resources").rglob("*.pyi")) + [sdk_path / PACKAGE / "_client.pyi"]:
        for node in ast.walk(ast.parse(stub.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                body = node.body
                if not (len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and body[0].value.value is Ellipsis):
                    bodies.append(f"{stub.name}: {node.name}")
    assert bodies == []
