/*
 * Hand-built Portable PDBs: column widths that depend on the #Pdb
 * type-system row counts, and one test per header rule (each corruption of
 * a valid image must be refused, never crash).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "portable/portable.h"

struct img {
    uint8_t b[1024];
    size_t n;
};

static void put8(struct img *m, uint8_t v) { m->b[m->n++] = v; }
static void put16(struct img *m, uint16_t v) { put8(m, (uint8_t)v); put8(m, (uint8_t)(v >> 8)); }
static void put32(struct img *m, uint32_t v) { put16(m, (uint16_t)v); put16(m, (uint16_t)(v >> 16)); }
static void put64(struct img *m, uint64_t v) { put32(m, (uint32_t)v); put32(m, (uint32_t)(v >> 32)); }
static void putw(struct img *m, unsigned w, uint32_t v) { if (w == 2) put16(m, (uint16_t)v); else put32(m, v); }

struct layout {
    uint32_t method_rows;   /* #Pdb MethodDef count */
    uint32_t typedef_rows;  /* #Pdb TypeDef count */
    size_t pdb_at, tables_at, tables_size_at, rows_at, entry_at;
};

/*
 * A PDB with one LocalScope (method 7, il 3..13) and one CDI on MethodDef 7
 * with kind GUID #1 and value blob {0xAB}. Column widths follow the rules
 * the reader must implement: LocalScope.Method is 4 bytes when MethodDef
 * has >= 0x10000 rows; the CDI parent (5 tag bits) is 4 bytes when any
 * candidate table has >= 0x800 rows.
 */
static void build(struct img *m, struct layout *l)
{
    memset(m, 0, sizeof *m);
    unsigned mw = l->method_rows >= 0x10000 ? 4 : 2;
    unsigned cw = (l->method_rows >= 0x800 || l->typedef_rows >= 0x800) ? 4 : 2;
    /* Root. */
    put32(m, 0x424A5342);
    put16(m, 1);
    put16(m, 1);
    put32(m, 0);
    put32(m, 12);
    memcpy(m->b + m->n, "PDB v1.0\0\0\0\0", 12);
    m->n += 12;
    put16(m, 0);
    put16(m, 5);
    /* Stream headers; offsets patched below. */
    static const char *names[5] = { "#Pdb", "#~", "#Strings", "#Blob", "#GUID" };
    size_t hdr[5];
    for (int i = 0; i < 5; i++) {
        hdr[i] = m->n;
        put32(m, 0);
        put32(m, 0);
        size_t len = strlen(names[i]) + 1;
        memcpy(m->b + m->n, names[i], len);
        m->n += (len + 3) & ~(size_t)3;
    }
    size_t start[5], end[5];
    /* #Pdb */
    start[0] = l->pdb_at = m->n;
    for (int i = 0; i < 20; i++)
        put8(m, (uint8_t)(i + 1));
    l->entry_at = m->n;
    put32(m, 0x06000007);
    put64(m, (1ull << 0x02) | (1ull << 0x06));
    put32(m, l->typedef_rows);
    put32(m, l->method_rows);
    end[0] = m->n;
    /* #~ */
    start[1] = l->tables_at = m->n;
    put32(m, 0);
    put8(m, 2);
    put8(m, 0);
    put8(m, 0);
    put8(m, 1);
    put64(m, (1ull << 0x32) | (1ull << 0x37));
    put64(m, (1ull << 0x32) | (1ull << 0x37));
    l->rows_at = m->n;
    put32(m, 1);
    put32(m, 1);
    putw(m, mw, 7);
    put16(m, 0);
    put16(m, 1);
    put16(m, 1);
    put32(m, 3);
    put32(m, 10);
    putw(m, cw, (7u << 5) | 0);
    put16(m, 1);
    put16(m, 1);
    while (m->n % 4)
        put8(m, 0);
    end[1] = m->n;
    /* #Strings: just the empty string. */
    start[2] = m->n;
    put32(m, 0);
    end[2] = m->n;
    /* #Blob: index 1 = {0xAB}. */
    start[3] = m->n;
    put8(m, 0);
    put8(m, 1);
    put8(m, 0xAB);
    put8(m, 0);
    end[3] = m->n;
    /* #GUID: one GUID. */
    start[4] = m->n;
    for (int i = 0; i < 16; i++)
        put8(m, (uint8_t)(0xC0 + i));
    end[4] = m->n;
    for (int i = 0; i < 5; i++) {
        size_t save = m->n;
        m->n = hdr[i];
        put32(m, (uint32_t)start[i]);
        put32(m, (uint32_t)(end[i] - start[i]));
        m->n = save;
    }
    l->tables_size_at = hdr[1] + 4;
}

