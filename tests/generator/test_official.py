"""Pinterest's own full description (5.23.0, every endpoint, as published), vendored
with its licence in `tests/data/pinterest-api-description/`.

The default run builds and renders it and imports every module of the client (unformatted:
black is what makes the whole generation slow); `make test-slow` (`pytest -m slow`) runs
the CLI's full generation and `mypy --strict` on the result."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import Cache
from generator.config import Config
from generator.pipeline import build_valid
from generator.render import render

from ..generated_package import assert_mypy_strict, import_every_module
from .conftest import sdkgen

OFFICIAL = (
    Path(__file__).resolve().parents[1]
    / "data"
    / "pinterest-api-description"
    / "pinterest-openapi-5.23.0.yaml"
)


def test_full_official_spec_builds_renders_and_every_module_imports(tmp_path: Path) -> None:
    api, warnings = build_valid(OFFICIAL, Config(root=tmp_path, package="pinterest_full"), Cache(None))
    assert all(w.severity == "warning" for w in warnings)
    operations = sum(len(r.operations) for r in (api.client, *api.resources))
    assert operations == 231  # every operation of Pinterest's 5.23.0 description
    for name, text in render(api).items():
        target = tmp_path / "out" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    assert import_every_module(tmp_path / "out" / "python", "pinterest_full") > 800


@pytest.mark.slow
def test_full_official_spec_generates_a_client_that_imports_and_type_checks(tmp_path: Path) -> None:
    done = sdkgen("generate", OFFICIAL, "--out", tmp_path / "out", "--package", "pinterest_full", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    python = tmp_path / "out" / "python"
    assert import_every_module(python, "pinterest_full") > 800
    assert_mypy_strict(python, "pinterest_full")
