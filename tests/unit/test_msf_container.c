/*
 * MSF container tests on synthetic files: every superblock rule on its own,
 * several block sizes, streams read across scattered blocks, nil streams, a
 * directory that needs two block-map blocks (which llvm-pdbutil refuses,
 * research/windows-pdb.md §18.5), and the corpus files' stream tables.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msf/msf.h"

/* ---- a small MSF writer for tests ---------------------------------- */

struct image {
    uint8_t *data;
    size_t len;
};

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/*
 * Lay out: block 0 superblock, 1-2 FPM, stream blocks (in reverse order when
 * `scatter`, so no stream is contiguous), directory blocks, map blocks.
 * sizes[i] == 0xFFFFFFFF makes a nil stream; contents[i] may be NULL (then
 * the stream holds bytes i, i+1, ...).
 */
static struct image build(uint32_t bs, uint32_t n, const uint32_t *sizes, const uint8_t **contents,
                          bool scatter)
{
    uint32_t data_blocks = 0;
    for (uint32_t i = 0; i < n; i++)
        if (sizes[i] != 0xFFFFFFFFu)
            data_blocks += (sizes[i] + bs - 1) / bs;
    uint32_t dir_bytes = 4 + 4 * n + 4 * data_blocks;
    uint32_t dir_blocks = (dir_bytes + bs - 1) / bs;
    uint32_t map_blocks = (dir_blocks * 4 + bs - 1) / bs;
    uint32_t total = 3 + data_blocks + dir_blocks + map_blocks;
    struct image img = { calloc(total, bs), (size_t)total * bs };
    assert_non_null(img.data);

    uint8_t *dir = calloc(dir_blocks, bs);
    assert_non_null(dir);
    put32(dir, n);
    uint32_t at = 4 + 4 * n, next = 0;
    for (uint32_t i = 0; i < n; i++) {
        put32(dir + 4 + 4 * i, sizes[i]);
        if (sizes[i] == 0xFFFFFFFFu)
            continue;
        for (uint32_t k = 0; k * bs < sizes[i]; k++) {
            uint32_t block = scatter ? 3 + data_blocks - 1 - next : 3 + next;
            next++;
            put32(dir + at, block);
            at += 4;
            for (uint32_t j = 0; j < bs && k * bs + j < sizes[i]; j++) {
                uint32_t off = k * bs + j;
                img.data[(size_t)block * bs + j] =
                    contents && contents[i] ? contents[i][off] : (uint8_t)(i + off);
            }
        }
    }
    uint32_t dir_first = 3 + data_blocks, map_first = dir_first + dir_blocks;
    for (uint32_t k = 0; k < dir_blocks; k++) {
        memcpy(img.data + (size_t)(dir_first + k) * bs, dir + (size_t)k * bs, bs);
        put32(img.data + (size_t)(map_first + k / (bs / 4)) * bs + (k % (bs / 4)) * 4,
              dir_first + k);
    }
    free(dir);
    memcpy(img.data, corsym_msf_magic, 32);
    put32(img.data + 32, bs);
    put32(img.data + 36, 1);
    put32(img.data + 40, total);
    put32(img.data + 44, dir_bytes);
    for (uint32_t k = 0; k < map_blocks; k++)
        put32(img.data + 52 + 4 * k, map_first + k);
    return img;
}

static corsym_status open_image(struct image img, struct corsym_msf **msf)
{
    return corsym_msf_open(msf, img.data, img.len);
}

/* ---- superblock rules ------------------------------------------------- */

static struct image simple(void)
{
    static const uint32_t sizes[] = { 0, 100, 0xFFFFFFFFu, 1300 };
    return build(512, 4, sizes, NULL, false);
}

static void expect_corrupt(struct image img)
{
    struct corsym_msf *msf = NULL;
    assert_int_equal(open_image(img, &msf), CORSYM_E_CORRUPT);
    assert_null(msf);
}

