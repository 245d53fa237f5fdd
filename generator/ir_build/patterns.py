"""A string that matches a `pattern`: for the example values of the generated tests.

The pattern is parsed with Python's own regular expression parser (ECMA patterns as
specs write them are, for the common constructs, Python ones) and a string is written
from the parse tree: literals as they are, the first member of a class, repeats as
often as they must be (more, when `minLength` asks for it), the first alternative.
The result is checked with `re.search` and the length bounds; `None` when no such
string was found.
"""

from __future__ import annotations

import re
import sys
from typing import Any

if sys.version_info >= (3, 11):  # pragma: no cover - the parser moved in 3.11
    from re import _parser as sre_parse
else:  # pragma: no cover
    import sre_parse

__all__ = ["matching"]

_EXTRA = (*range(17), 24, 32, 48, 64)
"""Extra repeats tried, in order, until the string is long enough."""
_CATEGORIES = {
    "CATEGORY_DIGIT": "1",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_WORD": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": "a",
}
_FALLBACKS = "aA1x_-.0 "
"""Characters tried for `.` and negated classes."""


def matching(pattern: str, low: int = 0, high: int | None = None) -> str | None:
    """A string `re.search(pattern, ...)` finds, of length in `[low, high]`, or `None`."""
    try:
        tree = sre_parse.parse(pattern)
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None
    for extra in _EXTRA:
        try:
            text = _write(tree, extra)
        except (_Unwritable, RecursionError):
            return None
        if len(text) < low:
            continue
        if high is not None and len(text) > high:
            return None
        return text if compiled.search(text) else None
    return None


class _Unwritable(Exception):
    """A construct this writer does not handle (a back reference, a lookaround)."""


def _write(tree: Any, extra: int) -> str:
    return "".join(_item(op, av, extra) for op, av in tree)


def _item(op: Any, av: Any, extra: int) -> str:
    name = str(op)
    if name == "LITERAL":
        return chr(av)
    if name == "NOT_LITERAL":
        return next(c for c in _FALLBACKS if ord(c) != av)
    if name == "ANY":
        return "a"
    if name == "IN":
        return _member(av)
    if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, body = av
        count = low + extra if high == sre_parse.MAXREPEAT else min(high, low + extra)
        return "".join(_write(body, extra) for _ in range(count))
    if name == "SUBPATTERN":
        return _write(av[-1], extra)
    if name == "ATOMIC_GROUP":
        return _write(av, extra)
    if name == "BRANCH":
        return _write(av[1][0], extra)
    if name == "AT":
        return ""
    if name == "CATEGORY":
        return _CATEGORIES.get(str(av), "a")
    raise _Unwritable(name)


def _member(items: Any) -> str:
    """The first character a class `[...]` allows."""
    if items and str(items[0][0]) == "NEGATE":
        for candidate in _FALLBACKS:
            if not _in(items[1:], candidate):
                return candidate
        raise _Unwritable("NEGATE")
    for op, av in items:
        name = str(op)
        if name == "LITERAL":
            return chr(av)
        if name == "RANGE":
            return chr(av[0])
        if name == "CATEGORY":
            return _CATEGORIES.get(str(av), "a")
    raise _Unwritable("IN")


def _in(items: Any, char: str) -> bool:
    for op, av in items:
        name = str(op)
        if name == "LITERAL" and chr(av) == char:
            return True
        if name == "RANGE" and av[0] <= ord(char) <= av[1]:
            return True
        if name == "CATEGORY" and _CATEGORIES.get(str(av)) == char:
            return True
        if name == "CATEGORY" and re.fullmatch(_CLASS.get(str(av), "(?!)"), char):
            return True
    return False


_CLASS = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
