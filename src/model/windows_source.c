/* SPDX-License-Identifier: MIT */
/*
 * The symbol source over a Windows PDB, answering what Microsoft's DLL answers: the root
 * scope is the procedure itself (0 to the IL size), inner scopes keep the ends as stored
 * (VB's are inclusive there already), constants keep the type their numeric leaf has,
 * their signature is the StandAloneSig their record names, and "MD2" and the other
 * managed S_OEM records are the method's custom attributes.
 */
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"
#include "model/arena.h"
#include "model/enc.h"
#include "model/windows_source.h"
#include "platform/mutex.h"
#include "winpdb/winpdb.h"
#include "winpdb/winpdb_c13.h"

/* CV_lvar_attr fIsParam: the slot is a parameter. */
#define CV_LVAR_IS_PARAM 0x0001u

struct cached_attribute {
    struct cached_attribute *next;
    uint32_t token;
    char name[32];
    size_t size;
    uint8_t data[];
};

struct windows_source {
    struct corsym_symbols base;
    uint32_t refs;                              /* EnC snapshots share the source */
    struct corsym_winpdb *pdb;
    uint8_t *owned_bytes;
    corsym_mutex lock;
    struct corsym_winpdb_index *index;          /* built at open: every method lookup needs it */
    struct corsym_winpdb_documents *documents;  /* also built at open: documents are counted */
    struct corsym_document *records;            /* the API's view of them */
    struct corsym_arena *arena;                 /* document records and compiler name */
    struct corsym_msf_bytes source_link, source_server;
    uint32_t **doc_lines;                       /* lazily: line starts per document */
    uint32_t *doc_line_counts;
    int doc_lines_ready;
    uint32_t **doc_methods;                     /* lazily: tokens per document */
    uint32_t *doc_method_counts;
    int doc_methods_ready;
    struct cached_attribute *attributes;
};

static inline struct windows_source *impl(struct corsym_symbols *symbols)
{
    return (struct windows_source *)symbols;
}

static corsym_status arena_utf16(struct corsym_arena *arena, const uint8_t *utf8, size_t length,
                                 struct corsym_wstr *out)
{
    size_t units = 0;
    corsym_status st = corsym_utf8_to_utf16_lossy(utf8, length, NULL, 0, &units);
    if (st != CORSYM_OK && st != CORSYM_E_BUFFER_TOO_SMALL)
        return st;
    if (units > UINT32_MAX - 1)
        return CORSYM_E_UNSUPPORTED;
    uint16_t *chars = corsym_arena_alloc(arena, units + 1, sizeof(uint16_t));
    if (!chars)
        return CORSYM_E_NOMEM;
    if (units)
        CORSYM_TRY(corsym_utf8_to_utf16_lossy(utf8, length, chars, units, &units));
    out->chars = chars;
    out->length = (uint32_t)units;
    return CORSYM_OK;
}

/* Per-document lists (tokens or lines) and their counts; either may be NULL. */
static void free_lists(uint32_t **lists, uint32_t *counts, uint32_t docs)
{
    for (uint32_t d = 0; lists && d < docs; d++)
        free(lists[d]);
    free(lists);
    free(counts);
}

static void windows_destroy(struct corsym_symbols *symbols)
{
    struct windows_source *src = impl(symbols);
    if (__atomic_sub_fetch(&src->refs, 1, __ATOMIC_ACQ_REL) != 0)
        return;
    for (struct cached_attribute *a = src->attributes, *next; a; a = next) {
        next = a->next;
        free(a);
    }
    free_lists(src->doc_lines, src->doc_line_counts, symbols->document_count);
    free_lists(src->doc_methods, src->doc_method_counts, symbols->document_count);
    corsym_msf_bytes_release(&src->source_link);
    corsym_msf_bytes_release(&src->source_server);
    corsym_arena_free(src->arena);
    corsym_winpdb_documents_free(src->documents);
    corsym_winpdb_index_free(src->index);
    corsym_winpdb_close(src->pdb);
    corsym_mutex_destroy(&src->lock);
    free(src->owned_bytes);
    free(src);
}

