/*
 * The MSF writer: whatever it lays out, the MSF reader must open and give back byte for
 * byte, at every block size, across free block map intervals and multi-block
 * directories; its own rules (FPM pages never used, file length = blocks * size, the
 * chosen size keeps the directory in one map block) are checked on the bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "msf/msf.h"
#include "msf/msf_write.h"

#define OK(x) assert_int_equal((x), CORSYM_OK)

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Deterministic filler so every stream's bytes are distinct. */
static uint8_t *pattern(uint32_t size, uint32_t seed)
{
    uint8_t *p = malloc(size ? size : 1);
    assert_non_null(p);
    uint32_t x = seed * 2654435761u + 1;
    for (uint32_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
    return p;
}

/* Writes `count` streams of the given sizes, reopens, and compares. */
static void round_trip(const uint32_t *sizes, uint32_t count, uint32_t block_size,
                       struct corsym_msf_write_layout *layout)
{
    struct corsym_msf_out_stream *s = calloc(count, sizeof *s);
    size_t *offsets = calloc(count, sizeof *offsets);
    assert_non_null(s);
    assert_non_null(offsets);
    for (uint32_t i = 0; i < count; i++) {
        s[i].nil = sizes[i] == CORSYM_MSF_NIL_SIZE;
        s[i].size = s[i].nil ? 0 : sizes[i];
        s[i].data = pattern(s[i].size, i);
    }
    struct corsym_buf out = CORSYM_BUF_INIT;
    OK(corsym_msf_write(s, count, block_size, &out, offsets, layout));
    uint32_t bs = layout->block_size;
    assert_int_equal(out.len, (size_t)layout->block_count * bs);
    assert_int_equal(le32(out.data + 32), bs);
    assert_int_equal(le32(out.data + 40), layout->block_count);

    struct corsym_msf *msf;
    OK(corsym_msf_open(&msf, out.data, out.len));
    assert_int_equal(corsym_msf_stream_count(msf), count);
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_msf_stream st;
        OK(corsym_msf_stream(msf, i, &st));
        assert_int_equal(st.nil, s[i].nil);
        assert_int_equal(st.size, s[i].size);
        struct corsym_msf_bytes b;
        OK(corsym_msf_stream_load_all(&st, &b));
        assert_int_equal(b.span.len, s[i].size);
        if (s[i].size)
            assert_memory_equal(b.span.data, s[i].data, s[i].size);
        corsym_msf_bytes_release(&b);
        if (s[i].size) {
            size_t at;
            OK(corsym_msf_stream_file_offset(&st, 0, &at));
            assert_int_equal(at, offsets[i]);
            /* No stream block is ever a free block map page. */
            for (size_t off = 0; off < s[i].size; off += bs) {
                uint32_t block;
                OK(corsym_msf_stream_block(&st, off, &block));
                assert_true(block % bs != 1 && block % bs != 2);
            }
        }
    }
    corsym_msf_close(msf);

    /* Free block map copy 1: bit clear for every block in the file, set past it. */
    uint32_t fpm = le32(out.data + 36);
    assert_int_equal(fpm, 1);
    const uint8_t *map = out.data + (size_t)bs;
    for (uint32_t b = 0; b < bs * 8 && b < layout->block_count + 64; b++) {
        int bit = map[b / 8] >> (b % 8) & 1;
        assert_int_equal(bit, b >= layout->block_count);
    }
    for (uint32_t i = 0; i < count; i++)
        free((void *)s[i].data);
    free(s);
    free(offsets);
    corsym_buf_free(&out);
}

static void test_small(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 0, 100, 56, 700, 0, CORSYM_MSF_NIL_SIZE, 512, 513, 1 };
    struct corsym_msf_write_layout layout;
    round_trip(sizes, 9, 0, &layout);
    assert_int_equal(layout.block_size, 512);
}

static void test_every_block_size(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 0, 5000, 3, 70000, 4096, 4097 };
    for (uint32_t bs = 512; bs <= 32768; bs *= 2) {
        struct corsym_msf_write_layout layout;
        round_trip(sizes, 6, bs, &layout);
        assert_int_equal(layout.block_size, bs);
    }
}

/* Past 256 KiB with 512-byte blocks the streams must step over the FPM pairs at
 * 513/514, 1025/1026, ... */
