#!/usr/bin/env bash
# corsym benchmark: corsym's COM API against System.Reflection.Metadata (and, when it is given,
# Microsoft.DiaSymReader.PortablePdb) on a large Roslyn PDB.
#
#   bench/run.sh [--quick] [--reps N] [--open-reps N] [--rounds N] [--callgrind] [--regenerate]
#                [--pdb FILE] [--write-methods N] [--write-only | --no-write]
#
#   --quick       fewer repetitions (3 walks, 20 opens, 1 warm-up): about a minute in all
#   --reps N      walk repetitions per walker (default 10; the best is reported)
#   --open-reps N open repetitions (default 200; the best is reported)
#   --rounds N    run the read walkers N times in turn (corsym, SRM, PortablePdb, corsym, ...;
#                 default 1) and report the best of all rounds, so that a burst of load on the
#                 shared machine does not fall on one walker only
#   --callgrind   also run corsym's walk once under valgrind --tool=callgrind and print the
#                 hottest functions (exclusive and inclusive instruction counts); slow (~20 s)
#   --regenerate  rebuild bench/data/large/Large.pdb even if it exists
#   --pdb FILE    benchmark FILE instead of the generated PDB
#   --write-methods N  methods in the written PDB (default 50 000)
#   --write-only  only the write benchmark; --no-write: only the read benchmark
#
# Microsoft.DiaSymReader.PortablePdb (bench/ppdbwalk, the same walk through that reader's
# ISymUnmanagedReader): set PORTABLEPDB_DLL to a Microsoft.DiaSymReader.PortablePdb.dll, and
# DIASYMREADER_DLL to the Microsoft.DiaSymReader.dll it was built against (default: the one next
# to it, else the NuGet cache's microsoft.diasymreader/2.2.12). Without PORTABLEPDB_DLL that
# walker is skipped (the package is not restorable here; see bench/README.md).
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
#   bench/build/ppdbwalk bench/ppdbwalk against $PORTABLEPDB_DLL (offline, as bench/srm)
#   bench/data/large     tests/fixtures/generate.sh --large (70 000 methods, ~6 MB PDB)
# The small PDB for the open-time scaling is tests/fixtures/portable/App.pdb.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$BENCH/.." && pwd)"
BUILD="$BENCH/build"
DATA="$BENCH/data"
export LC_ALL=C DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

die() { echo "run.sh: $*" >&2; exit 1; }

reps=10 open_reps=200 warmup=3 rounds=1 callgrind=0 regenerate=0 pdb="" write_methods=50000
do_read=1 do_write=1
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) reps=3 open_reps=20 warmup=1 ;;
        --reps) [ $# -ge 2 ] || die "--reps needs a value"; reps="$2"; shift ;;
        --open-reps) [ $# -ge 2 ] || die "--open-reps needs a value"; open_reps="$2"; shift ;;
        --rounds) [ $# -ge 2 ] || die "--rounds needs a value"; rounds="$2"; shift ;;
        --callgrind) callgrind=1 ;;
        --regenerate) regenerate=1 ;;
        --pdb) [ $# -ge 2 ] || die "--pdb needs a value"; pdb="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
        --write-methods) [ $# -ge 2 ] || die "--write-methods needs a value"; write_methods="$2"; shift ;;
        --write-only) do_read=0 ;;
        --no-write) do_write=0 ;;
        -h|--help) sed -n '2,39p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[ "$rounds" -ge 1 ] 2>/dev/null || die "--rounds needs a positive number"

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
cmake --build "$BUILD/corsym" --target corsym --parallel "$(nproc 2>/dev/null || echo 2)" \
    >"$BUILD/cmake-build.log" 2>&1 \
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

