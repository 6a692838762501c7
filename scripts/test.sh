#!/usr/bin/env bash
# Builds qualis with the developer preset and runs every test (the README's test command).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake --workflow --preset dev
