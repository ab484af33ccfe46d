/*
 * CodeView record framing and the fixed-layout managed records. Each
 * decoder reads its fields in order from a cursor over the body, so a short
 * record is CORRUPT rather than read past.
 */
#include "winpdb/winpdb_cv.h"

#include <string.h>

const uint8_t corsym_cv_managed_oem[16] = { 0xC9, 0x3F, 0xEA, 0xC6, 0xB3, 0x59, 0xD6, 0x49,
                                            0xBC, 0x25, 0x09, 0x02, 0xBB, 0xAB, 0xB4, 0x60 };

corsym_status corsym_cv_iter_begin(struct corsym_cv_iter *it, struct corsym_span records,
                                   size_t offset)
{
    corsym_cursor_from_span(&it->cur, records);
    return corsym_cursor_seek(&it->cur, offset);
}

corsym_status corsym_cv_next(struct corsym_cv_iter *it, struct corsym_cv_record *out)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    size_t start = it->cur.pos;
    uint16_t len;
    CORSYM_TRY(corsym_cursor_u16le(&it->cur, &len));
    struct corsym_cursor rec;
    corsym_status st;
    if (len < 2 || (st = corsym_cursor_take(&it->cur, len, &rec))) {
        it->cur.pos = start;
        return CORSYM_CORRUPT(); /* record length below 2 or past the end */
    }
    out->offset = (uint32_t)start;
    CORSYM_TRY(corsym_cursor_u16le(&rec, &out->kind));
    out->body = corsym_cursor_rest(&rec);
    return CORSYM_OK;
}

bool corsym_cv_opens_scope(uint16_t kind)
{
    switch (kind) {
    case CORSYM_S_GMANPROC:
    case CORSYM_S_LMANPROC:
    case CORSYM_S_BLOCK32:
    case CORSYM_S_WITH32:
    case CORSYM_S_THUNK32:
    case CORSYM_S_LPROC32:
    case CORSYM_S_GPROC32:
    case CORSYM_S_LPROC32_ID:
    case CORSYM_S_GPROC32_ID:
    case CORSYM_S_LPROC32_DPC:
    case CORSYM_S_LPROC32_DPC_ID:
    case CORSYM_S_SEPCODE:
    case CORSYM_S_INLINESITE:
    case CORSYM_S_INLINESITE2:
        return true;
    default:
        return false;
    }
}

bool corsym_cv_closes_scope(uint16_t kind)
{
    return kind == CORSYM_S_END || kind == CORSYM_S_INLINESITE_END ||
           kind == CORSYM_S_PROC_ID_END;
}

corsym_status corsym_cv_manproc_decode(struct corsym_span body, struct corsym_cv_manproc *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->parent));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->end));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->next));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->code_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->debug_start));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->debug_end));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->token));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->segment));
    CORSYM_TRY(corsym_cursor_u8(&c, &out->flags));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->return_reg));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_block_decode(struct corsym_span body, struct corsym_cv_block *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->parent));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->end));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->code_size));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->segment));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_manslot_decode(struct corsym_span body, struct corsym_cv_manslot *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->slot));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->type_token));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->attr_offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->attr_segment));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->flags));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_manconstant_decode(struct corsym_span body,
                                           struct corsym_cv_manconstant *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->type_token));
    CORSYM_TRY(corsym_cv_numeric_read(&c, &out->value));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_unamespace_decode(struct corsym_span body, struct corsym_span *name)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    return corsym_cursor_cstr(&c, name);
}

corsym_status corsym_cv_oem_decode(struct corsym_span body, struct corsym_cv_oem *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_copy(&c, out->guid, sizeof out->guid));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->type_index));
    size_t start = c.pos;
    for (;;) {
        uint16_t ch;
        CORSYM_TRY(corsym_cursor_u16le(&c, &ch)); /* CORRUPT: name without NUL */
        if (ch == 0)
            break;
    }
    out->name_utf16 = corsym_span_make(body.data + start, c.pos - start - 2);
    out->data = corsym_cursor_rest(&c);
    return CORSYM_OK;
}

bool corsym_cv_oem_is_managed(const struct corsym_cv_oem *oem)
{
    return memcmp(oem->guid, corsym_cv_managed_oem, sizeof oem->guid) == 0;
}

bool corsym_cv_oem_name_is(const struct corsym_cv_oem *oem, const char *ascii)
{
    size_t n = strlen(ascii);
    if (oem->name_utf16.len != n * 2)
        return false;
    for (size_t i = 0; i < n; i++)
        if (oem->name_utf16.data[2 * i] != (uint8_t)ascii[i] || oem->name_utf16.data[2 * i + 1])
            return false;
    return true;
}

corsym_status corsym_cv_refsym_decode(struct corsym_span body, struct corsym_cv_refsym *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->sum_name));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->symbol_offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->module));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_pub32_decode(struct corsym_span body, struct corsym_cv_pub32 *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->flags));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->segment));
    return corsym_cursor_cstr(&c, &out->name);
}

corsym_status corsym_cv_compile3_decode(struct corsym_span body, struct corsym_cv_compile3 *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->flags));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->machine));
    for (int i = 0; i < 4; i++)
        CORSYM_TRY(corsym_cursor_u16le(&c, &out->frontend[i]));
    for (int i = 0; i < 4; i++)
        CORSYM_TRY(corsym_cursor_u16le(&c, &out->backend[i]));
    return corsym_cursor_cstr(&c, &out->version);
}
