/* SPDX-License-Identifier: MIT */
/*
 * <customDebugInfo> as dotnet/symreader-converter's PdbToXml writes it: the same elements,
 * attributes and order. Windows PDBs: every MD2 record in stored order (version 4 records by
 * kind, anything else as <unknown>). Portable PDBs: only the method kinds PdbToXml shows,
 * in the Windows order (hoisted scopes, slot map, lambda map, state map) so that the two
 * formats' dumps line up; module kinds at the end of the dump.
 * Malformed data ends the decoding of that record with what was read so far ("?" where
 * PdbToXml prints it); PdbToXml itself throws on some of these, a dump tool should not.
 */
#include "cdi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"
#include "names.h"
#include "portable/ppdb_cdi.h"

#define BAD "?"

static bool u16(struct corsym_cursor *c, uint16_t *v) { return corsym_cursor_u16le(c, v) == CORSYM_OK; }
static bool i32(struct corsym_cursor *c, int32_t *v) { return corsym_cursor_i32le(c, v) == CORSYM_OK; }
static bool cuint(struct corsym_cursor *c, int32_t *v)
{
    uint32_t u;
    if (corsym_cursor_cuint(c, &u) != CORSYM_OK)
        return false;
    *v = (int32_t)u;
    return true;
}

/* "AB-CD-EF" (BitConverter.ToString); "" for no bytes. */
static char *dashed_hex(const uint8_t *p, size_t n)
{
    char *s = cli_xmalloc(n ? n * 3 : 1);
    s[0] = 0;
    for (size_t i = 0; i < n; i++)
        sprintf(s + i * 3, i + 1 < n ? "%02X-" : "%02X", p[i]);
    return s;
}

/* UTF-16 units up to a NUL or max_units, as UTF-8. */
static char *utf16z(struct corsym_cursor *c, size_t max_units, bool *ok)
{
    WCHAR *buf = cli_xmalloc((max_units + 1) * sizeof(WCHAR));
    size_t n = 0;
    uint16_t ch;
    *ok = false;
    while (n < max_units && u16(c, &ch)) {
        if (ch == 0) {
            *ok = true;
            break;
        }
        buf[n++] = ch;
    }
    char *s = cli_narrow(buf, n);
    free(buf);
    return s;
}

/* UTF-8 up to a NUL (consumed); NULL when there is none. */
static char *utf8z(struct corsym_cursor *c)
{
    if (!corsym_cursor_remaining(c))
        return NULL; /* an empty blob has no data pointer at all */
    const uint8_t *p = c->data + c->pos;
    const uint8_t *z = memchr(p, 0, corsym_cursor_remaining(c));
    if (!z)
        return NULL;
    c->pos += (size_t)(z - p) + 1;
    return cli_xstrndup((const char *)p, (size_t)(z - p));
}

static void dec_or_bad(struct cli_node *n, const char *key, bool ok, int64_t v)
{
    if (ok)
        cli_attr_dec(n, key, v);
    else
        cli_attr_str(n, key, BAD);
}

static void text_child(struct cli_node *parent, const char *name, const char *text)
{
    cli_node_plain(cli_node_add(parent, name), text);
}

static void text_child_dec(struct cli_node *parent, const char *name, int64_t v)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "%lld", (long long)v);
    text_child(parent, name, buf);
}

/* ---- kinds shared by both formats (compressed-integer EnC records) ---- */

static void enc_local_slot_map(struct cli_node *cdi, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "encLocalSlotMap");
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    int32_t baseline = -1;
    uint8_t b;
    while (corsym_cursor_u8(&c, &b) == CORSYM_OK) {
        if (b == 0xff) {
            if (!cuint(&c, &baseline)) {
                text_child(n, "baseline", BAD);
                return;
            }
            baseline = -baseline;
            continue;
        }
        struct cli_node *slot = cli_node_add(n, "slot");
        if (b == 0) {
            cli_attr_str(slot, "kind", "temp"); /* a short-lived temporary */
            continue;
        }
        bool has_ordinal = (b & 0x80) != 0;
        int32_t offset = 0, ordinal = 0;
        bool offset_ok = cuint(&c, &offset);
        bool ordinal_ok = !has_ordinal || cuint(&c, &ordinal);
        cli_attr_dec(slot, "kind", (b & 0x3f) - 1);
        dec_or_bad(slot, "offset", offset_ok, (int64_t)offset + baseline);
        if (has_ordinal)
            dec_or_bad(slot, "ordinal", ordinal_ok, ordinal);
    }
}

