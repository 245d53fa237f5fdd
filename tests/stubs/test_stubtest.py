"""The stubs agree with the runtime: `python -m mypy.stubtest pinterest_client` is clean."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import PACKAGE

pytest.importorskip("mypy")

ALLOWLIST = Path(__file__).resolve().parent / "stubtest-allowlist.txt"


def special_aliases(package: Path) -> list[str]:
    """`pinterest_client.types.x.Name` for each alias whose runtime value is a
    `Literal[...]` (an enum) or an `Annotated[...]` (a union tagged by a discriminator)."""
    names: list[str] = []
    for module in sorted((package / "types").glob("*.py")):
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and isinstance(node.annotation, ast.Name)
                and node.annotation.id == "TypeAlias"
                and isinstance(node.value, ast.Subscript)
                and isinstance(node.value.value, ast.Name)
                and node.value.value.id in ("Literal", "Annotated")
            ):
                names.append(f"{PACKAGE}.types.{module.stem}.{node.target.id}")
    return names


def test_stubtest_is_clean(sdk_path: Path, checker_env: dict[str, str], tmp_path: Path) -> None:
    aliases = special_aliases(sdk_path / PACKAGE)
    assert aliases, "no Literal alias found: the allowlist logic no longer matches the modules"
    generated = tmp_path / "special-aliases.txt"
    generated.write_text("".join(f"{name.replace('.', chr(92) + '.')}\n" for name in aliases))
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", PACKAGE, "--allowlist", str(ALLOWLIST), "--allowlist", str(generated)],
        cwd=tmp_path,
        env=checker_env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout


def test_stubtest_catches_a_drifting_stub(sdk_path: Path, checker_env: dict[str, str], tmp_path: Path) -> None:
    """The check above can fail: a stub whose method lost a keyword is reported."""
    copy = tmp_path / "python"
    shutil.copytree(sdk_path / PACKAGE, copy / PACKAGE)
    stub = copy / PACKAGE / "resources" / "pins.pyi"
    text = stub.read_text(encoding="utf-8")
    assert "        pin_metrics: bool | NotGiven = NOT_GIVEN,\n" in text
    stub.write_text(text.replace("        pin_metrics: bool | NotGiven = NOT_GIVEN,\n", "", 1), encoding="utf-8")
    env = {**checker_env, "PYTHONPATH": str(copy), "MYPYPATH": str(copy)}
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", f"{PACKAGE}.resources.pins", "--concise"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert f'{PACKAGE}.resources.pins.Pins.list is inconsistent, stub does not have parameter "pin_metrics"' in done.stdout
