"""What every build step shares: the bundled document, references, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import Problem, Severity
from ..load import escape_token, split_pointer

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
    problems: list[Problem] = field(default_factory=list)

    def warn(self, message: str, pointer: str) -> None:
        self.problems.append(self.locate(message, pointer, "warning"))

    def error(self, message: str, pointer: str) -> None:
        self.problems.append(self.locate(message, pointer, "error"))

    def get(self, pointer: str) -> object:
        node: object = self.data
        for token in split_pointer(pointer):
            if isinstance(node, dict):
                node = node.get(token)
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def deref(self, node: object, pointer: str) -> tuple[object, str, Node]:
        """Follow `$ref` chains: `(target, its pointer, sibling keywords met on the way)`.

        Siblings nearer the use win (OpenAPI 3.1 lets a reference override
        `description` and `summary`). A dangling or cyclic chain gives `(None, pointer, ...)`
        and a problem.
        """
        siblings: Node = {}
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            for key, value in node.items():
                if key != "$ref":
                    siblings.setdefault(key, value)
            if not ref.startswith("#"):
                self.error(f"unresolved reference {ref!r}", pointer)
                return None, pointer, siblings
            target_pointer = ref[1:]
            if target_pointer in seen:
                self.error(f"reference cycle through {ref!r}", pointer)
                return None, pointer, siblings
            seen.add(target_pointer)
            target = self.get(target_pointer)
            if target is None:
                self.error(f"$ref target not found: {ref!r}", pointer)
                return None, pointer, siblings
            node, pointer = target, target_pointer
        return node, pointer, siblings

    def mapping(self, node: object, pointer: str, what: str) -> Node:
        """`node` dereferenced, if it is a mapping; else `{}` and a problem."""
        target, where, siblings = self.deref(node, pointer)
        if isinstance(target, dict):
            return {**target, **siblings} if siblings else target
        if target is not None:
            self.error(f"{what} must be an object", where)
        return {}
