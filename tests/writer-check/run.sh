#!/usr/bin/env bash
# corsym writer check: what corsym's Portable PDB writer produces must read back, through
# System.Reflection.Metadata, as exactly what the calls said.
#
#   run.sh BUILD_DIR
#   WC_ACCEPT=1 run.sh BUILD_DIR   rewrites each differing expected file with S.R.M's dump
#                                  (after a deliberate writer change; review the git diff)
#
# 1. Runs the build's test_portable_emit (the writer's symbol model -> emitter) and
#    test_com_writer_portable (the same calls through CorSymWriter_Portable's COM API) with
#    CORSYM_WRITER_OUT pointing at a scratch directory, where they leave the PDBs they wrote.
# 2. Dumps every PDB with tests/oracle (S.R.M only, no corsym code) and compares the dump with
#    tests/writer-check/expected/NAME.pdb.txt, which is also what corsym's own reader prints for
#    the same image (test_portable_emit checks that part).
# 3. Checks that the model-made and the COM-made "full" and "sparse" PDBs are byte-identical.
# 4. Converts Windows PDBs of the corpus (../shared/corpus) to Portable with `corsym convert`
#    and compares S.R.M's dump with expected/convert/NAME.pdb.txt.
# Exit status 0 when everything matches, 1 otherwise.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "run.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: run.sh BUILD_DIR"
BUILD="$(cd "$1" && pwd)"
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
for t in test_portable_emit test_com_writer_portable; do
    [ -x "$BUILD/bin/$t" ] || die "$BUILD/bin/$t is missing; build the tests first"
done

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/out" "$scratch/nuget-empty"

dotnet build "$REPO/tests/oracle/Oracle.csproj" -c Release -nologo -v:q \
    --source "$scratch/nuget-empty" >"$scratch/build.log" 2>&1 ||
    { cat "$scratch/build.log" >&2; die "building the oracle failed"; }
ORACLE_DLL="$REPO/tests/oracle/bin/Release/net10.0/Oracle.dll"

CORSYM_WRITER_OUT="$scratch/out" "$BUILD/bin/test_portable_emit" >"$scratch/unit.log" 2>&1 ||
    { cat "$scratch/unit.log" >&2; die "test_portable_emit failed"; }
CORSYM_WRITER_OUT="$scratch/out" "$BUILD/bin/test_com_writer_portable" >"$scratch/com.log" 2>&1 ||
    { cat "$scratch/com.log" >&2; die "test_com_writer_portable failed"; }

