/*
 * The reader against cecil's own assertions (second oracle): the expected
 * values below are those of jbevain/cecil
 * symbols/pdb/Test/Mono.Cecil.Tests/PdbTests.cs, for the same corpus files;
 * each test names the cecil test it mirrors. Cecil models the S_BLOCK32
 * directly under the procedure as a method's root scope, which is our
 * scopes[1] (scopes[0] is the procedure itself).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winpdb/winpdb.h"

struct pdb {
    uint8_t *data;
    struct corsym_winpdb *pdb;
    struct corsym_winpdb_index *idx;
    struct corsym_winpdb_documents *docs;
};

static bool open_pdb(const char *name, struct pdb *p)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cecil/windows/%s.pdb", CORSYM_CORPUS_DIR, name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    fseek(f, 0, SEEK_END);
    size_t n = (size_t)ftell(f);
    rewind(f);
    p->data = malloc(n);
    assert_non_null(p->data);
    assert_int_equal(fread(p->data, 1, n, f), n);
    fclose(f);
    assert_int_equal(corsym_winpdb_open(&p->pdb, p->data, n), CORSYM_OK);
    assert_int_equal(corsym_winpdb_index_build(p->pdb, &p->idx), CORSYM_OK);
    assert_int_equal(corsym_winpdb_documents_build(p->pdb, &p->docs), CORSYM_OK);
    return true;
}

static void close_pdb(struct pdb *p)
{
    corsym_winpdb_documents_free(p->docs);
    corsym_winpdb_index_free(p->idx);
    corsym_winpdb_close(p->pdb);
    free(p->data);
}

#define OPEN_OR_SKIP(name, p)                                                                  \
    do {                                                                                       \
        if (!open_pdb(name, p))                                                                \
            skip();                                                                            \
    } while (0)

static bool span_is(struct corsym_span s, const char *text)
{
    return corsym_span_eq(s, text, strlen(text));
}

/* A method by (module name, method name); cecil looks methods up by type. */
static struct corsym_winpdb_method *method_named(struct pdb *p, const char *type,
                                                 const char *name)
{
    for (uint32_t i = 0; i < corsym_winpdb_index_count(p->idx); i++) {
        struct corsym_winpdb_method_ref ref;
        struct corsym_winpdb_method *m;
        assert_int_equal(corsym_winpdb_index_at(p->idx, i, &ref), CORSYM_OK);
        if (!span_is(corsym_winpdb_module_info(p->pdb, ref.module)->name, type))
            continue;
        assert_int_equal(corsym_winpdb_method_load_ref(p->pdb, &ref, &m), CORSYM_OK);
        if (span_is(m->proc.name, name))
            return m;
        corsym_winpdb_method_free(m);
    }
    fail_msg("no method %s::%s", type, name);
    return NULL;
}

static const struct corsym_winpdb_document *document_of(struct pdb *p,
                                                        const struct corsym_winpdb_method *m)
{
    uint32_t i;
    assert_true(m->point_count > 0);
    assert_int_equal(corsym_winpdb_documents_find(p->docs, m->points[0].document_ni, &i),
                     CORSYM_OK);
    return corsym_winpdb_document_at(p->docs, i);
}

/* GUIDs as stored (Data1..3 little endian). */
static const uint8_t LANG_CSHARP[16] = { 0xF8, 0x62, 0x51, 0x3F, 0xC6, 0x07, 0xD3, 0x11,
                                         0x90, 0x53, 0x00, 0xC0, 0x4F, 0xA3, 0x02, 0xA1 };
static const uint8_t LANG_BASIC[16] = { 0xB8, 0xD0, 0x12, 0x3A, 0x6C, 0xC2, 0xD0, 0x11,
                                        0xB4, 0x42, 0x00, 0xA0, 0x24, 0x4A, 0x1D, 0xD2 };
static const uint8_t LANG_FSHARP[16] = { 0xC9, 0x38, 0x4F, 0xAB, 0xE6, 0xB6, 0xBA, 0x43,
                                         0xBE, 0x3B, 0x58, 0x08, 0x0B, 0x2C, 0xCC, 0xE3 };
