/* SPDX-License-Identifier: MIT */
/* Byte and CodeView-record builders of the Windows PDB emitter (research §7.1-7.4). */
#include "winpdb/winpdb_emit_private.h"

#include <string.h>

#include "base/utf.h"
#include "winpdb/winpdb_cv.h"

corsym_status wpe_zeros(struct corsym_buf *b, size_t n)
{
    uint8_t *p;
    return corsym_buf_extend(b, n, &p);
}

corsym_status wpe_pad4(struct corsym_buf *b, size_t from)
{
    return wpe_zeros(b, (4 - (b->len - from) % 4) % 4);
}

void wpe_put_u32(struct corsym_buf *b, size_t at, uint32_t v)
{
    uint8_t *p = b->data + at;
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

corsym_status wpe_record_begin(struct corsym_buf *b, uint16_t kind, size_t *start)
{
    *start = b->len;
    CORSYM_TRY(wpe_u16(b, 0));
    return wpe_u16(b, kind);
}

corsym_status wpe_record_end(struct corsym_buf *b, size_t start)
{
    /* Every record is padded so that its length field plus 2 is a multiple of 4. */
    CORSYM_TRY(wpe_pad4(b, start));
    size_t len = b->len - start - 2;
    if (len > 0xFFFF)
        return CORSYM_E_INVALID_ARG;
    b->data[start] = (uint8_t)len;
    b->data[start + 1] = (uint8_t)(len >> 8);
    return CORSYM_OK;
}

corsym_status wpe_cstr(struct corsym_buf *b, const char *s, size_t len)
{
    CORSYM_TRY(corsym_buf_append(b, s, len));
    return corsym_buf_append_u8(b, 0);
}

corsym_status wpe_oem(struct corsym_buf *b, const char *name, const uint8_t *data, size_t len)
{
    size_t start;
    CORSYM_TRY(wpe_record_begin(b, CORSYM_S_OEM, &start));
    CORSYM_TRY(corsym_buf_append(b, corsym_cv_managed_oem, 16));
    CORSYM_TRY(wpe_u32(b, 0));
    const uint8_t *n = (const uint8_t *)name;
    size_t n_len = strlen(name), units;
    CORSYM_TRY(corsym_utf8_to_utf16_lossy(n, n_len, NULL, 0, &units));
    struct corsym_buf w = CORSYM_BUF_INIT;
    uint8_t *p;
    corsym_status st = corsym_buf_extend(&w, units * 2, &p);
    if (st == CORSYM_OK)
        st = corsym_utf8_to_utf16_lossy(n, n_len, (uint16_t *)(void *)w.data, units, &units);
    for (size_t i = 0; st == CORSYM_OK && i < units; i++) {
        uint16_t unit;
        memcpy(&unit, w.data + 2 * i, 2);
        st = wpe_u16(b, unit);
    }
    corsym_buf_free(&w);
    CORSYM_TRY(st);
    CORSYM_TRY(wpe_u16(b, 0));
    CORSYM_TRY(corsym_buf_append(b, data, len));
    return wpe_record_end(b, start);
}

/* Unpaired surrogates become U+FFFD, as Roslyn sends them to diasymreader. */
static corsym_status utf8_of_utf16(const uint16_t *text, uint32_t n, struct corsym_buf *out)
{
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && text[i + 1] >= 0xDC00 &&
            text[i + 1] <= 0xDFFF) {
            c = 0x10000 + ((c - 0xD800) << 10) + (text[i + 1] - 0xDC00);
            i++;
        } else if (c >= 0xD800 && c <= 0xDFFF) {
            c = 0xFFFD;
        }
        uint8_t u[4];
        size_t k;
        if (c < 0x80) {
            u[0] = (uint8_t)c;
            k = 1;
        } else if (c < 0x800) {
            u[0] = (uint8_t)(0xC0 | c >> 6);
            u[1] = (uint8_t)(0x80 | (c & 0x3F));
            k = 2;
        } else if (c < 0x10000) {
            u[0] = (uint8_t)(0xE0 | c >> 12);
            u[1] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
            u[2] = (uint8_t)(0x80 | (c & 0x3F));
            k = 3;
        } else {
            u[0] = (uint8_t)(0xF0 | c >> 18);
            u[1] = (uint8_t)(0x80 | (c >> 12 & 0x3F));
            u[2] = (uint8_t)(0x80 | (c >> 6 & 0x3F));
            u[3] = (uint8_t)(0x80 | (c & 0x3F));
            k = 4;
        }
        CORSYM_TRY(corsym_buf_append(out, u, k));
    }
    return CORSYM_OK;
}

