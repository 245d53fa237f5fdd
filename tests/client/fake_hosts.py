"""A fake Pinterest API and a fake storage host: two real HTTP servers on loopback.

The API fake keeps just enough state for the three workflows (media upload → Pin,
asynchronous report, bulk request); the storage host plays S3: it takes the presigned
multipart upload and serves result files. Both record every request they get (method,
path, headers, body) so tests can assert what reached which host.
"""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

REPORT_CSV = "CAMPAIGN_ID,SPEND_IN_DOLLAR,TOTAL_IMPRESSION\n626736533506,12.5,1000\n626736533507,3.25,240\n"
BULK_RESULT = {"campaigns": [{"id": "626736533506", "status": "SUCCEEDED"}]}
UPLOAD_FIELDS = {"key": "uploads/5123", "policy": "cG9saWN5", "x-amz-signature": "sig", "Content-Type": "video/mp4"}


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class State:
    """What both fakes share: the storage host's address, uploads, and job progress."""

    storage_url: str = ""
    uploaded: dict[str, bytes] = field(default_factory=dict)
    """Storage key → file content."""
    upload_forms: list[list[tuple[str, str]]] = field(default_factory=list)
    """The form fields (name, value or filename) of each upload, in order."""
    polls: dict[str, int] = field(default_factory=dict)
    pins: list[dict[str, object]] = field(default_factory=list)
    api_requests: list[Seen] = field(default_factory=list)
    storage_requests: list[Seen] = field(default_factory=list)


def _handler(state: State, api: bool) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _seen(self) -> Seen:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            url = urlsplit(self.path)
            seen = Seen(self.command, url.path, parse_qs(url.query), {k.lower(): v for k, v in self.headers.items()}, body)
            (state.api_requests if api else state.storage_requests).append(seen)
            return seen

        def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _json(self, status: int, value: object) -> None:
            self._send(status, json.dumps(value).encode())

        def do_GET(self) -> None:
            seen = self._seen()
            if api:
                self._api_get(seen)
            elif seen.path == "/results/report.csv":
                self._send(200, REPORT_CSV.encode(), "text/csv")
            elif seen.path == "/results/bulk.json":
                self._json(200, BULK_RESULT)
            else:
                self._send(404, b"<Error>NoSuchKey</Error>", "application/xml")

        def do_POST(self) -> None:
            seen = self._seen()
            if api:
                self._api_post(seen)
            else:
                self._storage_post(seen)

        def _api_get(self, seen: Seen) -> None:
            parts = seen.path.split("/")
            if seen.path.startswith("/v5/media/"):
                media_id = parts[-1]
                key = f"media:{media_id}"
                if media_id not in state.uploaded:
                    status = "registered"
                else:
                    state.polls[key] = state.polls.get(key, 0) + 1
                    status = "processing" if state.polls[key] < 2 else "succeeded"
                self._json(200, {"media_id": media_id, "media_type": "video", "status": status})
            elif seen.path.endswith("/reports"):
                token = seen.query["token"][0]
                state.polls[token] = state.polls.get(token, 0) + 1
                if state.polls[token] < 3:
                    self._json(200, {"report_status": "IN_PROGRESS", "url": None, "size": None})
                else:
                    url = f"{state.storage_url}/results/report.csv?X-Amz-Signature=abc"
                    self._json(200, {"report_status": "FINISHED", "url": url, "size": len(REPORT_CSV)})
            elif "/bulk/" in seen.path:
                request_id = parts[-1]
                state.polls[request_id] = state.polls.get(request_id, 0) + 1
                if state.polls[request_id] < 2:
                    self._json(200, {"status": "RUNNING"})
                else:
                    self._json(200, {"status": "SUCCEEDED", "result_url": f"{state.storage_url}/results/bulk.json"})
            else:
                self._json(404, {"code": 404, "message": "not found"})

        def _api_post(self, seen: Seen) -> None:
            body = json.loads(seen.body or b"{}")
            if seen.path == "/v5/media":
                media_id = str(5123456789012345678 + len(state.upload_forms))
                self._json(
                    201,
                    {
                        "media_id": media_id,
                        "media_type": body["media_type"],
                        "upload_url": f"{state.storage_url}/upload",
                        "upload_parameters": {**UPLOAD_FIELDS, "key": f"uploads/{media_id}"},
                    },
                )
            elif seen.path == "/v5/pins":
                source = body["media_source"]
                media_id = source.get("media_id")
                if source.get("source_type") != "video_id" or state.polls.get(f"media:{media_id}", 0) < 2:
                    self._json(400, {"code": 1, "message": "media is not ready"})
                    return
                pin = {"id": str(900 + len(state.pins)), "board_id": body["board_id"], "title": body.get("title")}
                state.pins.append({**pin, "media_id": media_id})
                self._json(201, pin)
            elif seen.path.endswith("/reports"):
                self._json(200, {"report_status": "IN_PROGRESS", "token": f"token-{len(state.polls)}", "message": None})
            elif seen.path.endswith(("/bulk/upsert", "/bulk/download")):
                self._json(200, {"request_id": f"bulk-{len(state.polls)}"})
            else:
                self._json(404, {"code": 404, "message": "not found"})

        def _storage_post(self, seen: Seen) -> None:
            if seen.path != "/upload" or "content-length" not in seen.headers:
                self._send(411, b"<Error>MissingContentLength</Error>", "application/xml")
                return
            head = f"Content-Type: {seen.headers['content-type']}\r\n\r\n".encode()
            message = email.message_from_bytes(head + seen.body, policy=email.policy.HTTP)
            form: list[tuple[str, str]] = []
            content = b""
            for part in message.iter_parts():  # type: ignore[attr-defined]
                name = part.get_param("name", header="content-disposition")
                filename = part.get_param("filename", header="content-disposition")
                payload = part.get_payload(decode=True)
                form.append((name, filename or payload.decode()))
                if filename:
                    content = payload
            state.upload_forms.append(form)
            fields = dict(form)
            if form[-1][0] != "file" or fields.get("x-amz-signature") != "sig":
                self._send(403, b"<Error>AccessDenied</Error>", "application/xml")
                return
            state.uploaded[fields["key"].removeprefix("uploads/")] = content
            self._send(204, b"")

    return Handler


@contextmanager
def fake_hosts() -> Iterator[tuple[str, State]]:
    """`(API base URL, state)`; the storage host's URL is `state.storage_url`."""
    state = State()
    api = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, api=True))
    storage = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, api=False))
    state.storage_url = f"http://127.0.0.1:{storage.server_address[1]}"
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True) for s in (api, storage)]
    for thread in threads:
        thread.start()
    try:
        yield f"http://127.0.0.1:{api.server_address[1]}/v5", state
    finally:
        for server in (api, storage):
            server.shutdown()
            server.server_close()
