#!/usr/bin/env bash
# Installs every Debian 12 package vigie needs to build, test and benchmark.
# Idempotent: installs only what is missing, and runs `apt-get update` only when a
# package is missing and the package lists cannot locate it.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libpoppler-cpp-dev libpoppler-private-dev poppler-utils
  libxml2-dev libarchive-dev libssl-dev
  libicu-dev libyaml-cpp-dev libtomlplusplus-dev nlohmann-json3-dev libcli11-dev
  libhyperscan-dev libhunspell-dev hunspell-fr-comprehensive
  libxapian-dev xapian-tools xapian-omega
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  clang-format time hyperfine bc zip unzip qpdf p7zip-full libarchive-tools python3 python3-yaml
  clang libclang-rt-14-dev llvm
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "install-deps: installing ${missing[*]}"
# Refresh the package lists only if one of the missing packages is unknown to apt.
need_update=0
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    need_update=1
    break
  fi
done
if [ $need_update -eq 1 ] || [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v lock)" ]; then
  $SUDO apt-get update -qq
fi
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
