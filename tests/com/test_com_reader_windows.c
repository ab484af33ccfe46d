/* SPDX-License-Identifier: MIT */
/*
 * Windows (MSF) PDBs through the COM API, compared with what Microsoft's
 * Microsoft.DiaSymReader.Native answers for the same calls.
 *
 * tests/wine/expected/ms_api/X.pdb.txt is the dump (tests/wine/API_DUMP.md) that
 * tests/wine/api_dump.exe printed over Microsoft's DLL under Wine for <corpus>/cecil/windows/X.pdb
 * (scripts/ms-golden.sh). This test makes the same walk through corsym as built here -- the
 * .so natively, the .dll under Wine -- with the same inputs: the PDB's bytes in a memory
 * stream, the stand-in importer of api_dump.h (which answers GetSigFromToken from the PE next
 * to the PDB) and the MethodDef tokens 0x06000001 up to one past that PE's count. The answers
 * must not depend on the platform, so the golden files serve both builds.
 *
 * The dumps must be equal after the deliberate differences and reported defects listed, with
 * their reasons, in tests/wine/expected/ms_api_differences.txt. Skipped without the corpus.
 * Set CORSYM_API_ACTUAL=<dir> to write corsym's dumps there for diffing.
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"
#include "api_dump.h"
/* Until tests/CMakeLists.txt lists support/api_dump.c in corsym_test_support, the walker is
 * compiled in here (harmless afterwards: the library's copy is then simply not linked). */

#ifdef _WIN32
#include <windows.h>
#else
#include <dirent.h>
#endif

#define GOLDEN_DIR CORSYM_SOURCE_DIR "/tests/wine/expected/ms_api"
#define DIFFERENCES CORSYM_SOURCE_DIR "/tests/wine/expected/ms_api_differences.txt"

#ifndef _WIN32
static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}
#endif

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The golden files (X.pdb.txt), sorted. */
static size_t list_golden(char ***out)
{
    size_t count = 0, cap = 16;
    char **names = malloc(cap * sizeof(*names));
    assert_non_null(names);
#ifdef _WIN32
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(GOLDEN_DIR "/*.pdb.txt", &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            if (count == cap)
                names = realloc(names, (cap *= 2) * sizeof(*names));
            assert_non_null(names);
            names[count++] = strdup(fd.cFileName);
        } while (FindNextFileA(h, &fd));
        FindClose(h);
    }
#else
    DIR *d = opendir(GOLDEN_DIR);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".pdb.txt"))
            continue;
        if (count == cap)
            names = realloc(names, (cap *= 2) * sizeof(*names));
        assert_non_null(names);
        names[count++] = strdup(e->d_name);
    }
    if (d)
        closedir(d);
#endif
    qsort(names, count, sizeof(*names), compare_names);
    *out = names;
    return count;
}

static char *read_text(const char *path, size_t *len)
{
    char *text = (char *)corsym_test_read_file(path, len);
    if (!text)
        return NULL;
    char *z = realloc(text, *len + 1);
    assert_non_null(z);
    z[*len] = 0;
    return z;
}

/* X.pdb -> the PE next to it, X.dll or X.exe. */
static unsigned char *read_module(const char *pdb, size_t *size)
{
    static const char *const extensions[] = { ".dll", ".exe" };
    char path[4096];
    size_t n = strlen(pdb);
    if (n < 4 || n >= sizeof path)
        return NULL;
    for (int i = 0; i < 2; i++) {
        memcpy(path, pdb, n - 4);
        strcpy(path + n - 4, extensions[i]);
        unsigned char *data = corsym_test_read_file(path, size);
        if (data)
            return data;
    }
    return NULL;
}

