/* SPDX-License-Identifier: MIT */
/*
 * Native PDBs with publics (winpdb_emit_native.h), the NGen writer's output: input shaped
 * like ILCompiler's PdbWriter.cs calls, read back through corsym's Windows PDB reader
 * (identity, DBI, modules, contributions, /names, the PSI found the way Microsoft finds a
 * public) and, when installed, by llvm-pdbutil.
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

#include "winpdb/winpdb.h"
#include "llvm_pdbutil.h"
#include "winpdb/winpdb_cv.h"
#include "winpdb/winpdb_emit_native.h"

static const uint8_t GUID_BYTES[16] = { 0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
                                        1,    2,    3,    4,    5,    6,    7,    8 };

static void put_u16(struct corsym_buf *b, uint16_t v)
{
    uint8_t p[2] = { (uint8_t)v, (uint8_t)(v >> 8) };
    assert_int_equal(corsym_buf_append(b, p, 2), CORSYM_OK);
}

static void put_u32(struct corsym_buf *b, uint32_t v)
{
    uint8_t p[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    assert_int_equal(corsym_buf_append(b, p, 4), CORSYM_OK);
}

static void pad4(struct corsym_buf *b)
{
    while (b->len % 4)
        assert_int_equal(corsym_buf_append_u8(b, 0), CORSYM_OK);
}

static void patch_u32(struct corsym_buf *b, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        b->data[at + (size_t)i] = (uint8_t)(v >> (8 * i));
}

/* What PdbWriter.cs sends (without the C13 signature): S_COMPILE3, the string table with
 * "unknown", the checksums naming it. Each call starts 4-aligned. */
static void ilcompiler_subsections(struct corsym_buf *b)
{
    /* DEBUG_S_SYMBOLS with S_COMPILE3 */
    put_u32(b, 0xF1);
    size_t size_at = b->len;
    put_u32(b, 0);
    size_t start = b->len;
    put_u16(b, 0);
    put_u16(b, 0x113C);
    put_u32(b, 0x0F); /* MSIL */
    put_u16(b, 0xD0); /* x64 */
    for (int i = 0; i < 8; i++)
        put_u16(b, (uint16_t)(i == 4 ? 9 : 0));
    static const char version[] = "Crossgen2 - test";
    assert_int_equal(corsym_buf_append(b, version, sizeof version), CORSYM_OK);
    pad4(b);
    b->data[start] = (uint8_t)(b->len - start - 2);
    b->data[start + 1] = (uint8_t)((b->len - start - 2) >> 8);
    patch_u32(b, size_at, (uint32_t)(b->len - start));
    /* DEBUG_S_STRINGTABLE, unpadded like ILCompiler's, then the next call is aligned */
    put_u32(b, 0xF3);
    put_u32(b, 8);
    assert_int_equal(corsym_buf_append(b, "unknown", 8), CORSYM_OK);
    pad4(b);
    /* DEBUG_S_FILECHKSMS: "unknown" (offset 0), no checksum */
    put_u32(b, 0xF4);
    put_u32(b, 8);
    put_u32(b, 0);
    put_u16(b, 0);
    put_u16(b, 0);
}

static void section_header(struct corsym_buf *b, const char *name, uint32_t va, uint32_t size,
                           uint32_t characteristics)
{
    uint8_t n[8] = { 0 };
    memcpy(n, name, strlen(name));
    assert_int_equal(corsym_buf_append(b, n, 8), CORSYM_OK);
    put_u32(b, size);
    put_u32(b, va);
    put_u32(b, size);
    put_u32(b, va);
    for (int i = 0; i < 3; i++)
        put_u32(b, 0);
    put_u32(b, characteristics);
}

#define MANY 300

struct fixture {
    struct corsym_buf subsections, headers, names;
    struct corsym_winpdb_native_public publics[MANY + 3];
    struct corsym_winpdb_native_section sections[3];
    struct corsym_winpdb_native_contrib contribs[2];
    struct corsym_winpdb_native_module module;
    struct corsym_winpdb_native in;
};

