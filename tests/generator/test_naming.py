"""naming.py's decisions that are not exercised through a whole generated SDK."""

from __future__ import annotations

import pytest

from generator.naming import without_resource


@pytest.mark.parametrize(
    ("method", "resource", "shorter"),
    [
        ("list_books", "books", "list"),
        ("get_book", "books", "get"),
        ("get_book_cover", "books", "get_cover"),
        ("list_books", "book", "list"),
        ("create_api_key", "api_keys", "create"),
        ("list_categories", "categories", "list"),
        ("get_category", "categories", "get"),
        ("list_boxes", "box", "list"),
        ("get_status", "status", "get"),
        ("list", "books", ""),
        ("bookmark", "books", ""),
        ("get_api", "api_keys", ""),
    ],
)
def test_without_resource_drops_the_resource_name_singular_or_plural(
    method: str, resource: str, shorter: str
) -> None:
    assert without_resource(method, resource) == shorter
