/*
 * CodeView symbol records as managed PDBs use them (research/windows-pdb.md
 * §7.1-7.4, §8): framing, and one decoder per record kind. Decoders take
 * the record body (the bytes after the u16 kind) and never read outside it;
 * names are NUL-terminated in the file and returned without the NUL.
 * Unknown kinds are the caller's to skip: the iterator frames every record
 * the same way.
 */
#ifndef CORSYM_WINPDB_WINPDB_CV_H
#define CORSYM_WINPDB_WINPDB_CV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

enum corsym_cv_kind {
    CORSYM_S_END = 0x0006,
    CORSYM_S_OEM = 0x0404,
    CORSYM_S_BLOCK32 = 0x1103,
    CORSYM_S_WITH32 = 0x1104,
    CORSYM_S_PUB32 = 0x110E,
    CORSYM_S_LPROC32 = 0x110F,
    CORSYM_S_GPROC32 = 0x1110,
    CORSYM_S_THUNK32 = 0x1102,
    CORSYM_S_MANSLOT = 0x1120,
    CORSYM_S_UNAMESPACE = 0x1124,
    CORSYM_S_PROCREF = 0x1125,
    CORSYM_S_LPROCREF = 0x1127,
    CORSYM_S_TOKENREF = 0x1129,
    CORSYM_S_GMANPROC = 0x112A,
    CORSYM_S_LMANPROC = 0x112B,
    CORSYM_S_MANCONSTANT = 0x112D,
    CORSYM_S_SEPCODE = 0x1132,
    CORSYM_S_COMPILE3 = 0x113C,
    CORSYM_S_LPROC32_ID = 0x1146,
    CORSYM_S_GPROC32_ID = 0x1147,
    CORSYM_S_INLINESITE = 0x114D,
    CORSYM_S_INLINESITE_END = 0x114E,
    CORSYM_S_PROC_ID_END = 0x114F,
    CORSYM_S_LPROC32_DPC = 0x1155,
    CORSYM_S_LPROC32_DPC_ID = 0x1156,
    CORSYM_S_INLINESITE2 = 0x115D
};

/* Module streams start with this signature (C13 line format). */
#define CORSYM_CV_SIGNATURE_C13 4u

/* The OEM id of managed S_OEM records, as stored (C6EA3FC9-59B3-49D6-BC25-0902BBABB460). */
extern const uint8_t corsym_cv_managed_oem[16];

struct corsym_cv_record {
    uint32_t offset;          /* of the u16 length, in the stream the iterator walks */
    uint16_t kind;
    struct corsym_span body;  /* after the kind, including any padding */
};

/* Walks records in [pos, len) of a span; offsets are span offsets. */
struct corsym_cv_iter {
    struct corsym_cursor cur;
};

/* Start at byte `offset` of `records` (4 to skip a module's signature). */
corsym_status corsym_cv_iter_begin(struct corsym_cv_iter *it, struct corsym_span records,
                                   size_t offset);
/* OK with *out, NOT_FOUND at the end, CORRUPT when a record's length is
 * below 2 or runs past the span. */
corsym_status corsym_cv_next(struct corsym_cv_iter *it, struct corsym_cv_record *out);

/* Kinds that open a scope closed by S_END (or S_INLINESITE_END /
 * S_PROC_ID_END), so walkers can keep nesting without knowing them. */
bool corsym_cv_opens_scope(uint16_t kind);
bool corsym_cv_closes_scope(uint16_t kind);

/* S_GMANPROC / S_LMANPROC */
struct corsym_cv_manproc {
    uint32_t parent, end, next; /* end: offset of the matching S_END */
    uint32_t code_size;         /* IL length */
    uint32_t debug_start, debug_end;
    uint32_t token;             /* MethodDef token as stored (before any RID map) */
    uint32_t offset;            /* virtual address in the invented section */
    uint16_t segment;
    uint8_t flags;
    uint16_t return_reg;
    struct corsym_span name;    /* UTF-8 */
};
corsym_status corsym_cv_manproc_decode(struct corsym_span body, struct corsym_cv_manproc *out);

/* S_BLOCK32 */
struct corsym_cv_block {
    uint32_t parent, end;
    uint32_t code_size;
    uint32_t offset; /* virtual: method offset + IL start */
    uint16_t segment;
    struct corsym_span name;
};
corsym_status corsym_cv_block_decode(struct corsym_span body, struct corsym_cv_block *out);

/* S_MANSLOT */
#define CORSYM_CV_LVAR_ISPARAM 0x0001u /* CV_lvar_attr fIsParam: a parameter slot */
#define CORSYM_CV_LVAR_COMPGEN 0x0004u /* CV_lvar_attr fCompGenx: VAR_IS_COMP_GEN */
struct corsym_cv_manslot {
    uint32_t slot;
    uint32_t type_token;    /* local signature token (0x11xxxxxx) */
    uint32_t attr_offset;
    uint16_t attr_segment;
    uint16_t flags;         /* CV_lvar_attr flags */
    struct corsym_span name;
};
corsym_status corsym_cv_manslot_decode(struct corsym_span body, struct corsym_cv_manslot *out);

