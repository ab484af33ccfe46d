/*
 * MD2 custom debug info (Roslyn CustomDebugInfoReader semantics): a 4-byte
 * global header, then records of {version, kind, 0, alignment, u32 size}.
 */
#include "winpdb/winpdb_md2.h"

#include <string.h>

#include "base/checked.h"

corsym_status corsym_md2_begin(struct corsym_md2_iter *it, struct corsym_span blob, uint8_t *count)
{
    uint8_t version, n;
    uint16_t pad;
    corsym_cursor_from_span(&it->cur, blob);
    CORSYM_TRY(corsym_cursor_u8(&it->cur, &version));
    CORSYM_TRY(corsym_cursor_u8(&it->cur, &n));
    CORSYM_TRY(corsym_cursor_u16le(&it->cur, &pad));
    if (version != CORSYM_MD2_VERSION)
        return CORSYM_E_UNSUPPORTED;
    if (count)
        *count = n;
    return CORSYM_OK;
}

static bool has_alignment(uint8_t kind)
{
    /* Older compilers left garbage (0xFF seen) in this byte for kinds <= 5. */
    return kind == CORSYM_MD2_ENC_LOCAL_SLOT_MAP || kind == CORSYM_MD2_ENC_LAMBDA_MAP ||
           kind == CORSYM_MD2_TUPLE_ELEMENT_NAMES || kind == CORSYM_MD2_ENC_STATE_MACHINE_STATES;
}

corsym_status corsym_md2_next(struct corsym_md2_iter *it, struct corsym_md2_record *out)
{
    struct corsym_cursor *c = &it->cur;
    if (corsym_cursor_remaining(c) < 8)
        return CORSYM_NOT_FOUND; /* trailing S_OEM padding is shorter than a header */
    uint8_t zero;
    uint32_t size;
    CORSYM_TRY(corsym_cursor_u8(c, &out->version));
    CORSYM_TRY(corsym_cursor_u8(c, &out->kind));
    CORSYM_TRY(corsym_cursor_u8(c, &zero));
    CORSYM_TRY(corsym_cursor_u8(c, &out->alignment));
    CORSYM_TRY(corsym_cursor_u32le(c, &size));
    if (size < 8)
        return CORSYM_CORRUPT(); /* MD2 record smaller than its header */
    CORSYM_TRY(corsym_cursor_bytes(c, size - 8, &out->body));
    if (has_alignment(out->kind)) {
        if (out->alignment > 3 || out->alignment > out->body.len)
            return CORSYM_CORRUPT(); /* alignment padding larger than the body */
        out->body.len -= out->alignment;
        if (!out->body.len)
            out->body.data = NULL;
    }
    return CORSYM_OK;
}

corsym_status corsym_md2_using_groups(struct corsym_span body, uint16_t *n)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u16le(&c, n));
    if (*n > corsym_cursor_remaining(&c) / 2)
        return CORSYM_CORRUPT(); /* more groups than the record holds */
    return CORSYM_OK;
}

corsym_status corsym_md2_using_group_at(struct corsym_span body, uint16_t i, uint16_t *count)
{
    uint16_t n;
    CORSYM_TRY(corsym_md2_using_groups(body, &n));
    if (i >= n)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_seek(&c, 2 + (size_t)i * 2));
    return corsym_cursor_u16le(&c, count);
}

corsym_status corsym_md2_forward(struct corsym_span body, uint32_t *token)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    return corsym_cursor_u32le(&c, token);
}

/* u32 n, then n fixed-size items that must fit in the body. */
static corsym_status counted(struct corsym_span body, size_t item, uint32_t *n)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_u32le(&c, n));
    if (*n > corsym_cursor_remaining(&c) / item)
        return CORSYM_CORRUPT(); /* count larger than the record holds */
    return CORSYM_OK;
}

corsym_status corsym_md2_hoisted_count(struct corsym_span body, uint32_t *n)
{
    return counted(body, 8, n);
}

