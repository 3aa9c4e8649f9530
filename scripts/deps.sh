#!/usr/bin/env bash
# Installs what Opt-Out Guard needs from Debian (and npm), and nothing it already has.
#   scripts/deps.sh build   compiler, CMake and the host's libraries
#   scripts/deps.sh test    all of the above, plus what the tests drive: browsers, clang, node tools
# Options: --yes (do not ask before apt-get install).
# One list for install.sh, the test command and CI, so they never disagree.
set -euo pipefail

want=build
assume_yes=0
for arg in "$@"; do
  case "$arg" in
    build|test) want=$arg ;;
    --yes|-y) assume_yes=1 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "deps.sh: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done
[ "${CI:-}" = "true" ] && assume_yes=1

build_packages=(g++ cmake ninja-build pkg-config nlohmann-json3-dev libboost-dev libboost-filesystem-dev libgtest-dev)
# clang: libFuzzer and sanitizers; chromium/firefox-esr: end-to-end tests; openssl: the replica's
# certificate; strace: the no-network proof; mingw-w64: the Windows cross-build; dpkg-dev: the .deb check
# and build; lintian, unzip: the packages' and store uploads' checks; nsis, wine, wine64: the Windows
# installer, built and run (tests/windows/run.sh).
test_packages=(clang libclang-rt-dev chromium firefox-esr openssl strace mingw-w64 dpkg-dev lintian unzip nodejs npm xvfb nsis wine wine64)

packages=("${build_packages[@]}")
[ "$want" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from elsewhere than Debian (as on our build machines): a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Opt-Out Guard needs these Debian packages: ${missing[*]}"
  if [ $assume_yes -eq 0 ]; then
    if [ -t 0 ]; then
      read -r -p "Install them with apt-get now? [y/N] " answer
      case "$answer" in y|Y|yes) ;; *) echo "Not installed; run again with --yes, or install them yourself." >&2; exit 1 ;; esac
    else
      echo "Not installed (no terminal to ask); run again with --yes." >&2; exit 1
    fi
  fi
  sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

if [ "$want" = test ]; then
  root=$(cd "$(dirname "$0")/.." && pwd)
  # npm ci only when the lock file changed since the last install: it is slow and wipes node_modules.
  stamp="$root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
    (cd "$root" && npm ci --no-audit --no-fund)
  fi
fi
