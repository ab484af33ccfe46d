/* Lookups over the sorted debug tables (binary searches, no allocation). */
#include <string.h>

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

corsym_status corsym_ppdb_method_scopes(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                        uint32_t *first, uint32_t *end)
{
    if (method_rid == 0 || method_rid > CORSYM_MD_MAX_RID)
        return CORSYM_NOT_FOUND;
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
