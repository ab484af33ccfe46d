#!/usr/bin/env bash
# Microsoft's answers for the Edit and Continue scenarios of tests/wine/enc_scenarios.txt:
# the PDBs corsym's core writes for tests/wine/writer_scenarios.c (deterministic, so the
# tests rewrite the same bytes) and corpus PDBs, replayed by enc_dump.exe over Microsoft's
# DLL under Wine into tests/wine/expected/enc/NAME.txt. Then corsym.dll is compared with
# them under the rules of expected/enc_differences.txt.
#
# Local only: Microsoft's DLL is never committed (one is in the public repository
# metehan007/vcs.basics). Usage:
#   MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll tests/wine/enc_golden.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
corpus=${CORSYM_CORPUS:-$root/../shared/corpus}
build="$root/build-win"
"$root/scripts/build.sh" windows >/dev/null
export WINEPREFIX="$build/wineprefix" WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dll" "$work/Microsoft.DiaSymReader.Native.amd64.dll"
cp "$build/bin/enc_dump.exe" "$build/bin/writer_pdbs.exe" "$build/bin/corsym.dll" "$work/"
cp /usr/x86_64-w64-mingw32/bin/zlib1.dll "$work/" 2>/dev/null || true
cd "$work"
mkdir pdbs
wine writer_pdbs.exe core pdbs >/dev/null

out="$root/tests/wine/expected/enc"
mkdir -p "$out"
status=0
grep -v '^#' "$root/tests/wine/enc_scenarios.txt" | while read -r name base steps; do
  [ -n "$name" ] || continue
  line=$(printf '%s %s' "$base" "$steps" |
         sed "s|@PDBS@|pdbs|g; s|@CORPUS@|$corpus|g; s|@SRC@|$root|g")
  # shellcheck disable=SC2086
  wine enc_dump.exe Microsoft.DiaSymReader.Native.amd64.dll $line | tr -d '\r' > "$out/$name.txt"
  # shellcheck disable=SC2086
  wine enc_dump.exe --compare "$out/$name.txt" "$root/tests/wine/expected/enc_differences.txt" \
    corsym.dll $line | tr -d '\r' || status=1
done
exit $status
