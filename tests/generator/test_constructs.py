"""Each OpenAPI 3.1 construct of `tests/fixtures/zoo-3.1.yaml`, generated and then
exercised through the generated client over `httpx.MockTransport`."""

from __future__ import annotations

import asyncio
import datetime
import importlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from .conftest import FIXTURES, sdkgen

Handler = Callable[[httpx.Request], httpx.Response]


@pytest.fixture(scope="module")
def zoo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    folder = tmp_path_factory.mktemp("zoo")
    done = sdkgen("generate", FIXTURES / "zoo-3.1.yaml", "--out", folder / "out", cwd=folder)
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(folder / "out" / "python"))
    try:
        yield importlib.import_module("zoo_client")
    finally:
        sys.path.remove(str(folder / "out" / "python"))
        for name in [m for m in sys.modules if m == "zoo_client" or m.startswith("zoo_client.")]:
            del sys.modules[name]


class Recorder:
    def __init__(self, answer: httpx.Response) -> None:
        self.answer = answer
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answer


def client(zoo: ModuleType, answer: httpx.Response, **kwargs: Any) -> tuple[Any, Recorder]:
    recorder = Recorder(answer)
    made = zoo.Zoo(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(recorder)), **kwargs)
    return made, recorder


CAT = {"kind": "cat", "name": "Tom", "id": "c1", "lives": 7}
DOG = {"kind": "dog", "name": "Rex", "id": "d1"}


def test_one_of_with_discriminator_picks_the_member_by_its_tag(zoo: ModuleType) -> None:
    api, _ = client(zoo, httpx.Response(200, json=[CAT, DOG]))
    cat, dog = api.animals.list()
    assert type(cat).__name__ == "Cat" and cat.lives == 7
    assert type(dog).__name__ == "Dog" and dog.good is True  # a default from the spec


def test_all_of_is_merged_and_read_only_fields_are_read(zoo: ModuleType) -> None:
    fields = zoo.types.Cat.model_fields
    assert {"name", "id", "kind", "lives"} <= set(fields)
    assert zoo.types.Cat.model_validate(CAT).id == "c1"


def test_array_query_parameters_exploded_and_joined(zoo: ModuleType) -> None:
    api, seen = client(zoo, httpx.Response(200, json=[]))
    api.animals.list(kinds=["cat", "dog"], ids=["1", "2"], x_trace="t-1")
    request = seen.requests[0]
    assert request.url.params.get_list("kinds") == ["cat,dog"]
    assert request.url.params.get_list("ids") == ["1", "2"]
    assert request.headers["X-Trace"] == "t-1"
    assert request.headers["X-Zoo-Key"] == "k"


def test_union_body_is_sent_as_json(zoo: ModuleType) -> None:
    api, seen = client(zoo, httpx.Response(201, json=DOG))
    made = api.animals.create(body=zoo.types.Dog(kind="dog", name="Rex", secret="s"))
    assert json.loads(seen.requests[0].content) == {"kind": "dog", "name": "Rex", "secret": "s"}
    assert type(made).__name__ == "Dog"


def test_formats_maps_enums_and_colliding_names(zoo: ModuleType) -> None:
    keeper: dict[str, object] = {
        "since": "2024-05-01T10:00:00Z", "birthday": None, "tags": [], "mood": "so so", "level": 7,
        "scores": {"a": 1.5}, "notes": {"any": ["thing"]}, "pet": "a rock",
        "StartTime": "early", "StartTime<": "earlier", "from": "north",
    }  # fmt: skip
    api, seen = client(zoo, httpx.Response(200, json=keeper))
    got = api.keepers.create(
        since=datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc),
        tags=["x"],
        birthday=None,
        mood="so-so",
        start_time="early",
        json_start_time="earlier",
        from_="north",
    )
    sent = json.loads(seen.requests[0].content)
    assert sent == {
        "since": "2024-05-01T10:00:00+00:00", "tags": ["x"], "birthday": None, "mood": "so-so",
        "StartTime": "early", "StartTime<": "earlier", "from": "north",
    }  # fmt: skip
    assert got.since == datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc)
    assert got.level == 7  # not one of the enum's values: kept, not rejected
    assert got.scores == {"a": 1.5} and got.notes == {"any": ["thing"]} and got.pet == "a rock"
    assert (got.start_time, got.start_time_2, got.from_) == ("early", "earlier", "north")


def test_octet_stream_body_and_binary_response(zoo: ModuleType) -> None:
    api, seen = client(zoo, httpx.Response(204))
    assert api.animals.photo.put("a/1", body=b"\x89PNG") is None
    request = seen.requests[0]
    assert request.url.raw_path == b"/v1/animals/a%2F1/photo"
    assert request.headers["Content-Type"] == "application/octet-stream" and request.content == b"\x89PNG"
    api, _ = client(zoo, httpx.Response(200, content=b"\x89PNG", headers={"Content-Type": "image/png"}))
    assert api.animals.photo.get("a1") == b"\x89PNG"


