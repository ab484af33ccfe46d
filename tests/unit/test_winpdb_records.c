/*
 * Decoders on hand-made bytes: numeric leaves, CodeView framing, MD2,
 * asyncMethodInfo, C13 line blocks and the serialized hash table, each with
 * the malformed cases a reader must refuse. Plus the CRC against the
 * module object names Microsoft's writer stored in the corpus files.
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
#include "winpdb/winpdb_hashmap.h"

#define SPAN(a) corsym_span_make((a), sizeof(a))

static corsym_status numeric(const uint8_t *p, size_t n, struct corsym_cv_numeric *out)
{
    struct corsym_cursor c;
    corsym_cursor_init(&c, p, n);
    return corsym_cv_numeric_read(&c, out);
}

static void test_numeric_leaves(void **state)
{
    (void)state;
    struct corsym_cv_numeric v;
    static const uint8_t direct[] = { 0xFF, 0x7F };
    assert_int_equal(numeric(direct, sizeof direct, &v), CORSYM_OK);
    assert_int_equal(v.kind, CORSYM_CV_NUM_UNSIGNED);
    assert_int_equal(v.u.u, 0x7FFF);
    static const uint8_t ch[] = { 0x00, 0x80, 0x80 };
    assert_int_equal(numeric(ch, sizeof ch, &v), CORSYM_OK);
    assert_int_equal(v.u.i, -128);
    static const uint8_t quad_min[] = { 0x09, 0x80, 0, 0, 0, 0, 0, 0, 0, 0x80 };
    assert_int_equal(numeric(quad_min, sizeof quad_min, &v), CORSYM_OK);
    assert_true(v.u.i == INT64_MIN);
    static const uint8_t empty_str[] = { 0x10, 0x80, 0, 0 };
    assert_int_equal(numeric(empty_str, sizeof empty_str, &v), CORSYM_OK);
    assert_int_equal(v.kind, CORSYM_CV_NUM_STRING);
    assert_int_equal(v.text.len, 0);
    static const uint8_t utf8z[] = { 0x1B, 0x80, 'h', 'i', 0 };
    assert_int_equal(numeric(utf8z, sizeof utf8z, &v), CORSYM_OK);
    assert_int_equal(v.text.len, 2);

    /* truncated payloads, unknown and unsupported leaves */
    static const uint8_t short_long[] = { 0x03, 0x80, 1, 2, 3 };
    assert_int_equal(numeric(short_long, sizeof short_long, &v), CORSYM_E_CORRUPT);
    static const uint8_t long_str[] = { 0x10, 0x80, 9, 0, 'a' };
    assert_int_equal(numeric(long_str, sizeof long_str, &v), CORSYM_E_CORRUPT);
    static const uint8_t bad_decimal[] = { 0x19, 0x80, 14, 0, 0, 0 };
    assert_int_equal(numeric(bad_decimal, sizeof bad_decimal, &v), CORSYM_E_CORRUPT);
    static const uint8_t unknown[] = { 0x55, 0x80, 0, 0 };
    assert_int_equal(numeric(unknown, sizeof unknown, &v), CORSYM_E_CORRUPT);
    static const uint8_t real80[] = { 0x07, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    assert_int_equal(numeric(real80, sizeof real80, &v), CORSYM_E_UNSUPPORTED);
    assert_int_equal(numeric(NULL, 0, &v), CORSYM_E_CORRUPT);
}

