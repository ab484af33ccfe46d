/*
 * Serialized type names and assembly display names of a module's rows, and the way back
 * (portable/type_names.h). The pairs of name and row come from outside corsym: the rows are
 * those Roslyn's own Portable PDBs of the fixtures point at (S.R.M's dump,
 * tests/oracle/expected/fixtures/NAME.pdb.txt), the names those the fixtures' using directives
 * spell in a Windows PDB (tests/cli/expected/imports/NAME.txt, written by hand from the source).
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
#include "portable/ecma335.h"
#include "portable/type_names.h"

#define FIXTURES CORSYM_SOURCE_DIR "/tests/fixtures/portable/"
#define RUNTIME ", System.Runtime, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"
#define CONSOLE ", System.Console, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"
#define COLLECTIONS \
    ", System.Collections, Version=10.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"
#define LIB "Lib, Version=0.0.0.0, Culture=neutral, PublicKeyToken=null"

struct module {
    uint8_t *bytes;
    struct corsym_pe pe;
    struct corsym_md md;
    struct corsym_md_view view;
};

static bool load(struct module *m, const char *path)
{
    FILE *f = fopen(path, "rb");
    memset(m, 0, sizeof(*m));
    if (!f)
        return false;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    m->bytes = malloc(n > 0 ? (size_t)n : 1);
    bool ok = m->bytes && n > 0 && fread(m->bytes, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    if (!ok) {
        free(m->bytes);
        return false;
    }
    assert_int_equal(corsym_pe_open(&m->pe, m->bytes, (size_t)n), CORSYM_OK);
    assert_int_equal(corsym_pe_metadata_open(&m->pe, &m->md), CORSYM_OK);
    corsym_md_view_init(&m->view, &m->md);
    return true;
}

static void check_name(struct corsym_type_namer *namer, uint32_t token, const char *want)
{
    struct corsym_buf b = CORSYM_BUF_INIT;
    assert_true(corsym_type_namer_name(namer, token, &b));
    assert_int_equal(b.len, strlen(want));
    assert_memory_equal(b.data, want, b.len);
    corsym_buf_free(&b);
}

static void check_found(const struct corsym_type_index *index, const char *name, uint32_t want)
{
    uint32_t token = 0;
    assert_true(corsym_type_index_type(index, name, strlen(name), &token));
    assert_int_equal(token, want);
}

/* App.cs: using static System.Math; using IntList = List<int>; using LibCalc =
 * LibAlias::...Calculator; using Con = System.Console; extern alias LibAlias. */
static void csharp_names_and_rows(void **state)
{
    (void)state;
    struct module m;
    if (!load(&m, FIXTURES "App.exe")) {
        skip();
        return;
    }
    static const struct {
        uint32_t token;
        const char *name;
    } types[] = {
        { 0x0100003f, "System.Math" RUNTIME },
        { 0x1b000007, "System.Collections.Generic.List`1[[System.Int32" RUNTIME "]]" COLLECTIONS },
        { 0x01000040, "Corsym.Fixtures.Lib.Calculator, " LIB },
        { 0x0100003e, "System.Console" CONSOLE },
    };
    struct corsym_type_namer namer;
    corsym_type_namer_init(&namer, &m.view, true);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        check_name(&namer, types[i].token, types[i].name);
    corsym_type_namer_free(&namer);

    struct corsym_buf b = CORSYM_BUF_INIT;
    assert_true(corsym_assembly_display_name(&m.view, 5, &b));
    assert_string_equal((const char *)b.data, LIB);
    corsym_buf_free(&b);

    struct corsym_type_index index;
    assert_int_equal(corsym_type_index_build(&index, &m.view, true), CORSYM_OK);
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        check_found(&index, types[i].name, types[i].token);
    uint32_t rid = 0, token = 0;
    assert_true(corsym_type_index_assembly(&index, LIB, strlen(LIB), &rid));
    assert_int_equal(rid, 5);
    /* Names are exact: no prefix, no unqualified form of a qualified one, no assembly
     * answering for a type or the other way round. */
    assert_false(corsym_type_index_type(&index, "System.Math", strlen("System.Math"), &token));
    assert_false(corsym_type_index_type(&index, "System.Mat", 10, &token));
    assert_false(corsym_type_index_type(&index, LIB, strlen(LIB), &token));
    assert_false(corsym_type_index_assembly(&index, "Lib", 3, &rid));
    assert_false(corsym_type_index_type(&index, "", 0, &token));
    corsym_type_index_free(&index);
    free(m.bytes);
}

/* VbApp.vb: Imports System.Math; Imports SB = System.Text.StringBuilder: VB's names are
 * not assembly-qualified. */
static void vb_names_and_rows(void **state)
{
    (void)state;
    struct module m;
    if (!load(&m, FIXTURES "VbApp.exe")) {
        skip();
        return;
    }
    struct corsym_type_index index;
    assert_int_equal(corsym_type_index_build(&index, &m.view, false), CORSYM_OK);
    check_found(&index, "System.Math", 0x0100000c);
    check_found(&index, "System.Text.StringBuilder", 0x01000008);
    corsym_type_index_free(&index);
    free(m.bytes);
}

/* Every row a name is given for is found again by that name, unless an earlier row has
 * the same one (a module may reference one type twice). */
