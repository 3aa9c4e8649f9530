#!/usr/bin/env bash
# Opens Chromium with Opt-Out Guard, its native host and a replica of LinkedIn's settings pages
# served on this machine, so you can watch the badge change as you flip the switches.
#   scripts/demo.sh                       a visible browser window (needs a display)
#   scripts/demo.sh --headless [--screenshots DIR]
#                                         no window: writes screenshots of a page, the popup and the
#                                         options page to DIR (default build/demo)
# Builds what it needs first. Nothing is installed into your real browser profile or HOME: the demo
# uses a temporary HOME and profile, and removes them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
case "${1:-}" in -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
if [[ " $* " != *" --headless "* ]] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "demo.sh: no display here. Run 'scripts/demo.sh --headless' for screenshots," >&2
  echo "or 'xvfb-run scripts/demo.sh' to run the window on a virtual display." >&2
  exit 2
fi
scripts/deps.sh test
# The host from this tree (incremental: cheap when nothing changed), never an older binary.
OPTOUT_HOST_BINARY=$(scripts/build-host)
export OPTOUT_HOST_BINARY
node scripts/build-extension >/dev/null
exec node tests/e2e/demo.mjs "$@"
