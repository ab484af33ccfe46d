/* SPDX-License-Identifier: MIT */
/* qsort that accepts an empty array: qsort(NULL, 0, ...) is undefined behaviour (its
 * pointer argument must not be null), and empty arrays are common here. */
#ifndef CORSYM_BASE_SORT_H
#define CORSYM_BASE_SORT_H

#include <stdlib.h>

/* Input that is already in order (a compiler's sequence points, usually) costs one pass
 * instead of qsort's copying merge sort. */
static inline void corsym_sort(void *base, size_t count, size_t size,
                               int (*compare)(const void *, const void *))
{
    if (count < 2)
        return;
    const char *p = base;
    for (size_t i = 1; i < count; i++)
        if (compare(p + (i - 1) * size, p + i * size) > 0) {
            qsort(base, count, size, compare);
            return;
        }
}

#endif
