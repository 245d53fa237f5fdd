"""Prism (`@stoplight/prism-cli`, installed by `npm ci`) as a validating mock server.

`prism mock --errors` checks every request against the description and answers a
violation with an error status (and a `Violation:` line in its log) instead of an
example, so a client that sends what the spec forbids gets an error.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
PRISM = REPO / "node_modules" / ".bin" / "prism"
STARTUP_SECONDS = 90.0
_VIOLATION = re.compile(r"\[VALIDATOR\].*(error|Violation)")


@dataclass(frozen=True)
class Prism:
    url: str
    log: Path

    def violations(self) -> list[str]:
        """The log lines where Prism rejected a request."""
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [line.strip() for line in text.splitlines() if _VIOLATION.search(line)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def start_prism(spec: Path, log: Path) -> Iterator[Prism]:
    """Run Prism on a free loopback port until the block ends; skip without Node/Prism."""
    if not PRISM.exists() or shutil.which("node") is None:
        pytest.skip("Prism is not installed: install Node.js >= 18 and run `npm ci`")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [str(PRISM), "mock", "--errors", "--host", "127.0.0.1", "--port", str(port), str(spec)],
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(process, url, log)
        yield Prism(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Until Prism answers HTTP (any status: an unknown path gets a 404 from Prism)."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(f"Prism exited ({process.returncode}) while starting:\n{log.read_text()[-3000:]}")
        try:
            httpx.get(f"{url}/__health__", timeout=1.0)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                pytest.fail(f"Prism did not answer within {STARTUP_SECONDS:.0f} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
