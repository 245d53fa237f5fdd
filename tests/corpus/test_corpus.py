"""The corpus runner: its failure classes on Prism's real answers, its table, and the
small vendor specs of `../shared/corpus/` run through it end to end (the whole corpus
is `make corpus`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from .classify import classify
from .report import write_results
from .runner import CORPUS, PRISM, SpecResult, run

FAST = ("01", "02", "03")
"""The small specs CI runs (a few seconds each to generate, type-check and test)."""


def outcome_of(outcome: str, error: str = "", *exchanges: dict[str, Any]) -> dict[str, Any]:
    return {"nodeid": "t", "outcome": outcome, "error": error, "exchanges": list(exchanges)}


def exchange(status: int, violations: list[dict[str, Any]] = [], problem: str = "") -> dict[str, Any]:
    return {"method": "POST", "path": "/things", "status": status, "violations": violations, "problem": problem}


def violation(location: list[str], code: str, message: str = "m") -> dict[str, Any]:
    return {"location": location, "severity": "Error", "code": code, "message": message}


def sent(record: dict[str, Any], media_type: str, size: int) -> dict[str, Any]:
    return {**record, "sent_type": media_type, "sent_bytes": size}


FORM = "application/x-www-form-urlencoded"
CUT = (
    'Too many violations! [{"location":["response","body","user"],"severity":"Error",'
    '"code":"required","message":"Response body property user must have required property \'id\'"},'
    '{"location":["response","body","links","0"],"severity":"Error","code":"pattern","mess'
)
PRISM_422 = "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY Invalid request"


def test_a_request_refused_only_for_a_property_the_spec_never_declares_is_the_specs() -> None:
    refused = exchange(422, [violation(["body"], "required", "Request body must have required property 'name'")])
    record = outcome_of("failed", "UnprocessableEntityError", refused)
    assert classify(record, undeclared={"name"}).kind == "d"
    assert classify(record, undeclared={"id"}).kind == "a"
    assert classify(record).kind == "a"


def test_a_body_refused_by_a_one_of_whose_members_overlap_is_the_specs() -> None:
    refused = exchange(422, [violation(["body"], "oneOf", "Request body must match exactly one schema in oneOf")])
    record = outcome_of("failed", "UnprocessableEntityError", refused)
    overlap = {"member 1 (Snapshot) extends member 0 (Action)"}
    verdict = classify(record, overlapping=overlap)
    assert verdict.kind == "d"
    assert "member 1 (Snapshot) extends member 0 (Action)" in verdict.note
    assert classify(record).kind == "a"
    other = exchange(422, [violation(["body"], "required", "Request body must have required property 'type'")])
    assert classify(outcome_of("failed", "UnprocessableEntityError", other), overlapping=overlap).kind == "a"


@pytest.mark.parametrize(
    ("record", "kind"),
    [
        (outcome_of("passed"), "passed"),
        (outcome_of("skipped"), "skipped"),
        # Prism's own 422 (problem+json, locations without "request"): a shape violation.
        (outcome_of("failed", "UnprocessableEntityError: 422", exchange(422, [violation(["body"], "required")], PRISM_422)), "a"),
        # The spec's own 400, violations in the sl-violations header.
        (outcome_of("failed", "BadRequestError", exchange(400, [violation(["request", "header"], "required")])), "a"),
        # Only a value's own constraint broken: the test's argument.
        (outcome_of("failed", "Unprocessable", exchange(422, [violation(["query", "code"], "pattern")], PRISM_422)), "c"),
        (outcome_of("failed", "AuthenticationError: 401", exchange(401, problem="https://stoplight.io/prism/errors#UNAUTHORIZED Invalid security scheme used")), "a"),
        (outcome_of("failed", "NotAcceptable", exchange(406, problem="https://stoplight.io/prism/errors#NOT_ACCEPTABLE x")), "a"),
        (outcome_of("failed", "TypeError: cannot send a Filter as a parameter value"), "a"),
        (outcome_of("failed", "APIConnectionError: Connection error: RemoteProtocolError. (GET /realtime)"), "d"),
        (outcome_of("failed", "pydantic_core.ValidationError: 1 validation error for Thing"), "c"),
        # Prism's answer breaks the spec (its example is wrong): Prism or the spec.
        (outcome_of("failed", "InternalServerError", exchange(500, [violation(["response", "body"], "type")], "x#VIOLATIONS y")), "d"),
        (outcome_of("failed", "APIResponseValidationError: 200 response does not fit", exchange(200)), "b"),
        (outcome_of("failed", "AssertionError: assert False", exchange(200)), "b"),
        (outcome_of("failed", "APIConnectionError: Connection error: ConnectError. (GET /go)", exchange(307)), "d"),
        (outcome_of("failed", "AssertionError: result: expected Folder, got str", {**exchange(200), "json_text": True}), "d"),
        (outcome_of("failed", "RuntimeError: boom", exchange(200)), "other"),
        # Prism cuts a long sl-violations header short: still read as the response's fault.
        (outcome_of("failed", "InternalServerError", exchange(500, [{"location": [], "code": "", "message": CUT}])), "d"),
        # Ways Prism 5 misreads a request the spec allows (each reproduced against it).
        (outcome_of("failed", "Unprocessable", exchange(422, [violation(["query", "ids"], "type", "Request query parameter ids must be array,null")])), "d"),
        (outcome_of("failed", "Unprocessable", sent(exchange(422, [violation(["body", "ids"], "type", "Request body property ids must be array")]), FORM, 9)), "d"),
        (outcome_of("failed", "Unprocessable", sent(exchange(422, [violation(["body", "ids"], "type", "Request body property ids must be array")]), "application/json", 9)), "a"),
        (outcome_of("failed", "Unprocessable", sent(exchange(422, [{"severity": "Error", "code": "required", "message": "Body parameter is required"}]), FORM, 0)), "d"),
        (outcome_of("failed", "Unprocessable", sent(exchange(422, [{"severity": "Error", "code": "required", "message": "Body parameter is required"}]), "", -1)), "a"),
    ],
)
def test_classify(record: dict[str, Any], kind: str) -> None:
    verdict = classify(record)
    assert verdict.kind == kind
    assert bool(verdict.note) == (kind not in ("passed", "skipped"))


def test_results_table_has_a_row_and_a_section_per_spec(tmp_path: Path) -> None:
    result = SpecResult("99-example")
    result.sdkgen.generated = "lenient"
    result.sdkgen.why = "spec.yaml:3: #/info: error: bad | worse"
    result.counts.update({"passed": 3, "d": 1})
    result.notes["d"] = Counter({"Prism's answer to GET /x breaks the spec": 1})
    write_results([result], tmp_path / "RESULTS.md", seconds=1.0)
    text = (tmp_path / "RESULTS.md").read_text()
    assert "| `99-example` | lenient |" in text and "| 3/4 | 0 | 0 | 0 | 1 | 0 |" in text
    assert "## 99-example" in text and "bad \\| worse" in text
    assert "- 1× Prism's answer to GET /x breaks the spec" in text


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SpecResult]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not there")
    if not PRISM.exists():
        pytest.skip("Prism is not installed: run `npm ci`")
    results = run(FAST, peer=False, jobs=2, work=tmp_path_factory.mktemp("corpus"))
    return {r.name[:2]: r for r in results}


@pytest.mark.parametrize("spec", FAST)
def test_small_vendor_spec_generates_imports_and_type_checks(fast: dict[str, SpecResult], spec: str) -> None:
    side = fast[spec].sdkgen
    assert side.generated in ("strict", "lenient"), side.why
    assert side.modules > 0 and side.import_failures == {}
    assert (side.mypy_package, side.mypy_tests) == ("0", "0")


@pytest.mark.parametrize("spec", FAST)
def test_small_vendor_spec_suite_is_correct_on_the_wire(fast: dict[str, SpecResult], spec: str) -> None:
    result = fast[spec]
    assert result.suite == "ran" and sum(result.counts.values()) > 0
    for kind in ("a", "b", "c", "other"):
        assert result.counts[kind] == 0, result.notes.get(kind)


def test_a_spec_that_only_needs_what_is_built_passes_whole(fast: dict[str, SpecResult]) -> None:
    result = fast["01"]
    assert result.counts["passed"] == sum(result.counts.values()) > 0, result.notes
