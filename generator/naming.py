"""Every identifier decision: case, keywords, builtins, reserved names, collisions.

Names from a spec can be anything (`StartTime<`, `2fa`, `class`, `""`, `model_dump`);
what comes out of here is always a valid, unreserved Python identifier, and a
`Namespace` makes the names of one scope distinct, also when compared case-folded
(module files must not collide on case-insensitive file systems).
"""

from __future__ import annotations

import hashlib
import keyword
import re

__all__ = [
    "CLIENT_RESERVED",
    "FIELD_RESERVED",
    "MAX_NAME",
    "MODULE_RESERVED",
    "PARAM_RESERVED",
    "RESOURCE_RESERVED",
    "TYPE_RESERVED",
    "Namespace",
    "class_name",
    "constant",
    "field_name",
    "method_name",
    "module_name",
    "pascal",
    "snake",
    "type_name",
    "without_resource",
    "words",
]  # fmt: skip

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")

# Names written into annotations and method bodies: a field, parameter or method
# named like one of them would shadow it where it is used.
_CODE_NAMES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type", "cast",
     "datetime", "builtins", "typing", "pydantic", "httpx"}
)  # fmt: skip

FIELD_RESERVED = _CODE_NAMES | frozenset(
    {"construct", "copy", "dict", "from_orm", "json", "parse_file", "parse_obj",
     "parse_raw", "schema", "schema_json", "update_forward_refs", "validate", "fields"}
)  # fmt: skip
"""Attributes of pydantic's `BaseModel` (plus any `model_*` name, checked apart)."""

PARAM_RESERVED = _CODE_NAMES | frozenset({"self", "options"})

RESOURCE_RESERVED = frozenset(
    {"builtins", "datetime", "typing", "with_options", "with_raw_response"}
)
"""Attributes of a generated resource class besides its methods and children, and the
modules its annotations name (a method named `list` is fine: annotations in its class
then spell the builtin `builtins.list`)."""

CLIENT_RESERVED = RESOURCE_RESERVED | frozenset(
    {"auth", "base_url", "close", "max_retries", "timeout"}
)
"""Public attributes of the runtime's client classes."""

TYPE_RESERVED = frozenset(
    {"Annotated", "Any", "AsyncAPIClient", "AsyncAPIResource", "AsyncDownload", "AsyncPage",
     "AsyncPaginator", "BaseModel", "Callable", "Download", "Field", "FileTypes", "IO",
     "Literal", "Mapping", "NotGiven", "Optional", "Pagination", "PollOptions", "Progress",
     "RequestOptions", "Sequence", "SyncAPIClient", "SyncAPIResource", "SyncPage",
     "TYPE_CHECKING", "Timeout", "Token", "TypeAlias", "Union", "Waiter"}
)  # fmt: skip
"""Names imported into generated modules beside the models."""


MODULE_RESERVED = frozenset(
    {"abc", "annotations", "builtins", "collections", "datetime", "enum", "functools",
     "httpx", "importlib", "json", "os", "pydantic", "re", "sys", "types", "typing",
     "typing_extensions", "warnings"}
)  # fmt: skip
"""Names a submodule of `types/` must not take: importing `types.importlib` binds
`importlib` in `types/__init__`, where the lazy imports need the standard module (and
a reader would take `types.json` for the standard one)."""

MAX_NAME = 60
"""The longest class or module name: longer ones are shortened (file names have limits,
and readers too)."""


def shorten(name: str, separator: str = "") -> str:
    """`name` cut to `MAX_NAME` characters, deterministically: a prefix and 8 hex digits
    of its SHA-256 (distinct long names stay distinct)."""
    if len(name) <= MAX_NAME:
        return name
    tail = hashlib.sha256(name.encode()).hexdigest()[:8]
    head = name[: MAX_NAME - len(tail) - len(separator)].rstrip("_")
    return f"{head}{separator}{tail.upper() if not separator else tail}"


def words(text: str) -> list[str]:
    """`"StartTime<"` → `["Start", "Time"]`; `"HTTPResponse"` → `["HTTP", "Response"]`."""
    return _WORD.findall(text.encode("ascii", "ignore").decode())


def snake(text: str) -> str:
    """`"adAccountID"` → `"ad_account_id"` (may be empty or start with a digit)."""
    return "_".join(word.lower() for word in words(text))


def pascal(text: str) -> str:
    """`"ad_account"` → `"AdAccount"`; capitals inside a word are kept (`"userID"` → `"UserID"`)."""
    return "".join(word[0].upper() + word[1:] for word in words(text))


