/* SPDX-License-Identifier: MIT */
/*
 * Interned byte strings for the writer's model: each distinct string (a local's or a
 * constant's name, a using, a constant's signature) is stored once and lives until the
 * table is freed. Compilers repeat the same few names in every method ("i", "result",
 * "System"), so a writer of many methods keeps one copy of each instead of a malloc'd copy
 * per definition; freeing 50 000 methods' worth of small copies was a fifth of writing.
 */
#ifndef CORSYM_MODEL_INTERN_H
#define CORSYM_MODEL_INTERN_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

struct corsym_arena;

struct corsym_intern_entry {
    const uint8_t *data; /* NUL-terminated past len */
    size_t len;
    uint32_t hash;
};

struct corsym_intern {
    struct corsym_arena *arena; /* the strings */
    struct corsym_intern_entry *entries;
    size_t count, cap;
    uint32_t *slots; /* open addressing: entry index + 1, 0 empty */
    size_t slot_count; /* a power of two, at least twice count */
};

void corsym_intern_init(struct corsym_intern *t);
void corsym_intern_free(struct corsym_intern *t);
/* The stored copy of data[0..len) (NUL-terminated), the same pointer for equal bytes. */
corsym_status corsym_intern_add(struct corsym_intern *t, const void *data, size_t len,
                                const uint8_t **out);

#endif
