#!/usr/bin/env bash
# The Debian packages (scripts/build-packages.sh): built, their contents and control fields checked,
# lintian with no errors, installed with apt-get, tried in Debian's Chromium and Firefox ESR (fresh
# profile, then restarted: tests/packages/browsers.mjs), the policies package removed (its policies
# must go with it), then everything purged, and nothing left in /etc or /usr.
# Installs system-wide for about a minute: other people's browsers on this machine would see the
# extension meanwhile, so the window is kept short and the purge runs whatever happens (trap).
# Needs root or password-less sudo. The last line says "packages: all checks passed".
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work=$(mktemp -d /tmp/optout-packages.XXXXXX)
sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -qq)
packages=(optout-guard webext-optout-guard-chromium webext-optout-guard-firefox optout-guard-policies)
firefox_app='{ec8030f7-c20a-464f-9b0e-13a3a9e97384}'
# The ids from their one source: the Chromium id derived once (cmake/extension-id.cmake), the rest from
# protocol/contract.json.
chromium_id=$(cmake -P cmake/extension-id.cmake)
firefox_id=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("protocol/contract.json", "utf8")).extension.firefox_addon_id)')
host_name=$(node -e 'console.log(JSON.parse(require("fs").readFileSync("protocol/contract.json", "utf8")).host.name)')
failures=0

fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }
expect() {  # description command...
  local what=$1; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# Purge whatever of ours is installed, then remove the work directory.
purge() {
  local installed=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -qv '^unknown ok not-installed$' && installed+=("$p")
  done
  [ ${#installed[@]} -eq 0 ] || "${apt[@]}" purge -y "${installed[@]}" >/dev/null
}
trap 'purge; rm -rf "$work"' EXIT

# --- build ---
t0=$SECONDS
scripts/build-packages.sh --out "$work/debs" --policy-profile strict >/dev/null
version=$(sed -n 's/^project(optout-guard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
deb() { case "$1" in optout-guard) echo "$work/debs/${1}_${version}_$arch.deb" ;; *) echo "$work/debs/${1}_${version}_all.deb" ;; esac; }
for p in "${packages[@]}"; do expect "built $(basename "$(deb "$p")")" test -s "$(deb "$p")"; done
echo "built in $((SECONDS - t0)) s"

# --- contents and control fields ---
listing() { dpkg-deb -c "$(deb "$1")" | awk '{ sub(/^\./, "", $6); print $6 ($7 == "->" ? " -> " $8 : "") }'; }
has() { listing "$1" | grep -qxF -- "$2"; }
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
member() { dpkg-deb --fsys-tarfile "$(deb "$1")" | tar -xO ".$2"; }

for f in /usr/bin/optout-guard-host /usr/share/optout-guard/rules/linkedin.json /usr/share/man/man1/optout-guard-host.1.gz \
         /etc/chromium/native-messaging-hosts/$host_name.json /etc/opt/chrome/native-messaging-hosts/$host_name.json \
         /etc/opt/edge/native-messaging-hosts/$host_name.json /usr/lib/mozilla/native-messaging-hosts/$host_name.json; do
  expect "optout-guard holds $f" has optout-guard "$f"
done
expect "the Chromium manifest names /usr/bin/optout-guard-host and allows $chromium_id" \
  bash -c "member() { dpkg-deb --fsys-tarfile '$(deb optout-guard)' | tar -xO \".\$1\"; }; member /etc/chromium/native-messaging-hosts/$host_name.json | node -e '
    const m = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"));
    process.exit(m.path === \"/usr/bin/optout-guard-host\" && m.allowed_origins.includes(\"chrome-extension://$chromium_id/\") ? 0 : 1)'"
expect "the Firefox manifest allows $firefox_id" \
  bash -c "dpkg-deb --fsys-tarfile '$(deb optout-guard)' | tar -xO ./usr/lib/mozilla/native-messaging-hosts/$host_name.json | grep -q '\"$firefox_id\"'"
expect "the /etc manifests are conffiles (purge removes them)" \
  bash -c "dpkg-deb --ctrl-tarfile '$(deb optout-guard)' | tar -xO ./conffiles | grep -c '^/etc/.*$host_name.json$' | grep -qx 3"
expect "the host's Depends come from dpkg-shlibdeps (libc6)" bash -c "dpkg-deb -f '$(deb optout-guard)' Depends | grep -q libc6"

ext=/usr/share/chromium/extensions
expect "webext-optout-guard-chromium holds the unpacked extension in $ext/optout-guard/" has webext-optout-guard-chromium "$ext/optout-guard/manifest.json"
expect "no file directly in $ext/ (the wrapper would pass it to --load-extension)" \
  bash -c "! dpkg-deb -c '$(deb webext-optout-guard-chromium)' | awk '{print \$6}' | grep -E '^\\.$ext/[^/]+\$'"
expect "the packaged Chromium manifest keeps the key that fixes the id" \
  bash -c "dpkg-deb --fsys-tarfile '$(deb webext-optout-guard-chromium)' | tar -xO .$ext/optout-guard/manifest.json | grep -q '\"key\"'"
ffdir=/usr/share/mozilla/extensions/$firefox_app/$firefox_id
expect "webext-optout-guard-firefox holds the add-on in a folder named after its id" has webext-optout-guard-firefox "$ffdir/manifest.json"
expect "the packaged Firefox manifest carries the add-on id" \
  bash -c "dpkg-deb --fsys-tarfile '$(deb webext-optout-guard-firefox)' | tar -xO '.$ffdir/manifest.json' | grep -q '\"id\": \"$firefox_id\"'"
for p in webext-optout-guard-chromium webext-optout-guard-firefox optout-guard-policies; do
  expect "$p depends on the host" bash -c "dpkg-deb -f '$(deb "$p")' Depends | grep -q '^optout-guard (>= $version)'"
  expect "$p is Architecture: all" bash -c "dpkg-deb -f '$(deb "$p")' Architecture | grep -qx all"
done
expect "webext-optout-guard-chromium enhances chromium" bash -c "dpkg-deb -f '$(deb webext-optout-guard-chromium)' Enhances | grep -qw chromium"
expect "webext-optout-guard-firefox enhances firefox-esr" bash -c "dpkg-deb -f '$(deb webext-optout-guard-firefox)' Enhances | grep -qw firefox-esr"
for d in /etc/chromium /etc/opt/chrome /etc/opt/edge /etc/brave; do
  expect "optout-guard-policies links $d/policies/managed/optout-guard.json" \
    has optout-guard-policies "$d/policies/managed/optout-guard.json -> /usr/share/optout-guard-policies/chromium.json"
done
expect "the Chromium policy sets the profile for $chromium_id" \
  bash -c "dpkg-deb --fsys-tarfile '$(deb optout-guard-policies)' | tar -xO ./usr/share/optout-guard-policies/chromium.json | node -e '
    const p = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"))[\"3rdparty\"].extensions[\"$chromium_id\"];
    process.exit(p.profile === \"strict\" && p.profileLocked === true ? 0 : 1)'"
expect "the Firefox managed-storage manifest is named after the add-on and typed storage" \
  bash -c "dpkg-deb --fsys-tarfile '$(deb optout-guard-policies)' | tar -xO './usr/lib/mozilla/managed-storage/$firefox_id.json' | node -e '
    const m = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"));
    process.exit(m.name === \"$firefox_id\" && m.type === \"storage\" && m.data.profile === \"strict\" ? 0 : 1)'"
expect "optout-guard-policies has no conffiles (removing it removes the policies)" \
  bash -c "! dpkg-deb --ctrl-tarfile '$(deb optout-guard-policies)' | tar -t | grep -q conffiles"

# --- the store uploads (scripts/build-store.sh) ---
scripts/build-store.sh --out "$work/store" >/dev/null
expect "the Chrome Web Store / Edge zip has no manifest key and declares the managed schema" \
  bash -c "unzip -p '$work/store/optout-guard-$version-chromium.zip' manifest.json | node -e '
    const m = JSON.parse(require(\"fs\").readFileSync(0, \"utf8\"));
    process.exit(m.key === undefined && m.storage.managed_schema === \"managed-schema.json\" ? 0 : 1)'"
expect "the AMO zip carries the add-on id" \
  bash -c "unzip -p '$work/store/optout-guard-$version-firefox.zip' manifest.json | grep -q '\"id\": \"$firefox_id\"'"

# --- lintian: no errors (warnings and overrides are printed) ---
t0=$SECONDS
lintian_out=$(lintian --no-cfg --show-overrides "$work"/debs/*.deb 2>&1 | grep -v 'running with root privileges' || true)
[ -n "$lintian_out" ] && printf '%s\n' "$lintian_out" | grep -v '^N:' | sort | uniq -c | sed 's/^/  lintian: /'
expect "lintian: no errors ($((SECONDS - t0)) s)" bash -c "! grep -q '^E:' <<<'$lintian_out'"

# --- what exists before the install, to compare with after the purge ---
all_paths() { for p in "${packages[@]}"; do listing "$p" | sed 's/ -> .*//; s:/$::'; done | grep -v '^$' | sort -u; }
mapfile -t paths < <(all_paths)
absent_before=()
for f in "${paths[@]}"; do [ -e "$f" ] || [ -L "$f" ] || absent_before+=("$f"); done

# --- installed window: install, browsers, remove the policies, purge ---
t0=$SECONDS
debs=(); for p in "${packages[@]}"; do debs+=("$(deb "$p")"); done
"${apt[@]}" install -y --no-install-recommends "${debs[@]}" >/dev/null
expect "apt-get installed the four packages" bash -c "for p in ${packages[*]}; do dpkg-query -W -f='\${Status}\n' \$p | grep -qx 'install ok installed' || exit 1; done"
expect "apt-get install ./webext-optout-guard-chromium alone would pull the host" \
  bash -c "apt-cache depends webext-optout-guard-chromium | grep -q 'Depends: optout-guard'"
if node tests/packages/browsers.mjs "$work"; then ok "real browsers: installed, running, reaching the host, across a restart"
else fail "real browsers (output above)"; fi

"${apt[@]}" remove -y optout-guard-policies >/dev/null
expect "removing optout-guard-policies removes its Chromium policy" test ! -e /etc/chromium/policies/managed/optout-guard.json -a ! -L /etc/chromium/policies/managed/optout-guard.json
expect "removing optout-guard-policies removes its Firefox managed storage" test ! -e "/usr/lib/mozilla/managed-storage/$firefox_id.json"
purge
echo "installed for $((SECONDS - t0)) s"

left=()
for f in "${absent_before[@]}"; do { [ -e "$f" ] || [ -L "$f" ]; } && left+=("$f"); done
expect "purge left nothing in /etc or /usr (${#absent_before[@]} paths checked)" test ${#left[@]} -eq 0
[ ${#left[@]} -eq 0 ] || printf '  left: %s\n' "${left[@]}"
expect "dpkg knows none of the packages any more" \
  bash -c "! dpkg-query -W ${packages[*]} 2>/dev/null | grep -q ."

if [ $failures -eq 0 ]; then echo "packages: all checks passed"; else echo "packages: $failures check(s) failed"; exit 1; fi
