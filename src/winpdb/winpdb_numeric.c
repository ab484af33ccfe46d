/*
 * Numeric leaves of S_MANCONSTANT (research §7.4). The leaf follows the
 * VARIANT type the compiler passed, not the value's magnitude, so the kind
 * is reported as stored and callers map it to their own value types.
 */
#include "winpdb/winpdb_cv.h"

#include <string.h>

static corsym_status read_signed(struct corsym_cursor *c, unsigned bytes,
                                 struct corsym_cv_numeric *out)
{
    uint64_t u = 0;
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t b;
        CORSYM_TRY(corsym_cursor_u8(c, &b));
        u |= (uint64_t)b << (8 * i);
    }
    /* Sign-extend from the leaf's width without implementation-defined casts. */
    uint64_t sign = (uint64_t)1 << (8 * bytes - 1);
    out->kind = CORSYM_CV_NUM_SIGNED;
    out->u.i = (u & sign) ? -(int64_t)((~u & (sign - 1))) - 1 : (int64_t)u;
    return CORSYM_OK;
}

static corsym_status read_unsigned(struct corsym_cursor *c, unsigned bytes,
                                   struct corsym_cv_numeric *out)
{
    uint64_t u = 0;
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t b;
        CORSYM_TRY(corsym_cursor_u8(c, &b));
        u |= (uint64_t)b << (8 * i);
    }
    out->kind = CORSYM_CV_NUM_UNSIGNED;
    out->u.u = u;
    return CORSYM_OK;
}

corsym_status corsym_cv_numeric_read(struct corsym_cursor *c, struct corsym_cv_numeric *out)
{
    memset(out, 0, sizeof *out);
    CORSYM_TRY(corsym_cursor_u16le(c, &out->leaf));
    if (out->leaf < CORSYM_LF_NUMERIC) {
        out->kind = CORSYM_CV_NUM_UNSIGNED;
        out->u.u = out->leaf;
        return CORSYM_OK;
    }
    switch (out->leaf) {
    case CORSYM_LF_CHAR:
        return read_signed(c, 1, out);
    case CORSYM_LF_SHORT:
        return read_signed(c, 2, out);
    case CORSYM_LF_USHORT:
        return read_unsigned(c, 2, out);
    case CORSYM_LF_LONG:
        return read_signed(c, 4, out);
    case CORSYM_LF_ULONG:
        return read_unsigned(c, 4, out);
    case CORSYM_LF_QUADWORD:
        return read_signed(c, 8, out);
    case CORSYM_LF_UQUADWORD:
        return read_unsigned(c, 8, out);
    case CORSYM_LF_REAL32: {
        uint32_t bits;
        CORSYM_TRY(corsym_cursor_u32le(c, &bits));
        float f;
        memcpy(&f, &bits, sizeof f);
        out->kind = CORSYM_CV_NUM_REAL32;
        out->u.r4 = f;
        return CORSYM_OK;
    }
    case CORSYM_LF_REAL64: {
        uint64_t bits;
        CORSYM_TRY(corsym_cursor_u64le(c, &bits));
        double d;
        memcpy(&d, &bits, sizeof d);
        out->kind = CORSYM_CV_NUM_REAL64;
        out->u.r8 = d;
        return CORSYM_OK;
    }
    case CORSYM_LF_DECIMAL:
        /* The whole OLE DECIMAL, including its leading VARTYPE slot. */
        CORSYM_TRY(corsym_cursor_u16le(c, &out->u.decimal.reserved));
        CORSYM_TRY(corsym_cursor_u8(c, &out->u.decimal.scale));
        CORSYM_TRY(corsym_cursor_u8(c, &out->u.decimal.sign));
        CORSYM_TRY(corsym_cursor_u32le(c, &out->u.decimal.hi32));
        CORSYM_TRY(corsym_cursor_u64le(c, &out->u.decimal.lo64));
        out->kind = CORSYM_CV_NUM_DECIMAL;
        return CORSYM_OK;
    case CORSYM_LF_DATE:
        CORSYM_TRY(corsym_cursor_i64le(c, &out->u.i));
        out->kind = CORSYM_CV_NUM_DATE;
        return CORSYM_OK;
    case CORSYM_LF_VARSTRING: {
        uint16_t n;
        CORSYM_TRY(corsym_cursor_u16le(c, &n));
        out->kind = CORSYM_CV_NUM_STRING;
        return corsym_cursor_bytes(c, n, &out->text);
    }
    case CORSYM_LF_UTF8STRING:
        out->kind = CORSYM_CV_NUM_STRING;
        return corsym_cursor_cstr(c, &out->text);
    case CORSYM_LF_REAL80:
    case CORSYM_LF_REAL128:
    case CORSYM_LF_OCTWORD:
    case CORSYM_LF_UOCTWORD:
        return CORSYM_E_UNSUPPORTED;
    default:
        return CORSYM_CORRUPT(); /* not a numeric leaf */
    }
}
