/* SPDX-License-Identifier: MIT */
/*
 * Edit and Continue over Windows PDBs. A delta is an ordinary Windows PDB that holds the
 * methods an edit changed (what a compiler's writer makes for an EnC generation), so a
 * snapshot here is a stack of plain Windows sources: a method answers from the latest
 * generation that has it, with that generation as its version.
 *
 * What Microsoft's DLL was seen to do (tests/wine/enc_dump_main.c, expected/enc/):
 *  - documents merge by URL, letters compared without case; new URLs are appended;
 *  - the entry point is the first generation's that names one;
 *  - a method's extent in a document is replaced only where its new body has visible
 *    points; elsewhere the older version's extent stays (an all-hidden body replaces none);
 *  - UpdateSymbolStore2's line deltas move methods the delta does not carry; for a method
 *    it carries, the delta is ignored;
 *  - UpdateMethodLines moves point i of every version of the method by deltas[i];
 *  - when line deltas change, only the extent in the document of the latest body's first
 *    visible point is measured again (the others keep their lines);
 *  - FindClosestLine takes the points of the versions the document's extents name, without
 *    line deltas;
 *  - positions: see extent_has_point in com/reader.c.
 *
 * Snapshots are immutable: an update copies what it changes into a new one and retains the
 * sources, so old and new can be destroyed in either order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "model/enc.h"
#include "model/windows_source.h"

struct enc_generation {
    struct corsym_symbols *source; /* retained */
    uint32_t *doc_map;             /* the source's document i -> the snapshot's */
    uint32_t doc_count;
};

struct doc_origin {
    uint32_t generation, index;
};

struct token_deltas {
    uint32_t token;
    int32_t all;
    int32_t *each;
    uint32_t count;
};

struct extent_list {
    struct corsym_method_extent *items; /* ascending by token, one per token */
    uint32_t *tokens;                   /* the same tokens, for methods_in_document */
    uint32_t count;
};

struct windows_enc {
    struct corsym_symbols base;
    struct enc_generation *gens;
    uint32_t gen_count;
    struct doc_origin *origins;
    struct corsym_document *records;
    struct extent_list *extents; /* per document */
    struct token_deltas *deltas; /* ascending by token */
    uint32_t delta_count;
};

static const struct corsym_symbols_ops enc_ops;

static inline struct windows_enc *impl(struct corsym_symbols *symbols)
{
    return (struct windows_enc *)symbols;
}

static void *alloc_array(size_t count, size_t size)
{
    size_t bytes;
    if (!corsym_checked_mul(count ? count : 1, size, &bytes))
        return NULL;
    return calloc(1, bytes);
}

static void enc_destroy(struct corsym_symbols *symbols)
{
    struct windows_enc *e = impl(symbols);
    for (uint32_t g = 0; g < e->gen_count; g++) {
        corsym_symbols_destroy(e->gens[g].source);
        free(e->gens[g].doc_map);
    }
    for (uint32_t d = 0; e->extents && d < symbols->document_count; d++) {
        free(e->extents[d].items);
        free(e->extents[d].tokens);
    }
    for (uint32_t i = 0; i < e->delta_count; i++)
        free(e->deltas[i].each);
    free(e->gens);
    free(e->origins);
    free(e->records);
    free(e->extents);
    free(e->deltas);
    free(e);
}

/* ---- documents ---- */

static uint16_t fold(uint16_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint16_t)(c + ('a' - 'A')) : c;
}

static bool same_url(const struct corsym_wstr *a, const struct corsym_wstr *b)
{
    if (a->length != b->length)
        return false;
    for (uint32_t i = 0; i < a->length; i++)
        if (fold(a->chars[i]) != fold(b->chars[i]))
            return false;
    return true;
}

