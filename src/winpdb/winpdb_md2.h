/*
 * Managed custom debug info carried in S_OEM records (research/windows-pdb.md
 * §10): the "MD2" blob of Roslyn/diasymreader custom debug info (version 4
 * records) and the "asyncMethodInfo" payload. Both decoders take the OEM
 * payload span and never read outside it.
 */
#ifndef CORSYM_WINPDB_WINPDB_MD2_H
#define CORSYM_WINPDB_WINPDB_MD2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

#define CORSYM_MD2_VERSION 4u

enum corsym_md2_kind {
    CORSYM_MD2_USING_GROUPS = 0,
    CORSYM_MD2_FORWARD_METHOD = 1,
    CORSYM_MD2_FORWARD_MODULE = 2,
    CORSYM_MD2_HOISTED_LOCAL_SCOPES = 3,
    CORSYM_MD2_STATE_MACHINE_TYPE_NAME = 4,
    CORSYM_MD2_DYNAMIC_LOCALS = 5,
    CORSYM_MD2_ENC_LOCAL_SLOT_MAP = 6,
    CORSYM_MD2_ENC_LAMBDA_MAP = 7,
    CORSYM_MD2_TUPLE_ELEMENT_NAMES = 8,
    CORSYM_MD2_ENC_STATE_MACHINE_STATES = 9,
    CORSYM_MD2_KIND_COUNT = 10
};

/* ---- records ---------------------------------------------------------- */
struct corsym_md2_iter {
    struct corsym_cursor cur;
};
struct corsym_md2_record {
    uint8_t version;
    uint8_t kind;
    uint8_t alignment;       /* meaningful for kinds 6..9 only */
    struct corsym_span body; /* without the header, and without alignment padding for 6..9 */
};
/* UNSUPPORTED for a global version other than 4 (Roslyn ignores such
 * blobs), CORRUPT if the 4-byte header is missing. *count is the stored
 * record count, which readers do not rely on. */
corsym_status corsym_md2_begin(struct corsym_md2_iter *it, struct corsym_span blob, uint8_t *count);
/* Records in order while at least a header remains (Roslyn's rule): OK,
 * NOT_FOUND at the end, CORRUPT for a size below 8 or past the blob, or
 * alignment larger than the body. Records of other versions are returned
 * too; decoders below assume version 4. */
corsym_status corsym_md2_next(struct corsym_md2_iter *it, struct corsym_md2_record *out);

/* ---- kind 0: UsingGroups: u16 n; u16 count[n] -------------------------- */
corsym_status corsym_md2_using_groups(struct corsym_span body, uint16_t *n);
corsym_status corsym_md2_using_group_at(struct corsym_span body, uint16_t i, uint16_t *count);

/* ---- kinds 1, 2: a method token ------------------------------------ */
corsym_status corsym_md2_forward(struct corsym_span body, uint32_t *token);

/* ---- kind 3: u32 n; n x {start, end (inclusive)}; {0,0} = unused slot --- */
corsym_status corsym_md2_hoisted_count(struct corsym_span body, uint32_t *n);
corsym_status corsym_md2_hoisted_at(struct corsym_span body, uint32_t i, uint32_t *start,
                                    uint32_t *end_inclusive);

/* ---- kind 4: UTF-16LE state machine type name, NUL-terminated ---------- */
corsym_status corsym_md2_state_machine_type_name(struct corsym_span body,
                                                 struct corsym_span *utf16);

/* ---- kind 5: u32 n; n x {u8 flags[64]; u32 flagCount; u32 slot; u16 name[64]} */
struct corsym_md2_dynamic_local {
    struct corsym_span flags;      /* flag_count bytes (0 or 1 each), at most 64 */
    uint32_t flag_count;
    uint32_t slot;                 /* 0 for constants */
    struct corsym_span name_utf16; /* up to the first NUL */
};
corsym_status corsym_md2_dynamic_count(struct corsym_span body, uint32_t *n);
corsym_status corsym_md2_dynamic_at(struct corsym_span body, uint32_t i,
                                    struct corsym_md2_dynamic_local *out);

/* ---- kind 8: u32 n; n x {u32 k; k x UTF-8 name\0; i32 slot; u32 start; u32 end; name\0} */
struct corsym_md2_tuple_iter {
    struct corsym_cursor cur;
    uint32_t remaining;
};
struct corsym_md2_tuple_local {
    uint32_t element_count;
    struct corsym_span element_names; /* element_count NUL-terminated UTF-8 strings ("" = none) */
    int32_t slot;                     /* -1 for a constant */
    uint32_t scope_start, scope_end;  /* constants only; 0, 0 for variables */
    struct corsym_span name;
};
corsym_status corsym_md2_tuple_begin(struct corsym_md2_tuple_iter *it, struct corsym_span body,
                                     uint32_t *count);
corsym_status corsym_md2_tuple_next(struct corsym_md2_tuple_iter *it,
                                    struct corsym_md2_tuple_local *out);
/* Next NUL-terminated string of element_names (cursor over that span). */
corsym_status corsym_md2_next_cstr(struct corsym_cursor *c, struct corsym_span *out);

/* Kinds 6, 7, 9 are the Portable PDB EnC blobs byte for byte; decode them
 * with the portable/ CDI decoders. */

/* ---- the decoded form: first record of each kind, bodies validated ---- */
struct corsym_md2_info {
    uint8_t stored_count;
    uint32_t record_count;                  /* version-4 records seen */
    bool has[CORSYM_MD2_KIND_COUNT];
    struct corsym_span body[CORSYM_MD2_KIND_COUNT];
    uint32_t forward_method;                /* kind 1 */
    uint32_t forward_module;                /* kind 2 */
    uint32_t unknown_count;                 /* records of kinds >= 10, skipped */
};
/* OK, UNSUPPORTED (global version != 4), CORRUPT (framing, or a known
 * kind whose body does not decode). */
corsym_status corsym_md2_decode(struct corsym_span blob, struct corsym_md2_info *out);

/* ---- asyncMethodInfo ------------------------------------------------- */
struct corsym_async_info {
    uint32_t kickoff_token;
    bool has_catch_handler;
    uint32_t catch_handler_offset; /* valid when has_catch_handler */
    uint32_t step_count;
    struct corsym_span steps;      /* step_count x 12 bytes */
};
struct corsym_async_step {
    uint32_t yield_offset;
    uint32_t breakpoint_method; /* the MoveNext token */
    uint32_t resume_offset;
};
corsym_status corsym_async_info_parse(struct corsym_span data, struct corsym_async_info *out);
corsym_status corsym_async_step_at(const struct corsym_async_info *info, uint32_t i,
                                   struct corsym_async_step *out);

#endif
