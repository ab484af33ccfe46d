/* SPDX-License-Identifier: MIT */
#include "portable/type_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/sort.h"
#include "portable/ecma335.h"

enum { TYPE_REF_SCOPE, TYPE_REF_NAME, TYPE_REF_NAMESPACE };
enum { TYPE_DEF_FLAGS, TYPE_DEF_NAME, TYPE_DEF_NAMESPACE };
enum { NESTED_CLASS_NESTED, NESTED_CLASS_ENCLOSING };
enum { ASM_MAJOR, ASM_MINOR, ASM_BUILD, ASM_REVISION, ASM_FLAGS, ASM_KEY, ASM_NAME, ASM_CULTURE };

/* Nesting deeper than this is a cycle or an attack; no compiler nests so deep. */
#define MAX_NESTING 64
#define MAX_GENERIC_ARGUMENTS 1024

/* No real name comes near this; a hostile module could otherwise nest long strings into
 * names of gigabytes (64 levels of nesting, generic arguments naming such types...). */
#define MAX_NAME_BYTES (64u << 10)
/* And the index of all names stops growing here (names past it are not found). */
#define MAX_INDEX_BYTES (256u << 20)

/* Appends that remember the first failure, so a name is built straight-line and checked once;
 * an append past limit (an offset in b) fails too. */
struct out {
    struct corsym_buf *b;
    bool ok;
    size_t limit;
};

#define OUT_TO(buf) { (buf), true, (buf)->len + MAX_NAME_BYTES }

static void put(struct out *o, const void *p, size_t n)
{
    if (o->ok && (n > o->limit - o->b->len || corsym_buf_append(o->b, p, n) != CORSYM_OK))
        o->ok = false;
}

static void puts_(struct out *o, const char *s)
{
    put(o, s, strlen(s));
}

static uint32_t cell(const struct corsym_md_view *v, unsigned table, uint32_t rid, unsigned col)
{
    uint32_t value = 0;
    if (!v->cell(v->context, table, rid, col, &value))
        return 0;
    return value;
}

static struct corsym_span string_cell(const struct corsym_md_view *v, unsigned table, uint32_t rid,
                                      unsigned col)
{
    struct corsym_span s = { NULL, 0 };
    if (!v->string(v->context, cell(v, table, rid, col), &s))
        s.len = 0;
    return s;
}

static bool span_is(struct corsym_span s, const char *text)
{
    size_t n = strlen(text);
    return s.len == n && (!n || !memcmp(s.data, text, n));
}

/* ---- a view of parsed metadata ---- */

static uint32_t md_rows(void *context, unsigned table)
{
    return corsym_md_rows(context, table);
}

static bool md_cell(void *context, unsigned table, uint32_t rid, unsigned column, uint32_t *value)
{
    return corsym_md_get_token(context, table, rid, column, value) == CORSYM_OK;
}

static bool md_string(void *context, uint32_t index, struct corsym_span *out)
{
    return corsym_md_string(context, index, out) == CORSYM_OK;
}

static bool md_blob(void *context, uint32_t index, struct corsym_span *out)
{
    return corsym_md_blob(context, index, out) == CORSYM_OK;
}

void corsym_md_view_init(struct corsym_md_view *view, const struct corsym_md *md)
{
    view->context = (void *)md; /* read only: the functions above take it back as const */
    view->rows = md_rows;
    view->cell = md_cell;
    view->string = md_string;
    view->blob = md_blob;
}

/* ---- assemblies ---- */

/* A name or culture with the characters a display name escapes escaped, quoted when it
 * starts or ends with white space. */
static void put_assembly_part(struct out *o, struct corsym_span s)
{
    bool quoted = s.len && (strchr(" \t\r\n", s.data[0]) || strchr(" \t\r\n", s.data[s.len - 1]));
    if (quoted)
        puts_(o, "\"");
    for (size_t i = 0; i < s.len; i++) {
        char c = (char)s.data[i];
        if (c == ',' || c == '=' || c == '\\' || c == '"' || c == '\'') {
            char escaped[2] = { '\\', c };
            put(o, escaped, 2);
        } else if (c == '\t') {
            puts_(o, "\\t");
        } else if (c == '\r') {
            puts_(o, "\\r");
        } else if (c == '\n') {
            puts_(o, "\\n");
        } else {
            put(o, &c, 1);
        }
    }
    if (quoted)
        puts_(o, "\"");
}

