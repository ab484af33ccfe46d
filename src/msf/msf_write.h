/* SPDX-License-Identifier: MIT */
/*
 * MSF 7.00 writer: lays a list of streams out as a multi-stream file (research/
 * windows-pdb.md §1) in one pass, the same bytes for the same streams.
 *
 * Layout: block 0 the superblock, then every stream's blocks in stream order, front to
 * back (so a reader's loads are zero-copy), then the directory and the block that lists
 * the directory's blocks. The free block map blocks (every k * block size + 1 and + 2)
 * are never given to a stream; both copies say exactly which blocks are used, and every
 * bit past the file's end reads free. No stale "old directory": stream 0 is whatever the
 * caller gives (managed PDBs leave it empty).
 *
 * Block size: the caller's, or, when it passes 0, the smallest of 512 .. 32768 whose
 * directory fits in the one block-map block LLVM reads ("Too many directory blocks"),
 * so any size of output stays readable by every reader (research §18.5).
 */
#ifndef CORSYM_MSF_MSF_WRITE_H
#define CORSYM_MSF_MSF_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

struct corsym_msf_out_stream {
    const uint8_t *data;
    uint32_t size;
    bool nil; /* written as size 0xFFFFFFFF, no blocks */
};

struct corsym_msf_write_layout {
    uint32_t block_size;
    uint32_t block_count;
    uint32_t directory_bytes;
};

/*
 * The block size corsym_msf_write picks for these streams when asked to choose: the smallest
 * whose directory is listed by a single map block. Microsoft's managed writer keeps 512-byte
 * blocks past that point (a PDB above ~8 MB then has a map of several blocks), which LLVM's
 * MSF reader rejects ("Too many directory blocks", Microsoft's own large files included).
 * corsym takes the next block size instead, so that every PDB it writes opens in
 * llvm-pdbutil and lld as well as in Microsoft's readers, at ~0.3% more bytes for such
 * files (bench/RESULTS.md: 12.91 MB against Microsoft's 12.88 MB).
 *   UNSUPPORTED  not even 32 KiB blocks can hold them (over 2^20 blocks or a directory
 *                larger than one map block lists)
 */
corsym_status corsym_msf_write_block_size(const struct corsym_msf_out_stream *streams,
                                          uint32_t count, uint32_t *block_size);

/*
 * Appends the file to out. block_size 0 chooses (above); otherwise a power of two in
 * 512 .. 32768. file_offsets, when not NULL, receives for each stream the file offset of
 * its first byte (0 for empty and nil streams), so callers can patch or hash fields.
 *   INVALID_ARG  a bad block size, or count 0
 *   UNSUPPORTED  the streams do not fit that block size
 *   NOMEM
 */
corsym_status corsym_msf_write(const struct corsym_msf_out_stream *streams, uint32_t count,
                               uint32_t block_size, struct corsym_buf *out,
                               size_t *file_offsets, struct corsym_msf_write_layout *layout);

#endif
