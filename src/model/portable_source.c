/* SPDX-License-Identifier: MIT */
/*
 * The symbol source over a Portable PDB and the Edit and Continue deltas added to it. It
 * answers what Microsoft's portable reader (Microsoft.DiaSymReader.PortablePdb) answers
 * through the same API:
 *  - documents report the Microsoft vendor and the text document type whatever the PDB;
 *  - a method exists when it has sequence points or any custom debug information;
 *  - scopes hang below a synthetic root that starts at 0 and ends where the method's
 *    outermost scope ends; VB assemblies (those with a DefaultNamespace record) report
 *    inclusive ends on the inner scopes;
 *  - constants come back widened as that reader widens them (bool/sbyte/byte to I2, char
 *    to U2, null references to I4 0, DateTime as ticks) with the signature it rebuilds.
 *
 * Edit and Continue (SymReader.cs, MethodMap.cs, DocumentMap.cs, MethodExtents.cs,
 * MethodLineDeltas.cs there). A source is a snapshot: generation 1 is the PDB opened, each
 * delta PDB adds one. An update builds a new snapshot and leaves the old one intact, so
 * threads reading the old one never see a half-applied update; what does not change is
 * shared, reference counted:
 *  - generations (the parsed PDBs, their Document and MethodDebugInformation row maps and
 *    their document records), shared by every snapshot that contains them;
 *  - the method map (MethodDef rid -> generation and row of its latest body);
 *  - the method extents of each document (the index behind GetMethodsInDocument,
 *    GetMethodFromDocumentPosition and FindClosestLine), shared per document, so that
 *    UpdateMethodLines copies only the documents it touches;
 *  - the per-point arrays of the line-delta table.
 * A delta maps its k-th MethodDebugInformation row to the MethodDef of the k-th
 * MethodDebugInformation entry of its EncMap, and its Document rows to the documents of the
 * earlier generations with the same path (or to new documents).
 */
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/utf.h"
#include "model/arena.h"
#include "model/enc.h"
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
#define RID(token) ((token) & 0xFFFFFFu)
#define IS_METHOD_TOKEN(token) (((token) >> 24) == CORSYM_TBL_METHOD_DEF)

struct rid_row {
    uint32_t rid; /* MethodDef */
    uint32_t row; /* MethodDebugInformation row of the generation */
};

/* One PDB: the baseline or a delta. Immutable once built, except for its lazily built
 * document records. */
struct generation {
    uint32_t refcount;
    uint32_t version;
    struct corsym_ppdb *pdb;
    uint8_t *owned_bytes;
    uint32_t doc_rows, mdi_rows;
    uint32_t *doc_ids;          /* delta: global document index of each Document row */
    uint32_t *method_rids;      /* delta: MethodDef rid of each MDI row, 0 if unmapped */
    struct rid_row *by_rid;     /* delta: the mapped rows, ascending by rid */
    uint32_t by_rid_count;
    corsym_mutex lock;          /* guards building the records */
    struct corsym_document *volatile records; /* of this PDB's Document rows */
    struct corsym_arena *record_arena;
    uint16_t *compiler_name;    /* baseline: from CompilationOptions, for CompilerInfoReader */
    uint8_t *volatile quiet_imports; /* imports_known_empty; NULL until the first mark */
};

struct doc_ref {
    uint32_t gen; /* index into gens */
    uint32_t row; /* Document row in that generation */
};

struct method_ref {
    uint32_t gen; /* index into gens */
    uint32_t row; /* MethodDebugInformation row there; 0: no body */
};

struct method_map {
    uint32_t refcount;
    uint32_t count;             /* rids 1..count */
    struct method_ref refs[];
};

/* A document's methods as extents, ascending by token, with the tokens alone beside them
 * for methods_in_document. */
struct extent_list {
    uint32_t refcount;
    uint32_t count;
    struct corsym_method_extent *items;
    uint32_t *tokens;
};

struct point_deltas {
    uint32_t refcount;
    uint32_t count;
    int32_t each[];
};

struct line_entry {
    uint32_t rid;
    int32_t all;
    struct point_deltas *points; /* NULL: only the uniform part */
};

struct portable_source {
    struct corsym_symbols base;
    struct generation **gens;
    uint32_t gen_count;
    struct corsym_bytes *gen_bytes;  /* base.generations */
    struct doc_ref *docs;            /* base.document_count of them */
    struct method_map *methods;      /* NULL until the first delta: the baseline rows */
    struct line_entry *lines;        /* ascending by rid */
    uint32_t line_count;
    corsym_mutex lock;               /* guards building the extents of the first snapshot */
    struct extent_list **volatile extents; /* per document, NULL entries are empty */
};

static inline struct portable_source *impl(struct corsym_symbols *symbols)
{
    return (struct portable_source *)symbols;
}

/* ---- generations ---- */

static void generation_release(struct generation *gen)
{
    if (!gen || corsym_atomic_dec(&gen->refcount) != 0)
        return;
    corsym_arena_free(gen->record_arena);
    free(gen->compiler_name);
    free(gen->quiet_imports);
    corsym_ppdb_close(gen->pdb);
    corsym_mutex_destroy(&gen->lock);
    free(gen->owned_bytes);
    free(gen->doc_ids);
    free(gen->method_rids);
    free(gen->by_rid);
    free(gen);
}

/* Takes `owned` in every case. */
static corsym_status generation_open(const uint8_t *data, size_t size, uint8_t *owned,
                                     uint32_t version, struct generation **out)
{
    *out = NULL;
    struct generation *gen = calloc(1, sizeof(*gen));
    if (!gen) {
        free(owned);
        return CORSYM_E_NOMEM;
    }
    corsym_status st = corsym_ppdb_open(&gen->pdb, data, size);
    if (st != CORSYM_OK) {
        free(owned);
        free(gen);
        return st;
    }
    corsym_mutex_init(&gen->lock);
    gen->refcount = 1;
    gen->version = version;
    gen->owned_bytes = owned;
    gen->doc_rows = corsym_ppdb_rows(gen->pdb, CORSYM_TBL_DOCUMENT);
    gen->mdi_rows = corsym_ppdb_rows(gen->pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
    *out = gen;
    return CORSYM_OK;
}

/* The global index of a Document row of a generation, CORSYM_NONE if out of range. */
static uint32_t generation_document(const struct generation *gen, uint32_t row)
{
    if (row == 0 || row > gen->doc_rows)
        return CORSYM_NONE;
    return gen->doc_ids ? gen->doc_ids[row - 1] : row - 1;
}

/* The MethodDef rid of an MDI row of a generation, 0 if the EncMap does not name it. */
static uint32_t generation_rid(const struct generation *gen, uint32_t row)
{
    if (row == 0 || row > gen->mdi_rows)
        return 0;
    return gen->method_rids ? gen->method_rids[row - 1] : row;
}

/* The MDI row of a MethodDef in a generation, 0 if it holds no body for it. */
static uint32_t generation_row(const struct generation *gen, uint32_t rid)
{
    if (!gen->method_rids)
        return rid <= gen->mdi_rows ? rid : 0;
    uint32_t lo = 0, hi = gen->by_rid_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (gen->by_rid[mid].rid < rid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < gen->by_rid_count && gen->by_rid[lo].rid == rid ? gen->by_rid[lo].row : 0;
}

static int compare_rid_row(const void *a, const void *b)
{
    const struct rid_row *x = a, *y = b;
    if (x->rid != y->rid)
        return x->rid < y->rid ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* A delta's MDI rows from its EncMap: the k-th MethodDebugInformation entry names the
 * MethodDef of row k (MethodMap.cs). Rows beyond the entries stay unmapped. */
static corsym_status generation_map_methods(struct generation *gen)
{
    const struct corsym_md *md = corsym_ppdb_md(gen->pdb);
    uint32_t entries = corsym_md_rows(md, CORSYM_TBL_ENC_MAP);
    gen->method_rids = calloc(gen->mdi_rows ? gen->mdi_rows : 1, sizeof(uint32_t));
    gen->by_rid = calloc(gen->mdi_rows ? gen->mdi_rows : 1, sizeof(struct rid_row));
    if (!gen->method_rids || !gen->by_rid)
        return CORSYM_E_NOMEM;
    uint32_t row = 0;
    for (uint32_t i = 1; i <= entries && row < gen->mdi_rows; i++) {
        uint32_t token;
        CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_ENC_MAP, i, 0, &token));
        if ((token >> 24) != CORSYM_TBL_METHOD_DEBUG_INFORMATION || RID(token) == 0)
            continue;
        gen->method_rids[row] = RID(token);
        gen->by_rid[row].rid = RID(token);
        gen->by_rid[row].row = row + 1;
        row++;
    }
    gen->by_rid_count = row;
    /* The EncMap is sorted by token already; sorting again costs nothing and makes the
     * binary search safe on any input. */
    corsym_sort(gen->by_rid, row, sizeof(*gen->by_rid), compare_rid_row);
    return CORSYM_OK;
}

/* UTF-8 from the PDB to UTF-16 in the arena; invalid sequences become U+FFFD, as .NET's
 * decoder does. */
static corsym_status arena_utf16(struct corsym_arena *arena, const uint8_t *utf8, size_t length,
                                 struct corsym_wstr *out)
{
    /* Names are nearly always ASCII: one unit per byte, no decoder. */
    size_t ascii = 0;
    while (ascii < length && utf8[ascii] < 0x80)
        ascii++;
    if (ascii == length && length <= UINT32_MAX - 1) {
        uint16_t *chars = corsym_arena_alloc(arena, length + 1, sizeof(uint16_t));
        if (!chars)
            return CORSYM_E_NOMEM;
        for (size_t i = 0; i < length; i++)
            chars[i] = utf8[i];
        out->chars = chars;
        out->length = (uint32_t)length;
        return CORSYM_OK;
    }
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


static corsym_status build_records(struct generation *gen)
{
    uint32_t count = gen->doc_rows;
    struct corsym_arena *arena = corsym_arena_new();
    if (!arena)
        return CORSYM_E_NOMEM;
    struct corsym_document *docs = corsym_arena_alloc(arena, count ? count : 1, sizeof(*docs));
    struct corsym_buf name = CORSYM_BUF_INIT;
    corsym_status st = docs ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++) {
        struct corsym_ppdb_document row;
        st = corsym_ppdb_document(gen->pdb, i + 1, &row);
        if (st != CORSYM_OK)
            break;
        corsym_buf_clear(&name);
        st = corsym_ppdb_document_name(gen->pdb, i + 1, &name);
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
        corsym_status found = corsym_ppdb_cdi_find(gen->pdb, CORSYM_TBL_DOCUMENT, i + 1,
                                                   corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE),
                                                   &source);
        /* An empty record holds no source: Microsoft's reader says false for it too. */
        docs[i].has_embedded_source = found == CORSYM_OK && source.len > 0;
        docs[i].version = gen->version;
    }
    corsym_buf_free(&name);
    if (st != CORSYM_OK) {
        corsym_arena_free(arena);
        return st;
    }
    gen->record_arena = arena;
    __atomic_store_n(&gen->records, docs, __ATOMIC_RELEASE);
    return CORSYM_OK;
}

