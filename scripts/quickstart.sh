#!/usr/bin/env bash
# Installs what is missing, builds corsym for Linux and Windows, and runs the main job: the
# profiler-style sample reads the sequence points of a bundled PDB from memory through the
# COM API, natively and with the Windows DLL under Wine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" all
pdb="$root/tests/fixtures/portable/App.pdb"
echo "== Linux: build/lib/corsym.so"
"$root/build/bin/in_memory_symbols" "$root/build/lib/corsym.so" "$pdb" 0x0600001b
echo "== Windows: build-win/bin/corsym.dll under Wine"
export WINEPREFIX="$root/build-win/wineprefix" WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true
(cd "$root/build-win/bin" && wine in_memory_symbols.exe corsym.dll "$pdb" 0x0600001b | tr -d '\r')