/* What api_dump.exe does, through the library under test. */
static void dump_pdb(const char *pdb_path, struct api_text *out)
{
    size_t pdb_size = 0, pe_size = 0;
    unsigned char *pdb = corsym_test_read_file(pdb_path, &pdb_size);
    assert_non_null(pdb);
    unsigned char *pe = read_module(pdb_path, &pe_size);
    struct api_module module;
    if (!pe || !api_module_parse(pe, pe_size, &module))
        memset(&module, 0, sizeof module);

    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(pdb, (ULONG)pdb_size, &stream),
                     S_OK);
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    IUnknown *importer = api_importer_new(&module);
    HRESULT hr = ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader);
    if (hr == S_OK && reader) {
        uint32_t *tokens;
        size_t count = api_module_tokens(&module, &tokens);
        api_dump_reader(out, reader, API_DUMP_WINDOWS, tokens, count, &module);
        free(tokens);
        assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    } else {
        api_text_printf(out, "corsym-winapi 1\nGetReaderFromStream !0x%08lx\nend\n",
                        (unsigned long)hr);
    }
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    /* The reader is gone, so nobody holds the importer any more. */
    assert_int_equal(importer->lpVtbl->Release(importer), 0);
    free(pe);
    free(pdb);
}

static void save_actual(const char *name, const struct api_text *t)
{
    const char *dir = getenv("CORSYM_API_ACTUAL");
    if (!dir || !*dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(t->data, 1, t->len, f);
        fclose(f);
    }
}

static void test_matches_microsoft(void **state)
{
    (void)state;
    char *probe = corsym_test_corpus_path("README.md");
    char **names;
    size_t count = list_golden(&names);
    assert_true(count > 0);
    if (!probe) {
        for (size_t i = 0; i < count; i++)
            free(names[i]);
        free(names);
        print_message("  corpus not found at %s: skipped\n", CORSYM_CORPUS_DIR);
        skip();
        return;
    }
    free(probe);

    size_t rules_len = 0;
    char *rules_text = read_text(DIFFERENCES, &rules_len);
    assert_non_null(rules_text);
    struct api_rules rules = { NULL, 0 };
    struct api_text error = { NULL, 0, 0 };
    if (!api_rules_parse(&rules, rules_text, rules_len, &error))
        fail_msg("%s: %s", DIFFERENCES, error.data);
    free(rules_text);

    size_t exact = 0, with_known = 0, failed = 0, skipped = 0;
    for (size_t i = 0; i < count; i++) {
        char golden[4096], pdb[4096];
        snprintf(golden, sizeof golden, "%s/%s", GOLDEN_DIR, names[i]);
        snprintf(pdb, sizeof pdb, "%s/cecil/windows/%.*s", CORSYM_CORPUS_DIR,
                 (int)(strlen(names[i]) - strlen(".txt")), names[i]);
        size_t elen = 0, plen = 0;
        unsigned char *present = corsym_test_read_file(pdb, &plen);
        if (!present) {
            print_message("  %-30s absent from the corpus: skipped\n", names[i]);
            skipped++;
            free(names[i]);
            continue;
        }
        free(present);
        char *expected = read_text(golden, &elen);
        assert_non_null(expected);

        struct api_text actual = { NULL, 0, 0 }, report = { NULL, 0, 0 };
        dump_pdb(pdb, &actual);
        save_actual(names[i], &actual);
        int result = api_dump_compare(names[i], expected, elen, actual.data, actual.len, &rules,
                                      &report);
        if (report.len)
            print_error("%s", report.data);
        if (result == 0)
            exact++;
        else if (result > 0)
            with_known++;
        else
            failed++;
        print_message("  %-30s %s\n", names[i],
                      result == 0 ? "identical" : result > 0 ? "equal after the listed differences"
                                                            : "FAIL");
        api_text_free(&report);
        api_text_free(&actual);
        free(expected);
        free(names[i]);
    }
    free(names);

    for (size_t k = 0; k < rules.count; k++)
        if (rules.items[k].used)
            print_message("  tolerated %ux %s|%s|%s: %.200s\n", rules.items[k].used,
                          rules.items[k].file, rules.items[k].keyword, rules.items[k].field,
                          rules.items[k].reason);
    api_rules_free(&rules);
    print_message("  %zu identical, %zu with listed differences, %zu failing, %zu skipped\n",
                  exact, with_known, failed, skipped);
    /* Every COM object of the walk is released: the module can unload. */
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
    if (failed)
        fail_msg("%zu dump(s) differ from Microsoft's", failed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_microsoft),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
