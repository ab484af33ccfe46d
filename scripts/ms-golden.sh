#!/usr/bin/env bash
# Regenerates the golden text that records how Microsoft's
# Microsoft.DiaSymReader.Native.amd64.dll answers our probes, by running our own test
# clients over it under Wine. The DLL itself is never committed; point MS_DIASYMREADER_DLL
# at a copy (one is in the public repository metehan007/vcs.basics).
# Usage: MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll scripts/ms-golden.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
"$root/scripts/build.sh" windows >/dev/null
export WINEPREFIX="$root/build-win/wineprefix" WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dll" "$work/Microsoft.DiaSymReader.Native.amd64.dll"
cp "$root/build-win/bin/"*.exe "$work/"
cd "$work"
wine probe_classes.exe Microsoft.DiaSymReader.Native.amd64.dll | tr -d '\r' \
  > "$root/tests/wine/expected/ms_probe_classes.txt"
echo "wrote tests/wine/expected/ms_probe_classes.txt"
