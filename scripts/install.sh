#!/usr/bin/env bash
# Installs Opt-Out Guard's native host and registers it with the browsers (Linux and macOS).
#   scripts/install.sh                     build, install under ~/.local, register for every browser found
#   sudo scripts/install.sh --system       install under /usr/local and register in the system directories
#   sudo scripts/install.sh --packages     build and install the Debian packages: the host and the extension
#                                          for every user, kept by Chromium and Firefox ESR across restarts
# Options:
#   --yes                install missing Debian packages without asking
#   --system             system-wide install (prefix /usr/local, manifests in /etc/... and /usr/lib/mozilla/...)
#   --packages           build the Debian packages (scripts/build-packages.sh) and install them with apt-get
#                        (root; Debian and Ubuntu). Run as root without this option, it is offered.
#   --prefix DIR         install the binary into DIR/bin and its data into DIR/share/optout-guard
#                        (default ~/.local, or /usr/local with --system)
#   --browser NAME       register for this browser only (repeatable): chrome, chromium, edge, brave,
#                        vivaldi, opera, firefox
#   --all-browsers       register for every browser this script knows, installed or not (also what
#                        happens when no browser is found, so that one installed later works)
#   --extension-id ID    also allow this Chromium extension id (repeatable), e.g. a store id
#   --no-build           build nothing; install the host given by --binary (or build/release's)
#   --binary PATH        the host binary to install (implies --no-build)
#   --help               this text
# Environment: HOME and XDG_CONFIG_HOME (when absolute: a relative one is ignored, as XDG says, and as
# `optout-guard-host doctor` ignores it) are honoured (tests point them at a temporary directory);
# OPTOUT_GUARD_SYSTEM_ROOT is put in front of the system manifest directories (for tests and packagers).
# What it wrote is listed in <prefix>/share/optout-guard/installed-files.txt; scripts/uninstall.sh removes
# exactly that. Running it again changes only what differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/native-messaging.sh
. "$root/scripts/native-messaging.sh"

