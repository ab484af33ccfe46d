/* SPDX-License-Identifier: MIT */
/* qsort that accepts an empty array: qsort(NULL, 0, ...) is undefined behaviour (its
 * pointer argument must not be null), and empty arrays are common here. */
#ifndef CORSYM_BASE_SORT_H
#define CORSYM_BASE_SORT_H

#include <stdlib.h>

static inline void corsym_sort(void *base, size_t count, size_t size,
                               int (*compare)(const void *, const void *))
{
    if (count > 1)
        qsort(base, count, size, compare);
}

#endif