corsym_status wpe_numeric(struct corsym_buf *b, const struct corsym_sw_value *v)
{
    /* The leaf follows the VARIANT type, not the value's magnitude (research §7.4). */
    switch (v->kind) {
    /* Direct values must stay below 0x8000, where the leaf tags begin. */
    case CORSYM_SW_VALUE_BOOL:
        return wpe_u16(b, v->u != 0);
    case CORSYM_SW_VALUE_U1:
        return wpe_u16(b, (uint8_t)v->u);
    case CORSYM_SW_VALUE_I1:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_CHAR));
        return wpe_u8(b, (uint8_t)v->i);
    case CORSYM_SW_VALUE_I2:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_SHORT));
        return wpe_u16(b, (uint16_t)v->i);
    case CORSYM_SW_VALUE_U2:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_USHORT));
        return wpe_u16(b, (uint16_t)v->u);
    case CORSYM_SW_VALUE_I4:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_LONG));
        return wpe_u32(b, (uint32_t)v->i);
    case CORSYM_SW_VALUE_U4:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_ULONG));
        return wpe_u32(b, (uint32_t)v->u);
    case CORSYM_SW_VALUE_I8:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_QUADWORD));
        return wpe_u64(b, (uint64_t)v->i);
    case CORSYM_SW_VALUE_U8:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_UQUADWORD));
        return wpe_u64(b, v->u);
    case CORSYM_SW_VALUE_R4:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_REAL32));
        return wpe_u32(b, (uint32_t)v->u);
    case CORSYM_SW_VALUE_R8:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_REAL64));
        return wpe_u64(b, v->u);
    case CORSYM_SW_VALUE_STRING: {
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_VARSTRING));
        size_t at = b->len;
        CORSYM_TRY(wpe_u16(b, 0));
        CORSYM_TRY(utf8_of_utf16(v->text, v->text_len, b));
        size_t n = b->len - at - 2;
        if (n > 0xFFFF)
            return CORSYM_E_INVALID_ARG;
        b->data[at] = (uint8_t)n;
        b->data[at + 1] = (uint8_t)(n >> 8);
        return CORSYM_OK;
    }
    case CORSYM_SW_VALUE_DECIMAL:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_DECIMAL));
        /* The whole OLE DECIMAL, whose first u16 is VT_DECIMAL when it came in a VARIANT. */
        CORSYM_TRY(wpe_u16(b, 14));
        CORSYM_TRY(wpe_u8(b, v->decimal.scale));
        CORSYM_TRY(wpe_u8(b, v->decimal.negative ? 0x80 : 0));
        CORSYM_TRY(wpe_u32(b, v->decimal.hi));
        CORSYM_TRY(wpe_u32(b, v->decimal.lo));
        return wpe_u32(b, v->decimal.mid);
    case CORSYM_SW_VALUE_DATE:
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_DATE));
        return wpe_u64(b, (uint64_t)v->i);
    case CORSYM_SW_VALUE_NULL:
    case CORSYM_SW_VALUE_NULL_STRING:
    default:
        /* diasymreader's form of a null reference constant. */
        CORSYM_TRY(wpe_u16(b, CORSYM_LF_LONG));
        return wpe_u32(b, 0);
    }
}
