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

/* The arena and its first chunk are one allocation: most methods never need a second.
 * The chunk starts at a 16-byte boundary after the arena header. */
#define FIRST_CHUNK 880 /* with the headers, under glibc's 1 KiB "large request" line */

struct corsym_arena {
    struct arena_chunk *head;
    _Alignas(16) unsigned char first[];
};

struct corsym_arena *corsym_arena_new(void)
{
    struct corsym_arena *arena =
        malloc(sizeof(struct corsym_arena) + sizeof(struct arena_chunk) + FIRST_CHUNK);
    if (!arena)
        return NULL;
    struct arena_chunk *first = (struct arena_chunk *)(void *)arena->first;
    first->next = NULL;
    first->used = 0;
    first->capacity = FIRST_CHUNK;
    arena->head = first;
    return arena;
}

void corsym_arena_free(struct corsym_arena *arena)
{
    if (!arena)
        return;
    struct arena_chunk *chunk = arena->head, *first = (struct arena_chunk *)(void *)arena->first;
    while (chunk && chunk != first) {
        struct arena_chunk *next = chunk->next;
        free(chunk);
        chunk = next;
    }
    free(arena);
}

static void *arena_take(struct corsym_arena *arena, size_t count, size_t size);

void *corsym_arena_alloc(struct corsym_arena *arena, size_t count, size_t size)
{
    void *out = arena_take(arena, count, size);
    if (out)
        memset(out, 0, count * size);
    return out;
}

void *corsym_arena_copy(struct corsym_arena *arena, const void *data, size_t count, size_t size)
{
    void *out = arena_take(arena, count, size);
    if (out && count)
        memcpy(out, data, count * size);
    return out;
}

/* count * size bytes (rounded up to 16, at least 16), not initialised. */
static void *arena_take(struct corsym_arena *arena, size_t count, size_t size)
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
