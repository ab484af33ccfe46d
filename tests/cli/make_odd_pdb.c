/* SPDX-License-Identifier: MIT */
/*
 * make_odd_pdb SHAPE OUT: Portable PDBs of shapes no compiler writes, for the corsym command's
 * tests. Written by corsym's own core writer (the shape is what matters, not who wrote it):
 *   deep      one method nesting 1 100 scopes, one in the other (and a sequence point, so
 *             that readers list the method): dump and convert must leave out what lies
 *             deeper than CLI_MAX_SCOPE_DEPTH with a note, where following it (recursively,
 *             as both do) would overflow the stack for a hostile PDB;
 *   dupnames  three documents, the third's Document row patched to the first's name (the
 *             writer itself keeps one document per name), each with a method: PdbToXml
 *             numbers names, so the dump gives the first and third the same id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/symwriter.h"
#include "portable/ecma335.h"
#include "portable/ppdb_emit.h"

#define DEPTH 1100

static const uint8_t csharp[16] = { 0xf8, 0x62, 0x51, 0x3f, 0xc6, 0x07, 0xd3, 0x11,
                                    0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };

static int fail(const char *what)
{
    fprintf(stderr, "make_odd_pdb: %s failed\n", what);
    return 1;
}

static corsym_status one_point(struct corsym_symwriter *w, uint32_t doc, uint32_t line)
{
    uint32_t offset = 0, column = 1, end_line = line, end_column = 2;
    return corsym_symwriter_define_sequence_points(w, doc, 1, &offset, &line, &column,
                                                   &end_line, &end_column);
}

static int deep(struct corsym_symwriter *w)
{
    static const uint16_t url[] = { 'd', 'e', 'e', 'p', '.', 'c', 's' };
    uint32_t doc, id;
    if (corsym_symwriter_define_document(w, url, 7, csharp, NULL, NULL, &doc) != CORSYM_OK ||
        corsym_symwriter_open_method(w, 0x06000001) != CORSYM_OK || one_point(w, doc, 1))
        return fail("the method");
    for (uint32_t i = 0; i < DEPTH; i++)
        if (corsym_symwriter_open_scope(w, i, &id) != CORSYM_OK)
            return fail("OpenScope");
    /* The innermost scope closes first: [i, 2 DEPTH - i) lies inside every outer one. */
    for (uint32_t i = 0; i < DEPTH; i++)
        if (corsym_symwriter_close_scope(w, DEPTH + 1 + i) != CORSYM_OK)
            return fail("CloseScope");
    return corsym_symwriter_close_method(w) == CORSYM_OK ? 0 : fail("CloseMethod");
}

static int three_documents(struct corsym_symwriter *w)
{
    static const uint16_t names[3][4] = { { 'a', '.', 'c', 's' }, { 'b', '.', 'c', 's' },
                                          { 'c', '.', 'c', 's' } };
    for (uint32_t i = 0; i < 3; i++) {
        uint32_t doc;
        if (corsym_symwriter_define_document(w, names[i], 4, csharp, NULL, NULL, &doc) ||
            corsym_symwriter_open_method(w, 0x06000001 + i) || one_point(w, doc, i + 1) ||
            corsym_symwriter_close_method(w))
            return fail("a document's method");
    }
    return 0;
}

/* Document row 3 gets row 1's Name column. */
static int patch_names(struct corsym_buf *image)
{
    struct corsym_md md;
    if (corsym_md_open(&md, corsym_span_make(image->data, image->len)) != CORSYM_OK)
        return fail("reading the image back");
    const struct corsym_md_table_layout *t = &md.tbl[CORSYM_TBL_DOCUMENT];
    if (t->rows != 3)
        return fail("finding three documents");
    size_t tables = (size_t)(md.tables.data - image->data);
    uint8_t *row1 = image->data + tables + t->offset;
    uint8_t *row3 = row1 + 2 * (size_t)t->row_size;
    memcpy(row3 + t->col_offset[0], row1 + t->col_offset[0], t->col_width[0]);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "deep") && strcmp(argv[1], "dupnames")))
        return fail("usage: make_odd_pdb deep|dupnames OUT;");
    bool dupnames = !strcmp(argv[1], "dupnames");
    struct corsym_symwriter *w;
    if (corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE) != CORSYM_OK)
        return fail("the model");
    if (dupnames ? three_documents(w) : deep(w))
        return 1;
    struct corsym_ppdb_emit_options options;
    memset(&options, 0, sizeof(options));
    struct corsym_buf image = CORSYM_BUF_INIT;
    size_t id_offset;
    if (corsym_symwriter_check_complete(w) != CORSYM_OK ||
        corsym_ppdb_emit(w, &options, &image, &id_offset) != CORSYM_OK)
        return fail("emitting");
    if (dupnames && patch_names(&image))
        return 1;
    FILE *f = fopen(argv[2], "wb");
    if (!f || fwrite(image.data, 1, image.len, f) != image.len || fclose(f) != 0)
        return fail("writing OUT");
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
    return 0;
}
