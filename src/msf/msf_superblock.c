/*
 * Superblock validation: every rule is its own check, so a failing file
 * reports exactly which one it broke (LLVM validateSuperBlock's list, plus
 * the file-length rule dnlib enforces).
 */
#include "msf/msf_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/checked.h"
#include "base/cursor.h"

const uint8_t corsym_msf_magic[32] = "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0";

/* Offset of the directory block-map array in block 0. */
#define MSF_MAP_OFFSET 52u

bool corsym_msf_is_msf(const uint8_t *data, size_t len)
{
    return data && len >= sizeof corsym_msf_magic &&
           memcmp(data, corsym_msf_magic, sizeof corsym_msf_magic) == 0;
}

static bool valid_block_size(uint32_t bs)
{
    /* A power of two in range: FPM intervals and block maths assume it. */
    return bs >= CORSYM_MSF_MIN_BLOCK_SIZE && bs <= CORSYM_MSF_MAX_BLOCK_SIZE &&
           (bs & (bs - 1)) == 0;
}

corsym_status corsym_msf_superblock_parse(const uint8_t *data, size_t len,
                                          struct corsym_msf_superblock *out)
{
    struct corsym_cursor c;
    corsym_cursor_init(&c, data, len);

    if (!corsym_msf_is_msf(data, len))
        return CORSYM_CORRUPT(); /* magic */
    CORSYM_TRY(corsym_cursor_skip(&c, sizeof corsym_msf_magic));

    uint32_t unused;
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->block_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->fpm_block));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->block_count));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->directory_bytes));
    CORSYM_TRY(corsym_cursor_u32le(&c, &unused));

    if (!valid_block_size(out->block_size))
        return CORSYM_CORRUPT(); /* block size */
    if (out->fpm_block != 1 && out->fpm_block != 2)
        return CORSYM_CORRUPT(); /* free block map must be block 1 or 2 */
    if (out->block_count < 3)
        return CORSYM_CORRUPT(); /* superblock and both FPM blocks are reserved */

    /* Block 0 must be whole before its map array can be read. */
    size_t file_bytes;
    if (!corsym_checked_mul(out->block_count, out->block_size, &file_bytes))
        return CORSYM_CORRUPT(); /* block count * block size overflows */
    if (len < file_bytes)
        return CORSYM_CORRUPT(); /* file shorter than block count * block size */

    if (out->directory_bytes % 4 != 0)
        return CORSYM_CORRUPT(); /* directory size not a multiple of 4 */
    if (out->directory_bytes < 4)
        return CORSYM_CORRUPT(); /* directory cannot hold its stream count */

    out->directory_blocks = corsym_msf_blocks_for(out->directory_bytes, out->block_size);
    if (out->directory_blocks > out->block_count)
        return CORSYM_CORRUPT(); /* directory larger than the file */
    /* directory_bytes < 2^32 and block_size >= 512, so directory_blocks * 4 < 2^26. */
    out->directory_map_blocks = corsym_msf_blocks_for(out->directory_blocks * 4, out->block_size);
    size_t map_end;
    if (!corsym_checked_madd(MSF_MAP_OFFSET, out->directory_map_blocks, 4, &map_end) ||
        map_end > out->block_size)
        return CORSYM_CORRUPT(); /* directory block map does not fit in block 0 */

    for (uint32_t i = 0; i < out->directory_map_blocks; i++) {
        uint32_t map_block;
        CORSYM_TRY(corsym_cursor_u32le(&c, &map_block));
        if (map_block == 0)
            return CORSYM_CORRUPT(); /* block 0 is the superblock */
        if (map_block >= out->block_count)
            return CORSYM_CORRUPT(); /* directory map block beyond the file */
    }
    return CORSYM_OK;
}

corsym_status corsym_msf_directory_read(const uint8_t *data, size_t len,
                                        const struct corsym_msf_superblock *sb, uint8_t **out)
{
    uint32_t bs = sb->block_size;
    uint8_t *dir = malloc(sb->directory_bytes);
    if (!dir)
        return CORSYM_E_NOMEM;

    struct corsym_cursor file;
    corsym_cursor_init(&file, data, len);
    size_t copied = 0;
    corsym_status st = CORSYM_OK;
    /* Directory block k is entry k % (bs/4) of map block k / (bs/4). */
    uint32_t per_map = bs / 4;
    for (uint32_t k = 0; k < sb->directory_blocks; k++) {
        uint32_t map_block, dir_block;
        struct corsym_cursor at;
        size_t map_entry = MSF_MAP_OFFSET + (size_t)(k / per_map) * 4;
        if ((st = corsym_cursor_narrow(&file, map_entry, 4, &at)) ||
            (st = corsym_cursor_u32le(&at, &map_block)))
            goto fail;
        size_t entry = (size_t)map_block * bs + (size_t)(k % per_map) * 4;
        if ((st = corsym_cursor_narrow(&file, entry, 4, &at)) ||
            (st = corsym_cursor_u32le(&at, &dir_block)))
            goto fail;
        if (dir_block >= sb->block_count) {
            st = CORSYM_CORRUPT(); /* directory block beyond the file */
            goto fail;
        }
        size_t n = sb->directory_bytes - copied;
        if (n > bs)
            n = bs;
        if ((st = corsym_cursor_narrow(&file, (size_t)dir_block * bs, n, &at)) ||
            (st = corsym_cursor_copy(&at, dir + copied, n)))
            goto fail;
        copied += n;
    }
    *out = dir;
    return CORSYM_OK;
fail:
    free(dir);
    return st;
}
