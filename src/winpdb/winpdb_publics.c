/*
 * Publics and compiler info. The entry point is an S_PUB32 named
 * "COM+_Entry_Point" whose offset field holds the token (research §8).
 * Microsoft finds it through the PSI's hash table; so do we, falling back
 * to a scan of the symbol-record stream (what dnlib does) when the PSI is
 * absent.
 *
 * GSI hash layout (research §8, MSPDB gsi.h):
 *   u32 0xFFFFFFFF; u32 0xF12F091A; u32 cbHr; u32 cbBuckets;
 *   cbHr/8 x {i32 off + 1; i32 cRef};
 *   bitmap of 4097 bits (516 bytes); u32 start (x12) per non-empty bucket
 * preceded in the PSI by a 28-byte header.
 */
#include "winpdb/winpdb_private.h"

#include <string.h>

#define GSI_SIGNATURE 0xFFFFFFFFu
#define GSI_VERSION 0xF12F091Au
#define GSI_BUCKETS 4096u
#define GSI_BITMAP_BYTES 516u
#define PSI_HEADER_SIZE 28u
/* MS persists bucket starts computed with a 12-byte in-memory record. */
#define GSI_HR_MEMORY_SIZE 12u

static const char ENTRY_POINT[] = "COM+_Entry_Point";

/* Is the record at `off` of the symbol-record stream the entry point? */
static corsym_status check_record(const struct corsym_msf_stream *symrec, uint32_t off,
                                  uint32_t *token)
{
    uint16_t len;
    CORSYM_TRY(corsym_msf_stream_u16(symrec, off, &len));
    struct corsym_msf_bytes rec;
    CORSYM_TRY(corsym_msf_stream_load(symrec, (size_t)off + 2, len, &rec));
    struct corsym_cursor c;
    uint16_t kind;
    corsym_cursor_from_span(&c, rec.span);
    corsym_status st = corsym_cursor_u16le(&c, &kind);
    if (st == CORSYM_OK && kind == CORSYM_S_PUB32) {
        struct corsym_cv_pub32 pub;
        st = corsym_cv_pub32_decode(corsym_cursor_rest(&c), &pub);
        if (st == CORSYM_OK)
            st = corsym_span_eq(pub.name, ENTRY_POINT, sizeof ENTRY_POINT - 1) ? CORSYM_OK
                                                                             : CORSYM_NOT_FOUND;
        if (st == CORSYM_OK)
            *token = pub.offset;
    } else if (st == CORSYM_OK) {
        st = CORSYM_NOT_FOUND;
    }
    corsym_msf_bytes_release(&rec);
    return st;
}

static unsigned popcount32(uint32_t v)
{
    unsigned n = 0;
    for (; v; v &= v - 1)
        n++;
    return n;
}

static corsym_status lookup_psi(const struct corsym_msf_stream *psi,
                                const struct corsym_msf_stream *symrec, uint32_t *token)
{
    uint32_t sig, ver, cb_hr, cb_buckets;
    CORSYM_TRY(corsym_msf_stream_u32(psi, PSI_HEADER_SIZE + 0, &sig));
    CORSYM_TRY(corsym_msf_stream_u32(psi, PSI_HEADER_SIZE + 4, &ver));
    CORSYM_TRY(corsym_msf_stream_u32(psi, PSI_HEADER_SIZE + 8, &cb_hr));
    CORSYM_TRY(corsym_msf_stream_u32(psi, PSI_HEADER_SIZE + 12, &cb_buckets));
    if (sig != GSI_SIGNATURE || ver != GSI_VERSION)
        return CORSYM_CORRUPT(); /* GSI hash header */
    if (cb_buckets == 0)
        return CORSYM_NOT_FOUND; /* no publics at all */
    size_t hr_at = PSI_HEADER_SIZE + 16;
    size_t bitmap_at = hr_at + cb_hr;
    size_t starts_at = bitmap_at + GSI_BITMAP_BYTES;
    if (cb_hr % 8 || cb_hr > psi->size || cb_buckets < GSI_BITMAP_BYTES ||
        cb_buckets > psi->size - (bitmap_at < psi->size ? bitmap_at : psi->size))
        return CORSYM_CORRUPT(); /* GSI hash sizes exceed the stream */
    uint32_t records = cb_hr / 8;

    uint32_t b = corsym_winpdb_hash_v1((const uint8_t *)ENTRY_POINT, sizeof ENTRY_POINT - 1,
                                       GSI_BUCKETS);
    uint8_t bitmap[GSI_BITMAP_BYTES];
    CORSYM_TRY(corsym_msf_stream_read(psi, bitmap_at, bitmap, sizeof bitmap));
    if (!(bitmap[b / 8] >> (b % 8) & 1))
        return CORSYM_NOT_FOUND;

    /* The bucket's start is entry `rank` of the compressed start array; its
     * end is the next non-empty bucket's start, or the record count. */
    uint32_t rank = 0;
    for (uint32_t k = 0; k < b / 8; k++)
        rank += popcount32(bitmap[k]);
    rank += popcount32(bitmap[b / 8] & ((1u << (b % 8)) - 1u));
    uint32_t nonempty = 0;
    for (uint32_t k = 0; k < GSI_BUCKETS / 8; k++)
        nonempty += popcount32(bitmap[k]);
    if ((uint64_t)nonempty * 4 > cb_buckets - GSI_BITMAP_BYTES)
        return CORSYM_CORRUPT(); /* fewer bucket starts than set bits */

    uint32_t start, end = records;
    CORSYM_TRY(corsym_msf_stream_u32(psi, starts_at + (size_t)rank * 4, &start));
    if (rank + 1 < nonempty) {
        CORSYM_TRY(corsym_msf_stream_u32(psi, starts_at + (size_t)(rank + 1) * 4, &end));
        end /= GSI_HR_MEMORY_SIZE;
    }
    start /= GSI_HR_MEMORY_SIZE;
    if (start > end || end > records)
        return CORSYM_CORRUPT(); /* GSI bucket outside the hash records */
    for (uint32_t r = start; r < end; r++) {
        uint32_t off;
        CORSYM_TRY(corsym_msf_stream_u32(psi, hr_at + (size_t)r * 8, &off));
        if (off == 0)
            return CORSYM_CORRUPT(); /* hash record offsets are biased by one */
        corsym_status st = check_record(symrec, off - 1, token);
        if (st != CORSYM_NOT_FOUND)
            return st;
    }
    return CORSYM_NOT_FOUND;
}

