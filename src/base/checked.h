/*
 * Overflow-checked size arithmetic. Every size derived from file data is
 * computed through these before it is compared, allocated or indexed, so a
 * hostile count can never wrap into a small, "valid" number.
 * Each returns true on success and false on overflow (out is then unspecified).
 */
#ifndef CORSYM_BASE_CHECKED_H
#define CORSYM_BASE_CHECKED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline bool corsym_checked_add(size_t a, size_t b, size_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

static inline bool corsym_checked_mul(size_t a, size_t b, size_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

static inline bool corsym_checked_add_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

static inline bool corsym_checked_mul_u32(uint32_t a, uint32_t b, uint32_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

static inline bool corsym_checked_add_i32(int32_t a, int32_t b, int32_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

/* a + b * c, the usual "base + index * stride" of a table row. */
static inline bool corsym_checked_madd(size_t a, size_t b, size_t c, size_t *out)
{
    size_t t;
    return corsym_checked_mul(b, c, &t) && corsym_checked_add(a, t, out);
}

/* true when [off, off + len) lies inside [0, total). Never wraps. */
static inline bool corsym_checked_range(size_t off, size_t len, size_t total)
{
    return off <= total && len <= total - off;
}

#endif
