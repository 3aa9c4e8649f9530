#!/usr/bin/env bash
# The benchmark in one command (docs/bench.md): builds the host, the C echo host and the driver in
# Release in build/bench, then runs P1-P4 and prints the table; the JSON lands in
# build/bench/bench/results.json. Then P6, the content script's cost on a busy feed-like page in
# headless Chromium and Firefox ESR with and without the extension (bench/feed-cost.mjs), into
# build/bench/bench/feed-cost.json, and P5, the badge's latency after a settings page's load and
# after a switch flip against the echo-host floor, in both browsers (bench/badge-latency.mjs), into
# build/bench/bench/badge-latency.json. Not a test: it measures, it does not assert (it fails
# only when something does not work, e.g. a badge that never becomes right).
#   scripts/bench.sh                       full run (several minutes: the browsers take most)
#   scripts/bench.sh --quick               fewer runs, for trying a change
#   scripts/bench.sh -DOPTOUT_BENCH_RUNS=500 ...   any CMake cache setting
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${OPTOUT_BENCH_BUILD_DIR:-$root/build/bench}
settings=()
feed_cost=(--runs 7 --ticks 400)
badge_latency=(--runs 15 --launches 3)
for arg in "$@"; do
  case $arg in
    --quick) settings+=(-DOPTOUT_BENCH_RUNS=40 -DOPTOUT_BENCH_VERDICTS=2000 -DOPTOUT_BENCH_SESSIONS=3)
             feed_cost=(--runs 3 --ticks 200)
             badge_latency=(--runs 5 --launches 2) ;;
    -D*) settings+=("$arg") ;;
    *) echo "usage: scripts/bench.sh [--quick] [-DVAR=VALUE]..." >&2; exit 2 ;;
  esac
done
if [[ ! " ${settings[*]} " =~ OPTOUT_BENCH_RUNS ]]; then
  settings+=(-DOPTOUT_BENCH_RUNS=200 -DOPTOUT_BENCH_VERDICTS=20000 -DOPTOUT_BENCH_SESSIONS=5)
fi
commit=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

mkdir -p "$build"
log="$build/bench-build.log"
if ! { cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF \
         -DOPTOUT_BUILD_BENCH=ON -DOPTOUT_BENCH_COMMIT="$commit" "${settings[@]}" &&
       cmake --build "$build" -j2 --target optout-guard-host optout-echo-host optout-bench; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "bench: the build failed (log above, also in $log)" >&2
  exit 1
fi
cmake --build "$build" --target bench
echo "P6: the content script on a busy feed-like page (ratio with/without the extension; 1.0 = no cost)"
node "$root/bench/feed-cost.mjs" "${feed_cost[@]}" --out "$build/bench/feed-cost.json"
echo "P5: the badge's latency where the user sees it, host against the echo-host floor (docs/bench.md)"
node "$root/bench/badge-latency.mjs" "${badge_latency[@]}" --host "$build/native-host/optout-guard-host" \
  --echo "$build/bench/optout-echo-host" --out "$build/bench/badge-latency.json"
