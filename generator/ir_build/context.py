"""What every build step shares: the bundled document, references, problems."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem, Severity
from ..load import escape_token, resolve_pointer
from ..refine import cycle

__all__ = ["Context", "Node", "join"]

Node = dict[str, Any]
"""A spec object (a mapping). The build reads spec data only through `Context`."""


def join(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join(f"/{escape_token(str(token))}" for token in tokens)


@dataclass(slots=True)
class Context:
    data: Node
    locate: Callable[[str, str, Severity], Problem]
    """`Spec.problem`: a message at a pointer into `data`, located in its file."""
    openapi: str
    """`3.0` or `3.1`."""
    lenient: bool = False
    problems: list[Problem] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    """Operations that could not be generated (lenient only; each has a warning)."""

    def warn(self, message: str, pointer: str) -> None:
        self.problems.append(self.locate(message, pointer, "warning"))

    def error(self, message: str, pointer: str) -> None:
        self.problems.append(self.locate(message, pointer, "error"))

    def invalid(self, message: str, pointer: str, instead: str) -> None:
        """The spec breaks a rule here, in a way the build can read past: an error,
        unless lenient; then a warning that says what is done `instead`."""
        if self.lenient:
            self.problems.append(self.locate(f"{message}: {instead}", pointer, "warning"))
        else:
            self.problems.append(self.locate(message, pointer, "error"))

    def get(self, pointer: str) -> object:
        return resolve_pointer(self.data, pointer)

    def deref(self, node: object, pointer: str) -> tuple[object, str, Node]:
        """Follow `$ref` chains: `(target, its pointer, sibling keywords met on the way)`.

        Siblings nearer the use win (OpenAPI 3.1 lets a reference override
        `description` and `summary`). A dangling or cyclic chain gives `(None, pointer, ...)`
        and a problem.
        """
        siblings: Node = {}
        seen: list[str] = []
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            for key, value in node.items():
                if key != "$ref":
                    siblings.setdefault(key, value)
            if not ref.startswith("#"):
                self.invalid(f"unresolved reference {ref!r}", join(pointer, "$ref"), "left out")
                return None, pointer, siblings
            target_pointer = ref[1:]
            if target_pointer in seen:  # reported at the same place whichever way it is entered
                where, message = cycle(seen[seen.index(target_pointer) :])
                self.invalid(message, where, "left out")
                return None, pointer, siblings
            seen.append(target_pointer)
            target = self.get(target_pointer)
            if target is None:
                self.invalid(f"$ref target not found: {ref!r}", join(pointer, "$ref"), "left out")
                return None, pointer, siblings
            node, pointer = target, target_pointer
        return node, pointer, siblings

    def mapping(self, node: object, pointer: str, what: str) -> Node:
        """`node` dereferenced, if it is a mapping; else `{}` and a problem."""
        target, where, siblings = self.deref(node, pointer)
        if isinstance(target, dict):
            return {**target, **siblings} if siblings else target
        if target is not None:
            self.invalid(f"{what} must be an object", where, "left out")
        return {}
