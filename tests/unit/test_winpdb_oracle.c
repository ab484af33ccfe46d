/*
 * The reader against llvm-pdbutil (first oracle): the facts in
 * winpdb_oracle/<name>.facts were produced by winpdb_oracle/generate.sh from
 * llvm-pdbutil's dumps of the public corpus, never from corsym. Each fact is
 * checked against what our reader says about the same file.
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

struct fixture {
    const char *name;
    bool managed_only; /* every line fact belongs to a managed method */
};

static const struct fixture fixtures[] = {
    { "AVbTest", true },      { "CecilTest", true },       { "ComplexPdb", true },
    { "EmptyRootNamespace", true }, { "MixedNativeCLI", false }, { "VBConsApp", true },
    { "empty-iterator", true }, { "fsapp", true },         { "libpdb", true },
    { "longtypename", true }, { "test", true },
};

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

static bool corpus_present(void)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/cecil/windows/test.pdb", CORSYM_CORPUS_DIR);
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* Split a tab-separated line in place; returns the field count. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    line[strcspn(line, "\r\n")] = 0;
    while (n < max) {
        fields[n++] = line;
        char *tab = strchr(line, '\t');
        if (!tab)
            break;
        *tab = 0;
        line = tab + 1;
    }
    return n;
}

static bool span_is(struct corsym_span s, const char *text)
{
    return corsym_span_eq(s, text, strlen(text));
}

/* Everything loaded once per PDB. */
struct loaded {
    uint8_t *data;
    size_t len;
    struct corsym_winpdb *pdb;
    struct corsym_winpdb_index *idx;
    struct corsym_winpdb_documents *docs;
    struct corsym_winpdb_method **methods; /* in index order */
    bool **used;                           /* per method, per point */
    uint32_t count;
};

static void load(const char *name, struct loaded *l)
{
    char path[4096];
    memset(l, 0, sizeof *l);
    snprintf(path, sizeof path, "%s/cecil/windows/%s.pdb", CORSYM_CORPUS_DIR, name);
    l->data = slurp(path, &l->len);
    assert_non_null(l->data);
    assert_int_equal(corsym_winpdb_open(&l->pdb, l->data, l->len), CORSYM_OK);
    assert_int_equal(corsym_winpdb_index_build(l->pdb, &l->idx), CORSYM_OK);
    assert_int_equal(corsym_winpdb_documents_build(l->pdb, &l->docs), CORSYM_OK);
    l->count = corsym_winpdb_index_count(l->idx);
    l->methods = calloc(l->count + 1, sizeof *l->methods);
    l->used = calloc(l->count + 1, sizeof *l->used);
    assert_non_null(l->methods);
    assert_non_null(l->used);
    for (uint32_t i = 0; i < l->count; i++) {
        struct corsym_winpdb_method_ref ref;
        assert_int_equal(corsym_winpdb_index_at(l->idx, i, &ref), CORSYM_OK);
        assert_int_equal(corsym_winpdb_method_load_ref(l->pdb, &ref, &l->methods[i]), CORSYM_OK);
        l->used[i] = calloc(l->methods[i]->point_count + 1, sizeof **l->used);
        assert_non_null(l->used[i]);
    }
}

static void unload(struct loaded *l)
{
    for (uint32_t i = 0; i < l->count; i++) {
        corsym_winpdb_method_free(l->methods[i]);
        free(l->used[i]);
    }
    free(l->methods);
    free(l->used);
    corsym_winpdb_documents_free(l->docs);
    corsym_winpdb_index_free(l->idx);
    corsym_winpdb_close(l->pdb);
    free(l->data);
}

static void format_guid(const uint8_t g[16], char out[37])
{
    snprintf(out, 37, "%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X",
             g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
             g[13], g[14], g[15]);
}

