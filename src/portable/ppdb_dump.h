/*
 * Whole-PDB text dump in the oracle's format (tests/oracle/Program.cs and
 * FORMAT.md): every table row and every decodable blob, in table order.
 * Used by the conformance test, the fuzzers (as "walk everything") and as
 * a debugging aid.
 */
#ifndef CORSYM_PORTABLE_PPDB_DUMP_H
#define CORSYM_PORTABLE_PPDB_DUMP_H

#include "base/buf.h"
#include "base/status.h"

struct corsym_ppdb;

/* Appends the dump to out. Fails (CORRUPT, ...) where the reference reader
 * would throw; blobs it would report as "malformed"/"?" are printed so. */
corsym_status corsym_ppdb_dump(const struct corsym_ppdb *pdb, struct corsym_buf *out);

/* Same, but UNSUPPORTED once more than about max_bytes were appended (a
 * hostile file can name one large blob from many rows). */
corsym_status corsym_ppdb_dump_limited(const struct corsym_ppdb *pdb, struct corsym_buf *out,
                                       size_t max_bytes);

#endif
