"""Fixtures shared by the spec tests."""

from __future__ import annotations

import pytest

from .specfiles import SPEC_ROOT, SpecTree


@pytest.fixture(scope="session")
def spec() -> SpecTree:
    """The curated description: spec/openapi.yaml and the files it references."""
    return SpecTree(SPEC_ROOT)
