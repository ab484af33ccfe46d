#!/usr/bin/env bash
# corsym benchmark: corsym's COM API against System.Reflection.Metadata on a large Roslyn PDB.
#
#   bench/run.sh [--quick] [--reps N] [--open-reps N] [--callgrind] [--regenerate] [--pdb FILE]
#                [--write-methods N] [--write-only | --no-write]
#
#   --quick       fewer repetitions (3 walks, 20 opens, 1 warm-up): about a minute in all
#   --reps N      walk repetitions per walker (default 10; the best is reported)
#   --open-reps N open repetitions (default 200; the best is reported)
#   --callgrind   also run corsym's walk once under valgrind --tool=callgrind and print the
#                 hottest functions (exclusive and inclusive instruction counts); slow (~20 s)
#   --regenerate  rebuild bench/data/large/Large.pdb even if it exists
#   --pdb FILE    benchmark FILE instead of the generated PDB
#   --write-methods N  methods in the written PDB (default 50 000)
#   --write-only  only the write benchmark; --no-write: only the read benchmark
#
# The write benchmark: bench/write.c writes a PDB of N methods through corsym's
# ISymUnmanagedWriter8 (CLSID_CorSymWriter_Portable) and bench/srmwrite builds the same
# content with System.Reflection.Metadata's MetadataBuilder + PortablePdbBuilder, in the
# same run; the S.R.M walker (bench/srm) reads both images and must see the same items.
#
# Builds (never in CI, never committed; bench/.gitignore):
#   bench/build/corsym   corsym, CMake Release, tests off
#   bench/build/walk     bench/walk.c
#   bench/build/srm      bench/srm (net10.0, restored offline against an empty package source)
#   bench/build/write    bench/write.c; bench/build/srmwrite: bench/srmwrite (as bench/srm)
#   bench/data/large     tests/fixtures/generate.sh --large (70 000 methods, ~6 MB PDB)
# The small PDB for the open-time scaling is tests/fixtures/portable/App.pdb.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
BUILD="$BENCH/build"
DATA="$BENCH/data"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "run.sh: $*" >&2; exit 1; }

reps=10 open_reps=200 warmup=3 callgrind=0 regenerate=0 pdb="" write_methods=50000
do_read=1 do_write=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) reps=3 open_reps=20 warmup=1 ;;
        --reps) [ $# -ge 2 ] || die "--reps needs a value"; reps="$2"; shift ;;
        --open-reps) [ $# -ge 2 ] || die "--open-reps needs a value"; open_reps="$2"; shift ;;
        --callgrind) callgrind=1 ;;
        --regenerate) regenerate=1 ;;
        --pdb) [ $# -ge 2 ] || die "--pdb needs a value"; pdb="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
        --write-methods) [ $# -ge 2 ] || die "--write-methods needs a value"; write_methods="$2"; shift ;;
        --write-only) do_read=0 ;;
        --no-write) do_write=0 ;;
        -h|--help) sed -n '2,28p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done

command -v cmake >/dev/null 2>&1 || die "cmake is not on PATH"
command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
CC="${CC:-cc}"
small_pdb="$REPO/tests/fixtures/portable/App.pdb"
[ -f "$small_pdb" ] || die "missing $small_pdb"

# ---- build ----
mkdir -p "$BUILD"
echo "run.sh: building corsym (Release) in $BUILD/corsym" >&2
generator=()
command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
if [ ! -f "$BUILD/corsym/CMakeCache.txt" ]; then
    cmake -S "$REPO" -B "$BUILD/corsym" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
        -DCORSYM_BUILD_TESTS=OFF >"$BUILD/cmake-configure.log" 2>&1 \
        || { cat "$BUILD/cmake-configure.log" >&2; die "configuring corsym failed"; }
fi
cmake --build "$BUILD/corsym" --target corsym >"$BUILD/cmake-build.log" 2>&1 \
    || { cat "$BUILD/cmake-build.log" >&2; die "building corsym failed"; }
LIB="$(ls "$BUILD"/corsym/lib/corsym.so 2>/dev/null || true)"
[ -n "$LIB" ] || die "corsym.so not found under $BUILD/corsym/lib"

echo "run.sh: building bench/walk.c" >&2
"$CC" -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter -D_POSIX_C_SOURCE=200809L \
    -I"$REPO/include" -I"$REPO/include/corsym/pal" -I"$BUILD/corsym/generated" \
    "$BENCH/walk.c" -o "$BUILD/walk" -ldl

