/* SPDX-License-Identifier: MIT */
#include "names.h"

#include <stdlib.h>
#include <string.h>

/* Columns (ECMA-335 II.22.26 MethodDef, II.22.33 Param). */
enum { METHOD_PARAM_LIST = 5, PARAM_SEQUENCE = 1, PARAM_NAME = 2 };

struct text {
    char *s;
    size_t len;
};

static void prepend(struct text *t, const uint8_t *p, size_t n)
{
    char *s = cli_xmalloc(t->len + n + 1);
    memcpy(s, p, n);
    memcpy(s + n, t->s ? t->s : "", t->len);
    s[t->len + n] = 0;
    free(t->s);
    t->s = s;
    t->len += n;
}

char *cli_type_def_full_name(const struct corsym_md *md, uint32_t rid)
{
    struct corsym_span ns, name;
    if (corsym_md_type_def_name(md, rid, &ns, &name) != CORSYM_OK)
        return NULL;
    struct text t = { NULL, 0 };
    prepend(&t, name.data, name.len);
    /* Nested types read Outer+Inner; a cycle in a corrupt NestedClass table stops at 64. */
    uint32_t outer;
    for (int depth = 0; depth < 64 && corsym_md_enclosing_type(md, rid, &outer) == CORSYM_OK;
         depth++) {
        if (corsym_md_type_def_name(md, outer, &ns, &name) != CORSYM_OK)
            break;
        prepend(&t, (const uint8_t *)"+", 1);
        prepend(&t, name.data, name.len);
        rid = outer;
    }
    if (ns.len) {
        prepend(&t, (const uint8_t *)".", 1);
        prepend(&t, ns.data, ns.len);
    }
    return t.s;
}

char *cli_type_token_name(const struct corsym_md *md, uint32_t token)
{
    struct corsym_span ns, name;
    corsym_status st = (token >> 24) == CORSYM_TBL_TYPE_DEF
                           ? corsym_md_type_def_name(md, token & 0xFFFFFF, &ns, &name)
                       : (token >> 24) == CORSYM_TBL_TYPE_REF
                           ? corsym_md_type_ref_name(md, token & 0xFFFFFF, &ns, &name)
                           : CORSYM_E_INVALID_ARG;
    if (st != CORSYM_OK)
        return NULL;
    struct text t = { NULL, 0 };
    prepend(&t, name.data, name.len);
    if (ns.len) {
        prepend(&t, (const uint8_t *)".", 1);
        prepend(&t, ns.data, ns.len);
    }
    return t.s;
}

/* "a, b" from the Param rows of a method, without the return parameter (sequence 0). */
static char *parameter_names(const struct corsym_md *md, uint32_t rid)
{
    uint32_t first, end, rows = corsym_md_rows(md, CORSYM_TBL_PARAM);
    if (corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, METHOD_PARAM_LIST, &first) != CORSYM_OK)
        return NULL;
    if (corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid + 1, METHOD_PARAM_LIST, &end) != CORSYM_OK)
        end = rows + 1;
    if (end > rows + 1)
        end = rows + 1;
    char *out = NULL;
    size_t len = 0;
    for (uint32_t p = first; p < end; p++) {
        uint32_t sequence, name_index;
        struct corsym_span name = { (const uint8_t *)"?", 1 };
        if (corsym_md_get(md, CORSYM_TBL_PARAM, p, PARAM_SEQUENCE, &sequence) != CORSYM_OK ||
            sequence == 0)
            continue;
        if (corsym_md_get(md, CORSYM_TBL_PARAM, p, PARAM_NAME, &name_index) == CORSYM_OK &&
            name_index != 0 && corsym_md_string(md, name_index, &name) != CORSYM_OK)
            name = corsym_span_make((const uint8_t *)"?", 1);
        out = cli_xrealloc(out, len + name.len + 3);
        if (len) {
            memcpy(out + len, ", ", 2);
            len += 2;
        }
        if (name.len)
            memcpy(out + len, name.data, name.len);
        len += name.len;
        out[len] = 0;
    }
    return out;
}

void cli_method_attrs(struct cli_node *n, const struct corsym_md *md, uint32_t token,
                      bool reference, bool include_token)
{
    uint32_t rid = token & 0xFFFFFF, type;
    struct corsym_span name;
    bool named = false;
    if (md && (token >> 24) == CORSYM_TBL_METHOD_DEF &&
        corsym_md_method_name(md, rid, &name) == CORSYM_OK) {
        if (corsym_md_method_declaring_type(md, rid, &type) == CORSYM_OK) {
            char *type_name = cli_type_def_full_name(md, type);
            if (type_name)
                cli_attr_str(n, reference ? "declaringType" : "containingType", type_name);
            free(type_name);
        }
        cli_attr_strn(n, reference ? "methodName" : "name", (const char *)name.data, name.len);
        char *params = parameter_names(md, rid);
        if (params)
            cli_attr_str(n, "parameterNames", params);
        free(params);
        named = true;
    }
    if (include_token || !named)
        cli_attr_hex(n, "token", token);
}
