# Shared by scripts/install.sh and scripts/uninstall.sh (sourced, not run): the browser table in
# manifests/locations.txt, the install layout, the record of installed files, the manifest templates.
# The callers run with `set -o pipefail`: no pipeline here may stop reading early (awk's exit,
# grep -q, head), or the writer's SIGPIPE would fail the whole script.
# shellcheck shell=bash disable=SC2034,SC2016
# (SC2034: the nm_* variables are read by the scripts that source this file; SC2016: '${HOME}' is
# matched literally on purpose.)

nm_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
nm_locations=$nm_root/manifests/locations.txt
nm_changed=0
nm_record_entries=()
nm_tmp=$(mktemp -d)
trap 'rm -rf "$nm_tmp"' EXIT

nm_die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# This machine's row in the table; OPTOUT_GUARD_OS=linux|macos lets the tests read another OS's rows.
nm_os() {
  if [ -n "${OPTOUT_GUARD_OS:-}" ]; then echo "$OPTOUT_GUARD_OS"; return; fi
  case "$(uname -s)" in
    Linux) echo linux ;;
    Darwin) echo macos ;;
    *) nm_die "this script is for Linux and macOS; on Windows use scripts/install.ps1" ;;
  esac
}
nm_os_name=$(nm_os)

# $XDG_CONFIG_HOME when it is an absolute path, else ~/.config: the XDG Base Directory spec says a
# relative value is invalid and must be ignored. The host's doctor follows the same rule (paths.cpp).
nm_config_home() {
  case "${XDG_CONFIG_HOME:-}" in
    /*) printf '%s\n' "$XDG_CONFIG_HOME" ;;
    *) printf '%s\n' "$HOME/.config" ;;
  esac
}

# Prints the value column of the rows matching browser ($1, or any when empty) and what ($2), expanded.
nm_rows() {
  local want_browser=$1 want_what=$2 os browser what value config
  config=$(nm_config_home)
  while IFS='|' read -r os browser what _ value; do
    [ "$os" = "$nm_os_name" ] || continue
    [ -z "$want_browser" ] || [ "$browser" = "$want_browser" ] || continue
    [ "$what" = "$want_what" ] || continue
    value=${value//'${HOME}'/"$HOME"}
    value=${value//'${XDG_CONFIG_HOME}'/"$config"}
    printf '%s\n' "$value"
  done < <(grep -v '^[[:space:]]*\(#\|$\)' "$nm_locations")
}

nm_browsers_list() {
  grep -v '^[[:space:]]*\(#\|$\)' "$nm_locations" | awk -F'|' -v os="$nm_os_name" '$1 == os && !seen[$2]++ { print $2 }'
}
nm_browsers() { nm_browsers_list | paste -sd' ' -; }
nm_known_browser() { nm_browsers_list | grep -x -- "$1" >/dev/null; }
nm_manifest_kind() {
  grep -v '^[[:space:]]*\(#\|$\)' "$nm_locations" | awk -F'|' -v os="$nm_os_name" -v b="$1" '$1 == os && $2 == b && !kind { kind = $4 } END { print kind }'
}

# A browser is installed when one of its programs exists or this user has a profile for it.
nm_browser_installed() {
  local program profile
  while IFS= read -r program; do
    case "$program" in
      /*) [ -e "$program" ] && return 0 ;;
      *) command -v "$program" >/dev/null 2>&1 && return 0 ;;
    esac
  done < <(nm_rows "$1" program)
  while IFS= read -r profile; do [ -e "$profile" ] && return 0; done < <(nm_rows "$1" profile)
  return 1
}
nm_detected_browsers() {
  local b
  while IFS= read -r b; do nm_browser_installed "$b" && echo "$b"; done < <(nm_browsers_list)
  return 0
}

# Manifest directories of browser $1 for scope $2 (user or system); system ones under OPTOUT_GUARD_SYSTEM_ROOT.
nm_manifest_dirs() {
  local dir
  while IFS= read -r dir; do
    if [ "$2" = system ]; then printf '%s%s\n' "${OPTOUT_GUARD_SYSTEM_ROOT:-}" "$dir"; else printf '%s\n' "$dir"; fi
  done < <(nm_rows "$1" "$2")
}

# Layout: nm_set_layout SYSTEM(0|1) PREFIX(or empty) sets nm_scope, nm_bindir, nm_datadir, nm_record.
# nm_set_layout, and the one rule both scripts share: --system needs root, unless a test has put a
# temporary system root in front of the system directories.
nm_choose_layout() {
  nm_set_layout "$1" "$2"
  if [ "$1" -eq 1 ] && [ "$(id -u)" -ne 0 ] && [ -z "${OPTOUT_GUARD_SYSTEM_ROOT:-}" ]; then
    nm_die "--system writes to /etc and /usr: run it with sudo"
  fi
}

nm_set_layout() {
  local prefix=$2
  if [ "$1" -eq 1 ]; then nm_scope=system; prefix=${prefix:-/usr/local}
  else nm_scope=user; prefix=${prefix:-$HOME/.local}; fi
  case "$prefix" in /*) ;; *) prefix=$PWD/$prefix ;; esac
  nm_bindir=$prefix/bin
  nm_datadir=$prefix/share/optout-guard
  nm_record=$nm_datadir/installed-files.txt
}

# nm_read_ids HOST_BINARY: the names the host was built with (protocol/contract.json, the Chromium id
# derived once by cmake/extension-id.cmake), as `optout-guard-host ids` prints them. Sets NM_HOST_NAME,
# nm_extension_id and nm_firefox_id.
nm_read_ids() {
  local ids
  ids=$("$1" ids) || nm_die "$1 ids failed: is it an optout-guard-host?"
  NM_HOST_NAME=$(sed -n 's/^host_name=//p' <<<"$ids")
  nm_extension_id=$(sed -n 's/^chromium_extension_id=//p' <<<"$ids")
  nm_firefox_id=$(sed -n 's/^firefox_addon_id=//p' <<<"$ids")
  [ -n "$NM_HOST_NAME" ] && [ -n "$nm_extension_id" ] && [ -n "$nm_firefox_id" ] ||
    nm_die "$1 ids did not print host_name, chromium_extension_id and firefox_addon_id"
}

nm_json_string() { local s=${1//\\/\\\\}; printf '%s' "${s//\"/\\\"}"; }

# nm_fill_template TEMPLATE HOST_PATH ID [EXTRA_ID...]: the manifest on stdout, after nm_read_ids. CMake
# fills the same templates with configure_file(@ONLY) for the .deb.
nm_fill_template() {
  local template=$1 path origins="" id text
  path=$(nm_json_string "$2")
  shift 2
  for id in "$@"; do
    [ -n "$origins" ] && origins+=", "
    origins+="\"chrome-extension://$id/\""
  done
  text=$(cat "$template")
  text=${text//@OPTOUT_HOST_NAME@/"$NM_HOST_NAME"}
  text=${text//@OPTOUT_FIREFOX_ADDON_ID@/"$nm_firefox_id"}
  text=${text//@OPTOUT_HOST_PATH@/"$path"}
  text=${text//@OPTOUT_ALLOWED_ORIGINS@/"$origins"}
  printf '%s\n' "$text"
}

# The record: lines "dir PATH" (a directory install created) and "file PATH" (a file it wrote).
nm_record_load() {
  nm_record_entries=()
  [ -f "$nm_record" ] && mapfile -t nm_record_entries < <(grep -E '^(dir|file) /' "$nm_record")
  return 0
}
nm_record_add() {
  local entry=$1 e
  for e in "${nm_record_entries[@]}"; do [ "$e" = "$entry" ] && return 0; done
  nm_record_entries+=("$entry")
}
nm_record_save() {
  nm_ensure_dir "$(dirname "$nm_record")"
  printf '%s\n' "# Written by Opt-Out Guard's scripts/install.sh; scripts/uninstall.sh removes these." \
    "${nm_record_entries[@]}" >"$nm_tmp/record"
  cmp -s "$nm_tmp/record" "$nm_record" || { install -m 0644 "$nm_tmp/record" "$nm_record"; }
}

# Creates a directory and its missing parents, recording each one created.
nm_ensure_dir() {
  local dir=$1
  [ -d "$dir" ] && return 0
  nm_ensure_dir "$(dirname "$dir")"
  mkdir "$dir"
  nm_record_add "dir $dir"
  nm_changed=1
}

# nm_put_file SOURCE DEST MODE: copies only when the content or mode differs (so a second run changes
# nothing), atomically through a temporary file beside DEST; records DEST.
nm_put_file() {
  local source=$1 dest=$2 mode=$3
  nm_ensure_dir "$(dirname "$dest")"
  if ! cmp -s "$source" "$dest"; then
    install -m "$mode" "$source" "$dest.new.$$"
    mv -f "$dest.new.$$" "$dest"
    nm_changed=1
  elif [ "$(stat -c %a "$dest" 2>/dev/null || stat -f %Lp "$dest")" != "${mode#0}" ]; then
    chmod "$mode" "$dest"
    nm_changed=1
  fi
  nm_record_add "file $dest"
}

# Sandboxed browsers (Snap, Flatpak) cannot start a host outside their sandbox the usual way.
nm_sandbox_hints() {
  [ "$nm_os_name" = linux ] || return 0
  local shown=0
  hint() { [ $shown -eq 0 ] && echo && echo "Sandboxed browsers found (see docs/install.md, \"Snap and Flatpak\"):"; shown=1; echo "  $*"; }
  [ -d "$HOME/snap/firefox" ] && hint "Firefox (Snap): works through the WebExtensions portal (Firefox 106+ on Ubuntu 22.04+); it reads ~/.mozilla/native-messaging-hosts, which this script wrote, and asks once for permission."
  [ -d "$HOME/snap/chromium" ] && hint "Chromium (Snap): its confinement does not let it start a host outside the snap; use a Chromium or Chrome from a .deb."
  local app
  for app in org.mozilla.firefox org.chromium.Chromium com.google.Chrome com.microsoft.Edge com.brave.Browser com.vivaldi.Vivaldi com.opera.Opera; do
    [ -d "$HOME/.var/app/$app" ] && hint "$app (Flatpak): works once its sandbox may see the host (a per-user install: the sandbox has its own /usr); the command is below."
  done
  return 0
}
