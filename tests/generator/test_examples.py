"""ir_build/examples.py (with patterns.py and samples.py): the generated tests' arguments
meet their schemas, so the generated suite passes against Prism validating every
request, and type-checks with mypy --strict."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ir_build.patterns import matching

from ..contract.prism import start_prism
from .conftest import FIXTURES, sdkgen

SPEC = FIXTURES / "examples" / "arguments-3.0.yaml"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("widgets")
    done = sdkgen("generate", SPEC, "--out", folder / "out", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "out" / "python"


def test_generated_tests_send_only_what_the_spec_allows(sdk: Path, tmp_path: Path) -> None:
    with start_prism(SPEC, tmp_path / "prism.log") as prism:
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "--rootdir", ".", "-c", "pyproject.toml"],
            cwd=sdk,
            env={**os.environ, "WIDGETS_TEST_BASE_URL": prism.url, "PYTHONPATH": str(sdk)},
            capture_output=True,
            text=True,
            timeout=300,
        )  # fmt: skip
        violations = prism.violations()
    assert done.returncode == 0, done.stdout[-4000:]
    assert (
        "24 passed" in done.stdout
    )  # 5 operations × (required, all) × (sync, async), 2 path guards × 2
    assert violations == []


def test_generated_tests_pass_mypy_strict(sdk: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "tests"], cwd=sdk, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_binary_parts_are_bytes(sdk: Path) -> None:
    text = (sdk / "tests" / "api_resources" / "test_widgets.py").read_text()
    assert "picture=None" not in text
    assert "picture=b" in text


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        (r"^[A-Z]{3}-\d{4}$", 0, None),
        (r"^(foo|bar)_[0-9a-f]{8}$", 0, None),
        (r"^[A-Za-z0-9_-]+$", 10, 12),
        (r"^#?[0-9a-fA-F]{6}$", 0, None),
        (r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", 0, None),
        (r"^\S+$", 3, 5),
    ],
)
def test_matching_writes_a_string_the_pattern_finds(
    pattern: str, low: int, high: int | None
) -> None:
    import re

    text = matching(pattern, low, high)
    assert text is not None and re.search(pattern, text)
    assert low <= len(text) <= (high if high is not None else len(text))


def test_matching_gives_up_on_what_it_cannot_write() -> None:
    assert matching(r"(?=a)b") is None
    assert matching(r"^a{2}$", 5) is None


def test_assert_matches_type_resolves_forward_references(sdk: Path) -> None:
    """A recursive model's field can keep a forward reference pydantic did not resolve
    (`'Owner | None'`), naming a type its module imports for type checking only."""
    program = (
        "import typing\n"
        "from tests.utils import assert_matches_type\n"
        "from widgets_client.types import Owner\n"
        "owner = Owner.model_validate({'email': 'a@b.co', 'handle': '@abc'})\n"
        "assert_matches_type(typing.ForwardRef('Owner | None'), owner, namespace={})\n"
        "assert_matches_type(typing.ForwardRef('list[Owner] | None'), None, namespace={})\n"
        "try:\n"
        "    assert_matches_type(typing.ForwardRef('Owner'), 1, namespace={})\n"
        "except AssertionError:\n"
        "    print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", program], cwd=sdk, capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "ok\n", run.stderr
