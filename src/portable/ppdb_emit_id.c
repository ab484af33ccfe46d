/* SPDX-License-Identifier: MIT */
/* Content ids and compression for the Portable PDB emitter. zlib's deflate is used from
 * here only, as inflate is from base/inflate.c. */
#include <string.h>
#include <zlib.h>

#include "base/checked.h"
#include "base/sha2.h"
#include "portable/ppdb_emit.h"

void corsym_ppdb_id_from_hash(const uint8_t hash[32], uint8_t id[CORSYM_PPDB_ID_SIZE])
{
    memcpy(id, hash, CORSYM_PPDB_ID_SIZE);
    /* A version-4, RFC 4122 variant GUID, as BlobContentId.FromHash makes it. */
    id[7] = (uint8_t)((id[7] & 0x0F) | 0x40);
    id[8] = (uint8_t)((id[8] & 0x3F) | 0x80);
    /* The stamp's top bit is set so it can never be mistaken for a real time stamp. */
    id[19] |= 0x80;
}

void corsym_ppdb_content_id(const uint8_t *image, size_t len, size_t id_offset,
                            uint8_t id[CORSYM_PPDB_ID_SIZE])
{
    static const uint8_t zero[CORSYM_PPDB_ID_SIZE];
    struct corsym_sha256 sha;
    uint8_t hash[CORSYM_SHA256_SIZE];
    corsym_sha256_init(&sha);
    if (corsym_checked_range(id_offset, CORSYM_PPDB_ID_SIZE, len)) {
        corsym_sha256_update(&sha, image, id_offset);
        corsym_sha256_update(&sha, zero, CORSYM_PPDB_ID_SIZE);
        corsym_sha256_update(&sha, image + id_offset + CORSYM_PPDB_ID_SIZE,
                             len - id_offset - CORSYM_PPDB_ID_SIZE);
    } else {
        corsym_sha256_update(&sha, image, len);
    }
    corsym_sha256_final(&sha, hash);
    corsym_ppdb_id_from_hash(hash, id);
}

corsym_status corsym_ppdb_deflate(const uint8_t *in, size_t len, struct corsym_buf *out)
{
    if (len > UINT32_MAX)
        return CORSYM_E_UNSUPPORTED;
    z_stream z;
    memset(&z, 0, sizeof(z));
    if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return CORSYM_E_NOMEM;
    uLong bound = deflateBound(&z, (uLong)len);
    uint8_t *dst;
    corsym_status st = corsym_buf_reserve(out, bound);
    if (st != CORSYM_OK) {
        deflateEnd(&z);
        return st;
    }
    dst = out->data + out->len;
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    z.next_out = dst;
    z.avail_out = (uInt)bound;
    int rc = deflate(&z, Z_FINISH);
    size_t produced = (size_t)z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        return CORSYM_E_NOMEM;
    out->len += produced;
    out->data[out->len] = 0;
    return CORSYM_OK;
}

void corsym_ppdb_image_content_id(const struct corsym_ppdb_image *image,
                                  uint8_t id[CORSYM_PPDB_ID_SIZE])
{
    static const uint8_t zero[CORSYM_PPDB_ID_SIZE];
    struct corsym_sha256 sha;
    uint8_t hash[CORSYM_SHA256_SIZE];
    corsym_sha256_init(&sha);
    /* The id is the first bytes of #Pdb (part 1), hashed as zeros. */
    for (unsigned i = 0; i < CORSYM_PPDB_IMAGE_PARTS; i++) {
        const struct corsym_buf *part = &image->part[i];
        if (i == 1 && part->len >= CORSYM_PPDB_ID_SIZE) {
            corsym_sha256_update(&sha, zero, CORSYM_PPDB_ID_SIZE);
            corsym_sha256_update(&sha, part->data + CORSYM_PPDB_ID_SIZE,
                                 part->len - CORSYM_PPDB_ID_SIZE);
        } else if (part->len) {
            corsym_sha256_update(&sha, part->data, part->len);
        }
    }
    corsym_sha256_final(&sha, hash);
    corsym_ppdb_id_from_hash(hash, id);
}
