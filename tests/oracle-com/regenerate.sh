#!/usr/bin/env bash
# corsym API oracle: regenerate tests/oracle-com/expected/ (FORMAT.md).
#
#   regenerate.sh            rewrite tests/oracle-com/expected/
#   regenerate.sh OUTDIR     write the same tree into OUTDIR instead (used by check-drift.sh)
#
# Inputs, each read in place (corpus files are never copied into the repository):
#   tests/fixtures/portable/*                    -> expected/fixtures/
#   <corpus>/cecil/portable/*                    -> expected/cecil/portable/
#   <corpus>/cecil/embedded/*                    -> expected/cecil/embedded/
# where <corpus> is $CORSYM_CORPUS, or ../shared/corpus next to the repository root; when it is
# absent the cecil part is skipped (and left untouched).
#
# Per input file:
#   NAME.pdb                 -> NAME.pdb.api.txt
#   NAME.dll / NAME.exe      -> NAME.dll.api.txt when the PE embeds a Portable PDB
#   anything else (EnC .dpdb/.dmeta/.dil deltas, PEs without an embedded PDB) is not dumped.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "regenerate.sh: $*" >&2; exit 1; }
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"

DEST="${1:-$HERE/expected}"
[ $# -le 1 ] || die "usage: regenerate.sh [OUTDIR]"
CORPUS="${CORSYM_CORPUS:-$REPO/../shared/corpus}"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

# Build the oracle. It has no package references; restoring against an empty local source keeps
# the build offline.
mkdir -p "$scratch/nuget-empty"
dotnet build "$HERE/OracleCom.csproj" -c Release -nologo -v:q --source "$scratch/nuget-empty" \
    >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; die "building the oracle failed"; }
ORACLE_DLL="$HERE/bin/Release/net10.0/OracleCom.dll"
[ -f "$ORACLE_DLL" ] || die "oracle not found at $ORACLE_DLL"

# dump_dir SRC DEST: dump every PDB and embedded-PDB PE of SRC (sorted by name) into DEST.
dump_dir() {
    local src="$1" dest="$2" f name status
    mkdir -p "$dest"
    for f in "$src"/*; do
        [ -f "$f" ] || continue
        name="$(basename "$f")"
        case "$name" in
            *.pdb|*.dll|*.exe) ;;
            *) continue ;;
        esac
        status=0
        dotnet "$ORACLE_DLL" "$f" >"$scratch/out.txt" 2>"$scratch/err.txt" || status=$?
        case "$status" in
            0) mv "$scratch/out.txt" "$dest/$name.api.txt" ;;
            3) ;; # a PE without an embedded Portable PDB
            *) cat "$scratch/err.txt" >&2; die "the oracle failed on $f (exit $status)" ;;
        esac
    done
}

new="$scratch/expected"
mkdir -p "$new"
dump_dir "$REPO/tests/fixtures/portable" "$new/fixtures"
have_corpus=0
if [ -d "$CORPUS/cecil/portable" ] && [ -d "$CORPUS/cecil/embedded" ]; then
    have_corpus=1
    dump_dir "$CORPUS/cecil/portable" "$new/cecil/portable"
    dump_dir "$CORPUS/cecil/embedded" "$new/cecil/embedded"
else
    echo "regenerate.sh: corpus not found at $CORPUS; cecil dumps skipped" >&2
fi

mkdir -p "$DEST"
rm -rf "$DEST/fixtures"
mv "$new/fixtures" "$DEST/fixtures"
if [ "$have_corpus" = 1 ]; then
    rm -rf "$DEST/cecil"
    mv "$new/cecil" "$DEST/cecil"
fi
echo "regenerate.sh: wrote $(find "$DEST" -type f -name '*.api.txt' | wc -l) API dumps under $DEST"
