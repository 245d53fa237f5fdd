"""`generator/load.py`: YAML read from the parser's events, each node located."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.guard import Limits
from generator.load import Document, load_document


def loaded(tmp_path: Path, text: str) -> Document:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return load_document(path, "spec.yaml")


def test_no_tree_of_nodes_is_composed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The composer's nodes take 30 times the text's size: the data is built from events."""

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("composed")

    monkeypatch.setattr(yaml, "compose", refused)
    monkeypatch.setattr(yaml.CSafeLoader, "get_single_node", refused)
    document = loaded(tmp_path, "base: &b {x: 1}\nchild: {<<: *b, y: [1, *b]}\n")
    assert document.problems == []
    assert document.data == {"base": {"x": 1}, "child": {"x": 1, "y": [1, {"x": 1}]}}


def test_an_alias_is_located_where_it_is_used(tmp_path: Path) -> None:
    document = loaded(tmp_path, "name: &n key\nitems:\n  - &i {a: 1}\n  - *i\n*n : value\n")
    assert document.data == {"name": "key", "items": [{"a": 1}, {"a": 1}], "key": "value"}
    assert document.line("/items/1") == 4
    assert document.line("/key") == 5


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("a: &x 1\nb: &x 2\n", "invalid YAML: found duplicate anchor 'x'", 2),
        ("a: 1\nb: *nope\n", "invalid YAML: found undefined alias 'nope'", 2),
        ("a: 1\n---\nb: 2\n", "invalid YAML: expected a single document in the stream but found another document", 2),
        ("a: &a [1, *a]\n", "invalid YAML: an alias refers to a node that contains it (a cyclic document)", 1),
        ("? {x: 1}\n: value\n", "invalid YAML: a mapping key must be a scalar", 1),
        ("a:\n  <<: [1, 2]\n", "invalid YAML: `<<` merges mappings only", 2),
    ],
)
def test_broken_yaml_is_located(tmp_path: Path, text: str, message: str, line: int) -> None:
    [problem] = loaded(tmp_path, text).problems
    assert (problem.message, problem.line) == (message, line)


def test_a_string_beyond_the_bound_is_located_and_a_key_said_to_be_one(tmp_path: Path) -> None:
    path = tmp_path / "spec.yaml"
    limits = Limits(max_string=10)
    path.write_text("a: short\nb: a value far too long\n")
    [problem] = load_document(path, "spec.yaml", limits).problems
    assert problem.line == 2 and problem.message.startswith("a string longer than 10 characters")
    path.write_text("a: short\na key far too long: 1\n")
    [problem] = load_document(path, "spec.yaml", limits).problems
    assert problem.line == 2 and problem.message.startswith("key: a string longer than 10")
    path.write_text("a: &k 200\nb: *k\n")  # an anchored scalar keeps its value when used as one
    assert load_document(path, "spec.yaml").data == {"a": 200, "b": 200}
    path.write_text("? &k 200\n: x\nb: *k\n")
    assert load_document(path, "spec.yaml").data == {"200": "x", "b": 200}