static corsym_status generation_records(struct generation *gen, const struct corsym_document **out)
{
    struct corsym_document *docs = __atomic_load_n(&gen->records, __ATOMIC_ACQUIRE);
    if (!docs) {
        corsym_mutex_lock(&gen->lock);
        corsym_status st = gen->records ? CORSYM_OK : build_records(gen);
        corsym_mutex_unlock(&gen->lock);
        CORSYM_TRY(st);
        docs = gen->records;
    }
    *out = docs;
    return CORSYM_OK;
}

static corsym_status portable_document(struct corsym_symbols *symbols, uint32_t index,
                                       const struct corsym_document **out)
{
    struct portable_source *src = impl(symbols);
    if (index >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct doc_ref *ref = &src->docs[index];
    const struct corsym_document *records;
    CORSYM_TRY(generation_records(src->gens[ref->gen], &records));
    *out = &records[ref->row - 1];
    return CORSYM_OK;
}

static corsym_status portable_embedded_source(struct corsym_symbols *symbols, uint32_t document,
                                              struct corsym_bytes *out)
{
    struct portable_source *src = impl(symbols);
    struct corsym_span value;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct doc_ref *ref = &src->docs[document];
    CORSYM_TRY(corsym_ppdb_cdi_find(src->gens[ref->gen]->pdb, CORSYM_TBL_DOCUMENT, ref->row,
                                    corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE), &value));
    out->data = value.data;
    out->size = value.len;
    return CORSYM_OK;
}

/* ---- methods ---- */

static corsym_status load_sequence_points(const struct generation *gen, struct corsym_arena *arena,
                                          const struct corsym_ppdb_method_debug *debug,
                                          struct corsym_method *m)
{
    if (!debug->has_sequence_points)
        return CORSYM_OK;
    struct corsym_ppdb_seqpt_iter it;
    struct corsym_ppdb_seqpt point;
    corsym_status st;
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, debug->sequence_points, debug->document,
                                        gen->doc_rows));
    if (it.local_signature)
        m->local_signature_token = TOKEN(CORSYM_TBL_STAND_ALONE_SIG, it.local_signature);
    /* Decoded into a stack buffer and copied at the exact count: most methods have a few
     * dozen points at most, and the bound the blob's length gives (every record takes at
     * least three bytes: a hidden one is an offset and two zero deltas), which a longer
     * method's points are decoded into, is nearly twice the count for visible points; that
     * surplus alone pushed a typical method out of its arena's first chunk. */
    struct corsym_sequence_point small[64], *points = small;
    size_t capacity = sizeof(small) / sizeof(small[0]);
    uint32_t count = 0;
    while ((st = corsym_ppdb_seqpts_next(&it, &point)) == CORSYM_OK) {
        if (count == capacity) {
            size_t bound = debug->sequence_points.len / 3 + 1;
            if (points != small || bound <= count)
                return CORSYM_CORRUPT(); /* impossible for a well-formed blob */
            points = corsym_arena_alloc(arena, bound, sizeof(*points));
            if (!points)
                return CORSYM_E_NOMEM;
            memcpy(points, small, sizeof(small));
            capacity = bound;
        }
        struct corsym_sequence_point *p = &points[count++];
        p->offset = point.il_offset;
        p->document = generation_document(gen, point.document);
        if (p->document == CORSYM_NONE)
            return CORSYM_CORRUPT();
        p->start_line = point.start_line;
        p->end_line = point.end_line;
        p->start_column = point.start_column;
        p->end_column = point.end_column;
    }
    if (st != CORSYM_NOT_FOUND)
        return st;
    if (points == small)
        points = corsym_arena_copy(arena, small, count, sizeof(*points));
    if (!points)
        return CORSYM_E_NOMEM;
    m->points = points;
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
            /* Microsoft's portable reader hands DateTime back as a double whose bits are
             * the ticks (VT_R8), mimicking what the native writer stored. */
            v->kind = CORSYM_VALUE_R8;
            memcpy(&v->u.r8, &ticks, sizeof(double));
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

/* method_rid is the row local to the generation's PDB: in a delta, LocalScope.Method, the
 * CDI parent and StateMachineMethod.MoveNext count the delta's own MethodDebugInformation
 * rows (tests/fixtures: EncBase.1.dpdb), as Microsoft's reader reads them. */
/* ---- import scopes as the used namespaces of a method ----
 * Microsoft's portable reader shows no namespaces; a Windows PDB has them as the strings a
 * compiler passed to UsingNamespace. corsym gives the Portable PDB's imports in those same
 * strings (Roslyn's encodings, which the Portable writer decodes back), on the outermost
 * local scope, the one the ImportScope belongs to: C# "U<ns>", "A<alias> U<ns>", "X<extern alias>", "E<ns> <extern alias>";
 * VB "@F:<ns>", "@FA:<alias>=<ns>", "@FX:<prefix>=<xmlns>" (file level) and "@P..." (the
 * project's imports, in the root import scope). Type imports need the module's metadata for
 * their names and are left out, as are C#'s assembly aliases of the module's root scope. */

struct import_text {
    char *data;
    size_t len, cap;
};

static bool text_put(struct import_text *t, const char *s, size_t n)
{
    if (n > SIZE_MAX - t->len - 1)
        return false;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 64;
        while (cap < t->len + n + 1)
            cap = cap > SIZE_MAX / 2 ? t->len + n + 1 : cap * 2;
        char *grown = realloc(t->data, cap);
        if (!grown)
            return false;
        t->data = grown;
        t->cap = cap;
    }
    if (n) /* an empty span (an XML namespace's default prefix) may have no data */
        memcpy(t->data + t->len, s, n);
    t->len += n;
    return true;
}

