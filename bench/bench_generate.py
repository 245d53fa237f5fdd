"""Generator benchmark: sdkgen against openapi-python-client, side by side in one run.

Suite `pinterest`, on (a) the curated spec/openapi.yaml, (b) the official 5.18.0
description pruned to our 92 endpoints and (c) the full official 5.23.0 description:

* cold: sdkgen with an empty cache dir into an empty folder, against
  openapi-python-client (which formats its output with ruff in post hooks). The
  peer reads one file only, so it gets a bundle of a multi-file spec (made once,
  untimed: bench/bundle_spec.py); sdkgen reads the spec's own files;
* one change: the description of one field of one schema gets a new text before every
  run; sdkgen regenerates with its warm cache into its existing output, against
  openapi-python-client regenerating with --overwrite;
* check: `sdkgen check` on the unchanged tree it just wrote (warm cache).

Suite `scaling`: cold generation of synthetic specs of 100, 1,000 and 5,000 operations
(bench/synth_spec.py), with the cost per operation.

The tools alternate run by run (and swap order every repetition), so a noisy machine
slows both alike and the ratios hold. Wall time is the median of --runs runs. Memory
is given twice ("RSS · tree"): the peak RSS of the largest process over the cold runs
(`/usr/bin/time -f %M`), and the peak summed PSS of the whole process tree (worker
processes included, shared pages counted once) from one more cold run sampled every
20 ms. Writes JSON (--json) and prints Markdown tables.

    bench/.venv-peers/bin/python bench/bench_generate.py --suite all
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bundle_spec
import measure
import prune_spec
import spec_files
import synth_spec

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# sdkgen's command lines; the cache dir reaches it through SDKGEN_CACHE_DIR.
SDKGEN_GENERATE = "{sdkgen} generate {spec} --out {out} --quiet"
SDKGEN_CHECK = "{sdkgen} check {spec} --out {out}"
CACHE_ENV = "SDKGEN_CACHE_DIR"
SDKGEN, PEER = "sdkgen", "openapi-python-client"
PEER_SKIPPED = re.compile(r"WARNING parsing (\w+) (\S+) within \S+\. Endpoint will not")
PEER_DROPPED = re.compile(
    r"WARNING parsing (\w+) (\S+) within \S+\.\s+Cannot parse response"
)


@dataclass(frozen=True, slots=True)
class Case:
    """One input spec; `bundled` is its one-file form when it spans several files."""

    key: str
    label: str
    spec: Path
    operations: int
    schemas: int
    bundled: Path | None = None

    def input_for(self, tool: Tool) -> Path:
        """The file `tool` reads: the bundle for a tool that reads one file only."""
        if tool.single_file and self.bundled is not None:
            return self.bundled
        return self.spec


@dataclass(frozen=True, slots=True)
class Tool:
    """How to run a generator; templates are argv words with {spec}, {out}, {cache}."""

    name: str
    generate: tuple[str, ...]
    check: tuple[str, ...] | None
    env: dict[str, str]
    cwd: Path
    cache_env: str | None = None
    pending: str | None = None  # why it cannot be measured here; None when it can
    single_file: bool = False  # fails on `$ref`s to other files: give it a bundle

    def argv(
        self, template: Sequence[str], spec: Path, out: Path, cache: Path
    ) -> list[str]:
        return [word.format(spec=spec, out=out, cache=cache) for word in template]

    def environment(self, cache: Path) -> dict[str, str]:
        if self.cache_env is None:
            return self.env
        return {**self.env, self.cache_env: str(cache)}


# A mode needs the ones before it: one change and check start from the warm-up's tree,
# and check reads what the one-change run wrote.
NEEDS = {"regenerate": ("warm-up",), "check": ("warm-up", "regenerate")}


@dataclass(slots=True)
class Figures:
    """Everything measured for one (case, tool), by mode: warm-up, cold, cold-memory,
    regenerate (one change), check."""

    runs: dict[str, list[measure.Run]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)  # mode → what went wrong
    pending: str | None = None  # the tool cannot run here at all
    cold_tree_pss_kib: int | None = None
    lines: dict[str, dict[str, int]] = field(default_factory=dict)
    skipped_endpoints: list[str] = field(default_factory=list)
    dropped_responses: list[str] = field(default_factory=list)

    def blocked(self, mode: str) -> bool:
        """Whether `mode` cannot run: the tool is pending, or it or a mode it needs
        failed."""
        modes = (mode, *NEEDS.get(mode, ()))
        return self.pending is not None or any(m in self.failures for m in modes)

    def median(self, mode: str) -> float | None:
        runs = self.runs.get(mode)
        if self.blocked(mode) or not runs:
            return None
        return measure.median([run.seconds for run in runs])

    def cell(self, mode: str) -> str:
        """The table cell of a timed mode: its median, 'failed' or 'pending'."""
        if self.pending is None and self.blocked(mode):
            return "failed"
        return measure.seconds_text(self.median(mode))

    def as_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {"pending": self.pending, "failures": self.failures}
        for mode in ("cold", "regenerate", "check"):
            runs = self.runs.get(mode)
            result[mode] = measure.summarize(runs) if runs else None
        if self.cold_tree_pss_kib is not None:
            result["cold_tree_pss_mib"] = round(self.cold_tree_pss_kib / 1024, 1)
        result["lines"] = self.lines
        if self.skipped_endpoints:
            result["skipped_endpoints"] = self.skipped_endpoints
        if self.dropped_responses:
            result["dropped_responses"] = self.dropped_responses
        return result


# ------------------------------------------------------------------ the two tools


def sdkgen_tool(args: argparse.Namespace) -> Tool:
    command = shlex.split(args.sdkgen) if args.sdkgen else default_sdkgen()

    def template(line: str) -> tuple[str, ...]:
        words = shlex.split(line)
        return tuple(
            part
            for word in words
            for part in (command if word == "{sdkgen}" else [word])
        )

    pending = None
    if shutil.which(command[0]) is None:
        pending = f"{command[0]} not found: run `make generate` or pass --sdkgen"
    elif subprocess.run([*command, "--help"], capture_output=True, cwd=REPO).returncode:
        pending = f"`{shlex.join(command)} --help` failed"
    return Tool(
        name=SDKGEN,
        generate=template(args.sdkgen_generate),
        check=template(args.sdkgen_check),
        env=tool_environment(),
        cwd=REPO,  # where [tool.sdkgen] in pyproject.toml is found
        cache_env=CACHE_ENV,
        pending=pending,
    )


def tool_environment() -> dict[str, str]:
    """This environment, without `PYTHONDONTWRITEBYTECODE`: both tools run as their
    users run them, with bytecode caches. Set in a shell, it would make an editable
    install (sdkgen's, here) compile its modules on every run, while the peer, installed
    by pip, has them compiled already."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def shown(command: Sequence[str]) -> str:
    """A command line for the results file: paths inside the repo relative to it, so
    the file names no machine's folders."""
    prefix = f"{REPO}/"
    return shlex.join(word.replace(prefix, "") for word in command)


def default_sdkgen() -> list[str]:
    """The repo's own venv (`make generate` makes it), else `sdkgen` on PATH."""
    local = REPO / ".venv" / "bin" / "sdkgen"
    return ["sdkgen"] if not local.exists() and shutil.which("sdkgen") else [str(local)]


def peer_tool(args: argparse.Namespace) -> Tool:
    command = shlex.split(args.peer)
    generate = ("generate", "--path", "{spec}", "--output-path", "{out}", "--overwrite")
    # Its post hooks run `ruff` from PATH; without its venv's bin on PATH they fail and
    # it skips formatting, which would flatter it.
    env = tool_environment()
    env["PATH"] = f"{Path(command[0]).parent}{os.pathsep}{env.get('PATH', '')}"
    pending = None
    if shutil.which(command[0]) is None:
        pending = f"{command[0]} not found: run bench/install_peers.sh"
    return Tool(
        PEER, (*command, *generate), None, env, BENCH, pending=pending, single_file=True
    )


def version(argv: Sequence[str]) -> str | None:
    done = subprocess.run(
        [*argv, "--version"], capture_output=True, text=True, cwd=REPO
    )
    output = (done.stdout or done.stderr).strip()
    return output.splitlines()[0] if done.returncode == 0 and output else None


# ------------------------------------------------------------------ running a case


class Runner:
    """Runs the cases in one scratch folder; logs land in its `logs/`."""

    def __init__(self, work: Path, runs: int, edit_schema: str | None) -> None:
        self.work = work
        self.runs = runs
        self.edit_schema = edit_schema
        self.logs = work / "logs"
        self.logs.mkdir(exist_ok=True)
        self._folders = 0

    def fresh(self, name: str) -> Path:
        self._folders += 1
        path = self.work / f"{self._folders:03}-{name}"
        path.mkdir(parents=True)
        return path

    def case(
        self, case: Case, tools: Sequence[Tool], one_change: bool = True
    ) -> dict[str, Figures]:
        """Measure every tool on `case`: cold runs, then (with `one_change`) the
        one-change regeneration and check runs, then one sampled cold run for memory."""
        measure.warn(
            f"{case.label}: {case.operations} operations, {case.schemas} schemas"
        )
        figures = {tool.name: Figures(pending=tool.pending) for tool in tools}
        active = [tool for tool in tools if tool.pending is None]
        # Each input file the tools read gets its own copy to edit (the spec itself,
        # and its bundle for a tool that reads one file), the same field in each.
        copies: dict[Path, Path] = {}
        for tool in active:
            source = case.input_for(tool)
            if source not in copies:
                copies[source] = spec_files.copy_spec(source, self.fresh("spec"))
        edits = [
            spec_files.FieldEdit.locate(copy, self.edit_schema)
            for copy in copies.values()
        ]
        if one_change:
            for edit in edits:
                measure.warn(f"  one change edits {edit.describe()}")
                edit.apply("baseline")
        warm = {
            tool.name: self.warm_up(
                case, tool, copies[case.input_for(tool)], figures[tool.name]
            )
            for tool in active
        }

        for rep in range(self.runs):
            order = active if rep % 2 == 0 else active[::-1]
            for tool in order:
                self.cold(case, tool, figures[tool.name])
            if one_change:
                for edit in edits:
                    edit.apply(str(rep))
                for tool in order:
                    paths = warm[tool.name]
                    if paths is not None:
                        self.one_change(case, tool, paths, figures[tool.name])
            measure.warn(f"  run {rep + 1}/{self.runs}")
        for tool in active:
            self.cold(case, tool, figures[tool.name], sample=True)
        return figures

    def warm_up(
        self, case: Case, tool: Tool, spec: Path, figures: Figures
    ) -> tuple[Path, Path, Path] | None:
        """Generate once, untimed: it warms the OS caches and the tool's bytecode, gives
        the output's line counts, and leaves the (spec, out, cache) state that the
        one-change and check runs start from. None if it failed."""
        paths = (
            spec,
            self.fresh(f"{tool.name}-out") / "out",
            self.fresh(f"{tool.name}-cache"),
        )
        log = self.run(case, tool, tool.generate, paths, figures, "warm-up")
        if log is None:
            return None
        figures.lines = measure.count_lines(paths[1])
        if tool.cache_env is not None and not any(paths[2].iterdir()):
            measure.warn(
                f"  {tool.name} left its cache dir empty: if it caches elsewhere, the "
                "'cold' runs are not cold (see --sdkgen-generate)"
            )
        if tool.name == PEER:
            text = log.read_text(errors="replace")
            figures.skipped_endpoints = peer_warnings(PEER_SKIPPED, text)
            figures.dropped_responses = peer_warnings(PEER_DROPPED, text)
        return paths

    def cold(
        self, case: Case, tool: Tool, figures: Figures, sample: bool = False
    ) -> None:
        scratch = self.fresh(f"{tool.name}-cold")
        out, cache = scratch / "out", scratch / "cache"
        out.mkdir()
        cache.mkdir()
        label = "cold-memory" if sample else "cold"
        paths = (case.input_for(tool), out, cache)
        self.run(case, tool, tool.generate, paths, figures, label, sample)
        shutil.rmtree(scratch, ignore_errors=True)

    def one_change(
        self, case: Case, tool: Tool, paths: tuple[Path, Path, Path], figures: Figures
    ) -> None:
        self.run(case, tool, tool.generate, paths, figures, "regenerate")
        if tool.check is not None:
            self.run(case, tool, tool.check, paths, figures, "check")

    def run(
        self,
        case: Case,
        tool: Tool,
        template: Sequence[str],
        paths: tuple[Path, Path, Path],
        figures: Figures,
        label: str,
        sample: bool = False,
    ) -> Path | None:
        """Run one command and file its figures under `label`; return its log, or None
        when it failed (noted in `figures`, which stops further runs of the tool)."""
        if figures.blocked(label):
            return None
        log = self.logs / f"{case.key}-{tool.name}-{label}.log"
        with log.open("wb") as stream:
            result = measure.run(
                tool.argv(template, *paths),
                cwd=tool.cwd,
                env=tool.environment(paths[2]),
                log=stream,
                sample_tree=sample,
            )
        if result.returncode != 0:
            tail = " / ".join(log.read_text(errors="replace").strip().splitlines()[-3:])
            figures.failures[label] = f"exit {result.returncode}: {tail}"
            measure.warn(
                f"  {tool.name} {label} failed (exit {result.returncode}); log: {log}"
            )
            return None
        if sample:
            figures.cold_tree_pss_kib = result.tree_pss_kib
        else:
            figures.runs.setdefault(label, []).append(result)
        return log


def peer_warnings(pattern: re.Pattern[str], log: str) -> list[str]:
    """The endpoints of openapi-python-client's warnings of one kind: those it did not
    generate (PEER_SKIPPED), or whose response it could not type (PEER_DROPPED)."""
    return [f"{method} {path}" for method, path in pattern.findall(log)]


# ------------------------------------------------------------------ the inputs


def pinterest_cases(args: argparse.Namespace, work: Path) -> list[Case]:
    cases = []
    curated: Path = args.curated
    if curated.is_file():
        bundled = None
        if spec_files.has_external_refs(spec_files.load(curated)):
            bundled = work / "curated-bundled.yaml"
            if bundle_spec.main([str(curated), "-o", str(bundled)]):
                raise SystemExit("bench_generate: bundling the curated spec failed")
        size = spec_files.size(bundled or curated)
        label = "(a) curated spec/openapi.yaml"
        cases.append(Case("curated", label, curated, *size, bundled=bundled))
    else:
        measure.warn(f"{curated} not there yet: case (a) pending")

    reference: Path | None = args.reference
    if reference is None or not reference.is_dir():
        hint = spec_files.DOWNLOAD_HINT
        measure.warn(f"no reference folder: cases (b) and (c) pending. {hint}")
        return cases
    official_518 = reference / spec_files.OFFICIAL_518
    official_523 = reference / spec_files.OFFICIAL_523
    if official_518.is_file() and not args.map.is_file():
        measure.warn(
            f"endpoint map {args.map} not found (pass --map): case (b) pending"
        )
    elif official_518.is_file():
        pruned = work / "pinterest-5.18.0-pruned.yaml"
        if prune_spec.main(
            [str(official_518), "--map", str(args.map), "-o", str(pruned)]
        ):
            raise SystemExit("bench_generate: pruning failed")
        label = "(b) official 5.18.0 pruned to our 92"
        cases.append(Case("pruned", label, pruned, *spec_files.size(pruned)))
    else:
        measure.warn(
            f"{official_518} missing: case (b) pending. {spec_files.DOWNLOAD_HINT}"
        )
    if official_523.is_file():
        label = "(c) official 5.23.0, full"
        cases.append(Case("full", label, official_523, *spec_files.size(official_523)))
    else:
        measure.warn(
            f"{official_523} missing: case (c) pending. {spec_files.DOWNLOAD_HINT}"
        )
    return cases


def scaling_cases(sizes: Sequence[int], work: Path) -> list[Case]:
    cases = []
    for operations in sizes:
        document = synth_spec.synth_spec(operations)
        path = work / f"synth-{operations}.yaml"
        synth_spec.write(document, path)
        schemas = len(document["components"]["schemas"])
        cases.append(
            Case(f"synth-{operations}", f"{operations:,}", path, operations, schemas)
        )
    return cases


# ------------------------------------------------------------------ tables


Results = dict[str, dict[str, Figures]]


def pinterest_table(cases: Sequence[Case], results: Results) -> str:
    headers = [
        "input", "ops",
        "sdkgen cold", "peer cold", "peer ÷ sdkgen",
        "sdkgen 1 change", "peer 1 change", "peer ÷ sdkgen",
        "sdkgen check", "sdkgen MiB", "peer MiB",
        "sdkgen lines", "peer lines",
    ]  # fmt: skip
    rows = []
    for case in cases:
        ours, peer = results[case.key][SDKGEN], results[case.key][PEER]
        row: list[object] = [case.label, case.operations]
        for mode in ("cold", "regenerate"):
            row += [
                ours.cell(mode),
                peer.cell(mode),
                measure.ratio_text(peer.median(mode), ours.median(mode)),
            ]
        row += [ours.cell("check")]
        row += [peak_mib(ours), peak_mib(peer), total_lines(ours), total_lines(peer)]
        rows.append(row)
    return measure.markdown_table(headers, rows)


def scaling_table(cases: Sequence[Case], results: Results) -> str:
    headers = ["operations", "schemas"]
    for name in ("sdkgen", "peer"):
        headers += [
            f"{name} cold",
            f"{name} per op",
            f"{name} MiB",
            f"{name} lines",
        ]
    rows = []
    for case in cases:
        row: list[object] = [case.label, case.schemas]
        for name in (SDKGEN, PEER):
            figures = results[case.key][name]
            seconds = figures.median("cold")
            per_op = figures.cell("cold")
            if seconds is not None:
                per_op = f"{seconds / case.operations * 1000:.2f} ms"
            row += [
                figures.cell("cold"),
                per_op,
                peak_mib(figures),
                total_lines(figures),
            ]
        rows.append(row)
    return (
        f"{measure.markdown_table(headers, rows)}\n\n{growth(cases, results)}".strip()
    )


def growth(cases: Sequence[Case], results: Results) -> str:
    """Per tool and pair of consecutive sizes: the marginal cost per operation and the
    exponent k of time ∝ n^k between them (1.0 is linear; fixed costs pull it below)."""
    if len(cases) < 2:
        return ""
    notes = []
    for name in (SDKGEN, PEER):
        parts = []
        for small, large in zip(cases, cases[1:], strict=False):
            before = results[small.key][name].median("cold")
            after = results[large.key][name].median("cold")
            step = f"{small.operations:,}→{large.operations:,}"
            if before is None or after is None:
                parts.append(f"{step}: pending")
                continue
            marginal = (after - before) / (large.operations - small.operations)
            k = math.log(after / before) / math.log(large.operations / small.operations)
            parts.append(f"{step}: {marginal * 1000:.2f} ms/op marginal, k = {k:.2f}")
        notes.append(f"- {name}: " + "; ".join(parts))
    return "\n".join(notes)


def peak_mib(figures: Figures) -> str:
    """'RSS · tree': the peak RSS of the largest process over the cold runs, and the
    peak summed PSS of the whole process tree in the sampled cold run."""
    runs = figures.runs.get("cold")
    if figures.blocked("cold") or not runs:
        return figures.cell("cold")
    rss = f"{max(run.max_rss_kib for run in runs) / 1024:.0f}"
    if figures.cold_tree_pss_kib is None:
        return f"{rss} · {figures.cell('cold-memory')}"
    return f"{rss} · {figures.cold_tree_pss_kib / 1024:.0f}"


def total_lines(figures: Figures) -> str:
    if not figures.lines:
        return figures.cell("warm-up")
    return f"{figures.lines['total']['lines']:,}"


# ------------------------------------------------------------------ main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--suite", choices=("pinterest", "scaling", "all"), default="pinterest")
    add("--runs", type=int, default=5, help="timed runs per tool and mode (default: 5)")
    add(
        "--reference",
        type=Path,
        default=spec_files.default_reference(),
        help="folder with pinterest-openapi-5.18.0.yaml and -5.23.0.yaml "
        "(default: the vendored tests/data/pinterest-api-description/)",
    )
    add(
        "--map",
        type=Path,
        default=prune_spec.DEFAULT_MAP,
        help="endpoint map to prune with (default: tests/data/endpoint-map.tsv)",
    )
    add(
        "--curated",
        type=Path,
        default=REPO / "spec" / "openapi.yaml",
        help="root of the curated spec, case (a) (default: spec/openapi.yaml)",
    )
    add("--sizes", default="100,1000,5000", help="synthetic spec sizes, in operations")
    add(
        "--sdkgen",
        help="command that runs sdkgen (default: .venv/bin/sdkgen, else PATH)",
    )
    add(
        "--sdkgen-generate",
        default=SDKGEN_GENERATE,
        help=f"generate command line (default: {SDKGEN_GENERATE!r}); "
        f"{CACHE_ENV} is set to the cache dir too",
    )
    add(
        "--sdkgen-check",
        default=SDKGEN_CHECK,
        help=f"check command line (default: {SDKGEN_CHECK!r})",
    )
    add(
        "--peer",
        default=str(BENCH / ".venv-peers" / "bin" / "openapi-python-client"),
        help="openapi-python-client command (default: the bench venv's)",
    )
    add(
        "--edit-schema",
        help="schema the one-change runs edit (default: Pin, else first)",
    )
    add(
        "--json",
        type=Path,
        default=BENCH / "results" / "generate.json",
        help="results file (default: bench/results/generate.json)",
    )
    add("--work", type=Path, help="keep scratch files (outputs, logs) in this folder")
    args = parser.parse_args(argv)
    # The tools run in other folders (the peer in bench/): every path made absolute.
    for name, value in vars(args).items():
        if isinstance(value, Path):
            setattr(args, name, value.resolve())
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def suites(args: argparse.Namespace, work: Path) -> Iterator[tuple[str, list[Case]]]:
    if args.suite in ("pinterest", "all"):
        yield "pinterest", pinterest_cases(args, work)
    if args.suite in ("scaling", "all"):
        yield "scaling", scaling_cases([int(n) for n in args.sizes.split(",")], work)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    tools = [sdkgen_tool(args), peer_tool(args)]
    for tool in tools:
        if tool.pending:
            measure.warn(f"{tool.name}: pending ({tool.pending})")
    if args.work:
        args.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="bench-generate-", dir=args.work))
    report: dict[str, Any] = {
        "machine": measure.machine(),
        "runs": args.runs,
        "tools": {
            SDKGEN: {
                "generate": shown(tools[0].generate),
                "check": shown(tools[0].check or ()),
                "pending": tools[0].pending,
            },
            PEER: {
                "version": None if tools[1].pending else version(shlex.split(args.peer))
            },
        },
        "suites": {},
    }
    tables = []
    try:
        runner = Runner(work, args.runs, args.edit_schema)
        for suite, cases in suites(args, work):
            one_change = suite == "pinterest"  # scaling compares cold runs only
            results = {case.key: runner.case(case, tools, one_change) for case in cases}
            report["suites"][suite] = [
                {
                    "case": case.key,
                    "label": case.label,
                    "operations": case.operations,
                    "schemas": case.schemas,
                    "tools": {
                        name: f.as_json() for name, f in results[case.key].items()
                    },
                }
                for case in cases
            ]
            table = pinterest_table if suite == "pinterest" else scaling_table
            tables.append(f"### {suite}\n\n{table(cases, results)}")
    finally:
        if args.work:
            measure.warn(f"scratch files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n\n".join(tables))
    measure.warn(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
