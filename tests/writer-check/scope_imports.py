#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares two S.R.M dumps (tests/oracle FORMAT.md) scope by scope: every LocalScope
(method, IL range) must exist in both and see the same imports, those of its import scope and
of every parent of it, as a set. Import scope rows may be laid out differently (per method
instead of per file); what a debugger resolves names against may not.

    scope_imports.py EXPECTED_DUMP ACTUAL_DUMP [IGNORE_REGEX]

IGNORE_REGEX: import lines matching it are left out of both. Exit 0 when they agree."""
import re
import sys


def load(path, ignore):
    scopes, import_scopes, current = [], {}, None
    for line in open(path, encoding="utf-8"):
        m = re.match(r"scope \d+ method=(\S+) il=(\S+) imports=(\d+)", line)
        if m:
            scopes.append((m.group(1), m.group(2), int(m.group(3))))
            continue
        m = re.match(r"importscope (\d+) parent=(\d+)", line)
        if m:
            current = int(m.group(1))
            import_scopes[current] = (int(m.group(2)), [])
            continue
        if line.startswith("  import ") and current:
            if not (ignore and re.search(ignore, line)):
                import_scopes[current][1].append(line.strip())
            continue
        if not line.startswith("  "):
            current = None

    def seen(row):
        out, hops = set(), 0
        while row and hops < 1000:
            parent, imports = import_scopes[row]
            out |= set(imports)
            row, hops = parent, hops + 1
        return frozenset(out)

    return {(method, il): seen(row) for method, il, row in scopes}


def main():
    ignore = sys.argv[3] if len(sys.argv) > 3 else None
    want, got = load(sys.argv[1], ignore), load(sys.argv[2], ignore)
    bad = sorted(set(want) ^ set(got)) + sorted(k for k in want if k in got and want[k] != got[k])
    for method, il in bad[:10]:
        a, b = want.get((method, il)), got.get((method, il))
        if a is None or b is None:
            print(f"  scope {method} {il}: only in {'the expected' if b is None else 'the actual'} dump")
        else:
            print(f"  scope {method} {il}: missing {sorted(a - b)[:3]}, extra {sorted(b - a)[:3]}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