# Microsoft.DiaSymReader.PortablePdb: only with an assembly given (never restored, never built here).
ppdb=0 ppdb_why=""
if [ "$do_read" = 1 ]; then
    if [ -z "${PORTABLEPDB_DLL:-}" ]; then
        ppdb_why="PORTABLEPDB_DLL is not set (nuget.org has no Microsoft.DiaSymReader.PortablePdb for this machine; see bench/README.md)"
    elif [ ! -f "$PORTABLEPDB_DLL" ]; then
        ppdb_why="PORTABLEPDB_DLL=$PORTABLEPDB_DLL is not a file"
    else
        ppdb_dll="$(cd "$(dirname "$PORTABLEPDB_DLL")" && pwd)/$(basename "$PORTABLEPDB_DLL")"
        dsr_dll="${DIASYMREADER_DLL:-}"
        if [ -z "$dsr_dll" ]; then
            for cand in "$(dirname "$ppdb_dll")/Microsoft.DiaSymReader.dll" \
                        "${NUGET_PACKAGES:-$HOME/.nuget/packages}/microsoft.diasymreader/2.2.12/lib/net10.0/Microsoft.DiaSymReader.dll"; do
                if [ -f "$cand" ]; then dsr_dll="$cand"; break; fi
            done
        fi
        if [ -z "$dsr_dll" ] || [ ! -f "$dsr_dll" ]; then
            ppdb_why="no Microsoft.DiaSymReader.dll next to $ppdb_dll or in the NuGet cache (set DIASYMREADER_DLL)"
        else
            dsr_dll="$(cd "$(dirname "$dsr_dll")" && pwd)/$(basename "$dsr_dll")"
            echo "run.sh: building bench/ppdbwalk against $ppdb_dll (offline)" >&2
            dotnet build "$BENCH/ppdbwalk/PpdbWalk.csproj" -c Release -nologo -v:q \
                --source "$BUILD/nuget-empty" --artifacts-path "$BUILD/ppdbwalk" \
                -p:PortablePdbDll="$ppdb_dll" -p:DiaSymReaderDll="$dsr_dll" \
                >"$BUILD/ppdbwalk-build.log" 2>&1 \
                || { cat "$BUILD/ppdbwalk-build.log" >&2; die "building the PortablePdb walker failed"; }
            PPDB_WALK="$BUILD/ppdbwalk/bin/PpdbWalk/release/PpdbWalk.dll"
            [ -f "$PPDB_WALK" ] || die "PpdbWalk.dll not found at $PPDB_WALK"
            ppdb=1
        fi
    fi
fi

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
    # glibc hands freed memory back to the kernel when the top of its heap is free beyond a
    # threshold that it raises as it sees large blocks freed; whether one writer's ~50 MB
    # come back warm for the next depends on the order of earlier allocations (an unrelated
    # change once moved the best run from 30 to 52 ms, all of it page faults). SRM's GC keeps
    # its heap between runs. The second run fixes glibc's thresholds, as a process that
    # keeps its heap (a compiler server) would, so that the ratios compare steady states.
    echo "run.sh: corsym again, glibc's heap kept between writes (GLIBC_TUNABLES)" >&2
    GLIBC_TUNABLES="glibc.malloc.trim_threshold=1073741824:glibc.malloc.mmap_threshold=33554432" \
        "$BUILD/write" "$LIB" --methods "$write_methods" --reps "$reps" \
        >"$BUILD/write-corsym-kept.txt"
    echo "run.sh: System.Reflection.Metadata builds the same ($warmup warm-up + $reps runs per mode)" >&2
    dotnet "$SRMWRITE_DLL" --methods "$write_methods" --reps "$reps" --warmup "$warmup" \
        --out "$BUILD/written-srm.pdb" >"$BUILD/write-srm.txt"
    # Same content: the S.R.M walker reads both images and must count and checksum the same.
    for w in corsym srm; do
        dotnet "$SRM_DLL" "$BUILD/written-$w.pdb" --reps 1 --open-reps 0 --warmup 0 \
            >"$BUILD/written-$w.walk.txt"
    done
    WC="$BUILD/write-corsym.txt" WK="$BUILD/write-corsym-kept.txt" WS="$BUILD/write-srm.txt"
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
        row "${m}_ms (best), heap kept" "$(get "$WK" ${m}_ms)" "$(get "$WS" ${m}_ms)" "$(ratio "$(get "$WK" ${m}_ms)" "$(get "$WS" ${m}_ms)")"
        row "${m}_mean_ms, heap kept" "$(get "$WK" ${m}_mean_ms)" "$(get "$WS" ${m}_mean_ms)" "$(ratio "$(get "$WK" ${m}_mean_ms)" "$(get "$WS" ${m}_mean_ms)")"
    done
    row "first write of the process (ms)" "$(get "$WC" write_first_ms)" "$(get "$WS" write_first_ms)" "$(ratio "$(get "$WC" write_first_ms)" "$(get "$WS" write_first_ms)")"
    row "PDB bytes" "$(get "$WC" write_deterministic_pdb_bytes)" "$(get "$WS" write_deterministic_pdb_bytes)" ""
    row "peak RSS, MB" "$(mb "$(get "$WC" peak_rss_kb)")" "$(mb "$(get "$WS" peak_rss_kb)")" "$(ratio "$(get "$WC" peak_rss_kb)" "$(get "$WS" peak_rss_kb)")"
    echo
    echo "write: random (corsym Initialize) / time-based (SRM default) id; write_deterministic: SHA-256"
    echo "content id (InitializeDeterministic / a hashing idProvider). ratio = corsym / SRM."
    echo "first write of the process: what a compiler that writes one PDB and exits pays (SRM: JIT"
    echo "included; corsym: the library's first use, every page fresh)."
    echo "heap kept: corsym's writer with glibc's trim and mmap thresholds fixed (GLIBC_TUNABLES),"
    echo "so that freed memory is reused warm by the next write, as SRM's GC heap is."
    echo "Raw outputs: $WC, $WK, $WS"
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

