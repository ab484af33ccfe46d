/* SPDX-License-Identifier: MIT */
#ifndef CORSYM_MODEL_PORTABLE_SOURCE_H
#define CORSYM_MODEL_PORTABLE_SOURCE_H

#include "model/symbols.h"

/* A symbol source over Portable PDB bytes; `owned` (may be NULL) is freed with the source. */
corsym_status corsym_portable_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                          struct corsym_symbols **out);

#endif
