"""`Accept` names what the operation's success responses declare; binary bodies come
back as bytes (or streamed), text as str; JSON never parses them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..contract.fault_server import FaultServer, Reply
from .conftest import TOKEN, Caller

AUDIO = bytes(range(256)) * 64
"""Not UTF-8 and not JSON."""


def test_binary_download_accepts_its_type_and_returns_bytes(
    caller: Caller, server: FaultServer
) -> None:
    server.script("GET /files/a/content", Reply(200, AUDIO, content_type="application/octet-stream"))
    assert caller.run(lambda c: c.files.download("a"), access_token=TOKEN) == AUDIO
    (received,) = server.requests("GET /files/a/content")
    assert received.headers["accept"] == "application/octet-stream"


def test_every_declared_media_type_is_accepted(caller: Caller, server: FaultServer) -> None:
    server.script("GET /speech", Reply(200, AUDIO, content_type="audio/wav"))
    assert caller.run(lambda c: c.speech.get(), access_token=TOKEN) == AUDIO
    (received,) = server.requests("GET /speech")
    assert received.headers["accept"] == "audio/mpeg, audio/wav"


def test_text_comes_back_as_str(caller: Caller, server: FaultServer) -> None:
    csv = "a,b\n1,\"é\"\n"
    server.script("GET /report", Reply(200, csv.encode(), content_type="text/csv; charset=utf-8"))
    assert caller.run(lambda c: c.report.get(), access_token=TOKEN) == csv
    (received,) = server.requests("GET /report")
    assert received.headers["accept"] == "text/csv"


def test_json_operations_still_accept_json(caller: Caller, server: FaultServer) -> None:
    server.script("GET /pets/1", Reply(200, {"type": "cat", "name": "Tom"}))
    caller.run(lambda c: c.pets.get("1"), access_token=TOKEN)
    (received,) = server.requests("GET /pets/1")
    assert received.headers["accept"] == "application/json"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_binary_response_streams_to_a_file(
    mode: str, server: FaultServer, tmp_path: Path, wire: object
) -> None:
    import asyncio

    from wire_client import AsyncWire, Wire

    server.script("GET /files/a/content", Reply(200, AUDIO, content_type="application/octet-stream"))
    target = tmp_path / "audio.bin"
    if mode == "sync":
        with Wire(access_token=TOKEN, base_url=server.url) as client:
            with client.with_streaming_response(client.files.download, "a") as response:
                assert response.status_code == 200
                response.write_to(target)
    else:

        async def main() -> None:
            async with AsyncWire(access_token=TOKEN, base_url=server.url) as client:
                async with client.with_streaming_response(client.files.download, "a") as response:
                    chunks = [chunk async for chunk in response.iter_bytes()]
                    target.write_bytes(b"".join(chunks))

        asyncio.run(main())
    assert target.read_bytes() == AUDIO


def test_a_reference_to_a_schema_that_allows_null_reads_null(
    caller: Caller, server: FaultServer
) -> None:
    body = b'{"id": 1, "window": null, "backup": null}'
    server.script("GET /droplets/1", Reply(200, body, content_type="application/json"))
    droplet = caller.run(
        lambda c: c.droplets.get(1), access_token=TOKEN, strict_response_validation=True
    )
    assert (droplet.id, droplet.window, droplet.backup) == (1, None, None)
