/* SPDX-License-Identifier: MIT */
#include "model/scope_groups.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"

static corsym_status reserve(uint32_t **p, size_t *cap, size_t want)
{
    if (want <= *cap && *p)
        return CORSYM_OK;
    size_t bytes;
    if (!corsym_checked_mul(want ? want : 1, sizeof(uint32_t), &bytes))
        return CORSYM_E_NOMEM;
    uint32_t *grown = realloc(*p, bytes);
    if (!grown)
        return CORSYM_E_NOMEM;
    *p = grown;
    *cap = want ? want : 1;
    return CORSYM_OK;
}

/* Group 0 holds what has no scope, group s + 1 scope s; an index out of range (which the
 * model never gives) is in no group, as a scan for any scope would not find it either. */
#define NO_GROUP UINT32_MAX

static uint32_t group_of(uint32_t scope, uint32_t scope_count)
{
    if (scope == CORSYM_SW_NONE)
        return 0;
    return scope < scope_count ? scope + 1 : NO_GROUP;
}

corsym_status corsym_sw_scope_groups_build(struct corsym_sw_scope_groups *g,
                                           const struct corsym_sw_method *m)
{
    size_t groups = (size_t)m->scope_count + 2; /* no scope, each scope, the end */
    g->scope_count = m->scope_count;
    for (unsigned k = 0; k < CORSYM_SW_GROUPS; k++) {
        uint32_t count = corsym_sw_item_count(m, (enum corsym_sw_group)k);
        CORSYM_TRY(reserve(&g->first[k], &g->first_cap[k], groups));
        CORSYM_TRY(reserve(&g->items[k], &g->items_cap[k], count));
        uint32_t *first = g->first[k];
        memset(first, 0, groups * sizeof *first);
        for (uint32_t i = 0; i < count; i++) {
            uint32_t group = group_of(corsym_sw_scope_of(m, (enum corsym_sw_group)k, i),
                                      m->scope_count);
            if (group != NO_GROUP)
                first[group + 1]++;
        }
        for (size_t b = 1; b < groups; b++)
            first[b] += first[b - 1];
        /* Filling moves each group's start to its end; the shift afterwards puts it back. */
        for (uint32_t i = 0; i < count; i++) {
            uint32_t group = group_of(corsym_sw_scope_of(m, (enum corsym_sw_group)k, i),
                                      m->scope_count);
            if (group != NO_GROUP)
                g->items[k][first[group]++] = i;
        }
        memmove(first + 1, first, (groups - 1) * sizeof *first);
        first[0] = 0;
    }
    return CORSYM_OK;
}

bool corsym_sw_scope_groups_worth(const struct corsym_sw_method *m)
{
    uint64_t items = (uint64_t)m->scope_count + m->using_count + m->constant_count +
                     m->local_count;
    return (uint64_t)m->scope_count * items > 1024;
}

void corsym_sw_scope_groups_free(struct corsym_sw_scope_groups *g)
{
    for (unsigned k = 0; k < CORSYM_SW_GROUPS; k++) {
        free(g->first[k]);
        free(g->items[k]);
    }
    memset(g, 0, sizeof *g);
}
