/* SPDX-License-Identifier: MIT */
/*
 * Portable PDB emitter: plan every row and heap entry from the model, then write the
 * metadata root, the stream headers and the streams (#Pdb, #~, #Strings, #US, #GUID,
 * #Blob, in the order csc writes them) in one pass. See ppdb_emit.h for the mapping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sort.h"
#include "base/checked.h"
#include "base/hash.h"
#include "portable/ecma335_schema.h"
#include "portable/ppdb_cdi.h"
#include "portable/ppdb_emit_private.h"

#define MAX_ROWS 0x00FFFFFFu
#define ROW(e, t) EMIT_TABLE(e, t)

static const unsigned table_columns[8] = { 4, 2, 6, 3, 2, 2, 2, 3 };

/* ---- heaps ---- */

static corsym_status heap_init(struct emit_heap *h, bool blobs)
{
    memset(h, 0, sizeof(*h));
    h->blobs = blobs;
    /* Index 0 is the empty string / empty blob in both heaps. */
    return corsym_buf_append_u8(&h->data, 0);
}

static void heap_free(struct emit_heap *h)
{
    corsym_buf_free(&h->data);
    free(h->tags);
    free(h->slots);
    free(h->entries);
}

/* Never 0: 0 marks an empty slot. The slot comes from the hash's low bits, the tag from its
 * high ones, so two entries in neighbouring slots rarely share a tag. */
static uint8_t heap_tag(uint32_t hash)
{
    uint8_t tag = (uint8_t)(hash >> 24);
    return tag ? tag : 1;
}

/* A table of at least twice `entries` slots, holding the entries so far. */
static corsym_status heap_rehash(struct emit_heap *h, size_t entries)
{
    size_t count = h->slot_count ? h->slot_count : 256;
    while (count / 2 < entries) {
        if (count > SIZE_MAX / 2)
            return CORSYM_E_NOMEM;
        count *= 2;
    }
    if (count == h->slot_count)
        return CORSYM_OK;
    size_t bytes;
    if (!corsym_checked_mul(count, sizeof(uint32_t), &bytes))
        return CORSYM_E_NOMEM;
    uint8_t *tags = calloc(count, 1);
    uint32_t *slots = malloc(bytes);
    if (!tags || !slots) {
        free(tags);
        free(slots);
        return CORSYM_E_NOMEM;
    }
    for (size_t i = 0; i < h->entry_count; i++) {
        size_t s = h->entries[i].hash & (count - 1);
        while (tags[s])
            s = (s + 1) & (count - 1);
        tags[s] = heap_tag(h->entries[i].hash);
        slots[s] = (uint32_t)(i + 1);
    }
    free(h->tags);
    free(h->slots);
    h->tags = tags;
    h->slots = slots;
    h->slot_count = count;
    return CORSYM_OK;
}

static corsym_status heap_grow_entries(struct emit_heap *h, size_t cap)
{
    size_t bytes;
    if (!corsym_checked_mul(cap, sizeof(*h->entries), &bytes))
        return CORSYM_E_NOMEM;
    void *q = realloc(h->entries, bytes);
    if (!q)
        return CORSYM_E_NOMEM;
    h->entries = q;
    h->entry_cap = cap;
    return CORSYM_OK;
}

/* Room for about `entries` more entries of `bytes` in all, planned from the model's counts,
 * so that a large write does not regrow (copy and fault in again) its heaps step by step. */
static corsym_status heap_reserve(struct emit_heap *h, size_t entries, size_t bytes)
{
    size_t total;
    if (!corsym_checked_add(h->entry_count, entries, &total))
        return CORSYM_E_NOMEM;
    CORSYM_TRY(heap_rehash(h, total));
    if (total > h->entry_cap)
        CORSYM_TRY(heap_grow_entries(h, total));
    return corsym_buf_reserve(&h->data, bytes);
}

static corsym_status heap_add(struct emit_heap *h, const uint8_t *p, size_t len, uint32_t *index)
{
    if (len == 0) {
        *index = 0;
        return CORSYM_OK;
    }
    if (len > UINT32_MAX / 2)
        return CORSYM_E_UNSUPPORTED;
    uint32_t hash = corsym_hash_bytes(p, len);
    uint8_t tag = heap_tag(hash);
    size_t s = 0;
    if (h->slot_count) {
        size_t mask = h->slot_count - 1;
        for (s = hash & mask; h->tags[s]; s = (s + 1) & mask) {
            if (h->tags[s] != tag)
                continue;
            const struct emit_heap_entry *en = &h->entries[h->slots[s] - 1];
            if (en->hash == hash && en->len == len && !memcmp(h->data.data + en->content, p, len)) {
                *index = en->index;
                return CORSYM_OK;
            }
        }
    }
    if ((h->entry_count + 1) * 2 > h->slot_count) {
        CORSYM_TRY(heap_rehash(h, h->entry_count + 1));
        s = hash & (h->slot_count - 1);
        while (h->tags[s])
            s = (s + 1) & (h->slot_count - 1);
    }
    if (h->entry_count == h->entry_cap)
        CORSYM_TRY(heap_grow_entries(h, h->entry_cap ? h->entry_cap * 2 : 64));
    if (h->data.len > UINT32_MAX - len - 8)
        return CORSYM_E_UNSUPPORTED;
    uint32_t start = (uint32_t)h->data.len;
    if (h->blobs)
        CORSYM_TRY(corsym_emit_cuint(&h->data, (uint32_t)len));
    uint32_t content = (uint32_t)h->data.len;
    CORSYM_TRY(corsym_buf_append(&h->data, p, len));
    if (!h->blobs)
        CORSYM_TRY(corsym_buf_append_u8(&h->data, 0));
    struct emit_heap_entry *en = &h->entries[h->entry_count];
    en->index = start;
    en->content = content;
    en->len = (uint32_t)len;
    en->hash = hash;
    h->tags[s] = tag;
    h->slots[s] = (uint32_t)(++h->entry_count);
    *index = start;
    return CORSYM_OK;
}

corsym_status corsym_emit_string(struct emit *e, const char *s, size_t len, uint32_t *index)
{
    /* #Strings entries end at the first NUL; a name holding one could not be read back. */
    if (memchr(s, 0, len))
        return CORSYM_E_INVALID_ARG;
    return heap_add(&e->strings, (const uint8_t *)s, len, index);
}

/* A local's or constant's name: the model interns them, so one pointer is one string, and a
 * small cache by pointer spares the hash and compare of the few names every method repeats
 * ("i", "result"; they were a tenth of the emitter's heap work). */
static corsym_status emit_name(struct emit *e, const char *name, uint32_t *index)
{
    struct emit_name_cache *c = &e->name_cache[((uintptr_t)name >> 4) % EMIT_NAME_CACHE];
    if (c->name == name) {
        *index = c->index;
        return CORSYM_OK;
    }
    CORSYM_TRY(corsym_emit_string(e, name, strlen(name), index));
    c->name = name;
    c->index = *index;
    return CORSYM_OK;
}

corsym_status corsym_emit_blob(struct emit *e, const uint8_t *p, size_t len, uint32_t *index)
{
    if (len > CORSYM_CUINT_MAX)
        return CORSYM_E_UNSUPPORTED;
    return heap_add(&e->blobs, p, len, index);
}

