#!/usr/bin/env bash
# Installs the Debian 12 packages Akashi builds and tests with, only those that are missing.
# Run as root (or with sudo available); a no-op when everything is present.
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libpoco-dev libpq-dev libssl-dev libsystemd-dev libcppunit-dev
  postgresql-15 curl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing packages: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
