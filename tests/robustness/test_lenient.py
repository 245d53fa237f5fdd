"""`--lenient` on a spec with the mistakes third-party descriptions make: strict mode
refuses it, lenient mode reports each mistake as a located warning, generates a client
that imports and type-checks, and names every operation it had to leave out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from ..generated_package import assert_mypy_strict, run_program
from .conftest import FIXTURES, matches_snapshot, sdkgen, tree

SPEC = FIXTURES / "lenient" / "third-party-3.0.yaml"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def test_strict_refuses_and_lenient_generates_with_located_warnings(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "api.yaml")
    strict = sdkgen("generate", "api.yaml", "--out", "out", cwd=tmp_path)
    assert strict.returncode == 1 and not (tmp_path / "out").exists()
    matches_snapshot(strict.stderr, SPEC.with_suffix(".strict.txt"))

    lenient = sdkgen("generate", "api.yaml", "--out", "out", "--lenient", cwd=tmp_path)
    assert lenient.returncode == 0, lenient.stderr
    assert "Traceback" not in lenient.stderr
    for line in lenient.stderr.splitlines():
        assert re.match(r"^api\.yaml:\d+: #\S*: warning: ", line), line
    matches_snapshot(lenient.stderr, SPEC.with_suffix(".lenient.txt"))

    # Every operation of the spec is a method, or a warning says it was left out.
    paths = yaml.safe_load(SPEC.read_text())["paths"]
    operations = [(p, m) for p, item in paths.items() for m in _METHODS if m in item]
    python = tmp_path / "out" / "python"
    package = python / "sloppy_pets_client"
    sources = "\n".join(p.read_text() for p in [package / "_client.py", *(package / "resources").rglob("*.py")])
    generated = sources.count("return self._request(")  # the sync methods
    left_out = lenient.stderr.count("cannot be generated")
    assert left_out == 1 and generated + left_out == len(operations), (generated, len(operations))

    program = (
        "import sloppy_pets_client as sdk\n"
        "client = sdk.SloppyPets(base_url='http://127.0.0.1:9')\n"
        "assert callable(client.pets.list) and callable(client.stores.list_pets)\n"
        "pet = sdk.types.Pet.model_validate({'id': 1, 'name': 'Rex', 'photo': b'x'})\n"
        "print(pet.name)\n"
    )
    assert run_program(python, program) == "Rex\n"
    assert_mypy_strict(python, "sloppy_pets_client")


def test_lenient_run_is_repeatable(tmp_path: Path) -> None:
    shutil.copy(SPEC, tmp_path / "api.yaml")
    assert sdkgen("generate", "api.yaml", "--out", "a", "--lenient", cwd=tmp_path).returncode == 0
    assert sdkgen("generate", "api.yaml", "--out", "b", "--lenient", "--no-cache", cwd=tmp_path).returncode == 0
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert sdkgen("check", "api.yaml", "--out", "a", "--lenient", cwd=tmp_path).returncode == 0
