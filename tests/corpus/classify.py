"""Why a generated test failed against Prism: the four classes of issue 11.

* **a**: the client sent a request the spec forbids (Prism answered with request
  violations, a security failure, or no route/method/media type matched), or could
  not send a call at all (`TypeError`/`ValueError` before any request);
* **b**: the client rejected a response the spec allows (Prism validated its answer,
  the client failed to parse or type-check it);
* **c**: the generated test built an invalid argument (the only request violations are
  of a value's constraints: pattern, format, bounds, enum; or the test failed building
  its arguments before any request);
* **d**: Prism or the spec's own example is at fault (Prism's answer breaks the spec,
  or Prism could not answer, e.g. a websocket endpoint); each with a one-line explanation.

Anything else is `other`, with its error line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VALUE_CODES = frozenset(
    {
        "pattern",
        "format",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "enum",
        "const",
        "minItems",
        "maxItems",
        "uniqueItems",
        "multipleOf",
        "minProperties",
        "maxProperties",
    }
)
"""Violation codes of a value's own constraints: the argument was wrong, not the request's shape."""

ROUTING = {
    401: "sent no credentials the operation accepts",
    404: "no path of the spec matched",
    405: "no method of the path matched",
    406: "the Accept header matches no declared response media type",
    415: "the Content-Type matches no declared request media type",
}
"""Prism's own answers to a request it could not route or authorise (`problem+json`)."""

CLASSES = ("a", "b", "c", "d", "other")

TOO_MANY = "Too many violations! "
_REQUIRED = re.compile(r"must have required property '([^']+)'$")
_CUT_VIOLATION = re.compile(
    r'\{"location":\[((?:"[^"]*",?)*)\],"severity":"[^"]*","code":"([^"]*)","message":"((?:[^"\\]|\\.)*)"'
)


@dataclass(frozen=True, slots=True)
class Verdict:
    kind: str
    """`passed`, `skipped`, or one of `CLASSES`."""
    note: str = ""
    """One line: what went wrong, for failures."""


def classify(
    test: Mapping[str, Any], undeclared: Collection[str] = (), overlapping: Collection[str] = ()
) -> Verdict:
    """The verdict on one test: its outcome, error line and recorded exchanges.
    `undeclared`: properties the spec requires but never declares (sdkgen warns of
    each); a request refused only for lacking those is the spec's fault. `overlapping`:
    the spec's `oneOf` members that extend another member (sdkgen warns of each), which
    no value can meet exactly once; a body refused only by a `oneOf` is then the spec's."""
    if test["outcome"] == "passed":
        return Verdict("passed")
    if test["outcome"] == "skipped":
        return Verdict("skipped")
    exchanges: Sequence[Mapping[str, Any]] = test.get("exchanges", [])
    error = _error_line(str(test.get("error") or ""))
    for exchange in exchanges:
        found = _from_exchange(exchange, undeclared, overlapping)
        if found is not None:
            return found
    if not exchanges:
        if "ValidationError" in error:
            return Verdict("c", f"the test's argument does not validate: {error}")
        if "RemoteProtocolError" in error:
            return Verdict("d", f"Prism's answer is no HTTP response the client can read: {error}")
        if error.startswith(("TypeError", "ValueError")):
            return Verdict("a", f"the client could not send the call: {error}")
        return Verdict("other", error or "failed before sending a request")
    last = exchanges[-1]
    if 300 <= int(last["status"]) < 400 and "ConnectError" in error:
        return Verdict(
            "d",
            f"Prism answered {last['method']} {last['path']} with the spec's {last['status']}"
            " redirect, whose example Location (off the loopback) the client then follows",
        )
    if "ValidationError" in error or "AssertionError" in error or "assert" in error:
        if last.get("json_text"):
            return Verdict(
                "d",
                f"the spec's example for {last['method']} {last['path']} ({last['status']}) is"
                " an object's JSON written as a string (its schema has no `type`, so Prism"
                " serves it)",
            )
        return Verdict("b", f"{last['method']} {last['path']} ({last['status']}): {error}")
    return Verdict("other", error)


