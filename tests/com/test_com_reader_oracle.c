/* SPDX-License-Identifier: MIT */
/*
 * API-level conformance of the Portable PDB reader against an independent oracle.
 *
 * tests/oracle-com/ (a C# program over System.Reflection.Metadata) prints what Microsoft's
 * portable reader, Microsoft.DiaSymReader.PortablePdb, answers through the ISymUnmanaged* API
 * for every fixture and corpus PDB (tests/oracle-com/FORMAT.md). This test opens the same
 * inputs through corsym exactly as a client does (bytes in memory -> CorSymCreateMemoryStream
 * -> ISymUnmanagedBinder::GetReaderFromStream), walks the COM objects, prints the same text
 * and compares it with tests/oracle-com/expected/, line by line.
 *
 *   expected/fixtures/X.pdb.api.txt        input tests/fixtures/portable/X.pdb
 *   expected/fixtures/X.dll.api.txt        input tests/fixtures/portable/X.dll (embedded PDB)
 *   expected/cecil/portable/..., cecil/embedded/...   inputs in <corpus>/cecil/... (skipped
 *                                          when the corpus is absent)
 *
 * For an embedded PDB the test takes the raw data of the PE's type-17 debug directory entry
 * ("MPDB" + size + deflate) and hands exactly those bytes to GetReaderFromStream, as SRP's
 * clients do. The MethodDef tokens to query are the ones the expected file lists.
 *
 * Differences already reported against corsym are tolerated only where `known_issues` says so
 * (file, line keyword, field, reason); anything else fails. Set CORSYM_API_ACTUAL=<dir> to
 * write corsym's dumps there for diffing.
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

/* ------------------------------------------------------------------------------------------ */
/* Known differences between corsym and the oracle, each reported as a corsym bug with the SRP */
/* source that decides it. An entry tolerates only the named field of the named kind of line   */
/* in the named file ("*" = every file); field "*" tolerates a whole-file mismatch, line counts */
/* included. The test prints how often each entry was used: remove an entry once corsym is     */
/* fixed (it then shows 0 uses and no longer appears in the summary).                          */
/* ------------------------------------------------------------------------------------------ */

struct known_issue {
    const char *file;    /* expected file name, or "*" */
    const char *keyword; /* first word of the line ("document", "scope", "const", ...) */
    const char *field;   /* key of the differing field, or "*" for the whole file */
    const char *reason;
};

static const struct known_issue known_issues[] = {
    { "*", "document", "sourcelength",
      "GetSourceLength answers S_FALSE for a document without embedded source; SRP answers "
      "S_OK and 0 (SymDocument.cs GetSourceLength)" },
    { "VbApp.pdb.api.txt", "scope", "il",
      "VB scope ends: SRP reports end-1 on the root and on grandchildren but not on the root's "
      "direct child (ScopeData.cs AdjustEndOffset: `Parent is not RootScopeData`); corsym "
      "does the reverse" },
    { "VbLib.dll.api.txt", "scope", "il", "VB scope ends, as for VbApp.pdb" },
    { "VbApp.pdb.api.txt", "const", "value",
      "DateTime constants: SRP returns a double whose bits are the ticks (VT_R8, "
      "SymConstant.cs), corsym VT_DATE" },
    { "VbLib.dll.api.txt", "const", "value", "DateTime constants as VT_DATE, as for VbApp.pdb" },
};

#define KNOWN_COUNT (sizeof(known_issues) / sizeof(known_issues[0]))

/* ---- inputs ---- */

