#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs one for a while.
# Usage: scripts/fuzz.sh TARGET [SECONDS]   e.g. scripts/fuzz.sh portable 600
# Targets: the tests/fuzz/<TARGET>_fuzzer.c files. New inputs go to build-fuzz/corpus/TARGET;
# minimised finds worth keeping belong in tests/fuzz/corpora/TARGET.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?target name, e.g. portable}
seconds=${2:-60}
out="$root/build-fuzz"
mkdir -p "$out/corpus/$target"
gen="$out/generated"
mkdir -p "$gen"
(cd "$root" && x86_64-w64-mingw32-widl --nostdinc -I idl/stub -h -H "$gen/corsym_idl.h" idl/corsym.idl)
sources=$(ls "$root"/src/base/*.c "$root"/src/pe/*.c "$root"/src/portable/*.c \
             "$root"/src/msf/*.c "$root"/src/winpdb/*.c "$root"/src/model/*.c \
             "$root"/src/com/*.c "$root"/src/platform/*.c 2>/dev/null)
clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
      -DCORSYM_BUILDING -I"$root/src" -I"$root/include" -I"$root/include/corsym/pal" -I"$gen" \
      $sources "$root/tests/fuzz/${target}_fuzzer.c" -lz -lpthread -o "$out/${target}_fuzzer"
ASAN_OPTIONS=allocator_may_return_null=1 "$out/${target}_fuzzer" \
  -max_total_time="$seconds" -rss_limit_mb=2048 \
  "$out/corpus/$target" "$root/tests/fuzz/corpora/$target"
