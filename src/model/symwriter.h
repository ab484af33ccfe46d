/* SPDX-License-Identifier: MIT */
/*
 * The writer's symbol model: what the ISymUnmanagedWriter calls said, in memory, in the
 * API's own terms (method tokens, IL offsets, document indexes) and independent of the
 * output format. Every call is validated as it arrives, so a caller learns about a bad
 * argument or a call out of order from the call that made it, not from Close; the
 * emitters (portable/ppdb_emit.h, the Windows PDB one later) then only plan and write.
 *
 * Names arrive as UTF-16 and are kept as UTF-8 (both formats store UTF-8 names); string
 * constants stay UTF-16 because that is what both formats store for them. Everything the
 * model holds is owned by it and lives until corsym_symwriter_free.
 *
 * Results: OK; CORSYM_E_INVALID_ARG for an argument no format can represent (a bad token,
 * an end before its start, an unpaired surrogate in a name); CORSYM_E_STATE for a call
 * that is not valid now (CloseMethod with no open method, anything after close); NOMEM.
 * A failed call leaves the model as it was before the call.
 *
 * Not thread-safe: the COM writer serialises calls.
 */
#ifndef CORSYM_MODEL_SYMWRITER_H
#define CORSYM_MODEL_SYMWRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"
#include "model/intern.h"


#define CORSYM_SW_NONE UINT32_MAX
#define CORSYM_SW_HIDDEN_LINE 0xFEEFEEu
/* Rules of the output format that the model enforces on top of its own: a Portable PDB
 * cannot hold a zero-width sequence point on one line, and keeps lines below 2^29. */
#define CORSYM_SW_RULES_PORTABLE 1u

struct corsym_sw_document {
    char *url; /* UTF-8, NUL-terminated */
    size_t url_len;
    uint8_t language[16], vendor[16], type[16]; /* GUIDs in stored (Windows) byte order */
    bool has_checksum;
    uint8_t checksum_algorithm[16];
    uint8_t *checksum;
    size_t checksum_len;
    bool has_source;
    uint8_t *source; /* as SetSource gave it */
    size_t source_len;
};

struct corsym_sw_point {
    uint32_t offset;
    uint32_t document; /* index into documents */
    uint32_t start_line, start_column, end_line, end_column; /* hidden: lines 0xFEEFEE */
    uint32_t order; /* arrival order, to keep the first of equal offsets */
};

/* A format's encoding of a closed method's sequence points (points in definition order).
 * It appends the bytes to out and says which document they start in and whether they stay
 * in it; CORSYM_E_INVALID_ARG if the format cannot hold them. See
 * corsym_symwriter_set_point_encoder. */
typedef corsym_status (*corsym_sw_point_encoder)(const struct corsym_sw_point *points,
                                                 uint32_t count, struct corsym_buf *out,
                                                 uint32_t *first_document, bool *single_document);

struct corsym_sw_scope {
    uint32_t start, end; /* end exclusive, as given to CloseScope/SetScopeRange */
    uint32_t parent;     /* index in the method's scopes or CORSYM_SW_NONE */
    bool closed;
};

struct corsym_sw_local {
    const char *name;     /* interned (names below), as are sig and the other names */
    uint32_t scope;
    uint32_t attributes;
    uint32_t sig_token;   /* DefineLocalVariable2; 0 for DefineLocalVariable */
    const uint8_t *sig;   /* DefineLocalVariable's signature bytes, else NULL */
    size_t sig_len;
    uint32_t addr_kind, addr1, addr2, addr3;
    uint32_t start, end;  /* as given (0, 0 = the whole scope) */
};

/* DefineParameter: Windows PDBs keep it as a parameter slot of the method (S_MANSLOT with
 * fIsParam, before the scopes); Portable PDBs have no place for it. */
struct corsym_sw_parameter {
    const char *name;
    uint32_t sequence; /* Microsoft's writer stores it in the record's type field */
    uint32_t slot;     /* addr1 */
};

enum corsym_sw_value_kind {
    CORSYM_SW_VALUE_NULL,   /* VT_EMPTY / VT_NULL / a null object reference */
    CORSYM_SW_VALUE_BOOL,   /* u: 0 or 1 */
    CORSYM_SW_VALUE_I1, CORSYM_SW_VALUE_U1, CORSYM_SW_VALUE_I2, CORSYM_SW_VALUE_U2,
    CORSYM_SW_VALUE_I4, CORSYM_SW_VALUE_U4, CORSYM_SW_VALUE_I8, CORSYM_SW_VALUE_U8,
    CORSYM_SW_VALUE_R4,     /* u: the IEEE bits */
    CORSYM_SW_VALUE_R8,     /* u: the IEEE bits */
    CORSYM_SW_VALUE_STRING, /* text */
    CORSYM_SW_VALUE_NULL_STRING, /* a NULL BSTR */
    CORSYM_SW_VALUE_DECIMAL,
    CORSYM_SW_VALUE_DATE    /* i: DateTime ticks (Roslyn's VT_DATE convention) */
};