static void check_rows(uint32_t method_rows, uint32_t typedef_rows, unsigned scope_size, unsigned cdi_size)
{
    struct img m;
    struct layout l = { method_rows, typedef_rows, 0, 0, 0, 0, 0 };
    build(&m, &l);
    struct corsym_ppdb *pdb;
    assert_int_equal(corsym_ppdb_open(&pdb, m.b, m.n), CORSYM_OK);
    const struct corsym_md *md = corsym_ppdb_md(pdb);
    assert_int_equal(md->tbl[CORSYM_TBL_LOCAL_SCOPE].row_size, scope_size);
    assert_int_equal(md->tbl[CORSYM_TBL_CUSTOM_DEBUG_INFORMATION].row_size, cdi_size);
    assert_int_equal(corsym_ppdb_type_system_rows(pdb, CORSYM_TBL_METHOD_DEF), method_rows);
    struct corsym_ppdb_local_scope s;
    assert_int_equal(corsym_ppdb_local_scope(pdb, 1, &s), CORSYM_OK);
    assert_int_equal(s.method, 7);
    assert_int_equal(s.start_offset, 3);
    assert_int_equal(s.length, 10);
    uint32_t first, end;
    assert_int_equal(corsym_ppdb_method_scopes(pdb, 7, &first, &end), CORSYM_OK);
    assert_int_equal(first, 1);
    assert_int_equal(end, 2);
    struct corsym_ppdb_cdi c;
    assert_int_equal(corsym_ppdb_cdi(pdb, 1, &c), CORSYM_OK);
    assert_int_equal(c.parent_table, CORSYM_TBL_METHOD_DEF);
    assert_int_equal(c.parent_rid, 7);
    assert_int_equal(c.kind[0], 0xC0);
    assert_int_equal(c.value.len, 1);
    assert_int_equal(c.value.data[0], 0xAB);
    struct corsym_span v;
    assert_int_equal(corsym_ppdb_cdi_find(pdb, CORSYM_TBL_METHOD_DEF, 7, c.kind, &v), CORSYM_OK);
    assert_int_equal(v.data[0], 0xAB);
    assert_int_equal(corsym_ppdb_entry_point(pdb), 0x06000007);
    corsym_ppdb_close(pdb);
}

static void test_widths_small(void **state)
{
    (void)state;
    check_rows(10, 5, 16, 6);
}

static void test_widths_cdi_parent_large(void **state)
{
    (void)state;
    /* 0x800 TypeDefs: 2^(16-5) is the limit of a 2-byte HasCustomDebugInformation. */
    check_rows(10, 0x800, 16, 8);
    check_rows(10, 0x7FF, 16, 6);
}

static void test_widths_method_large(void **state)
{
    (void)state;
    check_rows(0x10000, 5, 18, 8);
    check_rows(0xFFFF, 5, 16, 8);
}

