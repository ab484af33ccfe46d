/* UTF-8 <-> UTF-16 conversion (strict and lossy), the growable buffer and
 * the text helpers used by the dumps. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/text.h"
#include "base/utf.h"

static void test_utf8_to_utf16_valid(void **state)
{
    (void)state;
    /* "aé中😀": 1-, 2-, 3- and 4-byte forms. */
    static const uint8_t in[] = { 'a', 0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80 };
    uint16_t out[8];
    size_t n;
    assert_int_equal(corsym_utf8_to_utf16(in, sizeof in, NULL, 0, &n), CORSYM_OK);
    assert_int_equal(n, 5);
    assert_int_equal(corsym_utf8_to_utf16(in, sizeof in, out, 8, &n), CORSYM_OK);
    static const uint16_t want[] = { 'a', 0xE9, 0x4E2D, 0xD83D, 0xDE00 };
    assert_memory_equal(out, want, sizeof want);
    assert_int_equal(corsym_utf8_to_utf16(in, sizeof in, out, 4, &n), CORSYM_E_BUFFER_TOO_SMALL);
    assert_int_equal(n, 5);
    assert_true(corsym_utf8_valid(in, sizeof in));
}

static void test_utf8_invalid(void **state)
{
    (void)state;
    static const struct {
        uint8_t b[4];
        size_t n;
    } bad[] = {
        { { 0xC0, 0x80 }, 2 },             /* overlong NUL */
        { { 0xE0, 0x80, 0x80 }, 3 },       /* overlong */
        { { 0xED, 0xA0, 0x80 }, 3 },       /* encoded surrogate */
        { { 0xF4, 0x90, 0x80, 0x80 }, 4 }, /* > U+10FFFF */
        { { 0xF5, 0x80, 0x80, 0x80 }, 4 },
        { { 0x80 }, 1 },                   /* lone continuation */
        { { 0xE4, 0xB8 }, 2 },             /* truncated */
        { { 0xC3, 0x41 }, 2 },             /* bad continuation */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t n;
        assert_int_equal(corsym_utf8_to_utf16(bad[i].b, bad[i].n, NULL, 0, &n), CORSYM_E_CORRUPT);
        assert_false(corsym_utf8_valid(bad[i].b, bad[i].n));
        assert_int_equal(corsym_utf8_to_utf16_lossy(bad[i].b, bad[i].n, NULL, 0, &n), CORSYM_OK);
        assert_true(n >= 1);
    }
}

static void test_utf8_lossy_maximal_subparts(void **state)
{
    (void)state;
    /* Unicode's "maximal subpart" substitution, as .NET does:
     * E4 B8 (truncated) -> 1 FFFD; 41 stays; 80 -> FFFD; C3 41 -> FFFD 'A'. */
    static const uint8_t in[] = { 0xE4, 0xB8, 0x41, 0x80, 0xC3, 0x41 };
    uint16_t out[8];
    size_t n;
    assert_int_equal(corsym_utf8_to_utf16_lossy(in, sizeof in, out, 8, &n), CORSYM_OK);
    static const uint16_t want[] = { 0xFFFD, 'A', 0xFFFD, 0xFFFD, 'A' };
    assert_int_equal(n, 5);
    assert_memory_equal(out, want, sizeof want);
}

