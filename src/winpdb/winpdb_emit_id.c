/* SPDX-License-Identifier: MIT */
/* Identity of a written Windows PDB: content ids, patching the id in, the CodeView record. */
#include "winpdb/winpdb_emit.h"

#include <string.h>

#include "base/checked.h"
#include "base/sha2.h"

static void put_u32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* Hashes [from, to) of the file. */
static void hash_range(struct corsym_sha256 *sha, const uint8_t *file, size_t from, size_t to)
{
    if (to > from)
        corsym_sha256_update(sha, file + from, to - from);
}

void corsym_winpdb_content_id(const uint8_t *file, size_t len,
                              const struct corsym_winpdb_emit_result *where, uint8_t guid[16],
                              uint32_t *signature)
{
    static const uint8_t zero[16];
    struct corsym_sha256 sha;
    uint8_t hash[CORSYM_SHA256_SIZE];
    corsym_sha256_init(&sha);
    size_t sig = where->signature_offset, id = where->guid_offset;
    if (corsym_checked_range(sig, 4, len) && corsym_checked_range(id, 16, len) && sig + 4 <= id) {
        /* The signature comes first in the info stream, the GUID 4 bytes later. */
        hash_range(&sha, file, 0, sig);
        corsym_sha256_update(&sha, zero, 4);
        hash_range(&sha, file, sig + 4, id);
        corsym_sha256_update(&sha, zero, 16);
        hash_range(&sha, file, id + 16, len);
    } else {
        corsym_sha256_update(&sha, file, len);
    }
    corsym_sha256_final(&sha, hash);
    memcpy(guid, hash, 16);
    /* A version-4, RFC 4122 variant GUID (GUID byte order: Data3's high byte is 7). */
    guid[7] = (uint8_t)((guid[7] & 0x0F) | 0x40);
    guid[8] = (uint8_t)((guid[8] & 0x3F) | 0x80);
    /* Bit 31 set: never mistaken for a real time stamp. */
    *signature = ((uint32_t)hash[16] | (uint32_t)hash[17] << 8 | (uint32_t)hash[18] << 16 |
                  (uint32_t)hash[19] << 24) |
                 0x80000000u;
}

void corsym_winpdb_set_id(uint8_t *file, const struct corsym_winpdb_emit_result *where,
                          const uint8_t guid[16], uint32_t signature, uint32_t age)
{
    memcpy(file + where->guid_offset, guid, 16);
    put_u32(file + where->signature_offset, signature);
    if (age) {
        /* Matching uses the DBI age; both stay equal (research §18.6). */
        put_u32(file + where->age_offset, age);
        put_u32(file + where->dbi_age_offset, age);
    }
}

corsym_status corsym_winpdb_codeview(const uint8_t guid[16], uint32_t age, const char *path,
                                     size_t path_len, struct corsym_buf *out)
{
    uint8_t a[4];
    put_u32(a, age);
    CORSYM_TRY(corsym_buf_append(out, "RSDS", 4));
    CORSYM_TRY(corsym_buf_append(out, guid, 16));
    CORSYM_TRY(corsym_buf_append(out, a, 4));
    if (path_len)
        CORSYM_TRY(corsym_buf_append(out, path, path_len));
    return corsym_buf_append_u8(out, 0);
}