static struct corsym_winpdb_method *method_at(struct loaded *l, uint32_t module, uint32_t seg,
                                              uint32_t offset, uint32_t *which)
{
    for (uint32_t i = 0; i < l->count; i++) {
        struct corsym_winpdb_method *m = l->methods[i];
        if (m->module == module && m->proc.segment == seg && m->proc.offset == offset) {
            *which = i;
            return m;
        }
    }
    return NULL;
}

/* The method whose S_GMANPROC is the last one before `offset` in a module. */
static struct corsym_winpdb_method *method_enclosing(struct loaded *l, uint32_t module,
                                                     uint32_t offset)
{
    struct corsym_winpdb_method *best = NULL;
    uint32_t best_off = 0;
    for (uint32_t i = 0; i < l->count; i++) {
        struct corsym_winpdb_method_ref ref;
        assert_int_equal(corsym_winpdb_index_at(l->idx, i, &ref), CORSYM_OK);
        if (ref.module == module && ref.record_offset < offset &&
            (!best || ref.record_offset > best_off)) {
            best = l->methods[i];
            best_off = ref.record_offset;
        }
    }
    return best;
}

static void check_line(struct loaded *l, char **f, bool managed_only, unsigned *matched)
{
    uint32_t module = (uint32_t)strtoul(f[1], NULL, 10);
    uint32_t seg = (uint32_t)strtoul(f[2], NULL, 16);
    uint32_t start = (uint32_t)strtoul(f[3], NULL, 16);
    uint32_t addr = (uint32_t)strtoul(f[5], NULL, 16);
    bool hidden = !strcmp(f[6], "ASI");
    uint32_t line = hidden ? CORSYM_C13_HIDDEN_LINE : (uint32_t)strtoul(f[6], NULL, 10);
    uint32_t which;
    struct corsym_winpdb_method *m = method_at(l, module, seg, start, &which);
    if (!m) {
        if (managed_only)
            fail_msg("no managed method at %s:%s in module %s", f[2], f[3], f[1]);
        return; /* native code in a mixed-mode PDB */
    }
    for (uint32_t k = 0; k < m->point_count; k++) {
        struct corsym_winpdb_sequence_point *p = &m->points[k];
        if (l->used[which][k] || p->il_offset + start != addr || p->start_line != line ||
            p->hidden != hidden)
            continue;
        struct corsym_span doc;
        assert_int_equal(corsym_winpdb_string(l->pdb, p->document_ni, &doc), CORSYM_OK);
        if (!span_is(doc, f[4]))
            continue;
        l->used[which][k] = true;
        (*matched)++;
        /* The document is in the table under the same /names offset. */
        uint32_t di;
        assert_int_equal(corsym_winpdb_documents_find(l->docs, p->document_ni, &di), CORSYM_OK);
        return;
    }
    fail_msg("line fact %s %s %s %s not found", f[1], f[3], f[5], f[6]);
}

