#!/usr/bin/env bash
# Rewrites tests/cli/expected/ with the tool's own output (through -o, so the bytes are kept:
# CRLF line ends in XML). The result is only a regression baseline until it has been checked
# against the oracles: run tests/cli/check-oracles.sh afterwards and review the diff.
#   tests/cli/regenerate.sh [BUILD_DIR]      (default: build)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
BUILD="${1:-$REPO/build}"
TOOL="$BUILD/bin/corsym"
FIX="$REPO/tests/fixtures/portable"
OUT="$HERE/expected"
CORPUS="${CORSYM_CORPUS:-$REPO/../shared/corpus}/cecil"

run() { # OUTFILE ARGS...
    local out="$1"
    shift
    "$TOOL" dump -o "$out" "$@"
}
for pdb in App AppEmbedSrc AppRelease EncBase Lib VbApp; do
    run "$OUT/fixtures/$pdb.pdb.xml" "$FIX/$pdb.pdb"
done
for pe in AppEmbedded.exe LibEmbedded.dll VbLib.dll; do
    run "$OUT/fixtures/$pe.xml" "$FIX/$pe"
done
run "$OUT/fixtures/App.pdb.json" --format json "$FIX/App.pdb"
run "$OUT/fixtures/App.pdb.txt" --format text "$FIX/App.pdb"
run "$OUT/fixtures/App.pdb.method-1b.xml" --method 0x0600001b --tokens "$FIX/App.pdb"
run "$OUT/fixtures/AppEmbedSrc.pdb.sources.xml" --source "$FIX/AppEmbedSrc.pdb"
run "$OUT/fixtures/AppEmbedSrc.pdb.srcsvr.xml" --srcsvr "$FIX/AppEmbedSrc.pdb"
run "$OUT/fixtures/Lib.pdb.method-spans.xml" --method-spans "$FIX/Lib.pdb"
run "$OUT/fixtures/VbLib.dll-with-App.pdb.xml" "$FIX/VbLib.dll" "$FIX/App.pdb"
if [ -d "$CORPUS/windows" ]; then
    for pdb in "$CORPUS"/windows/*.pdb; do
        name="$(basename "$pdb" .pdb)"
        run "$OUT/cecil/windows/$name.pdb.xml" "$pdb"
    done
else
    echo "regenerate.sh: corpus not found at $CORPUS; cecil dumps not rewritten" >&2
fi
