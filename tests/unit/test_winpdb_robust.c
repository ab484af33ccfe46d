/*
 * Robustness: damaged copies of real and synthetic PDBs must be opened and
 * walked completely (the winpdb fuzz target's walk) without crashing,
 * leaking or reading out of bounds; run it under valgrind or the
 * sanitizers to make "without" mean something. Damage: the file cut at
 * many lengths, each stream's directory size shrunk, and every byte
 * flipped in turn. CORSYM_ROBUST_STRIDE (default 1) thins the byte flips
 * for slow runs under valgrind.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The fuzz target is the walk: compile it in. */
#include "../fuzz/winpdb_fuzzer.c"

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

static size_t stride(void)
{
    const char *s = getenv("CORSYM_ROBUST_STRIDE");
    long v = s ? strtol(s, NULL, 10) : 1;
    return v > 0 ? (size_t)v : 1;
}

/* An exact-size copy, so reads past the end are caught by the tools. */
static void walk_copy(const uint8_t *data, size_t len)
{
    uint8_t *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, data, len);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void damage(const uint8_t *data, size_t len)
{
    /* The undamaged file walks too. */
    walk_copy(data, len);

    /* Cuts: the superblock refuses most, so also claim fewer blocks. */
    uint8_t *work = malloc(len);
    assert_non_null(work);
    uint32_t bs = le32(data + 32);
    for (size_t cut = 0; cut < len; cut += 61) {
        memcpy(work, data, cut);
        if (cut >= 56 && bs) {
            uint32_t blocks = (uint32_t)(cut / bs);
            work[40] = (uint8_t)blocks;
            work[41] = (uint8_t)(blocks >> 8);
            work[42] = (uint8_t)(blocks >> 16);
            work[43] = (uint8_t)(blocks >> 24);
        }
        walk_copy(work, cut);
    }

    /* Shrink each stream in the directory (single-block directories). */
    uint32_t map = le32(data + 52);
    if ((size_t)map * bs + 4 <= len) {
        uint32_t dir = le32(data + (size_t)map * bs);
        size_t at = (size_t)dir * bs;
        if (at + bs <= len) {
            uint32_t n = le32(data + at);
            for (uint32_t i = 0; i < n && 4 + 4 * (size_t)i + 4 <= bs; i++) {
                uint32_t size = le32(data + at + 4 + 4 * i);
                uint32_t shrunk[] = { 0, size / 2, size ? size - 1 : 0, 0xFFFFFFFFu };
                for (size_t k = 0; k < sizeof shrunk / sizeof *shrunk; k++) {
                    memcpy(work, data, len);
                    uint8_t *p = work + at + 4 + 4 * i;
                    p[0] = (uint8_t)shrunk[k];
                    p[1] = (uint8_t)(shrunk[k] >> 8);
                    p[2] = (uint8_t)(shrunk[k] >> 16);
                    p[3] = (uint8_t)(shrunk[k] >> 24);
                    walk_copy(work, len);
                }
            }
        }
    }

    /* Flips: every byte (or every stride-th), with a few patterns. */
    static const uint8_t patterns[] = { 0xFF, 0x80, 0x01, 0x7F };
    memcpy(work, data, len);
    size_t step = stride();
    for (size_t i = 0; i < len; i += step) {
        uint8_t saved = work[i];
        work[i] ^= patterns[i % sizeof patterns];
        LLVMFuzzerTestOneInput(work, len);
        work[i] = saved;
    }
    free(work);
}

static void run_corpus(const char *name)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/cecil/windows/%s.pdb", CORSYM_CORPUS_DIR, name);
    uint8_t *data = slurp(path, &len);
    if (!data)
        skip();
    damage(data, len);
    free(data);
}

static void test_test_pdb(void **state)
{
    (void)state;
    run_corpus("test");
}

static void test_complex_pdb(void **state)
{
    (void)state;
    run_corpus("ComplexPdb");
}

static void test_vb_pdb(void **state)
{
    (void)state;
    run_corpus("AVbTest");
}

static void test_synthetic(void **state)
{
    (void)state;
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/tests/fuzz/corpora/winpdb/synthetic-512-scattered.pdb",
             CORSYM_SOURCE_DIR);
    uint8_t *data = slurp(path, &len);
    assert_non_null(data);
    damage(data, len);
    free(data);
}

static void test_tiny_inputs(void **state)
{
    (void)state;
    /* Every prefix of a valid superblock, and empty input. */
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/tests/fuzz/corpora/winpdb/synthetic-512.pdb",
             CORSYM_SOURCE_DIR);
    uint8_t *data = slurp(path, &len);
    assert_non_null(data);
    for (size_t n = 0; n <= 600 && n <= len; n++)
        walk_copy(data, n);
    free(data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiny_inputs),
        cmocka_unit_test(test_synthetic),
        cmocka_unit_test(test_test_pdb),
        cmocka_unit_test(test_complex_pdb),
        cmocka_unit_test(test_vb_pdb),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
