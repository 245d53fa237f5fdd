"""Filters that put spec text into generated code and docs, safely.

Nothing from a spec reaches the output except through these: values in code are
written with `repr()` (`pyrepr`), prose goes into docstrings with backslashes and
quotes escaped (`docstring`), into comments on one line (`comment`), and into
Markdown with its markup characters escaped (`md`, `md_cell`).
"""

from __future__ import annotations

import json
import math
import re
import textwrap

__all__ = [
    "comment",
    "docstring",
    "md",
    "md_cell",
    "pyrepr",
    "sentence",
    "toml_str",
    "yaml_str",
]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""C0 and C1 controls (NEL, U+0085, is a line break to `str.splitlines` and YAML)."""
_YAML_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"[a-z][a-z0-9+.\-]*:")
_LINK_OPEN = re.compile(r"\]([ \t]*)(\(|:)")
"""Where a Markdown link destination starts: `[text](dest` or `[label]: dest`."""
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+")
_WIDTH = 88
_QUOTE_RUN = re.compile(r'"(?=")|"$')


def pyrepr(value: object) -> str:
    """A Python literal for a JSON scalar (or a tuple/list/dict of them)."""
    if isinstance(value, str):
        text = repr(value)
        # black's quotes: double, unless that takes more escapes
        return f'"{text[1:-1]}"' if text[0] == "'" and '"' not in value else text
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"no Python literal for {value!r}")
        return repr(value)
    if isinstance(value, (list, tuple)):
        inner = ", ".join(pyrepr(v) for v in value)
        return (
            f"[{inner}]"
            if isinstance(value, list)
            else f"({inner}{',' if len(value) == 1 else ''})"
        )
    if isinstance(value, dict):
        return "{" + ", ".join(f"{pyrepr(str(k))}: {pyrepr(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no Python literal for a {type(value).__name__}")


def docstring(text: object, indent: int = 0) -> str:
    """`text` as the inside of a `\"\"\"...\"\"\"` docstring indented by `indent` spaces.

    Backslashes and quotes are escaped (the docstring reads back as `text`), control
    characters dropped, long lines wrapped, and lines after the first indented.
    """
    raw = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()
    # No two quotes left side by side, and none last: `"""` cannot close the docstring.
    escaped = _QUOTE_RUN.sub(r'\\"', raw.replace("\\", "\\\\"))
    lines = _wrap(escaped, max(_WIDTH - indent, 40))
    pad = " " * indent
    return "\n".join(lines[:1] + [f"{pad}{line}" if line else "" for line in lines[1:]])


def _wrap(text: str, width: int) -> list[str]:
    """Wrap long prose lines; code fences and indented lines are kept as written."""
    out: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or len(line) <= width or line.startswith(("    ", "\t")):
            out.append(line.rstrip())
            continue
        item = _LIST_ITEM.match(line)
        hang = " " * len(item.group(0)) if item else re.match(r"\s*", line).group(0)  # type: ignore[union-attr]
        out.extend(
            textwrap.wrap(
                line, width, subsequent_indent=hang, break_long_words=False, break_on_hyphens=False
            )
            or [""]
        )
    return out


def sentence(text: object) -> str:
    """`text` ending in a full stop (summaries are often written without one)."""
    raw = str(text).strip()
    return raw if not raw or raw[-1] in ".!?:" else f"{raw}."


def toml_str(text: object) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(str(text), ensure_ascii=False).replace(
        "\x7f", "\\u007f"
    )  # DEL: JSON allows it raw, TOML not


def yaml_str(text: object) -> str:
    """A YAML double-quoted string: JSON's escapes, and `\\uXXXX` for what YAML does not
    allow raw (C1 controls, line and paragraph separators, surrogates)."""
    return _YAML_UNSAFE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(str(text), ensure_ascii=False)
    )


def comment(text: object) -> str:
    """`text` on one line, for a `#` comment."""
    return " ".join(_CONTROL.sub(" ", str(text)).split())


def md(text: object) -> str:
    """Spec prose for Markdown: HTML and template-like markup made inert, lines kept,
    and a link or image whose destination has a scheme other than http(s) or mailto
    (`javascript:`, `data:`, `vbscript:`) left as plain text."""
    raw = _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n")).strip()
    escaped = raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _LINK_OPEN.sub(_inert_link, escaped)


def _inert_link(match: re.Match[str]) -> str:
    """`](dest` / `]: dest` as written when `dest` is safe, else with the bracket escaped
    (`\\]`), so Markdown reads no link at all."""
    rest = match.string[match.end() :]
    # What a browser reads as the scheme: whitespace, controls and backslash escapes
    # dropped, case ignored (`Java\\Script :` is `javascript:`).
    dest = re.sub(r"[\s\\<]", "", rest[:64]).lower()
    scheme = _SCHEME.match(dest)
    if scheme is None or scheme.group()[:-1] in _SAFE_SCHEMES:
        return match.group()
    return "\\" + match.group()


def md_cell(text: object) -> str:
    """Spec text for a Markdown table cell: one line, its pipes escaped.

    Descriptions are CommonMark (OpenAPI says so), so their `code` and *emphasis* stay
    markup; HTML is already inert (`md`), and a pipe is all that could break the table.
    """
    return " ".join(md(text).split()).replace("|", "\\|")


def md_code(text: object) -> str:
    """Any text as one Markdown code span (inert: CommonMark renders it literally), on one
    line, fenced with more backticks than any run of them inside it."""
    flat = " ".join(_CONTROL.sub(" ", str(text)).split())
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{'`' * (longest + 1)}{pad}{flat}{pad}{'`' * (longest + 1)}"
