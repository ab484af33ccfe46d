#include "base/inflate.h"

#include <limits.h>
#include <zlib.h>

corsym_status corsym_inflate_raw(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len)
{
    /* zlib counts in uInt; larger spans would need chunking that no real
     * embedded PDB or source requires. */
    if (in_len > UINT_MAX || out_len > UINT_MAX)
        return CORSYM_E_UNSUPPORTED;
    if (!in && in_len)
        return CORSYM_E_INVALID_ARG;
    if (!out && out_len)
        return CORSYM_E_INVALID_ARG;

    z_stream zs = { 0 };
    /* Negative window bits select raw deflate. */
    int rc = inflateInit2(&zs, -15);
    if (rc == Z_MEM_ERROR)
        return CORSYM_E_NOMEM;
    if (rc != Z_OK)
        return CORSYM_E_UNSUPPORTED;

    /* zlib never writes through next_in; the cast only drops const. */
    static const uint8_t empty_in[1];
    uint8_t scratch[1];
    zs.next_in = (Bytef *)(uintptr_t)(in_len ? in : empty_in);
    zs.avail_in = (uInt)in_len;
    zs.next_out = out_len ? out : scratch;
    zs.avail_out = (uInt)out_len;

    corsym_status st;
    rc = inflate(&zs, Z_FINISH);
    if (rc == Z_STREAM_END) {
        st = (zs.total_out == out_len && zs.avail_in == 0) ? CORSYM_OK : CORSYM_E_MISMATCH;
    } else if (rc == Z_BUF_ERROR) {
        /* Input ran out before the stream ended (truncated), or the output
         * is full while more input is pending (declared size too small). */
        st = zs.avail_in == 0 ? CORSYM_CORRUPT() : CORSYM_E_MISMATCH;
    } else if (rc == Z_MEM_ERROR) {
        st = CORSYM_E_NOMEM;
    } else {
        st = CORSYM_CORRUPT();
    }
    inflateEnd(&zs);
    return st;
}
