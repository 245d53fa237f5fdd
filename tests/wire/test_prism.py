"""The fixture's generated test suite against `prism mock --errors`: every request the
client sends (each method with its required arguments and with all, sync and async)
is one the spec allows, and every answer the spec allows parses."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..contract.prism import Prism, start_prism
from .conftest import SPEC


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    with start_prism(SPEC, tmp_path_factory.mktemp("prism") / "prism.log") as server:
        yield server


def test_the_generated_suite_passes_against_prism(wire_root: Path, prism: Prism) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "-W", "error",
         "--rootdir", ".", "-c", "pyproject.toml"],
        cwd=wire_root,
        env={**os.environ, "WIRE_TEST_BASE_URL": prism.url, "PYTHONPATH": str(wire_root)},
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and "failed" not in done.stdout
    assert prism.violations() == []
