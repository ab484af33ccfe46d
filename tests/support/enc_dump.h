/* SPDX-License-Identifier: MIT */
/* The Edit and Continue walk (tests/support/enc_dump.c); see tests/wine/enc_dump_main.c. */
#ifndef CORSYM_ENC_DUMP_H
#define CORSYM_ENC_DUMP_H

#include "api_dump.h"

/* A stream over the bytes of a file, or NULL. */
typedef IStream *(*enc_stream_fn)(const char *path);

/* Everything the reader answers about versions, documents and positions; `closest` adds
 * FindClosestLine from a few lines of each document. */
void enc_dump_state(struct api_text *t, ISymUnmanagedReader *reader, int closest);

/* One step, and its result as a "step" line:
 *   update:PDB                   UpdateSymbolStore(NULL, stream of PDB)
 *   update2:PDB:TOKEN=DELTA,...  UpdateSymbolStore2(stream of PDB, the line deltas)
 *   lines:TOKEN:D1,D2,...        ISymUnmanagedENCUpdate::UpdateMethodLines
 * E_INVALIDARG for a step that cannot be read (nothing is printed then); the step's own
 * HRESULT goes to *result. */
HRESULT enc_dump_step(ISymUnmanagedReader *reader, const char *step, enc_stream_fn stream_of,
                      struct api_text *t, HRESULT *result);

/* The whole dump: the base state, then each step and the state after it. */
void enc_dump_run(struct api_text *t, ISymUnmanagedReader *reader, char **steps, int count,
                  enc_stream_fn stream_of);

#endif
