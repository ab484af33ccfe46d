/* SPDX-License-Identifier: MIT */
/* Zeroed allocation for objects made and freed at a high rate (a walk creates a COM object
 * per scope, local and constant). glibc's calloc before 2.41 skips the per-thread cache that
 * malloc and free use, so each calloc took the slow path (~110 instructions, plus the
 * consolidations it caused); malloc + memset hits the cache. */
#ifndef CORSYM_BASE_ZALLOC_H
#define CORSYM_BASE_ZALLOC_H

#include <stdlib.h>
#include <string.h>

static inline void *corsym_zalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (p)
        memset(p, 0, size);
    return p;
}

#endif