static void test_cv_framing(void **state)
{
    (void)state;
    struct corsym_cv_iter it;
    struct corsym_cv_record r;
    /* S_END, then a record claiming 1 byte (below the kind's 2) */
    static const uint8_t bad_len[] = { 2, 0, 6, 0, 1, 0, 6 };
    assert_int_equal(corsym_cv_iter_begin(&it, SPAN(bad_len), 0), CORSYM_OK);
    assert_int_equal(corsym_cv_next(&it, &r), CORSYM_OK);
    assert_int_equal(r.kind, CORSYM_S_END);
    assert_int_equal(r.body.len, 0);
    assert_int_equal(corsym_cv_next(&it, &r), CORSYM_E_CORRUPT);
    /* running past the end */
    static const uint8_t past[] = { 8, 0, 6, 0, 0 };
    assert_int_equal(corsym_cv_iter_begin(&it, SPAN(past), 0), CORSYM_OK);
    assert_int_equal(corsym_cv_next(&it, &r), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_cv_iter_begin(&it, SPAN(past), 6), CORSYM_E_CORRUPT);

    /* decoders refuse short bodies and names without NUL */
    struct corsym_cv_manproc proc;
    uint8_t body[37] = { 0 };
    assert_int_equal(corsym_cv_manproc_decode(SPAN(body), &proc), CORSYM_E_CORRUPT);
    struct corsym_cv_oem oem;
    uint8_t oem_body[22] = { 0 };
    oem_body[20] = 'A'; /* UTF-16 name with no terminator */
    assert_int_equal(corsym_cv_oem_decode(SPAN(oem_body), &oem), CORSYM_E_CORRUPT);
    uint8_t oem_ok[26] = { 0 };
    memcpy(oem_ok, corsym_cv_managed_oem, 16);
    oem_ok[20] = 'M';
    oem_ok[24] = 7;
    assert_int_equal(corsym_cv_oem_decode(SPAN(oem_ok), &oem), CORSYM_OK);
    assert_true(corsym_cv_oem_is_managed(&oem));
    assert_true(corsym_cv_oem_name_is(&oem, "M"));
    assert_false(corsym_cv_oem_name_is(&oem, "MD2"));
    assert_int_equal(oem.data.len, 2);
}

