/* Internal to the ECMA-335 reader: schema queries used by ecma335_root.c. */
#ifndef CORSYM_PORTABLE_ECMA335_SCHEMA_H
#define CORSYM_PORTABLE_ECMA335_SCHEMA_H

#include "portable/ecma335.h"

bool corsym_md_schema_has_table(unsigned table);

/*
 * Fill md->tbl[*] (row sizes, column offsets, table offsets) from
 * md->tbl[*].rows, md->sizing_rows, md->heap_sizes and md->minimal_delta.
 * data_offset is where row 1 of the first table starts in the tables stream
 * of stream_len bytes. CORRUPT when the tables do not fit.
 */
corsym_status corsym_md_schema_layout(struct corsym_md *md, size_t data_offset, size_t stream_len);

#endif