status=0
check() { # check PDB EXPECTED
    if ! dotnet "$ORACLE_DLL" "$1" >"$scratch/dump.txt" 2>"$scratch/dump.err"; then
        echo "FAIL $(basename "$1"): the oracle cannot read it: $(cat "$scratch/dump.err")"
        status=1
    elif [ -n "${WC_ACCEPT:-}" ] && ! cmp -s "$2" "$scratch/dump.txt"; then
        cp "$scratch/dump.txt" "$2"
        echo "accepted $(basename "$1"): $2 rewritten from S.R.M's dump"
    elif ! diff -u "$2" "$scratch/dump.txt"; then
        echo "FAIL $(basename "$1"): S.R.M reads something else than $(basename "$2")"
        status=1
    else
        echo "ok   $(basename "$1")"
    fi
}
for expected in "$HERE"/expected/*.pdb.txt; do
    name="$(basename "$expected" .pdb.txt)"
    # Scenarios written only through COM (no model-made twin) leave NAME.com.pdb.
    if [ -f "$scratch/out/$name.pdb" ] || [ ! -f "$scratch/out/$name.com.pdb" ]; then
        check "$scratch/out/$name.pdb" "$expected"
    else
        check "$scratch/out/$name.com.pdb" "$expected"
    fi
done
for name in full sparse; do
    check "$scratch/out/$name.com.pdb" "$HERE/expected/$name.pdb.txt"
    if cmp -s "$scratch/out/$name.pdb" "$scratch/out/$name.com.pdb"; then
        echo "ok   $name.com.pdb is byte-identical to $name.pdb"
    else
        echo "FAIL $name.com.pdb differs from $name.pdb"
        status=1
    fi
done
# corsym convert, Windows -> Portable, over the public corpus: the rows S.R.M reads must be
# expected/convert/NAME.pdb.txt (C# MD2 using groups and forwards, VB imports and '@' forwards
# as import scopes; async kick-offs and iterators keep their whole-method scope).
CORPUS="$REPO/../shared/corpus/cecil/windows"
if [ -d "$CORPUS" ] && [ -x "$BUILD/bin/corsym" ]; then
    mkdir -p "$scratch/convert"
    for expected in "$HERE"/expected/convert/*.pdb.txt; do
        name="$(basename "$expected" .pdb.txt)"
        if ! "$BUILD/bin/corsym" convert "$CORPUS/$name.pdb" "$scratch/convert/$name.pdb" \
                --to portable 2>"$scratch/convert.err"; then
            echo "FAIL convert $name.pdb: $(cat "$scratch/convert.err")"
            status=1
            continue
        fi
        check "$scratch/convert/$name.pdb" "$expected"
    done
else
    echo "skip convert checks: no corpus at $CORPUS"
fi
# Roslyn's Portable PDBs of the fixtures -> Windows -> Portable, the module beside each, and
# straight to Portable: S.R.M must read in the result the StateMachineMethod rows of Roslyn's
# own PDB (iterators' come back from the module through MD2 ForwardIterator) and the same
# LocalScopes, each seeing the same imports through its import scope chain (scope_imports.py:
# the import scope rows themselves are laid out per method, not per file), but, through
# Windows, what a Windows PDB cannot hold (a VB import of a generic type instantiation).
FIXTURES="$REPO/tests/fixtures/portable"
if [ -x "$BUILD/bin/corsym" ]; then
    mkdir -p "$scratch/imports"
    for pair in App:exe VbApp:exe; do
        name=${pair%%:*}
        ext=${pair##*:}
        w="$scratch/imports/$name.windows.pdb"
        p="$scratch/imports/$name.portable.pdb"
        cp "$FIXTURES/$name.$ext" "$scratch/imports/$name.windows.$ext"
        if ! "$BUILD/bin/corsym" convert "$FIXTURES/$name.pdb" "$w" --to windows 2>/dev/null ||
           ! "$BUILD/bin/corsym" convert "$w" "$p" --to portable 2>"$scratch/convert.err"; then
            echo "FAIL imports $name: convert failed: $(cat "$scratch/convert.err")"
            status=1
            continue
        fi
        # And straight to Portable (the module beside the input): the same records.
        d="$scratch/imports/$name.direct.pdb"
        if ! "$BUILD/bin/corsym" convert "$FIXTURES/$name.pdb" "$d" --to portable 2>/dev/null; then
            echo "FAIL imports $name: convert to portable failed"
            status=1
            continue
        fi
        for got in "$p:after Windows and back" "$d:converted to Portable"; do
            lost=''
            [ "$name" = VbApp ] && [ "${got%%:*}" = "$p" ] && lost='alias="IntList" type=0x1b'
            dotnet "$ORACLE_DLL" "${got%%:*}" >"$scratch/imports/$name.dump"
            if ! diff -u <(grep '^statemachine ' "$REPO/tests/oracle/expected/fixtures/$name.pdb.txt") \
                         <(grep '^statemachine ' "$scratch/imports/$name.dump"); then
                echo "FAIL state machines of $name.pdb ${got#*:}"
                status=1
            elif ! python3 "$HERE/scope_imports.py" "$REPO/tests/oracle/expected/fixtures/$name.pdb.txt" \
                       "$scratch/imports/$name.dump" ${lost:+"$lost"}; then
                echo "FAIL imports of $name.pdb ${got#*:}: a scope sees other imports than in Roslyn's PDB"
                status=1
            else
                echo "ok   scopes, imports and state machines of $name.pdb ${got#*:}"
            fi
        done
    done
fi
# The deterministic PDB has a content id: S.R.M must read it, whatever the id is.
dotnet "$ORACLE_DLL" "$scratch/out/full.deterministic.pdb" >/dev/null ||
    { echo "FAIL full.deterministic.pdb"; status=1; }
exit $status
