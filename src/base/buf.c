#include "base/buf.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"

void corsym_buf_init(struct corsym_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void corsym_buf_free(struct corsym_buf *b)
{
    free(b->data);
    corsym_buf_init(b);
}

void corsym_buf_clear(struct corsym_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = 0;
}

corsym_status corsym_buf_reserve(struct corsym_buf *b, size_t extra)
{
    size_t need;
    /* +1 keeps room for the terminator. */
    if (!corsym_checked_add(b->len, extra, &need) || !corsym_checked_add(need, 1, &need))
        return CORSYM_E_NOMEM;
    if (need <= b->cap)
        return CORSYM_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need) {
        if (!corsym_checked_mul(cap, 2, &cap)) {
            cap = need;
            break;
        }
    }
    uint8_t *p = realloc(b->data, cap);
    if (!p)
        return CORSYM_E_NOMEM;
    b->data = p;
    b->cap = cap;
    b->data[b->len] = 0;
    return CORSYM_OK;
}

corsym_status corsym_buf_append_grow(struct corsym_buf *b, const void *p, size_t n)
{
    CORSYM_TRY(corsym_buf_reserve(b, n));
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
    return CORSYM_OK;
}

corsym_status corsym_buf_extend_grow(struct corsym_buf *b, size_t n, uint8_t **out)
{
    CORSYM_TRY(corsym_buf_reserve(b, n));
    memset(b->data + b->len, 0, n);
    *out = b->data + b->len;
    b->len += n;
    b->data[b->len] = 0;
    return CORSYM_OK;
}

uint8_t *corsym_buf_detach(struct corsym_buf *b, size_t *len)
{
    uint8_t *p = b->data;
    if (len)
        *len = b->len;
    corsym_buf_init(b);
    return p;
}
