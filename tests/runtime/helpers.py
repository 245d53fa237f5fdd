"""Helpers shared by the runtime tests."""

from __future__ import annotations

from collections.abc import Callable

import httpx

TOKEN = "tok-SECRET-4f9a1c"
"""The access token of test clients; tests assert it never leaks."""

Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A `MockTransport` handler that answers from a script and records requests.

    Each entry of `script` is a response, an exception to raise, or a function of
    the request; the last entry repeats once the script is used up.
    """

    def __init__(self, *script: httpx.Response | Exception | Handler) -> None:
        self.script = list(script)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        entry = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(entry, Exception):
            raise entry
        if isinstance(entry, httpx.Response):
            return httpx.Response(
                entry.status_code, headers=entry.headers, content=entry.content
            )
        return entry(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]


def json_response(status: int, body: object, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=body, headers=headers)


PIN = {"id": "1", "title": "A Pin"}
