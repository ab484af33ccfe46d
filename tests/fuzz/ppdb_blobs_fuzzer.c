/*
 * libFuzzer target: the Portable PDB blob decoders on their own, without a
 * PDB around them. The `portable` target reaches them only through valid
 * metadata, so most of its mutations never get past the table layout; here
 * every input is one blob.
 *
 * Input: a selector byte, then the blob. selector % 6 picks the decoder:
 *   0  sequence points. Next byte: bit 0 set = the MethodDebugInformation
 *      row names no document (the blob does); bits 1.. = max_document
 *      (0 = unchecked). The rest is the blob.
 *   1  LocalConstantSig. The rest is the blob.
 *   2  LocalVarSig (StandAloneSig): every slot is sliced out. The rest.
 *   3  imports blob,  4  document name blob. These read the #Blob heap, so:
 *      u16le n, n bytes of blob, and the rest of the input is the #Blob heap.
 *   5  CustomDebugInformation value. Next byte % CORSYM_CDI_KIND_COUNT = kind;
 *      the rest is the value.
 * Seeds (corpora/ppdb_blobs) come from real PDBs via fuzz_extract_seeds.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model/local_signature.h"
#include "portable/ppdb_private.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { SEL_SEQPTS, SEL_CONSTANT, SEL_LOCALS, SEL_IMPORTS, SEL_DOCNAME, SEL_CDI, SEL_COUNT };

/* Real local signatures have a few hundred slots at most; slicing is linear per slot. */
#define MAX_SLOTS 512u

static void seqpts(uint8_t flags, struct corsym_span blob)
{
    struct corsym_ppdb_seqpt_iter it;
    struct corsym_ppdb_seqpt p;
    uint32_t rid;
    (void)corsym_ppdb_seqpts_local_signature(blob, &rid);
    uint32_t max_document = flags >> 1;
    if (corsym_ppdb_seqpts_begin(&it, blob, (flags & 1) ? 0 : 1, max_document) != CORSYM_OK)
        return;
    /* What the decoder promises its callers (the document index, the COM layer). */
    bool first = true;
    uint32_t prev_il = 0;
    while (corsym_ppdb_seqpts_next(&it, &p) == CORSYM_OK) {
        if (!first && p.il_offset <= prev_il)
            __builtin_trap(); /* IL offsets strictly increase */
        if (p.il_offset > INT32_MAX || p.document == 0 ||
            (max_document && p.document > max_document))
            __builtin_trap();
        if (p.hidden ? (p.start_line != CORSYM_PPDB_HIDDEN_LINE || p.start_column != 0)
                     : (p.start_line > CORSYM_PPDB_MAX_LINE || p.end_line < p.start_line ||
                        p.start_line == CORSYM_PPDB_HIDDEN_LINE ||
                        p.end_line == CORSYM_PPDB_HIDDEN_LINE ||
                        (p.end_line == p.start_line && p.end_column < p.start_column)))
            __builtin_trap();
        first = false;
        prev_il = p.il_offset;
    }
}

static void constant(struct corsym_span blob)
{
    struct corsym_ppdb_constant c;
    if (corsym_ppdb_constant_decode(blob, &c) != CORSYM_OK)
        return;
    struct corsym_ppdb_cmod_iter it;
    bool required;
    uint32_t token;
    corsym_ppdb_cmods_begin(&it, &c);
    while (corsym_ppdb_cmods_next(&it, &required, &token) == CORSYM_OK)
        ;
    volatile int64_t v = corsym_ppdb_constant_signed(&c);
    (void)v;
    struct corsym_decimal d;
    int64_t ticks;
    (void)corsym_ppdb_constant_decimal(&c, &d);
    (void)corsym_ppdb_constant_datetime(&c, &ticks);
}

static void locals(struct corsym_span blob)
{
    for (uint32_t slot = 0; slot < MAX_SLOTS; slot++) {
        const uint8_t *slice;
        size_t n;
        if (corsym_local_signature_slot(blob.data, blob.len, slot, &slice, &n) != CORSYM_OK)
            break;
        /* The slice must lie inside the signature. */
        if (n && (slice < blob.data || slice + n > blob.data + blob.len))
            __builtin_trap();
    }
}

static void imports(const struct corsym_ppdb *pdb, struct corsym_span blob)
{
    struct corsym_ppdb_imports_iter it;
    struct corsym_ppdb_import imp;
    corsym_ppdb_imports_begin(&it, pdb, blob);
    while (corsym_ppdb_imports_next(&it, &imp) == CORSYM_OK)
        ;
}

static void docname(const struct corsym_ppdb *pdb, struct corsym_span blob)
{
    struct corsym_buf out;
    corsym_buf_init(&out);
    (void)corsym_ppdb_decode_document_name(pdb, blob, &out);
    corsym_buf_free(&out);
}

