/*
 * Conformance against the independent oracle (tests/oracle: a C# dump over
 * System.Reflection.Metadata). For every expected dump under
 * tests/oracle/expected/ we dump the same input with corsym's reader and
 * compare byte for byte. No expected value comes from our own reader.
 *
 *   expected/fixtures/NAME.txt      input tests/fixtures/portable/NAME
 *   expected/cecil/portable/...     input <corpus>/cecil/portable/...
 *   expected/cecil/embedded/...     input <corpus>/cecil/embedded/...
 *   X.pdb.txt / X.dpdb.txt          PDB dump of X.pdb / X.dpdb
 *   X.dll.pdb.txt / X.exe.pdb.txt   PDB dump of the PDB embedded in X.dll
 *   X.dll.pe.txt / X.exe.pe.txt     PE dump of X.dll
 *
 * Set CORSYM_ORACLE_ACTUAL=<dir> to keep our output of mismatching files.
 */
#define _POSIX_C_SOURCE 200809L /* strdup, dirent */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "pe/pe.h"
#include "pe/pe_dump.h"
#include "portable/portable.h"
#include "portable/ppdb_dump.h"

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
    if (p && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    *len = (size_t)(n > 0 ? n : 0);
    return p;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Our dump of input for one expected file name. */
static corsym_status produce(const char *input_dir, const char *expected_name, struct corsym_buf *out)
{
    char input[4096];
    size_t n = strlen(expected_name) - strlen(".txt");
    enum { PDB, PE, EMBEDDED } mode;
    if (ends_with(expected_name, ".pe.txt")) {
        mode = PE;
        n -= strlen(".pe");
    } else if (ends_with(expected_name, ".dll.pdb.txt") || ends_with(expected_name, ".exe.pdb.txt")) {
        mode = EMBEDDED;
        n -= strlen(".pdb");
    } else {
        mode = PDB;
    }
    snprintf(input, sizeof input, "%s/%.*s", input_dir, (int)n, expected_name);
    size_t len;
    uint8_t *data = read_file(input, &len);
    if (!data)
        return CORSYM_E_IO;
    corsym_status st;
    struct corsym_pe pe;
    struct corsym_ppdb *pdb = NULL;
    uint8_t *embedded = NULL;
    if (mode == PE) {
        st = corsym_pe_open(&pe, data, len);
        if (st == CORSYM_OK)
            st = corsym_pe_dump(&pe, out);
    } else {
        const uint8_t *bytes = data;
        size_t blen = len;
        st = CORSYM_OK;
        if (mode == EMBEDDED) {
            st = corsym_pe_open(&pe, data, len);
            if (st == CORSYM_OK)
                st = corsym_pe_embedded_pdb_extract(&pe, &embedded, &blen);
            bytes = embedded;
        }
        if (st == CORSYM_OK)
            st = corsym_ppdb_open(&pdb, bytes, blen);
        if (st == CORSYM_OK)
            st = corsym_ppdb_dump(pdb, out);
        corsym_ppdb_close(pdb);
    }
    free(embedded);
    free(data);
    return st;
}

static void report_diff(const char *name, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    size_t line = 1, i = 0, start = 0;
    while (i < alen && i < blen && a[i] == b[i]) {
        if (a[i] == '\n') {
            line++;
            start = i + 1;
        }
        i++;
    }
    size_t ea = start, eb = start;
    while (ea < alen && a[ea] != '\n')
        ea++;
    while (eb < blen && b[eb] != '\n')
        eb++;
    fprintf(stderr, "  %s: first difference at line %zu\n    expected: %.*s\n    actual:   %.*s\n", name,
            line, (int)(ea - start > 300 ? 300 : ea - start), (const char *)a + start,
            (int)(eb - start > 300 ? 300 : eb - start), (const char *)b + start);
}

static void keep_actual(const char *name, const struct corsym_buf *actual)
{
    const char *dir = getenv("CORSYM_ORACLE_ACTUAL");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(actual->data, 1, actual->len, f);
        fclose(f);
    }
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compare every dump in expected_dir; returns the number of mismatches. */
static int compare_dir(const char *input_dir, const char *expected_dir, int *files)
{
    DIR *d = opendir(expected_dir);
    assert_non_null(d);
    char *names[1024];
    size_t count = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL && count < 1024)
        if (ends_with(ent->d_name, ".txt"))
            names[count++] = strdup(ent->d_name);
    closedir(d);
    qsort(names, count, sizeof names[0], compare_names);

    int failures = 0;
    for (size_t i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", expected_dir, names[i]);
        size_t elen;
        uint8_t *expected = read_file(path, &elen);
        assert_non_null(expected);
        struct corsym_buf actual = CORSYM_BUF_INIT;
        corsym_status st = produce(input_dir, names[i], &actual);
        if (st != CORSYM_OK) {
            const char *file = NULL;
            int line = 0;
            corsym_status_last_corrupt(&file, &line);
            fprintf(stderr, "  %s: %s (last corrupt check %s:%d)\n", names[i], corsym_status_name(st),
                    file ? file : "-", line);
            failures++;
        } else if (actual.len != elen || memcmp(actual.data, expected, elen) != 0) {
            report_diff(names[i], expected, elen, actual.data, actual.len);
            keep_actual(names[i], &actual);
            failures++;
        }
        (*files)++;
        corsym_buf_free(&actual);
        free(expected);
        free(names[i]);
    }
    return failures;
}

static void run(const char *input_dir, const char *expected_dir)
{
    if (!is_dir(input_dir) || !is_dir(expected_dir)) {
        skip();
        return;
    }
    int files = 0;
    int failures = compare_dir(input_dir, expected_dir, &files);
    fprintf(stderr, "  %s: %d/%d dumps match the oracle\n", expected_dir, files - failures, files);
    assert_int_equal(failures, 0);
}

static void test_fixtures(void **state)
{
    (void)state;
    run(CORSYM_SOURCE_DIR "/tests/fixtures/portable", CORSYM_SOURCE_DIR "/tests/oracle/expected/fixtures");
}

static void test_cecil_portable(void **state)
{
    (void)state;
    run(CORSYM_CORPUS_DIR "/cecil/portable", CORSYM_SOURCE_DIR "/tests/oracle/expected/cecil/portable");
}

static void test_cecil_embedded(void **state)
{
    (void)state;
    run(CORSYM_CORPUS_DIR "/cecil/embedded", CORSYM_SOURCE_DIR "/tests/oracle/expected/cecil/embedded");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixtures),
        cmocka_unit_test(test_cecil_portable),
        cmocka_unit_test(test_cecil_embedded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
