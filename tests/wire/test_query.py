"""Object parameters are serialised per `style` / `explode` (query: form or deepObject;
headers: simple), never refused at call time."""

from __future__ import annotations

from types import ModuleType

from ..contract.fault_server import FaultServer, Reply
from .conftest import TOKEN, Caller


def test_object_query_parameters_in_each_style(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    from wire_client.types import Filter, SearchRunBox, SearchRunPoint

    server.script("GET /search", Reply(204))
    caller.run(
        lambda c: c.search.run(
            filter=Filter(status="open", owner="me & you"),
            point=SearchRunPoint(x=1, y=2),
            box=SearchRunBox(w=3, h=4),
        ),
        access_token=TOKEN,
    )
    (received,) = server.requests("GET /search")
    assert received.query == [
        ("filter[status]", "open"),
        ("filter[owner]", "me & you"),
        ("x", "1"),
        ("y", "2"),
        ("box", "w,3,h,4"),
    ]


def test_unset_properties_are_left_out(caller: Caller, server: FaultServer, wire: ModuleType) -> None:
    from wire_client.types import Filter

    server.script("GET /search", Reply(204))
    caller.run(lambda c: c.search.run(filter=Filter(owner="me")), access_token=TOKEN)
    (received,) = server.requests("GET /search")
    assert received.query == [("filter[owner]", "me")]


def test_an_object_header_in_simple_style(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    from wire_client.types import SearchScopedXScope

    server.script("GET /scoped", Reply(204))
    caller.run(
        lambda c: c.search.scoped(x_scope=SearchScopedXScope(team="core", level=2)),
        access_token=TOKEN,
    )
    (received,) = server.requests("GET /scoped")
    assert received.headers["x-scope"] == "team,core,level,2"