corsym_status corsym_emit_guid(struct emit *e, const uint8_t guid[16], uint32_t *index)
{
    static const uint8_t zero[16];
    if (!memcmp(guid, zero, 16)) {
        *index = 0;
        return CORSYM_OK;
    }
    size_t n = e->guids.len / 16;
    for (size_t i = 0; i < n; i++) {
        if (!memcmp(e->guids.data + i * 16, guid, 16)) {
            *index = (uint32_t)(i + 1);
            return CORSYM_OK;
        }
    }
    if (n >= MAX_ROWS)
        return CORSYM_E_UNSUPPORTED;
    CORSYM_TRY(corsym_buf_append(&e->guids, guid, 16));
    *index = (uint32_t)(n + 1);
    return CORSYM_OK;
}

/* ---- tables ---- */

static corsym_status table_grow(struct emit_table *t, uint32_t cap)
{
    size_t bytes;
    if (!corsym_checked_mul((size_t)cap * t->cols, sizeof(uint32_t), &bytes))
        return CORSYM_E_NOMEM;
    uint32_t *cells = realloc(t->cells, bytes);
    if (!cells)
        return CORSYM_E_NOMEM;
    t->cells = cells;
    t->cap = cap;
    return CORSYM_OK;
}

/* Room for `rows` more rows, planned from the model's counts (see heap_reserve). */
static corsym_status table_reserve(struct emit_table *t, size_t rows)
{
    if (rows > MAX_ROWS - t->rows)
        return CORSYM_E_UNSUPPORTED;
    uint32_t want = t->rows + (uint32_t)rows;
    return want > t->cap ? table_grow(t, want) : CORSYM_OK;
}

corsym_status corsym_emit_row(struct emit *e, unsigned table, const uint32_t *values, uint32_t *rid)
{
    struct emit_table *t = ROW(e, table);
    if (t->rows >= MAX_ROWS)
        return CORSYM_E_UNSUPPORTED;
    if (t->rows == t->cap)
        CORSYM_TRY(table_grow(t, t->cap ? t->cap * 2 : 16));
    memcpy(t->cells + (size_t)t->rows * t->cols, values, t->cols * sizeof(uint32_t));
    t->rows++;
    if (rid)
        *rid = t->rows;
    return CORSYM_OK;
}

corsym_status corsym_emit_cdi(struct emit *e, unsigned parent_table, uint32_t parent_rid,
                              const uint8_t kind[16], const uint8_t *value, size_t len)
{
    uint32_t parent, kind_index, blob;
    CORSYM_TRY(corsym_md_coded_encode(CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION, parent_table,
                                      parent_rid, &parent));
    CORSYM_TRY(corsym_emit_guid(e, kind, &kind_index));
    CORSYM_TRY(corsym_emit_blob(e, value, len, &blob));
    if (e->cdi_count == e->cdi_cap) {
        size_t cap = e->cdi_cap ? e->cdi_cap * 2 : 32, bytes;
        if (!corsym_checked_mul(cap, sizeof(*e->cdis), &bytes))
            return CORSYM_E_NOMEM;
        void *p = realloc(e->cdis, bytes);
        if (!p)
            return CORSYM_E_NOMEM;
        e->cdis = p;
        e->cdi_cap = cap;
    }
    if (e->cdi_count >= MAX_ROWS)
        return CORSYM_E_UNSUPPORTED;
    struct emit_cdi *c = &e->cdis[e->cdi_count];
    c->parent = parent;
    c->kind = kind_index;
    c->value = blob;
    c->order = (uint32_t)e->cdi_count++;
    return CORSYM_OK;
}

void corsym_emit_reference(struct emit *e, uint32_t token)
{
    uint32_t table = token >> 24, rid = token & MAX_ROWS;
    if (table < CORSYM_PPDB_EMIT_TYPE_TABLES && rid > e->type_rows[table])
        e->type_rows[table] = rid;
}

/* ---- planning ---- */

/* What the methods hold, to size the heaps and tables once (reserve_for_model). */
struct model_totals {
    size_t points, scopes, locals, constants, with_points;
};

static void reference_model(struct emit *e, struct model_totals *totals)
{
    const struct corsym_symwriter *w = e->w;
    memset(totals, 0, sizeof(*totals));
    for (uint32_t i = 0; i < w->method_count; i++) {
        const struct corsym_sw_method *m = corsym_sw_method(w, i);
        totals->points += m->point_count;
        totals->with_points += m->point_count != 0;
        totals->scopes += m->scope_count;
        totals->locals += m->local_count;
        totals->constants += m->constant_count;
        corsym_emit_reference(e, corsym_symwriter_remapped(w, m->token));
        if (m->local_signature)
            corsym_emit_reference(e, corsym_symwriter_remapped(w, m->local_signature));
        if (m->has_kickoff)
            corsym_emit_reference(e, corsym_symwriter_remapped(w, m->kickoff));
        for (uint32_t s = 0; s < m->step_count; s++)
            corsym_emit_reference(e, corsym_symwriter_remapped(w, m->steps[s].resume_method));
    }
    if (w->entry_point)
        corsym_emit_reference(e, corsym_symwriter_remapped(w, w->entry_point));
    for (uint32_t i = 0; i < w->span_count; i++)
        if ((w->spans[i].token >> 24) == CORSYM_TBL_TYPE_DEF)
            corsym_emit_reference(e, corsym_symwriter_remapped(w, w->spans[i].token));
    /* Every module has exactly one Module row, which Module-level CDI rows point at. */
    if (e->type_rows[CORSYM_TBL_MODULE] == 0)
        e->type_rows[CORSYM_TBL_MODULE] = 1;
}

struct scope_order {
    uint32_t start;
    uint32_t length;
    uint32_t index;
};

static int compare_scope(const void *a, const void *b)
{
    const struct scope_order *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->length != y->length)
        return x->length > y->length ? -1 : 1; /* longer (outer) scopes first */
    return x->index < y->index ? -1 : x->index > y->index;
}

static bool guid_equal(const uint8_t *a, const uint8_t *b)
{
    return !memcmp(a, b, 16);
}

static const uint8_t language_vb[16] = {
    0xb8, 0xd0, 0x12, 0x3a, 0x6c, 0xc2, 0xd0, 0x11, 0xb4, 0x42, 0x00, 0xa0, 0x24, 0x4a, 0x1d, 0xd2,
};

/* Per-method import decisions, made before any LocalScope row is written. */
struct method_imports {
    uint32_t *scope_row; /* per model scope: its ImportScope rid (inherited), 0 if none;
                          * into one block for all methods (plan_imports) */
    uint32_t forward;    /* ForwardMethodInfo target token, 0 if none */
    enum emit_import_language language; /* method_language, worked out once in plan */
    bool vb;             /* written by a VB compiler (its documents or import spellings) */
};

static bool md2_attribute(const struct corsym_sw_attribute *a)
{
    return !strcmp(a->name, "MD2");
}

