#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the body of `corsym dump` - files, sequence points, scopes, locals, constants,
namespaces, async information - against what other readers answer through the same COM API:

  * Portable PDBs: tests/oracle-com/expected/ (System.Reflection.Metadata's model of
    Microsoft's portable reader, Microsoft.DiaSymReader.PortablePdb);
  * Windows PDBs: tests/wine/expected/ms_api/ (Microsoft's DiaSymReader DLL under Wine).

Each oracle line is turned into the element Pdb2Xml writes for it (rules from
dotnet/symreader-converter's PdbToXml: hex offsets, hidden="true"/"invalid", document ids by
first occurrence of a name, the empty root scope shown through its children, locals with
their scope's range, a constant's value with "null" for a zero of a reference type) and
compared, method by method (by token), with `corsym dump --tokens`. Method and type names
(containingType/name/parameterNames, declaringType/methodName of references) are checked
against the module's metadata as pe_names.py reads it. Not compared: a constant's signature=
(decoded through metadata), and <customDebugInfo> (check_cdi_oracles.py).

usage: check_body_oracles.py TOOL LIBRARY REPO [CORPUS]   (exit 0 ok, 1 difference)
"""
import datetime
import decimal
import os
import re
import subprocess
import sys
import unicodedata

import pe_names
import xml.etree.ElementTree as ET

HIDDEN = 0xFEEFEE
NAMES_CHECKED = 0
ANY = object()  # a value this script does not model: anything the dump says goes
NAMESPACE_TAGS = {"namespace", "type", "alias", "extern", "externinfo", "defunct", "xmlnamespace",
                  "currentnamespace", "defaultnamespace", "importsforward", "invalid-custom-data",
                  "unknown"}


def unquote(s):
    """A quoted string of the oracle formats (FORMAT.md §1) as text."""
    assert s[0] == '"' and s[-1] == '"', s
    out, i, s = [], 0, s[1:-1]
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "u":
            out.append(chr(int(s[i + 2:i + 6], 16)))
            i += 6
            continue
        out.append({"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t"}[n])
        i += 2
    # Pair up surrogates the escapes spelled one unit at a time; a lone one stays as it is.
    return "".join(out).encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


def fields(line):
    """key=value fields; a quoted value may hold spaces."""
    return {m.group(1): m.group(2) for m in re.finditer(r'(\w+)=((?:\w+:)?"(?:[^"\\]|\\.)*"|\S*)', line)}


class Scope:
    def __init__(self, start, end, namespaces):
        self.start, self.end, self.namespaces = start, end, namespaces
        self.locals, self.constants, self.children, self.names = [], [], [], []


def parse(path):
    docs, methods = [], {}
    current, stack = None, []
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        body = line.lstrip(" ")
        depth = (len(line) - len(body)) // 2
        word = body.split(" ", 1)[0]
        f = fields(body)
        if word == "document":
            docs.append(unquote(f["url"]))
        elif word == "method":
            token = int(body.split()[1], 16)
            current = None if "!E_FAIL" in body.split()[2:3] else {"points": [], "scope": None,
                                                                    "async": None}
            methods[token] = current
            stack = []
        elif current is None:
            continue
        elif word == "sp":
            m = re.match(r"sp il=(\d+) doc=(\d+) (\d+):(\d+)-(\d+):(\d+)", body)
            current["points"].append(tuple(int(x) for x in m.groups()))
        elif word == "async":
            current["async"] = {"kickoff": f["kickoff"], "catch": f["catch"], "steps": []}
        elif word == "step":
            current["async"]["steps"].append((int(f["yield"]), int(f["resume"]), f["method"]))
        elif word == "scope":
            a, b = f["il"].split("-")
            ns = f.get("namespaces", "0")
            s = Scope(int(a), int(b), int(ns) if ns.isdigit() else 0)
            del stack[depth - 1:]
            if stack:
                stack[-1].children.append(s)
            else:
                current["scope"] = s
            stack.append(s)
        elif word == "namespace":
            stack[-1].names.append(unquote(f["name"]))
        elif word == "local":
            stack[-1].locals.append((unquote(f["name"]), int(f["slot"]), int(f["attrs"])))
        elif word == "const":
            stack[-1].constants.append((unquote(f["name"]), f["value"], f["sig"]))
    return docs, methods


def el(tag, attrs=(), kids=()):
    return (tag, tuple(attrs), tuple(kids))


def hx(n):
    return "0x%x" % n


def possibly_null(sig):
    """PdbToXml's IsPossiblyNullConstantType over the signature bytes."""
    if not sig:
        return True
    if sig[0] in (0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x18, 0x19):
        return False
    if sig[0] == 0x15:  # GENERICINST: a class unless VALUETYPE follows
        return len(sig) == 1 or sig[1] != 0x11
    return sig[0] != 0x11  # VALUETYPE


def escape_nonprintable(s):
    """StringUtilities.EscapeNonPrintableCharacters: per UTF-16 unit, \\uXXXX for controls,
    unassigned code points, the paragraph separator, surrogates and U+FFFC and above."""
    raw = s.encode("utf-16-le", "surrogatepass")
    out = []
    for i in range(0, len(raw), 2):
        c = raw[i] | raw[i + 1] << 8
        if unicodedata.category(chr(c)) in ("Cc", "Cn", "Zp", "Cs") or c >= 0xFFFC:
            out.append("\\u%04X" % c)
        else:
            out.append(chr(c))
    return "".join(out)


# VARIANT kinds of the oracles' value= and the .NET types Microsoft.DiaSymReader maps them to.
CLR_TYPES = {"I1": "SByte", "UI1": "Byte", "I2": "Int16", "UI2": "UInt16", "I4": "Int32",
             "UI4": "UInt32", "I8": "Int64", "UI8": "UInt64", "R4": "Single", "R8": "Double",
             "BSTR": "String", "BOOL": "Boolean", "DECIMAL": "Decimal"}
# Signature type codes and their names (SignatureTypeCode), with the .NET type PdbToXml's
# GetConstantRuntimeType expects the value to have for each.
SIG_NAMES = {0x02: "Boolean", 0x03: "Char", 0x04: "SByte", 0x05: "Byte", 0x06: "Int16",
             0x07: "UInt16", 0x08: "Int32", 0x09: "UInt32", 0x0A: "Int64", 0x0B: "UInt64",
             0x0C: "Single", 0x0D: "Double", 0x0E: "String"}
SIG_RUNTIME = {0x02: "Int16", 0x03: "UInt16", 0x04: "Int16", 0x05: "Int16", 0x06: "Int16",
               0x07: "UInt16", 0x08: "Int32", 0x09: "UInt32", 0x0A: "Int64", 0x0B: "UInt64",
               0x0C: "Single", 0x0D: "Double", 0x0E: "String"}
INTEGRAL = {"I1", "UI1", "I2", "UI2", "I4", "UI4", "I8", "UI8"}


def dashed(b):
    return "-".join("%02X" % x for x in b)


def constant_attrs(value, sig_hex):
    """The attributes PdbToXml writes after a constant's name (PdbToXml.cs WriteLocals);
    ANY where this script does not model the text (a signature decoded through metadata,
    a DateTime)."""
    sig = bytes.fromhex(sig_hex) if not sig_hex.startswith("!") else b""
    kind, _, rest = value.partition(":")
    if kind in INTEGRAL or kind == "BOOL":
        n = int(rest)
        if n == 0 and possibly_null(sig):
            if not sig:
                return [("value", "null"), ("unknown-signature", "")]
            if sig[0] == 0x0E:
                return [("value", "null"), ("type", "String")]
            if sig[0] == 0x1C:
                return [("value", "null"), ("type", "Object")]
            return [("value", "null"), ("signature", ANY)]
        text = str(n)
    elif kind == "EMPTY":
        if sig[:1] == b"\x0e":
            return [("value", ""), ("type", "String")]
        return [("value", "null"), ("unknown-signature", dashed(sig))]
    elif kind == "DECIMAL":
        sign, scale, bits = rest.split(":")
        d = decimal.Decimal(int(bits, 16)).scaleb(-int(scale), decimal.Context(prec=60))
        return [("value", format(-d if sign == "1" else d, "f")), ("type", "Decimal")]
    elif kind == "R8" and sig and sig[0] != 0x0D:
        # DateTimeUtilities.ToDateTime: the double's bits are DateTime ticks (two flag bits
        # masked off), shown with the invariant culture's general format.
        ticks = int(rest, 16) & 0x3FFFFFFFFFFFFFFF
        when = datetime.datetime(1, 1, 1) + datetime.timedelta(microseconds=ticks // 10)
        return [("value", when.strftime("%m/%d/%Y %H:%M:%S")), ("type", "DateTime")]
    elif kind == "R4":
        text = "0x%08X" % int(rest, 16)
    elif kind == "R8":
        text = "0x%016X" % int(rest, 16)
    elif kind == "BSTR":
        text = escape_nonprintable(unquote(rest))
    else:
        return [("value", ANY)]
    clr = CLR_TYPES[kind]
    if not sig:
        return [("value", text), ("runtime-type", clr), ("unknown-signature", "")]
    runtime = SIG_RUNTIME.get(sig[0])
    if runtime is None and kind in INTEGRAL:
        return [("value", text), ("signature", ANY)]
    if runtime == clr:
        return [("value", text), ("type", SIG_NAMES[sig[0]])]
    return [("value", text), ("runtime-type", clr), ("unknown-signature", dashed(sig))]


def split(text, offset, sep):
    """Roslyn's TrySplit: (before, after) around the first sep at or after offset, or None."""
    at = text.find(sep, offset)
    return None if at < 0 else (text[offset:at], text[at + 1:])


def csharp_import(raw):
    """TryParseCSharpImportString: (alias, extern alias, target, kind), or None."""
    c, rest = raw[0], raw[1:]
    if c == "U":
        return None, None, rest, "namespace"
    if c == "T":
        return None, None, rest, "type"
    if c == "E":
        parts = split(raw, 1, " ")
        return parts and (None, parts[1], parts[0], "namespace")
    if c == "X":
        return rest, None, None, "assembly"
    if c == "Z":
        parts = split(raw, 1, " ")
        return parts and (parts[0], None, parts[1], "assembly")
    if c == "A":
        parts = split(raw, 1, " ")
        if not parts or not parts[1]:
            return None
        alias, target = parts
        if target[0] == "U":
            return alias, None, target[1:], "namespace"
        if target[0] == "T":
            return alias, None, target[1:], "type"
        if target[0] == "E":
            inner = split(target, 1, " ")
            return inner and (alias, inner[1], inner[0], "namespace")
    return None


def vb_import(raw):
    """TryParseVisualBasicImportString: (alias, target, kind, import level), or None."""
    if not raw:
        return None, raw, "current", None
    c = raw[0]
    if c in "&$#":
        return None, raw, "defunct", None
    if c == "*":
        return None, raw[1:], "default", None
    if c != "@":
        return None, raw, "current", None
    pos, level = 1, None
    if pos < len(raw) and raw[pos] in "FP":
        level = "file" if raw[pos] == "F" else "project"
        pos += 1
    if pos >= len(raw):
        return None
    c = raw[pos]
    if c in "AX":
        if pos + 1 >= len(raw) or raw[pos + 1] != ":":
            return None
        parts = split(raw, pos + 2, "=")
        return parts and (parts[0], parts[1], "namespaceOrType" if c == "A" else "xml", level)
    if c == "T":
        return None, raw[pos + 2:], "type", level
    if c == ":":
        return None, raw[pos + 1:], "namespace", level
    return None, raw[pos:], "method", level


def namespace_el(raw):
    """The element PdbToXml's WriteNamespace writes for one raw namespace string."""
    if raw and raw[0] in "UAXZET":
        parsed = csharp_import(raw)
        if parsed is None:
            return el("invalid-custom-data", [("raw", raw)])
        alias, extern, target, kind = parsed
        level = None
    else:
        parsed = vb_import(raw)
        if parsed is None:
            return el("invalid-custom-data", [("raw", raw)])
        alias, target, kind, level = parsed
        extern = None
    lv = [("importlevel", level)] if level else []
    if kind == "current":
        return el("currentnamespace", [("name", target)])
    if kind == "default":
        return el("defaultnamespace", [("name", target)])
    if kind == "method":
        return el("importsforward", [("token", hx(int(target)))])
    if kind == "xml":
        return el("xmlnamespace", [("prefix", alias), ("name", target)] + lv)
    if kind == "namespaceOrType":
        return el("alias", [("name", alias), ("target", target), ("kind", "namespace")] + lv)
    if kind == "namespace":
        if alias is not None:
            q = [("qualifier", extern)] if extern is not None else []
            return el("alias", [("name", alias)] + q + [("target", target), ("kind", "namespace")])
        q = [("qualifier", extern)] if extern is not None else []
        return el("namespace", q + [("name", target)] + lv)
    if kind == "type":
        if alias is not None:
            return el("alias", [("name", alias), ("target", target), ("kind", "type")])
        return el("type", [("name", target)] + lv)
    if kind == "assembly":
        if target is None:
            return el("extern", [("alias", alias)])
        return el("externinfo", [("alias", alias), ("assembly", target)])
    return el("defunct", [("name", raw)])


def scope_el(s, root):
    kids = [namespace_el(n) for n in s.names]
    for name, slot, attrs in s.locals:
        kids.append(el("local", [("name", name), ("il_index", str(slot)), ("il_start", hx(s.start)),
                                 ("il_end", hx(s.end)), ("attributes", str(attrs))]))
    for name, value, sig in s.constants:
        kids.append(el("constant", [("name", name)] + constant_attrs(value, sig)))
    kids += [scope_el(c, False) for c in s.children]
    attrs = [("startOffset", hx(s.start)), ("endOffset", hx(s.end))]
    return el("rootScope" if root else "scope", attrs, kids)


def expected_method(m, ids, docs):
    kids = []
    if m["points"]:
        entries = []
        for il, doc, sl, sc, extra_el, ec in m["points"]:
            attrs = [("offset", hx(il))]
            if sl == HIDDEN:
                valid = extra_el == sl and sc == 0 and ec == 0
                attrs.append(("hidden", "true" if valid else "invalid"))
            else:
                attrs += [("startLine", str(sl)), ("startColumn", str(sc)),
                          ("endLine", str(extra_el)), ("endColumn", str(ec))]
            attrs.append(("document", str(ids[docs[doc]])))
            entries.append(el("entry", attrs))
        kids.append(el("sequencePoints", (), entries))
    root = m["scope"]
    if root is not None:
        if root.namespaces == 0 and not root.locals and not root.constants:
            kids += [scope_el(c, False) for c in root.children]
        else:
            kids.append(scope_el(root, True))
    a = m["async"]
    if a is not None:
        info = []
        if a["catch"] != "none":
            info.append(el("catchHandler", [("offset", hx(int(a["catch"])))]))
        info.append(el("kickoffMethod", [("token", hx(int(a["kickoff"], 16)))]))
        for y, r, method in a["steps"]:
            info.append(el("await", [("yield", hx(y)), ("resume", hx(r)), ("token", hx(int(method, 16)))]))
        kids.append(el("asyncInfo", (), info))
    return kids


def got_element(e):
    """The dump's element in the same shape: names dropped, namespaces counted."""
    keep = {"entry": None, "local": None, "sequencePoints": None, "asyncInfo": None,
            "catchHandler": None, "await": ("yield", "resume", "token"), "kickoffMethod": ("token",),
            "constant": None, "scope": None, "rootScope": None}
    if e.tag == "importsforward":
        return el(e.tag, [("token", e.get("token"))])
    wanted = keep.get(e.tag)
    attrs = [(k, v) for k, v in e.attrib.items() if wanted is None or k in wanted]
    return el(e.tag, attrs, [got_element(k) for k in e])


def same(want, got):
    if want[0] != got[0] or len(want[1]) != len(got[1]) or len(want[2]) != len(got[2]):
        return False
    for (wk, wv), (gk, gv) in zip(want[1], got[1]):
        if wk != gk or (wv is not ANY and wv != gv):
            return False
    return all(same(w, g) for w, g in zip(want[2], got[2]))


def show(e, depth=0):
    tag, attrs, kids = e
    line = "  " * depth + "<" + tag + "".join(' %s="%s"' % (k, "*" if v is ANY else v)
                                              for k, v in attrs) + ">"
    return "\n".join([line] + [show(k, depth + 1) for k in kids])


NAMED = ("method", "entryPoint", "kickoffMethod", "await", "forward", "forwardToModule",
         "importsforward")
NAME_KEYS = ("containingType", "name", "declaringType", "methodName", "parameterNames")


def module_of(path):
    """The PE a dump of path takes its names from: path itself, or the PE beside a PDB."""
    stem, ext = os.path.splitext(path)
    if ext.lower() != ".pdb":
        return path
    for other in (".exe", ".dll"):
        if os.path.exists(stem + other):
            return stem + other
    return None


def check_names(root, pe, label):
    """Every method the dump names, against the PE's metadata read by pe_names.py."""
    md = pe_names.Metadata(pe)
    problems, count = [], 0
    for e in root.iter():
        if e.tag not in NAMED or e.get("token") is None:
            continue
        # <method-spans>' methods are references (declaringType/methodName), too
        reference = e.tag != "method" or e.get("name") is None
        want = pe_names.method_names(md, int(e.get("token"), 16), reference)
        have = [(k, v) for k, v in e.attrib.items() if k in NAME_KEYS]
        count += 1
        if want is not None and want != have:
            problems.append("%s <%s token=%s>: metadata says %s, the dump %s" % (
                label, e.tag, e.get("token"), want, have))
    return problems, count


def check(tool, library, oracle, args, label):
    docs, methods = parse(oracle)
    ids = {}
    for i, name in enumerate(docs):
        ids.setdefault(name, i + 1)
    out = subprocess.run([tool, "--library", library, "dump", "--tokens"] + args,
                         check=True, capture_output=True).stdout
    root = ET.fromstring(out)
    problems = []
    files = [(f.get("id"), f.get("name")) for f in root.iter("file")]
    want_files = [(str(ids[n]), n) for n in docs]
    if files != want_files:
        problems.append("%s files:\n  oracle: %s\n  dump:   %s" % (label, want_files, files))
    got = {}
    for m in root.find("methods") if root.find("methods") is not None else ():
        kids = [got_element(k) for k in m if k.tag != "customDebugInfo"]
        got[int(m.get("token"), 16)] = kids
    compared = 0
    for token, m in sorted(methods.items()):
        want = expected_method(m, ids, docs) if m is not None else []
        have = got.get(token, [])
        if m is not None and token not in got:
            problems.append("%s method 0x%08x: the oracle has symbols, the dump no method" % (label, token))
            continue
        compared += m is not None
        if len(want) != len(have) or not all(same(w, h) for w, h in zip(want, have)):
            problems.append("%s method 0x%08x:\n  oracle:\n%s\n  dump:\n%s" % (
                label, token, "\n".join(show(k, 2) for k in want) or "    (nothing)",
                "\n".join(show(k, 2) for k in have) or "    (nothing)"))
    for token in sorted(set(got) - set(methods)):
        if got[token]:
            problems.append("%s method 0x%08x: in the dump, not asked of the oracle" % (label, token))
    pe = module_of(args[0])
    if pe:
        p, n = check_names(root, pe, label)
        problems += p
        global NAMES_CHECKED
        NAMES_CHECKED += n
    return problems, compared


def main():
    tool, library, repo = sys.argv[1:4]
    corpus = sys.argv[4] if len(sys.argv) > 4 else os.path.join(repo, "..", "shared", "corpus")
    fixtures = os.path.join(repo, "tests", "fixtures", "portable")
    api = os.path.join(repo, "tests", "oracle-com", "expected", "fixtures")
    cases = []
    for name in sorted(os.listdir(api)):
        target = name[:-len(".api.txt")]
        cases.append((os.path.join(api, name), [os.path.join(fixtures, target)], target))
    # The corpus's Portable and embedded PDBs, where tests/oracle-com dumped them.
    for group in ("portable", "embedded"):
        api_dir = os.path.join(repo, "tests", "oracle-com", "expected", "cecil", group)
        src = os.path.join(corpus, "cecil", group)
        if not os.path.isdir(api_dir) or not os.path.isdir(src):
            continue
        for name in sorted(os.listdir(api_dir)):
            target = os.path.join(src, name[:-len(".api.txt")])
            if os.path.exists(target):
                cases.append((os.path.join(api_dir, name), [target], "cecil/" + group + "/" +
                              name[:-len(".api.txt")]))
    windows = os.path.join(corpus, "cecil", "windows")
    golden = os.path.join(repo, "tests", "wine", "expected", "ms_api")
    if os.path.isdir(windows):
        for name in sorted(os.listdir(golden)):
            pdb = os.path.join(windows, name[:-len(".txt")])
            if os.path.exists(pdb):
                cases.append((os.path.join(golden, name), [pdb], name[:-len(".txt")]))
    else:
        print("check_body_oracles: corpus not found at %s; Windows PDBs not checked" % corpus)
    problems, compared = [], 0
    for oracle, args, label in cases:
        p, n = check(tool, library, oracle, args, label)
        problems += p
        compared += n
    for p in problems:
        print(p)
    print("check_body_oracles: %d methods in %d PDBs compared, %d method names checked against "
          "the modules' metadata, %d differences" % (compared, len(cases), NAMES_CHECKED, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
