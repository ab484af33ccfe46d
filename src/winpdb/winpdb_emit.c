/* SPDX-License-Identifier: MIT */
/*
 * The Windows PDB emitter (winpdb_emit.h): plans documents, modules and the invented
 * section, builds every stream, and hands them to the MSF writer in a fixed order:
 *   0 (empty), 1 info, 2 TPI, 3 DBI, 4 IPI, /LinkInfo, /names, /src/headerblock,
 *   sourcelink, srcsrv, /src/files/..., token-RID map, section header, modules,
 *   GSI, PSI, symbol records.
 * Stream numbers other than 1-4 are found through the named-stream map or the DBI, so
 * the order is ours (research §1.4).
 */
#include "base/sort.h"
#include "winpdb/winpdb_emit_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "msf/msf_write.h"
#include "winpdb/winpdb.h"

#define DANGLING_MODULE "<DanglingDocuments*223343bd-a859-41a3-90c0-9dfa101f1a95>"
#define COMPILER_MODULE "* CompilerInfo *"
#define TSLI_MODULE "TokenSourceLineInfo"
#define FALLBACK_MODULE "<Module>"
#define FILES_PREFIX "/src/files/"

static void wpe_free(struct wpe *e)
{
    if (e->docs)
        for (uint32_t d = 0; d < e->w->document_count; d++)
            corsym_buf_free(&e->docs[d].canon);
    free(e->docs);
    for (uint32_t i = 0; i < e->method_count; i++)
        corsym_buf_free(&e->methods[i].name);
    free(e->methods);
    corsym_sw_scope_groups_free(&e->groups);
    free(e->doc_position);
    for (uint32_t i = 0; i < e->module_count; i++) {
        corsym_buf_free(&e->modules[i].name);
        corsym_buf_free(&e->modules[i].stream);
        free(e->modules[i].methods);
        free(e->modules[i].docs);
    }
    free(e->modules);
    free(e->module_slots);
    corsym_buf_free(&e->names);
    free(e->name_order);
    free(e->name_slots);
    free(e->attributes);
}

