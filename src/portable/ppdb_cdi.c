/* Payload decoders of the well-known CustomDebugInformation kinds. */
#include <string.h>

#include "base/inflate.h"
#include "portable/ppdb_cdi.h"

/* ---- AsyncMethodSteppingInformation --------------------------------- */

corsym_status corsym_cdi_async_begin(struct corsym_cdi_async_iter *it, struct corsym_span value,
                                     bool *has_catch, uint32_t *catch_offset)
{
    corsym_cursor_from_span(&it->cur, value);
    uint32_t stored;
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &stored));
    /* Stored as offset + 1 so that 0 can mean "no catch handler". */
    *has_catch = stored != 0;
    *catch_offset = stored ? stored - 1 : 0;
    return CORSYM_OK;
}

corsym_status corsym_cdi_async_next(struct corsym_cdi_async_iter *it, struct corsym_cdi_await *out)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &out->yield_offset));
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &out->resume_offset));
    /* Raw value: validating it against MethodDef is the caller's job. */
    return corsym_cursor_cuint(&it->cur, &out->resume_method);
}

/* ---- StateMachineHoistedLocalScopes ---------------------------------- */

corsym_status corsym_cdi_hoisted_count(struct corsym_span value, size_t *count)
{
    if (value.len % 8)
        return CORSYM_CORRUPT();
    *count = value.len / 8;
    return CORSYM_OK;
}

corsym_status corsym_cdi_hoisted_get(struct corsym_span value, size_t index,
                                     struct corsym_cdi_hoisted_scope *out)
{
    size_t count = 0;
    CORSYM_TRY(corsym_cdi_hoisted_count(value, &count));
    if (index >= count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, value);
    CORSYM_TRY(corsym_cursor_seek(&c, index * 8));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->start_offset));
    return corsym_cursor_u32le(&c, &out->length);
}

/* ---- DynamicLocalVariables ------------------------------------------- */

bool corsym_cdi_dynamic_flag(struct corsym_span value, size_t index)
{
    struct corsym_span byte;
    if (corsym_span_sub(value, index / 8, 1, &byte) != CORSYM_OK)
        return false; /* trailing zero bytes are trimmed by writers */
    return (byte.data[0] >> (index % 8)) & 1;
}

/* ---- NUL-terminated string lists -------------------------------------- */

void corsym_cdi_tuple_names_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value)
{
    corsym_cursor_from_span(&it->cur, value);
}

corsym_status corsym_cdi_tuple_names_next(struct corsym_cdi_strings_iter *it, struct corsym_span *name)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    return corsym_cursor_cstr(&it->cur, name);
}

void corsym_cdi_options_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value)
{
    corsym_cursor_from_span(&it->cur, value);
}

corsym_status corsym_cdi_options_next(struct corsym_cdi_strings_iter *it, struct corsym_span *name,
                                      struct corsym_span *val)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(corsym_cursor_cstr(&it->cur, name));
    return corsym_cursor_cstr(&it->cur, val);
}

void corsym_cdi_references_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value)
{
    corsym_cursor_from_span(&it->cur, value);
}

corsym_status corsym_cdi_references_next(struct corsym_cdi_strings_iter *it,
                                         struct corsym_cdi_metadata_reference *out)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    CORSYM_TRY(corsym_cursor_cstr(&it->cur, &out->file_name));
    CORSYM_TRY(corsym_cursor_cstr(&it->cur, &out->aliases));
    CORSYM_TRY(corsym_cursor_u8(&it->cur, &out->flags));
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &out->timestamp));
    CORSYM_TRY(corsym_cursor_u32le(&it->cur, &out->image_size));
    return corsym_cursor_copy(&it->cur, out->mvid, 16);
}

void corsym_cdi_type_documents_begin(struct corsym_cdi_strings_iter *it, struct corsym_span value)
{
    corsym_cursor_from_span(&it->cur, value);
}

corsym_status corsym_cdi_type_documents_next(struct corsym_cdi_strings_iter *it, uint32_t *document)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    /* Raw value: validating it against Document is the caller's job. */
    return corsym_cursor_cuint(&it->cur, document);
}

/* ---- EmbeddedSource ---------------------------------------------------- */

corsym_status corsym_cdi_embedded_source_parse(struct corsym_span value, int32_t *format,
                                               struct corsym_span *content)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, value);
    CORSYM_TRY(corsym_cursor_i32le(&c, format));
    if (*format < 0)
        return CORSYM_E_UNSUPPORTED;
    *content = corsym_cursor_rest(&c);
    return CORSYM_OK;
}

corsym_status corsym_cdi_embedded_source_size(struct corsym_span value, size_t *size)
{
    int32_t format;
    struct corsym_span content;
    CORSYM_TRY(corsym_cdi_embedded_source_parse(value, &format, &content));
    *size = format == 0 ? content.len : (size_t)format;
    return CORSYM_OK;
}

