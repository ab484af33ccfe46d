/*
 * A growable byte buffer, owned by whoever initialised it.
 * data stays NUL-terminated past len whenever data != NULL, so text built
 * in a buffer can be handed out as a C string without another copy.
 */
#ifndef CORSYM_BASE_BUF_H
#define CORSYM_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/status.h"

struct corsym_buf {
    uint8_t *data;
    size_t len;
    size_t cap; /* allocated bytes, always > len when data != NULL */
};

#define CORSYM_BUF_INIT { NULL, 0, 0 }

void corsym_buf_init(struct corsym_buf *b);
void corsym_buf_free(struct corsym_buf *b);
/* Forget the contents, keep the allocation. */
void corsym_buf_clear(struct corsym_buf *b);

/* Make room for extra more bytes (plus the terminator). */
corsym_status corsym_buf_reserve(struct corsym_buf *b, size_t extra);
/* The out-of-line half of corsym_buf_append: grows the buffer, then appends. */
corsym_status corsym_buf_append_grow(struct corsym_buf *b, const void *p, size_t n);

/* Inline because the emitters append millions of 2- and 4-byte fields: with room at hand an
 * append is a copy and a store, and a constant n lets the compiler drop the memcpy call. */
static inline corsym_status corsym_buf_append(struct corsym_buf *b, const void *p, size_t n)
{
    if (b->data && b->cap - b->len > n) {
        if (n)
            memcpy(b->data + b->len, p, n);
        b->len += n;
        b->data[b->len] = 0;
        return CORSYM_OK;
    }
    return corsym_buf_append_grow(b, p, n);
}

static inline corsym_status corsym_buf_append_u8(struct corsym_buf *b, uint8_t v)
{
    return corsym_buf_append(b, &v, 1);
}
/* Grow len by n and return a pointer to the new (zeroed) bytes in *out. */
corsym_status corsym_buf_extend_grow(struct corsym_buf *b, size_t n, uint8_t **out);

static inline corsym_status corsym_buf_extend(struct corsym_buf *b, size_t n, uint8_t **out)
{
    if (b->data && b->cap - b->len > n) {
        memset(b->data + b->len, 0, n);
        *out = b->data + b->len;
        b->len += n;
        b->data[b->len] = 0;
        return CORSYM_OK;
    }
    return corsym_buf_extend_grow(b, n, out);
}

/* Hand the allocation to the caller (who frees it with free()); b is reset. */
uint8_t *corsym_buf_detach(struct corsym_buf *b, size_t *len);

#endif