/* By key, then by value: equal keys keep their values' order (call order, model order). */
static int compare_pair(const void *a, const void *b)
{
    const struct emit_pair *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

/* e->md2: the MD2 attributes sorted by parent, in call order for one parent. */
static corsym_status index_md2(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t n = 0;
    for (uint32_t i = 0; i < w->attribute_count; i++)
        n += md2_attribute(&w->attributes[i]);
    if (!n)
        return CORSYM_OK;
    e->md2 = calloc(n, sizeof(*e->md2));
    if (!e->md2)
        return CORSYM_E_NOMEM;
    for (uint32_t i = 0; i < w->attribute_count; i++) {
        if (!md2_attribute(&w->attributes[i]))
            continue;
        e->md2[e->md2_count].key = corsym_symwriter_remapped(w, w->attributes[i].parent);
        e->md2[e->md2_count++].value = i;
    }
    corsym_sort(e->md2, e->md2_count, sizeof(*e->md2), compare_pair);
    return CORSYM_OK;
}

/* The first e->md2 entry for token (e->md2_count if none). */
static uint32_t md2_first(const struct emit *e, uint32_t token)
{
    return emit_pairs_lower_bound(e->md2, e->md2_count, token);
}

/* The model index of the method with this (remapped) token, or CORSYM_SW_NONE. */
static uint32_t find_method(const struct emit *e, uint32_t token)
{
    uint32_t at = emit_pairs_lower_bound(e->order, e->w->method_count, token);
    return at < e->w->method_count && e->order[at].key == token ? e->order[at].value
                                                                : CORSYM_SW_NONE;
}

static enum emit_import_language method_language(const struct emit *e,
                                                 const struct corsym_sw_method *m, uint32_t token,
                                                 uint32_t *forward)
{
    const struct corsym_symwriter *w = e->w;
    enum emit_import_language language = IMPORTS_PLAIN;
    *forward = 0;
    for (uint32_t k = md2_first(e, token); k < e->md2_count && e->md2[k].key == token; k++) {
        const struct corsym_sw_attribute *a = &w->attributes[e->md2[k].value];
        uint32_t target;
        if (corsym_emit_md2_csharp(a->data, a->len, &target)) {
            language = IMPORTS_CSHARP;
            if (target)
                *forward = target;
        }
    }
    /* Roslyn's C# spelling ("U", "A", "X" prefixes) is only assumed where its UsingGroups
     * record says the C# compiler wrote the method: a plain "System" must stay a name. */
    if (language == IMPORTS_PLAIN && m->point_count &&
        guid_equal(w->documents[m->first_point_document].language, language_vb))
        language = IMPORTS_VB;
    if (language == IMPORTS_PLAIN) {
        /* VB's spellings start with characters no namespace name can start with. */
        for (uint32_t i = 0; i < m->using_count; i++) {
            char c = m->usings[i].name[0];
            if (c == '@' || c == '*' || c == '&')
                language = IMPORTS_VB;
        }
    }
    return language;
}

/* The iterators of MD2 ForwardIterator records whose state machine the module has. An async
 * method's MoveNext already has its kick-off (async info). */
static corsym_status find_iterators(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    if (!e->module || !e->md2_count)
        return CORSYM_OK;
    struct corsym_type_namer namer;
    struct corsym_buf name = CORSYM_BUF_INIT;
    uint32_t cap = 0;
    corsym_status st = CORSYM_OK;
    corsym_type_namer_init(&namer, e->module, true);
    for (uint32_t k = 0; st == CORSYM_OK && k < e->md2_count; k++) {
        const struct corsym_sw_attribute *a = &w->attributes[e->md2[k].value];
        uint32_t kickoff = e->md2[k].key, move_next = 0;
        corsym_status found = corsym_emit_md2_iterator(a->data, a->len, &name);
        if (found == CORSYM_E_NOMEM)
            st = found;
        if (found != CORSYM_OK ||
            !corsym_type_namer_move_next(&namer, kickoff, (const char *)name.data, name.len,
                                         &move_next))
            continue;
        uint32_t index = find_method(e, move_next);
        if (index != CORSYM_SW_NONE && corsym_sw_method(w, index)->has_kickoff)
            continue;
        if (e->iterator_count == cap) {
            cap = cap ? cap * 2 : 16;
            struct emit_pair *grown = realloc(e->iterators, (size_t)cap * sizeof(*grown));
            if (!grown) {
                st = CORSYM_E_NOMEM;
                break;
            }
            e->iterators = grown;
        }
        e->iterators[e->iterator_count].key = move_next;
        e->iterators[e->iterator_count++].value = kickoff;
    }
    corsym_type_namer_free(&namer);
    corsym_buf_free(&name);
    corsym_sort(e->iterators, e->iterator_count, sizeof(*e->iterators), compare_pair);
    return st;
}

/* The kick-off of an iterator's MoveNext (find_iterators), 0 for any other method. */
static uint32_t iterator_kickoff(const struct emit *e, uint32_t move_next)
{
    uint32_t at = emit_pairs_lower_bound(e->iterators, e->iterator_count, move_next);
    return at < e->iterator_count && e->iterators[at].key == move_next ? e->iterators[at].value : 0;
}

/* VB's Windows PDBs say "same imports as method X" with a using of "@" and X's token in
 * decimal, where C# has its MD2 ForwardMethodInfo record; 0 if the method has none. */
static uint32_t vb_forward(const struct corsym_sw_method *m)
{
    for (uint32_t i = 0; i < m->using_count; i++) {
        const char *s = m->usings[i].name;
        if (s[0] != '@' || s[1] < '0' || s[1] > '9')
            continue;
        uint64_t token = 0;
        const char *p = s + 1;
        while (*p >= '0' && *p <= '9' && token <= UINT32_MAX)
            token = token * 10 + (uint64_t)(*p++ - '0');
        if (!*p && token <= UINT32_MAX && (token >> 24) == CORSYM_TBL_METHOD_DEF)
            return (uint32_t)token;
    }
    return 0;
}

/* Gives method `to`'s scopes that have no import scope the outermost one of `from`;
 * true when any scope changed. */
static bool borrow_imports(const struct corsym_symwriter *w, struct method_imports *mi,
                           uint32_t to, uint32_t from)
{
    if (from == CORSYM_SW_NONE || from == to || !mi[to].scope_row || !mi[from].scope_row)
        return false;
    uint32_t row = mi[from].scope_row[0];
    bool changed = false;
    for (uint32_t s = 0; row && s < corsym_sw_method(w, to)->scope_count; s++) {
        if (!mi[to].scope_row[s]) {
            mi[to].scope_row[s] = row;
            changed = true;
        }
    }
    return changed;
}

/* The usings of scope s, gathered from the method's scope groups into e->using_scratch. */
static corsym_status scope_usings(struct emit *e, const struct corsym_sw_method *m, uint32_t s,
                                  const struct corsym_sw_using **usings, uint32_t *count)
{
    struct corsym_sw_scope_iter it;
    uint32_t item, n = 0;
    corsym_sw_scope_iter_begin(&it, &e->groups, m, CORSYM_SW_GROUP_USINGS, s);
    if (it.count > e->using_scratch_cap) {
        struct corsym_sw_using *grown = realloc(e->using_scratch, (size_t)it.count * sizeof(*grown));
        if (!grown)
            return CORSYM_E_NOMEM;
        e->using_scratch = grown;
        e->using_scratch_cap = it.count;
    }
    while (corsym_sw_scope_iter_next(&it, &item))
        e->using_scratch[n++] = m->usings[item];
    *usings = e->using_scratch;
    *count = n;
    return CORSYM_OK;
}

/* VB's project-level imports ("@P:", "@PA:", "@PX:") go in the module's import scope, the
 * parent of every method's, as Roslyn writes them: the first VB method that has any sets
 * them, and *in_module tells whether this method's are those (a method whose project
 * imports differ keeps them in its own scope rather than lose them). */
static corsym_status vb_project_imports(struct emit *e, uint32_t module_row,
                                        const struct corsym_sw_using *usings, uint32_t count,
                                        uint32_t scope, bool *in_module)
{
    uint32_t blob;
    bool empty;
    *in_module = false;
    CORSYM_TRY(corsym_emit_imports(e, IMPORTS_VB, IMPORTS_PROJECT_ONLY, usings, count, scope,
                                   &blob, &empty));
    if (empty)
        return CORSYM_OK;
    uint32_t *module_blob = &ROW(e, CORSYM_TBL_IMPORT_SCOPE)->cells[2 * (module_row - 1) + 1];
    if (!*module_blob)
        *module_blob = blob;
    *in_module = *module_blob == blob;
    return CORSYM_OK;
}

static size_t import_row_hash(uint32_t parent, uint32_t blob, size_t cap)
{
    uint64_t h = ((uint64_t)parent << 32 | blob) * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 32) & (cap - 1);
}

