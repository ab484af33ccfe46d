#!/usr/bin/env bash
# Installs the Debian packages corsym needs to build and test, if any is missing.
set -euo pipefail
packages=(cmake make gcc g++ pkg-config libcmocka-dev zlib1g-dev
          mingw-w64 mingw-w64-tools libz-mingw-w64-dev wine wine64
          clang libclang-rt-14-dev llvm valgrind)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