static corsym_status windows_document(struct corsym_symbols *symbols, uint32_t index,
                                      const struct corsym_document **out)
{
    if (index >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    *out = &impl(symbols)->records[index];
    return CORSYM_OK;
}

static corsym_status windows_embedded_source(struct corsym_symbols *symbols, uint32_t document,
                                             struct corsym_bytes *out)
{
    struct windows_source *src = impl(symbols);
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    const struct corsym_winpdb_document *doc = corsym_winpdb_document_at(src->documents, document);
    if (!doc || !doc->embedded_source.len)
        return CORSYM_NOT_FOUND;
    out->data = doc->embedded_source.data;
    out->size = doc->embedded_source.len;
    return CORSYM_OK;
}

static void convert_value(const struct corsym_cv_numeric *n, struct corsym_arena *arena,
                          struct corsym_value *v, corsym_status *st)
{
    switch (n->kind) {
    case CORSYM_CV_NUM_SIGNED:
        v->u.i = n->u.i;
        v->kind = n->leaf == 0x8000 ? CORSYM_VALUE_I1      /* LF_CHAR */
                : n->leaf == 0x8001 ? CORSYM_VALUE_I2      /* LF_SHORT */
                : n->leaf == 0x8003 ? CORSYM_VALUE_I4      /* LF_LONG */
                : CORSYM_VALUE_I8;                         /* LF_QUADWORD */
        break;
    case CORSYM_CV_NUM_UNSIGNED:
        if (n->leaf < 0x8000) {
            /* A value stored in the leaf itself (0..0x7FFF): Microsoft's reader answers VT_I2,
             * whatever the writer was given (VT_BOOL, VT_UI1...). */
            v->kind = CORSYM_VALUE_I2;
            v->u.i = (int64_t)n->u.u;
            break;
        }
        v->u.u = n->u.u;
        v->kind = n->leaf == 0x8002 ? CORSYM_VALUE_U2   /* LF_USHORT */
                : n->leaf == 0x8004 ? CORSYM_VALUE_U4   /* LF_ULONG */
                : CORSYM_VALUE_U8;                      /* LF_UQUADWORD */
        break;
    case CORSYM_CV_NUM_REAL32:
        v->kind = CORSYM_VALUE_R4;
        v->u.r4 = n->u.r4;
        break;
    case CORSYM_CV_NUM_REAL64:
        v->kind = CORSYM_VALUE_R8;
        v->u.r8 = n->u.r8;
        break;
    case CORSYM_CV_NUM_DECIMAL:
        v->kind = CORSYM_VALUE_DECIMAL;
        v->u.decimal.negative = (n->u.decimal.sign & 0x80) != 0;
        v->u.decimal.scale = n->u.decimal.scale;
        v->u.decimal.hi = n->u.decimal.hi32;
        v->u.decimal.mid = (uint32_t)(n->u.decimal.lo64 >> 32);
        v->u.decimal.lo = (uint32_t)n->u.decimal.lo64;
        break;
    case CORSYM_CV_NUM_DATE:
        v->kind = CORSYM_VALUE_DATE;
        v->u.i = n->u.i;
        break;
    case CORSYM_CV_NUM_STRING:
        v->kind = CORSYM_VALUE_STRING;
        *st = arena_utf16(arena, n->text.data, n->text.len, &v->u.text);
        break;
    }
}

static corsym_status convert_method(struct windows_source *src, const struct corsym_winpdb_method *w,
                                    struct corsym_method **out)
{
    struct corsym_arena *arena = corsym_arena_new();
    if (!arena)
        return CORSYM_E_NOMEM;
    struct corsym_method *m = corsym_arena_alloc(arena, 1, sizeof(*m));
    corsym_status st = m ? CORSYM_OK : CORSYM_E_NOMEM;
    if (st == CORSYM_OK) {
        m->arena = arena;
        m->token = w->token;
        m->points = corsym_arena_alloc(arena, w->point_count ? w->point_count : 1, sizeof(*m->points));
        m->scopes = corsym_arena_alloc(arena, w->scope_count ? w->scope_count : 1, sizeof(*m->scopes));
        m->locals = corsym_arena_alloc(arena, w->local_count ? w->local_count : 1, sizeof(*m->locals));
        m->constants = corsym_arena_alloc(arena, w->constant_count ? w->constant_count : 1,
                                          sizeof(*m->constants));
        m->namespaces = corsym_arena_alloc(arena, w->namespace_count ? w->namespace_count : 1,
                                           sizeof(*m->namespaces));
        if (!m->points || !m->scopes || !m->locals || !m->constants || !m->namespaces)
            st = CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < w->point_count; i++) {
        const struct corsym_winpdb_sequence_point *p = &w->points[i];
        struct corsym_sequence_point *q = &m->points[m->point_count];
        uint32_t doc;
        if (corsym_winpdb_documents_find(src->documents, p->document_ni, &doc) != CORSYM_OK)
            continue; /* a line record naming a file no module lists: nothing to point at */
        q->offset = p->il_offset;
        q->document = doc;
        q->start_line = p->hidden ? CORSYM_HIDDEN_LINE : p->start_line;
        q->end_line = p->hidden ? CORSYM_HIDDEN_LINE : p->end_line;
        /* Microsoft's DLL keeps a hidden point's stored columns. */
        q->start_column = p->start_column;
        q->end_column = p->end_column;
        m->point_count++;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < w->scope_count; i++) {
        const struct corsym_winpdb_scope *s = &w->scopes[i];
        struct corsym_scope *t = &m->scopes[i];
        t->start_offset = s->start_offset;
        t->end_offset = s->end_offset;
        t->parent = s->parent == CORSYM_WINPDB_NONE ? CORSYM_NONE : s->parent;
        t->first_child = s->first_child == CORSYM_WINPDB_NONE ? CORSYM_NONE : s->first_child;
        t->next_sibling = s->next_sibling == CORSYM_WINPDB_NONE ? CORSYM_NONE : s->next_sibling;
        t->constants_first = s->constants_first;
        t->constants_count = s->constants_count;
        t->namespaces_first = s->namespaces_first;
        t->namespaces_count = s->namespaces_count;
    }
    m->scope_count = w->scope_count;
    /* S_MANSLOT records of parameters (fIsParam) are not locals in Microsoft's answers; the
     * scopes' ranges are recounted over the locals that remain. */
    for (uint32_t sc = 0; st == CORSYM_OK && sc < w->scope_count; sc++) {
        const struct corsym_winpdb_scope *ws = &w->scopes[sc];
        m->scopes[sc].locals_first = m->local_count;
        for (uint32_t i = ws->locals_first; i < ws->locals_first + ws->locals_count &&
                                            i < w->local_count && st == CORSYM_OK; i++) {
            const struct corsym_winpdb_local *l = &w->locals[i];
            if (l->flags & CV_LVAR_IS_PARAM)
                continue;
            struct corsym_local *t = &m->locals[m->local_count++];
            st = arena_utf16(arena, l->name.data, l->name.len, &t->name);
            t->attributes = (l->flags & CORSYM_CV_LVAR_COMPGEN) ? 1u : 0u; /* VAR_IS_COMP_GEN */
            t->address_kind = 1; /* ADDR_IL_OFFSET */
            t->address1 = l->slot;
            t->signature_token = l->signature_token;
            if (!m->local_signature_token)
                m->local_signature_token = l->signature_token;
        }
        m->scopes[sc].locals_count = m->local_count - m->scopes[sc].locals_first;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < w->constant_count; i++) {
        const struct corsym_winpdb_constant *c = &w->constants[i];
        struct corsym_constant *t = &m->constants[i];
        st = arena_utf16(arena, c->name.data, c->name.len, &t->name);
        if (st == CORSYM_OK)
            convert_value(&c->value, arena, &t->value, &st);
        t->signature_token = c->signature_token;
    }
    m->constant_count = w->constant_count;
    for (uint32_t i = 0; st == CORSYM_OK && i < w->namespace_count; i++)
        st = arena_utf16(arena, w->namespaces[i].name.data, w->namespaces[i].name.len,
                         &m->namespaces[i]);
    m->namespace_count = w->namespace_count;
    if (st == CORSYM_OK && w->has_async) {
        m->is_async = true;
        m->kickoff_method = w->async.kickoff_token;
        m->has_catch_handler = w->async.has_catch_handler;
        m->catch_handler_offset = w->async.catch_handler_offset;
        uint32_t n = w->async.step_count;
        m->async_steps = corsym_arena_alloc(arena, n ? n : 1, sizeof(*m->async_steps));
        if (!m->async_steps)
            st = CORSYM_E_NOMEM;
        for (uint32_t i = 0; st == CORSYM_OK && i < n; i++) {
            m->async_steps[i].yield_offset = w->async_steps[i].yield_offset;
            m->async_steps[i].resume_offset = w->async_steps[i].resume_offset;
            m->async_steps[i].resume_method = w->async_steps[i].breakpoint_method;
        }
        m->async_step_count = n;
    }
    if (st == CORSYM_OK)
        m->il_size_hint = w->scope_count ? w->scopes[0].end_offset : 0;
    if (st != CORSYM_OK) {
        corsym_arena_free(arena);
        return st;
    }
    *out = m;
    return CORSYM_OK;
}

static corsym_status windows_method(struct corsym_symbols *symbols, uint32_t token,
                                    struct corsym_method **out)
{
    struct windows_source *src = impl(symbols);
    struct corsym_winpdb_method *w;
    *out = NULL;
    if ((token >> 24) != 0x06)
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(corsym_winpdb_method_load(src->pdb, src->index, token, &w));
    corsym_status st = convert_method(src, w, out);
    corsym_winpdb_method_free(w);
    return st;
}

/* The documents a module's FILECHKSMS subsection lists, as document indexes. */
static corsym_status module_documents(struct windows_source *src, uint32_t module,
                                      uint32_t **out, uint32_t *count)
{
    struct corsym_winpdb_module m;
    *out = NULL;
    *count = 0;
    corsym_status st = corsym_winpdb_module_load(src->pdb, module, &m);
    if (st != CORSYM_OK)
        return st == CORSYM_NOT_FOUND || st == CORSYM_E_UNSUPPORTED ? CORSYM_OK : st;
    struct corsym_c13_iter it;
    struct corsym_c13_subsection sub;
    uint32_t capacity = 0;
    corsym_c13_begin(&it, m.c13);
    while (st == CORSYM_OK && (st = corsym_c13_next(&it, &sub)) == CORSYM_OK) {
        if (sub.kind != CORSYM_DEBUG_S_FILECHKSMS)
            continue;
        struct corsym_c13_files_iter files;
        struct corsym_c13_file file;
        corsym_c13_files_begin(&files, sub.data);
        while ((st = corsym_c13_files_next(&files, &file)) == CORSYM_OK) {
            uint32_t doc;
            if (corsym_winpdb_documents_find(src->documents, file.name_ni, &doc) != CORSYM_OK)
                continue;
            if (*count == capacity) {
                uint32_t grown = capacity ? capacity * 2 : 4;
                uint32_t *bigger = realloc(*out, grown * sizeof(uint32_t));
                if (!bigger) {
                    st = CORSYM_E_NOMEM;
                    break;
                }
                *out = bigger;
                capacity = grown;
            }
            (*out)[(*count)++] = doc;
        }
        if (st == CORSYM_NOT_FOUND)
            st = CORSYM_OK;
    }
    corsym_winpdb_module_release(&m);
    if (st == CORSYM_NOT_FOUND)
        st = CORSYM_OK;
    if (st != CORSYM_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
    }
    return st;
}

/* Appends to list d, doubling it as needed; a value equal to one of the last few is not
 * added again (tokens arrive in order, and line lists are made unique later anyway). */
static corsym_status list_append(uint32_t **lists, uint32_t *counts, uint32_t *capacity,
                                 uint32_t d, uint32_t token)
{
    for (uint32_t k = counts[d]; k > 0 && k + 4 > counts[d]; k--)
        if (lists[d][k - 1] == token)
            return CORSYM_OK; /* tokens arrive in order: a repeat is among the last few */
    if (counts[d] == capacity[d]) {
        uint32_t grown = capacity[d] ? capacity[d] * 2 : 8;
        uint32_t *bigger = realloc(lists[d], grown * sizeof(uint32_t));
        if (!bigger)
            return CORSYM_E_NOMEM;
        lists[d] = bigger;
        capacity[d] = grown;
    }
    lists[d][counts[d]++] = token;
    return CORSYM_OK;
}

/* Document -> methods, built once. Microsoft's DLL lists a method under each document its
 * visible sequence points are in; a method without any (an async or iterator kickoff
 * method) goes under the first file its module's line information names. */
static corsym_status build_document_methods(struct windows_source *src)
{
    uint32_t docs = src->base.document_count, methods = corsym_winpdb_index_count(src->index);
    uint32_t modules = corsym_winpdb_module_count(src->pdb);
    uint32_t **lists = calloc(docs ? docs : 1, sizeof(*lists));
    uint32_t *counts = calloc(docs ? docs : 1, sizeof(*counts));
    uint32_t *capacity = calloc(docs ? docs : 1, sizeof(*capacity));
    uint32_t *first_doc = malloc((modules ? modules : 1) * sizeof(*first_doc));
    corsym_status st = lists && counts && capacity && first_doc ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t m = 0; st == CORSYM_OK && m < modules; m++) {
        uint32_t *module_docs, n;
        first_doc[m] = CORSYM_NONE;
        st = module_documents(src, m, &module_docs, &n);
        if (st == CORSYM_OK && n)
            first_doc[m] = module_docs[0];
        if (st == CORSYM_OK)
            free(module_docs);
        else if (st != CORSYM_E_NOMEM)
            st = CORSYM_OK; /* a damaged module only loses its own listing */
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < methods; i++) {
        struct corsym_winpdb_method_ref ref;
        struct corsym_winpdb_method *w;
        if (corsym_winpdb_index_at(src->index, i, &ref) != CORSYM_OK)
            continue;
        /* The method's points and its module's first file, in document order so each list
         * stays sorted by token. */
        uint32_t listed = 0;
        if (corsym_winpdb_method_load_ref(src->pdb, &ref, &w) == CORSYM_OK) {
            for (uint32_t p = 0; st == CORSYM_OK && p < w->point_count; p++) {
                uint32_t d;
                if (!w->points[p].hidden &&
                    corsym_winpdb_documents_find(src->documents, w->points[p].document_ni, &d) == CORSYM_OK) {
                    st = list_append(lists, counts, capacity, d, ref.token);
                    listed++;
                }
            }
            corsym_winpdb_method_free(w);
        }
        if (st == CORSYM_OK && !listed && ref.module < modules && first_doc[ref.module] != CORSYM_NONE)
            st = list_append(lists, counts, capacity, first_doc[ref.module], ref.token);
    }
    free(first_doc);
    free(capacity);
    if (st != CORSYM_OK) {
        free_lists(lists, counts, docs);
        return st;
    }
    src->doc_methods = lists;
    src->doc_method_counts = counts;
    __atomic_store_n(&src->doc_methods_ready, 1, __ATOMIC_RELEASE);
    return CORSYM_OK;
}

