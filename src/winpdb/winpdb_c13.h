/*
 * C13 debug subsections of a module stream (research/windows-pdb.md §7.5):
 * DEBUG_S_LINES (line tables per method, with columns) and
 * DEBUG_S_FILECHKSMS (the module's documents). Other kinds are skipped.
 */
#ifndef CORSYM_WINPDB_WINPDB_C13_H
#define CORSYM_WINPDB_WINPDB_C13_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

#define CORSYM_DEBUG_S_IGNORE 0x80000000u
#define CORSYM_DEBUG_S_SYMBOLS 0xF1u
#define CORSYM_DEBUG_S_LINES 0xF2u
#define CORSYM_DEBUG_S_STRINGTABLE 0xF3u
#define CORSYM_DEBUG_S_FILECHKSMS 0xF4u

#define CORSYM_CV_LINES_HAVE_COLUMNS 0x0001u
/* Line number of a hidden sequence point. */
#define CORSYM_C13_HIDDEN_LINE 0xFEEFEEu

struct corsym_c13_subsection {
    uint32_t kind;
    uint32_t offset;         /* of the kind field, in the C13 span */
    struct corsym_span data; /* `length` bytes, without the alignment padding */
};

struct corsym_c13_iter {
    struct corsym_cursor cur;
};
void corsym_c13_begin(struct corsym_c13_iter *it, struct corsym_span c13);
/* OK, NOT_FOUND at the end, CORRUPT if a subsection runs past the span. */
corsym_status corsym_c13_next(struct corsym_c13_iter *it, struct corsym_c13_subsection *out);

/* ---- DEBUG_S_LINES ---------------------------------------------------- */
struct corsym_c13_lines {
    uint32_t offset;   /* virtual address of the method (offCon) */
    uint16_t segment;
    uint16_t flags;    /* CORSYM_CV_LINES_HAVE_COLUMNS */
    uint32_t code_size;
    struct corsym_cursor blocks; /* internal: the file blocks still to read */
};
corsym_status corsym_c13_lines_parse(struct corsym_span data, struct corsym_c13_lines *out);

struct corsym_c13_line_block {
    uint32_t file_id;  /* byte offset of the entry in this module's FILECHKSMS */
    uint32_t count;
    bool has_columns;
    struct corsym_span lines;   /* count x 8 bytes */
    struct corsym_span columns; /* count x 4 bytes, empty without columns */
};
/* Next block of the table: OK, NOT_FOUND at the end, CORRUPT when the
 * block's declared size does not hold its lines (and columns). */
corsym_status corsym_c13_lines_next(struct corsym_c13_lines *l, struct corsym_c13_line_block *out);

struct corsym_c13_line {
    uint32_t offset;      /* IL offset, relative to the method */
    uint32_t start_line;
    uint32_t end_line;    /* start + 7-bit delta */
    bool is_statement;
    uint16_t start_column, end_column; /* 0 without columns */
};
corsym_status corsym_c13_line_at(const struct corsym_c13_line_block *b, uint32_t i,
                                 struct corsym_c13_line *out);

/* ---- DEBUG_S_FILECHKSMS ----------------------------------------------- */
struct corsym_c13_file {
    uint32_t id;          /* byte offset of the entry in the subsection */
    uint32_t name_ni;     /* offset in /names */
    uint8_t checksum_kind;
    struct corsym_span checksum;
};
struct corsym_c13_files_iter {
    struct corsym_cursor cur;
};
void corsym_c13_files_begin(struct corsym_c13_files_iter *it, struct corsym_span data);
corsym_status corsym_c13_files_next(struct corsym_c13_files_iter *it, struct corsym_c13_file *out);
/* The entry at byte offset `id` (what a line block's file_id names). */
corsym_status corsym_c13_file_at(struct corsym_span data, uint32_t id, struct corsym_c13_file *out);

#endif
