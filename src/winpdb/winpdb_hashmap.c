#include "winpdb/winpdb_hashmap.h"

#include <stdlib.h>

#include "base/checked.h"

static uint32_t word_at(struct corsym_span bits, size_t w)
{
    const uint8_t *p = bits.data + w * 4;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool bit_set(struct corsym_span bits, uint32_t b)
{
    size_t w = b / 32;
    if (w >= bits.len / 4)
        return false;
    return (word_at(bits, w) >> (b % 32)) & 1u;
}

static unsigned popcount32(uint32_t v)
{
    v = v - ((v >> 1) & 0x55555555u);
    v = (v & 0x33333333u) + ((v >> 2) & 0x33333333u);
    return (((v + (v >> 4)) & 0x0F0F0F0Fu) * 0x01010101u) >> 24;
}

static corsym_status read_bits(struct corsym_cursor *c, struct corsym_span *out)
{
    uint32_t words;
    CORSYM_TRY(corsym_cursor_u32le(c, &words));
    if (words > corsym_cursor_remaining(c) / 4)
        return CORSYM_CORRUPT(); /* bit vector longer than the stream */
    return corsym_cursor_bytes(c, (size_t)words * 4, out);
}

/* Bits at or above capacity must be clear; returns the total set. */
static corsym_status check_bits(struct corsym_span bits, uint32_t capacity, uint64_t *set)
{
    *set = 0;
    for (size_t w = 0; w < bits.len / 4; w++) {
        uint32_t v = word_at(bits, w);
        uint64_t first = (uint64_t)w * 32;
        if (first + 32 > capacity) {
            uint32_t keep = first >= capacity ? 0 : (uint32_t)(capacity - first);
            uint32_t mask = keep >= 32 ? ~0u : (1u << keep) - 1u;
            if (v & ~mask)
                return CORSYM_CORRUPT(); /* bucket bit beyond capacity */
        }
        *set += popcount32(v);
    }
    return CORSYM_OK;
}

corsym_status corsym_winpdb_hashmap_parse(struct corsym_cursor *c, size_t value_size,
                                          struct corsym_winpdb_hashmap *out)
{
    out->rank_words = NULL;
    CORSYM_TRY(corsym_cursor_u32le(c, &out->count));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->capacity));
    if (out->count > out->capacity)
        return CORSYM_CORRUPT(); /* more entries than buckets */
    CORSYM_TRY(read_bits(c, &out->present));
    CORSYM_TRY(read_bits(c, &out->deleted));

    uint64_t present, deleted;
    CORSYM_TRY(check_bits(out->present, out->capacity, &present));
    CORSYM_TRY(check_bits(out->deleted, out->capacity, &deleted));
    if (present != out->count)
        return CORSYM_CORRUPT(); /* present bits disagree with count */
    size_t common = out->present.len < out->deleted.len ? out->present.len : out->deleted.len;
    for (size_t w = 0; w < common / 4; w++)
        if (word_at(out->present, w) & word_at(out->deleted, w))
            return CORSYM_CORRUPT(); /* bucket both present and deleted */

    size_t entry_size, total;
    if (!corsym_checked_add(4, value_size, &entry_size) ||
        !corsym_checked_mul(entry_size, out->count, &total))
        return CORSYM_CORRUPT();
    out->value_size = value_size;
    return corsym_cursor_bytes(c, total, &out->entries);
}

corsym_status corsym_winpdb_hashmap_entry(const struct corsym_winpdb_hashmap *m, uint32_t i,
                                          uint32_t *key, struct corsym_span *value)
{
    if (i >= m->count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, m->entries);
    CORSYM_TRY(corsym_cursor_seek(&c, (size_t)i * (4 + m->value_size)));
    CORSYM_TRY(corsym_cursor_u32le(&c, key));
    return corsym_cursor_bytes(&c, m->value_size, value);
}

corsym_status corsym_winpdb_hashmap_index(struct corsym_winpdb_hashmap *m)
{
    size_t words = m->present.len / 4;
    uint32_t *table = malloc((words ? words : 1) * sizeof *table);
    if (!table)
        return CORSYM_E_NOMEM;
    uint32_t n = 0;
    for (size_t w = 0; w < words; w++) {
        table[w] = n;
        n += popcount32(word_at(m->present, w));
    }
    free(m->rank_words);
    m->rank_words = table;
    return CORSYM_OK;
}

/* Entry index of present bucket b: the present bits below it. */
static uint32_t rank(const struct corsym_winpdb_hashmap *m, uint32_t b)
{
    struct corsym_span bits = m->present;
    size_t w = b / 32;
    uint32_t n = 0;
    if (w > bits.len / 4)
        w = bits.len / 4; /* past the stored words every bit is clear */
    if (m->rank_words && w < bits.len / 4) {
        n = m->rank_words[w];
    } else {
        for (size_t k = 0; k < w; k++)
            n += popcount32(word_at(bits, k));
    }
    if (b % 32 && w < bits.len / 4)
        n += popcount32(word_at(bits, w) & ((1u << (b % 32)) - 1u));
    return n;
}

corsym_status corsym_winpdb_hashmap_probe(const struct corsym_winpdb_hashmap *m, uint32_t start,
                                          corsym_winpdb_hashmap_match match, void *ctx,
                                          uint32_t *index)
{
    if (m->capacity == 0 || start >= m->capacity)
        return CORSYM_NOT_FOUND;
    uint32_t b = start;
    /* The entry index of bucket b counts the present buckets below it: counted once, then
     * carried along the probe (counting again at every bucket made a lookup in a table of
     * n entries cost n/32 per step, and a PDB's lookups quadratic in its documents). */
    uint32_t i = rank(m, b);
    for (uint32_t step = 0; step < m->capacity; step++) {
        if (bit_set(m->present, b)) {
            uint32_t key;
            struct corsym_span value;
            CORSYM_TRY(corsym_winpdb_hashmap_entry(m, i, &key, &value));
            if (match(ctx, key, value)) {
                *index = i;
                return CORSYM_OK;
            }
            i++;
        } else if (!bit_set(m->deleted, b)) {
            return CORSYM_NOT_FOUND;
        }
        if (b + 1 == m->capacity) {
            b = 0;
            i = 0;
        } else {
            b++;
        }
    }
    return CORSYM_NOT_FOUND;
}