static corsym_status windows_methods_in_document(struct corsym_symbols *symbols, uint32_t document,
                                                 const uint32_t **tokens, uint32_t *count)
{
    struct windows_source *src = impl(symbols);
    *tokens = NULL;
    *count = 0;
    if (document >= symbols->document_count)
        return CORSYM_NOT_FOUND;
    if (!__atomic_load_n(&src->doc_methods_ready, __ATOMIC_ACQUIRE)) {
        corsym_mutex_lock(&src->lock);
        corsym_status st = src->doc_methods_ready ? CORSYM_OK : build_document_methods(src);
        corsym_mutex_unlock(&src->lock);
        CORSYM_TRY(st);
    }
    *tokens = src->doc_methods[document];
    *count = src->doc_method_counts[document];
    return CORSYM_OK;
}

/* Custom attributes are the method's managed S_OEM records ("MD2", "asyncMethodInfo"...).
 * Blobs handed out stay valid for the source's life, so they are copied once and kept. */
static corsym_status windows_sym_attribute(struct corsym_symbols *symbols, uint32_t token,
                                           const uint16_t *name, struct corsym_bytes *out)
{
    struct windows_source *src = impl(symbols);
    char ascii[32];
    size_t n = 0;
    for (; name[n]; n++) {
        if (n + 1 >= sizeof(ascii) || name[n] > 0x7F)
            return CORSYM_NOT_FOUND; /* no managed record has such a name */
        ascii[n] = (char)name[n];
    }
    ascii[n] = 0;
    corsym_status st = CORSYM_OK;
    corsym_mutex_lock(&src->lock);
    struct cached_attribute *a = src->attributes;
    while (a && (a->token != token || strcmp(a->name, ascii) != 0))
        a = a->next;
    if (!a) {
        struct corsym_winpdb_method *w;
        st = corsym_winpdb_method_load(src->pdb, src->index, token, &w);
        if (st == CORSYM_NOT_FOUND)
            st = CORSYM_E_INVALID_ARG; /* no symbols for the method at all: see symbols.h */
        if (st == CORSYM_OK) {
            struct corsym_span data;
            st = corsym_winpdb_method_oem(w, ascii, &data);
            if (st == CORSYM_OK) {
                a = malloc(sizeof(*a) + (data.len ? data.len : 1));
                if (!a) {
                    st = CORSYM_E_NOMEM;
                } else {
                    a->token = token;
                    memcpy(a->name, ascii, n + 1);
                    a->size = data.len;
                    if (data.len)
                        memcpy(a->data, data.data, data.len);
                    a->next = src->attributes;
                    src->attributes = a;
                }
            }
            corsym_winpdb_method_free(w);
        }
    }
    corsym_mutex_unlock(&src->lock);
    if (st != CORSYM_OK)
        return st;
    out->data = a->data;
    out->size = a->size;
    return CORSYM_OK;
}

