/*
 * PE reader: debug directory entries, PDB matching by id, PdbChecksum
 * verification, embedded PDB extraction, and the PE metadata lookups,
 * checked against the corpus/fixtures and structural facts that do not
 * come from our reader (ECMA-335 rules, the PDB's own #Pdb counts).
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

struct pair {
    uint8_t *pe_bytes, *pdb_bytes;
    size_t pe_len, pdb_len;
    struct corsym_pe pe;
    struct corsym_ppdb *pdb;
};

static bool load_pair(struct pair *p, const char *pe_path, const char *pdb_path)
{
    memset(p, 0, sizeof *p);
    p->pe_bytes = read_file(pe_path, &p->pe_len);
    p->pdb_bytes = pdb_path ? read_file(pdb_path, &p->pdb_len) : NULL;
    if (!p->pe_bytes || (pdb_path && !p->pdb_bytes)) {
        free(p->pe_bytes);
        free(p->pdb_bytes);
        return false;
    }
    assert_int_equal(corsym_pe_open(&p->pe, p->pe_bytes, p->pe_len), CORSYM_OK);
    if (p->pdb_bytes)
        assert_int_equal(corsym_ppdb_open(&p->pdb, p->pdb_bytes, p->pdb_len), CORSYM_OK);
    return true;
}

static void free_pair(struct pair *p)
{
    corsym_ppdb_close(p->pdb);
    free(p->pe_bytes);
    free(p->pdb_bytes);
}

static void codeview_id(const struct corsym_pe *pe, uint8_t id[20])
{
    struct corsym_pe_debug_entry e;
    struct corsym_pe_codeview cv;
    assert_int_equal(corsym_pe_debug_find(pe, CORSYM_PE_DEBUG_CODEVIEW, &e), CORSYM_OK);
    assert_true(corsym_pe_codeview_is_portable(&e));
    assert_int_equal(corsym_pe_codeview_parse(e.data, &cv), CORSYM_OK);
    assert_int_equal(cv.age, 1);
    assert_true(cv.path.len > 4);
    corsym_pe_codeview_pdb_id(&cv, &e, id);
}

static void test_codeview_matches_pdb(void **state)
{
    (void)state;
    struct pair p;
    if (!load_pair(&p, CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.exe",
                   CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb")) {
        skip();
        return;
    }
    uint8_t a[20], b[20];
    codeview_id(&p.pe, a);
    corsym_ppdb_id(p.pdb, b);
    assert_memory_equal(a, b, 20);
    free_pair(&p);
}

static void test_pdb_mismatch(void **state)
{
    (void)state;
    struct pair p;
    if (!load_pair(&p, CORSYM_CORPUS_DIR "/cecil/portable/pdb-mismatch.dll",
                   CORSYM_CORPUS_DIR "/cecil/portable/pdb-mismatch.pdb")) {
        skip();
        return;
    }
    uint8_t a[20], b[20];
    codeview_id(&p.pe, a);
    corsym_ppdb_id(p.pdb, b);
    assert_memory_not_equal(a, b, 20);
    free_pair(&p);
}

static void check_checksum(const char *pe_path, const char *pdb_path)
{
    struct pair p;
    if (!load_pair(&p, pe_path, pdb_path)) {
        skip();
        return;
    }
    struct corsym_pe_debug_entry e;
    struct corsym_pe_pdb_checksum sum;
    assert_int_equal(corsym_pe_debug_find(&p.pe, CORSYM_PE_DEBUG_PDB_CHECKSUM, &e), CORSYM_OK);
    assert_int_equal(corsym_pe_pdb_checksum_parse(e.data, &sum), CORSYM_OK);
    assert_true(corsym_span_eq(sum.algorithm, "SHA256", 6));
    struct corsym_span pdb = corsym_span_make(p.pdb_bytes, p.pdb_len);
    size_t id_off = corsym_ppdb_id_offset(p.pdb);
    assert_int_equal(corsym_pe_pdb_checksum_verify(&sum, pdb, id_off, 20), CORSYM_OK);
    /* Changing the id does not matter (it is zeroed); changing anything else does. */
    p.pdb_bytes[id_off] ^= 1;
    assert_int_equal(corsym_pe_pdb_checksum_verify(&sum, pdb, id_off, 20), CORSYM_OK);
    p.pdb_bytes[p.pdb_len - 1] ^= 1;
    assert_int_equal(corsym_pe_pdb_checksum_verify(&sum, pdb, id_off, 20), CORSYM_E_MISMATCH);
    assert_int_equal(corsym_pe_pdb_checksum_verify(&sum, pdb, p.pdb_len - 10, 20), CORSYM_E_CORRUPT);
    struct corsym_pe_pdb_checksum other = sum;
    other.algorithm = corsym_span_make((const uint8_t *)"MD5", 3);
    assert_int_equal(corsym_pe_pdb_checksum_verify(&other, pdb, id_off, 20), CORSYM_E_UNSUPPORTED);
    other.algorithm = corsym_span_make((const uint8_t *)"SHA512", 6);
    assert_int_equal(corsym_pe_pdb_checksum_verify(&other, pdb, id_off, 20), CORSYM_E_CORRUPT);
    free_pair(&p);
}

