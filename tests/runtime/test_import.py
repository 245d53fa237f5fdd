"""Importing the package stays cheap: no model machinery, resources or models up front."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent(
    """\
    import json, sys
    import acme_sdk
    loaded = lambda: sorted(
        name for name in ("pydantic.main", "pydantic.type_adapter", "acme_sdk._models",
                          "acme_sdk.types", "acme_sdk.resources.pins")
        if name in sys.modules
    )
    after_import = loaded()
    client = acme_sdk.Acme(access_token="t")
    after_client = loaded()
    client.pins
    after_resource = loaded()
    print(json.dumps([after_import, after_client, after_resource]))
    """
)


def test_import_and_client_load_only_what_they_use(sdk_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=sdk_dir, capture_output=True, text=True, check=True
    )
    after_import, after_client, after_resource = json.loads(result.stdout)

    assert after_import == []
    assert after_client == []
    # The resource imports its models, and with them pydantic's model machinery.
    assert "acme_sdk.resources.pins" in after_resource
    assert "pydantic.main" in after_resource
