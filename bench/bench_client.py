"""Client benchmarks: the generated `pinterest_client` against what httpx and pydantic
allow (and msgspec below them), with openapi-python-client's client of the same
pruned spec alongside.

* import: cold `import` in a fresh process (median of --import-runs), against the
  floor `import httpx, pydantic` (and, for information, `from pydantic import
  BaseModel`, which any model module pulls in);
* call: one `GET /pins/{pin_id}` through `httpx.MockTransport` (build the request,
  send, parse one Pin), against bare httpx + the hand-written pydantic Pin;
* parse: a 250-Pin `boards/{board_id}/pins` page and a 1,000-row ad account analytics
  response, models only (bytes → typed objects), and both end to end through the
  clients;
* memory: 10,000 parsed Pins kept alive (tracemalloc, a fresh process each).

Floors: bench/floors.py. Payloads: bench/payloads.py. The clients' names:
bench/client_hooks.py. In-process timings interleave the candidates, keep GC on and
report the median time per call. Needs the bench venv (bench/install_peers.sh, which
also installs generated/python when it exists):

    bench/.venv-peers/bin/python bench/bench_client.py
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import floors
import httpx
import measure
import payloads
import prune_spec
import pydantic
import spec_files
from client_hooks import (
    AD_ACCOUNT_ID,
    ANALYTICS,
    BASE_URL,
    BOARD_ID,
    PAGE,
    PIN,
    PIN_ID,
    TOKEN,
    Peer,
    Sdk,
    ensure_peer_client,
    load,
    route,
)

BENCH = Path(__file__).resolve().parent
MEMORY_PINS = 10_000

Thunk = Callable[[], Any]
Candidates = dict[str, Thunk | None]  # None: cannot run here (pending)
Timings = dict[str, list[float] | None]


class Clients:
    """The two clients' hooks, each None when it is not available."""

    def __init__(self, sdk: Sdk | None, peer: Peer | None) -> None:
        self.sdk = sdk
        self.peer = peer

    def labelled(self) -> list[tuple[str, Sdk | Peer | None]]:
        return [("sdkgen", self.sdk), ("peer", self.peer)]


def floor_http() -> httpx.Client:
    """The floor client: bare httpx, sending the same auth header the SDKs send."""
    return httpx.Client(
        transport=httpx.MockTransport(route),
        base_url=BASE_URL,
        headers={"Authorization": f"Bearer {TOKEN}"},
    )


def bind(function: Callable[[Any], Any], argument: Any) -> Thunk:
    return lambda: function(argument)


# ------------------------------------------------------------------ candidates


def call_candidates(clients: Clients) -> Candidates:
    """One `GET /pins/{pin_id}`, parse included."""
    http = floor_http()
    path = f"/pins/{PIN_ID}"
    candidates: Candidates = {
        "floor: httpx + pydantic Pin": lambda: floors.Pin.model_validate_json(
            http.get(path).content
        ),
        "info: httpx alone, no parsing": lambda: http.get(path).content,
    }
    transport = httpx.MockTransport(route)
    for label, hooks in clients.labelled():
        name = f"{label}: pins.get"
        candidates[name] = None
        if hooks is not None:
            candidates[name] = bind(hooks.get_pin, hooks.client(transport))
    return candidates


def page_candidates(clients: Clients) -> Candidates:
    candidates: Candidates = {
        "floor: pydantic model_validate_json": bind(
            floors.PinPage.model_validate_json, PAGE
        ),
        "floor: msgspec": bind(floors.PIN_PAGE_DECODER.decode, PAGE),
        "info: json.loads, untyped dicts": bind(json.loads, PAGE),
    }
    for label, hooks in clients.labelled():
        parse = None if hooks is None else bind(hooks.parse_page, PAGE)
        candidates[f"{label} models"] = parse
    return candidates


