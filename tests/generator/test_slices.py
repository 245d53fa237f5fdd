"""Incremental rendering (`generator/slices.py`): a run with the last run's cache makes
exactly the files a run without any cache makes, after any edit of the spec, and
makes again only the files whose part of the IR changed."""

from __future__ import annotations

import random
import shutil
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import pipeline
from generator.bundle import load_spec
from generator.cache import Cache
from generator.config import Config
from generator.errors import SpecError
from generator.ir import types_by_name
from generator.ir_build import build
from generator.render import TEMPLATES
from generator.slices import LEVELS, OutsideSlice, render_reusing, scope, view_of

from .conftest import FIXTURES, sdkgen

REPO = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------- random spec edits


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc.setdefault("components", {}).setdefault("schemas", {})


def _properties(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every `properties` mapping of a component schema (also inside allOf)."""
    found: list[dict[str, Any]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("properties"), dict) and node["properties"]:
                found.append(node["properties"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_schemas(doc))
    return found


def _operations(doc: dict[str, Any]) -> list[dict[str, Any]]:
    methods = ("get", "put", "post", "delete", "patch")
    return [
        item[m]
        for item in doc.get("paths", {}).values()
        for m in methods
        if isinstance(item, dict) and isinstance(item.get(m), dict)
    ]


def _edit(doc: dict[str, Any], rng: random.Random, n: int) -> str:
    """One random edit of the kinds maintainers make; what it did."""
    kind = rng.choice(
        [
            "field description",
            "schema description",
            "operation summary",
            "new field",
            "field type",
            "drop field",
            "new schema",
            "title",
        ]
    )
    properties = _properties(doc)
    if kind == "field description" and properties:
        props = rng.choice(properties)
        name = rng.choice(sorted(props))
        if isinstance(props[name], dict):
            props[name]["description"] = f"Edited {n}."
    elif kind == "schema description":
        name = rng.choice(sorted(_schemas(doc)))
        _schemas(doc)[name]["description"] = f"Schema edited {n}."
    elif kind == "operation summary":
        rng.choice(_operations(doc))["summary"] = f"Operation edited {n}."
    elif kind == "new field" and properties:
        rng.choice(properties)[f"extra_{n}"] = {"type": "integer", "description": f"New {n}."}
    elif kind == "field type" and properties:
        props = rng.choice(properties)
        name = rng.choice(sorted(props))
        if isinstance(props[name], dict) and "$ref" not in props[name]:
            props[name] = {"type": rng.choice(["string", "number", "boolean"])}
    elif kind == "drop field" and properties:
        props = rng.choice(properties)
        name = rng.choice(sorted(props))
        if len(props) > 1 and not any(
            name in (s.get("required") or []) for s in _walk_dicts(_schemas(doc))
        ):
            del props[name]
    elif kind == "new schema":
        _schemas(doc)[f"Added{n}"] = {
            "type": "object",
            "properties": {"a": {"type": "string", "description": "A."}},
        }
    else:
        doc["info"]["title"] = f"{doc['info']['title'].split(' ')[0]} Edited{n}"
    return kind


def _walk_dicts(node: object) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        return [node, *(d for v in node.values() for d in _walk_dicts(v))]
    if isinstance(node, list):
        return [d for v in node for d in _walk_dicts(v)]
    return []


def _run(spec: Path, cache: Cache) -> dict[str, str] | str:
    config = Config(root=spec.parent)
    try:
        return pipeline.generate(spec, config, cache, workers=1).files
    except SpecError as error:
        return "invalid: " + "; ".join(sorted(p.message for p in error.problems))


class _Unremembered(Cache):
    """A cache that never gives the last output (so every file is rendered again), but
    keeps black's results: a full run, in the time of a warm one."""

    def get(self, namespace: str, key: str) -> str | None:
        return None if namespace == "output" else super().get(namespace, key)


@pytest.mark.parametrize("fixture", ["zoo-3.1.yaml", "shop-3.0.yaml"])
def test_random_edits_make_what_a_full_run_makes(tmp_path: Path, fixture: str) -> None:
    spec = tmp_path / "api.yaml"
    doc = yaml.safe_load((FIXTURES / fixture).read_text())
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))
    cache, full = Cache(tmp_path / "warm"), _Unremembered(tmp_path / "full")
    assert _run(spec, cache) == _run(spec, full)
    rng = random.Random(f"slices-{fixture}")
    for n in range(6):
        done = _edit(doc, rng, n)
        spec.write_text(yaml.safe_dump(doc, sort_keys=False))
        assert _run(spec, cache) == _run(spec, full), f"edit {n} ({done}) of {fixture}"


def _edit_schemas(files: list[Path], rng: random.Random, n: int) -> None:
    """A new description and a new field in a schema file of a multi-file spec."""
    target = rng.choice(files)
    doc = yaml.safe_load(target.read_text())
    props = rng.choice(_properties({"components": {"schemas": doc}}))
    name = rng.choice(sorted(props))
    if isinstance(props[name], dict):
        props[name]["description"] = f"Edited {n}."
    props[f"extra_{n}"] = {"type": "string"}
    target.write_text(yaml.safe_dump(doc, sort_keys=False))


