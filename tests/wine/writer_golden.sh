#!/usr/bin/env bash
# The Windows PDB writer against Microsoft's: replays every scenario of
# tests/wine/writer_scenarios.c on Microsoft's writer and on ours (the symbol model + the
# Windows PDB emitter), then asks Microsoft's READER about both PDBs. Its answers must be
# identical; they become the golden text tests/wine/expected/writer/NAME.txt. Our own
# reader's answers over our PDBs are kept as NAME.corsym.txt (the Wine test compares with
# those), and any line where they differ from Microsoft's is printed for review.
# Our writer is also run twice: the PDBs must be byte-identical.
#
# Local only: Microsoft's DLL is never committed (one is in the public repository
# metehan007/vcs.basics). Usage:
#   MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll tests/wine/writer_golden.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
build="$root/build-win"
"$root/scripts/build.sh" windows >/dev/null
export WINEPREFIX="$build/wineprefix" WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$root/tests/wine"
x86_64-w64-mingw32-gcc -O1 -Wall -Wextra -Wno-unused-parameter \
  -I"$root/include" -I"$root/src" -I"$build/generated" -I"$src" \
  -o "$work/writer_pdbs.exe" "$src/writer_pdbs.c" "$src/writer_ops_com.c" \
  "$src/writer_ops_core.c" "$src/writer_metadata.c" "$src/writer_scenarios.c" \
  "$build/libcorsym_core.a" -lz -lole32 -loleaut32 -luuid
cp "$dll" "$work/Microsoft.DiaSymReader.Native.amd64.dll"
cp "$build/bin/api_dump.exe" "$build/bin/corsym.dll" "$work/"
cp /usr/x86_64-w64-mingw32/bin/zlib1.dll "$work/" 2>/dev/null || true
cd "$work"
mkdir ms ours again
wine writer_pdbs.exe com Microsoft.DiaSymReader.Native.amd64.dll ms | tr -d '\r'
wine writer_pdbs.exe core ours | tr -d '\r'
wine writer_pdbs.exe core again >/dev/null

out="$root/tests/wine/expected/writer"
mkdir -p "$out"
status=0
# The symbol records of every module, in order, with their names but without sizes or
# offsets (writer_compare.cmake normalises the same way).
pdbutil=$(command -v llvm-pdbutil llvm-pdbutil-19 llvm-pdbutil-16 llvm-pdbutil-15 \
                      llvm-pdbutil-14 2>/dev/null | head -n1 || true)
records() {
  "$pdbutil" dump --symbols "$1" |
    sed -nE 's/^ *[0-9]+ \| (S_[A-Z0-9_]+) \[size = [0-9]+\]/\1/p; s/^ *(Mod [0-9]+ \|.*)/\1/p'
}
for pdb in ours/*.pdb; do
  name=$(basename "$pdb" .pdb)
  if ! cmp -s "ours/$name.pdb" "again/$name.pdb"; then
    echo "$name: our writer is not deterministic"; status=1
  fi
  tokens=$(tr -d '\r' < "ours/$name.tokens" | tr '\n' ' ')
  # shellcheck disable=SC2086
  wine api_dump.exe Microsoft.DiaSymReader.Native.amd64.dll "ms/$name.pdb" $tokens \
    | tr -d '\r' > "$name.ms.txt"
  # shellcheck disable=SC2086
  wine api_dump.exe Microsoft.DiaSymReader.Native.amd64.dll "ours/$name.pdb" $tokens \
    | tr -d '\r' > "$name.ours.txt"
  # shellcheck disable=SC2086
  wine api_dump.exe corsym.dll "ours/$name.pdb" $tokens | tr -d '\r' > "$name.corsym.txt"
  if diff -u "$name.ms.txt" "$name.ours.txt"; then
    echo "$name: Microsoft's reader answers the same for both writers"
  else
    echo "$name: Microsoft's reader answers differently for our PDB"; status=1
  fi
  cp "$name.ms.txt" "$out/$name.txt"
  if [ -n "$pdbutil" ]; then
    records "ms/$name.pdb" > "$out/$name.records.txt"
    if records "ours/$name.pdb" | diff -u "$out/$name.records.txt" -; then
      echo "$name: the same symbol records in the same order as Microsoft's writer"
    else
      echo "$name: our symbol records differ from Microsoft's"; status=1
    fi
  fi
  cp "$name.corsym.txt" "$out/$name.corsym.txt"
  diff -u "$name.ms.txt" "$name.corsym.txt" > "$name.readers.diff" ||
    echo "$name: corsym's reader differs from Microsoft's on $(grep -c '^-[^-]' "$name.readers.diff") line(s):" &&
    sed -n 's/^\([-+][^-+].*\)/    \1/p' "$name.readers.diff" | cut -c1-160
done
echo "wrote $out"
exit $status