/* Numeric leaves (§7.4). */
enum corsym_cv_leaf {
    CORSYM_LF_NUMERIC = 0x8000,
    CORSYM_LF_CHAR = 0x8000,
    CORSYM_LF_SHORT = 0x8001,
    CORSYM_LF_USHORT = 0x8002,
    CORSYM_LF_LONG = 0x8003,
    CORSYM_LF_ULONG = 0x8004,
    CORSYM_LF_REAL32 = 0x8005,
    CORSYM_LF_REAL64 = 0x8006,
    CORSYM_LF_REAL80 = 0x8007,
    CORSYM_LF_REAL128 = 0x8008,
    CORSYM_LF_QUADWORD = 0x8009,
    CORSYM_LF_UQUADWORD = 0x800A,
    CORSYM_LF_VARSTRING = 0x8010,
    CORSYM_LF_OCTWORD = 0x8017,
    CORSYM_LF_UOCTWORD = 0x8018,
    CORSYM_LF_DECIMAL = 0x8019,
    CORSYM_LF_DATE = 0x801A,
    CORSYM_LF_UTF8STRING = 0x801B
};

enum corsym_cv_numeric_kind {
    CORSYM_CV_NUM_SIGNED,   /* u.i: LF_CHAR, LF_SHORT, LF_LONG, LF_QUADWORD */
    CORSYM_CV_NUM_UNSIGNED, /* u.u: direct values, LF_USHORT, LF_ULONG, LF_UQUADWORD */
    CORSYM_CV_NUM_REAL32,   /* u.r4 (bits in u.u) */
    CORSYM_CV_NUM_REAL64,   /* u.r8 (bits in u.u) */
    CORSYM_CV_NUM_DECIMAL,  /* u.decimal */
    CORSYM_CV_NUM_DATE,     /* u.i: DateTime ticks */
    CORSYM_CV_NUM_STRING    /* text: UTF-8 bytes */
};

struct corsym_cv_numeric {
    uint16_t leaf; /* the stored leaf; for a direct value (< 0x8000), the value itself */
    enum corsym_cv_numeric_kind kind;
    union {
        int64_t i;
        uint64_t u;
        float r4;
        double r8;
        struct {
            uint16_t reserved; /* VT_DECIMAL (14) when diasymreader copied the VARIANT */
            uint8_t scale;
            uint8_t sign;      /* 0x80 = negative */
            uint32_t hi32;
            uint64_t lo64;
        } decimal;
    } u;
    struct corsym_span text;
};
/* Decode a leaf at the cursor (which advances). UNSUPPORTED for leaves a
 * managed PDB never holds (80/128-bit reals, octwords, complex). */
corsym_status corsym_cv_numeric_read(struct corsym_cursor *c, struct corsym_cv_numeric *out);

/* S_MANCONSTANT */
struct corsym_cv_manconstant {
    uint32_t type_token; /* StandAloneSig token of the constant's signature */
    struct corsym_cv_numeric value;
    struct corsym_span name;
};
corsym_status corsym_cv_manconstant_decode(struct corsym_span body,
                                           struct corsym_cv_manconstant *out);

/* S_UNAMESPACE: the import string (research §10.3). */
corsym_status corsym_cv_unamespace_decode(struct corsym_span body, struct corsym_span *name);

/* S_OEM */
struct corsym_cv_oem {
    uint8_t guid[16];
    uint32_t type_index;
    struct corsym_span name_utf16; /* UTF-16LE bytes, without the NUL */
    struct corsym_span data;       /* to the end of the record, padding included */
};
corsym_status corsym_cv_oem_decode(struct corsym_span body, struct corsym_cv_oem *out);
bool corsym_cv_oem_is_managed(const struct corsym_cv_oem *oem);
/* Compare the UTF-16 name with an ASCII string. */
bool corsym_cv_oem_name_is(const struct corsym_cv_oem *oem, const char *ascii);

/* S_PROCREF / S_TOKENREF / S_LPROCREF */
struct corsym_cv_refsym {
    uint32_t sum_name;
    uint32_t symbol_offset; /* of the referenced record in its module stream */
    uint16_t module;        /* 1-based */
    struct corsym_span name;
};
corsym_status corsym_cv_refsym_decode(struct corsym_span body, struct corsym_cv_refsym *out);

/* S_PUB32 */
struct corsym_cv_pub32 {
    uint32_t flags;
    uint32_t offset; /* the entry-point token for COM+_Entry_Point */
    uint16_t segment;
    struct corsym_span name;
};
corsym_status corsym_cv_pub32_decode(struct corsym_span body, struct corsym_cv_pub32 *out);

/* S_COMPILE3 */
struct corsym_cv_compile3 {
    uint32_t flags; /* low byte: language (CV_CFL_MSIL = 0x0F) */
    uint16_t machine;
    uint16_t frontend[4]; /* major, minor, build, qfe */
    uint16_t backend[4];
    struct corsym_span version;
};
corsym_status corsym_cv_compile3_decode(struct corsym_span body, struct corsym_cv_compile3 *out);

#endif
