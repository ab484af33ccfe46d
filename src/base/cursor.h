/*
 * The bounded cursor: the only code allowed to touch file bytes by address.
 *
 * A cursor is a window [data, data + len) with a read position. Every read
 * checks the remaining length first, decodes little-endian values byte by
 * byte (no casts, no alignment or host-endianness assumptions) and advances
 * only on success. On failure the position is left unchanged, so a caller
 * may report where decoding stopped.
 *
 * A span is a read-only slice handed out to callers (a blob, a name, a
 * hash). Spans point into the caller's input; they are never owned.
 */
#ifndef CORSYM_BASE_CURSOR_H
#define CORSYM_BASE_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

struct corsym_span {
    const uint8_t *data; /* NULL only when len == 0 */
    size_t len;
};

struct corsym_cursor {
    const uint8_t *data;
    size_t len; /* readable bytes from data */
    size_t pos; /* next byte to read, 0 <= pos <= len */
};

/* ECMA-335 II.23.2 limits of compressed integers. */
#define CORSYM_CUINT_MAX 0x1FFFFFFFu
#define CORSYM_CINT_MIN (-0x10000000)
#define CORSYM_CINT_MAX 0x0FFFFFFF

static inline struct corsym_span corsym_span_make(const uint8_t *data, size_t len)
{
    struct corsym_span s = { len ? data : NULL, len };
    return s;
}

void corsym_cursor_init(struct corsym_cursor *c, const uint8_t *data, size_t len);
void corsym_cursor_from_span(struct corsym_cursor *c, struct corsym_span s);

static inline size_t corsym_cursor_remaining(const struct corsym_cursor *c)
{
    return c->len - c->pos;
}

static inline bool corsym_cursor_at_end(const struct corsym_cursor *c)
{
    return c->pos == c->len;
}

/* Fixed-width little-endian reads. CORRUPT when fewer bytes remain. */
corsym_status corsym_cursor_u8(struct corsym_cursor *c, uint8_t *out);
corsym_status corsym_cursor_u16le(struct corsym_cursor *c, uint16_t *out);
corsym_status corsym_cursor_u32le(struct corsym_cursor *c, uint32_t *out);
corsym_status corsym_cursor_u64le(struct corsym_cursor *c, uint64_t *out);
corsym_status corsym_cursor_i32le(struct corsym_cursor *c, int32_t *out);
corsym_status corsym_cursor_i64le(struct corsym_cursor *c, int64_t *out);

/* An unsigned integer of 1, 2 or 4 bytes (table columns). */
corsym_status corsym_cursor_uint(struct corsym_cursor *c, unsigned width, uint32_t *out);

/* Peek one byte without consuming it. */
corsym_status corsym_cursor_peek_u8(const struct corsym_cursor *c, uint8_t *out);

/*
 * ECMA-335 compressed integers. The unsigned form rejects the reserved
 * 111xxxxx lead byte; the signed form undoes the sign rotation and sign
 * extends from 6, 13 or 28 bits.
 */
corsym_status corsym_cursor_cuint_slow(struct corsym_cursor *c, uint32_t *out);
corsym_status corsym_cursor_cint_slow(struct corsym_cursor *c, int32_t *out);

/* One-byte values are by far the most common (sequence-point deltas, signatures): they are
 * decoded inline, the rest out of line. */
static inline corsym_status corsym_cursor_cuint(struct corsym_cursor *c, uint32_t *out)
{
    if (c->pos < c->len && !(c->data[c->pos] & 0x80)) {
        *out = c->data[c->pos++];
        return CORSYM_OK;
    }
    return corsym_cursor_cuint_slow(c, out);
}

static inline corsym_status corsym_cursor_cint(struct corsym_cursor *c, int32_t *out)
{
    if (c->pos < c->len && !(c->data[c->pos] & 0x80)) {
        uint32_t raw = c->data[c->pos++], magnitude = raw >> 1;
        /* The sign was rotated into bit 0; extend it over the 6 bits of magnitude. */
        *out = (raw & 1) ? (int32_t)(magnitude | 0xFFFFFFC0u) : (int32_t)magnitude;
        return CORSYM_OK;
    }
    return corsym_cursor_cint_slow(c, out);
}

/* The next n bytes as a span, advancing past them. */
corsym_status corsym_cursor_bytes(struct corsym_cursor *c, size_t n, struct corsym_span *out);

/* Copy the next n bytes into out (e.g. a GUID or a PDB id). */
corsym_status corsym_cursor_copy(struct corsym_cursor *c, void *out, size_t n);

corsym_status corsym_cursor_skip(struct corsym_cursor *c, size_t n);

/* Move to an absolute position inside the window (pos == len allowed). */
corsym_status corsym_cursor_seek(struct corsym_cursor *c, size_t pos);

/*
 * Text up to (not including) the next NUL; the cursor moves past the NUL.
 * CORRUPT if no NUL occurs before the end of the window.
 */
corsym_status corsym_cursor_cstr(struct corsym_cursor *c, struct corsym_span *out);

/* A sub-cursor over the next n bytes; the parent advances past them. */
corsym_status corsym_cursor_take(struct corsym_cursor *c, size_t n, struct corsym_cursor *out);

/* A sub-cursor over [off, off + n) of the window, position 0; the parent
 * does not move. */
corsym_status corsym_cursor_narrow(const struct corsym_cursor *c, size_t off, size_t n,
                                   struct corsym_cursor *out);

/* Everything not read yet, as a span (the cursor does not move). */
struct corsym_span corsym_cursor_rest(const struct corsym_cursor *c);

/* Span helpers, for random access into a slice (table rows, heaps). */
corsym_status corsym_span_sub(struct corsym_span s, size_t off, size_t n, struct corsym_span *out);
corsym_status corsym_span_uint_at(struct corsym_span s, size_t off, unsigned width, uint32_t *out);
bool corsym_span_eq(struct corsym_span a, const void *b, size_t blen);

#endif
