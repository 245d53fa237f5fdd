"""What a spec may make sdkgen read, and how much of it.

A spec is untrusted input. sdkgen never opens a network connection for it, and reads
only regular files inside the root file's folder (after resolving symlinks and `..`)
or inside a folder the user allowed (`--allow-ref-outside`). Every file is opened
without blocking (a FIFO cannot hang the run), checked to be a regular file, and read
up to a size bound; parsed documents are bounded in depth, in size once YAML aliases
are expanded, and in the length of each string.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DEFAULT_LIMITS", "GuardError", "Limits", "Scope", "read_bytes", "scan"]

MIB = 1024 * 1024


class GuardError(Exception):
    """A file sdkgen refuses to read, or a document beyond a bound (the message says
    which); `pointer` locates it inside the document when known."""

    def __init__(self, message: str, pointer: str = "", line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer
        self.line = line


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one spec file (`[tool.sdkgen]` / flags `max-file-size`, `max-depth`,
    `max-nodes`, `max-string`). Generous: the Pinterest spec's largest file is 50 KiB,
    15 levels deep, 1,400 nodes, its longest string 1.5 KB."""

    max_file_size: int = 64 * MIB
    """Bytes of one file."""
    max_depth: int = 200
    """Nesting of mappings and lists."""
    max_nodes: int = 5_000_000
    """Mappings, lists and scalars once YAML aliases are expanded (billion laughs)."""
    max_string: int = 4 * MIB
    """Characters of one string (key or value)."""


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Scope:
    """The folders a spec's files may lie in: the root file's, and those allowed."""

    folders: tuple[Path, ...]

    @classmethod
    def of(cls, root: Path, allowed: Iterable[Path] = ()) -> Scope:
        return cls(tuple(p.resolve() for p in (root.resolve().parent, *allowed)))

    def contains(self, path: Path) -> bool:
        """Whether `path` (already resolved) lies inside one of the folders."""
        return any(path.is_relative_to(folder) for folder in self.folders)


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The bytes of the regular file `path`, at most `limits.max_file_size` of them.

    Opened with `O_NONBLOCK`, so a FIFO returns at once, and checked with `fstat` on
    the open file, so what is read is what was checked. Raises `GuardError`."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise GuardError(f"cannot read the file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise GuardError(f"not a regular file ({_kind(info.st_mode)}): nothing was read")
        if info.st_size > limits.max_file_size:
            raise GuardError(_too_large(info.st_size, limits))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limits.max_file_size + 1)
    except OSError as exc:
        raise GuardError(f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limits.max_file_size:  # grew while read
        raise GuardError(_too_large(len(data), limits))
    return data


def _too_large(size: int, limits: Limits) -> str:
    return (
        f"the file is larger than {limits.max_file_size} bytes ({size}): "
        "raise --max-file-size if it is genuine"
    )


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def check_string(text: str, limits: Limits) -> str | None:
    """Why `text` cannot be in a spec (too long, a lone surrogate), or `None`."""
    if len(text) > limits.max_string:
        return (
            f"a string longer than {limits.max_string} characters ({len(text)}): "
            "raise --max-string if it is genuine"
        )
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return f"a lone surrogate in {text[:40]!r}: not Unicode text"
    return None


def depth_error(limits: Limits) -> str:
    return f"nested deeper than {limits.max_depth} levels: raise --max-depth if it is genuine"


def scan(data: object, limits: Limits) -> None:
    """Check parsed JSON against the bounds (depth, string length, lone surrogates);
    raises `GuardError` located at the first node beyond one."""
    from .load import escape_token

    stack: list[tuple[object, str, int]] = [(data, "", 0)]
    while stack:
        node, pointer, depth = stack.pop()
        if depth > limits.max_depth:
            raise GuardError(depth_error(limits), pointer)
        if isinstance(node, str):
            why = check_string(node, limits)
            if why is not None:
                raise GuardError(why, pointer)
        elif isinstance(node, dict):
            for key, value in node.items():
                where = f"{pointer}/{escape_token(key)}"
                why = check_string(key, limits)
                if why is not None:
                    raise GuardError(f"key: {why}", where)
                stack.append((value, where, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, f"{pointer}/{i}", depth + 1) for i, value in enumerate(node))
