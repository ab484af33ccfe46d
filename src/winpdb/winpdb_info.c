/*
 * PDB info stream (stream 1): header, named-stream map, feature codes
 * (research/windows-pdb.md §2).
 */
#include "winpdb/winpdb_private.h"

#include <string.h>

#define PDB_VERSION_VC70 20000404u

corsym_status corsym_winpdb_info_parse(struct corsym_winpdb *pdb)
{
    struct corsym_msf_stream s;
    corsym_status st = corsym_msf_stream(pdb->msf, CORSYM_WINPDB_STREAM_INFO, &s);
    if (st == CORSYM_NOT_FOUND)
        return CORSYM_CORRUPT(); /* no PDB info stream */
    CORSYM_TRY(st);
    CORSYM_TRY(corsym_msf_stream_load_all(&s, &pdb->info_bytes));

    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pdb->info_bytes.span);
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->info.version));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->info.signature));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->info.age));
    CORSYM_TRY(corsym_cursor_copy(&c, pdb->info.guid, sizeof pdb->info.guid));
    /* Older versions have no GUID at this place; VC70 is all managed tools write. */
    if (pdb->info.version < PDB_VERSION_VC70)
        return CORSYM_E_UNSUPPORTED;

    CORSYM_TRY(corsym_msf_stream_file_offset(&s, 4, &pdb->info.signature_file_offset));
    CORSYM_TRY(corsym_msf_stream_file_offset(&s, 12, &pdb->info.guid_file_offset));

    uint32_t names_len;
    CORSYM_TRY(corsym_cursor_u32le(&c, &names_len));
    CORSYM_TRY(corsym_cursor_bytes(&c, names_len, &pdb->stream_names));
    CORSYM_TRY(corsym_winpdb_hashmap_parse(&c, 4, &pdb->named));
    CORSYM_TRY(corsym_winpdb_hashmap_index(&pdb->named));

    /* niMac (0 from diasymreader), then feature codes to the end. A stream
     * that stops right after the map has neither. */
    uint32_t ni_mac;
    if (corsym_cursor_remaining(&c) >= 4)
        CORSYM_TRY(corsym_cursor_u32le(&c, &ni_mac));
    size_t rest = corsym_cursor_remaining(&c) / 4 * 4;
    return corsym_cursor_bytes(&c, rest, &pdb->features);
}

uint32_t corsym_winpdb_feature_count(const struct corsym_winpdb *pdb)
{
    return (uint32_t)(pdb->features.len / 4);
}

uint32_t corsym_winpdb_feature(const struct corsym_winpdb *pdb, uint32_t i)
{
    uint32_t v = 0;
    if (i < corsym_winpdb_feature_count(pdb))
        (void)corsym_span_uint_at(pdb->features, (size_t)i * 4, 4, &v);
    return v;
}

bool corsym_winpdb_has_feature(const struct corsym_winpdb *pdb, uint32_t code)
{
    for (uint32_t i = 0; i < corsym_winpdb_feature_count(pdb); i++)
        if (corsym_winpdb_feature(pdb, i) == code)
            return true;
    return false;
}

/* The key string of a named-stream entry (offset into stream_names). */
static corsym_status key_name(const struct corsym_winpdb *pdb, uint32_t key,
                              struct corsym_span *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pdb->stream_names);
    CORSYM_TRY(corsym_cursor_seek(&c, key));
    return corsym_cursor_cstr(&c, out);
}

struct name_probe {
    const struct corsym_winpdb *pdb;
    const char *name;
    size_t len;
    bool fold_case;
};