static void test_md2_framing(void **state)
{
    (void)state;
    struct corsym_md2_iter it;
    struct corsym_md2_record r;
    struct corsym_md2_info info;
    uint8_t count;
    static const uint8_t v5[] = { 5, 1, 0, 0, 5, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
    assert_int_equal(corsym_md2_begin(&it, SPAN(v5), &count), CORSYM_E_UNSUPPORTED);
    assert_int_equal(corsym_md2_decode(SPAN(v5), &info), CORSYM_E_UNSUPPORTED);
    static const uint8_t tiny[] = { 4, 1 };
    assert_int_equal(corsym_md2_begin(&it, SPAN(tiny), &count), CORSYM_E_CORRUPT);
    static const uint8_t small_size[] = { 4, 1, 0, 0, 4, 1, 0, 0, 4, 0, 0, 0 };
    assert_int_equal(corsym_md2_decode(SPAN(small_size), &info), CORSYM_E_CORRUPT);
    static const uint8_t past[] = { 4, 1, 0, 0, 4, 1, 0, 0, 16, 0, 0, 0, 1, 0, 0, 6 };
    assert_int_equal(corsym_md2_decode(SPAN(past), &info), CORSYM_E_CORRUPT);
    /* kind 6 with alignment larger than its body */
    static const uint8_t align[] = { 4, 1, 0, 0, 4, 6, 0, 3, 10, 0, 0, 0, 1, 2 };
    assert_int_equal(corsym_md2_decode(SPAN(align), &info), CORSYM_E_CORRUPT);
    /* kind 1 with garbage alignment (ignored), then 3 bytes of padding */
    static const uint8_t fwd[] = { 4, 1, 0, 0, 4, 1, 0, 0xFF, 12, 0, 0, 0, 1, 0, 0, 6, 0, 0, 0 };
    assert_int_equal(corsym_md2_decode(SPAN(fwd), &info), CORSYM_OK);
    assert_int_equal(info.forward_method, 0x06000001);
    assert_int_equal(info.record_count, 1);
    /* a record of another version is skipped, not decoded */
    static const uint8_t other[] = { 4, 1, 0, 0, 9, 1, 0, 0, 9, 0, 0, 0, 0xAA };
    assert_int_equal(corsym_md2_begin(&it, SPAN(other), &count), CORSYM_OK);
    assert_int_equal(corsym_md2_next(&it, &r), CORSYM_OK);
    assert_int_equal(r.version, 9);
    assert_int_equal(corsym_md2_decode(SPAN(other), &info), CORSYM_OK);
    assert_int_equal(info.record_count, 0);
    /* known kinds whose bodies lie about their counts */
    static const uint8_t groups[] = { 4, 1, 0, 0, 4, 0, 0, 0, 12, 0, 0, 0, 3, 0, 1, 0 };
    assert_int_equal(corsym_md2_decode(SPAN(groups), &info), CORSYM_E_CORRUPT);
    static const uint8_t hoisted[] = { 4, 1, 0, 0, 4, 3, 0, 0, 16, 0, 0, 0,
                                       0xFF, 0xFF, 0xFF, 0x1F, 0, 0, 0, 0 };
    assert_int_equal(corsym_md2_decode(SPAN(hoisted), &info), CORSYM_E_CORRUPT);
    static const uint8_t tuples[] = { 4, 1, 0, 0, 4, 8, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0 };
    assert_int_equal(corsym_md2_decode(SPAN(tuples), &info), CORSYM_E_CORRUPT);
    static const uint8_t name[] = { 4, 1, 0, 0, 4, 4, 0, 0, 12, 0, 0, 0, 'a', 0, 'b', 0 };
    assert_int_equal(corsym_md2_decode(SPAN(name), &info), CORSYM_E_CORRUPT);
    /* dynamic local with more than 64 flags */
    uint8_t dyn[12 + 4 + 200] = { 4, 1, 0, 0, 4, 5, 0, 0, 212, 0, 0, 0, 1, 0, 0, 0 };
    dyn[16 + 64] = 65;
    assert_int_equal(corsym_md2_decode(SPAN(dyn), &info), CORSYM_E_CORRUPT);
}

static void test_async_info(void **state)
{
    (void)state;
    struct corsym_async_info a;
    struct corsym_async_step s;
    static const uint8_t ok[] = { 1, 0, 0, 6, 0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0, 0,
                                  4, 0, 0, 0, 2, 0, 0, 6, 8, 0, 0, 0 };
    assert_int_equal(corsym_async_info_parse(SPAN(ok), &a), CORSYM_OK);
    assert_false(a.has_catch_handler);
    assert_int_equal(corsym_async_step_at(&a, 0, &s), CORSYM_OK);
    assert_int_equal(s.resume_offset, 8);
    assert_int_equal(corsym_async_step_at(&a, 1, &s), CORSYM_NOT_FOUND);
    static const uint8_t lies[] = { 1, 0, 0, 6, 0, 0, 0, 0, 2, 0, 0, 0,
                                    4, 0, 0, 0, 2, 0, 0, 6, 8, 0, 0, 0 };
    assert_int_equal(corsym_async_info_parse(SPAN(lies), &a), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_async_info_parse(corsym_span_make(ok, 11), &a), CORSYM_E_CORRUPT);
}

static void test_c13_lines(void **state)
{
    (void)state;
    struct corsym_c13_lines l;
    struct corsym_c13_line_block b;
    struct corsym_c13_line line;
    /* header, then a block declaring 2 lines in a 12 + 8 byte block */
    static const uint8_t small[] = { 0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0,
                                     0, 0, 0, 0, 2, 0, 0, 0, 20, 0, 0, 0,
                                     0, 0, 0, 0, 1, 0, 0, 0x80 };
    assert_int_equal(corsym_c13_lines_parse(SPAN(small), &l), CORSYM_OK);
    assert_int_equal(corsym_c13_lines_next(&l, &b), CORSYM_E_CORRUPT);
    /* without columns: one line, delta 127 */
    static const uint8_t nocol[] = { 0, 0, 0, 0, 1, 0, 0, 0, 4, 0, 0, 0,
                                     4, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0,
                                     2, 0, 0, 0, 5, 0, 0, 0xFF };
    assert_int_equal(corsym_c13_lines_parse(SPAN(nocol), &l), CORSYM_OK);
    assert_int_equal(corsym_c13_lines_next(&l, &b), CORSYM_OK);
    assert_false(b.has_columns);
    assert_int_equal(b.file_id, 4);
    assert_int_equal(corsym_c13_line_at(&b, 0, &line), CORSYM_OK);
    assert_int_equal(line.start_line, 5);
    assert_int_equal(line.end_line, 5 + 127);
    assert_true(line.is_statement);
    assert_int_equal(line.start_column, 0);
    assert_int_equal(corsym_c13_line_at(&b, 1, &line), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_c13_lines_next(&l, &b), CORSYM_NOT_FOUND);
    /* a block count that overflows the size arithmetic */
    static const uint8_t huge[] = { 0, 0, 0, 0, 1, 0, 1, 0, 4, 0, 0, 0,
                                    0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 20, 0, 0, 0 };
    assert_int_equal(corsym_c13_lines_parse(SPAN(huge), &l), CORSYM_OK);
    assert_int_equal(corsym_c13_lines_next(&l, &b), CORSYM_E_CORRUPT);

    /* file checksum ids must point inside the subsection */
    struct corsym_c13_file f;
    static const uint8_t files[] = { 7, 0, 0, 0, 2, 1, 0xAA, 0xBB, 9, 0, 0, 0, 0, 0, 0, 0 };
    assert_int_equal(corsym_c13_file_at(SPAN(files), 8, &f), CORSYM_OK);
    assert_int_equal(f.name_ni, 9);
    assert_int_equal(corsym_c13_file_at(SPAN(files), 0, &f), CORSYM_OK);
    assert_int_equal(f.checksum.len, 2);
    assert_int_equal(corsym_c13_file_at(SPAN(files), 16, &f), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_c13_file_at(SPAN(files), 14, &f), CORSYM_E_CORRUPT);
}

/* ---- serialized hash table ------------------------------------------------ */

static size_t map_bytes(uint8_t *out, uint32_t count, uint32_t capacity, uint32_t present,
                        uint32_t deleted, const uint32_t *pairs)
{
    uint32_t words[64];
    size_t n = 0;
    words[n++] = count;
    words[n++] = capacity;
    words[n++] = 1;
    words[n++] = present;
    words[n++] = deleted ? 1 : 0;
    if (deleted)
        words[n++] = deleted;
    for (uint32_t i = 0; i < 2 * count; i++)
        words[n++] = pairs[i];
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 4; k++)
            out[4 * i + k] = (uint8_t)(words[i] >> (8 * k));
    return 4 * n;
}

