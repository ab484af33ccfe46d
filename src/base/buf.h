/*
 * A growable byte buffer, owned by whoever initialised it.
 * data stays NUL-terminated past len whenever data != NULL, so text built
 * in a buffer can be handed out as a C string without another copy.
 */
#ifndef CORSYM_BASE_BUF_H
#define CORSYM_BASE_BUF_H

#include <stddef.h>
#include <stdint.h>

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
corsym_status corsym_buf_append(struct corsym_buf *b, const void *p, size_t n);
corsym_status corsym_buf_append_u8(struct corsym_buf *b, uint8_t v);
/* Grow len by n and return a pointer to the new (zeroed) bytes in *out. */
corsym_status corsym_buf_extend(struct corsym_buf *b, size_t n, uint8_t **out);

/* Hand the allocation to the caller (who frees it with free()); b is reset. */
uint8_t *corsym_buf_detach(struct corsym_buf *b, size_t *len);

#endif