static bool ascii_eq_fold(const uint8_t *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t x = a[i], y = (uint8_t)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (uint8_t)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (uint8_t)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static bool name_matches(void *ctx, uint32_t key, struct corsym_span value)
{
    (void)value;
    struct name_probe *p = ctx;
    struct corsym_span s;
    if (key_name(p->pdb, key, &s) != CORSYM_OK || s.len != p->len)
        return false;
    return p->fold_case ? ascii_eq_fold(s.data, p->name, p->len)
                        : corsym_span_eq(s, p->name, p->len);
}

static corsym_status entry_stream(const struct corsym_winpdb *pdb, uint32_t i, uint32_t *stream)
{
    uint32_t key;
    struct corsym_span value;
    CORSYM_TRY(corsym_winpdb_hashmap_entry(&pdb->named, i, &key, &value));
    CORSYM_TRY(corsym_span_uint_at(value, 0, 4, stream));
    /* A stale index is "absent", like a missing name (dnlib's rule). */
    if (*stream >= corsym_msf_stream_count(pdb->msf))
        return CORSYM_NOT_FOUND;
    return CORSYM_OK;
}

corsym_status corsym_winpdb_named_stream(const struct corsym_winpdb *pdb, const char *name,
                                         size_t name_len, uint32_t *stream)
{
    if (!pdb->named.capacity)
        return CORSYM_NOT_FOUND;
    uint32_t h = (uint16_t)corsym_winpdb_hash_v1((const uint8_t *)name, name_len, 0xFFFFFFFFu);
    struct name_probe p = { pdb, name, name_len, false };
    uint32_t i;
    CORSYM_TRY(corsym_winpdb_hashmap_probe(&pdb->named, h % pdb->named.capacity, name_matches, &p,
                                           &i));
    return entry_stream(pdb, i, stream);
}

uint32_t corsym_winpdb_named_stream_count(const struct corsym_winpdb *pdb)
{
    return pdb->named.count;
}

corsym_status corsym_winpdb_named_stream_at(const struct corsym_winpdb *pdb, uint32_t i,
                                            struct corsym_span *name, uint32_t *stream)
{
    uint32_t key;
    struct corsym_span value;
    CORSYM_TRY(corsym_winpdb_hashmap_entry(&pdb->named, i, &key, &value));
    CORSYM_TRY(key_name(pdb, key, name));
    return corsym_span_uint_at(value, 0, 4, stream);
}

corsym_status corsym_winpdb_named_stream_load(const struct corsym_winpdb *pdb, const char *name,
                                              struct corsym_msf_bytes *out)
{
    uint32_t stream;
    out->span = corsym_span_make(NULL, 0);
    out->owned = NULL;
    CORSYM_TRY(corsym_winpdb_named_stream(pdb, name, strlen(name), &stream));
    return corsym_msf_load_stream(pdb->msf, stream, out);
}

/* Exact lookup first, then a case-insensitive scan (dnlib keeps the map in
 * an OrdinalIgnoreCase dictionary). */
static corsym_status load_folded(const struct corsym_winpdb *pdb, const char *name,
                                 struct corsym_msf_bytes *out)
{
    corsym_status st = corsym_winpdb_named_stream_load(pdb, name, out);
    if (st != CORSYM_NOT_FOUND)
        return st;
    struct name_probe p = { pdb, name, strlen(name), true };
    for (uint32_t i = 0; i < pdb->named.count; i++) {
        uint32_t key, stream;
        struct corsym_span value;
        CORSYM_TRY(corsym_winpdb_hashmap_entry(&pdb->named, i, &key, &value));
        if (!name_matches(&p, key, value))
            continue;
        st = entry_stream(pdb, i, &stream);
        if (st == CORSYM_OK)
            return corsym_msf_load_stream(pdb->msf, stream, out);
        if (st != CORSYM_NOT_FOUND)
            return st;
    }
    return CORSYM_NOT_FOUND;
}

corsym_status corsym_winpdb_source_link(const struct corsym_winpdb *pdb,
                                        struct corsym_msf_bytes *out)
{
    return load_folded(pdb, "sourcelink", out);
}

corsym_status corsym_winpdb_source_server(const struct corsym_winpdb *pdb,
                                          struct corsym_msf_bytes *out)
{
    return load_folded(pdb, "srcsrv", out);
}