def analytics_candidates(clients: Clients) -> Candidates:
    candidates: Candidates = {
        "floor: pydantic validate_json": bind(
            floors.AnalyticsRows.validate_json, ANALYTICS
        ),
        "floor: msgspec": bind(floors.ANALYTICS_DECODER.decode, ANALYTICS),
        "info: json.loads, untyped dicts": bind(json.loads, ANALYTICS),
    }
    for label, hooks in clients.labelled():
        parse = None if hooks is None else bind(hooks.parse_analytics, ANALYTICS)
        candidates[f"{label} models"] = parse
    return candidates


def end_to_end_candidates(clients: Clients) -> Candidates:
    """The page and the analytics report, fetched and parsed through each client."""
    http = floor_http()
    page_path = f"/boards/{BOARD_ID}/pins"
    analytics_path = f"/ad_accounts/{AD_ACCOUNT_ID}/analytics"
    candidates: Candidates = {
        "page, floor: httpx + pydantic": lambda: floors.PinPage.model_validate_json(
            http.get(page_path).content
        ),
        "analytics, floor: httpx + pydantic": lambda: (
            floors.AnalyticsRows.validate_json(http.get(analytics_path).content)
        ),
    }
    transport = httpx.MockTransport(route)
    for label, hooks in clients.labelled():
        page, analytics = (
            f"page, {label}: boards.list_pins",
            f"analytics, {label}: ad_accounts.analytics",
        )
        candidates[page] = candidates[analytics] = None
        if hooks is not None:
            client = hooks.client(transport)
            candidates[page] = bind(hooks.list_pins, client)
            candidates[analytics] = bind(hooks.analytics, client)
    return candidates


def memory_parsers(clients: Clients) -> dict[str, Callable[[bytes], Any] | None]:
    pins = pydantic.TypeAdapter(list[floors.Pin])
    parsers: dict[str, Callable[[bytes], Any] | None] = {
        "floor: pydantic models": pins.validate_json,
        "floor: msgspec structs": floors.PINS_DECODER.decode,
        "info: json.loads, untyped dicts": json.loads,
    }
    for label, hooks in clients.labelled():
        parsers[f"{label} models"] = None if hooks is None else hooks.parse_pins
    return parsers


def check(clients: Clients) -> None:
    """Each candidate really yields one Pin / 250 Pins / 1,000 rows: timing a parser
    that silently dropped data would be meaningless."""
    expected_id = json.loads(PIN)["id"]
    for name, parse in page_candidates(clients).items():
        if parse is not None:
            page = parse()
            items = page["items"] if isinstance(page, dict) else page.items
            assert len(items) == 250, name
    for name, parse in analytics_candidates(clients).items():
        if parse is not None:
            assert len(parse()) == 1_000, name
    transport = httpx.MockTransport(route)
    for label, hooks in clients.labelled():
        if hooks is not None:
            client = hooks.client(transport)
            assert hooks.get_pin(client).id == expected_id, label
            assert len(hooks.page_items(hooks.list_pins(client))) == 250, label
            assert len(hooks.analytics(client)) == 1_000, label


# ------------------------------------------------------------------ timing


def rotated(items: list[Any], shift: int) -> list[Any]:
    """`items` starting at a different one each round, so none is always first."""
    shift %= max(len(items), 1)
    return items[shift:] + items[:shift]


