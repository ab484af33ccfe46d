/* SPDX-License-Identifier: MIT */
/*
 * The hash of the writers' deduplicating tables (interned names, #Strings and #Blob
 * entries). Eight bytes a step, multiply and fold: most keys are a few dozen bytes, and a
 * byte-at-a-time hash (FNV) was a serial chain of multiplies per byte. A hash only places
 * entries in a probe table; nothing written depends on its value.
 */
#ifndef CORSYM_BASE_HASH_H
#define CORSYM_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t corsym_hash_bytes(const uint8_t *p, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 29;
    }
    uint64_t tail = 0;
    for (unsigned k = 0; i < len; i++, k += 8)
        tail |= (uint64_t)p[i] << k;
    h = (h ^ tail) * 0x94D049BB133111EBu;
    h ^= h >> 31;
    return (uint32_t)h ^ (uint32_t)(h >> 32);
}

#endif
