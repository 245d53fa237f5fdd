"""The clients under test, behind one small interface each: every name of the generated
`pinterest_client` (class `Sdk`) and of openapi-python-client's client (class `Peer`)
that bench_client.py uses lives here. When the spec names things differently, adjust
this file and nothing else.

Both clients talk to `route`, a mock API (`httpx.MockTransport`) that answers with the
payloads of bench/payloads.py.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import json
import os
import re
import subprocess
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx
import measure
import payloads
import prune_spec
import pydantic
import spec_files

BENCH = Path(__file__).resolve().parent
PEER_BIN = BENCH / ".venv-peers" / "bin"
PEER_CLIENT_DIR = BENCH / "results" / "raw" / "peer-client"
BASE_URL = "https://api.pinterest.com/v5"
TOKEN = "bench-token"
PIN_ID, BOARD_ID, AD_ACCOUNT_ID = "813744226420795884", "549755885175", "549755885175"
ANALYTICS_COLUMNS = ("SPEND_IN_DOLLAR", "PAID_IMPRESSION", "CTR", "TOTAL_CLICKTHROUGH")
START, END = datetime.date(2023, 1, 1), datetime.date(2023, 3, 31)

PIN = payloads.pin_bytes()
PAGE = payloads.pin_page_bytes(250)
ANALYTICS = payloads.analytics_bytes(1_000)
ROUTES = (
    (re.compile(r"/pins/[^/]+$"), PIN),
    (re.compile(r"/boards/[^/]+/pins$"), PAGE),
    (re.compile(r"/ad_accounts/[^/]+/analytics$"), ANALYTICS),
)
JSON_HEADERS = {"content-type": "application/json"}


def route(request: httpx.Request) -> httpx.Response:
    """The mock API: canned payloads by path."""
    for pattern, body in ROUTES:
        if pattern.search(request.url.path):
            return httpx.Response(200, content=body, headers=JSON_HEADERS)
    return httpx.Response(404, json={"code": 404, "message": "no route"})


# ------------------------------------------------------------------ sdkgen


class Sdk:
    """sdkgen's generated client (`generated/python`, installed into the bench venv)."""

    package = "pinterest_client"
    imports = {
        "sdkgen: import pinterest_client": "import pinterest_client",
        "sdkgen: + client.boards ready to call": (
            "import pinterest_client as sdk; sdk.Pinterest(access_token='x').boards"
        ),
    }

    def __init__(self) -> None:
        self.module = importlib.import_module(self.package)
        probe = self.client(httpx.MockTransport(route))
        # The models-only parsers use exactly the types the methods are declared to
        # return, so they follow the spec's names without being told them.
        pin = return_type(probe.pins.get)
        page_item = typing.get_args(return_type(probe.boards.list_pins))[0]
        self.pins = pydantic.TypeAdapter(list[pin])  # type: ignore[valid-type]
        self.page = pydantic.TypeAdapter(page_envelope(page_item))
        self.analytics_rows = pydantic.TypeAdapter(
            return_type(probe.ad_accounts.analytics)
        )

    def client(self, transport: httpx.MockTransport) -> Any:
        http_client = httpx.Client(transport=transport)
        client_class = self.module.Pinterest
        return client_class(access_token=TOKEN, http_client=http_client, max_retries=0)

    def get_pin(self, client: Any) -> Any:
        return client.pins.get(PIN_ID)

    def list_pins(self, client: Any) -> Any:
        return client.boards.list_pins(BOARD_ID)

    def page_items(self, page: Any) -> list[Any]:
        return list(page.items)  # never iterate the page itself: that fetches more

    def analytics(self, client: Any) -> Any:
        return client.ad_accounts.analytics(
            AD_ACCOUNT_ID,
            start_date=START,
            end_date=END,
            columns=list(ANALYTICS_COLUMNS),
            granularity="DAY",
        )

    def parse_page(self, data: bytes) -> Any:
        return self.page.validate_json(data)

    def parse_pins(self, data: bytes) -> Any:
        return self.pins.validate_json(data)

    def parse_analytics(self, data: bytes) -> Any:
        return self.analytics_rows.validate_json(data)


def return_type(method: Callable[..., Any]) -> Any:
    return typing.get_type_hints(method)["return"]


