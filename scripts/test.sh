#!/usr/bin/env bash
# Runs every test: installs what is missing, builds both platforms, runs the native suite,
# the Windows DLL's suite under Wine, and the oracle drift check when dotnet is present.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh" all
jobs=$(nproc 2>/dev/null || echo 2)
status=0

echo "== native tests"
ctest --test-dir "$root/build" --output-on-failure -j "$jobs" || status=1

echo "== Windows DLL under Wine"
export WINEPREFIX="$root/build-win/wineprefix" WINEDEBUG=-all
[ -d "$WINEPREFIX" ] || wineboot -i >/dev/null 2>&1 || true
ctest --test-dir "$root/build-win" --output-on-failure || status=1

echo "== AddressSanitizer + UndefinedBehaviorSanitizer (every native test)"
cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug \
      -DCORSYM_SANITIZE=address,undefined >/dev/null
cmake --build "$root/build-asan" -j "$jobs" >/dev/null
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$root/build-asan" --output-on-failure -j "$jobs" -LE clients || status=1
# (the real-client tests load the library into the .NET runtime, which has no ASan runtime)

echo "== ThreadSanitizer (the concurrency tests, clang)"
CC=clang CXX=clang++ cmake -S "$root" -B "$root/build-tsan" -DCMAKE_BUILD_TYPE=Debug \
      -DCORSYM_SANITIZE=thread >/dev/null
cmake --build "$root/build-tsan" -j "$jobs" --target corsym test_com_threads >/dev/null
# clang 14's TSan needs the fixed address layout that setarch -R gives.
setarch "$(uname -m)" -R "$root/build-tsan/bin/test_com_threads" || status=1

echo "== valgrind (the COM tests, no leaks, no errors)"
for t in "$root"/build/bin/test_com_*; do
  valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect \
    "$t" >/dev/null || { echo "valgrind: $t"; status=1; }
done

echo "== libFuzzer: a short bounded run of every target (tests/fuzz/README.md)"
mkdir -p "$root/build-fuzz"
for f in "$root"/tests/fuzz/*_fuzzer.c; do
  target=$(basename "$f" _fuzzer.c)
  if "$root/scripts/fuzz.sh" "$target" "${CORSYM_CI_FUZZ_SECONDS:-10}" \
       > "$root/build-fuzz/$target.log" 2>&1; then
    echo "fuzz $target: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$root/build-fuzz/$target.log")"
  else
    echo "fuzz $target: FAILED (build-fuzz/$target.log)"; tail -n 30 "$root/build-fuzz/$target.log"
    status=1
  fi
done

if command -v dotnet >/dev/null 2>&1 && [ -x "$root/tests/oracle/check-drift.sh" ]; then
  echo "== oracle drift (System.Reflection.Metadata)"
  "$root/tests/oracle/check-drift.sh" || status=1
  "$root/tests/oracle-com/check-drift.sh" || status=1
  echo "== written Portable PDBs read back by System.Reflection.Metadata"
  bash "$root/tests/writer-check/run.sh" "$root/build" || status=1
else
  echo "== oracle drift skipped: dotnet not found"
fi

exit $status
