/*
 * The writer's symbol model: call order, argument validation, and that a refused call
 * leaves no trace.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "model/symwriter.h"

static const uint16_t url_a[] = { 'a', '.', 'c', 's' };
static const uint16_t url_b[] = { 'b', '.', 'c', 's' };
static const uint16_t name_x[] = { 'x' };

static struct corsym_symwriter *new_model(unsigned rules)
{
    struct corsym_symwriter *w = NULL;
    assert_int_equal(corsym_symwriter_new(&w, rules), CORSYM_OK);
    assert_non_null(w);
    return w;
}

static void test_documents(void **state)
{
    (void)state;
    struct corsym_symwriter *w = new_model(CORSYM_SW_RULES_PORTABLE);
    uint32_t a, b, again;
    assert_int_equal(corsym_symwriter_define_document(w, url_a, 4, NULL, NULL, NULL, &a), CORSYM_OK);
    assert_int_equal(corsym_symwriter_define_document(w, url_b, 4, NULL, NULL, NULL, &b), CORSYM_OK);
    assert_int_equal(corsym_symwriter_define_document(w, url_a, 4, NULL, NULL, NULL, &again),
                     CORSYM_OK);
    assert_int_equal(a, again); /* one row per name */
    assert_int_not_equal(a, b);
    assert_int_equal(w->document_count, 2);
    assert_string_equal(w->documents[b].url, "b.cs");
    static const uint16_t surrogate[] = { 'x', 0xDC00 };
    assert_int_equal(corsym_symwriter_define_document(w, surrogate, 2, NULL, NULL, NULL, &again),
                     CORSYM_E_INVALID_ARG);
    assert_int_equal(w->document_count, 2);
    uint8_t alg[16] = { 1 };
    assert_int_equal(corsym_symwriter_set_checksum(w, 7, alg, (const uint8_t *)"h", 1),
                     CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_set_checksum(w, a, alg, (const uint8_t *)"h", 1), CORSYM_OK);
    assert_true(w->documents[a].has_checksum);
    assert_int_equal(corsym_symwriter_set_source(w, b, NULL, 3), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_set_source(w, b, (const uint8_t *)"abc", 3), CORSYM_OK);
    corsym_symwriter_free(w);
}

static void test_method_order(void **state)
{
    (void)state;
    struct corsym_symwriter *w = new_model(CORSYM_SW_RULES_PORTABLE);
    uint32_t id, id2;
    assert_int_equal(corsym_symwriter_close_method(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_open_scope(w, 0, &id), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_open_method(w, 0x02000001), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000001), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000002), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_using_namespace(w, name_x, 1), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_open_scope(w, 2, &id), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_scope(w, 3, &id2), CORSYM_OK);
    assert_int_not_equal(id, id2);
    assert_int_equal(corsym_sw_method(w, 0)->scopes[id2].parent, id);
    assert_int_equal(corsym_symwriter_close_scope(w, 1), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_close_scope(w, 5), CORSYM_OK);
    assert_int_equal(corsym_symwriter_close_method(w), CORSYM_E_STATE); /* scope open */
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_close_scope(w, 9), CORSYM_OK);
    assert_int_equal(corsym_symwriter_set_scope_range(w, id2, 4, 6), CORSYM_OK);
    assert_int_equal(corsym_symwriter_set_scope_range(w, 9, 4, 6), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_sw_method(w, 0)->scopes[id2].start, 4);
    assert_int_equal(corsym_symwriter_close_scope(w, 9), CORSYM_E_STATE);
    /* Parent 0 means the open method. */
    assert_int_equal(corsym_symwriter_set_attribute(w, 0, name_x, 1, (const uint8_t *)"d", 1),
                     CORSYM_OK);
    assert_int_equal(w->attributes[0].parent, 0x06000001);
    assert_int_equal(corsym_symwriter_close_method(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000001), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_OK);

    assert_int_equal(corsym_symwriter_remap_token(w, 0x06000001, 0x06000007), CORSYM_OK);
    assert_int_equal(corsym_symwriter_remap_token(w, 0x06000001, 0x02000007), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_remapped(w, 0x06000001), 0x06000007);
    assert_int_equal(corsym_symwriter_find_method(w, 0x06000007), 0);
    assert_int_equal(corsym_symwriter_find_method(w, 0x06000001), CORSYM_SW_NONE);
    /* Many pairs (the table grows several times), one given twice: the last one counts. */
    for (uint32_t i = 0x100; i < 0x1100; i++)
        assert_int_equal(corsym_symwriter_remap_token(w, 0x02000000 | i, 0x02000000 | (i + 7)),
                         CORSYM_OK);
    assert_int_equal(corsym_symwriter_remap_token(w, 0x02000500, 0x02000001), CORSYM_OK);
    for (uint32_t i = 0x100; i < 0x1100; i++)
        assert_int_equal(corsym_symwriter_remapped(w, 0x02000000 | i),
                         i == 0x500 ? 0x02000001u : 0x02000000u | (i + 7));
    assert_int_equal(corsym_symwriter_remapped(w, 0x02000001), 0x02000001);
    assert_int_equal(corsym_symwriter_remapped(w, 0x06000001), 0x06000007);

    corsym_symwriter_seal(w);
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000003), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_set_entry_point(w, 0x06000001), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_E_STATE);
    corsym_symwriter_free(w);
}

