"""The rendered runtime passes `mypy --strict`, and its generics type user code."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("mypy")

USAGE = textwrap.dedent(
    """\
    from typing import cast

    from acme_sdk import Acme, AsyncAcme, APIResponse
    from acme_sdk.types import Pin, PinMedia


    def sync_usage(client: Acme) -> None:
        raw = client.with_raw_response(client.pins.get, "1", ad_account_id="a")
        reveal_type(raw)
        reveal_type(raw.parse())
        reveal_type(client.pins.list())
        for pin in client.pins.list():
            reveal_type(pin)
        reveal_type(client.pins.delete("1"))
        either = client._request("GET", "/x", cast_to=cast("type[Pin | PinMedia]", Pin | PinMedia))
        reveal_type(either)
        client.with_raw_response(client.pins.get, 1)  # E: wrong argument type
        client.pins.get("1", options={"timeout": "soon"})  # E: wrong option type
        client._request("GET", "/x", cast_to=Pin, jsn={})  # E: unknown keyword


    async def async_usage(client: AsyncAcme) -> None:
        raw = await client.with_raw_response(client.pins.get, "1")
        reveal_type(raw)
        page = await client.pins.list()
        reveal_type(page)
        async for pin in client.pins.list():
            reveal_type(pin)
        raw_page: APIResponse[object] = await client.with_raw_response(client.pins.list)
    """
)

EXPECTED_REVEALS = [
    "acme_sdk._response.APIResponse[acme_sdk.types.pin.Pin]",
    "acme_sdk.types.pin.Pin",
    "acme_sdk._pagination.SyncPage[acme_sdk.types.pin.Pin]",
    "acme_sdk.types.pin.Pin",
    "None",
    "acme_sdk.types.pin.Pin | acme_sdk.types.pin.PinMedia",
    "acme_sdk._response.APIResponse[acme_sdk.types.pin.Pin]",
    "acme_sdk._pagination.AsyncPage[acme_sdk.types.pin.Pin]",
    "acme_sdk.types.pin.Pin",
]


@pytest.fixture(scope="module")
def mypy_output(sdk_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str]]:
    usage = sdk_dir / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    cache = tmp_path_factory.mktemp("mypy-cache")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--python-version",
            "3.10",
            "acme_sdk",
            "usage.py",
        ],
        cwd=sdk_dir,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout, USAGE.splitlines()


def test_runtime_passes_mypy_strict(mypy_output: tuple[str, list[str]]) -> None:
    output, _ = mypy_output
    runtime_errors = [line for line in output.splitlines() if line.startswith("acme_sdk")]

    assert runtime_errors == []


def test_generics_type_results(mypy_output: tuple[str, list[str]]) -> None:
    output, _ = mypy_output
    reveals = [
        line.split('Revealed type is "', 1)[1].rstrip('"')
        for line in output.splitlines()
        if "Revealed type is" in line
    ]

    assert reveals == EXPECTED_REVEALS


def test_wrong_arguments_are_type_errors(mypy_output: tuple[str, list[str]]) -> None:
    output, lines = mypy_output
    error_lines = {
        int(line.split(":")[1])
        for line in output.splitlines()
        if line.startswith("usage.py") and ": error:" in line
    }
    expected = {number for number, text in enumerate(lines, start=1) if "# E:" in text}

    assert error_lines == expected, output
