"""Render the runtime templates into an importable package for the runtime tests.

The runtime templates use only a handful of `api.*` names; this fills them with a
made-up API ("Acme") and adds the hand-written modules in `acme_sdk/` that stand in
for what the generator writes (`__init__.py`, `_client.py`, a resource, a model).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import jinja2

ROOT = Path(__file__).resolve().parents[2]
RUNTIME_TEMPLATES = ROOT / "templates" / "python" / "package"
RUNTIME_MODULES = (
    "_auth",
    "_base_client",
    "_exceptions",
    "_limits",
    "_models",
    "_pagination",
    "_response",
    "_types",
)
HAND_WRITTEN = Path(__file__).resolve().parent / "acme_sdk"

API = SimpleNamespace(
    package="acme_sdk",
    client_class="Acme",
    async_client_class="AsyncAcme",
    error_class="AcmeError",
    env_prefix="ACME",
    sdk_version="1.2.3",
    dist_name="acme-sdk",
    title="Acme API",
    request_id_header="x-acme-request-id",
    rate_limit_reset_header="X-RateLimit-Reset",
)


def render_runtime(api: SimpleNamespace = API) -> dict[str, str]:
    """`{module file name: source}` of the runtime templates rendered for `api`."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(RUNTIME_TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["pyrepr"] = repr
    return {
        f"{module}.py": environment.get_template(f"{module}.py.jinja").render(api=api)
        for module in RUNTIME_MODULES
    }


def build_package(destination: Path) -> Path:
    """Write the rendered runtime plus the hand-written modules; return the package dir."""
    package = destination / API.package
    shutil.copytree(
        HAND_WRITTEN, package, ignore=shutil.ignore_patterns("__pycache__")
    )
    for name, source in render_runtime().items():
        (package / name).write_text(source, encoding="utf-8")
    return package
