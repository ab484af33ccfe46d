#include "base/utf.h"

/*
 * Decode one UTF-8 scalar starting at in[*i]. Returns false on any invalid
 * or truncated sequence, leaving *i at the first byte that a lossy decoder
 * should skip past (the maximal invalid prefix, as the Unicode standard's
 * "substitution of maximal subparts" recommends and .NET implements).
 */
static bool utf8_next(const uint8_t *in, size_t len, size_t *i, uint32_t *cp)
{
    uint8_t b0 = in[*i];
    if (b0 < 0x80) {
        *cp = b0;
        *i += 1;
        return true;
    }
    unsigned n;
    uint32_t v;
    uint8_t lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        n = 2;
        v = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        n = 3;
        v = b0 & 0x0Fu;
        if (b0 == 0xE0)
            lo = 0xA0; /* overlong */
        else if (b0 == 0xED)
            hi = 0x9F; /* surrogates */
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        n = 4;
        v = b0 & 0x07u;
        if (b0 == 0xF0)
            lo = 0x90; /* overlong */
        else if (b0 == 0xF4)
            hi = 0x8F; /* > U+10FFFF */
    } else {
        *i += 1;
        return false;
    }
    size_t j = *i + 1;
    for (unsigned k = 1; k < n; k++, j++) {
        if (j >= len) {
            *i = j;
            return false;
        }
        uint8_t b = in[j];
        uint8_t l = k == 1 ? lo : 0x80, h = k == 1 ? hi : 0xBF;
        if (b < l || b > h) {
            *i = j;
            return false;
        }
        v = (v << 6) | (b & 0x3Fu);
    }
    *i = j;
    *cp = v;
    return true;
}

static corsym_status to_utf16(const uint8_t *in, size_t in_len, uint16_t *out, size_t out_cap,
                              size_t *out_len, bool lossy)
{
    size_t i = 0, n = 0;
    while (i < in_len) {
        uint32_t cp;
        if (!utf8_next(in, in_len, &i, &cp)) {
            if (!lossy)
                return CORSYM_CORRUPT();
            cp = 0xFFFD;
        }
        uint16_t u[2];
        size_t k;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            u[0] = (uint16_t)(0xD800 + (cp >> 10));
            u[1] = (uint16_t)(0xDC00 + (cp & 0x3FF));
            k = 2;
        } else {
            u[0] = (uint16_t)cp;
            k = 1;
        }
        if (out && n + k <= out_cap) {
            for (size_t t = 0; t < k; t++)
                out[n + t] = u[t];
        }
        n += k;
    }
    *out_len = n;
    if (out && n > out_cap)
        return CORSYM_E_BUFFER_TOO_SMALL;
    return CORSYM_OK;
}

corsym_status corsym_utf8_to_utf16(const uint8_t *in, size_t in_len, uint16_t *out,
                                   size_t out_cap, size_t *out_len)
{
    return to_utf16(in, in_len, out, out_cap, out_len, false);
}

corsym_status corsym_utf8_to_utf16_lossy(const uint8_t *in, size_t in_len, uint16_t *out,
                                         size_t out_cap, size_t *out_len)
{
    return to_utf16(in, in_len, out, out_cap, out_len, true);
}

bool corsym_utf8_valid(const uint8_t *in, size_t in_len)
{
    size_t i = 0;
    uint32_t cp;
    while (i < in_len)
        if (!utf8_next(in, in_len, &i, &cp))
            return false;
    return true;
}

static size_t encode_utf8(uint32_t cp, uint8_t u[4])
{
    if (cp < 0x80) {
        u[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (uint8_t)(0xC0 | (cp >> 6));
        u[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (uint8_t)(0xE0 | (cp >> 12));
        u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (uint8_t)(0xF0 | (cp >> 18));
    u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}

/* One scalar from UTF-16 units; false on an unpaired surrogate. */
static bool utf16_next(const uint16_t *in, size_t len, size_t *i, uint32_t *cp)
{
    uint16_t u = in[*i];
    if (u < 0xD800 || u > 0xDFFF) {
        *cp = u;
        *i += 1;
        return true;
    }
    if (u >= 0xDC00 || *i + 1 >= len)
        return false;
    uint16_t l = in[*i + 1];
    if (l < 0xDC00 || l > 0xDFFF)
        return false;
    *cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)l - 0xDC00);
    *i += 2;
    return true;
}

corsym_status corsym_utf16_to_utf8(const uint16_t *in, size_t in_len, uint8_t *out,
                                   size_t out_cap, size_t *out_len)
{
    size_t i = 0, n = 0;
    /* Names are nearly always ASCII: copy that prefix without the general decoder (the writers
     * convert every name they are given; this was ~650 instructions per short name). */
    if (out) {
        size_t ascii_end = in_len < out_cap ? in_len : out_cap;
        while (i < ascii_end && in[i] < 0x80) {
            out[i] = (uint8_t)in[i];
            i++;
        }
    } else {
        while (i < in_len && in[i] < 0x80)
            i++;
    }
    n = i;
    while (i < in_len) {
        uint32_t cp;
        if (!utf16_next(in, in_len, &i, &cp))
            return CORSYM_CORRUPT();
        uint8_t u[4];
        size_t k = encode_utf8(cp, u);
        if (out && n + k <= out_cap)
            for (size_t t = 0; t < k; t++)
                out[n + t] = u[t];
        n += k;
    }
    *out_len = n;
    if (out && n > out_cap)
        return CORSYM_E_BUFFER_TOO_SMALL;
    return CORSYM_OK;
}

corsym_status corsym_utf16le_bytes_to_utf8(const uint8_t *in, size_t in_bytes, struct corsym_buf *b)
{
    if (in_bytes % 2)
        return CORSYM_CORRUPT();
    size_t units = in_bytes / 2;
    size_t i = 0;
    while (i < units) {
        uint16_t u = (uint16_t)(in[2 * i] | (in[2 * i + 1] << 8));
        uint32_t cp;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            uint16_t l = (uint16_t)(in[2 * i + 2] | (in[2 * i + 3] << 8));
            if (l < 0xDC00 || l > 0xDFFF)
                return CORSYM_CORRUPT();
            cp = 0x10000 + (((uint32_t)u - 0xD800) << 10) + ((uint32_t)l - 0xDC00);
            i += 2;
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            return CORSYM_CORRUPT();
        } else {
            cp = u;
            i += 1;
        }
        uint8_t enc[4];
        size_t k = encode_utf8(cp, enc);
        CORSYM_TRY(corsym_buf_append(b, enc, k));
    }
    return CORSYM_OK;
}
