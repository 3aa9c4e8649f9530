#!/usr/bin/env bash
# Mutation testing of the suites: plants one-line faults, one at a time, in a temporary copy of this
# tree, runs the suite each fault names and reports whether a test failed (caught) or all passed
# (survived). The tree itself is never touched. Not part of CI (each fault costs a build and a suite
# run); run it before resolving an issue that touches the host's decisions or the tests. Scores and
# what survives: docs/mutation.md.
#   scripts/mutate.sh                       every row of tests/mutation/*.tsv
#   scripts/mutate.sh --table FILE          only that table (repeatable)
#   scripts/mutate.sh --only REGEX          only rows whose text matches REGEX (grep -E)
#   scripts/mutate.sh --stryker             also Stryker over the extension (stryker.config.json)
# A table row is: file <TAB> original <TAB> mutant <TAB> suite, where `original` must occur exactly
# once in `file` (a row that no longer matches is reported as stale and fails the run) and suite is
#   unit | integration | hardening   that ctest suite of the host (ctest -R '^suite\.')
#   host                             all three
#   extension                        node scripts/node-test tests/extension/ tests/privacy/
#   e2e                              node tests/e2e/run.mjs
# Every named suite first runs once with no fault (it must pass). Prints one line per fault (with
# up to three of the tests that caught it), the survivors again, and "mutation score: C/N caught"
# last. Exit status 0 when every fault was caught, 1 when one survived or a row was stale, 2 on a usage error.
#   OPTOUT_MUTATE_DIR   where the copy is made (default build/mutate, removed at the end)
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1

tables=(); only=''; stryker=0
while [ $# -gt 0 ]; do
  case $1 in
    --table) tables+=("$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"); shift 2 ;;
    --only) only=$2; shift 2 ;;
    --stryker) stryker=1; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ ${#tables[@]} -eq 0 ] && tables=("$root"/tests/mutation/*.tsv)

work=${OPTOUT_MUTATE_DIR:-$root/build/mutate}
tree=$work/tree
rm -rf "$work"
mkdir -p "$tree"
trap 'rm -rf "$work"' EXIT

# The copy: this tree as it is now (uncommitted changes included), without builds and git data;
# node_modules is shared read-only through a link.
tar -C "$root" --exclude=./build --exclude=./node_modules --exclude=./.git -cf - . | tar -C "$tree" -xf -
[ -d "$root/node_modules" ] && ln -s "$root/node_modules" "$tree/node_modules"

rows=()
for table in "${tables[@]}"; do
  while IFS= read -r line; do
    [[ -z $line || $line == \#* ]] && continue
    [[ -n $only ]] && ! grep -qE -- "$only" <<<"$line" && continue
    rows+=("$line")
  done <"$table"
done
[ ${#rows[@]} -eq 0 ] && { echo "mutate.sh: no fault to plant" >&2; exit 2; }

log=$work/log
build() {  # the host and its tests from the copy, or only the targets named (incremental after the first time)
  local targets=()
  [ $# -gt 0 ] && targets=(--target "$@")
  { [ -f "$tree/build/ci/CMakeCache.txt" ] || cmake -S "$tree" --preset ci; } >"$log" 2>&1 &&
    cmake --build "$tree/build/ci" --parallel "${CMAKE_BUILD_PARALLEL_LEVEL:-2}" "${targets[@]}" >>"$log" 2>&1
}
targets_of() {  # what a suite runs: only those are rebuilt after a fault is planted
  case $1 in
    unit) echo host_unit_tests ;;
    integration) echo optout-guard-host host_integration_tests ;;
    hardening) echo optout-guard-host host_hardening_tests ;;
    host) echo optout-guard-host host_unit_tests host_integration_tests host_hardening_tests ;;
    *) echo optout-guard-host ;;
  esac
}
run_suite() {
  local host=$tree/build/ci/native-host/optout-guard-host
  case $1 in
    unit|integration|hardening) ctest --test-dir "$tree/build/ci" --no-tests=error --timeout 300 -R "^$1\." ;;
    host) ctest --test-dir "$tree/build/ci" --no-tests=error --timeout 300 ;;
    extension) (cd "$tree" && OPTOUT_HOST_BINARY=$host node scripts/node-test tests/extension/ tests/privacy/) ;;
    e2e) (cd "$tree" && OPTOUT_HOST_BINARY=$host node tests/e2e/run.mjs) ;;
    *) echo "unknown suite '$1'"; return 2 ;;
  esac
}
# Replaces the one occurrence of $2 in file $1 by $3; fails when it does not occur exactly once.
plant() {
  # shellcheck disable=SC2016  # JavaScript, not shell
  node -e '
    const fs = require("fs");
    const [file, original, mutant] = process.argv.slice(1);
    const text = fs.readFileSync(file, "utf8");
    const count = text.split(original).length - 1;
    if (count !== 1) { console.error(`occurs ${count} times`); process.exit(1); }
    fs.writeFileSync(file, text.replace(original, () => mutant));
  ' "$@"
}

