"""`sdkgen diff`'s breaking verdict agrees with griffe's (a Python API breakage checker)
run on the packages generated from the same fixture pairs."""

from __future__ import annotations

from pathlib import Path

import griffe
import pytest

from generator.cache import Cache
from generator.changelog import diff_specs
from generator.config import Config
from generator.pipeline import build_valid
from generator.render import render

from .conftest import FIXTURES

PAIRS = FIXTURES / "diff"


def package(spec: Path, out: Path, cache: Cache) -> griffe.Object:
    """The client package generated from `spec` (unformatted: griffe reads the AST), as griffe loads it."""
    api, _ = build_valid(spec, Config(root=PAIRS, package="shop_client"), cache, workers=1)
    for name, text in render(api).items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    loaded = griffe.load("shop_client", search_paths=[out / "python"], resolve_aliases=False)
    assert isinstance(loaded, griffe.Object)
    return loaded


@pytest.mark.parametrize(
    "pair",
    ["method-removed", "required-parameter-added", "optional-parameter-added", "field-added"],
)
def test_breaking_verdict_matches_griffes(pair: str, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    old, new = PAIRS / "base.yaml", PAIRS / f"{pair}.yaml"
    ours = any(c.kind == "breaking" for c in diff_specs(old, new, Config(root=PAIRS), cache, workers=1))
    found = list(griffe.find_breaking_changes(package(old, tmp_path / "old", cache), package(new, tmp_path / "new", cache)))
    assert ours == bool(found), [b.explain() for b in found]