static void test_sequence_points(void **state)
{
    (void)state;
    for (unsigned rules = 0; rules <= CORSYM_SW_RULES_PORTABLE; rules++) {
        struct corsym_symwriter *w = new_model(rules);
        uint32_t d;
        assert_int_equal(corsym_symwriter_define_document(w, url_a, 4, NULL, NULL, NULL, &d),
                         CORSYM_OK);
        uint32_t off[3] = { 0, 4, 8 }, l[3] = { 1, 0xFEEFEE, 3 }, c[3] = { 1, 7, 5 },
                 el[3] = { 1, 0, 3 }, ec[3] = { 2, 9, 5 };
        assert_int_equal(corsym_symwriter_define_sequence_points(w, d, 3, off, l, c, el, ec),
                         CORSYM_E_STATE);
        assert_int_equal(corsym_symwriter_open_method(w, 0x06000001), CORSYM_OK);
        /* The third point has zero width: only a Portable PDB refuses it, and then the whole
         * call adds nothing. */
        corsym_status st = corsym_symwriter_define_sequence_points(w, d, 3, off, l, c, el, ec);
        assert_int_equal(st, rules ? CORSYM_E_INVALID_ARG : CORSYM_OK);
        assert_int_equal(corsym_sw_method(w, 0)->point_count, rules ? 0 : 3);
        ec[2] = 6;
        assert_int_equal(corsym_symwriter_define_sequence_points(w, 9, 3, off, l, c, el, ec),
                         CORSYM_E_INVALID_ARG);
        assert_int_equal(corsym_symwriter_define_sequence_points(w, d, 3, off, l, c, el, ec),
                         CORSYM_OK);
        /* Hidden points are normalised. */
        const struct corsym_sw_method *m = corsym_sw_method(w, 0);
        const struct corsym_sw_point *p = &m->points[m->point_count - 2];
        assert_int_equal(p->end_line, 0xFEEFEE);
        assert_int_equal(p->start_column, 0);
        uint32_t bad_line = 0x20000000;
        assert_int_equal(corsym_symwriter_define_sequence_points(w, d, 1, off, &bad_line, c, el,
                                                                 ec), CORSYM_E_INVALID_ARG);
        assert_int_equal(corsym_symwriter_close_method(w), CORSYM_OK);
        corsym_symwriter_free(w);
    }
}

static void test_locals_constants_async(void **state)
{
    (void)state;
    struct corsym_symwriter *w = new_model(CORSYM_SW_RULES_PORTABLE);
    uint32_t scope;
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000002), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_scope(w, 0, &scope), CORSYM_OK);
    assert_int_equal(corsym_symwriter_define_local(w, name_x, 1, 1, 0x11000003, NULL, 0, 1, 0x10000,
                                                   0, 0, 0, 0), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_define_local(w, name_x, 1, 1, 0x01000003, NULL, 0, 1, 0, 0, 0,
                                                   0, 0), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_define_local(w, name_x, 1, 1, 0x11000003, NULL, 0, 1, 5, 0, 0,
                                                   0, 0), CORSYM_OK);
    assert_int_equal(corsym_symwriter_define_local(w, name_x, 1, 0, 0x11000004, NULL, 0, 1, 6, 0, 0,
                                                   0, 0), CORSYM_OK);
    assert_int_equal(corsym_sw_method(w, 0)->local_signature, 0x11000003); /* the first one given */
    uint16_t text[] = { 'h', 'i' };
    struct corsym_sw_value v;
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_STRING;
    v.text = text;
    v.text_len = 2;
    assert_int_equal(corsym_symwriter_define_constant(w, name_x, 1, &v, 0, NULL, 0), CORSYM_OK);
    static const uint8_t bad_sig[] = { 0x1F, 0x1F, 0x1C }; /* modreq with a tag-3 index */
    assert_int_equal(corsym_symwriter_define_constant(w, name_x, 1, &v, 0, bad_sig, 3),
                     CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_sw_method(w, 0)->constant_count, 1);
    text[0] = 'X'; /* the model keeps its own copy */
    assert_int_equal(corsym_sw_method(w, 0)->constants[0].value.text[0], 'h');
    v.kind = CORSYM_SW_VALUE_DECIMAL;
    v.decimal.scale = 29;
    assert_int_equal(corsym_symwriter_define_constant(w, name_x, 1, &v, 0, NULL, 0),
                     CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_set_kickoff(w, 0x02000001), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_set_kickoff(w, 0x06000001), CORSYM_OK);
    uint32_t y[2] = { 1, 2 }, r[2] = { 3, 4 }, m[2] = { 0x06000002, 0x0A000001 };
    assert_int_equal(corsym_symwriter_add_async_steps(w, 2, y, r, m), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_sw_method(w, 0)->step_count, 0);
    m[1] = 0x06000002;
    assert_int_equal(corsym_symwriter_add_async_steps(w, 2, y, r, m), CORSYM_OK);
    assert_int_equal(corsym_symwriter_add_async_steps(w, 1, y, r, m), CORSYM_OK);
    assert_int_equal(corsym_sw_method(w, 0)->step_count, 3);
    assert_int_equal(corsym_symwriter_close_scope(w, 10), CORSYM_OK);
    assert_int_equal(corsym_symwriter_close_method(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_set_catch_handler(w, 1), CORSYM_E_STATE);

    assert_int_equal(corsym_symwriter_map_token(w, 0x02000002, 0, 1, 1, 1, 2), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_open_token_map(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_token_map(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_map_token(w, 0x02000002, 0, 1, 1, 1, 2), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_close_token_map(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_namespace(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_close_namespace(w), CORSYM_OK);
    assert_int_equal(corsym_symwriter_close_namespace(w), CORSYM_E_STATE);
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_OK);
    corsym_symwriter_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_documents),
        cmocka_unit_test(test_method_order),
        cmocka_unit_test(test_sequence_points),
        cmocka_unit_test(test_locals_constants_async),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
