#!/usr/bin/env bash
# Create the bench-only venv bench/.venv-peers with the peers and floors pinned in
# bench/requirements.txt, plus the generated client when generated/python/ exists.
#
#   bash bench/install_peers.sh            # from the repo root (any cwd works)
#   PYTHON=python3.12 bash bench/install_peers.sh
#
# Run it again after regenerating generated/ to reinstall pinterest_client.
# The project itself never depends on anything installed here.
set -euo pipefail

bench="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$bench")"
venv="$bench/.venv-peers"
python="${PYTHON:-python3}"

if [[ ! -x "$venv/bin/python" ]]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -r "$bench/requirements.txt"

if [[ -f "$repo/generated/python/pyproject.toml" ]]; then
    # --no-deps: httpx and pydantic are already pinned above, so the client is measured
    # on exactly the versions the floors use.
    "$venv/bin/python" -m pip install --quiet --no-deps --force-reinstall "$repo/generated/python"
    echo "installed the generated client from generated/python"
else
    echo "generated/python/ not there yet: client benchmarks of pinterest_client stay pending"
fi

"$venv/bin/python" -m pip freeze --all >"$bench/.venv-peers/freeze.txt"
echo "bench venv ready: $venv ($("$venv/bin/python" --version))"
