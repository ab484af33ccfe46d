#!/usr/bin/env bash
# Regenerates the golden text that records how Microsoft's
# Microsoft.DiaSymReader.Native.amd64.dll answers our probes, by running our own test
# clients over it under Wine. The DLL itself is never committed; point MS_DIASYMREADER_DLL
# at a copy (one is in the public repository metehan007/vcs.basics).
#
#   tests/wine/expected/ms_probe_classes.txt   probe_classes.exe: coclasses, QI, exports
#   tests/wine/expected/ms_api/<X.pdb>.txt     api_dump.exe (tests/wine/API_DUMP.md): the
#                                              whole API walk of each Windows PDB in
#                                              <corpus>/cecil/windows/, read in place
#
# Usage: MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll scripts/ms-golden.sh
# Environment: CORSYM_CORPUS (default ../shared/corpus next to the repository);
# CORSYM_WIN_BUILD, an existing mingw build directory to take the .exe files from (default:
# scripts/build.sh windows, i.e. build-win/).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
dll=$(cd "$(dirname "$dll")" && pwd)/$(basename "$dll")
corpus=${CORSYM_CORPUS:-$root/../shared/corpus}
if [ -n "${CORSYM_WIN_BUILD:-}" ]; then
  build=$(cd "$CORSYM_WIN_BUILD" && pwd)
  cmake --build "$build" --target probe_classes api_dump writer_calls >/dev/null
else
  "$root/scripts/build.sh" windows >/dev/null
  build=$root/build-win
fi
export WINEPREFIX=${WINEPREFIX:-$build/wineprefix} WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$dll" "$work/Microsoft.DiaSymReader.Native.amd64.dll"
cp "$build/bin/"*.exe "$work/"
cd "$work"
wine probe_classes.exe Microsoft.DiaSymReader.Native.amd64.dll | tr -d '\r' \
  > "$root/tests/wine/expected/ms_probe_classes.txt"
echo "wrote tests/wine/expected/ms_probe_classes.txt"
wine writer_calls.exe Microsoft.DiaSymReader.Native.amd64.dll writer_calls.pdb | tr -d '\r' \
  > "$root/tests/wine/expected/ms_writer_calls.txt"
echo "wrote tests/wine/expected/ms_writer_calls.txt"

# The API walk over every Windows PDB of the corpus. The PDB and the PE next to it are read
# where they are (Wine maps / to drive Z:); nothing from the corpus is copied.
out=$root/tests/wine/expected/ms_api
if [ -d "$corpus/cecil/windows" ]; then
  mkdir -p "$out"
  rm -f "$out"/*.txt
  for pdb in "$corpus"/cecil/windows/*.pdb; do
    name=$(basename "$pdb")
    if wine api_dump.exe Microsoft.DiaSymReader.Native.amd64.dll "$pdb" > "$work/$name.txt"; then
      mv "$work/$name.txt" "$out/$name.txt"
      echo "wrote tests/wine/expected/ms_api/$name.txt"
    else
      echo "api_dump failed on $name (exit $?): no golden file" >&2
    fi
  done
else
  echo "no corpus at $corpus: tests/wine/expected/ms_api/ left as it is" >&2
fi
