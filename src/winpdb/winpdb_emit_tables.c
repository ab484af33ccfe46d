/* SPDX-License-Identifier: MIT */
/*
 * The hashed tables of the Windows PDB emitter: /names, the info stream's named-stream
 * map, /src/headerblock, and the /src/files records they index (research §2, §4, §9).
 * Microsoft's readers look names up by hash and linear probing, so every entry sits on
 * the probe path its hash gives (research §18.1).
 */
#include "winpdb/winpdb_emit_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "winpdb/winpdb_hash.h"

#define NAMES_MAGIC 0xEFFEEFFEu
#define NAMES_VERSION_V1 1u
#define PDB_VERSION_VC70 20000404u
#define FEATURE_VC140 20140508u
#define SRC_HEADER_VERSION 19980827u
#define SRC_HEADER_BLOCK_SIZE 64u
#define SRC_HEADER_OUT_SIZE 40u
#define SRC_COMPRESSION_DOTNET 0x65u

/* ---- /names ---- */

static uint32_t fnv(const uint8_t *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

/* Doubles the dedup index (open addressing, offset + 1 per slot). */
static corsym_status name_index_grow(struct wpe *e)
{
    uint32_t n = e->name_slot_count ? e->name_slot_count * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return CORSYM_E_NOMEM;
    for (uint32_t i = 0; i < e->name_count; i++) {
        const uint8_t *s = e->names.data + e->name_order[i];
        uint32_t b = fnv(s, strlen((const char *)s)) & (n - 1);
        while (slots[b])
            b = (b + 1) & (n - 1);
        slots[b] = e->name_order[i] + 1;
    }
    free(e->name_slots);
    e->name_slots = slots;
    e->name_slot_count = n;
    return CORSYM_OK;
}

corsym_status wpe_name_add(struct wpe *e, const char *s, size_t len, uint32_t *ni)
{
    if ((uint64_t)(e->name_count + 1) * 2 > e->name_slot_count)
        CORSYM_TRY(name_index_grow(e));
    uint32_t mask = e->name_slot_count - 1;
    uint32_t b = fnv((const uint8_t *)s, len) & mask;
    for (; e->name_slots[b]; b = (b + 1) & mask) {
        uint32_t off = e->name_slots[b] - 1;
        const char *t = (const char *)e->names.data + off;
        if (strlen(t) == len && memcmp(t, s, len) == 0) {
            *ni = off;
            return CORSYM_OK;
        }
    }
    if (e->names.len + len + 1 >= UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    if (e->name_count == e->name_cap) {
        uint32_t cap = e->name_cap ? e->name_cap * 2 : 16;
        uint32_t *p = realloc(e->name_order, (size_t)cap * sizeof *p);
        if (!p)
            return CORSYM_E_NOMEM;
        e->name_order = p;
        e->name_cap = cap;
    }
    *ni = (uint32_t)e->names.len;
    CORSYM_TRY(wpe_cstr(&e->names, s, len));
    e->name_order[e->name_count++] = *ni;
    e->name_slots[b] = *ni + 1;
    return CORSYM_OK;
}

static uint32_t name_hash(const struct corsym_buf *names, uint32_t ni, uint32_t buckets)
{
    const uint8_t *s = names->data + ni;
    return corsym_winpdb_hash_v1(s, strlen((const char *)s), buckets);
}

static void names_place(const struct corsym_buf *names, uint32_t *buckets, uint32_t n,
                        uint32_t ni)
{
    uint32_t b = name_hash(names, ni, n);
    while (buckets[b])
        b = b + 1 == n ? 0 : b + 1;
    buckets[b] = ni;
}

corsym_status wpe_names_stream(const struct wpe *e, struct corsym_buf *out)
{
    /* Replays Microsoft's growth (nmt.h): after each add, when more than 3/4 full,
     * rehash into n * 3 / 2 + 1 buckets, re-adding in old bucket order. */
    uint32_t n = 1, count = 0;
    uint32_t *buckets = calloc(1, sizeof *buckets);
    if (!buckets)
        return CORSYM_E_NOMEM;
    const struct corsym_buf *names = &e->names;
    corsym_status st = CORSYM_OK;
    for (uint32_t i = 0; i < e->name_count; i++) {
        names_place(names, buckets, n, e->name_order[i]);
        count++;
        if (n * 3 / 4 < count) {
            uint32_t m = n * 3 / 2 + 1;
            uint32_t *grown = calloc(m, sizeof *grown);
            if (!grown) {
                st = CORSYM_E_NOMEM;
                break;
            }
            for (uint32_t k = 0; k < n; k++)
                if (buckets[k])
                    names_place(names, grown, m, buckets[k]);
            free(buckets);
            buckets = grown;
            n = m;
        }
    }
    if (st == CORSYM_OK && names->len == 0)
        st = CORSYM_E_INVALID_ARG; /* offset 0 ("") is always there */
    if (st == CORSYM_OK)
        st = wpe_u32(out, NAMES_MAGIC);
    if (st == CORSYM_OK)
        st = wpe_u32(out, NAMES_VERSION_V1);
    if (st == CORSYM_OK)
        st = wpe_u32(out, (uint32_t)names->len);
    if (st == CORSYM_OK)
        st = corsym_buf_append(out, names->data, names->len);
    if (st == CORSYM_OK)
        st = wpe_u32(out, n);
    for (uint32_t k = 0; st == CORSYM_OK && k < n; k++)
        st = wpe_u32(out, buckets[k]);
    if (st == CORSYM_OK)
        st = wpe_u32(out, count);
    free(buckets);
    return st;
}

/* ---- Microsoft's serialized Map<K,V> (research §2.2) ---- */

struct map_entry {
    uint32_t key;
    uint32_t start;         /* the bucket its hash names */
    const uint8_t *value;
    size_t value_size;
};

static void map_place(uint32_t *slot, uint32_t cap, const struct map_entry *entries,
                      uint32_t (*hash)(const struct map_entry *), uint32_t i)
{
    uint32_t b = hash(&entries[i]) % cap;
    while (slot[b] != WPE_NONE)
        b = b + 1 == cap ? 0 : b + 1;
    slot[b] = i;
}

/* Entries in insertion order. Replays Microsoft's map.h: after an insert that brings the
 * count to capacity * 2 / 3 + 1, the table grows to twice that and is rebuilt in old
 * bucket order, so the entries land where Microsoft's writer puts them. */
static corsym_status map_write(struct corsym_buf *out, struct map_entry *entries, uint32_t count,
                               uint32_t (*hash)(const struct map_entry *))
{
    uint32_t cap = 1;
    uint32_t *slot = malloc(sizeof *slot);
    if (!slot)
        return CORSYM_E_NOMEM;
    slot[0] = WPE_NONE;
    for (uint32_t i = 0; i < count; i++) {
        map_place(slot, cap, entries, hash, i);
        if (i + 1 < cap * 2 / 3 + 1)
            continue;
        uint32_t grown_cap = 2 * (cap * 2 / 3 + 1);
        uint32_t *grown = malloc((size_t)grown_cap * sizeof *grown);
        if (!grown) {
            free(slot);
            return CORSYM_E_NOMEM;
        }
        for (uint32_t b = 0; b < grown_cap; b++)
            grown[b] = WPE_NONE;
        for (uint32_t b = 0; b < cap; b++)
            if (slot[b] != WPE_NONE)
                map_place(grown, grown_cap, entries, hash, slot[b]);
        free(slot);
        slot = grown;
        cap = grown_cap;
    }
    uint32_t words = (cap + 31) / 32;
    corsym_status st = wpe_u32(out, count);
    if (st == CORSYM_OK)
        st = wpe_u32(out, cap);
    if (st == CORSYM_OK)
        st = wpe_u32(out, words);
    for (uint32_t w = 0; st == CORSYM_OK && w < words; w++) {
        uint32_t bits = 0;
        for (uint32_t k = 0; k < 32 && w * 32 + k < cap; k++)
            if (slot[w * 32 + k] != WPE_NONE)
                bits |= 1u << k;
        st = wpe_u32(out, bits);
    }
    if (st == CORSYM_OK)
        st = wpe_u32(out, 0); /* no deleted bits: dnlib refuses tombstones */
    for (uint32_t b = 0; st == CORSYM_OK && b < cap; b++) {
        if (slot[b] == WPE_NONE)
            continue;
        const struct map_entry *m = &entries[slot[b]];
        st = wpe_u32(out, m->key);
        if (st == CORSYM_OK)
            st = corsym_buf_append(out, m->value, m->value_size);
    }
    free(slot);
    return st;
}

/* ---- PDB info stream ---- */

static uint32_t named_hash(const struct map_entry *m)
{
    return m->start;
}

corsym_status wpe_info_stream(const struct wpe *e, const struct wpe_named *named,
                              uint32_t named_count, struct corsym_buf *out)
{
    CORSYM_TRY(wpe_u32(out, PDB_VERSION_VC70));
    CORSYM_TRY(wpe_u32(out, e->o->signature));
    CORSYM_TRY(wpe_u32(out, e->age));
    CORSYM_TRY(corsym_buf_append(out, e->o->guid, 16));

    size_t total = 0;
    for (uint32_t i = 0; i < named_count; i++)
        if (!corsym_checked_add(total, named[i].name_len + 1, &total))
            return CORSYM_E_UNSUPPORTED;
    if (total > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    struct map_entry *entries = calloc(named_count ? named_count : 1, sizeof *entries);
    uint8_t *values = calloc(named_count ? named_count : 1, 4);
    corsym_status st = entries && values ? wpe_u32(out, (uint32_t)total) : CORSYM_E_NOMEM;
    uint32_t key = 0;
    for (uint32_t i = 0; st == CORSYM_OK && i < named_count; i++) {
        st = wpe_cstr(out, named[i].name, named[i].name_len);
        /* MS hashes the name and keeps only the low 16 bits (research §2.2). */
        entries[i].start = (uint16_t)corsym_winpdb_hash_v1((const uint8_t *)named[i].name,
                                                           named[i].name_len, 0xFFFFFFFFu);
        entries[i].key = key;
        uint32_t v = named[i].index;
        values[4 * i] = (uint8_t)v;
        values[4 * i + 1] = (uint8_t)(v >> 8);
        values[4 * i + 2] = (uint8_t)(v >> 16);
        values[4 * i + 3] = (uint8_t)(v >> 24);
        entries[i].value = values + 4 * i;
        entries[i].value_size = 4;
        key += (uint32_t)named[i].name_len + 1;
    }
    if (st == CORSYM_OK)
        st = map_write(out, entries, named_count, named_hash);
    if (st == CORSYM_OK)
        st = wpe_u32(out, 0); /* niMac */
    if (st == CORSYM_OK)
        st = wpe_u32(out, FEATURE_VC140);
    free(entries);
    free(values);
    return st;
}

/* ---- /src/headerblock and /src/files ---- */

static uint32_t ni_hash(const struct map_entry *m)
{
    return (uint16_t)m->key; /* HcNi: the NI cast to 16 bits */
}

corsym_status wpe_headerblock_stream(const struct wpe *e, const struct corsym_buf *files,
                                     struct corsym_buf *out)
{
    const struct corsym_symwriter *w = e->w;
    uint32_t groups = 0;
    for (uint32_t d = 0; d < w->document_count; d++)
        groups += e->docs[d].group == d;
    if (groups == 0)
        return CORSYM_OK; /* MS leaves the stream empty without documents */

    struct map_entry *entries = calloc(groups, sizeof *entries);
    uint8_t *values = calloc(groups, SRC_HEADER_OUT_SIZE);
    if (!entries || !values) {
        free(entries);
        free(values);
        return CORSYM_E_NOMEM;
    }
    uint32_t n = 0;
    for (uint32_t d = 0; d < w->document_count; d++) {
        const struct wpe_doc *doc = &e->docs[d];
        if (doc->group != d)
            continue;
        const struct corsym_buf *f = &files[doc->files_stream];
        struct corsym_buf v = { values + (size_t)n * SRC_HEADER_OUT_SIZE, 0,
                                SRC_HEADER_OUT_SIZE + 1 };
        /* Built in place: the buffer never grows past its 40 bytes. */
        uint32_t fields[7] = { SRC_HEADER_OUT_SIZE, SRC_HEADER_VERSION,
                               corsym_winpdb_crc32(f->data, f->len, 0), (uint32_t)f->len,
                               doc->url_ni, e->empty_ni, doc->canon_ni };
        for (unsigned k = 0; k < 7; k++)
            wpe_put_u32(&v, 4 * k, fields[k]);
        v.data[28] = SRC_COMPRESSION_DOTNET;
        entries[n].key = doc->canon_ni;
        entries[n].value = v.data;
        entries[n].value_size = SRC_HEADER_OUT_SIZE;
        n++;
    }
    size_t start = out->len;
    corsym_status st = wpe_u32(out, SRC_HEADER_VERSION);
    if (st == CORSYM_OK)
        st = wpe_u32(out, 0); /* total size, patched below */
    if (st == CORSYM_OK)
        st = wpe_u64(out, e->o->filetime);
    if (st == CORSYM_OK)
        st = wpe_u32(out, e->age);
    if (st == CORSYM_OK)
        st = wpe_zeros(out, SRC_HEADER_BLOCK_SIZE - 20);
    if (st == CORSYM_OK)
        st = map_write(out, entries, n, ni_hash);
    if (st == CORSYM_OK)
        wpe_put_u32(out, start + 4, (uint32_t)(out->len - start));
    free(entries);
    free(values);
    return st;
}

corsym_status wpe_src_file_stream(const struct wpe *e, uint32_t doc, struct corsym_buf *out)
{
    static const uint8_t zero[16];
    const struct corsym_sw_document *d = &e->w->documents[doc];
    /* A group shares one record: its first checksum and source win (plan_documents). */
    const struct wpe_doc *group = &e->docs[doc];
    const struct corsym_sw_document *sum =
        group->checksum_from == WPE_NONE ? NULL : &e->w->documents[group->checksum_from];
    const struct corsym_sw_document *src =
        group->source_from == WPE_NONE ? NULL : &e->w->documents[group->source_from];
    size_t sum_len = sum ? sum->checksum_len : 0, src_len = src ? src->source_len : 0;
    if (sum_len > INT32_MAX || src_len > INT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    CORSYM_TRY(corsym_buf_append(out, d->language, 16));
    CORSYM_TRY(corsym_buf_append(out, d->vendor, 16));
    CORSYM_TRY(corsym_buf_append(out, d->type, 16));
    CORSYM_TRY(corsym_buf_append(out, sum ? sum->checksum_algorithm : zero, 16));
    CORSYM_TRY(wpe_u32(out, (uint32_t)sum_len));
    CORSYM_TRY(wpe_u32(out, (uint32_t)src_len));
    if (sum_len)
        CORSYM_TRY(corsym_buf_append(out, sum->checksum, sum_len));
    if (src_len)
        CORSYM_TRY(corsym_buf_append(out, src->source, src_len));
    return CORSYM_OK;
}
