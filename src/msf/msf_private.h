/*
 * Internals shared by the msf/ files. Nothing outside src/msf includes this.
 */
#ifndef CORSYM_MSF_MSF_PRIVATE_H
#define CORSYM_MSF_MSF_PRIVATE_H

#include "msf/msf.h"

/* The superblock fields we use, decoded (research §1.1). */
struct corsym_msf_superblock {
    uint32_t block_size;
    uint32_t fpm_block;
    uint32_t block_count;
    uint32_t directory_bytes;
    uint32_t directory_blocks;     /* ceil(directory_bytes / block_size) */
    uint32_t directory_map_blocks; /* blocks that list the directory's blocks */
};

struct corsym_msf {
    const uint8_t *data;
    size_t len;
    struct corsym_msf_superblock sb;
    uint32_t stream_count;
    uint32_t *sizes;        /* directory sizes, CORSYM_MSF_NIL_SIZE kept as is */
    uint32_t *first_block;  /* index into blocks[] of each stream's first block */
    uint32_t *blocks;       /* every stream block number, validated < block_count */
    size_t block_entries;
};

/* Validate block 0 and decode it. CORRUPT names the broken rule. */
corsym_status corsym_msf_superblock_parse(const uint8_t *data, size_t len,
                                          struct corsym_msf_superblock *out);

/* Copy the directory out of its blocks (owned, sb.directory_bytes long). */
corsym_status corsym_msf_directory_read(const uint8_t *data, size_t len,
                                        const struct corsym_msf_superblock *sb, uint8_t **out);

/* Blocks needed for n bytes; n must not be the nil size. */
static inline uint32_t corsym_msf_blocks_for(uint32_t n, uint32_t block_size)
{
    return n / block_size + (n % block_size != 0);
}

#endif
