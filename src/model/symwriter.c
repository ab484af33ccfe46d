/* SPDX-License-Identifier: MIT */
/*
 * The writer's symbol model (symwriter.h). Each entry point checks the call state and its
 * arguments before it changes anything, so a failed call leaves no trace.
 */
#include "model/symwriter.h"
#include "model/arena.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/cursor.h"
#include "base/utf.h"

#define MAX_RID 0x00FFFFFFu
#define MAX_IL_OFFSET 0x1FFFFFFFu
#define MAX_LINE 0x1FFFFFFFu
#define MAX_COLUMN 0xFFFFu
#define TABLE_METHOD_DEF 0x06u
#define TABLE_STAND_ALONE_SIG 0x11u

/* Grows an array so one more item fits (the caller fills it). */
static corsym_status grow(void **items, uint32_t *cap, uint32_t count, size_t size)
{
    if (count < *cap)
        return CORSYM_OK;
    if (count == UINT32_MAX)
        return CORSYM_E_NOMEM;
    uint32_t new_cap = *cap ? (*cap > UINT32_MAX / 2 ? UINT32_MAX : *cap * 2) : 8;
    size_t bytes;
    if (!corsym_checked_mul(new_cap, size, &bytes))
        return CORSYM_E_NOMEM;
    /* The new room is not zeroed: every caller fills the element it appends (the working
     * arrays are reused from method to method, so none may count on zeros anyway), and
     * zeroing the methods array's doubled capacity was 2% of a large write. */
    void *p = realloc(*items, bytes);
    if (!p)
        return CORSYM_E_NOMEM;
    *items = p;
    *cap = new_cap;
    return CORSYM_OK;
}

#define GROW(array, cap, count) grow((void **)&(array), &(cap), (count), sizeof(*(array)))

static uint8_t *dup_bytes(const uint8_t *data, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    if (p && len)
        memcpy(p, data, len);
    return p;
}

/* UTF-16 from the caller to an owned, NUL-terminated UTF-8 string. An unpaired surrogate
 * is the caller's mistake, not a corrupt file. */
static corsym_status utf8_from_utf16(const uint16_t *text, size_t len, char **out, size_t *out_len)
{
    *out = NULL;
    if (!text && len)
        return CORSYM_E_INVALID_ARG;
    size_t n = 0;
    corsym_status st = corsym_utf16_to_utf8(text, len, NULL, 0, &n);
    if (st != CORSYM_OK)
        return st == CORSYM_E_NOMEM ? st : CORSYM_E_INVALID_ARG;
    size_t bytes;
    if (!corsym_checked_add(n, 1, &bytes))
        return CORSYM_E_NOMEM;
    char *s = malloc(bytes);
    if (!s)
        return CORSYM_E_NOMEM;
    if (n)
        corsym_utf16_to_utf8(text, len, (uint8_t *)s, n, &n);
    s[n] = 0;
    *out = s;
    if (out_len)
        *out_len = n;
    return CORSYM_OK;
}

/* A caller's UTF-16 name, interned as UTF-8. Short names (all of a compiler's) convert on
 * the stack. */
static corsym_status intern_utf16(struct corsym_symwriter *w, const uint16_t *text, size_t len,
                                  const char **out)
{
    uint8_t stack[256];
    size_t n = 0;
    const uint8_t *interned;
    *out = NULL;
    if (!text && len)
        return CORSYM_E_INVALID_ARG;
    /* ASCII, what nearly every name is, needs no UTF-8 encoder (two passes of it were a
     * twentieth of writing). */
    if (len <= sizeof(stack)) {
        size_t i = 0;
        while (i < len && text[i] < 0x80) {
            stack[i] = (uint8_t)text[i];
            i++;
        }
        if (i == len) {
            CORSYM_TRY(corsym_intern_add(&w->names, stack, len, &interned));
            *out = (const char *)interned;
            return CORSYM_OK;
        }
    }
    corsym_status st = corsym_utf16_to_utf8(text, len, NULL, 0, &n);
    if (st != CORSYM_OK)
        return st == CORSYM_E_NOMEM ? st : CORSYM_E_INVALID_ARG;
    uint8_t *buf = n <= sizeof(stack) ? stack : malloc(n);
    if (!buf)
        return CORSYM_E_NOMEM;
    if (n)
        corsym_utf16_to_utf8(text, len, buf, n, &n);
    st = corsym_intern_add(&w->names, buf, n, &interned);
    if (buf != stack)
        free(buf);
    if (st == CORSYM_OK)
        *out = (const char *)interned;
    return st;
}

static bool is_method_token(uint32_t token)
{
    return (token >> 24) == TABLE_METHOD_DEF && (token & MAX_RID) != 0;
}

corsym_status corsym_symwriter_new(struct corsym_symwriter **out, unsigned rules)
{
    struct corsym_symwriter *w = calloc(1, sizeof(*w));
    *out = NULL;
    if (!w)
        return CORSYM_E_NOMEM;
    w->rules = rules;
    w->open_method = CORSYM_SW_NONE;
    w->open_scope = CORSYM_SW_NONE;
    corsym_intern_init(&w->names);
    *out = w;
    return CORSYM_OK;
}

