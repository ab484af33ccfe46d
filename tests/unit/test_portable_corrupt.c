/*
 * Hostile input: truncate real PDBs and PE files at every header boundary
 * (and many points beyond), flip bytes all over them, and check that
 * opening plus a full walk never crashes and always returns some status.
 * Meant to run under valgrind or -fsanitize=address,undefined.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pe/pe.h"
#include "pe/pe_dump.h"
#include "portable/portable.h"
#include "portable/ppdb_dump.h"

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
    if (p && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)(n > 0 ? n : 0);
    return p;
}

/* Everything a COM reader might touch. Returns the open status. */
static corsym_status walk_pdb(const uint8_t *data, size_t len)
{
    /* A private copy, so ASan/valgrind catch reads past the end. */
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    struct corsym_ppdb *pdb;
    corsym_status st = corsym_ppdb_open(&pdb, copy, len);
    if (st == CORSYM_OK) {
        struct corsym_buf b = CORSYM_BUF_INIT;
        (void)corsym_ppdb_dump(pdb, &b);
        corsym_buf_free(&b);
        struct corsym_ppdb_doc_index *idx;
        if (corsym_ppdb_doc_index_build(pdb, &idx) == CORSYM_OK)
            corsym_ppdb_doc_index_free(idx);
        uint32_t methods = corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
        for (uint32_t m = 1; m <= methods && m < 64; m++) {
            struct corsym_ppdb_scope_tree tree;
            if (corsym_ppdb_scope_tree_build(pdb, m, &tree) == CORSYM_OK)
                corsym_ppdb_scope_tree_free(&tree);
            uint32_t k, first, end;
            (void)corsym_ppdb_kickoff_method(pdb, m, &k);
            (void)corsym_ppdb_cdi_range(pdb, CORSYM_TBL_METHOD_DEF, m, &first, &end);
        }
        uint32_t rid;
        (void)corsym_ppdb_find_document(pdb, "x.cs", 4, &rid);
        corsym_ppdb_close(pdb);
    }
    free(copy);
    return st;
}

static corsym_status walk_pe(const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    struct corsym_pe pe;
    corsym_status st = corsym_pe_open(&pe, copy, len);
    if (st == CORSYM_OK) {
        struct corsym_buf b = CORSYM_BUF_INIT;
        (void)corsym_pe_dump(&pe, &b);
        corsym_buf_free(&b);
        uint8_t *pdb;
        size_t plen;
        if (corsym_pe_embedded_pdb_extract(&pe, &pdb, &plen) == CORSYM_OK) {
            walk_pdb(pdb, plen);
            free(pdb);
        }
        struct corsym_md md;
        if (corsym_pe_metadata_open(&pe, &md) == CORSYM_OK) {
            for (uint32_t r = 1; r <= corsym_md_rows(&md, CORSYM_TBL_METHOD_DEF) && r < 64; r++) {
                struct corsym_span name, ns;
                uint32_t t;
                (void)corsym_md_method_name(&md, r, &name);
                if (corsym_md_method_declaring_type(&md, r, &t) == CORSYM_OK)
                    (void)corsym_md_type_def_name(&md, t, &ns, &name);
                (void)corsym_md_enclosing_type(&md, r, &t);
            }
        }
    }
    free(copy);
    return st;
}

typedef corsym_status (*walker)(const uint8_t *, size_t);

static void truncations(walker w, const uint8_t *data, size_t len, corsym_status full)
{
    assert_int_equal(w(data, len), full);
    /* Every prefix in the headers, then a stride through the rest. */
    for (size_t n = 0; n < len; n += n < 2048 ? 1 : 97)
        (void)w(data, n);
}

static void flips(walker w, const uint8_t *data, size_t len)
{
    uint8_t *mut = malloc(len);
    static const uint8_t masks[] = { 0xFF, 0x80, 0x01, 0x40 };
    for (size_t i = 0; i < len; i += i < 1024 ? 1 : 13) {
        for (size_t m = 0; m < sizeof masks; m++) {
            memcpy(mut, data, len);
            mut[i] ^= masks[m];
            (void)w(mut, len);
        }
    }
    free(mut);
}

static void run_pdb(const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data) {
        skip();
        return;
    }
    truncations(walk_pdb, data, len, CORSYM_OK);
    flips(walk_pdb, data, len);
    free(data);
}

static void run_pe(const char *path)
{
    size_t len;
    uint8_t *data = read_file(path, &len);
    if (!data) {
        skip();
        return;
    }
    truncations(walk_pe, data, len, CORSYM_OK);
    flips(walk_pe, data, len);
    free(data);
}

static void test_pdb_app(void **state)
{
    (void)state;
    run_pdb(CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb");
}

static void test_pdb_enc_delta(void **state)
{
    (void)state;
    run_pdb(CORSYM_SOURCE_DIR "/tests/fixtures/portable/EncBase.1.dpdb");
}

static void test_pdb_corpus(void **state)
{
    (void)state;
    run_pdb(CORSYM_CORPUS_DIR "/cecil/portable/PdbTarget.pdb");
}

static void test_pe_embedded(void **state)
{
    (void)state;
    run_pe(CORSYM_SOURCE_DIR "/tests/fixtures/portable/LibEmbedded.dll");
}

static void test_pe_corpus(void **state)
{
    (void)state;
    run_pe(CORSYM_CORPUS_DIR "/cecil/portable/PdbChecksumLib.dll");
}

static void test_not_a_pdb(void **state)
{
    (void)state;
    static const uint8_t zeros[64];
    struct corsym_ppdb *pdb = (struct corsym_ppdb *)(uintptr_t)1;
    assert_int_equal(corsym_ppdb_open(&pdb, zeros, sizeof zeros), CORSYM_E_CORRUPT);
    assert_null(pdb);
    assert_int_equal(corsym_ppdb_open(&pdb, NULL, 0), CORSYM_E_CORRUPT);
    struct corsym_pe pe;
    assert_int_equal(corsym_pe_open(&pe, zeros, sizeof zeros), CORSYM_E_CORRUPT);
    /* PE metadata (no #Pdb stream) is not a PDB. */
    size_t len;
    uint8_t *dll = read_file(CORSYM_SOURCE_DIR "/tests/fixtures/portable/Lib.dll", &len);
    if (dll) {
        assert_int_equal(corsym_pe_open(&pe, dll, len), CORSYM_OK);
        struct corsym_pe_cli cli;
        assert_int_equal(corsym_pe_cli_header(&pe, &cli), CORSYM_OK);
        assert_int_equal(corsym_ppdb_open(&pdb, cli.metadata.data, cli.metadata.len), CORSYM_E_CORRUPT);
        free(dll);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdb_app),
        cmocka_unit_test(test_pdb_enc_delta),
        cmocka_unit_test(test_pdb_corpus),
        cmocka_unit_test(test_pe_embedded),
        cmocka_unit_test(test_pe_corpus),
        cmocka_unit_test(test_not_a_pdb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
