/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mini_cmocka.h"

enum outcome { OUTCOME_PASS, OUTCOME_FAIL, OUTCOME_SKIP };

static jmp_buf test_exit;
static int in_test;

void print_message(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fflush(stdout);
}

void print_error(const char *format, ...)
{
    va_list args;
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fflush(stderr);
}

void mini_cmocka_fail(const char *file, int line, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    printf("[  ERROR   ] --- ");
    vprintf(format, args);
    printf("\n[   LINE   ] --- %s:%d: error: Failure!\n", file, line);
    va_end(args);
    fflush(stdout);
    if (in_test)
        longjmp(test_exit, OUTCOME_FAIL);
    exit(1);
}

void mini_cmocka_skip(const char *file, int line)
{
    (void)file; (void)line;
    if (in_test)
        longjmp(test_exit, OUTCOME_SKIP);
    exit(0);
}

int mini_cmocka_run_group(const char *group_name, const struct CMUnitTest *tests, size_t count,
                          CMFixtureFunction setup, CMFixtureFunction teardown)
{
    void *group_state = NULL;
    volatile size_t passed = 0, failed = 0, skipped = 0;
    printf("[==========] %s: Running %u test(s).\n", group_name, (unsigned)count);
    if (setup && setup(&group_state) != 0) {
        printf("[  ERROR   ] %s: group setup failed\n", group_name);
        return (int)count;
    }
    for (size_t i = 0; i < count; i++) {
        const struct CMUnitTest *t = &tests[i];
        void *state = t->initial_state ? t->initial_state : group_state;
        printf("[ RUN      ] %s\n", t->name);
        fflush(stdout);
        volatile int outcome = OUTCOME_PASS;
        in_test = 1;
        int jumped = setjmp(test_exit);
        if (jumped == 0) {
            if (t->setup_func && t->setup_func(&state) != 0)
                outcome = OUTCOME_FAIL;
            else {
                t->test_func(&state);
                if (t->teardown_func && t->teardown_func(&state) != 0)
                    outcome = OUTCOME_FAIL;
            }
        } else {
            outcome = jumped;
            if (t->teardown_func)
                t->teardown_func(&state);
        }
        in_test = 0;
        if (outcome == OUTCOME_PASS) {
            passed++;
            printf("[       OK ] %s\n", t->name);
        } else if (outcome == OUTCOME_SKIP) {
            skipped++;
            printf("[  SKIPPED ] %s\n", t->name);
        } else {
            failed++;
            printf("[  FAILED  ] %s\n", t->name);
        }
    }
    if (teardown)
        teardown(&group_state);
    printf("[==========] %s: %u test(s) run.\n", group_name, (unsigned)count);
    printf("[  PASSED  ] %u test(s).\n", (unsigned)passed);
    if (skipped)
        printf("[  SKIPPED ] %u test(s).\n", (unsigned)skipped);
    if (failed)
        printf("[  FAILED  ] %u test(s).\n", (unsigned)failed);
    fflush(stdout);
    return (int)failed;
}