def page_envelope(item: Any) -> type[pydantic.BaseModel]:
    """`{items: [item], bookmark}`: the page's shape around the generated item type."""
    return pydantic.create_model(
        "PinPageEnvelope", items=(list[item], ...), bookmark=(str | None, None)
    )


# ------------------------------------------------------------------ the peer
# openapi-python-client 0.29.1's names for the pruned 5.18.0 spec; the bench's
# requirements.txt pins the version, so they change only when the pin does.


class Peer:
    """openapi-python-client's client of the pruned spec (see `ensure_peer_client`)."""

    package = "pinterest_rest_api_client"
    imports = {
        "peer: import pinterest_rest_api_client": "import pinterest_rest_api_client",
        "peer: + boards list_pins ready to call": (
            "from pinterest_rest_api_client.api.boards import boardslist_pins"
        ),
    }

    def __init__(self) -> None:
        api = f"{self.package}.api"
        self.module = importlib.import_module(self.package)
        self.pins_get = importlib.import_module(f"{api}.pins.pinsget")
        self.list_pins_api = importlib.import_module(f"{api}.boards.boardslist_pins")
        self.analytics_api = importlib.import_module(
            f"{api}.ad_accounts.ad_accountanalytics"
        )
        self.models = importlib.import_module(f"{self.package}.models")

    def client(self, transport: httpx.MockTransport) -> Any:
        return self.module.AuthenticatedClient(
            base_url=BASE_URL, token=TOKEN, httpx_args={"transport": transport}
        )

    def get_pin(self, client: Any) -> Any:
        return self.pins_get.sync(PIN_ID, client=client)

    def list_pins(self, client: Any) -> Any:
        return self.list_pins_api.sync(BOARD_ID, client=client)

    def page_items(self, page: Any) -> list[Any]:
        return list(page.items)

    def analytics(self, client: Any) -> Any:
        columns = [
            self.models.AdAccountanalyticsColumnsItem(c) for c in ANALYTICS_COLUMNS
        ]
        return self.analytics_api.sync(
            AD_ACCOUNT_ID,
            client=client,
            start_date=START,
            end_date=END,
            columns=columns,
            granularity=self.models.Granularity.DAY,
        )

    def parse_page(self, data: bytes) -> Any:
        return self.models.BoardslistPinsResponse200.from_dict(json.loads(data))

    def parse_pins(self, data: bytes) -> Any:
        return [self.models.Pin.from_dict(item) for item in json.loads(data)]

    def parse_analytics(self, data: bytes) -> Any:
        row = self.models.AdAccountAnalyticsResponseItem
        return [row.from_dict(item) for item in json.loads(data)]


def ensure_peer_client(reference: Path | None, endpoint_map: Path) -> Path | None:
    """Generate openapi-python-client's client of the pruned 5.18.0 spec once (kept in
    bench/results/raw/peer-client); return the folder to put on sys.path."""
    output = PEER_CLIENT_DIR / "client"
    if (output / Peer.package).is_dir():
        return output
    official = reference / spec_files.OFFICIAL_518 if reference else None
    if official is None or not official.is_file():
        measure.warn(
            "no official 5.18.0 description: the peer client's figures stay pending. "
            + spec_files.DOWNLOAD_HINT
        )
        return None
    pruned = PEER_CLIENT_DIR / "pinterest-5.18.0-pruned.yaml"
    if prune_spec.main([str(official), "--map", str(endpoint_map), "-o", str(pruned)]):
        return None
    command = [
        str(PEER_BIN / "openapi-python-client"),
        "generate",
        "--path",
        str(pruned),
    ]
    command += ["--output-path", str(output), "--overwrite"]
    # Its post hooks run ruff from PATH.
    env = {**os.environ, "PATH": f"{PEER_BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        measure.warn(f"openapi-python-client failed:\n{done.stdout[-2000:]}")
        return None
    return output


# ------------------------------------------------------------------ loading

Client = TypeVar("Client", Sdk, Peer)


def load(kind: type[Client]) -> Client | None:
    """The hooks object, or None (with the reason on stderr) when it cannot load."""
    if importlib.util.find_spec(kind.package) is None:
        measure.warn(f"{kind.package} is not installed: its figures stay pending")
        return None
    try:
        return kind()
    except Exception as error:  # a hook that no longer matches the generated names
        measure.warn(
            f"{kind.package}: the hooks failed: {type(error).__name__}: {error}"
        )
        return None
