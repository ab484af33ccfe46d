/* SPDX-License-Identifier: MIT */
/* Internal to the Portable PDB emitter: the planning context shared by ppdb_emit.c (layout
 * and tables) and ppdb_emit_blobs.c (blob encoders and CDI conversions). */
#ifndef CORSYM_PORTABLE_PPDB_EMIT_PRIVATE_H
#define CORSYM_PORTABLE_PPDB_EMIT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "base/status.h"
#include "model/scope_groups.h"
#include "model/symwriter.h"
#include "portable/ecma335.h"
#include "portable/ppdb_emit.h"
#include "portable/type_names.h"

/* A deduplicating heap (#Strings or #Blob): entries are found again by content. */
struct emit_heap {
    struct corsym_buf data;
    bool blobs;              /* #Blob: entries carry a compressed length prefix */
    /* Open addressing. tags[s] is 0 for an empty slot, else a byte of the entry's hash;
     * slots[s] is then its entry + 1. Most adds are new, unique blobs (a method's sequence
     * points, a constant's value) whose probe lands on a random slot: the probe reads only the
     * byte array, a quarter of the slots' size, which stays in cache where the slots did not
     * (a load of slots and one of the entry's hash were two misses per add, perf). A table
     * twice the size (the hash kept in the slot) made more of them miss. */
    uint8_t *tags;
    uint32_t *slots;
    size_t slot_count;       /* a power of two */
    struct emit_heap_entry {
        uint32_t index;      /* what a column stores */
        uint32_t content;    /* offset of the bytes (past the prefix) in data */
        uint32_t len;
        uint32_t hash;
    } *entries;
    size_t entry_count, entry_cap;
};

struct emit_table {
    uint32_t *cells; /* rows * cols values, row-major */
    uint32_t rows, cap;
    unsigned cols;
};

struct emit_cdi {
    uint32_t parent; /* HasCustomDebugInformation coded index */
    uint32_t kind;   /* #GUID index */
    uint32_t value;  /* #Blob index */
    uint32_t order;  /* insertion order: equal parents keep it */
};

/* How a method's UsingNamespace strings are spelled. */
enum emit_import_language { IMPORTS_PLAIN, IMPORTS_CSHARP, IMPORTS_VB };
/* Which of a scope's strings corsym_emit_imports takes: VB's project-level imports ("@P...")
 * belong in the module's import scope, the others in the method's. */
enum emit_import_level { IMPORTS_ALL, IMPORTS_PROJECT_ONLY, IMPORTS_NOT_PROJECT };

/* A (key, value) pair of tokens or indices; the emitter's lookup arrays are sorted by key. */
struct emit_pair {
    uint32_t key, value;
};