static void enc_lambda_map(struct cli_node *cdi, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "encLambdaMap");
    if (!data.len)
        return;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    int32_t ordinal, baseline, closures;
    if (!cuint(&c, &ordinal)) {
        text_child(n, "methodOrdinal", BAD);
        return;
    }
    text_child_dec(n, "methodOrdinal", (int64_t)ordinal - 1); /* stored biased by one */
    if (!cuint(&c, &baseline)) {
        text_child(n, "baseline", BAD);
        return;
    }
    baseline = -baseline;
    if (!cuint(&c, &closures)) {
        text_child(n, "closureCount", BAD);
        return;
    }
    for (int32_t i = 0; i < closures; i++) {
        struct cli_node *k = cli_node_add(n, "closure");
        int32_t offset;
        if (!cuint(&c, &offset)) {
            text_child(k, "offset", BAD);
            break;
        }
        cli_attr_dec(k, "offset", (int64_t)offset + baseline);
    }
    while (!corsym_cursor_at_end(&c)) {
        struct cli_node *l = cli_node_add(n, "lambda");
        int32_t offset, closure;
        if (!cuint(&c, &offset)) {
            text_child(l, "offset", BAD);
            return;
        }
        cli_attr_dec(l, "offset", (int64_t)offset + baseline);
        if (!cuint(&c, &closure)) {
            text_child(l, "closure", BAD);
            return;
        }
        /* Stored + 2: 0 is "this", 1 no closure, n + 2 the n-th closure. */
        closure -= 2;
        if (closure == -2) {
            cli_attr_str(l, "closure", "this");
        } else if (closure != -1) {
            char buf[40];
            snprintf(buf, sizeof(buf), "%d%s", (int)closure, closure >= closures ? " (invalid)" : "");
            cli_attr_str(l, "closure", buf);
        }
    }
}

static void enc_state_map(struct cli_node *cdi, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "encStateMachineStateMap");
    if (!data.len)
        return;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    int32_t count, baseline;
    if (!cuint(&c, &count)) {
        cli_attr_str(n, "count", BAD);
        return;
    }
    if (count <= 0)
        return;
    if (!cuint(&c, &baseline)) {
        cli_attr_str(n, "syntaxOffsetBaseline", BAD);
        return;
    }
    baseline = -baseline;
    for (; count > 0; count--) {
        struct cli_node *s = cli_node_add(n, "state");
        int32_t number, offset;
        if (corsym_cursor_cint(&c, &number) != CORSYM_OK) {
            cli_attr_str(s, "number", BAD);
            return;
        }
        cli_attr_dec(s, "number", number);
        if (!cuint(&c, &offset)) {
            cli_attr_str(s, "offset", BAD);
            return;
        }
        cli_attr_dec(s, "offset", (int64_t)offset + baseline);
    }
}

static void hoisted_slot(struct cli_node *n, int64_t start, int64_t end)
{
    struct cli_node *s = cli_node_add(n, "slot");
    if (start != 0 || end != 0) { /* (0, 0) is a synthesized variable: no scope */
        cli_attr_hex(s, "startOffset", (uint64_t)start);
        cli_attr_hex(s, "endOffset", (uint64_t)end);
    }
}

/* ---- Windows MD2 records ---- */

static const char *const md2_kind_names[] = {
    "UsingGroups", "ForwardMethodInfo", "ForwardModuleInfo", "StateMachineHoistedLocalScopes",
    "StateMachineTypeName", "DynamicLocals", "EditAndContinueLocalSlotMap",
    "EditAndContinueLambdaMap", "TupleElementNames",
};

static void md2_unknown(struct cli_node *cdi, uint8_t kind, uint8_t version, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "unknown");
    char buf[8];
    if (kind < sizeof(md2_kind_names) / sizeof(md2_kind_names[0])) {
        cli_attr_str(n, "kind", md2_kind_names[kind]);
    } else {
        snprintf(buf, sizeof(buf), "%u", kind);
        cli_attr_str(n, "kind", buf);
    }
    cli_attr_dec(n, "version", version);
    char *hex = dashed_hex(data.data, data.len);
    cli_attr_str(n, "payload", hex);
    free(hex);
}

static void md2_using(struct cli_node *cdi, struct corsym_cursor *c)
{
    struct cli_node *n = cli_node_add(cdi, "using");
    uint16_t count, v;
    if (!u16(c, &count))
        return;
    for (uint16_t i = 0; i < count && u16(c, &v); i++)
        cli_attr_dec(cli_node_add(n, "namespace"), "usingCount", (int16_t)v);
}

