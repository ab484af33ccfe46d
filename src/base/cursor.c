#include "base/cursor.h"

#include <string.h>

#include "base/checked.h"

void corsym_cursor_init(struct corsym_cursor *c, const uint8_t *data, size_t len)
{
    c->data = len ? data : NULL;
    c->len = data ? len : 0;
    c->pos = 0;
}

void corsym_cursor_from_span(struct corsym_cursor *c, struct corsym_span s)
{
    corsym_cursor_init(c, s.data, s.len);
}

corsym_status corsym_cursor_u8(struct corsym_cursor *c, uint8_t *out)
{
    if (corsym_cursor_remaining(c) < 1)
        return CORSYM_CORRUPT();
    *out = c->data[c->pos++];
    return CORSYM_OK;
}

corsym_status corsym_cursor_peek_u8(const struct corsym_cursor *c, uint8_t *out)
{
    if (corsym_cursor_remaining(c) < 1)
        return CORSYM_CORRUPT();
    *out = c->data[c->pos];
    return CORSYM_OK;
}

/* Little-endian value of n <= 8 bytes at the cursor; the caller checked room. */
static uint64_t load_le(const struct corsym_cursor *c, size_t n)
{
    uint64_t v = 0;
    for (size_t i = n; i-- > 0;)
        v = (v << 8) | c->data[c->pos + i];
    return v;
}

corsym_status corsym_cursor_u16le(struct corsym_cursor *c, uint16_t *out)
{
    if (corsym_cursor_remaining(c) < 2)
        return CORSYM_CORRUPT();
    *out = (uint16_t)load_le(c, 2);
    c->pos += 2;
    return CORSYM_OK;
}

corsym_status corsym_cursor_u32le(struct corsym_cursor *c, uint32_t *out)
{
    if (corsym_cursor_remaining(c) < 4)
        return CORSYM_CORRUPT();
    *out = (uint32_t)load_le(c, 4);
    c->pos += 4;
    return CORSYM_OK;
}

corsym_status corsym_cursor_u64le(struct corsym_cursor *c, uint64_t *out)
{
    if (corsym_cursor_remaining(c) < 8)
        return CORSYM_CORRUPT();
    *out = load_le(c, 8);
    c->pos += 8;
    return CORSYM_OK;
}

corsym_status corsym_cursor_i32le(struct corsym_cursor *c, int32_t *out)
{
    uint32_t u = 0; /* gcc -O3 cannot see that CORSYM_TRY returns on failure */
    CORSYM_TRY(corsym_cursor_u32le(c, &u));
    /* Two's complement reinterpretation without implementation-defined casts. */
    *out = u <= INT32_MAX ? (int32_t)u : -(int32_t)(~u) - 1;
    return CORSYM_OK;
}

corsym_status corsym_cursor_i64le(struct corsym_cursor *c, int64_t *out)
{
    uint64_t u = 0;
    CORSYM_TRY(corsym_cursor_u64le(c, &u));
    *out = u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
    return CORSYM_OK;
}

corsym_status corsym_cursor_uint(struct corsym_cursor *c, unsigned width, uint32_t *out)
{
    if (width != 1 && width != 2 && width != 4)
        return CORSYM_E_INVALID_ARG;
    if (corsym_cursor_remaining(c) < width)
        return CORSYM_CORRUPT();
    *out = (uint32_t)load_le(c, width);
    c->pos += width;
    return CORSYM_OK;
}

corsym_status corsym_cursor_cuint_slow(struct corsym_cursor *c, uint32_t *out)
{
    uint8_t b0 = 0;
    CORSYM_TRY(corsym_cursor_peek_u8(c, &b0));
    size_t n;
    uint32_t v;
    if ((b0 & 0x80) == 0) {
        n = 1;
        v = b0;
    } else if ((b0 & 0xC0) == 0x80) {
        n = 2;
        v = b0 & 0x3Fu;
    } else if ((b0 & 0xE0) == 0xC0) {
        n = 4;
        v = b0 & 0x1Fu;
    } else {
        /* 111xxxxx is reserved by ECMA-335 II.23.2. */
        return CORSYM_CORRUPT();
    }
    if (corsym_cursor_remaining(c) < n)
        return CORSYM_CORRUPT();
    /* Big-endian on disk, unlike everything else. */
    for (size_t i = 1; i < n; i++)
        v = (v << 8) | c->data[c->pos + i];
    c->pos += n;
    *out = v;
    return CORSYM_OK;
}

