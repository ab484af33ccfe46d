/* SPDX-License-Identifier: MIT */
#include "imports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdi.h"
#include "portable/ppdb_cdi.h"

enum { SCOPE_METHOD, SCOPE_IMPORTS };
enum { IMPORT_PARENT, IMPORT_IMPORTS };
enum { TYPE_REF_SCOPE, TYPE_REF_NAME, TYPE_REF_NAMESPACE };
enum { ASM_MAJOR, ASM_MINOR, ASM_BUILD, ASM_REVISION, ASM_FLAGS, ASM_KEY, ASM_NAME, ASM_CULTURE };

/* ImportDefinitionKind (PortablePdb-Metadata.md, Imports Blob). */
enum {
    IMPORT_NAMESPACE = 1,
    IMPORT_ASSEMBLY_NAMESPACE,
    IMPORT_TYPE,
    IMPORT_XML_NAMESPACE,
    IMPORT_ASSEMBLY_REFERENCE_ALIAS,
    ALIAS_ASSEMBLY_REFERENCE,
    ALIAS_NAMESPACE,
    ALIAS_ASSEMBLY_NAMESPACE,
    ALIAS_TYPE,
};

struct import {
    uint32_t kind;
    struct corsym_span alias, target_namespace; /* UTF-8 blobs, empty when absent */
    uint32_t assembly;                          /* AssemblyRef rid */
    uint32_t type;                              /* TypeDef, TypeRef or TypeSpec token */
};

/* ---- a growable string ---- */

struct sb {
    char *s;
    size_t len, cap;
};

static void put(struct sb *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2 + 16;
        b->s = cli_xrealloc(b->s, b->cap);
    }
    if (n)
        memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void puts_(struct sb *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_span(struct sb *b, struct corsym_span s)
{
    put(b, s.data, s.len);
}

/* ---- the imports blob ---- */

static bool next_import(const struct corsym_md *pdb, struct corsym_cursor *c, struct import *im)
{
    /* Fields after the kind: alias, assembly, namespace, type - those the kind has. */
    static const char *const fields[10] = { "", "n", "an", "t", "pn", "p", "pa", "pn", "pan", "pt" };
    memset(im, 0, sizeof(*im));
    if (corsym_cursor_at_end(c) || corsym_cursor_cuint(c, &im->kind) != CORSYM_OK || im->kind < 1 ||
        im->kind > 9)
        return false;
    for (const char *f = fields[im->kind]; *f; f++) {
        uint32_t v;
        struct corsym_span *text = *f == 'p' ? &im->alias : *f == 'n' ? &im->target_namespace : NULL;
        if (*f == 't') {
            if (corsym_md_read_type_def_or_ref(c, &im->type) != CORSYM_OK)
                return false;
            continue;
        }
        if (corsym_cursor_cuint(c, &v) != CORSYM_OK)
            return false;
        if (*f == 'a')
            im->assembly = v;
        else if (v && corsym_md_blob(pdb, v, text) != CORSYM_OK)
            return false;
    }
    return true;
}

static uint32_t get(const struct corsym_md *md, unsigned table, uint32_t rid, unsigned col)
{
    uint32_t v = 0;
    corsym_md_get(md, table, rid, col, &v);
    return v;
}

static struct corsym_span string(const struct corsym_md *md, uint32_t index)
{
    struct corsym_span s = { NULL, 0 };
    if (corsym_md_string(md, index, &s) != CORSYM_OK)
        s.len = 0;
    return s;
}

static bool span_is(struct corsym_span s, const char *text)
{
    return s.len == strlen(text) && (!s.len || !memcmp(s.data, text, s.len));
}

/* ---- names from the module's metadata ---- */

/* Roslyn's AssemblyIdentity display name (Pdb2Pdb's AssemblyDisplayNameBuilder). */
static void escape_assembly_part(struct sb *b, struct corsym_span s)
{
    bool quoted = s.len && (strchr(" \t\r\n", s.data[0]) || strchr(" \t\r\n", s.data[s.len - 1]));
    if (quoted)
        puts_(b, "\"");
    for (size_t i = 0; i < s.len; i++) {
        char c = (char)s.data[i];
        if (c == ',' || c == '=' || c == '\\' || c == '"' || c == '\'') {
            put(b, "\\", 1);
            put(b, &c, 1);
        } else if (c == '\t') {
            puts_(b, "\\t");
        } else if (c == '\r') {
            puts_(b, "\\r");
        } else if (c == '\n') {
            puts_(b, "\\n");
        } else {
            put(b, &c, 1);
        }
    }
    if (quoted)
        puts_(b, "\"");
}

static bool assembly_display_name(const struct corsym_md *md, uint32_t rid, struct sb *b)
{
    if (!rid || rid > corsym_md_rows(md, CORSYM_TBL_ASSEMBLY_REF))
        return false;
    char number[64];
    struct corsym_span key = { NULL, 0 };
    uint32_t flags = get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_FLAGS);
    escape_assembly_part(b, string(md, get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_NAME)));
    snprintf(number, sizeof(number), ", Version=%u.%u.%u.%u",
             get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_MAJOR), get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_MINOR),
             get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_BUILD), get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_REVISION));
    puts_(b, number);
    puts_(b, ", Culture=");
    struct corsym_span culture = string(md, get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_CULTURE));
    if (culture.len)
        escape_assembly_part(b, culture);
    else
        puts_(b, "neutral");
    uint32_t key_index = get(md, CORSYM_TBL_ASSEMBLY_REF, rid, ASM_KEY);
    if (key_index && corsym_md_blob(md, key_index, &key) != CORSYM_OK)
        key.len = 0;
    puts_(b, flags & 0x0001 ? ", PublicKey=" : ", PublicKeyToken=");
    for (size_t i = 0; i < key.len; i++) {
        snprintf(number, sizeof(number), "%02x", key.data[i]);
        puts_(b, number);
    }
    if (!key.len && !(flags & 0x0001))
        puts_(b, "null");
    if (flags & 0x0100)
        puts_(b, ", Retargetable=Yes");
    if ((flags & 0x0E00) == 0x0200)
        puts_(b, ", ContentType=WindowsRuntime");
    return true;
}

