"""Smoke tests of the bench scripts: they run, and what they build is right. Never
timing assertions. Not part of the project's suite (pytest's testpaths is tests/);
run them with the bench venv:

    bench/.venv-peers/bin/python -m pytest bench/

The official Pinterest descriptions are vendored in tests/data/pinterest-api-description/,
so no test here skips for want of them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import bundle_spec
import measure
import payloads
import prune_spec
import pytest
import spec_files
import synth_spec
import yaml
from openapi_spec_validator import validate

BENCH = Path(__file__).resolve().parent
OFFICIAL_518 = spec_files.OFFICIAL_DIR / spec_files.OFFICIAL_518
ENDPOINT_MAP = prune_spec.DEFAULT_MAP


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=BENCH.parent, capture_output=True, text=True
    )


def test_pruned_spec_has_exactly_the_mapped_operations_and_validates(
    tmp_path: Path,
) -> None:
    output = tmp_path / "pruned.yaml"
    done = run_script(
        "bench/prune_spec.py",
        str(OFFICIAL_518),
        "--map",
        str(ENDPOINT_MAP),
        "-o",
        str(output),
    )
    assert done.returncode == 0, done.stderr

    pruned = spec_files.load(output)
    validate(pruned)  # resolves every $ref, so nothing the operations need was dropped
    kept = {
        (method, path)
        for path, item in pruned["paths"].items()
        for method in spec_files.HTTP_METHODS
        if method in item
    }
    assert kept == set(prune_spec.read_endpoint_map(ENDPOINT_MAP))
    assert len(kept) == 92


def test_prune_drops_unreferenced_components_and_follows_every_kind_of_reference() -> (
    None
):
    document = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "security": [{"root_auth": []}],
        "tags": [{"name": "kept"}, {"name": "dropped"}],
        "paths": {
            "/a": {
                "get": {
                    "tags": ["kept"],
                    "security": [{"op_auth": ["read"]}],
                    "parameters": [{"$ref": "#/components/parameters/P"}],
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                },
                "post": {"tags": ["dropped"], "responses": {}},
            },
            "/b": {"get": {"responses": {}}},
        },
        "components": {
            "parameters": {
                "P": {"name": "p", "in": "query", "schema": {"type": "string"}}
            },
            "responses": {
                "R": {
                    "description": "r",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/Union"}
                        }
                    },
                }
            },
            "schemas": {
                "Union": {
                    "oneOf": [{"$ref": "#/components/schemas/A~1B"}],
                    "discriminator": {"propertyName": "k", "mapping": {"x": "Named"}},
                },
                "A/B": {"type": "object"},
                "Named": {"type": "object"},
                "Unused": {"type": "object"},
            },
            "securitySchemes": {
                "root_auth": {"type": "http", "scheme": "bearer"},
                "op_auth": {"type": "http", "scheme": "bearer"},
                "other": {"type": "http", "scheme": "basic"},
            },
        },
    }
    pruned = prune_spec.prune(document, [("get", "/a")])

    assert list(pruned["paths"]) == ["/a"]
    assert list(pruned["paths"]["/a"]) == ["get"]
    assert set(pruned["components"]["schemas"]) == {"Union", "A/B", "Named"}
    assert set(pruned["components"]["securitySchemes"]) == {"root_auth", "op_auth"}
    assert list(pruned["components"]["parameters"]) == ["P"]
    assert pruned["tags"] == [{"name": "kept"}]


def test_prune_names_every_missing_endpoint() -> None:
    document: dict[str, Any] = {"paths": {"/a": {"get": {}}}, "components": {}}
    with pytest.raises(KeyError, match="POST /a, GET /b"):
        prune_spec.prune(document, [("post", "/a"), ("get", "/b")])


@pytest.mark.parametrize("operations", [1, 7, 100])
def test_synthetic_spec_is_valid_exact_and_deterministic(
    operations: int, tmp_path: Path
) -> None:
    document = synth_spec.synth_spec(operations)
    validate(document)
    counted = sum(
        method in item
        for item in document["paths"].values()
        for method in spec_files.HTTP_METHODS
    )
    assert counted == operations

    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    synth_spec.write(document, first)
    synth_spec.write(synth_spec.synth_spec(operations), second)
    assert first.read_bytes() == second.read_bytes()
    assert b"&id" not in first.read_bytes()  # no YAML anchors


def test_field_edit_follows_a_schema_into_another_file(tmp_path: Path) -> None:
    source = tmp_path / "source"
    (source / "schemas").mkdir(parents=True)
    (source / "openapi.yaml").write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "components": {"schemas": {"Pin": {"$ref": "schemas/pin.yaml#/Pin"}}},
            }
        )
    )
    (source / "schemas" / "pin.yaml").write_text(
        yaml.safe_dump({"Pin": {"properties": {"title": {"type": "string"}}}})
    )
    copy = spec_files.copy_spec(source / "openapi.yaml", tmp_path / "copy")
    edit = spec_files.FieldEdit.locate(copy)
    edit.apply("7")

    edited = spec_files.load(tmp_path / "copy" / "schemas" / "pin.yaml")
    assert edited["Pin"]["properties"]["title"]["description"] == "(bench edit 7)"
    original = spec_files.load(source / "schemas" / "pin.yaml")
    assert "description" not in original["Pin"]["properties"]["title"]


def test_run_measures_the_memory_of_the_whole_process_tree() -> None:
    touch = "block = bytearray({} * 2**20); block[::4096] = b'x' * ({} * 256)"
    child = f"import time; {touch.format(64, 64)}; time.sleep(0.5)"
    parent = (
        f"import subprocess, sys; {touch.format(32, 32)}; "
        f"subprocess.run([sys.executable, '-c', {child!r}])"
    )
    result = measure.run([sys.executable, "-c", parent], sample_tree=True)

    assert result.returncode == 0
    assert result.tree_pss_kib is not None
    assert result.tree_pss_kib > 96 * 1024  # both blocks, in two processes
    assert result.max_rss_kib < result.tree_pss_kib


def test_run_reports_the_commands_memory_not_the_bench_processes() -> None:
    # Linux hands a parent's peak RSS to its child at exec; the bench must not.
    ballast = bytearray(256 * 2**20)
    ballast[::4096] = b"x" * (256 * 256)
    result = measure.run([sys.executable, "-c", "pass"])

    assert result.returncode == 0
    assert 0 < result.max_rss_kib < 128 * 1024
    del ballast


def test_run_passes_the_exit_code_through() -> None:
    assert measure.run([sys.executable, "-c", "raise SystemExit(3)"]).returncode == 3


def write_yaml(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False))


def test_bundle_makes_aliased_refs_local_and_inlines_the_rest(tmp_path: Path) -> None:
    ok = {"200": {"$ref": "../components/responses.yaml#/PinOk"}}
    write_yaml(
        tmp_path / "openapi.yaml",
        {
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pins/{id}": {"$ref": "paths/pins.yaml#/pin"}},
            "components": {
                "schemas": {
                    "Pin": {"$ref": "schemas/pins.yaml#/Pin"},
                    "Media": {"$ref": "schemas/pins.yaml#/Media"},
                },
                "responses": {"PinOk": {"$ref": "components/responses.yaml#/PinOk"}},
            },
        },
    )
    write_yaml(
        tmp_path / "paths" / "pins.yaml",
        {
            "pin": {
                "parameters": [{"$ref": "../components/parameters.yaml#/id"}],
                "get": {"operationId": "pins.get", "responses": ok},
            }
        },
    )
    write_yaml(
        tmp_path / "components" / "parameters.yaml",
        {"id": {"name": "id", "in": "path", "required": True, "schema": {}}},
    )
    write_yaml(
        tmp_path / "components" / "responses.yaml",
        {
            "PinOk": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {"$ref": "../schemas/pins.yaml#/Pin"}
                    }
                },
            }
        },
    )
    write_yaml(
        tmp_path / "schemas" / "pins.yaml",
        {
            "Pin": {
                "type": "object",
                "properties": {
                    "media": {"$ref": "#/Media", "description": "What it shows."}
                },
            },
            "Media": {"type": "object", "properties": {"url": {"type": "string"}}},
        },
    )

    bundled = bundle_spec.bundle(tmp_path / "openapi.yaml")

    validate(bundled)
    assert not spec_files.has_external_refs(bundled)
    schemas = bundled["components"]["schemas"]
    assert schemas["Pin"]["properties"]["media"] == {
        "$ref": "#/components/schemas/Media",
        "description": "What it shows.",
    }
    operation = bundled["paths"]["/pins/{id}"]
    assert operation["parameters"][0]["name"] == "id"  # no alias: inlined
    assert operation["get"]["responses"]["200"] == {
        "$ref": "#/components/responses/PinOk"
    }


def test_bundle_names_a_cycle_that_no_alias_breaks(tmp_path: Path) -> None:
    write_yaml(
        tmp_path / "openapi.yaml",
        {"openapi": "3.1.0", "x-root": {"$ref": "node.yaml#/Node"}},
    )
    write_yaml(tmp_path / "node.yaml", {"Node": {"items": {"$ref": "#/Node"}}})
    with pytest.raises(ValueError, match="cycle"):
        bundle_spec.bundle(tmp_path / "openapi.yaml")


@pytest.mark.skipif(
    not (BENCH.parent / "spec" / "openapi.yaml").is_file(),
    reason="spec/openapi.yaml is not in this checkout yet",
)
def test_bundled_curated_spec_is_valid_and_self_contained() -> None:
    bundled = bundle_spec.bundle(BENCH.parent / "spec" / "openapi.yaml")
    validate(bundled)
    assert not spec_files.has_external_refs(bundled)


def test_payloads_match_the_official_schemas() -> None:
    assert payloads.validate(OFFICIAL_518) == []


def test_payloads_are_deterministic() -> None:
    assert payloads.pin_page_bytes(5) == payloads.pin_page_bytes(5)
    assert len(json.loads(payloads.pin_page_bytes(250))["items"]) == 250
    assert len(json.loads(payloads.analytics_bytes(1_000))) == 1_000


def test_bench_generate_runs_the_peer_and_reports_sdkgen_it_cannot_run(
    tmp_path: Path,
) -> None:
    results = tmp_path / "generate.json"
    done = run_script(
        "bench/bench_generate.py",
        "--suite", "scaling", "--sizes", "5,10", "--runs", "1",
        "--sdkgen", str(tmp_path / "no-such-sdkgen"),
        "--json", str(results),
        # Relative to the cwd, while the peer runs in bench/: paths must still hold.
        "--work", os.path.relpath(tmp_path / "work", BENCH.parent),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    report = json.loads(results.read_text())
    cases = report["suites"]["scaling"]
    assert [case["operations"] for case in cases] == [5, 10]
    for case in cases:
        peer = case["tools"]["openapi-python-client"]
        assert peer["failures"] == {} and peer["cold"]["median_s"] > 0
        assert peer["lines"]["total"]["lines"] > 0
        assert case["tools"]["sdkgen"]["pending"]
    assert "| 10 |" in done.stdout and "pending" in done.stdout


def test_bench_client_runs_the_floors(tmp_path: Path) -> None:
    results = tmp_path / "client.json"
    done = run_script(
        "bench/bench_client.py",
        "--only", "call", "--only", "parse", "--repeats", "1",
        "--json", str(results),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr

    report = json.loads(results.read_text())
    assert report["call"]["floor: httpx + pydantic Pin"]
    assert report["page"]["floor: msgspec"]
    assert "floor: pydantic validate_json" in done.stdout
