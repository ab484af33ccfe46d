/* SPDX-License-Identifier: MIT */
/*
 * A method's Portable custom debug information as the MD2 attribute a Windows PDB keeps it
 * in, for convert: what dotnet/symreader-converter's Pdb2Pdb writes, in its order - for a
 * kick-off method the state machine's type name, otherwise hoisted local scopes (VB's too,
 * which Pdb2Pdb drops), dynamic
 * locals and tuple element names (from the rows of the method's locals and constants) - and
 * then the EnC local slot, lambda and state machine maps, whose encoding is the same in both
 * formats. Records are laid out as Roslyn's CustomDebugInfoEncoder lays them out. A C#
 * method's using groups come first: how many of the namespaces the reader gave convert
 * belong to each import scope of the method, innermost first (never forwards, which only
 * save space).
 */
#include "cdi.h"

#include <stdlib.h>
#include <string.h>

#include "portable/ppdb_cdi.h"

enum { SCOPE_METHOD, SCOPE_IMPORTS, SCOPE_VARIABLES, SCOPE_CONSTANTS, SCOPE_START, SCOPE_LENGTH };
enum { VAR_ATTRIBUTES, VAR_INDEX, VAR_NAME };
enum { SM_MOVE_NEXT, SM_KICKOFF };
enum { IMPORT_PARENT, IMPORT_IMPORTS };

#define DYNAMIC_FLAGS 64 /* CustomDebugInfoEncoder.DynamicAttributeSize */
#define NAME_UNITS 64    /* CustomDebugInfoEncoder.IdentifierSize */

struct bytes {
    uint8_t *p;
    size_t len, cap;
};

static void put(struct bytes *b, const void *data, size_t n)
{
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 16;
        b->p = cli_xrealloc(b->p, b->cap);
    }
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
}

static void put_u32(struct bytes *b, uint32_t v)
{
    uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    put(b, le, 4);
}

/* One record: version 4, kind, 0, padding, size with the header. The EnC maps and tuple
 * names say in the last header byte how much padding ends their body; the older kinds
 * are padded without saying so. */
static void record(struct bytes *out, uint8_t kind, const uint8_t *body, size_t len, unsigned *count)
{
    uint8_t pad = (uint8_t)((4 - len % 4) % 4);
    bool says = kind >= 6;
    uint8_t header[4] = { 4, kind, 0, says ? pad : 0 };
    static const uint8_t zeros[3];
    put(out, header, 4);
    put_u32(out, (uint32_t)(8 + len + pad));
    put(out, body, len);
    put(out, zeros, pad);
    ++*count;
}

/* The first row of a kind among an entity's CustomDebugInformation rows. */
static bool find(const struct corsym_md *pdb, unsigned table, uint32_t rid, enum corsym_cdi_kind kind,
                 struct corsym_span *value)
{
    uint32_t first, end;
    if (!cli_cdi_rows(pdb, table, rid, &first, &end))
        return false;
    for (uint32_t row = first; row < end; row++) {
        uint8_t guid[16];
        if (cli_cdi_row(pdb, row, guid, value) && corsym_cdi_kind_from_guid(guid) == kind)
            return true;
    }
    return false;
}

static uint32_t get(const struct corsym_md *md, unsigned table, uint32_t rid, unsigned col)
{
    uint32_t v = 0;
    corsym_md_get(md, table, rid, col, &v);
    return v;
}

static char *string(const struct corsym_md *md, uint32_t index)
{
    struct corsym_span s;
    if (corsym_md_string(md, index, &s) != CORSYM_OK)
        return cli_xstrndup("", 0);
    return cli_xstrndup((const char *)s.data, s.len);
}

/* A dynamic local's bucket (Pdb2Pdb's TryGetDynamicLocal): the flags, one bit each in the
 * Portable blob, as bytes; skipped, as the C# compiler skips them, past 64 flags or when the
 * name has 64 UTF-16 units or more. */
static void dynamic_bucket(struct bytes *body, unsigned *buckets, struct corsym_span bits,
                           const char *name, uint32_t slot)
{
    size_t flags = bits.len * 8;
    WCHAR *wide = cli_wide(name);
    size_t units = 0;
    while (wide && wide[units])
        units++;
    if (!wide || !flags || flags > DYNAMIC_FLAGS || units >= NAME_UNITS) {
        free(wide);
        return;
    }
    uint8_t field[DYNAMIC_FLAGS] = { 0 };
    for (size_t i = 0; i < flags; i++)
        field[i] = (bits.data[i / 8] >> (i % 8)) & 1;
    put(body, field, sizeof(field));
    put_u32(body, (uint32_t)flags);
    put_u32(body, slot);
    uint8_t name_field[NAME_UNITS * 2] = { 0 };
    for (size_t i = 0; i < units; i++) {
        name_field[2 * i] = (uint8_t)wide[i];
        name_field[2 * i + 1] = (uint8_t)(wide[i] >> 8);
    }
    put(body, name_field, sizeof(name_field));
    free(wide);
    ++*buckets;
}

