"""spec/README.md documents what the spec holds: its operation table and its deviations."""

from __future__ import annotations

import re
from operator import itemgetter

from .specfiles import DATA, SPEC_ROOT, SpecTree, load_yaml

README = SPEC_ROOT.parent / "README.md"
ROW = re.compile(r"^\| `(?P<op_id>[a-z_.]+)` \| (?P<method>[A-Z]+) \| `(?P<path>[^`]+)` \| (?P<tag>[a-z_]+) \|$")


def test_operation_table_matches_the_spec(spec: SpecTree) -> None:
    rows = [m.groupdict() for m in map(ROW.match, README.read_text(encoding="utf-8").splitlines()) if m]
    described = [
        {"op_id": op.node["operationId"], "method": op.method.upper(), "path": op.path, "tag": op.node["tags"][0]}
        for op in spec.operations()
    ]
    assert sorted(rows, key=itemgetter("op_id")) == sorted(described, key=itemgetter("op_id"))


def test_every_listed_deviation_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [entry["id"] for entry in load_yaml(DATA / "spec-deviations.yaml") if f"`{entry['id']}`" not in text]
    assert not missing, missing
