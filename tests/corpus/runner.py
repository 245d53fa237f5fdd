"""The corpus runner: every vendor spec of `../shared/corpus/` through sdkgen and the peer.

For each spec: generate (strict; else `--lenient`, recording why), import every module
in a fresh interpreter, `mypy --strict` on the package and on its generated tests, run
the generated suite against `prism mock --errors` and classify each failure
(`classify.py`); the same spec through openapi-python-client (generate, import, mypy).
`report.py` writes the table. Each spec runs in its own folder and subprocesses, each
step under a timeout, and one spec's crash is recorded, not raised.

    python -m tests.corpus.runner                 # all specs → tests/corpus/RESULTS.md
    python -m tests.corpus.runner 01 02 --no-peer # a subset, no peer
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from .classify import CLASSES, classify
from .report import write_results

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
PRISM = REPO / "node_modules" / ".bin" / "prism"
PEER_VENV = Path(__file__).resolve().parent / ".venv-peer"
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
ROOTS = {"09-digitalocean": "DigitalOcean-public.v2.yaml"}
"""Split specs: folder → root file."""

GENERATE_TIMEOUT = 1800
MYPY_TIMEOUT = 1800
IMPORT_TIMEOUT = 900
PRISM_STARTUP = 300
SUITE_TIMEOUT = 2400

_UNDECLARED = re.compile(r"warning: required property '([^']+)' is not defined")
_OVERLAPPING = re.compile(r"warning: `oneOf` (member \d+ \([^)]*\) extends member \d+ \([^)]*\))")

IMPORT_EVERY_MODULE = r"""
import importlib, json, os, sys, traceback
root, package = sys.argv[1], sys.argv[2]
sys.path.insert(0, root)
for warm in sys.argv[3:]:
    try:
        importlib.import_module(warm)
    except Exception:
        pass
names = []
for folder, dirs, files in os.walk(os.path.join(root, package)):
    dirs[:] = sorted(d for d in dirs if d != "__pycache__")
    rel = os.path.relpath(folder, root).replace(os.sep, ".")
    for file in sorted(files):
        if file.endswith(".py"):
            names.append(rel if file == "__init__.py" else f"{rel}.{file[:-3]}")
failures = {}
for name in names:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            importlib.import_module(name)
            code = 0
        except BaseException as exc:
            os.write(write, f"{type(exc).__name__}: {exc}".encode()[:2000])
            code = 1
        os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        message = pipe.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        failures[name] = message or f"exit status {status}"
print(json.dumps({"modules": len(names), "failures": failures}))
"""
"""Every module of a package imported first in a fresh interpreter: a forked child of
a process that has imported only the given modules (for sdkgen the third-party libraries
and the package's hand-written runtime, so an import cycle between generated modules
that fails when one of them is imported first is found)."""


@dataclass
class Side:
    """What one generator made of one spec."""

    generated: str = "not run"
    """`strict`, `lenient`, `peer`, or `failed: ...`."""
    why: str = ""
    """Why strict generation failed (the first problem), or the peer's warning count."""
    modules: int = 0
    import_failures: dict[str, str] = field(default_factory=dict)
    mypy_package: str = "not run"
    mypy_tests: str = "not run"
    seconds: float = 0.0
    undeclared: frozenset[str] = frozenset()
    """Properties the spec requires but no schema declares (sdkgen's warnings)."""
    overlapping: frozenset[str] = frozenset()
    """`oneOf` members that extend another member (sdkgen's warnings)."""


@dataclass
class SpecResult:
    name: str
    sdkgen: Side = field(default_factory=Side)
    peer: Side = field(default_factory=Side)
    suite: str = "not run"
    """`ran`, or why the suite did not run."""
    counts: Counter[str] = field(default_factory=Counter)
    notes: dict[str, Counter[str]] = field(default_factory=dict)
    """Failure class → note → how many tests."""
    suite_seconds: float = 0.0


def specs(selected: Sequence[str] = ()) -> list[tuple[str, Path]]:
    """`(name, root file)` of each corpus spec (those whose name starts with a selection)."""
    if not CORPUS.is_dir():
        return []
    found = []
    for entry in sorted(CORPUS.iterdir()):
        if not re.match(r"\d\d-", entry.name):
            continue
        name = entry.name.split(".")[0]
        root = entry / ROOTS[name] if entry.is_dir() else entry
        if not selected or any(name.startswith(s) for s in selected):
            found.append((name, root))
    return found


def run_spec(name: str, spec: Path, work: Path, *, peer: bool = True) -> SpecResult:
    """Everything for one spec, in `work/<name>`; never raises."""
    result = SpecResult(name)
    folder = work / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        sdk = _sdkgen(spec, folder, result.sdkgen)
        if sdk is not None:
            _suite(spec, sdk, folder, result)
    except Exception as exc:  # one spec's crash is its result, not the run's
        result.sdkgen.generated = result.sdkgen.generated or f"failed: {exc!r}"
        result.suite = f"runner error: {exc!r}"
    if peer:
        try:
            _peer(spec, folder, result.peer)
        except Exception as exc:
            result.peer.generated = f"failed: runner error {exc!r}"
    return result


