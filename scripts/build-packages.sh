#!/usr/bin/env bash
# Builds Opt-Out Guard's Debian packages, following Debian's webext-* convention (the way
# webext-ublock-origin-chromium/-firefox ship an extension) and a host/extension split:
#   optout-guard                   the host, its rules and its manifests in every browser's system directory
#   webext-optout-guard-chromium   the extension, unpacked, in /usr/share/chromium/extensions/optout-guard/
#                                  (Debian's /usr/bin/chromium loads every folder there at each start)
#   webext-optout-guard-firefox    the add-on, unpacked, in /usr/share/mozilla/extensions/{ec8030f7-...}/<add-on id>/
#                                  (Debian's firefox-esr runs unsigned add-ons from this system scope)
#   optout-guard-policies          for organisations: the profile set (and locked) through managed storage
# Usage: scripts/build-packages.sh [--out DIR] [--policy-profile essential|recommended|strict]
#                                  [--policy-unlocked] [--extension-id ID]...
#   --out DIR            where the .deb files go (default build/packages)
#   --policy-profile P   the profile optout-guard-policies sets (default recommended)
#   --policy-unlocked    the policy's profile is a default users may change (default: locked)
#   --extension-id ID    also allow this Chromium extension id in the host's manifests (e.g. a store id)
# Install: sudo apt-get install ./build/packages/webext-optout-guard-*.deb ./build/packages/optout-guard_*.deb
# Needs: the build dependencies (scripts/deps.sh build), node, dpkg-dev. Root is not needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

out=$root/build/packages policy_profile=recommended policy_locked=true extra_ids=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$(realpath -m "$2"); shift ;;
    --policy-profile) policy_profile=$2; shift ;;
    --policy-unlocked) policy_locked=false ;;
    --extension-id) extra_ids+=("$2"); shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build-packages.sh: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$policy_profile" in essential|recommended|strict) ;; *)
  echo "build-packages.sh: --policy-profile must be essential, recommended or strict" >&2; exit 2 ;;
esac
for id in "${extra_ids[@]}"; do
  [[ $id =~ ^[a-p]{32}$ ]] || { echo "build-packages.sh: '$id' is not a Chromium extension id" >&2; exit 2; }
done

