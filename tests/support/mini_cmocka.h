/* SPDX-License-Identifier: MIT */
/* The subset of cmocka's API our tests use, for platforms without cmocka. Same names and
 * meaning; failures longjmp out of the test, as in cmocka. */
#ifndef CORSYM_MINI_CMOCKA_H
#define CORSYM_MINI_CMOCKA_H

#include <stdint.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
    CMFixtureFunction setup_func;
    CMFixtureFunction teardown_func;
    void *initial_state;
};

#define cmocka_unit_test(f) { #f, f, NULL, NULL, NULL }
#define cmocka_unit_test_setup_teardown(f, s, t) { #f, f, s, t, NULL }
#define cmocka_unit_test_prestate(f, p) { #f, f, NULL, NULL, p }

int mini_cmocka_run_group(const char *group_name, const struct CMUnitTest *tests, size_t count,
                          CMFixtureFunction setup, CMFixtureFunction teardown);
#define cmocka_run_group_tests(group, setup, teardown) \
    mini_cmocka_run_group(#group, group, sizeof(group) / sizeof((group)[0]), setup, teardown)
#define cmocka_run_group_tests_name(name, group, setup, teardown) \
    mini_cmocka_run_group(name, group, sizeof(group) / sizeof((group)[0]), setup, teardown)

void mini_cmocka_fail(const char *file, int line, const char *format, ...);
void mini_cmocka_skip(const char *file, int line);
void print_message(const char *format, ...);
void print_error(const char *format, ...);

#define fail() mini_cmocka_fail(__FILE__, __LINE__, "fail()")
#define fail_msg(...) mini_cmocka_fail(__FILE__, __LINE__, __VA_ARGS__)
#define skip() mini_cmocka_skip(__FILE__, __LINE__)

#define assert_true(c) \
    do { if (!(c)) mini_cmocka_fail(__FILE__, __LINE__, "%s", #c); } while (0)
#define assert_false(c) \
    do { if ((c)) mini_cmocka_fail(__FILE__, __LINE__, "!(%s)", #c); } while (0)
#define assert_int_equal(a, b) \
    do { uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b); \
         if (a_ != b_) mini_cmocka_fail(__FILE__, __LINE__, "%#jx != %#jx", a_, b_); } while (0)
#define assert_int_not_equal(a, b) \
    do { uintmax_t a_ = (uintmax_t)(a), b_ = (uintmax_t)(b); \
         if (a_ == b_) mini_cmocka_fail(__FILE__, __LINE__, "%#jx == %#jx", a_, b_); } while (0)
#define assert_null(p) \
    do { if ((p) != NULL) mini_cmocka_fail(__FILE__, __LINE__, "%s is not NULL", #p); } while (0)
#define assert_non_null(p) \
    do { if ((p) == NULL) mini_cmocka_fail(__FILE__, __LINE__, "%s is NULL", #p); } while (0)
#define assert_ptr_equal(a, b) \
    do { if ((const void *)(a) != (const void *)(b)) \
             mini_cmocka_fail(__FILE__, __LINE__, "%p != %p", (const void *)(a), \
                              (const void *)(b)); } while (0)
#define assert_ptr_not_equal(a, b) \
    do { if ((const void *)(a) == (const void *)(b)) \
             mini_cmocka_fail(__FILE__, __LINE__, "%p == %p", (const void *)(a), \
                              (const void *)(b)); } while (0)
#define assert_memory_equal(a, b, n) \
    do { if (memcmp((a), (b), (n)) != 0) \
             mini_cmocka_fail(__FILE__, __LINE__, "memory differs: %s vs %s", #a, #b); } while (0)
#define assert_string_equal(a, b) \
    do { if (strcmp((a), (b)) != 0) \
             mini_cmocka_fail(__FILE__, __LINE__, "\"%s\" != \"%s\"", (a), (b)); } while (0)
#define assert_in_range(v, lo, hi) \
    do { uintmax_t v_ = (uintmax_t)(v); \
         if (v_ < (uintmax_t)(lo) || v_ > (uintmax_t)(hi)) \
             mini_cmocka_fail(__FILE__, __LINE__, "%#jx out of range", v_); } while (0)

#endif
