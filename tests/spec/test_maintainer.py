"""spec/README.md's "Add a field" steps, followed literally on a copy of the repository,
end with green tests and an up-to-date generated/ (slow: `make test-slow`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .specfiles import REPO

FIELD = """    sdk_note:
      description: A note the board's owner keeps for themselves.
      type: [string, 'null']
"""
DEVIATION = """
- id: board-sdk-note
  reason: >-
    Boards carry the owner's private note.
  endpoints: "*"
  where: "response * field *sdk_note"
"""
ROW = "| `board-sdk-note` | boards carry the owner's private `sdk_note`. |\n"


def run(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDKGEN_CACHE_DIR": str(copy.parent / "cache")}
    return subprocess.run([sys.executable, *args], cwd=copy, capture_output=True, text=True, env=env)


def copy_repository(tmp_path: Path) -> Path:
    """The tracked files of the repository, in `tmp_path/repo` (node_modules linked)."""
    copy = tmp_path / "repo"
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if (REPO / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, copy / name)
    if (REPO / "node_modules").is_dir():
        (copy / "node_modules").symlink_to(REPO / "node_modules")
    return copy


@pytest.mark.slow
def test_adding_a_field_as_the_readme_says_ends_green(tmp_path: Path) -> None:
    copy = copy_repository(tmp_path)

    # Steps 1-3: the property, with a description in our words and its facts.
    boards = copy / "spec" / "schemas" / "boards.yaml"
    text = boards.read_text()
    anchor = "  required: [id, name]\n  properties:\n"
    assert text.count(anchor) == 1
    boards.write_text(text.replace(anchor, anchor + FIELD))

    # Step 4: regenerate, run the tests; parity names the field, as the README says.
    assert run(copy, "-m", "generator", "generate").returncode == 0
    parity = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/spec/test_parity.py")
    assert parity.returncode == 1 and "sdk_note" in parity.stdout
    with (copy / "tests" / "data" / "spec-deviations.yaml").open("a") as deviations:
        deviations.write(DEVIATION)
    readme = copy / "spec" / "README.md"
    text = readme.read_text()
    last_row = "| `event-data-line-items` |"
    at = text.index("\n", text.index(last_row)) + 1
    readme.write_text(text[:at] + ROW + text[at:])

    tests = run(copy, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/spec", "tests/docs", "tests/client")
    assert tests.returncode == 0, tests.stdout[-4000:]
    check = run(copy, "-m", "generator", "check")
    assert check.returncode == 0, check.stderr[-4000:]
