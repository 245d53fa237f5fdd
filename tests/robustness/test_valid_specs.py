"""Every valid spec generates: no internal error (exit 3). Each fixture in
`tests/fixtures/robustness/valid/` is a shape that once made a template write invalid
Python; each must generate, import module by module in a fresh process, and pass
mypy --strict (all packages in one mypy run)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from .conftest import FIXTURES, import_every_module, mypy_strict, sdkgen

VALID = FIXTURES / "valid"
SPECS = sorted(VALID.glob("*.yaml"))


def package_of(spec: Path) -> str:
    return "valid_" + spec.stem.replace("-", "_")


FAILED: dict[str, str] = {}
"""Package name → the CLI's message, for the fixtures that did not generate."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Package name → the folder holding it, for every fixture that generated."""
    folder = tmp_path_factory.mktemp("valid")
    found: dict[str, Path] = {}
    for spec in SPECS:
        out = folder / spec.stem
        done = sdkgen("generate", spec, "--out", out, "--package", package_of(spec), cwd=folder)
        if done.returncode == 0:
            found[package_of(spec)] = out / "python"
        else:
            FAILED[package_of(spec)] = f"exit {done.returncode}: {done.stderr}"
    return found


@pytest.mark.parametrize("spec", SPECS, ids=[s.stem for s in SPECS])
def test_generates_and_imports(spec: Path, generated: dict[str, Path]) -> None:
    package = package_of(spec)
    assert package in generated, FAILED[package]
    imported = import_every_module({package: generated[package]})
    assert imported.returncode == 0, imported.stderr


def test_mypy_strict(generated: dict[str, Path]) -> None:
    assert generated
    typed = mypy_strict(generated)
    assert typed.returncode == 0, typed.stdout


class _Reply(BaseHTTPRequestHandler):
    bodies: ClassVar[dict[str, object]] = {"/state": "say \"hi\"", "/mode": "it's \"quoted\"", "/level": 'say "hi"'}

    def do_GET(self) -> None:
        body = json.dumps(self.bodies[self.path]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Reply)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_enum_and_const_responses_come_back_as_the_values(
    generated: dict[str, Path], server: str
) -> None:
    package = package_of(VALID / "enum-response.yaml")
    assert package in generated
    program = (
        f"import {package} as sdk\n"
        f"client = sdk.EnumResponse(base_url={server!r})\n"
        "assert client.get_state() == 'say \"hi\"', client.get_state()\n"
        "assert client.modes.get() == 'it\\'s \"quoted\"', client.modes.get()\n"
        "assert client.get_level() == 'say \"hi\"'\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=generated[package], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