/* A type's simple name with the characters a reflection name escapes escaped. */
static void put_type_name(struct sb *b, struct corsym_span name)
{
    for (size_t i = 0; i < name.len; i++) {
        if (strchr("\\[]*.+,& ", name.data[i]) && name.data[i])
            put(b, "\\", 1);
        put(b, name.data + i, 1);
    }
}

static void put_qualified(struct sb *b, struct corsym_span ns, struct corsym_span name)
{
    if (ns.len) {
        put_span(b, ns);
        put(b, ".", 1);
    }
    put_type_name(b, name);
}

static bool type_def_name(const struct corsym_md *md, uint32_t rid, char nested, struct sb *b)
{
    uint32_t chain[64], depth = 0, outer;
    struct corsym_span ns, name;
    if (!rid || rid > corsym_md_rows(md, CORSYM_TBL_TYPE_DEF))
        return false;
    chain[depth++] = rid;
    while (corsym_md_enclosing_type(md, chain[depth - 1], &outer) == CORSYM_OK) {
        if (depth == 64)
            return false;
        chain[depth++] = outer;
    }
    for (uint32_t i = depth; i-- > 0;) {
        if (corsym_md_type_def_name(md, chain[i], &ns, &name) != CORSYM_OK)
            return false;
        if (i + 1 == depth) {
            put_qualified(b, ns, name);
        } else {
            put(b, &nested, 1);
            put_type_name(b, name);
        }
    }
    return true;
}

