"""Nothing in a spec can inject code: hypothesis writes hostile specs (quotes of every
kind, backslashes, newlines, Jinja markup, Python payloads, unicode, keywords, empty
and digit-led names, names colliding when case-folded) and every generated module must
parse, keep the hostile text inside strings, comments and docstrings, and import
without running any of it.

In process and without black (the formatter changes layout, not meaning), so a few
dozen specs take seconds.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import io
import itertools
import os
import json
import sys
import tokenize
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.ir_build import build
from generator.bundle import load_spec
from generator.config import Config
from generator.pipeline import _options
from generator.render import render

PAYLOAD = "__import__('builtins').__dict__.__setitem__('PWNED', 1)"
FRAGMENTS = [
    '"""', "'''", '"', "'", "\\", "\\n", "\n", "\r\n", "\t", "{{ api.package }}", "{% if true %}",
    "{#", "#}", "{{", "}}", PAYLOAD, f'"""\n{PAYLOAD}\n"""', f"')\n{PAYLOAD}\n#", f'"{PAYLOAD}"',
    "class", "def", "None", "True", "import", "lambda", "self", "options", "list", "str",
    "model_dump", "Model", "1", "2fa", "", " ", "-", "_", "é", "ß", "İ", "Ω", "中文", "\u2028",
    "\x00", "\x1b[31m", "`", "<!--", "-->", "*/", "${x}", "%s", "#", "\\u0041", "\\x00",
]  # fmt: skip
SENTINELS = frozenset({"__import__", "__dict__", "__setitem__", "PWNED"})
"""Names only the payload uses: outside a string they would be code (identifiers made
from spec names, `import_builtins_dict_setitem_pwned`, are fine)."""

hostile = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=4), max_size=4).map("".join)
names = st.lists(hostile, min_size=1, max_size=4, unique_by=str.casefold) | st.sampled_from(
    [["Name", "name", "NAME", "na-me", "na_me"], ["class", "Class", "2fa", "_", ""], ["ß", "ss", "SS"]]
)
scalar = st.one_of(hostile, st.integers(-5, 5), st.booleans(), st.none())


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for name in draw(names):
        kind = draw(st.sampled_from(["string", "integer", "enum", "object", "array"]))
        prop: dict[str, Any] = {"description": draw(hostile), "example": draw(scalar)}
        if kind == "enum":
            prop.update(type="string", enum=draw(st.lists(hostile, min_size=1, max_size=4, unique=True)))
        elif kind == "object":
            prop.update(type="object", title=draw(hostile), properties={draw(hostile): {"type": "string", "default": draw(hostile)}})
        elif kind == "array":
            prop.update(type="array", items={"type": "string", "enum": [draw(hostile)]})
        else:
            prop.update(type=kind, default=draw(hostile) if kind == "string" else draw(st.integers()))
        properties[name] = prop
    return {"type": "object", "description": draw(hostile), "required": list(properties)[:1], "properties": properties}


@st.composite
def specs(draw: st.DrawFn) -> dict[str, Any]:
    schema_names = draw(names)
    components = {name: draw(schemas()) for name in schema_names}
    components[draw(hostile) + "Enum"] = {"type": "string", "enum": draw(st.lists(hostile, min_size=1, max_size=5, unique=True))}
    paths: dict[str, Any] = {}
    for index, param in enumerate(draw(names)):
        operation = {
            "operationId": draw(hostile),
            "summary": draw(hostile),
            "description": draw(hostile),
            "tags": draw(st.lists(hostile, max_size=2)),
            "parameters": [
                {"name": param, "in": "path", "required": True, "description": draw(hostile), "schema": {"type": "string"}},
                {"name": draw(hostile), "in": "query", "schema": {"type": "string", "default": draw(hostile)}},
                {"name": draw(hostile), "in": "header", "schema": {"type": "string", "enum": [draw(hostile)]}},
            ],
            "requestBody": {"content": {"application/json": {"schema": draw(schemas())}}},
            "responses": {
                "200": {
                    "description": draw(hostile),
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{_escape(schema_names[0])}"}}},
                },
                "default": {"description": draw(hostile)},
            },
        }
        paths[f"/{index}{draw(hostile).replace('{', '').replace('}', '')}/{{{param}}}"] = {draw(st.sampled_from(["get", "post"])): operation}
    return {
        "openapi": "3.1.0",
        "info": {"title": draw(hostile), "version": draw(hostile), "description": draw(hostile), "summary": draw(hostile)},
        "servers": [
            {"url": "https://api.example.com/" + draw(hostile), "description": draw(hostile)},
            {"url": draw(hostile), "x-sdk-environment": draw(hostile)},
        ],
        "tags": [{"name": draw(hostile), "description": draw(hostile)} for _ in range(2)],
        "components": {
            "schemas": components,
            "securitySchemes": {
                "key": {"type": "apiKey", "in": "header", "name": draw(hostile) or "X-Key", "description": draw(hostile)}
            },
        },
        "security": [{"key": []}],
        "paths": paths,
    }


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def code_tokens(source: str) -> set[str]:
    """Every token of the source but string literals and comments."""
    skipped = {tokenize.STRING, tokenize.COMMENT, getattr(tokenize, "FSTRING_MIDDLE", -1)}
    return {t.string for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skipped}


counter = itertools.count()


@settings(max_examples=int(os.environ.get("SDKGEN_HOSTILE_EXAMPLES", "40")), derandomize=True, deadline=None, suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
@given(spec=specs())
def test_hostile_specs_render_inert_python(spec: dict[str, Any], tmp_path_factory: Any) -> None:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "openapi.json"
    path.write_text(json.dumps(spec))
    loaded = load_spec(path)
    assert not loaded.problems
    package = f"hostile_{next(counter)}"
    config = Config(root=folder, package=package)
    api, problems = build(loaded, _options(loaded, path, config), "3.1", lenient=True)
    assert not [p for p in problems if p.severity == "error"], problems
    files = render(api)
    out = folder / "out"
    for relative, text in files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        if relative.endswith((".py", ".pyi")):
            ast.parse(text, filename=relative)
            assert not SENTINELS & code_tokens(text), f"{relative}: spec text outside a string"
        elif relative.endswith(".toml"):
            import tomllib

            tomllib.loads(text)
    _import_everything(out / "python", package)


def _import_everything(python: Path, package: str) -> None:
    """Import every module and build every model (evaluating its annotations)."""
    sys.path.insert(0, str(python))
    try:
        root = importlib.import_module(package)
        client_class = getattr(root, root.__all__[0])
        assert isinstance(client_class, type)
        for module_file in sorted((python / package).rglob("*.py")):
            name = ".".join(module_file.relative_to(python).with_suffix("").parts).removesuffix(".__init__")
            module = importlib.import_module(name)
            for value in vars(module).values():
                if isinstance(value, type) and hasattr(value, "model_rebuild") and value.__module__ == name:
                    value.model_rebuild(force=True)
        assert not hasattr(builtins, "PWNED"), "spec text ran as code"
    finally:
        sys.path.remove(str(python))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
