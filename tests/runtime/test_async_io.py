"""The async client never reads a file on the event loop's thread.

An upload's file (a path or an open file) is read through a worker thread before
the request is sent, so a slow disk or network share does not stall other tasks. The
requests go to a real server on loopback; the sync client is checked alongside.
"""

from __future__ import annotations

import asyncio
import io
import threading
from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.contract.fault_server import FaultServer, Reply, running

from .helpers import TOKEN

UPLOAD = "POST /media"


class RecordingFile(io.BytesIO):
    """A binary file that records the threads it was read on."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.name = "clip.mp4"
        self.threads: list[int] = []

    def read(self, size: int | None = -1) -> bytes:
        self.threads.append(threading.get_ident())
        return super().read(size)


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with running() as fault_server:
        yield fault_server


def test_async_upload_reads_the_file_off_the_event_loop(sdk: ModuleType, server: FaultServer) -> None:
    server.script(UPLOAD, Reply(200, {"id": "m1"}))
    file = RecordingFile(b"\x00\x00\x00\x18ftypmp42")
    loop_threads: list[int] = []

    async def main() -> object:
        loop_threads.append(threading.get_ident())
        async with sdk.AsyncAcme(access_token=TOKEN, base_url=server.url) as client:
            return await client.pins.upload_media(file=file, media_type="video")

    assert asyncio.run(main()) == {"id": "m1"}
    assert file.threads and loop_threads[0] not in file.threads
    (received,) = server.requests(UPLOAD)
    assert b'filename="clip.mp4"' in received.body and b"ftypmp42" in received.body


def test_async_upload_of_a_path_is_sent_whole(sdk: ModuleType, server: FaultServer, tmp_path: object) -> None:
    import pathlib

    path = pathlib.Path(str(tmp_path)) / "photo.png"
    path.write_bytes(b"\x89PNG-data" * 1000)
    server.script(UPLOAD, Reply(200, {"id": "m2"}))

    async def main() -> object:
        async with sdk.AsyncAcme(access_token=TOKEN, base_url=server.url) as client:
            return await client.pins.upload_media(file=path)

    assert asyncio.run(main()) == {"id": "m2"}
    (received,) = server.requests(UPLOAD)
    assert b'filename="photo.png"' in received.body and b"\x89PNG-data" * 1000 in received.body


def test_sync_upload_reads_the_file_and_sends_it(sdk: ModuleType, server: FaultServer) -> None:
    server.script(UPLOAD, Reply(200, {"id": "m3"}))
    file = RecordingFile(b"\x00\x00\x00\x18ftypmp42")
    with sdk.Acme(access_token=TOKEN, base_url=server.url) as client:
        assert client.pins.upload_media(file=file) == {"id": "m3"}
    assert file.threads == [threading.get_ident()]
    assert b"ftypmp42" in server.requests(UPLOAD)[0].body