/* *assembly: the AssemblyRef the outermost reference resolves in, 0 for none. */
static bool type_ref_name(const struct corsym_md *md, uint32_t rid, char nested, struct sb *b,
                          uint32_t *assembly)
{
    uint32_t chain[64], depth = 0;
    unsigned table = 0;
    uint32_t scope = 0;
    *assembly = 0;
    if (!rid || rid > corsym_md_rows(md, CORSYM_TBL_TYPE_REF))
        return false;
    chain[depth++] = rid;
    for (;;) {
        uint32_t coded = get(md, CORSYM_TBL_TYPE_REF, chain[depth - 1], TYPE_REF_SCOPE);
        if (corsym_md_coded_decode(CORSYM_CODED_RESOLUTION_SCOPE, coded, &table, &scope) != CORSYM_OK)
            return false;
        if (table != CORSYM_TBL_TYPE_REF || !scope)
            break;
        if (depth == 64 || scope > corsym_md_rows(md, CORSYM_TBL_TYPE_REF))
            return false;
        chain[depth++] = scope;
    }
    if (table == CORSYM_TBL_ASSEMBLY_REF)
        *assembly = scope;
    for (uint32_t i = depth; i-- > 0;) {
        struct corsym_span ns = string(md, get(md, CORSYM_TBL_TYPE_REF, chain[i], TYPE_REF_NAMESPACE));
        struct corsym_span name = string(md, get(md, CORSYM_TBL_TYPE_REF, chain[i], TYPE_REF_NAME));
        if (i + 1 == depth) {
            put_qualified(b, ns, name);
        } else {
            put(b, &nested, 1);
            put_type_name(b, name);
        }
    }
    return true;
}

/* The AssemblyRef of the core library: the one the first of these types is referenced from
 * (Pdb2Pdb's FindCorlibAssemblyRef), 0 if none is. */
static uint32_t core_library(const struct corsym_md *md)
{
    static const char *const types[][2] = {
        { "System", "Enum" }, { "System", "ValueType" }, { "System", "Delegate" },
        { "System", "MulticastDelegate" }, { "System", "Decimal" }, { "System", "Array" },
        { "System", "DateTime" }, { "System", "Nullable`1" }, { "System", "IDisposable" },
        { "System", "IAsyncResult" }, { "System", "AsyncCallback" },
        { "System.Collections.Generic", "IEnumerable`1" }, { "System.Collections.Generic", "IList`1" },
        { "System.Collections.Generic", "ICollection`1" }, { "System.Collections.Generic", "IEnumerator`1" },
        { "System.Collections.Generic", "IReadOnlyList`1" },
        { "System.Collections.Generic", "IReadOnlyCollection`1" },
        { "System.Collections", "IEnumerable" }, { "System.Collections", "IEnumerator" },
        { "System.Runtime.CompilerServices", "IsVolatile" }, { "System", "Object" },
        { "System", "Char" }, { "System", "Boolean" }, { "System", "SByte" }, { "System", "Byte" },
        { "System", "Int16" }, { "System", "UInt16" }, { "System", "Int32" }, { "System", "UInt32" },
        { "System", "Int64" }, { "System", "UInt64" }, { "System", "Single" }, { "System", "Double" },
        { "System", "String" }, { "System", "IntPtr" }, { "System", "UIntPtr" },
        { "System", "TypedReference" }, { "System", "Void" },
    };
    uint32_t rows = corsym_md_rows(md, CORSYM_TBL_TYPE_REF);
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        for (uint32_t r = 1; r <= rows; r++) {
            unsigned table;
            uint32_t scope;
            if (corsym_md_coded_decode(CORSYM_CODED_RESOLUTION_SCOPE,
                                       get(md, CORSYM_TBL_TYPE_REF, r, TYPE_REF_SCOPE), &table,
                                       &scope) == CORSYM_OK &&
                table == CORSYM_TBL_ASSEMBLY_REF && scope &&
                span_is(string(md, get(md, CORSYM_TBL_TYPE_REF, r, TYPE_REF_NAME)), types[t][1]) &&
                span_is(string(md, get(md, CORSYM_TBL_TYPE_REF, r, TYPE_REF_NAMESPACE)), types[t][0]))
                return scope;
        }
    }
    return 0;
}

struct namer {
    const struct corsym_md *md;
    bool qualify; /* C#: assembly-qualified names */
    char nested;  /* C# '+', VB '.' */
    uint32_t corlib;
    bool corlib_known;
};

