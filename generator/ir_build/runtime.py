"""Vendor extensions that configure the generated runtime.

* `info.x-sdk-runtime`: `{request-id-header, rate-limit-reset-header}`, the response
  headers that carry the API's id of a request and the seconds until a rate-limit
  window resets (both optional; without them the runtime reads neither).
* `x-sdk-item-errors` on an object schema: `{items-field, errors-field}`, a batch
  response whose `items-field` array holds one outcome per item, each with its error
  under `errors-field` (an object or an array of them) although the status is a success.
"""

from __future__ import annotations

import re

from ..ir import ItemErrors
from .context import Context, join
from .shapes import Merged, merge

__all__ = ["item_errors", "runtime_headers"]

_RUNTIME_KEYS = ("request-id-header", "rate-limit-reset-header")
_ITEM_ERRORS_KEYS = ("items-field", "errors-field")
_HEADER = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
"""An HTTP header name (RFC 9110 token)."""


def runtime_headers(ctx: Context) -> tuple[str | None, str | None]:
    """`(request id header, rate-limit reset header)` from `info.x-sdk-runtime`."""
    where = "/info/x-sdk-runtime"
    node = ctx.get(where)
    if node is None:
        return None, None
    if not isinstance(node, dict):
        ctx.error("x-sdk-runtime must be an object", where)
        return None, None
    for key in node:
        if key not in _RUNTIME_KEYS:
            ctx.error(
                f"unknown x-sdk-runtime key {key!r} (known: {', '.join(_RUNTIME_KEYS)})",
                join(where, key),
            )
    found: list[str | None] = []
    for key in _RUNTIME_KEYS:
        value = node.get(key)
        if value is not None and not (isinstance(value, str) and _HEADER.match(value)):
            ctx.error(f"{key} must be an HTTP header name", join(where, key))
            value = None
        found.append(value)
    return found[0], found[1]


def item_errors(ctx: Context, merged: Merged, pointer: str) -> ItemErrors | None:
    """The `x-sdk-item-errors` of an object schema (`merged`: its `allOf` folded in),
    checked: the items field is an array property whose items have the errors field."""
    node = merged.schema.get("x-sdk-item-errors")
    if node is None:
        return None
    where = join(pointer, "x-sdk-item-errors")
    if not isinstance(node, dict):
        ctx.error("x-sdk-item-errors must be an object {items-field, errors-field}", where)
        return None
    for key in node:
        if key not in _ITEM_ERRORS_KEYS:
            ctx.error(f"unknown x-sdk-item-errors key {key!r}", join(where, key))
    names: list[str] = []
    for key in _ITEM_ERRORS_KEYS:
        value = node.get(key)
        if not (isinstance(value, str) and value):
            ctx.error(f"x-sdk-item-errors needs `{key}` (a property name)", where)
            return None
        names.append(value)
    items_field, errors_field = names
    prop, prop_at = merged.properties.get(items_field, (None, pointer))
    items, items_at, _ = ctx.deref(prop, prop_at)
    if not isinstance(items, dict) or items.get("type") != "array":
        ctx.error(
            f"items-field {items_field!r} is not an array property of this schema",
            join(where, "items-field"),
        )
        return None
    outcome, outcome_at, _ = ctx.deref(items.get("items"), join(items_at, "items"))
    if (
        not isinstance(outcome, dict)
        or errors_field not in merge(ctx, outcome, outcome_at).properties
    ):
        ctx.error(
            f"errors-field {errors_field!r} is not a property of the items of {items_field!r}",
            join(where, "errors-field"),
        )
        return None
    return ItemErrors(items_field, errors_field)
