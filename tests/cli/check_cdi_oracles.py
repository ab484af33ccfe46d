#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the <customDebugInfo> of `corsym dump` against data corsym did not produce.

The raw custom debug information comes from the oracles:
  * Portable PDBs: the CustomDebugInformation rows System.Reflection.Metadata reads
    (`cdi ... parent=<token> kind=<guid> value=<hex>` in tests/oracle/expected/fixtures/);
  * Windows PDBs: the MD2 attribute Microsoft's DiaSymReader DLL answers under Wine
    (`method <token> ... md2=<hex>` in tests/wine/expected/ms_api/).
This script renders those bytes the way dotnet/symreader-converter's PdbToXml does (written
from its documented element and attribute names, independently of src/cli/cdi.c) and compares
the result, method by method (by token), with what `corsym dump --tokens` prints: the same
methods must carry a <customDebugInfo>, with the same elements, attributes and text. A
<forward>/<forwardToModule> is compared by its token only (names are the dump's business).
The module-level <customDebugInfo> of a Portable PDB is compared the same way.

usage: check_cdi_oracles.py TOOL LIBRARY REPO [CORPUS]   (exit 0 ok, 1 difference)
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ET

import pe_names
from check_body_oracles import unquote

BAD = "?"

# ---- little readers ---------------------------------------------------------------------


class Blob:
    def __init__(self, data):
        self.d, self.p = data, 0

    def left(self):
        return len(self.d) - self.p

    def u8(self):
        if self.left() < 1:
            raise EOFError
        self.p += 1
        return self.d[self.p - 1]

    def i16(self):
        if self.left() < 2:
            raise EOFError
        self.p += 2
        return struct.unpack_from("<h", self.d, self.p - 2)[0]

    def u16(self):
        return self.i16() & 0xFFFF

    def i32(self):
        if self.left() < 4:
            raise EOFError
        self.p += 4
        return struct.unpack_from("<i", self.d, self.p - 4)[0]

    def cuint(self):  # ECMA-335 II.23.2 compressed unsigned integer
        b = self.u8()
        if b & 0x80 == 0:
            return b
        if b & 0xC0 == 0x80:
            return ((b & 0x3F) << 8) | self.u8()
        if b & 0xE0 == 0xC0:
            return ((b & 0x1F) << 24) | (self.u8() << 16) | (self.u8() << 8) | self.u8()
        raise EOFError

    def cint(self):  # compressed signed: the sign bit rotated into bit 0
        start = self.p
        b = self.d[start] if self.left() else 0
        v = self.cuint()
        width = {1: 6, 2: 13, 4: 28}[self.p - start]
        if v & 1:
            return (v >> 1) - (1 << width)
        return v >> 1

    def utf8z(self):
        try:
            z = self.d.index(0, self.p)
        except ValueError:
            return None
        s = self.d[self.p:z].decode("utf-8", "replace")
        self.p = z + 1
        return s


def el(tag, attrs=(), kids=None, text=None):
    return (tag, tuple(attrs), text, tuple(kids or ()))


# ---- PdbToXml's renderings ----------------------------------------------------------------


def slot_map(data):
    kids = []
    b = Blob(data)
    baseline = -1
    while b.left():
        x = b.u8()
        if x == 0xFF:
            try:
                baseline = -b.cuint()
            except EOFError:
                kids.append(el("baseline", text=BAD))
                break
            continue
        if x == 0:
            kids.append(el("slot", [("kind", "temp")]))
            continue
        has_ordinal = bool(x & 0x80)
        attrs = [("kind", str((x & 0x3F) - 1))]
        try:
            attrs.append(("offset", str(b.cuint() + baseline)))
        except EOFError:
            attrs.append(("offset", BAD))
        if has_ordinal:
            try:
                attrs.append(("ordinal", str(b.cuint())))
            except EOFError:
                attrs.append(("ordinal", BAD))
        kids.append(el("slot", attrs))
    return el("encLocalSlotMap", kids=kids)


def lambda_map(data):
    kids = []
    if data:
        b = Blob(data)
        kids.append(el("methodOrdinal", text=str(b.cuint() - 1)))
        baseline = -b.cuint()
        closures = b.cuint()
        for _ in range(closures):
            kids.append(el("closure", [("offset", str(b.cuint() + baseline))]))
        while b.left():
            attrs = [("offset", str(b.cuint() + baseline))]
            c = b.cuint() - 2
            if c == -2:
                attrs.append(("closure", "this"))
            elif c != -1:
                attrs.append(("closure", str(c) + (" (invalid)" if c >= closures else "")))
            kids.append(el("lambda", attrs))
    return el("encLambdaMap", kids=kids)


def state_map(data):
    kids = []
    if data:
        b = Blob(data)
        count = b.cuint()
        if count > 0:
            baseline = -b.cuint()
            for _ in range(count):
                n = b.cint()
                kids.append(el("state", [("number", str(n)), ("offset", str(b.cuint() + baseline))]))
    return el("encStateMachineStateMap", kids=kids)


def hoisted(pairs):
    kids = []
    for start, end in pairs:
        if start == 0 and end == 0:
            kids.append(el("slot"))
        else:
            kids.append(el("slot", [("startOffset", "0x%x" % start), ("endOffset", "0x%x" % end)]))
    return el("hoistedLocalScopes", kids=kids)


MD2_NAMES = ["UsingGroups", "ForwardMethodInfo", "ForwardModuleInfo",
             "StateMachineHoistedLocalScopes", "StateMachineTypeName", "DynamicLocals",
             "EditAndContinueLocalSlotMap", "EditAndContinueLambdaMap", "TupleElementNames"]


def md2_record(kind, data):
    b = Blob(data)
    if kind == 0:
        n = b.i16()
        return el("using", kids=[el("namespace", [("usingCount", str(b.i16()))]) for _ in range(n)])
    if kind in (1, 2):
        return el("forward" if kind == 1 else "forwardToModule", [("token", "0x%x" % (b.i32() & 0xFFFFFFFF))])
    if kind == 3:
        pairs = []
        for _ in range(b.i32()):
            s, e = b.i32(), b.i32()
            pairs.append((s, e) if s == 0 and e == 0 else (s, e + 1))  # stored end-inclusive
        return hoisted(pairs)
    if kind == 4:
        chars = []
        while True:
            c = b.u16()
            if c == 0:
                break
            chars.append(c)
        return el("forwardIterator", [("name", struct.pack("<%dH" % len(chars), *chars).decode("utf-16-le"))])
    if kind == 5:
        kids = []
        for _ in range(b.i32()):
            flags = [b.u8() for _ in range(64)]
            count = b.i32()
            slot = b.i32()
            raw = data[b.p:b.p + 128]
            b.p += 128
            name = raw.decode("utf-16-le").split("\0")[0]
            bits = "".join("1" if f else "0" for f in flags[:max(0, min(count, 64))])
            kids.append(el("bucket", [("flags", bits), ("slotId", str(slot)), ("localName", name)]))
        return el("dynamicLocals", kids=kids)
    if kind == 6:
        return slot_map(data)
    if kind == 7:
        return lambda_map(data)
    if kind == 8:
        kids = []
        for _ in range(b.i32()):
            names = [b.utf8z() for _ in range(b.i32())]
            slot, start, end = b.i32(), b.i32(), b.i32()
            local = b.utf8z()
            kids.append(el("local", [("elementNames", "".join("|" + n for n in names)),
                                     ("slotIndex", str(slot)), ("localName", local),
                                     ("scopeStart", "0x%x" % start), ("scopeEnd", "0x%x" % end)]))
        return el("tupleElementNames", kids=kids)
    if kind == 9:
        return state_map(data)
    return None


def md2(data):
    kids = []
    if len(data) >= 4 and data[0] == 4:
        off = 4
        while off <= len(data) - 8:
            version, kind, align = data[off], data[off + 1], data[off + 3]
            size = struct.unpack_from("<i", data, off + 4)[0]
            off += 8
            if size < 8 or size - 8 > len(data) - off:
                break
            body = size - 8
            if kind not in (6, 7, 8):
                align = 0
            if align > 3 or align > body:
                break
            payload = data[off:off + body - align]
            off += body
            rendered = md2_record(kind, payload) if version == 4 else None
            if rendered is None:
                name = MD2_NAMES[kind] if kind < len(MD2_NAMES) else str(kind)
                rendered = el("unknown", [("kind", name), ("version", str(version)),
                                          ("payload", "-".join("%02X" % x for x in payload))])
            kids.append(rendered)
    return el("customDebugInfo", kids=kids)


HOISTED, SLOTS, LAMBDAS, STATES = ("6da9a61e-f8c7-4874-be62-68bc5630df71",
                                   "755f52a8-91c5-45be-b4b8-209571e552bd",
                                   "a643004c-0240-496f-a783-30d64f4979de",
                                   "8b78cd68-2ede-420b-980b-e15884b8aaa3")
OPTIONS, REFERENCES, DEFAULT_NS = ("b5feec05-8cd0-4a83-96da-466284bb4bd8",
                                   "7e4d4708-096e-4c5c-aeda-cb10ba6a740d",
                                   "58b2eab6-209f-4e4e-a22c-b2d0f910c782")


def portable_method(rows):
    kids = []
    for kind in (HOISTED, SLOTS, LAMBDAS, STATES):  # PdbToXml's order, the Windows one
        for k, data in rows:
            if k != kind:
                continue
            if kind == HOISTED:
                b = Blob(data)
                pairs = []
                while b.left():
                    s, n = b.i32(), b.i32()
                    pairs.append((s, s + n))
                kids.append(hoisted(pairs))
            elif kind == SLOTS:
                kids.append(slot_map(data))
            elif kind == LAMBDAS:
                kids.append(lambda_map(data))
            else:
                kids.append(state_map(data))
    return el("customDebugInfo", kids=kids) if kids else None


def portable_module(rows):
    kids = []
    for kind, data in rows:
        b = Blob(data)
        if kind == OPTIONS:
            opts = []
            while b.left():
                n = b.utf8z()
                v = b.utf8z() if n is not None else None
                opts.append(el("option", [("name", n if n is not None else BAD),
                                          ("value", v if v is not None else BAD)]))
                if n is None or v is None:
                    break
            kids.append(el("compilationOptions", kids=opts))
        elif kind == REFERENCES:
            refs = []
            while b.left():
                name, aliases = b.utf8z(), b.utf8z()
                flags = b.u8()
                stamp, size = b.i32() & 0xFFFFFFFF, b.i32() & 0xFFFFFFFF
                mvid = str(uuid.UUID(bytes_le=bytes(data[b.p:b.p + 16])))
                b.p += 16
                attrs = [("fileName", name)]
                if aliases:
                    attrs.append(("aliases", aliases))
                flag_text = {0: "0", 1: "Assembly", 2: "EmbedInteropTypes",
                             3: "Assembly, EmbedInteropTypes"}.get(flags, str(flags))
                attrs += [("flags", flag_text), ("timeStamp", "0x%08X" % stamp),
                          ("fileSize", "0x%08X" % size), ("mvid", mvid)]
                refs.append(el("reference", attrs))
            kids.append(el("compilationMetadataReferences", kids=refs))
        elif kind == DEFAULT_NS:
            kids.append(el("defaultnamespace", [("name", b.utf8z() or "")]))
        else:
            kids.append(el("unknown", [("kind", kind), ("data", "-".join("%02X" % x for x in data))]))
    return el("customDebugInfo", kids=kids) if kids else None


# ---- the dump side --------------------------------------------------------------------------


def canon(e):
    attrs = list(e.attrib.items())
    if e.tag in ("forward", "forwardToModule"):
        attrs = [(k, v) for k, v in attrs if k == "token"]
    text = e.text if (e.text and e.text.strip()) else None
    return el(e.tag, attrs, [canon(k) for k in e], text)


def dump(tool, library, args):
    out = subprocess.run([tool, "--library", library, "dump", "--tokens"] + args,
                         check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    methods = {}
    for m in root.iter("method"):
        if m.find("customDebugInfo") is not None:
            methods[int(m.get("token"), 16)] = canon(m.find("customDebugInfo"))
    module = root.find("customDebugInfo")
    return methods, (canon(module) if module is not None else None)


def show(e, depth=0):
    tag, attrs, text, kids = e
    line = "  " * depth + "<" + tag + "".join(' %s="%s"' % a for a in attrs) + (">" + text if text else "")
    return "\n".join([line] + [show(k, depth + 1) for k in kids])


def compare(label, want_methods, want_module, got_methods, got_module):
    problems = []
    for token in sorted(set(want_methods) | set(got_methods)):
        w, g = want_methods.get(token), got_methods.get(token)
        if w != g:
            problems.append("%s method 0x%08x:\n  oracle:\n%s\n  dump:\n%s" % (
                label, token, show(w, 2) if w else "    (none)", show(g, 2) if g else "    (none)"))
    if want_module != got_module:
        problems.append("%s module:\n  oracle:\n%s\n  dump:\n%s" % (
            label, show(want_module, 2) if want_module else "    (none)",
            show(got_module, 2) if got_module else "    (none)"))
    return problems


def portable_case(tool, library, oracle_txt, args, label):
    rows = {}
    for line in open(oracle_txt, encoding="utf-8"):
        m = re.match(r"cdi \d+ parent=0x([0-9a-f]{8}) kind=(\S+) name=\S+ value=([0-9a-f]*)$", line.rstrip("\n"))
        if m:
            rows.setdefault(int(m.group(1), 16), []).append((m.group(2), bytes.fromhex(m.group(3))))
    want = {}
    for parent, r in rows.items():
        if parent >> 24 == 0x06:
            rendered = portable_method(r)
            if rendered:
                want[parent] = rendered
    got, module = dump(tool, library, args)
    return compare(label, want, portable_module(rows.get(1, [])), got, module), len(want)


def windows_case(tool, library, golden, pdb, label):
    want = {}
    for line in open(golden, encoding="utf-8"):
        m = re.match(r"method (0x[0-9a-f]{8}) .*\bmd2=([0-9a-f]+) ", line)
        if m:
            want[int(m.group(1), 16)] = md2(bytes.fromhex(m.group(2)))
    got, module = dump(tool, library, [pdb])
    return compare(label, want, None, got, None), len(want)


DYNAMIC, TUPLES = ("83c563c4-b4f3-47d5-b824-ba5441477ea8", "ed9fdf71-8879-4747-8ed3-fe5ede3ce710")


def converted_expectation(oracle_txt, pe):
    """What a Windows PDB converted from this Portable PDB should show, per method, when its
    MD2 is written as Pdb2Pdb writes it: a kick-off method's state machine name, otherwise
    hoisted scopes, dynamic locals and tuple element names of its locals and constants; then
    the EnC maps. Everything from the oracle's rows (scope, local, const, statemachine, cdi),
    the state machine's name from the module's metadata (pe_names.py)."""
    scopes, rows, kickoffs, import_scopes, last_import = [], {}, {}, {}, 0
    for line in open(oracle_txt, encoding="utf-8"):
        line = line.rstrip("\n")
        m = re.match(r"scope (\d+) method=0x([0-9a-f]{8}) il=(\d+)-(\d+) imports=(\d+)", line)
        if m:
            scopes.append({"method": int(m.group(2), 16), "start": int(m.group(3)),
                           "end": int(m.group(4)), "imports": int(m.group(5)), "locals": [],
                           "consts": []})
            continue
        m = re.match(r"importscope (\d+) parent=(\d+) ", line)
        if m:
            import_scopes[int(m.group(1))] = (int(m.group(2)), [])
            last_import = int(m.group(1))
            continue
        m = re.match(r"  import (\S+) ", line)
        if m:
            import_scopes[last_import][1].append(m.group(1))
            continue
        m = re.match(r"  local (\d+) slot=(\d+) attrs=\d+ name=(.*)$", line)
        if m:
            scopes[-1]["locals"].append((int(m.group(1)), int(m.group(2)), unquote(m.group(3))))
            continue
        m = re.match(r'  const (\d+) name=("(?:[^"\\]|\\.)*")', line)
        if m:
            scopes[-1]["consts"].append((int(m.group(1)), unquote(m.group(2))))
            continue
        m = re.match(r"statemachine \d+ movenext=0x([0-9a-f]{8}) kickoff=0x([0-9a-f]{8})", line)
        if m:
            kickoffs[int(m.group(2), 16)] = int(m.group(1), 16)
            continue
        m = re.match(r"cdi \d+ parent=0x([0-9a-f]{8}) kind=(\S+) name=\S+ value=([0-9a-f]*)$", line)
        if m:
            rows.setdefault(int(m.group(1), 16), []).append((m.group(2), bytes.fromhex(m.group(3))))
    md = pe_names.Metadata(pe)

    def first(parent, kind):
        return next((data for k, data in rows.get(parent, []) if k == kind), None)

    want = {}
    module_aliases = 1 in import_scopes and "alias-assembly" in import_scopes[1][1]
    alias_method = None
    methods = {t for t in rows if t >> 24 == 0x06} | {s["method"] for s in scopes} | set(kickoffs)
    for token in sorted(methods):
        kids = []
        if token in kickoffs:
            owner = pe_names.declaring_type(md, kickoffs[token] & 0xFFFFFF)
            kids.append(el("forwardIterator", [("name", md.string(md.get(0x02, owner, 1)))]))
        else:
            # C#'s using groups, as Pdb2Pdb counts the import strings it writes: per import
            # scope of the outermost local scope, innermost first, every import but the
            # module's assembly aliases (alias-assembly, written once as "Z" strings), a
            # project-level scope only when it has any. The first such method holds the
            # module's aliases and the others point at it (forwardToModule).
            # VB PDBs (a default namespace) have none.
            mine = [sc for sc in scopes if sc["method"] == token]
            if mine and mine[0]["imports"] and first(1, DEFAULT_NS) is None:
                groups, scope = [], mine[0]["imports"]
                while scope:
                    parent, kinds = import_scopes[scope]
                    count = sum(1 for k in kinds if k != "alias-assembly")
                    if parent or count:
                        groups.append(count)
                    scope = parent
                kids.append(el("using", kids=[el("namespace", [("usingCount", str(g))]) for g in groups]))
                if module_aliases:
                    if alias_method is None:
                        alias_method = token
                    else:
                        kids.append(el("forwardToModule", [("token", "0x%x" % alias_method)]))
            data = first(token, HOISTED)
            if data is not None:
                b = Blob(data)
                pairs = []
                while b.left():
                    start, length = b.i32(), b.i32()
                    pairs.append((start, start + length))
                kids.append(hoisted(pairs))
            buckets, tuples = [], []
            for scope in (s for s in scopes if s["method"] == token):
                entries = [(0x33000000 | r, slot, name, slot, 0, 0) for r, slot, name in scope["locals"]]
                entries += [(0x34000000 | r, 0, name, -1, scope["start"], scope["end"])
                            for r, name in scope["consts"]]
                for parent, slot, name, tuple_slot, start, end in entries:
                    flags = first(parent, DYNAMIC)
                    if flags and len(flags) * 8 <= 64 and len(name.encode("utf-16-le")) // 2 < 64:
                        bits = "".join("1" if flags[i // 8] >> (i % 8) & 1 else "0"
                                       for i in range(len(flags) * 8))
                        buckets.append(el("bucket", [("flags", bits), ("slotId", str(slot)),
                                                     ("localName", name)]))
                    names = first(parent, TUPLES)
                    if names:
                        joined = "".join("|" + n.decode("utf-8") for n in names.split(b"\0")[:-1])
                        tuples.append(el("local", [("elementNames", joined),
                                                   ("slotIndex", str(tuple_slot)), ("localName", name),
                                                   ("scopeStart", "0x%x" % start),
                                                   ("scopeEnd", "0x%x" % end)]))
            if buckets:
                kids.append(el("dynamicLocals", kids=buckets))
            if tuples:
                kids.append(el("tupleElementNames", kids=tuples))
        for kind, render in ((SLOTS, slot_map), (LAMBDAS, lambda_map), (STATES, state_map)):
            data = first(token, kind)
            if data is not None:
                kids.append(render(data))
        if kids:
            want[token] = el("customDebugInfo", kids=kids)
    return want


def converted_case(tool, library, oracle_txt, pdb, pe, work, label):
    out = os.path.join(work, os.path.basename(pdb) + ".windows.pdb")
    if os.path.exists(out):
        os.remove(out)
    subprocess.run([tool, "--library", library, "convert", pdb, out, "--to", "windows"],
                   check=True, capture_output=True)
    got, _ = dump(tool, library, [pe, out])
    want = converted_expectation(oracle_txt, pe)
    return compare(label + " -> Windows", want, None, got, None), len(want)


def main():
    tool, library, repo = sys.argv[1:4]
    corpus = sys.argv[4] if len(sys.argv) > 4 else os.path.join(repo, "..", "shared", "corpus")
    fixtures = os.path.join(repo, "tests", "fixtures", "portable")
    oracle = os.path.join(repo, "tests", "oracle", "expected", "fixtures")
    problems, checked = [], 0
    cases = [(n + ".pdb.txt", [os.path.join(fixtures, n + ".pdb")], n + ".pdb")
             for n in ("App", "AppEmbedSrc", "AppRelease", "EncBase", "Lib", "VbApp")]
    cases += [(n + ".pdb.txt", [os.path.join(fixtures, n)], n)
              for n in ("AppEmbedded.exe", "LibEmbedded.dll", "VbLib.dll")]
    cases = [(os.path.join(oracle, txt), args, label) for txt, args, label in cases]
    # The corpus's Portable and embedded PDBs, where tests/oracle dumped them.
    for group in ("portable", "embedded"):
        dumps = os.path.join(repo, "tests", "oracle", "expected", "cecil", group)
        src = os.path.join(corpus, "cecil", group)
        if not os.path.isdir(dumps) or not os.path.isdir(src):
            continue
        for name in sorted(os.listdir(dumps)):
            if not name.endswith(".pdb.txt"):
                continue
            # X.pdb.txt dumps X.pdb; X.exe.pdb.txt the PDB embedded in X.exe.
            stem = name[:-len(".pdb.txt")]
            target = os.path.join(src, stem if os.path.splitext(stem)[1] else stem + ".pdb")
            if os.path.exists(target):
                cases.append((os.path.join(dumps, name), [target], "cecil/%s/%s" % (group, stem)))
    for txt, args, label in cases:
        p, n = portable_case(tool, library, txt, args, label)
        problems += p
        checked += n
    # Converted to Windows PDBs: the MD2 convert writes, read back, against the oracle's rows.
    with tempfile.TemporaryDirectory() as work:
        for name, ext in (("App", "exe"), ("AppRelease", "exe"), ("EncBase", "dll"), ("Lib", "dll"),
                          ("VbApp", "exe")):
            p, n = converted_case(tool, library, os.path.join(oracle, name + ".pdb.txt"),
                                  os.path.join(fixtures, name + ".pdb"),
                                  os.path.join(fixtures, name + "." + ext), work, name + ".pdb")
            problems += p
            checked += n
    golden_dir = os.path.join(repo, "tests", "wine", "expected", "ms_api")
    windows = os.path.join(corpus, "cecil", "windows")
    if os.path.isdir(windows):
        for golden in sorted(os.listdir(golden_dir)):
            pdb = os.path.join(windows, golden[:-len(".txt")])
            if os.path.exists(pdb):
                p, n = windows_case(tool, library, os.path.join(golden_dir, golden), pdb, golden[:-4])
                problems += p
                checked += n
    else:
        print("check_cdi_oracles: corpus not found at %s; Windows PDBs not checked" % corpus)
    for p in problems:
        print(p)
    print("check_cdi_oracles: %d methods with custom debug information compared, %d differences"
          % (checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
