/* Document -> methods index, built from every method's sequence points. */
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "portable/ppdb_private.h"

struct corsym_ppdb_doc_index {
    uint32_t documents;  /* Document rows */
    uint32_t *start;     /* documents + 2 entries: methods of doc d are [start[d], start[d+1]) */
    uint32_t *methods;
};

struct pair {
    uint32_t doc, method;
};

static corsym_status push(struct corsym_buf *pairs, uint32_t doc, uint32_t method)
{
    struct pair p = { doc, method };
    return corsym_buf_append(pairs, &p, sizeof p);
}

/* Collect (document, method) for every document the method's non-hidden
 * points mention. Hidden points carry no line and don't place a method in
 * a document (the managed reader's method extents skip them too). A blob
 * that turns out corrupt contributes what was decoded before the fault. */
static corsym_status scan_method(const struct corsym_ppdb *pdb, uint32_t method, struct corsym_buf *pairs)
{
    struct corsym_ppdb_method_debug mdi;
    if (corsym_ppdb_method_debug(pdb, method, &mdi) != CORSYM_OK || !mdi.has_sequence_points)
        return CORSYM_OK;
    uint32_t docs = corsym_md_rows(&pdb->md, CORSYM_TBL_DOCUMENT);
    struct corsym_ppdb_seqpt_iter it;
    if (corsym_ppdb_seqpts_begin(&it, mdi.sequence_points, mdi.document, docs) != CORSYM_OK)
        return CORSYM_OK;
    uint32_t last_doc = 0;
    struct corsym_ppdb_seqpt sp;
    while (corsym_ppdb_seqpts_next(&it, &sp) == CORSYM_OK) {
        if (sp.hidden || sp.document == last_doc || sp.document == 0 || sp.document > docs)
            continue;
        CORSYM_TRY(push(pairs, sp.document, method));
        last_doc = sp.document;
    }
    return CORSYM_OK;
}

corsym_status corsym_ppdb_doc_index_build(const struct corsym_ppdb *pdb,
                                          struct corsym_ppdb_doc_index **out)
{
    *out = NULL;
    struct corsym_buf pairs = CORSYM_BUF_INIT;
    struct corsym_ppdb_doc_index *idx = calloc(1, sizeof *idx);
    corsym_status st = idx ? CORSYM_OK : CORSYM_E_NOMEM;
    uint32_t docs = corsym_md_rows(&pdb->md, CORSYM_TBL_DOCUMENT);
    uint32_t methods = corsym_md_rows(&pdb->md, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
    for (uint32_t m = 1; st == CORSYM_OK && m <= methods; m++)
        st = scan_method(pdb, m, &pairs);
    if (st != CORSYM_OK)
        goto fail;

    size_t n = pairs.len / sizeof(struct pair);
    idx->documents = docs;
    idx->start = calloc((size_t)docs + 2, sizeof *idx->start);
    idx->methods = calloc(n ? n : 1, sizeof *idx->methods);
    uint32_t *fill = calloc((size_t)docs + 2, sizeof *fill);
    if (!idx->start || !idx->methods || !fill) {
        free(fill);
        st = CORSYM_E_NOMEM;
        goto fail;
    }
    const struct pair *p = (const struct pair *)(void *)pairs.data;
    /* Counting sort by document; stable, so each list stays in method order.
     * A method can reach a document twice (A, B, A): drop repeats. */
    for (size_t i = 0; i < n; i++)
        idx->start[p[i].doc + 1]++;
    for (uint32_t d = 1; d <= docs + 1; d++)
        idx->start[d] += idx->start[d - 1];
    memcpy(fill, idx->start, ((size_t)docs + 2) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        uint32_t d = p[i].doc;
        if (fill[d] > idx->start[d] && idx->methods[fill[d] - 1] == p[i].method)
            continue;
        idx->methods[fill[d]++] = p[i].method;
    }
    /* Close the gaps left by dropped repeats. */
    uint32_t w = 0;
    for (uint32_t d = 0; d <= docs; d++) {
        uint32_t s = idx->start[d], e = fill[d];
        idx->start[d] = w;
        memmove(&idx->methods[w], &idx->methods[s], (size_t)(e - s) * sizeof *idx->methods);
        w += e - s;
    }
    idx->start[docs + 1] = w;
    free(fill);
    corsym_buf_free(&pairs);
    *out = idx;
    return CORSYM_OK;
fail:
    corsym_buf_free(&pairs);
    corsym_ppdb_doc_index_free(idx);
    return st;
}

void corsym_ppdb_doc_index_methods(const struct corsym_ppdb_doc_index *idx, uint32_t document_rid,
                                   const uint32_t **methods, size_t *count)
{
    *methods = NULL;
    *count = 0;
    if (!idx || document_rid == 0 || document_rid > idx->documents)
        return;
    *methods = &idx->methods[idx->start[document_rid]];
    *count = idx->start[document_rid + 1] - idx->start[document_rid];
}

void corsym_ppdb_doc_index_free(struct corsym_ppdb_doc_index *idx)
{
    if (!idx)
        return;
    free(idx->start);
    free(idx->methods);
    free(idx);
}