static void test_fpm_intervals(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 0, 600000, 123, 300000 };
    struct corsym_msf_write_layout layout;
    round_trip(sizes, 4, 512, &layout);
    assert_true(layout.block_count > 1500);
}

/* A directory over one map block's worth forces larger blocks when choosing, and is
 * still written (several map blocks) when the caller insists on 512. */
static void test_directory_sizes(void **state)
{
    (void)state;
    uint32_t count = 20000;
    uint32_t *sizes = calloc(count, sizeof *sizes);
    assert_non_null(sizes);
    for (uint32_t i = 0; i < count; i++)
        sizes[i] = (i * 37) % 900;
    struct corsym_msf_write_layout layout;
    round_trip(sizes, count, 0, &layout);
    assert_true(layout.block_size > 512);
    /* The chosen size lists the whole directory in one map block (LLVM's limit). */
    uint32_t dir_blocks = (layout.directory_bytes + layout.block_size - 1) / layout.block_size;
    assert_true(dir_blocks <= layout.block_size / 4);
    round_trip(sizes, count, 512, &layout);
    assert_int_equal(layout.block_size, 512);
    free(sizes);
}

static void test_deterministic_and_bad_args(void **state)
{
    (void)state;
    uint8_t data[3000];
    memset(data, 0x5A, sizeof data);
    struct corsym_msf_out_stream s[3] = { { NULL, 0, false }, { data, 3000, false },
                                          { data, 10, false } };
    struct corsym_buf a = CORSYM_BUF_INIT, b = CORSYM_BUF_INIT;
    OK(corsym_msf_write(s, 3, 0, &a, NULL, NULL));
    OK(corsym_msf_write(s, 3, 0, &b, NULL, NULL));
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    size_t before = a.len;
    assert_int_equal(corsym_msf_write(s, 3, 1000, &a, NULL, NULL), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_msf_write(s, 3, 256, &a, NULL, NULL), CORSYM_E_INVALID_ARG);
    assert_int_equal(corsym_msf_write(s, 0, 0, &a, NULL, NULL), CORSYM_E_INVALID_ARG);
    assert_int_equal(a.len, before);
    corsym_buf_free(&a);
    corsym_buf_free(&b);
}

/*
 * "Writing a Windows PDB: at most 2^20 pages" (README, Limits), which Close answers with
 * E_PDB_FORMAT. Reaching it takes 32 GiB of streams even with the largest blocks, so only the
 * planner is asked: it decides before anything is allocated or any stream byte read, so the
 * streams here are sizes over a 1-byte buffer that is never touched.
 *
 * With 32 KiB blocks the file's 2^20 blocks hold 32 pairs of free block map blocks, so
 * 1 048 512 are left for the superblock, the streams, the directory and its map block. Eight
 * streams of 1 048 382 blocks in all have a directory of 4 + 4 * 8 + 4 * 1 048 382 bytes,
 * 128 blocks, listed by one map block: 1 + 1 048 382 + 128 + 1 = 1 048 512 exactly.
 */
static void test_page_count_limit(void **state)
{
    (void)state;
    static const uint8_t never_read[1];
    const uint32_t bs = 32768, full = 131071; /* blocks of the largest stream size */
    struct corsym_msf_out_stream s[8];
    for (int i = 0; i < 8; i++)
        s[i] = (struct corsym_msf_out_stream){ never_read, full * bs, false };
    s[7].size = (1048382 - 7 * full) * bs;
    uint32_t chosen = 0;
    OK(corsym_msf_write_block_size(s, 8, &chosen));
    assert_int_equal(chosen, bs); /* 2^20 blocks: taken, and only with the largest blocks */

    s[7].size += 1; /* one block more */
    assert_int_equal(corsym_msf_write_block_size(s, 8, &chosen), CORSYM_E_UNSUPPORTED);
    struct corsym_buf out = CORSYM_BUF_INIT;
    assert_int_equal(corsym_msf_write(s, 8, 0, &out, NULL, NULL), CORSYM_E_UNSUPPORTED);
    assert_int_equal(corsym_msf_write(s, 8, bs, &out, NULL, NULL), CORSYM_E_UNSUPPORTED);
    assert_int_equal(out.len, 0); /* nothing written */
    corsym_buf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_every_block_size),
        cmocka_unit_test(test_fpm_intervals),
        cmocka_unit_test(test_directory_sizes),
        cmocka_unit_test(test_deterministic_and_bad_args),
        cmocka_unit_test(test_page_count_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