static void md2_forward(struct cli_node *cdi, const char *name, struct corsym_cursor *c,
                        const struct corsym_md *md, bool tokens)
{
    struct cli_node *n = cli_node_add(cdi, name);
    int32_t token;
    if (i32(c, &token))
        cli_method_attrs(n, md, (uint32_t)token, true, tokens);
}

static void md2_hoisted(struct cli_node *cdi, struct corsym_cursor *c)
{
    struct cli_node *n = cli_node_add(cdi, "hoistedLocalScopes");
    int32_t count, start, end;
    if (!i32(c, &count))
        return;
    for (int32_t i = 0; i < count && i32(c, &start) && i32(c, &end); i++)
        /* Windows PDBs store the end inclusive; (0, 0) stays a synthesized variable. */
        hoisted_slot(n, start, (start != 0 || end != 0) ? (int64_t)end + 1 : 0);
}

static void md2_iterator(struct cli_node *cdi, struct corsym_cursor *c)
{
    struct cli_node *n = cli_node_add(cdi, "forwardIterator");
    bool ok;
    char *name = utf16z(c, corsym_cursor_remaining(c) / 2, &ok);
    cli_attr_str(n, "name", name);
    free(name);
}

static void md2_dynamic(struct cli_node *cdi, struct corsym_cursor *c)
{
    struct cli_node *n = cli_node_add(cdi, "dynamicLocals");
    int32_t buckets, flag_count, slot;
    if (!i32(c, &buckets))
        return;
    for (int32_t i = 0; i < buckets; i++) {
        /* 64 flag bytes, the number of flags used, the slot, a 64-character name field. */
        struct corsym_span flags_raw;
        if (corsym_cursor_bytes(c, 64, &flags_raw) != CORSYM_OK || !i32(c, &flag_count) ||
            !i32(c, &slot))
            return;
        struct corsym_cursor name_field;
        if (corsym_cursor_take(c, 128, &name_field) != CORSYM_OK)
            return;
        char flags[65];
        size_t used = flag_count < 0 ? 0 : flag_count > 64 ? 64 : (size_t)flag_count;
        for (size_t k = 0; k < used; k++)
            flags[k] = flags_raw.data[k] ? '1' : '0';
        flags[used] = 0;
        bool ok;
        char *name = utf16z(&name_field, 64, &ok);
        struct cli_node *b = cli_node_add(n, "bucket");
        cli_attr_str(b, "flags", flags);
        cli_attr_dec(b, "slotId", slot);
        cli_attr_str(b, "localName", name);
        free(name);
    }
}

static void md2_tuples(struct cli_node *cdi, struct corsym_cursor *c)
{
    struct cli_node *n = cli_node_add(cdi, "tupleElementNames");
    int32_t locals, names, slot, start, end;
    if (!i32(c, &locals))
        return;
    for (int32_t i = 0; i < locals; i++) {
        if (!i32(c, &names) || names < 0)
            return;
        /* PdbToXml joins the names with a leading '|' each, an empty name staying empty. */
        size_t len = 0, cap = 16;
        char *joined = cli_xmalloc(cap);
        joined[0] = 0;
        for (int32_t k = 0; k < names; k++) {
            char *s = utf8z(c);
            if (!s) {
                free(joined);
                return;
            }
            size_t sl = strlen(s);
            if (len + sl + 2 > cap) {
                cap = (len + sl + 2) * 2;
                joined = cli_xrealloc(joined, cap);
            }
            joined[len++] = '|';
            memcpy(joined + len, s, sl + 1);
            len += sl;
            free(s);
        }
        char *local = NULL;
        if (!i32(c, &slot) || !i32(c, &start) || !i32(c, &end) || !(local = utf8z(c))) {
            free(joined);
            return;
        }
        struct cli_node *l = cli_node_add(n, "local");
        cli_attr_str(l, "elementNames", joined);
        cli_attr_dec(l, "slotIndex", slot);
        cli_attr_str(l, "localName", local);
        cli_attr_hex(l, "scopeStart", (uint32_t)start);
        cli_attr_hex(l, "scopeEnd", (uint32_t)end);
        free(joined);
        free(local);
    }
}

