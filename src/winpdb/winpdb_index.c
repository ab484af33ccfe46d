/*
 * The method index: every S_GMANPROC/S_LMANPROC of every module, sorted by
 * token, so a lookup is a binary search instead of a walk over all module
 * streams. Built once by a pure function; the reader stays immutable.
 */
#include "base/sort.h"
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct corsym_winpdb_index {
    struct corsym_winpdb_method_ref *refs;
    uint32_t count;
};

static corsym_status collect_module(const struct corsym_winpdb *pdb, uint32_t m,
                                    struct corsym_buf *out)
{
    struct corsym_winpdb_module mod;
    corsym_status st = corsym_winpdb_module_load(pdb, m, &mod);
    if (st == CORSYM_NOT_FOUND || st == CORSYM_E_UNSUPPORTED)
        return CORSYM_OK; /* no symbols, or native symbols we do not read */
    CORSYM_TRY(st);

    struct corsym_cv_iter it;
    struct corsym_cv_record r;
    st = corsym_winpdb_module_records(&mod, &it);
    while (st == CORSYM_OK && (st = corsym_cv_next(&it, &r)) == CORSYM_OK) {
        if (r.kind != CORSYM_S_GMANPROC && r.kind != CORSYM_S_LMANPROC)
            continue;
        struct corsym_cv_manproc proc;
        if ((st = corsym_cv_manproc_decode(r.body, &proc)))
            break;
        struct corsym_winpdb_method_ref ref = { proc.token, proc.token, m, r.offset };
        if ((st = corsym_buf_append(out, &ref, sizeof ref)))
            break;
    }
    corsym_winpdb_module_release(&mod);
    return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
}

static int compare_refs(const void *a, const void *b)
{
    const struct corsym_winpdb_method_ref *x = a, *y = b;
    if (x->token != y->token)
        return x->token < y->token ? -1 : 1;
    if (x->module != y->module)
        return x->module < y->module ? -1 : 1;
    return x->record_offset < y->record_offset ? -1 : x->record_offset > y->record_offset;
}

static corsym_status apply_token_map(const struct corsym_winpdb *pdb,
                                     struct corsym_winpdb_method_ref *refs, size_t n)
{
    struct corsym_msf_bytes map;
    corsym_status st = corsym_winpdb_token_map_load(pdb, &map);
    if (st == CORSYM_NOT_FOUND)
        return CORSYM_OK;
    for (size_t i = 0; st == CORSYM_OK && i < n; i++)
        st = corsym_winpdb_token_map_apply(map.span, refs[i].stored_token, &refs[i].token);
    corsym_msf_bytes_release(&map);
    return st;
}

corsym_status corsym_winpdb_index_build(const struct corsym_winpdb *pdb,
                                        struct corsym_winpdb_index **out)
{
    *out = NULL;
    struct corsym_buf buf = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    for (uint32_t m = 0; st == CORSYM_OK && m < corsym_winpdb_module_count(pdb); m++)
        st = collect_module(pdb, m, &buf);

    struct corsym_winpdb_index *idx = NULL;
    size_t n = buf.len / sizeof(struct corsym_winpdb_method_ref);
    struct corsym_winpdb_method_ref *refs = (struct corsym_winpdb_method_ref *)(void *)buf.data;
    if (st == CORSYM_OK)
        st = apply_token_map(pdb, refs, n);
    if (st == CORSYM_OK && !(idx = calloc(1, sizeof *idx)))
        st = CORSYM_E_NOMEM;
    if (st) {
        corsym_buf_free(&buf);
        return st;
    }
    if (n)
        corsym_sort(refs, n, sizeof *refs, compare_refs);
    /* Keep the first of equal tokens (lowest module, then lowest offset). */
    size_t kept = 0;
    for (size_t i = 0; i < n; i++)
        if (kept == 0 || refs[kept - 1].token != refs[i].token)
            refs[kept++] = refs[i];
    idx->refs = (struct corsym_winpdb_method_ref *)(void *)corsym_buf_detach(&buf, NULL);
    idx->count = (uint32_t)kept;
    *out = idx;
    return CORSYM_OK;
}

void corsym_winpdb_index_free(struct corsym_winpdb_index *idx)
{
    if (!idx)
        return;
    free(idx->refs);
    free(idx);
}

uint32_t corsym_winpdb_index_count(const struct corsym_winpdb_index *idx)
{
    return idx->count;
}

corsym_status corsym_winpdb_index_at(const struct corsym_winpdb_index *idx, uint32_t i,
                                     struct corsym_winpdb_method_ref *out)
{
    if (i >= idx->count)
        return CORSYM_NOT_FOUND;
    *out = idx->refs[i];
    return CORSYM_OK;
}

corsym_status corsym_winpdb_index_find(const struct corsym_winpdb_index *idx, uint32_t token,
                                       struct corsym_winpdb_method_ref *out)
{
    size_t lo = 0, hi = idx->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx->refs[mid].token < token)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == idx->count || idx->refs[lo].token != token)
        return CORSYM_NOT_FOUND;
    *out = idx->refs[lo];
    return CORSYM_OK;
}
