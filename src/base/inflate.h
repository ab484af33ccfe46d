/*
 * Raw deflate (RFC 1951, no zlib/gzip header), the only compression the
 * Portable PDB world uses: embedded PDBs (MPDB) and embedded sources.
 * zlib is used from exactly one file (inflate.c) so the Windows build can
 * swap the provider without touching callers.
 */
#ifndef CORSYM_BASE_INFLATE_H
#define CORSYM_BASE_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/*
 * Inflate in[0..in_len) into exactly out_len bytes of out.
 *   OK        the stream ended and produced exactly out_len bytes and
 *             consumed all input
 *   MISMATCH  it produced fewer bytes, wanted to produce more, or left
 *             compressed bytes unread (both are "declared size is wrong",
 *             which the Microsoft readers reject)
 *   CORRUPT   the deflate data is invalid
 *   NOMEM     zlib could not allocate its state
 */
corsym_status corsym_inflate_raw(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len);

/* Deflate never expands more than about 1032:1; sizes claimed beyond this
 * bound are lies, and refusing them keeps allocations tied to the input. */
#define CORSYM_INFLATE_MAX_RATIO 1032u

#endif