static bool text_span(struct import_text *t, struct corsym_span s)
{
    return text_put(t, (const char *)s.data, s.len);
}

/* The extern alias C# declared for an AssemblyRef (an AliasAssemblyReference import of the
 * chain's root scope); false if none. */
static bool extern_alias_of(const struct corsym_ppdb *pdb, struct corsym_span root_imports,
                            uint32_t assembly_ref, struct corsym_span *alias)
{
    struct corsym_ppdb_imports_iter it;
    struct corsym_ppdb_import im;
    corsym_ppdb_imports_begin(&it, pdb, root_imports);
    while (corsym_ppdb_imports_next(&it, &im) == CORSYM_OK)
        if (im.kind == CORSYM_IMPORT_ALIAS_ASSEMBLY && im.assembly_ref == assembly_ref) {
            *alias = im.alias;
            return true;
        }
    return false;
}

/* One import as its UsingNamespace string; t->len stays 0 when it has none. */
static bool encode_import(const struct corsym_ppdb *pdb, bool vb, bool project_level,
                          struct corsym_span root_imports, const struct corsym_ppdb_import *im,
                          struct import_text *t)
{
    struct corsym_span alias;
    if (vb) {
        const char *level = project_level ? "@P" : "@F";
        switch (im->kind) {
        case CORSYM_IMPORT_NAMESPACE:
            return text_put(t, level, 2) && text_put(t, ":", 1) && text_span(t, im->target_namespace);
        case CORSYM_IMPORT_ALIAS_NAMESPACE:
            return text_put(t, level, 2) && text_put(t, "A:", 2) && text_span(t, im->alias) &&
                   text_put(t, "=", 1) && text_span(t, im->target_namespace);
        case CORSYM_IMPORT_XML_NAMESPACE:
            return text_put(t, level, 2) && text_put(t, "X:", 2) && text_span(t, im->alias) &&
                   text_put(t, "=", 1) && text_span(t, im->target_namespace);
        default:
            return true;
        }
    }
    switch (im->kind) {
    case CORSYM_IMPORT_NAMESPACE:
        return text_put(t, "U", 1) && text_span(t, im->target_namespace);
    case CORSYM_IMPORT_ALIAS_NAMESPACE:
        return text_put(t, "A", 1) && text_span(t, im->alias) && text_put(t, " U", 2) &&
               text_span(t, im->target_namespace);
    case CORSYM_IMPORT_ASSEMBLY_REF_ALIAS:
        return text_put(t, "X", 1) && text_span(t, im->alias);
    case CORSYM_IMPORT_ASSEMBLY_NAMESPACE:
        if (!extern_alias_of(pdb, root_imports, im->assembly_ref, &alias))
            return true;
        return text_put(t, "E", 1) && text_span(t, im->target_namespace) && text_put(t, " ", 1) &&
               text_span(t, alias);
    case CORSYM_IMPORT_ALIAS_ASSEMBLY_NAMESPACE:
        if (!extern_alias_of(pdb, root_imports, im->assembly_ref, &alias))
            return true;
        return text_put(t, "A", 1) && text_span(t, im->alias) && text_put(t, " E", 2) &&
               text_span(t, im->target_namespace) && text_put(t, " ", 1) && text_span(t, alias);
    default:
        return true;
    }
}

/* Most import chains give no namespace (C#'s only imports are usually the module's, which
 * are left out), and the methods of a type share one chain, so a walk of every method would
 * read the same rows again for each. An ImportScope row is marked once its chain is known to
 * give nothing, per language (bit vb), in bytes set with relaxed atomics: the answer is the
 * same whoever computes it, so a race costs at most a second walk of the chain. */
static bool imports_known_empty(struct generation *gen, uint32_t import_scope, bool vb)
{
    const uint8_t *marks = corsym_atomic_load_ptr((void *const volatile *)&gen->quiet_imports);
    return marks && import_scope <= corsym_ppdb_rows(gen->pdb, CORSYM_TBL_IMPORT_SCOPE) &&
           ((__atomic_load_n(&marks[import_scope], __ATOMIC_RELAXED) >> vb) & 1);
}

static void imports_mark_empty(struct generation *gen, uint32_t import_scope, bool vb)
{
    uint32_t rows = corsym_ppdb_rows(gen->pdb, CORSYM_TBL_IMPORT_SCOPE);
    if (import_scope > rows)
        return;
    uint8_t *marks = corsym_atomic_load_ptr((void *const volatile *)&gen->quiet_imports);
    if (!marks) {
        marks = calloc((size_t)rows + 1, 1);
        if (!marks)
            return; /* only a lost shortcut */
        if (!corsym_atomic_publish_ptr((void *volatile *)&gen->quiet_imports, marks)) {
            free(marks);
            marks = corsym_atomic_load_ptr((void *const volatile *)&gen->quiet_imports);
        }
    }
    __atomic_fetch_or(&marks[import_scope], (uint8_t)(1u << vb), __ATOMIC_RELAXED);
}

/* Fills the namespaces of scopes[1], the method's outermost LocalScope. */
static corsym_status load_imports(struct generation *gen, bool vb, uint32_t import_scope,
                                  struct corsym_arena *arena, struct corsym_method *m)
{
    const struct corsym_ppdb *pdb = gen->pdb;
    uint32_t limit = corsym_ppdb_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    if (imports_known_empty(gen, import_scope, vb))
        return CORSYM_OK;
    /* The chain, innermost first; the root's imports name the extern aliases. */
    struct corsym_ppdb_import_scope chain[64];
    uint32_t depth = 0;
    struct corsym_span root_imports = { NULL, 0 };
    bool any = false;
    for (uint32_t rid = import_scope; rid && depth < 64 && depth <= limit; depth++) {
        if (corsym_ppdb_import_scope(pdb, rid, &chain[depth]) != CORSYM_OK) {
            imports_mark_empty(gen, import_scope, vb); /* a damaged chain: no namespaces */
            return CORSYM_OK;
        }
        root_imports = chain[depth].imports;
        any = any || chain[depth].imports.len;
        rid = chain[depth].parent;
    }
    if (!any) {
        imports_mark_empty(gen, import_scope, vb);
        return CORSYM_OK;
    }
    uint32_t capacity = 0;
    struct corsym_wstr *names = NULL;
    corsym_status st = CORSYM_OK;
    for (uint32_t level = 0; level < depth && st == CORSYM_OK; level++) {
        const struct corsym_ppdb_import_scope scope = chain[level];
        bool root = level + 1 == depth;
        if (root && !vb)
            break; /* C#'s module scope: assembly aliases, named only with the metadata */
        struct corsym_ppdb_imports_iter it;
        struct corsym_ppdb_import im;
        corsym_ppdb_imports_begin(&it, pdb, scope.imports);
        while (st == CORSYM_OK && corsym_ppdb_imports_next(&it, &im) == CORSYM_OK) {
            struct import_text t = { NULL, 0, 0 };
            if (!encode_import(pdb, vb, root, root_imports, &im, &t)) {
                st = CORSYM_E_NOMEM;
            } else if (t.len) {
                if (m->namespace_count == capacity) {
                    uint32_t grown = capacity ? capacity * 2 : 8;
                    struct corsym_wstr *bigger = corsym_arena_alloc(arena, grown, sizeof(*bigger));
                    if (!bigger) {
                        st = CORSYM_E_NOMEM;
                    } else {
                        if (m->namespace_count)
                            memcpy(bigger, names, m->namespace_count * sizeof(*names));
                        names = bigger;
                        capacity = grown;
                    }
                }
                if (st == CORSYM_OK)
                    st = arena_utf16(arena, (const uint8_t *)t.data, t.len,
                                     &names[m->namespace_count]);
                if (st == CORSYM_OK)
                    m->namespace_count++;
            }
            free(t.data);
        }
    }
    m->namespaces = names;
    m->scopes[1].namespaces_first = 0;
    m->scopes[1].namespaces_count = m->namespace_count;
    if (st == CORSYM_OK && m->namespace_count == 0)
        imports_mark_empty(gen, import_scope, vb);
    return st;
}

