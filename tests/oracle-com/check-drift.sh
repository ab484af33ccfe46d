#!/usr/bin/env bash
# corsym API oracle: regenerate the expected dumps into a temporary directory and compare them
# with tests/oracle-com/expected/. Exit 0 when identical, 1 on drift (with a diff on stderr).
# The cecil corpus part is compared only when the corpus is present (see regenerate.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export LC_ALL=C

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$HERE/regenerate.sh" "$tmp/expected" >/dev/null

status=0
compare() {
    if ! diff -r -u "$HERE/expected/$1" "$tmp/expected/$1" >"$tmp/diff.txt" 2>&1; then
        echo "check-drift.sh: tests/oracle-com/expected/$1 differs from a fresh oracle run:" >&2
        head -n 200 "$tmp/diff.txt" >&2
        status=1
    fi
}
compare fixtures
if [ -d "$tmp/expected/cecil" ]; then
    compare cecil
else
    echo "check-drift.sh: corpus not found; cecil dumps not checked" >&2
fi
if [ "$status" = 0 ]; then
    echo "check-drift.sh: expected API dumps are up to date"
else
    echo "check-drift.sh: run tests/oracle-com/regenerate.sh (after tests/fixtures/generate.sh if the fixtures changed)" >&2
fi
exit "$status"