bool corsym_assembly_display_name(const struct corsym_md_view *v, uint32_t rid,
                                  struct corsym_buf *b)
{
    const unsigned t = CORSYM_TBL_ASSEMBLY_REF;
    struct out o = OUT_TO(b);
    size_t start = b->len;
    char number[64];
    if (!rid || rid > v->rows(v->context, t))
        return false;
    uint32_t flags = cell(v, t, rid, ASM_FLAGS);
    put_assembly_part(&o, string_cell(v, t, rid, ASM_NAME));
    snprintf(number, sizeof(number), ", Version=%u.%u.%u.%u", cell(v, t, rid, ASM_MAJOR),
             cell(v, t, rid, ASM_MINOR), cell(v, t, rid, ASM_BUILD), cell(v, t, rid, ASM_REVISION));
    puts_(&o, number);
    puts_(&o, ", Culture=");
    struct corsym_span culture = string_cell(v, t, rid, ASM_CULTURE);
    if (culture.len)
        put_assembly_part(&o, culture);
    else
        puts_(&o, "neutral");
    struct corsym_span key = { NULL, 0 };
    uint32_t key_index = cell(v, t, rid, ASM_KEY);
    if (key_index && !v->blob(v->context, key_index, &key))
        key.len = 0;
    puts_(&o, flags & 0x0001 ? ", PublicKey=" : ", PublicKeyToken=");
    for (size_t i = 0; i < key.len; i++) {
        snprintf(number, sizeof(number), "%02x", key.data[i]);
        puts_(&o, number);
    }
    if (!key.len && !(flags & 0x0001))
        puts_(&o, "null");
    if (flags & 0x0100)
        puts_(&o, ", Retargetable=Yes");
    if ((flags & 0x0E00) == 0x0200)
        puts_(&o, ", ContentType=WindowsRuntime");
    if (!o.ok)
        b->len = start;
    return o.ok;
}

/* ---- types ---- */

void corsym_type_namer_init(struct corsym_type_namer *n, const struct corsym_md_view *view,
                            bool csharp)
{
    memset(n, 0, sizeof(*n));
    n->view = view;
    n->qualify = csharp;
    n->nested = csharp ? '+' : '.';
}

void corsym_type_namer_free(struct corsym_type_namer *n)
{
    free(n->enclosing);
    n->enclosing = NULL;
}

/* One pass over NestedClass: an in-memory emitter's table need not be sorted yet, so it is
 * not searched. */
static void find_enclosing(struct corsym_type_namer *n)
{
    const struct corsym_md_view *v = n->view;
    n->enclosing_known = true;
    n->type_defs = v->rows(v->context, CORSYM_TBL_TYPE_DEF);
    uint32_t rows = v->rows(v->context, CORSYM_TBL_NESTED_CLASS);
    if (!rows || !n->type_defs || n->type_defs > CORSYM_MD_MAX_RID)
        return;
    n->enclosing = calloc((size_t)n->type_defs + 1, sizeof(uint32_t));
    if (!n->enclosing)
        return; /* type_def_name then names no TypeDef rather than misname nested ones */
    const uint32_t type_def = (uint32_t)CORSYM_TBL_TYPE_DEF << 24;
    for (uint32_t r = 1; r <= rows; r++) {
        uint32_t nested = cell(v, CORSYM_TBL_NESTED_CLASS, r, NESTED_CLASS_NESTED);
        uint32_t outer = cell(v, CORSYM_TBL_NESTED_CLASS, r, NESTED_CLASS_ENCLOSING);
        if ((nested & 0xFF000000) == type_def && (outer & 0xFF000000) == type_def &&
            (nested & 0xFFFFFF) <= n->type_defs && (outer & 0xFFFFFF) <= n->type_defs)
            n->enclosing[nested & 0xFFFFFF] = outer & 0xFFFFFF;
    }
}

/* A simple name with the characters a reflection name escapes escaped. */
static void put_type_name(struct out *o, struct corsym_span name)
{
    for (size_t i = 0; i < name.len; i++) {
        if (name.data[i] && strchr("\\[]*.+,& ", name.data[i]))
            puts_(o, "\\");
        put(o, name.data + i, 1);
    }
}