static corsym_status load_scopes(struct generation *gen, bool inclusive_ends,
                                 struct corsym_arena *arena, uint32_t method_rid,
                                 struct corsym_method *m)
{
    struct corsym_ppdb_scope_tree tree;
    corsym_status st = corsym_ppdb_scope_tree_build(gen->pdb, method_rid, &tree);
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
    struct corsym_ppdb_local_scope small_rows[16], *rows = small_rows;
    if (nodes > 16) {
        rows = calloc(nodes, sizeof(*rows));
        if (!rows) {
            corsym_ppdb_scope_tree_free(&tree);
            return CORSYM_E_NOMEM;
        }
    }
    for (uint32_t i = 0; i < nodes && st == CORSYM_OK; i++) {
        st = corsym_ppdb_local_scope(gen->pdb, tree.nodes[i].rid, &rows[i]);
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

    for (uint32_t i = 0; i < nodes && st == CORSYM_OK; i++) {
        const struct corsym_ppdb_scope_node *node = &tree.nodes[i];
        struct corsym_scope *s = &m->scopes[i + 1];
        uint64_t end = (uint64_t)rows[i].start_offset + rows[i].length;
        s->start_offset = rows[i].start_offset;
        /* Microsoft's portable reader reports VB's inclusive ends on every scope except the
         * one right below its synthetic root (ScopeData.AdjustEndOffset). */
        bool adjust = inclusive_ends && node->parent != CORSYM_PPDB_NO_NODE && end > 0;
        s->end_offset = (uint32_t)(adjust ? end - 1 : end);
        s->parent = node->parent == CORSYM_PPDB_NO_NODE ? 0 : node->parent + 1;
        s->first_child = node->first_child == CORSYM_PPDB_NO_NODE ? CORSYM_NONE : node->first_child + 1;
        s->next_sibling = node->next_sibling == CORSYM_PPDB_NO_NODE ? CORSYM_NONE : node->next_sibling + 1;
        if (node->parent == CORSYM_PPDB_NO_NODE && i == 0)
            root->end_offset = (uint32_t)(inclusive_ends && end > 0 ? end - 1 : end);

        s->locals_first = m->local_count;
        for (uint32_t r = rows[i].variables_first; r < rows[i].variables_end && st == CORSYM_OK; r++) {
            struct corsym_ppdb_local_variable var;
            st = corsym_ppdb_local_variable(gen->pdb, r, &var);
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
            st = corsym_ppdb_local_constant(gen->pdb, r, &row);
            if (st != CORSYM_OK)
                break;
            struct corsym_constant *constant = &m->constants[m->constant_count++];
            st = arena_utf16(arena, row.name.data, row.name.len, &constant->name);
            if (st == CORSYM_OK)
                st = load_constant(arena, row.signature, constant);
        }
        s->constants_count = m->constant_count - s->constants_first;
    }
    /* Microsoft's reader takes the root's (adjusted) end as the IL size in GetRanges. */
    m->il_size_hint = root->end_offset;
    if (st == CORSYM_OK && nodes && rows[0].import_scope)
        st = load_imports(gen, inclusive_ends, rows[0].import_scope, arena, m);
    if (rows != small_rows)
        free(rows);
    corsym_ppdb_scope_tree_free(&tree);
    return st;
}

static corsym_status load_async(const struct generation *gen, struct corsym_arena *arena,
                                uint32_t method_rid, struct corsym_method *m)
{
    /* Async means a state machine's MoveNext (a StateMachineMethod row names its kickoff
     * method) that also has stepping information, as in Microsoft's AsyncMethodData. */
    uint32_t kickoff = 0;
    if (corsym_ppdb_kickoff_method(gen->pdb, method_rid, &kickoff) != CORSYM_OK)
        return CORSYM_OK;
    struct corsym_span value;
    corsym_status st = corsym_ppdb_cdi_find(gen->pdb, CORSYM_TBL_METHOD_DEF, method_rid,
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
    m->kickoff_method = TOKEN(CORSYM_TBL_METHOD_DEF, kickoff);
    return CORSYM_OK;
}

/* Sequence points or any custom debug information: what makes Microsoft's reader answer
 * GetMethod (PortablePdbReader.HasDebugInfo). */
static bool has_debug_info(const struct generation *gen, uint32_t row,
                           struct corsym_ppdb_method_debug *debug)
{
    if (corsym_ppdb_method_debug(gen->pdb, row, debug) != CORSYM_OK)
        return false;
    uint32_t first_cdi, end_cdi;
    return debug->has_sequence_points ||
           corsym_ppdb_cdi_range(gen->pdb, CORSYM_TBL_METHOD_DEF, row, &first_cdi, &end_cdi) ==
               CORSYM_OK;
}

/* `debug` is the generation's MethodDebugInformation row `row`, which the caller has read. */
static corsym_status load_method(struct portable_source *src, struct generation *gen,
                                 uint32_t row, const struct corsym_ppdb_method_debug *debug,
                                 uint32_t rid, struct corsym_method **out)
{
    struct corsym_arena *arena = corsym_arena_new();
    if (!arena)
        return CORSYM_E_NOMEM;
    struct corsym_method *m = corsym_arena_alloc(arena, 1, sizeof(*m));
    corsym_status st = m ? CORSYM_OK : CORSYM_E_NOMEM;
    if (st == CORSYM_OK) {
        m->arena = arena;
        m->token = TOKEN(CORSYM_TBL_METHOD_DEF, rid);
        m->version = gen->version;
        st = load_sequence_points(gen, arena, debug, m);
    }
    if (st == CORSYM_OK)
        st = load_scopes(gen, src->base.is_visual_basic, arena, row, m);
    if (st == CORSYM_OK)
        st = load_async(gen, arena, row, m);
    if (st != CORSYM_OK) {
        corsym_arena_free(arena);
        return st;
    }
    *out = m;
    return CORSYM_OK;
}

/* Where the latest body of a method is: false when no generation has one. */
static bool latest_body(const struct portable_source *src, uint32_t rid, struct method_ref *out)
{
    if (rid == 0)
        return false;
    if (!src->methods) {
        if (rid > src->gens[0]->mdi_rows)
            return false;
        out->gen = 0;
        out->row = rid;
        return true;
    }
    if (rid > src->methods->count || src->methods->refs[rid - 1].row == 0)
        return false;
    *out = src->methods->refs[rid - 1];
    return true;
}

static corsym_status portable_method(struct corsym_symbols *symbols, uint32_t token,
                                     struct corsym_method **out)
{
    struct portable_source *src = impl(symbols);
    struct method_ref ref;
    *out = NULL;
    if (!IS_METHOD_TOKEN(token))
        return CORSYM_E_INVALID_ARG;
    struct corsym_ppdb_method_debug debug;
    if (!latest_body(src, RID(token), &ref) ||
        !has_debug_info(src->gens[ref.gen], ref.row, &debug))
        return CORSYM_NOT_FOUND;
    return load_method(src, src->gens[ref.gen], ref.row, &debug, RID(token), out);
}

/* GetMethodByVersion: that generation's body only, and only with sequence points. */
static corsym_status portable_method_version(struct corsym_symbols *symbols, uint32_t token,
                                             uint32_t version, struct corsym_method **out)
{
    struct portable_source *src = impl(symbols);
    *out = NULL;
    if (version < 1 || version > src->gen_count || !IS_METHOD_TOKEN(token))
        return CORSYM_E_INVALID_ARG;
    struct generation *gen = src->gens[version - 1];
    uint32_t row = RID(token) ? generation_row(gen, RID(token)) : 0;
    struct corsym_ppdb_method_debug debug;
    if (!row || corsym_ppdb_method_debug(gen->pdb, row, &debug) != CORSYM_OK ||
        !debug.has_sequence_points)
        return CORSYM_NOT_FOUND;
    return load_method(src, gen, row, &debug, RID(token), out);
}

/* ---- line deltas ---- */

static const struct line_entry *find_line_entry(const struct portable_source *src, uint32_t rid)
{
    uint32_t lo = 0, hi = src->line_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (src->lines[mid].rid < rid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < src->line_count && src->lines[lo].rid == rid ? &src->lines[lo] : NULL;
}

static void entry_deltas(const struct line_entry *e, struct corsym_line_deltas *out)
{
    out->all = e ? e->all : 0;
    out->each = e && e->points ? e->points->each : NULL;
    out->count = e && e->points ? e->points->count : 0;
}

static corsym_status portable_line_deltas(struct corsym_symbols *symbols, uint32_t token,
                                          struct corsym_line_deltas *out)
{
    struct portable_source *src = impl(symbols);
    const struct line_entry *e = IS_METHOD_TOKEN(token) ? find_line_entry(src, RID(token)) : NULL;
    if (!e)
        return CORSYM_NOT_FOUND;
    entry_deltas(e, out);
    return CORSYM_OK;
}

static void point_deltas_release(struct point_deltas *p)
{
    if (p && corsym_atomic_dec(&p->refcount) == 0)
        free(p);
}

/* ---- method extents (MethodExtents.cs) ---- */

static struct extent_list *extent_list_new(uint32_t count)
{
    size_t size = sizeof(struct extent_list) + (size_t)count * sizeof(struct corsym_method_extent) +
                  (size_t)count * sizeof(uint32_t);
    struct extent_list *list = calloc(1, size);
    if (!list)
        return NULL;
    list->refcount = 1;
    list->count = count;
    list->items = (struct corsym_method_extent *)(list + 1);
    list->tokens = (uint32_t *)(list->items + count);
    return list;
}

static void extent_list_release(struct extent_list *list)
{
    if (list && corsym_atomic_dec(&list->refcount) == 0)
        free(list);
}

static void extent_list_seal(struct extent_list *list)
{
    for (uint32_t i = 0; i < list->count; i++)
        list->tokens[i] = list->items[i].token;
}

/* The extents of one body of a generation, per global document (runs of the builder);
 * `*points` counts all its sequence points, hidden ones included. */
static corsym_status body_extents(const struct generation *gen, uint32_t row, uint32_t rid,
                                  const struct corsym_line_deltas *deltas,
                                  struct corsym_extent_builder *b, uint32_t *points)
{
    struct corsym_ppdb_method_debug debug;
    corsym_extent_builder_begin(b, TOKEN(CORSYM_TBL_METHOD_DEF, rid), gen->version, CORSYM_NONE,
                                deltas);
    *points = 0;
    CORSYM_TRY(corsym_ppdb_method_debug(gen->pdb, row, &debug));
    if (!debug.has_sequence_points)
        return CORSYM_OK;
    if (debug.document)
        b->single_document = generation_document(gen, debug.document);
    struct corsym_ppdb_seqpt_iter it;
    struct corsym_ppdb_seqpt point;
    corsym_status st;
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, debug.sequence_points, debug.document, gen->doc_rows));
    while ((st = corsym_ppdb_seqpts_next(&it, &point)) == CORSYM_OK) {
        uint32_t doc = generation_document(gen, point.document);
        if (doc == CORSYM_NONE)
            return CORSYM_CORRUPT();
        CORSYM_TRY(corsym_extent_builder_point(b, doc, point.hidden, point.start_line,
                                               point.end_line));
    }
    if (st != CORSYM_NOT_FOUND)
        return st;
    *points = b->point;
    return corsym_extent_builder_end(b);
}

struct doc_extent {
    uint32_t doc;
    struct corsym_method_extent extent;
};

struct extent_batch {
    struct doc_extent *items;
    uint32_t count, capacity;
};

static corsym_status batch_add(struct extent_batch *batch, const struct corsym_extent_builder *b)
{
    for (uint32_t r = 0; r < b->run_count; r++) {
        if (batch->count == batch->capacity) {
            uint32_t capacity = batch->capacity ? batch->capacity * 2 : 64;
            if (capacity < batch->capacity)
                return CORSYM_E_NOMEM;
            struct doc_extent *items = realloc(batch->items, (size_t)capacity * sizeof(*items));
            if (!items)
                return CORSYM_E_NOMEM;
            batch->items = items;
            batch->capacity = capacity;
        }
        struct doc_extent *d = &batch->items[batch->count++];
        d->doc = b->runs[r].document;
        d->extent.token = b->token;
        d->extent.version = b->version;
        d->extent.first_line = b->runs[r].first_line;
        d->extent.last_line = b->runs[r].last_line;
    }
    return CORSYM_OK;
}

/* Every body of a generation, with the line deltas a snapshot holds for them (none when
 * `src` is NULL: a new generation's bodies start without any). */
static corsym_status batch_generation(const struct portable_source *src,
                                      const struct generation *gen, struct extent_batch *batch)
{
    corsym_status st = CORSYM_OK;
    for (uint32_t row = 1; row <= gen->mdi_rows && st == CORSYM_OK; row++) {
        uint32_t rid = generation_rid(gen, row), points;
        if (!rid)
            continue;
        struct corsym_line_deltas deltas;
        entry_deltas(src ? find_line_entry(src, rid) : NULL, &deltas);
        struct corsym_extent_builder b;
        st = body_extents(gen, row, rid, &deltas, &b, &points);
        if (st == CORSYM_OK)
            st = batch_add(batch, &b);
        corsym_extent_builder_free(&b);
    }
    return st;
}

static int compare_doc_extent(const void *a, const void *b)
{
    const struct doc_extent *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->extent.token != y->extent.token)
        return x->extent.token < y->extent.token ? -1 : 1;
    return 0;
}

