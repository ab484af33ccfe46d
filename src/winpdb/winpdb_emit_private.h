/* SPDX-License-Identifier: MIT */
/* Internal to the Windows PDB emitter: the plan shared by winpdb_emit*.c. */
#ifndef CORSYM_WINPDB_WINPDB_EMIT_PRIVATE_H
#define CORSYM_WINPDB_WINPDB_EMIT_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"
#include "model/scope_groups.h"
#include "model/symwriter.h"
#include "winpdb/winpdb_emit.h"

#define WPE_NONE UINT32_MAX
/* The stream-index field of module and debug-header records is a u16 with 0xFFFF = none. */
#define WPE_MAX_STREAMS 0xFFFFu

struct wpe_doc {
    uint32_t url_ni, canon_ni;  /* /names offsets */
    uint32_t group;             /* first document with the same canonical name */
    uint32_t checksum_from;     /* first of the group with a checksum, or WPE_NONE */
    uint32_t source_from;       /* first of the group with source, or WPE_NONE */
    uint32_t files_stream;      /* its /src/files stream (the group's) */
    bool used;                  /* some sequence point names it */
    struct corsym_buf canon;    /* lower case, '\' separators (first of a group only) */
};

struct wpe_method {
    uint32_t model_index;
    uint32_t module;
    uint32_t offset, length;    /* in the invented section */
    struct corsym_buf name;     /* UTF-8, from the metadata */
    uint32_t record_offset;     /* S_GMANPROC in the module stream */
    uint32_t procref, tokenref; /* record offsets in the symbol-record stream */
};

enum wpe_module_kind { WPE_MODULE_TYPE, WPE_MODULE_DANGLING, WPE_MODULE_COMPILER, WPE_MODULE_TSLI };

struct wpe_module {
    enum wpe_module_kind kind;
    struct corsym_buf name;
    uint32_t *methods; /* indexes into e->methods, in model order */
    uint32_t method_count, method_cap;
    uint32_t *docs;    /* model document indexes in FILECHKSMS order */
    uint32_t doc_count, doc_cap;
    struct corsym_buf stream;
    uint32_t symbol_bytes, c13_bytes;
    uint32_t stream_index;
};

/* A named stream: the name goes to the info stream's map, the bytes to stream `index`. */
struct wpe_named {
    const char *name; /* points into a wpe-owned or static string */
    size_t name_len;
    uint32_t index;
};

struct wpe {
    const struct corsym_symwriter *w;
    const struct corsym_winpdb_emit_options *o;
    uint32_t age;
    struct wpe_doc *docs;
    struct wpe_method *methods;
    uint32_t method_count;
    struct wpe_module *modules;
    uint32_t module_count, module_cap;
    uint32_t *module_slots; /* open addressing by name: module + 1, 0 = empty */
    uint32_t module_slot_count;
    /* /names: the strings, and the order they were added (offsets) for the hash table. */
    struct corsym_buf names;
    uint32_t *name_order;
    uint32_t name_count, name_cap;
    uint32_t *name_slots; /* dedup index: offset + 1, 0 = empty */
    uint32_t name_slot_count;
    uint32_t empty_ni;
    uint32_t section_length; /* total IL bytes of all methods */
    uint32_t *attributes;    /* model attribute indexes sorted by parent token, then order */
    struct corsym_sw_scope_groups groups; /* the method being written, by scope */
    uint32_t *doc_position; /* per document: its entry in the module being written, or
                             * UINT32_MAX (wpe_module_stream) */
};

/* ---- little-endian appends (winpdb_emit_records.c) ---- */
/* Little-endian fields; inline (through corsym_buf_append's fast path) because a module stream
 * is millions of them. */
static inline corsym_status wpe_u8(struct corsym_buf *b, uint8_t v)
{
    return corsym_buf_append_u8(b, v);
}