/* Names and signatures are interned (w->names) and go with the table; a closed method's
 * arrays go with w->frozen. */
static void free_method(struct corsym_sw_method *m)
{
    for (uint32_t i = 0; i < m->constant_count; i++)
        free(m->constants[i].value.text);
    if (m->frozen)
        return;
    free(m->parameters);
    free(m->points);
    free(m->scopes);
    free(m->locals);
    free(m->constants);
    free(m->usings);
    free(m->steps);
}

void corsym_symwriter_free(struct corsym_symwriter *w)
{
    if (!w)
        return;
    free(w->opened_rids);
    free_method(&w->spare);
    for (uint32_t i = 0; i < w->document_count; i++) {
        free(w->documents[i].url);
        free(w->documents[i].checksum);
        free(w->documents[i].source);
    }
    for (uint32_t i = 0; i < w->method_count; i++)
        free_method(corsym_sw_method(w, i));
    for (uint32_t i = 0; i < w->attribute_count; i++) {
        free(w->attributes[i].name);
        free(w->attributes[i].data);
    }
    free(w->documents);
    free(w->document_slots);
    for (uint32_t c = 0; c < w->method_chunk_count; c++)
        free(w->method_chunks[c]);
    free(w->method_chunks);
    free(w->attributes);
    free(w->spans);
    free(w->remaps);
    free(w->remap_slots);
    free(w->source_link);
    free(w->source_server);
    free(w->compiler.name);
    corsym_intern_free(&w->names);
    corsym_arena_free(w->frozen);
    corsym_buf_free(&w->encoded_scratch);
    free(w);
}

void corsym_symwriter_set_point_encoder(struct corsym_symwriter *w, corsym_sw_point_encoder encode)
{
    w->encode_points = encode;
}

static corsym_status check_open(const struct corsym_symwriter *w)
{
    return w->closed ? CORSYM_E_STATE : CORSYM_OK;
}

static corsym_status current_method(struct corsym_symwriter *w, struct corsym_sw_method **m)
{
    CORSYM_TRY(check_open(w));
    if (w->open_method == CORSYM_SW_NONE)
        return CORSYM_E_STATE;
    *m = corsym_sw_method(w, w->open_method);
    return CORSYM_OK;
}

/* ---- documents ---- */

/* DefineDocument answers the index of an equal URL defined before; a hash index keeps that
 * constant-time (a linear scan made defining 65 000 documents take 13 s). */
static uint32_t url_hash(const char *url, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)url[i]) * 16777619u;
    return h;
}

/* The slot holding the document named url, or the empty slot where it would go. */
static uint32_t document_slot(const struct corsym_symwriter *w, const char *url, size_t len)
{
    uint32_t mask = w->document_slot_count - 1, s = url_hash(url, len) & mask;
    for (;; s = (s + 1) & mask) {
        uint32_t at = w->document_slots[s];
        if (!at)
            return s;
        const struct corsym_sw_document *d = &w->documents[at - 1];
        if (d->url_len == len && !memcmp(d->url, url, len))
            return s;
    }
}

static corsym_status document_rehash(struct corsym_symwriter *w)
{
    uint32_t count = w->document_slot_count ? w->document_slot_count * 2 : 64;
    if (count == 0 || count > (UINT32_MAX >> 2))
        return CORSYM_E_NOMEM;
    uint32_t *slots = calloc(count, sizeof(uint32_t));
    if (!slots)
        return CORSYM_E_NOMEM;
    free(w->document_slots);
    w->document_slots = slots;
    w->document_slot_count = count;
    for (uint32_t i = 0; i < w->document_count; i++) {
        const struct corsym_sw_document *d = &w->documents[i];
        w->document_slots[document_slot(w, d->url, d->url_len)] = i + 1;
    }
    return CORSYM_OK;
}

corsym_status corsym_symwriter_define_document(struct corsym_symwriter *w, const uint16_t *url,
                                               size_t url_len, const uint8_t language[16],
                                               const uint8_t vendor[16], const uint8_t type[16],
                                               uint32_t *index)
{
    static const uint8_t zero[16];
    CORSYM_TRY(check_open(w));
    char *name;
    size_t name_len;
    CORSYM_TRY(utf8_from_utf16(url, url_len, &name, &name_len));
    if (w->document_slot_count) {
        uint32_t s = document_slot(w, name, name_len);
        if (w->document_slots[s]) {
            free(name);
            *index = w->document_slots[s] - 1;
            return CORSYM_OK;
        }
    }
    corsym_status st = CORSYM_OK;
    if ((w->document_count + 1ull) * 2 >= w->document_slot_count)
        st = document_rehash(w);
    if (st == CORSYM_OK)
        st = GROW(w->documents, w->document_cap, w->document_count);
    if (st != CORSYM_OK) {
        free(name);
        return st;
    }
    struct corsym_sw_document *d = &w->documents[w->document_count];
    memset(d, 0, sizeof(*d));
    d->url = name;
    d->url_len = name_len;
    memcpy(d->language, language ? language : zero, 16);
    memcpy(d->vendor, vendor ? vendor : zero, 16);
    memcpy(d->type, type ? type : zero, 16);
    *index = w->document_count++;
    w->document_slots[document_slot(w, name, name_len)] = w->document_count;
    return CORSYM_OK;
}

