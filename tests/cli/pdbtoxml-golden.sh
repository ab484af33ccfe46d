#!/usr/bin/env bash
# Writes tests/cli/expected/pdbtoxml/: what the real Pdb2Xml (symreader-converter's
# PdbToXmlConverter, reading Portable PDBs through symreader-portable's reader) writes for the
# Portable fixtures that regenerate.sh dumps, with the options `corsym dump` is given there,
# and (into pdbtoxml/cecil/) for the corpus's Portable PDBs and embedded-PDB modules when the
# corpus is present (CORSYM_CORPUS, default ../shared/corpus next to the repository).
# The files are the oracle's bytes, untouched (UTF-8 BOM, CRLF, no line end after </symbols>);
# cli_oracle_xml compares `corsym dump` with them (check_oracle_xml.py). Where the oracle
# fails, X.xml.error keeps the first line of its message instead.
#
#   PDB2XML_ORACLE='dotnet /path/to/Pdb2XmlOracle.dll' tests/cli/pdbtoxml-golden.sh
#
# PDB2XML_ORACLE is a command taking `[--tokens] [--method-spans] [--sources] [--srcsvr]
# [--method 0xTOKEN] PE [PDB] OUT`: it runs PdbToXmlConverter.ToXml over the PE and the PDB
# (without PDB: the PE's embedded Portable PDB) with ResolveTokens | IncludeModuleDebugInfo plus
# the flags named, into a StreamWriter(OUT, Encoding.UTF8), as Pdb2Xml.exe does; --method selects
# one method by token. That program is built from the public symreader-converter and
# symreader-portable sources, which this repository does not carry (see tests/cli/README.md).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
FIX="$REPO/tests/fixtures/portable"
OUT="$HERE/expected/pdbtoxml"
CORPUS="${CORSYM_CORPUS:-$REPO/../shared/corpus}/cecil"
: "${PDB2XML_ORACLE:?set PDB2XML_ORACLE to the Pdb2Xml oracle command}"
read -r -a ORACLE <<<"$PDB2XML_ORACLE"
mkdir -p "$OUT"

run() { # OUTFILE ARGS...  (where the oracle fails: OUTFILE.error, its message, and no XML)
    local out="$1"
    shift
    rm -f "$out" "$out.error"
    if "${ORACLE[@]}" "$@" "$out" 2>"$out.stderr"; then
        rm -f "$out.stderr"
        echo "wrote ${out#"$REPO"/}"
    else
        grep -m1 -E 'Exception|rror' "$out.stderr" | sed 's/^Unhandled exception\. //' >"$out.error" || true
        rm -f "$out" "$out.stderr"
        echo "the oracle failed on ${out#"$REPO"/}: $(cat "$out.error")" >&2
    fi
}
module_of() { # the module next to a PDB, as `corsym dump PDB` finds it
    local stem="${1%.pdb}" ext
    for ext in dll exe winmd; do
        if [ -f "$stem.$ext" ]; then echo "$stem.$ext"; return; fi
    done
    echo "pdbtoxml-golden.sh: no module next to $1" >&2
    exit 1
}
for pdb in App AppEmbedSrc AppRelease EncBase Lib VbApp; do
    run "$OUT/$pdb.pdb.xml" "$(module_of "$FIX/$pdb.pdb")" "$FIX/$pdb.pdb"
done
for pe in AppEmbedded.exe LibEmbedded.dll VbLib.dll; do
    run "$OUT/$pe.xml" "$FIX/$pe"
done
run "$OUT/App.pdb.method-1b.xml" --method 0x0600001b --tokens "$FIX/App.exe" "$FIX/App.pdb"
run "$OUT/AppEmbedSrc.pdb.sources.xml" --sources "$(module_of "$FIX/AppEmbedSrc.pdb")" "$FIX/AppEmbedSrc.pdb"
run "$OUT/AppEmbedSrc.pdb.srcsvr.xml" --srcsvr "$(module_of "$FIX/AppEmbedSrc.pdb")" "$FIX/AppEmbedSrc.pdb"
run "$OUT/Lib.pdb.method-spans.xml" --method-spans "$(module_of "$FIX/Lib.pdb")" "$FIX/Lib.pdb"
run "$OUT/VbLib.dll-with-App.pdb.xml" "$FIX/VbLib.dll" "$FIX/App.pdb"

# The corpus: every Portable PDB with the module beside it, and the modules with an embedded
# PDB (Deterministic.dll has no CodeView entry and EmbeddedPdbTarget.exe no embedded PDB:
# neither Pdb2Xml nor corsym has symbols to dump for them).
if [ -d "$CORPUS/portable" ]; then
    mkdir -p "$OUT/cecil/portable" "$OUT/cecil/embedded"
    for pdb in "$CORPUS"/portable/*.pdb; do
        run "$OUT/cecil/portable/$(basename "$pdb").xml" "$(module_of "$pdb")" "$pdb"
    done
    for pe in EmbeddedCompressedPdbTarget.exe EmbeddedPdbChecksumLib.dll EmbeddedPdbDeterministic.dll; do
        run "$OUT/cecil/embedded/$pe.xml" "$CORPUS/embedded/$pe"
    done
else
    echo "pdbtoxml-golden.sh: corpus not found at $CORPUS; pdbtoxml/cecil/ not rewritten" >&2
fi