def test_multipart_and_form_bodies_and_a_text_answer(zoo: ModuleType) -> None:
    api, seen = client(zoo, httpx.Response(204))
    api.keepers.badge(3, image=("badge.png", b"img", "image/png"), caption="best")
    request = seen.requests[0]
    assert request.headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert b'name="caption"' in request.content and b'filename="badge.png"' in request.content
    api, seen = client(zoo, httpx.Response(200, text="fed", headers={"Content-Type": "text/plain"}))
    assert api.feed(food="fish") == "fed"  # untagged: a method of the client itself
    assert seen.requests[0].content == b"food=fish"


def test_environment_flag_and_async_twin(zoo: ModuleType) -> None:
    api, seen = client(zoo, httpx.Response(200, json=[]), staging=True)
    api.animals.list()
    assert str(seen.requests[0].url) == "https://staging.zoo.example.com/v1/animals"

    async def run() -> list[object]:
        recorder = Recorder(httpx.Response(200, json=[CAT]))
        async with zoo.AsyncZoo(api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(recorder))) as api:
            return list(await api.animals.list())

    (cat,) = asyncio.run(run())
    assert type(cat).__name__ == "Cat"


def test_deprecated_operation_says_so(zoo: ModuleType) -> None:
    assert "Deprecated" in (zoo.Zoo.keepers.func(zoo.Zoo(api_key="k")).badge.__doc__ or "")


POOLS = """\
openapi: 3.0.3
info: {title: Pools, version: "1"}
paths:
  /pools/{pool_id}/members:
    post:
      operationId: pools.add_members
      parameters:
        - {name: pool_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              properties: {$ref: "#/components/schemas/Pool/properties"}
              required: [member_ids]
      responses:
        "204": {description: Added.}
components:
  schemas:
    Pool:
      type: object
      properties:
        member_ids: {type: array, items: {type: integer}}
"""


def test_a_properties_map_written_as_a_reference_is_followed_when_lenient(tmp_path: Path) -> None:
    """OpenAPI allows no `$ref` in place of the `properties` map, but JSON Reference tools
    (Prism among them) follow it: strict generation refuses the spec, lenient follows it."""
    spec = tmp_path / "pools.yaml"
    spec.write_text(POOLS)
    refused = sdkgen("generate", spec, "--out", tmp_path / "strict", cwd=tmp_path)
    assert refused.returncode == 1 and "properties/$ref" in refused.stderr
    done = sdkgen("generate", spec, "--out", tmp_path / "out", "--lenient", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    sys.path.insert(0, str(tmp_path / "out" / "python"))
    try:
        pools = importlib.import_module("pools_client")
        recorder = Recorder(httpx.Response(204))
        transport = httpx.MockTransport(recorder)
        api = pools.Pools(base_url="https://pools.test", http_client=httpx.Client(transport=transport))
        api.pools.add_members(7, member_ids=[1, 2])
    finally:
        sys.path.remove(str(tmp_path / "out" / "python"))
        for name in [m for m in sys.modules if m.split(".")[0] == "pools_client"]:
            del sys.modules[name]
    (request,) = recorder.requests
    assert json.loads(request.content) == {"member_ids": [1, 2]}


def test_an_inline_body_requiring_a_property_it_does_not_declare_is_warned_of(
    tmp_path: Path,
) -> None:
    spec = tmp_path / "checks.yaml"
    spec.write_text(
        POOLS.replace("properties: {$ref: \"#/components/schemas/Pool/properties\"}", "properties: {member_ids: {type: array}}")
        .replace("required: [member_ids]", "required: [member_ids, method]")
    )
    done = sdkgen("generate", spec, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "warning: required property 'method' is not defined" in done.stderr
    assert "'member_ids' is not defined" not in done.stderr


ACTIONS = """\
openapi: 3.1.0
info: {title: Actions, version: "1"}
paths:
  /actions:
    post:
      operationId: actions.create
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - $ref: "#/components/schemas/Action"
                - $ref: "#/components/schemas/SnapshotAction"
      responses: {"204": {description: done}}
components:
  schemas:
    Action:
      type: object
      required: [type]
      properties: {type: {type: string}}
    SnapshotAction:
      allOf:
        - $ref: "#/components/schemas/Action"
        - type: object
          properties: {name: {type: string}}
"""


def test_a_one_of_member_extending_another_is_warned_of(tmp_path: Path) -> None:
    """Every value of `SnapshotAction` is an `Action` too, so no value of it meets exactly
    one member: the spec allows no such body, and sdkgen says so where the `oneOf` is."""
    spec = tmp_path / "actions.yaml"
    spec.write_text(ACTIONS)
    done = sdkgen("generate", spec, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (
        "warning: `oneOf` member 1 (SnapshotAction) extends member 0 (Action): no value of it"
        " meets exactly one member" in done.stderr
    )
    assert "/requestBody/content/application~1json/schema" in done.stderr

    spec.write_text(ACTIONS.replace("oneOf:", "anyOf:"))
    done = sdkgen("generate", spec, "--out", tmp_path / "out2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "extends member" not in done.stderr
