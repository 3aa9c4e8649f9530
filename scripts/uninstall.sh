#!/usr/bin/env bash
# Removes what scripts/install.sh installed, exactly: the files and directories listed in its record
# (<prefix>/share/optout-guard/installed-files.txt), then the record. Nothing else is touched; a
# directory is removed only when it is empty. Harmless to run twice.
#   scripts/uninstall.sh                  the per-user install (~/.local)
#   sudo scripts/uninstall.sh --system    the system-wide install (/usr/local)
# Options: --system, --prefix DIR (as given to install.sh), --help.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/native-messaging.sh
. "$root/scripts/native-messaging.sh"

system=0 prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --system) system=1 ;;
    --prefix) [ $# -ge 2 ] || nm_die "--prefix needs a DIR"; prefix=$2; shift ;;
    --yes|-y) ;;  # accepted for symmetry with install.sh: nothing is asked
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) nm_die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done
nm_choose_layout "$system" "$prefix"

if [ ! -f "$nm_record" ]; then
  echo "Nothing to remove: no record of an install at $nm_record."
  exit 0
fi
nm_record_load

removed=0
for entry in "${nm_record_entries[@]}"; do
  path=${entry#file }
  [ "$entry" = "file $path" ] || continue
  if [ -f "$path" ] || [ -L "$path" ]; then rm -f -- "$path"; echo "removed $path"; removed=$((removed + 1)); fi
done
rm -f -- "$nm_record"
# Directories last, deepest (latest created) first, and only when nothing else lives in them.
for ((i = ${#nm_record_entries[@]} - 1; i >= 0; i--)); do
  entry=${nm_record_entries[i]}
  path=${entry#dir }
  [ "$entry" = "dir $path" ] || continue
  [ -d "$path" ] && rmdir -- "$path" 2>/dev/null && echo "removed $path/"
done
echo "Opt-Out Guard's host is uninstalled ($removed files removed)."
