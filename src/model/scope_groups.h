/* SPDX-License-Identifier: MIT */
/*
 * A written method's scopes grouped by parent, and its usings, constants and locals by the
 * scope they belong to, each group in call order (a stable counting sort). The emitters write
 * a scope's records from its groups: scanning every item for every scope made a method with
 * many scopes quadratic (40 000 scopes took seconds, 400 000 minutes). The buffers are kept
 * from method to method.
 */
#ifndef CORSYM_MODEL_SCOPE_GROUPS_H
#define CORSYM_MODEL_SCOPE_GROUPS_H

#include <stdbool.h>

#include "model/symwriter.h"

enum corsym_sw_group {
    CORSYM_SW_GROUP_CHILDREN,  /* scopes, by parent */
    CORSYM_SW_GROUP_USINGS,
    CORSYM_SW_GROUP_CONSTANTS,
    CORSYM_SW_GROUP_LOCALS,
    CORSYM_SW_GROUPS
};

struct corsym_sw_scope_groups {
    /* Per kind: group g (0 = no scope, s + 1 = scope s) is items[first[g] .. first[g + 1]). */
    uint32_t *first[CORSYM_SW_GROUPS], *items[CORSYM_SW_GROUPS];
    size_t first_cap[CORSYM_SW_GROUPS], items_cap[CORSYM_SW_GROUPS];
    uint32_t scope_count;
};

/* Whether grouping pays for this method: for the usual few scopes and items, scanning is
 * cheaper than sorting (grouping every method cost a 50 000-method write 5% more
 * instructions). */
bool corsym_sw_scope_groups_worth(const struct corsym_sw_method *m);

/* Zero-initialise the struct before the first build. */
corsym_status corsym_sw_scope_groups_build(struct corsym_sw_scope_groups *g,
                                           const struct corsym_sw_method *m);
void corsym_sw_scope_groups_free(struct corsym_sw_scope_groups *g);

static inline uint32_t corsym_sw_scope_of(const struct corsym_sw_method *m,
                                          enum corsym_sw_group kind, uint32_t item)
{
    switch (kind) {
    case CORSYM_SW_GROUP_CHILDREN: return m->scopes[item].parent;
    case CORSYM_SW_GROUP_USINGS: return m->usings[item].scope;
    case CORSYM_SW_GROUP_CONSTANTS: return m->constants[item].scope;
    default: return m->locals[item].scope;
    }
}

static inline uint32_t corsym_sw_item_count(const struct corsym_sw_method *m,
                                            enum corsym_sw_group kind)
{
    switch (kind) {
    case CORSYM_SW_GROUP_CHILDREN: return m->scope_count;
    case CORSYM_SW_GROUP_USINGS: return m->using_count;
    case CORSYM_SW_GROUP_CONSTANTS: return m->constant_count;
    default: return m->local_count;
    }
}

/* The indexes of kind's items in `scope` (CORSYM_SW_NONE: in no scope; for the children, the
 * method's top-level scopes), in call order: from the groups when given (built for this
 * method), else by scanning every item. */
struct corsym_sw_scope_iter {
    const struct corsym_sw_method *m;
    const uint32_t *items; /* the group, or NULL to scan */
    uint32_t count, next, scope;
    enum corsym_sw_group kind;
};

static inline void corsym_sw_scope_iter_begin(struct corsym_sw_scope_iter *it,
                                              const struct corsym_sw_scope_groups *g,
                                              const struct corsym_sw_method *m,
                                              enum corsym_sw_group kind, uint32_t scope)
{
    it->m = m;
    it->kind = kind;
    it->scope = scope;
    it->next = 0;
    if (g && scope != CORSYM_SW_NONE && scope >= g->scope_count) {
        it->items = NULL; /* no such scope: nothing in it */
        it->count = 0;
    } else if (g) {
        /* Group 0 holds what has no scope, group s + 1 scope s. */
        uint32_t group = scope == CORSYM_SW_NONE ? 0 : scope + 1;
        it->items = g->items[kind] + g->first[kind][group];
        it->count = g->first[kind][group + 1] - g->first[kind][group];
    } else {
        it->items = NULL;
        it->count = corsym_sw_item_count(m, kind);
    }
}

static inline bool corsym_sw_scope_iter_next(struct corsym_sw_scope_iter *it, uint32_t *item)
{
    while (it->next < it->count) {
        uint32_t n = it->next++;
        if (it->items) {
            *item = it->items[n];
            return true;
        }
        if (corsym_sw_scope_of(it->m, it->kind, n) == it->scope) {
            *item = n;
            return true;
        }
    }
    return false;
}

#endif
