/*
 * Loading one method: its S_GMANPROC ... S_END record run, turned into a
 * scope tree with locals, constants, used namespaces and the method-level
 * S_OEM records, plus its sequence points. Nesting is followed with an
 * explicit, bounded stack; records that are not managed (C++/CLI native
 * records inside a procedure) are skipped, and native scopes are skipped
 * whole.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/checked.h"

/* Stack marker for a scope whose records we skip (a native opener). */
#define OPAQUE UINT32_MAX

struct builder {
    struct corsym_winpdb_method *m;
    struct corsym_buf scopes, locals, constants, namespaces, oems, stack;
};

static void builder_free(struct builder *b)
{
    corsym_buf_free(&b->scopes);
    corsym_buf_free(&b->locals);
    corsym_buf_free(&b->constants);
    corsym_buf_free(&b->namespaces);
    corsym_buf_free(&b->oems);
    corsym_buf_free(&b->stack);
}

static size_t depth(const struct builder *b)
{
    return b->stack.len / sizeof(uint32_t);
}

static uint32_t top(const struct builder *b)
{
    uint32_t v;
    memcpy(&v, b->stack.data + b->stack.len - sizeof v, sizeof v);
    return v;
}

static corsym_status push(struct builder *b, uint32_t v)
{
    if (depth(b) >= CORSYM_WINPDB_MAX_DEPTH)
        return CORSYM_CORRUPT(); /* scopes nested too deeply */
    return corsym_buf_append(&b->stack, &v, sizeof v);
}

static corsym_status add_scope(struct builder *b, uint32_t record_offset, uint32_t start,
                               uint32_t end, uint32_t parent)
{
    struct corsym_winpdb_scope s = {
        .record_offset = record_offset,
        .start_offset = start,
        .end_offset = end,
        .parent = parent,
        .first_child = CORSYM_WINPDB_NONE,
        .next_sibling = CORSYM_WINPDB_NONE,
    };
    uint32_t index = (uint32_t)(b->scopes.len / sizeof s);
    CORSYM_TRY(corsym_buf_append(&b->scopes, &s, sizeof s));
    return push(b, index);
}

static corsym_status on_block(struct builder *b, const struct corsym_cv_record *r)
{
    struct corsym_cv_block block;
    uint32_t start, end;
    CORSYM_TRY(corsym_cv_block_decode(r->body, &block));
    if (block.offset < b->m->proc.offset)
        return CORSYM_CORRUPT(); /* block starts before its method */
    start = block.offset - b->m->proc.offset;
    if (!corsym_checked_add_u32(start, block.code_size, &end))
        return CORSYM_CORRUPT(); /* block end overflows */
    return add_scope(b, r->offset, start, end, top(b));
}

static corsym_status on_oem(struct builder *b, const struct corsym_cv_record *r, bool at_root)
{
    struct corsym_cv_oem oem;
    CORSYM_TRY(corsym_cv_oem_decode(r->body, &oem));
    /* Only method-level managed records carry MD2/async (dnlib reads the
     * root scope's); others are not ours to interpret. */
    if (!corsym_cv_oem_is_managed(&oem) || !at_root) {
        b->m->skipped_records++;
        return CORSYM_OK;
    }
    struct corsym_winpdb_oem o = { oem.name_utf16, oem.data };
    CORSYM_TRY(corsym_buf_append(&b->oems, &o, sizeof o));
    if (corsym_cv_oem_name_is(&oem, "MD2") && !b->m->has_md2) {
        b->m->has_md2 = true;
        b->m->md2 = oem.data;
        b->m->md2_status = corsym_md2_decode(oem.data, &b->m->md2_info);
    } else if (corsym_cv_oem_name_is(&oem, "asyncMethodInfo") && !b->m->has_async) {
        CORSYM_TRY(corsym_async_info_parse(oem.data, &b->m->async));
        b->m->has_async = true;
    }
    return CORSYM_OK;
}

