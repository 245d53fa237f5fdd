"""The API-wide facts: servers and environments, authentication, scopes, doc pages."""

from __future__ import annotations

import re
from typing import Literal

from ..ir import Auth, AuthKind, Credential, DocPage, Environment
from ..naming import Namespace, constant, param_name, snake
from .context import Context, Node, join

__all__ = ["auths", "doc_pages", "environments", "scheme_kinds", "scopes"]

_CONSTRUCTOR = frozenset(
    {"access_token", "app_id", "app_secret", "refresh_token", "token_expires_at",
     "on_token_refresh", "api_key", "username", "password", "base_url", "timeout",
     "max_retries", "retry_non_idempotent", "max_retry_wait", "strict_response_validation",
     "default_headers", "http_client", "self"}
)  # fmt: skip
_VARIABLE = re.compile(r"\{([^{}]+)\}")


def environments(ctx: Context) -> tuple[Environment, ...]:
    """One per server; the first is the default, each other named one a constructor flag."""
    servers = ctx.data.get("servers")
    found: list[Environment] = []
    keywords = Namespace(_CONSTRUCTOR)
    constants = Namespace({"TOKEN_URL"})
    for index, server in enumerate(servers if isinstance(servers, list) else []):
        where = join("/servers", index)
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = _expand(ctx, server, where)
        raw_name = server.get("x-sdk-environment")
        name = (
            raw_name
            if isinstance(raw_name, str) and raw_name.strip()
            else ("production" if index == 0 else f"server_{index}")
        )
        keyword = None
        if index > 0 and isinstance(raw_name, str):
            keyword = keywords.claim(param_name(raw_name))
        description = server.get("description")
        found.append(
            Environment(
                name=name,
                url=url.rstrip("/") if url != "/" else url,
                description=description.strip() if isinstance(description, str) else "",
                keyword=keyword,
                constant=constants.claim(f"{constant(name, 'SERVER')}_URL"),
            )
        )
    if not found or not re.match(r"^https?://", found[0].url):
        ctx.warn(
            "no absolute server URL: clients must be given base_url", "/servers" if found else ""
        )
    return tuple(found)


def _expand(ctx: Context, server: Node, where: str) -> str:
    """The URL with each `{variable}` replaced by its default."""
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}
    url: str = server["url"]

    def value(match: re.Match[str]) -> str:
        spec = variables.get(match.group(1)) if isinstance(variables, dict) else None
        default = spec.get("default") if isinstance(spec, dict) else None
        if default is None:
            ctx.warn(f"server variable {match.group(1)!r} has no default", where)
            return ""
        return str(default)

    return _VARIABLE.sub(value, url)


def auths(ctx: Context, default_url: str, env_prefix: str) -> tuple[Auth, ...]:
    """How clients authenticate: one `Auth` per kind of scheme the API uses that the
    runtime supports (bearer tokens, with OAuth refresh when a token URL is known; an API
    key; basic), bearer first, then API key, then basic."""
    schemes = ctx.get("/components/securitySchemes")
    if not isinstance(schemes, dict) or not schemes:
        return ()
    bearer: list[str] = []
    token_url: str | None = None
    api_key: tuple[str, str, str] | None = None
    basic: str | None = None
    for name in _used_schemes(ctx) or list(schemes):
        scheme = ctx.mapping(
            schemes.get(name), join("/components/securitySchemes", name), "a security scheme"
        )
        kind = _kind(scheme)
        if kind == "bearer":
            bearer.append(name)
            token_url = token_url or _token_url(scheme)
        elif kind == "api_key" and api_key is None:
            api_key = (name, scheme["name"], scheme["in"])
        elif kind == "basic":
            basic = basic or name
        else:
            ctx.warn(
                f"security scheme {name!r} is not supported: send its credentials in `default_headers`",
                join("/components/securitySchemes", name),
            )
    found: list[Auth] = []
    p = env_prefix
    if bearer:
        if token_url and default_url and token_url.startswith(default_url.rstrip("/") + "/"):
            token_url = token_url[len(default_url.rstrip("/")) :]
        first = ctx.mapping(schemes.get(bearer[0]), "", "a security scheme")
        description = str(first.get("description") or "").strip()
        refresh = (
            (
                Credential(
                    "app_id",
                    "app_id",
                    "secret",
                    f"The app's id, to refresh the access token; defaults to `{p}_APP_ID`.",
                    None,
                ),
                Credential(
                    "app_secret",
                    "app_secret",
                    "secret",
                    f"The app's secret; defaults to `{p}_APP_SECRET`.",
                    None,
                ),
                Credential(
                    "refresh_token",
                    "refresh_token",
                    "secret",
                    f"The refresh token; defaults to `{p}_REFRESH_ACCESS_TOKEN`. With all three,"
                    " the access token is refreshed before it expires and after a 401.",
                    None,
                ),
            )
            if token_url
            else ()
        )
        credentials = (
            Credential(
                "access_token",
                "access_token",
                "secret",
                f"The access token; defaults to the `{p}_ACCESS_TOKEN` environment variable.",
                "My Access Token",
            ),
            *refresh,
            Credential(
                "token_expires_at",
                "expires_at",
                "expiry",
                "When the access token expires (Unix time), if known.",
                None,
            ),
            *(
                (
                    Credential(
                        "on_token_refresh",
                        "on_token_refresh",
                        "callback",
                        "Called with each new token, so it can be stored.",
                        None,
                    ),
                )
                if token_url
                else ()
            ),
        )
        found.append(Auth("bearer", token_url, None, None, tuple(bearer), description, credentials))
    if api_key is not None:
        key = Credential(
            "api_key",
            "api_key",
            "secret",
            f"The API key; defaults to the `{p}_API_KEY` environment variable.",
            "My API Key",
        )
        location: Literal["header", "query"] = "header" if api_key[2] == "header" else "query"
        found.append(Auth("api_key", None, api_key[1], location, (api_key[0],), "", (key,)))
    if basic is not None:
        pair = tuple(
            Credential(
                name,
                name,
                "secret",
                f"Defaults to the `{p}_{name.upper()}` environment variable.",
                f"My {name.title()}",
            )
            for name in ("username", "password")
        )
        found.append(Auth("basic", None, None, None, (basic,), "", pair))
    return tuple(found)


