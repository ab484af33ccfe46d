# SPDX-License-Identifier: MIT
"""Method and type names from a PE's ECMA-335 metadata, spelled as PdbToXml spells them
(containingType/name/parameterNames, or declaringType/methodName/parameterNames for a
reference). A small reader written from ECMA-335 II.22-24 for the tests, independent of
corsym's own metadata code."""
import struct

# Column kinds: an int is a fixed width; "s"/"g"/"b" heap indexes; ("t", table) a table index;
# ("c", name) a coded index.
S, G, B = "s", "g", "b"
CODED = {
    "TypeDefOrRef": (2, [0x02, 0x01, 0x1B]),
    "HasConstant": (2, [0x04, 0x08, 0x17]),
    "HasCustomAttribute": (5, [0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00, 0x0E, 0x17, 0x14,
                               0x11, 0x1A, 0x1B, 0x20, 0x23, 0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B]),
    "HasFieldMarshal": (1, [0x04, 0x08]),
    "HasDeclSecurity": (2, [0x02, 0x06, 0x20]),
    "MemberRefParent": (3, [0x02, 0x01, 0x1A, 0x06, 0x1B]),
    "HasSemantics": (1, [0x14, 0x17]),
    "MethodDefOrRef": (1, [0x06, 0x0A]),
    "MemberForwarded": (1, [0x04, 0x06]),
    "Implementation": (2, [0x26, 0x23, 0x27]),
    "CustomAttributeType": (3, [0x06, 0x0A]),
    "ResolutionScope": (2, [0x00, 0x1A, 0x23, 0x01]),
    "TypeOrMethodDef": (1, [0x02, 0x06]),
}


def c(name):
    return ("c", name)


def t(table):
    return ("t", table)


SCHEMA = {
    0x00: [2, S, G, G, G], 0x01: [c("ResolutionScope"), S, S],
    0x02: [4, S, S, c("TypeDefOrRef"), t(0x04), t(0x06)], 0x03: [t(0x04)], 0x04: [2, S, B],
    0x05: [t(0x06)], 0x06: [4, 2, 2, S, B, t(0x08)], 0x07: [t(0x08)], 0x08: [2, 2, S],
    0x09: [t(0x02), c("TypeDefOrRef")], 0x0A: [c("MemberRefParent"), S, B],
    0x0B: [2, c("HasConstant"), B], 0x0C: [c("HasCustomAttribute"), c("CustomAttributeType"), B],
    0x0D: [c("HasFieldMarshal"), B], 0x0E: [2, c("HasDeclSecurity"), B], 0x0F: [2, 4, t(0x02)],
    0x10: [4, t(0x04)], 0x11: [B], 0x12: [t(0x02), t(0x14)], 0x13: [t(0x14)],
    0x14: [2, S, c("TypeDefOrRef")], 0x15: [t(0x02), t(0x17)], 0x16: [t(0x17)], 0x17: [2, S, B],
    0x18: [2, t(0x06), c("HasSemantics")], 0x19: [t(0x02), c("MethodDefOrRef"), c("MethodDefOrRef")],
    0x1A: [S], 0x1B: [B], 0x1C: [2, c("MemberForwarded"), S, t(0x1A)], 0x1D: [4, t(0x04)],
    0x1E: [4, 4], 0x1F: [4], 0x20: [4, 2, 2, 2, 2, 4, B, S, S], 0x21: [4], 0x22: [4, 4, 4],
    0x23: [2, 2, 2, 2, 4, B, S, S, B], 0x24: [4, t(0x23)], 0x25: [4, 4, 4, t(0x23)],
    0x26: [4, S, B], 0x27: [4, 4, S, S, c("Implementation")], 0x28: [4, 4, S, c("Implementation")],
    0x29: [t(0x02), t(0x02)], 0x2A: [2, 2, c("TypeOrMethodDef"), S], 0x2B: [c("MethodDefOrRef"), B],
    0x2C: [t(0x2A), c("TypeDefOrRef")],
}


