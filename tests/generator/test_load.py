"""`generator/load.py`: YAML read from the parser's events, each node located."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

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