static void put_qualified(struct out *o, struct corsym_span ns, struct corsym_span name)
{
    if (ns.len) {
        put(o, ns.data, ns.len);
        puts_(o, ".");
    }
    put_type_name(o, name);
}

static bool type_def_name(struct corsym_type_namer *n, uint32_t rid, struct out *o)
{
    const struct corsym_md_view *v = n->view;
    uint32_t chain[MAX_NESTING], depth = 0;
    if (!n->enclosing_known)
        find_enclosing(n);
    if (!rid || rid > v->rows(v->context, CORSYM_TBL_TYPE_DEF))
        return false;
    if (n->type_defs && !n->enclosing && v->rows(v->context, CORSYM_TBL_NESTED_CLASS))
        return false; /* the nesting could not be loaded */
    chain[depth++] = rid;
    while (n->enclosing && chain[depth - 1] <= n->type_defs && n->enclosing[chain[depth - 1]]) {
        if (depth == MAX_NESTING)
            return false;
        chain[depth] = n->enclosing[chain[depth - 1]];
        depth++;
    }
    for (uint32_t i = depth; i-- > 0;) {
        struct corsym_span name = string_cell(v, CORSYM_TBL_TYPE_DEF, chain[i], TYPE_DEF_NAME);
        if (!name.len)
            return false; /* every type has a name: the row or the heap is broken */
        if (i + 1 == depth) {
            put_qualified(o, string_cell(v, CORSYM_TBL_TYPE_DEF, chain[i], TYPE_DEF_NAMESPACE), name);
        } else {
            put(o, &n->nested, 1);
            put_type_name(o, name);
        }
    }
    return true;
}

/* *assembly: the AssemblyRef the outermost reference resolves in, 0 for none. */
static bool type_ref_name(struct corsym_type_namer *n, uint32_t rid, struct out *o,
                          uint32_t *assembly)
{
    const struct corsym_md_view *v = n->view;
    uint32_t rows = v->rows(v->context, CORSYM_TBL_TYPE_REF);
    uint32_t chain[MAX_NESTING], depth = 0, scope = 0;
    *assembly = 0;
    if (!rid || rid > rows)
        return false;
    chain[depth++] = rid;
    for (;;) {
        scope = cell(v, CORSYM_TBL_TYPE_REF, chain[depth - 1], TYPE_REF_SCOPE);
        if (scope >> 24 != CORSYM_TBL_TYPE_REF || !(scope & 0xFFFFFF))
            break;
        if (depth == MAX_NESTING || (scope & 0xFFFFFF) > rows)
            return false;
        chain[depth++] = scope & 0xFFFFFF;
    }
    if (scope >> 24 == CORSYM_TBL_ASSEMBLY_REF)
        *assembly = scope & 0xFFFFFF;
    for (uint32_t i = depth; i-- > 0;) {
        struct corsym_span name = string_cell(v, CORSYM_TBL_TYPE_REF, chain[i], TYPE_REF_NAME);
        if (!name.len)
            return false;
        if (i + 1 == depth) {
            put_qualified(o, string_cell(v, CORSYM_TBL_TYPE_REF, chain[i], TYPE_REF_NAMESPACE), name);
        } else {
            put(o, &n->nested, 1);
            put_type_name(o, name);
        }
    }
    return true;
}

/* The AssemblyRef of the core library: the one the first of these types is referenced from
 * (Pdb2Pdb's FindCorlibAssemblyRef), 0 if none is. */
static uint32_t core_library(const struct corsym_md_view *v)
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
    uint32_t rows = v->rows(v->context, CORSYM_TBL_TYPE_REF);
    for (size_t t = 0; t < sizeof(types) / sizeof(types[0]); t++) {
        for (uint32_t r = 1; r <= rows; r++) {
            uint32_t scope = cell(v, CORSYM_TBL_TYPE_REF, r, TYPE_REF_SCOPE);
            if (scope >> 24 == CORSYM_TBL_ASSEMBLY_REF && (scope & 0xFFFFFF) &&
                span_is(string_cell(v, CORSYM_TBL_TYPE_REF, r, TYPE_REF_NAME), types[t][1]) &&
                span_is(string_cell(v, CORSYM_TBL_TYPE_REF, r, TYPE_REF_NAMESPACE), types[t][0]))
                return scope & 0xFFFFFF;
        }
    }
    return 0;
}

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

