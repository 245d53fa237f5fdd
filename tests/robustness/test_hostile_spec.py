"""Hostile specs (issue 12, points 1 and 3): nothing fetched, nothing read outside the
spec's folder, no hang on FIFOs, bounded work on bombs, duplicate keys and lone
surrogates reported. The CLI runs in a real subprocess, as users meet it."""

from __future__ import annotations

import http.server
import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import sdkgen

SPEC = """openapi: 3.0.3
info: {{title: T, version: "1"}}
paths:
  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {schema}
"""


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A server on loopback that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            body = b'{"type": "object", "properties": {"x": {"type": "string"}}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _refused(done: object, where: str) -> None:
    assert done.returncode == 1, done.stderr  # type: ignore[attr-defined]
    assert f"{where}:" in done.stderr, done.stderr  # type: ignore[attr-defined]
    assert "nothing was written" in done.stderr  # type: ignore[attr-defined]


def test_an_escaped_ref_to_a_url_is_not_fetched(tmp_path: Path, server: tuple[str, list[str]]) -> None:
    url, hits = server
    document = {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": f"{url}/remote.json"}}},
        }}}}},
    }  # fmt: skip
    text = json.dumps(document).replace('"$ref"', '"\\u0024ref"')
    assert "$ref" not in text
    (tmp_path / "spec.json").write_text(text)
    done = sdkgen("generate", "spec.json", "--out", "out", cwd=tmp_path)
    _refused(done, "spec.json")
    assert "remote reference" in done.stderr
    assert hits == [] and not (tmp_path / "out").exists()


def test_a_ref_the_bundler_leaves_is_not_fetched_by_the_validator(
    tmp_path: Path, server: tuple[str, list[str]]
) -> None:
    url, hits = server
    schema = f'{{type: object, default: {{$ref: "{url}/default.json"}}, properties: {{x: {{type: string, default: {{$ref: "file:///etc/hostname"}}}}}}}}'
    (tmp_path / "spec.yaml").write_text(SPEC.format(schema=schema))
    done = sdkgen("generate", "spec.yaml", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert hits == []
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "ref",
    ["../outside/schema.yaml", "{outside}/schema.yaml", "file://{outside}/schema.yaml", "link/schema.yaml"],
)
def test_a_ref_outside_the_spec_folder_is_refused(tmp_path: Path, ref: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "schema.yaml").write_text("type: object\nproperties: {secret: {type: string}}\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link").symlink_to(outside)
    (project / "spec.yaml").write_text(SPEC.format(schema=f'{{$ref: "{ref.format(outside=outside)}"}}'))
    done = sdkgen("generate", "spec.yaml", "--out", "out", cwd=project)
    _refused(done, "spec.yaml:12")
    assert not (project / "out").exists()
    if not ref.startswith("file:"):
        allowed = sdkgen("generate", "spec.yaml", "--out", "out", "--allow-ref-outside", outside, cwd=project)
        assert allowed.returncode == 0, allowed.stderr


@pytest.mark.parametrize("kind", ["fifo", "directory", "device"])
def test_a_ref_to_a_fifo_a_directory_or_a_device_reads_nothing(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tmp_path / "target.yaml")
        ref = "target.yaml"
    elif kind == "directory":
        (tmp_path / "target.yaml").mkdir()
        ref = "target.yaml"
    else:
        (tmp_path / "target.yaml").symlink_to("/dev/zero")
        ref = "target.yaml"
    (tmp_path / "spec.yaml").write_text(SPEC.format(schema=f"{{$ref: {ref}}}"))
    done = sdkgen("generate", "spec.yaml", "--out", "out", cwd=tmp_path, timeout=60)
    _refused(done, "spec.yaml:12")


def test_a_root_that_is_a_fifo_or_a_device_is_an_error(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "spec.yaml")
    done = sdkgen("generate", "spec.yaml", "--out", "out", cwd=tmp_path, timeout=60)
    assert done.returncode == 1 and "FIFO" in done.stderr, done.stderr
    done = sdkgen("validate", "/dev/zero", cwd=tmp_path, timeout=60)
    assert done.returncode == 1 and "device" in done.stderr, done.stderr


