/*
 * A method's items grouped by scope (model/scope_groups): for random methods, every scope's
 * children, usings, constants and locals come out of the groups exactly as a scan of all
 * items finds them, in the same order; the groups' buffers are reused from method to method.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/scope_groups.h"

static uint32_t rng_state = 12345;

static uint32_t next_random(uint32_t bound)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 8) % bound;
}

/* A scope index, CORSYM_SW_NONE now and then, and an out-of-range index rarely (the emitters
 * never get one from the model, but the groups must not index past their arrays). */
static uint32_t random_scope(uint32_t scopes)
{
    uint32_t r = next_random(100);
    if (r == 0 || !scopes)
        return CORSYM_SW_NONE;
    if (r == 1)
        return scopes + next_random(5);
    return next_random(scopes);
}

struct method_arrays {
    struct corsym_sw_method m;
    struct corsym_sw_scope *scopes;
    struct corsym_sw_using *usings;
    struct corsym_sw_constant *constants;
    struct corsym_sw_local *locals;
};

static void random_method(struct method_arrays *a, uint32_t scopes, uint32_t items)
{
    memset(a, 0, sizeof *a);
    a->scopes = calloc(scopes + 1, sizeof *a->scopes);
    a->usings = calloc(items + 1, sizeof *a->usings);
    a->constants = calloc(items + 1, sizeof *a->constants);
    a->locals = calloc(items + 1, sizeof *a->locals);
    assert_true(a->scopes && a->usings && a->constants && a->locals);
    for (uint32_t s = 0; s < scopes; s++)
        a->scopes[s].parent = s ? random_scope(s) : CORSYM_SW_NONE; /* parents come first */
    for (uint32_t i = 0; i < items; i++) {
        a->usings[i].scope = random_scope(scopes);
        a->constants[i].scope = random_scope(scopes);
        a->locals[i].scope = random_scope(scopes);
    }
    a->m.scopes = a->scopes;
    a->m.scope_count = scopes;
    a->m.usings = a->usings;
    a->m.using_count = items;
    a->m.constants = a->constants;
    a->m.constant_count = items;
    a->m.locals = a->locals;
    a->m.local_count = items - items / 3; /* the kinds need not have the same count */
}

static void free_method(struct method_arrays *a)
{
    free(a->scopes);
    free(a->usings);
    free(a->constants);
    free(a->locals);
}

/* Every scope of every kind, and no scope, grouped and scanned, item by item (the emitters
 * never ask for a scope that does not exist; items naming one are in no group). */
static void check_same(const struct corsym_sw_scope_groups *g, const struct corsym_sw_method *m)
{
    for (unsigned k = 0; k < CORSYM_SW_GROUPS; k++) {
        for (uint32_t s = 0; s <= m->scope_count; s++) {
            uint32_t scope = s == m->scope_count ? CORSYM_SW_NONE : s;
            struct corsym_sw_scope_iter grouped, scanned;
            corsym_sw_scope_iter_begin(&grouped, g, m, (enum corsym_sw_group)k, scope);
            corsym_sw_scope_iter_begin(&scanned, NULL, m, (enum corsym_sw_group)k, scope);
            uint32_t a, b;
            for (;;) {
                bool more = corsym_sw_scope_iter_next(&scanned, &b);
                assert_int_equal(corsym_sw_scope_iter_next(&grouped, &a), more);
                if (!more)
                    break;
                assert_int_equal(a, b);
            }
        }
    }
}

static void test_groups_match_a_scan(void **state)
{
    (void)state;
    struct corsym_sw_scope_groups g;
    memset(&g, 0, sizeof g);
    /* Sizes up and down, so the reused buffers shrink in use and grow again. */
    static const uint32_t shapes[][2] = {
        { 0, 0 }, { 1, 0 }, { 0, 5 }, { 3, 10 }, { 200, 1000 }, { 7, 3 }, { 1000, 50 }, { 40, 4000 },
    };
    for (size_t round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
            struct method_arrays a;
            random_method(&a, shapes[i][0], shapes[i][1]);
            assert_int_equal(corsym_sw_scope_groups_build(&g, &a.m), CORSYM_OK);
            check_same(&g, &a.m);
            free_method(&a);
        }
    }
    corsym_sw_scope_groups_free(&g);
}

static void test_worth(void **state)
{
    (void)state;
    struct corsym_sw_method m;
    memset(&m, 0, sizeof m);
    m.scope_count = 2;
    m.local_count = 2;
    m.constant_count = 1;
    assert_false(corsym_sw_scope_groups_worth(&m)); /* the usual method: scanned */
    m.scope_count = 40000;
    m.local_count = 40000;
    assert_true(corsym_sw_scope_groups_worth(&m));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_groups_match_a_scan),
        cmocka_unit_test(test_worth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
