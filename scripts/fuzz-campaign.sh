#!/usr/bin/env bash
# A long fuzzing campaign of the file readers and `validate` (the CI runs each target for 20 s only).
#
#   bash scripts/fuzz-campaign.sh [TARGET...]      (default: model panel steps validate)
#
# Builds the libFuzzer targets with clang at -O2 under UndefinedBehaviorSanitizer only (no AddressSanitizer: about
# five times the executions per second; the CI's short runs keep ASan), then runs each target in turn, at low
# priority, until it has executed QUALIS_FUZZ_RUNS inputs (default 10,000,000) or found a crash. The corpus of
# each target grows in WORK_DIR/corpus/<target>, starting from tests/fuzz/corpus/<target>; a later campaign
# continues from it. Each run's log, with libFuzzer's final statistics, is WORK_DIR/logs/<target>.log, and a
# crashing input is saved as WORK_DIR/logs/crash_<target>-*. Exits non-zero if any target stopped early.
#
# Environment: QUALIS_FUZZ_RUNS (executions per target), QUALIS_FUZZ_BUILD (build folder, default
# build/fuzz-campaign), QUALIS_FUZZ_WORK (WORK_DIR, default build/fuzz-campaign-work), QUALIS_FUZZ_MAX_LEN (the
# longest input of the model and validate targets, default 4096 bytes: short inputs run many times faster).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${QUALIS_FUZZ_RUNS:-10000000}"
build="${QUALIS_FUZZ_BUILD:-build/fuzz-campaign}"
work="${QUALIS_FUZZ_WORK:-build/fuzz-campaign-work}"
max_len="${QUALIS_FUZZ_MAX_LEN:-4096}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(model panel steps validate)

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE= -DCMAKE_CXX_COMPILER=clang++ \
  -DQUALIS_BUILD_TESTS=OFF -DQUALIS_BUILD_EXAMPLES=OFF -DQUALIS_BUILD_TOOL=ON -DQUALIS_BUILD_BENCHMARKS=OFF \
  -DQUALIS_BUILD_DOCS=OFF -DQUALIS_BUILD_FUZZERS=ON -DQUALIS_INSTALL=OFF -DQUALIS_FUZZ_SANITIZERS=undefined \
  "-DCMAKE_CXX_FLAGS=-O2 -gline-tables-only -fsanitize=fuzzer-no-link,undefined -fno-sanitize-recover=all" >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

mkdir -p "$work/corpus" "$work/logs"
failed=0
for t in "${targets[@]}"; do
  mkdir -p "$work/corpus/$t"
  cp -n tests/fuzz/corpus/"$t"/* "$work/corpus/$t/" 2>/dev/null || true
  options=(-runs="$runs" -print_final_stats=1 -artifact_prefix="$work/logs/crash_$t-")
  case "$t" in model | validate) options+=(-max_len="$max_len") ;; esac
  echo "fuzz_$t: ${runs} executions, log $work/logs/$t.log"
  if nice -n 19 "$build/tests/fuzz/fuzz_$t" "${options[@]}" "$work/corpus/$t" >"$work/logs/$t.log" 2>&1; then
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec)' "$work/logs/$t.log" || true
  else
    echo "fuzz_$t stopped early: see $work/logs/$t.log" >&2
    failed=1
  fi
done
exit "$failed"