/* Apply one corruption to a valid image; opening must fail cleanly. */
static void expect_refused(void (*corrupt)(struct img *, const struct layout *))
{
    struct img m;
    struct layout l = { 10, 5, 0, 0, 0, 0, 0 };
    build(&m, &l);
    struct corsym_ppdb *pdb;
    assert_int_equal(corsym_ppdb_open(&pdb, m.b, m.n), CORSYM_OK);
    corsym_ppdb_close(pdb);
    corrupt(&m, &l);
    corsym_status st = corsym_ppdb_open(&pdb, m.b, m.n);
    assert_true(st == CORSYM_E_CORRUPT || st == CORSYM_E_UNSUPPORTED);
}

static void bad_signature(struct img *m, const struct layout *l) { (void)l; m->b[0] = 'X'; }
static void version_too_long(struct img *m, const struct layout *l) { (void)l; m->b[12] = 0xFF; m->b[13] = 0xFF; }
static void stream_beyond(struct img *m, const struct layout *l) { m->b[l->tables_size_at + 1] = 0x10; }
static void stream_offset_wraps(struct img *m, const struct layout *l) { memset(m->b + l->tables_size_at - 4, 0xFF, 4); }
static void name_unterminated(struct img *m, const struct layout *l)
{
    (void)l;
    /* First stream name "#Pdb" starts at 32 + 8; fill its 32-byte window. */
    memset(m->b + 40, 'A', 32);
}
static void too_many_streams(struct img *m, const struct layout *l) { (void)l; m->b[30] = 200; }
static void unknown_table(struct img *m, const struct layout *l) { m->b[l->tables_at + 8 + 5] |= 0x80; /* bit 0x2D */ }
static void rows_too_big(struct img *m, const struct layout *l) { m->b[l->rows_at + 3] = 0x01; }
static void rows_beyond_stream(struct img *m, const struct layout *l) { m->b[l->rows_at + 1] = 0x01; }
static void pdb_refs_debug_table(struct img *m, const struct layout *l) { m->b[l->pdb_at + 24 + 6] |= 0x01; /* 0x30 */ }
static void pdb_truncated(struct img *m, const struct layout *l) { m->b[l->pdb_at + 24] |= 0x10; /* one more count */ }
static void entry_not_method(struct img *m, const struct layout *l) { m->b[l->entry_at + 3] = 0x02; }
static void no_tables(struct img *m, const struct layout *l) { (void)l; memcpy(m->b + 56, "#X", 2); }
static void no_pdb(struct img *m, const struct layout *l) { (void)l; memcpy(m->b + 40, "#Pdx", 4); }
static void truncate_file(struct img *m, const struct layout *l) { m->n = l->tables_at + 10; }

static void test_header_rules(void **state)
{
    (void)state;
    expect_refused(bad_signature);
    expect_refused(version_too_long);
    expect_refused(stream_beyond);
    expect_refused(stream_offset_wraps);
    expect_refused(name_unterminated);
    expect_refused(too_many_streams);
    expect_refused(unknown_table);
    expect_refused(rows_too_big);
    expect_refused(rows_beyond_stream);
    expect_refused(pdb_refs_debug_table);
    expect_refused(pdb_truncated);
    expect_refused(entry_not_method);
    expect_refused(no_tables);
    expect_refused(no_pdb);
    expect_refused(truncate_file);
}

static void test_every_prefix(void **state)
{
    (void)state;
    struct img m;
    struct layout l = { 10, 5, 0, 0, 0, 0, 0 };
    build(&m, &l);
    for (size_t n = 0; n < m.n; n++) {
        uint8_t copy[1024];
        memcpy(copy, m.b, n);
        struct corsym_ppdb *pdb;
        corsym_status st = corsym_ppdb_open(&pdb, copy, n);
        if (st == CORSYM_OK)
            corsym_ppdb_close(pdb); /* a cut in trailing heap bytes may still open */
        else
            assert_int_equal(st, CORSYM_E_CORRUPT);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_small),
        cmocka_unit_test(test_widths_cdi_parent_large),
        cmocka_unit_test(test_widths_method_large),
        cmocka_unit_test(test_header_rules),
        cmocka_unit_test(test_every_prefix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