static corsym_status on_record(struct builder *b, const struct corsym_cv_record *r)
{
    uint32_t scope = top(b);
    if (scope == OPAQUE) {
        b->m->skipped_records++;
        return corsym_cv_opens_scope(r->kind) ? push(b, OPAQUE) : CORSYM_OK;
    }
    switch (r->kind) {
    case CORSYM_S_BLOCK32:
        return on_block(b, r);
    case CORSYM_S_MANSLOT: {
        struct corsym_cv_manslot s;
        CORSYM_TRY(corsym_cv_manslot_decode(r->body, &s));
        struct corsym_winpdb_local l = { scope, s.slot, s.type_token, s.flags, s.name };
        return corsym_buf_append(&b->locals, &l, sizeof l);
    }
    case CORSYM_S_MANCONSTANT: {
        struct corsym_cv_manconstant k;
        corsym_status st = corsym_cv_manconstant_decode(r->body, &k);
        if (st == CORSYM_E_UNSUPPORTED) {
            b->m->skipped_records++; /* a leaf no managed compiler writes */
            return CORSYM_OK;
        }
        CORSYM_TRY(st);
        struct corsym_winpdb_constant c = { scope, k.type_token, k.value, k.name };
        return corsym_buf_append(&b->constants, &c, sizeof c);
    }
    case CORSYM_S_UNAMESPACE: {
        struct corsym_winpdb_namespace ns = { scope, { NULL, 0 } };
        CORSYM_TRY(corsym_cv_unamespace_decode(r->body, &ns.name));
        return corsym_buf_append(&b->namespaces, &ns, sizeof ns);
    }
    case CORSYM_S_OEM:
        return on_oem(b, r, scope == 0);
    default:
        b->m->skipped_records++;
        return corsym_cv_opens_scope(r->kind) ? push(b, OPAQUE) : CORSYM_OK;
    }
}

static corsym_status walk(struct builder *b, const struct corsym_winpdb_method_ref *ref)
{
    struct corsym_winpdb_method *m = b->m;
    struct corsym_cv_iter it;
    struct corsym_cv_record r;
    CORSYM_TRY(corsym_cv_iter_begin(&it, m->holder.symbols, ref->record_offset));
    CORSYM_TRY(corsym_cv_next(&it, &r));
    if (r.kind != CORSYM_S_GMANPROC && r.kind != CORSYM_S_LMANPROC)
        return CORSYM_CORRUPT(); /* index entry is not a managed procedure */
    CORSYM_TRY(corsym_cv_manproc_decode(r.body, &m->proc));
    CORSYM_TRY(add_scope(b, r.offset, 0, m->proc.code_size, CORSYM_WINPDB_NONE));

    for (;;) {
        corsym_status st = corsym_cv_next(&it, &r);
        if (st == CORSYM_NOT_FOUND)
            return CORSYM_CORRUPT(); /* procedure without its S_END */
        CORSYM_TRY(st);
        if (corsym_cv_closes_scope(r.kind)) {
            b->stack.len -= sizeof(uint32_t);
            if (depth(b) == 0)
                return CORSYM_OK;
            continue;
        }
        CORSYM_TRY(on_record(b, &r));
    }
}

/* Link children in record order: walking backwards, each scope becomes the
 * first child of its parent, ahead of its later siblings. */
static void link_scopes(struct corsym_winpdb_scope *s, uint32_t n)
{
    for (uint32_t i = n; i-- > 1;) {
        uint32_t p = s[i].parent;
        s[i].next_sibling = s[p].first_child;
        s[p].first_child = i;
    }
}

/*
 * Stable counting sort of items (whose first member is the u32 scope) by
 * scope, so each scope's items form one run [first[s], first[s] + count[s]).
 */
static corsym_status group(const struct corsym_buf *items, size_t size, uint32_t nscopes,
                           uint32_t *first, uint32_t *count, void **out, uint32_t *out_count)
{
    size_t n = items->len / size;
    *out = NULL;
    *out_count = (uint32_t)n;
    memset(count, 0, nscopes * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint32_t s;
        memcpy(&s, items->data + i * size, sizeof s);
        count[s]++;
    }
    uint32_t next = 0;
    for (uint32_t s = 0; s < nscopes; s++) {
        first[s] = next;
        next += count[s];
    }
    if (n == 0)
        return CORSYM_OK;
    uint8_t *sorted = malloc(n * size);
    if (!sorted)
        return CORSYM_E_NOMEM;
    memset(count, 0, nscopes * sizeof *count);
    for (size_t i = 0; i < n; i++) {
        uint32_t s;
        memcpy(&s, items->data + i * size, sizeof s);
        memcpy(sorted + (size_t)(first[s] + count[s]++) * size, items->data + i * size, size);
    }
    *out = sorted;
    return CORSYM_OK;
}

static corsym_status group_all(struct builder *b, struct corsym_winpdb_scope *scopes, uint32_t n,
                               uint32_t *first, uint32_t *count)
{
    struct corsym_winpdb_method *m = b->m;
    void *p;
    CORSYM_TRY(group(&b->locals, sizeof *m->locals, n, first, count, &p, &m->local_count));
    m->locals = p;
    for (uint32_t s = 0; s < n; s++) {
        scopes[s].locals_first = first[s];
        scopes[s].locals_count = count[s];
    }
    CORSYM_TRY(group(&b->constants, sizeof *m->constants, n, first, count, &p,
                     &m->constant_count));
    m->constants = p;
    for (uint32_t s = 0; s < n; s++) {
        scopes[s].constants_first = first[s];
        scopes[s].constants_count = count[s];
    }
    CORSYM_TRY(group(&b->namespaces, sizeof *m->namespaces, n, first, count, &p,
                     &m->namespace_count));
    m->namespaces = p;
    for (uint32_t s = 0; s < n; s++) {
        scopes[s].namespaces_first = first[s];
        scopes[s].namespaces_count = count[s];
    }
    return CORSYM_OK;
}