/* A PDB as opened has one version and no line deltas; updates make an EnC snapshot
 * (windows_enc.c) over this source and the delta PDBs. */
static corsym_status windows_line_deltas(struct corsym_symbols *symbols, uint32_t token,
                                         struct corsym_line_deltas *out)
{
    (void)symbols; (void)token; (void)out;
    return CORSYM_NOT_FOUND;
}

static corsym_status windows_update(struct corsym_symbols *symbols, const uint8_t *data,
                                    size_t size, bool owned, const struct corsym_line_delta *deltas,
                                    uint32_t count, struct corsym_symbols **out)
{
    struct corsym_symbols *first;
    *out = NULL;
    corsym_status st = corsym_windows_enc_begin(symbols, &first);
    if (st != CORSYM_OK) {
        if (owned)
            free((void *)data);
        return st;
    }
    st = first->ops->update(first, data, size, owned, deltas, count, out);
    corsym_symbols_destroy(first);
    return st;
}

static corsym_status windows_update_method_lines(struct corsym_symbols *symbols, uint32_t token,
                                                 const int32_t *deltas, uint32_t count,
                                                 struct corsym_symbols **out)
{
    struct corsym_symbols *first;
    *out = NULL;
    CORSYM_TRY(corsym_windows_enc_begin(symbols, &first));
    corsym_status st = first->ops->update_method_lines(first, token, deltas, count, out);
    corsym_symbols_destroy(first);
    return st;
}