corsym_status corsym_md2_hoisted_at(struct corsym_span body, uint32_t i, uint32_t *start,
                                    uint32_t *end_inclusive)
{
    uint32_t n;
    CORSYM_TRY(corsym_md2_hoisted_count(body, &n));
    if (i >= n)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_seek(&c, 4 + (size_t)i * 8));
    CORSYM_TRY(corsym_cursor_u32le(&c, start));
    return corsym_cursor_u32le(&c, end_inclusive);
}

corsym_status corsym_md2_state_machine_type_name(struct corsym_span body, struct corsym_span *utf16)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, body);
    for (;;) {
        uint16_t ch;
        CORSYM_TRY(corsym_cursor_u16le(&c, &ch)); /* CORRUPT: no terminator */
        if (ch == 0)
            break;
    }
    *utf16 = corsym_span_make(body.data, c.pos - 2);
    return CORSYM_OK;
}

#define DYNAMIC_FLAGS 64u
#define DYNAMIC_NAME 64u
#define DYNAMIC_ITEM (DYNAMIC_FLAGS + 4 + 4 + DYNAMIC_NAME * 2)

corsym_status corsym_md2_dynamic_count(struct corsym_span body, uint32_t *n)
{
    return counted(body, DYNAMIC_ITEM, n);
}

corsym_status corsym_md2_dynamic_at(struct corsym_span body, uint32_t i,
                                    struct corsym_md2_dynamic_local *out)
{
    uint32_t n;
    CORSYM_TRY(corsym_md2_dynamic_count(body, &n));
    if (i >= n)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    struct corsym_span flags, name;
    corsym_cursor_from_span(&c, body);
    CORSYM_TRY(corsym_cursor_seek(&c, 4 + (size_t)i * DYNAMIC_ITEM));
    CORSYM_TRY(corsym_cursor_bytes(&c, DYNAMIC_FLAGS, &flags));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->flag_count));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->slot));
    CORSYM_TRY(corsym_cursor_bytes(&c, DYNAMIC_NAME * 2, &name));
    if (out->flag_count > DYNAMIC_FLAGS)
        return CORSYM_CORRUPT(); /* more dynamic flags than the record has room for */
    out->flags = corsym_span_make(flags.data, out->flag_count);
    size_t len = 0;
    while (len < DYNAMIC_NAME && (name.data[2 * len] | name.data[2 * len + 1]))
        len++;
    out->name_utf16 = corsym_span_make(name.data, len * 2);
    return CORSYM_OK;
}

corsym_status corsym_md2_next_cstr(struct corsym_cursor *c, struct corsym_span *out)
{
    if (corsym_cursor_at_end(c))
        return CORSYM_NOT_FOUND;
    return corsym_cursor_cstr(c, out);
}

corsym_status corsym_md2_tuple_begin(struct corsym_md2_tuple_iter *it, struct corsym_span body,
                                     uint32_t *count)
{
    corsym_cursor_from_span(&it->cur, body);
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &it->remaining));
    /* Every entry is at least 4 + 4 + 4 + 4 + 1 bytes. */
    if (it->remaining > corsym_cursor_remaining(&it->cur) / 17)
        return CORSYM_CORRUPT(); /* more tuple locals than the record holds */
    if (count)
        *count = it->remaining;
    return CORSYM_OK;
}

corsym_status corsym_md2_tuple_next(struct corsym_md2_tuple_iter *it,
                                    struct corsym_md2_tuple_local *out)
{
    if (it->remaining == 0)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor *c = &it->cur;
    CORSYM_TRY(corsym_cursor_u32le(c, &out->element_count));
    if (out->element_count > corsym_cursor_remaining(c))
        return CORSYM_CORRUPT(); /* more element names than bytes */
    size_t start = c->pos;
    for (uint32_t k = 0; k < out->element_count; k++) {
        struct corsym_span ignored;
        CORSYM_TRY(corsym_cursor_cstr(c, &ignored));
    }
    out->element_names = corsym_span_make(c->data + start, c->pos - start);
    CORSYM_TRY(corsym_cursor_i32le(c, &out->slot));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->scope_start));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->scope_end));
    CORSYM_TRY(corsym_cursor_cstr(c, &out->name));
    it->remaining--;
    return CORSYM_OK;
}

