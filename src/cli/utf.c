/* SPDX-License-Identifier: MIT */
/* Path and name conversions. Invalid sequences become U+FFFD rather than failing: a name
 * that cannot be shown exactly is still worth showing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tree.h"

WCHAR *cli_wide(const char *utf8)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = strlen(utf8);
    WCHAR *out = cli_xmalloc((n + 1) * sizeof(WCHAR)), *o = out;
    for (size_t i = 0; i < n;) {
        uint32_t c = s[i];
        size_t need = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2
                    : (c & 0xF8) == 0xF0 ? 3 : 4;
        if (need == 0) {
            *o++ = (WCHAR)c;
            i++;
            continue;
        }
        if (need > 3 || need > n - i - 1) {
            *o++ = 0xFFFD;
            i++;
            continue;
        }
        c &= 0x3Fu >> need;
        size_t j = 1;
        for (; j <= need && (s[i + j] & 0xC0) == 0x80; j++)
            c = c << 6 | (s[i + j] & 0x3F);
        if (j <= need || c > 0x10FFFF) {
            *o++ = 0xFFFD;
            i += j;
            continue;
        }
        i += j;
        if (c >= 0x10000) {
            c -= 0x10000;
            *o++ = (WCHAR)(0xD800 | (c >> 10));
            *o++ = (WCHAR)(0xDC00 | (c & 0x3FF));
        } else {
            *o++ = (WCHAR)c;
        }
    }
    *o = 0;
    return out;
}

char *cli_narrow(const WCHAR *text, size_t units)
{
    char *out = cli_xmalloc(units * 3 + 1), *o = out;
    for (size_t i = 0; i < units; i++) {
        uint32_t c = text[i];
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < units && text[i + 1] >= 0xDC00 &&
            text[i + 1] < 0xE000) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00u);
        } else if (c >= 0xD800 && c < 0xE000) {
            c = 0xFFFD; /* an unpaired surrogate has no UTF-8 form */
        }
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xC0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            *o++ = (char)(0xE0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (char)(0xF0 | c >> 18);
            *o++ = (char)(0x80 | ((c >> 12) & 0x3F));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3F));
            *o++ = (char)(0x80 | (c & 0x3F));
        }
    }
    *o = 0;
    return out;
}

int cli_read_file(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno ? errno : ENOENT;
    int err = 0;
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = cli_xrealloc(buf, cap);
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                err = EIO;
            break;
        }
    }
    fclose(f);
    if (err) {
        free(buf);
        return err;
    }
    *data = buf;
    *size = len;
    return 0;
}