/* This and corsym_sw_constant are ordered so that nothing pads them (one a constant). */
struct corsym_sw_value {
    enum corsym_sw_value_kind kind;
    uint32_t text_len;
    int64_t i; /* signed kinds, DATE */
    uint64_t u; /* unsigned kinds, BOOL, R4, R8 bits */
    uint16_t *text; /* STRING: UTF-16, owned */
    struct { bool negative; uint8_t scale; uint32_t lo, mid, hi; } decimal;
};

struct corsym_sw_constant {
    const char *name;
    const uint8_t *sig; /* DefineConstant's signature bytes */
    size_t sig_len;
    struct corsym_sw_value value;
    uint32_t scope;
    uint32_t sig_token; /* DefineConstant2 */
};

struct corsym_sw_using {
    const char *name; /* UTF-8, as UsingNamespace gave it (language-encoded or a plain name) */
    uint32_t scope;
};

struct corsym_sw_async_step {
    uint32_t yield_offset, resume_offset, resume_method;
};

/* Fields ordered so that nothing pads them: 50 000 methods are 9 MB of these, written once
 * and read once more at Close. */
struct corsym_sw_method {
    uint32_t token;
    uint32_t first_point_document; /* the document of the first point defined */
    struct corsym_sw_point *points; /* NULL once closed if encoded_points holds them */
    uint32_t point_count, point_cap;
    /* A closed method's points as the writer's point encoder wrote them (in the arena), when
     * it has one and it took them; points is then NULL. */
    const uint8_t *encoded_points;
    uint32_t encoded_points_len;
    uint32_t encoded_first_document;
    struct corsym_sw_scope *scopes;
    uint32_t scope_count, scope_cap;
    struct corsym_sw_local *locals;
    uint32_t local_count, local_cap;
    struct corsym_sw_parameter *parameters;
    uint32_t parameter_count, parameter_cap;
    struct corsym_sw_constant *constants;
    uint32_t constant_count, constant_cap;
    struct corsym_sw_using *usings;
    uint32_t using_count, using_cap;
    struct corsym_sw_async_step *steps;
    uint32_t step_count, step_cap;
    uint32_t local_signature; /* first StandAloneSig token from DefineLocalVariable2, or 0 */
    uint32_t kickoff;
    uint32_t catch_handler;
    uint32_t range_start_document, range_start_line, range_start_column;
    uint32_t range_end_document, range_end_line, range_end_column;
    bool encoded_single_document;
    bool has_kickoff;
    bool has_catch_handler;
    bool has_source_range;
    bool frozen; /* closed: the arrays above live in the writer's arena, sized exactly */
};

struct corsym_sw_attribute {
    uint32_t parent; /* a token; 0 given while a method is open means that method */
    char *name;      /* UTF-8 ("MD2") */
    uint8_t *data;
    size_t len;
};

struct corsym_sw_token_span {
    uint32_t token, document, line, column, end_line, end_column;
};

struct corsym_sw_remap {
    uint32_t old_token, new_token;
};

struct corsym_symwriter {
    struct corsym_sw_document *documents;
    uint32_t document_count, document_cap;
    uint32_t *document_slots;     /* by URL: document index + 1, 0 empty (open addressing) */
    uint32_t document_slot_count; /* a power of two, more than twice document_count; 0 if none */
    /* The methods in OpenMethod order, in chunks of CORSYM_SW_METHOD_CHUNK that never move
     * (corsym_sw_method): one array regrown by doubling copied all of it each time, and those
     * copies were most of a large write's page faults. */
    struct corsym_sw_method **method_chunks;
    uint32_t method_count, method_chunk_count, method_chunk_cap;
    /* Only its arrays and capacities: the working arrays of the last closed method, lent to
     * the next one opened, so that defining a method allocates nothing once they are big
     * enough (heap calls are what a writer running under Wine paid most for). */
    struct corsym_sw_method spare;
    struct corsym_sw_attribute *attributes;
    uint32_t attribute_count, attribute_cap;
    struct corsym_sw_token_span *spans;
    uint32_t span_count, span_cap;
    struct corsym_sw_remap *remaps;
    uint32_t remap_count, remap_cap;
    uint32_t *remap_slots;     /* by old token: remap index + 1, 0 empty (open addressing) */
    uint32_t remap_slot_count; /* a power of two, more than twice remap_count; 0 if none */

