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


def test_the_seed_deviation_table_is_written_once(spec: SpecTree) -> None:
    """The table lives in `info.x-sdk-docs` (rendered into the docs); the README links to it."""
    pages = {page["title"]: page["body"] for page in spec.doc(spec.root)["info"]["x-sdk-docs"]}
    table_rows = [line for line in pages["Deviations from the seed list"].splitlines() if line.startswith("| `")]
    assert table_rows, "the seed deviation page has lost its table"
    readme = README.read_text(encoding="utf-8")
    assert not [row for row in table_rows if row.split("|")[1].strip() in readme]
    assert "generated/docs/deviations_from_the_seed_list.md" in readme


def test_endpoint_counts_in_prose_follow_the_seed_list(spec: SpecTree) -> None:
    """The count of endpoints written in the READMEs and in `info.description` is the seed
    list's (spec/README.md, "Add an endpoint", step 4 says where to change it)."""
    from .seed import seed_endpoints

    count = re.compile(r"\b(\d+)\s+(?:Pinterest\s+API\s+v5\s+)?(?:endpoints|operations)\b")
    texts = {
        "spec/README.md": README.read_text(encoding="utf-8"),
        "README.md": (SPEC_ROOT.parents[1] / "README.md").read_text(encoding="utf-8"),
        "spec/openapi.yaml#/info/description": spec.doc(spec.root)["info"]["description"],
    }
    stated = {(where, int(n)) for where, text in texts.items() for n in count.findall(text)}
    assert {where for where, _ in stated} == set(texts), "a count disappeared: update this test"
    assert {(where, n) for where, n in stated if n != len(seed_endpoints())} == set()
