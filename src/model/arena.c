/* SPDX-License-Identifier: MIT */
#include "model/arena.h"

#include <stdlib.h>
#include <string.h>

#include "model/symbols.h"

struct arena_chunk {
    struct arena_chunk *next;
    size_t used, capacity;
    _Alignas(16) unsigned char data[];
};

struct corsym_arena {
    struct arena_chunk *head;
};

struct corsym_arena *corsym_arena_new(void)
{
    return calloc(1, sizeof(struct corsym_arena));
}

void corsym_arena_free(struct corsym_arena *arena)
{
    if (!arena)
        return;
    struct arena_chunk *chunk = arena->head;
    while (chunk) {
        struct arena_chunk *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    free(arena);
}

void *corsym_arena_alloc(struct corsym_arena *arena, size_t count, size_t size)
{
    size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes) || bytes > SIZE_MAX / 2)
        return NULL;
    bytes = (bytes + 15) & ~(size_t)15;
    if (bytes == 0)
        bytes = 16;
    struct arena_chunk *chunk = arena->head;
    if (!chunk || chunk->capacity - chunk->used < bytes) {
        /* Most methods need well under a kilobyte; grow geometrically for the others. */
        size_t capacity = chunk ? (chunk->capacity < 65536 ? chunk->capacity * 2 : 65536) : 1024;
        if (capacity < bytes)
            capacity = bytes;
        chunk = malloc(sizeof(*chunk) + capacity);
        if (!chunk)
            return NULL;
        chunk->used = 0;
        chunk->capacity = capacity;
        chunk->next = arena->head;
        arena->head = chunk;
    }
    void *out = chunk->data + chunk->used;
    chunk->used += bytes;
    memset(out, 0, bytes);
    return out;
}

uint16_t *corsym_arena_wcsdup(struct corsym_arena *arena, const uint16_t *chars, size_t length)
{
    uint16_t *copy = corsym_arena_alloc(arena, length + 1, sizeof(uint16_t));
    if (copy && length)
        memcpy(copy, chars, length * sizeof(uint16_t));
    return copy;
}

void corsym_method_free(struct corsym_method *method)
{
    if (method)
        corsym_arena_free(method->arena); /* the method record itself lives in its arena */
}