static const char *primitive_name(uint8_t code)
{
    switch (code) {
    case 0x01: return "System.Void";
    case 0x02: return "System.Boolean";
    case 0x03: return "System.Char";
    case 0x04: return "System.SByte";
    case 0x05: return "System.Byte";
    case 0x06: return "System.Int16";
    case 0x07: return "System.UInt16";
    case 0x08: return "System.Int32";
    case 0x09: return "System.UInt32";
    case 0x0A: return "System.Int64";
    case 0x0B: return "System.UInt64";
    case 0x0C: return "System.Single";
    case 0x0D: return "System.Double";
    case 0x0E: return "System.String";
    case 0x16: return "System.TypedReference";
    case 0x18: return "System.IntPtr";
    case 0x19: return "System.UIntPtr";
    case 0x1C: return "System.Object";
    }
    return NULL;
}

static bool token_name(struct namer *n, uint32_t token, struct sb *b, uint32_t *assembly)
{
    *assembly = 0;
    switch (token >> 24) {
    case CORSYM_TBL_TYPE_DEF:
        return type_def_name(n->md, token & 0xFFFFFF, n->nested, b);
    case CORSYM_TBL_TYPE_REF:
        if (!type_ref_name(n->md, token & 0xFFFFFF, n->nested, b, assembly))
            return false;
        if (!n->qualify)
            *assembly = 0;
        return true;
    }
    return false; /* a TypeSpec inside a signature: Pdb2Pdb names none */
}

/* One type of a TypeSpec signature, as Pdb2Pdb's SerializedTypeNameSignatureDecoder names it:
 * generic arguments in brackets, each assembly-qualified one in its own; no name for type
 * parameters, by-refs, function pointers or modified types. */
static bool sig_type(struct namer *n, struct corsym_cursor *c, struct sb *b, uint32_t *assembly,
                     int depth)
{
    uint8_t code;
    uint32_t token, count, v;
    if (depth > 64 || corsym_cursor_u8(c, &code) != CORSYM_OK)
        return false;
    *assembly = 0;
    const char *primitive = primitive_name(code);
    if (primitive) {
        puts_(b, primitive);
        if (n->qualify) {
            if (!n->corlib_known) {
                n->corlib = core_library(n->md);
                n->corlib_known = true;
            }
            *assembly = n->corlib;
        }
        return true;
    }
    switch (code) {
    case 0x11: /* VALUETYPE */
    case 0x12: /* CLASS */
        return corsym_md_read_type_def_or_ref(c, &token) == CORSYM_OK && token_name(n, token, b, assembly);
    case 0x1D: /* SZARRAY */
        if (!sig_type(n, c, b, assembly, depth + 1))
            return false;
        puts_(b, "[]");
        return true;
    case 0x0F: /* PTR */
        if (!sig_type(n, c, b, assembly, depth + 1))
            return false;
        puts_(b, "*");
        return true;
    case 0x14: { /* ARRAY: type rank sizes lower-bounds */
        uint32_t rank;
        if (!sig_type(n, c, b, assembly, depth + 1) || corsym_cursor_cuint(c, &rank) != CORSYM_OK ||
            !rank || rank > 64)
            return false;
        for (int list = 0; list < 2; list++) {
            if (corsym_cursor_cuint(c, &count) != CORSYM_OK)
                return false;
            for (uint32_t i = 0; i < count; i++)
                if (corsym_cursor_cuint(c, &v) != CORSYM_OK)
                    return false;
        }
        puts_(b, "[");
        if (rank == 1)
            puts_(b, "*");
        for (uint32_t i = 1; i < rank; i++)
            puts_(b, ",");
        puts_(b, "]");
        return true;
    }
    case 0x15: { /* GENERICINST (CLASS|VALUETYPE) type count args */
        uint8_t kind;
        if (corsym_cursor_u8(c, &kind) != CORSYM_OK || (kind != 0x11 && kind != 0x12) ||
            corsym_md_read_type_def_or_ref(c, &token) != CORSYM_OK ||
            !token_name(n, token, b, assembly) || corsym_cursor_cuint(c, &count) != CORSYM_OK ||
            !count || count > 1024)
            return false;
        puts_(b, "[");
        for (uint32_t i = 0; i < count; i++) {
            struct sb arg = { NULL, 0, 0 };
            uint32_t arg_assembly;
            if (!sig_type(n, c, &arg, &arg_assembly, depth + 1)) {
                free(arg.s);
                return false;
            }
            if (i)
                puts_(b, ",");
            if (arg_assembly) {
                puts_(b, "[");
                put(b, arg.s, arg.len);
                puts_(b, ", ");
                assembly_display_name(n->md, arg_assembly, b);
                puts_(b, "]");
            } else {
                put(b, arg.s, arg.len);
            }
            free(arg.s);
        }
        puts_(b, "]");
        return true;
    }
    }
    return false;
}

