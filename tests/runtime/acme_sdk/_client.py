"""`Acme` and `AsyncAcme`, written by hand the way the generator writes `_client.py`."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Callable, Mapping

import httpx

from ._auth import Token, bearer_auth
from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT,
    AsyncAPIClient,
    SyncAPIClient,
    select_base_url,
)
from ._types import NOT_GIVEN, NotGiven, Timeout

if TYPE_CHECKING:
    from .resources.pins import AsyncPins, Pins

__all__ = ["Acme", "AsyncAcme"]

PRODUCTION_URL = "https://api.acme.test/v1"
SANDBOX_URL = "https://sandbox.acme.test/v1"
TOKEN_URL = "/oauth/token"


class Acme(SyncAPIClient):
    """The Acme API."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        app_id: str | None = None,
        app_secret: str | None = None,
        refresh_token: str | None = None,
        token_expires_at: float | None = None,
        on_token_refresh: Callable[[Token], None] | None = None,
        base_url: str | httpx.URL | None = None,
        sandbox: bool = False,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_non_idempotent: bool = False,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        strict_response_validation: bool = False,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Create a client."""
        super().__init__(
            base_url=select_base_url(
                base_url,
                default=PRODUCTION_URL,
                environments={"sandbox": (sandbox, SANDBOX_URL)},
            ),
            auth=bearer_auth(
                access_token=access_token,
                app_id=app_id,
                app_secret=app_secret,
                refresh_token=refresh_token,
                token_url=TOKEN_URL,
                expires_at=token_expires_at,
                on_token_refresh=on_token_refresh,
            ),
            timeout=timeout,
            max_retries=max_retries,
            retry_non_idempotent=retry_non_idempotent,
            max_retry_wait=max_retry_wait,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            http_client=http_client,
        )

    @cached_property
    def pins(self) -> Pins:
        """Pins."""
        from .resources.pins import Pins

        return Pins(self)


class AsyncAcme(AsyncAPIClient):
    """The Acme API, async."""

    def __init__(
        self,
        *,
        access_token: str | None = None,
        app_id: str | None = None,
        app_secret: str | None = None,
        refresh_token: str | None = None,
        token_expires_at: float | None = None,
        on_token_refresh: Callable[[Token], None] | None = None,
        base_url: str | httpx.URL | None = None,
        sandbox: bool = False,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        retry_non_idempotent: bool = False,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        strict_response_validation: bool = False,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """Create an async client."""
        super().__init__(
            base_url=select_base_url(
                base_url,
                default=PRODUCTION_URL,
                environments={"sandbox": (sandbox, SANDBOX_URL)},
            ),
            auth=bearer_auth(
                access_token=access_token,
                app_id=app_id,
                app_secret=app_secret,
                refresh_token=refresh_token,
                token_url=TOKEN_URL,
                expires_at=token_expires_at,
                on_token_refresh=on_token_refresh,
            ),
            timeout=timeout,
            max_retries=max_retries,
            retry_non_idempotent=retry_non_idempotent,
            max_retry_wait=max_retry_wait,
            strict_response_validation=strict_response_validation,
            default_headers=default_headers,
            http_client=http_client,
        )

    @cached_property
    def pins(self) -> AsyncPins:
        """Pins."""
        from .resources.pins import AsyncPins

        return AsyncPins(self)