static corsym_status finish(struct builder *b)
{
    struct corsym_winpdb_method *m = b->m;
    uint32_t n = (uint32_t)(b->scopes.len / sizeof(struct corsym_winpdb_scope));
    struct corsym_winpdb_scope *scopes = (struct corsym_winpdb_scope *)(void *)b->scopes.data;
    link_scopes(scopes, n);
    /* n >= 1: the procedure's own scope always exists. */
    uint32_t *first = calloc(n, sizeof *first), *count = calloc(n, sizeof *count);
    corsym_status st = first && count ? group_all(b, scopes, n, first, count) : CORSYM_E_NOMEM;
    free(first);
    free(count);
    CORSYM_TRY(st);
    m->scope_count = n;
    m->scopes = (struct corsym_winpdb_scope *)(void *)corsym_buf_detach(&b->scopes, NULL);
    m->oem_count = (uint32_t)(b->oems.len / sizeof *m->oems);
    m->oems = (struct corsym_winpdb_oem *)(void *)corsym_buf_detach(&b->oems, NULL);

    if (m->has_async && m->async.step_count) {
        m->async_steps = calloc(m->async.step_count, sizeof *m->async_steps);
        if (!m->async_steps)
            return CORSYM_E_NOMEM;
        for (uint32_t i = 0; i < m->async.step_count; i++)
            CORSYM_TRY(corsym_async_step_at(&m->async, i, &m->async_steps[i]));
    }
    return CORSYM_OK;
}

corsym_status corsym_winpdb_method_load_ref(const struct corsym_winpdb *pdb,
                                            const struct corsym_winpdb_method_ref *ref,
                                            struct corsym_winpdb_method **out)
{
    *out = NULL;
    struct corsym_winpdb_method *m = calloc(1, sizeof *m);
    if (!m)
        return CORSYM_E_NOMEM;
    m->token = ref->token;
    m->module = ref->module;
    struct builder b = { .m = m };
    corsym_status st;
    const struct corsym_winpdb_module_cache *module = NULL;
    if ((st = corsym_winpdb_module_cached(pdb, ref->module, &module)) == CORSYM_NOT_FOUND)
        st = CORSYM_CORRUPT(); /* index names a module without symbols */
    if (st == CORSYM_OK) {
        /* A view of the PDB's copy, which lives as long as the PDB: nothing to release. */
        m->holder = *corsym_winpdb_cached_module(module);
        m->holder.bytes.owned = NULL;
    }
    if (st == CORSYM_OK)
        st = walk(&b, ref);
    if (st == CORSYM_OK && m->proc.token != ref->stored_token)
        st = CORSYM_CORRUPT(); /* record token differs from the index */
    if (st == CORSYM_OK)
        st = finish(&b);
    if (st == CORSYM_OK)
        st = corsym_winpdb_method_points(module, &m->proc, &m->points, &m->point_count);
    builder_free(&b);
    if (st) {
        corsym_winpdb_method_free(m);
        return st;
    }
    *out = m;
    return CORSYM_OK;
}

corsym_status corsym_winpdb_method_load(const struct corsym_winpdb *pdb,
                                        const struct corsym_winpdb_index *idx, uint32_t token,
                                        struct corsym_winpdb_method **out)
{
    struct corsym_winpdb_method_ref ref;
    *out = NULL;
    CORSYM_TRY(corsym_winpdb_index_find(idx, token, &ref));
    return corsym_winpdb_method_load_ref(pdb, &ref, out);
}

void corsym_winpdb_method_free(struct corsym_winpdb_method *m)
{
    if (!m)
        return;
    free(m->points);
    free(m->scopes);
    free(m->locals);
    free(m->constants);
    free(m->namespaces);
    free(m->oems);
    free(m->async_steps);
    corsym_winpdb_module_release(&m->holder);
    free(m);
}

corsym_status corsym_winpdb_method_oem(const struct corsym_winpdb_method *m, const char *name,
                                       struct corsym_span *data)
{
    for (uint32_t i = 0; i < m->oem_count; i++) {
        struct corsym_cv_oem probe = { .name_utf16 = m->oems[i].name_utf16 };
        if (corsym_cv_oem_name_is(&probe, name)) {
            *data = m->oems[i].data;
            return CORSYM_OK;
        }
    }
    return CORSYM_NOT_FOUND;
}
