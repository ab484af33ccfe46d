/*
 * MSF 7.00 ("big MSF") container reader: the multi-stream file under every
 * Windows PDB (research/windows-pdb.md §1).
 *
 * Usage
 *   struct corsym_msf *msf;
 *   corsym_msf_open(&msf, bytes, len);          bytes must outlive msf (no copy)
 *   struct corsym_msf_stream s;
 *   corsym_msf_stream(msf, 3, &s);              a view of stream 3 (cheap value)
 *   corsym_msf_stream_read(&s, off, dst, n);    copy any range, across blocks
 *   struct corsym_msf_bytes b;
 *   corsym_msf_stream_load(&s, 0, s.size, &b);  the range as one contiguous span
 *   ... b.span ...
 *   corsym_msf_bytes_release(&b);
 *   corsym_msf_close(msf);
 *
 * Opening validates the superblock (one check per rule), copies the stream
 * directory out of its blocks, and checks every block number it lists; it
 * touches nothing else. The free block map is never read: the live map
 * marks stream 0's blocks free (research §1.2), so it is not authoritative.
 *
 * Streams are read through views. A load is zero-copy when the range lies in
 * physically consecutive blocks (the common case: writers allocate streams
 * front to back) and an owned copy otherwise; either way the caller gets one
 * contiguous span and releases it the same way. A container is immutable
 * after open; any number of threads may read it at once.
 *
 * Nil streams (size 0xFFFFFFFF in the directory) are views of size 0 with
 * `nil` set; loading one yields an empty span.
 */
#ifndef CORSYM_MSF_MSF_H
#define CORSYM_MSF_MSF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

struct corsym_msf;

/* Directory size that marks a nil stream. */
#define CORSYM_MSF_NIL_SIZE 0xFFFFFFFFu

/* Largest block size we accept. MS tools write 512..4096, and /PDBPAGESIZE
 * goes to 8..32 KiB for huge native PDBs; anything else is not MSF. */
#define CORSYM_MSF_MIN_BLOCK_SIZE 512u
#define CORSYM_MSF_MAX_BLOCK_SIZE 32768u

/* The 32 magic bytes at offset 0 (with the three trailing NULs). */
extern const uint8_t corsym_msf_magic[32];

/*
 *   OK        *out is a new container
 *   CORRUPT   not MSF 7.00, or a superblock/directory rule is broken
 *             (corsym_status_last_corrupt names the check)
 *   NOMEM
 */
corsym_status corsym_msf_open(struct corsym_msf **out, const uint8_t *data, size_t len);
void corsym_msf_close(struct corsym_msf *msf);

/* True when the bytes start with the MSF 7.00 magic (format sniffing). */
bool corsym_msf_is_msf(const uint8_t *data, size_t len);

uint32_t corsym_msf_block_size(const struct corsym_msf *msf);
uint32_t corsym_msf_block_count(const struct corsym_msf *msf);
uint32_t corsym_msf_stream_count(const struct corsym_msf *msf);
/* The whole file as given to open. */
struct corsym_span corsym_msf_file(const struct corsym_msf *msf);

/* A view of one stream. A plain value; valid while the container lives. */
struct corsym_msf_stream {
    const struct corsym_msf *msf;
    uint32_t index;
    uint32_t size;        /* bytes; 0 for a nil stream */
    bool nil;             /* directory size was 0xFFFFFFFF */
    uint32_t first_block; /* where its block list starts in the directory (internal) */
};

/* OK, or NOT_FOUND when index >= stream count. */
corsym_status corsym_msf_stream(const struct corsym_msf *msf, uint32_t index,
                                struct corsym_msf_stream *out);

/* Copy [off, off + n) of the stream into dst. CORRUPT when the range is
 * not inside the stream (a file-controlled offset pointed outside it). */
corsym_status corsym_msf_stream_read(const struct corsym_msf_stream *s, size_t off, void *dst,
                                     size_t n);

/* Fixed-width little-endian reads at a stream offset, for sparse random
 * access (hash records, single fields) without loading a whole stream. */
corsym_status corsym_msf_stream_u16(const struct corsym_msf_stream *s, size_t off, uint16_t *out);
corsym_status corsym_msf_stream_u32(const struct corsym_msf_stream *s, size_t off, uint32_t *out);

/* A contiguous range of a stream: either a span into the file (owned ==
 * NULL) or a private copy (owned == span.data). Release with
 * corsym_msf_bytes_release, which is safe on a zeroed value. */
struct corsym_msf_bytes {
    struct corsym_span span;
    uint8_t *owned;
};

corsym_status corsym_msf_stream_load(const struct corsym_msf_stream *s, size_t off, size_t n,
                                     struct corsym_msf_bytes *out);
/* The whole stream (empty for nil streams). */
corsym_status corsym_msf_stream_load_all(const struct corsym_msf_stream *s,
                                         struct corsym_msf_bytes *out);
/* Shorthand: stream by index, whole. NOT_FOUND for an index past the end. */
corsym_status corsym_msf_load_stream(const struct corsym_msf *msf, uint32_t index,
                                     struct corsym_msf_bytes *out);
void corsym_msf_bytes_release(struct corsym_msf_bytes *b);

/* True when [off, off + n) of the stream lies in consecutive file blocks,
 * i.e. corsym_msf_stream_load would not copy. */
bool corsym_msf_stream_is_contiguous(const struct corsym_msf_stream *s, size_t off, size_t n);

/* File block number holding byte `off` of the stream, and the file offset
 * of that byte (for dumps, tests, and hashing a file with fields zeroed).
 * NOT_FOUND when off >= size. */
corsym_status corsym_msf_stream_block(const struct corsym_msf_stream *s, size_t off,
                                      uint32_t *block);
corsym_status corsym_msf_stream_file_offset(const struct corsym_msf_stream *s, size_t off,
                                            size_t *file_offset);

#endif
