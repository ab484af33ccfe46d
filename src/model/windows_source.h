/* SPDX-License-Identifier: MIT */
#ifndef CORSYM_MODEL_WINDOWS_SOURCE_H
#define CORSYM_MODEL_WINDOWS_SOURCE_H

#include "model/symbols.h"

/* A symbol source over Windows PDB (MSF) bytes; `owned` (may be NULL) is freed with it. */
corsym_status corsym_windows_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                         struct corsym_symbols **out);

/* Another owner of a source from corsym_windows_source_open: each destroy releases one. */
struct corsym_symbols *corsym_windows_source_retain(struct corsym_symbols *symbols);
/* The methods the PDB has records for: entry i of count, in token order (0 if unreadable). */
uint32_t corsym_windows_source_method_count(struct corsym_symbols *symbols);
uint32_t corsym_windows_source_method_token(struct corsym_symbols *symbols, uint32_t i);

/* Edit and Continue over Windows PDBs (windows_enc.c): a snapshot of `source` alone (one
 * version, no line deltas) that updates and line deltas then build on. */
corsym_status corsym_windows_enc_begin(struct corsym_symbols *source, struct corsym_symbols **out);

#endif
