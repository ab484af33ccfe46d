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

if command -v dotnet >/dev/null 2>&1 && [ -x "$root/tests/oracle/check-drift.sh" ]; then
  echo "== oracle drift (System.Reflection.Metadata)"
  "$root/tests/oracle/check-drift.sh" || status=1
else
  echo "== oracle drift skipped: dotnet not found"
fi

exit $status
