#include "winpdb/winpdb_hash.h"

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t corsym_winpdb_hash_v1(const uint8_t *p, size_t n, uint32_t mod)
{
    uint32_t h = 0;
    size_t i = 0;
    for (; n - i >= 4; i += 4)
        h ^= le32(p + i);
    if (n - i >= 2) {
        h ^= (uint32_t)p[i] | (uint32_t)p[i + 1] << 8;
        i += 2;
    }
    if (n - i == 1)
        h ^= p[i];
    /* MS folds ASCII case into the hash so case-insensitive tables could
     * share it; the comparison after the probe is still exact. */
    h |= 0x20202020u;
    h ^= h >> 11;
    h ^= h >> 16;
    return h % mod;
}

uint32_t corsym_winpdb_hash_v2(const uint8_t *p, size_t n, uint32_t mod)
{
    uint32_t h = 0xB170A1BFu;
    size_t i = 0;
    for (; n - i >= 4; i += 4) {
        h += le32(p + i);
        h += h << 10;
        h ^= h >> 6;
    }
    for (; i < n; i++) {
        h += p[i];
        h += h << 10;
        h ^= h >> 6;
    }
    return (h * 1664525u + 1013904223u) % mod;
}

uint32_t corsym_winpdb_crc32(const uint8_t *p, size_t n, uint32_t sig)
{
    uint32_t crc = sig;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc;
}
