/*
 * Injected sources (research/windows-pdb.md §9): /src/headerblock, the
 * index of documents keyed by canonical-name NI, and the /src/files/<name>
 * records holding language GUIDs, checksum and embedded source.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/inflate.h"

#define SRC_HEADER_BLOCK_SIZE 64u
#define SRC_HEADER_OUT_SIZE 40u

struct corsym_winpdb_src_headers {
    struct corsym_msf_bytes bytes;
    struct corsym_winpdb_hashmap map;
};

corsym_status corsym_winpdb_src_headers_load(const struct corsym_winpdb *pdb,
                                             struct corsym_winpdb_src_headers **out)
{
    *out = NULL;
    struct corsym_winpdb_src_headers *h = calloc(1, sizeof *h);
    if (!h)
        return CORSYM_E_NOMEM;
    struct corsym_cursor c;
    corsym_status st = corsym_winpdb_named_stream_load(pdb, "/src/headerblock", &h->bytes);
    if (st)
        goto fail;
    /* Linkers leave an empty stream when no source was injected. */
    if (h->bytes.span.len == 0) {
        st = CORSYM_NOT_FOUND;
        goto fail;
    }
    corsym_cursor_from_span(&c, h->bytes.span);
    if ((st = corsym_cursor_skip(&c, SRC_HEADER_BLOCK_SIZE)) ||
        (st = corsym_winpdb_hashmap_parse(&c, SRC_HEADER_OUT_SIZE, &h->map)) ||
        (st = corsym_winpdb_hashmap_index(&h->map)))
        goto fail;
    *out = h;
    return CORSYM_OK;
fail:
    corsym_winpdb_src_headers_free(h);
    return st;
}

void corsym_winpdb_src_headers_free(struct corsym_winpdb_src_headers *h)
{
    if (!h)
        return;
    corsym_msf_bytes_release(&h->bytes);
    free(h->map.rank_words);
    free(h);
}

uint32_t corsym_winpdb_src_headers_count(const struct corsym_winpdb_src_headers *h)
{
    return h->map.count;
}

static corsym_status decode_header(struct corsym_span v, struct corsym_winpdb_src_header *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, v);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->version));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->crc));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->source_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->file_ni));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->object_ni));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->virtual_ni));
    CORSYM_TRY(corsym_cursor_u8(&c, &out->compression));
    return corsym_cursor_u8(&c, &out->flags);
}

corsym_status corsym_winpdb_src_header_at(const struct corsym_winpdb_src_headers *h, uint32_t i,
                                          struct corsym_winpdb_src_header *out)
{
    uint32_t key;
    struct corsym_span v;
    CORSYM_TRY(corsym_winpdb_hashmap_entry(&h->map, i, &key, &v));
    return decode_header(v, out);
}

static bool key_is(void *ctx, uint32_t key, struct corsym_span value)
{
    (void)value;
    return key == *(const uint32_t *)ctx;
}

corsym_status corsym_winpdb_src_header_find(const struct corsym_winpdb_src_headers *h,
                                            uint32_t virtual_ni,
                                            struct corsym_winpdb_src_header *out)
{
    if (!h->map.capacity)
        return CORSYM_NOT_FOUND;
    /* MS hashes an NI by truncating it to 16 bits (HcNi = hcCast). */
    uint32_t i;
    CORSYM_TRY(corsym_winpdb_hashmap_probe(&h->map, (uint16_t)virtual_ni % h->map.capacity,
                                           key_is, &virtual_ni, &i));
    return corsym_winpdb_src_header_at(h, i, out);
}

corsym_status corsym_winpdb_src_file_parse(struct corsym_span stream,
                                           struct corsym_winpdb_src_file *out)
{
    struct corsym_cursor c;
    int32_t checksum_len, source_len;
    corsym_cursor_from_span(&c, stream);
    CORSYM_TRY(corsym_cursor_copy(&c, out->language, 16));
    CORSYM_TRY(corsym_cursor_copy(&c, out->language_vendor, 16));
    CORSYM_TRY(corsym_cursor_copy(&c, out->document_type, 16));
    CORSYM_TRY(corsym_cursor_copy(&c, out->checksum_algorithm, 16));
    CORSYM_TRY(corsym_cursor_i32le(&c, &checksum_len));
    CORSYM_TRY(corsym_cursor_i32le(&c, &source_len));
    if (checksum_len < 0 || source_len < 0)
        return CORSYM_CORRUPT(); /* negative checksum or source size */
    CORSYM_TRY(corsym_cursor_bytes(&c, (size_t)checksum_len, &out->checksum));
    return corsym_cursor_bytes(&c, (size_t)source_len, &out->source);
}

corsym_status corsym_winpdb_embedded_source_decode(struct corsym_span blob, struct corsym_buf *out)
{
    struct corsym_cursor c;
    int32_t size;
    corsym_cursor_from_span(&c, blob);
    CORSYM_TRY(corsym_cursor_i32le(&c, &size));
    struct corsym_span content = corsym_cursor_rest(&c);
    if (size < 0)
        return CORSYM_CORRUPT(); /* negative embedded source size */
    if (size == 0)
        return corsym_buf_append(out, content.data, content.len);
    size_t limit;
    if (!corsym_checked_mul(content.len, CORSYM_INFLATE_MAX_RATIO, &limit) ||
        (size_t)size > limit)
        return CORSYM_CORRUPT(); /* more text than deflate could produce */
    uint8_t *dst;
    CORSYM_TRY(corsym_buf_extend(out, (size_t)size, &dst));
    corsym_status st = corsym_inflate_raw(content.data, content.len, dst, (size_t)size);
    if (st) {
        out->len -= (size_t)size;
        out->data[out->len] = 0;
    }
    return st;
}