struct corsym_symbols *corsym_windows_source_retain(struct corsym_symbols *symbols)
{
    __atomic_add_fetch(&impl(symbols)->refs, 1, __ATOMIC_RELAXED);
    return symbols;
}

uint32_t corsym_windows_source_method_count(struct corsym_symbols *symbols)
{
    return corsym_winpdb_index_count(impl(symbols)->index);
}

uint32_t corsym_windows_source_method_token(struct corsym_symbols *symbols, uint32_t i)
{
    struct corsym_winpdb_method_ref ref;
    if (corsym_winpdb_index_at(impl(symbols)->index, i, &ref) != CORSYM_OK)
        return 0;
    return ref.token;
}

static int compare_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The visible line starts of one module's line tables, added to their documents' lists. */
static corsym_status module_lines(struct windows_source *src, uint32_t module, uint32_t **lists,
                                  uint32_t *counts, uint32_t *capacity)
{
    struct corsym_winpdb_module m;
    corsym_status st = corsym_winpdb_module_load(src->pdb, module, &m);
    if (st != CORSYM_OK)
        return st == CORSYM_E_NOMEM ? st : CORSYM_OK; /* a damaged module adds nothing */
    struct corsym_span files = { NULL, 0 };
    struct corsym_c13_iter it;
    struct corsym_c13_subsection sub;
    corsym_c13_begin(&it, m.c13);
    while (corsym_c13_next(&it, &sub) == CORSYM_OK)
        if (sub.kind == CORSYM_DEBUG_S_FILECHKSMS)
            files = sub.data;
    corsym_c13_begin(&it, m.c13);
    while (st == CORSYM_OK && corsym_c13_next(&it, &sub) == CORSYM_OK) {
        struct corsym_c13_lines lines;
        struct corsym_c13_line_block block;
        if (sub.kind != CORSYM_DEBUG_S_LINES || corsym_c13_lines_parse(sub.data, &lines) != CORSYM_OK)
            continue;
        while (st == CORSYM_OK && corsym_c13_lines_next(&lines, &block) == CORSYM_OK) {
            struct corsym_c13_file file;
            uint32_t d;
            if (corsym_c13_file_at(files, block.file_id, &file) != CORSYM_OK ||
                corsym_winpdb_documents_find(src->documents, file.name_ni, &d) != CORSYM_OK)
                continue;
            for (uint32_t i = 0; st == CORSYM_OK && i < block.count; i++) {
                struct corsym_c13_line line;
                if (corsym_c13_line_at(&block, i, &line) != CORSYM_OK)
                    break;
                if (line.start_line != CORSYM_C13_HIDDEN_LINE)
                    st = list_append(lists, counts, capacity, d, line.start_line);
            }
        }
    }
    corsym_winpdb_module_release(&m);
    return st;
}