# The module of the PDB, for the PortablePdb walker's metadata importer (it asks only for the
# types of enum/class constants; without a module it gets a provider that knows no tokens).
module=""
for cand in "${pdb%.pdb}.dll" "${pdb%.pdb}.exe"; do
    if [ -f "$cand" ]; then module="$cand"; break; fi
done

# ---- run ----
# Each round runs every walker once; the rounds' outputs are merged into $BUILD/<walker>.txt:
# best times (min), mean walk time (mean of the rounds' means), peak RSS (max), the rest from
# round 1; the derived per-method time and open scalings are recomputed from the merged values.
merge_rounds() { # OUT FILE...
    local out="$1"; shift
    awk '
        FNR == 1 { file++ }
        { key = $1; val = $2 }
        file == 1 { order[++n] = key; v[key] = val; sum[key] = val; next }
        key == "walk_mean_ms" { sum[key] += val; next }
        key ~ /_(ms|us)$/ || key == "walk_allocated_bytes" { if (val + 0 < v[key] + 0) v[key] = val; next }
        key ~ /_kb$/ { if (val + 0 > v[key] + 0) v[key] = val; next }
        (key in v) && v[key] != val && key ~ /^(documents|methods|sequence_points|scopes|locals|constants|checksum)$/ {
            printf "run.sh: round %d of %s saw %s %s, round 1 %s\n", file, FILENAME, key, val, v[key] > "/dev/stderr"
        }
        END {
            if ("walk_mean_ms" in v) v["walk_mean_ms"] = sprintf("%.3f", sum["walk_mean_ms"] / file)
            if (v["methods"] + 0 > 0) v["walk_ns_per_method"] = sprintf("%.1f", v["walk_ms"] * 1e6 / v["methods"])
            if (v["small_open_stream_us"] + 0 > 0) v["open_stream_scaling"] = sprintf("%.2f", v["open_stream_us"] / v["small_open_stream_us"])
            if (v["small_open_file_us"] + 0 > 0) v["open_file_scaling"] = sprintf("%.2f", v["open_file_us"] / v["small_open_file_us"])
            v["rounds"] = file
            order[++n] = "rounds"
            for (i = 1; i <= n; i++) print order[i], v[order[i]]
        }' "$@" >"$out"
}