def _laughs(levels: int) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for name in "bcdefghijklmnop"[:levels]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-bomb:\n" + "\n".join(
        "  " + line for line in lines
    ) + "\n"


def test_a_billion_laughs_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(_laughs(12))
    done = sdkgen("validate", "spec.yaml", cwd=tmp_path, timeout=60)
    assert done.returncode == 1, done.stderr
    assert "spec.yaml:" in done.stderr and "aliases are expanded" in done.stderr


def test_a_cyclic_alias_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\nx-loop: &a [*a]\n")
    done = sdkgen("validate", "spec.yaml", cwd=tmp_path, timeout=60)
    assert done.returncode == 1 and "spec.yaml:4" in done.stderr and "cyclic" in done.stderr, done.stderr


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_deep_documents_and_long_strings_are_bounded(tmp_path: Path, suffix: str) -> None:
    deep = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}, "x-deep": []}
    node = deep["x-deep"]
    for _ in range(300):
        node.append([])  # type: ignore[attr-defined]
        node = node[0]  # type: ignore[index]
    (tmp_path / f"deep.{suffix}").write_text(json.dumps(deep))
    done = sdkgen("validate", f"deep.{suffix}", cwd=tmp_path, timeout=60)
    assert done.returncode == 1 and "deeper than 200" in done.stderr, done.stderr
    assert sdkgen("validate", f"deep.{suffix}", "--max-depth", "400", cwd=tmp_path).returncode == 0
    long = {"openapi": "3.0.3", "info": {"title": "T", "version": "1", "description": "x" * 5000}, "paths": {}}
    (tmp_path / f"long.{suffix}").write_text(json.dumps(long))
    done = sdkgen("validate", f"long.{suffix}", "--max-string", "1000", cwd=tmp_path)
    assert done.returncode == 1 and "longer than 1000" in done.stderr and f"long.{suffix}:" in done.stderr, done.stderr
    done = sdkgen("validate", f"long.{suffix}", "--max-file-size", "100", cwd=tmp_path)
    assert done.returncode == 1 and "larger than 100 bytes" in done.stderr, done.stderr


def test_limits_come_from_the_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.sdkgen]\nspec = "spec.json"\nout = "out"\nmax-string = 1000\n')
    long = {"openapi": "3.0.3", "info": {"title": "T", "version": "1", "description": "x" * 5000}, "paths": {}}
    (tmp_path / "spec.json").write_text(json.dumps(long))
    done = sdkgen("validate", cwd=tmp_path)
    assert done.returncode == 1 and "longer than 1000" in done.stderr, done.stderr


@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("spec.yaml", "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\npaths: {/a: {}}\n", 4),
        ("spec.json", '{"openapi": "3.0.3",\n"info": {"title": "T", "version": "1"},\n"paths": {},\n"paths": {"/a": {}}}', 4),
    ],
)
def test_duplicate_keys_are_errors_naming_the_key(tmp_path: Path, name: str, text: str, line: int) -> None:
    (tmp_path / name).write_text(text)
    done = sdkgen("validate", name, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert f"{name}:{line}:" in done.stderr and "duplicate key 'paths'" in done.stderr
    assert "1 problem in" in done.stderr
    lenient = sdkgen("validate", name, "--lenient", cwd=tmp_path)
    assert lenient.returncode == 0, lenient.stderr
    assert "warning: duplicate key 'paths'" in lenient.stderr


def test_a_lone_surrogate_is_a_located_error(tmp_path: Path) -> None:
    text = '{"openapi": "3.0.3", "info": {"title": "T\\ud800", "version": "1"}, "paths": {}}'
    (tmp_path / "spec.json").write_text(text)
    done = sdkgen("generate", "spec.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "spec.json" in done.stderr and "#/info/title" in done.stderr and "surrogate" in done.stderr