/* The first pair whose key is >= key (count if none). */
static inline uint32_t emit_pairs_lower_bound(const struct emit_pair *pairs, uint32_t count,
                                              uint32_t key)
{
    uint32_t lo = 0, hi = count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (pairs[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

#define EMIT_NAME_CACHE 64

struct emit {
    const struct corsym_symwriter *w;
    struct emit_heap strings, blobs;
    struct emit_name_cache {
        const char *name; /* a model name (interned), NULL if the entry is unused */
        uint32_t index;   /* its #Strings index */
    } name_cache[EMIT_NAME_CACHE];
    struct corsym_buf guids; /* 16 bytes each */
    struct emit_table tables[8]; /* 0x30 .. 0x37 */
    struct emit_cdi *cdis;
    size_t cdi_count, cdi_cap;
    uint32_t type_rows[CORSYM_PPDB_EMIT_TYPE_TABLES];
    struct corsym_buf scratch; /* reusable blob builder */
    struct corsym_buf point_records; /* a method's sequence-point records, when not encoded */
    /* "MD2" attributes by (remapped) parent token, and the methods by token, sorted once
     * in plan: per-method scans of all attributes or all methods made converting a large
     * Windows PDB (MD2 and a forward on nearly every method) quadratic. */
    struct emit_pair *md2; /* (remapped parent token, attribute index) */
    uint32_t md2_count;
    const struct emit_pair *order; /* (remapped token, method index), by token */
    uint32_t *method_scratch;  /* emit_method's working arrays, reused method to method */
    uint32_t *scope_rows;      /* every method's scope -> ImportScope rows (plan_imports) */
    struct corsym_sw_scope_groups groups; /* the method being emitted, by scope */
    struct corsym_sw_using *using_scratch; /* one scope's usings (plan_imports) */
    uint32_t using_scratch_cap;
    size_t method_scratch_words;
    bool have_default_namespace;
    /* Imports that name rows of the module (ppdb_emit_imports.c): its tables, when the
     * options give them; its types by name (C# spelling [1], VB's [0]), built on first
     * need; its extern aliases, from the "Z" strings, by alias. */
    const struct corsym_md_view *module;
    struct corsym_type_index type_index[2];
    bool type_index_built[2];
    struct emit_extern_alias {
        const char *alias; /* in the model's strings */
        size_t len;
        uint32_t assembly; /* AssemblyRef rid */
    } *extern_aliases;
    uint32_t extern_alias_count, extern_alias_cap;
    /* The strings and result of the last corsym_emit_imports call (ppdb_emit_imports.c). */
    struct emit_import_cache {
        const char **names;
        uint32_t count, cap;
        enum emit_import_language language;
        enum emit_import_level level;
        uint32_t blob;
        bool empty, valid;
    } import_cache;
    /* ImportScope rows by (parent, imports blob), for plan_imports: methods of one file
     * share theirs. A slot with row 0 is empty; cap is a power of two or 0. */
    struct emit_import_rows {
        struct emit_import_row {
            uint32_t parent, blob, row;
        } *slots;
        size_t count, cap;
    } import_rows;
    /* Iterator state machines found through the module (MD2 ForwardIterator names the type,
     * the Portable PDB wants a StateMachineMethod row), by MoveNext. */
    struct emit_pair *iterators; /* (MoveNext token, kick-off token) */
    uint32_t iterator_count;
};

#define EMIT_TABLE(e, id) (&(e)->tables[(id) - CORSYM_TBL_DOCUMENT])

/* Heaps and tables (ppdb_emit.c). */
corsym_status corsym_emit_string(struct emit *e, const char *s, size_t len, uint32_t *index);
corsym_status corsym_emit_blob(struct emit *e, const uint8_t *p, size_t len, uint32_t *index);
corsym_status corsym_emit_guid(struct emit *e, const uint8_t guid[16], uint32_t *index);
corsym_status corsym_emit_row(struct emit *e, unsigned table, const uint32_t *values, uint32_t *rid);
corsym_status corsym_emit_cdi(struct emit *e, unsigned parent_table, uint32_t parent_rid,
                              const uint8_t kind[16], const uint8_t *value, size_t len);
/* Raises the referenced row count of a type-system table to the token's rid. */
void corsym_emit_reference(struct emit *e, uint32_t token);

/* Compressed integers (ECMA-335 II.23.2) and little-endian u32s: inline, because every
 * sequence point, row cell and blob length of an image goes through them. */

static inline corsym_status corsym_emit_u32(struct corsym_buf *b, uint32_t v)
{
    uint8_t p[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    return corsym_buf_append(b, p, 4);
}

static inline corsym_status corsym_emit_cuint(struct corsym_buf *b, uint32_t v)
{
    uint8_t p[4];
    if (v < 0x80) {
        p[0] = (uint8_t)v;
        return corsym_buf_append(b, p, 1);
    }
    if (v < 0x4000) {
        p[0] = (uint8_t)(0x80 | (v >> 8));
        p[1] = (uint8_t)v;
        return corsym_buf_append(b, p, 2);
    }
    if (v <= 0x1FFFFFFF) {
        p[0] = (uint8_t)(0xC0 | (v >> 24));
        p[1] = (uint8_t)(v >> 16);
        p[2] = (uint8_t)(v >> 8);
        p[3] = (uint8_t)v;
        return corsym_buf_append(b, p, 4);
    }
    return CORSYM_E_INVALID_ARG;
}

static inline corsym_status corsym_emit_cint(struct corsym_buf *b, int32_t v)
{
    /* The value is rotated left within its width so the sign lands in bit 0; the rotated
     * magnitude always selects the same width in corsym_emit_cuint, which the reader's
     * sign extension depends on. */
    uint32_t sign = v < 0 ? 1u : 0u;
    if (v >= -64 && v <= 63)
        return corsym_emit_cuint(b, (((uint32_t)v & 0x3Fu) << 1) | sign);
    if (v >= -8192 && v <= 8191)
        return corsym_emit_cuint(b, (((uint32_t)v & 0x1FFFu) << 1) | sign);
    if (v >= -0x10000000 && v <= 0x0FFFFFFF)
        return corsym_emit_cuint(b, (((uint32_t)v & 0x0FFFFFFFu) << 1) | sign);
    return CORSYM_E_INVALID_ARG;
}

/* Blob encoders (ppdb_emit_blobs.c). */

/* The sequence-point blob of a method (sorted, deduplicated points); *document gets the
 * MethodDebugInformation Document column. Nothing is added when there are no points. */
corsym_status corsym_emit_sequence_points(struct emit *e, const struct corsym_sw_method *m,
                                          uint32_t *document, uint32_t *blob);
corsym_status corsym_emit_constant_sig(struct emit *e, const struct corsym_sw_constant *c,
                                       uint32_t *blob);
corsym_status corsym_emit_document_name(struct emit *e, const char *name, size_t len,
                                        uint32_t *blob);
corsym_status corsym_emit_embedded_source(struct emit *e, uint32_t document_rid,
                                          const uint8_t *source, size_t len);

/* The Imports blob of a scope's strings (those that cannot be converted are skipped);
 * *empty is set when nothing was converted. */
corsym_status corsym_emit_imports(struct emit *e, enum emit_import_language language,
                                  enum emit_import_level level,
                                  const struct corsym_sw_using *usings, uint32_t count,
                                  uint32_t scope, uint32_t *blob, bool *empty);
/* Learns the module's extern aliases from a C# method's "Z<alias> <assembly>" strings
 * (the first naming of an alias wins; an assembly the module does not reference is left
 * out). */
corsym_status corsym_emit_module_extern_aliases(struct emit *e,
                                                const struct corsym_sw_using *usings,
                                                uint32_t count);
/* The Imports blob of the module's import scope: its extern aliases; *empty if none. */
corsym_status corsym_emit_module_imports(struct emit *e, uint32_t *blob, bool *empty);

/* "MD2" custom debug info of a method: the kinds with a portable form become CDI rows.
 * local_rid_first/constant_rid_first are the first LocalVariable/LocalConstant rows of the
 * method and the maps give each local's and constant's row offset from them. */
struct emit_method_rows {
    uint32_t method_rid;
    uint32_t local_first, constant_first;
    const uint32_t *local_row;    /* per model local: rid */
    const uint32_t *constant_row; /* per model constant: rid */
    const uint32_t *constant_scope_start, *constant_scope_end;
};
corsym_status corsym_emit_md2(struct emit *e, const struct corsym_sw_method *m,
                              const struct emit_method_rows *rows, const uint8_t *data,
                              size_t len);
/* The state machine type name (UTF-8) of the blob's ForwardIterator record: NOT_FOUND if it
 * has none (or an empty one), NOMEM, or INVALID_ARG for a name that is not UTF-16. */
corsym_status corsym_emit_md2_iterator(const uint8_t *data, size_t len, struct corsym_buf *name);
/* True if the blob holds a UsingGroups or Forward record (the C# compiler's mark); sets
 * *forward to a ForwardMethodInfo target token, else 0. */
bool corsym_emit_md2_csharp(const uint8_t *data, size_t len, uint32_t *forward);

#endif