walkers="corsym srm"
rm -f "$BUILD"/corsym.*txt "$BUILD"/srm.*txt "$BUILD"/ppdb.*txt
[ "$ppdb" = 1 ] && walkers="$walkers ppdb"
for round in $(seq 1 "$rounds"); do
    tag=""
    [ "$rounds" -gt 1 ] && tag=" (round $round of $rounds)"
    echo "run.sh: corsym walk ($reps walks, $open_reps opens)$tag" >&2
    "$BUILD/walk" "$LIB" "$pdb" --reps "$reps" --open-reps "$open_reps" --small "$small_pdb" \
        >"$BUILD/corsym.$round.txt"
    echo "run.sh: System.Reflection.Metadata walk ($warmup warm-up + $reps walks, $open_reps opens)$tag" >&2
    dotnet "$SRM_DLL" "$pdb" --reps "$reps" --open-reps "$open_reps" --warmup "$warmup" \
        --small "$small_pdb" >"$BUILD/srm.$round.txt"
    if [ "$ppdb" = 1 ]; then
        echo "run.sh: Microsoft.DiaSymReader.PortablePdb walk ($warmup warm-up + $reps walks, $open_reps opens)$tag" >&2
        dotnet "$PPDB_WALK" "$pdb" ${module:+--module "$module"} --reps "$reps" \
            --open-reps "$open_reps" --warmup "$warmup" --small "$small_pdb" >"$BUILD/ppdb.$round.txt"
    fi
done
for w in $walkers; do
    merge_rounds "$BUILD/$w.txt" $(for round in $(seq 1 "$rounds"); do echo "$BUILD/$w.$round.txt"; done)
done

C="$BUILD/corsym.txt" S="$BUILD/srm.txt" P="$BUILD/ppdb.txt"

mismatch=0
for key in documents methods sequence_points scopes locals constants checksum; do
    if [ "$(get "$C" "$key")" != "$(get "$S" "$key")" ]; then
        echo "run.sh: MISMATCH in $key: corsym $(get "$C" "$key"), SRM $(get "$S" "$key")" >&2
        mismatch=1
    fi
    if [ "$ppdb" = 1 ] && [ "$(get "$C" "$key")" != "$(get "$P" "$key")" ]; then
        echo "run.sh: MISMATCH in $key: corsym $(get "$C" "$key"), PortablePdb $(get "$P" "$key")" >&2
        mismatch=1
    fi
done

if [ "$ppdb" = 1 ]; then
    names="corsym, SRM and PortablePdb"
    trow() { printf '| %-44s | %10s | %10s | %11s | %10s | %11s |\n' "$@"; }
    line() { # LABEL KEY [noratio]
        local c s p
        c="$(get "$C" "$2")" s="$(get "$S" "$2")" p="$(get "$P" "$2")"
        if [ "${3:-}" = noratio ]; then trow "$1" "$c" "$s" "$p" "" ""
        else trow "$1" "$c" "$s" "$p" "$(ratio "$c" "$s")" "$(ratio "$c" "$p")"; fi
    }
else
    names="corsym and SRM"
    trow() { printf '| %-44s | %12s | %12s | %8s |\n' "$1" "$2" "$3" "$5"; }
    line() {
        local c s
        c="$(get "$C" "$2")" s="$(get "$S" "$2")"
        if [ "${3:-}" = noratio ]; then trow "$1" "$c" "$s" "" ""
        else trow "$1" "$c" "$s" "" "$(ratio "$c" "$s")"; fi
    }
fi

echo
echo "PDB: $pdb ($(get "$C" pdb_bytes) bytes); small PDB: $(basename "$small_pdb") ($(get "$C" small_pdb_bytes) bytes)"
echo "commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), best of $reps walks / $open_reps opens x $rounds round(s)"
echo "Counts: $(get "$C" documents) documents, $(get "$C" methods) methods, $(get "$C" sequence_points) sequence points, $(get "$C" scopes) scopes, $(get "$C" locals) locals, $(get "$C" constants) constants"
if [ "$mismatch" = 0 ]; then
    echo "The walkers ($names) visited the same items (counts and value checksum $(get "$C" checksum) agree)."
else
    echo "WARNING: the walkers disagree (see above); the ratios compare different work."
fi
echo
if [ "$ppdb" = 1 ]; then
    trow "measure" "corsym" "SRM" "PortablePdb" "corsym/SRM" "corsym/PPDB"
    trow "--------------------------------------------" "----------" "----------" "-----------" "----------" "-----------"
else
    trow "measure" "corsym" "SRM" "" "ratio"
    trow "--------------------------------------------" "------------" "------------" "" "--------"
fi
for m in open_stream_us open_file_us small_open_stream_us small_open_file_us; do
    line "$m" "$m"
