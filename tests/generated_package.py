"""Running code in a generated package, each time in a fresh interpreter (what a user's
`import` does): a program, the import of every module, mypy --strict."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

IMPORT_ALL = """
import importlib, pkgutil, sys
package = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(package.__path__, package.__name__ + '.')]
for name in names:
    module = importlib.import_module(name)
    for value in vars(module).values():
        if isinstance(value, type) and value.__module__ == name and hasattr(value, 'model_rebuild'):
            value.model_rebuild(force=True)
print(len(names))
"""


def run_program(python: Path, program: str, *args: str) -> str:
    """Run `program` with the distribution folder `python` as the working directory;
    its standard output, after asserting it succeeded."""
    done = subprocess.run(
        [sys.executable, "-c", program, *args], cwd=python, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def import_every_module(python: Path, package: str) -> int:
    """Import every module of `package` and build every model in it (evaluating its
    annotations); how many modules there are."""
    return int(run_program(python, IMPORT_ALL, package))


def assert_mypy_strict(python: Path, package: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", package], cwd=python, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout
