/* SPDX-License-Identifier: MIT */
/*
 * The symbol source over a Portable PDB. It answers what Microsoft's portable reader
 * (Microsoft.DiaSymReader.PortablePdb) answers through the same API:
 *  - documents report the Microsoft vendor and the text document type whatever the PDB;
 *  - a method exists when it has sequence points or any custom debug information;
 *  - scopes hang below a synthetic root that starts at 0 and ends where the method's
 *    outermost scope ends; VB assemblies (those with a DefaultNamespace record) report
 *    inclusive ends on the inner scopes;
 *  - constants come back widened as that reader widens them (bool/sbyte/byte to I2, char
 *    to U2, null references to I4 0, DateTime as ticks) with the signature it rebuilds.
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "model/arena.h"
#include "model/portable_source.h"
#include "platform/atomic.h"
#include "platform/mutex.h"
#include "portable/portable.h"

static const uint8_t vendor_microsoft[16] = {
    0xc4, 0x45, 0x4b, 0x99, 0xe9, 0xe6, 0xd2, 0x11, 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1,
};
static const uint8_t document_type_text[16] = {
    0x0b, 0x9d, 0x86, 0x5a, 0x11, 0x66, 0xd3, 0x11, 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd,
};

#define TOKEN(table, rid) (((uint32_t)(table) << 24) | (rid))

struct portable_source {
    struct corsym_symbols base;
    struct corsym_ppdb *pdb;
    uint8_t *owned_bytes;
    corsym_mutex lock; /* guards building the two lazy indexes below */
    struct corsym_document *volatile documents;
    struct corsym_arena *document_arena;
    struct document_methods *volatile doc_methods;
};

struct document_methods {
    uint32_t **tokens;
    uint32_t *counts;
    uint32_t document_count;
};

static inline struct portable_source *impl(struct corsym_symbols *symbols)
{
    return (struct portable_source *)symbols;
}

/* UTF-8 from the PDB to UTF-16 in the arena; invalid sequences become U+FFFD, as .NET's
 * decoder does. */
static corsym_status arena_utf16(struct corsym_arena *arena, const uint8_t *utf8, size_t length,
                                 struct corsym_wstr *out)
{
    size_t units = 0;
    corsym_status st = corsym_utf8_to_utf16_lossy(utf8, length, NULL, 0, &units);
    if (st != CORSYM_OK && st != CORSYM_E_BUFFER_TOO_SMALL)
        return st;
    if (units > UINT32_MAX - 1)
        return CORSYM_E_UNSUPPORTED;
    uint16_t *chars = corsym_arena_alloc(arena, units + 1, sizeof(uint16_t));
    if (!chars)
        return CORSYM_E_NOMEM;
    if (units)
        CORSYM_TRY(corsym_utf8_to_utf16_lossy(utf8, length, chars, units, &units));
    out->chars = chars;
    out->length = (uint32_t)units;
    return CORSYM_OK;
}

static void portable_destroy(struct corsym_symbols *symbols)
{
    struct portable_source *src = impl(symbols);
    struct document_methods *index = src->doc_methods;
    if (index) {
        for (uint32_t i = 0; i < index->document_count; i++)
            free(index->tokens[i]);
        free(index->tokens);
        free(index->counts);
        free(index);
    }
    corsym_arena_free(src->document_arena);
    corsym_ppdb_close(src->pdb);
    corsym_mutex_destroy(&src->lock);
    free(src->owned_bytes);
    free(src);
}

static corsym_status build_documents(struct portable_source *src)
{
    uint32_t count = src->base.document_count;
    struct corsym_arena *arena = corsym_arena_new();
    if (!arena)
        return CORSYM_E_NOMEM;
    struct corsym_document *docs = corsym_arena_alloc(arena, count ? count : 1, sizeof(*docs));
    struct corsym_buf name = CORSYM_BUF_INIT;
    corsym_status st = docs ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++) {
        struct corsym_ppdb_document row;
        st = corsym_ppdb_document(src->pdb, i + 1, &row);
        if (st != CORSYM_OK)
            break;
        corsym_buf_clear(&name);
        st = corsym_ppdb_document_name(src->pdb, i + 1, &name);
        if (st == CORSYM_OK)
            st = arena_utf16(arena, name.data, name.len, &docs[i].url);
        if (st != CORSYM_OK)
            break;
        memcpy(docs[i].language, row.language, 16);
        memcpy(docs[i].language_vendor, vendor_microsoft, 16);
        memcpy(docs[i].document_type, document_type_text, 16);
        memcpy(docs[i].checksum_algorithm, row.hash_algorithm, 16);
        docs[i].checksum.data = row.hash.data;
        docs[i].checksum.size = row.hash.len;
        struct corsym_span source;
        corsym_status found = corsym_ppdb_cdi_find(src->pdb, CORSYM_TBL_DOCUMENT, i + 1,
                                                   corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE),
                                                   &source);
        docs[i].has_embedded_source = found == CORSYM_OK;
    }
    corsym_buf_free(&name);
    if (st != CORSYM_OK) {
        corsym_arena_free(arena);
        return st;
    }
    src->document_arena = arena;
    __atomic_store_n(&src->documents, docs, __ATOMIC_RELEASE);
    return CORSYM_OK;
}

static corsym_status portable_document(struct corsym_symbols *symbols, uint32_t index,
                                       const struct corsym_document **out)
{
    struct portable_source *src = impl(symbols);
    if (index >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    struct corsym_document *docs = __atomic_load_n(&src->documents, __ATOMIC_ACQUIRE);
    if (!docs) {
        corsym_mutex_lock(&src->lock);
        corsym_status st = src->documents ? CORSYM_OK : build_documents(src);
        corsym_mutex_unlock(&src->lock);
        CORSYM_TRY(st);
        docs = src->documents;
    }
    *out = &docs[index];
    return CORSYM_OK;
}

static corsym_status portable_embedded_source(struct corsym_symbols *symbols, uint32_t document,
                                              struct corsym_bytes *out)
{
    struct portable_source *src = impl(symbols);
    struct corsym_span value;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(corsym_ppdb_cdi_find(src->pdb, CORSYM_TBL_DOCUMENT, document + 1,
                                    corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE), &value));
    out->data = value.data;
    out->size = value.len;
    return CORSYM_OK;
}

/* ---- methods ---- */

static corsym_status load_sequence_points(struct portable_source *src, struct corsym_arena *arena,
                                          const struct corsym_ppdb_method_debug *debug,
                                          struct corsym_method *m)
{
    if (!debug->has_sequence_points)
        return CORSYM_OK;
    uint32_t max_doc = src->base.document_count;
    struct corsym_ppdb_seqpt_iter it;
    struct corsym_ppdb_seqpt point;
    uint32_t count = 0;
    corsym_status st;
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, debug->sequence_points, debug->document, max_doc));
    while ((st = corsym_ppdb_seqpts_next(&it, &point)) == CORSYM_OK)
        count++;
    if (st != CORSYM_NOT_FOUND)
        return st;
    if (it.local_signature)
        m->local_signature_token = TOKEN(CORSYM_TBL_STAND_ALONE_SIG, it.local_signature);
    if (!count)
        return CORSYM_OK;
    m->points = corsym_arena_alloc(arena, count, sizeof(*m->points));
    if (!m->points)
        return CORSYM_E_NOMEM;
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, debug->sequence_points, debug->document, max_doc));
    for (uint32_t i = 0; i < count; i++) {
        CORSYM_TRY(corsym_ppdb_seqpts_next(&it, &point));
        struct corsym_sequence_point *p = &m->points[i];
        p->offset = point.il_offset;
        p->document = point.document - 1;
        p->start_line = point.start_line;
        p->end_line = point.end_line;
        p->start_column = point.start_column;
        p->end_column = point.end_column;
    }
    m->point_count = count;
    return CORSYM_OK;
}

/* TypeDefOrRefOrSpecEncoded, as signatures carry it (ECMA-335 II.23.2.8). */
static size_t encode_type_token(uint32_t token, uint8_t out[4])
{
    uint32_t tag = (token >> 24) == CORSYM_TBL_TYPE_DEF ? 0
                 : (token >> 24) == CORSYM_TBL_TYPE_REF ? 1 : 2;
    uint32_t value = ((token & 0xFFFFFFu) << 2) | tag;
    if (value < 0x80) {
        out[0] = (uint8_t)value;
        return 1;
    }
    if (value < 0x4000) {
        out[0] = (uint8_t)(0x80 | (value >> 8));
        out[1] = (uint8_t)value;
        return 2;
    }
    out[0] = (uint8_t)(0xC0 | ((value >> 24) & 0x1F));
    out[1] = (uint8_t)(value >> 16);
    out[2] = (uint8_t)(value >> 8);
    out[3] = (uint8_t)value;
    return 4;
}

static corsym_status load_constant(struct corsym_arena *arena, struct corsym_span blob,
                                   struct corsym_constant *out)
{
    struct corsym_ppdb_constant c;
    CORSYM_TRY(corsym_ppdb_constant_decode(blob, &c));
    struct corsym_value *v = &out->value;
    v->kind = CORSYM_VALUE_I4; /* null references and unknown general values: I4 0 */
    v->u.i = 0;
    uint8_t type_bytes[5];
    size_t type_length = 1;
    type_bytes[0] = c.type_code;

    switch (c.kind) {
    case CORSYM_CONST_PRIMITIVE:
    case CORSYM_CONST_ENUM:
        switch (c.type_code) {
        case CORSYM_ET_BOOLEAN: v->kind = CORSYM_VALUE_I2; v->u.i = c.bits != 0; break;
        case CORSYM_ET_I1: case CORSYM_ET_I2: v->kind = CORSYM_VALUE_I2;
            v->u.i = corsym_ppdb_constant_signed(&c); break;
        case CORSYM_ET_U1: v->kind = CORSYM_VALUE_I2; v->u.i = (int64_t)c.bits; break;
        case CORSYM_ET_CHAR: case CORSYM_ET_U2: v->kind = CORSYM_VALUE_U2; v->u.u = c.bits; break;
        case CORSYM_ET_I4: v->kind = CORSYM_VALUE_I4; v->u.i = corsym_ppdb_constant_signed(&c); break;
        case CORSYM_ET_U4: v->kind = CORSYM_VALUE_U4; v->u.u = c.bits; break;
        case CORSYM_ET_I8: v->kind = CORSYM_VALUE_I8; v->u.i = corsym_ppdb_constant_signed(&c); break;
        case CORSYM_ET_U8: v->kind = CORSYM_VALUE_U8; v->u.u = c.bits; break;
        case CORSYM_ET_R4: {
            uint32_t bits = (uint32_t)c.bits;
            v->kind = CORSYM_VALUE_R4;
            memcpy(&v->u.r4, &bits, 4);
            break;
        }
        case CORSYM_ET_R8:
            v->kind = CORSYM_VALUE_R8;
            memcpy(&v->u.r8, &c.bits, 8);
            break;
        default:
            return CORSYM_CORRUPT();
        }
        if (c.kind == CORSYM_CONST_ENUM) {
            type_bytes[0] = CORSYM_ET_VALUETYPE;
            type_length = 1 + encode_type_token(c.type_token, type_bytes + 1);
        }
        break;
    case CORSYM_CONST_STRING: {
        size_t units = c.value.len / 2;
        uint16_t *chars = corsym_arena_alloc(arena, units + 1, sizeof(uint16_t));
        if (!chars)
            return CORSYM_E_NOMEM;
        for (size_t i = 0; i < units; i++)
            chars[i] = (uint16_t)(c.value.data[2 * i] | (c.value.data[2 * i + 1] << 8));
        v->kind = CORSYM_VALUE_STRING;
        v->u.text.chars = chars;
        v->u.text.length = (uint32_t)units;
        break;
    }
    case CORSYM_CONST_NULL_STRING:
    case CORSYM_CONST_OBJECT:
        break;
    case CORSYM_CONST_GENERAL:
        /* Only System.Decimal (13 bytes) and System.DateTime (8 bytes) carry a value. */
        if (c.value.len == 13) {
            struct corsym_decimal d;
            CORSYM_TRY(corsym_ppdb_constant_decimal(&c, &d));
            v->kind = CORSYM_VALUE_DECIMAL;
            v->u.decimal.negative = d.negative;
            v->u.decimal.scale = d.scale;
            v->u.decimal.lo = d.lo;
            v->u.decimal.mid = d.mid;
            v->u.decimal.hi = d.hi;
        } else if (c.value.len == 8) {
            int64_t ticks;
            CORSYM_TRY(corsym_ppdb_constant_datetime(&c, &ticks));
            v->kind = CORSYM_VALUE_DATE;
            v->u.i = ticks;
        }
        type_length = 1 + encode_type_token(c.type_token, type_bytes + 1);
        break;
    }

    size_t sig_size = c.custom_modifiers.len + type_length;
    uint8_t *sig = corsym_arena_alloc(arena, sig_size, 1);
    if (!sig)
        return CORSYM_E_NOMEM;
    if (c.custom_modifiers.len)
        memcpy(sig, c.custom_modifiers.data, c.custom_modifiers.len);
    memcpy(sig + c.custom_modifiers.len, type_bytes, type_length);
    out->signature.data = sig;
    out->signature.size = sig_size;
    return CORSYM_OK;
}

static corsym_status load_scopes(struct portable_source *src, struct corsym_arena *arena,
                                 uint32_t method_rid, struct corsym_method *m)
{
    struct corsym_ppdb_scope_tree tree;
    corsym_status st = corsym_ppdb_scope_tree_build(src->pdb, method_rid, &tree);
    uint32_t nodes = st == CORSYM_OK ? tree.count : 0;
    if (st != CORSYM_OK && st != CORSYM_NOT_FOUND)
        return st;

    m->scopes = corsym_arena_alloc(arena, (size_t)nodes + 1, sizeof(*m->scopes));
    if (!m->scopes) {
        corsym_ppdb_scope_tree_free(&tree);
        return CORSYM_E_NOMEM;
    }
    m->scope_count = nodes + 1;
    struct corsym_scope *root = &m->scopes[0];
    root->parent = root->next_sibling = CORSYM_NONE;
    root->first_child = nodes ? 1 : CORSYM_NONE;

    /* Count the locals and constants first: both tables are ranges per scope. */
    uint64_t local_total = 0, constant_total = 0;
    struct corsym_ppdb_local_scope *rows = NULL;
    if (nodes) {
        rows = calloc(nodes, sizeof(*rows));
        if (!rows) {
            corsym_ppdb_scope_tree_free(&tree);
            return CORSYM_E_NOMEM;
        }
    }
    for (uint32_t i = 0; i < nodes && st == CORSYM_OK; i++) {
        st = corsym_ppdb_local_scope(src->pdb, tree.nodes[i].rid, &rows[i]);
        local_total += rows[i].variables_end - rows[i].variables_first;
        constant_total += rows[i].constants_end - rows[i].constants_first;
    }
    if (st == CORSYM_NOT_FOUND)
        st = CORSYM_OK;
    if (st == CORSYM_OK && (local_total > UINT32_MAX || constant_total > UINT32_MAX))
        st = CORSYM_CORRUPT();
    if (st == CORSYM_OK && local_total) {
        m->locals = corsym_arena_alloc(arena, (size_t)local_total, sizeof(*m->locals));
        if (!m->locals)
            st = CORSYM_E_NOMEM;
    }
    if (st == CORSYM_OK && constant_total) {
        m->constants = corsym_arena_alloc(arena, (size_t)constant_total, sizeof(*m->constants));
        if (!m->constants)
            st = CORSYM_E_NOMEM;
    }

    bool inclusive_ends = src->base.is_visual_basic;
    for (uint32_t i = 0; i < nodes && st == CORSYM_OK; i++) {
        const struct corsym_ppdb_scope_node *node = &tree.nodes[i];
        struct corsym_scope *s = &m->scopes[i + 1];
        uint64_t end = (uint64_t)rows[i].start_offset + rows[i].length;
        s->start_offset = rows[i].start_offset;
        s->end_offset = (uint32_t)(inclusive_ends && end > 0 ? end - 1 : end);
        s->parent = node->parent == CORSYM_PPDB_NO_NODE ? 0 : node->parent + 1;
        s->first_child = node->first_child == CORSYM_PPDB_NO_NODE ? CORSYM_NONE : node->first_child + 1;
        s->next_sibling = node->next_sibling == CORSYM_PPDB_NO_NODE ? CORSYM_NONE : node->next_sibling + 1;
        if (node->parent == CORSYM_PPDB_NO_NODE && i == 0)
            root->end_offset = (uint32_t)end;

        s->locals_first = m->local_count;
        for (uint32_t r = rows[i].variables_first; r < rows[i].variables_end && st == CORSYM_OK; r++) {
            struct corsym_ppdb_local_variable var;
            st = corsym_ppdb_local_variable(src->pdb, r, &var);
            if (st != CORSYM_OK)
                break;
            struct corsym_local *local = &m->locals[m->local_count++];
            st = arena_utf16(arena, var.name.data, var.name.len, &local->name);
            local->attributes = var.attributes;
            local->address_kind = 1; /* ADDR_IL_OFFSET */
            local->address1 = var.index;
        }
        s->locals_count = m->local_count - s->locals_first;

        s->constants_first = m->constant_count;
        for (uint32_t r = rows[i].constants_first; r < rows[i].constants_end && st == CORSYM_OK; r++) {
            struct corsym_ppdb_local_constant row;
            st = corsym_ppdb_local_constant(src->pdb, r, &row);
            if (st != CORSYM_OK)
                break;
            struct corsym_constant *constant = &m->constants[m->constant_count++];
            st = arena_utf16(arena, row.name.data, row.name.len, &constant->name);
            if (st == CORSYM_OK)
                st = load_constant(arena, row.signature, constant);
        }
        s->constants_count = m->constant_count - s->constants_first;
    }
    /* Inclusive ends on the root too would be wrong: Microsoft's reader keeps it exclusive. */
    m->il_size_hint = root->end_offset;
    free(rows);
    corsym_ppdb_scope_tree_free(&tree);
    return st;
}

static corsym_status load_async(struct portable_source *src, struct corsym_arena *arena,
                                uint32_t method_rid, struct corsym_method *m)
{
    struct corsym_span value;
    corsym_status st = corsym_ppdb_cdi_find(src->pdb, CORSYM_TBL_METHOD_DEF, method_rid,
                                            corsym_cdi_kind_guid(CORSYM_CDI_ASYNC_METHOD_STEPPING),
                                            &value);
    if (st == CORSYM_NOT_FOUND)
        return CORSYM_OK;
    CORSYM_TRY(st);
    struct corsym_cdi_async_iter it;
    struct corsym_cdi_await step;
    bool has_catch = false;
    uint32_t catch_offset = 0, count = 0;
    CORSYM_TRY(corsym_cdi_async_begin(&it, value, &has_catch, &catch_offset));
    while ((st = corsym_cdi_async_next(&it, &step)) == CORSYM_OK)
        count++;
    if (st != CORSYM_NOT_FOUND)
        return st;
    if (count) {
        m->async_steps = corsym_arena_alloc(arena, count, sizeof(*m->async_steps));
        if (!m->async_steps)
            return CORSYM_E_NOMEM;
        CORSYM_TRY(corsym_cdi_async_begin(&it, value, &has_catch, &catch_offset));
        for (uint32_t i = 0; i < count; i++) {
            CORSYM_TRY(corsym_cdi_async_next(&it, &step));
            m->async_steps[i].yield_offset = step.yield_offset;
            m->async_steps[i].resume_offset = step.resume_offset;
            m->async_steps[i].resume_method = TOKEN(CORSYM_TBL_METHOD_DEF, step.resume_method);
        }
    }
    m->async_step_count = count;
    m->has_catch_handler = has_catch;
    m->catch_handler_offset = catch_offset;
    m->is_async = true;
    uint32_t kickoff = 0;
    if (corsym_ppdb_kickoff_method(src->pdb, method_rid, &kickoff) == CORSYM_OK)
        m->kickoff_method = TOKEN(CORSYM_TBL_METHOD_DEF, kickoff);
    return CORSYM_OK;
}