# The tests that failed in a suite's output (ctest's summary, node --test's "failing tests" list).
failed_tests() {
  sed -n -e 's/^[[:space:]]*[0-9]* - \([^ ]*\) (.*)$/\1/p' \
    -e '/failing tests:/,$s/^✖ \(.*\) ([0-9.]*ms)$/\1/p' "$1" | sort -u | head -n 3 | paste -sd ';' -
}

echo "building the copy in $tree"
build || { cat "$log"; echo "mutate.sh: the unmutated copy does not build" >&2; exit 1; }
# Each suite must pass on the unmutated copy, or every fault would look caught.
for suite in $(printf '%s\n' "${rows[@]}" | cut -f4 | sort -u); do
  echo "running $suite on the unmutated copy"
  run_suite "$suite" >"$work/suite.log" 2>&1 ||
    { tail -n 40 "$work/suite.log"; echo "mutate.sh: the $suite suite fails with no fault planted" >&2; exit 1; }
done

caught=0; survived=0; stale=0; broken=0; survivors=()
for row in "${rows[@]}"; do
  IFS=$'\t' read -r file original mutant suite <<<"$row"
  what="$file [$suite]: '$original' -> '$mutant'"
  cp "$tree/$file" "$work/original"
  if ! plant "$tree/$file" "$original" "$mutant" 2>"$work/plant"; then
    stale=$((stale + 1)); echo "STALE     $what ($(cat "$work/plant"))"; continue
  fi
  start=$SECONDS
  # The host is rebuilt for a fault in anything its build reads: its sources, and the contract,
  # rules and CMake files it is generated from (a host suite run on the old binary proves nothing).
  # shellcheck disable=SC2046  # the targets are words
  if [[ $file == native-host/* || $file == protocol/* || $file == rules/* || $file == cmake/* || $file == CMakeLists.txt ]] &&
     ! build $(targets_of "$suite"); then
    broken=$((broken + 1)); echo "NO BUILD  $what"
  elif run_suite "$suite" >"$work/suite.log" 2>&1; then
    survived=$((survived + 1)); survivors+=("$what"); echo "SURVIVED  $what ($((SECONDS - start)) s)"
  else
    caught=$((caught + 1)); echo "caught    $what ($((SECONDS - start)) s) by $(failed_tests "$work/suite.log")"
  fi
  # Restored: the next fault is planted in the unmutated tree.
  cp "$work/original" "$tree/$file" || { echo "mutate.sh: could not restore $file" >&2; exit 1; }
done

if [ $stryker -eq 1 ]; then
  echo "Stryker over the extension (stryker.config.json)"
  (cd "$tree" && npx --no-install stryker run) || { echo "mutate.sh: Stryker failed" >&2; survived=$((survived + 1)); }
fi

if [ ${#survivors[@]} -gt 0 ]; then
  echo "survivors:"
  printf '  %s\n' "${survivors[@]}"
fi
[ $stale -gt 0 ] && echo "$stale stale row(s): update the table"
[ $broken -gt 0 ] && echo "$broken mutant(s) did not build (not counted)"
echo "mutation score: $caught/$((caught + survived)) caught"
[ $survived -eq 0 ] && [ $stale -eq 0 ]
