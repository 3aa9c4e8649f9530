#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2034,SC2317  # check's code is single-quoted on purpose: eval expands it later
# The Windows installer, proved under Wine (`scripts/test.sh windows`): builds the host with mingw-w64
# and OptOutGuard-Setup-<version>.exe with NSIS, then in a fresh, headless WINEPREFIX installs it
# silently, reads every browser's registry key back, checks the manifest each names, starts the
# installed host as Chrome and as Firefox start it and exchanges real frames, checks the state file in
# the Windows state directory survives a second start, runs doctor, uninstalls silently and checks that
# no file or key it added is left (and that the remembered state is, unless /FORGET is given).
#   OPTOUT_WINDOWS_BUILD   the cross-build directory (default build/windows)
# Prints "N passed, N failed" last; exit status 0 only when nothing failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1

# shellcheck source=tests/support/check.sh
. tests/support/check.sh  # pass, fail, check NAME CODE, has TEXT
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit $?; }

build=${OPTOUT_WINDOWS_BUILD:-$root/build/windows}
work=$(mktemp -d)
export WINEPREFIX=$work/prefix WINEDEBUG=-all WINEARCH=win64
export WINEDLLOVERRIDES='mscoree,mshtml=;winemenubuilder.exe=d'  # no Mono/Gecko prompt, no desktop menus
unset DISPLAY WAYLAND_DISPLAY                                      # headless: no window can open
cleanup() { timeout 30 wineserver -k >/dev/null 2>&1; rm -rf "$work"; }
trap cleanup EXIT
# Every Wine call is time-boxed: a hung Wine must fail the test, not the CI job.
w() { timeout "${WINE_TIMEOUT:-60}" wine "$@"; }
settle() { timeout 60 wineserver -w; }  # waits until every Wine process (an uninstaller's copy) has ended

# 1. Build (ccache makes a rebuild quick) and make the prefix meanwhile: both take tens of seconds.
(timeout 180 wineboot -i >"$work/wineboot.log" 2>&1; echo $? >"$work/wineboot.status") &
{ cmake -S . -B "$build" -G Ninja --toolchain cmake/toolchains/mingw-w64.cmake -DCMAKE_BUILD_TYPE=Release \
    -DOPTOUT_BUILD_TESTS=OFF -DOPTOUT_BUILD_BENCH=OFF -DOPTOUT_WERROR=ON &&
  cmake --build "$build" --target windows-installer --parallel 2; } >"$work/build.log" 2>&1
status=$?
wait
out=$(cat "$work/build.log")
check "the mingw-w64 host and the NSIS installer build" '[ $status -eq 0 ]'
out=$(cat "$work/wineboot.log")
check "a fresh Wine prefix is made headless" '[ "$(cat "$work/wineboot.status")" = 0 ]'
[ "$failed" -eq 0 ] || finish
settle

