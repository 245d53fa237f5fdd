"""Our description agrees with Pinterest's 5.23.0, except for the listed deviations.

An operation that 5.23.0 no longer has (we keep it on purpose, as a listed deviation) is
compared with 5.18.0, the last release that describes it. Pinterest's descriptions are
vendored with their licence in `tests/data/pinterest-api-description/`, so these tests run
in every clone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest

from .parity import Difference, compare, operation_facts
from .specfiles import DATA, SPEC_ROOT, SpecTree, load_yaml

OFFICIAL = DATA / "pinterest-api-description" / "pinterest-openapi-5.23.0.yaml"
# the release that still describes the operations OFFICIAL dropped
PREVIOUS = DATA / "pinterest-api-description" / "pinterest-openapi-5.18.0.yaml"
DEVIATIONS = DATA / "spec-deviations.yaml"


def glob(pattern: str) -> re.Pattern[str]:
    """`*` matches anything; every other character stands for itself."""
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")) + r"\Z", re.DOTALL)


@dataclass(frozen=True)
class Deviation:
    id: str
    reason: str
    endpoints: tuple[re.Pattern[str], ...]
    where: tuple[re.Pattern[str], ...]

    def matches(self, difference: Difference) -> bool:
        return any(p.match(difference.endpoint) for p in self.endpoints) and any(
            p.match(difference.where) for p in self.where
        )


def _patterns(value: str | list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(glob(p) for p in ([value] if isinstance(value, str) else value))


def load_deviations() -> list[Deviation]:
    return [
        Deviation(entry["id"], entry["reason"], _patterns(entry["endpoints"]), _patterns(entry["where"]))
        for entry in load_yaml(DEVIATIONS)
    ]


@pytest.fixture(scope="module")
def official() -> SpecTree:
    return SpecTree(OFFICIAL)


@pytest.fixture(scope="module")
def previous() -> SpecTree:
    return SpecTree(PREVIOUS)


@cache
def differences(official: SpecTree, previous: SpecTree, ours: SpecTree) -> list[Difference]:
    """Differences from OFFICIAL; an operation OFFICIAL lacks is one difference ("operation"),
    and is then compared with PREVIOUS."""
    current = {op.key for op in official.operations()}
    dropped = frozenset(op.key for op in ours.operations() if op.key not in current)
    found = compare(official, ours, frozenset(op.key for op in ours.operations()) - dropped)
    found += [Difference(key, "operation", f"(absent from {OFFICIAL.stem})", "present") for key in sorted(dropped)]
    return found + compare(previous, ours, dropped)


def render(differences: list[Difference]) -> str:
    return "\n".join(
        f"{d.endpoint} | {d.where}\n    official: {d.official}\n    ours:     {d.ours}" for d in differences
    )


def test_deviation_entries_are_well_formed() -> None:
    entries = load_yaml(DEVIATIONS)
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert set(entry) == {"id", "reason", "endpoints", "where"}, entry["id"]
        assert entry["reason"].strip()


def test_every_difference_is_a_listed_deviation(official: SpecTree, previous: SpecTree, spec: SpecTree) -> None:
    deviations = load_deviations()
    unexplained = [d for d in differences(official, previous, spec) if not any(x.matches(d) for x in deviations)]
    assert not unexplained, "differences from Pinterest's description not in spec-deviations.yaml:\n" + render(
        unexplained
    )


def test_every_listed_deviation_still_exists(official: SpecTree, previous: SpecTree, spec: SpecTree) -> None:
    found = differences(official, previous, spec)
    stale = [x.id for x in load_deviations() if not any(x.matches(d) for d in found)]
    assert not stale, f"deviations that no longer differ (remove them): {stale}"


def test_every_operation_exists_in_pinterests_description(
    official: SpecTree, previous: SpecTree, spec: SpecTree
) -> None:
    theirs = {op.key for op in official.operations()} | {op.key for op in previous.operations()}
    assert [op.key for op in spec.operations() if op.key not in theirs] == []


def test_an_operation_pinterest_dropped_is_a_difference(official: SpecTree, previous: SpecTree, spec: SpecTree) -> None:
    """Operations missing from 5.23.0 are reported, then compared with 5.18.0."""
    current = {op.key for op in official.operations()}
    dropped = sorted(op.key for op in spec.operations() if op.key not in current)
    found = differences(official, previous, spec)
    assert [d.endpoint for d in found if d.where == "operation"] == dropped
    for key in dropped:  # compared with a real operation of 5.18.0, not with nothing
        assert not [d for d in found if d.endpoint == key and d.official == "(absent)" and d.where == "response codes"]


def test_the_comparison_sees_a_changed_field(official: SpecTree) -> None:
    """A field of ours that drifts from Pinterest's shows up as a difference."""
    ours = SpecTree(SPEC_ROOT)
    op = next(o for o in ours.operations() if o.key == "GET /pins/{pin_id}")
    facts = operation_facts(ours, op)
    theirs = operation_facts(official, next(o for o in official.operations() if o.key == op.key))
    assert facts["response 200 field board_id"] == theirs["response 200 field board_id"]
    pin = ours.doc(SPEC_ROOT.parent / "schemas" / "pins.yaml")["Pin"]
    saved = pin["properties"]["board_id"]
    try:
        pin["properties"]["board_id"] = {**saved, "type": "integer"}
        drifted = operation_facts(ours, op)
    finally:
        pin["properties"]["board_id"] = saved
    assert drifted["response 200 field board_id"] != theirs["response 200 field board_id"]