corsym_status corsym_cdi_embedded_source_decode(struct corsym_span value, struct corsym_buf *out)
{
    int32_t format;
    struct corsym_span content;
    CORSYM_TRY(corsym_cdi_embedded_source_parse(value, &format, &content));
    if (format == 0)
        return corsym_buf_append(out, content.data, content.len);
    /* A declared size deflate could never reach from this input is a lie:
     * refuse it before allocating. */
    if ((uint64_t)format > ((uint64_t)content.len + 1) * CORSYM_INFLATE_MAX_RATIO)
        return CORSYM_CORRUPT();
    uint8_t *dst;
    size_t before = out->len;
    CORSYM_TRY(corsym_buf_extend(out, (size_t)format, &dst));
    corsym_status st = corsym_inflate_raw(content.data, content.len, dst, (size_t)format);
    if (st != CORSYM_OK) {
        out->len = before;
        out->data[before] = 0;
        return st == CORSYM_E_MISMATCH ? CORSYM_CORRUPT() : st;
    }
    return CORSYM_OK;
}

/* ---- EncLocalSlotMap --------------------------------------------------- */

void corsym_cdi_slots_begin(struct corsym_cdi_slots_iter *it, struct corsym_span value)
{
    corsym_cursor_from_span(&it->cur, value);
    it->baseline = -1;
}

corsym_status corsym_cdi_slots_next(struct corsym_cdi_slots_iter *it, struct corsym_cdi_slot *out)
{
    for (;;) {
        if (corsym_cursor_at_end(&it->cur))
            return CORSYM_NOT_FOUND;
        uint8_t b;
        CORSYM_TRY(corsym_cursor_u8(&it->cur, &b));
        memset(out, 0, sizeof *out);
        if (b == 0xFF) {
            /* Syntax offset baseline record: negative offsets are stored
             * relative to it. */
            uint32_t v;
            CORSYM_TRY(corsym_cursor_cuint(&it->cur, &v));
            it->baseline = -(int32_t)v;
            continue;
        }
        if (b == 0)
            return CORSYM_OK; /* short-lived temp, no info */
        out->has_info = true;
        out->kind = (uint8_t)((b & 0x3F) - 1);
        out->has_ordinal = (b & 0x80) != 0;
        uint32_t off;
        CORSYM_TRY(corsym_cursor_cuint(&it->cur, &off));
        out->syntax_offset = (int32_t)off + it->baseline;
        if (out->has_ordinal)
            CORSYM_TRY(corsym_cursor_cuint(&it->cur, &out->ordinal));
        return CORSYM_OK;
    }
}

/* ---- EncLambdaAndClosureMap -------------------------------------------- */

corsym_status corsym_cdi_lambda_map_begin(struct corsym_cdi_lambda_map *m, struct corsym_span value)
{
    memset(m, 0, sizeof *m);
    corsym_cursor_from_span(&m->cur, value);
    uint32_t ordinal, baseline;
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &ordinal));
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &baseline));
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &m->closure_count));
    m->method_ordinal = (int32_t)ordinal - 1;
    m->syntax_offset_baseline = -(int32_t)baseline;
    return CORSYM_OK;
}

corsym_status corsym_cdi_lambda_map_next_closure(struct corsym_cdi_lambda_map *m, int32_t *syntax_offset)
{
    if (m->closures_read >= m->closure_count)
        return CORSYM_NOT_FOUND;
    uint32_t v;
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &v));
    *syntax_offset = (int32_t)v + m->syntax_offset_baseline;
    m->closures_read++;
    return CORSYM_OK;
}

corsym_status corsym_cdi_lambda_map_next_lambda(struct corsym_cdi_lambda_map *m, struct corsym_cdi_lambda *out)
{
    /* Skip closures the caller did not read. */
    int32_t ignored;
    corsym_status st;
    while ((st = corsym_cdi_lambda_map_next_closure(m, &ignored)) == CORSYM_OK)
        ;
    if (st != CORSYM_NOT_FOUND)
        return st;
    if (corsym_cursor_at_end(&m->cur))
        return CORSYM_NOT_FOUND;
    uint32_t off, closure;
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &off));
    CORSYM_TRY(corsym_cursor_cuint(&m->cur, &closure));
    out->syntax_offset = (int32_t)off + m->syntax_offset_baseline;
    /* Stored relative to the smallest ordinal, -2 ("this" only). */
    out->closure_ordinal = (int32_t)closure - 2;
    if (out->closure_ordinal >= 0 && (uint32_t)out->closure_ordinal >= m->closure_count)
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}

/* ---- EncStateMachineStateMap ------------------------------------------ */

corsym_status corsym_cdi_states_begin(struct corsym_cdi_states_iter *it, struct corsym_span value,
                                      uint32_t *count)
{
    memset(it, 0, sizeof *it);
    corsym_cursor_from_span(&it->cur, value);
    *count = 0;
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_OK;
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &it->remaining));
    if (it->remaining > 0) {
        uint32_t b;
        CORSYM_TRY(corsym_cursor_cuint(&it->cur, &b));
        it->baseline = -(int32_t)b;
    }
    *count = it->remaining;
    return CORSYM_OK;
}

corsym_status corsym_cdi_states_next(struct corsym_cdi_states_iter *it, struct corsym_cdi_state *out)
{
    if (it->remaining == 0)
        return CORSYM_NOT_FOUND;
    uint32_t off;
    CORSYM_TRY(corsym_cursor_cint(&it->cur, &out->state_number));
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &off));
    out->syntax_offset = it->baseline + (int32_t)off;
    /* Entries are ordered by syntax offset. */
    if (it->any && out->syntax_offset < it->last_offset)
        return CORSYM_CORRUPT();
    it->last_offset = out->syntax_offset;
    it->any = true;
    it->remaining--;
    return CORSYM_OK;
}
