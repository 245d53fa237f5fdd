"""Read spec files (YAML or JSON) and keep the line of every node.

YAML is composed into nodes by libyaml (`CSafeLoader`, when PyYAML has it) and then
constructed here in one pass that also records the line of each mapping key and list
item, in a side table keyed by the container's `id`. That is about three times faster
than `yaml.load`, and gives every problem a line. JSON is read with `json`; its lines
are worked out (by composing it as YAML) only when a problem has to be located.

Scalars follow YAML 1.2's core rules (`on`, `yes` are text, not booleans); timestamps stay text (`example:
2024-01-01` is a string in OpenAPI) and mapping keys are always the key's text (`200:`
is the key `"200"`).
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

__all__ = [
    "Document",
    "Lines",
    "display_path",
    "escape_token",
    "load_document",
    "resolve_pointer",
    "split_pointer",
]

_Loader: type[yaml.SafeLoader | yaml.CSafeLoader]
try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

Lines = dict[int, dict[str, int] | list[int]]
"""`id(container)` → the 1-based line of each of its keys (mapping) or items (list)."""

_STR = "tag:yaml.org,2002:str"
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
"""YAML 1.2's booleans, as OpenAPI reads YAML: `on`, `yes`, `n` (1.1 booleans) stay text."""
_MERGE = "tag:yaml.org,2002:merge"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_SCALARS: dict[str, Callable[[ScalarNode], object]] = {
    "tag:yaml.org,2002:int": _CONSTRUCTOR.construct_yaml_int,
    "tag:yaml.org,2002:float": _CONSTRUCTOR.construct_yaml_float,
    "tag:yaml.org,2002:bool": lambda node: _BOOLS.get(node.value, node.value),
    "tag:yaml.org,2002:null": _CONSTRUCTOR.construct_yaml_null,
}


@dataclass(slots=True)
class Document:
    """One loaded file."""

    path: Path
    """Absolute, resolved: the key under which relative `$ref`s find it."""
    display: str
    """The path as shown in messages."""
    text: str
    data: object
    problems: list[Problem] = field(default_factory=list)
    _lines: Lines | None = None

    def line(self, pointer: str) -> int:
        """The line of the node at `pointer`, or of its nearest ancestor that exists
        (the whole document: line 1)."""
        lines = self._line_table()
        node, found = self.data, 1
        for token in split_pointer(pointer):
            table = lines.get(id(node))
            if isinstance(node, dict) and isinstance(table, dict) and token in node:
                found, node = table.get(token, found), node[token]
            elif isinstance(node, list) and isinstance(table, list) and token.isdigit():
                index = int(token)
                if index >= len(node):
                    break
                found, node = table[index], node[index]
            else:
                break
        return found

    def _line_table(self) -> Lines:
        if self._lines is None:
            self._lines = {}
            try:  # JSON is (nearly) YAML: compose it once, only now that a line is needed
                node = yaml.compose(self.text, Loader=_Loader)
                if node is not None:
                    self.data = _construct(node, self._lines, [])
            except (yaml.YAMLError, RecursionError):
                pass
        return self._lines


def load_document(path: Path, display: str) -> Document:
    """Read and parse one file; problems (unreadable, syntax) are kept on the document."""
    document = Document(path=path, display=display, text="", data=None)
    try:
        document.text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        document.problems.append(Problem(f"cannot read the file: {exc.strerror}", "", display))
        return document
    except UnicodeDecodeError as exc:
        document.problems.append(Problem(f"not UTF-8 text ({exc.reason})", "", display))
        return document
    if path.suffix.lower() == ".json":
        _parse_json(document)
    else:
        _parse_yaml(document)
    return document


def _parse_json(document: Document) -> None:
    try:
        document.data = json.loads(document.text)
    except json.JSONDecodeError as exc:
        document.problems.append(
            Problem(f"invalid JSON: {exc.msg}", "", document.display, exc.lineno)
        )
    except RecursionError:
        document.problems.append(Problem("invalid JSON: nested too deeply", "", document.display))


