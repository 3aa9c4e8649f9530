#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2034  # check's code is single-quoted on purpose: eval expands it later
# Tests of installing and removing the host: scripts/install.sh, `optout-guard-host doctor` and
# scripts/uninstall.sh against a temporary HOME (and a temporary prefix and system root for --system),
# the .deb and .tar.gz CPack builds, and the Windows cross-build. Called by `scripts/test.sh install`.
#   OPTOUT_HOST_BINARY   the host to install (default: built from this tree by scripts/build-host, an
#                        incremental build with the ci preset)
#   OPTOUT_TEST_BUILD    where to build the package and the Windows host (default build/install-test)
# Prints "N passed, N failed" last; exit status 0 only when nothing failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1

# shellcheck source=tests/support/check.sh
. tests/support/check.sh  # pass, fail, check NAME CODE, has TEXT

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
build=${OPTOUT_TEST_BUILD:-$root/build/install-test}

host=${OPTOUT_HOST_BINARY:-}
if [ -z "$host" ]; then
  echo "building the host from this tree (scripts/build-host)"
  host=$(scripts/build-host 2>"$work/build.log") || { cat "$work/build.log"; echo "0 passed, 1 failed"; exit 1; }
fi
host=$(cd "$(dirname "$host")" && pwd)/$(basename "$host")