/* A tuple local: the element names (NUL-terminated UTF-8, as in the Portable blob), the slot,
 * the scope (constants only) and the name. */
static void tuple_local(struct bytes *body, unsigned *locals, struct corsym_span names,
                        const char *name, int32_t slot, uint32_t start, uint32_t end)
{
    uint32_t count = 0;
    for (size_t i = 0; i < names.len; i++)
        count += names.data[i] == 0;
    put_u32(body, count);
    put(body, names.data, names.len);
    put_u32(body, (uint32_t)slot);
    put_u32(body, start);
    put_u32(body, end);
    put(body, name, strlen(name) + 1);
    ++*locals;
}

/* Dynamic locals and tuple element names of the method's locals and constants, scope by scope,
 * variables before constants, as Pdb2Pdb visits them. */
static void locals_records(const struct corsym_md *pdb, uint32_t method, struct bytes *out,
                           unsigned *count)
{
    uint32_t scopes = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_SCOPE), first;
    if (corsym_md_lower_bound(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_METHOD, method, 1, scopes + 1,
                              &first) != CORSYM_OK)
        return;
    struct bytes dynamic = { NULL, 0, 0 }, tuples = { NULL, 0, 0 };
    unsigned buckets = 0, tuple_locals = 0;
    uint32_t variables = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_VARIABLE);
    uint32_t constants = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_CONSTANT);
    for (uint32_t s = first; s <= scopes && get(pdb, CORSYM_TBL_LOCAL_SCOPE, s, SCOPE_METHOD) == method; s++) {
        /* A scope's list runs to the next scope's (any method's) or the end of the table. */
        uint32_t v0 = get(pdb, CORSYM_TBL_LOCAL_SCOPE, s, SCOPE_VARIABLES);
        uint32_t v1 = s < scopes ? get(pdb, CORSYM_TBL_LOCAL_SCOPE, s + 1, SCOPE_VARIABLES) : variables + 1;
        uint32_t c0 = get(pdb, CORSYM_TBL_LOCAL_SCOPE, s, SCOPE_CONSTANTS);
        uint32_t c1 = s < scopes ? get(pdb, CORSYM_TBL_LOCAL_SCOPE, s + 1, SCOPE_CONSTANTS) : constants + 1;
        uint32_t start = get(pdb, CORSYM_TBL_LOCAL_SCOPE, s, SCOPE_START);
        uint32_t end = start + get(pdb, CORSYM_TBL_LOCAL_SCOPE, s, SCOPE_LENGTH);
        struct corsym_span value;
        for (uint32_t v = v0; v < v1 && v <= variables; v++) {
            char *name = string(pdb, get(pdb, CORSYM_TBL_LOCAL_VARIABLE, v, VAR_NAME));
            uint32_t slot = get(pdb, CORSYM_TBL_LOCAL_VARIABLE, v, VAR_INDEX);
            if (find(pdb, CORSYM_TBL_LOCAL_VARIABLE, v, CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES, &value))
                dynamic_bucket(&dynamic, &buckets, value, name, slot);
            if (find(pdb, CORSYM_TBL_LOCAL_VARIABLE, v, CORSYM_CDI_TUPLE_ELEMENT_NAMES, &value) && value.len)
                tuple_local(&tuples, &tuple_locals, value, name, (int32_t)slot, 0, 0);
            free(name);
        }
        for (uint32_t k = c0; k < c1 && k <= constants; k++) {
            char *name = string(pdb, get(pdb, CORSYM_TBL_LOCAL_CONSTANT, k, 0));
            if (find(pdb, CORSYM_TBL_LOCAL_CONSTANT, k, CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES, &value))
                dynamic_bucket(&dynamic, &buckets, value, name, 0);
            /* A constant has no slot (-1) but its scope, end exclusive in every language. */
            if (find(pdb, CORSYM_TBL_LOCAL_CONSTANT, k, CORSYM_CDI_TUPLE_ELEMENT_NAMES, &value) && value.len)
                tuple_local(&tuples, &tuple_locals, value, name, -1, start, end);
            free(name);
        }
    }
    if (buckets) {
        struct bytes body = { NULL, 0, 0 };
        put_u32(&body, buckets);
        put(&body, dynamic.p, dynamic.len);
        record(out, 5, body.p, body.len, count);
        free(body.p);
    }
    if (tuple_locals) {
        struct bytes body = { NULL, 0, 0 };
        put_u32(&body, tuple_locals);
        put(&body, tuples.p, tuples.len);
        record(out, 8, body.p, body.len, count);
        free(body.p);
    }
    free(dynamic.p);
    free(tuples.p);
}