version=$(sed -n 's/^project(optout-guard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
installer=$build/OptOutGuard-Setup-$version.exe
size=$(stat -c %s "$installer")
out=$(x86_64-w64-mingw32-objdump -f "$installer" 2>&1)
check "OptOutGuard-Setup-$version.exe is a 64-bit Windows program ($((size / 1024)) KiB)" 'has "file format pei-x86-64"'

# What is there before, to compare with what is left after the uninstall.
user=$(id -un)  # Wine names the Windows profile after the Unix user
local_unix=$WINEPREFIX/drive_c/users/$user/AppData/Local
local_win="C:\\users\\$user\\AppData\\Local"
# Not counted: %TEMP%\~nsuN.tmp\Un.exe, the copy of itself an NSIS uninstaller runs from so that it can
# delete its own file; NSIS leaves it to Windows to delete at the next restart, which Wine never makes.
snapshot() {  # every file and folder of the user's profile, and every HKCU key and value
  (cd "$WINEPREFIX/drive_c/users/$user" && find . | grep -v '^\./Temp/~nsu[0-9]*\.tmp' | LC_ALL=C sort) >"$work/$1.files"
  w reg export HKCU "$work/$1.reg.raw" /y >/dev/null 2>&1
  iconv -f UTF-16LE -t UTF-8 "$work/$1.reg.raw" | tr -d '\r' | grep -v '^#time=' >"$work/$1.reg"
}
snapshot before

# 2. Silent install.
out=$(w "$installer" /S 2>&1); status=$?
settle
check "the installer runs silently (/S) and exits 0" '[ $status -eq 0 ]'
instdir_win="$local_win\\Programs\\Opt-Out Guard"
instdir=$local_unix/Programs/Opt-Out\ Guard
host_win="$instdir_win\\optout-guard-host.exe"
out=$(ls -R "$instdir" 2>&1)
check "the host, both manifests, the rules, the extension and the uninstaller are in %LOCALAPPDATA%\\Programs\\Opt-Out Guard" \
  'for f in optout-guard-host.exe org.optoutguard.host.chromium.json org.optoutguard.host.firefox.json rules/linkedin.json extension/chromium/manifest.json extension/firefox/manifest.json "Add the extension.txt" uninstall.exe; do [ -f "$instdir/$f" ] || exit 1; done'

# 3. Every key of the location table names a manifest whose path is the installed host.
to_unix() { local p=${1#C:\\}; printf '%s/drive_c/%s' "$WINEPREFIX" "${p//\\//}"; }
ids=$(sed -n 's/.*"\(chrome-extension:\/\/[a-p]\{32\}\/\)".*/\1/p' "$build/windows-installer/manifests/org.optoutguard.host.chromium.json")
while IFS='|' read -r os browser what kind key; do
  [ "$os/$what" = windows/user ] || continue
  out=$(w reg query "$key\\org.optoutguard.host" /ve 2>&1)
  manifest_win=$(sed -n 's/^ *(Default) *REG_SZ *//p' <<<"$out" | tr -d '\r')
  expected_manifest="$instdir_win\\org.optoutguard.host.$kind.json"
  check "$browser: $key\\org.optoutguard.host names the $kind manifest" '[ "$manifest_win" = "$expected_manifest" ]'
  out=$(node -e '
    const fs = require("fs"), path = require("path");
    const [file, kind, host, origin] = process.argv.slice(1);
    const m = JSON.parse(fs.readFileSync(file, "utf8"));
    const resolved = path.resolve(path.dirname(file), m.path);  // relative paths are read from the manifest folder
    const ok = m.name === "org.optoutguard.host" && m.type === "stdio" && resolved === host && fs.statSync(resolved).isFile() &&
      (kind === "firefox" ? m.allowed_extensions.includes("optout-guard@optoutguard.org") : m.allowed_origins.includes(origin));
    console.log(JSON.stringify(m)); process.exit(ok ? 0 : 1);' "$(to_unix "$manifest_win")" "$kind" "$instdir/optout-guard-host.exe" "$ids" 2>&1); status=$?
  check "$browser: that manifest's path is the installed host" '[ $status -eq 0 ]'
done <manifests/locations.txt
out=$(w reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\OptOutGuard' 2>&1)
check "Apps & features lists Opt-Out Guard with a quiet uninstaller" 'has "DisplayName    REG_SZ    Opt-Out Guard" && has "QuietUninstallString" && has "uninstall.exe\" /S"'

# 4. Real frames, started as each browser starts a host.
extension_id=${ids#chrome-extension://}; extension_id=${extension_id%/}
out=$(node tests/windows/session.mjs first "$host_win" "chrome-extension://$extension_id/" --parent-window=0 2>&1); status=$?
check "as Chrome starts it: hello, a page in a 0x000A0D1A-byte frame, status" '[ $status -eq 0 ]'
state=$local_unix/Opt-Out\ Guard/state.json
out=$(cat "$state" 2>&1)
check "the state file is in %LOCALAPPDATA%\\Opt-Out Guard (the Windows state directory)" 'has "wine-install-0001"'
out=$(node tests/windows/session.mjs again "$host_win" "$instdir_win\\org.optoutguard.host.firefox.json" optout-guard@optoutguard.org 2>&1); status=$?
check "as Firefox starts it: hello in a 0x0D0A-byte frame; status remembers the first session" '[ $status -eq 0 ]'

# 5. doctor reads the registry and finds every registration right.
out=$(w "$host_win" doctor 2>&1 | tr -d '\r'); status=${PIPESTATUS[0]}
check "doctor: every browser's registration ok, exit 0" \
  '[ $status -eq 0 ] && has "All well." && [ "$(grep -c "^  ok: .*org.optoutguard.host\.\(chromium\|firefox\)\.json$" <<<"$out")" -eq "$(grep -c "^windows|[a-z]*|user|" manifests/locations.txt)" ]'

# A browser that has been run here (its profile exists) but whose key is gone: doctor names the problem
# and the fix. (Vivaldi: no other browser shares its key or its profile folder.)
mkdir -p "$local_unix/Vivaldi/User Data" && : >"$local_unix/Vivaldi/User Data/Local State"
w reg delete 'HKCU\Software\Vivaldi\NativeMessagingHosts\org.optoutguard.host' /f >/dev/null 2>&1
out=$(w "$host_win" doctor --browser vivaldi 2>&1 | tr -d '\r'); status=${PIPESTATUS[0]}
check "doctor: an installed browser without its key is a problem, with the fix (exit 1)" \
  '[ $status -eq 1 ] && has "vivaldi (installed)" && has "PROBLEM: no manifest" && has "fix: run OptOutGuard-Setup-$version.exe again"'
rm -rf "$local_unix/Vivaldi"

# The organisations' policy examples are valid .reg files: imported into this throw-away prefix, each
# sets the keys it shows.
for reg in "$instdir"/policies/*.reg; do
  name=$(basename "$reg")
  out=$(w regedit /S "$instdir_win\\policies\\$name" 2>&1)
  keys=$(tr -d '\r' <"$reg" | sed -n 's/^\[\(HKEY_LOCAL_MACHINE\\.*\)\]$/\1/p')
  missing=0
  while IFS= read -r key; do w reg query "$key" >/dev/null 2>&1 || missing=$((missing + 1)); done <<<"$keys"
  check "policies\\$name imports and sets its $(wc -l <<<"$keys") keys" '[ -n "$keys" ] && [ $missing -eq 0 ]'
done

# 6. Silent uninstall: everything added is gone, the remembered state is kept.
out=$(w "$instdir/uninstall.exe" /S 2>&1); status=$?
settle
check "the uninstaller runs silently and exits 0" '[ $status -eq 0 ]'
snapshot after
expected_files=$(printf '%s\n' "./AppData/Local/Opt-Out Guard" "./AppData/Local/Opt-Out Guard/state.json" "./AppData/Local/Opt-Out Guard/state.lock" | LC_ALL=C sort)
out=$(diff "$work/before.files" "$work/after.files")
check "no file or folder is left but the remembered state" '[ "$(sed -n "s/^> //p" <<<"$out")" = "$expected_files" ] && ! grep -q "^<" <<<"$out"'
out=$(diff "$work/before.reg" "$work/after.reg")
check "no registry key or value is left, none removed" '[ -z "$out" ]'

# 7. Installed twice (the second over the first, as an upgrade does), then uninstalled with /FORGET:
# the state goes too, and the profile is as it was (a file or key removed that was there before would
# show in the comparison as well).
out=$( { w "$installer" /S && settle && w "$installer" /S && settle; } 2>&1); status=$?
check "installed again over the first install: doctor still all well" \
  '[ $status -eq 0 ] && w "$host_win" doctor >/dev/null 2>&1'
out=$( { w "$instdir/uninstall.exe" /S /FORGET && settle; } 2>&1)
snapshot forgot
out=$(diff "$work/before.files" "$work/forgot.files"; diff "$work/before.reg" "$work/forgot.reg")
check "uninstalled with /FORGET: nothing left at all" '[ -z "$out" ]'

finish