# The package and the Windows host build in the background while the HOME tests run.
pkg=$build/package win=$build/windows
(
  { cmake -S . -B "$pkg" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr &&
    cmake --build "$pkg" --parallel 2 && (cd "$pkg" && rm -f ./*.deb ./*.tar.gz && cpack); } >"$work/package.log" 2>&1
  echo $? >"$work/package.status"
  { cmake -S . -B "$win" -G Ninja --toolchain cmake/toolchains/mingw-w64.cmake -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF &&
    cmake --build "$win" --parallel 2; } >"$work/windows.log" 2>&1
  echo $? >"$work/windows.status"
) &
builds_pid=$!
trap 'kill "$builds_pid" 2>/dev/null; wait; rm -rf "$work"' EXIT

# JSON field of a file, through node (a test dependency): json FILE EXPRESSION-over-j
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(JSON.stringify(eval(process.argv[2])))' "$1" "$2"; }
# Every path under a tree with its type, mode and content hash: equal snapshots mean nothing changed.
snapshot() {
  (cd "$1" && find . -mindepth 1 -printf '%y %m %p\n' | sort | while read -r type mode path; do
    if [ "$type" = f ]; then echo "$type $mode $path $(md5sum <"$path" | cut -c1-32)"; else echo "$type $mode $path"; fi
  done)
}

fixed_id=$(. scripts/native-messaging.sh && nm_extension_id "$root")
store_id=abcdefghijklmnopabcdefghijklmnop
chromium_dirs=(.config/google-chrome/NativeMessagingHosts .config/chromium/NativeMessagingHosts
  .config/microsoft-edge/NativeMessagingHosts .config/BraveSoftware/Brave-Browser/NativeMessagingHosts
  .config/vivaldi/NativeMessagingHosts .config/opera/NativeMessagingHosts)
firefox_dir=.mozilla/native-messaging-hosts
manifest=org.optoutguard.host.json

# A HOME with a life of its own before we arrive: install and uninstall must leave all of it alone.
home=$work/home
mkdir -p "$home/.config/chromium/Default" "$home/.mozilla/firefox" "$home/.local/bin" "$home/.config/google-chrome/NativeMessagingHosts"
echo '{}' >"$home/.config/chromium/Local State"
echo '{"seen": true}' >"$home/.config/chromium/Default/Preferences"
printf '[General]\nStartWithLastProfile=1\n' >"$home/.mozilla/firefox/profiles.ini"
printf '#!/bin/sh\n' >"$home/.local/bin/another-tool"
chmod 755 "$home/.local/bin/another-tool"
echo '{"name": "com.example.other"}' >"$home/.config/google-chrome/NativeMessagingHosts/com.example.other.json"
before_install=$(snapshot "$home")

as_user() { env -u XDG_CONFIG_HOME -u OPTOUT_GUARD_STATE_DIR -u OPTOUT_GUARD_SYSTEM_ROOT HOME="$home" "$@"; }
install_args=(--yes --no-build --binary "$host" --all-browsers --extension-id "$store_id")

section_start=$SECONDS
section() { echo "== $1 (at $((SECONDS - section_start)) s)"; }
section "per-user install"
out=$(as_user scripts/install.sh "${install_args[@]}" 2>&1); status=$?
check "install.sh --all-browsers succeeds and ends with doctor's all well" '[ $status -eq 0 ] && has "All well."'
check "install.sh prints where the extension is and how to load it" 'has "Load unpacked" && has "Load Temporary Add-on"'
check "the host is copied to ~/.local/bin, executable (0755)" \
  'cmp -s "$host" "$home/.local/bin/optout-guard-host" && [ "$(stat -c %a "$home/.local/bin/optout-guard-host")" = 755 ]'
check "the rules are copied to ~/.local/share/optout-guard/rules" 'cmp -s rules/linkedin.json "$home/.local/share/optout-guard/rules/linkedin.json"'
for dir in "${chromium_dirs[@]}"; do
  file=$home/$dir/$manifest
  check "Chromium-family manifest in ~/$dir: name, stdio, path, both extension ids, mode 0644" '
    [ "$(stat -c %a "$file")" = 644 ] &&
    [ "$(json "$file" j.name)" = "\"org.optoutguard.host\"" ] && [ "$(json "$file" j.type)" = "\"stdio\"" ] &&
    [ "$(json "$file" j.path)" = "\"$home/.local/bin/optout-guard-host\"" ] &&
    [ "$(json "$file" j.allowed_origins)" = "[\"chrome-extension://$fixed_id/\",\"chrome-extension://$store_id/\"]" ]'
done
file=$home/$firefox_dir/$manifest
check "Firefox manifest in ~/$firefox_dir: allowed_extensions holds the add-on id, path the host" '
  [ "$(json "$file" j.allowed_extensions)" = "[\"optout-guard@optoutguard.org\"]" ] && [ "$(stat -c %a "$file")" = 644 ] &&
  [ "$(json "$file" j.path)" = "\"$home/.local/bin/optout-guard-host\"" ] && [ "$(json "$file" j.name)" = "\"org.optoutguard.host\"" ]'
check "an unrelated host manifest already in ~/.config/google-chrome/NativeMessagingHosts is untouched" \
  '[ "$(cat "$home/.config/google-chrome/NativeMessagingHosts/com.example.other.json")" = "{\"name\": \"com.example.other\"}" ]'
out=$(as_user "$host" doctor 2>&1)
check "install.sh and the doctor derive the same extension id from extension/manifest.base.json" 'has "Chromium extension $fixed_id,"'

after_first=$(snapshot "$home")
out=$(as_user scripts/install.sh "${install_args[@]}" 2>&1)
check "a second install changes nothing (same files, modes and contents) and says so" \
  '[ "$after_first" = "$(snapshot "$home")" ] && has "nothing changed"'
check "the record lists each manifest once after two installs" \
  '[ "$(grep -c "chromium/NativeMessagingHosts/$manifest" "$home/.local/share/optout-guard/installed-files.txt")" = 1 ]'

section "doctor"
doctor() { out=$(as_user "$host" doctor "$@" 2>&1); status=$?; }
doctor --extension-id "$store_id"
check "doctor says all well after install (exit 0)" '[ $status -eq 0 ] && has "All well."'

chromium_manifest=$home/.config/chromium/NativeMessagingHosts/$manifest
cp "$chromium_manifest" "$work/good.json"
sed -i "s|$home/.local/bin/optout-guard-host|$home/nowhere/optout-guard-host|" "$chromium_manifest"
doctor
check "doctor finds a manifest whose path does not exist, and names the fix" '[ $status -eq 1 ] &&
  has "nowhere/optout-guard-host does not exist" && has "fix: scripts/install.sh --browser chromium"'

cp "$work/good.json" "$chromium_manifest"
sed -i "s|$fixed_id|bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|" "$chromium_manifest"
doctor
check "doctor finds a manifest allowing the wrong extension id, and names the fix" '[ $status -eq 1 ] &&
  has "\"allowed_origins\" does not contain \"chrome-extension://$fixed_id/\"" && has "fix: scripts/install.sh --browser chromium"'

doctor --extension-id cccccccccccccccccccccccccccccccc
check "doctor checks an id given with --extension-id, and its fix passes the id on" '[ $status -eq 1 ] &&
  has "fix: scripts/install.sh --browser chrome --extension-id cccccccccccccccccccccccccccccccc"'

printf '{"name": "org.optoutguard.host",' >"$chromium_manifest"
doctor
check "doctor finds a malformed manifest, and names the fix" '[ $status -eq 1 ] &&
  has "$manifest: is not valid JSON" && has "fix: scripts/install.sh --browser chromium"'

echo '{"name": "org.example", "type": "socket", "path": "relative/host", "allowed_origins": []}' >"$chromium_manifest"
doctor
check "doctor finds a wrong name, a wrong type and a relative path" '[ $status -eq 1 ] &&
  has "\"name\" is not \"org.optoutguard.host\"" && has "\"type\" is not \"stdio\"" && has "relative/host is not absolute"'

cp "$work/good.json" "$chromium_manifest"
chmod 644 "$home/.local/bin/optout-guard-host"
doctor
check "doctor finds a host that is not executable" '[ $status -eq 1 ] && has "optout-guard-host is not executable"'
chmod 755 "$home/.local/bin/optout-guard-host"

mv "$home/$firefox_dir/$manifest" "$work/firefox.json"
doctor
check "doctor finds an installed browser (a Firefox profile exists) with no manifest" '[ $status -eq 1 ] &&
  has "no manifest for org.optoutguard.host" && has "fix: scripts/install.sh --browser firefox"'
fix=$(grep -o 'fix: scripts/install.sh --browser firefox.*' <<<"$out" | head -n1 | sed 's/^fix: //')
read -r -a fix_words <<<"$fix"
as_user "${fix_words[@]}" --no-build --binary "$host" >/dev/null 2>&1
doctor
check "the command doctor names repairs the problem (doctor then exits 0)" '[ $status -eq 0 ]'

mv "$home/$firefox_dir/$manifest" "$work/firefox.json"; mv "$home/.mozilla/firefox/profiles.ini" "$work/profiles.ini"
out=$(as_user PATH=/nonexistent "$host" doctor --browser firefox 2>&1); status=$?
check "doctor counts a browser that is not installed and has no manifest as no problem" '[ $status -eq 0 ] && has "not found on this machine"'
mv "$work/firefox.json" "$home/$firefox_dir/$manifest"; mv "$work/profiles.ini" "$home/.mozilla/firefox/profiles.ini"

touch "$work/a-file"
out=$(as_user OPTOUT_GUARD_STATE_DIR="$work/a-file/state" "$host" doctor 2>&1); status=$?
check "doctor finds a state directory that cannot be created" '[ $status -eq 1 ] && has "a-file/state is not writable"'
out=$(as_user "$host" doctor --browser netscape 2>&1); status=$?
check "doctor refuses an unknown browser (exit 2)" '[ $status -eq 2 ] && has "unknown browser"'
check "doctor leaves no trace in HOME (no probe file, no state directory)" \
  '[ ! -e "$home/.local/state" ] && [ -z "$(find "$home" -name .optout-guard-doctor-probe)" ]'

section "uninstall"
mkdir -p "$home/.config/vivaldi/NativeMessagingHosts"
echo '{"name": "com.example.mine"}' >"$home/.config/vivaldi/NativeMessagingHosts/com.example.mine.json"
out=$(as_user scripts/uninstall.sh 2>&1); status=$?
check "uninstall keeps a file the user put in a directory install created" \
  '[ $status -eq 0 ] && [ -f "$home/.config/vivaldi/NativeMessagingHosts/com.example.mine.json" ]'
rm -r "$home/.config/vivaldi"
check "uninstall removes every file and directory install added, and nothing else" \
  '[ "$before_install" = "$(snapshot "$home")" ] || { diff <(echo "$before_install") <(snapshot "$home"); false; }'
out=$(as_user scripts/uninstall.sh 2>&1); status=$?
check "a second uninstall is harmless" '[ $status -eq 0 ] && [ "$before_install" = "$(snapshot "$home")" ]'

section "options"
out=$(as_user scripts/install.sh --no-build --binary "$host" --browser netscape 2>&1); status=$?
check "install.sh refuses an unknown browser (exit 2)" '[ $status -eq 2 ] && has "unknown browser"'
out=$(as_user scripts/install.sh --no-build --binary "$host" --browser firefox --extension-id NOT-AN-ID 2>&1); status=$?
check "install.sh refuses a malformed --extension-id (exit 2)" '[ $status -eq 2 ] && has "not a Chromium extension id"'
out=$(as_user XDG_CONFIG_HOME="$work/xdg" scripts/install.sh --yes --no-build --binary "$host" --browser chromium --browser firefox 2>&1); status=$?
check "--browser registers only the browsers named; XDG_CONFIG_HOME places Chromium's manifest" '[ $status -eq 0 ] &&
  [ -f "$work/xdg/chromium/NativeMessagingHosts/$manifest" ] && [ -f "$home/$firefox_dir/$manifest" ] &&
  [ ! -e "$home/.config/google-chrome/NativeMessagingHosts/$manifest" ] && [ ! -e "$work/xdg/google-chrome" ]'
out=$(as_user XDG_CONFIG_HOME="$work/xdg" "$host" doctor --browser chromium 2>&1)
check "doctor follows XDG_CONFIG_HOME too" 'has "ok: $work/xdg/chromium/NativeMessagingHosts/$manifest"'
as_user XDG_CONFIG_HOME="$work/xdg" scripts/uninstall.sh >/dev/null 2>&1
check "uninstall after a --browser install restores HOME" '[ "$before_install" = "$(snapshot "$home")" ] && [ ! -e "$work/xdg" ]'

out=$(as_user OPTOUT_GUARD_OS=macos scripts/install.sh --yes --no-build --binary "$host" 2>&1); status=$?
check "with no browser found install.sh registers for every browser and says what to do next" 'has "Installed the host" &&
  has "No supported browser was found" && has "install host and extension for good" && has "sudo scripts/install.sh --packages" &&
  [ -f "$home/Library/Application Support/Google/Chrome/NativeMessagingHosts/$manifest" ] &&
  [ -f "$home/Library/Application Support/Mozilla/NativeMessagingHosts/$manifest" ]'
check "install.sh says a per-user Firefox install does not last and points to the package or the store" '
  has "lasts only until Firefox restarts" && has "addons.mozilla.org"'
check "install.sh run as root by a script (no terminal) names --packages and goes on per user" '
  [ "$(id -u)" -ne 0 ] || has "run with --packages for the system-wide one"'
as_user OPTOUT_GUARD_OS=macos scripts/uninstall.sh >/dev/null 2>&1
out=$(as_user OPTOUT_GUARD_OS=macos scripts/install.sh --yes --no-build --binary "$host" --all-browsers 2>&1)
check "on macOS manifests go to ~/Library/Application Support/... (paths with spaces)" '
  [ -f "$home/Library/Application Support/Google/Chrome/NativeMessagingHosts/$manifest" ] &&
  [ -f "$home/Library/Application Support/Mozilla/NativeMessagingHosts/$manifest" ] &&
  [ -f "$home/Library/Application Support/Microsoft Edge/NativeMessagingHosts/$manifest" ]'
as_user OPTOUT_GUARD_OS=macos scripts/uninstall.sh >/dev/null 2>&1
check "uninstall removes the macOS install completely" '[ "$before_install" = "$(snapshot "$home")" ]'

section "Flatpak browsers"
flathome=$work/flathome
mkdir -p "$flathome/.var/app/org.chromium.Chromium" "$flathome/.var/app/org.mozilla.firefox"
as_flat() { env -u XDG_CONFIG_HOME -u XDG_DATA_HOME -u OPTOUT_GUARD_STATE_DIR -u OPTOUT_GUARD_SYSTEM_ROOT HOME="$flathome" "$@"; }
flat_chromium=$flathome/.var/app/org.chromium.Chromium/config/chromium/NativeMessagingHosts/$manifest
flat_firefox=$flathome/.var/app/org.mozilla.firefox/.mozilla/native-messaging-hosts/$manifest
out=$(as_flat scripts/install.sh --yes --no-build --binary "$host" --browser chromium --browser firefox 2>&1)
check "install.sh writes the manifest inside each Flatpak sandbox this user has" '[ -f "$flat_chromium" ] && [ -f "$flat_firefox" ] &&
  [ "$(json "$flat_firefox" j.path)" = "\"$flathome/.local/bin/optout-guard-host\"" ]'
check "install.sh prints the exact flatpak override for each" '
  has "flatpak override --user --filesystem=$flathome/.local/bin/optout-guard-host:ro org.chromium.Chromium" &&
  has "flatpak override --user --filesystem=$flathome/.local/bin/optout-guard-host:ro org.mozilla.firefox"'
out=$(as_flat "$host" doctor --browser chromium --browser firefox 2>&1)
check "doctor: a sandbox not allowed to see the host is a problem, fixed by that override" '
  has "PROBLEM: Flatpak org.chromium.Chromium: its sandbox cannot see $flathome/.local/bin/optout-guard-host" &&
  has "fix: flatpak override --user --filesystem=$flathome/.local/bin/optout-guard-host:ro org.chromium.Chromium"'
mkdir -p "$flathome/.local/share/flatpak/overrides"
printf '[Context]\nfilesystems=~/.local/bin/optout-guard-host:ro;\n' >"$flathome/.local/share/flatpak/overrides/org.chromium.Chromium"
printf '[Context]\nfilesystems=xdg-download;home;\n' >"$flathome/.local/share/flatpak/overrides/org.mozilla.firefox"
out=$(as_flat "$host" doctor --browser chromium --browser firefox 2>&1)
check "doctor: after the override (the file, or all of home) the Flatpak sandboxes are fine" '
  has "ok: $flat_chromium (Flatpak org.chromium.Chromium, the sandbox sees the host)" &&
  has "ok: $flat_firefox (Flatpak org.mozilla.firefox, the sandbox sees the host)" && ! has "PROBLEM: Flatpak"'
as_flat scripts/uninstall.sh >/dev/null 2>&1
check "uninstall removes the Flatpak manifests too" '[ ! -e "$flat_chromium" ] && [ ! -e "$flat_firefox" ]'

section "system-wide install (temporary prefix and system root)"
prefix=$work/prefix sysroot=$work/sysroot
mkdir -p "$sysroot"
as_system() { as_user OPTOUT_GUARD_SYSTEM_ROOT="$sysroot" "$@"; }
out=$(as_system scripts/install.sh --yes --system --prefix "$prefix" --no-build --binary "$host" --all-browsers 2>&1); status=$?
check "install.sh --system succeeds" '[ $status -eq 0 ]'
for dir in etc/opt/chrome/native-messaging-hosts etc/chromium/native-messaging-hosts etc/opt/edge/native-messaging-hosts; do
  check "system manifest in /$dir names the host under the prefix, mode 0644" \
    '[ "$(json "$sysroot/$dir/$manifest" j.path)" = "\"$prefix/bin/optout-guard-host\"" ] && [ "$(stat -c %a "$sysroot/$dir/$manifest")" = 644 ]'
done
check "system Firefox manifest in /usr/lib/mozilla/native-messaging-hosts" \
  '[ "$(json "$sysroot/usr/lib/mozilla/native-messaging-hosts/$manifest" j.allowed_extensions)" = "[\"optout-guard@optoutguard.org\"]" ]'
check "a system install writes nothing into HOME" '[ "$before_install" = "$(snapshot "$home")" ]'
out=$(as_system "$host" doctor 2>&1); status=$?
check "doctor finds the system manifests all well" '[ $status -eq 0 ] && has "ok: $sysroot/etc/chromium/native-messaging-hosts/$manifest"'
sed -i 's|"path": "[^"]*"|"path": "/gone/optout-guard-host"|' "$sysroot/etc/chromium/native-messaging-hosts/$manifest"
out=$(as_system "$host" doctor 2>&1); status=$?
check "for a broken system manifest doctor names the sudo --system fix" '[ $status -eq 1 ] &&
  has "fix: sudo scripts/install.sh --system --browser chromium"'
out=$(as_system scripts/uninstall.sh --system --prefix "$prefix" 2>&1); status=$?
check "uninstall --system removes everything it added" '[ $status -eq 0 ] && [ ! -e "$prefix" ] && [ -z "$(ls -A "$sysroot")" ]'

section "real browsers (headless Chromium and Firefox ESR, HOME pointed at a fresh install)"
browser_home=$work/browser-home
mkdir -p "$browser_home"
as_browser_user() { env -u XDG_CONFIG_HOME -u OPTOUT_GUARD_SYSTEM_ROOT HOME="$browser_home" OPTOUT_GUARD_STATE_DIR="$work/browser-state" "$@"; }
chromium_started_host() { grep -qE '^chromium: \{"host":"org\.optoutguard\.host"' <<<"$out"; }
firefox_started_host() { grep -qE 'firefox: \{\\"host\\":\\"org\.optoutguard\.host' <<<"$out"; }
as_browser_user scripts/install.sh --yes --no-build --binary "$host" --browser chromium --browser firefox >/dev/null 2>&1
out=$(as_browser_user node tests/install/browsers-start-host.mjs "$work" 2>&1)
out=$(grep -E '^chromium:|firefox:|probe failed:' <<<"$out")
check "Chromium starts the host that install.sh registered (a hello reply)" chromium_started_host
check "Firefox ESR starts the host that install.sh registered (a hello reply)" firefox_started_host
as_browser_user scripts/uninstall.sh >/dev/null 2>&1
out=$(as_browser_user node tests/install/browsers-start-host.mjs "$work" 2>&1)
out=$(grep -E '^chromium:|firefox:|probe failed:' <<<"$out")
# Each browser must have run and said why it could not start the host: silence is no proof.
check "after uninstall.sh neither browser can start the host" '! chromium_started_host && ! firefox_started_host &&
  has "chromium: error: Specified native messaging host not found." && grep -qE "firefox: error: " <<<"$out"'

section "packages (CPack)"
wait "$builds_pid"
if [ "$(cat "$work/package.status")" = 0 ]; then
  deb=$(ls "$pkg"/*.deb) tgz=$(ls "$pkg"/*.tar.gz)
  contents=$(dpkg-deb -c "$deb")
  echo "$contents" | awk '{print "     " $1, $6}'
  for path in ./usr/bin/optout-guard-host ./usr/share/optout-guard/rules/linkedin.json \
      ./etc/opt/chrome/native-messaging-hosts/$manifest ./etc/chromium/native-messaging-hosts/$manifest \
      ./etc/opt/edge/native-messaging-hosts/$manifest ./usr/lib/mozilla/native-messaging-hosts/$manifest; do
    check ".deb holds $path" 'grep -q " $path\$" <<<"$contents"'
  done
  check ".deb holds the binary executable (-rwxr-xr-x)" 'grep -q "^-rwxr-xr-x .* ./usr/bin/optout-guard-host$" <<<"$contents"'
  mkdir -p "$work/deb" && dpkg-deb -x "$deb" "$work/deb"
  file=$work/deb/etc/chromium/native-messaging-hosts/$manifest
  check ".deb's Chromium manifest: path /usr/bin/optout-guard-host, the fixed extension id" '
    [ "$(json "$file" j.path)" = "\"/usr/bin/optout-guard-host\"" ] &&
    [ "$(json "$file" j.allowed_origins)" = "[\"chrome-extension://$fixed_id/\"]" ]'
  file=$work/deb/usr/lib/mozilla/native-messaging-hosts/$manifest
  check ".deb's Firefox manifest: path /usr/bin/optout-guard-host, the add-on id" '
    [ "$(json "$file" j.path)" = "\"/usr/bin/optout-guard-host\"" ] &&
    [ "$(json "$file" j.allowed_extensions)" = "[\"optout-guard@optoutguard.org\"]" ]'
  out=$(dpkg-deb -I "$deb" conffiles)
  check ".deb marks its manifests under /etc as conffiles" '[ "$(grep -c "^/etc/.*/org.optoutguard.host.json$" <<<"$out")" = 3 ]'
  # Each shared library the host needs comes from a package that Depends names.
  needed_packages=$(for so in $(objdump -p "$work/deb/usr/bin/optout-guard-host" | awk '/NEEDED/ {print $2}'); do
    library=$(ldd "$work/deb/usr/bin/optout-guard-host" | awk -v so="$so" '$1 == so && $3 ~ /^\// {print $3}')
    [ -n "$library" ] && dpkg -S "$library" | cut -d: -f1
  done | sort -u)
  out=$(dpkg-deb -f "$deb" Depends)
  depends_name_each() { local p; for p in "$@"; do tr ',|' '\n' <<<"$out" | awk '{print $1}' | grep -qxF -- "$p" || return 1; done; }
  # shellcheck disable=SC2086  # one word per package
  check ".deb's Depends ($out) names the package of every library the host needs (${needed_packages//$'\n'/ })" \
    '[ -n "$needed_packages" ] && depends_name_each $needed_packages'
  out=$("$work/deb/usr/bin/optout-guard-host" --version 2>&1)
  check "the packaged host runs (--version)" 'has "optout-guard-host"'
  check ".tar.gz holds the same files as the .deb" '
    diff <(tar -tzf "$tgz" | sed "s|^[^/]*/||" | grep -v "/\$" | sort) <(dpkg-deb -c "$deb" | awk "{print \$6}" | grep -v "/\$" | sed "s|^\./||" | sort)'
else
  out=$(tail -n 30 "$work/package.log")
  check "the package builds with cmake and cpack" false
fi

section "Windows cross-build (mingw-w64)"
if [ "$(cat "$work/windows.status")" = 0 ]; then
  exe=$win/native-host/optout-guard-host.exe
  # A PE file: "MZ" at 0, and at the offset stored at 0x3c the signature "PE\0\0".
  pe_offset=$(od -An -tu4 -j60 -N4 "$exe" | tr -d ' ')
  check "optout-guard-host.exe is a Windows PE executable (MZ, PE\\0\\0 at $pe_offset)" '
    [ "$(head -c2 "$exe")" = MZ ] && [ "$(od -An -c -j"$pe_offset" -N4 "$exe" | tr -d " ")" = "PE\\0\\0" ]'
  out=$(x86_64-w64-mingw32-objdump -p "$exe" | grep "DLL Name" | tr -d '\t' | sort -u | paste -sd' ' -)
  check "the .exe needs only Windows' own DLLs ($out)" '[ -n "$out" ] && ! grep -qiE "libstdc|libgcc|libwinpthread" <<<"$out"'
else
  out=$(grep -E "error|Error" "$work/windows.log" | head -n 20)
  check "the host cross-compiles for Windows with mingw-w64" false
fi

section "PowerShell scripts (no PowerShell on Debian: parsed with the tree-sitter PowerShell grammar)"
out=$(node --no-deprecation tests/install/check-powershell.cjs scripts/install.ps1 scripts/uninstall.ps1 2>&1); status=$?
# A missing grammar (status 3) fails like a syntax error: the check must run, never be skipped.
check "install.ps1 and uninstall.ps1 parse without a syntax error" '[ $status -eq 0 ]'

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