    uint32_t entry_point; /* MethodDef token or 0 */
    uint8_t *source_link;
    size_t source_link_len;
    uint8_t *source_server;
    size_t source_server_len;
    struct {
        bool present;
        uint16_t major, minor, build, revision;
        char *name; /* UTF-8 */
    } compiler;

    unsigned rules; /* CORSYM_SW_RULES_* */
    struct corsym_intern names; /* method-level names and signatures, each stored once */
    struct corsym_arena *frozen; /* closed methods' arrays (CloseMethod moves them here) */
    corsym_sw_point_encoder encode_points; /* NULL: closed methods keep their points */
    struct corsym_buf encoded_scratch;     /* encode_points' output, reused */

    /* Call state. */
    uint32_t open_method;  /* index into methods, or CORSYM_SW_NONE */
    uint32_t open_scope;   /* innermost open scope of the open method, or CORSYM_SW_NONE */
    uint32_t namespace_depth;
    bool mapping_spans;
    bool closed;
    uint8_t *opened_rids;     /* bit per MethodDef rid already opened */
    size_t opened_rids_len;   /* bytes */
};

#define CORSYM_SW_METHOD_CHUNK_BITS 12
#define CORSYM_SW_METHOD_CHUNK (1u << CORSYM_SW_METHOD_CHUNK_BITS)

/* The i-th method in OpenMethod order (i < method_count). */
static inline struct corsym_sw_method *corsym_sw_method(const struct corsym_symwriter *w,
                                                       uint32_t i)
{
    return &w->method_chunks[i >> CORSYM_SW_METHOD_CHUNK_BITS][i & (CORSYM_SW_METHOD_CHUNK - 1)];
}

corsym_status corsym_symwriter_new(struct corsym_symwriter **out, unsigned rules);
void corsym_symwriter_free(struct corsym_symwriter *w);
/* From now on CloseMethod keeps each method's sequence points as encode gives them (a
 * Portable PDB's sequence-point records: a few bytes a point instead of a 28-byte struct,
 * encoded while the points are still in cache) instead of the points; a method whose points
 * it refuses keeps its points, and the emitter then reports them. Only for an emitter that
 * reads encoded_points; set before the first OpenMethod. */
void corsym_symwriter_set_point_encoder(struct corsym_symwriter *w, corsym_sw_point_encoder encode);

/* ---- documents: the index returned is what points and spans refer to. A URL defined
 * twice gives the same document (a Portable PDB cannot hold two rows of one name). */
corsym_status corsym_symwriter_define_document(struct corsym_symwriter *w, const uint16_t *url,
                                               size_t url_len, const uint8_t language[16],
                                               const uint8_t vendor[16], const uint8_t type[16],
                                               uint32_t *index);
corsym_status corsym_symwriter_set_checksum(struct corsym_symwriter *w, uint32_t document,
                                            const uint8_t algorithm[16], const uint8_t *data,
                                            size_t len);
corsym_status corsym_symwriter_set_source(struct corsym_symwriter *w, uint32_t document,
                                          const uint8_t *data, size_t len);

/* ---- module-level ---- */
corsym_status corsym_symwriter_set_entry_point(struct corsym_symwriter *w, uint32_t token);
corsym_status corsym_symwriter_set_source_link(struct corsym_symwriter *w, const uint8_t *data,
                                               size_t len);
corsym_status corsym_symwriter_set_source_server(struct corsym_symwriter *w, const uint8_t *data,
                                                 size_t len);
corsym_status corsym_symwriter_set_compiler_info(struct corsym_symwriter *w, uint16_t major,
                                                 uint16_t minor, uint16_t build, uint16_t revision,
                                                 const uint16_t *name, size_t name_len);
corsym_status corsym_symwriter_set_attribute(struct corsym_symwriter *w, uint32_t parent,
                                             const uint16_t *name, size_t name_len,
                                             const uint8_t *data, size_t len);
corsym_status corsym_symwriter_remap_token(struct corsym_symwriter *w, uint32_t old_token,
                                           uint32_t new_token);
corsym_status corsym_symwriter_open_namespace(struct corsym_symwriter *w);
corsym_status corsym_symwriter_close_namespace(struct corsym_symwriter *w);