static corsym_status build_document_lines(struct windows_source *src)
{
    uint32_t docs = src->base.document_count, modules = corsym_winpdb_module_count(src->pdb);
    uint32_t **lists = calloc(docs ? docs : 1, sizeof(*lists));
    uint32_t *counts = calloc(docs ? docs : 1, sizeof(*counts));
    uint32_t *capacity = calloc(docs ? docs : 1, sizeof(*capacity));
    corsym_status st = lists && counts && capacity ? CORSYM_OK : CORSYM_E_NOMEM;
    for (uint32_t m = 0; st == CORSYM_OK && m < modules; m++)
        st = module_lines(src, m, lists, counts, capacity);
    for (uint32_t d = 0; st == CORSYM_OK && d < docs; d++) {
        if (counts[d])
            qsort(lists[d], counts[d], sizeof(uint32_t), compare_u32);
        uint32_t used = 0;
        for (uint32_t i = 0; i < counts[d]; i++)
            if (!used || lists[d][used - 1] != lists[d][i])
                lists[d][used++] = lists[d][i];
        counts[d] = used;
    }
    free(capacity);
    if (st != CORSYM_OK) {
        free_lists(lists, counts, docs);
        return st;
    }
    src->doc_lines = lists;
    src->doc_line_counts = counts;
    __atomic_store_n(&src->doc_lines_ready, 1, __ATOMIC_RELEASE);
    return CORSYM_OK;
}

