"""Every Python example of the project's README runs as written against Prism (which
rejects a request the spec does not allow)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import REPO
from .prism import Prism

PYTHON_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.M | re.S)


def test_readme_examples_run_against_the_mock(sdk_root: Path, prism: Prism, tmp_path: Path) -> None:
    blocks = PYTHON_BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8"))
    assert blocks
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PINTEREST_")},
        "PYTHONPATH": str(sdk_root),
        "PINTEREST_BASE_URL": prism.url,
        "PINTEREST_ACCESS_TOKEN": "readme-token",
    }
    for block in blocks:
        script = tmp_path / "example.py"
        script.write_text(block, encoding="utf-8")
        done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"{block}\n{done.stderr}"
    assert prism.violations() == []