assume_yes=0 system=0 packages=0 prefix="" all_browsers=0 build=1 binary=""
browsers=() extra_ids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --yes|-y) assume_yes=1 ;;
    --system) system=1 ;;
    --packages) packages=1 ;;
    --prefix) [ $# -ge 2 ] || nm_die "--prefix needs a DIR"; prefix=$2; shift ;;
    --browser) [ $# -ge 2 ] || nm_die "--browser needs a NAME"; browsers+=("$2"); shift ;;
    --all-browsers) all_browsers=1 ;;
    --extension-id) [ $# -ge 2 ] || nm_die "--extension-id needs an ID"; extra_ids+=("$2"); shift ;;
    --no-build) build=0 ;;
    --binary) [ $# -ge 2 ] || nm_die "--binary needs a PATH"; binary=$2; build=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) nm_die "unknown argument '$1' (try --help)" ;;
  esac
  shift
done

nm_choose_layout "$system" "$prefix"
for id in "${extra_ids[@]}"; do
  [[ $id =~ ^[a-p]{32}$ ]] || nm_die "--extension-id '$id' is not a Chromium extension id (32 letters a-p)"
done
for b in "${browsers[@]}"; do nm_known_browser "$b" || nm_die "unknown browser '$b' (known here: $(nm_browsers))"; done

# The system-wide install that lasts: build the Debian packages (as the user who ran sudo, so build/
# stays theirs) and install them with apt-get, which also removes them (apt-get purge).
install_packages() {
  [ "$(id -u)" -eq 0 ] || nm_die "--packages installs Debian packages: run it with sudo"
  command -v apt-get >/dev/null 2>&1 || nm_die "--packages needs apt-get (Debian, Ubuntu)"
  local deps_args=(build) builder=() args=(--out "$root/build/packages") id
  [ $assume_yes -eq 1 ] && deps_args+=(--yes)
  "$root/scripts/deps.sh" "${deps_args[@]}"
  for tool in node dpkg-shlibdeps; do
    command -v "$tool" >/dev/null 2>&1 || nm_die "--packages needs $tool (Debian packages nodejs, dpkg-dev)"
  done
  [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && builder=(sudo -u "$SUDO_USER" --preserve-env=PATH)
  for id in "${extra_ids[@]}"; do args+=(--extension-id "$id"); done
  echo "Building the Debian packages (build/packages)..."
  "${builder[@]}" "$root/scripts/build-packages.sh" "${args[@]}" >"$nm_tmp/packages.log" 2>&1 ||
    { cat "$nm_tmp/packages.log" >&2; nm_die "building the packages failed (output above)"; }
  local version
  version=$(sed -n 's/^project(optout-guard VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$root/build/packages/optout-guard_${version}_"*.deb \
    "$root/build/packages/webext-optout-guard-chromium_${version}_all.deb" "$root/build/packages/webext-optout-guard-firefox_${version}_all.deb"
  cat <<EOF

Installed for every user of this machine: the host (/usr/bin/optout-guard-host, registered for every
browser), the extension for Debian's Chromium and the add-on for Firefox ESR. Next:
  Restart Chromium or Firefox ESR: Opt-Out Guard is in every profile, now and after each restart.
  Google Chrome, Edge, Brave: the host is registered; add the extension from the Chrome Web Store or
  Edge Add-ons (docs/install.md, "Stores"), or "Load unpacked" build/extension/chromium.
  Organisations: build/packages/optout-guard-policies_${version}_all.deb sets the profile for everyone.
  To remove everything: sudo apt-get purge optout-guard webext-optout-guard-chromium webext-optout-guard-firefox
EOF
  /usr/bin/optout-guard-host doctor
}

# 0. As root on Debian or Ubuntu, the packages are the install that lasts (extension included).
if [ $packages -eq 0 ] && [ $system -eq 0 ] && [ -z "$prefix" ] && [ "$(id -u)" -eq 0 ] && [ -z "${OPTOUT_GUARD_SYSTEM_ROOT:-}" ] &&
   command -v apt-get >/dev/null 2>&1; then
  echo "You are root: the Debian packages install the host and the extension for every user of this machine,"
  echo "and Chromium and Firefox ESR keep the extension across restarts (scripts/install.sh --packages)."
  if [ -t 0 ] && [ -t 1 ]; then
    read -r -p "Install the Debian packages now, instead of a per-user install for root? [Y/n] " answer
    case "$answer" in n|N|no) ;; *) packages=1 ;; esac
  else
    echo "Going on with a per-user install for root; run with --packages for the system-wide one."
  fi
fi
if [ $packages -eq 1 ]; then
  install_packages
  exit 0
fi

# 1. The host binary.
if [ $build -eq 1 ]; then
  if command -v apt-get >/dev/null 2>&1; then
    deps_args=(build); [ $assume_yes -eq 1 ] && deps_args+=(--yes)
    "$root/scripts/deps.sh" "${deps_args[@]}"
  else
    echo "No apt-get here: make sure a C++20 compiler, CMake, Ninja and nlohmann-json are installed."
  fi
  echo "Building the host (Release, build/release)..."
  if ! (cd "$root" && cmake --preset release && cmake --build --preset release --parallel 2) >"$nm_tmp/build.log" 2>&1; then
    cat "$nm_tmp/build.log" >&2
    nm_die "the build failed (output above)"
  fi
fi
if [ -z "$binary" ]; then
  binary=$root/build/release/native-host/optout-guard-host
  [ -x "$binary" ] || nm_die "no host binary at $binary: run without --no-build, or give --binary PATH"
fi
if [ ! -f "$binary" ] || [ ! -x "$binary" ]; then nm_die "--binary $binary is not an executable file"; fi

# 2. Which browsers.
if [ $all_browsers -eq 1 ]; then
  mapfile -t browsers < <(nm_browsers_list)
elif [ ${#browsers[@]} -eq 0 ]; then
  mapfile -t browsers < <(nm_detected_browsers)
  if [ ${#browsers[@]} -eq 0 ]; then
    no_browser=1
    mapfile -t browsers < <(nm_browsers_list)
  fi
fi

# 3. Install: binary, rules, manifests; every file and new directory goes into the record.
nm_record_load
host_path=$nm_bindir/optout-guard-host
nm_put_file "$binary" "$host_path" 0755
nm_put_file "$root/rules/linkedin.json" "$nm_datadir/rules/linkedin.json" 0644
nm_read_ids "$binary"
extension_id=$nm_extension_id
registered=() flatpak_fixes=()
for b in "${browsers[@]}"; do
  kind=$(nm_manifest_kind "$b")
  while IFS= read -r dir; do
    manifest=$dir/$NM_HOST_NAME.json
    nm_fill_template "$root/manifests/$kind.json.in" "$host_path" "$extension_id" "${extra_ids[@]}" >"$nm_tmp/manifest.json"
    nm_put_file "$nm_tmp/manifest.json" "$manifest" 0644
    registered+=("$b: $manifest")
  done < <(nm_manifest_dirs "$b" "$nm_scope")
  # A Flatpak build this user has run reads manifests inside its sandbox directory, and must be
  # allowed to see the host: the manifest is written here, the permission is the user's to grant.
  [ "$nm_scope" = user ] || continue
  while IFS= read -r dir; do
    app=${dir#"$HOME/.var/app/"}; app=${app%%/*}
    [ -d "$HOME/.var/app/$app" ] || continue
    nm_fill_template "$root/manifests/$kind.json.in" "$host_path" "$extension_id" "${extra_ids[@]}" >"$nm_tmp/manifest.json"
    nm_put_file "$nm_tmp/manifest.json" "$dir/$NM_HOST_NAME.json" 0644
    registered+=("$b (Flatpak $app): $dir/$NM_HOST_NAME.json")
    flatpak_fixes+=("flatpak override --user --filesystem=$host_path:ro $app")
  done < <(nm_rows "$b" flatpak)
done
nm_record_save

echo "Installed the host: $host_path"
echo "Registered $NM_HOST_NAME with:"
printf '  %s\n' "${registered[@]}"
[ $nm_changed -eq 0 ] && echo "(everything was already in place: nothing changed)"
echo "Files written are listed in $nm_record; scripts/uninstall.sh$( [ $system -eq 1 ] && printf ' --system')$( [ -n "$prefix" ] && printf ' --prefix %q' "$prefix") removes them."
nm_sandbox_hints
if [ ${#flatpak_fixes[@]} -gt 0 ]; then
  echo
  echo "Flatpak browsers start only programs their sandbox can see. Let them see the host (read-only) with:"
  printf '  %s\n' "${flatpak_fixes[@]}"
  echo "then restart the browser. (docs/install.md, \"Snap and Flatpak\", says what this allows.)"
fi
if [ "${no_browser:-0}" -eq 1 ]; then
  cat <<EOF

No supported browser was found on this machine ($(nm_browsers)), so the host is registered
for all of them: a browser you install later will find it. What to do next:
  1. Install a browser$(command -v apt-get >/dev/null 2>&1 && printf '%s' ", e.g. \`sudo apt-get install chromium\` or \`sudo apt-get install firefox-esr\`").
  2. Load the extension into it as shown below$(command -v apt-get >/dev/null 2>&1 && printf '%s' ", or install host and extension for good in one step
     with the Debian packages: \`sudo scripts/install.sh --packages\`").
EOF
fi

# 4. The extension.
if [ $build -eq 1 ] && command -v node >/dev/null 2>&1 && [ -f "$root/scripts/build-extension" ]; then
  (cd "$root" && node scripts/build-extension)
fi
cat <<EOF

The extension (built by \`node scripts/build-extension\`):
  Chromium, Chrome, Edge, Brave, Vivaldi, Opera: $root/build/extension/chromium
    open chrome://extensions, switch on "Developer mode", "Load unpacked", choose that folder.
    Its id is $extension_id (fixed by the manifest's key), the id the host manifests allow.
  Firefox: $root/build/extension/firefox
    open about:debugging#/runtime/this-firefox, "Load Temporary Add-on...", choose manifest.json there.
    This lasts only until Firefox restarts: Firefox keeps only signed add-ons in a profile, so a lasting
    per-user install is impossible from here. For one that lasts, use the Debian package
    (\`sudo scripts/install.sh --packages\`, for Debian's firefox-esr) or addons.mozilla.org.
EOF
[ -d "$root/build/extension/chromium" ] || echo "  (not built yet: run \`node scripts/build-extension\`, which needs Node.js)"

# 5. Check the result.
echo
doctor_args=(doctor)
for b in "${browsers[@]}"; do doctor_args+=(--browser "$b"); done
for id in "${extra_ids[@]}"; do doctor_args+=(--extension-id "$id"); done
"$host_path" "${doctor_args[@]}"