def calibrate(function: Thunk, target: float = 0.05) -> int:
    """How many calls take about `target` seconds."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            function()
        elapsed = time.perf_counter() - start
        if elapsed >= target:
            return max(1, round(number * target / elapsed))
        number *= 2


def time_calls(candidates: Candidates, repeats: int) -> Timings:
    """Seconds per call, `repeats` batches per candidate, interleaved. GC stays on:
    collecting what parsing allocates is part of its cost."""
    active = {name: thunk for name, thunk in candidates.items() if thunk is not None}
    numbers = {name: calibrate(thunk) for name, thunk in active.items()}
    timings: Timings = {name: None for name in candidates}
    for repeat in range(repeats):
        for name in rotated(list(active), repeat):
            thunk, number = active[name], numbers[name]
            gc.collect()  # start each batch clean of the previous one's garbage
            start = time.perf_counter()
            for _ in range(number):
                thunk()
            elapsed = (time.perf_counter() - start) / number
            timings[name] = [*(timings[name] or []), elapsed]
    return timings


IMPORT_PROGRAM = (
    "import time\nt = time.perf_counter()\n{}\nprint(time.perf_counter() - t)"
)


def import_statements(clients: Clients) -> dict[str, str | None]:
    statements: dict[str, str | None] = {
        "floor: import httpx, pydantic": "import httpx, pydantic",
        "info: import httpx; from pydantic import BaseModel": (
            "import httpx; from pydantic import BaseModel"
        ),
    }
    for kind, hooks in ((Sdk, clients.sdk), (Peer, clients.peer)):
        statements |= {
            name: code if hooks else None for name, code in kind.imports.items()
        }
    return statements


def time_imports(
    statements: dict[str, str | None], runs: int, env: dict[str, str]
) -> Timings:
    """Import time of each statement in fresh interpreters, `runs` each, interleaved;
    one round more comes first, untimed, to warm bytecode and the OS cache."""
    active = [name for name, code in statements.items() if code is not None]
    timings: Timings = {name: None for name in statements}
    for run in range(runs + 1):
        for name in rotated(active, run):
            program = IMPORT_PROGRAM.format(statements[name])
            done = subprocess.run(
                [sys.executable, "-c", program], env=env, capture_output=True, text=True
            )
            if done.returncode != 0:
                raise SystemExit(f"bench_client: {name!r} failed:\n{done.stderr}")
            if run:
                timings[name] = [*(timings[name] or []), float(done.stdout)]
    return timings


def retained_bytes(parse: Callable[[bytes], Any]) -> int:
    """Bytes that 10,000 Pins parsed by `parse` keep alive (tracemalloc)."""
    data = payloads.encode(payloads.pins(MEMORY_PINS))
    parse(payloads.encode(payloads.pins(2)))  # lazy validators are built before tracing
    gc.collect()
    tracemalloc.start()
    parsed = parse(data)
    gc.collect()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(parsed) == MEMORY_PINS
    return current


def measure_memory(
    clients: Clients, worker_args: list[str], env: dict[str, str]
) -> dict[str, int | None]:
    """`retained_bytes` of each parser, each in a fresh process; None when pending."""
    retained: dict[str, int | None] = {}
    for name, parse in memory_parsers(clients).items():
        if parse is None:
            retained[name] = None
            continue
        command = [sys.executable, __file__, *worker_args, "--memory-worker", name]
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"bench_client: memory of {name!r} failed:\n{done.stderr}")
        retained[name] = int(done.stdout)
    return retained


# ------------------------------------------------------------------ report


def table(timings: Timings, floors_by_prefix: dict[str, str], unit: str) -> str:
    """Median, ratio to and difference from its floor, and spread, per candidate. A
    candidate's floor is the one whose prefix its name starts with."""
    scale = {"µs": 1e6, "ms": 1e3}[unit]
    rows = []
    for name, values in timings.items():
        if values is None:
            rows.append([name, "pending", "", "", ""])
            continue
        value = measure.median(values)
        ratio = difference = ""
        for prefix, floor in floors_by_prefix.items():
            base = timings.get(floor)
            if name.startswith(prefix) and base and name != floor:
                ratio = f"{value / measure.median(base):.2f}×"
                difference = f"{(value - measure.median(base)) * scale:+,.1f} {unit}"
        spread = f"{min(values) * scale:,.1f}–{max(values) * scale:,.1f}"
        rows.append([name, f"{value * scale:,.1f} {unit}", ratio, difference, spread])
    headers = ["candidate", "median", "÷ floor", "− floor", "min–max"]
    return measure.markdown_table(headers, rows)


def memory_table(retained: dict[str, int | None]) -> str:
    rows = []
    for name, size in retained.items():
        if size is None:
            rows.append([name, "pending", ""])
        else:
            rows.append(
                [name, f"{size / 2**20:.1f} MiB", f"{size / MEMORY_PINS:,.0f} B"]
            )
    table = measure.markdown_table(["candidate", "retained", "per Pin"], rows)
    return f"### memory of {MEMORY_PINS:,} parsed Pins (tracemalloc)\n\n{table}"