/* Walk a known kind's body completely, so the decoded form is trustworthy. */
static corsym_status validate(uint8_t kind, struct corsym_span body, struct corsym_md2_info *info)
{
    switch (kind) {
    case CORSYM_MD2_USING_GROUPS: {
        uint16_t n;
        return corsym_md2_using_groups(body, &n);
    }
    case CORSYM_MD2_FORWARD_METHOD:
        return corsym_md2_forward(body, &info->forward_method);
    case CORSYM_MD2_FORWARD_MODULE:
        return corsym_md2_forward(body, &info->forward_module);
    case CORSYM_MD2_HOISTED_LOCAL_SCOPES: {
        uint32_t n;
        return corsym_md2_hoisted_count(body, &n);
    }
    case CORSYM_MD2_STATE_MACHINE_TYPE_NAME: {
        struct corsym_span name;
        return corsym_md2_state_machine_type_name(body, &name);
    }
    case CORSYM_MD2_DYNAMIC_LOCALS: {
        uint32_t n;
        struct corsym_md2_dynamic_local d;
        CORSYM_TRY(corsym_md2_dynamic_count(body, &n));
        for (uint32_t i = 0; i < n; i++)
            CORSYM_TRY(corsym_md2_dynamic_at(body, i, &d));
        return CORSYM_OK;
    }
    case CORSYM_MD2_TUPLE_ELEMENT_NAMES: {
        struct corsym_md2_tuple_iter it;
        struct corsym_md2_tuple_local t;
        corsym_status st;
        CORSYM_TRY(corsym_md2_tuple_begin(&it, body, NULL));
        while ((st = corsym_md2_tuple_next(&it, &t)) == CORSYM_OK)
            ;
        return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
    }
    default:
        return CORSYM_OK; /* EnC blobs: opaque here */
    }
}

corsym_status corsym_md2_decode(struct corsym_span blob, struct corsym_md2_info *out)
{
    memset(out, 0, sizeof *out);
    struct corsym_md2_iter it;
    struct corsym_md2_record r;
    corsym_status st;
    CORSYM_TRY(corsym_md2_begin(&it, blob, &out->stored_count));
    while ((st = corsym_md2_next(&it, &r)) == CORSYM_OK) {
        if (r.version != CORSYM_MD2_VERSION)
            continue;
        out->record_count++;
        if (r.kind >= CORSYM_MD2_KIND_COUNT) {
            out->unknown_count++;
            continue;
        }
        if (out->has[r.kind])
            continue;
        CORSYM_TRY(validate(r.kind, r.body, out));
        out->has[r.kind] = true;
        out->body[r.kind] = r.body;
    }
    return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
}

corsym_status corsym_async_info_parse(struct corsym_span data, struct corsym_async_info *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    uint32_t catch_offset;
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->kickoff_token));
    CORSYM_TRY(corsym_cursor_u32le(&c, &catch_offset));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->step_count));
    out->has_catch_handler = catch_offset != UINT32_MAX;
    out->catch_handler_offset = catch_offset;
    if (out->step_count > corsym_cursor_remaining(&c) / 12)
        return CORSYM_CORRUPT(); /* more async steps than the record holds */
    return corsym_cursor_bytes(&c, (size_t)out->step_count * 12, &out->steps);
}

corsym_status corsym_async_step_at(const struct corsym_async_info *info, uint32_t i,
                                   struct corsym_async_step *out)
{
    if (i >= info->step_count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, info->steps);
    CORSYM_TRY(corsym_cursor_seek(&c, (size_t)i * 12));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->yield_offset));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->breakpoint_method));
    return corsym_cursor_u32le(&c, &out->resume_offset);
}