/* Microsoft's DLL answers FindClosestLine of a document that has managed methods from
 * every line record of the document, those of native functions included; a document with
 * only native code has no line to find. */
static corsym_status windows_closest_line(struct corsym_symbols *symbols, uint32_t document,
                                          uint32_t line, uint32_t *out)
{
    struct windows_source *src = impl(symbols);
    const uint32_t *tokens;
    uint32_t methods;
    CORSYM_TRY(windows_methods_in_document(symbols, document, &tokens, &methods));
    if (!methods)
        return CORSYM_NOT_FOUND;
    if (!__atomic_load_n(&src->doc_lines_ready, __ATOMIC_ACQUIRE)) {
        corsym_mutex_lock(&src->lock);
        corsym_status st = src->doc_lines_ready ? CORSYM_OK : build_document_lines(src);
        corsym_mutex_unlock(&src->lock);
        CORSYM_TRY(st);
    }
    const uint32_t *lines = src->doc_lines[document];
    uint32_t lo = 0, hi = src->doc_line_counts[document];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (lines[mid] < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == src->doc_line_counts[document])
        return CORSYM_NOT_FOUND;
    *out = lines[lo];
    return CORSYM_OK;
}

static const struct corsym_symbols_ops windows_ops = {
    windows_destroy,
    windows_document,
    windows_embedded_source,
    windows_method,
    windows_methods_in_document,
    windows_sym_attribute,
    corsym_enc_single_version,
    corsym_enc_extents_from_methods,
    windows_line_deltas,
    windows_update,
    windows_update_method_lines,
    windows_closest_line,
};

static const uint8_t vendor_microsoft[16] = {
    0xc4, 0x45, 0x4b, 0x99, 0xe9, 0xe6, 0xd2, 0x11, 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1,
};
static const uint8_t document_type_text[16] = {
    0x0b, 0x9d, 0x86, 0x5a, 0x11, 0x66, 0xd3, 0x11, 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd,
};
static const uint8_t language_c[16] = { /* 63a08714-fc37-11d2-904c-00c04fa302a1 */
    0x14, 0x87, 0xa0, 0x63, 0x37, 0xfc, 0xd2, 0x11, 0x90, 0x4c, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1,
};
static const uint8_t language_cpp[16] = { /* 3a12d0b7-c26c-11d0-b442-00a0244a1dd2 */
    0xb7, 0xd0, 0x12, 0x3a, 0x6c, 0xc2, 0xd0, 0x11, 0xb4, 0x42, 0x00, 0xa0, 0x24, 0x4a, 0x1d, 0xd2,
};

/* ".c" is C; every other native file (.cpp, .h, extensionless standard headers) is C++. */
static const uint8_t *language_from_name(struct corsym_span name)
{
    size_t n = name.len;
    if (n >= 2 && name.data[n - 2] == '.' && (name.data[n - 1] == 'c' || name.data[n - 1] == 'C'))
        return language_c;
    return language_cpp;
}