static corsym_status portable_method(struct corsym_symbols *symbols, uint32_t token,
                                     struct corsym_method **out)
{
    struct portable_source *src = impl(symbols);
    *out = NULL;
    if ((token >> 24) != CORSYM_TBL_METHOD_DEF)
        return CORSYM_E_INVALID_ARG;
    uint32_t rid = token & 0xFFFFFFu;
    if (rid == 0 || rid > corsym_ppdb_rows(src->pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION))
        return CORSYM_NOT_FOUND;

    struct corsym_ppdb_method_debug debug;
    CORSYM_TRY(corsym_ppdb_method_debug(src->pdb, rid, &debug));
    uint32_t first_cdi, end_cdi;
    bool has_cdi = corsym_ppdb_cdi_range(src->pdb, CORSYM_TBL_METHOD_DEF, rid, &first_cdi,
                                         &end_cdi) == CORSYM_OK;
    if (!debug.has_sequence_points && !has_cdi)
        return CORSYM_NOT_FOUND;

    struct corsym_arena *arena = corsym_arena_new();
    if (!arena)
        return CORSYM_E_NOMEM;
    struct corsym_method *m = corsym_arena_alloc(arena, 1, sizeof(*m));
    corsym_status st = m ? CORSYM_OK : CORSYM_E_NOMEM;
    if (st == CORSYM_OK) {
        m->arena = arena;
        m->token = token;
        st = load_sequence_points(src, arena, &debug, m);
    }
    if (st == CORSYM_OK)
        st = load_scopes(src, arena, rid, m);
    if (st == CORSYM_OK)
        st = load_async(src, arena, rid, m);
    if (st != CORSYM_OK) {
        corsym_arena_free(arena);
        return st;
    }
    *out = m;
    return CORSYM_OK;
}

static corsym_status build_document_methods(struct portable_source *src)
{
    struct corsym_ppdb_doc_index *index;
    CORSYM_TRY(corsym_ppdb_doc_index_build(src->pdb, &index));
    uint32_t count = src->base.document_count;
    struct document_methods *dm = calloc(1, sizeof(*dm));
    corsym_status st = CORSYM_OK;
    if (dm) {
        dm->document_count = count;
        dm->tokens = calloc(count ? count : 1, sizeof(*dm->tokens));
        dm->counts = calloc(count ? count : 1, sizeof(*dm->counts));
    }
    if (!dm || !dm->tokens || !dm->counts)
        st = CORSYM_E_NOMEM;
    for (uint32_t d = 0; st == CORSYM_OK && d < count; d++) {
        const uint32_t *rids;
        size_t n;
        corsym_ppdb_doc_index_methods(index, d + 1, &rids, &n);
        if (!n)
            continue;
        dm->tokens[d] = malloc(n * sizeof(uint32_t));
        if (!dm->tokens[d]) {
            st = CORSYM_E_NOMEM;
            break;
        }
        for (size_t i = 0; i < n; i++)
            dm->tokens[d][i] = TOKEN(CORSYM_TBL_METHOD_DEF, rids[i]);
        dm->counts[d] = (uint32_t)n;
    }
    corsym_ppdb_doc_index_free(index);
    if (st != CORSYM_OK) {
        if (dm) {
            for (uint32_t d = 0; dm->tokens && d < count; d++)
                free(dm->tokens[d]);
            free(dm->tokens);
            free(dm->counts);
            free(dm);
        }
        return st;
    }
    __atomic_store_n(&src->doc_methods, dm, __ATOMIC_RELEASE);
    return CORSYM_OK;
}

