#!/usr/bin/env bash
# The main job until the qualis command-line tool exists: builds the quickstart example (a few Hebei
# clusters, their indicators and eleven-step assessments) and prints its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target qualis_quickstart >/dev/null
./build/release/examples/quickstart/qualis_quickstart
