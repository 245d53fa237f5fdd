"""What every bench script shares: timing a command, its peak memory, medians, the
machine it ran on and Markdown tables."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024
GNU_TIME = "/usr/bin/time"
# Where GNU time is missing: a fresh, small Python process runs the command and reports
# its children's peak RSS (its own few MiB of interpreter are the floor of the figure).
RSS_WRAPPER = """\
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
with open(sys.argv[1], "w") as out:
    out.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a command."""

    seconds: float
    returncode: int
    max_rss_kib: int
    """Peak RSS of the largest single process of the tree, as `/usr/bin/time -f %M`
    reports it (kernel rusage of the waited-for children)."""
    tree_pss_kib: int | None = None
    """Peak of the summed PSS of the whole process tree, sampled; None when not sampled.
    PSS splits shared pages between the processes sharing them, so forked workers are
    not counted twice."""


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    log: IO[bytes] | None = None,
    sample_tree: bool = False,
) -> Run:
    """Run `argv` to completion; output goes to `log` (or is discarded).

    The command runs under GNU time (or RSS_WRAPPER), never straight from this
    process: Linux carries the parent's peak RSS into a child's at exec, so a child of
    a bench process that has loaded a 9 MB spec would report the bench's memory.
    Timing runs leave `sample_tree` off, so no sampler thread competes for the two
    cores; a separate run with it on measures the tree's peak memory.
    """
    sink = log if log is not None else subprocess.DEVNULL
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        if os.access(GNU_TIME, os.X_OK):
            wrapped = [GNU_TIME, "-f", "%M", "-o", report.name, *argv]
        else:
            wrapped = [sys.executable, "-c", RSS_WRAPPER, report.name, *argv]
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped, cwd=cwd, env=env, stdout=sink, stderr=subprocess.STDOUT
        )
        sampler = TreeSampler(process.pid) if sample_tree else None
        returncode = process.wait()
        seconds = time.perf_counter() - start
        tree_pss = sampler.stop() if sampler is not None else None
        # GNU time writes "Command exited with non-zero status N" before the figure.
        lines = report.read().split()
    return Run(
        seconds=seconds,
        returncode=returncode,
        max_rss_kib=int(lines[-1]) if lines and lines[-1].isdigit() else 0,
        tree_pss_kib=tree_pss,
    )


class TreeSampler:
    """Samples the summed PSS of a process and its descendants every `interval` s."""

    def __init__(self, pid: int, interval: float = 0.02) -> None:
        self._pid = pid
        self._interval = interval
        self._peak_kib = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self._peak_kib

    def _loop(self) -> None:
        while not self._done.wait(self._interval):
            self._peak_kib = max(self._peak_kib, tree_pss_kib(self._pid))


def tree_pss_kib(root: int) -> int:
    """Summed PSS of `root` and its descendants, in KiB (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stream:
                stat = stream.read()
        except OSError:
            continue
        parent = int(stat.rpartition(b")")[2].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total = 0
    pending = [root]
    while pending:
        pid = pending.pop()
        pending.extend(children.get(pid, ()))
        total += pss_kib(pid)
    return total


def pss_kib(pid: int) -> int:
    """Proportional set size of one process (its RSS where smaps_rollup is missing)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as stream:
            for line in stream:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    except OSError:
        return 0
    try:
        with open(f"/proc/{pid}/statm", "rb") as stream:
            return int(stream.read().split()[1]) * PAGE_KIB
    except OSError:
        return 0


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def summarize(runs: Sequence[Run]) -> dict[str, Any]:
    """Median, spread and memory of timed runs, JSON-ready."""
    seconds = [r.seconds for r in runs]
    return {
        "median_s": round(median(seconds), 4),
        "min_s": round(min(seconds), 4),
        "max_s": round(max(seconds), 4),
        "runs_s": [round(s, 4) for s in seconds],
        "max_rss_mib": round(max(r.max_rss_kib for r in runs) / 1024, 1),
        "returncodes": sorted({r.returncode for r in runs}),
    }


def machine() -> dict[str, Any]:
    """The facts about this machine that a reader needs to weigh the figures."""
    cpu: dict[str, str] = {}
    with open("/proc/cpuinfo", encoding="utf-8") as stream:
        for line in stream:
            key, _, value = line.partition(":")
            if not key.strip():
                break  # the first processor's block is enough
            cpu.setdefault(key.strip(), value.strip())
    mem_kib = 0
    with open("/proc/meminfo", encoding="utf-8") as stream:
        for line in stream:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu.get("model name", "unknown"),
        "cpu_family_model": f"{cpu.get('cpu family', '?')}/{cpu.get('model', '?')}",
        "cpu_mhz": cpu.get("cpu MHz", "?"),
        "hypervisor": "hypervisor" in cpu.get("flags", "").split(),
        "ram_gib": round(mem_kib / 1024 / 1024, 1),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "kernel": platform.release(),
    }


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub Markdown table; the first column left-aligned, the others right."""
    align = [":--"] + ["--:"] * (len(headers) - 1)
    lines = [headers, align, *rows]
    return "\n".join(
        "| " + " | ".join(str(cell) for cell in line) + " |" for line in lines
    )


def seconds_text(value: float | None) -> str:
    if value is None:
        return "pending"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def ratio_text(slower: float | None, faster: float | None) -> str:
    """`slower / faster` as '2.4×'; 'pending' when either is missing."""
    if slower is None or faster is None or faster == 0:
        return "pending"
    return f"{slower / faster:.2f}×"


def count_lines(root: Path) -> dict[str, dict[str, int]]:
    """Files and lines under `root` by suffix (`.py`, `.pyi`, `.md`, ...), plus `total`;
    hidden folders (a formatter's cache) and `__pycache__` are left out."""
    counts: dict[str, dict[str, int]] = {}
    for path in sorted(root.rglob("*")):
        inside = path.relative_to(root).parts
        if not path.is_file() or any(
            part.startswith((".", "__pycache__")) for part in inside[:-1]
        ):
            continue
        try:
            lines = path.read_bytes().count(b"\n")
        except OSError:
            continue
        for key in (path.suffix or path.name, "total"):
            entry = counts.setdefault(key, {"files": 0, "lines": 0})
            entry["files"] += 1
            entry["lines"] += lines
    return counts


def warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
