"""`generator/cache.py`: entries written a piece at a time read back as written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.cache import Cache
from generator.load import load_document

from .conftest import sdkgen


def test_a_json_entry_written_in_pieces_reads_back_whole(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    value = {
        "key": "k",
        "files": {f"p/{n}.py": "é\n\"x\"\\" * n for n in range(300)},
        "rows": [["a", "b"], ["c", "d"]],
        "empty": {},
        "count": 3,
    }
    cache.put_json("output", "e" * 64, value)
    stored = cache.get("output", "e" * 64)
    assert stored is not None and json.loads(stored) == value
    entry = next((tmp_path / "output").rglob("e" * 64)).read_bytes()
    head, _, body = entry.partition(b"\n")
    assert head.decode() == hashlib.sha256(len(body).to_bytes(8, "little") + body).hexdigest()


def test_an_altered_json_entry_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put_json("output", "f" * 64, {"files": {"a.py": "x = 1\n"}})
    path = next((tmp_path / "output").rglob("f" * 64))
    path.write_bytes(path.read_bytes().replace(b"x = 1", b"x = 2"))
    assert cache.get("output", "f" * 64) is None


YAML = """\
openapi: 3.1.0
info: {title: Parsed, version: '1.0'}
paths: {}
components:
  schemas:
    Thing:
      type: object
      properties:
        when: {type: string, example: 2024-01-01}
        flags: {type: array, items: {type: boolean}, example: [on, yes, true]}
        ratio: {type: number, example: .inf, minimum: -0.0}
        code: {type: integer, example: 0x1F}
        nothing: {example: ~}
        text: {description: "é \\u2028 «»"}
"""


def test_a_parsed_file_reads_back_from_the_cache_as_parsed(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(YAML)
    cache = Cache(tmp_path / "cache")
    parsed = load_document(spec, "spec.yaml", cache=cache)
    again = load_document(spec, "spec.yaml", cache=cache)
    assert again._lines is None, "read from the cache, not parsed"
    assert again.data == parsed.data == load_document(spec, "spec.yaml").data
    assert again.line("/components/schemas/Thing/properties/code") == 12  # parsed when asked
    spec.write_text(YAML.replace("0x1F", "0x20"))
    changed = load_document(spec, "spec.yaml", cache=cache)
    assert changed._lines is not None and changed.data["components"]["schemas"]["Thing"]["properties"]["code"]["example"] == 32  # type: ignore[index]


def test_a_file_with_problems_is_parsed_every_time(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(YAML + "paths: {}\n")  # a duplicate key
    cache = Cache(tmp_path / "cache")
    for _ in range(2):
        document = load_document(spec, "spec.yaml", lenient=True, cache=cache)
        assert [p.message for p in document.problems] == ["duplicate key 'paths': the last one is used"]
    assert not (tmp_path / "cache" / "parsed").exists()


def test_a_problem_in_an_unchanged_cached_file_keeps_its_line(tmp_path: Path) -> None:
    """The root file changes so that a file read from the cache becomes invalid."""
    (tmp_path / "schemas.yaml").write_text("Thing:\n  type: object\n  properties:\n    id: {type: [string, 'null']}\n")
    root = tmp_path / "openapi.yaml"
    spec = """\
openapi: 3.1.0
info: {title: Split, version: '1.0'}
paths:
  /things:
    get:
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Thing'}
"""
    root.write_text(spec)
    assert sdkgen("generate", root, "--out", "sdk", cwd=tmp_path).returncode == 0
    root.write_text(spec.replace("3.1.0", "3.0.3"))  # 3.0 has no type lists
    failed = sdkgen("generate", root, "--out", "sdk", cwd=tmp_path)
    assert failed.returncode == 1
    assert "schemas.yaml:4: #/Thing/properties/id/type" in failed.stderr, failed.stderr
