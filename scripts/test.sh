#!/usr/bin/env bash
# The whole test suite: installs dependencies and the npm protocol peers, then builds and runs
# every test twice (warnings as errors), once as released and once under AddressSanitizer +
# UndefinedBehaviorSanitizer, and finally runs the libFuzzer targets for a fixed number of runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)
total=0

echo "=== installing the protocol peers (npm packages, tests/peers)"
(cd tests/peers && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# Runs ctest in a build folder and adds its test count to the total (ctest fails the script).
run_ctest() {
  local dir=$1 log
  log=$(mktemp)
  (cd "$dir" && ctest --output-on-failure -j "$jobs" --timeout 600) | tee "$log"
  total=$((total + $(grep -oE 'tests failed out of [0-9]+' "$log" | grep -oE '[0-9]+$')))
  rm -f "$log"
}

run_suite() {
  local dir=$1; shift
  echo "=== building $dir ($*)"
  cmake -S . -B "$dir" -G Ninja -DHOTLINE_WERROR=ON "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
  echo "=== testing $dir"
  run_ctest "$dir"
}

run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp \
  run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DHOTLINE_SANITIZE=ON -DHOTLINE_BUILD_BENCH=OFF
CC=clang CXX=clang++ run_suite build-fuzz -DHOTLINE_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo

echo "=== all test suites passed"
echo "total: $total passed, 0 failed"