static bool key_is(void *ctx, uint32_t key, struct corsym_span value)
{
    (void)value;
    return key == *(uint32_t *)ctx;
}

static void test_hashmap(void **state)
{
    (void)state;
    uint8_t buf[256];
    struct corsym_cursor c;
    struct corsym_winpdb_hashmap m;
    static const uint32_t pairs[] = { 10, 100, 11, 110, 12, 120 };

    /* buckets 1 and 3 present, 2 deleted: a probe from 1 for key 11 walks
     * over the tombstone; a probe for a missing key stops at bucket 0. */
    size_t n = map_bytes(buf, 2, 4, 0xA, 0x4, pairs);
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_OK);
    assert_true(corsym_cursor_at_end(&c));
    uint32_t key = 11, i;
    assert_int_equal(corsym_winpdb_hashmap_probe(&m, 1, key_is, &key, &i), CORSYM_OK);
    assert_int_equal(i, 1);
    key = 12;
    assert_int_equal(corsym_winpdb_hashmap_probe(&m, 1, key_is, &key, &i), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_winpdb_hashmap_probe(&m, 4, key_is, &key, &i), CORSYM_NOT_FOUND);

    /* a full table without the key: the probe ends after capacity steps */
    n = map_bytes(buf, 2, 2, 0x3, 0, pairs);
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_OK);
    assert_int_equal(corsym_winpdb_hashmap_probe(&m, 1, key_is, &key, &i), CORSYM_NOT_FOUND);

    n = map_bytes(buf, 3, 2, 0x3, 0, pairs); /* count > capacity */
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
    n = map_bytes(buf, 2, 4, 0x1, 0, pairs); /* present bits != count */
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
    n = map_bytes(buf, 2, 4, 0x11, 0, pairs); /* bit beyond capacity */
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
    n = map_bytes(buf, 2, 4, 0x3, 0x2, pairs); /* present and deleted */
    corsym_cursor_init(&c, buf, n);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
    n = map_bytes(buf, 2, 4, 0x3, 0, pairs); /* entries cut short */
    corsym_cursor_init(&c, buf, n - 1);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
    /* a word count that would overflow */
    static const uint8_t words[] = { 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF };
    corsym_cursor_init(&c, words, sizeof words);
    assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_E_CORRUPT);
}