def scheme_kinds(ctx: Context) -> dict[str, AuthKind]:
    """The kind of credentials each supported security scheme takes (the first API key
    scheme only: the client holds one key)."""
    schemes = ctx.get("/components/securitySchemes")
    found: dict[str, AuthKind] = {}
    if not isinstance(schemes, dict):
        return found
    for name in _used_schemes(ctx) or list(schemes):
        scheme = schemes.get(name)
        kind = _kind(scheme) if isinstance(scheme, dict) else None
        if kind is not None and (kind != "api_key" or "api_key" not in found.values()):
            found[str(name)] = kind
    return found


def _kind(scheme: Node) -> AuthKind | None:
    kind = scheme.get("type")
    http = str(scheme.get("scheme", "")).lower() if kind == "http" else ""
    if kind in ("oauth2", "openIdConnect") or http == "bearer":
        return "bearer"
    if (
        kind == "apiKey"
        and scheme.get("in") in ("header", "query")
        and isinstance(scheme.get("name"), str)
    ):
        return "api_key"
    return "basic" if http == "basic" else None


def _used_schemes(ctx: Context) -> list[str]:
    """Security schemes named by any security requirement, in order of first use."""
    found: dict[str, None] = {}
    requirements: list[object] = list(ctx.data.get("security") or [])
    paths = ctx.data.get("paths")
    for item in (paths.values() if isinstance(paths, dict) else []):
        if isinstance(item, dict):
            for operation in item.values():
                if isinstance(operation, dict) and isinstance(operation.get("security"), list):
                    requirements.extend(operation["security"])
    for requirement in requirements:
        if isinstance(requirement, dict):
            found.update((k, None) for k in requirement)
    return list(found)


def _token_url(scheme: Node) -> str | None:
    flows = scheme.get("flows")
    for flow in (flows.values() if isinstance(flows, dict) else []):
        if isinstance(flow, dict):
            for key in ("refreshUrl", "tokenUrl"):
                if isinstance(flow.get(key), str) and flow[key]:
                    return str(flow[key])
    return None


def scopes(ctx: Context) -> tuple[tuple[str, str], ...]:
    """Every OAuth scope and what it allows, sorted."""
    found: dict[str, str] = {}
    schemes = ctx.get("/components/securitySchemes")
    for scheme in (schemes.values() if isinstance(schemes, dict) else []):
        flows = scheme.get("flows") if isinstance(scheme, dict) else None
        for flow in (flows.values() if isinstance(flows, dict) else []):
            table = flow.get("scopes") if isinstance(flow, dict) else None
            for name, text in (table.items() if isinstance(table, dict) else []):
                found.setdefault(str(name), str(text or "").strip())
    return tuple(sorted(found.items()))


def doc_pages(ctx: Context) -> tuple[DocPage, ...]:
    """`info.x-sdk-docs`: a list of `{title, body}` pages (Markdown) for the docs."""
    pages = ctx.get("/info/x-sdk-docs")
    if pages is None:
        return ()
    if not isinstance(pages, list):
        ctx.error("x-sdk-docs must be a list of {title, body}", "/info/x-sdk-docs")
        return ()
    found: list[DocPage] = []
    slugs = Namespace(frozenset({"index", "resources", "types"}))
    for n, page in enumerate(pages):
        where = join("/info/x-sdk-docs", str(n))
        title, body = (
            (page.get("title"), page.get("body")) if isinstance(page, dict) else (None, None)
        )
        if not (isinstance(title, str) and title.strip() and isinstance(body, str)):
            ctx.error("an x-sdk-docs page needs a `title` and a `body` (strings)", where)
            continue
        found.append(
            DocPage(title.strip(), slugs.claim(snake(title) or "page"), body.strip(), where)
        )
    return tuple(found)