static corsym_status replace_bytes(uint8_t **slot, size_t *slot_len, const uint8_t *data, size_t len)
{
    if (!data && len)
        return CORSYM_E_INVALID_ARG;
    uint8_t *copy = dup_bytes(data, len);
    if (!copy)
        return CORSYM_E_NOMEM;
    free(*slot);
    *slot = copy;
    *slot_len = len;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_checksum(struct corsym_symwriter *w, uint32_t document,
                                            const uint8_t algorithm[16], const uint8_t *data,
                                            size_t len)
{
    CORSYM_TRY(check_open(w));
    if (document >= w->document_count || !algorithm)
        return CORSYM_E_INVALID_ARG;
    struct corsym_sw_document *d = &w->documents[document];
    CORSYM_TRY(replace_bytes(&d->checksum, &d->checksum_len, data, len));
    memcpy(d->checksum_algorithm, algorithm, 16);
    d->has_checksum = true;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_source(struct corsym_symwriter *w, uint32_t document,
                                          const uint8_t *data, size_t len)
{
    CORSYM_TRY(check_open(w));
    if (document >= w->document_count)
        return CORSYM_E_INVALID_ARG;
    struct corsym_sw_document *d = &w->documents[document];
    CORSYM_TRY(replace_bytes(&d->source, &d->source_len, data, len));
    d->has_source = true;
    return CORSYM_OK;
}

/* ---- module-level ---- */

corsym_status corsym_symwriter_set_entry_point(struct corsym_symwriter *w, uint32_t token)
{
    CORSYM_TRY(check_open(w));
    if (!is_method_token(token))
        return CORSYM_E_INVALID_ARG;
    w->entry_point = token;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_source_link(struct corsym_symwriter *w, const uint8_t *data,
                                               size_t len)
{
    CORSYM_TRY(check_open(w));
    return replace_bytes(&w->source_link, &w->source_link_len, data, len);
}

corsym_status corsym_symwriter_set_source_server(struct corsym_symwriter *w, const uint8_t *data,
                                                 size_t len)
{
    CORSYM_TRY(check_open(w));
    return replace_bytes(&w->source_server, &w->source_server_len, data, len);
}

corsym_status corsym_symwriter_set_compiler_info(struct corsym_symwriter *w, uint16_t major,
                                                 uint16_t minor, uint16_t build, uint16_t revision,
                                                 const uint16_t *name, size_t name_len)
{
    CORSYM_TRY(check_open(w));
    char *copy;
    CORSYM_TRY(utf8_from_utf16(name, name_len, &copy, NULL));
    free(w->compiler.name);
    w->compiler.name = copy;
    w->compiler.present = true;
    w->compiler.major = major;
    w->compiler.minor = minor;
    w->compiler.build = build;
    w->compiler.revision = revision;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_attribute(struct corsym_symwriter *w, uint32_t parent,
                                             const uint16_t *name, size_t name_len,
                                             const uint8_t *data, size_t len)
{
    CORSYM_TRY(check_open(w));
    if (!data && len)
        return CORSYM_E_INVALID_ARG;
    /* Roslyn passes 0 for "the method being written" (SymUnmanagedWriterImpl). */
    if (parent == 0 && w->open_method != CORSYM_SW_NONE)
        parent = corsym_sw_method(w, w->open_method)->token;
    CORSYM_TRY(GROW(w->attributes, w->attribute_cap, w->attribute_count));
    struct corsym_sw_attribute *a = &w->attributes[w->attribute_count];
    CORSYM_TRY(utf8_from_utf16(name, name_len, &a->name, NULL));
    a->data = dup_bytes(data, len);
    if (!a->data) {
        free(a->name);
        a->name = NULL;
        return CORSYM_E_NOMEM;
    }
    a->len = len;
    a->parent = parent;
    w->attribute_count++;
    return CORSYM_OK;
}

/* RemapToken pairs are found by old token through a hash table: an IL rewriter may remap
 * every method, and every emitter looks a token up several times per method, so scanning
 * the pairs made both quadratic. */
static uint32_t remap_hash(uint32_t token)
{
    return (token * 0x9E3779B1u) ^ (token >> 16);
}

/* The slot holding old_token, or the empty slot where it would go. */
static uint32_t remap_slot(const struct corsym_symwriter *w, uint32_t old_token)
{
    uint32_t mask = w->remap_slot_count - 1, s = remap_hash(old_token) & mask;
    while (w->remap_slots[s] && w->remaps[w->remap_slots[s] - 1].old_token != old_token)
        s = (s + 1) & mask;
    return s;
}

static corsym_status remap_rehash(struct corsym_symwriter *w)
{
    uint32_t count = w->remap_slot_count ? w->remap_slot_count * 2 : 64;
    if (count == 0 || count > (UINT32_MAX >> 2))
        return CORSYM_E_NOMEM;
    uint32_t *slots = calloc(count, sizeof(uint32_t));
    if (!slots)
        return CORSYM_E_NOMEM;
    free(w->remap_slots);
    w->remap_slots = slots;
    w->remap_slot_count = count;
    for (uint32_t i = 0; i < w->remap_count; i++)
        w->remap_slots[remap_slot(w, w->remaps[i].old_token)] = i + 1;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_remap_token(struct corsym_symwriter *w, uint32_t old_token,
                                           uint32_t new_token)
{
    CORSYM_TRY(check_open(w));
    if ((old_token >> 24) != (new_token >> 24) || !(old_token & MAX_RID) || !(new_token & MAX_RID))
        return CORSYM_E_INVALID_ARG;
    if (w->remap_slot_count) {
        uint32_t s = remap_slot(w, old_token);
        if (w->remap_slots[s]) {
            w->remaps[w->remap_slots[s] - 1].new_token = new_token;
            return CORSYM_OK;
        }
    }
    if ((w->remap_count + 1) * 2 >= w->remap_slot_count)
        CORSYM_TRY(remap_rehash(w));
    CORSYM_TRY(GROW(w->remaps, w->remap_cap, w->remap_count));
    w->remaps[w->remap_count].old_token = old_token;
    w->remaps[w->remap_count].new_token = new_token;
    w->remap_slots[remap_slot(w, old_token)] = ++w->remap_count;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_open_namespace(struct corsym_symwriter *w)
{
    CORSYM_TRY(check_open(w));
    if (w->namespace_depth == UINT32_MAX)
        return CORSYM_E_NOMEM;
    w->namespace_depth++;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_close_namespace(struct corsym_symwriter *w)
{
    CORSYM_TRY(check_open(w));
    if (!w->namespace_depth)
        return CORSYM_E_STATE;
    w->namespace_depth--;
    return CORSYM_OK;
}

/* ---- methods ---- */

uint32_t corsym_symwriter_remapped(const struct corsym_symwriter *w, uint32_t token)
{
    if (!w->remap_count)
        return token;
    uint32_t s = remap_slot(w, token);
    return w->remap_slots[s] ? w->remaps[w->remap_slots[s] - 1].new_token : token;
}

uint32_t corsym_symwriter_find_method(const struct corsym_symwriter *w, uint32_t token)
{
    for (uint32_t i = 0; i < w->method_count; i++)
        if (corsym_symwriter_remapped(w, corsym_sw_method(w, i)->token) == token)
            return i;
    return CORSYM_SW_NONE;
}

/* The spare arrays become the method's own (empty, with their capacity); freeze_method gives
 * them back. */
static void lend_spare_arrays(struct corsym_symwriter *w, struct corsym_sw_method *m)
{
    struct corsym_sw_method *s = &w->spare;
    m->points = s->points, m->point_cap = s->point_cap;
    m->scopes = s->scopes, m->scope_cap = s->scope_cap;
    m->locals = s->locals, m->local_cap = s->local_cap;
    m->parameters = s->parameters, m->parameter_cap = s->parameter_cap;
    m->constants = s->constants, m->constant_cap = s->constant_cap;
    m->usings = s->usings, m->using_cap = s->using_cap;
    m->steps = s->steps, m->step_cap = s->step_cap;
    memset(s, 0, sizeof(*s));
}

/* A frozen method's working arrays become the spare ones (the previous spares, if any, are
 * freed: only one set is kept). */
static void keep_spare_arrays(struct corsym_symwriter *w, const struct corsym_sw_method *m)
{
    struct corsym_sw_method *s = &w->spare;
    free_method(s);
    memset(s, 0, sizeof(*s));
    s->points = m->points, s->point_cap = m->point_cap;
    s->scopes = m->scopes, s->scope_cap = m->scope_cap;
    s->locals = m->locals, s->local_cap = m->local_cap;
    s->parameters = m->parameters, s->parameter_cap = m->parameter_cap;
    s->constants = m->constants, s->constant_cap = m->constant_cap;
    s->usings = m->usings, s->using_cap = m->using_cap;
    s->steps = m->steps, s->step_cap = m->step_cap;
}

/* Room for one more method: a new chunk when the last one is full. */
static corsym_status room_for_method(struct corsym_symwriter *w)
{
    if (w->method_count < w->method_chunk_count * CORSYM_SW_METHOD_CHUNK)
        return CORSYM_OK;
    if (w->method_count == UINT32_MAX)
        return CORSYM_E_NOMEM;
    CORSYM_TRY(GROW(w->method_chunks, w->method_chunk_cap, w->method_chunk_count));
    struct corsym_sw_method *chunk = malloc(CORSYM_SW_METHOD_CHUNK * sizeof(*chunk));
    if (!chunk)
        return CORSYM_E_NOMEM;
    w->method_chunks[w->method_chunk_count++] = chunk;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_open_method(struct corsym_symwriter *w, uint32_t token)
{
    CORSYM_TRY(check_open(w));
    if (w->open_method != CORSYM_SW_NONE)
        return CORSYM_E_STATE;
    if (!is_method_token(token))
        return CORSYM_E_INVALID_ARG;
    /* One MethodDebugInformation row per method: a second OpenMethod of the same token
     * would have to merge two unrelated bodies. A bit per rid keeps the check constant-time
     * (a linear scan made writing quadratic in the method count). */
    uint32_t rid = token & 0xFFFFFFu;
    size_t byte = rid >> 3;
    if (byte < w->opened_rids_len && (w->opened_rids[byte] >> (rid & 7)) & 1)
        return CORSYM_E_INVALID_ARG;
    if (byte >= w->opened_rids_len) {
        size_t len = w->opened_rids_len ? w->opened_rids_len : 64;
        while (len <= byte)
            len *= 2;
        uint8_t *bits = realloc(w->opened_rids, len);
        if (!bits)
            return CORSYM_E_NOMEM;
        memset(bits + w->opened_rids_len, 0, len - w->opened_rids_len);
        w->opened_rids = bits;
        w->opened_rids_len = len;
    }
    CORSYM_TRY(room_for_method(w));
    w->opened_rids[byte] |= (uint8_t)(1u << (rid & 7));
    struct corsym_sw_method *m = corsym_sw_method(w, w->method_count);
    memset(m, 0, sizeof(*m));
    lend_spare_arrays(w, m);
    m->token = token;
    w->open_method = w->method_count++;
    w->open_scope = CORSYM_SW_NONE;
    return CORSYM_OK;
}

/* An exact copy of a closed method's array in the arena (NULL for none). */
static void *freeze_array(struct corsym_arena *arena, const void *items, uint32_t count,
                          size_t size, bool *ok)
{
    if (!count)
        return NULL;
    void *copy = corsym_arena_copy(arena, items, count, size);
    if (!copy)
        *ok = false;
    return copy;
}

/* A closed method's arrays never change again: one arena holds them all, sized exactly,
 * instead of seven growable allocations per method that the writer's end would free one
 * by one (a writer of 50 000 methods spent a sixth of its time in free). */
static corsym_status freeze_method(struct corsym_symwriter *w, struct corsym_sw_method *m)
{
    if (!w->frozen && !(w->frozen = corsym_arena_new()))
        return CORSYM_E_NOMEM;
    bool ok = true;
    struct corsym_arena *a = w->frozen;
    const uint8_t *encoded = NULL;
    uint32_t first_document = 0;
    bool single_document = true;
    if (w->encode_points && m->point_count) {
        corsym_buf_clear(&w->encoded_scratch);
        corsym_status st = w->encode_points(m->points, m->point_count, &w->encoded_scratch,
                                            &first_document, &single_document);
        if (st == CORSYM_E_NOMEM)
            return st;
        /* Points the format refuses stay points: the emitter reports them at Close, as it
         * would without an encoder. */
        if (st == CORSYM_OK && w->encoded_scratch.len && w->encoded_scratch.len <= UINT32_MAX &&
            !(encoded = freeze_array(a, w->encoded_scratch.data,
                                     (uint32_t)w->encoded_scratch.len, 1, &ok)))
            return CORSYM_E_NOMEM;
    }
    void *points = encoded ? NULL
                           : freeze_array(a, m->points, m->point_count, sizeof(*m->points), &ok);
    void *scopes = freeze_array(a, m->scopes, m->scope_count, sizeof(*m->scopes), &ok);
    void *locals = freeze_array(a, m->locals, m->local_count, sizeof(*m->locals), &ok);
    void *parameters = freeze_array(a, m->parameters, m->parameter_count,
                                    sizeof(*m->parameters), &ok);
    void *constants = freeze_array(a, m->constants, m->constant_count, sizeof(*m->constants),
                                   &ok);
    void *usings = freeze_array(a, m->usings, m->using_count, sizeof(*m->usings), &ok);
    void *steps = freeze_array(a, m->steps, m->step_count, sizeof(*m->steps), &ok);
    if (!ok)
        return CORSYM_E_NOMEM; /* the copies made so far stay unused in the arena */
    keep_spare_arrays(w, m);
    m->points = points;
    m->point_cap = points ? m->point_count : 0;
    if (encoded) {
        m->encoded_points = encoded;
        m->encoded_points_len = (uint32_t)w->encoded_scratch.len;
        m->encoded_first_document = first_document;
        m->encoded_single_document = single_document;
    }
    m->scopes = scopes;
    m->scope_cap = m->scope_count;
    m->locals = locals;
    m->local_cap = m->local_count;
    m->parameters = parameters;
    m->parameter_cap = m->parameter_count;
    m->constants = constants;
    m->constant_cap = m->constant_count;
    m->usings = usings;
    m->using_cap = m->using_count;
    m->steps = steps;
    m->step_cap = m->step_count;
    m->frozen = true;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_close_method(struct corsym_symwriter *w)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (w->open_scope != CORSYM_SW_NONE)
        return CORSYM_E_STATE;
    CORSYM_TRY(freeze_method(w, m));
    w->open_method = CORSYM_SW_NONE;
    return CORSYM_OK;
}

uint32_t corsym_symwriter_open_method_token(const struct corsym_symwriter *w)
{
    return w->open_method == CORSYM_SW_NONE ? 0 : corsym_sw_method(w, w->open_method)->token;
}

void corsym_symwriter_drop_last_method(struct corsym_symwriter *w, uint32_t token)
{
    if (!w->method_count || w->open_method != CORSYM_SW_NONE ||
        corsym_sw_method(w, w->method_count - 1)->token != token)
        return;
    free_method(corsym_sw_method(w, --w->method_count));
}

corsym_status corsym_symwriter_open_scope(struct corsym_symwriter *w, uint32_t start,
                                          uint32_t *scope_id)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (start > MAX_IL_OFFSET)
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(GROW(m->scopes, m->scope_cap, m->scope_count));
    struct corsym_sw_scope *s = &m->scopes[m->scope_count];
    s->start = start;
    s->end = start;
    s->parent = w->open_scope;
    s->closed = false;
    *scope_id = m->scope_count;
    w->open_scope = m->scope_count++;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_close_scope(struct corsym_symwriter *w, uint32_t end)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (w->open_scope == CORSYM_SW_NONE)
        return CORSYM_E_STATE;
    struct corsym_sw_scope *s = &m->scopes[w->open_scope];
    if (end < s->start || end > MAX_IL_OFFSET + 1)
        return CORSYM_E_INVALID_ARG;
    s->end = end;
    s->closed = true;
    w->open_scope = s->parent;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_scope_range(struct corsym_symwriter *w, uint32_t scope_id,
                                               uint32_t start, uint32_t end)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (scope_id >= m->scope_count || end < start || start > MAX_IL_OFFSET ||
        end > MAX_IL_OFFSET + 1)
        return CORSYM_E_INVALID_ARG;
    m->scopes[scope_id].start = start;
    m->scopes[scope_id].end = end;
    return CORSYM_OK;
}

static corsym_status current_scope(struct corsym_symwriter *w, struct corsym_sw_method **m)
{
    CORSYM_TRY(current_method(w, m));
    /* Locals, constants and usings belong to a scope; Roslyn always opens the method's
     * outermost scope first, and a Portable PDB has nowhere else to put them. */
    return w->open_scope == CORSYM_SW_NONE ? CORSYM_E_STATE : CORSYM_OK;
}

corsym_status corsym_symwriter_define_local(struct corsym_symwriter *w, const uint16_t *name,
                                            size_t name_len, uint32_t attributes,
                                            uint32_t sig_token, const uint8_t *sig, size_t sig_len,
                                            uint32_t addr_kind, uint32_t addr1, uint32_t addr2,
                                            uint32_t addr3, uint32_t start, uint32_t end)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_scope(w, &m));
    if ((!sig && sig_len) || (sig_token && ((sig_token >> 24) != TABLE_STAND_ALONE_SIG ||
                                            !(sig_token & MAX_RID))))
        return CORSYM_E_INVALID_ARG;
    /* Portable PDBs keep a slot number (u16) and a DebuggerHidden flag per local. */
    if (addr_kind == 1 && addr1 > 0xFFFF)
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(GROW(m->locals, m->local_cap, m->local_count));
    struct corsym_sw_local *l = &m->locals[m->local_count];
    memset(l, 0, sizeof(*l));
    CORSYM_TRY(intern_utf16(w, name, name_len, &l->name));
    if (sig) {
        /* A failure leaves the name interned, unused: harmless. */
        CORSYM_TRY(corsym_intern_add(&w->names, sig, sig_len, &l->sig));
        l->sig_len = sig_len;
    }
    l->scope = w->open_scope;
    l->attributes = attributes;
    l->sig_token = sig_token;
    l->addr_kind = addr_kind;
    l->addr1 = addr1;
    l->addr2 = addr2;
    l->addr3 = addr3;
    l->start = start;
    l->end = end;
    if (sig_token && !m->local_signature)
        m->local_signature = sig_token;
    m->local_count++;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_define_parameter(struct corsym_symwriter *w, const uint16_t *name,
                                                size_t name_len, uint32_t sequence,
                                                uint32_t addr1)
{
    if (w->closed || w->open_method == CORSYM_SW_NONE)
        return CORSYM_E_INVALID_ARG;
    struct corsym_sw_method *m = corsym_sw_method(w, w->open_method);
    CORSYM_TRY(GROW(m->parameters, m->parameter_cap, m->parameter_count));
    struct corsym_sw_parameter *p = &m->parameters[m->parameter_count];
    CORSYM_TRY(intern_utf16(w, name, name_len, &p->name));
    p->sequence = sequence;
    p->slot = addr1;
    m->parameter_count++;
    return CORSYM_OK;
}

/* The start of a constant's type signature (ECMA-335 II.23.2): an optional FIELD lead
 * byte, custom modifiers, then the type; its TypeDefOrRef indices must be well formed
 * because both formats copy them into the PDB. What follows the type is not looked at. */
static bool valid_type_signature(const uint8_t *sig, size_t len)
{
    struct corsym_cursor c;
    uint8_t b;
    uint32_t coded;
    if (!sig)
        return true;
    corsym_cursor_init(&c, sig, len);
    if (corsym_cursor_peek_u8(&c, &b) == CORSYM_OK && b == 0x06)
        corsym_cursor_skip(&c, 1);
    for (;;) {
        if (corsym_cursor_u8(&c, &b) != CORSYM_OK)
            return false;
        if (b != 0x1F && b != 0x20 && b != 0x11 && b != 0x12)
            return true;
        if (corsym_cursor_cuint(&c, &coded) != CORSYM_OK || (coded & 3) == 3)
            return false;
        if (b == 0x11 || b == 0x12)
            return true;
    }
}

corsym_status corsym_symwriter_define_constant(struct corsym_symwriter *w, const uint16_t *name,
                                               size_t name_len,
                                               const struct corsym_sw_value *value,
                                               uint32_t sig_token, const uint8_t *sig,
                                               size_t sig_len)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_scope(w, &m));
    if (!value || (!sig && sig_len) || (value->kind == CORSYM_SW_VALUE_STRING && !value->text &&
                                        value->text_len))
        return CORSYM_E_INVALID_ARG;
    if (value->kind > CORSYM_SW_VALUE_DATE || !valid_type_signature(sig, sig_len))
        return CORSYM_E_INVALID_ARG;
    if (value->kind == CORSYM_SW_VALUE_DECIMAL && value->decimal.scale > 28)
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(GROW(m->constants, m->constant_cap, m->constant_count));
    struct corsym_sw_constant *c = &m->constants[m->constant_count];
    memset(c, 0, sizeof(*c));
    c->value = *value;
    c->value.text = NULL;
    corsym_status st = intern_utf16(w, name, name_len, &c->name);
    if (st == CORSYM_OK && value->kind == CORSYM_SW_VALUE_STRING) {
        size_t bytes = (size_t)value->text_len * sizeof(uint16_t);
        c->value.text = malloc(bytes ? bytes : 1);
        if (!c->value.text)
            st = CORSYM_E_NOMEM;
        else if (bytes)
            memcpy(c->value.text, value->text, bytes);
    }
    if (st == CORSYM_OK && sig) {
        st = corsym_intern_add(&w->names, sig, sig_len, &c->sig);
        c->sig_len = sig_len;
    }
    if (st != CORSYM_OK) {
        free(c->value.text);
        memset(c, 0, sizeof(*c));
        return st;
    }
    c->scope = w->open_scope;
    c->sig_token = sig_token;
    m->constant_count++;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_using_namespace(struct corsym_symwriter *w, const uint16_t *name,
                                               size_t name_len)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_scope(w, &m));
    CORSYM_TRY(GROW(m->usings, m->using_cap, m->using_count));
    struct corsym_sw_using *u = &m->usings[m->using_count];
    CORSYM_TRY(intern_utf16(w, name, name_len, &u->name));
    u->scope = w->open_scope;
    m->using_count++;
    return CORSYM_OK;
}

static bool valid_point(const struct corsym_symwriter *w, uint32_t offset, uint32_t line,
                        uint32_t column, uint32_t end_line, uint32_t end_column)
{
    if (offset > MAX_IL_OFFSET)
        return false;
    if (line == CORSYM_SW_HIDDEN_LINE)
        return true;
    if (line > MAX_LINE || end_line > MAX_LINE || end_line == CORSYM_SW_HIDDEN_LINE ||
        column > MAX_COLUMN || end_column > MAX_COLUMN || end_line < line)
        return false;
    if ((w->rules & CORSYM_SW_RULES_PORTABLE) && end_line == line && end_column <= column)
        return false;
    return true;
}

corsym_status corsym_symwriter_define_sequence_points(struct corsym_symwriter *w,
                                                      uint32_t document, uint32_t count,
                                                      const uint32_t *offsets,
                                                      const uint32_t *lines,
                                                      const uint32_t *columns,
                                                      const uint32_t *end_lines,
                                                      const uint32_t *end_columns)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (document >= w->document_count)
        return CORSYM_E_INVALID_ARG;
    if (count && (!offsets || !lines || !columns || !end_lines || !end_columns))
        return CORSYM_E_INVALID_ARG;
    for (uint32_t i = 0; i < count; i++)
        if (!valid_point(w, offsets[i], lines[i], columns[i], end_lines[i], end_columns[i]))
            return CORSYM_E_INVALID_ARG;
    uint32_t total;
    if (!corsym_checked_add_u32(m->point_count, count, &total))
        return CORSYM_E_NOMEM;
    if (total > m->point_cap) {
        size_t bytes;
        if (!corsym_checked_mul(total, sizeof(*m->points), &bytes))
            return CORSYM_E_NOMEM;
        struct corsym_sw_point *p = realloc(m->points, bytes);
        if (!p)
            return CORSYM_E_NOMEM;
        m->points = p;
        m->point_cap = total;
    }
    if (!m->point_count && count)
        m->first_point_document = document;
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_sw_point *p = &m->points[m->point_count];
        p->offset = offsets[i];
        p->document = document;
        p->order = m->point_count;
        if (lines[i] == CORSYM_SW_HIDDEN_LINE) {
            p->start_line = p->end_line = CORSYM_SW_HIDDEN_LINE;
            p->start_column = p->end_column = 0;
        } else {
            p->start_line = lines[i];
            p->start_column = columns[i];
            p->end_line = end_lines[i];
            p->end_column = end_columns[i];
        }
        m->point_count++;
    }
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_method_source_range(struct corsym_symwriter *w,
                                                       uint32_t start_document,
                                                       uint32_t start_line, uint32_t start_column,
                                                       uint32_t end_document, uint32_t end_line,
                                                       uint32_t end_column)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (start_document >= w->document_count || end_document >= w->document_count)
        return CORSYM_E_INVALID_ARG;
    m->has_source_range = true;
    m->range_start_document = start_document;
    m->range_start_line = start_line;
    m->range_start_column = start_column;
    m->range_end_document = end_document;
    m->range_end_line = end_line;
    m->range_end_column = end_column;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_kickoff(struct corsym_symwriter *w, uint32_t token)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (!is_method_token(token))
        return CORSYM_E_INVALID_ARG;
    m->has_kickoff = true;
    m->kickoff = token;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_set_catch_handler(struct corsym_symwriter *w, uint32_t offset)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    /* Stored plus one, so the largest offset must leave room for that. */
    if (offset >= UINT32_MAX)
        return CORSYM_E_INVALID_ARG;
    m->has_catch_handler = true;
    m->catch_handler = offset;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_add_async_steps(struct corsym_symwriter *w, uint32_t count,
                                               const uint32_t *yield_offsets,
                                               const uint32_t *resume_offsets,
                                               const uint32_t *resume_methods)
{
    struct corsym_sw_method *m;
    CORSYM_TRY(current_method(w, &m));
    if (count && (!yield_offsets || !resume_offsets || !resume_methods))
        return CORSYM_E_INVALID_ARG;
    for (uint32_t i = 0; i < count; i++)
        if (!is_method_token(resume_methods[i]))
            return CORSYM_E_INVALID_ARG;
    uint32_t total;
    if (!corsym_checked_add_u32(m->step_count, count, &total))
        return CORSYM_E_NOMEM;
    if (total > m->step_cap) {
        size_t bytes;
        if (!corsym_checked_mul(total, sizeof(*m->steps), &bytes))
            return CORSYM_E_NOMEM;
        struct corsym_sw_async_step *p = realloc(m->steps, bytes);
        if (!p)
            return CORSYM_E_NOMEM;
        m->steps = p;
        m->step_cap = total;
    }
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_sw_async_step *s = &m->steps[m->step_count++];
        s->yield_offset = yield_offsets[i];
        s->resume_offset = resume_offsets[i];
        s->resume_method = resume_methods[i];
    }
    return CORSYM_OK;
}

/* ---- token map ---- */

corsym_status corsym_symwriter_open_token_map(struct corsym_symwriter *w)
{
    CORSYM_TRY(check_open(w));
    if (w->mapping_spans)
        return CORSYM_E_STATE;
    w->mapping_spans = true;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_close_token_map(struct corsym_symwriter *w)
{
    CORSYM_TRY(check_open(w));
    if (!w->mapping_spans)
        return CORSYM_E_STATE;
    w->mapping_spans = false;
    return CORSYM_OK;
}

corsym_status corsym_symwriter_map_token(struct corsym_symwriter *w, uint32_t token,
                                         uint32_t document, uint32_t line, uint32_t column,
                                         uint32_t end_line, uint32_t end_column)
{
    CORSYM_TRY(check_open(w));
    if (!w->mapping_spans)
        return CORSYM_E_STATE;
    if (document >= w->document_count || !(token & MAX_RID))
        return CORSYM_E_INVALID_ARG;
    CORSYM_TRY(GROW(w->spans, w->span_cap, w->span_count));
    struct corsym_sw_token_span *s = &w->spans[w->span_count++];
    s->token = token;
    s->document = document;
    s->line = line;
    s->column = column;
    s->end_line = end_line;
    s->end_column = end_column;
    return CORSYM_OK;
}

/* ---- the end ---- */

corsym_status corsym_symwriter_check_complete(const struct corsym_symwriter *w)
{
    CORSYM_TRY(check_open(w));
    if (w->open_method != CORSYM_SW_NONE || w->mapping_spans || w->namespace_depth)
        return CORSYM_E_STATE;
    return CORSYM_OK;
}

void corsym_symwriter_seal(struct corsym_symwriter *w)
{
    w->closed = true;
}
