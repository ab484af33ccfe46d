#include "winpdb/winpdb_c13.h"

#include "base/checked.h"

void corsym_c13_begin(struct corsym_c13_iter *it, struct corsym_span c13)
{
    corsym_cursor_from_span(&it->cur, c13);
}

corsym_status corsym_c13_next(struct corsym_c13_iter *it, struct corsym_c13_subsection *out)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    size_t start = it->cur.pos;
    uint32_t len;
    corsym_status st;
    if ((st = corsym_cursor_u32le(&it->cur, &out->kind)) ||
        (st = corsym_cursor_u32le(&it->cur, &len)) ||
        (st = corsym_cursor_bytes(&it->cur, len, &out->data))) {
        it->cur.pos = start;
        return st;
    }
    out->offset = (uint32_t)start;
    /* Subsections are 4-aligned; the last one may end without padding. */
    size_t pad = (4 - len % 4) % 4;
    if (pad > corsym_cursor_remaining(&it->cur))
        pad = corsym_cursor_remaining(&it->cur);
    it->cur.pos += pad;
    return CORSYM_OK;
}

corsym_status corsym_c13_lines_parse(struct corsym_span data, struct corsym_c13_lines *out)
{
    struct corsym_cursor c;
    corsym_cursor_from_span(&c, data);
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->offset));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->segment));
    CORSYM_TRY(corsym_cursor_u16le(&c, &out->flags));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->code_size));
    corsym_cursor_from_span(&out->blocks, corsym_cursor_rest(&c));
    return CORSYM_OK;
}

corsym_status corsym_c13_lines_next(struct corsym_c13_lines *l, struct corsym_c13_line_block *out)
{
    struct corsym_cursor *c = &l->blocks;
    if (corsym_cursor_at_end(c))
        return CORSYM_NOT_FOUND;
    uint32_t size;
    CORSYM_TRY(corsym_cursor_u32le(c, &out->file_id));
    CORSYM_TRY(corsym_cursor_u32le(c, &out->count));
    CORSYM_TRY(corsym_cursor_u32le(c, &size));
    out->has_columns = (l->flags & CORSYM_CV_LINES_HAVE_COLUMNS) != 0;

    size_t per = out->has_columns ? 12 : 8, need;
    if (size < 12 || !corsym_checked_madd(12, out->count, per, &need) || need > size)
        return CORSYM_CORRUPT(); /* block size cannot hold its lines */
    struct corsym_cursor block;
    CORSYM_TRY(corsym_cursor_take(c, size - 12, &block));
    CORSYM_TRY(corsym_cursor_bytes(&block, (size_t)out->count * 8, &out->lines));
    out->columns = corsym_span_make(NULL, 0);
    if (out->has_columns)
        CORSYM_TRY(corsym_cursor_bytes(&block, (size_t)out->count * 4, &out->columns));
    return CORSYM_OK;
}

corsym_status corsym_c13_line_at(const struct corsym_c13_line_block *b, uint32_t i,
                                 struct corsym_c13_line *out)
{
    if (i >= b->count)
        return CORSYM_NOT_FOUND;
    struct corsym_cursor c;
    uint32_t bits;
    corsym_cursor_from_span(&c, b->lines);
    CORSYM_TRY(corsym_cursor_seek(&c, (size_t)i * 8));
    CORSYM_TRY(corsym_cursor_u32le(&c, &out->offset));
    CORSYM_TRY(corsym_cursor_u32le(&c, &bits));
    out->start_line = bits & 0xFFFFFFu;
    out->end_line = out->start_line + ((bits >> 24) & 0x7Fu);
    out->is_statement = (bits >> 31) != 0;
    out->start_column = out->end_column = 0;
    if (b->has_columns) {
        corsym_cursor_from_span(&c, b->columns);
        CORSYM_TRY(corsym_cursor_seek(&c, (size_t)i * 4));
        CORSYM_TRY(corsym_cursor_u16le(&c, &out->start_column));
        CORSYM_TRY(corsym_cursor_u16le(&c, &out->end_column));
    }
    return CORSYM_OK;
}

void corsym_c13_files_begin(struct corsym_c13_files_iter *it, struct corsym_span data)
{
    corsym_cursor_from_span(&it->cur, data);
}

corsym_status corsym_c13_files_next(struct corsym_c13_files_iter *it, struct corsym_c13_file *out)
{
    struct corsym_cursor *c = &it->cur;
    if (corsym_cursor_at_end(c))
        return CORSYM_NOT_FOUND;
    size_t start = c->pos;
    uint8_t len;
    corsym_status st;
    out->id = (uint32_t)start;
    if ((st = corsym_cursor_u32le(c, &out->name_ni)) || (st = corsym_cursor_u8(c, &len)) ||
        (st = corsym_cursor_u8(c, &out->checksum_kind)) ||
        (st = corsym_cursor_bytes(c, len, &out->checksum))) {
        c->pos = start;
        return st;
    }
    /* Entries are 4-aligned relative to the subsection. */
    size_t pad = (4 - (c->pos - start) % 4) % 4;
    if (pad > corsym_cursor_remaining(c))
        pad = corsym_cursor_remaining(c);
    c->pos += pad;
    return CORSYM_OK;
}

corsym_status corsym_c13_file_at(struct corsym_span data, uint32_t id, struct corsym_c13_file *out)
{
    struct corsym_c13_files_iter it;
    corsym_c13_files_begin(&it, data);
    if (id >= data.len)
        return CORSYM_CORRUPT(); /* file id outside FILECHKSMS */
    it.cur.pos = id;
    corsym_status st = corsym_c13_files_next(&it, out);
    return st == CORSYM_NOT_FOUND ? CORSYM_CORRUPT() : st;
}