def versions() -> dict[str, str]:
    found = {}
    for name in (
        "httpx",
        "pydantic",
        "pydantic-core",
        "msgspec",
        "openapi-python-client",
    ):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    try:
        found[Sdk.package] = version(Sdk.package.replace("_", "-"))
    except PackageNotFoundError:
        found[Sdk.package] = "not installed"
    return found


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add = parser.add_argument
    add("--import-runs", type=int, default=20, help="fresh processes per import (20)")
    add("--repeats", type=int, default=15, help="timed batches per candidate (15)")
    add(
        "--reference",
        type=Path,
        default=spec_files.default_reference(),
        help="folder with pinterest-openapi-5.18.0.yaml, to generate the peer's client "
        "(default: the vendored tests/data/pinterest-api-description/)",
    )
    add(
        "--map",
        type=Path,
        default=prune_spec.DEFAULT_MAP,
        help="endpoint map to prune with",
    )
    add("--only", action="append", choices=("import", "call", "parse", "memory"))
    add(
        "--json",
        type=Path,
        default=BENCH / "results" / "client.json",
        help="results file",
    )
    add("--memory-worker", help=argparse.SUPPRESS)  # internal: one memory measurement
    args = parser.parse_args(argv)
    for name, value in vars(args).items():
        if isinstance(value, Path):
            setattr(args, name, value.resolve())
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = dict(os.environ)
    peer_path = ensure_peer_client(args.reference, args.map)
    if peer_path is not None:
        sys.path.insert(0, str(peer_path))
        env["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(peer_path), env.get("PYTHONPATH")])
        )
    clients = Clients(load(Sdk), load(Peer))

    if args.memory_worker:
        parse = memory_parsers(clients)[args.memory_worker]
        assert parse is not None
        print(retained_bytes(parse))
        return 0

    check(clients)
    only = set(args.only or ("import", "call", "parse", "memory"))
    report: dict[str, Any] = {"machine": measure.machine(), "versions": versions()}
    sections = []

    def section(
        key: str, title: str, timings: Timings, floors: dict[str, str], unit: str
    ) -> None:
        report[key] = timings
        sections.append(f"### {title}\n\n{table(timings, floors, unit)}")

    if "import" in only:
        timings = time_imports(import_statements(clients), args.import_runs, env)
        floor = {"": "floor: import httpx, pydantic"}
        section("import", "import in a fresh process", timings, floor, "ms")
    if "call" in only:
        timings = time_calls(call_candidates(clients), args.repeats)
        title = "one call: GET /pins/{pin_id} through MockTransport"
        section("call", title, timings, {"": "floor: httpx + pydantic Pin"}, "µs")
    if "parse" in only:
        timings = time_calls(page_candidates(clients), args.repeats)
        floor = {"": "floor: pydantic model_validate_json"}
        section("page", "parse a 250-Pin page, models only", timings, floor, "ms")
        timings = time_calls(analytics_candidates(clients), args.repeats)
        floor = {"": "floor: pydantic validate_json"}
        section(
            "analytics", "parse 1,000 analytics rows, models only", timings, floor, "ms"
        )
        timings = time_calls(end_to_end_candidates(clients), args.repeats)
        floor = {
            "page,": "page, floor: httpx + pydantic",
            "analytics,": "analytics, floor: httpx + pydantic",
        }
        section(
            "end_to_end", "page and analytics through the client", timings, floor, "ms"
        )
    if "memory" in only:
        worker_args = ["--map", str(args.map)]
        if args.reference is not None:
            worker_args += ["--reference", str(args.reference)]
        retained = measure_memory(clients, worker_args, env)
        report["memory"] = retained
        sections.append(memory_table(retained))

    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("\n\n".join(sections))
    measure.warn(f"results: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
