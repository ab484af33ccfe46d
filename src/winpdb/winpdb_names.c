/*
 * The /names string table (research/windows-pdb.md §4): every document URL
 * and canonical name of a managed PDB lives here, addressed by byte offset.
 */
#include "winpdb/winpdb_private.h"

#define NAMES_MAGIC 0xEFFEEFFEu

corsym_status corsym_winpdb_names_parse(struct corsym_winpdb *pdb)
{
    uint32_t stream;
    corsym_status st = corsym_winpdb_named_stream(pdb, "/names", 6, &stream);
    if (st == CORSYM_NOT_FOUND)
        return CORSYM_OK; /* a PDB without documents may have none */
    CORSYM_TRY(st);
    CORSYM_TRY(corsym_msf_load_stream(pdb->msf, stream, &pdb->names_bytes));

    struct corsym_cursor c;
    uint32_t magic;
    corsym_cursor_from_span(&c, pdb->names_bytes.span);
    CORSYM_TRY(corsym_cursor_u32le(&c, &magic));
    if (magic != NAMES_MAGIC)
        return CORSYM_CORRUPT(); /* /names magic */
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->names.version));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->names.string_bytes));
    CORSYM_TRY(corsym_cursor_bytes(&c, pdb->names.string_bytes, &pdb->names_strings));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->names.bucket_count));
    if (pdb->names.bucket_count > corsym_cursor_remaining(&c) / 4)
        return CORSYM_CORRUPT(); /* /names bucket count larger than the stream */
    CORSYM_TRY(corsym_cursor_bytes(&c, (size_t)pdb->names.bucket_count * 4, &pdb->names_buckets));
    CORSYM_TRY(corsym_cursor_u32le(&c, &pdb->names.name_count));
    pdb->names.present = true;
    return CORSYM_OK;
}

const struct corsym_winpdb_names_info *corsym_winpdb_names_info(const struct corsym_winpdb *pdb)
{
    return &pdb->names;
}

corsym_status corsym_winpdb_string(const struct corsym_winpdb *pdb, uint32_t ni,
                                   struct corsym_span *out)
{
    if (!pdb->names.present)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, pdb->names_strings);
    if (ni >= pdb->names_strings.len)
        return CORSYM_CORRUPT(); /* string offset outside /names */
    CORSYM_TRY(corsym_cursor_seek(&c, ni));
    return corsym_cursor_cstr(&c, out);
}

corsym_status corsym_winpdb_string_find(const struct corsym_winpdb *pdb, const char *s,
                                        size_t len, uint32_t *ni)
{
    if (!pdb->names.present || pdb->names.bucket_count == 0)
        return CORSYM_NOT_FOUND;
    uint32_t n = pdb->names.bucket_count, b;
    const uint8_t *p = (const uint8_t *)s;
    if (pdb->names.version == 1)
        b = corsym_winpdb_hash_v1(p, len, n);
    else if (pdb->names.version == 2)
        b = corsym_winpdb_hash_v2(p, len, n);
    else
        return CORSYM_E_UNSUPPORTED;
    for (uint32_t step = 0; step < n; step++) {
        uint32_t off;
        struct corsym_span str;
        CORSYM_TRY(corsym_span_uint_at(pdb->names_buckets, (size_t)b * 4, 4, &off));
        if (off == 0)
            return CORSYM_NOT_FOUND; /* empty bucket ends the probe */
        CORSYM_TRY(corsym_winpdb_string(pdb, off, &str));
        if (corsym_span_eq(str, s, len)) {
            *ni = off;
            return CORSYM_OK;
        }
        b = b + 1 == n ? 0 : b + 1;
    }
    return CORSYM_NOT_FOUND;
}
