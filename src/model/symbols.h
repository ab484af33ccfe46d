/* SPDX-License-Identifier: MIT */
/*
 * The symbol source: one format-neutral view of a PDB, implemented by the Portable PDB
 * reader (portable/source.c) and the Windows PDB reader (winpdb/source.c), consumed by the
 * COM reader objects. It speaks in the API's own terms (method tokens, IL offsets, UTF-16
 * names, GUID bytes, document indexes) so that the COM layer holds no format knowledge.
 *
 * Lifetime and threads: a source is immutable once opened, except for the lazily built
 * indexes it keeps internally (built once, published atomically), so several threads may
 * call it at once. Method data is materialised per call into an owned corsym_method that
 * the caller frees: a COM method object keeps it for as long as it lives.
 *
 * GUIDs are 16 bytes in the Windows in-memory layout (Data1..3 little endian), which is
 * also how both formats store them, so they can be copied into a GUID as they are.
 */
#ifndef CORSYM_MODEL_SYMBOLS_H
#define CORSYM_MODEL_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum corsym_format { CORSYM_FORMAT_PORTABLE = 1, CORSYM_FORMAT_WINDOWS = 2 };

#define CORSYM_NONE UINT32_MAX
#define CORSYM_HIDDEN_LINE 0xFEEFEEu

/* A UTF-16 string, not NUL-terminated; chars owned by whoever owns the record. */
struct corsym_wstr {
    const uint16_t *chars;
    uint32_t length;
};

struct corsym_bytes {
    const uint8_t *data;
    size_t size;
};

struct corsym_document {
    struct corsym_wstr url;
    uint8_t language[16];
    uint8_t language_vendor[16];
    uint8_t document_type[16];
    uint8_t checksum_algorithm[16]; /* all zero: no checksum */
    struct corsym_bytes checksum;
    bool has_embedded_source;
    bool no_source_record; /* Windows PDBs: no /src/files record at all (native files) */
    uint32_t version; /* EnC generation whose row this is; 0 (never set) means 1 */
};

struct corsym_sequence_point {
    uint32_t offset;
    uint32_t document; /* index into the source's documents */
    uint32_t start_line, start_column, end_line, end_column; /* hidden: CORSYM_HIDDEN_LINE */
};

struct corsym_local {
    struct corsym_wstr name;
    uint32_t attributes;  /* CorSymVarFlag */
    uint32_t address_kind; /* CorSymAddrKind; ADDR_IL_OFFSET (1) for managed slots */
    uint32_t address1;     /* the IL slot for ADDR_IL_OFFSET */
    uint32_t address2, address3;
    uint32_t start_offset, end_offset;
    bool has_range;        /* start/end known (Windows PDBs); Portable PDBs have none */
    uint32_t signature_token; /* Windows PDBs: this variable's own StandAloneSig (a FIELD
                               * signature); 0: slice the method's local signature */
};

enum corsym_value_kind {
    CORSYM_VALUE_I2, CORSYM_VALUE_U2, CORSYM_VALUE_I4, CORSYM_VALUE_U4, CORSYM_VALUE_I8,
    CORSYM_VALUE_U8, CORSYM_VALUE_I1, CORSYM_VALUE_U1, CORSYM_VALUE_R4, CORSYM_VALUE_R8,
    CORSYM_VALUE_STRING,   /* u.text */
    CORSYM_VALUE_DECIMAL,  /* u.decimal */
    CORSYM_VALUE_DATE,     /* u.i: ticks; the VARIANT carries their bits as a double */
    CORSYM_VALUE_BOOL,     /* u.i: 0 or 1 */
};

struct corsym_value {
    enum corsym_value_kind kind;
    union {
        int64_t i;
        uint64_t u;
        float r4;
        double r8;
        struct corsym_wstr text;
        struct { bool negative; uint8_t scale; uint32_t hi, mid, lo; } decimal;
    } u;
};

struct corsym_constant {
    struct corsym_wstr name;
    struct corsym_value value;
    struct corsym_bytes signature; /* what ISymUnmanagedConstant::GetSignature returns... */
    uint32_t signature_token;      /* ...or, when empty, this StandAloneSig of the module */
};

