/* The nesting tree of a method's local scopes. */
#include <stdlib.h>

#include "portable/ppdb_private.h"

corsym_status corsym_ppdb_scope_tree_build(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                           struct corsym_ppdb_scope_tree *out)
{
    out->nodes = NULL;
    out->count = 0;
    uint32_t first, end;
    CORSYM_TRY(corsym_ppdb_method_scopes(pdb, method_rid, &first, &end));
    uint32_t n = end - first;

    /* n is bounded by the table, which fits in the file: the allocation is
     * justified by the input. Methods rarely have more than a handful of
     * scopes, so the working state of small trees stays on the stack. */
    struct work {
        uint64_t end;
        uint32_t start, stack, last_child;
    } small[32], *work = n <= 32 ? small : calloc(n, sizeof *work);
    struct corsym_ppdb_scope_node *nodes =
        n <= 8 ? out->inline_nodes : calloc(n, sizeof *nodes);
    corsym_status st = CORSYM_OK;
    if (!nodes || !work) {
        st = CORSYM_E_NOMEM;
        goto done;
    }

    uint32_t depth = 0, top_last = CORSYM_PPDB_NO_NODE;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t v[2];
        st = corsym_md_get(&pdb->md, CORSYM_TBL_LOCAL_SCOPE, first + i, SCOPE_START, &v[0]);
        if (st == CORSYM_OK)
            st = corsym_md_get(&pdb->md, CORSYM_TBL_LOCAL_SCOPE, first + i, SCOPE_LENGTH, &v[1]);
        if (st != CORSYM_OK)
            goto done;
        work[i].start = v[0];
        work[i].end = (uint64_t)v[0] + v[1];
        /* Pop scopes that do not contain this one. */
        while (depth > 0) {
            uint32_t t = work[depth - 1].stack;
            if (work[t].start <= work[i].start && work[i].end <= work[t].end)
                break;
            depth--;
        }
        struct corsym_ppdb_scope_node *node = &nodes[i];
        node->rid = first + i;
        node->first_child = CORSYM_PPDB_NO_NODE;
        node->next_sibling = CORSYM_PPDB_NO_NODE;
        work[i].last_child = CORSYM_PPDB_NO_NODE;
        if (depth > 0) {
            uint32_t p = work[depth - 1].stack;
            node->parent = p;
            if (work[p].last_child == CORSYM_PPDB_NO_NODE)
                nodes[p].first_child = i;
            else
                nodes[work[p].last_child].next_sibling = i;
            work[p].last_child = i;
        } else {
            node->parent = CORSYM_PPDB_NO_NODE;
            if (top_last != CORSYM_PPDB_NO_NODE)
                nodes[top_last].next_sibling = i;
            top_last = i;
        }
        work[depth++].stack = i;
    }
    out->nodes = nodes;
    out->count = n;
    nodes = NULL;
done:
    if (nodes != out->inline_nodes)
        free(nodes);
    if (work != small)
        free(work);
    return st;
}

void corsym_ppdb_scope_tree_free(struct corsym_ppdb_scope_tree *tree)
{
    if (tree->nodes != tree->inline_nodes)
        free(tree->nodes);
    tree->nodes = NULL;
    tree->count = 0;
}
