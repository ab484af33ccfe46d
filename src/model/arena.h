/* SPDX-License-Identifier: MIT */
/* A bump allocator for records that live and die together (one method's symbols). */
#ifndef CORSYM_MODEL_ARENA_H
#define CORSYM_MODEL_ARENA_H

#include <stddef.h>
#include <stdint.h>

struct corsym_arena;

struct corsym_arena *corsym_arena_new(void);
void corsym_arena_free(struct corsym_arena *arena);
/* Zeroed memory aligned for any scalar; NULL on overflow or exhaustion. */
void *corsym_arena_alloc(struct corsym_arena *arena, size_t count, size_t size);
/* A copy of count * size bytes of data (not zeroed first), aligned as above; NULL on
 * overflow or exhaustion. */
void *corsym_arena_copy(struct corsym_arena *arena, const void *data, size_t count, size_t size);
/* A copy of `length` UTF-16 units, or NULL. */
uint16_t *corsym_arena_wcsdup(struct corsym_arena *arena, const uint16_t *chars, size_t length);

#endif
