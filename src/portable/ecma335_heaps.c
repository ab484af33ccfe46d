/* #Strings, #Blob, #GUID and #US (ECMA-335 II.24.2.3 - II.24.2.5). */
#include <string.h>

#include "base/checked.h"
#include "portable/ecma335.h"

corsym_status corsym_md_string(const struct corsym_md *md, uint32_t index, struct corsym_span *out)
{
    if (index == 0) {
        *out = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, md->strings);
    if (index >= md->strings.len)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_seek(&c, index));
    return corsym_cursor_cstr(&c, out);
}

corsym_status corsym_md_blob(const struct corsym_md *md, uint32_t index, struct corsym_span *out)
{
    if (index == 0) {
        *out = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, md->blob);
    if (index >= md->blob.len)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_seek(&c, index));
    uint32_t len;
    CORSYM_TRY(corsym_cursor_cuint(&c, &len));
    return corsym_cursor_bytes(&c, len, out);
}

corsym_status corsym_md_guid(const struct corsym_md *md, uint32_t index, uint8_t out[16])
{
    if (index == 0) {
        memset(out, 0, 16);
        return CORSYM_OK;
    }
    /* 1-based index of 16-byte entries. */
    struct corsym_span g;
    size_t off;
    if (!corsym_checked_mul((size_t)index - 1, 16, &off) ||
        corsym_span_sub(md->guid, off, 16, &g) != CORSYM_OK)
        return CORSYM_CORRUPT();
    memcpy(out, g.data, 16);
    return CORSYM_OK;
}

corsym_status corsym_md_user_string(const struct corsym_md *md, uint32_t index,
                                    struct corsym_span *out)
{
    struct corsym_span raw;
    if (index == 0) {
        *out = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, md->us);
    if (index >= md->us.len)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_seek(&c, index));
    uint32_t len;
    CORSYM_TRY(corsym_cursor_cuint(&c, &len));
    CORSYM_TRY(corsym_cursor_bytes(&c, len, &raw));
    /* Odd length: UTF-16 units plus one flag byte; even: no flag byte. */
    *out = corsym_span_make(raw.data, raw.len & ~(size_t)1);
    return CORSYM_OK;
}
