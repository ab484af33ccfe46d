#!/bin/sh
# SPDX-License-Identifier: MIT
# bench/windows/run.sh: Windows-PDB benchmarks, corsym.dll against Microsoft's
# Microsoft.DiaSymReader.Native.amd64.dll, the same client (winbench.exe) under Wine, in one run
# (issues #5 and #6). Not part of CI.
#
#   MS_DIASYMREADER_DLL=/path/Microsoft.DiaSymReader.Native.amd64.dll bench/windows/run.sh \
#       [--corsym-dll PATH] [--methods N] [--write-reps N] [--walk-reps N] [--open-reps N]
#       [--work DIR]
#
# Without --corsym-dll it builds corsym.dll (CMake, mingw toolchain, Release) in $WORK/build.
# winbench.exe is built with x86_64-w64-mingw32-gcc against that build's generated headers.
# Steps, each DLL in turn, alternating:
#   write: the 20 000-method call sequence into a memory IStream (InitializeDeterministic, as
#          Roslyn does for deterministic builds; also Initialize(path, stream) as for the others)
#   read:  the PDB written by Microsoft's writer, opened and walked by both readers; the walk
#          counts and value checksum must agree.
# Prints the numbers and the ratios (Microsoft / corsym: above 1 means corsym is faster).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
methods=20000
write_reps=7
walk_reps=5
open_reps=20
corsym_dll=
work=${TMPDIR:-/tmp}/corsym-winbench

while [ $# -gt 0 ]; do
    case $1 in
    --corsym-dll) corsym_dll=$2; shift 2 ;;
    --methods) methods=$2; shift 2 ;;
    --write-reps) write_reps=$2; shift 2 ;;
    --walk-reps) walk_reps=$2; shift 2 ;;
    --open-reps) open_reps=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

ms_dll=${MS_DIASYMREADER_DLL:?set MS_DIASYMREADER_DLL to Microsoft.DiaSymReader.Native.amd64.dll}
[ -f "$ms_dll" ] || { echo "run.sh: no $ms_dll" >&2; exit 2; }
mkdir -p "$work"
work=$(cd "$work" && pwd)

build=$work/build
if [ -z "$corsym_dll" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-mingw64.cmake" \
        -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$build" -j2 --target corsym >/dev/null
    corsym_dll=$build/bin/corsym.dll
    generated=$build/generated
else
    generated=$(dirname "$corsym_dll")/../generated
fi
[ -f "$generated/corsym_idl.h" ] || { echo "run.sh: no corsym_idl.h in $generated" >&2; exit 2; }

x86_64-w64-mingw32-gcc -O2 -std=c11 -Wall -Wextra -I"$root/include" -I"$generated" \
    "$here/winbench.c" -o "$work/winbench.exe" -lole32 -loleaut32 -luuid

export WINEDEBUG=-all
export WINEPREFIX=${WINEPREFIX:-$work/wineprefix}
# Copies, so both DLLs load from the same directory type and nothing is written next to them.
cp "$ms_dll" "$work/ms.dll"
cp "$corsym_dll" "$work/corsym.dll"
winpath() { printf 'Z:%s' "$1" | tr / '\\'; }
bench() { (cd "$work" && wine winbench.exe "$@" 2>/dev/null); }
get() { sed -n "s/^$2 //p" "$work/$1.out"; }

wine wineboot -i >/dev/null 2>&1 || true

echo "corsym $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wine $(wine --version), methods $methods, write best of $write_reps, walk best of $walk_reps, open best of $open_reps"

for mode in d p; do
    for who in ms corsym; do
        bench "$who.dll" write "$(winpath "$work/$who-$mode.pdb")" --init $mode \
            --methods "$methods" --reps "$write_reps" >"$work/write-$who-$mode.out"
    done
done
for who in ms corsym; do
    bench "$who.dll" read "$(winpath "$work/ms-d.pdb")" --methods "$methods" --reps "$walk_reps" \
        --open-reps "$open_reps" >"$work/read-$who.out"
done
# corsym reading its own output, for information.
bench corsym.dll read "$(winpath "$work/corsym-d.pdb")" --methods "$methods" --reps "$walk_reps" \
    --open-reps "$open_reps" >"$work/read-corsym-own.out"

for k in documents methods sequence_points scopes locals constants namespaces checksum; do
    a=$(get read-ms $k); b=$(get read-corsym $k)
    if [ "$a" != "$b" ]; then
        echo "run.sh: the walks disagree on $k: Microsoft $a, corsym $b" >&2
        exit 1
    fi
done
echo "walk visited: $(for k in documents methods sequence_points scopes locals constants namespaces; do printf '%s %s, ' "$k" "$(get read-ms $k)"; done)checksum $(get read-ms checksum) (same for both readers)"

ratio() { awk -v a="$1" -v b="$2" -v p="${3:-2}" 'BEGIN { if (b > 0) printf "%.*f", p, a / b; else print "-" }'; }
row() { # label ms corsym [precision]
    printf '| %-56s | %12s | %12s | %9s |\n' "$1" "$2" "$3" "$(ratio "$2" "$3" "${4:-2}")"
}
echo
printf '| %-56s | %12s | %12s | %9s |\n' measure Microsoft corsym "MS/corsym"
printf '|%s|%s|%s|%s|\n' ---------------------------------------------------------- -------------: -------------: ----------:
for mode in d p; do
    case $mode in d) label="InitializeDeterministic(stream)" ;; p) label="Initialize(path, stream)" ;; esac
    row "write, $label, best (ms)" "$(get write-ms-$mode write_best_ms)" "$(get write-corsym-$mode write_best_ms)"
    row "write, $label, mean (ms)" "$(get write-ms-$mode write_mean_ms)" "$(get write-corsym-$mode write_mean_ms)"
    row "write, $label, PDB size (bytes)" "$(get write-ms-$mode write_size)" "$(get write-corsym-$mode write_size)" 4
done
row "open (GetReaderFromStream), best (ms)" "$(get read-ms open_best_ms)" "$(get read-corsym open_best_ms)"
row "full walk, best (ms)" "$(get read-ms walk_best_ms)" "$(get read-corsym walk_best_ms)"
row "full walk, mean (ms)" "$(get read-ms walk_mean_ms)" "$(get read-corsym walk_mean_ms)"
row "open + full walk, best (ms)" "$(get read-ms open_walk_best_ms)" "$(get read-corsym open_walk_best_ms)"
echo
echo "corsym reading its own PDB ($(get read-corsym-own pdb_size) bytes): open $(get read-corsym-own open_best_ms) ms, walk $(get read-corsym-own walk_best_ms) ms, checksum $(get read-corsym-own checksum)"
