/* Row and column access for the tables laid out by corsym_md_open. */
#include "base/checked.h"
#include "portable/ecma335.h"

corsym_status corsym_md_row(const struct corsym_md *md, unsigned table, uint32_t rid,
                            struct corsym_span *out)
{
    if (table >= CORSYM_TBL_COUNT)
        return CORSYM_E_INVALID_ARG;
    const struct corsym_md_table_layout *l = &md->tbl[table];
    if (rid == 0 || rid > l->rows)
        return CORSYM_NOT_FOUND;
    size_t off;
    if (!corsym_checked_madd(l->offset, (size_t)rid - 1, l->row_size, &off))
        return CORSYM_CORRUPT();
    return corsym_span_sub(md->tables, off, l->row_size, out);
}

corsym_status corsym_md_lower_bound(const struct corsym_md *md, unsigned table, unsigned col,
                                    uint32_t key, uint32_t first, uint32_t end, uint32_t *out)
{
    if (table >= CORSYM_TBL_COUNT || first == 0 || first > end || end - 1 > md->tbl[table].rows)
        return CORSYM_E_INVALID_ARG;
    uint32_t lo = first, hi = end;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t v;
        CORSYM_TRY(corsym_md_get(md, table, mid, col, &v));
        if (v < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    *out = lo;
    return CORSYM_OK;
}

corsym_status corsym_md_read_type_def_or_ref(struct corsym_cursor *c, uint32_t *token)
{
    uint32_t v;
    CORSYM_TRY(corsym_cursor_cuint(c, &v));
    static const unsigned tables[3] = { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_TYPE_REF, CORSYM_TBL_TYPE_SPEC };
    uint32_t tag = v & 3;
    if (tag == 3)
        return CORSYM_CORRUPT();
    *token = corsym_md_token(tables[tag], v >> 2);
    return CORSYM_OK;
}