/* Larger tables, random bits: every probe (each start bucket, present and missing keys)
 * answers as a naive walk that counts present bits from the start, with and without the rank
 * index, including present vectors shorter than the capacity and probes that wrap. */
static uint32_t lcg_state = 99;

static uint32_t lcg(uint32_t bound)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return (lcg_state >> 8) % bound;
}

static bool naive_bit(const uint32_t *bits, uint32_t words, uint32_t b)
{
    return b / 32 < words && ((bits[b / 32] >> (b % 32)) & 1u);
}

static corsym_status naive_probe(const uint32_t *present, uint32_t present_words,
                                 const uint32_t *deleted, uint32_t deleted_words,
                                 const uint32_t *keys, uint32_t capacity, uint32_t start,
                                 uint32_t key, uint32_t *index)
{
    uint32_t b = start;
    for (uint32_t step = 0; step < capacity; step++) {
        if (naive_bit(present, present_words, b)) {
            uint32_t i = 0;
            for (uint32_t k = 0; k < b; k++)
                i += naive_bit(present, present_words, k);
            if (keys[i] == key) {
                *index = i;
                return CORSYM_OK;
            }
        } else if (!naive_bit(deleted, deleted_words, b)) {
            return CORSYM_NOT_FOUND;
        }
        b = (b + 1) % capacity;
    }
    return CORSYM_NOT_FOUND;
}

static void test_hashmap_ranks(void **state)
{
    (void)state;
    for (int round = 0; round < 40; round++) {
        uint32_t capacity = 1 + lcg(300), present[16] = { 0 }, deleted[16] = { 0 }, keys[512];
        uint32_t present_words = (capacity + 31) / 32, count = 0;
        /* Shorter stored vectors now and then: the bits past them read as clear. */
        if (round % 5 == 0 && present_words > 1)
            present_words--;
        uint32_t deleted_words = (capacity + 31) / 32;
        for (uint32_t b = 0; b < capacity; b++) {
            uint32_t r = lcg(10);
            if (r < 6 && b / 32 < present_words) {
                present[b / 32] |= 1u << (b % 32);
                keys[count++] = lcg(1000);
            } else if (r < 8) {
                deleted[b / 32] |= 1u << (b % 32);
            }
        }
        uint8_t buf[4 * (6 + 32 + 2 * 512)];
        uint32_t words[6 + 32 + 2 * 512];
        size_t n = 0;
        words[n++] = count;
        words[n++] = capacity;
        words[n++] = present_words;
        for (uint32_t w = 0; w < present_words; w++)
            words[n++] = present[w];
        words[n++] = deleted_words;
        for (uint32_t w = 0; w < deleted_words; w++)
            words[n++] = deleted[w];
        for (uint32_t i = 0; i < count; i++) {
            words[n++] = keys[i];
            words[n++] = i;
        }
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < 4; k++)
                buf[4 * i + k] = (uint8_t)(words[i] >> (8 * k));
        struct corsym_cursor c;
        struct corsym_winpdb_hashmap m;
        corsym_cursor_init(&c, buf, 4 * n);
        assert_int_equal(corsym_winpdb_hashmap_parse(&c, 4, &m), CORSYM_OK);
        for (int indexed = 0; indexed < 2; indexed++) {
            if (indexed)
                assert_int_equal(corsym_winpdb_hashmap_index(&m), CORSYM_OK);
            for (uint32_t start = 0; start < capacity; start++) {
                for (uint32_t t = 0; t < 6; t++) {
                    uint32_t key = t < 4 && count ? keys[lcg(count)] : 1000 + t;
                    uint32_t want = 0, got = 0;
                    corsym_status expected = naive_probe(present, present_words, deleted,
                                                         deleted_words, keys, capacity, start,
                                                         key, &want);
                    assert_int_equal(corsym_winpdb_hashmap_probe(&m, start, key_is, &key, &got),
                                     expected);
                    if (expected == CORSYM_OK)
                        assert_int_equal(got, want);
                }
            }
        }
        free(m.rank_words);
    }
}