static corsym_status import_rows_grow(struct emit_import_rows *t)
{
    size_t cap = t->cap ? t->cap * 2 : 64;
    struct emit_import_row *slots = calloc(cap, sizeof(*slots));
    if (!slots)
        return CORSYM_E_NOMEM;
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->slots[i].row)
            continue;
        size_t k = import_row_hash(t->slots[i].parent, t->slots[i].blob, cap);
        while (slots[k].row)
            k = (k + 1) & (cap - 1);
        slots[k] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return CORSYM_OK;
}

/* The ImportScope row (parent, blob), added the first time it is asked for. The module's
 * row 1 is never found here (its parent is 0, every other row's is not), which matters
 * because VB's project imports fill its blob in later. */
static corsym_status import_scope_row(struct emit *e, uint32_t parent, uint32_t blob,
                                      uint32_t *row)
{
    struct emit_import_rows *t = &e->import_rows;
    if ((t->count + 1) * 2 > t->cap)
        CORSYM_TRY(import_rows_grow(t));
    size_t k = import_row_hash(parent, blob, t->cap);
    for (; t->slots[k].row; k = (k + 1) & (t->cap - 1)) {
        if (t->slots[k].parent == parent && t->slots[k].blob == blob) {
            *row = t->slots[k].row;
            return CORSYM_OK;
        }
    }
    uint32_t cells[2] = { parent, blob };
    CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_IMPORT_SCOPE, cells, row));
    t->slots[k].parent = parent;
    t->slots[k].blob = blob;
    t->slots[k].row = *row;
    t->count++;
    return CORSYM_OK;
}

static corsym_status plan_imports(struct emit *e, const struct emit_pair *order,
                                  struct method_imports *mi)
{
    const struct corsym_symwriter *w = e->w;
    bool any = false;
    for (uint32_t i = 0; i < w->method_count && !any; i++)
        any = corsym_sw_method(w, i)->using_count != 0;
    for (uint32_t i = 0; i < w->attribute_count && !any; i++) {
        uint32_t forward;
        any = md2_attribute(&w->attributes[i]) &&
              corsym_emit_md2_csharp(w->attributes[i].data, w->attributes[i].len, &forward) &&
              forward;
    }
    if (!any)
        return CORSYM_OK;
    /* Row 1: the module's import scope, the parent of every other (as Roslyn writes it),
     * with C#'s module-level extern aliases, which the method imports after it name. */
    uint32_t module_row;
    uint32_t row[2] = { 0, 0 };
    for (uint32_t i = 0; e->module && i < w->method_count; i++) {
        const struct corsym_sw_method *m = corsym_sw_method(w, i);
        if (mi[i].language == IMPORTS_CSHARP)
            CORSYM_TRY(corsym_emit_module_extern_aliases(e, m->usings, m->using_count));
    }
    bool no_aliases;
    CORSYM_TRY(corsym_emit_module_imports(e, &row[1], &no_aliases));
    CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_IMPORT_SCOPE, row, &module_row));
    row[1] = 0;

    /* One block for every method's scope rows (a calloc per method was a twentieth of
     * planning). */
    size_t scopes = 0;
    for (uint32_t i = 0; i < w->method_count; i++)
        scopes += corsym_sw_method(w, i)->scope_count;
    if (scopes && !(e->scope_rows = calloc(scopes, sizeof(uint32_t))))
        return CORSYM_E_NOMEM;
    uint32_t *next_rows = e->scope_rows;
    for (uint32_t k = 0; k < w->method_count; k++) {
        uint32_t index = order[k].value;
        const struct corsym_sw_method *m = corsym_sw_method(w, index);
        struct method_imports *out = &mi[index];
        enum emit_import_language language = out->language;
        if (language == IMPORTS_VB && !out->forward)
            out->forward = vb_forward(m);
        if (!m->scope_count)
            continue;
        out->scope_row = next_rows;
        next_rows += m->scope_count;
        bool grouped = corsym_sw_scope_groups_worth(m);
        if (grouped)
            CORSYM_TRY(corsym_sw_scope_groups_build(&e->groups, m));
        /* Scopes are created parent first, so one forward pass sees each parent's row. */
        for (uint32_t s = 0; s < m->scope_count; s++) {
            uint32_t parent = m->scopes[s].parent;
            uint32_t inherited = parent == CORSYM_SW_NONE ? 0 : out->scope_row[parent];
            out->scope_row[s] = inherited;
            /* The imports code takes a list and the scope; a method with many scopes hands it
             * only the scope's own usings (all of them for each scope was quadratic). */
            const struct corsym_sw_using *usings = m->usings;
            uint32_t using_count = m->using_count;
            if (grouped)
                CORSYM_TRY(scope_usings(e, m, s, &usings, &using_count));
            uint32_t blob;
            bool empty;
            enum emit_import_level level = IMPORTS_ALL;
            if (language == IMPORTS_VB && !inherited) {
                bool in_module;
                CORSYM_TRY(vb_project_imports(e, module_row, usings, using_count, s,
                                              &in_module));
                if (in_module) {
                    level = IMPORTS_NOT_PROJECT;
                    out->scope_row[s] = module_row;
                }
            }
            CORSYM_TRY(corsym_emit_imports(e, language, level, usings, using_count, s, &blob,
                                           &empty));
            if (empty)
                continue;
            uint32_t parent_row = inherited ? inherited : module_row;
            uint32_t found;
            CORSYM_TRY(import_scope_row(e, parent_row, blob, &found));
            out->scope_row[s] = found;
        }
    }
    /* Scopes without imports of their own borrow a method's outermost ones:
     * - a forwarding method (C# MD2 "same usings as method X") X's;
     * - an async kick-off method its MoveNext's. A Windows PDB points the kick-off at its
     *   state machine type instead (MD2 ForwardIterator), which a Portable PDB cannot say;
     *   Roslyn gives a kick-off's LocalScope the imports of its body, which are MoveNext's.
     * A borrowed row can itself be borrowed (a MoveNext that forwards), so the rules run
     * until nothing changes; each pass fills at least one scope, which bounds the loop. */
    uint32_t *by_index = NULL;
    if (w->method_count) {
        by_index = calloc(w->method_count, sizeof(uint32_t));
        if (!by_index)
            return CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; i < w->method_count; i++) {
        const struct corsym_sw_method *m = corsym_sw_method(w, i);
        by_index[i] = CORSYM_SW_NONE;
        if (m->has_kickoff)
            by_index[i] = find_method(e, corsym_symwriter_remapped(w, m->kickoff));
    }
    for (uint32_t k = 0; k < e->iterator_count; k++) {
        uint32_t i = find_method(e, e->iterators[k].key);
        if (i != CORSYM_SW_NONE)
            by_index[i] = find_method(e, e->iterators[k].value);
    }
    for (bool changed = true; changed;) {
        changed = false;
        for (uint32_t i = 0; i < w->method_count; i++) {
            uint32_t to = i, from = CORSYM_SW_NONE;
            if (mi[i].forward)
                from = find_method(e, corsym_symwriter_remapped(w, mi[i].forward));
            changed |= borrow_imports(w, mi, to, from);
            /* i is a MoveNext: its kick-off borrows from it. */
            if (by_index[i] != CORSYM_SW_NONE)
                changed |= borrow_imports(w, mi, by_index[i], i);
        }
    }
    free(by_index);
    return CORSYM_OK;
}