static void test_valid_opens(void **state)
{
    (void)state;
    struct image img = simple();
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    assert_int_equal(corsym_msf_block_size(msf), 512);
    assert_int_equal(corsym_msf_stream_count(msf), 4);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_bad_magic(void **state)
{
    (void)state;
    struct image img = simple();
    img.data[31] = 1; /* one of the three trailing NULs */
    expect_corrupt(img);
    free(img.data);
}

static void test_bad_block_size(void **state)
{
    (void)state;
    static const uint32_t bad[] = { 0, 256, 513, 1000, 65536 };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct image img = simple();
        put32(img.data + 32, bad[i]);
        expect_corrupt(img);
        free(img.data);
    }
}

static void test_bad_fpm(void **state)
{
    (void)state;
    static const uint32_t bad[] = { 0, 3, 0xFFFFFFFFu };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct image img = simple();
        put32(img.data + 36, bad[i]);
        expect_corrupt(img);
        free(img.data);
    }
    struct image img = simple();
    put32(img.data + 36, 2); /* the other FPM copy is fine */
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_file_shorter_than_blocks(void **state)
{
    (void)state;
    struct image img = simple();
    img.len -= 1;
    expect_corrupt(img);
    img.len += 1;
    put32(img.data + 40, 0x7FFFFFFFu); /* block count far beyond the file */
    expect_corrupt(img);
    free(img.data);
}

static void test_directory_size_rules(void **state)
{
    (void)state;
    struct image img = simple();
    uint32_t dir_bytes = img.data[44] | img.data[45] << 8;
    put32(img.data + 44, dir_bytes + 2); /* not a multiple of 4 */
    expect_corrupt(img);
    put32(img.data + 44, 0); /* cannot hold the stream count */
    expect_corrupt(img);
    put32(img.data + 44, 0xFFFFFFFCu); /* map would not fit in block 0 */
    expect_corrupt(img);
    free(img.data);
}

static void test_map_block_rules(void **state)
{
    (void)state;
    struct image img = simple();
    put32(img.data + 52, 0); /* block 0 is the superblock */
    expect_corrupt(img);
    put32(img.data + 52, 1000); /* beyond the file */
    expect_corrupt(img);
    free(img.data);
}

static void test_directory_content_rules(void **state)
{
    (void)state;
    /* Stream count larger than the directory. */
    struct image img = simple();
    uint32_t map = img.data[52] | img.data[53] << 8;
    uint32_t dir_block = img.data[(size_t)map * 512] | img.data[(size_t)map * 512 + 1] << 8;
    uint8_t *dir = img.data + (size_t)dir_block * 512;
    put32(dir, 1000);
    expect_corrupt(img);
    put32(dir, 4);
    /* A stream size needing more blocks than listed. */
    put32(dir + 8, 100000);
    expect_corrupt(img);
    put32(dir + 8, 100);
    /* A block number beyond the file. */
    put32(dir + 4 + 16, 5000);
    expect_corrupt(img);
    free(img.data);
}

/* ---- streams ---------------------------------------------------------- */

static void check_stream_bytes(struct corsym_msf *msf, uint32_t index, uint32_t size)
{
    struct corsym_msf_stream s;
    assert_int_equal(corsym_msf_stream(msf, index, &s), CORSYM_OK);
    assert_int_equal(s.size, size);
    struct corsym_msf_bytes b;
    assert_int_equal(corsym_msf_stream_load_all(&s, &b), CORSYM_OK);
    assert_int_equal(b.span.len, size);
    for (uint32_t off = 0; off < size; off++)
        assert_int_equal(b.span.data[off], (uint8_t)(index + off));
    /* Random access across a block edge agrees with the whole load. */
    if (size > 600) {
        uint8_t tmp[100];
        assert_int_equal(corsym_msf_stream_read(&s, 470, tmp, sizeof tmp), CORSYM_OK);
        assert_memory_equal(tmp, b.span.data + 470, sizeof tmp);
        uint32_t v;
        assert_int_equal(corsym_msf_stream_u32(&s, 510, &v), CORSYM_OK);
        assert_int_equal(v, (uint32_t)b.span.data[510] | (uint32_t)b.span.data[511] << 8 |
                                (uint32_t)b.span.data[512] << 16 |
                                (uint32_t)b.span.data[513] << 24);
    }
    corsym_msf_bytes_release(&b);
}

