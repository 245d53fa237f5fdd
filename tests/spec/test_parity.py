"""Our description agrees with Pinterest's 5.18.0, except for the listed deviations.

Pinterest's description is vendored with its licence in
`tests/data/pinterest-api-description/`, so these tests run in every clone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest

from .parity import Difference, compare, operation_facts
from .specfiles import DATA, SPEC_ROOT, SpecTree, load_yaml

OFFICIAL = DATA / "pinterest-api-description" / "pinterest-openapi-5.18.0.yaml"
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


@cache
def differences(official: SpecTree, ours: SpecTree) -> list[Difference]:
    return compare(official, ours)


def render(differences: list[Difference]) -> str:
    return "\n".join(f"{d.endpoint} | {d.where}\n    official: {d.official}\n    ours:     {d.ours}" for d in differences)


def test_deviation_entries_are_well_formed() -> None:
    entries = load_yaml(DEVIATIONS)
    ids = [entry["id"] for entry in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        assert set(entry) == {"id", "reason", "endpoints", "where"}, entry["id"]
        assert entry["reason"].strip()


def test_every_difference_is_a_listed_deviation(official: SpecTree, spec: SpecTree) -> None:
    deviations = load_deviations()
    unexplained = [d for d in differences(official, spec) if not any(x.matches(d) for x in deviations)]
    assert not unexplained, "differences from Pinterest's description not in spec-deviations.yaml:\n" + render(
        unexplained
    )


def test_every_listed_deviation_still_exists(official: SpecTree, spec: SpecTree) -> None:
    found = differences(official, spec)
    stale = [x.id for x in load_deviations() if not any(x.matches(d) for d in found)]
    assert not stale, f"deviations that no longer differ (remove them): {stale}"


def test_every_operation_exists_in_pinterests_description(official: SpecTree, spec: SpecTree) -> None:
    theirs = {op.key for op in official.operations()}
    assert [op.key for op in spec.operations() if op.key not in theirs] == []


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