static corsym_status emit_async(struct emit *e, const struct corsym_sw_method *m, uint32_t rid)
{
    const struct corsym_symwriter *w = e->w;
    if (m->has_kickoff) {
        uint32_t row[2] = { rid, corsym_symwriter_remapped(w, m->kickoff) & MAX_ROWS };
        CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_STATE_MACHINE_METHOD, row, NULL));
    } else {
        uint32_t kickoff = iterator_kickoff(e, corsym_md_token(CORSYM_TBL_METHOD_DEF, rid));
        uint32_t row[2] = { rid, kickoff & MAX_ROWS };
        if (kickoff)
            CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_STATE_MACHINE_METHOD, row, NULL));
    }
    if (!m->has_kickoff && !m->has_catch_handler && !m->step_count)
        return CORSYM_OK;
    struct corsym_buf *b = &e->scratch;
    corsym_buf_clear(b);
    CORSYM_TRY(corsym_emit_u32(b, m->has_catch_handler ? m->catch_handler + 1 : 0));
    for (uint32_t i = 0; i < m->step_count; i++) {
        CORSYM_TRY(corsym_emit_u32(b, m->steps[i].yield_offset));
        CORSYM_TRY(corsym_emit_u32(b, m->steps[i].resume_offset));
        CORSYM_TRY(corsym_emit_cuint(b, corsym_symwriter_remapped(w, m->steps[i].resume_method) &
                                            MAX_ROWS));
    }
    return corsym_emit_cdi(e, CORSYM_TBL_METHOD_DEF, rid,
                           corsym_cdi_kind_guid(CORSYM_CDI_ASYNC_METHOD_STEPPING), b->data, b->len);
}

static corsym_status emit_method(struct emit *e, const struct corsym_sw_method *m, uint32_t rid,
                                 const struct method_imports *mi)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t mdi[2] = { 0, 0 };
    CORSYM_TRY(corsym_emit_sequence_points(e, m, &mdi[0], &mdi[1]));
    CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_METHOD_DEBUG_INFORMATION, mdi, NULL));

    /* The per-method working arrays live in one block the whole emit reuses (a method
     * at a time), zeroed here: allocating them per method was a fifth of the writing. */
    size_t words = (size_t)m->scope_count * (sizeof(struct scope_order) / sizeof(uint32_t)) +
                   (size_t)m->local_count + 3 * (size_t)m->constant_count;
    /* Never NULL, so the carving below is arithmetic on a real block even for a method with
     * no scopes, locals or constants. */
    if (words > e->method_scratch_words || !e->method_scratch) {
        size_t bytes;
        if (!corsym_checked_mul(words ? words : 1, sizeof(uint32_t), &bytes))
            return CORSYM_E_NOMEM;
        uint32_t *grown = realloc(e->method_scratch, bytes);
        if (!grown)
            return CORSYM_E_NOMEM;
        e->method_scratch = grown;
        e->method_scratch_words = words;
    }
    if (words)
        memset(e->method_scratch, 0, words * sizeof(uint32_t));
    struct scope_order *scopes = (struct scope_order *)e->method_scratch;
    uint32_t *local_row = e->method_scratch +
                          (size_t)m->scope_count * (sizeof(struct scope_order) / sizeof(uint32_t));
    uint32_t *constant_row = local_row + m->local_count;
    uint32_t *cstart = constant_row + m->constant_count;
    uint32_t *cend = cstart + m->constant_count;

    corsym_status st = CORSYM_OK;
    bool in_order = true;
    for (uint32_t s = 0; s < m->scope_count; s++) {
        scopes[s].start = m->scopes[s].start;
        scopes[s].length = m->scopes[s].end - m->scopes[s].start;
        /* VB compilers close nested scopes at their last instruction (inclusive ends, as
         * VB's Windows PDBs and the readers' VB rule have them); a LocalScope's length
         * covers it. The method's own scope ends exclusively in both. */
        if (mi->vb && m->scopes[s].parent != CORSYM_SW_NONE)
            scopes[s].length++;
        scopes[s].index = s;
        if (s && compare_scope(&scopes[s - 1], &scopes[s]) > 0)
            in_order = false;
    }
    if (!in_order)
        corsym_sort(scopes, m->scope_count, sizeof(*scopes), compare_scope);
    const struct corsym_sw_scope_groups *groups = NULL;
    if (corsym_sw_scope_groups_worth(m)) {
        st = corsym_sw_scope_groups_build(&e->groups, m);
        groups = &e->groups;
    }

    for (uint32_t k = 0; st == CORSYM_OK && k < m->scope_count; k++) {
        uint32_t s = scopes[k].index;
        uint32_t row[6] = {
            rid,
            mi->scope_row ? mi->scope_row[s] : 0,
            ROW(e, CORSYM_TBL_LOCAL_VARIABLE)->rows + 1,
            ROW(e, CORSYM_TBL_LOCAL_CONSTANT)->rows + 1,
            scopes[k].start,
            scopes[k].length,
        };
        struct corsym_sw_scope_iter it;
        uint32_t i;
        corsym_sw_scope_iter_begin(&it, groups, m, CORSYM_SW_GROUP_LOCALS, s);
        while (st == CORSYM_OK && corsym_sw_scope_iter_next(&it, &i)) {
            const struct corsym_sw_local *l = &m->locals[i];
            /* Only IL slots exist in a Portable PDB; native locations have no column. */
            if (l->addr_kind != 1)
                continue;
            uint32_t name;
            st = emit_name(e, l->name, &name);
            uint32_t values[3] = { l->attributes & 0xFFFFu, l->addr1 & 0xFFFFu, name };
            if (st == CORSYM_OK)
                st = corsym_emit_row(e, CORSYM_TBL_LOCAL_VARIABLE, values, &local_row[i]);
        }
        corsym_sw_scope_iter_begin(&it, groups, m, CORSYM_SW_GROUP_CONSTANTS, s);
        while (st == CORSYM_OK && corsym_sw_scope_iter_next(&it, &i)) {
            const struct corsym_sw_constant *c = &m->constants[i];
            uint32_t values[2];
            st = emit_name(e, c->name, &values[0]);
            if (st == CORSYM_OK)
                st = corsym_emit_constant_sig(e, c, &values[1]);
            if (st == CORSYM_OK)
                st = corsym_emit_row(e, CORSYM_TBL_LOCAL_CONSTANT, values, &constant_row[i]);
            cstart[i] = m->scopes[s].start;
            cend[i] = m->scopes[s].end;
        }
        if (st == CORSYM_OK)
            st = corsym_emit_row(e, CORSYM_TBL_LOCAL_SCOPE, row, NULL);
    }
    if (st == CORSYM_OK)
        st = emit_async(e, m, rid);
    uint32_t token = corsym_symwriter_remapped(w, m->token);
    struct emit_method_rows rows = { rid, 0, 0, local_row, constant_row, cstart, cend };
    for (uint32_t k = md2_first(e, token);
         st == CORSYM_OK && k < e->md2_count && e->md2[k].key == token; k++) {
        const struct corsym_sw_attribute *a = &w->attributes[e->md2[k].value];
        st = corsym_emit_md2(e, m, &rows, a->data, a->len);
    }
    return st;
}

