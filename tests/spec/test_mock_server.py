"""Prism loads the description and serves every operation's success example.

A real Prism process on loopback (installed by `npm ci`; the tests skip without it).
Prism validates each request against the description before answering, so this also
checks that the request examples and the parameter schemas accept valid input.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from .specfiles import REPO, SPEC_ROOT, Operation, Ref, SpecTree

PRISM = REPO / "node_modules" / ".bin" / "prism"
PATH_VALUES = {"username": "bakewithdana", "region": "US", "trend_type": "growing"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    if not PRISM.exists() or shutil.which("node") is None:
        pytest.skip("Prism is not installed (run `npm ci`)")
    port = free_port()
    process = subprocess.Popen(
        [str(PRISM), "mock", str(SPEC_ROOT), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                pytest.fail(f"Prism exited ({process.returncode}) while loading the spec:\n{output[-3000:]}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("Prism did not start listening within 90 s")
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def sample(spec: SpecTree, schema: dict[str, Any], where: Ref) -> Any:
    """A value valid for a parameter schema (enough for this description's parameters)."""
    schema, where = spec.deref(schema, where)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return next(v for v in schema["enum"] if v is not None)
    kind = schema.get("type")
    kind = next(t for t in kind if t != "null") if isinstance(kind, list) else kind
    if kind == "array":
        return [sample(spec, schema["items"], where)]
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return "2024-03-01"
    return "123" if schema.get("pattern", r"^\d+$") == r"^\d+$" else "text"


def build_request(spec: SpecTree, op: Operation) -> dict[str, Any]:
    path = op.path
    query: dict[str, str] = {}
    for param in op.path_item.get("parameters", []) + op.node.get("parameters", []):
        param, at = spec.deref(param, op.where)
        if param["in"] == "path":
            value = PATH_VALUES.get(param["name"]) or sample(spec, param["schema"], at)
            path = path.replace("{" + param["name"] + "}", str(value))
        elif param.get("required"):
            value = sample(spec, param["schema"], at)
            if isinstance(value, list):
                value = ",".join(map(str, value))
            query[param["name"]] = str(value).lower() if isinstance(value, bool) else str(value)
    request: dict[str, Any] = {"method": op.method.upper(), "url": path, "params": query}
    if "requestBody" in op.node:
        request["json"] = op.node["requestBody"]["content"]["application/json"]["example"]
    return request


def expected_response(op: Operation) -> tuple[int, Any]:
    code = min(c for c in op.node["responses"] if c.startswith("2"))
    content = op.node["responses"][code].get("content", {}).get("application/json")
    return int(code), (content["example"] if content else None)


OPERATIONS = list(SpecTree(SPEC_ROOT).operations())


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.key)
def test_prism_serves_the_success_example(prism: str, spec: SpecTree, op: Operation) -> None:
    request = build_request(spec, op)
    with httpx.Client(base_url=prism, headers={"Authorization": "Bearer test-token"}, timeout=30) as client:
        response = client.request(**request)
    status, body = expected_response(op)
    assert response.status_code == status, response.text
    if body is None:
        assert not response.content.strip()
    elif isinstance(body, str):
        assert response.json() == body or response.text == body
    else:
        assert response.json() == body


def test_sample_values_follow_the_patterns() -> None:
    spec = SpecTree(SPEC_ROOT)
    assert re.fullmatch(r"\d+", sample(spec, {"type": "string", "pattern": r"^\d+$"}, Ref(SPEC_ROOT)))
