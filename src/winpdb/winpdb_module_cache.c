/* SPDX-License-Identifier: MIT */
/*
 * Each module's stream, loaded once, and the index of its line tables by the address they
 * belong to. Loading a method used to load (often copy) its whole module stream and walk
 * every C13 subsection to find the method's lines: quadratic in a module's methods, which a
 * PDB without metadata (every method in "<Module>") or one huge generated type makes large
 * (30 000 methods: 30 s to dump). Built on first use by whichever thread gets there first and
 * published with one compare-and-swap; immutable afterwards, freed with the PDB.
 *
 * The index answers exactly as the walk it replaces: the first FILECHKSMS; the first
 * DEBUG_S_LINES at the method's address; a line table that fails to parse before that one,
 * or a damaged subsection list anywhere, fails the lookup.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "platform/atomic.h"

struct lines_entry {
    uint32_t offset;
    uint16_t segment;
    uint32_t order; /* among the module's LINES subsections */
    struct corsym_span data;
};

struct corsym_winpdb_module_cache {
    struct corsym_winpdb_module module;
    struct corsym_span files;
    bool has_files;
    struct lines_entry *lines; /* sorted by (segment, offset, order) */
    uint32_t line_count;
    uint32_t first_bad;        /* order of the first LINES that fails to parse, or UINT32_MAX */
    corsym_status bad_status;  /* its error */
    corsym_status walk_status; /* OK, or the error that ended the subsection walk */
};

static int compare_lines(const void *a, const void *b)
{
    const struct lines_entry *x = a, *y = b;
    if (x->segment != y->segment)
        return x->segment < y->segment ? -1 : 1;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static void cache_free(struct corsym_winpdb_module_cache *c)
{
    if (!c)
        return;
    corsym_winpdb_module_release(&c->module);
    free(c->lines);
    free(c);
}

static corsym_status cache_build(const struct corsym_winpdb *pdb, uint32_t index,
                                 struct corsym_winpdb_module_cache **out)
{
    *out = NULL;
    struct corsym_winpdb_module_cache *c = calloc(1, sizeof *c);
    if (!c)
        return CORSYM_E_NOMEM;
    c->first_bad = UINT32_MAX;
    corsym_status st = corsym_winpdb_module_load(pdb, index, &c->module);
    if (st != CORSYM_OK) {
        free(c);
        return st;
    }
    struct corsym_c13_iter it;
    struct corsym_c13_subsection sub;
    uint32_t cap = 0, order = 0;
    corsym_c13_begin(&it, c->module.c13);
    while ((st = corsym_c13_next(&it, &sub)) == CORSYM_OK) {
        if (sub.kind == CORSYM_DEBUG_S_FILECHKSMS && !c->has_files) {
            c->files = sub.data;
            c->has_files = true;
        } else if (sub.kind == CORSYM_DEBUG_S_LINES) {
            struct corsym_c13_lines l;
            corsym_status parsed = corsym_c13_lines_parse(sub.data, &l);
            if (parsed != CORSYM_OK) {
                if (c->first_bad == UINT32_MAX) {
                    c->first_bad = order;
                    c->bad_status = parsed;
                }
            } else {
                if (c->line_count == cap) {
                    uint32_t grown = cap ? cap * 2 : 16;
                    struct lines_entry *p =
                        grown > cap ? realloc(c->lines, (size_t)grown * sizeof *p) : NULL;
                    if (!p) {
                        cache_free(c);
                        return CORSYM_E_NOMEM;
                    }
                    c->lines = p;
                    cap = grown;
                }
                struct lines_entry *e = &c->lines[c->line_count++];
                e->offset = l.offset;
                e->segment = l.segment;
                e->order = order;
                e->data = sub.data;
            }
            order++;
        }
    }
    c->walk_status = st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    if (c->line_count)
        corsym_sort(c->lines, c->line_count, sizeof *c->lines, compare_lines);
    *out = c;
    return CORSYM_OK;
}

corsym_status corsym_winpdb_module_cached(const struct corsym_winpdb *pdb, uint32_t index,
                                          const struct corsym_winpdb_module_cache **out)
{
    *out = NULL;
    if (index >= pdb->module_count || !pdb->module_cache)
        return CORSYM_NOT_FOUND;
    void *volatile *slot = (void *volatile *)&pdb->module_cache[index];
    struct corsym_winpdb_module_cache *c = corsym_atomic_load_ptr((void *const volatile *)slot);
    if (!c) {
        CORSYM_TRY(cache_build(pdb, index, &c));
        if (!corsym_atomic_publish_ptr(slot, c)) {
            cache_free(c); /* another thread built it first */
            c = corsym_atomic_load_ptr((void *const volatile *)slot);
        }
    }
    *out = c;
    return CORSYM_OK;
}

const struct corsym_winpdb_module *corsym_winpdb_cached_module(
    const struct corsym_winpdb_module_cache *c)
{
    return &c->module;
}

corsym_status corsym_winpdb_cached_lines(const struct corsym_winpdb_module_cache *c,
                                         uint16_t segment, uint32_t offset,
                                         struct corsym_span *lines, bool *has_lines,
                                         struct corsym_span *files, bool *has_files)
{
    *has_lines = false;
    *files = c->files;
    *has_files = c->has_files;
    uint32_t lo = 0, hi = c->line_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct lines_entry *e = &c->lines[mid];
        if (e->segment < segment || (e->segment == segment && e->offset < offset))
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t match = UINT32_MAX;
    if (lo < c->line_count && c->lines[lo].segment == segment && c->lines[lo].offset == offset) {
        match = c->lines[lo].order;
        *lines = c->lines[lo].data;
    }
    /* The walk this replaces parsed every table before the match, and went to the end. */
    if (c->first_bad < match)
        return c->bad_status;
    if (c->walk_status != CORSYM_OK)
        return c->walk_status;
    *has_lines = match != UINT32_MAX;
    return CORSYM_OK;
}

corsym_status corsym_winpdb_module_cache_init(struct corsym_winpdb *pdb)
{
    pdb->module_cache = calloc(pdb->module_count ? pdb->module_count : 1,
                               sizeof *pdb->module_cache);
    return pdb->module_cache ? CORSYM_OK : CORSYM_E_NOMEM;
}

void corsym_winpdb_module_cache_free(struct corsym_winpdb *pdb)
{
    if (!pdb->module_cache)
        return;
    for (uint32_t i = 0; i < pdb->module_count; i++)
        cache_free(pdb->module_cache[i]);
    free(pdb->module_cache);
    pdb->module_cache = NULL;
}