/* A type import's target as a serialized type name (Pdb2Pdb's GetSerializedTypeName). */
static bool serialized_type_name(struct namer *n, uint32_t token, struct sb *b)
{
    uint32_t assembly = 0;
    bool ok;
    if (token >> 24 == CORSYM_TBL_TYPE_SPEC) {
        uint32_t rid = token & 0xFFFFFF, index;
        struct corsym_span sig;
        struct corsym_cursor c;
        ok = rid && rid <= corsym_md_rows(n->md, CORSYM_TBL_TYPE_SPEC) &&
             corsym_md_get(n->md, CORSYM_TBL_TYPE_SPEC, rid, 0, &index) == CORSYM_OK &&
             corsym_md_blob(n->md, index, &sig) == CORSYM_OK;
        if (ok) {
            corsym_cursor_from_span(&c, sig);
            ok = sig_type(n, &c, b, &assembly, 0) && corsym_cursor_at_end(&c);
        }
    } else {
        ok = token_name(n, token, b, &assembly);
    }
    if (ok && assembly) {
        puts_(b, ", ");
        ok = assembly_display_name(n->md, assembly, b);
    }
    return ok;
}

/* ---- strings ---- */

static void add(struct cli_imports *out, struct sb *b)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->strings = cli_xrealloc(out->strings, out->cap * sizeof(*out->strings));
    }
    out->strings[out->count++] = b->s ? b->s : cli_xstrndup("", 0);
    b->s = NULL;
    b->len = b->cap = 0;
}

void cli_imports_free(struct cli_imports *imports)
{
    for (size_t i = 0; i < imports->count; i++)
        free(imports->strings[i]);
    free(imports->strings);
    free(imports->groups);
    memset(imports, 0, sizeof(*imports));
}

bool cli_imports_vb(const struct corsym_md *pdb)
{
    uint32_t first, end;
    if (!cli_cdi_rows(pdb, CORSYM_TBL_MODULE, 1, &first, &end))
        return false;
    for (uint32_t row = first; row < end; row++) {
        uint8_t guid[16];
        struct corsym_span value;
        if (cli_cdi_row(pdb, row, guid, &value) &&
            corsym_cdi_kind_from_guid(guid) == CORSYM_CDI_DEFAULT_NAMESPACE)
            return true;
    }
    return false;
}

static struct corsym_span default_namespace(const struct corsym_md *pdb)
{
    uint32_t first, end;
    struct corsym_span value = { NULL, 0 };
    if (cli_cdi_rows(pdb, CORSYM_TBL_MODULE, 1, &first, &end))
        for (uint32_t row = first; row < end; row++) {
            uint8_t guid[16];
            if (cli_cdi_row(pdb, row, guid, &value) &&
                corsym_cdi_kind_from_guid(guid) == CORSYM_CDI_DEFAULT_NAMESPACE)
                return value;
        }
    value.len = 0;
    return value;
}

/* The AliasAssemblyReference imports of import scope 1, where C# keeps the module's extern
 * aliases (Pdb2Pdb's GetAliasedAssemblyRefs). */