static void md2_records(struct cli_node *cdi, const uint8_t *p, size_t len,
                        const struct corsym_md *md, bool tokens)
{
    /* Global header: version 4, record count, 2 bytes of padding; the count is not trusted,
     * records are read while a whole record header fits, as Roslyn's reader does. */
    if (len < 4 || p[0] != 4)
        return;
    size_t off = 4;
    while (len >= 8 && off <= len - 8) {
        uint8_t version = p[off], kind = p[off + 1], align = p[off + 3];
        uint32_t size = (uint32_t)p[off + 4] | (uint32_t)p[off + 5] << 8 |
                        (uint32_t)p[off + 6] << 16 | (uint32_t)p[off + 7] << 24;
        off += 8;
        if (size < 8 || size - 8 > len - off)
            return;
        size_t body = size - 8;
        /* Only these kinds pad their bodies; the last header byte says by how much. */
        if (kind != 6 && kind != 7 && kind != 8)
            align = 0;
        if (align > 3 || align > body)
            return;
        struct corsym_span data = corsym_span_make(p + off, body - align);
        struct corsym_cursor c;
        corsym_cursor_from_span(&c, data);
        off += body;
        if (version != 4) {
            md2_unknown(cdi, kind, version, data);
            continue;
        }
        switch (kind) {
        case 0: md2_using(cdi, &c); break;
        case 1: md2_forward(cdi, "forward", &c, md, tokens); break;
        case 2: md2_forward(cdi, "forwardToModule", &c, md, tokens); break;
        case 3: md2_hoisted(cdi, &c); break;
        case 4: md2_iterator(cdi, &c); break;
        case 5: md2_dynamic(cdi, &c); break;
        case 6: enc_local_slot_map(cdi, data); break;
        case 7: enc_lambda_map(cdi, data); break;
        case 8: md2_tuples(cdi, &c); break;
        case 9: enc_state_map(cdi, data); break;
        default: md2_unknown(cdi, kind, version, data); break;
        }
    }
}

struct cli_node *cli_cdi_windows(ISymUnmanagedReader *reader, uint32_t token,
                                 const struct corsym_md *md, bool tokens)
{
    static const WCHAR md2[] = { 'M', 'D', '2', 0 };
    ULONG32 n = 0;
    /* A size query answers S_FALSE with the size (Microsoft's DLL does the same). */
    if (FAILED(ISymUnmanagedReader_GetSymAttribute(reader, token, (WCHAR *)md2, 0, &n, NULL)) || !n)
        return NULL;
    uint8_t *bytes = cli_xmalloc(n);
    struct cli_node *cdi = NULL;
    if (ISymUnmanagedReader_GetSymAttribute(reader, token, (WCHAR *)md2, n, &n, bytes) == S_OK) {
        cdi = cli_node_new("customDebugInfo");
        md2_records(cdi, bytes, n, md, tokens);
    }
    free(bytes);
    return cdi;
}

/* ---- Portable PDB rows ---- */

bool cli_cdi_rows(const struct corsym_md *pdb, unsigned table, uint32_t rid, uint32_t *first,
                     uint32_t *end)
{
    uint32_t rows = corsym_md_rows(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION), key, next;
    if (!rows ||
        corsym_md_coded_encode(CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION, table, rid, &key) != CORSYM_OK ||
        corsym_md_lower_bound(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, 0, key, 1, rows + 1, first) != CORSYM_OK ||
        corsym_md_lower_bound(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, 0, key + 1, *first, rows + 1, &next) != CORSYM_OK)
        return false;
    *end = next;
    return *first < *end;
}

bool cli_cdi_row(const struct corsym_md *pdb, uint32_t row, uint8_t guid[16], struct corsym_span *value)
{
    uint32_t kind, blob;
    return corsym_md_get(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, row, 1, &kind) == CORSYM_OK &&
           corsym_md_get(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, row, 2, &blob) == CORSYM_OK &&
           corsym_md_guid(pdb, kind, guid) == CORSYM_OK && corsym_md_blob(pdb, blob, value) == CORSYM_OK;
}

static void portable_hoisted(struct cli_node *cdi, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "hoistedLocalScopes");
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    int32_t start, length;
    /* (start, length) pairs; (0, 0) is a synthesized variable. */
    while (!corsym_cursor_at_end(&c) && i32(&c, &start) && i32(&c, &length))
        hoisted_slot(n, start, (int64_t)start + length);
}

struct cli_node *cli_cdi_portable(const struct corsym_md *pdb, uint32_t token)
{
    static const enum corsym_cdi_kind order[] = {
        CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES, CORSYM_CDI_ENC_LOCAL_SLOT_MAP,
        CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP, CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP,
    };
    uint32_t first, end;
    if (!pdb || !cli_cdi_rows(pdb, CORSYM_TBL_METHOD_DEF, token & 0xFFFFFF, &first, &end))
        return NULL;
    struct cli_node *cdi = NULL;
    for (size_t k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
        for (uint32_t row = first; row < end; row++) {
            uint8_t guid[16];
            struct corsym_span value;
            if (!cli_cdi_row(pdb, row, guid, &value) || corsym_cdi_kind_from_guid(guid) != order[k])
                continue;
            if (!cdi)
                cdi = cli_node_new("customDebugInfo");
            switch (order[k]) {
            case CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES: portable_hoisted(cdi, value); break;
            case CORSYM_CDI_ENC_LOCAL_SLOT_MAP: enc_local_slot_map(cdi, value); break;
            case CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP: enc_lambda_map(cdi, value); break;
            default: enc_state_map(cdi, value); break;
            }
        }
    }
    return cdi;
}