/* A batch as per-document lists ascending by token; lists[d] must be NULL on entry for
 * every document the batch mentions. */
static corsym_status lists_from_batch(struct extent_batch *batch, uint32_t doc_count,
                                      struct extent_list **lists)
{
    corsym_sort(batch->items, batch->count, sizeof(*batch->items), compare_doc_extent);
    for (uint32_t i = 0; i < batch->count;) {
        uint32_t doc = batch->items[i].doc, j = i;
        while (j < batch->count && batch->items[j].doc == doc)
            j++;
        if (doc >= doc_count)
            return CORSYM_CORRUPT();
        struct extent_list *list = extent_list_new(j - i);
        if (!list)
            return CORSYM_E_NOMEM;
        for (uint32_t k = i; k < j; k++)
            list->items[k - i] = batch->items[k].extent;
        extent_list_seal(list);
        lists[doc] = list;
        i = j;
    }
    return CORSYM_OK;
}

/* old with the extents of `update` merged in: an update's extent replaces the one of the
 * same method, others are inserted in token order (MergeExtents). */
static struct extent_list *merge_extents(const struct extent_list *old,
                                         const struct extent_list *update)
{
    uint32_t n = old ? old->count : 0, m = update->count, i = 0, j = 0, k = 0;
    struct extent_list *list = extent_list_new(n + m);
    if (!list)
        return NULL;
    while (i < n || j < m) {
        if (j == m || (i < n && old->items[i].token < update->items[j].token)) {
            list->items[k++] = old->items[i++];
        } else {
            if (i < n && old->items[i].token == update->items[j].token)
                i++;
            list->items[k++] = update->items[j++];
        }
    }
    list->count = k;
    extent_list_seal(list);
    return list;
}

static void build_first_extents(struct portable_source *src)
{
    uint32_t docs = src->base.document_count;
    struct extent_list **lists = calloc(docs ? docs : 1, sizeof(*lists));
    struct extent_batch batch = { NULL, 0, 0 };
    corsym_status st = lists ? batch_generation(src, src->gens[0], &batch) : CORSYM_E_NOMEM;
    if (st == CORSYM_OK)
        st = lists_from_batch(&batch, docs, lists);
    free(batch.items);
    if (st != CORSYM_OK) {
        for (uint32_t d = 0; lists && d < docs; d++)
            extent_list_release(lists[d]);
        free(lists);
        /* The index degrades to empty rather than failing every later query: a PDB whose
         * sequence points do not decode has no positions to look up anyway. */
        lists = calloc(docs ? docs : 1, sizeof(*lists));
        if (!lists)
            return;
    }
    __atomic_store_n(&src->extents, lists, __ATOMIC_RELEASE);
}

static corsym_status ensure_extents(struct portable_source *src, struct extent_list ***out)
{
    struct extent_list **lists = __atomic_load_n(&src->extents, __ATOMIC_ACQUIRE);
    if (!lists) {
        corsym_mutex_lock(&src->lock);
        if (!src->extents)
            build_first_extents(src);
        lists = src->extents;
        corsym_mutex_unlock(&src->lock);
        if (!lists)
            return CORSYM_E_NOMEM;
    }
    *out = lists;
    return CORSYM_OK;
}