static corsym_status emit_documents(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    for (uint32_t i = 0; i < w->document_count; i++) {
        const struct corsym_sw_document *d = &w->documents[i];
        uint32_t row[4] = { 0, 0, 0, 0 };
        CORSYM_TRY(corsym_emit_document_name(e, d->url, d->url_len, &row[0]));
        if (d->has_checksum) {
            CORSYM_TRY(corsym_emit_guid(e, d->checksum_algorithm, &row[1]));
            CORSYM_TRY(corsym_emit_blob(e, d->checksum, d->checksum_len, &row[2]));
        }
        CORSYM_TRY(corsym_emit_guid(e, d->language, &row[3]));
        CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_DOCUMENT, row, NULL));
    }
    for (uint32_t i = 0; i < w->document_count; i++)
        if (w->documents[i].has_source)
            CORSYM_TRY(corsym_emit_embedded_source(e, i + 1, w->documents[i].source,
                                                   w->documents[i].source_len));
    return CORSYM_OK;
}

static corsym_status append_text(struct corsym_buf *b, const char *s)
{
    return corsym_buf_append(b, s, strlen(s) + 1);
}

static corsym_status emit_module_cdis(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    if (w->source_link)
        CORSYM_TRY(corsym_emit_cdi(e, CORSYM_TBL_MODULE, 1,
                                   corsym_cdi_kind_guid(CORSYM_CDI_SOURCE_LINK), w->source_link,
                                   w->source_link_len));
    if (w->compiler.present) {
        struct corsym_buf *b = &e->scratch;
        char version[64];
        corsym_buf_clear(b);
        snprintf(version, sizeof(version), "%u.%u.%u.%u", w->compiler.major, w->compiler.minor,
                 w->compiler.build, w->compiler.revision);
        CORSYM_TRY(append_text(b, "compiler-name"));
        CORSYM_TRY(append_text(b, w->compiler.name));
        CORSYM_TRY(append_text(b, "compiler-version"));
        CORSYM_TRY(append_text(b, version));
        CORSYM_TRY(corsym_emit_cdi(e, CORSYM_TBL_MODULE, 1,
                                   corsym_cdi_kind_guid(CORSYM_CDI_COMPILATION_OPTIONS), b->data,
                                   b->len));
    }
    return CORSYM_OK;
}

/* TypeDefinitionDocuments: the documents MapTokenToSourceSpan gave each TypeDef, in the
 * order first given, each once. */
static corsym_status emit_type_documents(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t *done = calloc(w->span_count ? w->span_count : 1, sizeof(uint32_t));
    if (!done)
        return CORSYM_E_NOMEM;
    corsym_status st = CORSYM_OK;
    /* Rows sorted by TypeDef (the CDI sort is stable, so emit in token order). */
    for (;;) {
        uint32_t best = CORSYM_SW_NONE, best_token = 0;
        for (uint32_t i = 0; i < w->span_count; i++) {
            uint32_t token = corsym_symwriter_remapped(w, w->spans[i].token);
            if (done[i] || (token >> 24) != CORSYM_TBL_TYPE_DEF)
                continue;
            if (best == CORSYM_SW_NONE || token < best_token) {
                best = i;
                best_token = token;
            }
        }
        if (best == CORSYM_SW_NONE)
            break;
        struct corsym_buf *b = &e->scratch;
        corsym_buf_clear(b);
        uint32_t *seen_docs = calloc(w->document_count ? w->document_count : 1, sizeof(uint32_t));
        if (!seen_docs) {
            st = CORSYM_E_NOMEM;
            break;
        }
        for (uint32_t i = best; i < w->span_count && st == CORSYM_OK; i++) {
            if (done[i] || corsym_symwriter_remapped(w, w->spans[i].token) != best_token)
                continue;
            done[i] = 1;
            uint32_t d = w->spans[i].document;
            if (!seen_docs[d]) {
                seen_docs[d] = 1;
                st = corsym_emit_cuint(b, d + 1);
            }
        }
        free(seen_docs);
        if (st == CORSYM_OK)
            st = corsym_emit_cdi(e, CORSYM_TBL_TYPE_DEF, best_token & MAX_ROWS,
                                 corsym_cdi_kind_guid(CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS),
                                 b->data, b->len);
        if (st != CORSYM_OK)
            break;
    }
    free(done);
    return st;
}