static uint32_t u32le(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t u16le(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

/* The raw data of the first type-17 (embedded Portable PDB) debug directory entry of a PE:
 * what a client hands to GetReaderFromStream. 0 if there is none. */
static int embedded_pdb_blob(const unsigned char *pe, size_t size, size_t *offset, size_t *length)
{
    if (size < 0x40 || pe[0] != 'M' || pe[1] != 'Z')
        return 0;
    size_t nt = u32le(pe + 0x3c);
    if (nt > size || size - nt < 24 || memcmp(pe + nt, "PE\0\0", 4) != 0)
        return 0;
    size_t sections = u16le(pe + nt + 6), optional_size = u16le(pe + nt + 20);
    size_t optional = nt + 24;
    if (optional_size > size - optional || optional_size < 2)
        return 0;
    uint16_t magic = u16le(pe + optional);
    size_t directories = optional + (magic == 0x20b ? 112 : 96);
    if (directories + 7 * 8 > optional + optional_size)
        return 0;
    uint32_t debug_rva = u32le(pe + directories + 6 * 8), debug_size = u32le(pe + directories + 6 * 8 + 4);
    size_t table = optional + optional_size, debug_file = 0;
    int mapped = 0;
    for (size_t s = 0; s < sections; s++) {
        const unsigned char *h = pe + table + s * 40;
        if (table + (s + 1) * 40 > size)
            return 0;
        uint32_t va = u32le(h + 12), vsize = u32le(h + 8), raw_size = u32le(h + 16), raw = u32le(h + 20);
        uint32_t extent = vsize > raw_size ? vsize : raw_size;
        if (debug_rva >= va && debug_rva - va < extent) {
            debug_file = raw + (debug_rva - va);
            mapped = 1;
            break;
        }
    }
    if (!mapped || debug_file > size || debug_size > size - debug_file)
        return 0;
    for (size_t e = 0; e + 28 <= debug_size; e += 28) {
        const unsigned char *d = pe + debug_file + e;
        uint32_t type = u32le(d + 12), data_size = u32le(d + 16), pointer = u32le(d + 24);
        if (type != 17)
            continue;
        if (pointer > size || data_size > size - pointer)
            return 0;
        *offset = pointer;
        *length = data_size;
        return 1;
    }
    return 0;
}

static ISymUnmanagedReader *open_reader(const unsigned char *bytes, size_t size)
{
    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(bytes, (ULONG)size, &stream),
                     S_OK);
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    HRESULT hr = ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    if (hr != S_OK) {
        print_error("GetReaderFromStream: 0x%08x\n", (unsigned)hr);
        return NULL;
    }
    return reader;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* The known issues as comparison rules (tests/support/api_dump.h): the named field of the
 * named kind of line may hold anything; field "*" tolerates a whole-file difference. */
static void known_rules(struct api_rules *rules)
{
    for (size_t k = 0; k < KNOWN_COUNT; k++) {
        const struct known_issue *ki = &known_issues[k];
        int whole = strcmp(ki->field, "*") == 0;
        api_rules_add(rules, ki->file, whole ? "*" : ki->keyword, ki->field, "*", "*", ki->reason);
    }
}

/* ---- directory listing, sorted ---- */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static size_t list_expected(const char *dir, char ***out)
{
    size_t count = 0, cap = 64;
    char **names = malloc(cap * sizeof(*names));
    assert_non_null(names);
#ifdef _WIN32
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/*.api.txt", dir);
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(pattern, &fd);
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
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (!ends_with(e->d_name, ".api.txt"))
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

/* The method tokens the expected dump asks about, in order. */
static size_t expected_tokens(const char *text, uint32_t **out)
{
    size_t count = 0, cap = 256;
    uint32_t *tokens = malloc(cap * sizeof(*tokens));
    assert_non_null(tokens);
    for (const char *p = text; p && *p; ) {
        if (strncmp(p, "method 0x", 9) == 0) {
            if (count == cap)
                tokens = realloc(tokens, (cap *= 2) * sizeof(*tokens));
            assert_non_null(tokens);
            tokens[count++] = (uint32_t)strtoul(p + 7, NULL, 16);
        }
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    *out = tokens;
    return count;
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

/* Checks every expected dump of one directory; fails the test on any real difference. */
static void run(const char *input_dir, const char *expected_dir)
{
    char **names;
    size_t count = list_expected(expected_dir, &names);
    struct api_rules rules = { NULL, 0 };
    known_rules(&rules);
    size_t exact = 0, with_known = 0, failed = 0;
    assert_true(count > 0);

    for (size_t i = 0; i < count; i++) {
        char path[4096], input[4096];
        snprintf(path, sizeof path, "%s/%s", expected_dir, names[i]);
        size_t elen = 0, ilen = 0;
        char *expected = (char *)corsym_test_read_file(path, &elen);
        assert_non_null(expected);
        char *z = realloc(expected, elen + 1);
        assert_non_null(z);
        expected = z;
        expected[elen] = 0;

        snprintf(input, sizeof input, "%s/%.*s", input_dir,
                 (int)(strlen(names[i]) - strlen(".api.txt")), names[i]);
        unsigned char *bytes = corsym_test_read_file(input, &ilen);
        if (!bytes) {
            print_error("  %s: cannot read %s\n", names[i], input);
            failed++;
            free(expected);
            continue;
        }
        size_t offset = 0, length = ilen;
        if (!ends_with(input, ".pdb") && !embedded_pdb_blob(bytes, ilen, &offset, &length)) {
            print_error("  %s: no embedded PDB in %s\n", names[i], input);
            failed++;
            free(bytes);
            free(expected);
            continue;
        }

        struct api_text actual = { NULL, 0, 0 };
        ISymUnmanagedReader *reader = open_reader(bytes + offset, length);
        if (reader) {
            uint32_t *tokens;
            size_t ntokens = expected_tokens(expected, &tokens);
            api_dump_reader(&actual, reader, API_DUMP_PORTABLE, tokens, ntokens, NULL);
            free(tokens);
            assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
        } else {
            api_text_printf(&actual, "GetReaderFromStream failed\n");
        }
        save_actual(names[i], &actual);

        struct api_text report = { NULL, 0, 0 };
        int result = api_dump_compare(names[i], expected, elen, actual.data, actual.len, &rules,
                                      &report);
        if (report.len)
            print_error("%s", report.data);
        api_text_free(&report);
        if (result == 0)
            exact++;
        else if (result > 0)
            with_known++;
        else
            failed++;
        print_message("  %-45s %s\n", names[i],
                      result == 0 ? "ok" : result > 0 ? "ok (known differences)" : "FAIL");
        free(actual.data);
        free(bytes);
        free(expected);
        free(names[i]);
    }
    free(names);

    for (size_t k = 0; k < rules.count; k++)
        if (rules.items[k].used)
            print_message("  known (%u line(s)) %s [%s %s]: %s\n", rules.items[k].used,
                          rules.items[k].file, rules.items[k].keyword, rules.items[k].field,
                          rules.items[k].reason);
    api_rules_free(&rules);
    print_message("  %s: %zu exact, %zu with known differences, %zu failing, of %zu\n",
                  expected_dir, exact, with_known, failed, count);
    /* Every COM object of the walk is released: the module can unload. */
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
    if (failed)
        fail_msg("%zu dump(s) differ from the oracle", failed);
}

static int have_dir(const char *path)
{
    char **names;
    size_t count = list_expected(path, &names);
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return count > 0;
}

static void test_fixtures(void **state)
{
    (void)state;
    run(CORSYM_SOURCE_DIR "/tests/fixtures/portable",
        CORSYM_SOURCE_DIR "/tests/oracle-com/expected/fixtures");
}

static void corpus(const char *sub)
{
    char input[4096], expected[4096];
    snprintf(input, sizeof input, "%s/cecil/%s", CORSYM_CORPUS_DIR, sub);
    snprintf(expected, sizeof expected, "%s/tests/oracle-com/expected/cecil/%s", CORSYM_SOURCE_DIR,
             sub);
    char *probe = corsym_test_corpus_path("README.md");
    if (!probe || !have_dir(expected)) {
        free(probe);
        print_message("  corpus not found at %s: skipped\n", CORSYM_CORPUS_DIR);
        skip();
        return;
    }
    free(probe);
    run(input, expected);
}

static void test_cecil_portable(void **state)
{
    (void)state;
    corpus("portable");
}

static void test_cecil_embedded(void **state)
{
    (void)state;
    corpus("embedded");
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
