/* The bounded cursor: every primitive, each compressed-integer boundary,
 * truncation, and the guarantee that a failed read does not move. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/checked.h"
#include "base/cursor.h"

#define CUR(c, ...)                                                                                \
    static const uint8_t c##_bytes[] = { __VA_ARGS__ };                                            \
    struct corsym_cursor c;                                                                        \
    corsym_cursor_init(&c, c##_bytes, sizeof c##_bytes)

static void test_fixed_width(void **state)
{
    (void)state;
    CUR(c, 0x01, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12, 0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01);
    uint8_t b;
    uint16_t h;
    uint32_t w;
    uint64_t q;
    assert_int_equal(corsym_cursor_u8(&c, &b), CORSYM_OK);
    assert_int_equal(b, 0x01);
    assert_int_equal(corsym_cursor_u16le(&c, &h), CORSYM_OK);
    assert_int_equal(h, 0x1234);
    assert_int_equal(corsym_cursor_u32le(&c, &w), CORSYM_OK);
    assert_int_equal(w, 0x12345678);
    assert_int_equal(corsym_cursor_u64le(&c, &q), CORSYM_OK);
    assert_true(q == 0x0123456789ABCDEFull);
    assert_true(corsym_cursor_at_end(&c));
    assert_int_equal(corsym_cursor_u8(&c, &b), CORSYM_E_CORRUPT);
}

static void test_signed_fixed(void **state)
{
    (void)state;
    CUR(c, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x80, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF);
    int32_t i;
    int64_t l;
    assert_int_equal(corsym_cursor_i32le(&c, &i), CORSYM_OK);
    assert_int_equal(i, -1);
    assert_int_equal(corsym_cursor_i32le(&c, &i), CORSYM_OK);
    assert_true(i == INT32_MIN);
    assert_int_equal(corsym_cursor_i64le(&c, &l), CORSYM_OK);
    assert_true(l == -2);
}

static void test_truncated_reads_do_not_move(void **state)
{
    (void)state;
    CUR(c, 1, 2, 3);
    uint32_t w;
    uint64_t q;
    uint16_t h;
    assert_int_equal(corsym_cursor_u32le(&c, &w), CORSYM_E_CORRUPT);
    assert_int_equal(c.pos, 0);
    assert_int_equal(corsym_cursor_u64le(&c, &q), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_skip(&c, 2), CORSYM_OK);
    assert_int_equal(corsym_cursor_u16le(&c, &h), CORSYM_E_CORRUPT);
    assert_int_equal(c.pos, 2);
    assert_int_equal(corsym_cursor_skip(&c, 2), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_skip(&c, SIZE_MAX), CORSYM_E_CORRUPT);
    assert_int_equal(c.pos, 2);
}

static void test_uint_widths(void **state)
{
    (void)state;
    CUR(c, 0xAA, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12);
    uint32_t v;
    assert_int_equal(corsym_cursor_uint(&c, 1, &v), CORSYM_OK);
    assert_int_equal(v, 0xAA);
    assert_int_equal(corsym_cursor_uint(&c, 2, &v), CORSYM_OK);
    assert_int_equal(v, 0x1234);
    assert_int_equal(corsym_cursor_uint(&c, 4, &v), CORSYM_OK);
    assert_int_equal(v, 0x12345678);
    assert_int_equal(corsym_cursor_uint(&c, 3, &v), CORSYM_E_INVALID_ARG);
}

struct cuint_case {
    uint8_t bytes[5];
    size_t len;
    corsym_status st;
    uint32_t value;
    size_t consumed;
};

/* ECMA-335 II.23.2 examples and every boundary of the three forms. */
static const struct cuint_case cuint_cases[] = {
    { { 0x00 }, 1, CORSYM_OK, 0, 1 },
    { { 0x03 }, 1, CORSYM_OK, 3, 1 },
    { { 0x7F }, 1, CORSYM_OK, 0x7F, 1 },
    { { 0x80, 0x80 }, 2, CORSYM_OK, 0x80, 2 },
    { { 0xAE, 0x57 }, 2, CORSYM_OK, 0x2E57, 2 },
    { { 0xBF, 0xFF }, 2, CORSYM_OK, 0x3FFF, 2 },
    { { 0x80, 0x00 }, 2, CORSYM_OK, 0, 2 }, /* non-minimal, still decodable */
    { { 0xC0, 0x00, 0x40, 0x00 }, 4, CORSYM_OK, 0x4000, 4 },
    { { 0xDF, 0xFF, 0xFF, 0xFF }, 4, CORSYM_OK, 0x1FFFFFFF, 4 },
    { { 0xE0, 0, 0, 0, 0 }, 5, CORSYM_E_CORRUPT, 0, 0 },
    { { 0xFF, 0xFF, 0xFF, 0xFF }, 4, CORSYM_E_CORRUPT, 0, 0 },
    { { 0x80 }, 1, CORSYM_E_CORRUPT, 0, 0 },
    { { 0xC0, 0x00, 0x40 }, 3, CORSYM_E_CORRUPT, 0, 0 },
    { { 0 }, 0, CORSYM_E_CORRUPT, 0, 0 },
};