done
line "open_stream_scaling (large / small)" open_stream_scaling noratio
line "open_file_scaling (large / small)" open_file_scaling noratio
line "walk_ms (best)" walk_ms
line "walk_mean_ms" walk_mean_ms
line "walk_ns_per_method" walk_ns_per_method
rss_c="$(get "$C" peak_rss_kb)" rss_s="$(get "$S" peak_rss_kb)"
cg=$(( $(get "$C" peak_rss_after_walks_kb) - $(get "$C" rss_after_load_kb) ))
sg=$(( $(get "$S" peak_rss_after_walks_kb) - $(get "$S" rss_after_load_kb) ))
if [ "$ppdb" = 1 ]; then
    rss_p="$(get "$P" peak_rss_kb)"
    pg=$(( $(get "$P" peak_rss_after_walks_kb) - $(get "$P" rss_after_load_kb) ))
    trow "peak RSS, MB" "$(mb "$rss_c")" "$(mb "$rss_s")" "$(mb "$rss_p")" "$(ratio "$rss_c" "$rss_s")" "$(ratio "$rss_c" "$rss_p")"
    trow "peak RSS growth over the walks, MB" "$(mb $cg)" "$(mb $sg)" "$(mb $pg)" "$(ratio $cg $sg)" "$(ratio $cg $pg)"
    for k in get_method_from_document_position find_closest_line; do
        label=GetMethodFromDocumentPosition; [ "$k" = find_closest_line ] && label=FindClosestLine
        for which in "" _first; do
            when=best; [ -n "$which" ] && when=first
            trow "$label, ms ($when)" "$(get "$C" "$k${which}_ms")" "" "$(get "$P" "$k${which}_ms")" "" ""
        done
    done
    trow "managed bytes allocated per walk, MB" "" \
        "$(awk -v b="$(get "$S" walk_allocated_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" \
        "$(awk -v b="$(get "$P" walk_allocated_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" "" ""
else
    trow "peak RSS, MB" "$(mb "$rss_c")" "$(mb "$rss_s")" "" "$(ratio "$rss_c" "$rss_s")"
    trow "peak RSS growth over the walks, MB" "$(mb $cg)" "$(mb $sg)" "" "$(ratio $cg $sg)"
    for k in get_method_from_document_position find_closest_line; do
        label=GetMethodFromDocumentPosition; [ "$k" = find_closest_line ] && label=FindClosestLine
        trow "$label, ms (best)" "$(get "$C" "${k}_ms")" "" "" ""
        trow "$label, ms (first)" "$(get "$C" "${k}_first_ms")" "" "" ""
    done
    trow "SRM managed bytes allocated per walk, MB" "" "$(awk -v b="$(get "$S" walk_allocated_bytes)" 'BEGIN { printf "%.1f", b / 1048576 }')" "" ""
fi
echo
echo "ratio = corsym / other (below 1: corsym is faster or smaller)."
cw="$(get "$C" walk_ms)" sw="$(get "$S" walk_ms)"
echo "Target, full walk not slower than raw System.Reflection.Metadata: corsym / SRM = $(ratio "$cw" "$sw") ($(awk -v c="$cw" -v s="$sw" 'BEGIN { print (c + 0 <= s + 0) ? "met" : "not met" }'))."
echo "COM protocol floor: corsym's walk made $(get "$C" walk_com_calls) calls through a vtable and took and released $(get "$C" walk_com_references) references; as many trivial calls (GetToken) with as many AddRef+Release pairs, no decoding, take $(get "$C" protocol_floor_ms) ms ($(get "$C" protocol_floor_calls_ms) ms for the calls alone), against $sw ms for SRM's whole walk."
if [ "$ppdb" = 1 ]; then
    pw="$(get "$P" walk_ms)"
    echo "Target, full walk >= 5x faster than Microsoft.DiaSymReader.PortablePdb: PortablePdb / corsym = $(ratio "$pw" "$cw") ($(awk -v c="$cw" -v p="$pw" 'BEGIN { print (p + 0 >= 5 * c) ? "met" : "not met" }'))."
    echo "PortablePdb: $ppdb_dll (with $dsr_dll), called as managed objects (no COM marshalling); module: ${module:-none}."
    echo "Raw outputs: $C, $S, $P"
else
    echo "Microsoft.DiaSymReader.PortablePdb: skipped: $ppdb_why."
    echo "Raw outputs: $C, $S"
fi

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
