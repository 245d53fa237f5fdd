"""Docs are inert (issue 12, point 6): Markdown from a spec yields no `javascript:`,
`data:` or `vbscript:` link and no raw HTML in the site, and control characters in
titles still give a valid `mkdocs.yml`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import yaml

from .conftest import sdkgen

HOSTILE = (
    "[click](javascript:alert(1)) ![img](data:text/html;base64,PHNjcmlwdD4=) [ref][r]\n\n"
    "[r]: JaVaScRiPt:alert(2)\n\n"
    "[escaped](java\\script:alert(3)) [spaced]( vbscript:msgbox) [upper](JAVASCRIPT:x)\n"
    "[tab](\tjavascript:alert(4)) <script>alert(5)</script> <javascript:alert(6)>\n"
    "<img src=x onerror=alert(7)> [entity](javascript&#58;alert(8))\n"
    "[fine](https://example.com/docs) [relative](pins.md)"
)
TITLE = "Evil\u0085Title\u009b\u2028\u2029\x7f\x1b[31m"


def _spec() -> dict[str, object]:
    return {
        "openapi": "3.0.3",
        "info": {"title": TITLE, "version": "1", "description": HOSTILE,
                 "x-sdk-docs": [{"title": f"Page{TITLE}", "body": HOSTILE}]},
        "servers": [{"url": "https://api.example.com", "description": HOSTILE}],
        "tags": [{"name": "notes", "description": HOSTILE}],
        "paths": {"/n": {"get": {
            "operationId": "notes.list", "tags": ["notes"], "summary": f"List{TITLE}",
            "description": HOSTILE,
            "parameters": [{"name": "q", "in": "query", "description": HOSTILE, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Note"}}}}},
        }}},
        "components": {"schemas": {"Note": {
            "type": "object", "title": TITLE, "description": HOSTILE,
            "properties": {"text": {"type": "string", "description": HOSTILE}},
        }}},
    }  # fmt: skip


def test_spec_markdown_yields_no_script_links_and_no_html(tmp_path: Path) -> None:
    (tmp_path / "spec.json").write_text(json.dumps(_spec()))
    done = sdkgen("generate", "spec.json", "--out", "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"].startswith("Evil")
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    pages = sorted((tmp_path / "out" / "docs").rglob("*.md"))
    assert pages
    seen_fine = False
    for page in pages:
        html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=extensions)
        for attribute in re.findall(r'(?:href|src)="([^"]*)"', html):
            scheme = re.sub(r"[\s\\]", "", attribute).lower()
            assert not scheme.startswith(("javascript:", "data:", "vbscript:")), (page, attribute)
        assert not re.search(r"<(script|img|iframe)\b", html), page
        assert "onerror" not in re.sub(r"&lt;img[^\n]*", "", html) or "<img" not in html
        seen_fine = seen_fine or 'href="https://example.com/docs"' in html
    assert seen_fine, "safe links stay links"