static size_t module_aliases(const struct corsym_md *pdb, struct import *out, size_t max)
{
    struct corsym_span blob;
    struct corsym_cursor c;
    struct import im;
    size_t n = 0;
    if (corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE) < 1 ||
        corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, 1, IMPORT_IMPORTS), &blob) != CORSYM_OK)
        return 0;
    corsym_cursor_from_span(&c, blob);
    while (n < max && next_import(pdb, &c, &im))
        if (im.kind == ALIAS_ASSEMBLY_REFERENCE)
            out[n++] = im;
    return n;
}

void cli_imports_module_aliases(const struct corsym_md *pdb, const struct corsym_md *module,
                                struct cli_imports *out)
{
    struct import aliases[256];
    memset(out, 0, sizeof(*out));
    if (!module || cli_imports_vb(pdb))
        return;
    size_t n = module_aliases(pdb, aliases, 256);
    for (size_t i = 0; i < n; i++) {
        struct sb b = { NULL, 0, 0 };
        puts_(&b, "Z");
        put_span(&b, aliases[i].alias);
        puts_(&b, " ");
        if (assembly_display_name(module, aliases[i].assembly, &b))
            add(out, &b);
        free(b.s);
    }
}

/* The namespace of the method's outermost declaring type (VB's current namespace); false
 * without the module or a declaring type. */
static bool method_namespace(const struct corsym_md *module, uint32_t rid, struct corsym_span *ns)
{
    uint32_t type, outer;
    struct corsym_span name;
    if (!module || corsym_md_method_declaring_type(module, rid, &type) != CORSYM_OK)
        return false;
    while (corsym_md_enclosing_type(module, type, &outer) == CORSYM_OK && outer != type)
        type = outer;
    return corsym_md_type_def_name(module, type, ns, &name) == CORSYM_OK;
}

