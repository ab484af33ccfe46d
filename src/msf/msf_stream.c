/*
 * Stream views: a stream is a list of blocks scattered through the file;
 * these functions turn stream offsets into file offsets one block at a
 * time and never read past the stream's declared size.
 */
#include "msf/msf_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"

corsym_status corsym_msf_stream(const struct corsym_msf *msf, uint32_t index,
                                struct corsym_msf_stream *out)
{
    if (!msf || !out)
        return CORSYM_E_INVALID_ARG;
    if (index >= msf->stream_count)
        return CORSYM_NOT_FOUND;
    out->msf = msf;
    out->index = index;
    out->nil = msf->sizes[index] == CORSYM_MSF_NIL_SIZE;
    out->size = out->nil ? 0 : msf->sizes[index];
    out->first_block = msf->first_block[index];
    return CORSYM_OK;
}

/* File offset of stream byte `off` (< size); the block was validated at open. */
static size_t file_offset(const struct corsym_msf_stream *s, size_t off)
{
    uint32_t bs = s->msf->sb.block_size;
    uint32_t block = s->msf->blocks[s->first_block + off / bs];
    return (size_t)block * bs + off % bs;
}

corsym_status corsym_msf_stream_read(const struct corsym_msf_stream *s, size_t off, void *dst,
                                     size_t n)
{
    if (!corsym_checked_range(off, n, s->size))
        return CORSYM_CORRUPT(); /* range outside the stream */
    uint32_t bs = s->msf->sb.block_size;
    uint8_t *p = dst;
    while (n) {
        size_t in_block = bs - off % bs;
        size_t chunk = n < in_block ? n : in_block;
        memcpy(p, s->msf->data + file_offset(s, off), chunk);
        p += chunk;
        off += chunk;
        n -= chunk;
    }
    return CORSYM_OK;
}

corsym_status corsym_msf_stream_u16(const struct corsym_msf_stream *s, size_t off, uint16_t *out)
{
    uint8_t b[2];
    CORSYM_TRY(corsym_msf_stream_read(s, off, b, sizeof b));
    *out = (uint16_t)(b[0] | b[1] << 8);
    return CORSYM_OK;
}

corsym_status corsym_msf_stream_u32(const struct corsym_msf_stream *s, size_t off, uint32_t *out)
{
    uint8_t b[4];
    CORSYM_TRY(corsym_msf_stream_read(s, off, b, sizeof b));
    *out = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return CORSYM_OK;
}

bool corsym_msf_stream_is_contiguous(const struct corsym_msf_stream *s, size_t off, size_t n)
{
    if (!corsym_checked_range(off, n, s->size))
        return false;
    if (n == 0)
        return true;
    uint32_t bs = s->msf->sb.block_size;
    size_t first = off / bs, last = (off + n - 1) / bs;
    const uint32_t *blocks = s->msf->blocks + s->first_block;
    for (size_t k = first; k < last; k++)
        if (blocks[k + 1] != blocks[k] + 1)
            return false;
    return true;
}

corsym_status corsym_msf_stream_load(const struct corsym_msf_stream *s, size_t off, size_t n,
                                     struct corsym_msf_bytes *out)
{
    out->span = corsym_span_make(NULL, 0);
    out->owned = NULL;
    if (!corsym_checked_range(off, n, s->size))
        return CORSYM_CORRUPT(); /* range outside the stream */
    if (n == 0)
        return CORSYM_OK;
    if (corsym_msf_stream_is_contiguous(s, off, n)) {
        out->span = corsym_span_make(s->msf->data + file_offset(s, off), n);
        return CORSYM_OK;
    }
    /* n <= stream size <= file length: the copy is bounded by the input. */
    uint8_t *copy = malloc(n);
    if (!copy)
        return CORSYM_E_NOMEM;
    corsym_status st = corsym_msf_stream_read(s, off, copy, n);
    if (st) {
        free(copy);
        return st;
    }
    out->span = corsym_span_make(copy, n);
    out->owned = copy;
    return CORSYM_OK;
}

corsym_status corsym_msf_stream_load_all(const struct corsym_msf_stream *s,
                                         struct corsym_msf_bytes *out)
{
    return corsym_msf_stream_load(s, 0, s->size, out);
}

corsym_status corsym_msf_load_stream(const struct corsym_msf *msf, uint32_t index,
                                     struct corsym_msf_bytes *out)
{
    struct corsym_msf_stream s;
    out->span = corsym_span_make(NULL, 0);
    out->owned = NULL;
    CORSYM_TRY(corsym_msf_stream(msf, index, &s));
    return corsym_msf_stream_load_all(&s, out);
}

void corsym_msf_bytes_release(struct corsym_msf_bytes *b)
{
    if (!b)
        return;
    free(b->owned);
    b->owned = NULL;
    b->span = corsym_span_make(NULL, 0);
}

corsym_status corsym_msf_stream_block(const struct corsym_msf_stream *s, size_t off,
                                      uint32_t *block)
{
    if (off >= s->size)
        return CORSYM_NOT_FOUND;
    *block = s->msf->blocks[s->first_block + off / s->msf->sb.block_size];
    return CORSYM_OK;
}

corsym_status corsym_msf_stream_file_offset(const struct corsym_msf_stream *s, size_t off,
                                            size_t *out)
{
    if (off >= s->size)
        return CORSYM_NOT_FOUND;
    *out = file_offset(s, off);
    return CORSYM_OK;
}
