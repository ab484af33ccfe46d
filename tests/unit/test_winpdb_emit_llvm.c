/*
 * LLVM as an independent reader of what the Windows PDB emitter writes: every PDB goes
 * through `llvm-pdbutil dump -summary -streams -modules -l -symbols -publics -globals`
 * (Debian's llvm-14), which checks the superblock, directory, named-stream hash lookups,
 * DBI substreams, module record framing, C13 lines and the GSI/PSI hash tables. The
 * tool must exit 0 and print no error, and its dump must show what was written.
 * Skipped when no llvm-pdbutil is installed.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "llvm_pdbutil.h"
#include "test_winpdb_emit_model.h"

/* Writes the PDB, dumps it, and answers the dump (caller frees). */
static char *dump(const struct corsym_buf *pdb)
{
    return llvm_pdbutil_dump(pdb->data, pdb->len, "x.pdb",
                             "-summary -streams -modules -l -symbols -publics -globals");
}

static void expect(const char *text, const char *what)
{
    if (!strstr(text, what)) {
        fprintf(stderr, "llvm-pdbutil's dump lacks \"%s\"\n", what);
        fail();
    }
}

static void test_full(void **state)
{
    (void)state;
    test_no_decimal = 1;
    struct corsym_symwriter *w = full_model();
    test_no_decimal = 0;
    struct corsym_winpdb_emit_options o = test_options();
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL));
    char *text = dump(&pdb);
    expect(text, "Block Size: 512");
    expect(text, "GUID: {01234567-89AB-CDEF-0123-456789ABCDEF}");
    expect(text, "Named Stream \"/src/files/c:\\src\\a.cs\"");
    expect(text, "Named Stream \"sourcelink\"");
    expect(text, "Mod 0000 | `N1.C`");
    expect(text, "Obj: `6888C01C`");
    expect(text, "Mod 0005 | `<DanglingDocuments*223343bd-a859-41a3-90c0-9dfa101f1a95>`");
    expect(text, "0001:00000000-0000000E, line/column/addr entries = 2");
    expect(text, "ASI 0000000A");
    expect(text, "S_PROCREF [size = 20] `.ctor`");
    expect(text, "S_PUB32 [size = 32] `COM+_Entry_Point`");
    expect(text, "S_BLOCK32 [size = 24] ``");
    expect(text, "S_UNAMESPACE [size = 16] `@FSystem`");
    expect(text, "S_MANCONSTANT [size = 20] `Text`");
    expect(text, "S_MANCONSTANT [size = 24] `Nothing`");
    expect(text, "backend = 4.8.0.1");
    free(text);
    corsym_buf_free(&pdb);
    corsym_symwriter_free(w);
}

static void test_small_models(void **state)
{
    (void)state;
    struct corsym_symwriter *w;
    OK(corsym_symwriter_new(&w, 0));
    struct corsym_winpdb_emit_options o = test_options();
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL)); /* nothing at all */
    free(dump(&pdb));
    corsym_buf_clear(&pdb);
    uint32_t doc;
    OK(corsym_symwriter_define_document(w, W("C:\\src\\R.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &doc));
    OK(corsym_symwriter_remap_token(w, 0x06000001, 0x06000002));
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL)); /* a dangling document, a token map */
    free(dump(&pdb));
    corsym_buf_clear(&pdb);
    for (uint32_t t = 1; t <= 3; t++)
        simple_method(w, 0x06000000 | t, doc, t);
    OK(corsym_symwriter_set_entry_point(w, 0x06000002));
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL));
    char *text = dump(&pdb);
    expect(text, "Token Rid Data");
    free(text);
    corsym_buf_free(&pdb);
    corsym_symwriter_free(w);
}

/* Big enough to cross free block map intervals at 512 bytes; and 4 KiB blocks. */
static void test_large(void **state)
{
    (void)state;
    struct corsym_symwriter *w = large_model(4000, 300);
    uint32_t types = 300;
    struct corsym_winpdb_emit_options o = test_options();
    o.names_context = &types;
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL));
    assert_true(pdb.len > 512 * 1024);
    char *text = dump(&pdb);
    expect(text, "Mod 0299 | `NS.T");
    free(text);
    corsym_buf_clear(&pdb);
    o.block_size = 4096;
    OK(corsym_winpdb_emit(w, &o, &pdb, NULL));
    text = dump(&pdb);
    expect(text, "Block Size: 4096");
    free(text);
    corsym_buf_free(&pdb);
    corsym_symwriter_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_small_models),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