static corsym_status build_records(struct windows_source *src)
{
    uint32_t count = corsym_winpdb_documents_count(src->documents);
    src->base.document_count = count;
    src->records = corsym_arena_alloc(src->arena, count ? count : 1, sizeof(*src->records));
    if (!src->records)
        return CORSYM_E_NOMEM;
    for (uint32_t i = 0; i < count; i++) {
        const struct corsym_winpdb_document *d = corsym_winpdb_document_at(src->documents, i);
        struct corsym_document *r = &src->records[i];
        CORSYM_TRY(arena_utf16(src->arena, d->name.data, d->name.len, &r->url));
        if (d->has_source_info) {
            memcpy(r->language, d->language, 16);
            memcpy(r->language_vendor, d->language_vendor, 16);
            memcpy(r->document_type, d->document_type, 16);
        } else {
            r->no_source_record = true;
            /* No /src/files record (native files of a C++/CLI image): Microsoft's DLL
             * names the language from the extension and the Microsoft text defaults. */
            memcpy(r->language, language_from_name(d->name), 16);
            memcpy(r->language_vendor, vendor_microsoft, 16);
            memcpy(r->document_type, document_type_text, 16);
        }
        memcpy(r->checksum_algorithm, d->checksum_algorithm, 16);
        r->checksum.data = d->checksum.data;
        r->checksum.size = d->checksum.len;
        r->has_embedded_source = d->embedded_source.len != 0;
    }
    return CORSYM_OK;
}

corsym_status corsym_windows_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                         struct corsym_symbols **out)
{
    *out = NULL;
    struct windows_source *src = calloc(1, sizeof(*src));
    if (!src)
        return CORSYM_E_NOMEM;
    src->refs = 1;
    corsym_mutex_init(&src->lock);
    src->arena = corsym_arena_new();
    corsym_status st = src->arena ? corsym_winpdb_open(&src->pdb, data, size) : CORSYM_E_NOMEM;
    if (st == CORSYM_OK)
        st = corsym_winpdb_index_build(src->pdb, &src->index);
    if (st == CORSYM_OK)
        st = corsym_winpdb_documents_build(src->pdb, &src->documents);
    if (st == CORSYM_OK)
        st = build_records(src);
    if (st != CORSYM_OK) {
        src->owned_bytes = NULL;
        windows_destroy(&src->base);
        return st;
    }
    src->owned_bytes = owned;
    struct corsym_symbols *b = &src->base;
    b->ops = &windows_ops;
    b->format = CORSYM_FORMAT_WINDOWS;
    b->version_count = 1;
    const struct corsym_winpdb_info *info = corsym_winpdb_info(src->pdb);
    memcpy(b->guid, info->guid, 16);
    b->stamp = info->signature;
    /* The DBI age is the one an image's CodeView entry carries when the two differ. */
    b->age = info->has_dbi ? info->dbi_age : info->age;
    uint32_t entry = 0;
    if (corsym_winpdb_entry_point(src->pdb, &entry) == CORSYM_OK)
        b->entry_point = entry;
    if (corsym_winpdb_source_link(src->pdb, &src->source_link) == CORSYM_OK) {
        b->source_link.data = src->source_link.span.data;
        b->source_link.size = src->source_link.span.len;
    }
    if (corsym_winpdb_source_server(src->pdb, &src->source_server) == CORSYM_OK) {
        b->source_server.data = src->source_server.span.data;
        b->source_server.size = src->source_server.span.len;
    }
    struct corsym_cv_compile3 compile;
    struct corsym_winpdb_module holder;
    memset(&holder, 0, sizeof(holder));
    if (corsym_winpdb_compiler_info(src->pdb, &compile, &holder) == CORSYM_OK) {
        b->compiler.present = true;
        /* AddCompilerInfo's version sits in the back-end field when the front end is empty
         * (what corsym's writer does; Roslyn's compilers fill only the front end). */
        const uint16_t *v = compile.frontend[0] | compile.frontend[1] | compile.frontend[2] |
                            compile.frontend[3] ? compile.frontend : compile.backend;
        b->compiler.major = v[0];
        b->compiler.minor = v[1];
        b->compiler.build = v[2];
        b->compiler.revision = v[3];
        if (arena_utf16(src->arena, compile.version.data, compile.version.len,
                        &b->compiler.name) != CORSYM_OK)
            b->compiler.present = false;
        corsym_winpdb_module_release(&holder);
    }
    *out = b;
    return CORSYM_OK;
}