/* Scopes are stored in pre-order; scopes[0] is the root the API's GetRootScope returns. */
struct corsym_scope {
    uint32_t start_offset, end_offset; /* as the API reports them */
    uint32_t parent;                   /* index or CORSYM_NONE */
    uint32_t first_child, next_sibling;
    uint32_t locals_first, locals_count;
    uint32_t constants_first, constants_count;
    uint32_t namespaces_first, namespaces_count;
};

struct corsym_await {
    uint32_t yield_offset;
    uint32_t resume_offset;
    uint32_t resume_method; /* token */
};

struct corsym_method {
    uint32_t token;
    struct corsym_sequence_point *points;
    uint32_t point_count;
    struct corsym_scope *scopes;
    uint32_t scope_count;
    struct corsym_local *locals;
    uint32_t local_count;
    struct corsym_constant *constants;
    uint32_t constant_count;
    struct corsym_wstr *namespaces; /* used namespaces of scopes, as the API names them */
    uint32_t namespace_count;
    uint32_t local_signature_token; /* StandAloneSig token or 0 */
    bool is_async;
    uint32_t kickoff_method;
    bool has_catch_handler;
    uint32_t catch_handler_offset;
    struct corsym_await *async_steps;
    uint32_t async_step_count;
    uint32_t il_size_hint; /* end of the method's outermost scope, 0 if unknown */
    uint32_t version;      /* EnC generation of this body; 0 (never set) means 1 */
    void *arena;           /* owns everything above; freed by corsym_method_free */
};

void corsym_method_free(struct corsym_method *method);

/* ---- Edit and Continue ----
 * Versions number generations: 1 is the PDB that was opened, 2.. the deltas added after it
 * (Microsoft.DiaSymReader.PortablePdb numbers them the same way). */

/* SYMLINEDELTA: every visible sequence point of a method moves by `delta` lines. */
struct corsym_line_delta {
    uint32_t token;
    int32_t delta;
};

/* The line deltas in force for a method, whatever its version: visible point i moves by
 * all + (i < count ? each[i] : 0) lines, in wrapping 32-bit arithmetic; hidden points stay. */
struct corsym_line_deltas {
    int32_t all;
    const int32_t *each;
    uint32_t count;
};

static inline int32_t corsym_line_deltas_at(const struct corsym_line_deltas *d, uint32_t point)
{
    uint32_t sum = (uint32_t)d->all + (point < d->count ? (uint32_t)d->each[point] : 0u);
    return (int32_t)sum;
}

/* The lines one version of a method covers in one document (its visible points there, line
 * deltas applied). first_line > last_line when the method's body is in the document but all
 * its points are hidden: it is listed but contains no line. */
struct corsym_method_extent {
    uint32_t token;
    uint32_t version;
    int32_t first_line, last_line;
};

struct corsym_symbols;

struct corsym_symbols_ops {
    void (*destroy)(struct corsym_symbols *symbols);
    /* Document i (0-based) of document_count; the record lives as long as the source. */
    corsym_status (*document)(struct corsym_symbols *symbols, uint32_t index,
                              const struct corsym_document **out);
    /* Embedded source of a document, as the API returns it; NOT_FOUND if none.
     * The bytes live as long as the source. */
    corsym_status (*embedded_source)(struct corsym_symbols *symbols, uint32_t document,
                                     struct corsym_bytes *out);
    /* Everything about one method; NOT_FOUND when the PDB has nothing for it. */
    corsym_status (*method)(struct corsym_symbols *symbols, uint32_t token,
                            struct corsym_method **out);
    /* Tokens of the methods with sequence points in a document, ascending; owned by the
     * source (built once, lazily). */
    corsym_status (*methods_in_document)(struct corsym_symbols *symbols, uint32_t document,
                                         const uint32_t **tokens, uint32_t *count);
    /* Raw custom attribute data by name ("MD2" for Windows PDBs); NOT_FOUND if the method
     * has no such attribute, CORSYM_E_INVALID_ARG if the PDB has nothing for the token. */
    corsym_status (*sym_attribute)(struct corsym_symbols *symbols, uint32_t token,
                                   const uint16_t *name, struct corsym_bytes *out);

