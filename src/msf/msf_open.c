/*
 * Opening a container: superblock, then the stream directory
 *   u32 count; u32 size[count]; u32 blocks[...]
 * where each non-nil stream owns ceil(size / block_size) block numbers.
 * The directory is decoded once into native arrays so stream reads never
 * touch it again; its size bounds every allocation made here.
 */
#include "msf/msf_private.h"

#include <stdlib.h>

#include "base/checked.h"

static corsym_status parse_directory(struct corsym_msf *msf, const uint8_t *dir)
{
    struct corsym_cursor c;
    corsym_cursor_init(&c, dir, msf->sb.directory_bytes);

    uint32_t count;
    CORSYM_TRY(corsym_cursor_u32le(&c, &count));
    if (count > corsym_cursor_remaining(&c) / 4)
        return CORSYM_CORRUPT(); /* stream count larger than the directory */

    /* calloc(0) may return NULL; allocate at least one element. */
    size_t n = count ? count : 1;
    msf->sizes = calloc(n, sizeof *msf->sizes);
    msf->first_block = calloc(n, sizeof *msf->first_block);
    if (!msf->sizes || !msf->first_block)
        return CORSYM_E_NOMEM;
    msf->stream_count = count;

    size_t total_blocks = 0;
    for (uint32_t i = 0; i < count; i++) {
        CORSYM_TRY(corsym_cursor_u32le(&c, &msf->sizes[i]));
        if (msf->sizes[i] == CORSYM_MSF_NIL_SIZE)
            continue;
        /* first_block is u32; total_blocks stays below directory_bytes / 4. */
        msf->first_block[i] = (uint32_t)total_blocks;
        total_blocks += corsym_msf_blocks_for(msf->sizes[i], msf->sb.block_size);
        if (total_blocks > corsym_cursor_remaining(&c) / 4)
            return CORSYM_CORRUPT(); /* block lists larger than the directory */
    }
    /* Nil streams point at the end, so their (empty) block list is in range. */
    for (uint32_t i = 0; i < count; i++)
        if (msf->sizes[i] == CORSYM_MSF_NIL_SIZE)
            msf->first_block[i] = (uint32_t)total_blocks;

    msf->blocks = malloc((total_blocks ? total_blocks : 1) * sizeof *msf->blocks);
    if (!msf->blocks)
        return CORSYM_E_NOMEM;
    msf->block_entries = total_blocks;
    for (size_t k = 0; k < total_blocks; k++) {
        CORSYM_TRY(corsym_cursor_u32le(&c, &msf->blocks[k]));
        if (msf->blocks[k] >= msf->sb.block_count)
            return CORSYM_CORRUPT(); /* stream block beyond the file */
    }
    /* Bytes after the last block list are tolerated: MS rounds the directory
     * to whole entries only, and nothing is known to be stored there. */
    return CORSYM_OK;
}

corsym_status corsym_msf_open(struct corsym_msf **out, const uint8_t *data, size_t len)
{
    if (!out || (!data && len))
        return CORSYM_E_INVALID_ARG;
    *out = NULL;

    struct corsym_msf *msf = calloc(1, sizeof *msf);
    if (!msf)
        return CORSYM_E_NOMEM;
    msf->data = data;
    msf->len = len;

    uint8_t *dir = NULL;
    corsym_status st;
    if ((st = corsym_msf_superblock_parse(data, len, &msf->sb)) ||
        (st = corsym_msf_directory_read(data, len, &msf->sb, &dir)) ||
        (st = parse_directory(msf, dir))) {
        free(dir);
        corsym_msf_close(msf);
        return st;
    }
    free(dir);
    *out = msf;
    return CORSYM_OK;
}

void corsym_msf_close(struct corsym_msf *msf)
{
    if (!msf)
        return;
    free(msf->sizes);
    free(msf->first_block);
    free(msf->blocks);
    free(msf);
}

uint32_t corsym_msf_block_size(const struct corsym_msf *msf)
{
    return msf->sb.block_size;
}

uint32_t corsym_msf_block_count(const struct corsym_msf *msf)
{
    return msf->sb.block_count;
}

uint32_t corsym_msf_stream_count(const struct corsym_msf *msf)
{
    return msf->stream_count;
}

struct corsym_span corsym_msf_file(const struct corsym_msf *msf)
{
    return corsym_span_make(msf->data, msf->len);
}
