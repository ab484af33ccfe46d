/* The debug directory and its Portable-PDB-related entries (PE-COFF.md). */
#include <string.h>

#include "base/inflate.h"
#include "base/sha2.h"
#include "pe/pe.h"

#define DEBUG_ENTRY_SIZE 28
#define RSDS_SIGNATURE 0x53445352u /* "RSDS" */
#define MPDB_SIGNATURE 0x4244504Du /* "MPDB" */

static corsym_status debug_directory(const struct corsym_pe *pe, struct corsym_span *dir)
{
    uint32_t rva, size;
    corsym_status st = corsym_pe_directory(pe, CORSYM_PE_DIR_DEBUG, &rva, &size);
    if (st == CORSYM_NOT_FOUND) {
        *dir = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    CORSYM_TRY(st);
    if (size % DEBUG_ENTRY_SIZE)
        return CORSYM_CORRUPT();
    st = corsym_pe_rva_span(pe, rva, size, dir);
    return st == CORSYM_NOT_FOUND ? CORSYM_CORRUPT() : st;
}

corsym_status corsym_pe_debug_count(const struct corsym_pe *pe, uint32_t *count)
{
    struct corsym_span dir;
    CORSYM_TRY(debug_directory(pe, &dir));
    *count = (uint32_t)(dir.len / DEBUG_ENTRY_SIZE);
    return CORSYM_OK;
}

corsym_status corsym_pe_debug_entry(const struct corsym_pe *pe, uint32_t index,
                                    struct corsym_pe_debug_entry *out)
{
    struct corsym_span dir;
    CORSYM_TRY(debug_directory(pe, &dir));
    if (index >= dir.len / DEBUG_ENTRY_SIZE)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, dir);
    CORSYM_TRY(corsym_cursor_seek(&c, (size_t)index * DEBUG_ENTRY_SIZE));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->characteristics));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->timestamp));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->major));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->minor));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->type));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->data_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->data_rva));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->data_pointer));
    /* The file pointer is what a reader of an on-disk image uses. */
    if (out->data_size == 0) {
        out->data = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    return corsym_span_sub(pe->image, out->data_pointer, out->data_size, &out->data);
}

corsym_status corsym_pe_debug_find(const struct corsym_pe *pe, uint32_t type,
                                   struct corsym_pe_debug_entry *out)
{
    uint32_t n;
    CORSYM_TRY(corsym_pe_debug_count(pe, &n));
    for (uint32_t i = 0; i < n; i++) {
        CORSYM_TRY(corsym_pe_debug_entry(pe, i, out));
        if (out->type == type)
            return CORSYM_OK;
    }
    return CORSYM_NOT_FOUND;
}

corsym_status corsym_pe_codeview_parse(struct corsym_span data, struct corsym_pe_codeview *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    uint32_t sig;
    CORSYM_TRY(corsym_cursor_u32le(&c, &sig));
    if (sig != RSDS_SIGNATURE)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_copy(&c, out->guid, 16));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->age));
    return corsym_cursor_cstr(&c, &out->path);
}

void corsym_pe_codeview_pdb_id(const struct corsym_pe_codeview *cv,
                               const struct corsym_pe_debug_entry *e, uint8_t out[20])
{
    memcpy(out, cv->guid, 16);
    for (int i = 0; i < 4; i++)
        out[16 + i] = (uint8_t)(e->timestamp >> (8 * i));
}

corsym_status corsym_pe_embedded_pdb_parse(struct corsym_span data, uint32_t *size,
                                           struct corsym_span *compressed)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    uint32_t sig;
    CORSYM_TRY(corsym_cursor_u32le(&c, &sig));
    if (sig != MPDB_SIGNATURE)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_u32le(&c, size));
    *compressed = corsym_cursor_rest(&c);
    /* The top bit is reserved; and deflate can't expand beyond its ratio. */
    if (*size == 0 || *size > INT32_MAX ||
        (uint64_t)*size > ((uint64_t)compressed->len + 1) * CORSYM_INFLATE_MAX_RATIO)
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}

corsym_status corsym_pe_embedded_pdb_inflate(struct corsym_span data, uint8_t *out, size_t out_len)
{
    uint32_t size;
    struct corsym_span compressed = { NULL, 0 };
    CORSYM_TRY(corsym_pe_embedded_pdb_parse(data, &size, &compressed));
    if (out_len != size)
        return CORSYM_E_INVALID_ARG;
    return corsym_inflate_raw(compressed.data, compressed.len, out, out_len);
}

corsym_status corsym_pe_pdb_checksum_parse(struct corsym_span data, struct corsym_pe_pdb_checksum *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    CORSYM_TRY(corsym_cursor_cstr(&c, &out->algorithm));
    if (out->algorithm.len == 0)
        return CORSYM_CORRUPT();
    out->hash = corsym_cursor_rest(&c);
    if (out->hash.len == 0)
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}

static bool name_is(struct corsym_span s, const char *name)
{
    return corsym_span_eq(s, name, strlen(name));
}

corsym_status corsym_pe_pdb_checksum_verify(const struct corsym_pe_pdb_checksum *sum,
                                            struct corsym_span pdb, size_t id_offset, size_t id_len)
{
    if (id_offset > pdb.len || id_len > pdb.len - id_offset)
        return CORSYM_CORRUPT();
    static const uint8_t zeros[64];
    if (id_len > sizeof zeros)
        return CORSYM_E_INVALID_ARG;
    const uint8_t *p = pdb.data;
    size_t tail = id_offset + id_len;
    uint8_t digest[CORSYM_SHA512_SIZE];
    size_t digest_len;
    if (name_is(sum->algorithm, "SHA256")) {
        struct corsym_sha256 h;
        corsym_sha256_init(&h);
        corsym_sha256_update(&h, p, id_offset);
        corsym_sha256_update(&h, zeros, id_len);
        corsym_sha256_update(&h, p ? p + tail : NULL, pdb.len - tail);
        corsym_sha256_final(&h, digest);
        digest_len = CORSYM_SHA256_SIZE;
    } else if (name_is(sum->algorithm, "SHA384") || name_is(sum->algorithm, "SHA512")) {
        struct corsym_sha512 h;
        if (name_is(sum->algorithm, "SHA384"))
            corsym_sha384_init(&h);
        else
            corsym_sha512_init(&h);
        corsym_sha512_update(&h, p, id_offset);
        corsym_sha512_update(&h, zeros, id_len);
        corsym_sha512_update(&h, p ? p + tail : NULL, pdb.len - tail);
        corsym_sha512_final(&h, digest);
        digest_len = h.out_len;
    } else {
        return CORSYM_E_UNSUPPORTED;
    }
    if (sum->hash.len != digest_len)
        return CORSYM_CORRUPT();
    return memcmp(sum->hash.data, digest, digest_len) == 0 ? CORSYM_OK : CORSYM_E_MISMATCH;
}
