"""Split long rendered lines the way black would, before black sees them.

black formats a file twice whenever its first pass changes it (the second pass is how
it reaches a fixed point), so rendered text that is already black-clean costs half as
much to format. Templates write each statement on one line; here the lines longer than
black's 88 columns are split at their brackets as black splits them: a `def` or `class`
at its first bracket, anything else at its last, the contents on one line when they
fit and one item per line (with a trailing comma) when not, recursively; a long
`from … import …` becomes a parenthesized list.

This is only a speed measure: black still formats every file and has the last word.
Where a guess here is wrong, or a line has a shape left alone (comments, strings that
span lines, annotations black parenthesizes), black corrects it at the cost of that
second pass, so the output is always exactly black's.
"""

from __future__ import annotations

import re

__all__ = ["split_long_lines"]

_WIDTH = 88
_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(")]}")
_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""")
_TOKEN = re.compile(r"""\"\"\"|'''|""" + _STRING.pattern + r"""|["'#()\[\]{}|,]""")
"""Triple quotes, one-line string literals, and the characters that matter outside them."""
_UNREAD = frozenset({'"""', "'''", '"', "'", "#"})
"""A string that spans lines, an unclosed quote, a comment: left to black."""


def split_long_lines(text: str, *, stub: bool) -> str:
    """`text` with every long one-line statement split black's way."""
    if not any(len(line) > _WIDTH for line in text.split("\n")):
        return text
    # Outside a `from __future__` file, black will not add a trailing comma after `*`.
    star_comma = not stub or "from __future__ import" in text
    out: list[str] = []
    docstring_indent: str | None = None  # inside a docstring that spans lines
    for line in text.split("\n"):
        quotes = line.count('"""')
        if docstring_indent is not None:
            if quotes % 2 == 1:
                if len(line) > _WIDTH and line.endswith('"""'):  # the quotes go below
                    out.extend([line[:-3].rstrip(), docstring_indent + '"""'])
                    docstring_indent = None
                    continue
                docstring_indent = None
        elif quotes % 2 == 1:
            docstring_indent = line[: len(line) - len(line.lstrip(" "))]
        elif not quotes and len(line) > _WIDTH:
            content = line.lstrip(" ")
            split = _split(content, len(line) - len(content), star_comma)
            if split is not None:
                out.extend(split)
                continue
        out.append(line)
    return "\n".join(out)


def _split(
    content: str,
    indent: int,
    star_comma: bool,
    *,
    nested: bool = False,
    param: bool = False,
    comma: bool = False,
) -> list[str] | None:
    """`content` at `indent` as black lays it out, or `None` for a shape left to black
    (`nested`: inside brackets; `param`: a parameter of a `def`; `comma`: a comma
    will follow)."""
    pad = " " * indent
    if indent + len(content) + comma <= _WIDTH:
        return [pad + content]
    pairs = _pairs(content)
    if pairs is None:
        return None
    if content.startswith("from ") and " import " in content and not pairs:
        head, _, names = content.partition(" import ")
        return [
            f"{pad}{head} import (",
            *(f"{pad}    {name.strip()}," for name in names.split(",")),
            f"{pad})",
        ]
    annotated = _annotated(content, pairs)
    if annotated is not None:  # `name: Annotation = value`, the value without brackets
        name, annotation, value = annotated
        head = f"{name}: {annotation} = ("
        if value and not param and indent + len(head) <= _WIDTH:
            return [pad + head, f"{pad}    {value}", f"{pad})"]
        if (
            len(_top_level(annotation, 0, _pairs(annotation) or {}, "|")) > 1
        ):  # a union goes in parentheses
            inner = _split_expression(annotation, indent + 4, star_comma)
            end = f"{pad}) = {value}" if value else f"{pad})"
            return None if inner is None else [f"{pad}{name}: (", *inner, end]
        if value:
            return None
    if nested and len(_top_level(content, 0, pairs, "|")) > 1:
        return _split_expression(content, indent, star_comma, comma=comma)
    if not pairs:
        return [pad + content] if nested else None  # too long, but nothing to split at
    if content.startswith(("def ", "async def ", "class ")):
        opening = min(pairs)
    else:
        closing = len(content) - 1
        if content[closing] not in _CLOSING:
            return None
        opening = next(o for o, c in pairs.items() if c == closing)
    closing = pairs[opening]
    head, body, tail = content[: opening + 1], content[opening + 1 : closing], content[closing:]
    if not body or indent + len(head) > _WIDTH or indent + len(tail) > _WIDTH:
        return None
    items = _top_level(body, opening + 1, pairs, ",")
    defined = content.startswith(("def ", "async def "))
    # A collection display (not a call or subscript) with commas is always exploded.
    display = len(items) > 1 and (opening == 0 or content[opening - 1] in " =([{,:")
    if indent + 4 + len(body) <= _WIDTH and not display and not (defined and len(items) == 1):
        return [pad + head, f"{pad}    {body}", pad + tail]
    if len(items) == 1 and not defined:
        inner = _split(body, indent + 4, star_comma, nested=True)  # `list[Literal[...]]`
        return None if inner is None else [pad + head, *inner, pad + tail]
    comma = star_comma or not any(item.startswith("*") for item in items)
    lines = [pad + head]
    for number, item in enumerate(items, 1):
        follows = number < len(items) or comma
        split = _split(item, indent + 4, star_comma, nested=True, param=defined, comma=follows)
        if split is None:
            return None
        if follows:
            split[-1] += ","
        lines.extend(split)
    return [*lines, pad + tail]


