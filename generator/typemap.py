"""`TypeRef` → annotation text, and the imports each generated module needs.

An `Annotations` renders types for one module and records what the text it wrote
refers to; `import_block` turns those needs into the module's import lines. The
filters in `render` drive both passes through the same functions, so a module never
imports a name it does not use, nor uses one it does not import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .escape import pyrepr
from .ir import ListOf, LiteralOf, MapOf, ModelRef, Primitive, TypeRef

__all__ = ["Annotations", "Need", "import_block", "relative_module"]

Need = tuple[str, str]
"""`(module, name)`: `("typing", "Literal")`, `(".types.pin", "Pin")`; name `""` imports
the module itself (`import datetime`)."""

_PRIMITIVES = {
    "str": "str", "int": "int", "float": "float", "bool": "bool", "none": "None",
    "any": "object", "bytes": "bytes",
}  # fmt: skip
_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "object", "type"})
_STDLIB = frozenset({"builtins", "datetime", "functools", "typing", "types"})


def relative_module(file: str, module: str) -> str:
    """`module` (dotted, below the package) as imported from `file`: `types/board.py`
    imports `types.pin` as `.pin`, `_client.py` as `.types.pin`."""
    here = file.split("/")[:-1]
    target = module.split(".")
    common = 0
    while common < min(len(here), len(target) - 1) and here[common] == target[common]:
        common += 1
    return "." * (1 + len(here) - common) + ".".join(target[common:])


@dataclass(slots=True)
class Annotations:
    """Renders types for the module at `file` (relative to the package)."""

    file: str
    shadowed: frozenset[str] = frozenset()
    """Names the class being written defines (a method `list`): builtins are then
    written `builtins.list`."""
    needs: set[Need] = field(default_factory=set)

    def type(self, kind: TypeRef, open_literals: bool) -> str:
        """The annotation of `kind`. `open_literals`: a response, where literal values
        the API adds later are accepted too (`Literal["a"] | str`)."""
        if isinstance(kind, Primitive):
            if kind.kind == "date" or kind.kind == "datetime":
                self.needs.add(("datetime", ""))
                return f"datetime.{kind.kind}"
            if kind.kind == "file":
                self.needs.add((self._package("_types"), "FileTypes"))
                return "FileTypes"
            return self.builtin(_PRIMITIVES[kind.kind])
        if isinstance(kind, ListOf):
            return f"{self.builtin('list')}[{self.type(kind.item, open_literals)}]"
        if isinstance(kind, MapOf):
            return f"{self.builtin('dict')}[{self.builtin('str')}, {self.type(kind.value, open_literals)}]"
        if isinstance(kind, LiteralOf):
            self.needs.add(("typing", "Literal"))
            text = f"Literal[{', '.join(pyrepr(v) for v in kind.values)}]"
            if open_literals:
                extra = dict.fromkeys(
                    self.builtin("str" if isinstance(v, str) else "int")
                    for v in kind.values
                    if not isinstance(v, bool)
                )
                text = " | ".join([text, *extra])
            return text
        if isinstance(kind, ModelRef):
            self.needs.add(self.model(kind))
            if open_literals and kind.open_as:
                return " | ".join([kind.name, *(self.builtin(t) for t in kind.open_as)])
            return kind.name
        members = [self.type(m, open_literals) for m in kind.members]
        return " | ".join(dict.fromkeys(" | ".join(members).split(" | ")))

    def builtin(self, name: str) -> str:
        if name in self.shadowed and name in _BUILTINS:
            self.needs.add(("builtins", ""))
            return f"builtins.{name}"
        return name

    def model(self, ref: ModelRef) -> Need:
        here = self.file.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        if ref.module == here:
            return ("", ref.name)  # defined in this module
        return (self._package(ref.module), ref.name)

    def runtime(self, module: str, name: str) -> str:
        """Use `name` from the runtime module `module` (`_types`, `_pagination`, ...)."""
        self.needs.add((self._package(module), name))
        return name

    def typing(self, name: str) -> str:
        self.needs.add(("typing", name))
        return name

    def _package(self, module: str) -> str:
        return relative_module(self.file, module)


def import_block(needs: set[Need]) -> str:
    """The import lines for `needs`: stdlib, third party, then the package's own."""
    groups: dict[int, dict[str, set[str]]] = {0: {}, 1: {}, 2: {}}
    plain: dict[int, set[str]] = {0: set(), 1: set(), 2: set()}
    for module, name in needs:
        if not module:
            continue
        group = 2 if module.startswith(".") else 0 if module in _STDLIB else 1
        if name:
            groups[group].setdefault(module, set()).add(name)
        else:
            plain[group].add(module)
    blocks: list[str] = []
    for group in (0, 1, 2):
        lines = [f"import {m}" for m in sorted(plain[group])]
        for module in sorted(groups[group]):
            names = ", ".join(sorted(groups[group][module], key=lambda n: (not n.isupper(), n)))
            lines.append(f"from {module} import {names}")
        if lines:
            blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