static void test_utf16_to_utf8(void **state)
{
    (void)state;
    static const uint16_t in[] = { 'a', 0xE9, 0x4E2D, 0xD83D, 0xDE00 };
    uint8_t out[16];
    size_t n;
    assert_int_equal(corsym_utf16_to_utf8(in, 5, out, sizeof out, &n), CORSYM_OK);
    static const uint8_t want[] = { 'a', 0xC3, 0xA9, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F, 0x98, 0x80 };
    assert_int_equal(n, sizeof want);
    assert_memory_equal(out, want, sizeof want);
    assert_int_equal(corsym_utf16_to_utf8(in, 5, out, 3, &n), CORSYM_E_BUFFER_TOO_SMALL);
    static const uint16_t lone_high[] = { 'x', 0xD800 };
    static const uint16_t lone_low[] = { 0xDC00, 'x' };
    static const uint16_t swapped[] = { 0xD800, 'x' };
    assert_int_equal(corsym_utf16_to_utf8(lone_high, 2, NULL, 0, &n), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_utf16_to_utf8(lone_low, 2, NULL, 0, &n), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_utf16_to_utf8(swapped, 2, NULL, 0, &n), CORSYM_E_CORRUPT);

    struct corsym_buf b = CORSYM_BUF_INIT;
    static const uint8_t le[] = { 0x3D, 0xD8, 0x00, 0xDE, 'z', 0 };
    assert_int_equal(corsym_utf16le_bytes_to_utf8(le, sizeof le, &b), CORSYM_OK);
    assert_int_equal(b.len, 5);
    assert_int_equal(corsym_utf16le_bytes_to_utf8(le, 3, &b), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_utf16le_bytes_to_utf8(le, 2, &b), CORSYM_E_CORRUPT);
    corsym_buf_free(&b);
}

static void test_buf(void **state)
{
    (void)state;
    struct corsym_buf b = CORSYM_BUF_INIT;
    for (int i = 0; i < 1000; i++)
        assert_int_equal(corsym_buf_append_u8(&b, (uint8_t)i), CORSYM_OK);
    assert_int_equal(b.len, 1000);
    assert_int_equal(b.data[999], (uint8_t)999);
    assert_int_equal(b.data[1000], 0); /* terminator */
    uint8_t *p;
    assert_int_equal(corsym_buf_extend(&b, 10, &p), CORSYM_OK);
    assert_int_equal(p[9], 0);
    assert_int_equal(corsym_buf_reserve(&b, SIZE_MAX), CORSYM_E_NOMEM);
    corsym_buf_clear(&b);
    assert_int_equal(b.len, 0);
    assert_int_equal(corsym_buf_append(&b, "xy", 2), CORSYM_OK);
    size_t len;
    uint8_t *owned = corsym_buf_detach(&b, &len);
    assert_int_equal(len, 2);
    assert_null(b.data);
    assert_string_equal((char *)owned, "xy");
    free(owned);
    corsym_buf_free(&b);
}

static void test_text(void **state)
{
    (void)state;
    struct corsym_buf b = CORSYM_BUF_INIT;
    static const uint8_t g[16] = { 0xf8, 0x62, 0x51, 0x3f, 0xc7, 0x07, 0xd3, 0x11,
                                   0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };
    assert_int_equal(corsym_text_guid(&b, g), CORSYM_OK);
    assert_string_equal((char *)b.data, "3f5162f8-07c7-11d3-9053-00c04fa302a1");
    corsym_buf_clear(&b);
    static const uint16_t s[] = { 'a', '"', '\\', '\n', 0x01, 0x85, 0xD800, 'b', 0xD83D, 0xDE00 };
    assert_int_equal(corsym_text_quote_utf16(&b, s, 10), CORSYM_OK);
    assert_string_equal((char *)b.data, "\"a\\\"\\\\\\n\\u0001\\u0085\\ud800b\xF0\x9F\x98\x80\"");
    corsym_buf_clear(&b);
    assert_int_equal(corsym_text_quote_utf8(&b, (const uint8_t *)"t\x80", 2), CORSYM_OK);
    assert_string_equal((char *)b.data, "\"t\xEF\xBF\xBD\"");
    corsym_buf_clear(&b);
    char big[300];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(corsym_text_printf(&b, "%s|%d", big, 42), CORSYM_OK);
    assert_int_equal(b.len, 302);
    assert_string_equal((char *)b.data + 299, "|42");
    corsym_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_to_utf16_valid),
        cmocka_unit_test(test_utf8_invalid),
        cmocka_unit_test(test_utf8_lossy_maximal_subparts),
        cmocka_unit_test(test_utf16_to_utf8),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
