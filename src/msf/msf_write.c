/* SPDX-License-Identifier: MIT */
/* The MSF 7.00 writer of msf_write.h: plan the blocks for one block size, then write. */
#include "msf/msf_write.h"

#include <string.h>

#include "base/checked.h"
#include "msf/msf.h"

/* Offset of the directory block-map array in block 0 (research §1.1). */
#define MAP_OFFSET 52u
/* The live free block map copy we name in the superblock. */
#define FPM_COPY 1u
/* MS's page-number limit for big MSF (2^20 pages). */
#define MAX_BLOCKS (1u << 20)

struct plan {
    uint32_t bs;
    uint32_t next;            /* next block to hand out */
    uint64_t stream_blocks;   /* blocks listed in the directory */
    uint32_t dir_bytes;
    uint32_t dir_blocks;
    uint32_t map_blocks;      /* blocks listing the directory's blocks */
    uint32_t block_count;
};

static bool is_fpm(uint32_t block, uint32_t bs)
{
    uint32_t r = block % bs;
    return r == 1 || r == 2;
}

/* Hands out the next block that is not a free block map block. */
static uint32_t take(struct plan *p)
{
    while (is_fpm(p->next, p->bs))
        p->next++;
    return p->next++;
}

static uint32_t blocks_for(uint32_t size, uint32_t bs)
{
    return size / bs + (size % bs != 0);
}

/* Counts the blocks of a layout without writing it; false when it cannot exist. */
static bool plan_layout(const struct corsym_msf_out_stream *s, uint32_t count, uint32_t bs,
                        struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->bs = bs;
    for (uint32_t i = 0; i < count; i++)
        if (!s[i].nil)
            p->stream_blocks += blocks_for(s[i].size, bs);
    uint64_t dir = 4 + 4ull * count + 4 * p->stream_blocks;
    if (dir > UINT32_MAX)
        return false;
    p->dir_bytes = (uint32_t)dir;
    p->dir_blocks = blocks_for(p->dir_bytes, bs);
    p->map_blocks = blocks_for(p->dir_blocks * 4, bs);
    if (MAP_OFFSET + 4ull * p->map_blocks > bs)
        return false;
    /* The superblock, the stream, directory and map blocks; the FPM pairs of each
     * interval the file reaches come on top, which the walk below adds. */
    uint64_t used = 1 + p->stream_blocks + p->dir_blocks + p->map_blocks;
    if (used > MAX_BLOCKS)
        return false;
    p->next = 1;
    for (uint64_t k = 1; k < used; k++)
        (void)take(p);
    p->block_count = p->next < 3 ? 3 : p->next;
    return p->block_count <= MAX_BLOCKS;
}

corsym_status corsym_msf_write_block_size(const struct corsym_msf_out_stream *streams,
                                          uint32_t count, uint32_t *block_size)
{
    struct plan p;
    for (uint32_t bs = CORSYM_MSF_MIN_BLOCK_SIZE; bs <= CORSYM_MSF_MAX_BLOCK_SIZE; bs *= 2)
        if (plan_layout(streams, count, bs, &p) && p.map_blocks == 1) {
            *block_size = bs;
            return CORSYM_OK;
        }
    return CORSYM_E_UNSUPPORTED;
}

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Drops what a failed write appended (the buffer stays NUL-terminated). */
static void rollback(struct corsym_buf *out, size_t base)
{
    out->len = base;
    if (out->data)
        out->data[base] = 0;
}

/* Both free block map copies: bit b clear = block b used; everything past the end free. */
static void write_fpm(uint8_t *file, uint32_t bs, uint32_t block_count)
{
    for (uint32_t block = 1; block < block_count; block++) {
        if (!is_fpm(block, bs))
            continue;
        uint8_t *page = file + (size_t)block * bs;
        memset(page, 0xFF, bs);
        /* Page j of a copy holds bits [j * bs * 8, (j + 1) * bs * 8). */
        uint64_t first_bit = (uint64_t)(block / bs) * bs * 8;
        for (uint32_t i = 0; i < bs; i++) {
            uint64_t bit = first_bit + (uint64_t)i * 8;
            if (bit >= block_count)
                break;
            uint64_t used = block_count - bit;
            page[i] = used >= 8 ? 0x00 : (uint8_t)(0xFF << used);
        }
    }
}