static corsym_status portable_methods_in_document(struct corsym_symbols *symbols,
                                                  uint32_t document, const uint32_t **tokens,
                                                  uint32_t *count)
{
    struct extent_list **lists;
    *tokens = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(ensure_extents(impl(symbols), &lists));
    if (lists[document]) {
        *tokens = lists[document]->tokens;
        *count = lists[document]->count;
    }
    return CORSYM_OK;
}

static corsym_status portable_document_extents(struct corsym_symbols *symbols, uint32_t document,
                                               struct corsym_method_extent **out, uint32_t *count)
{
    struct extent_list **lists;
    *out = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(ensure_extents(impl(symbols), &lists));
    const struct extent_list *list = lists[document];
    if (!list || !list->count)
        return CORSYM_OK;
    *out = malloc((size_t)list->count * sizeof(**out));
    if (!*out)
        return CORSYM_E_NOMEM;
    memcpy(*out, list->items, (size_t)list->count * sizeof(**out));
    *count = list->count;
    return CORSYM_OK;
}

static corsym_status portable_sym_attribute(struct corsym_symbols *symbols, uint32_t token,
                                            const uint16_t *name, struct corsym_bytes *out)
{
    (void)symbols; (void)token; (void)name; (void)out;
    return CORSYM_NOT_FOUND; /* custom debug information has its own kinds here, not "MD2" */
}

/* ---- snapshots ---- */

static void method_map_release(struct method_map *map)
{
    if (map && corsym_atomic_dec(&map->refcount) == 0)
        free(map);
}

static void portable_destroy(struct corsym_symbols *symbols)
{
    struct portable_source *src = impl(symbols);
    struct extent_list **lists = src->extents;
    for (uint32_t d = 0; lists && d < src->base.document_count; d++)
        extent_list_release(lists[d]);
    free(lists);
    for (uint32_t i = 0; i < src->line_count; i++)
        point_deltas_release(src->lines[i].points);
    free(src->lines);
    method_map_release(src->methods);
    for (uint32_t g = 0; g < src->gen_count; g++)
        generation_release(src->gens[g]);
    free(src->gens);
    free(src->gen_bytes);
    free(src->docs);
    corsym_mutex_destroy(&src->lock);
    free(src);
}

/* A copy of `old` sharing everything shareable, with room for `extra_gens` more
 * generations; `old` must have its extents. Destroying the copy undoes it. */
static corsym_status snapshot_clone(struct portable_source *old, struct extent_list **old_lists,
                                    uint32_t extra_gens, struct portable_source **out)
{
    *out = NULL;
    struct portable_source *src = calloc(1, sizeof(*src));
    if (!src)
        return CORSYM_E_NOMEM;
    corsym_mutex_init(&src->lock);
    src->base = old->base;
    uint32_t docs = old->base.document_count, gens = old->gen_count + extra_gens;
    src->gens = calloc(gens, sizeof(*src->gens));
    src->gen_bytes = calloc(gens, sizeof(*src->gen_bytes));
    src->docs = malloc((docs ? docs : 1) * sizeof(*src->docs));
    struct extent_list **lists = calloc(docs ? docs : 1, sizeof(*lists));
    src->lines = malloc((old->line_count ? old->line_count : 1) * sizeof(*src->lines));
    if (!src->gens || !src->gen_bytes || !src->docs || !lists || !src->lines) {
        src->base.document_count = 0;
        free(lists);
        portable_destroy(&src->base);
        return CORSYM_E_NOMEM;
    }
    for (uint32_t g = 0; g < old->gen_count; g++) {
        src->gens[g] = old->gens[g];
        corsym_atomic_inc(&src->gens[g]->refcount);
        src->gen_bytes[g] = old->gen_bytes[g];
    }
    src->gen_count = old->gen_count;
    memcpy(src->docs, old->docs, docs * sizeof(*src->docs));
    for (uint32_t d = 0; d < docs; d++) {
        lists[d] = old_lists[d];
        if (lists[d])
            corsym_atomic_inc(&lists[d]->refcount);
    }
    src->extents = lists;
    src->methods = old->methods;
    if (src->methods)
        corsym_atomic_inc(&src->methods->refcount);
    for (uint32_t i = 0; i < old->line_count; i++) {
        src->lines[i] = old->lines[i];
        if (src->lines[i].points)
            corsym_atomic_inc(&src->lines[i].points->refcount);
    }
    src->line_count = old->line_count;
    src->base.generations = src->gen_bytes;
    *out = src;
    return CORSYM_OK;
}

/* The entry for a rid, inserted (with no deltas) when missing; NULL on exhaustion. */
static struct line_entry *line_entry_for(struct portable_source *src, uint32_t rid)
{
    uint32_t at = 0;
    while (at < src->line_count && src->lines[at].rid < rid)
        at++;
    if (at < src->line_count && src->lines[at].rid == rid)
        return &src->lines[at];
    struct line_entry *lines = realloc(src->lines, (src->line_count + 1) * sizeof(*lines));
    if (!lines)
        return NULL;
    src->lines = lines;
    memmove(&lines[at + 1], &lines[at], (src->line_count - at) * sizeof(*lines));
    src->line_count++;
    lines[at].rid = rid;
    lines[at].all = 0;
    lines[at].points = NULL;
    return &lines[at];
}

/* Copy-on-write of one document's list with `extent` replacing (or added as) its method's. */
static corsym_status replace_extent(struct portable_source *src, uint32_t doc,
                                    const struct corsym_method_extent *extent)
{
    struct extent_list one = { 1, 1, (struct corsym_method_extent *)extent, NULL };
    struct extent_list *merged = merge_extents(src->extents[doc], &one);
    if (!merged)
        return CORSYM_E_NOMEM;
    extent_list_release(src->extents[doc]);
    src->extents[doc] = merged;
    return CORSYM_OK;
}

struct shift {
    uint32_t doc, token;
    int32_t delta;
};

static int compare_shift(const void *a, const void *b)
{
    const struct shift *x = a, *y = b;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    return x->token < y->token ? -1 : x->token > y->token;
}

/* UpdateSymbolStore2's deltas move a method's extents in the documents its latest body is
 * in, as they stood before the update (SymReader.GroupLineDeltasByDocument). */
static corsym_status collect_shifts(struct portable_source *old,
                                    const struct corsym_line_delta *deltas, uint32_t count,
                                    struct shift **out, uint32_t *out_count)
{
    struct shift *shifts = NULL;
    uint32_t n = 0, capacity = 0;
    corsym_status st = CORSYM_OK;
    *out = NULL;
    *out_count = 0;
    for (uint32_t i = 0; i < count && st == CORSYM_OK; i++) {
        struct method_ref ref;
        struct corsym_ppdb_method_debug debug;
        if (!IS_METHOD_TOKEN(deltas[i].token) || !latest_body(old, RID(deltas[i].token), &ref) ||
            !has_debug_info(old->gens[ref.gen], ref.row, &debug))
            continue;
        struct corsym_extent_builder b;
        uint32_t points;
        st = body_extents(old->gens[ref.gen], ref.row, RID(deltas[i].token), NULL, &b, &points);
        for (uint32_t r = 0; st == CORSYM_OK && r < b.run_count; r++) {
            if (n == capacity) {
                capacity = capacity ? capacity * 2 : 16;
                struct shift *grown = realloc(shifts, capacity * sizeof(*grown));
                if (!grown) {
                    st = CORSYM_E_NOMEM;
                    break;
                }
                shifts = grown;
            }
            shifts[n].doc = b.runs[r].document;
            shifts[n].token = deltas[i].token;
            shifts[n].delta = deltas[i].delta;
            n++;
        }
        corsym_extent_builder_free(&b);
    }
    if (st != CORSYM_OK) {
        free(shifts);
        return st;
    }
    corsym_sort(shifts, n, sizeof(*shifts), compare_shift);
    *out = shifts;
    *out_count = n;
    return CORSYM_OK;
}