def _sdkgen(spec: Path, folder: Path, side: Side) -> Path | None:
    """Generate, import, mypy; the SDK folder (`<out>/python`) or None."""
    out = folder / "sdkgen"
    env = {**os.environ, "SDKGEN_CACHE_DIR": str(folder / "sdkgen-cache")}
    start = time.monotonic()
    command = [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(out), "--quiet"]
    done = _run(command, cwd=REPO, env=env, timeout=GENERATE_TIMEOUT)
    side.generated = "strict"
    if done.returncode != 0:
        side.why = _first_problem(done)
        done = _run([*command, "--lenient"], cwd=REPO, env=env, timeout=GENERATE_TIMEOUT)
        side.generated = "lenient"
    side.seconds = time.monotonic() - start
    side.undeclared = frozenset(_UNDECLARED.findall(done.stdout + done.stderr))
    side.overlapping = frozenset(_OVERLAPPING.findall(done.stdout + done.stderr))
    if done.returncode != 0:
        side.generated = f"failed (exit {done.returncode})"
        side.why = _first_problem(done)
        return None
    root = out / "python"
    package = _package(root, exclude={"tests"})
    # The hand-written runtime (`_models.py`, `_base_client.py`, ...) is imported before
    # the forks: each child then imports only the generated modules it needs.
    runtime = sorted(
        f"{package}.{f.stem}"
        for f in (root / package).glob("_*.py")
        if f.stem not in ("__init__", "_client")
    )
    warm = ("httpx", "pydantic", "typing_extensions", package, *runtime)
    _imports(sys.executable, root, package, side, warm=warm)
    cache = folder / "mypy-cache"
    side.mypy_package = _mypy([sys.executable, "-m", "mypy"], root, [package], cache)
    side.mypy_tests = _mypy([sys.executable, "-m", "mypy"], root, ["tests"], cache)
    return root


def _suite(spec: Path, root: Path, folder: Path, result: SpecResult) -> None:
    """The generated tests against Prism; each failure classified."""
    conftest = (root / "tests" / "conftest.py").read_text(encoding="utf-8")
    found = re.search(r'"([A-Z0-9_]+_TEST_BASE_URL)"', conftest)
    if found is None:
        result.suite = "no base URL variable in the generated conftest.py"
        return
    package = _package(root, exclude={"tests"})
    records = folder / "suite.jsonl"
    start = time.monotonic()
    with _prism(spec, folder / "prism.log") as url:
        if url is None:
            log = (folder / "prism.log").read_text(encoding="utf-8", errors="replace")
            result.suite = "Prism did not start: " + _last_line(log)
            return
        env = {
            **os.environ,
            found.group(1): url,
            "PYTHONPATH": os.pathsep.join([str(root), str(Path(__file__).resolve().parent)]),
            "CORPUS_EXCHANGES": str(records),
            "CORPUS_PACKAGE": package,
        }
        command = [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider",
                   "-p", "recorder", "--rootdir", ".", "-c", "pyproject.toml"]  # fmt: skip
        done = _run(command, cwd=root, env=env, timeout=SUITE_TIMEOUT)
    result.suite_seconds = time.monotonic() - start
    result.suite = "timed out" if done.returncode == -signal.SIGKILL else "ran"
    if not records.exists():
        result.suite = f"no results (pytest exit {done.returncode}): {_last_line(done.stdout)}"
        return
    for line in records.read_text(encoding="utf-8").splitlines():
        verdict = classify(
            json.loads(line),
            undeclared=result.sdkgen.undeclared,
            overlapping=result.sdkgen.overlapping,
        )
        result.counts[verdict.kind] += 1
        if verdict.kind in CLASSES:
            result.notes.setdefault(verdict.kind, Counter())[verdict.note] += 1


def _peer(spec: Path, folder: Path, side: Side) -> None:
    """openapi-python-client: generate, import, mypy (it writes no tests)."""
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        side.generated = "not installed (make corpus installs it)"
        return
    out = folder / "peer"
    start = time.monotonic()
    done = _run(
        [str(PEER_VENV / "bin" / "openapi-python-client"), "generate", "--path", str(spec),
         "--output-path", str(out), "--meta", "setup", "--overwrite"],
        cwd=folder, env=dict(os.environ), timeout=GENERATE_TIMEOUT,
    )  # fmt: skip
    side.seconds = time.monotonic() - start
    warnings = done.stdout.count("Warning(s) encountered") + len(re.findall(r"^WARNING", done.stdout, re.M))
    if done.returncode != 0 or not out.is_dir():
        side.generated = f"failed (exit {done.returncode})"
        side.why = _last_line(done.stdout + "\n" + done.stderr)
        return
    side.generated = "generated"
    side.why = _peer_warnings(done.stdout) if warnings else ""
    package = _package(out, exclude=set())
    # Its `models/__init__.py` imports every model: imported once before the forks, or
    # each child would import them all again.
    _imports(str(python), out, package, side, warm=("httpx", "attrs", "dateutil", f"{package}.models"))
    side.mypy_package = _mypy([str(python), "-m", "mypy"], out, [package], folder / "peer-mypy-cache")
    side.mypy_tests = "no tests"