static const uint8_t VENDOR_MS[16] = { 0xC4, 0x45, 0x4B, 0x99, 0xE9, 0xE6, 0xD2, 0x11,
                                       0x90, 0x3F, 0x00, 0xC0, 0x4F, 0xA3, 0x02, 0xA1 };
static const uint8_t TYPE_TEXT[16] = { 0x0B, 0x9D, 0x86, 0x5A, 0x11, 0x66, 0xD3, 0x11,
                                       0xBD, 0x2A, 0x00, 0x00, 0xF8, 0x08, 0x49, 0xBD };

static void check_document(const struct corsym_winpdb_document *d, const char *url,
                           const uint8_t language[16])
{
    assert_true(span_is(d->name, url));
    assert_true(d->has_source_info);
    assert_memory_equal(d->document_type, TYPE_TEXT, 16);
    assert_memory_equal(d->language, language, 16);
    assert_memory_equal(d->language_vendor, VENDOR_MS, 16);
}

#define TEST_CS "c:\\sources\\cecil\\symbols\\Mono.Cecil.Pdb\\Test\\Resources\\assemblies\\test.cs"

/* PdbTests.Main: the .line directives of Program::Main in test.exe. */
static void test_main_sequence_points(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("test", &p);
    static const struct {
        uint32_t offset;
        bool hidden;
        uint32_t line, end_line, col, end_col;
    } expected[] = {
        { 0x00, false, 6, 6, 2, 3 },   { 0x01, false, 7, 7, 8, 18 }, { 0x03, true, 0, 0, 0, 0 },
        { 0x05, false, 8, 8, 4, 21 },  { 0x0e, false, 7, 7, 36, 39 }, { 0x12, false, 7, 7, 19, 34 },
        { 0x19, true, 0, 0, 0, 0 },    { 0x1c, false, 10, 10, 3, 12 }, { 0x20, false, 11, 11, 2, 3 },
    };
    struct corsym_winpdb_method *m = method_named(&p, "Program", "Main");
    assert_int_equal(m->point_count, sizeof expected / sizeof *expected);
    for (uint32_t i = 0; i < m->point_count; i++) {
        const struct corsym_winpdb_sequence_point *sp = &m->points[i];
        assert_int_equal(sp->il_offset, expected[i].offset);
        assert_int_equal(sp->hidden, expected[i].hidden);
        if (!expected[i].hidden) {
            assert_int_equal(sp->start_line, expected[i].line);
            assert_int_equal(sp->end_line, expected[i].end_line);
            assert_int_equal(sp->start_column, expected[i].col);
            assert_int_equal(sp->end_column, expected[i].end_col);
        }
        struct corsym_span url;
        assert_int_equal(corsym_winpdb_string(p.pdb, sp->document_ni, &url), CORSYM_OK);
        assert_true(span_is(url, TEST_CS));
    }
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.DebuggerHiddenVariable */
static void test_debugger_hidden_variable(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("test", &p);
    struct corsym_winpdb_method *m = method_named(&p, "Program", "Main");
    assert_true(m->scope_count >= 3);
    const struct corsym_winpdb_scope *root = &m->scopes[1];
    assert_int_equal(root->parent, 0);
    assert_true(root->locals_count >= 2);
    const struct corsym_winpdb_local *v = &m->locals[root->locals_first];
    assert_true(span_is(v[0].name, "CS$1$0000"));
    assert_true(v[0].flags & CORSYM_CV_LVAR_COMPGEN);
    assert_true(span_is(v[1].name, "CS$4$0001"));
    assert_true(v[1].flags & CORSYM_CV_LVAR_COMPGEN);
    /* Exactly one child scope, whose first variable is i. */
    assert_int_not_equal(root->first_child, CORSYM_WINPDB_NONE);
    const struct corsym_winpdb_scope *child = &m->scopes[root->first_child];
    assert_int_equal(child->next_sibling, CORSYM_WINPDB_NONE);
    assert_true(span_is(m->locals[child->locals_first].name, "i"));
    assert_false(m->locals[child->locals_first].flags & CORSYM_CV_LVAR_COMPGEN);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.Document (the HashAlgorithm == None assertion is not mirrored:
 * the file's /src/files record carries an MD5 GUID and 16 checksum bytes,
 * which llvm-pdbutil also shows; that cecil's reader ignored them). */
static void test_document(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("test", &p);
    struct corsym_winpdb_method *m = method_named(&p, "Program", "Main");
    check_document(document_of(&p, m), TEST_CS, LANG_CSHARP);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.BasicDocument */
static void test_basic_document(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("VBConsApp", &p);
    struct corsym_winpdb_method *m = method_named(&p, "VBConsApp.Program", "Main");
    check_document(document_of(&p, m), "c:\\tmp\\VBConsApp\\Program.vb", LANG_BASIC);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.FSharpDocument */
static void test_fsharp_document(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("fsapp", &p);
    struct corsym_winpdb_method *m = method_named(&p, "Program", "fact");
    check_document(document_of(&p, m), "c:\\tmp\\fsapp\\Program.fs", LANG_FSHARP);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.EmptyEnumerable / EmptyRootNamespace / VisualBasicNamespace only
 * read the module: every method must load. */
static void test_reads_whole_module(void **state)
{
    (void)state;
    static const char *names[] = { "empty-iterator", "EmptyRootNamespace", "AVbTest" };
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        struct pdb p;
        OPEN_OR_SKIP(names[k], &p);
        assert_true(corsym_winpdb_index_count(p.idx) > 0);
        for (uint32_t i = 0; i < corsym_winpdb_index_count(p.idx); i++) {
            struct corsym_winpdb_method_ref ref;
            struct corsym_winpdb_method *m;
            assert_int_equal(corsym_winpdb_index_at(p.idx, i, &ref), CORSYM_OK);
            assert_int_equal(corsym_winpdb_method_load_ref(p.pdb, &ref, &m), CORSYM_OK);
            corsym_winpdb_method_free(m);
        }
        close_pdb(&p);
    }
}

/* PdbTests.LocalVariables: ComplexPdb.Program::Bar */
static void test_local_variables(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("ComplexPdb", &p);
    struct corsym_winpdb_method *m = method_named(&p, "ComplexPdb.Program", "Bar");
    const struct corsym_winpdb_scope *root = &m->scopes[1];
    uint32_t first = root->first_child;
    assert_int_not_equal(first, CORSYM_WINPDB_NONE);
    uint32_t second = m->scopes[first].next_sibling;
    assert_int_not_equal(second, CORSYM_WINPDB_NONE);
    assert_int_equal(m->scopes[second].next_sibling, CORSYM_WINPDB_NONE);

    const struct corsym_winpdb_scope *s = &m->scopes[first];
    assert_int_equal(s->locals_count, 1);
    assert_true(span_is(m->locals[s->locals_first].name, "s"));
    assert_false(m->locals[s->locals_first].flags & CORSYM_CV_LVAR_COMPGEN);
    assert_int_equal(m->locals[s->locals_first].slot, 2);

    s = &m->scopes[second];
    assert_int_equal(s->locals_count, 1);
    assert_true(span_is(m->locals[s->locals_first].name, "s"));
    assert_int_equal(m->locals[s->locals_first].slot, 3);
    assert_int_not_equal(s->first_child, CORSYM_WINPDB_NONE);
    const struct corsym_winpdb_scope *inner = &m->scopes[s->first_child];
    assert_int_equal(inner->next_sibling, CORSYM_WINPDB_NONE);
    assert_int_equal(inner->locals_count, 1);
    assert_true(span_is(m->locals[inner->locals_first].name, "u"));
    assert_int_equal(m->locals[inner->locals_first].slot, 5);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.LocalConstants */
static void test_local_constants(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("ComplexPdb", &p);
    struct corsym_winpdb_method *m = method_named(&p, "ComplexPdb.Program", "Bar");
    const struct corsym_winpdb_scope *s = &m->scopes[m->scopes[m->scopes[1].first_child].next_sibling];
    assert_int_equal(s->constants_count, 2);
    const struct corsym_winpdb_constant *c = &m->constants[s->constants_first];
    assert_true(span_is(c[0].name, "b"));
    assert_int_equal(c[0].value.kind, CORSYM_CV_NUM_SIGNED);
    assert_int_equal(c[0].value.leaf, CORSYM_LF_LONG); /* Int32 */
    assert_int_equal(c[0].value.u.i, 12);
    assert_true(span_is(c[1].name, "c"));
    assert_int_equal(c[1].value.kind, CORSYM_CV_NUM_DECIMAL); /* (decimal) 74 */
    assert_int_equal(c[1].value.u.decimal.scale, 0);
    assert_int_equal(c[1].value.u.decimal.sign, 0);
    assert_int_equal(c[1].value.u.decimal.hi32, 0);
    assert_int_equal(c[1].value.u.decimal.lo64, 74);
    corsym_winpdb_method_free(m);

    m = method_named(&p, "ComplexPdb.Program", "Foo");
    s = &m->scopes[1];
    assert_int_equal(s->constants_count, 4);
    c = &m->constants[s->constants_first];
    assert_true(span_is(c[0].name, "s"));
    assert_int_equal(c[0].value.kind, CORSYM_CV_NUM_STRING);
    assert_true(span_is(c[0].value.text, "const string"));
    assert_true(span_is(c[1].name, "f"));
    assert_int_equal(c[1].value.u.i, 1);
    /* null object and null string: stored as integer 0 (research §7.4) */
    assert_true(span_is(c[2].name, "o"));
    assert_int_equal(c[2].value.u.i, 0);
    assert_true(span_is(c[3].name, "u"));
    assert_int_equal(c[3].value.u.i, 0);
    /* u and s share the string signature; o's differs (object). */
    assert_int_equal(c[3].signature_token, c[0].signature_token);
    assert_int_not_equal(c[2].signature_token, c[0].signature_token);
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

/* PdbTests.ImportScope: Bar forwards (MD2 kind 1) to Foo, whose root scope
 * holds the six imports. */
static void test_import_scope(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("ComplexPdb", &p);
    struct corsym_winpdb_method *bar = method_named(&p, "ComplexPdb.Program", "Bar");
    struct corsym_winpdb_method *foo = method_named(&p, "ComplexPdb.Program", "Foo");
    assert_true(bar->has_md2);
    assert_int_equal(bar->md2_status, CORSYM_OK);
    assert_true(bar->md2_info.has[CORSYM_MD2_FORWARD_METHOD]);
    assert_int_equal(bar->md2_info.forward_method, foo->token);
    static const char *imports[] = {
        "USystem",
        "USystem.Collections.Generic",
        "USystem.Threading.Tasks",
        "TSystem.Console, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089",
        "AFoo1 TSystem.Console, mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089",
        "AFoo2 USystem.Reflection",
    };
    const struct corsym_winpdb_scope *s = &foo->scopes[1];
    assert_int_equal(s->namespaces_count, 6);
    for (uint32_t i = 0; i < 6; i++)
        assert_true(span_is(foo->namespaces[s->namespaces_first + i].name, imports[i]));
    /* Foo's MD2 groups them innermost namespace first, the global namespace
     * (where the file's usings are) last (research §10.2). */
    assert_true(foo->md2_info.has[CORSYM_MD2_USING_GROUPS]);
    uint16_t groups, count, total = 0;
    assert_int_equal(corsym_md2_using_groups(foo->md2_info.body[0], &groups), CORSYM_OK);
    assert_true(groups >= 1);
    for (uint16_t g = 0; g < groups; g++) {
        assert_int_equal(corsym_md2_using_group_at(foo->md2_info.body[0], g, &count), CORSYM_OK);
        total = (uint16_t)(total + count);
    }
    assert_int_equal(count, 6);
    assert_int_equal(total, 6);
    corsym_winpdb_method_free(bar);
    corsym_winpdb_method_free(foo);
    close_pdb(&p);
}

/* PdbTests.StateMachineKickOff */
static void test_state_machine_kickoff(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("ComplexPdb", &p);
    struct corsym_winpdb_method *mn = method_named(&p, "ComplexPdb.Program.<TestAsync>d__2",
                                                   "MoveNext");
    struct corsym_winpdb_method *kick;
    assert_true(mn->has_async);
    assert_int_equal(corsym_winpdb_method_load(p.pdb, p.idx, mn->async.kickoff_token, &kick),
                     CORSYM_OK);
    assert_true(span_is(kick->proc.name, "TestAsync"));
    assert_true(span_is(corsym_winpdb_module_info(p.pdb, kick->module)->name,
                        "ComplexPdb.Program"));
    /* The kick-off method names its state machine (MD2 kind 4). */
    struct corsym_span name;
    assert_true(kick->md2_info.has[CORSYM_MD2_STATE_MACHINE_TYPE_NAME]);
    assert_int_equal(corsym_md2_state_machine_type_name(
                         kick->md2_info.body[CORSYM_MD2_STATE_MACHINE_TYPE_NAME], &name),
                     CORSYM_OK);
    static const char sm[] = "<TestAsync>d__2";
    assert_int_equal(name.len, 2 * (sizeof sm - 1));
    for (size_t i = 0; i < sizeof sm - 1; i++)
        assert_int_equal(name.data[2 * i], (uint8_t)sm[i]);
    corsym_winpdb_method_free(kick);
    corsym_winpdb_method_free(mn);
    close_pdb(&p);
}

/* PdbTests.Iterators */
static void test_iterators(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("ComplexPdb", &p);
    struct corsym_winpdb_method *mn = method_named(&p, "ComplexPdb.Program.<TestAsync>d__2",
                                                   "MoveNext");
    /* StateMachineScope 142..319: cecil's End is the stored inclusive end
     * plus one (its reader adds the 1). */
    assert_true(mn->md2_info.has[CORSYM_MD2_HOISTED_LOCAL_SCOPES]);
    struct corsym_span body = mn->md2_info.body[CORSYM_MD2_HOISTED_LOCAL_SCOPES];
    uint32_t n, start, end;
    assert_int_equal(corsym_md2_hoisted_count(body, &n), CORSYM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(corsym_md2_hoisted_at(body, 0, &start, &end), CORSYM_OK);
    assert_int_equal(start, 142);
    assert_int_equal(end + 1, 319);

    assert_true(mn->has_async);
    assert_false(mn->async.has_catch_handler); /* CatchHandler.Offset == -1 */
    assert_int_equal(mn->async.step_count, 2);
    assert_int_equal(mn->async_steps[0].yield_offset, 68);
    assert_int_equal(mn->async_steps[1].yield_offset, 197);
    assert_int_equal(mn->async_steps[0].resume_offset, 98);
    assert_int_equal(mn->async_steps[1].resume_offset, 227);
    assert_int_equal(mn->async_steps[0].breakpoint_method, mn->token); /* MoveNextMethod */
    assert_int_equal(mn->async_steps[1].breakpoint_method, mn->token);
    corsym_winpdb_method_free(mn);
    close_pdb(&p);
}

/* PdbTests.ImportsForFirstMethod */
static void test_imports_for_first_method(void **state)
{
    (void)state;
    struct pdb p;
    OPEN_OR_SKIP("CecilTest", &p);
    struct corsym_winpdb_method *m = method_named(&p, "CecilTest.Program", "Main");
    const struct corsym_winpdb_scope *root = &m->scopes[1];
    assert_int_equal(root->end_offset, m->proc.code_size); /* End.IsEndOfMethod */
    static const char *ns[] = { "USystem", "USystem.Collections.Generic", "USystem.Linq",
                                "USystem.Text", "USystem.Threading.Tasks" };
    assert_int_equal(root->namespaces_count, 5);
    for (uint32_t i = 0; i < 5; i++)
        assert_true(span_is(m->namespaces[root->namespaces_first + i].name, ns[i]));
    corsym_winpdb_method_free(m);
    close_pdb(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_main_sequence_points),
        cmocka_unit_test(test_debugger_hidden_variable),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_basic_document),
        cmocka_unit_test(test_fsharp_document),
        cmocka_unit_test(test_reads_whole_module),
        cmocka_unit_test(test_local_variables),
        cmocka_unit_test(test_local_constants),
        cmocka_unit_test(test_import_scope),
        cmocka_unit_test(test_state_machine_kickoff),
        cmocka_unit_test(test_iterators),
        cmocka_unit_test(test_imports_for_first_method),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