echo "run.sh: building bench/srm (offline)" >&2
mkdir -p "$BUILD/nuget-empty"
dotnet build "$BENCH/srm/Srm.csproj" -c Release -nologo -v:q --source "$BUILD/nuget-empty" \
    --artifacts-path "$BUILD/srm" >"$BUILD/srm-build.log" 2>&1 \
    || { cat "$BUILD/srm-build.log" >&2; die "building the SRM walker failed"; }
SRM_DLL="$BUILD/srm/bin/Srm/release/SrmWalk.dll"
[ -f "$SRM_DLL" ] || die "SrmWalk.dll not found at $SRM_DLL"

if [ "$do_write" = 1 ]; then
    echo "run.sh: building bench/write.c and bench/srmwrite (offline)" >&2
    "$CC" -O2 -std=c11 -Wall -Wextra -Wno-unused-parameter -D_POSIX_C_SOURCE=200809L \
        -I"$REPO/include" -I"$REPO/include/corsym/pal" -I"$BUILD/corsym/generated" \
        "$BENCH/write.c" -o "$BUILD/write" -ldl
    dotnet build "$BENCH/srmwrite/SrmWrite.csproj" -c Release -nologo -v:q \
        --source "$BUILD/nuget-empty" --artifacts-path "$BUILD/srmwrite" \
        >"$BUILD/srmwrite-build.log" 2>&1 \
        || { cat "$BUILD/srmwrite-build.log" >&2; die "building the SRM writer failed"; }
    SRMWRITE_DLL="$BUILD/srmwrite/bin/SrmWrite/release/SrmWrite.dll"
    [ -f "$SRMWRITE_DLL" ] || die "SrmWrite.dll not found at $SRMWRITE_DLL"
fi

