/*
 * Microsoft's serialized hash table ("Map<K,V>" of MSPDB map.h, LLVM
 * HashTable.md), used by the named-stream map and /src/headerblock:
 *
 *   u32 count; u32 capacity;
 *   u32 presentWords; u32 present[presentWords];   bit b: bucket b used
 *   u32 deletedWords; u32 deleted[deletedWords];   bit b: tombstone
 *   count x { u32 key; value }                     in ascending bucket order
 *
 * The entries are stored densely, so entry i belongs to the i-th present
 * bucket. A probe converts a bucket to an entry index by counting present
 * bits below it; nothing is allocated.
 */
#ifndef CORSYM_WINPDB_WINPDB_HASHMAP_H
#define CORSYM_WINPDB_WINPDB_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

struct corsym_winpdb_hashmap {
    uint32_t count;
    uint32_t capacity;
    struct corsym_span present; /* presentWords * 4 bytes */
    struct corsym_span deleted; /* deletedWords * 4 bytes */
    struct corsym_span entries; /* count * (4 + value_size) bytes */
    size_t value_size;
    /* Optional (corsym_winpdb_hashmap_index): per 32-bucket word, the present buckets
     * before it, so that a probe finds an entry's index without counting bits from the
     * start. Owned by whoever owns the map. */
    uint32_t *rank_words;
};

/* Parse a table at the cursor (which advances past it). Checks: count <=
 * capacity, no bit at or above capacity, present-bit count == count, no
 * bucket both present and deleted, entries inside the cursor. */
corsym_status corsym_winpdb_hashmap_parse(struct corsym_cursor *c, size_t value_size,
                                          struct corsym_winpdb_hashmap *out);

/* Builds m->rank_words (malloc'd; free it with the map's owner). A map looked up once per
 * document or stream wants it: counting present bits up to the bucket made each lookup cost
 * capacity/32, and a PDB's thousands of lookups quadratic. NOMEM leaves the map as it was. */
corsym_status corsym_winpdb_hashmap_index(struct corsym_winpdb_hashmap *m);

/* Entry i (0 <= i < count) in storage order. */
corsym_status corsym_winpdb_hashmap_entry(const struct corsym_winpdb_hashmap *m, uint32_t i,
                                          uint32_t *key, struct corsym_span *value);

/*
 * Linear probing from bucket `start` (already reduced mod capacity), the
 * way Microsoft's lookup walks: stop at the first bucket that is neither
 * present nor deleted. For each present bucket `match` is called with the
 * entry's key and value; returning true ends the probe with *index set.
 * NOT_FOUND otherwise.
 */
typedef bool (*corsym_winpdb_hashmap_match)(void *ctx, uint32_t key, struct corsym_span value);
corsym_status corsym_winpdb_hashmap_probe(const struct corsym_winpdb_hashmap *m, uint32_t start,
                                          corsym_winpdb_hashmap_match match, void *ctx,
                                          uint32_t *index);

#endif