static void test_compressed_unsigned(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cuint_cases / sizeof cuint_cases[0]; i++) {
        const struct cuint_case *t = &cuint_cases[i];
        struct corsym_cursor c;
        corsym_cursor_init(&c, t->bytes, t->len);
        uint32_t v = 0xDEADBEEF;
        assert_int_equal(corsym_cursor_cuint(&c, &v), t->st);
        if (t->st == CORSYM_OK) {
            assert_int_equal(v, t->value);
            assert_int_equal(c.pos, t->consumed);
        } else {
            assert_int_equal(c.pos, 0);
        }
    }
}

struct cint_case {
    uint8_t bytes[4];
    size_t len;
    int32_t value;
};

/* ECMA-335 II.23.2 signed examples plus the range ends of each width. */
static const struct cint_case cint_cases[] = {
    { { 0x06 }, 1, 3 },
    { { 0x7B }, 1, -3 },
    { { 0x80, 0x80 }, 2, 64 },
    { { 0x01 }, 1, -64 },
    { { 0x7E }, 1, 63 },
    { { 0xC0, 0x00, 0x40, 0x00 }, 4, 8192 },
    { { 0x80, 0x01 }, 2, -8192 },
    { { 0xBF, 0xFE }, 2, 8191 },
    { { 0xDF, 0xFF, 0xFF, 0xFE }, 4, 268435455 },
    { { 0xC0, 0x00, 0x00, 0x01 }, 4, -268435456 },
    { { 0x00 }, 1, 0 },
    { { 0x7F }, 1, -1 },
    { { 0xBF, 0xFF }, 2, -1 },
    { { 0xDF, 0xFF, 0xFF, 0xFF }, 4, -1 },
};

static void test_compressed_signed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cint_cases / sizeof cint_cases[0]; i++) {
        struct corsym_cursor c;
        corsym_cursor_init(&c, cint_cases[i].bytes, cint_cases[i].len);
        int32_t v;
        assert_int_equal(corsym_cursor_cint(&c, &v), CORSYM_OK);
        assert_int_equal(v, cint_cases[i].value);
        assert_true(corsym_cursor_at_end(&c));
    }
    CUR(bad, 0xE1);
    int32_t v;
    assert_int_equal(corsym_cursor_cint(&bad, &v), CORSYM_E_CORRUPT);
}

static void test_cstr(void **state)
{
    (void)state;
    CUR(c, 'a', 'b', 0, 0, 'x');
    struct corsym_span s;
    assert_int_equal(corsym_cursor_cstr(&c, &s), CORSYM_OK);
    assert_true(corsym_span_eq(s, "ab", 2));
    assert_int_equal(corsym_cursor_cstr(&c, &s), CORSYM_OK);
    assert_int_equal(s.len, 0);
    assert_int_equal(corsym_cursor_cstr(&c, &s), CORSYM_E_CORRUPT); /* no terminator */
    assert_int_equal(c.pos, 4);
}

static void test_bytes_take_narrow(void **state)
{
    (void)state;
    CUR(c, 1, 2, 3, 4, 5, 6);
    struct corsym_span s;
    struct corsym_cursor sub;
    assert_int_equal(corsym_cursor_bytes(&c, 2, &s), CORSYM_OK);
    assert_int_equal(s.len, 2);
    assert_int_equal(s.data[1], 2);
    assert_int_equal(corsym_cursor_take(&c, 3, &sub), CORSYM_OK);
    assert_int_equal(c.pos, 5);
    uint8_t b;
    assert_int_equal(corsym_cursor_u8(&sub, &b), CORSYM_OK);
    assert_int_equal(b, 3);
    assert_int_equal(corsym_cursor_skip(&sub, 2), CORSYM_OK);
    assert_int_equal(corsym_cursor_u8(&sub, &b), CORSYM_E_CORRUPT); /* window ends before parent */
    assert_int_equal(corsym_cursor_take(&c, 2, &sub), CORSYM_E_CORRUPT);

    assert_int_equal(corsym_cursor_narrow(&c, 4, 2, &sub), CORSYM_OK);
    assert_int_equal(corsym_cursor_u8(&sub, &b), CORSYM_OK);
    assert_int_equal(b, 5);
    assert_int_equal(corsym_cursor_narrow(&c, 4, 3, &sub), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_narrow(&c, SIZE_MAX, 2, &sub), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_narrow(&c, 2, SIZE_MAX, &sub), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_narrow(&c, 6, 0, &sub), CORSYM_OK);
    assert_true(corsym_cursor_at_end(&sub));

    assert_int_equal(corsym_cursor_seek(&c, 6), CORSYM_OK);
    assert_int_equal(corsym_cursor_seek(&c, 7), CORSYM_E_CORRUPT);
    struct corsym_span rest = corsym_cursor_rest(&c);
    assert_int_equal(rest.len, 0);

    uint8_t guid[4];
    assert_int_equal(corsym_cursor_seek(&c, 2), CORSYM_OK);
    assert_int_equal(corsym_cursor_copy(&c, guid, 4), CORSYM_OK);
    assert_int_equal(guid[3], 6);
    assert_int_equal(corsym_cursor_copy(&c, guid, 1), CORSYM_E_CORRUPT);
}

