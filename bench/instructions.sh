#!/usr/bin/env bash
# Instruction counts (valgrind --tool=callgrind): the stable figures, unlike timings on a shared
# machine. For the host and the echo host: a start answering `hello`, P1's cold round trip (state
# on disk) and the cost of one 40-toggle verdict on an open port ((hello + N verdicts - hello) / N),
# with the switches' ids known (page-40) and with every id renamed (page-40-unknown-ids).
# Usage: bench/instructions.sh DRIVER HOST ECHO FIXTURES ORIGIN VERDICTS OUT.json
set -euo pipefail
driver=$1 host=$2 echo_host=$3 fixtures=$4 origin=$5 verdicts=$6 out=$7

if ! command -v valgrind >/dev/null; then
  echo "instructions: valgrind not found; skipped" >&2
  echo 'null' >"$out"
  exit 0
fi
work=$(mktemp -d /tmp/optout-bench-callgrind-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$driver" --fixtures "$fixtures" --frames "$work" --verdicts "$verdicts"

count() {  # BINARY INPUT -> instructions executed
  OPTOUT_GUARD_STATE_DIR="$work/state-$(basename "$1")" valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$1" "$origin" <"$2" 2>&1 >/dev/null | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
figures() {  # BINARY -> JSON object
  local hello p1 p2 p3
  hello=$(count "$1" "$work/hello.bin")
  count "$1" "$work/p1.bin" >/dev/null  # the first page writes the state file; count a restart
  p1=$(count "$1" "$work/p1.bin")
  p2=$(count "$1" "$work/p2.bin")
  p3=$(count "$1" "$work/p3.bin")
  printf '{"start_hello": %s, "cold_round_trip": %s, "per_verdict": %s, "per_verdict_unknown_ids": %s}' \
    "$hello" "$p1" $(((p2 - hello) / verdicts)) $(((p3 - hello) / verdicts))
}
printf '{"tool": "callgrind", "verdicts": %s, "host": %s, "echo": %s}\n' "$verdicts" "$(figures "$host")" "$(figures "$echo_host")" >"$out"
cat "$out"
