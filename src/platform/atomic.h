/* SPDX-License-Identifier: MIT */
/* Reference counts and one-time publication shared by every COM object. The GCC/Clang
 * __atomic builtins exist on both targets (gcc on Linux, mingw-w64 gcc on Windows) and
 * work on plain integer fields, so struct layouts stay free of _Atomic qualifiers. */
#ifndef CORSYM_PLATFORM_ATOMIC_H
#define CORSYM_PLATFORM_ATOMIC_H

#include <stdint.h>

static inline uint32_t corsym_atomic_inc(volatile uint32_t *value)
{
    return __atomic_add_fetch(value, 1, __ATOMIC_ACQ_REL);
}

/* n references at once: one locked instruction instead of n. */
static inline uint32_t corsym_atomic_add(volatile uint32_t *value, uint32_t n)
{
    return __atomic_add_fetch(value, n, __ATOMIC_ACQ_REL);
}

static inline uint32_t corsym_atomic_dec(volatile uint32_t *value)
{
    return __atomic_sub_fetch(value, 1, __ATOMIC_ACQ_REL);
}

static inline uint32_t corsym_atomic_load(const volatile uint32_t *value)
{
    return __atomic_load_n(value, __ATOMIC_ACQUIRE);
}

static inline void *corsym_atomic_load_ptr(void *const volatile *slot)
{
    return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

/* Publishes `value` into an empty slot; returns 1 if this call won the race. */
static inline int corsym_atomic_publish_ptr(void *volatile *slot, void *value)
{
    void *expected = NULL;
    return __atomic_compare_exchange_n(slot, &expected, value, 0,
                                       __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

#endif
