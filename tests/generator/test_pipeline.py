"""The caches of `generator/pipeline.py`: a warm cache never hides a change.

The whole output is remembered under the digest of everything it came from (the root
spec, every file it references, the templates, the options, sdkgen's own code and
tools), so each test warms the cache, changes one input, and checks that the next run
sees the change exactly as a run with no cache would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import pipeline
from generator.cache import Cache
from generator.config import Config
from generator.render import TEMPLATES

from .conftest import FIXTURES, sdkgen

ROOT = """\
openapi: 3.1.0
info: {title: Split, version: '1.0'}
servers: [{url: 'https://split.example.com'}]
paths:
  /things/{thing_id}:
    get:
      operationId: things.get
      summary: Get a thing.
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: 'schemas.yaml#/Thing'}
"""

SCHEMAS = """\
Thing:
  type: object
  required: [id]
  properties:
    id: {type: string, description: Identifier of the thing.}
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def split_spec(folder: Path) -> Path:
    (folder / "schemas.yaml").write_text(SCHEMAS)
    root = folder / "openapi.yaml"
    root.write_text(ROOT)
    return root


def test_a_change_in_a_referenced_file_is_seen_with_a_warm_cache(tmp_path: Path) -> None:
    spec = split_spec(tmp_path)
    assert sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path).returncode == 0
    assert sdkgen("check", spec, "--out", "sdk", cwd=tmp_path).returncode == 0  # from the cache
    schemas = tmp_path / "schemas.yaml"
    schemas.write_text(schemas.read_text().replace("Identifier of the thing.", "The thing's own name."))
    drift = sdkgen("check", spec, "--out", "sdk", cwd=tmp_path)
    assert drift.returncode == 1 and "types/thing.py" in drift.stderr
    assert sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path).returncode == 0
    assert sdkgen("generate", spec, "--out", "fresh", "--no-cache", cwd=tmp_path).returncode == 0
    assert tree(tmp_path / "sdk") == tree(tmp_path / "fresh")
    assert b"The thing's own name." in (tmp_path / "sdk" / "python" / "split_client" / "types" / "thing.py").read_bytes()


def test_a_spec_made_invalid_is_reported_with_a_warm_cache(tmp_path: Path) -> None:
    spec = split_spec(tmp_path)
    assert sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path).returncode == 0
    before = tree(tmp_path / "sdk")
    schemas = tmp_path / "schemas.yaml"
    schemas.write_text(schemas.read_text().replace("type: object", "type: objet"))
    failed = sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path)
    assert failed.returncode == 1
    assert "schemas.yaml:2: #/Thing/type" in failed.stderr, failed.stderr
    assert tree(tmp_path / "sdk") == before


def test_a_template_change_is_seen_with_a_warm_cache(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text((FIXTURES / "shop-3.0.yaml").read_text())
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    assert sdkgen("generate", spec, "--out", "sdk", "--templates", templates, cwd=tmp_path).returncode == 0
    readme = templates / "python" / "README.md.jinja"
    readme.write_text(readme.read_text() + "\nEdited template.\n")
    assert sdkgen("generate", spec, "--out", "sdk", "--templates", templates, cwd=tmp_path).returncode == 0
    assert (tmp_path / "sdk" / "python" / "README.md").read_text().endswith("Edited template.\n")


def test_the_cache_gives_what_a_run_without_it_gives(tmp_path: Path) -> None:
    spec = tmp_path / "shop.yaml"
    spec.write_text((FIXTURES / "shop-3.0.yaml").read_text())
    cold = sdkgen("generate", spec, "--out", "cold", cwd=tmp_path)
    warm = sdkgen("generate", spec, "--out", "warm", cwd=tmp_path)
    uncached = sdkgen("generate", spec, "--out", "uncached", "--no-cache", cwd=tmp_path)
    assert cold.returncode == warm.returncode == uncached.returncode == 0
    assert cold.stderr == warm.stderr == uncached.stderr  # the same warnings, cached or not
    assert tree(tmp_path / "cold") == tree(tmp_path / "warm") == tree(tmp_path / "uncached")


def test_the_cache_keeps_one_run_per_spec_not_one_per_edit(tmp_path: Path) -> None:
    spec = split_spec(tmp_path)
    schemas = tmp_path / "schemas.yaml"
    cache = tmp_path / ".cache"
    counts = []
    for edit in range(3):
        schemas.write_text(SCHEMAS.replace("Identifier of the thing.", f"Identifier number {edit}."))
        assert sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path).returncode == 0
        counts.append({space.name: sum(1 for p in space.rglob("*") if p.is_file()) for space in cache.iterdir()})
    assert counts[0]["black"] == counts[2]["black"] == 1  # black's output of the last run
    assert counts[0]["output"] == counts[2]["output"] == 1  # the last output
    assert counts[2]["validate"] == counts[2]["valid"] == 1  # rewordings of one valid spec


def test_a_reworded_valid_spec_is_not_validated_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Prose no rule reads: the last valid verdict holds."""
    spec = split_spec(tmp_path)
    cache = Cache(tmp_path / ".cache")
    config = Config(root=tmp_path)
    pipeline.generate(spec, config, cache, workers=1)

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("validated again")

    for name in ("document_errors", "reference_errors", "find_errors"):
        monkeypatch.setattr(pipeline, name, refused)
    schemas = tmp_path / "schemas.yaml"
    schemas.write_text(SCHEMAS.replace("Identifier of the thing.", "The thing's own name."))
    output = pipeline.generate(spec, config, cache, workers=1)
    assert "The thing's own name." in output.files["python/split_client/types/thing.py"]

    schemas.write_text(SCHEMAS.replace("type: object", "type: objet"))  # not prose: validated
    with pytest.raises(AssertionError, match="validated again"):
        pipeline.generate(spec, config, cache, workers=1)


def test_a_reworded_invalid_spec_is_validated_again(tmp_path: Path) -> None:
    spec = split_spec(tmp_path)
    schemas = tmp_path / "schemas.yaml"
    schemas.write_text(SCHEMAS.replace("type: object", "type: objet"))
    assert sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path).returncode == 1
    schemas.write_text(SCHEMAS.replace("type: object", "type: objet").replace("Identifier", "Name"))
    failed = sdkgen("generate", spec, "--out", "sdk", cwd=tmp_path)
    assert failed.returncode == 1 and "schemas.yaml:2: #/Thing/type" in failed.stderr, failed.stderr


def test_the_validators_problems_are_located_after_the_spec_is_released(tmp_path: Path) -> None:
    """The parsed data goes once the IR is built; the validator's problems, found later,
    still get their file and line (JSON and YAML alike)."""
    json_spec = tmp_path / "spec.json"
    json_spec.write_text(
        '{\n  "openapi": "3.1.0",\n  "info": {"title": "J", "version": "1"},\n  "paths": {},\n'
        '  "components": {\n    "schemas": {\n      "Thing": {"type": "objet"}\n    }\n  }\n}\n'
    )
    failed = sdkgen("generate", json_spec, "--out", "sdk", cwd=tmp_path)
    assert failed.returncode == 1 and "spec.json:7: #/components/schemas/Thing/type" in failed.stderr, failed.stderr
    spec = split_spec(tmp_path)
    (tmp_path / "schemas.yaml").write_text(SCHEMAS.replace("{type: string,", "{type: strng,"))
    failed = sdkgen("generate", spec, "--out", "sdk", "--lenient", cwd=tmp_path)
    assert "schemas.yaml:5: #/Thing/properties/id/type" in failed.stderr, failed.stderr
