"""`generator/cache.py`: entries written a piece at a time read back as written."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.cache import Cache


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