static void test_checksum_corpus(void **state)
{
    (void)state;
    check_checksum(CORSYM_CORPUS_DIR "/cecil/portable/PdbChecksumLib.dll",
                   CORSYM_CORPUS_DIR "/cecil/portable/PdbChecksumLib.pdb");
}

static void test_checksum_fixture(void **state)
{
    (void)state;
    check_checksum(CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.exe",
                   CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb");
}

static void test_embedded_pdb(void **state)
{
    (void)state;
    struct pair p;
    if (!load_pair(&p, CORSYM_CORPUS_DIR "/cecil/embedded/EmbeddedPdbChecksumLib.dll", NULL)) {
        skip();
        return;
    }
    uint8_t *pdb_bytes;
    size_t len;
    assert_int_equal(corsym_pe_embedded_pdb_extract(&p.pe, &pdb_bytes, &len), CORSYM_OK);
    struct corsym_ppdb *pdb;
    assert_int_equal(corsym_ppdb_open(&pdb, pdb_bytes, len), CORSYM_OK);
    uint8_t a[20], b[20];
    codeview_id(&p.pe, a);
    corsym_ppdb_id(pdb, b);
    assert_memory_equal(a, b, 20);
    /* The checksum entry covers the embedded PDB too. */
    struct corsym_pe_debug_entry e;
    struct corsym_pe_pdb_checksum sum;
    if (corsym_pe_debug_find(&p.pe, CORSYM_PE_DEBUG_PDB_CHECKSUM, &e) == CORSYM_OK) {
        assert_int_equal(corsym_pe_pdb_checksum_parse(e.data, &sum), CORSYM_OK);
        assert_int_equal(corsym_pe_pdb_checksum_verify(&sum, corsym_span_make(pdb_bytes, len),
                                                       corsym_ppdb_id_offset(pdb), 20),
                         CORSYM_OK);
    }
    /* Wrong output size is refused before inflating. */
    assert_int_equal(corsym_pe_debug_find(&p.pe, CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB, &e), CORSYM_OK);
    assert_int_equal(corsym_pe_embedded_pdb_inflate(e.data, pdb_bytes, len - 1), CORSYM_E_INVALID_ARG);
    corsym_ppdb_close(pdb);
    free(pdb_bytes);

    /* Bad headers. */
    static const uint8_t bad_magic[] = { 'M', 'P', 'D', 'X', 1, 0, 0, 0, 0 };
    static const uint8_t zero_size[] = { 'M', 'P', 'D', 'B', 0, 0, 0, 0, 0 };
    static const uint8_t huge[] = { 'M', 'P', 'D', 'B', 0, 0, 0, 0x10, 0 };
    uint32_t size;
    struct corsym_span c;
    assert_int_equal(corsym_pe_embedded_pdb_parse(corsym_span_make(bad_magic, 9), &size, &c), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_pe_embedded_pdb_parse(corsym_span_make(zero_size, 9), &size, &c), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_pe_embedded_pdb_parse(corsym_span_make(huge, 9), &size, &c), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_pe_embedded_pdb_parse(corsym_span_make(huge, 6), &size, &c), CORSYM_E_CORRUPT);
    free_pair(&p);
}

static void test_no_embedded(void **state)
{
    (void)state;
    struct pair p;
    if (!load_pair(&p, CORSYM_SOURCE_DIR "/tests/fixtures/portable/Lib.dll", NULL)) {
        skip();
        return;
    }
    uint8_t *pdb;
    size_t len;
    assert_int_equal(corsym_pe_embedded_pdb_extract(&p.pe, &pdb, &len), CORSYM_NOT_FOUND);
    uint32_t rva, size;
    assert_int_equal(corsym_pe_directory(&p.pe, 15, &rva, &size), CORSYM_NOT_FOUND); /* reserved, zero */
    assert_int_equal(corsym_pe_directory(&p.pe, 1000, &rva, &size), CORSYM_NOT_FOUND);
    struct corsym_pe_section s;
    assert_int_equal(corsym_pe_section(&p.pe, p.pe.section_count, &s), CORSYM_NOT_FOUND);
    struct corsym_span sp;
    assert_int_equal(corsym_pe_rva_span(&p.pe, 0xFFFFFF00u, 4, &sp), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_pe_section(&p.pe, 0, &s), CORSYM_OK);
    assert_int_equal(corsym_pe_rva_span(&p.pe, s.virtual_address, s.virtual_size + 1, &sp), CORSYM_E_CORRUPT);
    free_pair(&p);
}

/* Structural facts of the PE metadata, checked against ECMA-335 rules and
 * the companion PDB's #Pdb counts. */
static void check_metadata(const char *pe_path, const char *pdb_path)
{
    struct pair p;
    if (!load_pair(&p, pe_path, pdb_path)) {
        skip();
        return;
    }
    struct corsym_md md;
    assert_int_equal(corsym_pe_metadata_open(&p.pe, &md), CORSYM_OK);
    assert_false(md.has_pdb);
    for (unsigned t = 0; t < CORSYM_TBL_DOCUMENT; t++)
        if (corsym_ppdb_type_system_rows(p.pdb, t))
            assert_int_equal(corsym_md_rows(&md, t), corsym_ppdb_type_system_rows(p.pdb, t));

    /* ECMA-335 II.22.37: the first TypeDef is the module's <Module>. */
    struct corsym_span ns, name;
    assert_int_equal(corsym_md_type_def_name(&md, 1, &ns, &name), CORSYM_OK);
    assert_true(corsym_span_eq(name, "<Module>", 8));
    assert_int_equal(ns.len, 0);

    uint32_t methods = corsym_md_rows(&md, CORSYM_TBL_METHOD_DEF);
    uint32_t prev_type = 0;
    for (uint32_t m = 1; m <= methods; m++) {
        uint32_t type, list, next_list;
        assert_int_equal(corsym_md_method_name(&md, m, &name), CORSYM_OK);
        assert_true(name.len > 0);
        assert_int_equal(corsym_md_method_declaring_type(&md, m, &type), CORSYM_OK);
        assert_true(type >= prev_type); /* methods are grouped by type, in order */
        prev_type = type;
        assert_int_equal(corsym_md_get(&md, CORSYM_TBL_TYPE_DEF, type, 5, &list), CORSYM_OK);
        assert_true(list <= m);
        if (type < corsym_md_rows(&md, CORSYM_TBL_TYPE_DEF)) {
            assert_int_equal(corsym_md_get(&md, CORSYM_TBL_TYPE_DEF, type + 1, 5, &next_list), CORSYM_OK);
            assert_true(m < next_list);
        }
        /* The local signature named by the PDB is a LOCAL_SIG blob (0x07). */
        struct corsym_ppdb_method_debug mdi;
        uint32_t sig_rid;
        if (corsym_ppdb_method_debug(p.pdb, m, &mdi) == CORSYM_OK && mdi.has_sequence_points &&
            corsym_ppdb_seqpts_local_signature(mdi.sequence_points, &sig_rid) == CORSYM_OK && sig_rid) {
            struct corsym_span sig;
            assert_int_equal(corsym_md_stand_alone_sig(&md, sig_rid & 0xFFFFFF, &sig), CORSYM_OK);
            assert_true(sig.len >= 2);
            assert_int_equal(sig.data[0], 0x07);
        }
    }
    uint32_t t;
    assert_int_equal(corsym_md_method_declaring_type(&md, methods + 1, &t), CORSYM_NOT_FOUND);
    /* Nested types: the enclosing type is a different, valid TypeDef. */
    for (uint32_t r = 1; r <= corsym_md_rows(&md, CORSYM_TBL_NESTED_CLASS); r++) {
        uint32_t nested = 0, enclosing = 0, found = 0;
        assert_int_equal(corsym_md_get(&md, CORSYM_TBL_NESTED_CLASS, r, 0, &nested), CORSYM_OK);
        assert_int_equal(corsym_md_get(&md, CORSYM_TBL_NESTED_CLASS, r, 1, &enclosing), CORSYM_OK);
        assert_int_equal(corsym_md_enclosing_type(&md, nested, &found), CORSYM_OK);
        assert_int_equal(found, enclosing);
    }
    assert_int_equal(corsym_md_enclosing_type(&md, 1, &t), CORSYM_NOT_FOUND);
    /* TypeRefs resolve to names. */
    for (uint32_t r = 1; r <= corsym_md_rows(&md, CORSYM_TBL_TYPE_REF); r++) {
        assert_int_equal(corsym_md_type_ref_name(&md, r, &ns, &name), CORSYM_OK);
        assert_true(name.len > 0);
    }
    free_pair(&p);
}

static void test_metadata_app(void **state)
{
    (void)state;
    check_metadata(CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.exe",
                   CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb");
}

static void test_metadata_cecil(void **state)
{
    (void)state;
    check_metadata(CORSYM_CORPUS_DIR "/cecil/portable/cecil.dll", CORSYM_CORPUS_DIR "/cecil/portable/cecil.pdb");
}

static void test_codeview_parse_bad(void **state)
{
    (void)state;
    static const uint8_t no_nul[] = { 'R', 'S', 'D', 'S', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                      0, 0, 0, 0, 1, 0, 0, 0, 'a' };
    struct corsym_pe_codeview cv;
    assert_int_equal(corsym_pe_codeview_parse(corsym_span_make(no_nul, sizeof no_nul), &cv), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_pe_codeview_parse(corsym_span_make(no_nul, 10), &cv), CORSYM_E_CORRUPT);
    struct corsym_pe_pdb_checksum sum;
    static const uint8_t no_hash[] = { 'S', 'H', 'A', '2', '5', '6', 0 };
    static const uint8_t no_name[] = { 0, 1, 2 };
    assert_int_equal(corsym_pe_pdb_checksum_parse(corsym_span_make(no_hash, 7), &sum), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_pe_pdb_checksum_parse(corsym_span_make(no_name, 3), &sum), CORSYM_E_CORRUPT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codeview_matches_pdb),
        cmocka_unit_test(test_pdb_mismatch),
        cmocka_unit_test(test_checksum_corpus),
        cmocka_unit_test(test_checksum_fixture),
        cmocka_unit_test(test_embedded_pdb),
        cmocka_unit_test(test_no_embedded),
        cmocka_unit_test(test_metadata_app),
        cmocka_unit_test(test_metadata_cecil),
        cmocka_unit_test(test_codeview_parse_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