static corsym_status portable_methods_in_document(struct corsym_symbols *symbols,
                                                  uint32_t document, const uint32_t **tokens,
                                                  uint32_t *count)
{
    struct portable_source *src = impl(symbols);
    *tokens = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    struct document_methods *dm = __atomic_load_n(&src->doc_methods, __ATOMIC_ACQUIRE);
    if (!dm) {
        corsym_mutex_lock(&src->lock);
        corsym_status st = src->doc_methods ? CORSYM_OK : build_document_methods(src);
        corsym_mutex_unlock(&src->lock);
        CORSYM_TRY(st);
        dm = src->doc_methods;
    }
    *tokens = dm->tokens[document];
    *count = dm->counts[document];
    return CORSYM_OK;
}

static corsym_status portable_sym_attribute(struct corsym_symbols *symbols, uint32_t token,
                                            const uint16_t *name, struct corsym_bytes *out)
{
    (void)symbols; (void)token; (void)name; (void)out;
    return CORSYM_NOT_FOUND; /* custom debug information has its own kinds here, not "MD2" */
}

static const struct corsym_symbols_ops portable_ops = {
    portable_destroy,
    portable_document,
    portable_embedded_source,
    portable_method,
    portable_methods_in_document,
    portable_sym_attribute,
};

corsym_status corsym_portable_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                          struct corsym_symbols **out)
{
    *out = NULL;
    struct portable_source *src = calloc(1, sizeof(*src));
    if (!src)
        return CORSYM_E_NOMEM;
    corsym_status st = corsym_ppdb_open(&src->pdb, data, size);
    if (st != CORSYM_OK) {
        free(src);
        return st;
    }
    corsym_mutex_init(&src->lock);
    src->owned_bytes = owned;
    struct corsym_symbols *b = &src->base;
    b->ops = &portable_ops;
    b->format = CORSYM_FORMAT_PORTABLE;
    uint8_t id[20];
    corsym_ppdb_id(src->pdb, id);
    memcpy(b->guid, id, 16);
    b->stamp = (uint32_t)id[16] | (uint32_t)id[17] << 8 | (uint32_t)id[18] << 16 |
               (uint32_t)id[19] << 24;
    b->age = 1;
    b->entry_point = corsym_ppdb_entry_point(src->pdb);
    b->document_count = corsym_ppdb_rows(src->pdb, CORSYM_TBL_DOCUMENT);
    b->portable_metadata.data = data;
    b->portable_metadata.size = size;
    struct corsym_span value;
    b->is_visual_basic = corsym_ppdb_cdi_find(src->pdb, CORSYM_TBL_MODULE, 1,
                                              corsym_cdi_kind_guid(CORSYM_CDI_DEFAULT_NAMESPACE),
                                              &value) == CORSYM_OK;
    if (corsym_ppdb_cdi_find(src->pdb, CORSYM_TBL_MODULE, 1,
                             corsym_cdi_kind_guid(CORSYM_CDI_SOURCE_LINK), &value) == CORSYM_OK) {
        b->source_link.data = value.data;
        b->source_link.size = value.len;
        b->source_server = b->source_link;
    }
    *out = b;
    return CORSYM_OK;
}
