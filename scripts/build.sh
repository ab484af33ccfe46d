#!/usr/bin/env bash
# Builds corsym natively (build/) and as a Windows DLL with mingw-w64 (build-win/).
# Usage: scripts/build.sh [native|windows|all]   (default: all)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
what=${1:-all}
jobs=$(nproc 2>/dev/null || echo 2)
if [ "$what" = native ] || [ "$what" = all ]; then
  cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$root/build" -j "$jobs"
fi
if [ "$what" = windows ] || [ "$what" = all ]; then
  cmake -S "$root" -B "$root/build-win" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-mingw64.cmake" >/dev/null
  cmake --build "$root/build-win" -j "$jobs"
fi
