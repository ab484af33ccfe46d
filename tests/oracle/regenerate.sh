#!/usr/bin/env bash
# corsym oracle: regenerate the expected dumps in tests/oracle/expected/ (FORMAT.md).
#
#   regenerate.sh            rewrite tests/oracle/expected/
#   regenerate.sh OUTDIR     write the same tree into OUTDIR instead (used by check-drift.sh)
#
# Inputs:
#   tests/fixtures/portable/*                  -> expected/fixtures/
#   <corpus>/cecil/portable/*, cecil/embedded/* -> expected/cecil/portable/, expected/cecil/embedded/
# where <corpus> is $CORSYM_CORPUS, or ../shared/corpus next to the repository root. The corpus
# is read in place; when it is absent the cecil part is skipped (and left untouched).
#
# Per input file:
#   NAME.pdb / NAME.dpdb    -> NAME.pdb.txt / NAME.dpdb.txt       (oracle FILE)
#   NAME.dll / NAME.exe     -> NAME.dll.pe.txt                    (oracle --pe FILE)
#                              NAME.dll.pdb.txt when the PE embeds a Portable PDB (oracle FILE)
#   anything else (EnC .dmeta/.dil deltas) is not dumped.
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
dotnet build "$HERE/Oracle.csproj" -c Release -nologo -v:q --source "$scratch/nuget-empty" \
    >"$scratch/build.log" 2>&1 || { cat "$scratch/build.log" >&2; die "building the oracle failed"; }
ORACLE_DLL="$HERE/bin/Release/net10.0/Oracle.dll"
[ -f "$ORACLE_DLL" ] || die "oracle not found at $ORACLE_DLL"
oracle() { dotnet "$ORACLE_DLL" "$@"; }

# dump_dir SRC DEST: dump every PDB and PE file of SRC (sorted by name) into DEST.
dump_dir() {
    local src="$1" dest="$2" f name
    mkdir -p "$dest"
    for f in "$src"/*; do
        [ -f "$f" ] || continue
        name="$(basename "$f")"
        case "$name" in
            *.pdb|*.dpdb)
                oracle "$f" >"$dest/$name.txt"
                ;;
            *.dll|*.exe)
                oracle --pe "$f" >"$dest/$name.pe.txt"
                if grep -q '^  embeddedpdb ' "$dest/$name.pe.txt"; then
                    oracle "$f" >"$dest/$name.pdb.txt"
                fi
                ;;
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
echo "regenerate.sh: wrote $(find "$DEST" -type f -name '*.txt' | wc -l) dumps under $DEST"
