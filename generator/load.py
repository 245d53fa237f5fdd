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

from .cache import Cache, digest, tool_version
from .errors import Problem, Severity
from .guard import DEFAULT_LIMITS, GuardError, Limits, check_string, depth_error, read_bytes, scan

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
                    self.data = _construct(node, self._lines, [], Limits())
            except (yaml.YAMLError, RecursionError, _ConstructError):
                pass
        return self._lines


def load_document(
    path: Path,
    display: str,
    limits: Limits = DEFAULT_LIMITS,
    *,
    lenient: bool = False,
    cache: Cache | None = None,
) -> Document:
    """Read and parse one file; problems (unreadable, beyond `limits`, syntax, duplicate
    keys: warnings when `lenient`) are kept on the document. With a `cache`, a YAML file
    read before, unchanged, is not parsed again (`_parsed`)."""
    document = Document(path=path, display=display, text="", data=None)
    try:
        document.text = read_bytes(path, limits).decode("utf-8-sig")
    except GuardError as exc:
        document.problems.append(Problem(exc.message, "", display))
        return document
    except UnicodeDecodeError as exc:
        document.problems.append(Problem(f"not UTF-8 text ({exc.reason})", "", display))
        return document
    if path.suffix.lower() == ".json":
        _parse_json(document, limits, lenient)
        return document
    key = digest("parsed", _PARSER, str(path), repr(limits)) if cache is not None else ""
    if cache is not None and _parsed(cache.get("parsed", key), document):
        return document
    _parse_yaml(document, limits, lenient)
    if cache is not None and not document.problems:
        try:
            entry = json.dumps([digest(document.text), document.data], ensure_ascii=False)
        except (TypeError, ValueError):  # beyond JSON (`!!binary`): parsed every time
            return document
        cache.put("parsed", key, entry)
    return document


_PARSER = digest(
    tool_version("pyyaml"),
    *(
        Path(__file__).with_name(module).read_text(encoding="utf-8")
        for module in ("load.py", "guard.py")
    ),
)
"""The data parsed from a text is only as good as the code that parsed it."""


def _parsed(stored: str | None, document: Document) -> bool:
    """Whether the cache entry `stored` holds the data of the document's text (as JSON:
    its lines are found again, by parsing, only when a problem needs one). Only a
    file read without any problem is kept, so there are none to give back."""
    try:
        entry = json.loads(stored) if stored is not None else None
    except ValueError:
        return False
    if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == digest(document.text)):
        return False
    document.data = entry[1]
    return True


