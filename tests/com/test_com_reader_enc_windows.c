/* SPDX-License-Identifier: MIT */
/*
 * Edit and Continue on Windows PDBs through the COM API, compared with Microsoft's DLL:
 * the "corpus" scenario of tests/wine/enc_scenarios.txt (corpus PDBs as deltas, a file
 * that is no PDB, whole-method and per-point line deltas) replayed on corsym as built here
 * (the .so natively, the .dll under Wine) by the walker of tests/support/enc_dump.c, and
 * compared with what tests/wine/enc_dump.exe printed over Microsoft's DLL
 * (tests/wine/expected/enc/corpus.txt) after the rules of expected/enc_differences.txt.
 * The scenarios over PDBs that corsym's writer makes run under Wine only
 * (wine_enc_matches_microsoft_*). Skipped without the corpus.
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"
#include "enc_dump.h"

#define SCENARIOS CORSYM_SOURCE_DIR "/tests/wine/enc_scenarios.txt"
#define GOLDEN CORSYM_SOURCE_DIR "/tests/wine/expected/enc/corpus.txt"
#define DIFFERENCES CORSYM_SOURCE_DIR "/tests/wine/expected/enc_differences.txt"

static IStream *stream_of(const char *path)
{
    size_t size = 0;
    unsigned char *data = corsym_test_read_file(path, &size);
    if (!data)
        return NULL;
    IStream *stream = NULL;
    HRESULT hr = corsym_test_library()->CorSymCreateMemoryStream(data, (ULONG)size, &stream);
    free(data);
    return hr == S_OK ? stream : NULL;
}

/* s with every `from` replaced by `to`; the caller frees it. */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t n = strlen(s), f = strlen(from), t = strlen(to), count = 0;
    for (const char *p = strstr(s, from); p; p = strstr(p + f, from))
        count++;
    char *out = malloc(n + count * (t > f ? t - f : 0) + 1), *o = out;
    assert_non_null(out);
    for (const char *p = s;;) {
        const char *hit = strstr(p, from);
        if (!hit) {
            strcpy(o, p);
            break;
        }
        memcpy(o, p, (size_t)(hit - p));
        o += hit - p;
        memcpy(o, to, t);
        o += t;
        p = hit + f;
    }
    return out;
}

/* The words of the scenario line that starts with `name`, placeholders replaced. */
static int scenario(const char *name, char ***words)
{
    size_t len = 0;
    char *text = (char *)corsym_test_read_file(SCENARIOS, &len);
    assert_non_null(text);
    char *line = NULL;
    for (char *p = text, *end; p < text + len; p = end + 1) {
        end = memchr(p, '\n', (size_t)(text + len - p));
        if (!end)
            end = text + len;
        *end = 0;
        if (!strncmp(p, name, strlen(name)) && p[strlen(name)] == ' ') {
            line = p;
            break;
        }
    }
    assert_non_null(line);
    char *a = replace_all(line, "@CORPUS@", CORSYM_CORPUS_DIR);
    char *b = replace_all(a, "@SRC@", CORSYM_SOURCE_DIR);
    free(a);
    free(text);
    int count = 0;
    *words = calloc(64, sizeof(char *));
    assert_non_null(*words);
    for (char *w = strtok(b, " "); w && count < 63; w = strtok(NULL, " "))
        (*words)[count++] = strdup(w);
    free(b);
    return count;
}

static void test_corpus_matches_microsoft(void **state)
{
    (void)state;
    char **words;
    int count = scenario("corpus", &words);
    assert_true(count >= 2);
    IStream *stream = stream_of(words[1]);
    if (!stream) {
        print_message("  skipped: %s is absent (no corpus)\n", words[1]);
    } else {
        ISymUnmanagedBinder *binder = NULL;
        ISymUnmanagedReader *reader = NULL;
        struct api_module module;
        memset(&module, 0, sizeof module);
        IUnknown *importer = api_importer_new(&module);
        assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                            (void **)&binder), S_OK);
        assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader),
                         S_OK);
        struct api_text actual = { NULL, 0, 0 }, report = { NULL, 0, 0 };
        api_text_printf(&actual, "corsym-enc 1\n");
        enc_dump_run(&actual, reader, words + 2, count - 2, stream_of);
        api_text_printf(&actual, "end\n");
        assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
        ISymUnmanagedBinder_Release(binder);
        IStream_Release(stream);
        IUnknown_Release(importer);

        size_t elen = 0, rlen = 0;
        char *expected = (char *)corsym_test_read_file(GOLDEN, &elen);
        char *rules_text = (char *)corsym_test_read_file(DIFFERENCES, &rlen);
        assert_non_null(expected);
        assert_non_null(rules_text);
        struct api_rules rules = { NULL, 0 };
        assert_true(api_rules_parse(&rules, rules_text, rlen, &report));
        int result = api_dump_compare("corpus.txt", expected, elen, actual.data, actual.len,
                                      &rules, &report);
        api_rules_report(&rules, &report);
        print_message("%s", report.data ? report.data : "");
        if (result < 0)
            print_message("%.*s", (int)actual.len, actual.data);
        assert_true(result >= 0);
        api_rules_free(&rules);
        api_text_free(&report);
        api_text_free(&actual);
        free(expected);
        free(rules_text);
    }
    for (int i = 0; i < count; i++)
        free(words[i]);
    free(words);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_matches_microsoft),
    };
    return cmocka_run_group_tests_name("com_reader_enc_windows", tests, NULL, NULL);
}
