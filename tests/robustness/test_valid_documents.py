"""Property: every valid OpenAPI document generates a client. Hypothesis writes valid
documents (`documents.py`); each must generate in process through the whole pipeline
(validation, build, render, black: no exception, no spec error), and each batch of
generated packages must import module by module in a fresh interpreter and pass
`mypy --strict` (one mypy run per batch).

CI runs a few batches, derandomized. `make property` runs many, randomized:
`SDKGEN_PROPERTY_EXAMPLES` (batches), `SDKGEN_PROPERTY_BATCH` (documents per batch),
`SDKGEN_PROPERTY_RANDOM=1`.
"""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from generator.cache import Cache
from generator.config import Config
from generator.errors import SpecError
from generator.pipeline import generate

from .conftest import import_every_module, mypy_strict
from .documents import documents

EXAMPLES = int(os.environ.get("SDKGEN_PROPERTY_EXAMPLES", "3"))
BATCH = int(os.environ.get("SDKGEN_PROPERTY_BATCH", "4"))
counter = itertools.count()


def generated(document: dict[str, Any], folder: Path, package: str) -> Path:
    """Generate `document` as `package` below `folder`; the folder holding the package."""
    spec = folder / f"{package}.json"
    spec.write_text(json.dumps(document, indent=1))
    try:
        output = generate(spec, Config(root=folder, package=package), Cache(None), workers=1)
    except SpecError as error:
        validate(document)  # raises if the strategy wrote an invalid document
        pytest.fail(f"sdkgen refused a valid document:\n{error.problems}\n{spec.read_text()}")
    except Exception as error:  # the CLI's internal error (exit 3)
        raise AssertionError(f"internal error on {spec}:\n{spec.read_text()}") from error
    out = folder / package
    for relative, text in output.files.items():
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return out / "python"


@settings(
    max_examples=EXAMPLES,
    derandomize=os.environ.get("SDKGEN_PROPERTY_RANDOM") != "1",
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],
)
@given(batch=st.lists(documents(), min_size=BATCH, max_size=BATCH))
def test_valid_documents_generate_import_and_type_check(
    batch: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("documents")
    packages: dict[str, Path] = {}
    for document in batch:
        package = f"doc_{next(counter)}"
        packages[package] = generated(document, folder, package)
    specs = "\n".join(f"{name}: {folder / name}.json" for name in packages)
    imported = import_every_module(packages)
    assert imported.returncode == 0, f"{imported.stderr[-3000:]}\n{specs}"
    typed = mypy_strict(packages)
    assert typed.returncode == 0, f"{typed.stdout}\n{specs}"
