"""The workflow extensions on a spec that is not Pinterest's (`tests/fixtures/render-farm-3.1.yaml`):
generated, type-checked, run against a fake API and storage host on loopback; and every
mistake in an extension reported by `sdkgen validate` with its file and JSON pointer."""

from __future__ import annotations

import asyncio
import importlib
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, sdkgen

SPEC = FIXTURES / "render-farm-3.1.yaml"


@pytest.fixture(scope="module")
def farm_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("farm")
    (folder / "farm.yaml").write_text(SPEC.read_text())
    done = sdkgen("generate", "farm.yaml", "--out", "sdk", cwd=folder)
    assert done.returncode == 0, done.stderr
    return folder / "sdk" / "python"


class _Farm:
    """The fake render farm (API on one port, storage on another), recording requests."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.polls: dict[str, int] = {}
        self.api = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.storage = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.api_url = f"http://127.0.0.1:{self.api.server_address[1]}/v1"
        self.storage_url = f"http://127.0.0.1:{self.storage.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        farm = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def _answer(self, status: int, value: object, content_type: str = "application/json") -> None:
                body = value if isinstance(value, bytes) else json.dumps(value).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                self._record()
                polls = farm.polls[self.path] = farm.polls.get(self.path, 0) + 1
                if self.path.startswith("/v1/assets/"):
                    state = "scanning" if polls % 2 else "ready"
                    self._answer(200, {"asset_id": "a1", "processing": {"state": state}})
                elif self.path.startswith("/v1/farms/north/renders/r7"):
                    done = polls >= 2
                    self._answer(200, {"state": 2 if done else 1, "output": f"{farm.storage_url}/out/r7.json" if done else None})
                elif self.path == "/out/r7.json":
                    self._answer(200, {"r7": [{"frame": 1, "ms": 40}, {"frame": 2, "ms": 38}]})
                else:
                    self._answer(404, {"message": "no"})

            def do_POST(self) -> None:
                body = self._record()
                if self.path == "/v1/assets":
                    self._answer(201, {"asset_id": "a1", "upload_to": f"{farm.storage_url}/bucket"})
                elif self.path == "/v1/farms/north/renders":
                    assert json.loads(body) == {"asset_id": "a1"}
                    self._answer(202, {"render_id": "r7"})
                elif self.path == "/bucket" and b'name="data"; filename="scene.blend"' in body:
                    self._answer(204, b"")
                else:
                    self._answer(400, {"message": "bad"})

            def _record(self) -> bytes:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                farm.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                return body

        return Handler

    def __enter__(self) -> _Farm:
        for server in (self.api, self.storage):
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in (self.api, self.storage):
            server.shutdown()
            server.server_close()


@pytest.fixture
def farm() -> Iterator[_Farm]:
    with _Farm() as running:
        yield running


def test_generated_workflows_type_check(farm_sdk: Path) -> None:
    typed = subprocess.run([sys.executable, "-m", "mypy", "--strict", "render_farm_client"], cwd=farm_sdk, capture_output=True, text=True)
    assert typed.returncode == 0, typed.stdout


def test_workflows_of_any_spec_run_end_to_end(farm_sdk: Path, farm: _Farm) -> None:
    sys.path.insert(0, str(farm_sdk))
    try:
        sdk = importlib.import_module("render_farm_client")
    finally:
        sys.path.remove(str(farm_sdk))
    client = sdk.RenderFarm(access_token="farm-secret", base_url=farm.api_url)
    slept: list[float] = []
    client._sleep = slept.append

    asset = client.assets.upload(("scene.blend", b"BLENDER-v293"), kind="scene")
    assert asset.processing.state == "ready" and slept == [1.0]

    render = client.renders.create_and_wait("north", asset_id="a1")
    assert render.state == 2 and slept == [1.0, 0.5]
    assert client.renders.download_result(render).rows() == [{"frame": 1, "ms": 40}, {"frame": 2, "ms": 38}]

    aclient = sdk.AsyncRenderFarm(access_token="farm-secret", base_url=farm.api_url)

    async def asleep(seconds: float) -> None:
        slept.append(seconds)

    aclient._sleep = asleep
    asset = asyncio.run(aclient.assets.upload(("scene.blend", b"BLENDER-v293"), kind="scene"))
    assert asset.asset_id == "a1"

    storage = [r for r in farm.requests if not r[1].startswith("/v1/")]
    assert [r[1] for r in storage] == ["/bucket", "/out/r7.json", "/bucket"]
    assert all("authorization" not in headers for _, _, headers, _ in storage)
    assert all(headers["authorization"] == "Bearer farm-secret" for _, path, headers, _ in farm.requests if path.startswith("/v1/"))


def _broken(tmp_path: Path, change: dict[str, object]) -> Path:
    """The fixture spec with `change` applied: `{"/paths/.../x-sdk-waiter/status": value}`."""
    data = yaml.safe_load(SPEC.read_text())
    for pointer, value in change.items():
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
        node = data
        for part in parents:
            node = node[part]
        node[last] = value
    spec = tmp_path / "farm.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    return spec


@pytest.mark.parametrize(
    ("pointer", "value", "message"),
    [
        ("/paths/~1assets~1{asset_id}/get/x-sdk-waiter/status", "processing.phase", "no field 'phase'"),
        ("/paths/~1assets~1{asset_id}/get/x-sdk-waiter/success", ["finished"], "'finished' is not a value of the status field"),
        ("/paths/~1farms~1{farm}~1renders/post/x-sdk-and-wait/waiter", "renders.fetch", "`waiter` must be the operationId"),
        ("/paths/~1farms~1{farm}~1renders/post/x-sdk-and-wait/arguments", {"farm": "$request.path.farm", "render_id": "$response.body#/id"}, "no field 'id'"),
        ("/paths/~1farms~1{farm}~1renders/post/x-sdk-and-wait/arguments", {"farm": "$request.path.farm"}, "no argument for the waiter's required parameter 'render_id'"),
        ("/paths/~1assets/post/x-sdk-upload/url", "upload_url", "no field 'upload_url'"),
        ("/paths/~1assets/post/x-sdk-upload/wait", "assets.get", "unknown key 'wait'"),
    ],
)
def test_validate_locates_every_mistake(tmp_path: Path, pointer: str, value: object, message: str) -> None:
    spec = _broken(tmp_path, {pointer: value})
    out = tmp_path / "sdk"
    found = sdkgen("validate", spec, cwd=tmp_path)
    assert found.returncode == 1
    where = pointer if not pointer.endswith(("/arguments", "/x-sdk-upload/wait")) else pointer.rsplit("/", 1)[0]
    lines = [line for line in found.stderr.splitlines() if message in line]
    assert lines, found.stderr
    assert "farm.yaml" in lines[0] and where.rsplit("/", 1)[0] in lines[0]
    assert sdkgen("generate", spec, "--out", out, cwd=tmp_path).returncode == 1 and not out.exists()