/* ---- hash functions ------------------------------------------------------- */

static void test_hash_v1_cases(void **state)
{
    (void)state;
    /* The tail handling: 1, 2, 3 and 4 trailing bytes all hash, and the
     * 0x20202020 fold makes ASCII case irrelevant for letters. */
    const uint8_t *s = (const uint8_t *)"ABCDEFG";
    const uint8_t *t = (const uint8_t *)"abcdefg";
    for (size_t n = 1; n <= 7; n++)
        assert_int_equal(corsym_winpdb_hash_v1(s, n, 0xFFFFFFFFu),
                         corsym_winpdb_hash_v1(t, n, 0xFFFFFFFFu));
    assert_int_not_equal(corsym_winpdb_hash_v1(s, 3, 0xFFFFFFFFu),
                         corsym_winpdb_hash_v1(s, 4, 0xFFFFFFFFu));
    assert_true(corsym_winpdb_hash_v1(s, 7, 4096) < 4096);
    assert_true(corsym_winpdb_hash_v2(s, 7, 17) < 17);
    assert_int_not_equal(corsym_winpdb_hash_v2(s, 7, 0xFFFFFFFFu),
                         corsym_winpdb_hash_v2(t, 7, 0xFFFFFFFFu));
    /* CRC-32 without the usual inversions: crc32("") = 0, and the standard
     * check value 0xCBF43926 of "123456789" becomes its inverse-free form. */
    assert_int_equal(corsym_winpdb_crc32(NULL, 0, 0), 0);
    assert_int_equal(corsym_winpdb_crc32((const uint8_t *)"123456789", 9, 0xFFFFFFFFu) ^
                         0xFFFFFFFFu,
                     0xCBF43926u);
}

/* diasymreader names each module's object "XXXXXXXX" = SigForPbCb of the
 * UTF-16LE module name (research §6.2): the corpus holds Microsoft's own
 * results. */
static void test_crc_against_object_names(void **state)
{
    (void)state;
    static const char *names[] = { "AVbTest", "ComplexPdb", "VBConsApp", "test", "longtypename" };
    unsigned checked = 0;
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/cecil/windows/%s.pdb", CORSYM_CORPUS_DIR, names[k]);
        FILE *f = fopen(path, "rb");
        if (!f)
            skip();
        fseek(f, 0, SEEK_END);
        size_t len = (size_t)ftell(f);
        rewind(f);
        uint8_t *data = malloc(len);
        assert_non_null(data);
        assert_int_equal(fread(data, 1, len, f), len);
        fclose(f);
        struct corsym_winpdb *pdb;
        assert_int_equal(corsym_winpdb_open(&pdb, data, len), CORSYM_OK);
        for (uint32_t i = 0; i < corsym_winpdb_module_count(pdb); i++) {
            const struct corsym_winpdb_module_info *mi = corsym_winpdb_module_info(pdb, i);
            uint8_t *wide = malloc(2 * mi->name.len + 1);
            assert_non_null(wide);
            for (size_t j = 0; j < mi->name.len; j++) {
                wide[2 * j] = mi->name.data[j]; /* ASCII type names */
                wide[2 * j + 1] = 0;
            }
            char expect[9];
            snprintf(expect, sizeof expect, "%08X",
                     corsym_winpdb_crc32(wide, 2 * mi->name.len, 0));
            free(wide);
            if (mi->object_name.len == 8) {
                assert_memory_equal(mi->object_name.data, expect, 8);
                checked++;
            }
        }
        corsym_winpdb_close(pdb);
        free(data);
    }
    assert_true(checked > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numeric_leaves),
        cmocka_unit_test(test_cv_framing),
        cmocka_unit_test(test_md2_framing),
        cmocka_unit_test(test_async_info),
        cmocka_unit_test(test_c13_lines),
        cmocka_unit_test(test_hashmap),
        cmocka_unit_test(test_hashmap_ranks),
        cmocka_unit_test(test_hash_v1_cases),
        cmocka_unit_test(test_crc_against_object_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