bool cli_imports_method(const struct corsym_md *pdb, const struct corsym_md *module,
                        uint32_t token, uint8_t *counted, struct cli_imports *out)
{
    memset(out, 0, sizeof(*out));
    uint32_t method = token & 0xFFFFFF;
    uint32_t scopes = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_SCOPE), first;
    uint32_t limit = corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    if (corsym_md_lower_bound(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_METHOD, method, 1, scopes + 1,
                              &first) != CORSYM_OK ||
        first > scopes || get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_METHOD) != method)
        return false;
    uint32_t scope = get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_IMPORTS);
    if (!scope || scope > limit)
        return false;

    bool vb = cli_imports_vb(pdb);
    struct namer namer = { module, !vb, vb ? '.' : '+', 0, false };
    struct import aliased[256];
    size_t aliased_count = vb ? 0 : module_aliases(pdb, aliased, 256);

    /* The chain, innermost first, and the extern aliases its files declare. */
    uint32_t chain[64], depth = 0;
    for (uint32_t rid = scope; rid && rid <= limit && depth < 64; rid = get(pdb, CORSYM_TBL_IMPORT_SCOPE, rid, IMPORT_PARENT))
        chain[depth++] = rid;
    struct corsym_span declared[256];
    size_t declared_count = 0;
    for (uint32_t level = 0; level < depth; level++) {
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, chain[level], IMPORT_IMPORTS), &blob) != CORSYM_OK)
            continue;
        corsym_cursor_from_span(&c, blob);
        while (declared_count < 256 && next_import(pdb, &c, &im))
            if (im.kind == IMPORT_ASSEMBLY_REFERENCE_ALIAS)
                declared[declared_count++] = im.alias;
    }

    for (uint32_t level = 0; level < depth; level++) {
        bool project = level + 1 == depth;
        /* What has no string is counted once per import scope row. */
        bool count_losses = !counted || !counted[chain[level]];
        if (counted)
            counted[chain[level]] = 1;
        const char *prefix = project ? "@P" : "@F";
        struct sb b = { NULL, 0, 0 };
        if (project && vb) {
            puts_(&b, "*");
            put_span(&b, default_namespace(pdb));
            add(out, &b);
        }
        size_t counted = out->count;
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, chain[level], IMPORT_IMPORTS), &blob) != CORSYM_OK)
            blob.len = 0;
        corsym_cursor_from_span(&c, blob);
        while (next_import(pdb, &c, &im)) {
            switch (im.kind) {
            case IMPORT_TYPE:
            case ALIAS_TYPE:
                if (vb && im.type >> 24 == CORSYM_TBL_TYPE_SPEC) {
                    out->vb_generic += count_losses;
                    continue;
                }
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, im.kind == ALIAS_TYPE ? "A:" : "T:");
                }
                if (im.kind == ALIAS_TYPE) {
                    if (!vb)
                        puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, vb ? "=" : " T");
                } else if (!vb) {
                    puts_(&b, "T");
                }
                if (!module || !serialized_type_name(&namer, im.type, &b)) {
                    out->unnamed_types += count_losses;
                    free(b.s);
                    b.s = NULL;
                    b.len = b.cap = 0;
                    continue;
                }
                break;
            case IMPORT_NAMESPACE:
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, ":");
                } else {
                    puts_(&b, "U");
                }
                put_span(&b, im.target_namespace);
                break;
            case ALIAS_NAMESPACE:
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, "A:");
                    put_span(&b, im.alias);
                    puts_(&b, "=");
                } else {
                    puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, " U");
                }
                put_span(&b, im.target_namespace);
                break;
            case IMPORT_XML_NAMESPACE:
                puts_(&b, prefix);
                puts_(&b, "X:");
                put_span(&b, im.alias);
                puts_(&b, "=");
                put_span(&b, im.target_namespace);
                break;
            case IMPORT_ASSEMBLY_REFERENCE_ALIAS:
                puts_(&b, "X");
                put_span(&b, im.alias);
                break;
            case IMPORT_ASSEMBLY_NAMESPACE:
            case ALIAS_ASSEMBLY_NAMESPACE: {
                /* The assembly is named by an extern alias these files declare (Roslyn's
                 * GetAssemblyReferenceAlias: the first one in scope). */
                const struct corsym_span *alias = NULL;
                for (size_t a = 0; a < aliased_count && !alias; a++) {
                    if (aliased[a].assembly != im.assembly)
                        continue;
                    for (size_t d = 0; d < declared_count && !alias; d++)
                        if (declared[d].len == aliased[a].alias.len &&
                            !memcmp(declared[d].data, aliased[a].alias.data, declared[d].len))
                            alias = &aliased[a].alias;
                }
                if (!alias) {
                    out->unknown_alias += count_losses;
                    continue;
                }
                if (im.kind == ALIAS_ASSEMBLY_NAMESPACE) {
                    puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, " ");
                }
                puts_(&b, "E");
                put_span(&b, im.target_namespace);
                puts_(&b, " ");
                put_span(&b, *alias);
                break;
            }
            default: /* ALIAS_ASSEMBLY_REFERENCE: the module's, see cli_imports_module_aliases */
                continue;
            }
            add(out, &b);
        }
        free(b.s);
        size_t named = out->count - counted;
        if (project && vb) {
            struct corsym_span ns;
            if (method_namespace(module, method, &ns)) {
                struct sb cur = { NULL, 0, 0 };
                put_span(&cur, ns);
                add(out, &cur);
            }
        }
        /* C# counts the strings of each scope but a project-level one with none (Pdb2Pdb). */
        if (vb || !project || named) {
            out->groups = cli_xrealloc(out->groups, (out->group_count + 1) * sizeof(*out->groups));
            out->groups[out->group_count++] = (uint16_t)(named > 0xFFFF ? 0xFFFF : named);
        }
    }
    return true;
}

void cli_imports_count_kinds(const struct corsym_md *pdb, unsigned kinds[10])
{
    uint32_t rows = corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    memset(kinds, 0, 10 * sizeof(*kinds));
    for (uint32_t r = 1; r <= rows; r++) {
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, r, IMPORT_IMPORTS), &blob) != CORSYM_OK)
            continue;
        corsym_cursor_from_span(&c, blob);
        while (next_import(pdb, &c, &im))
            kinds[im.kind]++;
    }
}
