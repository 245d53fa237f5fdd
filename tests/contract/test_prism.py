"""The SDK's generated test suite, run against Prism validating every request.

Every operation of the spec is called sync and async, once with its required
arguments and once with all of them; Prism answers a request that breaks the spec
with an error (so the call raises and its test fails) and logs the violation.
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..spec.seed import seed_endpoints
from .conftest import SPEC
from .prism import Prism

SUITE_TIMEOUT = 900


def operations(spec: Path) -> dict[str, int]:
    """`operationId` → how many of its path parameters are free text (a `string` schema
    without `enum`), read from the spec files rather than from the generator."""
    root = yaml.safe_load(spec.read_text(encoding="utf-8"))
    found: dict[str, int] = {}
    for item in root["paths"].values():
        node = _resolve(spec, item)
        for method, op in node.items():
            if method in ("get", "put", "post", "patch", "delete"):
                assert op["operationId"] not in found, op["operationId"]
                params = [_resolve(spec, p) for p in [*node.get("parameters", []), *op.get("parameters", [])]]
                schemas = [_resolve(spec, p["schema"]) for p in params if p["in"] == "path"]
                found[op["operationId"]] = sum(s.get("type") == "string" and "enum" not in s for s in schemas)
    return found


def _resolve(spec: Path, node: dict[str, Any]) -> dict[str, Any]:
    """`node`, or what its `$ref` names: `paths/x.yaml#/key` from spec/openapi.yaml, or
    `../<folder>/x.yaml#/key` from a file one folder below spec/ (all this spec uses)."""
    if "$ref" not in node:
        return node
    file, _, key = node["$ref"].partition("#/")
    target = (spec.parent / "paths" / file).resolve() if file.startswith("..") else spec.parent / file
    found: dict[str, Any] = yaml.safe_load(target.read_text(encoding="utf-8"))[key]
    return found


def expected_tests(operation_id: str) -> Iterator[tuple[str, str, str]]:
    """`(module, mode, test)` of the four calls of one operation (`pins.list` →
    `test_pins`, sync and async, `test_list` and `test_list_with_all_params`)."""
    *resource, method = operation_id.split(".")
    for mode in ("sync", "async"):
        for name in (f"test_{method}", f"test_{method}_with_all_params"):
            yield "test_" + "_".join(resource), mode, name


@pytest.fixture(scope="module")
def suite(sdk_root: Path, prism: Prism, tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[tuple[str, str, str], str]]:
    """Run the generated suite once; outcome of each test by `(module, mode, test)`."""
    report = tmp_path_factory.mktemp("suite") / "junit.xml"
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "tests", "-q", "-p", "no:cacheprovider", "-W", "error",
         "--rootdir", ".", "-c", "pyproject.toml", f"--junitxml={report}"],
        cwd=sdk_root,
        env={**os.environ, "PINTEREST_TEST_BASE_URL": prism.url, "PYTHONPATH": str(sdk_root)},
        capture_output=True,
        text=True,
        timeout=SUITE_TIMEOUT,
    )  # fmt: skip
    outcomes: dict[tuple[str, str, str], str] = {}
    if report.exists():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            *_, module, cls = case.get("classname", "").split(".")
            mode = "async" if cls.startswith("TestAsync") else "sync"
            failed = [child.tag for child in case if child.tag in ("failure", "error", "skipped")]
            outcomes[(module, mode, case.get("name", ""))] = failed[0] if failed else "passed"
    return done, outcomes


def test_the_suite_passes(suite: tuple[subprocess.CompletedProcess[str], dict[tuple[str, str, str], str]]) -> None:
    done, outcomes = suite
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert outcomes and set(outcomes.values()) == {"passed"}


def test_every_operation_passes_sync_and_async(suite: tuple[subprocess.CompletedProcess[str], dict[tuple[str, str, str], str]]) -> None:
    _, outcomes = suite
    ids = operations(SPEC)
    assert len(ids) == len(seed_endpoints())  # the seed list says how many
    expected = {key for op in ids for key in expected_tests(op)}
    missing = sorted(k for k in expected if k not in outcomes)
    failed = sorted(k for k in expected if outcomes.get(k, "passed") != "passed")
    assert not missing, f"operations without their generated tests: {missing[:10]}"
    assert not failed, f"generated tests that did not pass: {failed[:10]}"
    assert len(expected) == len(ids) * 4  # required and all arguments, sync and async


def test_path_parameter_guards_pass(suite: tuple[subprocess.CompletedProcess[str], dict[tuple[str, str, str], str]]) -> None:
    _, outcomes = suite
    guards = {k: v for k, v in outcomes.items() if k[2].endswith("_path_params")}
    guarded = [op for op, text_params in operations(SPEC).items() if text_params]
    assert guarded and len(guards) == 2 * len(guarded)  # sync and async
    assert set(guards.values()) == {"passed"}


def test_prism_saw_no_violation(suite: tuple[subprocess.CompletedProcess[str], dict[tuple[str, str, str], str]], prism: Prism) -> None:
    assert prism.violations() == []

