"""`check` sees everything that ships, `generate` deletes only what it wrote, and an
output folder that would take the project with it is refused (issue 12, point 4)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, sdkgen, tree

PACKAGE = "python/small_client"


@pytest.fixture
def out(previous_output: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(previous_output, copy, symlinks=True)
    return copy


def _check(out: Path) -> str:
    done = sdkgen("check", FIXTURES / "small.yaml", "--out", out, cwd=out.parent)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stderr


@pytest.mark.parametrize(
    "planted",
    [
        f"{PACKAGE}/__pycache__/_client.cpython-311.pyc",
        f"{PACKAGE}/types/__pycache__/note.cpython-311.pyc",
        "python/build/lib/small_client/_client.py",
        "python/dist/small_client-1.0.0-py3-none-any.whl",
        "site/index.html",
        f"{PACKAGE}/site/x.py",
        "python/small_client.egg-info/PKG-INFO",
        f"{PACKAGE}/empty.py",
    ],
)
def test_check_reports_every_file_generate_would_not_write(out: Path, planted: str) -> None:
    path = out / planted
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"" if planted.endswith("empty.py") else b"import os; os.system('id')\n")
    assert f"stale     out/{planted}" in _check(out)
    before = tree(out)
    done = sdkgen("generate", FIXTURES / "small.yaml", "--out", out, cwd=out.parent)
    assert done.returncode == 1 and "did not write" in done.stderr, done.stderr
    assert tree(out) == before


def test_check_reports_symlinks_and_modes(out: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (out / PACKAGE / "linked").symlink_to(tmp_path / "elsewhere")
    assert f"symlink   out/{PACKAGE}/linked" in _check(out)
    (out / PACKAGE / "linked").unlink()
    os.chmod(out / PACKAGE / "_client.py", 0o755)
    assert f"mode      out/{PACKAGE}/_client.py" in _check(out)
    done = sdkgen("generate", FIXTURES / "small.yaml", "--out", out, cwd=out.parent)
    assert done.returncode == 0, done.stderr
    assert not os.stat(out / PACKAGE / "_client.py").st_mode & 0o111
    assert sdkgen("check", FIXTURES / "small.yaml", "--out", out, cwd=out.parent).returncode == 0


def _no_staging(folder: Path) -> None:
    assert not [p for p in folder.iterdir() if "sdkgen-new" in p.name]


def test_an_output_folder_that_is_a_symlink_is_refused(out: Path, tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to(out)
    before = tree(out)
    done = sdkgen("generate", FIXTURES / "small.yaml", "--out", "link", cwd=tmp_path)
    assert done.returncode == 1 and "symlink" in done.stderr, done.stderr
    assert tree(out) == before
    _no_staging(tmp_path)


@pytest.mark.parametrize("where", ["/", ".", "..", "project"])
def test_an_output_folder_holding_the_spec_or_the_project_is_refused(tmp_path: Path, where: str) -> None:
    project = tmp_path / "project"
    (project / "spec").mkdir(parents=True)
    shutil.copy(FIXTURES / "small.yaml", project / "spec" / "small.yaml")
    (project / "keep.txt").write_text("mine")
    before = tree(tmp_path)
    done = sdkgen("generate", "small.yaml", "--out", where, cwd=project / "spec" if where != "project" else tmp_path)
    if where == "project":
        done = sdkgen("generate", "project/spec/small.yaml", "--out", "project", cwd=tmp_path)
    assert done.returncode == 1 and "cannot write" in done.stderr, done.stderr
    assert tree(tmp_path) == before
    _no_staging(tmp_path)
    _no_staging(project)


SPEC = """openapi: 3.0.3
info: {title: Tools, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
%s
components:
  schemas:
    Build: {type: object, properties: {id: {type: string}}}
    Dist: {type: object, properties: {id: {type: string}}}
    Site: {type: object, properties: {id: {type: string}}}
"""
OPERATION = """  /%(name)s:
    get:
      operationId: %(name)s.get
      tags: [%(name)s]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {$ref: "#/components/schemas/%(type)s"}}}
"""


def test_resources_named_like_artefact_folders_are_checked_like_any_other(tmp_path: Path) -> None:
    names = ["build", "dist", "site"]
    (tmp_path / "spec.yaml").write_text(SPEC % "".join(OPERATION % {"name": n, "type": n.title()} for n in names))
    done = sdkgen("generate", "spec.yaml", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    files = tree(tmp_path / "out")
    written = [next(p for p in files if f"/{n}." in p or f"/{n}/" in p) for n in names]
    assert sdkgen("check", "spec.yaml", "--out", "out", cwd=tmp_path).returncode == 0
    for path in written:
        target = tmp_path / "out" / path
        original = target.read_bytes()
        target.write_bytes(original + b"# planted\n")
        done = sdkgen("check", "spec.yaml", "--out", "out", cwd=tmp_path)
        assert done.returncode == 1 and f"differs   out/{path}" in done.stderr, (path, done.stderr)
        target.write_bytes(original)
