#!/usr/bin/env bash
# The main job: installs what qualis needs (Debian packages), builds the qualis tool (release preset) and runs
# `qualis demo`: the shipped example (examples/hebei-26x: 35 Hebei 26+X clusters, 2019-2024, synthetic values)
# end to end. It prints the ranking's top and the folder with the tables, results.json and report.html.
# Extra arguments go to `qualis demo`, e.g. `bash scripts/demo.sh --out my-folder`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target qualis_cli >/dev/null
./build/release/tools/qualis/qualis demo "$@"
