/* SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "model/enc.h"

void corsym_extent_builder_begin(struct corsym_extent_builder *b, uint32_t token,
                                 uint32_t version, uint32_t single_document,
                                 const struct corsym_line_deltas *deltas)
{
    memset(b, 0, sizeof(*b));
    b->token = token;
    b->version = version;
    b->single_document = single_document;
    if (deltas)
        b->deltas = *deltas;
}

corsym_status corsym_extent_builder_point(struct corsym_extent_builder *b, uint32_t document,
                                          bool hidden, uint32_t start_line, uint32_t end_line)
{
    uint32_t index = b->point++;
    if (hidden)
        return CORSYM_OK;
    /* Lines are ints in Microsoft's reader and deltas wrap the way its unchecked sums do. */
    int32_t delta = corsym_line_deltas_at(&b->deltas, index);
    int32_t first = (int32_t)(start_line + (uint32_t)delta);
    int32_t last = (int32_t)(end_line + (uint32_t)delta);
    /* A method visits few documents, so a linear search over its runs is fine. */
    for (uint32_t i = 0; i < b->run_count; i++) {
        struct corsym_enc_run *r = &b->runs[i];
        if (r->document != document)
            continue;
        if (first < r->first_line)
            r->first_line = first;
        if (last > r->last_line)
            r->last_line = last;
        return CORSYM_OK;
    }
    if (b->run_count == b->run_capacity) {
        uint32_t capacity = b->run_capacity ? b->run_capacity * 2 : 4;
        struct corsym_enc_run *runs = realloc(b->runs, capacity * sizeof(*runs));
        if (!runs)
            return CORSYM_E_NOMEM;
        b->runs = runs;
        b->run_capacity = capacity;
    }
    b->runs[b->run_count].document = document;
    b->runs[b->run_count].first_line = first;
    b->runs[b->run_count].last_line = last;
    b->run_count++;
    return CORSYM_OK;
}

corsym_status corsym_extent_builder_end(struct corsym_extent_builder *b)
{
    if (b->run_count || b->single_document == CORSYM_NONE)
        return CORSYM_OK;
    /* Microsoft's reader starts a body in its MethodDebugInformation document with an
     * empty range (int.MaxValue, int.MinValue), and yields it even if no point is visible. */
    b->runs = malloc(sizeof(*b->runs));
    if (!b->runs)
        return CORSYM_E_NOMEM;
    b->run_capacity = 1;
    b->run_count = 1;
    b->runs[0].document = b->single_document;
    b->runs[0].first_line = INT32_MAX;
    b->runs[0].last_line = INT32_MIN;
    return CORSYM_OK;
}

void corsym_extent_builder_free(struct corsym_extent_builder *b)
{
    free(b->runs);
    b->runs = NULL;
    b->run_count = b->run_capacity = 0;
}

/* The one document all of a loaded method's points are in, or CORSYM_NONE. */
static uint32_t single_document_of(const struct corsym_method *m)
{
    if (!m->point_count)
        return CORSYM_NONE;
    for (uint32_t i = 1; i < m->point_count; i++)
        if (m->points[i].document != m->points[0].document)
            return CORSYM_NONE;
    return m->points[0].document;
}

corsym_status corsym_enc_extents_from_methods(struct corsym_symbols *symbols, uint32_t document,
                                              struct corsym_method_extent **out,
                                              uint32_t *count)
{
    *out = NULL;
    *count = 0;
    const uint32_t *tokens;
    uint32_t n;
    CORSYM_TRY(symbols->ops->methods_in_document(symbols, document, &tokens, &n));
    if (!n)
        return CORSYM_OK;
    struct corsym_method_extent *extents = malloc((size_t)n * sizeof(*extents));
    if (!extents)
        return CORSYM_E_NOMEM;
    uint32_t used = 0;
    corsym_status st = CORSYM_OK;
    for (uint32_t i = 0; i < n && st == CORSYM_OK; i++) {
        struct corsym_method *m;
        if (symbols->ops->method(symbols, tokens[i], &m) != CORSYM_OK)
            continue;
        struct corsym_extent_builder b;
        corsym_extent_builder_begin(&b, tokens[i], 1, single_document_of(m), NULL);
        for (uint32_t p = 0; p < m->point_count && st == CORSYM_OK; p++) {
            const struct corsym_sequence_point *sp = &m->points[p];
            st = corsym_extent_builder_point(&b, sp->document,
                                             sp->start_line == CORSYM_HIDDEN_LINE,
                                             sp->start_line, sp->end_line);
        }
        if (st == CORSYM_OK)
            st = corsym_extent_builder_end(&b);
        for (uint32_t r = 0; st == CORSYM_OK && r < b.run_count; r++) {
            if (b.runs[r].document != document)
                continue;
            extents[used].token = tokens[i];
            extents[used].version = 1;
            extents[used].first_line = b.runs[r].first_line;
            extents[used].last_line = b.runs[r].last_line;
            used++;
        }
        corsym_extent_builder_free(&b);
        corsym_method_free(m);
    }
    if (st != CORSYM_OK || !used) {
        free(extents);
        return st;
    }
    *out = extents;
    *count = used;
    return CORSYM_OK;
}

corsym_status corsym_enc_single_version(struct corsym_symbols *symbols, uint32_t token,
                                        uint32_t version, struct corsym_method **out)
{
    *out = NULL;
    if (version != 1 || (token >> 24) != 0x06)
        return CORSYM_E_INVALID_ARG;
    return symbols->ops->method(symbols, token, out);
}