static int compare_cdi(const void *a, const void *b)
{
    const struct emit_cdi *x = a, *y = b;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static corsym_status finish_cdis(struct emit *e)
{
    if (e->cdi_count)
        corsym_sort(e->cdis, e->cdi_count, sizeof(*e->cdis), compare_cdi);
    for (size_t i = 0; i < e->cdi_count; i++) {
        uint32_t row[3] = { e->cdis[i].parent, e->cdis[i].kind, e->cdis[i].value };
        CORSYM_TRY(corsym_emit_row(e, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, row, NULL));
    }
    return CORSYM_OK;
}

/* The rows and heap entries the methods will add, reserved up front. The estimate of blob
 * bytes only saves regrowing: a sequence point takes 2 to 6 bytes delta-encoded (the first of
 * a method up to 14), a constant's value blob usually 2 to 9. Strings are mostly names
 * shared between methods, so they keep growing on demand. */
static corsym_status reserve_for_model(struct emit *e, const struct model_totals *t)
{
    size_t blobs = t->with_points + t->constants, bytes = 0;
    if (!corsym_checked_madd(0, t->points, 5, &bytes) ||
        !corsym_checked_madd(bytes, t->with_points, 8, &bytes) ||
        !corsym_checked_madd(bytes, t->constants, 8, &bytes))
        return CORSYM_E_NOMEM;
    CORSYM_TRY(heap_reserve(&e->blobs, blobs, bytes));
    CORSYM_TRY(table_reserve(ROW(e, CORSYM_TBL_METHOD_DEBUG_INFORMATION),
                             e->type_rows[CORSYM_TBL_METHOD_DEF]));
    CORSYM_TRY(table_reserve(ROW(e, CORSYM_TBL_LOCAL_SCOPE), t->scopes));
    CORSYM_TRY(table_reserve(ROW(e, CORSYM_TBL_LOCAL_VARIABLE), t->locals));
    return table_reserve(ROW(e, CORSYM_TBL_LOCAL_CONSTANT), t->constants);
}

static corsym_status plan(struct emit *e)
{
    const struct corsym_symwriter *w = e->w;
    struct model_totals totals;
    reference_model(e, &totals);
    CORSYM_TRY(reserve_for_model(e, &totals));
    CORSYM_TRY(emit_documents(e));

    /* Methods in token order: pairs (token, model index). */
    struct emit_pair *order = NULL;
    struct method_imports *mi = NULL;
    corsym_status st = CORSYM_OK;
    if (w->method_count) {
        order = calloc(w->method_count, sizeof(*order));
        mi = calloc(w->method_count, sizeof(*mi));
        if (!order || !mi)
            st = CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < w->method_count; i++) {
        order[i].key = corsym_symwriter_remapped(w, corsym_sw_method(w, i)->token);
        order[i].value = i;
    }
    if (st == CORSYM_OK && w->method_count)
        corsym_sort(order, w->method_count, sizeof(*order), compare_pair);
    e->order = order;
    if (st == CORSYM_OK)
        st = index_md2(e);
    if (st == CORSYM_OK)
        st = find_iterators(e);
    /* Two methods remapped onto one token would need two rows for one MethodDef. */
    for (uint32_t i = 1; st == CORSYM_OK && i < w->method_count; i++)
        if (order[i].key == order[i - 1].key)
            st = CORSYM_E_INVALID_ARG;
    for (uint32_t i = 0; st == CORSYM_OK && i < w->method_count; i++) {
        const struct corsym_sw_method *m = corsym_sw_method(w, i);
        mi[i].language = method_language(e, m, corsym_symwriter_remapped(w, m->token),
                                         &mi[i].forward);
        mi[i].vb = mi[i].language == IMPORTS_VB;
    }
    if (st == CORSYM_OK)
        st = plan_imports(e, order, mi);

    uint32_t method_rows = e->type_rows[CORSYM_TBL_METHOD_DEF];
    uint32_t next = 0;
    for (uint32_t rid = 1; st == CORSYM_OK && rid <= method_rows; rid++) {
        if (next < w->method_count && (order[next].key & MAX_ROWS) == rid) {
            uint32_t index = order[next].value;
            st = emit_method(e, corsym_sw_method(w, index), rid, &mi[index]);
            next++;
        } else {
            static const uint32_t empty[2] = { 0, 0 };
            st = corsym_emit_row(e, CORSYM_TBL_METHOD_DEBUG_INFORMATION, empty, NULL);
        }
    }
    /* Readers take a module with a DefaultNamespace record for VB's (Microsoft's portable
     * reader: IsVisualBasicAssembly) and then read nested scope ends as VB's inclusive ones,
     * which emit_method wrote for VB methods. Roslyn's VB modules always have the record (an
     * empty root namespace is ""), so a VB module whose calls named none gets "". */
    bool any_vb = false;
    for (uint32_t i = 0; mi && i < w->method_count; i++)
        any_vb = any_vb || mi[i].vb;
    if (st == CORSYM_OK && any_vb && !e->have_default_namespace) {
        e->have_default_namespace = true;
        st = corsym_emit_cdi(e, CORSYM_TBL_MODULE, 1,
                             corsym_cdi_kind_guid(CORSYM_CDI_DEFAULT_NAMESPACE), NULL, 0);
    }
    free(e->scope_rows);
    e->scope_rows = NULL;
    free(mi);
    free(order);
    e->order = NULL;
    CORSYM_TRY(st);
    CORSYM_TRY(emit_module_cdis(e));
    CORSYM_TRY(emit_type_documents(e));
    return finish_cdis(e);
}

/* ---- writing ---- */

static corsym_status pad4(struct corsym_buf *b)
{
    static const uint8_t zero[4];
    return corsym_buf_append(b, zero, (4 - (b->len & 3)) & 3);
}

static corsym_status put_u64(struct corsym_buf *b, uint64_t v)
{
    CORSYM_TRY(corsym_emit_u32(b, (uint32_t)v));
    return corsym_emit_u32(b, (uint32_t)(v >> 32));
}

static corsym_status write_pdb_stream(struct emit *e, const uint8_t id[20], struct corsym_buf *b)
{
    uint64_t referenced = 0;
    for (unsigned t = 0; t < CORSYM_PPDB_EMIT_TYPE_TABLES; t++)
        if (e->type_rows[t])
            referenced |= (uint64_t)1 << t;
    CORSYM_TRY(corsym_buf_append(b, id, CORSYM_PPDB_ID_SIZE));
    uint32_t entry = e->w->entry_point ? corsym_symwriter_remapped(e->w, e->w->entry_point) : 0;
    CORSYM_TRY(corsym_emit_u32(b, entry));
    CORSYM_TRY(put_u64(b, referenced));
    for (unsigned t = 0; t < CORSYM_PPDB_EMIT_TYPE_TABLES; t++)
        if (e->type_rows[t])
            CORSYM_TRY(corsym_emit_u32(b, e->type_rows[t]));
    return CORSYM_OK;
}

/* A table's cells at their column widths, into room reserved beforehand (a call per cell
 * with a width known only at run time was a tenth of a large write). */
static corsym_status put_rows(struct corsym_buf *b, const struct emit_table *tab,
                              const struct corsym_md_table_layout *l)
{
    size_t row_size = 0;
    for (unsigned c = 0; c < tab->cols; c++)
        row_size += l->col_width[c];
    if (tab->rows && (b->cap - b->len) / tab->rows <= row_size)
        return CORSYM_E_UNSUPPORTED; /* the caller reserved 4 bytes a cell: cannot happen */
    uint8_t *w = b->data + b->len;
    const uint32_t *cell = tab->cells;
    for (uint32_t r = 0; r < tab->rows; r++) {
        for (unsigned c = 0; c < tab->cols; c++) {
            uint32_t v = *cell++;
            w[0] = (uint8_t)v;
            w[1] = (uint8_t)(v >> 8);
            if (l->col_width[c] == 2) {
                if (v > 0xFFFF)
                    return CORSYM_E_UNSUPPORTED;
                w += 2;
            } else if (l->col_width[c] == 4) {
                w[2] = (uint8_t)(v >> 16);
                w[3] = (uint8_t)(v >> 24);
                w += 4;
            } else {
                return CORSYM_E_UNSUPPORTED; /* debug tables have no 1-byte columns */
            }
        }
    }
    b->len = (size_t)(w - b->data);
    b->data[b->len] = 0;
    return CORSYM_OK;
}

static corsym_status write_tables_stream(struct emit *e, uint8_t heap_sizes, struct corsym_buf *b)
{
    struct corsym_md md;
    memset(&md, 0, sizeof(md));
    md.heap_sizes = heap_sizes;
    for (unsigned t = 0; t < CORSYM_PPDB_EMIT_TYPE_TABLES; t++)
        md.sizing_rows[t] = e->type_rows[t];
    uint64_t valid = 0, sorted = 0;
    for (unsigned t = CORSYM_TBL_DOCUMENT; t <= CORSYM_TBL_CUSTOM_DEBUG_INFORMATION; t++) {
        uint32_t rows = ROW(e, t)->rows;
        md.tbl[t].rows = rows;
        md.sizing_rows[t] = rows;
        if (rows)
            valid |= (uint64_t)1 << t;
    }
    /* csc marks the sorted debug tables, and only those present. */
    sorted = valid & (((uint64_t)1 << CORSYM_TBL_LOCAL_SCOPE) |
                      ((uint64_t)1 << CORSYM_TBL_STATE_MACHINE_METHOD) |
                      ((uint64_t)1 << CORSYM_TBL_CUSTOM_DEBUG_INFORMATION));
    CORSYM_TRY(corsym_md_schema_layout(&md, 0, SIZE_MAX));
    /* Room for every cell at its widest, so the rows go in without regrowing. */
    size_t cells = 0;
    for (unsigned t = CORSYM_TBL_DOCUMENT; t <= CORSYM_TBL_CUSTOM_DEBUG_INFORMATION; t++)
        cells += (size_t)ROW(e, t)->rows * ROW(e, t)->cols;
    size_t bytes;
    if (!corsym_checked_mul(cells, 4, &bytes) || !corsym_checked_add(bytes, 256, &bytes))
        return CORSYM_E_NOMEM;
    CORSYM_TRY(corsym_buf_reserve(b, bytes));

    CORSYM_TRY(corsym_emit_u32(b, 0));        /* reserved */
    CORSYM_TRY(corsym_buf_append_u8(b, 2));   /* MajorVersion */
    CORSYM_TRY(corsym_buf_append_u8(b, 0));   /* MinorVersion */
    CORSYM_TRY(corsym_buf_append_u8(b, heap_sizes));
    CORSYM_TRY(corsym_buf_append_u8(b, 1));   /* reserved, always 1 */
    CORSYM_TRY(put_u64(b, valid));
    CORSYM_TRY(put_u64(b, sorted));
    for (unsigned t = CORSYM_TBL_DOCUMENT; t <= CORSYM_TBL_CUSTOM_DEBUG_INFORMATION; t++)
        if (ROW(e, t)->rows)
            CORSYM_TRY(corsym_emit_u32(b, ROW(e, t)->rows));
    for (unsigned t = CORSYM_TBL_DOCUMENT; t <= CORSYM_TBL_CUSTOM_DEBUG_INFORMATION; t++)
        CORSYM_TRY(put_rows(b, ROW(e, t), &md.tbl[t]));
    return pad4(b);
}

enum { PART_ROOT, PART_PDB, PART_TABLES, PART_STRINGS, PART_US, PART_GUID, PART_BLOB };

/* The streams, then the root that names them: the heaps move into the image, not copied. */
static corsym_status write_image(struct emit *e, const uint8_t id[20],
                                 struct corsym_ppdb_image *image)
{
    static const char *const names[CORSYM_PPDB_IMAGE_PARTS] = {
        NULL, "#Pdb", "#~", "#Strings", "#US", "#GUID", "#Blob",
    };
    struct corsym_buf *part = image->part;
    uint8_t heap_sizes = 0;

    CORSYM_TRY(pad4(&e->strings.data));
    CORSYM_TRY(pad4(&e->blobs.data));
    if (e->strings.data.len > 0xFFFF)
        heap_sizes |= CORSYM_HEAP_STRINGS_LARGE;
    if (e->guids.len / 16 > 0xFFFF)
        heap_sizes |= CORSYM_HEAP_GUID_LARGE;
    if (e->blobs.data.len > 0xFFFF)
        heap_sizes |= CORSYM_HEAP_BLOB_LARGE;
    CORSYM_TRY(write_pdb_stream(e, id, &part[PART_PDB]));
    CORSYM_TRY(write_tables_stream(e, heap_sizes, &part[PART_TABLES]));
    CORSYM_TRY(corsym_emit_u32(&part[PART_US], 0)); /* #US: just the empty entry */
    part[PART_STRINGS] = e->strings.data;
    e->strings.data = (struct corsym_buf)CORSYM_BUF_INIT;
    part[PART_GUID] = e->guids;
    e->guids = (struct corsym_buf)CORSYM_BUF_INIT;
    part[PART_BLOB] = e->blobs.data;
    e->blobs.data = (struct corsym_buf)CORSYM_BUF_INIT;

    static const char version[12] = "PDB v1.0";
    size_t header = 16 + sizeof(version) + 4;
    for (unsigned i = PART_PDB; i < CORSYM_PPDB_IMAGE_PARTS; i++)
        header += 8 + ((strlen(names[i]) + 4) & ~(size_t)3);
    struct corsym_buf *root = &part[PART_ROOT];
    CORSYM_TRY(corsym_buf_reserve(root, header));
    CORSYM_TRY(corsym_emit_u32(root, 0x424A5342)); /* "BSJB" */
    CORSYM_TRY(corsym_emit_u32(root, 0x00010001)); /* major 1, minor 1 */
    CORSYM_TRY(corsym_emit_u32(root, 0));
    CORSYM_TRY(corsym_emit_u32(root, sizeof(version)));
    CORSYM_TRY(corsym_buf_append(root, version, sizeof(version)));
    CORSYM_TRY(corsym_emit_u32(root, (uint32_t)(CORSYM_PPDB_IMAGE_PARTS - 1) << 16));
    size_t offset = header;
    for (unsigned i = PART_PDB; i < CORSYM_PPDB_IMAGE_PARTS; i++) {
        size_t size = part[i].len;
        if (offset > UINT32_MAX || size > UINT32_MAX - offset)
            return CORSYM_E_UNSUPPORTED;
        CORSYM_TRY(corsym_emit_u32(root, (uint32_t)offset));
        CORSYM_TRY(corsym_emit_u32(root, (uint32_t)size));
        CORSYM_TRY(corsym_buf_append(root, names[i], strlen(names[i])));
        CORSYM_TRY(corsym_buf_append_u8(root, 0));
        CORSYM_TRY(pad4(root));
        offset += size;
    }
    image->len = offset;
    image->id_offset = root->len;
    return CORSYM_OK;
}

void corsym_ppdb_image_free(struct corsym_ppdb_image *image)
{
    for (unsigned i = 0; i < CORSYM_PPDB_IMAGE_PARTS; i++)
        corsym_buf_free(&image->part[i]);
    memset(image, 0, sizeof(*image));
}

size_t corsym_ppdb_image_spans(const struct corsym_ppdb_image *image,
                               struct corsym_span spans[CORSYM_PPDB_IMAGE_PARTS])
{
    for (unsigned i = 0; i < CORSYM_PPDB_IMAGE_PARTS; i++)
        spans[i] = corsym_span_make(image->part[i].data, image->part[i].len);
    return CORSYM_PPDB_IMAGE_PARTS;
}

void corsym_ppdb_image_set_id(struct corsym_ppdb_image *image,
                              const uint8_t id[CORSYM_PPDB_ID_SIZE])
{
    if (image->part[PART_PDB].len >= CORSYM_PPDB_ID_SIZE)
        memcpy(image->part[PART_PDB].data, id, CORSYM_PPDB_ID_SIZE);
}

corsym_status corsym_ppdb_emit_image(const struct corsym_symwriter *model,
                                     const struct corsym_ppdb_emit_options *options,
                                     struct corsym_ppdb_image *image)
{
    memset(image, 0, sizeof(*image));
    struct emit e;
    memset(&e, 0, sizeof(e));
    e.w = model;
    e.module = options->module;
    for (unsigned t = 0; t < 8; t++)
        e.tables[t].cols = table_columns[t];
    for (unsigned t = 0; t < CORSYM_PPDB_EMIT_TYPE_TABLES; t++)
        e.type_rows[t] = options->type_system_rows[t] & MAX_ROWS;
    corsym_status st = heap_init(&e.strings, false);
    if (st == CORSYM_OK)
        st = heap_init(&e.blobs, true);
    if (st == CORSYM_OK)
        st = plan(&e);
    if (st == CORSYM_OK)
        st = write_image(&e, options->id, image);
    heap_free(&e.strings);
    heap_free(&e.blobs);
    corsym_buf_free(&e.guids);
    corsym_buf_free(&e.scratch);
    corsym_buf_free(&e.point_records);
    for (unsigned t = 0; t < 8; t++)
        free(e.tables[t].cells);
    free(e.cdis);
    free(e.method_scratch);
    corsym_sw_scope_groups_free(&e.groups);
    free(e.using_scratch);
    free(e.md2);
    free(e.extern_aliases);
    free(e.iterators);
    free(e.import_cache.names);
    free(e.import_rows.slots);
    for (unsigned i = 0; i < 2; i++)
        corsym_type_index_free(&e.type_index[i]);
    return st;
}

corsym_status corsym_ppdb_emit(const struct corsym_symwriter *model,
                               const struct corsym_ppdb_emit_options *options,
                               struct corsym_buf *out, size_t *id_offset)
{
    struct corsym_ppdb_image image;
    corsym_status st = corsym_ppdb_emit_image(model, options, &image);
    if (st == CORSYM_OK)
        st = corsym_buf_reserve(out, image.len);
    if (st == CORSYM_OK)
        *id_offset = out->len + image.id_offset;
    for (unsigned i = 0; st == CORSYM_OK && i < CORSYM_PPDB_IMAGE_PARTS; i++)
        st = corsym_buf_append(out, image.part[i].data, image.part[i].len);
    corsym_ppdb_image_free(&image);
    return st;
}
