"""Client lifecycle and small value types: closing, copies, NOT_GIVEN."""

from __future__ import annotations

import copy
import pickle
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from .helpers import PIN, Recorder, json_response

MakeClient = Callable[..., Any]


def test_client_closes_only_the_pool_it_made(sdk: ModuleType) -> None:
    own = sdk.Acme(access_token="t")
    with own:
        pass
    assert own._http_client.is_closed

    given = httpx.Client()
    with sdk.Acme(access_token="t", http_client=given):
        pass
    assert not given.is_closed
    given.close()


def test_closing_a_copy_leaves_the_pool_open(sdk: ModuleType) -> None:
    client = sdk.Acme(access_token="t")

    client.with_options(max_retries=0).close()

    assert not client._http_client.is_closed
    client.close()
    assert client._http_client.is_closed


@pytest.mark.anyio
async def test_async_client_closes_its_pool(sdk: ModuleType) -> None:
    async with sdk.AsyncAcme(access_token="t") as client:
        pass
    assert client._http_client.is_closed


@pytest.mark.anyio
async def test_async_with_options(make_async_client: MakeClient) -> None:
    server = Recorder(json_response(200, PIN))
    client = make_async_client(server)

    copy_ = client.with_options(default_headers={"X-Tenant": "t"})
    await copy_.pins.get("1")

    assert server.last.headers["x-tenant"] == "t"
    assert copy_.pins._client is copy_


def test_copies_share_credentials_and_their_refreshes(make_client: MakeClient) -> None:
    client = make_client(Recorder(json_response(200, PIN)))

    assert client.with_options(timeout=1.0).auth is client.auth


def test_negative_max_retries_is_rejected(sdk: ModuleType, make_client: MakeClient) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        sdk.Acme(access_token="t", max_retries=-1)
    client = make_client(Recorder(json_response(200, PIN)))
    with pytest.raises(ValueError, match="max_retries"):
        client.pins.get("1", options={"max_retries": -2})


def test_not_given_is_a_falsy_singleton(sdk: ModuleType) -> None:
    assert not sdk.NOT_GIVEN
    assert repr(sdk.NOT_GIVEN) == "NOT_GIVEN"
    assert sdk.NotGiven() is sdk.NOT_GIVEN
    assert copy.deepcopy(sdk.NOT_GIVEN) is sdk.NOT_GIVEN
    assert pickle.loads(pickle.dumps(sdk.NOT_GIVEN)) is sdk.NOT_GIVEN


def test_default_timeout_and_retries_are_exported(sdk: ModuleType) -> None:
    client = sdk.Acme(access_token="t")

    assert client.timeout == sdk.DEFAULT_TIMEOUT == httpx.Timeout(60.0, connect=5.0)
    assert client.max_retries == sdk.DEFAULT_MAX_RETRIES == 2
