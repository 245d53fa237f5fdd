"""A cache on disk: what a stage computed, kept so the next run skips the work.

Entries are files named by the SHA-256 of their key, written atomically; each starts
with the SHA-256 of its content, and a missing, unreadable, half-written or altered
entry is simply a miss (the run rewrites it). The cache holds data only (JSON and
text, never pickles or bytecode), and a cache folder another user could write to
(owned by someone else, or writable by group or others) is not used at all: the run
goes on without a cache, with a warning. Validation results are keyed by
their input (a different input or tool version is a different key), and so is the
verdict "valid" on a spec read blind to its prose (a few bytes each). What grows with
every edit is kept once per spec or file, holding only the last run's part: black's
output (by digest of each rendered file), the validation memo, the whole output, each
YAML file's parsed data. So the cache stays about the size of one run's output per
spec, and a cold run writes a few large files rather than one per output file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

__all__ = ["Cache", "digest", "digest_of", "json_digest", "tool_version", "tree_digest"]


@functools.cache
def tool_version(name: str) -> str:
    """The installed version of the distribution `name`, part of the keys of what it
    computed (memoised: each lookup parses the distribution's metadata)."""
    return metadata.version(name)


def digest(*parts: str | bytes) -> str:
    return digest_of(parts)


def digest_of(parts: Iterable[str | bytes]) -> str:
    """The digest of `parts`, taken one at a time (a generator's parts are never all
    held at once)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def json_digest(*parts: object) -> str | None:
    """A digest of JSON values (`None` for what JSON cannot spell, e.g. a cycle)."""
    try:
        text = json.dumps(
            parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True
        )
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def tree_digest(root: Path, pattern: str) -> str:
    """The digest of every file below `root` matching `pattern` (names and bytes)."""
    parts: list[str | bytes] = []
    for path in sorted(root.rglob(pattern)):
        if path.is_file() and "__pycache__" not in path.parts:
            parts += [path.relative_to(root).as_posix(), path.read_bytes()]
    return digest(*parts)


class Cache:
    def __init__(self, root: Path | None) -> None:
        """`root` `None`: a cache that keeps nothing."""
        self.root = root

    @classmethod
    def trusted(cls, root: Path) -> tuple[Cache, str | None]:
        """A cache at `root`, or none (and why) when `root` is not this user's alone:
        an entry is trusted to be what this user's runs wrote."""
        try:
            root.mkdir(mode=0o700, parents=True, exist_ok=True)
            info = os.lstat(root)
        except OSError as exc:
            return cls(None), f"cache folder {root} cannot be used ({exc.strerror}): no cache"
        why = None
        if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
            why = "is not a folder"
        elif hasattr(os, "getuid") and info.st_uid != os.getuid():
            why = "belongs to another user"
        elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            why = "is writable by group or others"
        if why is not None:
            return cls(None), f"cache folder {root} {why}: running without a cache"
        return cls(root), None

    def _path(self, namespace: str, key: str) -> Path:
        assert self.root is not None
        return self.root / namespace / key[:2] / key

    def get(self, namespace: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            stored = self._path(namespace, key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        check, _, value = stored.partition("\n")
        return value if check == digest(value) else None

    def put_json(self, namespace: str, key: str, value: object) -> None:
        """Store `value` as JSON, written a piece at a time (one piece per value of a
        mapping): an entry of a large run is tens of MB, never held whole in memory.
        The entry is the same as `put(json text)` would write for that text."""
        self._write(namespace, key, _pieces(value))

    def put(self, namespace: str, key: str, value: str) -> None:
        """Store `value`."""
        self._write(namespace, key, (value,))

    def _write(self, namespace: str, key: str, pieces: Iterable[str]) -> None:
        """Write an entry atomically, its text a piece at a time, then its digest first."""
        if self.root is None:
            return
        path = self._path(namespace, key)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w+b") as handle:
                handle.write(b"0" * 64 + b"\n")
                length = 0
                for piece in pieces:
                    data = piece.encode()
                    length += len(data)
                    handle.write(data)
                handle.flush()
                handle.seek(65)
                check = hashlib.sha256(length.to_bytes(8, "little"))
                while block := handle.read(1 << 20):
                    check.update(block)
                handle.seek(0)
                handle.write(check.hexdigest().encode())
            os.replace(temp, path)
        except OSError:  # a read-only or full disk costs speed, never correctness
            pass


def _pieces(value: object) -> Iterator[str]:
    """`value` as JSON text, in pieces: one per value of a mapping, recursively."""
    if isinstance(value, dict):
        yield "{"
        for n, (name, item) in enumerate(value.items()):
            yield ("," if n else "") + json.dumps(name) + ":"
            yield from _pieces(item)
        yield "}"
    else:
        yield json.dumps(value)
