"""Each operation sends the credentials its own `security` asks for, and no others."""

from __future__ import annotations

import base64
from types import ModuleType
from typing import Any

import pytest

from ..contract.fault_server import FaultServer, Reply
from .conftest import TOKEN, Caller

ALL = {"access_token": TOKEN, "username": "ann", "password": "secret", "api_key": "key-1"}
BASIC = "Basic " + base64.b64encode(b"ann:secret").decode()


def credentials(server: FaultServer, route: str) -> dict[str, str]:
    (received,) = server.requests(route)
    return {k: v for k, v in received.headers.items() if k in ("authorization", "x-api-key")}


def test_security_empty_sends_nothing(caller: Caller, server: FaultServer) -> None:
    server.script("GET /public", Reply(204))
    caller.run(lambda c: c.access.public(), **ALL)
    assert credentials(server, "GET /public") == {}


def test_basic_only_gets_basic(caller: Caller, server: FaultServer) -> None:
    server.script("GET /admin", Reply(204))
    caller.run(lambda c: c.access.admin(), **ALL)
    assert credentials(server, "GET /admin") == {"authorization": BASIC}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (ALL, {"x-api-key": "key-1"}),
        ({"access_token": TOKEN}, {"authorization": f"Bearer {TOKEN}"}),
    ],
)
def test_alternatives_pick_the_first_the_client_can_send(
    caller: Caller, server: FaultServer, given: dict[str, Any], expected: dict[str, str]
) -> None:
    server.script("GET /either", Reply(204))
    caller.run(lambda c: c.access.either(), **given)
    assert credentials(server, "GET /either") == expected


def test_the_default_security_sends_the_bearer_token(caller: Caller, server: FaultServer) -> None:
    server.script("GET /pets/1", Reply(200, {"type": "cat", "name": "Tom"}))
    caller.run(lambda c: c.pets.get("1"), **ALL)
    assert credentials(server, "GET /pets/1") == {"authorization": f"Bearer {TOKEN}"}


def test_missing_credentials_fail_before_sending(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    with pytest.raises(wire.WireError, match="WIRE_USERNAME"):
        caller.run(lambda c: c.access.admin(), access_token=TOKEN)
    assert server.requests("GET /admin") == []
    server.script("GET /public", Reply(204))
    caller.run(lambda c: c.access.public())  # no credentials needed, none given
    assert credentials(server, "GET /public") == {}


@pytest.mark.parametrize(
    ("given", "expected"), [(ALL, {"x-api-key": "key-1"}), ({"access_token": TOKEN}, {})]
)
def test_optional_credentials_are_sent_when_the_client_has_them(
    caller: Caller, server: FaultServer, given: dict[str, Any], expected: dict[str, str]
) -> None:
    server.script("GET /maybe", Reply(204))
    caller.run(lambda c: c.access.maybe(), **given)
    assert credentials(server, "GET /maybe") == expected