/* ---- methods ---- */
corsym_status corsym_symwriter_open_method(struct corsym_symwriter *w, uint32_t token);
corsym_status corsym_symwriter_close_method(struct corsym_symwriter *w);
/* The token of the open method, 0 when none is open. */
uint32_t corsym_symwriter_open_method_token(const struct corsym_symwriter *w);
/* Forgets the method closed last, if it has this token (Microsoft's writer drops a method
 * whose metadata it cannot read at CloseMethod); its token stays used. */
void corsym_symwriter_drop_last_method(struct corsym_symwriter *w, uint32_t token);
corsym_status corsym_symwriter_open_scope(struct corsym_symwriter *w, uint32_t start,
                                          uint32_t *scope_id);
corsym_status corsym_symwriter_close_scope(struct corsym_symwriter *w, uint32_t end);
corsym_status corsym_symwriter_set_scope_range(struct corsym_symwriter *w, uint32_t scope_id,
                                               uint32_t start, uint32_t end);
/* sig/sig_len (v1) or sig_token (v2); the other is NULL/0. */
corsym_status corsym_symwriter_define_local(struct corsym_symwriter *w, const uint16_t *name,
                                            size_t name_len, uint32_t attributes,
                                            uint32_t sig_token, const uint8_t *sig, size_t sig_len,
                                            uint32_t addr_kind, uint32_t addr1, uint32_t addr2,
                                            uint32_t addr3, uint32_t start, uint32_t end);
/* Belongs to the open method, whatever scope is open; no method open: invalid argument
 * (Microsoft's answer). attributes, addr_kind, addr2 and addr3 are not kept (Microsoft's
 * writer drops them too). */
corsym_status corsym_symwriter_define_parameter(struct corsym_symwriter *w, const uint16_t *name,
                                                size_t name_len, uint32_t sequence,
                                                uint32_t addr1);
/* The value is copied (its text too). A signature must start well formed (custom modifiers
 * and the type, with valid TypeDefOrRef indices). */
corsym_status corsym_symwriter_define_constant(struct corsym_symwriter *w, const uint16_t *name,
                                               size_t name_len,
                                               const struct corsym_sw_value *value,
                                               uint32_t sig_token, const uint8_t *sig,
                                               size_t sig_len);
corsym_status corsym_symwriter_using_namespace(struct corsym_symwriter *w, const uint16_t *name,
                                               size_t name_len);
/* All points of one call or none: a call with a single bad point adds nothing. */
corsym_status corsym_symwriter_define_sequence_points(struct corsym_symwriter *w,
                                                      uint32_t document, uint32_t count,
                                                      const uint32_t *offsets,
                                                      const uint32_t *lines,
                                                      const uint32_t *columns,
                                                      const uint32_t *end_lines,
                                                      const uint32_t *end_columns);
corsym_status corsym_symwriter_set_method_source_range(struct corsym_symwriter *w,
                                                       uint32_t start_document,
                                                       uint32_t start_line, uint32_t start_column,
                                                       uint32_t end_document, uint32_t end_line,
                                                       uint32_t end_column);
/* Async stepping information of the open method (the MoveNext of a state machine). */
corsym_status corsym_symwriter_set_kickoff(struct corsym_symwriter *w, uint32_t token);
corsym_status corsym_symwriter_set_catch_handler(struct corsym_symwriter *w, uint32_t offset);
corsym_status corsym_symwriter_add_async_steps(struct corsym_symwriter *w, uint32_t count,
                                               const uint32_t *yield_offsets,
                                               const uint32_t *resume_offsets,
                                               const uint32_t *resume_methods);

/* ---- token -> source span map (Writer5) ---- */
corsym_status corsym_symwriter_open_token_map(struct corsym_symwriter *w);
corsym_status corsym_symwriter_close_token_map(struct corsym_symwriter *w);
corsym_status corsym_symwriter_map_token(struct corsym_symwriter *w, uint32_t token,
                                         uint32_t document, uint32_t line, uint32_t column,
                                         uint32_t end_line, uint32_t end_column);

/* ---- the end ---- */
/* STATE while a method, namespace or token map is still open, or when already closed. */
corsym_status corsym_symwriter_check_complete(const struct corsym_symwriter *w);
/* After this every mutating call answers STATE. */
void corsym_symwriter_seal(struct corsym_symwriter *w);

/* ---- for emitters ---- */
/* The token after RemapToken (the last remap of a token wins; remaps do not chain). */
uint32_t corsym_symwriter_remapped(const struct corsym_symwriter *w, uint32_t token);
/* Index of the method with this token (after remapping), or CORSYM_SW_NONE. */
uint32_t corsym_symwriter_find_method(const struct corsym_symwriter *w, uint32_t token);

#endif