static corsym_status apply_shifts(struct portable_source *src, const struct shift *shifts,
                                  uint32_t count)
{
    for (uint32_t i = 0; i < count;) {
        uint32_t doc = shifts[i].doc, j = i;
        while (j < count && shifts[j].doc == doc)
            j++;
        const struct extent_list *old = src->extents[doc];
        if (old) {
            struct extent_list *list = extent_list_new(old->count);
            if (!list)
                return CORSYM_E_NOMEM;
            memcpy(list->items, old->items, old->count * sizeof(*list->items));
            for (uint32_t k = 0; k < list->count; k++) {
                struct corsym_method_extent *e = &list->items[k];
                if (e->first_line > e->last_line)
                    continue; /* all hidden: nothing to move */
                for (uint32_t s = i; s < j; s++) {
                    if (shifts[s].token != e->token)
                        continue;
                    e->first_line = (int32_t)((uint32_t)e->first_line + (uint32_t)shifts[s].delta);
                    e->last_line = (int32_t)((uint32_t)e->last_line + (uint32_t)shifts[s].delta);
                }
            }
            extent_list_seal(list);
            extent_list_release(src->extents[doc]);
            src->extents[doc] = list;
        }
        i = j;
    }
    return CORSYM_OK;
}

static bool same_url(const struct corsym_document *a, const struct corsym_document *b)
{
    return a->url.length == b->url.length &&
           memcmp(a->url.chars, b->url.chars, a->url.length * sizeof(uint16_t)) == 0;
}

/* A delta's Document rows: one with the exact path (case-sensitive) of a known document
 * stands for it from now on, any other is a new document (DocumentMap.Update). */
static corsym_status map_documents(struct portable_source *src, struct generation *gen)
{
    const struct corsym_document *records;
    CORSYM_TRY(generation_records(gen, &records));
    gen->doc_ids = calloc(gen->doc_rows ? gen->doc_rows : 1, sizeof(uint32_t));
    if (!gen->doc_ids)
        return CORSYM_E_NOMEM;
    uint32_t gen_index = src->gen_count - 1;
    for (uint32_t row = 1; row <= gen->doc_rows; row++) {
        uint32_t found = CORSYM_NONE;
        for (uint32_t d = 0; d < src->base.document_count && found == CORSYM_NONE; d++) {
            const struct corsym_document *known;
            CORSYM_TRY(portable_document(&src->base, d, &known));
            if (same_url(known, &records[row - 1]))
                found = d;
        }
        if (found == CORSYM_NONE) {
            uint32_t count = src->base.document_count;
            struct doc_ref *docs = realloc(src->docs, (count + 1) * sizeof(*docs));
            if (!docs)
                return CORSYM_E_NOMEM;
            src->docs = docs;
            struct extent_list **lists = realloc(src->extents, (count + 1) * sizeof(*lists));
            if (!lists)
                return CORSYM_E_NOMEM;
            src->extents = lists;
            lists[count] = NULL;
            found = count;
            src->base.document_count = count + 1;
        }
        src->docs[found].gen = gen_index;
        src->docs[found].row = row;
        gen->doc_ids[row - 1] = found;
    }
    return CORSYM_OK;
}

static corsym_status map_methods(struct portable_source *src, const struct generation *gen)
{
    uint32_t old_count = src->methods ? src->methods->count : src->gens[0]->mdi_rows;
    uint32_t count = old_count;
    for (uint32_t i = 0; i < gen->by_rid_count; i++)
        if (gen->by_rid[i].rid > count)
            count = gen->by_rid[i].rid;
    struct method_map *map = calloc(1, sizeof(*map) + (size_t)count * sizeof(struct method_ref));
    if (!map)
        return CORSYM_E_NOMEM;
    map->refcount = 1;
    map->count = count;
    for (uint32_t rid = 1; rid <= old_count; rid++) {
        if (src->methods)
            map->refs[rid - 1] = src->methods->refs[rid - 1];
        else
            map->refs[rid - 1].row = rid; /* generation 0 */
    }
    for (uint32_t i = 0; i < gen->by_rid_count; i++) {
        map->refs[gen->by_rid[i].rid - 1].gen = src->gen_count - 1;
        map->refs[gen->by_rid[i].rid - 1].row = gen->by_rid[i].row;
    }
    method_map_release(src->methods);
    src->methods = map;
    return CORSYM_OK;
}

static corsym_status merge_generation_extents(struct portable_source *src,
                                              const struct generation *gen)
{
    uint32_t docs = src->base.document_count;
    struct extent_batch batch = { NULL, 0, 0 };
    struct extent_list **fresh = calloc(docs ? docs : 1, sizeof(*fresh));
    corsym_status st = fresh ? batch_generation(NULL, gen, &batch) : CORSYM_E_NOMEM;
    if (st == CORSYM_OK)
        st = lists_from_batch(&batch, docs, fresh);
    for (uint32_t d = 0; st == CORSYM_OK && d < docs; d++) {
        if (!fresh[d])
            continue;
        struct extent_list *merged = merge_extents(src->extents[d], fresh[d]);
        if (!merged) {
            st = CORSYM_E_NOMEM;
            break;
        }
        extent_list_release(src->extents[d]);
        src->extents[d] = merged;
    }
    for (uint32_t d = 0; fresh && d < docs; d++)
        extent_list_release(fresh[d]);
    free(fresh);
    free(batch.items);
    return st;
}

static corsym_status update_lines(struct portable_source *src, const struct generation *gen,
                                  const struct corsym_line_delta *deltas, uint32_t count)
{
    /* A new body drops the deltas its method had (SymReader.UpdateSymbolStoreImpl)... */
    uint32_t kept = 0;
    for (uint32_t i = 0; i < src->line_count; i++) {
        if (generation_row(gen, src->lines[i].rid)) {
            point_deltas_release(src->lines[i].points);
            continue;
        }
        src->lines[kept++] = src->lines[i];
    }
    src->line_count = kept;
    /* ...then this update's deltas add up with those in force, new bodies included. */
    for (uint32_t i = 0; i < count; i++) {
        if (!IS_METHOD_TOKEN(deltas[i].token) || RID(deltas[i].token) == 0)
            continue;
        struct line_entry *e = line_entry_for(src, RID(deltas[i].token));
        if (!e)
            return CORSYM_E_NOMEM;
        e->all = (int32_t)((uint32_t)e->all + (uint32_t)deltas[i].delta);
    }
    return CORSYM_OK;
}

static corsym_status portable_update(struct corsym_symbols *symbols, const uint8_t *data,
                                     size_t size, bool owned,
                                     const struct corsym_line_delta *deltas, uint32_t count,
                                     struct corsym_symbols **out)
{
    struct portable_source *old = impl(symbols), *src = NULL;
    struct extent_list **old_lists;
    struct generation *gen = NULL;
    struct shift *shifts = NULL;
    uint32_t shift_count = 0;
    *out = NULL;
    corsym_status st = ensure_extents(old, &old_lists);
    if (st == CORSYM_OK)
        st = collect_shifts(old, deltas, count, &shifts, &shift_count);
    if (st == CORSYM_OK)
        st = snapshot_clone(old, old_lists, 1, &src);
    if (st != CORSYM_OK) {
        if (owned)
            free((void *)data);
        free(shifts);
        return st;
    }
    st = generation_open(data, size, owned ? (uint8_t *)data : NULL, old->gen_count + 1, &gen);
    if (st == CORSYM_OK) {
        src->gens[src->gen_count++] = gen;
        src->gen_bytes[gen->version - 1].data = data;
        src->gen_bytes[gen->version - 1].size = size;
        st = generation_map_methods(gen);
    }
    if (st == CORSYM_OK)
        st = map_documents(src, gen);
    if (st == CORSYM_OK)
        st = map_methods(src, gen);
    if (st == CORSYM_OK)
        st = apply_shifts(src, shifts, shift_count);
    if (st == CORSYM_OK)
        st = merge_generation_extents(src, gen);
    if (st == CORSYM_OK)
        st = update_lines(src, gen, deltas, count);
    free(shifts);
    if (st != CORSYM_OK) {
        portable_destroy(&src->base);
        return st;
    }
    struct corsym_symbols *b = &src->base;
    b->version_count = src->gen_count;
    b->portable_metadata.data = data;
    b->portable_metadata.size = size;
    if (!b->entry_point) /* the first generation that has one (GetUserEntryPoint) */
        b->entry_point = corsym_ppdb_entry_point(gen->pdb);
    *out = b;
    return CORSYM_OK;
}

static corsym_status portable_update_method_lines(struct corsym_symbols *symbols, uint32_t token,
                                                  const int32_t *deltas, uint32_t count,
                                                  struct corsym_symbols **out)
{
    struct portable_source *old = impl(symbols), *src = NULL;
    struct extent_list **old_lists;
    struct method_ref ref;
    struct corsym_ppdb_method_debug debug;
    *out = NULL;
    if (!IS_METHOD_TOKEN(token) || !latest_body(old, RID(token), &ref) ||
        !has_debug_info(old->gens[ref.gen], ref.row, &debug) || !debug.has_sequence_points)
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(ensure_extents(old, &old_lists));