/* How many imports of one import scope the reader turns into namespace strings: all but type
 * imports (which need the module's metadata to be named) and assembly aliases (the root's).
 * -1 for a blob this does not understand. */
static int32_t named_imports(const struct corsym_md *pdb, uint32_t blob)
{
    struct corsym_span value;
    struct corsym_cursor c;
    uint32_t kind, skip;
    int32_t named = 0;
    if (corsym_md_blob(pdb, blob, &value) != CORSYM_OK)
        return -1;
    corsym_cursor_from_span(&c, value);
    /* Fields after the kind (PortablePdb-Metadata.md, Imports Blob): blob indexes, assembly
     * rows and TypeDefOrRefOrSpecEncoded values, each a compressed integer. */
    static const uint8_t fields[10] = { 0, 1, 2, 1, 2, 1, 2, 2, 3, 2 };
    while (!corsym_cursor_at_end(&c)) {
        if (corsym_cursor_cuint(&c, &kind) != CORSYM_OK || kind < 1 || kind > 9)
            return -1;
        for (uint8_t f = 0; f < fields[kind]; f++)
            if (corsym_cursor_cuint(&c, &skip) != CORSYM_OK)
                return -1;
        named += kind != 3 && kind != 6 && kind != 9;
    }
    return named;
}

static void put_groups(struct bytes *out, const uint16_t *groups, size_t levels, unsigned *count)
{
    struct bytes body = { NULL, 0, 0 };
    uint8_t le[2] = { (uint8_t)levels, (uint8_t)(levels >> 8) };
    put(&body, le, 2);
    for (size_t i = 0; i < levels; i++) {
        uint8_t g[2] = { (uint8_t)groups[i], (uint8_t)(groups[i] >> 8) };
        put(&body, g, 2);
    }
    record(out, 0, body.p, body.len, count);
    free(body.p);
}

/* C#'s UsingGroups record (kind 0): per import scope of the method's outermost local scope,
 * innermost first, without the root (C#'s root holds only assembly aliases), the number of
 * its namespace strings - written only when they add up to what the reader gave (namespaces),
 * since a reader that finds more groups than strings gives up on the method's imports. */
static void using_record(const struct corsym_md *pdb, uint32_t method, int namespaces,
                         struct bytes *out, unsigned *count)
{
    uint32_t scopes = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_SCOPE), first;
    uint32_t imports = corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    struct corsym_span value;
    if (namespaces < 0 || find(pdb, CORSYM_TBL_MODULE, 1, CORSYM_CDI_DEFAULT_NAMESPACE, &value) ||
        corsym_md_lower_bound(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_METHOD, method, 1, scopes + 1,
                              &first) != CORSYM_OK ||
        first > scopes || get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_METHOD) != method)
        return; /* VB keeps no using groups; a method without scopes has none either */
    uint16_t groups[0x400];
    uint32_t levels = 0;
    int32_t total = 0;
    uint32_t scope = get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_IMPORTS);
    for (uint32_t depth = 0; scope && scope <= imports && depth <= imports; depth++) {
        uint32_t parent = get(pdb, CORSYM_TBL_IMPORT_SCOPE, scope, IMPORT_PARENT);
        if (!parent)
            break;
        int32_t named = named_imports(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, scope, IMPORT_IMPORTS));
        if (named < 0 || named > 0x7FFF || levels == 0x400)
            return;
        groups[levels++] = (uint16_t)named;
        total += named;
        scope = parent;
    }
    if (total == namespaces)
        put_groups(out, groups, levels, count);
}

/* (start, length) pairs become a count and (start, inclusive end) pairs; (0, 0), a
 * synthesized variable, stays (0, 0). */
