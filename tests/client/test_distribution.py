"""What downstream teams get: a pip-installable distribution, and a README whose
example type-checks against it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import ROOT, SDK


def test_readme_quick_start_type_checks(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.S)
    assert blocks, "the README has a Python quick start"
    for index, block in enumerate(blocks):
        program = tmp_path / f"readme_{index}.py"
        program.write_text(block)
        checked = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(program)],
            capture_output=True,
            text=True,
            env={**os.environ, "MYPYPATH": str(SDK)},
        )
        assert checked.returncode == 0, checked.stdout


def test_the_sdk_builds_into_a_typed_wheel(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path), str(SDK)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("pinterest_client-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"pinterest_client/py.typed", "pinterest_client/_client.py", "pinterest_client/types/pin.py"} <= names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    assert "Requires-Dist: httpx" in text and "Requires-Dist: pydantic" in text
    assert len([line for line in text.splitlines() if line.startswith("Requires-Dist:")]) == 2


def test_bodies_typed_as_dicts_are_checked_when_unpacked(tmp_path: Path) -> None:
    good = (
        "from pinterest_client import Pinterest\n"
        "from pinterest_client.types import BoardCreateParams\n"
        "params: BoardCreateParams = {'name': 'Recipes', 'privacy': 'SECRET'}\n"
        "Pinterest().boards.create(**params)\n"
    )
    bad_key = good.replace("'privacy'", "'privacyy'")
    missing = good.replace("'name': 'Recipes', ", "")
    results = []
    for index, program in enumerate((good, bad_key, missing)):
        path = tmp_path / f"params_{index}.py"
        path.write_text(program)
        checked = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
            capture_output=True,
            text=True,
            env={**os.environ, "MYPYPATH": str(SDK)},
        )
        results.append((checked.returncode, checked.stdout))
    assert results[0][0] == 0, results[0][1]
    assert results[1][0] == 1 and "privacyy" in results[1][1]
    assert results[2][0] == 1 and '"name"' in results[2][1]
