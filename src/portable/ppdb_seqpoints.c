/*
 * Sequence-point blobs (PortablePdb-Metadata.md "Sequence Points Blob").
 * Rules checked here follow the spec and System.Reflection.Metadata:
 * IL offsets strictly increase after the first record, a 0 IL delta after
 * the first record is a document record, lines stay in [0, 0x20000000)
 * and never equal the hidden marker, columns stay in [0, 0x10000).
 */
#include <string.h>

#include "portable/ppdb_blobs.h"

static corsym_status read_document(struct corsym_ppdb_seqpt_iter *it, uint32_t *doc)
{
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, doc));
    if (*doc == 0 || (it->max_document != 0 && *doc > it->max_document))
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}

corsym_status corsym_ppdb_seqpts_begin(struct corsym_ppdb_seqpt_iter *it, struct corsym_span blob,
                                       uint32_t mdi_document, uint32_t max_document)
{
    memset(it, 0, sizeof *it);
    corsym_cursor_from_span(&it->cur, blob);
    it->max_document = max_document;
    it->first = true;
    /* Kept raw: the F# compiler stores the whole token (0x11000003) where
     * the spec says rid; OR-ing in 0x11000000 yields the token either way,
     * as the reference reader does. */
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &it->local_signature));
    if (mdi_document == 0)
        return read_document(it, &it->document);
    it->document = mdi_document;
    return CORSYM_OK;
}

corsym_status corsym_ppdb_seqpts_local_signature(struct corsym_span blob, uint32_t *rid)
{
    struct corsym_ppdb_seqpt_iter it;
    /* The initial document is irrelevant here; pretend the row names one. */
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, blob, 1, 0));
    *rid = it.local_signature;
    return CORSYM_OK;
}

static bool valid_line(int64_t line)
{
    return line >= 0 && line <= CORSYM_PPDB_MAX_LINE && line != CORSYM_PPDB_HIDDEN_LINE;
}

static bool valid_column(int64_t col)
{
    return col >= 0 && col <= 0xFFFF;
}

corsym_status corsym_ppdb_seqpts_next(struct corsym_ppdb_seqpt_iter *it,
                                      struct corsym_ppdb_seqpt *out)
{
    uint32_t delta_il;
    for (;;) {
        if (corsym_cursor_at_end(&it->cur))
            return CORSYM_NOT_FOUND;
        CORSYM_TRY(corsym_cursor_cuint(&it->cur, &delta_il));
        if (it->first || delta_il != 0)
            break;
        CORSYM_TRY(read_document(it, &it->document));
    }

    uint64_t il = it->first ? delta_il : (uint64_t)it->il_offset + delta_il;
    /* System.Reflection.Metadata keeps offsets in an int. */
    if (il > INT32_MAX)
        return CORSYM_CORRUPT();

    uint32_t delta_lines;
    int64_t delta_columns;
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &delta_lines));
    if (delta_lines == 0) {
        uint32_t u;
        CORSYM_TRY(corsym_cursor_cuint(&it->cur, &u));
        delta_columns = u;
    } else {
        int32_t s;
        CORSYM_TRY(corsym_cursor_cint(&it->cur, &s));
        delta_columns = s;
    }

    memset(out, 0, sizeof *out);
    if (delta_lines == 0 && delta_columns == 0) {
        out->hidden = true;
        out->start_line = out->end_line = CORSYM_PPDB_HIDDEN_LINE;
    } else {
        int64_t start_line, start_col;
        if (!it->have_non_hidden) {
            uint32_t l, c;
            CORSYM_TRY(corsym_cursor_cuint(&it->cur, &l));
            CORSYM_TRY(corsym_cursor_cuint(&it->cur, &c));
            start_line = l;
            start_col = c;
        } else {
            int32_t dl, dc;
            CORSYM_TRY(corsym_cursor_cint(&it->cur, &dl));
            CORSYM_TRY(corsym_cursor_cint(&it->cur, &dc));
            start_line = (int64_t)it->prev_start_line + dl;
            start_col = (int64_t)it->prev_start_column + dc;
        }
        int64_t end_line = start_line + delta_lines;
        int64_t end_col = start_col + delta_columns;
        if (!valid_line(start_line) || !valid_line(end_line) || !valid_column(start_col) ||
            !valid_column(end_col))
            return CORSYM_CORRUPT();
        out->start_line = (uint32_t)start_line;
        out->end_line = (uint32_t)end_line;
        out->start_column = (uint16_t)start_col;
        out->end_column = (uint16_t)end_col;
        it->prev_start_line = out->start_line;
        it->prev_start_column = out->start_column;
        it->have_non_hidden = true;
    }
    out->il_offset = (uint32_t)il;
    out->document = it->document;
    it->il_offset = (uint32_t)il;
    it->first = false;
    return CORSYM_OK;
}