static void fixture_init(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    ilcompiler_subsections(&f->subsections);
    section_header(&f->headers, ".text", 0x1000, 0x2000, 0x60000020);
    section_header(&f->headers, ".data", 0x3000, 0x400, 0xC0000040);
    static const char main_name[] = "Main$##6000001";
    static const char cold_name[] = "[COLD] Main$##6000001";
    static const char entry[] = "COM+_Entry_Point";
    f->publics[0] = (struct corsym_winpdb_native_public){ main_name, sizeof main_name - 1, 1,
                                                          0x10, CORSYM_WINPDB_PUBLIC_FUNCTION };
    f->publics[1] = (struct corsym_winpdb_native_public){ cold_name, sizeof cold_name - 1, 1,
                                                          0x1800, CORSYM_WINPDB_PUBLIC_FUNCTION };
    f->publics[2] = (struct corsym_winpdb_native_public){ entry, sizeof entry - 1, 0,
                                                          0x06000005, 0 };
    /* Names in one buffer, which must not move once pointed at. */
    assert_int_equal(corsym_buf_reserve(&f->names, MANY * 32), CORSYM_OK);
    for (int i = 0; i < MANY; i++) {
        char name[32];
        int n = snprintf(name, sizeof name, "M%d$##%X", i, 0x6000002 + i);
        const char *at = (const char *)f->names.data + f->names.len;
        assert_int_equal(corsym_buf_append(&f->names, name, (size_t)n + 1), CORSYM_OK);
        f->publics[3 + i] = (struct corsym_winpdb_native_public){
            at, (size_t)n, 1, (uint32_t)(0x1F00 - 16 * i), CORSYM_WINPDB_PUBLIC_FUNCTION
        };
    }
    f->sections[0] = (struct corsym_winpdb_native_section){ 1, 0x10D, 0, 0x2000 };
    f->sections[1] = (struct corsym_winpdb_native_section){ 2, 0x10D, 0, 0x400 };
    f->sections[2] = (struct corsym_winpdb_native_section){ 0, 0x208, 0, 0xFFFFFFFFu };
    f->contribs[0] = (struct corsym_winpdb_native_contrib){ 0, 2, 0, 0x400, 0xC0000040, 0, 0 };
    f->contribs[1] = (struct corsym_winpdb_native_contrib){ 0, 1, 0, 0x2000, 0x60000020, 0, 0 };
    static const char mod_name[] = "C:\\app\\Foo.dll", obj[] = "Foo.dll";
    f->module = (struct corsym_winpdb_native_module){ mod_name, sizeof mod_name - 1, obj,
                                                      sizeof obj - 1, f->subsections.data,
                                                      f->subsections.len };
    memcpy(f->in.guid, GUID_BYTES, 16);
    f->in.signature = 0x12345678;
    f->in.age = 1;
    f->in.machine = 0x8664;
    f->in.section_headers = f->headers.data;
    f->in.section_headers_len = f->headers.len;
    f->in.publics = f->publics;
    f->in.public_count = MANY + 3;
    f->in.sections = f->sections;
    f->in.section_count = 3;
    f->in.contribs = f->contribs;
    f->in.contrib_count = 2;
    f->in.modules = &f->module;
    f->in.module_count = 1;
}

static void fixture_free(struct fixture *f)
{
    corsym_buf_free(&f->subsections);
    corsym_buf_free(&f->headers);
    corsym_buf_free(&f->names);
}

static void test_read_back(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f);
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    assert_int_equal(corsym_winpdb_emit_native(&f.in, &pdb), CORSYM_OK);

    /* Same input, same bytes. */
    struct corsym_buf again = CORSYM_BUF_INIT;
    assert_int_equal(corsym_winpdb_emit_native(&f.in, &again), CORSYM_OK);
    assert_int_equal(again.len, pdb.len);
    assert_memory_equal(again.data, pdb.data, pdb.len);
    corsym_buf_free(&again);

    struct corsym_winpdb *r = NULL;
    assert_int_equal(corsym_winpdb_open(&r, pdb.data, pdb.len), CORSYM_OK);
    const struct corsym_winpdb_info *info = corsym_winpdb_info(r);
    assert_memory_equal(info->guid, GUID_BYTES, 16);
    assert_int_equal(info->age, 1);
    assert_int_equal(info->signature, 0x12345678);
    assert_true(info->has_dbi);
    assert_int_equal(info->dbi_age, 1);
    const struct corsym_winpdb_dbi_header *dbi = corsym_winpdb_dbi(r);
    assert_non_null(dbi);
    assert_int_equal(dbi->machine, 0x8664);

    /* The public hash answers Microsoft's lookup: the entry-point search finds its record
     * among 300 others. */
    uint32_t token = 0;
    assert_int_equal(corsym_winpdb_entry_point(r, &token), CORSYM_OK);
    assert_int_equal(token, 0x06000005);

    /* Module, its first contribution (section order), its records and checksums. */
    assert_int_equal(corsym_winpdb_module_count(r), 1);
    const struct corsym_winpdb_module_info *mi = corsym_winpdb_module_info(r, 0);
    assert_true(corsym_span_eq(mi->name, "C:\\app\\Foo.dll", 14));
    assert_true(corsym_span_eq(mi->object_name, "Foo.dll", 7));
    assert_int_equal(mi->contrib.section, 1);
    assert_int_equal(mi->contrib.size, 0x2000);
    assert_int_equal(mi->file_count, 1);
    assert_int_equal(corsym_winpdb_section_contrib_count(r), 2);
    struct corsym_winpdb_section_contrib sc;
    assert_int_equal(corsym_winpdb_section_contrib_at(r, 0, &sc), CORSYM_OK);
    assert_int_equal(sc.section, 1);
    assert_int_equal(sc.characteristics, 0x60000020);
    assert_int_equal(corsym_winpdb_section_contrib_at(r, 1, &sc), CORSYM_OK);
    assert_int_equal(sc.section, 2);
    assert_int_equal(sc.size, 0x400);
    assert_int_not_equal(corsym_winpdb_debug_stream(r, CORSYM_WINPDB_DBG_SECTION_HEADER),
                         CORSYM_WINPDB_NO_STREAM);

    uint32_t ni = 0;
    assert_int_equal(corsym_winpdb_string_find(r, "unknown", 7, &ni), CORSYM_OK);
    assert_int_not_equal(ni, 0);

    struct corsym_winpdb_module m;
    assert_int_equal(corsym_winpdb_module_load(r, 0, &m), CORSYM_OK);
    struct corsym_cv_iter it;
    struct corsym_cv_record rec;
    assert_int_equal(corsym_winpdb_module_records(&m, &it), CORSYM_OK);
    assert_int_equal(corsym_cv_next(&it, &rec), CORSYM_OK);
    assert_int_equal(rec.kind, 0x113C);
    assert_int_equal(corsym_cv_next(&it, &rec), CORSYM_NOT_FOUND);
    /* C13: only the checksums, renamed to the /names offset. */
    assert_int_equal(m.c13.len, 16);
    const uint8_t *c = m.c13.data;
    assert_int_equal(c[0], 0xF4);
    assert_int_equal(c[8] | c[9] << 8 | c[10] << 16 | (uint32_t)c[11] << 24, ni);
    corsym_winpdb_module_release(&m);

    corsym_winpdb_close(r);
    corsym_buf_free(&pdb);
    fixture_free(&f);
}

