"""The error corpus: broken specs, each failing with located messages and touching nothing.

Every case is a folder of `tests/fixtures/robustness/errors/` holding the spec (the
file named `openapi.*`, plus any files it references) and `expected.txt`, the exact
output of `sdkgen generate` on it. Each run must exit 1, print one `file:line:
#/pointer: message` per problem (all of them, in one run), no traceback, and leave the
previous output folder byte for byte as it was.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, matches_snapshot, sdkgen, tree

CORPUS = FIXTURES / "errors"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
_LOCATED = re.compile(r"^[\w./-]+\.(yaml|json):\d+: #(/\S*)?: ")


def run_case(folder: Path, spec: str, previous_output: Path) -> str:
    out = folder / "out"
    shutil.copytree(previous_output, out)
    before = tree(out)
    failed = sdkgen("generate", spec, "--out", "out", cwd=folder)
    assert failed.returncode == 1, failed.stderr
    assert failed.stdout == ""
    assert "Traceback" not in failed.stderr
    lines = failed.stderr.splitlines()
    assert lines and lines[-1].startswith("sdkgen: ") and lines[-1].endswith("nothing was written"), failed.stderr
    problems = [line for line in lines[:-1] if not line.startswith(" ")]
    assert problems, failed.stderr
    for line in problems:
        assert _LOCATED.match(line), f"not located: {line}"
    count = int(lines[-1].split()[1])
    assert count == sum("warning: " not in line for line in problems)
    assert tree(out) == before
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".out")) == []  # no staging left
    return failed.stderr


@pytest.mark.parametrize("case", CASES)
def test_broken_spec_is_reported_and_nothing_is_written(case: str, tmp_path: Path, previous_output: Path) -> None:
    for source in (CORPUS / case).iterdir():
        if source.name != "expected.txt":
            shutil.copy(source, tmp_path / source.name)
    spec = next(p.name for p in sorted(tmp_path.iterdir()) if p.stem == "openapi")
    matches_snapshot(run_case(tmp_path, spec, previous_output), CORPUS / case / "expected.txt")


def huge_spec(operations: int) -> str:
    """A large spec (block YAML, one schema per resource, in a ring of references) with
    three problems: two near its end, one in the middle."""
    lines = ["openapi: 3.0.3", "info: {title: Huge, version: 1.0.0}", "paths:"]
    for i in range(operations):
        lines += [
            f"  /things{i}/{{thing_id}}:",
            "    get:",
            f"      operationId: getThing{i}",
            "      parameters:",
            "        - {name: thing_id, in: path, required: true, schema: {type: string}}",
            "      responses:",
            '        "200":',
            "          description: The thing.",
            "          content:",
            "            application/json:",
            f'              schema: {{$ref: "#/components/schemas/Thing{i}"}}',
        ]
    lines += [
        "  /broken:",
        "    get:",
        "      operationId: getThing7",
        "      responses:",
        '        "2000": {description: A typo.}',
        "components:",
        "  schemas:",
    ]
    for i in range(operations):
        lines += [
            f"    Thing{i}:",
            "      type: object",
            "      required: [id]",
            "      properties:",
            "        id: {type: string, description: What identifies it.}",
            f"        next: {{$ref: \"#/components/schemas/Thing{(i + 1) % operations if i != operations // 2 else 'Missing'}\"}}",
        ]
    return "\n".join(lines) + "\n"


def test_huge_spec_reports_its_problems_and_writes_nothing(tmp_path: Path, previous_output: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(huge_spec(3000))
    assert (tmp_path / "openapi.yaml").stat().st_size > 1_000_000
    matches_snapshot(run_case(tmp_path, "openapi.yaml", previous_output), FIXTURES / "huge-expected.txt")
