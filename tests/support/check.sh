# shellcheck shell=bash
# The pass/fail bookkeeping of the shell test suites (tests/install/run.sh, tests/windows/run.sh).
# Source it; each suite prints "$passed passed, $failed failed" last.
passed=0 failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/     /'; }
# check NAME CODE: passes when the shell code (evaluated here, so it sees every variable) succeeds;
# on failure shows the last output captured in $out.
check() { if eval "$2"; then pass "$1"; else fail "$1" "${out:-}"; fi; }
has() { grep -qF -- "$1" <<<"$out"; }
