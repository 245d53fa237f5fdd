"""Problems found in a spec, and the one exception that carries them to the CLI.

Every stage collects problems instead of stopping at the first one, so a run reports
everything wrong with a spec at once. A problem is located by the file it was found in,
a JSON pointer into that file and, when known, the line.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

__all__ = ["Problem", "Severity", "SpecError", "format_problem"]

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with (or not expressible from) a spec."""

    message: str
    pointer: str
    """A JSON pointer (`/paths/~1pins/get`) into `file`; `""` is the whole document."""
    file: str = ""
    """The file as shown to the user (relative to the working directory when possible)."""
    line: int | None = None
    """1-based."""
    severity: Severity = "error"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line or 0, self.pointer, self.message)


def format_problem(problem: Problem) -> str:
    """`file:line: #/pointer: message` (the form editors and CI annotators understand)."""
    where = problem.file
    if problem.line is not None:
        where = f"{where}:{problem.line}"
    prefix = "" if problem.severity == "error" else "warning: "
    return f"{where}: #{problem.pointer}: {prefix}{problem.message}"


class SpecError(Exception):
    """The spec cannot be turned into a client; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(set(problems), key=Problem.sort_key))
        super().__init__("\n".join(format_problem(p) for p in self.problems))