class Metadata:
    def __init__(self, path):
        d = open(path, "rb").read()
        pe = struct.unpack_from("<I", d, 0x3C)[0]
        sections = struct.unpack_from("<H", d, pe + 6)[0]
        optional = struct.unpack_from("<H", d, pe + 20)[0]
        opt = pe + 24
        dirs = opt + (96 if struct.unpack_from("<H", d, opt)[0] == 0x10B else 112)
        cli_rva = struct.unpack_from("<I", d, dirs + 14 * 8)[0]
        table = opt + optional
        self.sections = [struct.unpack_from("<IIII", d, table + 40 * i + 8) for i in range(sections)]
        self.d = d
        cli = self.offset(cli_rva)
        md = self.offset(struct.unpack_from("<I", d, cli + 8)[0])
        version_len = struct.unpack_from("<I", d, md + 12)[0]
        count = struct.unpack_from("<H", d, md + 16 + version_len + 2)[0]
        p = md + 16 + version_len + 4  # after the flags and the stream count
        streams = {}
        for _ in range(count):
            off, size = struct.unpack_from("<II", d, p)
            end = d.index(b"\0", p + 8)
            streams[d[p + 8:end].decode()] = (md + off, size)
            p += 8 + ((end - (p + 8)) // 4 + 1) * 4  # the name is padded to 4 bytes
        self.strings = streams["#Strings"][0]
        self.blobs = streams["#Blob"][0]
        tables, _ = streams.get("#~") or streams["#-"]
        heaps = d[tables + 6]
        valid = struct.unpack_from("<Q", d, tables + 8)[0]
        p = tables + 24
        self.rows = {}
        for i in range(64):
            if valid >> i & 1:
                self.rows[i] = struct.unpack_from("<I", d, p)[0]
                p += 4
        if heaps & 0x40:
            p += 4
        self.wide = {S: heaps & 1, G: heaps & 2, B: heaps & 4}
        self.layout = {}
        for i in sorted(self.rows):
            widths = [self.width(col) for col in SCHEMA[i]]
            self.layout[i] = (p, sum(widths), widths)
            p += sum(widths) * self.rows[i]

    def offset(self, rva):
        for size, va, _, raw in self.sections:
            if va <= rva < va + max(size, 1):
                return rva - va + raw
        raise ValueError("RVA %x outside the sections" % rva)

    def width(self, col):
        if isinstance(col, int):
            return col
        if col in (S, G, B):
            return 4 if self.wide[col] else 2
        if col[0] == "t":
            return 2 if self.rows.get(col[1], 0) < 0x10000 else 4
        bits, tables = CODED[col[1]]
        return 2 if max(self.rows.get(x, 0) for x in tables) < (1 << (16 - bits)) else 4

    def count(self, table):
        return self.rows.get(table, 0)

    def get(self, table, rid, col):
        base, size, widths = self.layout[table]
        p = base + (rid - 1) * size + sum(widths[:col])
        return int.from_bytes(self.d[p:p + widths[col]], "little")

    def string(self, index):
        p = self.strings + index
        return self.d[p:self.d.index(b"\0", p)].decode("utf-8", "replace")

    def coded(self, name, value):
        bits, tables = CODED[name]
        return tables[value & ((1 << bits) - 1)] << 24 | value >> bits


def declaring_type(md, method):
    """The TypeDef whose MethodList range holds the method, or None."""
    owner = None
    for rid in range(1, md.count(0x02) + 1):
        if md.get(0x02, rid, 5) <= method:
            owner = rid
    return owner


def enclosing(md, rid):
    for row in range(1, md.count(0x29) + 1):
        if md.get(0x29, row, 0) == rid:
            return md.get(0x29, row, 1)
    return None


def type_name(md, token):
    """PdbToXml's GetFullTypeName."""
    table, rid = token >> 24, token & 0xFFFFFF
    if table == 0x02:
        name = md.string(md.get(0x02, rid, 1))
        while md.get(0x02, rid, 0) & 0x6:  # nested: the TypeAttributes visibility says so
            rid = enclosing(md, rid)
            name = md.string(md.get(0x02, rid, 1)) + "+" + name
        ns = md.string(md.get(0x02, rid, 2))
        return ns + "." + name if ns else name
    if table == 0x01:
        ns, name = md.string(md.get(0x01, rid, 2)), md.string(md.get(0x01, rid, 1))
        return ns + "." + name if ns else name
    return None


def method_names(md, token, reference):
    """The attributes PdbToXml writes before a token (WriteMethodAttributes, ResolveTokens)."""
    table, rid = token >> 24, token & 0xFFFFFF
    if table == 0x0A:
        parent = md.coded("MemberRefParent", md.get(0x0A, rid, 0))
        attrs = []
        full = type_name(md, parent)
        if full is not None:
            attrs.append(("declaringType", full))
        return attrs + [("methodName", md.string(md.get(0x0A, rid, 1)))]
    if table != 0x06 or not 0 < rid <= md.count(0x06):
        return None
    attrs = []
    owner = declaring_type(md, rid)
    if owner is not None:
        attrs.append(("declaringType" if reference else "containingType", type_name(md, 0x02000000 | owner)))
    attrs.append(("methodName" if reference else "name", md.string(md.get(0x06, rid, 3))))
    first = md.get(0x06, rid, 5)
    end = md.get(0x06, rid + 1, 5) if rid < md.count(0x06) else md.count(0x08) + 1
    names = []
    for p in range(first, end):
        if md.get(0x08, p, 1) > 0:  # sequence 0 is the return value
            index = md.get(0x08, p, 2)
            names.append(md.string(index) if index else "?")
    if names:
        attrs.append(("parameterNames", ", ".join(names)))
    return attrs
