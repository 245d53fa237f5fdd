"""The stubs make the package fully typed: `pyright --verifytypes` scores 100%.

`--ignoreexternal`: pyright would otherwise count as "partially unknown" every public
symbol whose type reaches into pydantic or httpx types that those libraries leave
partly unannotated (pydantic's core-schema unions, ...): about 73% today, a figure
about those libraries, not this one. With it, every symbol of `pinterest_client`
itself must have a known type.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from .conftest import PACKAGE


def test_type_completeness_is_100_percent(pyright: Path, checker_env: dict[str, str], tmp_path: Path) -> None:
    done = subprocess.run(
        [str(pyright), "--verifytypes", PACKAGE, "--ignoreexternal", "--outputjson"],
        cwd=tmp_path,
        env=checker_env,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)["typeCompleteness"]
    incomplete = [
        f"{s['name']}: {'; '.join(d['message'] for d in s['diagnostics'])}"
        for s in report["symbols"]
        if not s["isTypeKnown"]
    ]
    assert report["packageRootDirectory"].endswith(PACKAGE), "pyright did not find the generated package"
    assert report["exportedSymbolCounts"]["withKnownType"] > 2000, report["exportedSymbolCounts"]
    assert incomplete == []
    assert report["exportedSymbolCounts"]["withAmbiguousType"] == 0
    assert report["exportedSymbolCounts"]["withUnknownType"] == 0
    assert report["completenessScore"] == 1
    assert done.returncode == 0, done.stderr