static void test_empty_and_null(void **state)
{
    (void)state;
    struct corsym_cursor c;
    corsym_cursor_init(&c, NULL, 0);
    uint8_t b;
    uint32_t v;
    struct corsym_span s;
    assert_int_equal(corsym_cursor_u8(&c, &b), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_cuint(&c, &v), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_cstr(&c, &s), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cursor_bytes(&c, 0, &s), CORSYM_OK);
    assert_int_equal(s.len, 0);
    /* A NULL base with a length is treated as empty, never dereferenced. */
    corsym_cursor_init(&c, NULL, 10);
    assert_int_equal(corsym_cursor_remaining(&c), 0);
}

static void test_span_helpers(void **state)
{
    (void)state;
    static const uint8_t bytes[] = { 0x10, 0x20, 0x30, 0x40, 0x50 };
    struct corsym_span s = corsym_span_make(bytes, sizeof bytes), sub;
    uint32_t v;
    assert_int_equal(corsym_span_sub(s, 1, 3, &sub), CORSYM_OK);
    assert_int_equal(sub.data[0], 0x20);
    assert_int_equal(corsym_span_sub(s, 3, 3, &sub), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_span_sub(s, SIZE_MAX, 1, &sub), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_span_uint_at(s, 3, 2, &v), CORSYM_OK);
    assert_int_equal(v, 0x5040);
    assert_int_equal(corsym_span_uint_at(s, 4, 2, &v), CORSYM_E_CORRUPT);
    assert_true(corsym_span_eq(s, bytes, 5));
    assert_false(corsym_span_eq(s, bytes, 4));
}

static void test_checked(void **state)
{
    (void)state;
    size_t r;
    assert_true(corsym_checked_add(1, 2, &r) && r == 3);
    assert_false(corsym_checked_add(SIZE_MAX, 1, &r));
    assert_false(corsym_checked_mul(SIZE_MAX / 2 + 1, 2, &r));
    assert_true(corsym_checked_madd(10, 3, 4, &r) && r == 22);
    assert_false(corsym_checked_madd(1, SIZE_MAX, 2, &r));
    assert_true(corsym_checked_range(2, 3, 5));
    assert_false(corsym_checked_range(3, 3, 5));
    assert_false(corsym_checked_range(6, 0, 5));
    assert_false(corsym_checked_range(1, SIZE_MAX, 5));
    uint32_t u;
    assert_false(corsym_checked_add_u32(UINT32_MAX, 1, &u));
    assert_false(corsym_checked_mul_u32(0x10000, 0x10000, &u));
    int32_t i;
    assert_false(corsym_checked_add_i32(INT32_MAX, 1, &i));
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(corsym_status_name(CORSYM_OK), "CORSYM_OK");
    assert_string_equal(corsym_status_name(CORSYM_E_MISMATCH), "CORSYM_E_MISMATCH");
    const char *file;
    int line;
    assert_int_equal(CORSYM_CORRUPT(), CORSYM_E_CORRUPT);
    corsym_status_last_corrupt(&file, &line);
    assert_non_null(strstr(file, "test_base_cursor.c"));
    assert_true(line > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixed_width),
        cmocka_unit_test(test_signed_fixed),
        cmocka_unit_test(test_truncated_reads_do_not_move),
        cmocka_unit_test(test_uint_widths),
        cmocka_unit_test(test_compressed_unsigned),
        cmocka_unit_test(test_compressed_signed),
        cmocka_unit_test(test_cstr),
        cmocka_unit_test(test_bytes_take_narrow),
        cmocka_unit_test(test_empty_and_null),
        cmocka_unit_test(test_span_helpers),
        cmocka_unit_test(test_checked),
        cmocka_unit_test(test_status_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