def _from_exchange(
    exchange: Mapping[str, Any], undeclared: Collection[str], overlapping: Collection[str]
) -> Verdict | None:
    where = f"{exchange['method']} {exchange['path']}"
    violations = [
        found for v in exchange.get("violations") or [] for found in _uncut(v)
    ]
    request = [v for v in violations if list(v.get("location", []))[:1] != ["response"]]
    if request:
        fault = _prism_misread(exchange, request)
        if fault:
            return Verdict("d", f"{where}: {fault}")
        missing = {_REQUIRED.search(str(v.get("message", ""))) for v in request}
        names = sorted({m.group(1) for m in missing if m is not None})
        if None not in missing and names and set(names) <= set(undeclared):
            listed = ", ".join(repr(n) for n in names)
            return Verdict("d", f"{where}: the spec requires {listed}, which no schema declares")
        if overlapping and all(
            str(v.get("message", "")).endswith("must match exactly one schema in oneOf")
            for v in request
        ):
            listed = "; ".join(sorted(overlapping))
            return Verdict(
                "d", f"{where}: a `oneOf` of the spec no value meets exactly once ({listed})"
            )
        shape = [v for v in request if v.get("code") not in VALUE_CODES]
        kind = "a" if shape else "c"
        return Verdict(kind, f"{where}: {_violation((shape or request)[0])}")
    response = [v for v in violations if list(v.get("location", []))[:1] == ["response"]]
    if response:
        return Verdict("d", f"Prism's answer to {where} breaks the spec: {_violation(response[0])}")
    status = int(exchange["status"])
    problem = str(exchange.get("problem", ""))
    if status in ROUTING and problem:
        return Verdict("a", f"{where}: {ROUTING[status]} ({status}, {_problem(problem)})")
    if status >= 500 and problem:
        return Verdict("d", f"Prism could not answer {where}: {status} {_problem(problem)}")
    if status >= 400:
        return Verdict("d", f"Prism answered {where} with the spec's own {status} response")
    return None


def _prism_misread(exchange: Mapping[str, Any], request: Sequence[Mapping[str, Any]]) -> str:
    """Why Prism refused a request the spec allows, when every violation is one of the
    ways Prism 5 misreads what it was sent (each reproduced against it by hand); else ""."""
    form = exchange.get("sent_type") == "application/x-www-form-urlencoded"
    reasons = set()
    for violation in request:
        where = [str(part) for part in violation.get("location", []) if part != "request"]
        message = str(violation.get("message", ""))
        if violation.get("code") == "type" and where[:1] == ["query"] and message.endswith(
            "must be array,null"
        ):
            reasons.add("Prism reads one value of a nullable array query parameter (`n=a`) as a string")
        elif violation.get("code") == "type" and where[:1] == ["body"] and form and (
            message.endswith(("must be array", "must be array,null"))
        ):
            reasons.add("Prism reads no form-encoded array (`n=a&n=b`, OpenAPI's default) as an array")
        elif message == "Body parameter is required" and form and exchange.get("sent_bytes") == 0:
            reasons.add("Prism takes an empty form body (no field given) for no body")
        else:
            return ""
    return "; ".join(sorted(reasons))


def _uncut(violation: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The violations in Prism's `Too many violations! [...]` header, which it cuts short
    (unreadable JSON): each with its location and code as far as they can be read."""
    message = str(violation.get("message", ""))
    if violation.get("location") or not message.startswith(TOO_MANY):
        return [violation]
    found: list[Mapping[str, Any]] = [
        {
            "location": json.loads(f"[{match.group(1)}]"),
            "code": match.group(2),
            "message": match.group(3),
        }
        for match in _CUT_VIOLATION.finditer(message)
    ]
    return found or [violation]


def _error_line(error: str) -> str:
    """The first lines of an error message on one line (pydantic's name the field)."""
    lines = [line.strip() for line in error.strip().splitlines() if line.strip()]
    return " / ".join(lines[:3])[:400]


def _violation(violation: Mapping[str, Any]) -> str:
    location = ".".join(str(part) for part in violation.get("location", []))
    return f"{location}: {violation.get('message', '')}".strip()


def _problem(problem: str) -> str:
    """`https://stoplight.io/prism/errors#UNAUTHORIZED Invalid ...` → `UNAUTHORIZED`."""
    return problem.split("#", 1)[-1].split(" ", 1)[0] if "#" in problem else problem
