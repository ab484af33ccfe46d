/*
 * CustomDebugInformation kinds and their payload decoders
 * (PortablePdb-Metadata.md "Language Specific Custom Debug Information"
 * and Roslyn's EnC records). Decoders take the value span and never read
 * outside it; iterators return OK per item, NOT_FOUND at the end, CORRUPT
 * on malformed data.
 */
#ifndef CORSYM_PORTABLE_PPDB_CDI_H
#define CORSYM_PORTABLE_PPDB_CDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/cursor.h"
#include "base/status.h"

enum corsym_cdi_kind {
    CORSYM_CDI_UNKNOWN = 0,
    CORSYM_CDI_ASYNC_METHOD_STEPPING,
    CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES,
    CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES,
    CORSYM_CDI_TUPLE_ELEMENT_NAMES,
    CORSYM_CDI_DEFAULT_NAMESPACE,
    CORSYM_CDI_ENC_LOCAL_SLOT_MAP,
    CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP,
    CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP,
    CORSYM_CDI_EMBEDDED_SOURCE,
    CORSYM_CDI_SOURCE_LINK,
    CORSYM_CDI_COMPILATION_OPTIONS,
    CORSYM_CDI_COMPILATION_METADATA_REFERENCES,
    CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS,
    CORSYM_CDI_PRIMARY_CONSTRUCTOR_INFORMATION,
    CORSYM_CDI_KIND_COUNT
};

/* The kind GUID in its stored byte order (Data1-3 little endian). */
const uint8_t *corsym_cdi_kind_guid(enum corsym_cdi_kind kind);
enum corsym_cdi_kind corsym_cdi_kind_from_guid(const uint8_t guid[16]);
/* Short English name ("SourceLink"), "-" for UNKNOWN. */
const char *corsym_cdi_kind_name(enum corsym_cdi_kind kind);

/* ---- AsyncMethodSteppingInformation --------------------------------- */
struct corsym_cdi_async_iter {
    struct corsym_cursor cur;
};
struct corsym_cdi_await {
    uint32_t yield_offset;
    uint32_t resume_offset;
    uint32_t resume_method; /* MethodDef rid, raw (not range-checked) */
};
/* has_catch false when the stored value is 0; otherwise *catch_offset is
 * the stored value minus one. */
corsym_status corsym_cdi_async_begin(struct corsym_cdi_async_iter *it, struct corsym_span value,
                                     bool *has_catch, uint32_t *catch_offset);
corsym_status corsym_cdi_async_next(struct corsym_cdi_async_iter *it, struct corsym_cdi_await *out);

/* ---- StateMachineHoistedLocalScopes ---------------------------------- */
/* A (start, length) pair per hoisted slot; (0, 0) marks an unused slot. */
struct corsym_cdi_hoisted_scope {
    uint32_t start_offset;
    uint32_t length;
};
corsym_status corsym_cdi_hoisted_count(struct corsym_span value, size_t *count);
corsym_status corsym_cdi_hoisted_get(struct corsym_span value, size_t index,
                                     struct corsym_cdi_hoisted_scope *out);

/* ---- DynamicLocalVariables: bit i = flag of the i-th type in the local's
 * signature, LSB first; bits beyond the blob are 0. */
bool corsym_cdi_dynamic_flag(struct corsym_span value, size_t index);

/* ---- TupleElementNames: NUL-terminated UTF-8 names; "" = unnamed ------ */
struct corsym_cdi_strings_iter {
    struct corsym_cursor cur;
};
void corsym_cdi_tuple_names_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value);
corsym_status corsym_cdi_tuple_names_next(struct corsym_cdi_strings_iter *it, struct corsym_span *name);

/* ---- CompilationOptions: NUL-terminated (name, value) pairs ---------- */
void corsym_cdi_options_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value);
corsym_status corsym_cdi_options_next(struct corsym_cdi_strings_iter *it, struct corsym_span *name,
                                      struct corsym_span *val);