static inline corsym_status wpe_u16(struct corsym_buf *b, uint16_t v)
{
    uint8_t p[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    return corsym_buf_append(b, p, 2);
}

static inline corsym_status wpe_u32(struct corsym_buf *b, uint32_t v)
{
    uint8_t p[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    return corsym_buf_append(b, p, 4);
}

static inline corsym_status wpe_u64(struct corsym_buf *b, uint64_t v)
{
    CORSYM_TRY(wpe_u32(b, (uint32_t)v));
    return wpe_u32(b, (uint32_t)(v >> 32));
}
corsym_status wpe_zeros(struct corsym_buf *b, size_t n);
corsym_status wpe_pad4(struct corsym_buf *b, size_t from);
void wpe_put_u32(struct corsym_buf *b, size_t at, uint32_t v);

/* ---- CodeView records (winpdb_emit_records.c) ---- */
/* Starts a record of `kind` at the end of b; *start gets its offset. */
corsym_status wpe_record_begin(struct corsym_buf *b, uint16_t kind, size_t *start);
/* Pads the record to 4 (with zeros) and writes its length; INVALID_ARG over 0xFFFF. */
corsym_status wpe_record_end(struct corsym_buf *b, size_t start);
corsym_status wpe_cstr(struct corsym_buf *b, const char *s, size_t len);
/* A managed S_OEM: name is ASCII/UTF-8, stored UTF-16LE. */
corsym_status wpe_oem(struct corsym_buf *b, const char *name, const uint8_t *data, size_t len);
/* S_MANCONSTANT's numeric leaf for a model value. */
corsym_status wpe_numeric(struct corsym_buf *b, const struct corsym_sw_value *v);

/* ---- tables (winpdb_emit_tables.c) ---- */
/* Adds a string to /names once; *ni gets its offset. */
corsym_status wpe_name_add(struct wpe *e, const char *s, size_t len, uint32_t *ni);
/* The /names stream. */
corsym_status wpe_names_stream(const struct wpe *e, struct corsym_buf *out);
/* The info stream with the named-stream map. */
corsym_status wpe_info_stream(const struct wpe *e, const struct wpe_named *named,
                              uint32_t named_count, struct corsym_buf *out);
/* /src/headerblock over the documents' /src/files streams (bytes per stream index). */
corsym_status wpe_headerblock_stream(const struct wpe *e, const struct corsym_buf *files,
                                     struct corsym_buf *out);
/* A /src/files/<name> record for the document group led by doc. */
corsym_status wpe_src_file_stream(const struct wpe *e, uint32_t doc, struct corsym_buf *out);

/* ---- modules (winpdb_emit_module.c) ---- */
corsym_status wpe_module_stream(struct wpe *e, uint32_t module);

/* ---- globals (winpdb_emit_globals.c) ---- */
/* Symbol records, then the GSI and PSI over them; also fills every method's ref offsets
 * and appends each module's global refs to its stream. */
corsym_status wpe_globals(struct wpe *e, struct corsym_buf *symrec, struct corsym_buf *gsi,
                          struct corsym_buf *psi);

/* A name in a GSI/PSI hash table (the GSI hash is shared with winpdb_emit_native.c). */
struct wpe_gsi_rec {
    uint32_t offset; /* in the symbol-record stream */
    uint32_t bucket;
    const char *name;
    size_t len;
};
/* The hash table over n records (sorted in place into bucket order), appended to out. */
corsym_status wpe_gsi_hash(struct corsym_buf *out, struct wpe_gsi_rec *recs, uint32_t n);

/* ---- DBI (winpdb_emit_dbi.c) ---- */
struct wpe_dbi_streams {
    uint32_t gsi, psi, symrec, section_header, token_map; /* WPE_NONE when absent */
};
corsym_status wpe_dbi_stream(const struct wpe *e, const struct wpe_dbi_streams *s,
                             struct corsym_buf *out);
corsym_status wpe_section_header_stream(const struct wpe *e, struct corsym_buf *out);
/* The token-RID map; *present false (and nothing written) without RemapToken. */
corsym_status wpe_token_map_stream(const struct wpe *e, struct corsym_buf *out, bool *present);
/* TPI and IPI: an empty type stream header. */
corsym_status wpe_type_stream(struct corsym_buf *out);

#endif