get() { awk -v k="$2" '$1 == k { print $2; found = 1 } END { if (!found) print "?" }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "?" }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
row() { printf '| %-44s | %12s | %12s | %8s |\n' "$@"; }

# ---- write benchmark ----
if [ "$do_write" = 1 ]; then
    echo "run.sh: corsym writes $write_methods methods ($reps runs per mode)" >&2
    "$BUILD/write" "$LIB" --methods "$write_methods" --reps "$reps" \
        --out "$BUILD/written-corsym.pdb" >"$BUILD/write-corsym.txt"
    echo "run.sh: System.Reflection.Metadata builds the same ($warmup warm-up + $reps runs per mode)" >&2
    dotnet "$SRMWRITE_DLL" --methods "$write_methods" --reps "$reps" --warmup "$warmup" \
        --out "$BUILD/written-srm.pdb" >"$BUILD/write-srm.txt"
    # Same content: the S.R.M walker reads both images and must count and checksum the same.
    for w in corsym srm; do
        dotnet "$SRM_DLL" "$BUILD/written-$w.pdb" --reps 1 --open-reps 0 --warmup 0 \
            >"$BUILD/written-$w.walk.txt"
    done
    WC="$BUILD/write-corsym.txt" WS="$BUILD/write-srm.txt"
    same=1
    for key in documents methods sequence_points scopes locals constants checksum; do
        if [ "$(get "$BUILD/written-corsym.walk.txt" "$key")" != "$(get "$BUILD/written-srm.walk.txt" "$key")" ]; then
            echo "run.sh: WRITTEN PDBs DIFFER in $key: corsym $(get "$BUILD/written-corsym.walk.txt" "$key"), SRM $(get "$BUILD/written-srm.walk.txt" "$key")" >&2
            same=0
        fi
    done
    echo
    echo "Write: $write_methods methods, 10 documents, 10 sequence points (one hidden), 2 scopes, 2 locals, 1 constant and 1 import each"
    echo "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, best of $reps runs (SRM after $warmup warm-up runs)"
    if [ "$same" = 1 ]; then
        echo "S.R.M reads the same items from both images: $(get "$BUILD/written-corsym.walk.txt" methods) methods, $(get "$BUILD/written-corsym.walk.txt" sequence_points) sequence points, $(get "$BUILD/written-corsym.walk.txt" scopes) scopes, $(get "$BUILD/written-corsym.walk.txt" locals) locals, $(get "$BUILD/written-corsym.walk.txt" constants) constants (checksum $(get "$BUILD/written-corsym.walk.txt" checksum))."
    else
        echo "WARNING: the written PDBs differ (see above); the ratios compare different work."
    fi
    echo
    row "measure" "corsym" "SRM" "ratio"
    row "--------------------------------------------" "------------" "------------" "--------"
    for m in write write_deterministic; do
        row "${m}_ms (best)" "$(get "$WC" ${m}_ms)" "$(get "$WS" ${m}_ms)" "$(ratio "$(get "$WC" ${m}_ms)" "$(get "$WS" ${m}_ms)")"
        row "${m}_mean_ms" "$(get "$WC" ${m}_mean_ms)" "$(get "$WS" ${m}_mean_ms)" "$(ratio "$(get "$WC" ${m}_mean_ms)" "$(get "$WS" ${m}_mean_ms)")"
        row "${m}_ns_per_method" "$(get "$WC" ${m}_ns_per_method)" "$(get "$WS" ${m}_ns_per_method)" "$(ratio "$(get "$WC" ${m}_ns_per_method)" "$(get "$WS" ${m}_ns_per_method)")"
    done
    row "PDB bytes" "$(get "$WC" write_deterministic_pdb_bytes)" "$(get "$WS" write_deterministic_pdb_bytes)" ""
    row "peak RSS, MB" "$(mb "$(get "$WC" peak_rss_kb)")" "$(mb "$(get "$WS" peak_rss_kb)")" "$(ratio "$(get "$WC" peak_rss_kb)" "$(get "$WS" peak_rss_kb)")"
    echo
    echo "write: random (corsym Initialize) / time-based (SRM default) id; write_deterministic: SHA-256"
    echo "content id (InitializeDeterministic / a hashing idProvider). ratio = corsym / SRM."
    echo "Raw outputs: $WC, $WS"
fi
[ "$do_read" = 1 ] || exit 0

# ---- input ----
if [ -z "$pdb" ]; then
    pdb="$DATA/large/Large.pdb"
    if [ "$regenerate" = 1 ] || [ ! -f "$pdb" ]; then
        echo "run.sh: generating the large PDB (tests/fixtures/generate.sh --large)" >&2
        rm -rf "$DATA/large"
        "$REPO/tests/fixtures/generate.sh" --large "$DATA/large" >&2
    fi
fi
[ -f "$pdb" ] || die "no PDB at $pdb"

# ---- run ----
echo "run.sh: corsym walk ($reps walks, $open_reps opens)" >&2
"$BUILD/walk" "$LIB" "$pdb" --reps "$reps" --open-reps "$open_reps" --small "$small_pdb" \
    >"$BUILD/corsym.txt"
echo "run.sh: System.Reflection.Metadata walk ($warmup warm-up + $reps walks, $open_reps opens)" >&2
dotnet "$SRM_DLL" "$pdb" --reps "$reps" --open-reps "$open_reps" --warmup "$warmup" \
    --small "$small_pdb" >"$BUILD/srm.txt"

C="$BUILD/corsym.txt" S="$BUILD/srm.txt"

mismatch=0
for key in documents methods sequence_points scopes locals constants checksum; do
    if [ "$(get "$C" "$key")" != "$(get "$S" "$key")" ]; then
        echo "run.sh: MISMATCH in $key: corsym $(get "$C" "$key"), SRM $(get "$S" "$key")" >&2
        mismatch=1
    fi
done

echo
echo "PDB: $pdb ($(get "$C" pdb_bytes) bytes); small PDB: $(basename "$small_pdb") ($(get "$C" small_pdb_bytes) bytes)"
echo "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, best of $reps walks / $open_reps opens"
echo "Counts: $(get "$C" documents) documents, $(get "$C" methods) methods, $(get "$C" sequence_points) sequence points, $(get "$C" scopes) scopes, $(get "$C" locals) locals, $(get "$C" constants) constants"
if [ "$mismatch" = 0 ]; then
    echo "Both walkers visited the same items (counts and value checksum $(get "$C" checksum) agree)."
else
    echo "WARNING: the walkers disagree (see above); the ratios compare different work."
fi
echo
row "measure" "corsym" "SRM" "ratio"
row "--------------------------------------------" "------------" "------------" "--------"
for m in open_stream_us open_file_us small_open_stream_us small_open_file_us; do
    row "$m" "$(get "$C" $m)" "$(get "$S" $m)" "$(ratio "$(get "$C" $m)" "$(get "$S" $m)")"
done
row "open_stream_scaling (large / small)" "$(get "$C" open_stream_scaling)" "$(get "$S" open_stream_scaling)" ""
row "open_file_scaling (large / small)" "$(get "$C" open_file_scaling)" "$(get "$S" open_file_scaling)" ""
row "walk_ms (best)" "$(get "$C" walk_ms)" "$(get "$S" walk_ms)" "$(ratio "$(get "$C" walk_ms)" "$(get "$S" walk_ms)")"
row "walk_mean_ms" "$(get "$C" walk_mean_ms)" "$(get "$S" walk_mean_ms)" "$(ratio "$(get "$C" walk_mean_ms)" "$(get "$S" walk_mean_ms)")"
row "walk_ns_per_method" "$(get "$C" walk_ns_per_method)" "$(get "$S" walk_ns_per_method)" "$(ratio "$(get "$C" walk_ns_per_method)" "$(get "$S" walk_ns_per_method)")"
row "peak RSS, MB" "$(mb "$(get "$C" peak_rss_kb)")" "$(mb "$(get "$S" peak_rss_kb)")" "$(ratio "$(get "$C" peak_rss_kb)" "$(get "$S" peak_rss_kb)")"
cg=$(( $(get "$C" peak_rss_after_walks_kb) - $(get "$C" rss_after_load_kb) ))
sg=$(( $(get "$S" peak_rss_after_walks_kb) - $(get "$S" rss_after_load_kb) ))
row "peak RSS growth over the walks, MB" "$(mb $cg)" "$(mb $sg)" "$(ratio $cg $sg)"
row "GetMethodFromDocumentPosition, ms (1 call)" "$(get "$C" get_method_from_document_position_ms)" "" ""
row "FindClosestLine, ms (1 call)" "$(get "$C" find_closest_line_ms)" "" ""
row "SRM managed bytes allocated per walk, MB" "" "$(awk -v b="$(get "$S" walk_allocated_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" ""
echo
echo "ratio = corsym / SRM (below 1: corsym is faster or smaller)."
echo "Microsoft.DiaSymReader.PortablePdb: not measured (the package cannot be restored here)."
echo "Raw outputs: $C, $S"

# ---- optional profile ----
if [ "$callgrind" = 1 ]; then
    command -v valgrind >/dev/null 2>&1 || die "valgrind is not on PATH"
    echo >&2
    echo "run.sh: one corsym walk under callgrind" >&2
    out="$BUILD/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$BUILD/walk" "$LIB" "$pdb" --reps 1 \
        --open-reps 0 --position-reps 0 --methods "$(get "$C" method_tokens)" >/dev/null 2>"$BUILD/callgrind.log"
    total="$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); if (!t) t = $1 } END { print t }')"
    methods="$(get "$C" methods)"
    echo
    echo "callgrind: $total instructions for one open + walk ($(awk -v t="$total" -v m="$methods" 'BEGIN { if (m > 0) printf "%.0f", t / m; else print "?" }') per method)"
    echo
    echo "Hottest functions, exclusive:"
    callgrind_annotate "$out" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '3,22p'
    echo
    echo "Hottest functions, inclusive:"
    callgrind_annotate --inclusive=yes "$out" 2>/dev/null | sed -n '/file:function/,$p' \
        | grep -v 'below main\|libc_start\|ld-linux\|???:main ' | sed -n '2,26p'
    echo
    echo "Allocator calls in that run (calls into libc malloc/calloc/realloc/free):"
    callgrind_annotate --tree=caller --threshold=100 "$out" 2>/dev/null | awk -v m="$methods" '
        /^$/ { n = 0; next }
        / < / { if (match($0, /\(([0-9,]+)x\)/)) { c = substr($0, RSTART + 1, RLENGTH - 3); gsub(",", "", c); calls[++n] = c }; next }
        / \* .*malloc\.c:(malloc|calloc|realloc|free) / {
            match($0, /malloc\.c:[a-z]+/); f = substr($0, RSTART + 9, RLENGTH - 9)
            for (i = 1; i <= n; i++) total[f] += calls[i]
            n = 0
        }
        END { for (f in total) printf "  %-8s %12d  (%.1f per method)\n", f, total[f], (m > 0 ? total[f] / m : 0) }' | sort
    echo "Full profile: callgrind_annotate $out"
fi
