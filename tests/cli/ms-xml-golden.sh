#!/usr/bin/env bash
# Writes tests/cli/expected/ms_xml/cecil/<X>.pdb.xml: `corsym dump` of each Windows PDB of the
# corpus (<corpus>/cecil/windows/*.pdb, read in place with the module beside it, as
# regenerate.sh dumps them) run as the Windows build of the tool under Wine with Microsoft's
# reader as its library (--library Microsoft.DiaSymReader.Native.amd64.dll). Every symbol in
# these files is what Microsoft's DLL answers through the COM API; the XML around them is
# written by corsym's own CLI code (the same as the native tool's, which cli_oracle_xml then
# compares with them). The DLL itself is never committed, nor anything built from it.
#
#   MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll tests/cli/ms-xml-golden.sh
#
# Environment: CORSYM_CORPUS (default ../shared/corpus next to the repository);
# CORSYM_WIN_BUILD, an existing mingw build directory to take corsym.exe from (default:
# scripts/build.sh windows, i.e. build-win/); WINEPREFIX (default <build>/wineprefix).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
dll=$(cd "$(dirname "$dll")" && pwd)/$(basename "$dll")
corpus=${CORSYM_CORPUS:-$REPO/../shared/corpus}
if [ -n "${CORSYM_WIN_BUILD:-}" ]; then
    build=$(cd "$CORSYM_WIN_BUILD" && pwd)
    cmake --build "$build" --target corsym_cli >/dev/null
else
    "$REPO/scripts/build.sh" windows >/dev/null
    build=$REPO/build-win
fi
export WINEPREFIX=${WINEPREFIX:-$build/wineprefix} WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true
if [ ! -d "$corpus/cecil/windows" ]; then
    echo "ms-xml-golden.sh: no corpus at $corpus" >&2
    exit 1
fi
out=$HERE/expected/ms_xml/cecil
mkdir -p "$out"
rm -f "$out"/*.xml "$out"/*.error
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for pdb in "$corpus"/cecil/windows/*.pdb; do
    name=$(basename "$pdb")
    if wine "$build/bin/corsym.exe" dump --library "$dll" -o "$work/$name.xml" "$pdb" \
        2>"$work/$name.stderr"; then
        mv "$work/$name.xml" "$out/$name.xml"
        echo "wrote tests/cli/expected/ms_xml/cecil/$name.xml"
    else
        # Where Microsoft's reader fails, its message stands in for the XML.
        head -n1 "$work/$name.stderr" | tr -d '\r' | sed "s|$corpus/||" >"$out/$name.xml.error"
        echo "corsym.exe with Microsoft's DLL failed on $name: $(cat "$out/$name.xml.error")" >&2
    fi
done
