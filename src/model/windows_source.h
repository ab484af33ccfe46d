/* SPDX-License-Identifier: MIT */
#ifndef CORSYM_MODEL_WINDOWS_SOURCE_H
#define CORSYM_MODEL_WINDOWS_SOURCE_H

#include "model/symbols.h"

/* A symbol source over Windows PDB (MSF) bytes; `owned` (may be NULL) is freed with it. */
corsym_status corsym_windows_source_open(const uint8_t *data, size_t size, uint8_t *owned,
                                         struct corsym_symbols **out);

#endif