def _cli_edits(spec: Path, edit: Any, count: int) -> None:
    """Generate with the cache after each edit, and with `--no-cache` into another
    folder: the two trees are byte for byte the same."""
    folder = spec.parent.parent if spec.parent.name == "spec" else spec.parent
    rng = random.Random(f"slices-cli-{spec.name}")
    assert sdkgen("generate", spec, "--out", "warm", cwd=folder).returncode == 0
    for n in range(count):
        edit(rng, n)
        warm = sdkgen("generate", spec, "--out", "warm", cwd=folder)
        assert warm.returncode == 0, warm.stderr
        shutil.rmtree(folder / "cold", ignore_errors=True)
        cold = sdkgen("generate", spec, "--out", "cold", "--no-cache", cwd=folder)
        assert cold.returncode == 0, cold.stderr
        assert _tree(folder / "warm") == _tree(folder / "cold"), f"edit {n}"


def test_the_cli_with_its_cache_writes_what_it_writes_without(tmp_path: Path) -> None:
    spec = tmp_path / "zoo.yaml"
    doc = yaml.safe_load((FIXTURES / "zoo-3.1.yaml").read_text())
    spec.write_text(yaml.safe_dump(doc, sort_keys=False))

    def edit(rng: random.Random, n: int) -> None:
        _edit(doc, rng, n)
        spec.write_text(yaml.safe_dump(doc, sort_keys=False))

    _cli_edits(spec, edit, 2)


@pytest.mark.slow
def test_the_curated_spec_edited_at_random_through_the_cli(tmp_path: Path) -> None:
    shutil.copytree(REPO / "spec", tmp_path / "spec")
    files = sorted((tmp_path / "spec" / "schemas").rglob("*.yaml"))
    _cli_edits(tmp_path / "spec" / "openapi.yaml", partial(_edit_schemas, files), 3)


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# ---------------------------------------------------------------- what is made again


def _api(spec: Path) -> Any:
    loaded = load_spec(spec)
    options = pipeline._options(loaded, spec, Config(root=spec.parent))
    api, _ = build(loaded, options, loaded.data["openapi"])  # type: ignore[arg-type]
    return api


def test_a_new_field_description_makes_again_only_the_files_that_show_it(tmp_path: Path) -> None:
    spec = tmp_path / "zoo.yaml"
    text = (FIXTURES / "zoo-3.1.yaml").read_text()
    spec.write_text(text)
    api = _api(spec)
    first = render_reusing(api, TEMPLATES, {}, {}, scope(TEMPLATES, api))
    assert first.fresh == set(first.files)  # nothing to reuse: everything rendered
    spec.write_text(text.replace("The animal's name.", "What the animal answers to."))
    api = _api(spec)
    last = {(r.template, r.node): r for r in first.records}
    again = render_reusing(api, TEMPLATES, last, first.files, scope(TEMPLATES, api))
    changed = {p for p in again.files if again.files[p] != first.files[p]}
    assert changed and changed <= again.fresh
    assert any("types/" in p for p in changed)
    assert not any("/resources/" in p for p in again.fresh), sorted(again.fresh)
    assert len(again.fresh) < len(first.files) // 2


def test_a_part_of_the_api_a_view_hides_cannot_be_used(tmp_path: Path) -> None:
    spec = tmp_path / "zoo.yaml"
    spec.write_text((FIXTURES / "zoo-3.1.yaml").read_text())
    api = _api(spec)
    facts = view_of(api, "facts")
    assert facts.package == api.package
    for use in (list, len, bool, repr):
        if use is repr:
            assert "hidden" in repr(facts.models)
            continue
        with pytest.raises(OutsideSlice):
            use(facts.models)  # type: ignore[operator]
    with pytest.raises(OutsideSlice):
        _ = facts.client.operations
    shapes = view_of(api, "shapes")
    with pytest.raises(OutsideSlice):
        str(shapes.models[0].fields[0].description)
    assert shapes.models[0].fields[0].name == api.models[0].fields[0].name
    assert LEVELS[-1] == "all" and view_of(api, "all") == api


def test_types_by_name_is_each_views_own(tmp_path: Path) -> None:
    """Made once per `Api` object: a view (another object) gets its own, and a view that
    hides the types refuses as the types themselves do."""
    spec = tmp_path / "zoo.yaml"
    spec.write_text((FIXTURES / "zoo-3.1.yaml").read_text())
    api = _api(spec)
    named = types_by_name(api)
    assert types_by_name(api) is named and set(named) == {t.name for t in (*api.models, *api.aliases)}
    shapes = view_of(api, "shapes")
    assert all(types_by_name(shapes)[m.name] is m for m in shapes.models)
    assert types_by_name(shapes)[api.models[0].name] is not named[api.models[0].name]
    with pytest.raises(OutsideSlice):
        types_by_name(view_of(api, "facts"))


def test_a_template_that_reads_more_moves_up_a_view(tmp_path: Path) -> None:
    """A custom per-module template reading every model: its files are made against
    the whole types (so a new model re-makes them), and still equal a full run."""
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    page = templates / "docs" / "pages" / "type_module.md.jinja"
    page.write_text(page.read_text() + "\n{% for m in api.models %}{{ m.name }} {% endfor %}\n")
    spec = tmp_path / "zoo.yaml"
    text = (FIXTURES / "zoo-3.1.yaml").read_text()
    spec.write_text(text)
    api = _api(spec)
    first = render_reusing(api, templates, {}, {}, scope(templates, api))
    levels = {r.level for r in first.records if r.template == "docs/pages/type_module.md.jinja"}
    assert levels == {"shapes"}
