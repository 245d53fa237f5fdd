"""A real HTTP server on loopback that answers in scripted ways, and records what it got.

Each test scripts the answers of a route (`method path`) in order; a request beyond
the script gets a 418 that no client retries, so an unexpected extra attempt fails the
test. Answers can be delayed (slower than a client's timeout), cut off with a TCP reset,
or carry any status, headers and body (JSON, broken JSON, HTML, megabytes), or stream a
chunked body that drips slowly or never ends.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

__all__ = ["FaultServer", "Received", "Reply", "running"]

BASE_PATH = "/v5"
"""The server's URLs start like Pinterest's (`https://api.pinterest.com/v5`)."""


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: object = None
    """JSON-encoded unless `bytes` (sent as is); `None`: no body."""
    headers: Mapping[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    delay: float = 0.0
    """Seconds to wait before answering."""
    reset: bool = False
    """Drop the connection with a TCP reset instead of answering."""
    chunks: Iterable[bytes] | None = None
    """Sent as a chunked body instead of `body` (endless when the iterable is)."""
    drip: float = 0.0
    """Seconds between two `chunks`."""
    head_drip: float = 0.0
    """Seconds between two bytes of the status line and headers (then `body` at once)."""


@dataclass(frozen=True)
class Received:
    """One request as it arrived."""

    method: str
    path: str
    """Without the `/v5` prefix or the query."""
    query: list[tuple[str, str]]
    raw_query: str
    headers: Mapping[str, str]
    body: bytes
    at: float
    """`time.monotonic()` on arrival."""

    def json(self) -> object:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.received: list[Received] = []
        self._scripts: dict[str, deque[Reply]] = defaultdict(deque)
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        """The base URL to give a client."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{BASE_PATH}"

    def script(self, route: str, *replies: Reply) -> None:
        """Answer the next requests to `route` (`"GET /pins/1"`) with `replies`, in order."""
        with self._lock:
            self._scripts[route].extend(replies)

    def requests(self, route: str) -> list[Received]:
        """The requests that reached `route`, in order."""
        method, _, path = route.partition(" ")
        with self._lock:
            return [r for r in self.received if r.method == method and r.path == path]

    def _next(self, received: Received) -> Reply:
        with self._lock:
            self.received.append(received)
            queue = self._scripts.get(f"{received.method} {received.path}")
            if queue:
                return queue.popleft()
        return Reply(418, {"code": 418, "message": f"unscripted {received.method} {received.path}"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # the tests read `received`
        pass

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        url = urlsplit(self.path)
        received = Received(
            method=self.command,
            path=url.path.removeprefix(BASE_PATH),
            query=parse_qsl(url.query, keep_blank_values=True),
            raw_query=url.query,
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
            at=time.monotonic(),
        )
        reply = self.server._next(received)
        if reply.delay:
            time.sleep(reply.delay)
        if reply.reset:
            # SO_LINGER with a zero timeout: close() sends RST, not FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if reply.chunks is not None:
            self._stream(reply)
            return
        if reply.head_drip:
            self._drip_head(reply)
            return
        payload = reply.body if isinstance(reply.body, bytes) else b"" if reply.body is None else json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            if payload:
                self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client gave up waiting (a timeout test): nobody to answer
            self.close_connection = True

    def _stream(self, reply: Reply) -> None:
        assert reply.chunks is not None
        self.close_connection = True
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Transfer-Encoding", "chunked")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            for chunk in reply.chunks:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                if reply.drip:
                    time.sleep(reply.drip)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client stopped reading (a limit, a deadline): done
            pass

    def _drip_head(self, reply: Reply) -> None:
        payload = reply.body if isinstance(reply.body, bytes) else json.dumps(reply.body).encode()
        fillers = "".join(f"X-Filler-{n}: {n}\r\n" for n in range(40))
        head = (
            f"HTTP/1.1 {reply.status} OK\r\n{fillers}Content-Type: {reply.content_type}\r\n"
            f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
        ).encode()
        self.close_connection = True
        try:
            for i in range(len(head)):
                self.wfile.write(head[i : i + 1])
                self.wfile.flush()
                time.sleep(reply.head_drip)
            self.wfile.write(payload)
        except OSError:  # the client gave up (its deadline)
            pass

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _answer


@contextmanager
def running() -> Iterator[FaultServer]:
    """A `FaultServer` serving on a thread until the block ends."""
    server = FaultServer()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
