"""A hand-written stand-in for a generated package, on top of the rendered runtime."""

from ._auth import Token as Token
from ._base_client import DEFAULT_MAX_RETRIES as DEFAULT_MAX_RETRIES
from ._base_client import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from ._client import Acme as Acme
from ._client import AsyncAcme as AsyncAcme
from ._exceptions import AcmeError as AcmeError
from ._exceptions import APIConnectionError as APIConnectionError
from ._exceptions import APIError as APIError
from ._exceptions import APIResponseValidationError as APIResponseValidationError
from ._exceptions import APIStatusError as APIStatusError
from ._exceptions import APITimeoutError as APITimeoutError
from ._exceptions import AuthenticationError as AuthenticationError
from ._exceptions import BadRequestError as BadRequestError
from ._exceptions import ConflictError as ConflictError
from ._exceptions import InternalServerError as InternalServerError
from ._exceptions import NotFoundError as NotFoundError
from ._exceptions import PermissionDeniedError as PermissionDeniedError
from ._exceptions import RateLimitError as RateLimitError
from ._exceptions import UnprocessableEntityError as UnprocessableEntityError
from ._pagination import AsyncPage as AsyncPage
from ._pagination import AsyncPaginator as AsyncPaginator
from ._pagination import SyncPage as SyncPage
from ._response import APIResponse as APIResponse
from ._types import NOT_GIVEN as NOT_GIVEN
from ._types import FileTypes as FileTypes
from ._types import NotGiven as NotGiven
from ._types import RateLimit as RateLimit
from ._types import RequestOptions as RequestOptions

__version__ = "1.2.3"

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "NOT_GIVEN",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Acme",
    "AcmeError",
    "AsyncAcme",
    "AsyncPage",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FileTypes",
    "InternalServerError",
    "NotFoundError",
    "NotGiven",
    "PermissionDeniedError",
    "RateLimit",
    "RateLimitError",
    "RequestOptions",
    "SyncPage",
    "Token",
    "UnprocessableEntityError",
]
