#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the report of the in-memory-symbols profiler (profiler/profiler.c).

usage: check_profiler.py REPORT ORACLE EXPECTED-SNIPPETS

REPORT    what the profiler printed while InMemApp ran
ORACLE    InMemApp's System.Reflection.Metadata dump of the same PDB bytes, same format
EXPECTED  profiler/expected.txt: per method, the source text every sequence point covers

Prints ok/FAIL lines and "N passed, N failed"; exit status 1 on any failure.
"""
import re
import sys

CORPROF_E_MODULE_IS_DYNAMIC = 0x8013137A
COR_PRF_MODULE_DYNAMIC = 0x4  # what .NET 10's GetInMemorySymbolsLength returns instead; see README

passed = failed = 0


def check(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {what}")
    else:
        failed += 1
        print(f"FAIL {what}" + (f": {detail}" if detail else ""))


def first_difference(expected, actual):
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            return f"line {i + 1}: expected [{e}], got [{a}]"
    if len(expected) != len(actual):
        i = min(len(expected), len(actual))
        return (f"line {i + 1}: expected [{expected[i] if i < len(expected) else '<end>'}], "
                f"got [{actual[i] if i < len(actual) else '<end>'}]")
    return ""


def snippet(url, start_line, start_col, end_line, end_col, cache={}):
    """The source text a sequence point covers (columns are 1-based, end exclusive)."""
    if url not in cache:
        with open(url, encoding="utf-8") as f:
            cache[url] = f.read().split("\n")
    lines = cache[url]
    if start_line == end_line:
        return lines[start_line - 1][start_col - 1:end_col - 1]
    parts = [lines[start_line - 1][start_col - 1:]]
    parts += lines[start_line:end_line - 1]
    parts.append(lines[end_line - 1][:end_col - 1])
    return "\\n".join(parts)


def main(report_path, oracle_path, expected_path):
    report = open(report_path, encoding="utf-8").read().splitlines()
    oracle = open(oracle_path, encoding="utf-8").read().splitlines()
    expected = [l for l in open(expected_path, encoding="utf-8").read().splitlines()
                if l and not l.startswith("#")]

    check("profiler initialized" in report, "the runtime loaded the profiler (Initialize, SetEventMask2)")
    errors = [l for l in report if l.startswith("error")]
    check(not errors, "no errors reported", "; ".join(errors))
    check("profiler shutdown" in report, "the process ran to Shutdown (no crash)")

    # the module loaded from bytes with its PDB bytes
    starts = [i for i, l in enumerate(report) if re.match(r"module InMemLib\.dll symbols \d+ portable", l)]
    check(len(starts) == 1, "InMemLib.dll reported once with in-memory Portable PDB symbols",
          f"{len(starts)} such lines")
    if starts:
        block = []
        for line in report[starts[0] + 1:]:
            if not (line.startswith("method ") or line.startswith("  ")):
                break
            block.append(line)
        check(block == oracle, f"sequence points through corsym equal System.Reflection.Metadata's ({len(oracle)} lines)",
              first_difference(oracle, block))
        texts = []
        for line in block:
            if line.startswith("method "):
                texts.append(line)
                continue
            m = re.match(r"  IL_([0-9a-f]{4}) (?:hidden|(\d+):(\d+)-(\d+):(\d+) (.*))$", line)
            if not m:
                texts.append("? " + line)
            elif m.group(2) is None:
                texts.append("  hidden")
            else:
                a, b, c, d = (int(m.group(k)) for k in range(2, 6))
                texts.append("  " + snippet(m.group(6), a, b, c, d))
        check(texts == expected, f"every sequence point covers the expected C# text ({len(expected)} lines)",
              first_difference(expected, texts))

    # the Reflection.Emit module
    dynamic = [l for l in report if " dynamic " in l and l.startswith("module ")]
    check(len(dynamic) >= 1, "the Reflection.Emit module was reported as dynamic")
    for line in dynamic:
        hr = int(re.search(r" dynamic 0x([0-9a-f]{8})", line).group(1), 16)
        if hr == CORPROF_E_MODULE_IS_DYNAMIC:
            check(True, "GetInMemorySymbolsLength of the dynamic module: CORPROF_E_MODULE_IS_DYNAMIC")
        else:
            check(hr == COR_PRF_MODULE_DYNAMIC and "size=0 " in line,
                  f"GetInMemorySymbolsLength of the dynamic module: 0x{hr:08x} (.NET 10 answers "
                  "0x00000004 where the docs say CORPROF_E_MODULE_IS_DYNAMIC; no symbols read)", line)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