static void cdi(enum corsym_cdi_kind kind, struct corsym_span v)
{
    (void)corsym_cdi_kind_name(kind);
    (void)corsym_cdi_kind_from_guid(corsym_cdi_kind_guid(kind));
    switch (kind) {
    case CORSYM_CDI_ASYNC_METHOD_STEPPING: {
        struct corsym_cdi_async_iter it;
        struct corsym_cdi_await a;
        bool has_catch;
        uint32_t off;
        if (corsym_cdi_async_begin(&it, v, &has_catch, &off) == CORSYM_OK)
            while (corsym_cdi_async_next(&it, &a) == CORSYM_OK)
                ;
        break;
    }
    case CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES: {
        size_t n;
        struct corsym_cdi_hoisted_scope s;
        if (corsym_cdi_hoisted_count(v, &n) == CORSYM_OK)
            for (size_t i = 0; i <= n; i++) /* one past the end: NOT_FOUND */
                (void)corsym_cdi_hoisted_get(v, i, &s);
        break;
    }
    case CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES: {
        /* Every stored bit and a few past the end (which read as 0). */
        size_t bits = v.len < 4096 ? v.len * 8 + 9 : 4096 * 8;
        for (size_t i = 0; i < bits; i++)
            (void)corsym_cdi_dynamic_flag(v, i);
        break;
    }
    case CORSYM_CDI_TUPLE_ELEMENT_NAMES: {
        struct corsym_cdi_strings_iter it;
        struct corsym_span s;
        corsym_cdi_tuple_names_begin(&it, v);
        while (corsym_cdi_tuple_names_next(&it, &s) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_COMPILATION_OPTIONS: {
        struct corsym_cdi_strings_iter it;
        struct corsym_span name, val;
        corsym_cdi_options_begin(&it, v);
        while (corsym_cdi_options_next(&it, &name, &val) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_COMPILATION_METADATA_REFERENCES: {
        struct corsym_cdi_strings_iter it;
        struct corsym_cdi_metadata_reference r;
        corsym_cdi_references_begin(&it, v);
        while (corsym_cdi_references_next(&it, &r) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS: {
        struct corsym_cdi_strings_iter it;
        uint32_t doc;
        corsym_cdi_type_documents_begin(&it, v);
        while (corsym_cdi_type_documents_next(&it, &doc) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_EMBEDDED_SOURCE: {
        size_t n;
        struct corsym_buf out;
        corsym_buf_init(&out);
        if (corsym_cdi_embedded_source_size(v, &n) == CORSYM_OK &&
            corsym_cdi_embedded_source_decode(v, &out) == CORSYM_OK && out.len != n)
            __builtin_trap(); /* decode must produce exactly the announced size */
        corsym_buf_free(&out);
        break;
    }
    case CORSYM_CDI_ENC_LOCAL_SLOT_MAP: {
        struct corsym_cdi_slots_iter it;
        struct corsym_cdi_slot s;
        corsym_cdi_slots_begin(&it, v);
        while (corsym_cdi_slots_next(&it, &s) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP: {
        struct corsym_cdi_lambda_map m;
        struct corsym_cdi_lambda l;
        int32_t off;
        if (corsym_cdi_lambda_map_begin(&m, v) != CORSYM_OK)
            break;
        /* Read half the closures explicitly; next_lambda must skip the rest. */
        for (uint32_t i = 0; i < m.closure_count / 2; i++)
            if (corsym_cdi_lambda_map_next_closure(&m, &off) != CORSYM_OK)
                break;
        while (corsym_cdi_lambda_map_next_lambda(&m, &l) == CORSYM_OK)
            ;
        break;
    }
    case CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP: {
        struct corsym_cdi_states_iter it;
        struct corsym_cdi_state s;
        uint32_t n;
        if (corsym_cdi_states_begin(&it, v, &n) == CORSYM_OK)
            while (corsym_cdi_states_next(&it, &s) == CORSYM_OK)
                ;
        break;
    }
    default:
        break; /* SourceLink, DefaultNamespace, PrimaryConstructor: raw bytes */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned sel = data[0] % SEL_COUNT;
    struct corsym_span rest = corsym_span_make(data + 1, size - 1);
    switch (sel) {
    case SEL_SEQPTS:
        if (rest.len >= 1)
            seqpts(rest.data[0], corsym_span_make(rest.data + 1, rest.len - 1));
        break;
    case SEL_CONSTANT:
        constant(rest);
        break;
    case SEL_LOCALS:
        locals(rest);
        break;
    case SEL_IMPORTS:
    case SEL_DOCNAME: {
        if (rest.len < 2)
            break;
        size_t n = (size_t)rest.data[0] | (size_t)rest.data[1] << 8;
        if (n > rest.len - 2)
            n = rest.len - 2;
        /* Only the #Blob heap is consulted; a zeroed reader with just that heap stands in
         * for an opened PDB. */
        static struct corsym_ppdb pdb;
        memset(&pdb, 0, sizeof pdb);
        pdb.md.blob = corsym_span_make(rest.data + 2 + n, rest.len - 2 - n);
        pdb.md.has_blob = pdb.md.blob.len != 0;
        struct corsym_span blob = corsym_span_make(rest.data + 2, n);
        if (sel == SEL_IMPORTS)
            imports(&pdb, blob);
        else
            docname(&pdb, blob);
        break;
    }
    case SEL_CDI:
        if (rest.len >= 1)
            cdi((enum corsym_cdi_kind)(rest.data[0] % CORSYM_CDI_KIND_COUNT),
                corsym_span_make(rest.data + 1, rest.len - 1));
        break;
    }
    return 0;
}
