"""Users' code type-checks against the stubs, and wrong usages are rejected.

`programs/consumer.py` (pagination, errors, async, raw responses, models) passes
`mypy --strict` and pyright's strict mode. Each wrong usage below is its own file:
each checker must report an error of the expected kind on the marked line, and
errors on no other line (an error there may bring follow-on ones, such as an `Any`
returned), so a test fails as soon as a checker stops catching one.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("mypy")

CONSUMER = Path(__file__).resolve().parent / "programs" / "consumer.py"
MARK = "# wrong"


@dataclass(frozen=True)
class Wrong:
    code: str
    mypy: str
    """The mypy error code expected on the marked line."""
    pyright: str
    """The pyright rule expected on the marked line."""

    @property
    def line(self) -> int:
        """The 1-based line of the wrong usage in the file `source` writes."""
        return next(n for n, text in enumerate(self.source.splitlines(), 1) if text.endswith(MARK))

    @property
    def source(self) -> str:
        return "# pyright: strict\nfrom __future__ import annotations\n\n" + textwrap.dedent(self.code).lstrip()


WRONG = {
    "misspelt keyword": Wrong(
        """
        from pinterest_client import Pinterest

        def make(client: Pinterest) -> None:
            client.boards.create(name="Ideas", privcy="SECRET")  # wrong
        """,
        "call-arg",
        "reportCallIssue",
    ),
    "wrong enum literal": Wrong(
        """
        from pinterest_client import Pinterest

        def make(client: Pinterest) -> None:
            client.boards.create(name="Ideas", privacy="HIDDEN")  # wrong
        """,
        "arg-type",
        "reportArgumentType",
    ),
    "missing required keyword": Wrong(
        """
        from pinterest_client import Pinterest

        def make(client: Pinterest) -> None:
            client.boards.create(privacy="SECRET")  # wrong
        """,
        "call-arg",
        "reportCallIssue",
    ),
    "missing path parameter": Wrong(
        """
        from pinterest_client import Pinterest

        def get(client: Pinterest) -> None:
            client.pins.get()  # wrong
        """,
        "call-arg",
        "reportCallIssue",
    ),
    "query parameter passed positionally": Wrong(
        """
        from pinterest_client import Pinterest

        def get(client: Pinterest) -> None:
            client.pins.get("1", "ad-account")  # wrong
        """,
        "call-arg",
        "reportCallIssue",
    ),
    "wrong attribute on a model": Wrong(
        """
        from pinterest_client import Pinterest

        def title(client: Pinterest) -> str | None:
            pin = client.pins.get("1")
            return pin.titel  # wrong
        """,
        "attr-defined",
        "reportAttributeAccessIssue",
    ),
    "unknown field in a model": Wrong(
        """
        from pinterest_client.types import PinMediaSourceImageURL

        def source() -> PinMediaSourceImageURL:
            return PinMediaSourceImageURL(source_type="image_url", ulr="https://example.com")  # wrong
        """,
        "call-arg",
        "reportCallIssue",
    ),
    "wrong model as a body": Wrong(
        """
        from pinterest_client import Pinterest
        from pinterest_client.types import Board

        def pin(client: Pinterest, board: Board) -> None:
            client.pins.create(board_id=board.id, media_source=board)  # wrong
        """,
        "arg-type",
        "reportArgumentType",
    ),
    "forgotten await": Wrong(
        """
        from pinterest_client import AsyncPinterest

        async def title(client: AsyncPinterest) -> str | None:
            pin = client.pins.get("1")
            return pin.title  # wrong
        """,
        "attr-defined",
        "reportAttributeAccessIssue",
    ),
    "unawaited call": Wrong(
        """
        from pinterest_client import AsyncPinterest

        async def delete(client: AsyncPinterest) -> None:
            client.pins.delete("1")  # wrong
        """,
        "unused-coroutine",
        "reportUnusedCoroutine",
    ),
    "sync iteration of async pages": Wrong(
        """
        from pinterest_client import AsyncPinterest

        async def ids(client: AsyncPinterest) -> list[str]:
            return [pin.id for pin in client.pins.list()]  # wrong
        """,
        "attr-defined",
        "reportGeneralTypeIssues",
    ),
    "wrong attribute on an error": Wrong(
        """
        from pinterest_client import NotFoundError, Pinterest

        def exists(client: Pinterest) -> bool:
            try:
                client.pins.get("1")
            except NotFoundError as error:
                return error.status != 404  # wrong
            return True
        """,
        "attr-defined",
        "reportAttributeAccessIssue",
    ),
    "raw response of the wrong type": Wrong(
        """
        from pinterest_client import APIResponse, Pinterest
        from pinterest_client.types import Pin

        def raw(client: Pinterest) -> APIResponse[Pin]:
            return client.with_raw_response(client.boards.get, "1")  # wrong
        """,
        "arg-type",
        "reportReturnType",
    ),
}


@pytest.fixture(scope="session")
def wrong_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wrong")
    files: dict[str, Path] = {}
    for n, (name, case) in enumerate(WRONG.items()):
        files[name] = folder / f"wrong_{n:02d}.py"
        files[name].write_text(case.source, encoding="utf-8")
    return files


def run_mypy(files: list[Path], env: dict[str, str], cwd: Path) -> dict[Path, list[tuple[int, str]]]:
    """`(line, error code)` of each error mypy --strict reports, by file."""
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-pretty", "--show-error-codes", "--show-absolute-path", *map(str, files)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stdout + done.stderr
    found: dict[Path, list[tuple[int, str]]] = {f: [] for f in files}
    for match in re.finditer(r"^(.+?):(\d+): error: .*\[([a-z-]+)\]$", done.stdout, re.M):
        found.setdefault(Path(match[1]), []).append((int(match[2]), match[3]))
    return found


def run_pyright(pyright: Path, files: list[Path], sdk_path: Path, env: dict[str, str], cwd: Path) -> dict[Path, list[tuple[int, str]]]:
    """`(line, rule)` of each error pyright (strict) reports, by file."""
    config = cwd / "pyrightconfig.json"
    config.write_text(json.dumps({"extraPaths": [str(sdk_path)], "typeCheckingMode": "strict", "pythonVersion": "3.10"}))
    done = subprocess.run(
        [str(pyright), "--outputjson", "-p", str(config), *map(str, files)], cwd=cwd, env=env, capture_output=True, text=True
    )
    report = json.loads(done.stdout)
    found: dict[Path, list[tuple[int, str]]] = {f: [] for f in files}
    for d in report["generalDiagnostics"]:
        if d["severity"] == "error":
            found.setdefault(Path(d["file"]), []).append((d["range"]["start"]["line"] + 1, d.get("rule", "")))
    return found


@pytest.fixture(scope="session")
def mypy_errors(wrong_files: dict[str, Path], checker_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[tuple[int, str]]]:
    return run_mypy([CONSUMER, *wrong_files.values()], checker_env, tmp_path_factory.mktemp("mypy"))


@pytest.fixture(scope="session")
def pyright_errors(
    pyright: Path, wrong_files: dict[str, Path], sdk_path: Path, checker_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, list[tuple[int, str]]]:
    return run_pyright(pyright, [CONSUMER, *wrong_files.values()], sdk_path, checker_env, tmp_path_factory.mktemp("pyright"))


def test_consumer_passes_mypy_strict(wrong_files: dict[str, Path], mypy_errors: dict[Path, list[tuple[int, str]]]) -> None:
    """No error in the consumer, nor in the package it imports (mypy checks both)."""
    assert mypy_errors[CONSUMER] == []
    assert {f: e for f, e in mypy_errors.items() if e and f not in wrong_files.values()} == {}


def test_consumer_passes_pyright_strict(pyright_errors: dict[Path, list[tuple[int, str]]]) -> None:
    assert pyright_errors[CONSUMER] == []


@pytest.mark.parametrize("name", WRONG)
def test_mypy_rejects(name: str, wrong_files: dict[str, Path], mypy_errors: dict[Path, list[tuple[int, str]]]) -> None:
    case = WRONG[name]
    errors = mypy_errors[wrong_files[name]]
    assert (case.line, case.mypy) in errors
    assert {line for line, _ in errors} == {case.line}


@pytest.mark.parametrize("name", WRONG)
def test_pyright_rejects(name: str, wrong_files: dict[str, Path], pyright_errors: dict[Path, list[tuple[int, str]]]) -> None:
    case = WRONG[name]
    errors = pyright_errors[wrong_files[name]]
    assert (case.line, case.pyright) in errors
    assert {line for line, _ in errors} == {case.line}