corsym_status corsym_msf_write(const struct corsym_msf_out_stream *streams, uint32_t count,
                               uint32_t block_size, struct corsym_buf *out,
                               size_t *file_offsets, struct corsym_msf_write_layout *layout)
{
    if (count == 0)
        return CORSYM_E_INVALID_ARG;
    if (block_size == 0)
        CORSYM_TRY(corsym_msf_write_block_size(streams, count, &block_size));
    else if (block_size < CORSYM_MSF_MIN_BLOCK_SIZE || block_size > CORSYM_MSF_MAX_BLOCK_SIZE ||
             (block_size & (block_size - 1)))
        return CORSYM_E_INVALID_ARG;
    struct plan p;
    if (!plan_layout(streams, count, block_size, &p))
        return CORSYM_E_UNSUPPORTED;
    const uint32_t bs = block_size;

    size_t file_len, base = out->len;
    if (!corsym_checked_mul(p.block_count, bs, &file_len))
        return CORSYM_E_UNSUPPORTED;
    uint8_t *file;
    CORSYM_TRY(corsym_buf_extend(out, file_len, &file)); /* zeroed: padding stays 0 */

    /* The directory is built in place at its own blocks once they are known, so it
     * is staged here: sizes first, then block numbers as streams are placed. */
    struct corsym_buf dir = CORSYM_BUF_INIT;
    uint8_t *d;
    corsym_status st = corsym_buf_extend(&dir, p.dir_bytes, &d);
    if (st) {
        rollback(out, base);
        return st;
    }
    put_u32(d, count);
    size_t at = 4 + 4 * (size_t)count;
    p.next = 1;
    for (uint32_t i = 0; i < count; i++) {
        const struct corsym_msf_out_stream *s = &streams[i];
        put_u32(d + 4 + 4 * (size_t)i, s->nil ? CORSYM_MSF_NIL_SIZE : s->size);
        if (file_offsets)
            file_offsets[i] = 0;
        if (s->nil)
            continue;
        for (uint32_t k = 0, n = blocks_for(s->size, bs); k < n; k++) {
            uint32_t b = take(&p);
            size_t chunk = s->size - (size_t)k * bs < bs ? s->size - (size_t)k * bs : bs;
            memcpy(file + (size_t)b * bs, s->data + (size_t)k * bs, chunk);
            if (k == 0 && file_offsets)
                file_offsets[i] = (size_t)b * bs;
            put_u32(d + at, b);
            at += 4;
        }
    }
    /* The directory's block numbers, for the map blocks written after it. */
    uint8_t *map;
    st = corsym_buf_extend(&dir, (size_t)p.dir_blocks * 4, &map);
    if (st) {
        corsym_buf_free(&dir);
        rollback(out, base);
        return st;
    }
    d = dir.data; /* the extend may have moved it */
    map = dir.data + p.dir_bytes;
    uint8_t *sb = file;
    for (uint32_t k = 0; k < p.dir_blocks; k++) {
        uint32_t b = take(&p);
        size_t chunk = p.dir_bytes - (size_t)k * bs < bs ? p.dir_bytes - (size_t)k * bs : bs;
        memcpy(file + (size_t)b * bs, d + (size_t)k * bs, chunk);
        put_u32(map + (size_t)k * 4, b);
    }
    /* Directory block k is entry k % (bs / 4) of map block k / (bs / 4). */
    for (uint32_t m = 0; m < p.map_blocks; m++) {
        uint32_t b = take(&p);
        uint32_t first = m * (bs / 4);
        uint32_t n = p.dir_blocks - first < bs / 4 ? p.dir_blocks - first : bs / 4;
        memcpy(file + (size_t)b * bs, map + (size_t)first * 4, (size_t)n * 4);
        put_u32(sb + MAP_OFFSET + 4 * m, b);
    }
    corsym_buf_free(&dir);

    memcpy(sb, corsym_msf_magic, sizeof corsym_msf_magic);
    put_u32(sb + 32, bs);
    put_u32(sb + 36, FPM_COPY);
    put_u32(sb + 40, p.block_count);
    put_u32(sb + 44, p.dir_bytes);
    write_fpm(file, bs, p.block_count);
    if (layout) {
        layout->block_size = bs;
        layout->block_count = p.block_count;
        layout->directory_bytes = p.dir_bytes;
    }
    return CORSYM_OK;
}