def _split_expression(
    expression: str, indent: int, star_comma: bool, *, comma: bool = False
) -> list[str] | None:
    """An expression inside brackets: on one line, else at its top-level `|`s, else at
    its brackets."""
    pairs = _pairs(expression)
    if pairs is None:
        return None
    operands = _top_level(expression, 0, pairs, "|")
    if indent + len(expression) + comma <= _WIDTH or len(operands) == 1:
        return _split(expression, indent, star_comma, comma=comma)
    lines: list[str] = []
    for number, operand in enumerate(operands):
        last = number == len(operands) - 1
        split = _split(
            operand if number == 0 else f"| {operand}", indent, star_comma, comma=comma and last
        )
        if split is None:
            return None
        lines.extend(split)
    return lines


def _annotated(content: str, pairs: dict[int, int]) -> tuple[str, str, str] | None:
    """`(name, annotation, value)` of `name: annotation = value` whose value has no
    brackets (`None`, a name, a literal), or of `name: annotation` (value `""`), else
    `None`."""
    name, colon, rest = content.partition(": ")
    annotation, equals, value = rest.rpartition(" = ")
    if not equals:
        annotation, value = rest, ""
    if not (colon and name.isidentifier() and annotation) or any(
        o > len(content) - len(value) for o in pairs
    ):
        return None
    literal = _STRING.fullmatch(value) is not None
    if not literal and any(char in value for char in "()[]{},'\""):
        return None
    return name, annotation, value


def _pairs(content: str) -> dict[int, int] | None:
    """Opening bracket index → closing bracket index, outside string literals; `None`
    when the line holds something this module does not read (a comment, a string that
    spans lines, an unclosed bracket or string)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for match in _TOKEN.finditer(content):
        token = match.group()
        if token in _OPENING:
            stack.append(match.start())
        elif token in _CLOSING:
            if not stack or _OPENING[content[stack[-1]]] != token:
                return None
            pairs[stack.pop()] = match.start()
        elif token in _UNREAD:
            return None
    return None if stack else pairs


def _top_level(text: str, offset: int, pairs: dict[int, int], separator: str) -> list[str]:
    """`text` split at `separator` outside brackets and strings (`offset`: where `text`
    starts in the line `pairs` indexes)."""
    items: list[str] = []
    start = index = 0
    while (match := _TOKEN.search(text, index)) is not None:
        token = match.group()
        index = match.end()
        if token in _OPENING:
            index = pairs[offset + match.start()] - offset + 1
        elif token == separator:
            items.append(text[start : match.start()].strip())
            start = index
    last = text[start:].strip()
    if last:
        items.append(last)
    return items