static void test_empty_and_bad(void **state)
{
    (void)state;
    struct corsym_winpdb_native in;
    memset(&in, 0, sizeof in);
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    assert_int_equal(corsym_winpdb_emit_native(&in, &pdb), CORSYM_OK);
    struct corsym_winpdb *r = NULL;
    assert_int_equal(corsym_winpdb_open(&r, pdb.data, pdb.len), CORSYM_OK);
    uint32_t token;
    assert_int_equal(corsym_winpdb_entry_point(r, &token), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_winpdb_module_count(r), 0);
    corsym_winpdb_close(r);
    corsym_buf_free(&pdb);

    /* Framing checks. */
    static const uint8_t truncated[] = { 0xF1, 0, 0, 0, 8, 0, 0, 0, 2, 0 };
    assert_int_equal(corsym_winpdb_native_check_subsections(truncated, sizeof truncated),
                     CORSYM_E_INVALID_ARG);
    static const uint8_t bad_record[] = { 0xF1, 0, 0, 0, 4, 0, 0, 0, 9, 0, 0x3C, 0x11 };
    assert_int_equal(corsym_winpdb_native_check_subsections(bad_record, sizeof bad_record),
                     CORSYM_E_INVALID_ARG);
    static const uint8_t bad_sum[] = { 0xF4, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0 };
    assert_int_equal(corsym_winpdb_native_check_subsections(bad_sum, sizeof bad_sum),
                     CORSYM_E_INVALID_ARG);
    static const uint8_t lines[] = { 0xF2, 0, 0, 0, 2, 0, 0, 0, 1, 2 };
    assert_int_equal(corsym_winpdb_native_check_subsections(lines, sizeof lines), CORSYM_OK);

    /* A contribution naming no module. */
    struct corsym_winpdb_native_contrib c = { 3, 1, 0, 16, 0, 0, 0 };
    in.contribs = &c;
    in.contrib_count = 1;
    assert_int_equal(corsym_winpdb_emit_native(&in, &pdb), CORSYM_E_INVALID_ARG);
    corsym_buf_free(&pdb);
}

/* ---- llvm-pdbutil ---- */

static void expect(const char *text, const char *what)
{
    if (!strstr(text, what)) {
        fprintf(stderr, "llvm-pdbutil output lacks \"%s\":\n%.3000s\n", what, text);
        fail();
    }
}

static void test_llvm(void **state)
{
    (void)state;
    struct fixture f;
    fixture_init(&f);
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    assert_int_equal(corsym_winpdb_emit_native(&f.in, &pdb), CORSYM_OK);
    char *text = llvm_pdbutil_dump(pdb.data, pdb.len, "x.ni.pdb",
                                   "-summary -streams -modules -files -symbols -publics "
                                   "-globals -section-contribs -section-map -section-headers");
    expect(text, "{76543210-BA98-FEDC-0102-030405060708}");
    expect(text, "Age: 1");
    expect(text, "Mod 0000 | `C:\\app\\Foo.dll`");
    expect(text, "Foo.dll");
    expect(text, "unknown");
    expect(text, "S_COMPILE3");
    expect(text, "Crossgen2 - test");
    expect(text, "S_PUB32 [size = 32] `Main$##6000001`");
    expect(text, "flags = function, addr = 0001:0016");
    expect(text, "`[COLD] Main$##6000001`");
    expect(text, "addr = 0001:6144");
    expect(text, "`M299$##600012D`");
    expect(text, "SC[.text]");
    expect(text, "SC[.data]");
    free(text);
    corsym_buf_free(&pdb);
    fixture_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_back),
        cmocka_unit_test(test_empty_and_bad),
        cmocka_unit_test(test_llvm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
