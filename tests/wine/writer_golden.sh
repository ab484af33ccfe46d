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
  cp "$name.corsym.txt" "$out/$name.corsym.txt"
  diff -u "$name.ms.txt" "$name.corsym.txt" > "$name.readers.diff" ||
    echo "$name: corsym's reader differs from Microsoft's on $(grep -c '^-[^-]' "$name.readers.diff") line(s):" &&
    sed -n 's/^\([-+][^-+].*\)/    \1/p' "$name.readers.diff" | cut -c1-160
done
echo "wrote $out"
exit $status
