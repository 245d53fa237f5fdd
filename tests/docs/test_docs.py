"""The generated docs: links resolve, MkDocs builds them strictly, every example type-checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


@pytest.fixture(scope="session")
def docs(generated_tree: Path) -> Path:
    return generated_tree / "docs"


def pages(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def test_every_internal_link_resolves(docs: Path) -> None:
    broken: list[str] = []
    count = 0
    for page in pages(docs):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target):
                continue
            count += 1
            path = target.split("#", 1)[0]
            if not (page.parent / path).resolve().is_file():
                broken.append(f"{page.relative_to(docs)} -> {target}")
    assert count > 500
    assert broken == []


def test_there_is_a_page_per_resource_and_per_type_module(generated_tree: Path, docs: Path) -> None:
    package = generated_tree / "python" / "pinterest_client"
    resources = [p for p in (package / "resources").rglob("*.py") if p.name != "__init__.py" or p.parent.name != "resources"]
    assert len(list((docs / "resources").glob("*.md"))) == len(resources)
    type_modules = [  # the request-body TypedDicts are documented with their methods
        p for p in (package / "types").glob("*.py") if p.name != "__init__.py" and "(TypedDict, total=False)" not in p.read_text()
    ]
    assert len(list((docs / "types").glob("*.md"))) == len(type_modules) + 1  # + the types index
    assert (docs / "deviations_from_the_seed_list.md").is_file()


def test_mkdocs_build_strict(generated_tree: Path, tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=generated_tree,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # mkdocs-material's banner about its successor
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "resources" / "pins" / "index.html").is_file()
    assert not re.search(r"^(WARNING|ERROR) ", done.stderr, re.M), done.stderr


def test_every_python_example_type_checks(generated_tree: Path, docs: Path, tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    files: list[Path] = []
    for page in pages(docs):
        for n, code in enumerate(PYTHON_BLOCK.findall(page.read_text(encoding="utf-8"))):
            name = re.sub(r"\W", "_", str(page.relative_to(docs).with_suffix("")))
            files.append(tmp_path / f"{name}_{n}.py")
            files[-1].write_text(code, encoding="utf-8")
    assert len(files) > 92  # one per operation, and the index's
    env = {**os.environ, "MYPYPATH": str(generated_tree / "python"), "MYPY_CACHE_DIR": str(tmp_path / ".mypy_cache")}
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-pretty", *map(str, files)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_types_are_one_code_span_not_spans_run_together(docs: Path) -> None:
    """`list[str]`, never `list[``str``]` (two spans touching read as a double backtick)."""
    touching = [
        f"{page.relative_to(docs)}: {line}"
        for page in pages(docs)
        for line in page.read_text(encoding="utf-8").splitlines()
        if "``" in line and not line.startswith("```")
    ]
    assert touching == []


def test_every_error_row_names_the_exception_the_call_raises(generated_tree: Path, docs: Path) -> None:
    from generator.docs import _RAISES

    program = "from pinterest_client._exceptions import _ERROR_BY_STATUS as m; print({str(k): v.__name__ for k, v in m.items()})"
    runtime = subprocess.run(
        [sys.executable, "-c", program], cwd=generated_tree / "python", capture_output=True, text=True, check=True
    )
    assert runtime.stdout.strip() == str(_RAISES)
    rows = [
        line
        for page in (docs / "resources").glob("*.md")
        for line in page.read_text(encoding="utf-8").splitlines()
        if re.match(r"^\| (\d{3}|\dXX|default) \|", line)
    ]
    assert len(rows) > 100
    exported = (generated_tree / "python" / "pinterest_client" / "__init__.py").read_text()
    for row in rows:
        raised = row.split("|")[2].strip()
        assert re.fullmatch(r"`[A-Za-z]+Error`", raised), row
        assert raised.strip("`") in exported, row


def test_an_example_of_a_body_without_required_fields_still_shows_some(docs: Path) -> None:
    """`client.pins.create()` alone would not say what a Pin needs."""
    page = (docs / "resources" / "pins.md").read_text(encoding="utf-8")
    assert "client.pins.create()" not in page
    assert re.search(r"client\.pins\.create\(\n    board_id=", page)
