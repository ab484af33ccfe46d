/* Document name blobs: separator byte, then #Blob indices of UTF-8 parts. */
#include "portable/ppdb_private.h"

corsym_status corsym_ppdb_decode_document_name(const struct corsym_ppdb *pdb,
                                               struct corsym_span name_blob, struct corsym_buf *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, name_blob);
    if (name_blob.len == 0)
        return CORSYM_OK; /* nil name: "" (as System.Reflection.Metadata) */
    uint8_t sep;
    CORSYM_TRY(corsym_cursor_u8(&c, &sep));
    /* The spec allows any UTF-8 character, but System.Reflection.Metadata
     * (the reference reader) rejects non-ASCII separators; so do we. */
    if (sep > 0x7F)
        return CORSYM_CORRUPT();
    size_t start = out->len;
    bool first = true;
    while (!corsym_cursor_at_end(&c)) {
        uint32_t part_index;
        CORSYM_TRY(corsym_cursor_cuint(&c, &part_index));
        struct corsym_span part;
        CORSYM_TRY(corsym_md_blob(&pdb->md, part_index, &part));
        /* A short blob may repeat one large part many times: cap the size
         * we are willing to build, counting exactly what joining adds (the
         * separator goes before every part but the first). */
        bool with_separator = !first && sep != 0;
        if (part.len > CORSYM_PPDB_MAX_NAME ||
            out->len - start + with_separator + part.len > CORSYM_PPDB_MAX_NAME)
            return CORSYM_E_UNSUPPORTED;
        if (with_separator)
            CORSYM_TRY(corsym_buf_append_u8(out, sep));
        CORSYM_TRY(corsym_buf_append(out, part.data, part.len));
        first = false;
    }
    return CORSYM_OK;
}

corsym_status corsym_ppdb_document_name(const struct corsym_ppdb *pdb, uint32_t rid,
                                        struct corsym_buf *out)
{
    struct corsym_ppdb_document doc;
    CORSYM_TRY(corsym_ppdb_document(pdb, rid, &doc));
    return corsym_ppdb_decode_document_name(pdb, doc.name_blob, out);
}