static bool token_name(struct corsym_type_namer *n, uint32_t token, struct out *o,
                       uint32_t *assembly)
{
    *assembly = 0;
    switch (token >> 24) {
    case CORSYM_TBL_TYPE_DEF:
        return type_def_name(n, token & 0xFFFFFF, o);
    case CORSYM_TBL_TYPE_REF:
        if (!type_ref_name(n, token & 0xFFFFFF, o, assembly))
            return false;
        if (!n->qualify)
            *assembly = 0;
        return true;
    }
    return false; /* a TypeSpec inside a signature: Pdb2Pdb names none */
}

static bool sig_type(struct corsym_type_namer *n, struct corsym_cursor *c, struct out *o,
                     uint32_t *assembly, int depth);

/* GENERICINST after its code: (CLASS|VALUETYPE) type count arguments. Each argument that is
 * assembly-qualified gets brackets of its own. */
static bool generic_instance(struct corsym_type_namer *n, struct corsym_cursor *c, struct out *o,
                             uint32_t *assembly, int depth)
{
    uint8_t kind;
    uint32_t token, count;
    if (corsym_cursor_u8(c, &kind) != CORSYM_OK || (kind != 0x11 && kind != 0x12) ||
        corsym_md_read_type_def_or_ref(c, &token) != CORSYM_OK || !token_name(n, token, o, assembly) ||
        corsym_cursor_cuint(c, &count) != CORSYM_OK || !count || count > MAX_GENERIC_ARGUMENTS)
        return false;
    puts_(o, "[");
    for (uint32_t i = 0; i < count; i++) {
        if (!o->ok)
            return false;
        struct corsym_buf arg_text = CORSYM_BUF_INIT;
        struct out arg = OUT_TO(&arg_text);
        uint32_t arg_assembly;
        bool ok = sig_type(n, c, &arg, &arg_assembly, depth + 1) && arg.ok;
        if (ok) {
            if (i)
                puts_(o, ",");
            if (arg_assembly) {
                puts_(o, "[");
                put(o, arg_text.data, arg_text.len);
                puts_(o, ", ");
                if (o->ok && (!corsym_assembly_display_name(n->view, arg_assembly, o->b) ||
                              o->b->len > o->limit))
                    ok = false;
                puts_(o, "]");
            } else {
                put(o, arg_text.data, arg_text.len);
            }
        }
        corsym_buf_free(&arg_text);
        if (!ok)
            return false;
    }
    puts_(o, "]");
    return true;
}

/* One type of a TypeSpec signature, as Pdb2Pdb's SerializedTypeNameSignatureDecoder names it:
 * no name for type parameters, by-refs, function pointers or modified types. */
static bool sig_type(struct corsym_type_namer *n, struct corsym_cursor *c, struct out *o,
                     uint32_t *assembly, int depth)
{
    uint8_t code;
    uint32_t token, count, value;
    if (depth > MAX_NESTING || corsym_cursor_u8(c, &code) != CORSYM_OK)
        return false;
    *assembly = 0;
    const char *primitive = primitive_name(code);
    if (primitive) {
        puts_(o, primitive);
        if (n->qualify) {
            if (!n->corlib_known) {
                n->corlib = core_library(n->view);
                n->corlib_known = true;
            }
            *assembly = n->corlib;
        }
        return true;
    }
    switch (code) {
    case 0x11: /* VALUETYPE */
    case 0x12: /* CLASS */
        return corsym_md_read_type_def_or_ref(c, &token) == CORSYM_OK &&
               token_name(n, token, o, assembly);
    case 0x1D: /* SZARRAY */
        if (!sig_type(n, c, o, assembly, depth + 1))
            return false;
        puts_(o, "[]");
        return true;
    case 0x0F: /* PTR */
        if (!sig_type(n, c, o, assembly, depth + 1))
            return false;
        puts_(o, "*");
        return true;
    case 0x14: { /* ARRAY: type rank sizes lower-bounds */
        uint32_t rank;
        if (!sig_type(n, c, o, assembly, depth + 1) || corsym_cursor_cuint(c, &rank) != CORSYM_OK ||
            !rank || rank > 64)
            return false;
        for (int list = 0; list < 2; list++) {
            if (corsym_cursor_cuint(c, &count) != CORSYM_OK)
                return false;
            for (uint32_t i = 0; i < count; i++)
                if (corsym_cursor_cuint(c, &value) != CORSYM_OK)
                    return false;
        }
        puts_(o, rank == 1 ? "[*" : "[");
        for (uint32_t i = 1; i < rank; i++)
            puts_(o, ",");
        puts_(o, "]");
        return true;
    }
    case 0x15: /* GENERICINST */
        return generic_instance(n, c, o, assembly, depth);
    }
    return false;
}