static corsym_status scan_symrec(const struct corsym_msf_stream *symrec, uint32_t *token)
{
    struct corsym_msf_bytes all;
    CORSYM_TRY(corsym_msf_stream_load_all(symrec, &all));
    struct corsym_cv_iter it;
    struct corsym_cv_record r;
    corsym_status st = corsym_cv_iter_begin(&it, all.span, 0);
    while (st == CORSYM_OK && (st = corsym_cv_next(&it, &r)) == CORSYM_OK) {
        struct corsym_cv_pub32 pub;
        if (r.kind == CORSYM_S_PUB32 && corsym_cv_pub32_decode(r.body, &pub) == CORSYM_OK &&
            corsym_span_eq(pub.name, ENTRY_POINT, sizeof ENTRY_POINT - 1)) {
            *token = pub.offset;
            break;
        }
    }
    corsym_msf_bytes_release(&all);
    return st;
}

corsym_status corsym_winpdb_entry_point(const struct corsym_winpdb *pdb, uint32_t *token)
{
    const struct corsym_winpdb_dbi_header *dbi = corsym_winpdb_dbi(pdb);
    if (!dbi)
        return CORSYM_NOT_FOUND;
    struct corsym_msf_stream symrec, psi;
    corsym_status st;
    if (dbi->symrec_stream == CORSYM_WINPDB_NO_STREAM ||
        corsym_msf_stream(pdb->msf, dbi->symrec_stream, &symrec) != CORSYM_OK)
        return CORSYM_NOT_FOUND;
    if (dbi->public_stream != CORSYM_WINPDB_NO_STREAM &&
        corsym_msf_stream(pdb->msf, dbi->public_stream, &psi) == CORSYM_OK && !psi.nil)
        st = lookup_psi(&psi, &symrec, token);
    else
        st = scan_symrec(&symrec, token);
    /* The token is reported as stored: Microsoft's reader does not pass it through the
     * token-RID map (its writer already applied RemapToken to it). */
    return st;
}

static const char COMPILER_INFO[] = "* CompilerInfo *";

corsym_status corsym_winpdb_compiler_info(const struct corsym_winpdb *pdb,
                                          struct corsym_cv_compile3 *out,
                                          struct corsym_winpdb_module *holder)
{
    memset(holder, 0, sizeof *holder);
    for (uint32_t i = 0; i < corsym_winpdb_module_count(pdb); i++) {
        if (!corsym_span_eq(pdb->modules[i].name, COMPILER_INFO, sizeof COMPILER_INFO - 1))
            continue;
        CORSYM_TRY(corsym_winpdb_module_load(pdb, i, holder));
        struct corsym_cv_iter it;
        struct corsym_cv_record r;
        corsym_status st = corsym_winpdb_module_records(holder, &it);
        while (st == CORSYM_OK && (st = corsym_cv_next(&it, &r)) == CORSYM_OK)
            if (r.kind == CORSYM_S_COMPILE3) {
                st = corsym_cv_compile3_decode(r.body, out);
                if (st == CORSYM_OK)
                    return CORSYM_OK;
            }
        corsym_winpdb_module_release(holder);
        return st;
    }
    return CORSYM_NOT_FOUND;
}