    /* The deltas in force plus these, point by point (MethodLineDeltas.Merge). */
    const struct line_entry *e = find_line_entry(old, RID(token));
    uint32_t old_count = e && e->points ? e->points->count : 0;
    uint32_t n = count > old_count ? count : old_count;
    struct point_deltas *merged = malloc(sizeof(*merged) + (size_t)n * sizeof(int32_t));
    if (!merged)
        return CORSYM_E_NOMEM;
    merged->refcount = 1;
    merged->count = n;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t sum = (i < old_count ? (uint32_t)e->points->each[i] : 0u) +
                       (i < count ? (uint32_t)deltas[i] : 0u);
        merged->each[i] = (int32_t)sum;
    }
    struct corsym_line_deltas all = { e ? e->all : 0, merged->each, n };
    struct corsym_extent_builder b;
    uint32_t points;
    corsym_status st = body_extents(old->gens[ref.gen], ref.row, RID(token), &all, &b, &points);
    if (st == CORSYM_OK && points != count)
        st = CORSYM_E_INVALID_ARG; /* one delta per sequence point, or nothing changes */
    if (st == CORSYM_OK)
        st = snapshot_clone(old, old_lists, 0, &src);
    for (uint32_t r = 0; st == CORSYM_OK && r < b.run_count; r++) {
        struct corsym_method_extent extent = { token, b.version, b.runs[r].first_line,
                                               b.runs[r].last_line };
        st = replace_extent(src, b.runs[r].document, &extent);
    }
    corsym_extent_builder_free(&b);
    struct line_entry *entry = st == CORSYM_OK ? line_entry_for(src, RID(token)) : NULL;
    if (st == CORSYM_OK && !entry)
        st = CORSYM_E_NOMEM;
    if (st != CORSYM_OK) {
        point_deltas_release(merged);
        if (src)
            portable_destroy(&src->base);
        return st;
    }
    point_deltas_release(entry->points);
    entry->points = merged;
    *out = &src->base;
    return CORSYM_OK;
}

static const struct corsym_symbols_ops portable_ops = {
    portable_destroy,
    portable_document,
    portable_embedded_source,
    portable_method,
    portable_methods_in_document,
    portable_sym_attribute,
    portable_method_version,
    portable_document_extents,
    portable_line_deltas,
    portable_update,
    portable_update_method_lines,
    NULL, /* closest_line */
};

/* "4.14.0-3.25262.10+abc" -> 4, 14, 0, 0: the leading dotted numbers. */
static void parse_version(struct corsym_span text, uint16_t parts[4])
{
    size_t i = 0;
    for (int k = 0; k < 4; k++) {
        uint32_t v = 0;
        bool digits = false;
        while (i < text.len && text.data[i] >= '0' && text.data[i] <= '9') {
            v = v * 10 + (uint32_t)(text.data[i++] - '0');
            if (v > 0xFFFF)
                v = 0xFFFF;
            digits = true;
        }
        parts[k] = (uint16_t)v;
        if (!digits || i >= text.len || text.data[i] != '.')
            break;
        i++;
    }
}

/* The compiler a Portable PDB names in its CompilationOptions record ("compiler-name",
 * "compiler-version"), which is where AddCompilerInfo goes when corsym writes one. */
static void read_compiler_info(struct generation *gen, struct corsym_symbols *b)
{
    struct corsym_span value, key, text, name = { NULL, 0 }, version = { NULL, 0 };
    struct corsym_cdi_strings_iter it;
    bool has_name = false;
    if (corsym_ppdb_cdi_find(gen->pdb, CORSYM_TBL_MODULE, 1,
                             corsym_cdi_kind_guid(CORSYM_CDI_COMPILATION_OPTIONS), &value) != CORSYM_OK)
        return;
    corsym_cdi_options_begin(&it, value);
    while (corsym_cdi_options_next(&it, &key, &text) == CORSYM_OK) {
        if (corsym_span_eq(key, "compiler-name", 13)) {
            name = text;
            has_name = true;
        } else if (corsym_span_eq(key, "compiler-version", 16)) {
            version = text;
        }
    }
    if (!has_name)
        return;
    size_t units = 0;
    corsym_status st = corsym_utf8_to_utf16_lossy(name.data, name.len, NULL, 0, &units);
    if ((st != CORSYM_OK && st != CORSYM_E_BUFFER_TOO_SMALL) || units > UINT32_MAX - 1)
        return;
    gen->compiler_name = calloc(units + 1, sizeof(uint16_t));
    if (!gen->compiler_name)
        return;
    if (units && corsym_utf8_to_utf16_lossy(name.data, name.len, gen->compiler_name, units,
                                            &units) != CORSYM_OK) {
        free(gen->compiler_name);
        gen->compiler_name = NULL;
        return;
    }
    uint16_t parts[4] = { 0, 0, 0, 0 };
    parse_version(version, parts);
    b->compiler.present = true;
    b->compiler.major = parts[0];
    b->compiler.minor = parts[1];
    b->compiler.build = parts[2];
    b->compiler.revision = parts[3];
    b->compiler.name.chars = gen->compiler_name;
    b->compiler.name.length = (uint32_t)units;
}

corsym_status corsym_portable_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                          struct corsym_symbols **out)
{
    *out = NULL;
    struct portable_source *src = calloc(1, sizeof(*src));
    if (!src)
        return CORSYM_E_NOMEM;
    src->gens = calloc(1, sizeof(*src->gens));
    src->gen_bytes = calloc(1, sizeof(*src->gen_bytes));
    if (!src->gens || !src->gen_bytes) {
        free(src->gens);
        free(src->gen_bytes);
        free(src);
        return CORSYM_E_NOMEM;
    }
    /* The caller frees `owned` when opening fails. */
    corsym_status st = generation_open(data, size, NULL, 1, &src->gens[0]);
    if (st != CORSYM_OK) {
        free(src->gens);
        free(src->gen_bytes);
        free(src);
        return st;
    }
    src->gens[0]->owned_bytes = owned;
    src->gen_count = 1;
    src->gen_bytes[0].data = data;
    src->gen_bytes[0].size = size;
    corsym_mutex_init(&src->lock);
    struct corsym_ppdb *pdb = src->gens[0]->pdb;
    struct corsym_symbols *b = &src->base;
    b->document_count = src->gens[0]->doc_rows;
    src->docs = malloc((b->document_count ? b->document_count : 1) * sizeof(*src->docs));
    if (!src->docs) {
        src->gens[0]->owned_bytes = NULL;
        b->document_count = 0;
        portable_destroy(b);
        return CORSYM_E_NOMEM;
    }
    for (uint32_t d = 0; d < b->document_count; d++) {
        src->docs[d].gen = 0;
        src->docs[d].row = d + 1;
    }
    b->ops = &portable_ops;
    b->format = CORSYM_FORMAT_PORTABLE;
    uint8_t id[20];
    corsym_ppdb_id(pdb, id);
    memcpy(b->guid, id, 16);
    b->stamp = (uint32_t)id[16] | (uint32_t)id[17] << 8 | (uint32_t)id[18] << 16 |
               (uint32_t)id[19] << 24;
    b->age = 1;
    b->entry_point = corsym_ppdb_entry_point(pdb);
    b->portable_metadata.data = data;
    b->portable_metadata.size = size;
    b->version_count = 1;
    b->generations = src->gen_bytes;
    struct corsym_span value;
    b->is_visual_basic = corsym_ppdb_cdi_find(pdb, CORSYM_TBL_MODULE, 1,
                                              corsym_cdi_kind_guid(CORSYM_CDI_DEFAULT_NAMESPACE),
                                              &value) == CORSYM_OK;
    if (corsym_ppdb_cdi_find(pdb, CORSYM_TBL_MODULE, 1,
                             corsym_cdi_kind_guid(CORSYM_CDI_SOURCE_LINK), &value) == CORSYM_OK) {
        b->source_link.data = value.data;
        b->source_link.size = value.len;
        b->source_server = b->source_link;
    }
    read_compiler_info(src->gens[0], b);
    *out = b;
    return CORSYM_OK;
}