bool corsym_type_namer_name(struct corsym_type_namer *n, uint32_t token, struct corsym_buf *b)
{
    const struct corsym_md_view *v = n->view;
    struct out o = OUT_TO(b);
    size_t start = b->len;
    uint32_t assembly = 0;
    bool ok;
    if (token >> 24 == CORSYM_TBL_TYPE_SPEC) {
        uint32_t rid = token & 0xFFFFFF;
        struct corsym_span sig;
        ok = rid && rid <= v->rows(v->context, CORSYM_TBL_TYPE_SPEC) &&
             v->blob(v->context, cell(v, CORSYM_TBL_TYPE_SPEC, rid, 0), &sig);
        if (ok) {
            struct corsym_cursor c;
            corsym_cursor_from_span(&c, sig);
            ok = sig_type(n, &c, &o, &assembly, 0) && corsym_cursor_at_end(&c);
        }
    } else {
        ok = token_name(n, token, &o, &assembly);
    }
    if (ok && assembly) {
        puts_(&o, ", ");
        ok = o.ok && corsym_assembly_display_name(v, assembly, b) && b->len <= o.limit;
    }
    if (!ok || !o.ok) {
        b->len = start;
        if (b->data)
            b->data[start] = 0;
        return false;
    }
    return true;
}

/* ---- a state machine's MoveNext ---- */

enum { TYPE_DEF_METHOD_LIST = 5 };
enum { METHOD_DEF_NAME = 3 };

/* First MethodDef rid of a TypeDef's list; rows + 1 past the last type. */
static uint32_t method_list(const struct corsym_md_view *v, uint32_t type, uint32_t types,
                            uint32_t methods)
{
    if (type > types)
        return methods + 1;
    uint32_t first = cell(v, CORSYM_TBL_TYPE_DEF, type, TYPE_DEF_METHOD_LIST) & 0xFFFFFF;
    return first > methods + 1 ? methods + 1 : first;
}

bool corsym_type_namer_move_next(struct corsym_type_namer *n, uint32_t kickoff, const char *name,
                                 size_t len, uint32_t *move_next)
{
    const struct corsym_md_view *v = n->view;
    uint32_t types = v->rows(v->context, CORSYM_TBL_TYPE_DEF);
    uint32_t methods = v->rows(v->context, CORSYM_TBL_METHOD_DEF);
    uint32_t rid = kickoff & 0xFFFFFF;
    if (kickoff >> 24 != CORSYM_TBL_METHOD_DEF || !rid || rid > methods || !len)
        return false;
    /* The declaring type: the last whose method list starts at or before the kick-off
     * (lists are in type order, ECMA-335 II.22.37). */
    uint32_t lo = 1, hi = types + 1;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (method_list(v, mid, types, methods) <= rid)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t declaring = lo - 1;
    if (!declaring || method_list(v, declaring + 1, types, methods) <= rid)
        return false;
    if (!n->enclosing_known)
        find_enclosing(n);
    if (!n->enclosing)
        return false;
    for (uint32_t t = 1; t <= n->type_defs && t <= types; t++) {
        if (n->enclosing[t] != declaring)
            continue;
        struct corsym_span type_name = string_cell(v, CORSYM_TBL_TYPE_DEF, t, TYPE_DEF_NAME);
        if (type_name.len != len || memcmp(type_name.data, name, len))
            continue;
        uint32_t end = method_list(v, t + 1, types, methods);
        for (uint32_t m = method_list(v, t, types, methods); m < end && m <= methods; m++) {
            if (span_is(string_cell(v, CORSYM_TBL_METHOD_DEF, m, METHOD_DEF_NAME), "MoveNext")) {
                *move_next = corsym_md_token(CORSYM_TBL_METHOD_DEF, m);
                return true;
            }
        }
        return false;
    }
    return false;
}

/* ---- the way back ---- */