version=$(sed -n 's/^project(optout-guard VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
arch=$(dpkg --print-architecture)
maintainer="Opt-Out Guard maintainers <maintainers@optoutguard.org>"
firefox_app_id='{ec8030f7-c20a-464f-9b0e-13a3a9e97384}'
# Reproducible: every timestamp is the last commit's.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
build=$root/build/deb
stage=$build/stage
rm -rf "$stage" && mkdir -p "$stage" "$out"

# --- the host, through CMake's install rules (cmake/packaging.cmake: binary, rules, manifests) ---
ids=$(IFS=';'; echo "${extra_ids[*]}")
# Debian's hardening flags (stack protector, fortify, relro, bindnow), as a Debian build would use.
export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DOPTOUT_BUILD_TESTS=OFF -DOPTOUT_BUILD_BENCH=OFF \
  -DCMAKE_INSTALL_PREFIX=/usr -DOPTOUT_EXTRA_EXTENSION_IDS="$ids" \
  -DCMAKE_CXX_FLAGS="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)" \
  -DCMAKE_EXE_LINKER_FLAGS="$(dpkg-buildflags --get LDFLAGS)" >/dev/null
cmake --build "$build" --parallel 2 >/dev/null
DESTDIR=$stage/optout-guard cmake --install "$build" --strip >/dev/null
mkdir -p "$stage/optout-guard/usr/share/man/man1"
gzip -9n <packaging/optout-guard-host.1 >"$stage/optout-guard/usr/share/man/man1/optout-guard-host.1.gz"
# The ids as CMake filled them into the host's manifests (the fixed id first, then --extension-id's);
# the manifests are named after the host name the host was built with (protocol/contract.json).
host_name=$("$build/native-host/optout-guard-host" ids | sed -n 's/^host_name=//p')
[ -n "$host_name" ] || { echo "build-packages.sh: the built host printed no host_name" >&2; exit 1; }
manifest_field() {  # kind expression
  node -e "const m = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8')); console.log($2)" \
    "$build/manifests/$1/$host_name.json"
}
extension_id=$(manifest_field chromium "m.allowed_origins[0].split('/')[2]")
firefox_id=$(manifest_field firefox "m.allowed_extensions[0]")

# --- the extension, both builds ---
node scripts/build-extension --out "$build/extension" >/dev/null
ext_chromium=$stage/webext-optout-guard-chromium
ext_firefox=$stage/webext-optout-guard-firefox
mkdir -p "$ext_chromium/usr/share/chromium/extensions" "$ext_firefox/usr/share/mozilla/extensions/$firefox_app_id"
cp -r "$build/extension/chromium" "$ext_chromium/usr/share/chromium/extensions/optout-guard"
cp -r "$build/extension/firefox" "$ext_firefox/usr/share/mozilla/extensions/$firefox_app_id/$firefox_id"
rm -f "$ext_firefox/usr/share/mozilla/extensions/$firefox_app_id/$firefox_id/managed-schema.json"

# --- the policies: managed storage for every browser that reads it; real files under /usr/share,
# symlinks in the browsers' policy directories, so that removing (not only purging) the package
# removes the policies: no "Managed by your organisation" left behind.
policies=$stage/optout-guard-policies
fill() {
  sed -e "s/@EXTENSION_ID@/$extension_id/g" -e "s/@FIREFOX_ID@/$firefox_id/g" \
      -e "s/@PROFILE@/$policy_profile/g" -e "s/@LOCKED@/$policy_locked/g" "$1"
}
mkdir -p "$policies/usr/share/optout-guard-policies" "$policies/usr/lib/mozilla/managed-storage" \
  "$policies/usr/share/doc/optout-guard-policies/examples"
fill packaging/policies/chromium-managed-storage.json.in >"$policies/usr/share/optout-guard-policies/chromium.json"
fill packaging/policies/firefox-managed-storage.json.in >"$policies/usr/lib/mozilla/managed-storage/$firefox_id.json"
for dir in /etc/chromium/policies/managed /etc/opt/chrome/policies/managed /etc/opt/edge/policies/managed \
           /etc/brave/policies/managed; do
  mkdir -p "$policies$dir"
  ln -s /usr/share/optout-guard-policies/chromium.json "$policies$dir/optout-guard.json"
done
cp packaging/policies/examples/*.json "$policies/usr/share/doc/optout-guard-policies/examples/"

# --- what every package carries: copyright, changelog, control, md5sums ---
write_doc() {  # package
  local doc=$stage/$1/usr/share/doc/$1
  mkdir -p "$doc"
  cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: optout-guard
Upstream-Contact: $maintainer

Files: *
Copyright: 2025-2026 Opt-Out Guard maintainers
License: Expat

License: Expat
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of this software and associated documentation files (the "Software"), to deal
 in the Software without restriction, including without limitation the rights
 to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
 copies of the Software, and to permit persons to whom the Software is
 furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in
 all copies or substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
 IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
 FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
 AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
 LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
 OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
 THE SOFTWARE.
EOF
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from the Opt-Out Guard source tree by scripts/build-packages.sh.\n\n -- %s  %s\n' \
    optout-guard "$version" "$maintainer" "$(date -R -u -d "@$SOURCE_DATE_EPOCH")" | gzip -9n >"$doc/changelog.gz"
}

control() {  # package architecture extra-fields summary description
  local dir=$stage/$1/DEBIAN
  mkdir -p "$dir"
  {
    echo "Package: $1"
    [ "$1" = optout-guard ] || echo "Source: optout-guard"
    echo "Version: $version"
    echo "Architecture: $2"
    echo "Maintainer: $maintainer"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$stage/$1" | cut -f1)"
    printf '%s\n' "$3"
    echo "Section: web"
    echo "Priority: optional"
    echo "Multi-Arch: foreign"
    echo "Description: $4"
    printf '%s\n' "$5" | sed 's/^$/./; s/^/ /'
  } >"$dir/control"
}

host_depends() {
  local work=$build/shlibdeps
  mkdir -p "$work/debian"
  printf 'Source: optout-guard\n\nPackage: optout-guard\nArchitecture: any\n' >"$work/debian/control"
  (cd "$work" && dpkg-shlibdeps -O -e"$stage/optout-guard/usr/bin/optout-guard-host" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}

about="Opt-Out Guard tells LinkedIn members which privacy opt-outs are still on:
while they browse LinkedIn's settings pages, the toolbar badge counts the
opt-outs still to change, and the popup lists each with its state and the page
that holds it. Nothing leaves the machine: the extension talks only to the
native host, and the host to nobody."

for p in optout-guard webext-optout-guard-chromium webext-optout-guard-firefox optout-guard-policies; do write_doc "$p"; done
# Google Chrome and Microsoft Edge live in /opt and read manifests and policies only from /etc/opt/<browser>/.
for p in optout-guard optout-guard-policies; do
  mkdir -p "$stage/$p/usr/share/lintian/overrides"
  printf '# Chrome and Edge (installed in /opt) read native-messaging manifests and policies only from /etc/opt.\n%s: dir-or-file-in-etc-opt [etc/opt/*]\n' \
    "$p" >"$stage/$p/usr/share/lintian/overrides/$p"
done

control optout-guard "$arch" "Depends: $(host_depends)
Suggests: webext-optout-guard-chromium, webext-optout-guard-firefox
Enhances: chromium, firefox-esr, firefox, google-chrome-stable, microsoft-edge-stable" \
  "LinkedIn privacy opt-out checker (native host)" "$about

This package holds the native-messaging host and its rules, registered for
Chromium, Chrome, Edge, Brave, Vivaldi, Opera and Firefox. Install the
extension with webext-optout-guard-chromium or webext-optout-guard-firefox, or
from a browser's store."
cp "$build/debian/conffiles" "$stage/optout-guard/DEBIAN/conffiles"

control webext-optout-guard-chromium all "Depends: optout-guard (>= $version)
Recommends: chromium
Enhances: chromium" \
  "LinkedIn privacy opt-out checker (Chromium extension)" "$about

This package provides the Chromium extension, loaded by Debian's chromium at
every start."

control webext-optout-guard-firefox all "Depends: optout-guard (>= $version)
Recommends: firefox-esr | firefox
Enhances: firefox-esr, firefox" \
  "LinkedIn privacy opt-out checker (Firefox add-on)" "$about

This package provides the Firefox add-on, active in every Firefox profile."

control optout-guard-policies all "Depends: optout-guard (>= $version)
Recommends: webext-optout-guard-chromium | webext-optout-guard-firefox
Enhances: chromium, firefox-esr, firefox" \
  "LinkedIn privacy opt-out checker (organisation policies)" "$about

This package sets, through browser policy (managed storage), which opt-outs
are checked: the $policy_profile profile, $( [ "$policy_locked" = true ] && echo 'locked so that users cannot change it.' || echo 'as a default users may change.')
Removing it removes the policies. Examples of policies that install the
extension from a store are in /usr/share/doc/optout-guard-policies/examples/."

for p in optout-guard webext-optout-guard-chromium webext-optout-guard-firefox optout-guard-policies; do
  (cd "$stage/$p" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum >DEBIAN/md5sums)
  find "$stage/$p" -type d -exec chmod 0755 {} + && find "$stage/$p" -type f -exec chmod go-w {} +
  find "$stage/$p" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  a=$(sed -n 's/^Architecture: //p' "$stage/$p/DEBIAN/control")
  dpkg-deb --root-owner-group -Zxz --build "$stage/$p" "$out/${p}_${version}_$a.deb" >/dev/null
  echo "$out/${p}_${version}_$a.deb"
done
