#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares `corsym dump` with XML that independent programs wrote for the same inputs:

  * expected/pdbtoxml/      the real Pdb2Xml (symreader-converter's PdbToXmlConverter over
                            symreader-portable's reader) on the Portable fixtures and, in
                            pdbtoxml/cecil/, the corpus's Portable and embedded PDBs
                            (pdbtoxml-golden.sh);
  * expected/ms_xml/cecil/  corsym.exe under Wine with Microsoft's
                            Microsoft.DiaSymReader.Native.amd64.dll as its --library, on the
                            corpus's Windows PDBs (ms-xml-golden.sh): the data is what
                            Microsoft's reader answers.

Each golden is compared line by line, byte for byte (CRLF line ends included), with the dump
`corsym dump -o` writes for the same input and options, modulo the reviewed list of known
differences in expected/oracle_differences.txt. Every difference must be listed there, and
every entry must be used (a stale entry fails the test too).

The list has one entry a line, after the comment lines (#) that give its reason:

    GOLDEN|KIND|TEXT

GOLDEN is the golden's path under expected/ (fnmatch pattern, e.g. pdbtoxml/*.xml). KIND:
    bom        the golden starts with a UTF-8 BOM that the dump does not write (TEXT empty)
    final-eol  the golden ends without a line end after its last line, the dump with CRLF
    -          a line only the golden has (TEXT: the line without its CRLF, fnmatch pattern)
    +          a line only the dump has (likewise)
    error      the oracle failed on this input: GOLDEN.error holds its message and the XML is
               not compared (TEXT: a pattern of the message's first line)

usage: check_oracle_xml.py TOOL LIBRARY REPO [CORPUS]   (exit 0 ok, 1 difference)
"""
import difflib
import fnmatch
import os
import subprocess
import sys
import tempfile

BOM = b"\xef\xbb\xbf"


def portable_cases(repo):
    """(golden under expected/, dump arguments): the cases pdbtoxml-golden.sh writes."""
    fix = os.path.join(repo, "tests", "fixtures", "portable")
    f = lambda name: os.path.join(fix, name)
    cases = []
    for pdb in ("App", "AppEmbedSrc", "AppRelease", "EncBase", "Lib", "VbApp"):
        cases.append((f"pdbtoxml/{pdb}.pdb.xml", [f(pdb + ".pdb")]))
    for pe in ("AppEmbedded.exe", "LibEmbedded.dll", "VbLib.dll"):
        cases.append((f"pdbtoxml/{pe}.xml", [f(pe)]))
    cases += [
        ("pdbtoxml/App.pdb.method-1b.xml", ["--method", "0x0600001b", "--tokens", f("App.pdb")]),
        ("pdbtoxml/AppEmbedSrc.pdb.sources.xml", ["--source", f("AppEmbedSrc.pdb")]),
        ("pdbtoxml/AppEmbedSrc.pdb.srcsvr.xml", ["--srcsvr", f("AppEmbedSrc.pdb")]),
        ("pdbtoxml/Lib.pdb.method-spans.xml", ["--method-spans", f("Lib.pdb")]),
        ("pdbtoxml/VbLib.dll-with-App.pdb.xml", [f("VbLib.dll"), f("App.pdb")]),
    ]
    return cases


def corpus_portable_cases(corpus):
    """The corpus's Portable PDBs and embedded-PDB modules (pdbtoxml-golden.sh)."""
    d = os.path.join(corpus, "cecil")
    if not os.path.isdir(os.path.join(d, "portable")):
        return []
    cases = [(f"pdbtoxml/cecil/portable/{name}.xml", [os.path.join(d, "portable", name)])
             for name in sorted(os.listdir(os.path.join(d, "portable"))) if name.endswith(".pdb")]
    for pe in ("EmbeddedCompressedPdbTarget.exe", "EmbeddedPdbChecksumLib.dll",
               "EmbeddedPdbDeterministic.dll"):
        cases.append((f"pdbtoxml/cecil/embedded/{pe}.xml", [os.path.join(d, "embedded", pe)]))
    return cases


def windows_cases(corpus):
    """The cases ms-xml-golden.sh writes: every Windows PDB of the corpus, read in place."""
    d = os.path.join(corpus, "cecil", "windows")
    if not os.path.isdir(d):
        return []
    return [(f"ms_xml/cecil/{name}.xml", [os.path.join(d, name)])
            for name in sorted(os.listdir(d)) if name.endswith(".pdb")]


class Rule:
    def __init__(self, golden, kind, text, reason, line):
        self.golden, self.kind, self.text, self.reason, self.line = golden, kind, text, reason, line
        self.used = 0

    def matches(self, golden, kind, text=""):
        return (self.kind == kind and fnmatch.fnmatchcase(golden, self.golden)
                and fnmatch.fnmatchcase(text, self.text))


def load_rules(path):
    rules, reason = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("#"):
                reason.append(line[1:].strip())
                continue
            if not line.strip():
                reason = []
                continue
            golden, kind, text = line.split("|", 2)
            if kind not in ("bom", "final-eol", "-", "+", "error"):
                sys.exit(f"{path}:{n}: unknown kind {kind!r}")
            if not reason:
                sys.exit(f"{path}:{n}: an entry needs a reason (a # line before it)")
            rules.append(Rule(golden, kind, text, " ".join(reason), n))
    return rules


def take(rules, golden, kind, text=""):
    for r in rules:
        if r.matches(golden, kind, text):
            r.used += 1
            return True
    return False


def dump(tool, library, args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "dump.xml")
        p = subprocess.run([tool, "dump", "--library", library, "-o", out] + args,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode != 0:
            return None, p.stderr.decode("utf-8", "replace")
        with open(out, "rb") as f:
            return f.read(), ""


def lines_of(data):
    """The lines of XML written with CRLF line ends; a line that does not end in CRLF (a lone
    CR or LF inside one is a difference too) keeps what it ends with."""
    parts = data.split(b"\r\n")
    last = parts.pop()
    lines = [p.decode("utf-8", "surrogateescape") for p in parts]
    return lines, last


def compare(golden_name, golden, ours, rules, report):
    failures = 0
    if golden.startswith(BOM) and not ours.startswith(BOM):
        if take(rules, golden_name, "bom"):
            golden = golden[len(BOM):]
        else:
            report(f"{golden_name}: the golden starts with a UTF-8 BOM, the dump does not")
            failures += 1
    g_lines, g_last = lines_of(golden)
    o_lines, o_last = lines_of(ours)
    if g_last != b"" and o_last == b"":
        # The golden's last line has no line end; the dump's has one.
        if take(rules, golden_name, "final-eol"):
            g_lines.append(g_last.decode("utf-8", "surrogateescape"))
            g_last = b""
        else:
            report(f"{golden_name}: the golden's last line has no CRLF, the dump's has")
            failures += 1
    if g_last != o_last:
        report(f"{golden_name}: different endings: {g_last!r} vs {o_last!r}")
        failures += 1
    diff = list(difflib.unified_diff(g_lines, o_lines, "golden", "corsym", n=1, lineterm=""))
    unlisted = []
    for d in diff[2:]:
        if d.startswith("@@") or d.startswith(" "):
            continue
        kind, text = d[0], d[1:]
        if not take(rules, golden_name, kind, text):
            unlisted.append(d)
    if unlisted:
        failures += 1
        report(f"{golden_name}: {len(unlisted)} unlisted different line(s); the whole diff:")
        for d in diff:
            report("    " + d)
    return failures


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__.split("usage: ")[1])
    tool, library, repo = sys.argv[1:4]
    corpus = sys.argv[4] if len(sys.argv) == 5 else os.path.join(repo, "..", "shared", "corpus")
    expected = os.path.join(repo, "tests", "cli", "expected")
    rules = load_rules(os.path.join(expected, "oracle_differences.txt"))
    cases = portable_cases(repo) + corpus_portable_cases(corpus) + windows_cases(corpus)
    failures, compared, errors = 0, 0, 0
    messages = []
    for golden_name, args in cases:
        path = os.path.join(expected, golden_name)
        if os.path.exists(path + ".error"):
            with open(path + ".error", encoding="utf-8") as f:
                first = f.readline().rstrip("\n")
            if take(rules, golden_name, "error", first):
                errors += 1
            else:
                messages.append(f"{golden_name}: the oracle failed ({first}) and no error entry lists it")
                failures += 1
            # The dump must still succeed where the oracle failed.
            ours, err = dump(tool, library, args)
            if ours is None:
                messages.append(f"{golden_name}: corsym dump failed: {err.strip()}")
                failures += 1
            continue
        if not os.path.exists(path):
            messages.append(f"{golden_name}: no golden (run {'pdbtoxml-golden.sh' if golden_name.startswith('pdbtoxml/') else 'ms-xml-golden.sh'})")
            failures += 1
            continue
        with open(path, "rb") as f:
            golden = f.read()
        ours, err = dump(tool, library, args)
        if ours is None:
            messages.append(f"{golden_name}: corsym dump failed: {err.strip()}")
            failures += 1
            continue
        compared += 1
        failures += compare(golden_name, golden, ours, rules, messages.append)
    corpus_present = any(g.startswith("ms_xml/") for g, _ in cases)
    for r in rules:
        from_corpus = r.golden.startswith("ms_xml/") or r.golden.startswith("pdbtoxml/cecil/")
        if r.used == 0 and (corpus_present or not from_corpus):
            messages.append(f"oracle_differences.txt:{r.line}: entry never used (stale): "
                            f"{r.golden}|{r.kind}|{r.text}")
            failures += 1
    for m in messages:
        print(m)
    used = sum(r.used for r in rules)
    print(f"check_oracle_xml: {compared} dumps compared with their oracle's XML, {errors} inputs the "
          f"oracle failed on, {len(rules)} listed differences ({used} uses), "
          f"{'corpus present' if corpus_present else 'corpus absent'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
