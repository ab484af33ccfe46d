/*
 * Sequence points of one method from its module's C13 line tables
 * (research §7.5). diasymreader writes one DEBUG_S_LINES per method, keyed
 * by the method's virtual address, and one FILECHKSMS per module; like
 * dnlib, the first table at the method's address is the method's.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>

#include "base/buf.h"

corsym_status corsym_winpdb_method_points(const struct corsym_winpdb_module_cache *mod,
                                          const struct corsym_cv_manproc *proc,
                                          struct corsym_winpdb_sequence_point **out,
                                          uint32_t *count)
{
    *out = NULL;
    *count = 0;
    struct corsym_span lines_data, files_data;
    bool has_lines, has_files;
    CORSYM_TRY(corsym_winpdb_cached_lines(mod, proc->segment, proc->offset, &lines_data,
                                          &has_lines, &files_data, &has_files));
    if (!has_lines)
        return CORSYM_OK;
    if (!has_files)
        return CORSYM_CORRUPT(); /* line table without FILECHKSMS */

    struct corsym_c13_lines lines;
    struct corsym_c13_line_block block;
    struct corsym_buf buf = CORSYM_BUF_INIT;
    corsym_status st = corsym_c13_lines_parse(lines_data, &lines);
    while (st == CORSYM_OK && (st = corsym_c13_lines_next(&lines, &block)) == CORSYM_OK) {
        struct corsym_c13_file file;
        if ((st = corsym_c13_file_at(files_data, block.file_id, &file)))
            break;
        for (uint32_t i = 0; st == CORSYM_OK && i < block.count; i++) {
            struct corsym_c13_line line;
            if ((st = corsym_c13_line_at(&block, i, &line)))
                break;
            struct corsym_winpdb_sequence_point sp = {
                .il_offset = line.offset,
                .document_ni = file.name_ni,
                .start_line = line.start_line,
                .end_line = line.end_line,
                .start_column = line.start_column,
                .end_column = line.end_column,
                .hidden = line.start_line == CORSYM_C13_HIDDEN_LINE,
                .is_statement = line.is_statement,
            };
            st = corsym_buf_append(&buf, &sp, sizeof sp);
        }
    }
    if (st != CORSYM_NOT_FOUND) {
        corsym_buf_free(&buf);
        return st;
    }
    size_t bytes;
    *count = (uint32_t)(buf.len / sizeof **out);
    *out = (struct corsym_winpdb_sequence_point *)(void *)corsym_buf_detach(&buf, &bytes);
    return CORSYM_OK;
}