static void test_contiguous_is_zero_copy(void **state)
{
    (void)state;
    struct image img = simple();
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    check_stream_bytes(msf, 3, 1300);
    struct corsym_msf_stream s;
    struct corsym_msf_bytes b;
    assert_int_equal(corsym_msf_stream(msf, 3, &s), CORSYM_OK);
    assert_true(corsym_msf_stream_is_contiguous(&s, 0, s.size));
    assert_int_equal(corsym_msf_stream_load_all(&s, &b), CORSYM_OK);
    assert_null(b.owned);
    assert_true(b.span.data >= img.data && b.span.data < img.data + img.len);
    corsym_msf_bytes_release(&b);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_scattered_stream_is_copied(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 0, 2000, 5 };
    struct image img = build(512, 3, sizes, NULL, true);
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    check_stream_bytes(msf, 1, 2000);
    check_stream_bytes(msf, 2, 5);
    struct corsym_msf_stream s;
    struct corsym_msf_bytes b;
    assert_int_equal(corsym_msf_stream(msf, 1, &s), CORSYM_OK);
    assert_false(corsym_msf_stream_is_contiguous(&s, 0, s.size));
    /* A range inside one block needs no copy even in a scattered stream. */
    assert_true(corsym_msf_stream_is_contiguous(&s, 520, 100));
    assert_int_equal(corsym_msf_stream_load(&s, 0, 2000, &b), CORSYM_OK);
    assert_non_null(b.owned);
    corsym_msf_bytes_release(&b);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_block_sizes(void **state)
{
    (void)state;
    static const uint32_t sizes[] = { 0, 9000, 0xFFFFFFFFu, 1 };
    static const uint32_t bss[] = { 512, 1024, 2048, 4096, 8192 };
    for (size_t i = 0; i < sizeof bss / sizeof *bss; i++) {
        struct image img = build(bss[i], 4, sizes, NULL, i % 2 == 1);
        struct corsym_msf *msf;
        assert_int_equal(open_image(img, &msf), CORSYM_OK);
        assert_int_equal(corsym_msf_block_size(msf), bss[i]);
        check_stream_bytes(msf, 1, 9000);
        check_stream_bytes(msf, 3, 1);
        corsym_msf_close(msf);
        free(img.data);
    }
}

static void test_nil_stream(void **state)
{
    (void)state;
    struct image img = simple();
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    struct corsym_msf_stream s;
    assert_int_equal(corsym_msf_stream(msf, 2, &s), CORSYM_OK);
    assert_true(s.nil);
    assert_int_equal(s.size, 0);
    struct corsym_msf_bytes b;
    assert_int_equal(corsym_msf_stream_load_all(&s, &b), CORSYM_OK);
    assert_int_equal(b.span.len, 0);
    uint8_t x;
    assert_int_equal(corsym_msf_stream_read(&s, 0, &x, 1), CORSYM_E_CORRUPT);
    /* The stream after the nil one still finds its blocks. */
    check_stream_bytes(msf, 3, 1300);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_out_of_range(void **state)
{
    (void)state;
    struct image img = simple();
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    struct corsym_msf_stream s;
    assert_int_equal(corsym_msf_stream(msf, 4, &s), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_msf_stream(msf, 1, &s), CORSYM_OK);
    uint8_t buf[8];
    assert_int_equal(corsym_msf_stream_read(&s, 96, buf, 5), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_msf_stream_read(&s, SIZE_MAX, buf, 2), CORSYM_E_CORRUPT);
    struct corsym_msf_bytes b;
    assert_int_equal(corsym_msf_stream_load(&s, 1, 100, &b), CORSYM_E_CORRUPT);
    assert_null(b.span.data);
    corsym_msf_close(msf);
    free(img.data);
}

static void test_directory_needs_two_map_blocks(void **state)
{
    (void)state;
    /* 17000 streams make a 68 KB directory: 133 blocks of 512, listed in
     * two map blocks (one holds 128). dnlib, cecil and MS read this. */
    uint32_t n = 17000;
    uint32_t *sizes = calloc(n, sizeof *sizes);
    assert_non_null(sizes);
    sizes[1] = 700;
    sizes[n - 1] = 3;
    struct image img = build(512, n, sizes, NULL, true);
    struct corsym_msf *msf;
    assert_int_equal(open_image(img, &msf), CORSYM_OK);
    assert_int_equal(corsym_msf_stream_count(msf), n);
    check_stream_bytes(msf, 1, 700);
    check_stream_bytes(msf, n - 1, 3);
    corsym_msf_close(msf);
    free(img.data);
    free(sizes);
}

/* ---- corpus: stream table against llvm-pdbutil facts --------------------- */

static uint8_t *slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void test_corpus_stream_sizes(void **state)
{
    (void)state;
    static const char *names[] = { "AVbTest", "CecilTest", "ComplexPdb", "EmptyRootNamespace",
                                   "MixedNativeCLI", "VBConsApp", "empty-iterator", "fsapp",
                                   "libpdb", "longtypename", "test" };
    char path[4096];
    snprintf(path, sizeof path, "%s/cecil/windows/test.pdb", CORSYM_CORPUS_DIR);
    FILE *probe = fopen(path, "rb");
    if (!probe)
        skip();
    fclose(probe);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len;
        snprintf(path, sizeof path, "%s/cecil/windows/%s.pdb", CORSYM_CORPUS_DIR, names[i]);
        uint8_t *data = slurp(path, &len);
        assert_non_null(data);
        snprintf(path, sizeof path, "%s/tests/unit/winpdb_oracle/%s.facts", CORSYM_SOURCE_DIR,
                 names[i]);
        FILE *facts = fopen(path, "r");
        assert_non_null(facts);

        struct corsym_msf *msf;
        assert_int_equal(corsym_msf_open(&msf, data, len), CORSYM_OK);
        char line[4096];
        unsigned checked = 0;
        while (fgets(line, sizeof line, facts)) {
            unsigned a, b;
            char key[64];
            if (sscanf(line, "stream\t%u\t%u", &a, &b) == 2) {
                struct corsym_msf_stream s;
                assert_int_equal(corsym_msf_stream(msf, a, &s), CORSYM_OK);
                /* llvm-pdbutil prints a nil stream's directory size. */
                assert_int_equal(s.nil, b == CORSYM_MSF_NIL_SIZE);
                assert_int_equal(s.size, s.nil ? 0 : b);
                struct corsym_msf_bytes bytes;
                assert_int_equal(corsym_msf_stream_load_all(&s, &bytes), CORSYM_OK);
                corsym_msf_bytes_release(&bytes);
                checked++;
            } else if (sscanf(line, "summary\t%63s\t%u", key, &a) == 2) {
                if (!strcmp(key, "block_size"))
                    assert_int_equal(corsym_msf_block_size(msf), a);
                else if (!strcmp(key, "blocks"))
                    assert_int_equal(corsym_msf_block_count(msf), a);
                else if (!strcmp(key, "streams"))
                    assert_int_equal(corsym_msf_stream_count(msf), a);
            }
        }
        assert_true(checked > 0);
        fclose(facts);
        corsym_msf_close(msf);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_opens),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_bad_block_size),
        cmocka_unit_test(test_bad_fpm),
        cmocka_unit_test(test_file_shorter_than_blocks),
        cmocka_unit_test(test_directory_size_rules),
        cmocka_unit_test(test_map_block_rules),
        cmocka_unit_test(test_directory_content_rules),
        cmocka_unit_test(test_contiguous_is_zero_copy),
        cmocka_unit_test(test_scattered_stream_is_copied),
        cmocka_unit_test(test_block_sizes),
        cmocka_unit_test(test_nil_stream),
        cmocka_unit_test(test_out_of_range),
        cmocka_unit_test(test_directory_needs_two_map_blocks),
        cmocka_unit_test(test_corpus_stream_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
