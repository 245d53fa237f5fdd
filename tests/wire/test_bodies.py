"""Request bodies as the spec declares them: an optional body is left out when not
given, and a form body goes in the media type the operation names."""

from __future__ import annotations

import email.parser
import email.policy
from types import ModuleType

from ..contract.fault_server import FaultServer, Received, Reply
from .conftest import TOKEN, Caller


def only(server: FaultServer, route: str) -> Received:
    (received,) = server.requests(route)
    return received


def test_an_optional_body_not_given_is_not_sent(caller: Caller, server: FaultServer) -> None:
    server.script("POST /notes", Reply(204))
    server.script("POST /notes/inline", Reply(204))
    caller.run(lambda c: c.notes.create(), access_token=TOKEN)
    caller.run(lambda c: c.notes.create_inline(), access_token=TOKEN)
    for route in ("POST /notes", "POST /notes/inline"):
        received = only(server, route)
        assert received.body == b"", route
        assert "content-type" not in received.headers, route


def test_an_optional_body_given_is_sent_whole(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    from wire_client.types import NoteCreate, NotesCreateInlineBody

    server.script("POST /notes", Reply(204))
    server.script("POST /notes/inline", Reply(204))
    caller.run(lambda c: c.notes.create(body=NoteCreate(text="hi")), access_token=TOKEN)
    caller.run(
        lambda c: c.notes.create_inline(body=NotesCreateInlineBody(text="yo", pinned=True)),
        access_token=TOKEN,
    )
    assert only(server, "POST /notes").json() == {"text": "hi"}
    assert only(server, "POST /notes/inline").json() == {"text": "yo", "pinned": True}
    assert only(server, "POST /notes").headers["content-type"] == "application/json"


def _multipart(received: Received) -> dict[str, str]:
    head = f"Content-Type: {received.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + received.body)
    assert message.is_multipart()
    return {
        str(part.get_param("name", header="content-disposition")): part.get_content()
        for part in message.iter_parts()
    }


def test_multipart_without_files_is_multipart(caller: Caller, server: FaultServer) -> None:
    server.script("POST /forms/multipart", Reply(204))
    caller.run(lambda c: c.forms.multipart(title="Tea", count=2), access_token=TOKEN)
    received = only(server, "POST /forms/multipart")
    assert received.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert _multipart(received) == {"title": "Tea", "count": "2"}


def test_a_field_that_may_be_a_file_is_sent_as_one(caller: Caller, server: FaultServer) -> None:
    server.script("POST /forms/upload", Reply(204), Reply(204))
    caller.run(lambda c: c.forms.upload(file=b"\x00RIFF"), access_token=TOKEN)
    caller.run(lambda c: c.forms.upload(file="https://example.com/a.wav"), access_token=TOKEN)
    as_file, as_url = server.requests("POST /forms/upload")
    head = f"Content-Type: {as_file.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + as_file.body)
    (part,) = message.iter_parts()
    assert part.get_param("name", header="content-disposition") == "file"
    assert part.get_filename() == "file"
    assert part.get_content() == b"\x00RIFF"
    assert _multipart(as_url) == {"file": "https://example.com/a.wav"}


def test_a_urlencoded_form_stays_urlencoded(caller: Caller, server: FaultServer) -> None:
    server.script("POST /forms/urlencoded", Reply(204))
    caller.run(lambda c: c.forms.urlencoded(title="Tea & cake"), access_token=TOKEN)
    received = only(server, "POST /forms/urlencoded")
    assert received.headers["content-type"] == "application/x-www-form-urlencoded"
    assert received.form() == {"title": "Tea & cake"}


def test_a_binary_body_of_any_type_and_a_json_header(
    caller: Caller, server: FaultServer, wire: ModuleType
) -> None:
    from wire_client.types import PartsPutXMetadata

    server.script("PUT /parts/1", Reply(204))
    caller.run(
        lambda c: c.parts.put(1, x_metadata=PartsPutXMetadata(name="a b"), body=b"\x00\xff"),
        access_token=TOKEN,
    )
    received = only(server, "PUT /parts/1")
    assert received.body == b"\x00\xff"
    assert received.headers["content-type"] == "application/octet-stream"
    assert received.headers["x-metadata"] == '{"name":"a b"}'


def test_alternative_properties_are_keywords(caller: Caller, server: FaultServer) -> None:
    server.script("POST /checks", Reply(204))
    caller.run(lambda c: c.checks.create(permission="read", resource_id="r1"), access_token=TOKEN)
    assert only(server, "POST /checks").json() == {"permission": "read", "resource_id": "r1"}


def test_an_optional_body_of_fields_none_given_is_not_sent(
    caller: Caller, server: FaultServer
) -> None:
    server.script("POST /rules", Reply(204), Reply(204))
    caller.run(lambda c: c.rules.add(), access_token=TOKEN)
    caller.run(lambda c: c.rules.add(inbound=["tcp:22"]), access_token=TOKEN)
    empty, given = server.requests("POST /rules")
    assert empty.body == b"" and "content-type" not in empty.headers
    assert given.json() == {"inbound": ["tcp:22"]}


def test_a_form_body_that_allows_no_property_takes_no_argument(
    caller: Caller, server: FaultServer
) -> None:
    import inspect

    server.script("POST /sessions/touch", Reply(204))
    names = caller.run(lambda c: list(inspect.signature(c.sessions.touch).parameters))
    assert names == ["options"]
    caller.run(lambda c: c.sessions.touch(), access_token=TOKEN)
    assert only(server, "POST /sessions/touch").body == b""



def test_a_required_multipart_body_of_no_given_field_is_sent_empty(
    caller: Caller, server: FaultServer
) -> None:
    server.script("PUT /avatar", Reply(204))
    caller.run(lambda c: c.avatar.put(), access_token=TOKEN)
    received = only(server, "PUT /avatar")
    media, boundary = received.headers["content-type"].split("; boundary=")
    assert media == "multipart/form-data"
    assert received.body == f"--{boundary}--\r\n".encode()  # a multipart of no part