def constant(text: str, fallback: str = "VALUE") -> str:
    """`"sandbox"` → `"SANDBOX"`; never empty, never starting with a digit (`fallback`
    goes first then: `"2"` → `"VALUE_2"`)."""
    name = snake(text).upper()
    return name if name and not name[0].isdigit() else f"{fallback}_{name}".rstrip("_")


def field_name(wire: str) -> str:
    """The attribute of a model property or the keyword of a parameter."""
    return _identifier(snake(wire), "field", FIELD_RESERVED | PARAM_RESERVED, "value")


def param_name(wire: str) -> str:
    return _identifier(snake(wire), "param", PARAM_RESERVED, "value")


def method_name(text: str, reserved: frozenset[str] = RESOURCE_RESERVED) -> str:
    return _identifier(snake(text), "call", reserved, "call")


def without_resource(method: str, resource: str) -> str:
    """The method name without its resource's own name, singular or plural: in `books`,
    `"list_books"` → `"list"`, `"get_book_cover"` → `"get_cover"`; in `api_keys`,
    `"create_api_key"` → `"create"`. `""` when the name holds no such run of words or
    holds nothing else (the caller then keeps the name as it was)."""
    parts = method.split("_")
    for form in _forms(resource):
        for start in range(len(parts) - len(form) + 1):
            if parts[start : start + len(form)] == form:
                rest = parts[:start] + parts[start + len(form) :]
                return "_".join(rest)
    return ""


def _forms(resource: str) -> list[list[str]]:
    """`"api_keys"` → `[["api", "keys"], ["api", "key"]]`: the resource's words, with
    its last word also in the other number (regular English plurals only)."""
    parts = [p for p in resource.split("_") if p]
    if not parts:
        return []
    last = parts[-1]
    others = []
    if last.endswith("ies") and len(last) > 3:
        others.append(last[:-3] + "y")
    elif last.endswith(("sses", "ches", "shes", "xes", "zes")):
        others.append(last[:-2])
    elif last.endswith("s") and not last.endswith(("ss", "us", "is")) and len(last) > 1:
        others.append(last[:-1])
    if last.endswith("y") and len(last) > 1 and last[-2] not in "aeiou":
        others.append(last[:-1] + "ies")
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        others.append(last + "es")
    else:
        others.append(last + "s")
    return [parts, *([*parts[:-1], other] for other in others)]


def module_name(type_name: str) -> str:
    """The module of a type: `"PinMedia"` → `"pin_media"`, `"Class"` → `"class_"`."""
    return shorten(_identifier(snake(type_name), "m", MODULE_RESERVED, "schema"), "_")


def class_name(name: str, kind: str) -> str:
    """A class named `name` (already PascalCase), with `kind` (`"Client"`, `"Resource"`)
    where `name` cannot stand alone: `""` → `"Client"`, `"3d"` → `"Client3d"`,
    `"None"` → `"NoneClient"`, `"SyncAPIClient"` → `"SyncAPIClientClient"`."""
    if not name:
        return kind
    if name[0].isdigit():
        return f"{kind}{name}"
    if keyword.iskeyword(name) or name in TYPE_RESERVED:
        return f"{name}{kind}"
    return name


def type_name(text: str) -> str:
    """A class or alias name: `"StartTime<"` → `"StartTime"`, `"3d"` → `"Schema3d"`."""
    name = pascal(text)
    if not name:
        return "Schema"
    if name[0].isdigit():
        return shorten(f"Schema{name}")
    if keyword.iskeyword(name) or name in TYPE_RESERVED:
        return f"{name}Model"
    return shorten(name)


def _identifier(name: str, prefix: str, reserved: frozenset[str], empty: str) -> str:
    if not name:
        return empty
    if name[0].isdigit():
        name = f"{prefix}_{name}"
    if keyword.iskeyword(name) or name in reserved or name.startswith("model_"):
        name = f"{name}_"
    return name


class Namespace:
    """The names of one scope (a class, a signature, a package): each handed out once.

    A name that is taken (exactly, or case-folded) gets the first free `_2`, `_3`, ...
    (`2`, `3`, ... for class names) suffix.
    """

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self._folded = {name.casefold() for name in taken}

    def __contains__(self, name: str) -> bool:
        return name.casefold() in self._folded

    def claim(self, name: str, separator: str = "_") -> str:
        candidate, counter = name, 1
        while candidate.casefold() in self._folded:
            counter += 1
            candidate = f"{name}{separator}{counter}"
        self._folded.add(candidate.casefold())
        return candidate

    def claim_type(self, name: str) -> str:
        return self.claim(name, separator="")
