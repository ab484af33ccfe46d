/* SPDX-License-Identifier: MIT */
/*
 * Text PdbToXml writes as CDATA (embedded source, Source Link, srcsvr): it decodes the bytes
 * as UTF-8 (.NET's decoder: each maximal invalid subsequence becomes U+FFFD). When the text
 * holds a character XML 1.0 cannot carry, its code means to fall back to escaped text and
 * then to encoding="base64" with the raw bytes; .NET's XmlWriter, though, is left in an error
 * state by the refused CDATA and PdbToXml stops with an exception (checked with .NET 10).
 * The dump writes the base64 form its code intends.
 */
#include "cdata.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 with *bad the length of its maximal
 * invalid subpart (what one U+FFFD replaces). */
static size_t sequence(const uint8_t *p, size_t n, size_t *bad)
{
    uint8_t b = p[0];
    size_t need;
    uint8_t lo = 0x80, hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        need = 2;
    else if (b >= 0xE0 && b <= 0xEF) {
        need = 3;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F; /* no encoded surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 4;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *bad = 1;
        return 0;
    }
    for (size_t i = 1; i < need; i++) {
        uint8_t lower = i == 1 ? lo : 0x80, upper = i == 1 ? hi : 0xBF;
        if (i >= n || p[i] < lower || p[i] > upper) {
            *bad = i;
            return 0;
        }
    }
    return need;
}

char *cli_utf8_repair(const uint8_t *p, size_t n, size_t *out_len)
{
    char *out = malloc(n * 3 + 1); /* a lone invalid byte becomes 3 bytes */
    size_t o = 0;
    if (!out)
        cli_oom();
    for (size_t i = 0; i < n;) {
        size_t bad = 0, k = sequence(p + i, n - i, &bad);
        if (k) {
            memcpy(out + o, p + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i += bad;
        }
    }
    out[o] = 0;
    *out_len = o;
    return out;
}

bool cli_xml_text_ok(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
            return false;
        /* U+FFFE and U+FFFF are not XML characters either. */
        if (p[i] == 0xEF && i + 2 < n && p[i + 1] == 0xBF && (p[i + 2] == 0xBE || p[i + 2] == 0xBF))
            return false;
    }
    return true;
}

static char *base64(const uint8_t *p, size_t n)
{
    static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = cli_xmalloc((n + 2) / 3 * 4 + 1), *o = out;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) |
                     (i + 2 < n ? p[i + 2] : 0);
        *o++ = digits[v >> 18 & 63];
        *o++ = digits[v >> 12 & 63];
        *o++ = i + 1 < n ? digits[v >> 6 & 63] : '=';
        *o++ = i + 2 < n ? digits[v & 63] : '=';
    }
    *o = 0;
    return out;
}

void cli_node_cdata(struct cli_node *n, const uint8_t *raw, size_t len)
{
    size_t text_len;
    char *text = cli_utf8_repair(raw, len, &text_len);
    if (cli_xml_text_ok(text, text_len)) {
        cli_node_text(n, text, text_len);
    } else {
        char *b64 = base64(raw, len);
        cli_attr_str(n, "encoding", "base64");
        cli_node_plain(n, b64);
        free(b64);
    }
    free(text);
}
