/* LocalConstantSig blobs (PortablePdb-Metadata.md "LocalConstantSig"). */
#include <string.h>

#include "portable/ecma335.h"
#include "portable/ppdb_blobs.h"

/* Value size of a primitive type code, 0 if not a primitive. */
static size_t primitive_size(uint8_t code)
{
    switch (code) {
    case CORSYM_ET_BOOLEAN:
    case CORSYM_ET_I1:
    case CORSYM_ET_U1:
        return 1;
    case CORSYM_ET_CHAR:
    case CORSYM_ET_I2:
    case CORSYM_ET_U2:
        return 2;
    case CORSYM_ET_I4:
    case CORSYM_ET_U4:
    case CORSYM_ET_R4:
        return 4;
    case CORSYM_ET_I8:
    case CORSYM_ET_U8:
    case CORSYM_ET_R8:
        return 8;
    }
    return 0;
}

corsym_status corsym_ppdb_constant_decode(struct corsym_span sig, struct corsym_ppdb_constant *out)
{
    memset(out, 0, sizeof *out);
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, sig);

    uint8_t code;
    size_t mods_start = c.pos;
    for (;;) {
        CORSYM_TRY(corsym_cursor_u8(&c, &code));
        if (code != CORSYM_ET_CMOD_OPT && code != CORSYM_ET_CMOD_REQD)
            break;
        uint32_t token;
        CORSYM_TRY(corsym_md_read_type_def_or_ref(&c, &token));
        out->modifier_count++;
    }
    CORSYM_TRY(corsym_span_sub(sig, mods_start, c.pos - 1 - mods_start, &out->custom_modifiers));
    out->type_code = code;

    size_t size = primitive_size(code);
    switch (code) {
    case CORSYM_ET_STRING: {
        struct corsym_span rest = corsym_cursor_rest(&c);
        if (rest.len == 1 && rest.data[0] == 0xFF) {
            out->kind = CORSYM_CONST_NULL_STRING;
            return CORSYM_OK;
        }
        if (rest.len % 2)
            return CORSYM_CORRUPT();
        out->kind = CORSYM_CONST_STRING;
        out->value = rest;
        return CORSYM_OK;
    }
    case CORSYM_ET_OBJECT:
        if (!corsym_cursor_at_end(&c))
            return CORSYM_CORRUPT();
        out->kind = CORSYM_CONST_OBJECT;
        return CORSYM_OK;
    case CORSYM_ET_CLASS:
    case CORSYM_ET_VALUETYPE: {
        CORSYM_TRY(corsym_md_read_type_def_or_ref(&c, &out->type_token));
        struct corsym_span rest = corsym_cursor_rest(&c);
        /* Only Decimal (13 bytes) and DateTime (8 bytes) carry a value. */
        if (rest.len != 0 && rest.len != 8 && rest.len != 13)
            return CORSYM_CORRUPT();
        out->kind = CORSYM_CONST_GENERAL;
        out->value = rest;
        return CORSYM_OK;
    }
    }
    if (size == 0)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_bytes(&c, size, &out->value));
    for (size_t i = size; i-- > 0;)
        out->bits = (out->bits << 8) | out->value.data[i];
    if (corsym_cursor_at_end(&c)) {
        out->kind = CORSYM_CONST_PRIMITIVE;
        return CORSYM_OK;
    }
    /* Trailing type: an enum, whose underlying type must be integral. */
    if (code == CORSYM_ET_R4 || code == CORSYM_ET_R8)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_md_read_type_def_or_ref(&c, &out->type_token));
    if (!corsym_cursor_at_end(&c))
        return CORSYM_CORRUPT();
    out->kind = CORSYM_CONST_ENUM;
    return CORSYM_OK;
}

void corsym_ppdb_cmods_begin(struct corsym_ppdb_cmod_iter *it, const struct corsym_ppdb_constant *c)
{
    corsym_cursor_from_span(&it->cur, c->custom_modifiers);
}

corsym_status corsym_ppdb_cmods_next(struct corsym_ppdb_cmod_iter *it, bool *required,
                                     uint32_t *type_token)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    uint8_t b;
    CORSYM_TRY(corsym_cursor_u8(&it->cur, &b));
    if (b != CORSYM_ET_CMOD_OPT && b != CORSYM_ET_CMOD_REQD)
        return CORSYM_CORRUPT();
    *required = b == CORSYM_ET_CMOD_REQD;
    return corsym_md_read_type_def_or_ref(&it->cur, type_token);
}

int64_t corsym_ppdb_constant_signed(const struct corsym_ppdb_constant *c)
{
    uint64_t b = c->bits;
    unsigned bits;
    switch (c->type_code) {
    case CORSYM_ET_I1: bits = 8; break;
    case CORSYM_ET_I2: bits = 16; break;
    case CORSYM_ET_I4: bits = 32; break;
    case CORSYM_ET_I8: bits = 64; break;
    default: return (int64_t)b;
    }
    if (bits < 64 && (b >> (bits - 1) & 1))
        b |= ~0ull << bits;
    /* Two's complement reinterpretation without implementation-defined casts. */
    return b <= INT64_MAX ? (int64_t)b : -(int64_t)(~b) - 1;
}

corsym_status corsym_ppdb_constant_decimal(const struct corsym_ppdb_constant *c,
                                           struct corsym_decimal *out)
{
    if (c->kind != CORSYM_CONST_GENERAL || c->value.len != 13)
        return CORSYM_CORRUPT();
    struct corsym_cursor cur;
    corsym_cursor_from_span(&cur, c->value);
    uint8_t sign_scale;
    CORSYM_TRY(corsym_cursor_u8(&cur, &sign_scale));
    out->negative = (sign_scale & 0x80) != 0;
    out->scale = sign_scale & 0x7F;
    CORSYM_TRY(corsym_cursor_u32le(&cur, &out->lo));
    CORSYM_TRY(corsym_cursor_u32le(&cur, &out->mid));
    return corsym_cursor_u32le(&cur, &out->hi);
}

corsym_status corsym_ppdb_constant_datetime(const struct corsym_ppdb_constant *c, int64_t *ticks)
{
    if (c->kind != CORSYM_CONST_GENERAL || c->value.len != 8)
        return CORSYM_CORRUPT();
    struct corsym_cursor cur;
    corsym_cursor_from_span(&cur, c->value);
    return corsym_cursor_i64le(&cur, ticks);
}