static void hoisted_record(struct bytes *out, struct corsym_span value, unsigned *count)
{
    struct bytes body = { NULL, 0, 0 };
    struct corsym_cursor c;
    int32_t start, length;
    corsym_cursor_from_span(&c, value);
    put_u32(&body, (uint32_t)(value.len / 8));
    while (corsym_cursor_i32le(&c, &start) == CORSYM_OK && corsym_cursor_i32le(&c, &length) == CORSYM_OK) {
        put_u32(&body, (uint32_t)start);
        put_u32(&body, (uint32_t)(start || length ? start + length - 1 : 0));
    }
    record(out, 3, body.p, body.len, count);
    free(body.p);
}

/* The state machine type's name (not its namespace or enclosing type) when the method is a
 * kick-off method and the module is there to name it. */
static char *state_machine_name(const struct corsym_md *pdb, const struct corsym_md *module,
                                uint32_t method)
{
    uint32_t rows = corsym_md_rows(pdb, CORSYM_TBL_STATE_MACHINE_METHOD), type;
    struct corsym_span ns, name;
    if (!module)
        return NULL;
    for (uint32_t r = 1; r <= rows; r++) {
        if (get(pdb, CORSYM_TBL_STATE_MACHINE_METHOD, r, SM_KICKOFF) != method)
            continue;
        uint32_t move_next = get(pdb, CORSYM_TBL_STATE_MACHINE_METHOD, r, SM_MOVE_NEXT);
        if (corsym_md_method_declaring_type(module, move_next, &type) != CORSYM_OK ||
            corsym_md_type_def_name(module, type, &ns, &name) != CORSYM_OK)
            return NULL;
        return cli_xstrndup((const char *)name.data, name.len);
    }
    return NULL;
}

uint8_t *cli_cdi_portable_md2(const struct corsym_md *pdb, const struct corsym_md *module,
                              uint32_t token, const struct cli_md2_usings *usings, size_t *size)
{
    static const struct { enum corsym_cdi_kind portable; uint8_t md2; } maps[] = {
        { CORSYM_CDI_ENC_LOCAL_SLOT_MAP, 6 },
        { CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP, 7 },
        { CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP, 9 },
    };
    uint32_t method = token & 0xFFFFFF;
    struct bytes out = { NULL, 0, 0 };
    unsigned count = 0;
    static const uint8_t global[4] = { 4, 0, 0, 0 };
    struct corsym_span value;
    if (!pdb)
        return NULL;
    put(&out, global, 4);
    char *machine = state_machine_name(pdb, module, method);
    if (machine) {
        /* A kick-off method carries only the name of its state machine (and the EnC maps). */
        WCHAR *wide = cli_wide(machine);
        struct bytes name = { NULL, 0, 0 };
        for (size_t i = 0; wide && (i == 0 || wide[i - 1]); i++) { /* UTF-16LE with its NUL */
            uint8_t le[2] = { (uint8_t)wide[i], (uint8_t)(wide[i] >> 8) };
            put(&name, le, 2);
        }
        record(&out, 4, name.p, name.len, &count);
        free(name.p);
        free(wide);
        free(machine);
    } else {
        if (usings && usings->groups) {
            /* The groups of the strings convert wrote itself, then where the module's extern
             * aliases are (Roslyn's order). */
            if (usings->group_count && usings->group_count <= 0x7FFF)
                put_groups(&out, usings->groups, usings->group_count, &count);
            if (usings->forward_module) {
                uint8_t le[4] = { (uint8_t)usings->forward_module, (uint8_t)(usings->forward_module >> 8),
                                  (uint8_t)(usings->forward_module >> 16),
                                  (uint8_t)(usings->forward_module >> 24) };
                record(&out, 2, le, 4, &count);
            }
        } else {
            using_record(pdb, method, usings ? usings->namespaces : -1, &out, &count);
        }
        /* Pdb2Pdb leaves a VB method's hoisted scopes out (VB's Windows PDBs describe them by
         * scoped locals instead); convert keeps them, so that they survive a round trip, and
         * VB's expression evaluator ignores the record. */
        if (find(pdb, CORSYM_TBL_METHOD_DEF, method, CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES, &value))
            hoisted_record(&out, value, &count);
        locals_records(pdb, method, &out, &count);
    }
    for (size_t k = 0; k < sizeof(maps) / sizeof(maps[0]); k++)
        if (find(pdb, CORSYM_TBL_METHOD_DEF, method, maps[k].portable, &value))
            record(&out, maps[k].md2, value.data, value.len, &count);
    if (!count || count > 255) {
        free(out.p);
        return NULL;
    }
    out.p[1] = (uint8_t)count;
    *size = out.len;
    return out.p;
}
