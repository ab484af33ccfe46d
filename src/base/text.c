/* C99 printf semantics (%lld, %llu) from mingw's own stdio, not msvcrt's. */
#define __USE_MINGW_ANSI_STDIO 1

#include "base/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf.h"

corsym_status corsym_text_printf(struct corsym_buf *b, const char *fmt, ...)
{
    char small[128];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return CORSYM_E_INVALID_ARG;
    if ((size_t)n < sizeof small)
        return corsym_buf_append(b, small, (size_t)n);
    uint8_t *dst;
    size_t at = b->len;
    CORSYM_TRY(corsym_buf_extend(b, (size_t)n, &dst));
    va_start(ap, fmt);
    /* extend left room for the terminator vsnprintf writes. */
    vsnprintf((char *)b->data + at, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return CORSYM_OK;
}

corsym_status corsym_text_str(struct corsym_buf *b, const char *s)
{
    return corsym_buf_append(b, s, strlen(s));
}

corsym_status corsym_text_hex(struct corsym_buf *b, const uint8_t *p, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    CORSYM_TRY(corsym_buf_reserve(b, n * 2));
    for (size_t i = 0; i < n; i++) {
        b->data[b->len++] = (uint8_t)digits[p[i] >> 4];
        b->data[b->len++] = (uint8_t)digits[p[i] & 15];
    }
    b->data[b->len] = 0;
    return CORSYM_OK;
}

corsym_status corsym_text_guid(struct corsym_buf *b, const uint8_t g[16])
{
    return corsym_text_printf(b, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                              g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10],
                              g[11], g[12], g[13], g[14], g[15]);
}

static corsym_status put_utf8(struct corsym_buf *b, uint32_t cp)
{
    uint8_t u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (uint8_t)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (uint8_t)(0xC0 | (cp >> 6));
        u[1] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (uint8_t)(0xE0 | (cp >> 12));
        u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (uint8_t)(0xF0 | (cp >> 18));
        u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (uint8_t)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return corsym_buf_append(b, u, n);
}

corsym_status corsym_text_quote_utf16(struct corsym_buf *b, const uint16_t *u, size_t n)
{
    CORSYM_TRY(corsym_buf_append_u8(b, '"'));
    for (size_t i = 0; i < n; i++) {
        uint16_t c = u[i];
        switch (c) {
        case '\\': CORSYM_TRY(corsym_text_str(b, "\\\\")); continue;
        case '"': CORSYM_TRY(corsym_text_str(b, "\\\"")); continue;
        case '\n': CORSYM_TRY(corsym_text_str(b, "\\n")); continue;
        case '\r': CORSYM_TRY(corsym_text_str(b, "\\r")); continue;
        case '\t': CORSYM_TRY(corsym_text_str(b, "\\t")); continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && u[i + 1] >= 0xDC00 && u[i + 1] <= 0xDFFF) {
            uint32_t cp = 0x10000 + (((uint32_t)c - 0xD800) << 10) + ((uint32_t)u[i + 1] - 0xDC00);
            CORSYM_TRY(put_utf8(b, cp));
            i++;
            continue;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF))
            CORSYM_TRY(corsym_text_printf(b, "\\u%04x", c));
        else
            CORSYM_TRY(put_utf8(b, c));
    }
    return corsym_buf_append_u8(b, '"');
}

corsym_status corsym_text_quote_utf16le(struct corsym_buf *b, const uint8_t *p, size_t n)
{
    size_t units = n / 2;
    uint16_t *u = malloc(units ? units * sizeof *u : 1);
    if (!u)
        return CORSYM_E_NOMEM;
    for (size_t i = 0; i < units; i++)
        u[i] = (uint16_t)(p[2 * i] | (p[2 * i + 1] << 8));
    corsym_status st = corsym_text_quote_utf16(b, u, units);
    free(u);
    return st;
}

corsym_status corsym_text_utf8_to_units(struct corsym_buf *units, const uint8_t *p, size_t n)
{
    size_t count;
    CORSYM_TRY(corsym_utf8_to_utf16_lossy(p, n, NULL, 0, &count));
    uint8_t *dst;
    CORSYM_TRY(corsym_buf_extend(units, count * sizeof(uint16_t), &dst));
    /* dst is inside a malloc'd block at an even offset (units only ever
     * holds uint16_t), so it is suitably aligned. */
    return corsym_utf8_to_utf16_lossy(p, n, (uint16_t *)(void *)dst, count, &count);
}

corsym_status corsym_text_quote_utf8(struct corsym_buf *b, const uint8_t *p, size_t n)
{
    struct corsym_buf units = CORSYM_BUF_INIT;
    corsym_status st = corsym_text_utf8_to_units(&units, p, n);
    if (st == CORSYM_OK)
        st = corsym_text_quote_utf16(b, (const uint16_t *)(void *)units.data, units.len / 2);
    corsym_buf_free(&units);
    return st;
}
