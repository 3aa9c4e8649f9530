#!/usr/bin/env bash
# Builds the libFuzzer target (clang, ASan + UBSan) in build/fuzz and runs it for a bounded time
# over a copy of the seed corpus. Exit status non-zero on any finding (crash, leak, sanitizer
# report, timeout, out-of-memory); the reproducer is left in build/fuzz/findings/.
#   scripts/fuzz.sh [--seconds N] [--jobs N] [-- extra libFuzzer flags]
# See docs/hardening.md for longer runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
jobs=1
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    *) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
build="$root/build/fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DOPTOUT_FUZZ=ON -DOPTOUT_BUILD_TESTS=OFF -DOPTOUT_WERROR=ON >/dev/null
cmake --build "$build" --target session_fuzzer -j2

# The committed seeds stay untouched; new inputs the fuzzer finds go to the working corpus.
work="$build/corpus"
findings="$build/findings"
mkdir -p "$work" "$findings"
cp -n "$root"/fuzz/corpus/*.bin "$work"/ 2>/dev/null || true
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-fork="$jobs")  # workers share the corpus; each logs to stderr
echo "fuzz.sh: running for $seconds s (corpus $(ls "$work" | wc -l) inputs)"
# -max_len: a little over the 1 MiB input cap is not needed to reach every path (a declared length
# is just 4 bytes); 64 KiB lets the fuzzer build many frames and long fields in one input.
"$build/fuzz/session_fuzzer" "$work" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$findings/" "${extra[@]}" && status=0 || status=$?
echo "fuzz.sh: corpus now $(ls "$work" | wc -l) inputs; findings: $(ls "$findings" | wc -l)"
exit $status