def _peer_warnings(stdout: str) -> str:
    """How many endpoints/schemas the peer skipped, from its warning text."""
    skipped = len(re.findall(r"^Unable to (?:parse|process|generate)", stdout, re.M))
    return f"{skipped} parts skipped with warnings" if skipped else "warnings"


def _imports(python: str, root: Path, package: str, side: Side, *, warm: Sequence[str]) -> None:
    done = _run([python, "-c", IMPORT_EVERY_MODULE, str(root), package, *warm], cwd=root,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}, timeout=IMPORT_TIMEOUT)  # fmt: skip
    try:
        found = json.loads(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        side.import_failures = {"<runner>": _last_line(done.stderr) or f"exit {done.returncode}"}
        return
    side.modules = found["modules"]
    side.import_failures = found["failures"]


def _mypy(mypy: list[str], root: Path, targets: list[str], cache: Path) -> str:
    """`0`, or the error count, or why mypy did not finish."""
    done = _run([*mypy, "--strict", "--cache-dir", str(cache), *targets], cwd=root,
                env=dict(os.environ), timeout=MYPY_TIMEOUT)  # fmt: skip
    if done.returncode == -signal.SIGKILL:
        return "timed out"
    errors = len(re.findall(r": error:", done.stdout))
    if done.returncode not in (0, 1) or (done.returncode == 1 and not errors):
        return f"crashed: {_last_line(done.stdout + done.stderr)}"
    return str(errors)


def _package(root: Path, *, exclude: set[str]) -> str:
    for child in sorted(root.iterdir()):
        if child.is_dir() and child.name not in exclude and (child / "__init__.py").exists():
            return child.name
    raise RuntimeError(f"no package in {root}")


@contextmanager
def _prism(spec: Path, log: Path) -> Iterator[str | None]:
    """Prism on a free loopback port; its URL, or None if it exited or never answered."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with log.open("w", encoding="utf-8") as sink:
        process = subprocess.Popen(
            [str(PRISM), "mock", "--errors", "--host", "127.0.0.1", "--port", str(port), str(spec)],
            stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + PRISM_STARTUP
        while process.poll() is None and time.monotonic() < deadline:
            try:
                httpx.get(f"{url}/__health__", timeout=1.0)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        yield url if process.poll() is None and time.monotonic() < deadline else None
    finally:
        _kill(process)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _kill(process: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """End a process started in its own session, and everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()


def _run(command: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess[str]:
    """`subprocess.run` in its own session, killed whole (returncode -9) on timeout."""
    process = subprocess.Popen(list(command), cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)  # fmt: skip
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        return subprocess.CompletedProcess(list(command), -signal.SIGKILL, stdout, stderr)
    return subprocess.CompletedProcess(list(command), process.returncode, stdout, stderr)


def _first_problem(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in (done.stderr + done.stdout).splitlines() if "error" in line.lower()]
    text = lines[0] if lines else _last_line(done.stderr + done.stdout)
    return text.replace(str(CORPUS) + os.sep, "")[:300]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:300] if lines else ""


def run(selected: Sequence[str] = (), *, peer: bool = True, jobs: int = 1, work: Path | None = None) -> list[SpecResult]:
    """Run the selected specs (all by default), `jobs` at a time."""
    chosen = specs(selected)
    with tempfile.TemporaryDirectory(prefix="sdkgen-corpus-") as temporary:
        base = work or Path(temporary)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            # The biggest first, so two long specs do not end the run one after the other.
            biggest = sorted(chosen, key=lambda item: -_size(item[1]))
            futures = {name: pool.submit(run_spec, name, spec, base, peer=peer) for name, spec in biggest}
            return [futures[name].result() for name, _ in chosen]


def _size(spec: Path) -> int:
    """Bytes of a spec (of its whole folder when it is split)."""
    folder = spec.parent if spec.parent != CORPUS else None
    files = folder.rglob("*") if folder else [spec]
    return sum(f.stat().st_size for f in files if f.is_file())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("select", nargs="*", help="spec name prefixes (01, 02-xero...); default all")
    parser.add_argument("--no-peer", action="store_true", help="skip openapi-python-client")
    parser.add_argument("--jobs", type=int, default=2, help="specs run at once (default 2)")
    parser.add_argument("--work", type=Path, help="keep each spec's output in this folder")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the table to write")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"no corpus at {CORPUS.relative_to(REPO.parent)}: nothing to run")
        return 0
    start = time.monotonic()
    results = run(args.select, peer=not args.no_peer, jobs=args.jobs, work=args.work)
    write_results(results, args.results, seconds=time.monotonic() - start)
    print(args.results.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
