/*
 * libFuzzer target: open the input as a Portable PDB and walk everything a
 * COM reader could reach (the oracle dump, the document index, scope
 * trees, lookups). Any status is fine; crashes, leaks and sanitizer
 * reports are not.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "portable/portable.h"
#include "portable/ppdb_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_ppdb *pdb;
    if (corsym_ppdb_open(&pdb, data, size) != CORSYM_OK)
        return 0;
    struct corsym_buf b = CORSYM_BUF_INIT;
    (void)corsym_ppdb_dump_limited(pdb, &b, 16u << 20);
    corsym_buf_free(&b);

    struct corsym_ppdb_doc_index *idx;
    if (corsym_ppdb_doc_index_build(pdb, &idx) == CORSYM_OK) {
        const uint32_t *methods;
        size_t n;
        corsym_ppdb_doc_index_methods(idx, 1, &methods, &n);
        corsym_ppdb_doc_index_free(idx);
    }
    uint32_t methods = corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
    uint32_t scopes = corsym_ppdb_rows(pdb, CORSYM_TBL_LOCAL_SCOPE);
    for (uint32_t m = 1; m <= methods + 1 && m <= 256; m++) {
        struct corsym_ppdb_scope_tree tree;
        if (corsym_ppdb_scope_tree_build(pdb, m, &tree) == CORSYM_OK)
            corsym_ppdb_scope_tree_free(&tree);
        uint32_t k, first, end;
        struct corsym_span v;
        (void)corsym_ppdb_kickoff_method(pdb, m, &k);
        (void)corsym_ppdb_cdi_range(pdb, CORSYM_TBL_METHOD_DEF, m, &first, &end);
        (void)corsym_ppdb_cdi_find(pdb, CORSYM_TBL_METHOD_DEF, m,
                                   corsym_cdi_kind_guid(CORSYM_CDI_ASYNC_METHOD_STEPPING), &v);
    }
    for (uint32_t s = 1; s <= scopes && s <= 256; s++) {
        struct corsym_ppdb_local_scope ls;
        (void)corsym_ppdb_local_scope(pdb, s, &ls);
    }
    uint32_t docs = corsym_ppdb_rows(pdb, CORSYM_TBL_DOCUMENT);
    for (uint32_t d = 1; d <= docs && d <= 64; d++) {
        struct corsym_span v;
        if (corsym_ppdb_cdi_find(pdb, CORSYM_TBL_DOCUMENT, d, corsym_cdi_kind_guid(CORSYM_CDI_EMBEDDED_SOURCE),
                                 &v) == CORSYM_OK) {
            struct corsym_buf text = CORSYM_BUF_INIT;
            (void)corsym_cdi_embedded_source_decode(v, &text);
            corsym_buf_free(&text);
        }
    }
    uint32_t rid;
    (void)corsym_ppdb_find_document(pdb, "a.cs", 4, &rid);
    corsym_ppdb_close(pdb);
    return 0;
}