/* ---- CompilationMetadataReferences ------------------------------------ */
struct corsym_cdi_metadata_reference {
    struct corsym_span file_name; /* UTF-8 */
    struct corsym_span aliases;   /* UTF-8, comma separated */
    uint8_t flags;  /* spec: bit 0 embed interop types, bit 1 assembly (older Roslyn swapped) */
    uint32_t timestamp;
    uint32_t image_size;
    uint8_t mvid[16];
};
void corsym_cdi_references_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value);
corsym_status corsym_cdi_references_next(struct corsym_cdi_strings_iter *it,
                                         struct corsym_cdi_metadata_reference *out);

/* ---- TypeDefinitionDocuments: compressed Document rids (raw) ---------- */
void corsym_cdi_type_documents_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value);
corsym_status corsym_cdi_type_documents_next(struct corsym_cdi_strings_iter *it, uint32_t *document);

/* ---- EmbeddedSource --------------------------------------------------- */
/* format 0: content is the text itself; format > 0: content is raw deflate
 * of exactly `format` bytes; format < 0: reserved (UNSUPPORTED). */
corsym_status corsym_cdi_embedded_source_parse(struct corsym_span value, int32_t *format,
                                               struct corsym_span *content);
/* Append the source text (inflated if needed) to out. Refuses declared sizes
 * that deflate could not produce from the content (CORRUPT). */
corsym_status corsym_cdi_embedded_source_decode(struct corsym_span value, struct corsym_buf *out);
/* Size of the decoded text without inflating. */
corsym_status corsym_cdi_embedded_source_size(struct corsym_span value, size_t *size);

/* SourceLink and DefaultNamespace are raw UTF-8: use the value span. */

/* ---- EncLocalSlotMap --------------------------------------------------- */
struct corsym_cdi_slot {
    bool has_info;       /* false for a short-lived temp (stored byte 0) */
    uint8_t kind;        /* SynthesizedLocalKind (stored value minus 1) */
    int32_t syntax_offset;
    bool has_ordinal;
    uint32_t ordinal;
};
struct corsym_cdi_slots_iter {
    struct corsym_cursor cur;
    int32_t baseline;
};
void corsym_cdi_slots_begin(struct corsym_cdi_slots_iter *it, struct corsym_span value);
corsym_status corsym_cdi_slots_next(struct corsym_cdi_slots_iter *it, struct corsym_cdi_slot *out);

/* ---- EncLambdaAndClosureMap ------------------------------------------ */
struct corsym_cdi_lambda_map {
    int32_t method_ordinal; /* -1 = undefined */
    int32_t syntax_offset_baseline;
    uint32_t closure_count;
    struct corsym_cursor cur; /* positioned at the closures */
    uint32_t closures_read;
};
struct corsym_cdi_lambda {
    int32_t syntax_offset;
    int32_t closure_ordinal; /* -2 = "this" only, -1 = static, >= 0 closure index */
};
corsym_status corsym_cdi_lambda_map_begin(struct corsym_cdi_lambda_map *m, struct corsym_span value);
/* Closures first (syntax offsets), then lambdas. */
corsym_status corsym_cdi_lambda_map_next_closure(struct corsym_cdi_lambda_map *m, int32_t *syntax_offset);
corsym_status corsym_cdi_lambda_map_next_lambda(struct corsym_cdi_lambda_map *m, struct corsym_cdi_lambda *out);

/* ---- EncStateMachineStateMap ----------------------------------------- */
struct corsym_cdi_states_iter {
    struct corsym_cursor cur;
    uint32_t remaining;
    int32_t baseline;
    int32_t last_offset;
    bool any;
};
struct corsym_cdi_state {
    int32_t state_number;
    int32_t syntax_offset;
};
corsym_status corsym_cdi_states_begin(struct corsym_cdi_states_iter *it, struct corsym_span value,
                                      uint32_t *count);
corsym_status corsym_cdi_states_next(struct corsym_cdi_states_iter *it, struct corsym_cdi_state *out);

#endif