static void check_fixture(const struct fixture *fx)
{
    struct loaded l;
    load(fx->name, &l);
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/unit/winpdb_oracle/%s.facts", CORSYM_SOURCE_DIR,
             fx->name);
    FILE *facts = fopen(path, "r");
    assert_non_null(facts);

    const struct corsym_winpdb_info *info = corsym_winpdb_info(l.pdb);
    char line[8192], *f[8] = { NULL };
    unsigned modules = 0, tokenrefs = 0, lines = 0, matched = 0, procs = 0, slots = 0;
    /* procref/tokenref facts are sorted, so each pair arrives together per
     * (module, offset) only by chance; remember procrefs and join later. */
    struct { uint32_t module, offset; char name[1024]; } procref[256];
    unsigned nprocref = 0;

    while (fgets(line, sizeof line, facts)) {
        if (line[0] == '#')
            continue;
        int n = split(line, f, 8);
        if (!strcmp(f[0], "summary") && n == 3) {
            if (!strcmp(f[1], "signature"))
                assert_int_equal(info->signature, strtoul(f[2], NULL, 10));
            else if (!strcmp(f[1], "age"))
                assert_int_equal(info->age, strtoul(f[2], NULL, 10));
            else if (!strcmp(f[1], "guid")) {
                char g[37];
                format_guid(info->guid, g);
                assert_string_equal(g, f[2]);
            }
        } else if (!strcmp(f[0], "named") && n == 3) {
            /* Our hash lookup finds every name where MS put it. */
            uint32_t stream;
            assert_int_equal(corsym_winpdb_named_stream(l.pdb, f[2], strlen(f[2]), &stream),
                             CORSYM_OK);
            assert_int_equal(stream, strtoul(f[1], NULL, 10));
        } else if (!strcmp(f[0], "module") && n == 4) {
            const struct corsym_winpdb_module_info *mi =
                corsym_winpdb_module_info(l.pdb, (uint32_t)strtoul(f[1], NULL, 10));
            assert_non_null(mi);
            assert_int_equal(mi->stream, strtoul(f[2], NULL, 10));
            assert_true(span_is(mi->name, f[3]));
            modules++;
        } else if (!strcmp(f[0], "line") && n == 7) {
            lines++;
            check_line(&l, f, fx->managed_only, &matched);
        } else if (!strcmp(f[0], "proc") && n == 5) {
            struct corsym_winpdb_method_ref ref;
            uint32_t token = (uint32_t)strtoul(f[3], NULL, 16);
            assert_int_equal(corsym_winpdb_index_find(l.idx, token, &ref), CORSYM_OK);
            assert_int_equal(ref.module, strtoul(f[1], NULL, 10));
            assert_int_equal(ref.record_offset, strtoul(f[2], NULL, 10));
            struct corsym_winpdb_method *m;
            assert_int_equal(corsym_winpdb_method_load(l.pdb, l.idx, token, &m), CORSYM_OK);
            assert_true(span_is(m->proc.name, f[4]));
            corsym_winpdb_method_free(m);
            procs++;
        } else if (!strcmp(f[0], "slot") && n == 6) {
            struct corsym_winpdb_method *m = method_enclosing(
                &l, (uint32_t)strtoul(f[1], NULL, 10), (uint32_t)strtoul(f[2], NULL, 10));
            assert_non_null(m);
            bool found = false;
            for (uint32_t k = 0; k < m->local_count && !found; k++)
                found = m->locals[k].slot == strtoul(f[3], NULL, 10) &&
                        m->locals[k].flags == strtoul(f[4], NULL, 10) &&
                        span_is(m->locals[k].name, f[5]);
            assert_true(found);
            slots++;
        } else if (!strcmp(f[0], "procref") && n == 4) {
            assert_true(nprocref < sizeof procref / sizeof *procref);
            procref[nprocref].module = (uint32_t)strtoul(f[1], NULL, 10);
            procref[nprocref].offset = (uint32_t)strtoul(f[2], NULL, 10);
            snprintf(procref[nprocref].name, sizeof procref[nprocref].name, "%s", f[3]);
            nprocref++;
        } else if (!strcmp(f[0], "tokenref") && n == 4) {
            /* S_TOKENREF: module (1-based) and record offset of the token's
             * procedure, as the writer recorded them. */
            struct corsym_winpdb_method_ref ref;
            uint32_t token = (uint32_t)strtoul(f[3], NULL, 16);
            assert_int_equal(corsym_winpdb_index_find(l.idx, token, &ref), CORSYM_OK);
            assert_int_equal(ref.module + 1, strtoul(f[1], NULL, 10));
            assert_int_equal(ref.record_offset, strtoul(f[2], NULL, 10));
            tokenrefs++;
        } else if (!strcmp(f[0], "injected") && n == 5) {
            /* llvm-pdbutil prints "<null>" for an empty name. */
            const char *file = strcmp(f[1], "<null>") ? f[1] : "";
            const char *vname = strcmp(f[3], "<null>") ? f[3] : "";
            struct corsym_winpdb_src_headers *h;
            struct corsym_winpdb_src_header hdr;
            struct corsym_span s;
            assert_int_equal(corsym_winpdb_src_headers_load(l.pdb, &h), CORSYM_OK);
            if (*vname) {
                /* The MS way: canonical name -> /names NI -> header bucket. */
                uint32_t ni;
                assert_int_equal(corsym_winpdb_string_find(l.pdb, vname, strlen(vname), &ni),
                                 CORSYM_OK);
                assert_int_equal(corsym_winpdb_src_header_find(h, ni, &hdr), CORSYM_OK);
            } else {
                bool found = false;
                for (uint32_t i = 0; !found && i < corsym_winpdb_src_headers_count(h); i++) {
                    assert_int_equal(corsym_winpdb_src_header_at(h, i, &hdr), CORSYM_OK);
                    assert_int_equal(corsym_winpdb_string(l.pdb, hdr.virtual_ni, &s), CORSYM_OK);
                    found = s.len == 0;
                }
                assert_true(found);
            }
            assert_int_equal(corsym_winpdb_string(l.pdb, hdr.virtual_ni, &s), CORSYM_OK);
            assert_true(span_is(s, vname));
            assert_int_equal(hdr.source_size, strtoul(f[2], NULL, 10));
            assert_int_equal(hdr.crc, strtoul(f[4], NULL, 10));
            assert_int_equal(corsym_winpdb_string(l.pdb, hdr.file_ni, &s), CORSYM_OK);
            assert_true(span_is(s, file));
            corsym_winpdb_src_headers_free(h);
        } else if (!strcmp(f[0], "entry") && n == 2) {
            uint32_t token;
            assert_int_equal(corsym_winpdb_entry_point(l.pdb, &token), CORSYM_OK);
            assert_int_equal(token, strtoul(f[1], NULL, 10));
        }
    }
    fclose(facts);

    /* procrefs of managed procedures name the procedures our index holds
     * at that place (mixed-mode PDBs also have native procrefs). */
    for (unsigned i = 0; i < nprocref; i++) {
        bool found = !fx->managed_only;
        for (uint32_t k = 0; k < l.count; k++) {
            struct corsym_winpdb_method_ref ref;
            assert_int_equal(corsym_winpdb_index_at(l.idx, k, &ref), CORSYM_OK);
            if (ref.module + 1 == procref[i].module && ref.record_offset == procref[i].offset) {
                assert_true(span_is(l.methods[k]->proc.name, procref[i].name));
                found = true;
            }
        }
        assert_true(found);
    }
    assert_int_equal(modules, corsym_winpdb_module_count(l.pdb));
    /* One S_TOKENREF per managed method: the index has them all. */
    if (tokenrefs)
        assert_int_equal(tokenrefs, l.count);
    if (fx->managed_only) {
        assert_int_equal(matched, lines);
        /* ... and every point we read was printed by llvm-pdbutil. */
        unsigned ours = 0;
        for (uint32_t i = 0; i < l.count; i++)
            ours += l.methods[i]->point_count;
        assert_int_equal(ours, lines);
    } else {
        assert_true(matched > 0);
    }
    print_message("%s: %u modules, %u/%u lines, %u procs, %u tokens, %u slots\n", fx->name,
                  modules, matched, lines, procs, tokenrefs, slots);
    unload(&l);
}

static void test_fixture(void **state)
{
    if (!corpus_present())
        skip();
    check_fixture(*state);
}

int main(void)
{
    struct CMUnitTest tests[sizeof fixtures / sizeof *fixtures];
    for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++) {
        tests[i] = (struct CMUnitTest){ fixtures[i].name, test_fixture, NULL, NULL,
                                        (void *)&fixtures[i] };
    }
    return _cmocka_run_group_tests("winpdb_oracle", tests, sizeof tests / sizeof *tests, NULL,
                                   NULL);
}
