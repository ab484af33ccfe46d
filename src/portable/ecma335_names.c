/* The few type-system lookups a symbol reader needs from a PE's metadata. */
#include "portable/ecma335.h"

enum { TYPEREF_SCOPE, TYPEREF_NAME, TYPEREF_NAMESPACE };
enum { TYPEDEF_FLAGS, TYPEDEF_NAME, TYPEDEF_NAMESPACE, TYPEDEF_EXTENDS, TYPEDEF_FIELDS, TYPEDEF_METHODS };
enum { METHOD_RVA, METHOD_IMPL_FLAGS, METHOD_FLAGS, METHOD_NAME };
enum { NESTED_NESTED, NESTED_ENCLOSING };

corsym_status corsym_md_stand_alone_sig(const struct corsym_md *md, uint32_t rid,
                                        struct corsym_span *sig)
{
    uint32_t blob;
    CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_STAND_ALONE_SIG, rid, 0, &blob));
    return corsym_md_blob(md, blob, sig);
}

static corsym_status type_name(const struct corsym_md *md, unsigned table, uint32_t rid,
                               unsigned name_col, unsigned ns_col, struct corsym_span *ns,
                               struct corsym_span *name)
{
    uint32_t n, s;
    CORSYM_TRY(corsym_md_get(md, table, rid, name_col, &n));
    CORSYM_TRY(corsym_md_get(md, table, rid, ns_col, &s));
    CORSYM_TRY(corsym_md_string(md, n, name));
    return corsym_md_string(md, s, ns);
}

corsym_status corsym_md_type_def_name(const struct corsym_md *md, uint32_t rid,
                                      struct corsym_span *ns, struct corsym_span *name)
{
    return type_name(md, CORSYM_TBL_TYPE_DEF, rid, TYPEDEF_NAME, TYPEDEF_NAMESPACE, ns, name);
}

corsym_status corsym_md_type_ref_name(const struct corsym_md *md, uint32_t rid,
                                      struct corsym_span *ns, struct corsym_span *name)
{
    return type_name(md, CORSYM_TBL_TYPE_REF, rid, TYPEREF_NAME, TYPEREF_NAMESPACE, ns, name);
}

corsym_status corsym_md_method_name(const struct corsym_md *md, uint32_t rid, struct corsym_span *name)
{
    uint32_t n;
    CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, METHOD_NAME, &n));
    return corsym_md_string(md, n, name);
}

corsym_status corsym_md_method_declaring_type(const struct corsym_md *md, uint32_t method_rid,
                                              uint32_t *type_rid)
{
    if (method_rid == 0 || method_rid > corsym_md_rows(md, CORSYM_TBL_METHOD_DEF))
        return CORSYM_NOT_FOUND;
    /* With a MethodPtr table (unoptimised metadata) MethodList indexes it. */
    uint32_t position = method_rid;
    uint32_t ptrs = corsym_md_rows(md, CORSYM_TBL_METHOD_PTR);
    if (ptrs > 0) {
        position = 0;
        for (uint32_t i = 1; i <= ptrs; i++) {
            uint32_t m;
            CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_METHOD_PTR, i, 0, &m));
            if (m == method_rid) {
                position = i;
                break;
            }
        }
        if (position == 0)
            return CORSYM_NOT_FOUND;
    }
    /* The owner is the last type whose list starts at or before position:
     * lists are contiguous and in type order. */
    uint32_t types = corsym_md_rows(md, CORSYM_TBL_TYPE_DEF);
    uint32_t after;
    CORSYM_TRY(corsym_md_lower_bound(md, CORSYM_TBL_TYPE_DEF, TYPEDEF_METHODS, position + 1, 1,
                                     types + 1, &after));
    if (after <= 1)
        return CORSYM_NOT_FOUND;
    *type_rid = after - 1;
    return CORSYM_OK;
}

corsym_status corsym_md_enclosing_type(const struct corsym_md *md, uint32_t type_rid,
                                       uint32_t *enclosing_rid)
{
    uint32_t rows = corsym_md_rows(md, CORSYM_TBL_NESTED_CLASS);
    uint32_t at;
    CORSYM_TRY(corsym_md_lower_bound(md, CORSYM_TBL_NESTED_CLASS, NESTED_NESTED, type_rid, 1, rows + 1, &at));
    uint32_t nested;
    if (at > rows)
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(corsym_md_get(md, CORSYM_TBL_NESTED_CLASS, at, NESTED_NESTED, &nested));
    if (nested != type_rid)
        return CORSYM_NOT_FOUND;
    return corsym_md_get(md, CORSYM_TBL_NESTED_CLASS, at, NESTED_ENCLOSING, enclosing_rid);
}
