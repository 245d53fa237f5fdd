"""`sdkgen generate --watch`: regenerate whenever a spec file or a template is saved.

The spec's folder and the templates are polled (size and modification time of every
file, a few times a second: no dependency, and it works the same on every system and
file system). Each run is a whole, ordinary run of this process (imports, the
validator and black stay loaded, the cache makes it incremental): the output folder
is replaced atomically or, when the spec has problems, left as it was while the
problems are printed, located. It goes on until interrupted.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import SpecError, format_problem
from .format import FormatError
from .write import OutputError

__all__ = ["changed_paths", "snapshot", "watch"]

Snapshot = dict[str, tuple[int, int]]


def snapshot(folders: Iterable[Path], ignore: Iterable[Path] = ()) -> Snapshot:
    """Every file below `folders` but those below `ignore` (and hidden ones, caches):
    size and mtime."""
    seen: Snapshot = {}
    skipped = {str(path.absolute()) for path in ignore}
    for folder in folders:
        for root, dirs, files in os.walk(folder.absolute()):
            dirs[:] = [
                d
                for d in dirs
                if not d.startswith(".")
                and d != "__pycache__"
                and os.path.join(root, d) not in skipped
            ]
            for name in files:
                if name.startswith("."):
                    continue
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                seen[path] = (info.st_mtime_ns, info.st_size)
    return seen


def changed_paths(old: dict[str, str], new: dict[str, str]) -> list[str]:
    """The output files a run added, changed or removed, sorted."""
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def watch(
    folders: list[Path],
    run: Callable[[], tuple[dict[str, str], str]],
    echo: Callable[[str, bool], None],
    *,
    ignore: Iterable[Path] = (),
    interval: float = 0.2,
    runs: int | None = None,
) -> None:
    """Call `run` (which writes the output and returns its files and a summary) now and
    after every change below `folders`; print what changed or the problems. `runs`
    bounds the number of runs (default: until interrupted). `echo(line, err)`: `err`
    for problems. The output folder belongs in `ignore` (each run writes it)."""
    last: dict[str, str] | None = None
    seen = snapshot(folders, ignore)
    done = 0
    while True:
        start = time.perf_counter()
        try:
            files, summary = run()
        except SpecError as error:
            for problem in error.problems:
                echo(format_problem(problem), True)
            errors = sum(p.severity == "error" for p in error.problems)
            echo(f"{errors} problem{'s' if errors != 1 else ''}; nothing was written", True)
        except FormatError as error:
            echo(f"internal error (a template produced invalid Python): {error}", True)
        except (OutputError, OSError) as error:
            echo(f"cannot write the output: {error}", True)
        else:
            seconds = time.perf_counter() - start
            if last is None:
                echo(f"{summary} ({seconds:.2f} s)", False)
            else:
                changed = changed_paths(last, files)
                more = f" and {len(changed) - 10} more" if len(changed) > 10 else ""
                names = f": {', '.join(changed[:10])}{more}" if changed else ""
                echo(f"{summary}, {len(changed)} changed ({seconds:.2f} s){names}", False)
            last = files
        done += 1
        if runs is not None and done >= runs:
            return
        echo("watching for changes (Ctrl-C to stop)", False)
        while True:
            time.sleep(interval)
            now = snapshot(folders, ignore)
            if now != seen:
                time.sleep(min(interval, 0.05))  # let an editor finish saving
                seen = snapshot(folders, ignore)
                break
