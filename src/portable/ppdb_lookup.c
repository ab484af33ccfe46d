/* Lookups over the sorted debug tables: binary searches, and a method -> LocalScope rows
 * index built once a reader has looked up many methods. */
#include <stdlib.h>
#include <string.h>

#include "platform/atomic.h"

#include "portable/ppdb_private.h"

/* Rows [first, end) of a table whose column col equals key, the table being
 * sorted by that column. */
static corsym_status equal_range(const struct corsym_ppdb *pdb, unsigned table, unsigned col,
                                 uint32_t key, uint32_t *first, uint32_t *end)
{
    uint32_t rows = corsym_md_rows(&pdb->md, table);
    uint32_t lo, hi;
    CORSYM_TRY(corsym_md_lower_bound(&pdb->md, table, col, key, 1, rows + 1, &lo));
    /* Ranges are short (a method's scopes, a parent's few CDI rows): step over them, and
     * fall back to a second search only for an unusually long one. */
    uint32_t v;
    for (hi = lo; hi <= rows && hi - lo < 16; hi++) {
        CORSYM_TRY(corsym_md_get(&pdb->md, table, hi, col, &v));
        if (v != key)
            break;
    }
    if (hi <= rows && hi - lo == 16)
        CORSYM_TRY(corsym_md_lower_bound(&pdb->md, table, col, key + 1, hi, rows + 1, &hi));
    if (lo == hi)
        return CORSYM_NOT_FOUND;
    *first = lo;
    *end = hi;
    return CORSYM_OK;
}

/* A reader that looks up this many methods is walking them: index them all (one pass over
 * the LocalScope table, ~50 instructions a row) instead of a binary search each (~650). */
#define SCOPE_INDEX_AFTER 64

/* The index of struct corsym_ppdb.scope_starts, or NULL when the table is not sorted by
 * method or memory is short (the binary search then serves every lookup). */
static uint32_t *build_scope_index(const struct corsym_ppdb *pdb, uint32_t methods)
{
    uint32_t rows = corsym_md_rows(&pdb->md, CORSYM_TBL_LOCAL_SCOPE);
    /* methods + 2 entries: bounded by the MethodDebugInformation table, so by the file. */
    uint32_t *starts = malloc(((size_t)methods + 2) * sizeof *starts);
    if (!starts)
        return NULL;
    uint32_t m = 1, previous = 0;
    for (uint32_t rid = 1; rid <= rows; rid++) {
        uint32_t method;
        if (corsym_md_get(&pdb->md, CORSYM_TBL_LOCAL_SCOPE, rid, SCOPE_METHOD, &method) !=
                CORSYM_OK ||
            method < previous) {
            free(starts);
            return NULL;
        }
        previous = method;
        while (m <= methods + 1 && m <= method)
            starts[m++] = rid;
    }
    while (m <= methods + 1)
        starts[m++] = rows + 1;
    return starts;
}

corsym_status corsym_ppdb_method_scopes(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                        uint32_t *first, uint32_t *end)
{
    if (method_rid == 0 || method_rid > CORSYM_MD_MAX_RID)
        return CORSYM_NOT_FOUND;
    /* The lazy index is a cache: the const PDB it belongs to is not otherwise changed. */
    struct corsym_ppdb *cache = (struct corsym_ppdb *)pdb;
    const uint32_t *starts = corsym_atomic_load_ptr((void *const volatile *)&cache->scope_starts);
    uint32_t methods = corsym_md_rows(&pdb->md, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
    if (!starts && methods && corsym_atomic_inc(&cache->scope_lookups) == SCOPE_INDEX_AFTER) {
        uint32_t *built = build_scope_index(pdb, methods);
        if (built) {
            if (!corsym_atomic_publish_ptr((void *volatile *)&cache->scope_starts, built))
                free(built); /* only the SCOPE_INDEX_AFTER-th caller builds; defensive */
            starts = corsym_atomic_load_ptr((void *const volatile *)&cache->scope_starts);
        }
    }
    if (starts && method_rid <= methods) {
        if (starts[method_rid] == starts[method_rid + 1])
            return CORSYM_NOT_FOUND;
        *first = starts[method_rid];
        *end = starts[method_rid + 1];
        return CORSYM_OK;
    }
    return equal_range(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_METHOD, method_rid, first, end);
}

corsym_status corsym_ppdb_kickoff_method(const struct corsym_ppdb *pdb, uint32_t move_next_rid,
                                         uint32_t *kickoff_rid)
{
    if (move_next_rid == 0 || move_next_rid > CORSYM_MD_MAX_RID)
        return CORSYM_NOT_FOUND;
    uint32_t first, end;
    CORSYM_TRY(equal_range(pdb, CORSYM_TBL_STATE_MACHINE_METHOD, SM_MOVE_NEXT, move_next_rid, &first, &end));
    return corsym_md_get(&pdb->md, CORSYM_TBL_STATE_MACHINE_METHOD, first, SM_KICKOFF, kickoff_rid);
}

corsym_status corsym_ppdb_cdi_range(const struct corsym_ppdb *pdb, unsigned parent_table,
                                    uint32_t parent_rid, uint32_t *first, uint32_t *end)
{
    uint32_t key;
    if (parent_rid == 0 || parent_rid > CORSYM_MD_MAX_RID)
        return CORSYM_NOT_FOUND;
    if (corsym_md_coded_encode(CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION, parent_table, parent_rid,
                               &key) != CORSYM_OK)
        return CORSYM_E_INVALID_ARG;
    return equal_range(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, CDI_PARENT, key, first, end);
}

corsym_status corsym_ppdb_cdi_find(const struct corsym_ppdb *pdb, unsigned parent_table,
                                   uint32_t parent_rid, const uint8_t kind[16],
                                   struct corsym_span *value)
{
    uint32_t first, end;
    CORSYM_TRY(corsym_ppdb_cdi_range(pdb, parent_table, parent_rid, &first, &end));
    for (uint32_t rid = first; rid < end; rid++) {
        uint32_t kind_index;
        uint8_t guid[16];
        CORSYM_TRY(corsym_md_get(&pdb->md, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, rid, CDI_KIND, &kind_index));
        CORSYM_TRY(corsym_md_guid(&pdb->md, kind_index, guid));
        if (memcmp(guid, kind, 16) == 0) {
            uint32_t blob;
            CORSYM_TRY(corsym_md_get(&pdb->md, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, rid, CDI_VALUE, &blob));
            return corsym_md_blob(&pdb->md, blob, value);
        }
    }
    return CORSYM_NOT_FOUND;
}

corsym_status corsym_ppdb_find_document(const struct corsym_ppdb *pdb, const char *name,
                                        size_t name_len, uint32_t *rid)
{
    struct corsym_buf buf = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_NOT_FOUND;
    uint32_t rows = corsym_md_rows(&pdb->md, CORSYM_TBL_DOCUMENT);
    for (uint32_t r = 1; r <= rows; r++) {
        corsym_buf_clear(&buf);
        corsym_status s = corsym_ppdb_document_name(pdb, r, &buf);
        if (s == CORSYM_E_NOMEM) {
            st = s;
            break;
        }
        /* A document with an undecodable name can't match; keep looking. */
        if (s != CORSYM_OK)
            continue;
        if (buf.len == name_len && (name_len == 0 || memcmp(buf.data, name, name_len) == 0)) {
            *rid = r;
            st = CORSYM_OK;
            break;
        }
    }
    corsym_buf_free(&buf);
    return st;
}