corsym_status corsym_cursor_cint_slow(struct corsym_cursor *c, int32_t *out)
{
    size_t start = c->pos;
    uint32_t raw = 0;
    CORSYM_TRY(corsym_cursor_cuint_slow(c, &raw));
    size_t n = c->pos - start;
    /* Bits of payload: 7, 14 or 29; the sign was rotated into bit 0. */
    unsigned bits = n == 1 ? 7 : n == 2 ? 14 : 29;
    uint32_t mag = raw >> 1;
    if (raw & 1) {
        /* Negative: sign-extend the remaining (bits - 1)-bit field. */
        uint32_t ext = ~0u << (bits - 1);
        *out = -(int32_t)(~(mag | ext)) - 1;
    } else {
        *out = (int32_t)mag;
    }
    return CORSYM_OK;
}

corsym_status corsym_cursor_bytes(struct corsym_cursor *c, size_t n, struct corsym_span *out)
{
    if (corsym_cursor_remaining(c) < n)
        return CORSYM_CORRUPT();
    /* An empty window has no data pointer; NULL + 0 is still undefined behaviour. */
    *out = corsym_span_make(c->data ? c->data + c->pos : NULL, n);
    c->pos += n;
    return CORSYM_OK;
}

corsym_status corsym_cursor_copy(struct corsym_cursor *c, void *out, size_t n)
{
    if (corsym_cursor_remaining(c) < n)
        return CORSYM_CORRUPT();
    if (n)
        memcpy(out, c->data + c->pos, n);
    c->pos += n;
    return CORSYM_OK;
}

corsym_status corsym_cursor_skip(struct corsym_cursor *c, size_t n)
{
    if (corsym_cursor_remaining(c) < n)
        return CORSYM_CORRUPT();
    c->pos += n;
    return CORSYM_OK;
}

corsym_status corsym_cursor_seek(struct corsym_cursor *c, size_t pos)
{
    if (pos > c->len)
        return CORSYM_CORRUPT();
    c->pos = pos;
    return CORSYM_OK;
}

corsym_status corsym_cursor_cstr(struct corsym_cursor *c, struct corsym_span *out)
{
    size_t rem = corsym_cursor_remaining(c);
    const uint8_t *p = rem ? memchr(c->data + c->pos, 0, rem) : NULL;
    if (!p)
        return CORSYM_CORRUPT();
    size_t n = (size_t)(p - (c->data + c->pos));
    *out = corsym_span_make(c->data + c->pos, n);
    c->pos += n + 1;
    return CORSYM_OK;
}

corsym_status corsym_cursor_take(struct corsym_cursor *c, size_t n, struct corsym_cursor *out)
{
    if (corsym_cursor_remaining(c) < n)
        return CORSYM_CORRUPT();
    corsym_cursor_init(out, c->data ? c->data + c->pos : NULL, n);
    c->pos += n;
    return CORSYM_OK;
}

corsym_status corsym_cursor_narrow(const struct corsym_cursor *c, size_t off, size_t n,
                                   struct corsym_cursor *out)
{
    if (!corsym_checked_range(off, n, c->len))
        return CORSYM_CORRUPT();
    corsym_cursor_init(out, n ? c->data + off : NULL, n);
    return CORSYM_OK;
}

struct corsym_span corsym_cursor_rest(const struct corsym_cursor *c)
{
    return corsym_span_make(c->data ? c->data + c->pos : NULL, corsym_cursor_remaining(c));
}

corsym_status corsym_span_sub(struct corsym_span s, size_t off, size_t n, struct corsym_span *out)
{
    if (!corsym_checked_range(off, n, s.len))
        return CORSYM_CORRUPT();
    *out = corsym_span_make(n ? s.data + off : NULL, n);
    return CORSYM_OK;
}

corsym_status corsym_span_uint_at(struct corsym_span s, size_t off, unsigned width, uint32_t *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, s);
    CORSYM_TRY(corsym_cursor_seek(&c, off));
    return corsym_cursor_uint(&c, width, out);
}

bool corsym_span_eq(struct corsym_span a, const void *b, size_t blen)
{
    return a.len == blen && (blen == 0 || memcmp(a.data, b, blen) == 0);
}
