"""Pinterest's own full description (5.23.0, every endpoint, as published): the client
generated from it imports module by module and passes mypy --strict.

The official files are not part of this repository; the test runs where the reference
folder sits beside the project (`../shared/reference/`) and is skipped elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import sdkgen

OFFICIAL = Path(__file__).resolve().parents[3] / "shared" / "reference" / "pinterest-openapi-5.23.0.yaml"


@pytest.mark.skipif(not OFFICIAL.is_file(), reason="Pinterest's official description is not beside the project")
def test_full_official_spec_generates_a_client_that_imports_and_type_checks(tmp_path: Path) -> None:
    done = sdkgen("generate", OFFICIAL, "--out", tmp_path / "out", "--package", "pinterest_full", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    python = tmp_path / "out" / "python"
    program = (
        "import importlib, pkgutil, pinterest_full, pinterest_full.types as types\n"
        "modules = [m.name for m in pkgutil.walk_packages(pinterest_full.__path__, 'pinterest_full.')]\n"
        "for name in modules: importlib.import_module(name)\n"
        "for name in types.__all__:\n"
        "    model = getattr(types, name)\n"
        "    if hasattr(model, 'model_rebuild'): model.model_rebuild(force=True)\n"
        "print(len(modules))\n"
    )
    imported = subprocess.run([sys.executable, "-c", program], cwd=python, capture_output=True, text=True)
    assert imported.returncode == 0, imported.stderr
    assert int(imported.stdout) > 800
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "pinterest_full"], cwd=python, capture_output=True, text=True)
    assert typed.returncode == 0, typed.stdout