    /* ---- Edit and Continue. A source stays immutable: an update answers a new source
     * (a snapshot) that shares what did not change with this one; both stay valid and may
     * be destroyed in either order. Formats without deltas answer CORSYM_E_UNSUPPORTED to
     * the two updates. ---- */
    /* One version of a method: INVALID_ARG for a version out of 1..version_count or a token
     * that is no MethodDef, NOT_FOUND when that generation has no sequence points for it. */
    corsym_status (*method_version)(struct corsym_symbols *symbols, uint32_t token,
                                    uint32_t version, struct corsym_method **out);
    /* The methods of a document as line extents, ascending by token; an owned array the
     * caller frees with free() (NULL when empty). Versions are those whose sequence points
     * made each extent, which after an update need not be a method's latest. */
    corsym_status (*document_extents)(struct corsym_symbols *symbols, uint32_t document,
                                      struct corsym_method_extent **out, uint32_t *count);
    /* Line deltas of a method; NOT_FOUND when none. They live as long as the source. */
    corsym_status (*line_deltas)(struct corsym_symbols *symbols, uint32_t token,
                                 struct corsym_line_deltas *out);
    /* This source plus a delta generation (bytes as for corsym_symbols_open, freed on
     * failure when owned) and whole-method line deltas (UpdateSymbolStore2). */
    corsym_status (*update)(struct corsym_symbols *symbols, const uint8_t *data, size_t size,
                            bool owned, const struct corsym_line_delta *deltas, uint32_t count,
                            struct corsym_symbols **out);
    /* This source with per-point line deltas added to the latest version of a method
     * (UpdateMethodLines): NOT_FOUND when it has no sequence points, INVALID_ARG when
     * `count` is not its number of sequence points. */
    corsym_status (*update_method_lines)(struct corsym_symbols *symbols, uint32_t token,
                                         const int32_t *deltas, uint32_t count,
                                         struct corsym_symbols **out);
    /* Optional (NULL: the API layer searches the methods' sequence points). The nearest
     * line at or after `line` that a line record of the document starts on, native code's
     * included (Windows PDBs of C++/CLI images); NOT_FOUND when there is none. */
    corsym_status (*closest_line)(struct corsym_symbols *symbols, uint32_t document,
                                  uint32_t line, uint32_t *out);
};

struct corsym_symbols {
    const struct corsym_symbols_ops *ops;
    enum corsym_format format;
    uint8_t guid[16];
    uint32_t stamp;      /* Portable: the id's last 4 bytes; Windows: the info stream's */
    uint32_t age;        /* Portable: 1 */
    uint32_t entry_point; /* MethodDef token or 0 */
    uint32_t document_count;
    bool is_visual_basic; /* VB scope ends are reported inclusive */
    struct corsym_bytes portable_metadata; /* Portable only: the latest generation's image */
    uint32_t version_count;                /* EnC generations, 1 until an update */
    bool edited;                           /* Windows: updates or line deltas were applied
                                            * (Microsoft's DLL then answers positions
                                            * from another index) */
    const struct corsym_bytes *generations; /* Portable only: [v - 1] is version v's image */
    struct corsym_bytes source_server;     /* ISymUnmanagedSourceServerModule's answer:
                                            * srcsrv text (Windows), Source Link (portable) */
    struct corsym_bytes source_link;       /* Source Link JSON, both formats: what
                                            * ISymUnmanagedReader4::GetSourceServerData gives */
    struct {
        bool present;
        uint16_t major, minor, build, revision;
        struct corsym_wstr name;
    } compiler;
};

static inline void corsym_symbols_destroy(struct corsym_symbols *symbols)
{
    if (symbols)
        symbols->ops->destroy(symbols);
}

/* Opens whichever format the bytes hold (Portable PDB, "MPDB" embedded blob, or MSF).
 * The bytes must outlive the source unless `owned` is set, in which case the source frees
 * them with free() when destroyed. */
corsym_status corsym_symbols_open(const uint8_t *data, size_t size, bool owned,
                                  struct corsym_symbols **out);

#endif