def _parse_yaml(document: Document) -> None:
    lines: Lines = {}
    warnings: list[tuple[str, int]] = []
    enabled = gc.isenabled()
    gc.disable()  # the composer allocates millions of objects and frees none of them
    try:
        node = yaml.compose(document.text, Loader=_Loader)
        document.data = None if node is None else _construct(node, lines, warnings)
        document._lines = lines
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(filter(None, [exc.context, exc.problem]))
        document.problems.append(Problem(f"invalid YAML: {message}", "", document.display, line))
    except yaml.YAMLError as exc:
        document.problems.append(Problem(f"invalid YAML: {exc}", "", document.display))
    except _ConstructError as exc:
        document.problems.append(Problem(exc.message, "", document.display, exc.line))
    except RecursionError:
        document.problems.append(Problem("invalid YAML: nested too deeply", "", document.display))
    finally:
        if enabled:
            gc.enable()
    for message, line in warnings:
        document.problems.append(Problem(message, "", document.display, line, "warning"))


class _ConstructError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _construct(node: Node, lines: Lines, warnings: list[tuple[str, int]]) -> object:
    """Plain Python data from a composed node, recording lines as it goes."""
    memo: dict[int, object] = {}  # aliases share their object: no exponential blow-up

    def build(node: Node) -> object:
        if type(node) is ScalarNode:
            if node.tag == _STR:
                return node.value
            scalar = _SCALARS.get(node.tag)
            return node.value if scalar is None else scalar(node)
        done = memo.get(id(node))
        if done is not None:
            return done
        if type(node) is SequenceNode:
            items: list[object] = []
            memo[id(node)] = items
            items.extend(build(item) for item in node.value)
            lines[id(items)] = [item.start_mark.line + 1 for item in node.value]
            return items
        if type(node) is not MappingNode:  # pragma: no cover - the composer makes no other
            raise _ConstructError("unsupported YAML node", node.start_mark.line + 1)
        mapping: dict[str, object] = {}
        table: dict[str, int] = {}
        merged: set[str] = set()  # keys from `<<: *base`, which explicit keys override
        memo[id(node)] = mapping
        lines[id(mapping)] = table
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                for key, item in _merge_sources(build(value_node), line):
                    if key not in mapping:
                        mapping[key], table[key] = item, line
                        merged.add(key)
                continue
            if type(key_node) is not ScalarNode:
                raise _ConstructError("invalid YAML: a mapping key must be a scalar", line)
            key = key_node.value
            if key in mapping and key not in merged:
                warnings.append((f"duplicate key {key!r}: the last one is used", line))
            merged.discard(key)
            mapping[key] = build(value_node)
            table[key] = line
        return mapping

    return build(node)


def _merge_sources(value: object, line: int) -> list[tuple[str, object]]:
    """The pairs a YAML merge key (`<<: *base` or `<<: [*a, *b]`) brings in, first wins."""
    sources = value if isinstance(value, list) else [value]
    pairs: list[tuple[str, object]] = []
    for source in sources:
        if not isinstance(source, dict):
            raise _ConstructError("invalid YAML: `<<` merges mappings only", line)
        pairs.extend(source.items())
    return pairs


def resolve_pointer(data: object, pointer: str, default: object = None) -> object:
    """The node at `pointer` inside `data`, or `default` when there is none."""
    node = data
    for token in split_pointer(pointer):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return default
    return node


def split_pointer(pointer: str) -> list[str]:
    """The unescaped tokens of a JSON pointer (`/a~1b/0` → `["a/b", "0"]`)."""
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def display_path(path: Path) -> str:
    """`path` relative to the working directory when it lies below it."""
    cwd = Path.cwd()
    return os.path.relpath(path, cwd) if path.is_relative_to(cwd) else str(path)
