"""Read spec files (YAML or JSON) and keep the line of every node.

YAML is parsed into events by libyaml (`CSafeLoader`, when PyYAML has it) and the data
is built here from the events, one at a time, recording the line of each mapping key
and list item in a side table keyed by the container's `id`. That is about three times
faster than `yaml.load`, gives every problem a line, and never holds the composer's
tree of nodes (30 times the size of the text). JSON is read with `json`; its lines are
worked out (by parsing it as YAML) only when a problem has to be located.

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
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

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
_RESOLVER = yaml.resolver.Resolver()
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

    def release(self) -> None:
        """Drop the parsed data and the line table (a large spec's are hundreds of MB):
        `line` parses the text again if a problem needs one later."""
        self.data = None
        self._lines = None

    def _line_table(self) -> Lines:
        if self._lines is None:
            self._lines = {}
            try:  # JSON is (nearly) YAML: compose it once, only now that a line is needed
                self.data = _construct(self.text, self._lines, [], Limits())
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
        _construct(document.text, {}, found, Limits())
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
        document.data = _construct(document.text, lines, duplicates, limits)
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


@dataclass(slots=True)
class _Open:
    """A mapping or list whose events are still being read."""

    value: dict[str, object] | list[object]
    table: dict[str, int] | list[int]
    """The line of each key or item."""
    line: int
    anchor: str | None
    total: int = 1
    """Its nodes once aliases are expanded, so far."""
    key: str | None = None
    """A mapping's key waiting for its value."""
    key_line: int = 0
    merging: bool = False
    """The key waiting is `<<`."""
    merged: set[str] = field(default_factory=set)
    """Keys from `<<: *base`, which explicit keys override."""

    def wants_key(self) -> bool:
        """Whether the next node is one of this mapping's keys."""
        return self.key is None and isinstance(self.value, dict)


def _construct(
    text: str, lines: Lines, duplicates: list[tuple[str, int]], limits: Limits
) -> object:
    """Plain Python data from YAML text, recording lines as it goes; raises
    `_ConstructError` beyond `limits` (depth, strings, nodes once aliases are expanded).

    Built from the parser's events, one at a time: the composer's tree of nodes (30
    times the size of the text, and left behind as fragmented memory once freed) is
    never made. The result is what composing and constructing would give."""
    anchors: dict[str, tuple[object, int | None, str | None]] = {}
    """anchor → (its object, its expanded size (`None` while open), a scalar's text)."""
    stack: list[_Open] = []
    result: object = None
    documents = 0
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark is not None else 0
        text_of: str | None = None  # a scalar's own text (mapping keys are that text)
        if isinstance(event, ScalarEvent):
            text_of, size, tag = event.value, 1, _tag(event)
            key = bool(stack) and stack[-1].wants_key()
            if len(text_of) > limits.max_string:
                why = check_string(text_of, limits) or ""
                raise _ConstructError(f"key: {why}" if key else why, line)
            # a key is its text; an anchored one may be used as a value too
            value = text_of if key and event.anchor is None else _scalar(text_of, tag)
            if event.anchor is not None:
                _anchor(anchors, event.anchor, (value, 1, text_of), line)
        elif isinstance(event, AliasEvent):
            found = anchors.get(event.anchor or "")
            if found is None:
                raise _ConstructError(f"invalid YAML: found undefined alias {event.anchor!r}", line)
            value, known, text_of = found
            if known is None:
                raise _ConstructError(
                    "invalid YAML: an alias refers to a node that contains it (a cyclic document)",
                    line,
                )
            size, tag = known, None
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if len(stack) > limits.max_depth:
                raise _ConstructError(depth_error(limits), line)
            mapping = isinstance(event, MappingStartEvent)
            opened = _Open({} if mapping else [], {} if mapping else [], line, event.anchor)
            lines[id(opened.value)] = opened.table
            if event.anchor is not None:
                _anchor(anchors, event.anchor, (opened.value, None, None), line)
            stack.append(opened)
            continue
        elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            closed = stack.pop()
            if closed.total > limits.max_nodes:
                raise _ConstructError(
                    f"more than {limits.max_nodes} nodes once YAML aliases are expanded: "
                    "raise --max-nodes if it is genuine",
                    closed.line,
                )
            if closed.anchor is not None:
                anchors[closed.anchor] = (closed.value, closed.total, None)
            value, size, tag, line = closed.value, closed.total, None, closed.line
        elif isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _ConstructError(
                    "invalid YAML: expected a single document in the stream but found another document",
                    line,
                )
            continue
        else:  # the stream's and documents' ends
            continue
        if not stack:
            result = value
        else:
            _add(stack[-1], value, size, line, tag, text_of, duplicates)
    return result


def _add(
    parent: _Open,
    value: object,
    size: int,
    line: int,
    tag: str | None,
    text: str | None,
    duplicates: list[tuple[str, int]],
) -> None:
    """Put a complete node into the open mapping or list `parent`."""
    mapping, table = parent.value, parent.table
    if isinstance(mapping, list) and isinstance(table, list):
        mapping.append(value)
        table.append(line)
        parent.total += size
        return
    assert isinstance(mapping, dict) and isinstance(table, dict)
    if parent.key is None:  # a key
        if text is None:
            raise _ConstructError("invalid YAML: a mapping key must be a scalar", line)
        parent.key, parent.key_line, parent.merging = text, line, tag == _MERGE
        return
    key, key_line, parent.key = parent.key, parent.key_line, None
    if parent.merging:
        for merged, item in _merge_sources(value, key_line):
            if merged not in mapping:
                mapping[merged], table[merged] = item, key_line
                parent.merged.add(merged)
        parent.total += size
        return
    if key in mapping and key not in parent.merged:
        duplicates.append((key, key_line))
    parent.merged.discard(key)
    mapping[key] = value
    table[key] = key_line
    parent.total += 1 + size


def _tag(event: ScalarEvent) -> str:
    """The scalar's tag, resolved as the composer would."""
    if event.tag is None or event.tag == "!":
        return str(_RESOLVER.resolve(ScalarNode, event.value, event.implicit))  # type: ignore[no-untyped-call]
    return str(event.tag)


def _scalar(text: str, tag: str) -> object:
    """A scalar's value: its text, or what its tag makes of it."""
    make = None if tag == _STR else _SCALARS.get(tag)
    return text if make is None else make(ScalarNode(tag, text))


def _anchor(
    anchors: dict[str, tuple[object, int | None, str | None]],
    name: str,
    entry: tuple[object, int | None, str | None],
    line: int,
) -> None:
    if name in anchors:
        raise _ConstructError(f"invalid YAML: found duplicate anchor {name!r}", line)
    anchors[name] = entry


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
