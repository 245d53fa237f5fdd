"""`generator.layout`: long lines split black's way before black runs.

The split must never change what the code means (black would format a wrong split
without complaint), and on the shapes the templates write it must be what black
writes, so that black's second pass is not needed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import black
import pytest

from generator import render as render_module
from generator.ir_build import build
from generator.bundle import load_spec
from generator.config import find_config
from generator.layout import split_long_lines
from generator.pipeline import _options

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"

CLEAN = [
    # a def: its parameters on one line, else one per line with a trailing comma
    '''
class Pins:
    def list(self, board_id: str, *, bookmark: str | NotGiven = NOT_GIVEN, options: RequestOptions | None = None) -> SyncPage[Pin]:
        return self._request_page("GET", "/boards/{board_id}/pins", path_params={"board_id": board_id}, query={"bookmark": bookmark, "page_size": page_size, "ad_account_id": ad_account_id}, item=Pin, options=options)
''',
    # annotations: a union in parentheses, a value in parentheses, a subscript split
    '''
class Ad(BaseModel):
    review_status: Literal["OTHER", "PENDING", "REJECTED", "APPROVED"] | str | None = None
    bid_strategy_type: Literal["AUTOMATIC_BID", "MAX_BID", "TARGET_AVG"] | str | None = None
    range: Literal["YEAR_TO_DATE", "QUARTER_TO_DATE", "MONTH_TO_DATE", "LAST_MONTH", "LAST_QUARTER"] | str | None = None
    update_mask: list[Literal["AUDIENCE", "APP_TYPE", "PLACEMENT", "GENDER", "AGE_BUCKET"] | str]
    type_: str | None = Field(default=None, validation_alias="type", serialization_alias="type")
''',
    # imports, a collection display, a call with one long argument, a long string
    '''
from ._base_client import DEFAULT_MAX_RETRIES, AsyncAPIClient, SyncAPIClient, select_base_url

__all__ = ["AsyncPinterest", "Pinterest", "SyncPage", "AsyncPage", "PinterestError", "APIError"]
result = client.pins.create(description="A bright, zesty tart that keeps for three days in the fridge, or so.", media_source=PinMediaSourceImageURL.model_validate({"source_type": "image_url", "url": "https://www.example.com/images/lemon-tart.jpg"}))
''',
]


@pytest.mark.parametrize("source", CLEAN)
def test_templates_shapes_come_out_as_black_writes_them(source: str) -> None:
    source = source.lstrip()
    split = split_long_lines(source, stub=False)
    assert split != source
    assert black.format_str(split, mode=black.Mode()) == split
    assert _code(split) == _code(source)


def test_stub_defs_get_no_trailing_comma_after_a_bare_star() -> None:
    source = "class A:\n    def f(self, board_id: str, *, bookmark: str | NotGiven = ..., page_size: int | NotGiven = ..., options: RequestOptions | None = None) -> SyncPage[Pin]: ...\n"
    split = split_long_lines(source, stub=True)
    assert black.format_str(split, mode=black.Mode(is_pyi=True)) == split


def test_what_it_cannot_read_is_left_to_black() -> None:
    source = (
        'x = "a long line ending in a comment, which black places itself, so it stays here"  # why\n'
        '"""A docstring line that is long but is prose, not code, and black leaves such lines alone."""\n'
    )
    assert split_long_lines(source, stub=False) == source


@pytest.mark.parametrize("spec", [ROOT / "spec" / "openapi.yaml", FIXTURES / "zoo-3.1.yaml", FIXTURES / "shop-3.0.yaml"])
def test_splitting_never_changes_the_code(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_spec(spec)
    config = find_config(ROOT)
    api, _ = build(loaded, _options(loaded, spec, config), str(loaded.data["openapi"])[:3])  # type: ignore[arg-type]
    split = render_module.render(api)
    monkeypatch.setattr(render_module, "split_long_lines", lambda text, stub: text)
    unsplit = render_module.render(api)
    python = [path for path in split if path.endswith((".py", ".pyi"))]
    assert any(split[path] != unsplit[path] for path in python)
    for path in python:
        assert _code(split[path]) == _code(unsplit[path]), path


def _code(text: str) -> str:
    """What `text` means, its strings' whitespace aside (black too moves the closing
    quotes of a docstring whose last line is full)."""
    tree = ast.parse(text)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = " ".join(node.value.split())
    return ast.dump(tree)