/* ---- module-level rows ---- */

static void compilation_options(struct cli_node *cdi, struct corsym_span data)
{
    struct cli_node *n = cli_node_add(cdi, "compilationOptions");
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    while (!corsym_cursor_at_end(&c)) {
        char *name = utf8z(&c), *value = name ? utf8z(&c) : NULL;
        struct cli_node *o = cli_node_add(n, "option");
        cli_attr_str(o, "name", name ? name : BAD);
        cli_attr_str(o, "value", value ? value : BAD);
        bool stop = !name || !value;
        free(name);
        free(value);
        if (stop)
            break;
    }
}

static void metadata_references(struct cli_node *cdi, struct corsym_span data)
{
    static const char *const flag_names[] = { "0", "Assembly", "EmbedInteropTypes",
                                              "Assembly, EmbedInteropTypes" };
    struct cli_node *n = cli_node_add(cdi, "compilationMetadataReferences");
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    while (!corsym_cursor_at_end(&c)) {
        char *file = utf8z(&c), *aliases = file ? utf8z(&c) : NULL;
        char flags[32] = BAD, stamp[12] = BAD, size[12] = BAD, mvid[37] = BAD;
        uint8_t f, g[16];
        uint32_t v;
        bool ok = file && aliases && corsym_cursor_u8(&c, &f) == CORSYM_OK;
        if (ok) /* a [Flags] enum: bits it does not name print as a number */
            snprintf(flags, sizeof(flags), "%s", f < 4 ? flag_names[f] : "");
        if (ok && f >= 4)
            snprintf(flags, sizeof(flags), "%u", f);
        ok = ok && corsym_cursor_u32le(&c, &v) == CORSYM_OK;
        if (ok)
            snprintf(stamp, sizeof(stamp), "0x%08X", v);
        ok = ok && corsym_cursor_u32le(&c, &v) == CORSYM_OK;
        if (ok)
            snprintf(size, sizeof(size), "0x%08X", v);
        ok = ok && corsym_cursor_copy(&c, g, 16) == CORSYM_OK;
        if (ok)
            cli_guid_text(g, mvid);
        struct cli_node *r = cli_node_add(n, "reference");
        cli_attr_str(r, "fileName", file ? file : BAD);
        if (!aliases || aliases[0])
            cli_attr_str(r, "aliases", aliases ? aliases : BAD);
        cli_attr_str(r, "flags", flags);
        cli_attr_str(r, "timeStamp", stamp);
        cli_attr_str(r, "fileSize", size);
        cli_attr_str(r, "mvid", mvid);
        free(file);
        free(aliases);
        if (!ok)
            break;
    }
}

struct cli_node *cli_cdi_module(const struct corsym_md *pdb)
{
    uint32_t first, end;
    if (!pdb || !cli_cdi_rows(pdb, CORSYM_TBL_MODULE, 1, &first, &end))
        return NULL;
    struct cli_node *cdi = cli_node_new("customDebugInfo");
    for (uint32_t row = first; row < end; row++) {
        uint8_t guid[16];
        struct corsym_span value;
        if (!cli_cdi_row(pdb, row, guid, &value))
            continue;
        switch (corsym_cdi_kind_from_guid(guid)) {
        case CORSYM_CDI_COMPILATION_METADATA_REFERENCES: metadata_references(cdi, value); break;
        case CORSYM_CDI_COMPILATION_OPTIONS: compilation_options(cdi, value); break;
        case CORSYM_CDI_DEFAULT_NAMESPACE: {
            struct corsym_cursor c;
            corsym_cursor_from_span(&c, value);
            char *name = utf8z(&c);
            cli_attr_str(cli_node_add(cdi, "defaultnamespace"), "name", name ? name : "");
            free(name);
            break;
        }
        default: {
            char text[37];
            cli_guid_text(guid, text);
            struct cli_node *u = cli_node_add(cdi, "unknown");
            cli_attr_str(u, "kind", text);
            char *hex = dashed_hex(value.data, value.len);
            cli_attr_str(u, "data", hex);
            free(hex);
            break;
        }
        }
    }
    return cdi;
}