static int compare_entries(const void *a, const void *b)
{
    const struct corsym_type_index_entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = n ? memcmp(x->text, y->text, n) : 0;
    if (c)
        return c;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static corsym_status add_entry(struct corsym_type_index *ix, size_t *cap, size_t start,
                               uint32_t token)
{
    if (ix->count == *cap) {
        size_t grown = *cap ? *cap * 2 : 256;
        struct corsym_type_index_entry *e = realloc(ix->entries, grown * sizeof(*e));
        if (!e)
            return CORSYM_E_NOMEM;
        ix->entries = e;
        *cap = grown;
    }
    if (ix->names.len > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    struct corsym_type_index_entry *e = &ix->entries[ix->count];
    e->offset = (uint32_t)start;
    e->len = (uint32_t)(ix->names.len - start);
    e->token = token;
    e->order = (uint32_t)ix->count++;
    return CORSYM_OK;
}

corsym_status corsym_type_index_build(struct corsym_type_index *ix,
                                      const struct corsym_md_view *view, bool csharp)
{
    static const unsigned tables[] = { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_TYPE_REF,
                                       CORSYM_TBL_TYPE_SPEC, CORSYM_TBL_ASSEMBLY_REF };
    struct corsym_type_namer namer;
    corsym_status st = CORSYM_OK;
    size_t cap = 0;
    memset(ix, 0, sizeof(*ix));
    corsym_type_namer_init(&namer, view, csharp);
    for (size_t t = 0; st == CORSYM_OK && t < sizeof(tables) / sizeof(tables[0]); t++) {
        uint32_t rows = view->rows(view->context, tables[t]);
        if (rows > CORSYM_MD_MAX_RID)
            rows = CORSYM_MD_MAX_RID;
        for (uint32_t rid = 1; st == CORSYM_OK && rid <= rows && ix->names.len < MAX_INDEX_BYTES;
             rid++) {
            uint32_t token = corsym_md_token(tables[t], rid);
            size_t start = ix->names.len;
            bool named = tables[t] == CORSYM_TBL_ASSEMBLY_REF
                             ? corsym_assembly_display_name(view, rid, &ix->names)
                             : corsym_type_namer_name(&namer, token, &ix->names);
            if (named)
                st = add_entry(ix, &cap, start, token);
        }
    }
    corsym_type_namer_free(&namer);
    if (st != CORSYM_OK) {
        corsym_type_index_free(ix);
        return st;
    }
    /* The names buffer has stopped moving: entries can point into it. */
    for (size_t i = 0; i < ix->count; i++)
        ix->entries[i].text = ix->names.data + ix->entries[i].offset;
    corsym_sort(ix->entries, ix->count, sizeof(*ix->entries), compare_entries);
    return CORSYM_OK;
}

void corsym_type_index_free(struct corsym_type_index *ix)
{
    corsym_buf_free(&ix->names);
    free(ix->entries);
    memset(ix, 0, sizeof(*ix));
}

/* The first entry of a name (entries of one name are in row order) that satisfies want. */
static bool find(const struct corsym_type_index *ix, const char *name, size_t len,
                 bool (*want)(uint32_t token), uint32_t *token)
{
    size_t lo = 0, hi = ix->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct corsym_type_index_entry *e = &ix->entries[mid];
        size_t n = e->len < len ? e->len : len;
        int c = n ? memcmp(e->text, name, n) : 0;
        if (c < 0 || (c == 0 && e->len < len))
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < ix->count; lo++) {
        const struct corsym_type_index_entry *e = &ix->entries[lo];
        if (e->len != len || (len && memcmp(e->text, name, len)))
            return false;
        if (want(e->token)) {
            *token = e->token;
            return true;
        }
    }
    return false;
}

static bool is_type(uint32_t token)
{
    return token >> 24 != CORSYM_TBL_ASSEMBLY_REF;
}

static bool is_assembly(uint32_t token)
{
    return token >> 24 == CORSYM_TBL_ASSEMBLY_REF;
}

bool corsym_type_index_type(const struct corsym_type_index *ix, const char *name, size_t len,
                            uint32_t *token)
{
    return find(ix, name, len, is_type, token);
}

bool corsym_type_index_assembly(const struct corsym_type_index *ix, const char *name, size_t len,
                                uint32_t *rid)
{
    uint32_t token;
    if (!find(ix, name, len, is_assembly, &token))
        return false;
    *rid = token & 0xFFFFFF;
    return true;
}
