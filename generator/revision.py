"""A spec as it was at a git revision (`sdkgen diff --base REV`): the folder holding the
spec, extracted with `git archive` into a temporary folder, so a spec split into many
files is read whole, as the working tree's is."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

__all__ = ["RevisionError", "extract"]


class RevisionError(Exception):
    """The revision or the spec in it cannot be read (the message says why)."""


def extract(spec: Path, revision: str, into: Path) -> Path:
    """Extract the folder holding `spec`, as it was at `revision`, under `into`; return
    the path of the spec in the extracted copy."""
    folder = spec.resolve().parent
    top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
    relative = folder.relative_to(Path(top).resolve()).as_posix() or "."
    archive = _git(Path(top), "archive", "--format=tar", revision, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    extracted = into / relative / spec.name
    if not extracted.is_file():
        raise RevisionError(f"{relative}/{spec.name} does not exist at {revision}")
    return extracted


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except OSError as exc:
        raise RevisionError(f"cannot run git: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed"
        raise RevisionError(message)
    return done.stdout
