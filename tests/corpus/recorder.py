"""A pytest plugin loaded into a generated test suite run by the corpus runner.

It records every HTTP exchange each test makes (method, path, status, Prism's
`sl-violations` header and problem type) and appends each test's outcome and exchanges
as a JSON line to the file named by `CORPUS_EXCHANGES`, so the runner can tell why a test failed.
`CORPUS_PACKAGE` names the client package: its retries are switched off, so a Prism
error is answered at once and recorded once.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Generator
from typing import Any

import httpx
import pytest

_current: list[str] = [""]
_exchanges: dict[str, list[dict[str, Any]]] = {}
_outcomes: dict[str, dict[str, str]] = {}


def _record(request: httpx.Request, response: httpx.Response) -> None:
    entry: dict[str, Any] = {
        "method": request.method,
        "path": request.url.path,
        "status": response.status_code,
        "violations": [],
        "problem": "",
        "sent_type": request.headers.get("content-type", "").split(";")[0].strip().lower(),
        "sent_bytes": len(request.content) if isinstance(request.stream, httpx.ByteStream) else -1,
        "json_text": _json_text(response),
    }
    header = response.headers.get("sl-violations")
    cut = False
    if header:
        try:
            entry["violations"] = json.loads(header)
        except ValueError:  # "Too many violations! [..." cut short: the body has them whole
            entry["violations"] = [{"location": [], "code": "", "message": header}]
            cut = True
    if response.headers.get("content-type", "").startswith("application/problem+json"):
        try:
            body = json.loads(response.read())
        except ValueError:
            body = {}
        if isinstance(body, dict):
            entry["problem"] = f"{body.get('type', '')} {body.get('title', '')}".strip()
            if (not entry["violations"] or cut) and isinstance(body.get("validation"), list):
                entry["violations"] = body["validation"]
    _exchanges.setdefault(_current[0], []).append(entry)


_sync_send = httpx.Client.send
_async_send = httpx.AsyncClient.send


def _send(self: httpx.Client, request: httpx.Request, **kwargs: Any) -> httpx.Response:
    response = _sync_send(self, request, **kwargs)
    if not response.is_stream_consumed and _json_answer(response):
        response.read()
    _record(request, response)
    return response


def _json_answer(response: httpx.Response) -> bool:
    """A JSON success answer (read here to see what Prism sent; the client reads the copy)."""
    return response.status_code < 300 and response.headers.get("content-type", "").startswith(
        "application/json"
    )


def _json_text(response: httpx.Response) -> bool:
    """Whether the answer is a JSON string holding an object's or a list's JSON text: a
    spec example written as a string (`example: '{ "Name": ... }'`), which a schema
    without `type` lets through."""
    if not _json_answer(response) or not response.is_stream_consumed:
        return False
    try:
        value = json.loads(response.content)
        return isinstance(value, str) and isinstance(json.loads(value), (dict, list))
    except ValueError:
        return False


async def _asend(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
    response = await _async_send(self, request, **kwargs)
    if not response.is_stream_consumed and (
        response.headers.get("content-type", "").startswith("application/problem+json")
        or _json_answer(response)
    ):
        await response.aread()
    _record(request, response)
    return response


def pytest_configure(config: pytest.Config) -> None:
    httpx.Client.send = _send  # type: ignore[method-assign]
    httpx.AsyncClient.send = _asend  # type: ignore[method-assign]
    package = os.environ.get("CORPUS_PACKAGE")
    if package:
        base = importlib.import_module(f"{package}._base_client")
        base._BaseClient._delay_before_retry = lambda *args, **kwargs: None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, object, object]:
    _current[0] = item.nodeid
    try:
        return (yield)
    finally:
        _current[0] = ""


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """A test's outcome: failed if any phase failed (an error in setup counts too)."""
    if report.failed or report.nodeid not in _outcomes:
        _outcomes[report.nodeid] = {"outcome": report.outcome, "error": _crash(report)}


def pytest_collectreport(report: pytest.CollectReport) -> None:
    if report.failed:
        _write({"nodeid": report.nodeid or "<collection>", "outcome": "error", "error": _crash(report)})


def pytest_runtest_logfinish(nodeid: str, location: tuple[str, int | None, str]) -> None:
    """One JSON line per test as soon as it ends (a suite cut short keeps what ran)."""
    outcome = _outcomes.pop(nodeid, {"outcome": "error", "error": "no report"})
    _write({"nodeid": nodeid, **outcome, "exchanges": _exchanges.pop(nodeid, [])})


def _crash(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The exception line of a failure (`ValueError: ...`), or its text's last line."""
    if not report.failed:
        return ""
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    lines = str(report.longrepr).strip().splitlines()
    return lines[-1] if lines else ""


def _write(record: dict[str, Any]) -> None:
    target = os.environ.get("CORPUS_EXCHANGES")
    if target:
        with open(target, "a", encoding="utf-8") as sink:
            sink.write(json.dumps(record) + "\n")
