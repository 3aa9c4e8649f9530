#!/usr/bin/env bash
# Builds the files to upload to the extension stores (docs/install.md, "Stores"):
#   build/store/optout-guard-<version>-chromium.zip   Chrome Web Store and Microsoft Edge Add-ons
#   build/store/optout-guard-<version>-firefox.zip    addons.mozilla.org (signed there; an .xpi is this zip)
# The Chromium zip has no manifest `key`: the stores refuse it and give the item an id of their own,
# which the host's manifests must then allow (install.sh --extension-id, build-packages.sh --extension-id).
# The Firefox build keeps its add-on id (optout-guard@optoutguard.org) and passes `web-ext lint`.
# Usage: scripts/build-store.sh [--out DIR]      Needs node and npm's web-ext (npm ci).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=$root/build/store
[ "${1:-}" = --out ] && out=$(realpath -m "$2")
case "${1:-}" in -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;; esac

src=$out/src
rm -rf "$src" && mkdir -p "$out"
node scripts/build-extension --out "$src" >/dev/null
version=$(node -p "require('./extension/manifest.base.json').version")
node -e "
  const fs = require('fs'), file = process.argv[1];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete manifest.key;
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');" "$src/chromium/manifest.json"
npx --no-install web-ext lint --source-dir "$src/firefox" --warnings-as-errors --output text >"$out/web-ext-lint.txt" ||
  { cat "$out/web-ext-lint.txt" >&2; echo "build-store.sh: web-ext lint failed" >&2; exit 1; }
for browser in chromium firefox; do
  npx --no-install web-ext build --source-dir "$src/$browser" --artifacts-dir "$out" \
    --filename "optout-guard-$version-$browser.zip" --overwrite-dest >/dev/null
  echo "$out/optout-guard-$version-$browser.zip"
done
