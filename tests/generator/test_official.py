"""Pinterest's own full description (5.23.0, every endpoint, as published): the client
generated from it imports module by module and passes mypy --strict.

The official files are not part of this repository; the test runs where the reference
folder sits beside the project (`../shared/reference/`) and is skipped elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..generated_package import assert_mypy_strict, import_every_module
from .conftest import sdkgen

OFFICIAL = Path(__file__).resolve().parents[3] / "shared" / "reference" / "pinterest-openapi-5.23.0.yaml"


@pytest.mark.skipif(not OFFICIAL.is_file(), reason="Pinterest's official description is not beside the project")
def test_full_official_spec_generates_a_client_that_imports_and_type_checks(tmp_path: Path) -> None:
    done = sdkgen("generate", OFFICIAL, "--out", tmp_path / "out", "--package", "pinterest_full", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    python = tmp_path / "out" / "python"
    assert import_every_module(python, "pinterest_full") > 800
    assert_mypy_strict(python, "pinterest_full")
