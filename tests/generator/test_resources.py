"""ir_build/resources.py: which `client.<resource>.<method>` each operation becomes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from .conftest import sdkgen

PLAIN = {
    "listBooks": ("get", "/books", "books"),
    "createBook": ("post", "/books", "books"),
    "getBook": ("get", "/books/{id}", "books"),
    "getBookCover": ("get", "/books/{id}/cover", "books"),
    "getBooks": ("put", "/books/batch", "books"),
    "fetchBook": ("get", "/books/{id}/fetch", "books"),
    "fetch": ("get", "/books/fetch", "books"),
    "importBooks": ("post", "/books/import", "books"),
    "books": ("head", "/books", "books"),
    "listApiKeys": ("get", "/keys", "api_keys"),
    "deleteApiKey": ("delete", "/keys/{id}", "api_keys"),
    "shelves.listShelves": ("get", "/shelves", None),
}


def spec() -> dict[str, object]:
    paths: dict[str, dict[str, object]] = {}
    for operation_id, (method, path, tag) in PLAIN.items():
        operation: dict[str, object] = {
            "operationId": operation_id,
            "responses": {"204": {"description": "done"}},
        }
        if tag:
            operation["tags"] = [tag]
        if "{id}" in path:
            operation["parameters"] = [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ]
        paths.setdefault(path, {})[method] = operation
    return {"openapi": "3.1.0", "info": {"title": "Library", "version": "1.0.0"},
            "servers": [{"url": "https://library.example.com"}], "paths": paths}  # fmt: skip


def test_plain_operation_ids_lose_the_resource_name_when_it_stays_unique(tmp_path: Path) -> None:
    file = tmp_path / "library.json"
    file.write_text(json.dumps(spec()))
    done = sdkgen("generate", file, "--out", tmp_path / "out", "--package", "library", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    program = (
        "import library, json\n"
        "client = library.Library()\n"
        "print(json.dumps({name: sorted(n for n in vars(type(getattr(client, name))) if not n.startswith('_'))"
        " for name in ('books', 'api_keys', 'shelves')}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program],
        cwd=tmp_path / "out" / "python",
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    methods = json.loads(run.stdout)
    # `get_book` and `get_books` would both be `get`, `fetch_book` the existing `fetch`,
    # `import` is a keyword and `books` has nothing else: those keep their names.
    assert methods["books"] == ["books", "create", "fetch", "fetch_book", "get_book", "get_books", "get_cover",
                                "import_books", "list"]  # fmt: skip
    assert methods["api_keys"] == ["delete", "list"]
    # A dotted operationId is the SDK path as written.
    assert methods["shelves"] == ["list_shelves"]