static void every_row_round_trips(void **state)
{
    (void)state;
    static const char *const modules[] = { FIXTURES "App.exe", FIXTURES "Lib.dll",
                                           FIXTURES "VbApp.exe" };
    for (size_t k = 0; k < sizeof(modules) / sizeof(modules[0]); k++) {
        struct module m;
        if (!load(&m, modules[k]))
            continue;
        for (int csharp = 0; csharp < 2; csharp++) {
            struct corsym_type_index index;
            struct corsym_type_namer namer;
            assert_int_equal(corsym_type_index_build(&index, &m.view, csharp), CORSYM_OK);
            corsym_type_namer_init(&namer, &m.view, csharp);
            static const unsigned tables[] = { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_TYPE_REF,
                                               CORSYM_TBL_TYPE_SPEC };
            size_t named = 0;
            for (size_t t = 0; t < 3; t++) {
                for (uint32_t rid = 1; rid <= corsym_md_rows(&m.md, tables[t]); rid++) {
                    uint32_t token = corsym_md_token(tables[t], rid), found = 0;
                    struct corsym_buf b = CORSYM_BUF_INIT;
                    if (corsym_type_namer_name(&namer, token, &b)) {
                        named++;
                        assert_true(corsym_type_index_type(&index, (const char *)b.data, b.len,
                                                           &found));
                        assert_true(found == token || (found >> 24) < (token >> 24) ||
                                    ((found >> 24) == (token >> 24) && found < token));
                    }
                    corsym_buf_free(&b);
                }
            }
            assert_true(named > 0);
            corsym_type_namer_free(&namer);
            corsym_type_index_free(&index);
        }
        free(m.bytes);
    }
}

/* StateMachineMethod rows of Roslyn's App.pdb (S.R.M: tests/oracle/expected/fixtures/
 * App.pdb.txt): the MoveNext is found from the kick-off and the state machine's name, as a
 * Windows PDB's ForwardIterator record gives it (the name is read from App.exe here). */
static void move_next_of_state_machines(void **state)
{
    (void)state;
    static const uint32_t rows[][2] = {
        { 0x0600001f, 0x06000002 }, { 0x06000022, 0x06000003 }, { 0x06000025, 0x06000005 },
        { 0x06000028, 0x06000001 }, { 0x0600002b, 0x06000004 }, { 0x06000039, 0x06000009 },
        { 0x06000042, 0x0600000a },
    };
    struct module m;
    if (!load(&m, FIXTURES "App.exe")) {
        skip();
        return;
    }
    struct corsym_type_namer namer;
    corsym_type_namer_init(&namer, &m.view, true);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        uint32_t type = 0, found = 0;
        struct corsym_span ns, name;
        assert_int_equal(corsym_md_method_declaring_type(&m.md, rows[i][0] & 0xFFFFFF, &type),
                         CORSYM_OK);
        assert_int_equal(corsym_md_type_def_name(&m.md, type, &ns, &name), CORSYM_OK);
        assert_true(corsym_type_namer_move_next(&namer, rows[i][1], (const char *)name.data,
                                                name.len, &found));
        assert_int_equal(found, rows[i][0]);
        /* Not from another method's type, nor with another name. */
        assert_false(corsym_type_namer_move_next(&namer, 0x0600001b, (const char *)name.data,
                                                 name.len, &found));
        assert_false(corsym_type_namer_move_next(&namer, rows[i][1], (const char *)name.data,
                                                 name.len - 1, &found));
    }
    uint32_t found;
    assert_false(corsym_type_namer_move_next(&namer, 0x02000001, "x", 1, &found));
    assert_false(corsym_type_namer_move_next(&namer, 0x06FFFFFF, "x", 1, &found));
    corsym_type_namer_free(&namer);
    free(m.bytes);
}

/* A view that fails everything, and one with rows but broken cells: no names, no crash. */
static uint32_t some_rows(void *context, unsigned table)
{
    (void)context;
    return table == CORSYM_TBL_TYPE_DEF || table == CORSYM_TBL_NESTED_CLASS ? 3 : 2;
}
static bool no_cell(void *context, unsigned table, uint32_t rid, unsigned column, uint32_t *value)
{
    (void)context, (void)table, (void)rid, (void)column, (void)value;
    return false;
}
/* Every NestedClass row nests a type in itself or the next: a cycle. */
static bool cyclic_cell(void *context, unsigned table, uint32_t rid, unsigned column,
                        uint32_t *value)
{
    (void)context;
    if (table == CORSYM_TBL_NESTED_CLASS)
        *value = 0x02000000 | (column ? rid % 3 + 1 : rid);
    else
        *value = 0;
    return true;
}
static bool no_span(void *context, uint32_t index, struct corsym_span *out)
{
    (void)context, (void)index, (void)out;
    return false;
}

static void broken_views(void **state)
{
    (void)state;
    struct corsym_md_view views[2] = {
        { NULL, some_rows, no_cell, no_span, no_span },
        { NULL, some_rows, cyclic_cell, no_span, no_span },
    };
    for (size_t v = 0; v < 2; v++) {
        struct corsym_type_namer namer;
        struct corsym_buf b = CORSYM_BUF_INIT;
        corsym_type_namer_init(&namer, &views[v], true);
        assert_false(corsym_type_namer_name(&namer, 0x02000001, &b));
        assert_false(corsym_type_namer_name(&namer, 0x1b000001, &b));
        assert_false(corsym_type_namer_name(&namer, 0x1b000009, &b));
        assert_false(corsym_type_namer_name(&namer, 0x06000001, &b));
        assert_int_equal(b.len, 0);
        corsym_type_namer_free(&namer);
        struct corsym_type_index index;
        assert_int_equal(corsym_type_index_build(&index, &views[v], true), CORSYM_OK);
        corsym_type_index_free(&index);
        corsym_buf_free(&b);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csharp_names_and_rows),
        cmocka_unit_test(vb_names_and_rows),
        cmocka_unit_test(every_row_round_trips),
        cmocka_unit_test(move_next_of_state_machines),
        cmocka_unit_test(broken_views),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
