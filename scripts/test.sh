#!/usr/bin/env bash
# Runs every test of Opt-Out Guard on a fresh Debian or Ubuntu machine: installs what is missing
# (Debian packages, then `npm ci`), builds, and runs each suite in turn. The README's test command.
#   scripts/test.sh            everything
#   scripts/test.sh STEP...    only the named steps (see the list below)
# Exit status 0 only when every step passed. The last line reads "summary: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

all_steps=(host asan fuzz extension lint install e2e packages windows)

# The one host binary every suite that runs the host is handed (OPTOUT_HOST_BINARY): built from this
# tree with the ci preset by the first step that needs it (incremental, so cheap after the host step).
hand_host() {
  [ -n "${handed_host:-}" ] && return 0
  handed_host=$(scripts/build-host) || { echo "test.sh: could not build the host" >&2; return 1; }
  export OPTOUT_HOST_BINARY=$handed_host
}
step_host() {      # unit and integration tests of the native host (GoogleTest + Boost.Process), -Werror; the rules checked by ajv (required here)
  cmake --preset ci -DOPTOUT_REQUIRE_RULES_SCHEMA_CHECK=ON >/dev/null && cmake --build --preset ci && ctest --preset ci && hand_host
}
step_asan() {      # the same tests under AddressSanitizer and UndefinedBehaviorSanitizer
  cmake --preset asan >/dev/null && cmake --build --preset asan && ctest --preset asan
}
step_fuzz() {      # libFuzzer over framing and dispatch, bounded time; fails on any finding
  scripts/fuzz.sh --seconds "${FUZZ_SECONDS:-60}"
}
step_extension() { # the extension's logic in node --test with jsdom; privacy proofs (needs the host step's binary); the node runner's own test; the contract and the include floors
  hand_host && node scripts/node-test tests/extension/ tests/privacy/ tests/suites/ tests/contract/
}
step_lint() {      # both extension builds; web-ext lint on Firefox's, warnings are errors
  node scripts/build-extension && npx --no-install web-ext lint --source-dir build/extension/firefox --warnings-as-errors --output text
}
step_install() {   # install.sh / doctor / uninstall.sh against a temporary HOME; the .deb's contents
  hand_host && tests/install/run.sh
}
step_e2e() {       # real headless Chromium and Firefox ESR against local HTTPS replicas
  hand_host && node tests/e2e/run.mjs
}
step_packages() {  # the Debian packages: contents, lintian, installed in Chromium and Firefox ESR across a restart, purged
  tests/packages/run.sh
}
step_windows() {   # the NSIS installer under Wine: silent install, registry, real frames, doctor, clean uninstall
  tests/windows/run.sh
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=("${all_steps[@]}")
for s in "${steps[@]}"; do
  declare -F "step_$s" >/dev/null || { echo "test.sh: unknown step '$s' (steps: ${all_steps[*]})" >&2; exit 2; }
done

scripts/deps.sh test --yes || { echo "test.sh: could not install the dependencies" >&2; exit 1; }

passed=0; failed=0; failures=()
for s in "${steps[@]}"; do
  echo "=== step $s"
  start=$SECONDS
  if "step_$s"; then
    passed=$((passed + 1)); echo "=== step $s passed ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$s"); echo "=== step $s FAILED ($((SECONDS - start)) s)"
  fi
done
[ $failed -gt 0 ] && echo "failed steps: ${failures[*]}"
echo "summary: $passed passed, $failed failed"
[ $failed -eq 0 ]