static corsym_status push_u32(uint32_t **items, uint32_t *count, uint32_t *cap, uint32_t v)
{
    if (*count == *cap) {
        uint32_t n = *cap ? *cap * 2 : 4;
        if (n < *cap)
            return CORSYM_E_UNSUPPORTED;
        uint32_t *p = realloc(*items, (size_t)n * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        *items = p;
        *cap = n;
    }
    (*items)[(*count)++] = v;
    return CORSYM_OK;
}

/* ---- documents ---- */

static corsym_status canonical(const struct corsym_sw_document *d, struct corsym_buf *out)
{
    /* Microsoft's canonical form: ASCII lower case, '\' separators (research §9). */
    CORSYM_TRY(corsym_buf_append(out, d->url, d->url_len));
    for (size_t i = 0; i < out->len; i++) {
        uint8_t c = out->data[i];
        if (c >= 'A' && c <= 'Z')
            out->data[i] = (uint8_t)(c + 32);
        else if (c == '/')
            out->data[i] = '\\';
    }
    return CORSYM_OK;
}

static corsym_status plan_documents(struct wpe *e)
{
    const struct corsym_symwriter *w = e->w;
    e->docs = calloc(w->document_count ? w->document_count : 1, sizeof *e->docs);
    if (!e->docs)
        return CORSYM_E_NOMEM;
    /* Offset 0 is the empty string every table points at for "none". */
    CORSYM_TRY(corsym_buf_append_u8(&e->names, 0));
    /* canon NI -> document, to group URLs that differ only in case. */
    uint32_t slots_n = 16;
    while (slots_n < 2 * (uint64_t)w->document_count + 2)
        slots_n *= 2;
    uint32_t *slots = calloc(slots_n, sizeof *slots);
    if (!slots)
        return CORSYM_E_NOMEM;
    corsym_status st = CORSYM_OK;
    for (uint32_t i = 0; st == CORSYM_OK && i < w->document_count; i++) {
        const struct corsym_sw_document *d = &w->documents[i];
        struct wpe_doc *doc = &e->docs[i];
        doc->files_stream = WPE_NONE;
        st = wpe_name_add(e, d->url, d->url_len, &doc->url_ni);
        /* diasymreader adds "" as a real entry, once (the headers' object name). */
        if (st == CORSYM_OK && i == 0)
            st = wpe_name_add(e, "", 0, &e->empty_ni);
        if (st == CORSYM_OK)
            st = canonical(d, &doc->canon);
        if (st == CORSYM_OK)
            st = wpe_name_add(e, (const char *)doc->canon.data, doc->canon.len, &doc->canon_ni);
        if (st)
            break;
        uint32_t b = (doc->canon_ni * 2654435761u) & (slots_n - 1);
        while (slots[b] && e->docs[slots[b] - 1].canon_ni != doc->canon_ni)
            b = (b + 1) & (slots_n - 1);
        if (slots[b]) {
            doc->group = slots[b] - 1;
        } else {
            doc->group = i;
            doc->checksum_from = doc->source_from = WPE_NONE;
            slots[b] = i + 1;
        }
        /* A group shares one /src/files record: its first checksum and source win. Noted
         * here, in one pass, because a search per group was quadratic in documents. */
        struct wpe_doc *first = &e->docs[doc->group];
        if (first->checksum_from == WPE_NONE && d->has_checksum)
            first->checksum_from = i;
        if (first->source_from == WPE_NONE && d->has_source)
            first->source_from = i;
    }
    free(slots);
    return st;
}

/* ---- modules ---- */

static uint32_t name_hash(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static corsym_status index_module(struct wpe *e, uint32_t m)
{
    if ((uint64_t)(e->module_count) * 2 > e->module_slot_count) {
        uint32_t n = e->module_slot_count ? e->module_slot_count * 2 : 64;
        uint32_t *slots = calloc(n, sizeof *slots);
        if (!slots)
            return CORSYM_E_NOMEM;
        for (uint32_t i = 0; i < e->module_count; i++) {
            if (e->modules[i].kind != WPE_MODULE_TYPE || i == m)
                continue;
            uint32_t b = name_hash(e->modules[i].name.data, e->modules[i].name.len) & (n - 1);
            while (slots[b])
                b = (b + 1) & (n - 1);
            slots[b] = i + 1;
        }
        free(e->module_slots);
        e->module_slots = slots;
        e->module_slot_count = n;
    }
    uint32_t mask = e->module_slot_count - 1;
    uint32_t b = name_hash(e->modules[m].name.data, e->modules[m].name.len) & mask;
    while (e->module_slots[b])
        b = (b + 1) & mask;
    e->module_slots[b] = m + 1;
    return CORSYM_OK;
}

static corsym_status add_module(struct wpe *e, enum wpe_module_kind kind, const uint8_t *name,
                                size_t len, uint32_t *index)
{
    if (e->module_count == e->module_cap) {
        uint32_t n = e->module_cap ? e->module_cap * 2 : 8;
        struct wpe_module *p = realloc(e->modules, (size_t)n * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        e->modules = p;
        e->module_cap = n;
    }
    struct wpe_module *m = &e->modules[e->module_count];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    *index = e->module_count++;
    CORSYM_TRY(corsym_buf_append(&m->name, name, len));
    return kind == WPE_MODULE_TYPE ? index_module(e, *index) : CORSYM_OK;
}

static corsym_status type_module(struct wpe *e, const struct corsym_buf *name, uint32_t *index)
{
    if (e->module_slot_count) {
        uint32_t mask = e->module_slot_count - 1;
        for (uint32_t b = name_hash(name->data, name->len) & mask; e->module_slots[b];
             b = (b + 1) & mask) {
            const struct wpe_module *m = &e->modules[e->module_slots[b] - 1];
            if (m->name.len == name->len && memcmp(m->name.data, name->data, name->len) == 0) {
                *index = e->module_slots[b] - 1;
                return CORSYM_OK;
            }
        }
    }
    return add_module(e, WPE_MODULE_TYPE, name->data, name->len, index);
}

static corsym_status method_names(struct wpe *e, uint32_t token, struct corsym_buf *type,
                                  struct corsym_buf *name)
{
    if (e->o->method_names)
        return e->o->method_names(e->o->names_context, token, type, name);
    char hex[9];
    snprintf(hex, sizeof hex, "%08x", (unsigned)token);
    CORSYM_TRY(corsym_buf_append(type, FALLBACK_MODULE, sizeof FALLBACK_MODULE - 1));
    return corsym_buf_append(name, hex, 8);
}

/* The IL size Microsoft gives a method: where its outermost scope closes. */
static uint32_t method_length(const struct corsym_sw_method *m)
{
    uint32_t len = 0;
    for (uint32_t s = 0; s < m->scope_count; s++)
        if (m->scopes[s].parent == CORSYM_SW_NONE && m->scopes[s].end > len)
            len = m->scopes[s].end;
    return len;
}

static corsym_status plan_methods(struct wpe *e)
{
    const struct corsym_symwriter *w = e->w;
    e->methods = calloc(w->method_count ? w->method_count : 1, sizeof *e->methods);
    if (!e->methods)
        return CORSYM_E_NOMEM;
    struct corsym_buf type = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    uint32_t offset = 0;
    for (uint32_t i = 0; st == CORSYM_OK && i < w->method_count; i++) {
        struct wpe_method *m = &e->methods[i];
        e->method_count++;
        m->model_index = i;
        corsym_buf_clear(&type);
        st = method_names(e, corsym_sw_method(w, i)->token, &type, &m->name);
        if (st == CORSYM_OK)
            st = type_module(e, &type, &m->module);
        if (st == CORSYM_OK) {
            struct wpe_module *mod = &e->modules[m->module];
            st = push_u32(&mod->methods, &mod->method_count, &mod->method_cap, i);
        }
        m->offset = offset;
        m->length = method_length(corsym_sw_method(w, i));
        if (st == CORSYM_OK && !corsym_checked_add_u32(offset, m->length, &offset))
            st = CORSYM_E_UNSUPPORTED; /* the invented section is 4 GB at most */
    }
    corsym_buf_free(&type);
    e->section_length = offset;
    return st;
}

static int point_cmp(const void *a, const void *b)
{
    const struct corsym_sw_point *x = *(const struct corsym_sw_point *const *)a;
    const struct corsym_sw_point *y = *(const struct corsym_sw_point *const *)b;
    if (x->offset != y->offset)
        return x->offset < y->offset ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* A module's documents, in the order its methods' sorted points first name them. */
static corsym_status plan_module_documents(struct wpe *e, uint32_t *seen)
{
    const struct corsym_symwriter *w = e->w;
    const struct corsym_sw_point **p = NULL;
    size_t p_cap = 0;
    corsym_status st = CORSYM_OK;
    for (uint32_t mi = 0; st == CORSYM_OK && mi < e->module_count; mi++) {
        struct wpe_module *mod = &e->modules[mi];
        for (uint32_t k = 0; st == CORSYM_OK && k < mod->method_count; k++) {
            const struct corsym_sw_method *m = corsym_sw_method(w, e->methods[mod->methods[k]].model_index);
            if (m->point_count > p_cap) {
                const struct corsym_sw_point **q = realloc(p, m->point_count * sizeof *q);
                if (!q) {
                    st = CORSYM_E_NOMEM;
                    break;
                }
                p = q;
                p_cap = m->point_count;
            }
            for (uint32_t i = 0; i < m->point_count; i++)
                p[i] = &m->points[i];
            if (m->point_count)
                corsym_sort(p, m->point_count, sizeof *p, point_cmp);
            for (uint32_t i = 0; st == CORSYM_OK && i < m->point_count; i++) {
                uint32_t d = p[i]->document;
                e->docs[d].used = true;
                if (seen[d] != mi + 1) {
                    seen[d] = mi + 1;
                    st = push_u32(&mod->docs, &mod->doc_count, &mod->doc_cap, d);
                }
            }
        }
    }
    free(p);
    return st;
}

static corsym_status plan_special_modules(struct wpe *e, uint32_t *seen)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t mi;
    if (w->compiler.present)
        CORSYM_TRY(add_module(e, WPE_MODULE_COMPILER, (const uint8_t *)COMPILER_MODULE,
                              sizeof COMPILER_MODULE - 1, &mi));
    if (w->span_count) {
        CORSYM_TRY(add_module(e, WPE_MODULE_TSLI, (const uint8_t *)TSLI_MODULE,
                              sizeof TSLI_MODULE - 1, &mi));
        struct wpe_module *mod = &e->modules[mi];
        for (uint32_t i = 0; i < w->span_count; i++) {
            uint32_t d = w->spans[i].document;
            e->docs[d].used = true;
            if (seen[d] != mi + 1) {
                seen[d] = mi + 1;
                CORSYM_TRY(push_u32(&mod->docs, &mod->doc_count, &mod->doc_cap, d));
            }
        }
    }
    bool dangling = false;
    for (uint32_t d = 0; d < w->document_count; d++)
        dangling |= !e->docs[d].used;
    if (!dangling)
        return CORSYM_OK;
    CORSYM_TRY(add_module(e, WPE_MODULE_DANGLING, (const uint8_t *)DANGLING_MODULE,
                          sizeof DANGLING_MODULE - 1, &mi));
    struct wpe_module *mod = &e->modules[mi];
    for (uint32_t d = 0; d < w->document_count; d++)
        if (!e->docs[d].used)
            CORSYM_TRY(push_u32(&mod->docs, &mod->doc_count, &mod->doc_cap, d));
    return CORSYM_OK;
}

struct attribute_key {
    uint32_t parent, index;
};

static int attribute_cmp(const void *a, const void *b)
{
    const struct attribute_key *x = a, *y = b;
    if (x->parent != y->parent)
        return x->parent < y->parent ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Attributes by parent token, in call order within one parent, for the methods. */
static corsym_status plan_attributes(struct wpe *e)
{
    uint32_t n = e->w->attribute_count;
    e->attributes = malloc((size_t)(n ? n : 1) * sizeof *e->attributes);
    struct attribute_key *keys = malloc((size_t)(n ? n : 1) * sizeof *keys);
    if (!e->attributes || !keys) {
        free(keys);
        return CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; i < n; i++)
        keys[i] = (struct attribute_key){ e->w->attributes[i].parent, i };
    if (n)
        corsym_sort(keys, n, sizeof *keys, attribute_cmp);
    for (uint32_t i = 0; i < n; i++)
        e->attributes[i] = keys[i].index;
    free(keys);
    return CORSYM_OK;
}

static corsym_status plan(struct wpe *e)
{
    CORSYM_TRY(plan_documents(e));
    CORSYM_TRY(plan_methods(e));
    CORSYM_TRY(plan_attributes(e));
    uint32_t *seen = calloc(e->w->document_count ? e->w->document_count : 1, sizeof *seen);
    if (!seen)
        return CORSYM_E_NOMEM;
    corsym_status st = plan_module_documents(e, seen);
    if (st == CORSYM_OK)
        st = plan_special_modules(e, seen);
    free(seen);
    CORSYM_TRY(st);
    /* imod is a u16, 1-based in references; file counts are u16 (research §18.8). */
    if (e->module_count >= 0xFFFF)
        return CORSYM_E_UNSUPPORTED;
    /* A limit of the format like the stream count (which, one stream a document, it meets
     * first unless documents share names): the same answer for both. */
    for (uint32_t i = 0; i < e->module_count; i++)
        if (e->modules[i].doc_count > 0xFFFF)
            return CORSYM_E_UNSUPPORTED;
    return CORSYM_OK;
}

/* ---- assembling the streams ---- */

struct streams {
    struct corsym_buf *bufs;
    uint32_t count, cap;
    struct wpe_named *named;
    uint32_t named_count, named_cap;
    struct corsym_buf files_names; /* "/src/files/<canonical>" strings, NUL-separated */
};

static corsym_status new_stream(struct streams *s, uint32_t *index)
{
    if (s->count == s->cap) {
        uint32_t n = s->cap ? s->cap * 2 : 32;
        struct corsym_buf *p = realloc(s->bufs, (size_t)n * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        s->bufs = p;
        s->cap = n;
    }
    if (s->count >= WPE_MAX_STREAMS)
        return CORSYM_E_UNSUPPORTED; /* stream numbers are u16 in DBI records */
    corsym_buf_init(&s->bufs[s->count]);
    *index = s->count++;
    return CORSYM_OK;
}

static corsym_status new_named(struct streams *s, const char *name, size_t len, uint32_t *index)
{
    CORSYM_TRY(new_stream(s, index));
    if (s->named_count == s->named_cap) {
        uint32_t n = s->named_cap ? s->named_cap * 2 : 16;
        struct wpe_named *p = realloc(s->named, (size_t)n * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        s->named = p;
        s->named_cap = n;
    }
    s->named[s->named_count++] = (struct wpe_named){ name, len, *index };
    return CORSYM_OK;
}

static void streams_free(struct streams *s)
{
    for (uint32_t i = 0; i < s->count; i++)
        corsym_buf_free(&s->bufs[i]);
    free(s->bufs);
    free(s->named);
    corsym_buf_free(&s->files_names);
}

static corsym_status build(struct wpe *e, struct streams *s, uint32_t *info_index,
                           uint32_t *dbi_index)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t k, names_s, header_s;
    for (int i = 0; i < 5; i++)
        CORSYM_TRY(new_stream(s, &k));
    *info_index = CORSYM_WINPDB_STREAM_INFO;
    *dbi_index = CORSYM_WINPDB_STREAM_DBI;
    CORSYM_TRY(wpe_type_stream(&s->bufs[CORSYM_WINPDB_STREAM_TPI]));
    CORSYM_TRY(wpe_type_stream(&s->bufs[CORSYM_WINPDB_STREAM_IPI]));
    CORSYM_TRY(new_named(s, "/LinkInfo", 9, &k));
    CORSYM_TRY(new_named(s, "/names", 6, &names_s));
    CORSYM_TRY(new_named(s, "/src/headerblock", 16, &header_s));
    if (w->source_link || w->source_link_len) {
        CORSYM_TRY(new_named(s, "sourcelink", 10, &k));
        CORSYM_TRY(corsym_buf_append(&s->bufs[k], w->source_link, w->source_link_len));
    }
    if (w->source_server || w->source_server_len) {
        CORSYM_TRY(new_named(s, "srcsrv", 6, &k));
        CORSYM_TRY(corsym_buf_append(&s->bufs[k], w->source_server, w->source_server_len));
    }
    /* The names of /src/files streams live in one buffer, so measure it first: the
     * named-stream entries point into it. */
    size_t total = 0;
    for (uint32_t d = 0; d < w->document_count; d++)
        if (e->docs[d].group == d &&
            !corsym_checked_add(total, sizeof FILES_PREFIX + e->docs[d].canon.len, &total))
            return CORSYM_E_UNSUPPORTED;
    CORSYM_TRY(corsym_buf_reserve(&s->files_names, total));
    for (uint32_t d = 0; d < w->document_count; d++) {
        struct wpe_doc *doc = &e->docs[d];
        if (doc->group != d) {
            doc->files_stream = e->docs[doc->group].files_stream;
            continue;
        }
        size_t at = s->files_names.len;
        CORSYM_TRY(corsym_buf_append(&s->files_names, FILES_PREFIX, sizeof FILES_PREFIX - 1));
        CORSYM_TRY(wpe_cstr(&s->files_names, (const char *)doc->canon.data, doc->canon.len));
        CORSYM_TRY(new_named(s, (const char *)s->files_names.data + at,
                             s->files_names.len - at - 1, &doc->files_stream));
        CORSYM_TRY(wpe_src_file_stream(e, d, &s->bufs[doc->files_stream]));
    }
    CORSYM_TRY(wpe_names_stream(e, &s->bufs[names_s]));
    CORSYM_TRY(wpe_headerblock_stream(e, s->bufs, &s->bufs[header_s]));

    struct wpe_dbi_streams dbi = { WPE_NONE, WPE_NONE, WPE_NONE, WPE_NONE, WPE_NONE };
    struct corsym_buf map = CORSYM_BUF_INIT;
    bool has_map;
    corsym_status st = wpe_token_map_stream(e, &map, &has_map);
    if (st == CORSYM_OK && has_map && (st = new_stream(s, &dbi.token_map)) == CORSYM_OK) {
        s->bufs[dbi.token_map] = map;
        corsym_buf_init(&map);
    }
    corsym_buf_free(&map);
    CORSYM_TRY(st);
    if (e->method_count) {
        CORSYM_TRY(new_stream(s, &dbi.section_header));
        CORSYM_TRY(wpe_section_header_stream(e, &s->bufs[dbi.section_header]));
    }
    for (uint32_t i = 0; i < e->module_count; i++) {
        CORSYM_TRY(new_stream(s, &e->modules[i].stream_index));
        CORSYM_TRY(wpe_module_stream(e, i));
    }
    CORSYM_TRY(new_stream(s, &dbi.gsi));
    CORSYM_TRY(new_stream(s, &dbi.psi));
    CORSYM_TRY(new_stream(s, &dbi.symrec));
    CORSYM_TRY(wpe_globals(e, &s->bufs[dbi.symrec], &s->bufs[dbi.gsi], &s->bufs[dbi.psi]));
    /* Module streams were built in the plan; move them into place. */
    for (uint32_t i = 0; i < e->module_count; i++) {
        s->bufs[e->modules[i].stream_index] = e->modules[i].stream;
        corsym_buf_init(&e->modules[i].stream);
    }
    CORSYM_TRY(wpe_dbi_stream(e, &dbi, &s->bufs[CORSYM_WINPDB_STREAM_DBI]));
    return wpe_info_stream(e, s->named, s->named_count, &s->bufs[CORSYM_WINPDB_STREAM_INFO]);
}

corsym_status corsym_winpdb_emit(const struct corsym_symwriter *model,
                                 const struct corsym_winpdb_emit_options *options,
                                 struct corsym_buf *out, struct corsym_winpdb_emit_result *result)
{
    if (!model || !options || !out)
        return CORSYM_E_INVALID_ARG;
    /* Sealed or not, a model with a call still open cannot be written. */
    if (model->open_method != CORSYM_SW_NONE || model->mapping_spans || model->namespace_depth)
        return CORSYM_E_INVALID_ARG;
    corsym_status st;
    struct wpe e;
    memset(&e, 0, sizeof e);
    e.w = model;
    e.o = options;
    e.age = options->age ? options->age : 1;
    struct streams s;
    memset(&s, 0, sizeof s);
    uint32_t info = 0, dbi = 0;
    st = plan(&e);
    if (st == CORSYM_OK)
        st = build(&e, &s, &info, &dbi);
    struct corsym_msf_out_stream *list = NULL;
    size_t *offsets = NULL;
    if (st == CORSYM_OK) {
        list = calloc(s.count, sizeof *list);
        offsets = calloc(s.count, sizeof *offsets);
        if (!list || !offsets)
            st = CORSYM_E_NOMEM;
    }
    for (uint32_t i = 0; st == CORSYM_OK && i < s.count; i++) {
        if (s.bufs[i].len > UINT32_MAX - 1)
            st = CORSYM_E_UNSUPPORTED; /* 0xFFFFFFFF means a nil stream */
        list[i].data = s.bufs[i].data;
        list[i].size = (uint32_t)s.bufs[i].len;
    }
    struct corsym_msf_write_layout layout;
    if (st == CORSYM_OK)
        st = corsym_msf_write(list, s.count, options->block_size, out, offsets, &layout);
    if (st == CORSYM_OK && result) {
        /* Both headers sit in the first block of their stream (research §2.1, §6.1). */
        result->signature_offset = offsets[info] + 4;
        result->age_offset = offsets[info] + 8;
        result->guid_offset = offsets[info] + 12;
        result->dbi_age_offset = offsets[dbi] + 8;
        result->block_size = layout.block_size;
    }
    free(list);
    free(offsets);
    streams_free(&s);
    wpe_free(&e);
    return st;
}
