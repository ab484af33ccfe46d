/*
 * Decoders of Portable PDB blobs that need no heap access: sequence points
 * and local constant signatures. Each works on a span and never reads
 * outside it.
 */
#ifndef CORSYM_PORTABLE_PPDB_BLOBS_H
#define CORSYM_PORTABLE_PPDB_BLOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

/* ---- sequence points ------------------------------------------------- */

#define CORSYM_PPDB_HIDDEN_LINE 0xFEEFEEu
#define CORSYM_PPDB_MAX_IL_OFFSET 0x1FFFFFFFu
#define CORSYM_PPDB_MAX_LINE 0x1FFFFFFFu

struct corsym_ppdb_seqpt {
    uint32_t il_offset;
    uint32_t document; /* Document rid */
    uint32_t start_line, end_line;     /* 0xFEEFEE for hidden points */
    uint16_t start_column, end_column; /* 0 for hidden points */
    bool hidden;
};

struct corsym_ppdb_seqpt_iter {
    struct corsym_cursor cur;
    uint32_t local_signature; /* StandAloneSig rid from the header, 0 if none;
                               * raw (may already be a full 0x11xxxxxx token) */
    uint32_t document;        /* current document rid */
    uint32_t max_document;    /* reject rids above this; 0 = don't check */
    uint32_t il_offset;
    uint32_t prev_start_line;
    uint32_t prev_start_column;
    bool first;          /* no record read yet */
    bool have_non_hidden;
};

/*
 * Start decoding a sequence-point blob. mdi_document is the Document column
 * of the MethodDebugInformation row (0 = the blob names its initial
 * document). max_document bounds document rids (pass the Document row
 * count; 0 disables the check). Reads the header: CORRUPT if malformed.
 */
corsym_status corsym_ppdb_seqpts_begin(struct corsym_ppdb_seqpt_iter *it, struct corsym_span blob,
                                       uint32_t mdi_document, uint32_t max_document);

/* Only the header: the StandAloneSig rid (0 if none). Some writers store
 * the full token; use 0x11000000 | *rid as the token. */
corsym_status corsym_ppdb_seqpts_local_signature(struct corsym_span blob, uint32_t *rid);

/* Next point: OK, NOT_FOUND at the end, CORRUPT on a rule violation.
 * Document records are consumed silently (they change out->document). */
corsym_status corsym_ppdb_seqpts_next(struct corsym_ppdb_seqpt_iter *it,
                                      struct corsym_ppdb_seqpt *out);

/* ---- local constant signatures ----------------------------------------- */

/* ELEMENT_TYPE_* codes that may appear in a LocalConstantSig. */
enum {
    CORSYM_ET_BOOLEAN = 0x02,
    CORSYM_ET_CHAR = 0x03,
    CORSYM_ET_I1 = 0x04,
    CORSYM_ET_U1 = 0x05,
    CORSYM_ET_I2 = 0x06,
    CORSYM_ET_U2 = 0x07,
    CORSYM_ET_I4 = 0x08,
    CORSYM_ET_U4 = 0x09,
    CORSYM_ET_I8 = 0x0A,
    CORSYM_ET_U8 = 0x0B,
    CORSYM_ET_R4 = 0x0C,
    CORSYM_ET_R8 = 0x0D,
    CORSYM_ET_STRING = 0x0E,
    CORSYM_ET_VALUETYPE = 0x11,
    CORSYM_ET_CLASS = 0x12,
    CORSYM_ET_OBJECT = 0x1C,
    CORSYM_ET_CMOD_REQD = 0x1F,
    CORSYM_ET_CMOD_OPT = 0x20
};

enum corsym_ppdb_constant_kind {
    CORSYM_CONST_PRIMITIVE, /* type_code BOOLEAN..R8; value = 1..8 LE bytes */
    CORSYM_CONST_ENUM,      /* as PRIMITIVE (integral only) plus type_token */
    CORSYM_CONST_STRING,    /* value = UTF-16LE bytes (possibly empty) */
    CORSYM_CONST_NULL_STRING, /* STRING encoded as the single byte 0xFF */
    CORSYM_CONST_OBJECT,    /* OBJECT: a null reference */
    /* CLASS or VALUETYPE with type_token; value empty (null/default) or the
     * raw bytes of a Decimal (13) or DateTime (8). Only the type's name
     * (System.Decimal / System.DateTime, from the PE) tells which. */
    CORSYM_CONST_GENERAL
};

struct corsym_ppdb_constant {
    enum corsym_ppdb_constant_kind kind;
    uint8_t type_code;      /* ELEMENT_TYPE_* after the custom modifiers */
    uint32_t type_token;    /* enum / CLASS / VALUETYPE type; 0 otherwise */
    struct corsym_span custom_modifiers; /* raw leading CustomMod bytes */
    unsigned modifier_count;
    struct corsym_span value;
    uint64_t bits; /* PRIMITIVE/ENUM: the value zero-extended to 64 bits */
};

/*
 * Decode a LocalConstantSig (PortablePdb-Metadata.md "LocalConstantSig").
 * CORRUPT for anything outside the grammar, including trailing bytes,
 * an odd-length string, an enum over R4/R8/STRING, or bad coded indices.
 */
corsym_status corsym_ppdb_constant_decode(struct corsym_span sig, struct corsym_ppdb_constant *out);

/* Walk the custom modifiers of a decoded constant: OK, NOT_FOUND at end. */
struct corsym_ppdb_cmod_iter {
    struct corsym_cursor cur;
};
void corsym_ppdb_cmods_begin(struct corsym_ppdb_cmod_iter *it, const struct corsym_ppdb_constant *c);
corsym_status corsym_ppdb_cmods_next(struct corsym_ppdb_cmod_iter *it, bool *required,
                                     uint32_t *type_token);

/* Sign-extended value of a signed primitive (I1, I2, I4, I8); other codes
 * return bits unchanged. */
int64_t corsym_ppdb_constant_signed(const struct corsym_ppdb_constant *c);

/* System.Decimal as stored: sign/scale byte then low, mid, high words. */
struct corsym_decimal {
    bool negative;
    uint8_t scale; /* 0..28 for a valid decimal; not checked here */
    uint32_t lo, mid, hi;
};
/* CORRUPT unless value is exactly 13 bytes. */
corsym_status corsym_ppdb_constant_decimal(const struct corsym_ppdb_constant *c,
                                           struct corsym_decimal *out);
/* DateTime ticks; CORRUPT unless value is exactly 8 bytes. */
corsym_status corsym_ppdb_constant_datetime(const struct corsym_ppdb_constant *c, int64_t *ticks);

#endif
