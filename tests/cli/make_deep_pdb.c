/* SPDX-License-Identifier: MIT */
/*
 * make_deep_pdb OUT: a Portable PDB whose one method nests 1 100 scopes, one in the other
 * (and a sequence point, so that readers list the method). The dump and convert tests check
 * that the corsym command leaves out what lies deeper than CLI_MAX_SCOPE_DEPTH with a note,
 * where following it (recursively, as both do) would overflow the stack for a hostile PDB.
 * Written by corsym's own core writer: the shape is what matters, not who wrote it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/symwriter.h"
#include "portable/ppdb_emit.h"

#define DEPTH 1100

static int fail(const char *what)
{
    fprintf(stderr, "make_deep_pdb: %s failed\n", what);
    return 1;
}

int main(int argc, char **argv)
{
    static const uint16_t url[] = { 'd', 'e', 'e', 'p', '.', 'c', 's' };
    static const uint8_t csharp[16] = { 0xf8, 0x62, 0x51, 0x3f, 0xc6, 0x07, 0xd3, 0x11,
                                        0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };
    if (argc != 2)
        return fail("usage: make_deep_pdb OUT;");
    struct corsym_symwriter *w;
    uint32_t doc, id, offset = 0, line = 1, column = 1, end_line = 1, end_column = 2;
    if (corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE) != CORSYM_OK)
        return fail("the model");
    if (corsym_symwriter_define_document(w, url, 7, csharp, NULL, NULL, &doc) != CORSYM_OK ||
        corsym_symwriter_open_method(w, 0x06000001) != CORSYM_OK ||
        corsym_symwriter_define_sequence_points(w, doc, 1, &offset, &line, &column, &end_line,
                                                &end_column) != CORSYM_OK)
        return fail("the method");
    for (uint32_t i = 0; i < DEPTH; i++)
        if (corsym_symwriter_open_scope(w, i, &id) != CORSYM_OK)
            return fail("OpenScope");
    /* The innermost scope closes first: [i, 2 DEPTH - i) lies inside every outer one. */
    for (uint32_t i = 0; i < DEPTH; i++)
        if (corsym_symwriter_close_scope(w, DEPTH + 1 + i) != CORSYM_OK)
            return fail("CloseScope");
    if (corsym_symwriter_close_method(w) != CORSYM_OK)
        return fail("CloseMethod");
    struct corsym_ppdb_emit_options options;
    memset(&options, 0, sizeof(options));
    struct corsym_buf image = CORSYM_BUF_INIT;
    size_t id_offset;
    if (corsym_symwriter_check_complete(w) != CORSYM_OK ||
        corsym_ppdb_emit(w, &options, &image, &id_offset) != CORSYM_OK)
        return fail("emitting");
    FILE *f = fopen(argv[1], "wb");
    if (!f || fwrite(image.data, 1, image.len, f) != image.len || fclose(f) != 0)
        return fail("writing OUT");
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
    return 0;
}
