/* SPDX-License-Identifier: MIT */
#include "model/intern.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "model/arena.h"

void corsym_intern_init(struct corsym_intern *t)
{
    memset(t, 0, sizeof(*t));
}

void corsym_intern_free(struct corsym_intern *t)
{
    corsym_arena_free(t->arena);
    free(t->entries);
    free(t->slots);
    memset(t, 0, sizeof(*t));
}

static uint32_t hash_bytes(const uint8_t *p, size_t len)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static corsym_status rehash(struct corsym_intern *t)
{
    size_t count = t->slot_count ? t->slot_count * 2 : 64, bytes;
    if (!corsym_checked_mul(count, sizeof(uint32_t), &bytes) || t->count >= UINT32_MAX / 2)
        return CORSYM_E_NOMEM;
    uint32_t *slots = calloc(count, sizeof(uint32_t));
    if (!slots)
        return CORSYM_E_NOMEM;
    for (size_t i = 0; i < t->count; i++) {
        size_t s = t->entries[i].hash & (count - 1);
        while (slots[s])
            s = (s + 1) & (count - 1);
        slots[s] = (uint32_t)(i + 1);
    }
    free(t->slots);
    t->slots = slots;
    t->slot_count = count;
    return CORSYM_OK;
}

corsym_status corsym_intern_add(struct corsym_intern *t, const void *data, size_t len,
                                const uint8_t **out)
{
    const uint8_t *p = data;
    *out = NULL;
    if (!p && len)
        return CORSYM_E_INVALID_ARG;
    uint32_t hash = hash_bytes(p, len);
    if (t->slot_count) {
        size_t s = hash & (t->slot_count - 1);
        while (t->slots[s]) {
            const struct corsym_intern_entry *e = &t->entries[t->slots[s] - 1];
            if (e->hash == hash && e->len == len && (!len || !memcmp(e->data, p, len))) {
                *out = e->data;
                return CORSYM_OK;
            }
            s = (s + 1) & (t->slot_count - 1);
        }
    }
    /* Every step that can fail comes before the table changes. */
    if ((t->count + 1) * 2 > t->slot_count)
        CORSYM_TRY(rehash(t));
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64, bytes;
        if (!corsym_checked_mul(cap, sizeof(*t->entries), &bytes))
            return CORSYM_E_NOMEM;
        struct corsym_intern_entry *entries = realloc(t->entries, bytes);
        if (!entries)
            return CORSYM_E_NOMEM;
        t->entries = entries;
        t->cap = cap;
    }
    if (!t->arena && !(t->arena = corsym_arena_new()))
        return CORSYM_E_NOMEM;
    size_t bytes;
    if (!corsym_checked_add(len, 1, &bytes))
        return CORSYM_E_NOMEM;
    uint8_t *copy = corsym_arena_alloc(t->arena, bytes, 1); /* zeroed: the NUL is there */
    if (!copy)
        return CORSYM_E_NOMEM;
    if (len)
        memcpy(copy, p, len);
    struct corsym_intern_entry *e = &t->entries[t->count];
    e->data = copy;
    e->len = len;
    e->hash = hash;
    size_t s = hash & (t->slot_count - 1);
    while (t->slots[s])
        s = (s + 1) & (t->slot_count - 1);
    t->slots[s] = (uint32_t)(++t->count);
    *out = copy;
    return CORSYM_OK;
}