static corsym_status enc_document(struct corsym_symbols *symbols, uint32_t index,
                                  const struct corsym_document **out)
{
    if (index >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    *out = &impl(symbols)->records[index];
    return CORSYM_OK;
}

static corsym_status enc_embedded_source(struct corsym_symbols *symbols, uint32_t document,
                                         struct corsym_bytes *out)
{
    struct windows_enc *e = impl(symbols);
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct doc_origin *o = &e->origins[document];
    struct corsym_symbols *source = e->gens[o->generation].source;
    return source->ops->embedded_source(source, o->index, out);
}

/* ---- methods ---- */

/* The generation's method with documents and version in the snapshot's terms. */
static corsym_status load_from(struct windows_enc *e, uint32_t g, uint32_t token,
                               struct corsym_method **out)
{
    const struct enc_generation *gen = &e->gens[g];
    CORSYM_TRY(gen->source->ops->method(gen->source, token, out));
    struct corsym_method *m = *out;
    for (uint32_t i = 0; i < m->point_count; i++) {
        uint32_t doc = m->points[i].document;
        m->points[i].document = doc < gen->doc_count ? gen->doc_map[doc] : CORSYM_NONE;
    }
    m->version = g + 1;
    return CORSYM_OK;
}

static corsym_status enc_method(struct corsym_symbols *symbols, uint32_t token,
                                struct corsym_method **out)
{
    struct windows_enc *e = impl(symbols);
    *out = NULL;
    for (uint32_t g = e->gen_count; g-- > 0;) {
        corsym_status st = load_from(e, g, token, out);
        if (st != CORSYM_NOT_FOUND)
            return st;
    }
    return CORSYM_NOT_FOUND;
}

static corsym_status enc_method_version(struct corsym_symbols *symbols, uint32_t token,
                                        uint32_t version, struct corsym_method **out)
{
    struct windows_enc *e = impl(symbols);
    *out = NULL;
    if (version < 1 || version > e->gen_count || (token >> 24) != 0x06)
        return CORSYM_E_INVALID_ARG;
    return load_from(e, version - 1, token, out);
}

static corsym_status enc_methods_in_document(struct corsym_symbols *symbols, uint32_t document,
                                             const uint32_t **tokens, uint32_t *count)
{
    struct windows_enc *e = impl(symbols);
    *tokens = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    *tokens = e->extents[document].tokens;
    *count = e->extents[document].count;
    return CORSYM_OK;
}

/* Attributes of the latest generation that has the method. */
static corsym_status enc_sym_attribute(struct corsym_symbols *symbols, uint32_t token,
                                       const uint16_t *name, struct corsym_bytes *out)
{
    struct windows_enc *e = impl(symbols);
    for (uint32_t g = e->gen_count; g-- > 0;) {
        struct corsym_symbols *source = e->gens[g].source;
        corsym_status st = source->ops->sym_attribute(source, token, name, out);
        if (st != CORSYM_E_INVALID_ARG)
            return st;
    }
    return CORSYM_E_INVALID_ARG;
}

static const struct token_deltas *find_deltas(const struct windows_enc *e, uint32_t token)
{
    uint32_t lo = 0, hi = e->delta_count;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (e->deltas[mid].token < token)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < e->delta_count && e->deltas[lo].token == token ? &e->deltas[lo] : NULL;
}

static corsym_status enc_line_deltas(struct corsym_symbols *symbols, uint32_t token,
                                     struct corsym_line_deltas *out)
{
    const struct token_deltas *d = find_deltas(impl(symbols), token);
    if (!d)
        return CORSYM_NOT_FOUND;
    out->all = d->all;
    out->each = d->each;
    out->count = d->count;
    return CORSYM_OK;
}

static corsym_status enc_document_extents(struct corsym_symbols *symbols, uint32_t document,
                                          struct corsym_method_extent **out, uint32_t *count)
{
    struct windows_enc *e = impl(symbols);
    *out = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct extent_list *list = &e->extents[document];
    if (!list->count)
        return CORSYM_OK;
    *out = malloc((size_t)list->count * sizeof(**out));
    if (!*out)
        return CORSYM_E_NOMEM;
    memcpy(*out, list->items, (size_t)list->count * sizeof(**out));
    *count = list->count;
    return CORSYM_OK;
}

/* ---- building snapshots ---- */

/* A new snapshot with the same content as `old` (NULL: over `source` alone), with room
 * for `extra_docs` more documents and one more generation. */
static corsym_status snapshot_new(const struct windows_enc *old, struct corsym_symbols *source,
                                  uint32_t extra_docs, struct windows_enc **out)
{
    const struct corsym_symbols *model = old ? &old->base : source;
    uint32_t docs = model->document_count, gens = old ? old->gen_count : 1;
    size_t doc_room;
    if (!corsym_checked_add(docs, extra_docs, &doc_room) || doc_room > UINT32_MAX - 1)
        return CORSYM_E_UNSUPPORTED;
    struct windows_enc *e = calloc(1, sizeof(*e));
    if (!e)
        return CORSYM_E_NOMEM;
    e->base = *model;
    e->base.ops = &enc_ops;
    e->gens = alloc_array(gens + 1, sizeof(*e->gens));
    e->origins = alloc_array(doc_room, sizeof(*e->origins));
    e->records = alloc_array(doc_room, sizeof(*e->records));
    e->extents = alloc_array(doc_room, sizeof(*e->extents));
    e->deltas = alloc_array(old ? old->delta_count + 1 : 1, sizeof(*e->deltas));
    e->base.document_count = 0;
    corsym_status st = e->gens && e->origins && e->records && e->extents && e->deltas
                           ? CORSYM_OK : CORSYM_E_NOMEM;
    /* Generations: the sources are shared, the maps copied. */
    for (uint32_t g = 0; st == CORSYM_OK && g < gens; g++) {
        struct enc_generation *gen = &e->gens[g];
        const struct enc_generation *from = old ? &old->gens[g] : NULL;
        struct corsym_symbols *s = from ? from->source : source;
        gen->doc_count = from ? from->doc_count : s->document_count;
        gen->doc_map = alloc_array(gen->doc_count, sizeof(uint32_t));
        if (!gen->doc_map) {
            st = CORSYM_E_NOMEM;
            break;
        }
        gen->source = corsym_windows_source_retain(s);
        e->gen_count = g + 1;
        for (uint32_t i = 0; i < gen->doc_count; i++)
            gen->doc_map[i] = from ? from->doc_map[i] : i;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < (old ? old->delta_count : 0); i++) {
        struct token_deltas *d = &e->deltas[i];
        *d = old->deltas[i];
        d->each = NULL;
        if (d->count) {
            d->each = alloc_array(d->count, sizeof(int32_t));
            if (!d->each) {
                d->count = 0;
                st = CORSYM_E_NOMEM;
            } else {
                memcpy(d->each, old->deltas[i].each, d->count * sizeof(int32_t));
            }
        }
        e->delta_count = i + 1;
    }
    /* Documents and their extents. */
    for (uint32_t d = 0; st == CORSYM_OK && d < docs; d++) {
        struct extent_list *list = &e->extents[d];
        e->base.document_count = d + 1;
        if (old) {
            e->origins[d] = old->origins[d];
            e->records[d] = old->records[d];
            const struct extent_list *from = &old->extents[d];
            list->count = from->count;
            if (from->count) {
                list->items = alloc_array(from->count, sizeof(*list->items));
                if (!list->items) {
                    list->count = 0;
                    st = CORSYM_E_NOMEM;
                } else {
                    memcpy(list->items, from->items, from->count * sizeof(*list->items));
                }
            }
            continue;
        }
        const struct corsym_document *record;
        st = source->ops->document(source, d, &record);
        if (st != CORSYM_OK)
            break;
        e->origins[d].generation = 0;
        e->origins[d].index = d;
        e->records[d] = *record;
        st = corsym_enc_extents_from_methods(source, d, &list->items, &list->count);
    }
    if (st != CORSYM_OK) {
        enc_destroy(&e->base);
        return st;
    }
    e->base.version_count = e->gen_count;
    *out = e;
    return CORSYM_OK;
}

/* The methods_in_document lists, from the extents. */
static corsym_status seal(struct windows_enc *e)
{
    for (uint32_t d = 0; d < e->base.document_count; d++) {
        struct extent_list *list = &e->extents[d];
        free(list->tokens);
        list->tokens = NULL;
        if (!list->count)
            continue;
        list->tokens = alloc_array(list->count, sizeof(uint32_t));
        if (!list->tokens)
            return CORSYM_E_NOMEM;
        for (uint32_t i = 0; i < list->count; i++)
            list->tokens[i] = list->items[i].token;
    }
    e->base.version_count = e->gen_count;
    e->base.edited = true;
    return CORSYM_OK;
}

/* Sets the token's extent in a document (replacing the one it had there). */
static corsym_status put_extent(struct extent_list *list, const struct corsym_method_extent *x)
{
    uint32_t at = 0;
    while (at < list->count && list->items[at].token < x->token)
        at++;
    if (at < list->count && list->items[at].token == x->token) {
        list->items[at] = *x;
        return CORSYM_OK;
    }
    struct corsym_method_extent *items =
        realloc(list->items, ((size_t)list->count + 1) * sizeof(*items));
    if (!items)
        return CORSYM_E_NOMEM;
    memmove(items + at + 1, items + at, (size_t)(list->count - at) * sizeof(*items));
    items[at] = *x;
    list->items = items;
    list->count++;
    return CORSYM_OK;
}

/* Runs (document, lines) of one loaded body with the token's line deltas; only visible
 * points make runs, so an all-hidden body has none. */
static corsym_status measure(const struct windows_enc *e, const struct corsym_method *m,
                             struct corsym_extent_builder *b)
{
    struct corsym_line_deltas none = { 0, NULL, 0 }, deltas = none;
    const struct token_deltas *d = find_deltas(e, m->token);
    if (d) {
        deltas.all = d->all;
        deltas.each = d->each;
        deltas.count = d->count;
    }
    corsym_extent_builder_begin(b, m->token, m->version, CORSYM_NONE, &deltas);
    corsym_status st = CORSYM_OK;
    for (uint32_t p = 0; p < m->point_count && st == CORSYM_OK; p++) {
        const struct corsym_sequence_point *sp = &m->points[p];
        bool hidden = sp->start_line == CORSYM_HIDDEN_LINE || sp->document == CORSYM_NONE;
        st = corsym_extent_builder_point(b, sp->document, hidden, sp->start_line, sp->end_line);
    }
    if (st != CORSYM_OK)
        corsym_extent_builder_free(b);
    return st;
}

/* Measures the token's extent again after its line deltas changed: in Microsoft's DLL only
 * the one in the document of its latest body's first visible point; its extents in other
 * documents keep their lines. */
static corsym_status refresh_extent(struct windows_enc *e, uint32_t token)
{
    struct corsym_method *m;
    if (enc_method(&e->base, token, &m) != CORSYM_OK)
        return CORSYM_OK;
    uint32_t d = CORSYM_NONE;
    for (uint32_t i = 0; i < m->point_count && d == CORSYM_NONE; i++)
        if (m->points[i].start_line != CORSYM_HIDDEN_LINE)
            d = m->points[i].document;
    struct corsym_method_extent *x = NULL;
    for (uint32_t i = 0; d < e->base.document_count && i < e->extents[d].count; i++)
        if (e->extents[d].items[i].token == token)
            x = &e->extents[d].items[i];
    if (x && x->version != m->version) {
        corsym_method_free(m);
        if (enc_method_version(&e->base, token, x->version, &m) != CORSYM_OK)
            return CORSYM_OK;
    }
    corsym_status st = CORSYM_OK;
    if (x) {
        struct corsym_extent_builder b;
        st = measure(e, m, &b);
        for (uint32_t r = 0; st == CORSYM_OK && r < b.run_count; r++)
            if (b.runs[r].document == d) {
                x->first_line = b.runs[r].first_line;
                x->last_line = b.runs[r].last_line;
            }
        if (st == CORSYM_OK)
            corsym_extent_builder_free(&b);
    }
    corsym_method_free(m);
    return st;
}

static struct token_deltas *deltas_for(struct windows_enc *e, uint32_t token)
{
    uint32_t at = 0;
    while (at < e->delta_count && e->deltas[at].token < token)
        at++;
    if (at < e->delta_count && e->deltas[at].token == token)
        return &e->deltas[at];
    /* snapshot_new left room for one more; callers add at most one token per snapshot
     * unless they grow the array first (add_whole_method_deltas does). */
    memmove(&e->deltas[at + 1], &e->deltas[at], (size_t)(e->delta_count - at) * sizeof(*e->deltas));
    memset(&e->deltas[at], 0, sizeof(*e->deltas));
    e->deltas[at].token = token;
    e->delta_count++;
    return &e->deltas[at];
}

static bool source_has(struct corsym_symbols *source, uint32_t token)
{
    uint32_t lo = 0, hi = corsym_windows_source_method_count(source);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        uint32_t t = corsym_windows_source_method_token(source, mid);
        if (t == token)
            return true;
        if (t < token)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Adds the generation to a snapshot that has room for it: documents merged, the extents of
 * the methods it carries replaced where their new bodies have visible points. */
static corsym_status add_generation(struct windows_enc *e, struct corsym_symbols *delta)
{
    uint32_t g = e->gen_count;
    struct enc_generation *gen = &e->gens[g];
    gen->doc_map = alloc_array(delta->document_count, sizeof(uint32_t));
    if (!gen->doc_map) {
        corsym_symbols_destroy(delta);
        return CORSYM_E_NOMEM;
    }
    gen->source = delta;
    gen->doc_count = delta->document_count;
    e->gen_count = g + 1;
    if (!e->base.entry_point)
        e->base.entry_point = delta->entry_point; /* the first generation that names one */
    for (uint32_t i = 0; i < delta->document_count; i++) {
        const struct corsym_document *record;
        CORSYM_TRY(delta->ops->document(delta, i, &record));
        uint32_t j = 0;
        while (j < e->base.document_count && !same_url(&e->records[j].url, &record->url))
            j++;
        if (j == e->base.document_count) {
            e->records[j] = *record;
            e->origins[j].generation = g;
            e->origins[j].index = i;
            e->base.document_count++;
        }
        gen->doc_map[i] = j;
    }
    uint32_t methods = corsym_windows_source_method_count(delta);
    for (uint32_t i = 0; i < methods; i++) {
        uint32_t token = corsym_windows_source_method_token(delta, i);
        struct corsym_method *m;
        if (!token || load_from(e, g, token, &m) != CORSYM_OK)
            continue;
        struct corsym_extent_builder b;
        corsym_status st = measure(e, m, &b);
        corsym_method_free(m);
        CORSYM_TRY(st);
        for (uint32_t r = 0; r < b.run_count && st == CORSYM_OK; r++) {
            struct corsym_method_extent x = { token, g + 1, b.runs[r].first_line,
                                              b.runs[r].last_line };
            st = put_extent(&e->extents[b.runs[r].document], &x);
        }
        corsym_extent_builder_free(&b);
        CORSYM_TRY(st);
    }
    return CORSYM_OK;
}

/* UpdateSymbolStore2's deltas, for the methods the new generation does not carry. */
static corsym_status add_whole_method_deltas(struct windows_enc *e,
                                             const struct corsym_line_delta *deltas, uint32_t count)
{
    struct corsym_symbols *latest = e->gens[e->gen_count - 1].source;
    struct token_deltas *grown = realloc(e->deltas, ((size_t)e->delta_count + count + 1) *
                                                        sizeof(*grown));
    if (!grown)
        return CORSYM_E_NOMEM;
    e->deltas = grown;
    for (uint32_t i = 0; i < count; i++) {
        if ((deltas[i].token >> 24) != 0x06 || source_has(latest, deltas[i].token))
            continue;
        struct token_deltas *d = deltas_for(e, deltas[i].token);
        d->all = (int32_t)((uint32_t)d->all + (uint32_t)deltas[i].delta);
        CORSYM_TRY(refresh_extent(e, deltas[i].token));
    }
    return CORSYM_OK;
}

/* Seals a snapshot built so far with status st and hands it out, or destroys it. */
static corsym_status finish(struct windows_enc *e, corsym_status st, struct corsym_symbols **out)
{
    if (st == CORSYM_OK)
        st = seal(e);
    if (st != CORSYM_OK) {
        enc_destroy(&e->base);
        return st;
    }
    *out = &e->base;
    return CORSYM_OK;
}

static corsym_status enc_update(struct corsym_symbols *symbols, const uint8_t *data, size_t size,
                                bool owned, const struct corsym_line_delta *deltas, uint32_t count,
                                struct corsym_symbols **out)
{
    struct windows_enc *old = impl(symbols);
    struct corsym_symbols *delta;
    *out = NULL;
    corsym_status st = corsym_windows_source_open(data, size, owned ? (uint8_t *)data : NULL,
                                                  &delta);
    if (st != CORSYM_OK) {
        if (owned)
            free((void *)data);
        return st;
    }
    struct windows_enc *e;
    st = snapshot_new(old, NULL, delta->document_count, &e);
    if (st != CORSYM_OK) {
        corsym_symbols_destroy(delta);
        return st;
    }
    st = add_generation(e, delta); /* takes delta */
    if (st == CORSYM_OK)
        st = add_whole_method_deltas(e, deltas, count);
    return finish(e, st, out);
}

static corsym_status enc_update_method_lines(struct corsym_symbols *symbols, uint32_t token,
                                             const int32_t *deltas, uint32_t count,
                                             struct corsym_symbols **out)
{
    struct windows_enc *old = impl(symbols);
    *out = NULL;
    struct corsym_method *m;
    CORSYM_TRY(enc_method(symbols, token, &m));
    uint32_t points = m->point_count;
    corsym_method_free(m);
    if (!points)
        return CORSYM_NOT_FOUND;
    if (count != points)
        return CORSYM_E_INVALID_ARG;
    struct windows_enc *e;
    CORSYM_TRY(snapshot_new(old, NULL, 0, &e));
    struct token_deltas *d = deltas_for(e, token);
    corsym_status st = CORSYM_OK;
    if (d->count < count) {
        int32_t *each = realloc(d->each, (size_t)count * sizeof(int32_t));
        if (!each) {
            st = CORSYM_E_NOMEM;
        } else {
            memset(each + d->count, 0, (size_t)(count - d->count) * sizeof(int32_t));
            d->each = each;
            d->count = count;
        }
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < count; i++)
        d->each[i] = (int32_t)((uint32_t)d->each[i] + (uint32_t)deltas[i]);
    if (st == CORSYM_OK)
        st = refresh_extent(e, token);
    return finish(e, st, out);
}

/* FindClosestLine once the symbols were edited, as Microsoft's DLL answers it: the nearest
 * line at or after `line` where a visible point starts in this document, among the bodies
 * whose extents the document lists (each in the version that made it), line deltas not
 * applied. */
static corsym_status enc_closest_line(struct corsym_symbols *symbols, uint32_t document,
                                      uint32_t line, uint32_t *out)
{
    struct windows_enc *e = impl(symbols);
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct extent_list *list = &e->extents[document];
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < list->count; i++) {
        struct corsym_method *m;
        if (enc_method_version(symbols, list->items[i].token, list->items[i].version, &m) !=
            CORSYM_OK)
            continue;
        for (uint32_t k = 0; k < m->point_count; k++) {
            const struct corsym_sequence_point *sp = &m->points[k];
            if (sp->document == document && sp->start_line != CORSYM_HIDDEN_LINE &&
                sp->start_line >= line && sp->start_line < best)
                best = sp->start_line;
        }
        corsym_method_free(m);
    }
    if (best == UINT32_MAX)
        return CORSYM_NOT_FOUND;
    *out = best;
    return CORSYM_OK;
}

static const struct corsym_symbols_ops enc_ops = {
    enc_destroy,
    enc_document,
    enc_embedded_source,
    enc_method,
    enc_methods_in_document,
    enc_sym_attribute,
    enc_method_version,
    enc_document_extents,
    enc_line_deltas,
    enc_update,
    enc_update_method_lines,
    enc_closest_line,
};

corsym_status corsym_windows_enc_begin(struct corsym_symbols *source, struct corsym_symbols **out)
{
    struct windows_enc *e;
    *out = NULL;
    CORSYM_TRY(snapshot_new(NULL, source, 0, &e));
    return finish(e, CORSYM_OK, out);
}
