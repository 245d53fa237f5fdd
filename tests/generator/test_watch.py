"""`sdkgen generate --watch` (`generator/watch.py`), through the real CLI: it
regenerates on save, prints the files changed, or the located problems (writing
nothing), and goes on watching."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.watch import changed_paths, snapshot, watch
from generator.write import OutputError

from .conftest import FIXTURES

PATIENCE = 180.0
"""Seconds to wait for a line: generous, the machine may be busy (not a timing test)."""


class _Watcher:
    def __init__(self, folder: Path, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate", *args, "--watch"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "SDKGEN_CACHE_DIR": str(folder / ".cache")},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, *parts: str) -> list[str]:
        """The lines printed up to the first holding every one of `parts`."""
        got: list[str] = []
        while True:
            try:
                line = self.lines.get(timeout=PATIENCE)
            except queue.Empty:
                pytest.fail(f"no line with {parts} after {got + self.seen}")
            got.append(line)
            if all(part in line for part in parts):
                self.seen += got
                return got


@pytest.fixture
def watcher(tmp_path: Path) -> Iterator[_Watcher]:
    (tmp_path / "zoo.yaml").write_text((FIXTURES / "zoo-3.1.yaml").read_text())
    running = _Watcher(tmp_path, "zoo.yaml", "--out", "sdk")
    yield running
    running.process.terminate()
    running.process.wait(timeout=PATIENCE)


def test_watch_regenerates_on_save_and_reports_problems(tmp_path: Path, watcher: _Watcher) -> None:
    spec = tmp_path / "zoo.yaml"
    watcher.until("watching for changes")
    module = next((tmp_path / "sdk").rglob("types/named.py"))
    assert "The animal's name." in module.read_text()

    spec.write_text(spec.read_text().replace("The animal's name.", "What it answers to."))
    lines = watcher.until("changed")
    assert "types/named.py" in lines[-1], lines
    assert "What it answers to." in module.read_text()
    watcher.until("watching for changes")

    good = spec.read_text()
    before = module.read_text()
    spec.write_text(good.replace('$ref: "#/components/schemas/Named"', '$ref: "#/nowhere"', 1))
    lines = watcher.until("nothing was written")
    assert any("zoo.yaml:" in line and "#/" in line for line in lines), lines
    assert module.read_text() == before
    watcher.until("watching for changes")

    spec.write_text(good.replace("What it answers to.", "Its name."))
    lines = watcher.until("changed")
    assert "types/named.py" in lines[-1], lines
    assert "Its name." in module.read_text()
    assert watcher.process.poll() is None  # still watching


def test_snapshot_sees_edits_but_not_the_ignored_output(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text("a")
    (tmp_path / "sdk").mkdir()
    (tmp_path / "sdk" / "x.py").write_text("x")
    first = snapshot([tmp_path], [tmp_path / "sdk"])
    assert list(first) == [str(tmp_path / "spec.yaml")]
    (tmp_path / "sdk" / "x.py").write_text("xy")
    assert snapshot([tmp_path], [tmp_path / "sdk"]) == first
    (tmp_path / "spec.yaml").write_text("ab")
    assert snapshot([tmp_path], [tmp_path / "sdk"]) != first


def test_changed_paths_names_added_changed_and_removed_files() -> None:
    old = {"a": "1", "b": "2", "c": "3"}
    assert changed_paths(old, {"a": "1", "b": "9", "d": "4"}) == ["b", "c", "d"]


def test_an_output_folder_it_may_not_replace_is_reported_and_watching_goes_on(
    tmp_path: Path,
) -> None:
    """A file generate did not write appears in the output folder: the run says why it
    cannot write, as a one-off `generate` does, instead of ending the watch."""
    lines: list[tuple[str, bool]] = []

    def refused() -> tuple[dict[str, str], str]:
        raise OutputError(f"{tmp_path / 'out' / 'notes.txt'}: not written by sdkgen")

    watch([tmp_path], refused, lambda line, err: lines.append((line, err)), runs=1)
    assert lines == [
        (f"cannot write the output: {tmp_path / 'out' / 'notes.txt'}: not written by sdkgen", True)
    ]