def _parse_json(document: Document, limits: Limits, lenient: bool) -> None:
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        mapping = dict(items)
        if len(mapping) != len(items):
            seen: set[str] = set()
            duplicates.extend(k for k, _ in items if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        return mapping

    try:
        document.data = json.loads(document.text, object_pairs_hook=pairs)
        scan(document.data, limits)
    except json.JSONDecodeError as exc:
        document.problems.append(
            Problem(f"invalid JSON: {exc.msg}", "", document.display, exc.lineno)
        )
        return
    except RecursionError:
        document.problems.append(Problem("invalid JSON: nested too deeply", "", document.display))
        return
    except GuardError as exc:
        document.data = None
        document.problems.append(Problem(exc.message, exc.pointer, document.display, exc.line))
        return
    if duplicates:
        _duplicates_located(document, duplicates, lenient)


def _duplicates_located(document: Document, keys: list[str], lenient: bool) -> None:
    """Duplicate keys of a JSON document, with their lines when YAML can read it."""
    severity: Severity = "warning" if lenient else "error"
    found: list[tuple[str, int]] = []
    try:
        node = yaml.compose(document.text, Loader=_Loader)
        if node is not None:
            _construct(node, {}, found, Limits())
    except (yaml.YAMLError, RecursionError, _ConstructError, GuardError):
        found = []
    if not found:
        found = [(key, 0) for key in dict.fromkeys(keys)]
    for key, line in found:
        document.problems.append(
            Problem(_duplicate(key, lenient), "", document.display, line or None, severity)
        )


def _duplicate(key: str, lenient: bool) -> str:
    shown = key.encode("utf-8", "backslashreplace").decode()
    if lenient:
        return f"duplicate key {shown!r}: the last one is used"
    return (
        f"duplicate key {shown!r}: a mapping names each key once (--lenient: the last one is used)"
    )


def _parse_yaml(document: Document, limits: Limits, lenient: bool) -> None:
    lines: Lines = {}
    duplicates: list[tuple[str, int]] = []
    enabled = gc.isenabled()
    gc.disable()  # the composer allocates millions of objects and frees none of them
    try:
        node = yaml.compose(document.text, Loader=_Loader)
        document.data = None if node is None else _construct(node, lines, duplicates, limits)
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
    severity: Severity = "warning" if lenient else "error"
    for key, line in duplicates:
        document.problems.append(
            Problem(_duplicate(key, lenient), "", document.display, line, severity)
        )


class _ConstructError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _construct(
    node: Node, lines: Lines, duplicates: list[tuple[str, int]], limits: Limits
) -> object:
    """Plain Python data from a composed node, recording lines as it goes; raises
    `_ConstructError` beyond `limits` (depth, strings, nodes once aliases are expanded)."""
    memo: dict[int, object] = {}  # aliases share their object: no exponential blow-up
    sizes: dict[int, int] = {}  # the expanded size of each container node, once built

    def scalar(node: ScalarNode) -> object:
        if len(node.value) > limits.max_string:
            why = check_string(node.value, limits)
            raise _ConstructError(why or "", node.start_mark.line + 1)
        if node.tag == _STR:
            return node.value
        make = _SCALARS.get(node.tag)
        return node.value if make is None else make(node)

    def size(node: Node) -> int:
        if type(node) is ScalarNode:
            return 1
        found = sizes.get(id(node))
        if found is None:  # an alias to a container still being built: a cycle
            raise _ConstructError(
                "invalid YAML: an alias refers to a node that contains it (a cyclic document)",
                node.start_mark.line + 1,
            )
        return found

    def counted(node: Node, total: int) -> None:
        if total > limits.max_nodes:
            raise _ConstructError(
                f"more than {limits.max_nodes} nodes once YAML aliases are expanded: "
                "raise --max-nodes if it is genuine",
                node.start_mark.line + 1,
            )
        sizes[id(node)] = total

    def build(node: Node, depth: int) -> object:
        if type(node) is ScalarNode:
            return scalar(node)
        done = memo.get(id(node))
        if done is not None:
            size(node)
            return done
        if depth > limits.max_depth:
            raise _ConstructError(depth_error(limits), node.start_mark.line + 1)
        if type(node) is SequenceNode:
            items: list[object] = []
            memo[id(node)] = items
            items.extend(build(item, depth + 1) for item in node.value)
            lines[id(items)] = [item.start_mark.line + 1 for item in node.value]
            counted(node, 1 + sum(size(item) for item in node.value))
            return items
        if type(node) is not MappingNode:  # pragma: no cover - the composer makes no other
            raise _ConstructError("unsupported YAML node", node.start_mark.line + 1)
        mapping: dict[str, object] = {}
        table: dict[str, int] = {}
        merged: set[str] = set()  # keys from `<<: *base`, which explicit keys override
        memo[id(node)] = mapping
        lines[id(mapping)] = table
        total = 1
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE:
                for key, item in _merge_sources(build(value_node, depth + 1), line):
                    if key not in mapping:
                        mapping[key], table[key] = item, line
                        merged.add(key)
                total += size(value_node)
                continue
            if type(key_node) is not ScalarNode:
                raise _ConstructError("invalid YAML: a mapping key must be a scalar", line)
            key = key_node.value
            if len(key) > limits.max_string:
                raise _ConstructError(f"key: {check_string(key, limits)}", line)
            if key in mapping and key not in merged:
                duplicates.append((key, line))
            merged.discard(key)
            mapping[key] = build(value_node, depth + 1)
            table[key] = line
            total += 1 + size(value_node)
        counted(node, total)
        return mapping

    return build(node, 0)


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
