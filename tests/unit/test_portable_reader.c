/*
 * The reader's lookups (scopes of a method, scope nesting, kickoff method,
 * CDI by parent and kind, document by name, methods of a document), checked
 * against facts parsed from the oracle's dumps (tests/oracle/expected), so
 * the expectations come from System.Reflection.Metadata, not from us.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "portable/portable.h"

static uint8_t *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(n > 0 ? (size_t)n + 1 : 1);
    if (p && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p)
        p[n > 0 ? n : 0] = 0;
    *len = (size_t)(n > 0 ? n : 0);
    return p;
}

#define MAXR 20000

struct facts {
    uint32_t scope_method[MAXR], scope_start[MAXR];
    uint64_t scope_end[MAXR];
    uint32_t scopes;
    uint32_t sm_move_next[MAXR], sm_kickoff[MAXR], sms;
    uint32_t cdi_parent[MAXR], cdis;
    char *cdi_kind[MAXR], *cdi_value[MAXR];
    char *doc_name[MAXR];
    uint32_t docs;
    /* (method, document) pairs of non-hidden points, in dump order. */
    uint32_t pair_method[MAXR * 4], pair_doc[MAXR * 4], pairs;
    uint32_t mdi_listed[MAXR];
};

static struct facts *parse(const char *text)
{
    struct facts *f = calloc(1, sizeof *f);
    char *copy = strdup(text), *save = NULL;
    uint32_t method = 0;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        unsigned a, b, c;
        unsigned long long e;
        char kind[64], value[70000], name[4096];
        if (sscanf(line, "scope %u method=0x%x il=%u-%llu", &a, &b, &c, &e) == 4 && a < MAXR) {
            f->scope_method[a] = b & 0xFFFFFF;
            f->scope_start[a] = c;
            f->scope_end[a] = e;
            f->scopes = a;
        } else if (sscanf(line, "scope %u method=0 il=%u-%llu", &a, &c, &e) == 3 && a < MAXR) {
            f->scope_method[a] = 0;
            f->scopes = a;
        } else if (sscanf(line, "statemachine %u movenext=0x%x kickoff=0x%x", &a, &b, &c) == 3 && a < MAXR) {
            f->sm_move_next[a] = b & 0xFFFFFF;
            f->sm_kickoff[a] = c & 0xFFFFFF;
            f->sms = a;
        } else if (sscanf(line, "cdi %u parent=0x%x kind=%63s name=%*s value=%69999s", &a, &b, kind, value) == 4 &&
                   a < MAXR) {
            f->cdi_parent[a] = b;
            f->cdi_kind[a] = strdup(kind);
            f->cdi_value[a] = strdup(value);
            f->cdis = a;
        } else if (sscanf(line, "document %u name=\"%4095[^\"]\"", &a, name) == 2 && a < MAXR) {
            f->doc_name[a] = strdup(name);
            f->docs = a;
        } else if (sscanf(line, "method 0x%x", &b) == 1) {
            method = b & 0xFFFFFF;
            if (method < MAXR)
                f->mdi_listed[method] = 1;
        } else if (sscanf(line, "  sp il=%u doc=%u %u:", &a, &b, &c) == 3 && f->pairs < MAXR * 4) {
            f->pair_method[f->pairs] = method;
            f->pair_doc[f->pairs] = b;
            f->pairs++;
        }
    }
    free(copy);
    return f;
}

static void free_facts(struct facts *f)
{
    for (uint32_t i = 0; i < MAXR; i++) {
        free(f->cdi_kind[i]);
        free(f->cdi_value[i]);
        free(f->doc_name[i]);
    }
    free(f);
}

struct loaded {
    uint8_t *bytes;
    struct corsym_ppdb *pdb;
    struct facts *facts;
};

static bool load(struct loaded *l, const char *pdb_path, const char *expected_path)
{
    size_t len, tlen;
    l->bytes = read_file(pdb_path, &len);
    char *text = (char *)read_file(expected_path, &tlen);
    if (!l->bytes || !text) {
        free(l->bytes);
        free(text);
        return false;
    }
    assert_int_equal(corsym_ppdb_open(&l->pdb, l->bytes, len), CORSYM_OK);
    l->facts = parse(text);
    free(text);
    return true;
}

static void unload(struct loaded *l)
{
    corsym_ppdb_close(l->pdb);
    free(l->bytes);
    free_facts(l->facts);
}

static void check_scopes(const struct corsym_ppdb *pdb, const struct facts *f)
{
    for (uint32_t r = 1; r <= f->scopes; r++) {
        uint32_t m = f->scope_method[r];
        uint32_t first, end;
        assert_int_equal(corsym_ppdb_method_scopes(pdb, m, &first, &end), CORSYM_OK);
        assert_true(first <= r && r < end);
        for (uint32_t k = first; k < end; k++)
            assert_int_equal(f->scope_method[k], m);
        assert_true(first == 1 || f->scope_method[first - 1] != m);
        assert_true(end > f->scopes || f->scope_method[end] != m);

        struct corsym_ppdb_scope_tree tree;
        assert_int_equal(corsym_ppdb_scope_tree_build(pdb, m, &tree), CORSYM_OK);
        assert_int_equal(tree.count, end - first);
        /* Parent: the nearest earlier scope of the method that contains r. */
        uint32_t i = r - first, want = CORSYM_PPDB_NO_NODE;
        for (uint32_t k = r; k-- > first;) {
            if (f->scope_start[k] <= f->scope_start[r] && f->scope_end[r] <= f->scope_end[k]) {
                want = k - first;
                break;
            }
        }
        assert_int_equal(tree.nodes[i].rid, r);
        assert_int_equal(tree.nodes[i].parent, want);
        /* r is reachable as a child of its parent. */
        if (want != CORSYM_PPDB_NO_NODE) {
            uint32_t c = tree.nodes[want].first_child;
            while (c != CORSYM_PPDB_NO_NODE && c != i)
                c = tree.nodes[c].next_sibling;
            assert_int_equal(c, i);
        }
        corsym_ppdb_scope_tree_free(&tree);
    }
    uint32_t first, end;
    assert_int_equal(corsym_ppdb_method_scopes(pdb, 0, &first, &end), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_ppdb_method_scopes(pdb, 0xFFFFFF, &first, &end), CORSYM_NOT_FOUND);
}

static void check_state_machines(const struct corsym_ppdb *pdb, const struct facts *f)
{
    for (uint32_t r = 1; r <= f->sms; r++) {
        uint32_t kickoff;
        assert_int_equal(corsym_ppdb_kickoff_method(pdb, f->sm_move_next[r], &kickoff), CORSYM_OK);
        assert_int_equal(kickoff, f->sm_kickoff[r]);
    }
    uint32_t k;
    assert_int_equal(corsym_ppdb_kickoff_method(pdb, 0, &k), CORSYM_NOT_FOUND);
}

static uint8_t hexval(char c)
{
    return (uint8_t)(c <= '9' ? c - '0' : c - 'a' + 10);
}

/* GUID text "D" format to stored bytes. */
static void parse_guid(const char *s, uint8_t g[16])
{
    uint8_t raw[16];
    size_t n = 0;
    for (size_t i = 0; s[i] && n < 16; i++) {
        if (s[i] == '-')
            continue;
        raw[n++] = (uint8_t)(hexval(s[i]) << 4 | hexval(s[i + 1]));
        i++;
    }
    static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
    for (int i = 0; i < 16; i++)
        g[order[i]] = raw[i];
}

static void check_cdis(const struct corsym_ppdb *pdb, const struct facts *f)
{
    for (uint32_t r = 1; r <= f->cdis; r++) {
        uint32_t parent = f->cdi_parent[r];
        uint32_t first, end;
        assert_int_equal(corsym_ppdb_cdi_range(pdb, parent >> 24, parent & 0xFFFFFF, &first, &end), CORSYM_OK);
        assert_true(first <= r && r < end);
        for (uint32_t k = first; k < end; k++)
            assert_int_equal(f->cdi_parent[k], parent);
        /* cdi_find returns the first row of that parent and kind. */
        uint32_t want = first;
        while (strcmp(f->cdi_kind[want], f->cdi_kind[r]) != 0)
            want++;
        uint8_t kind[16];
        parse_guid(f->cdi_kind[r], kind);
        struct corsym_span value;
        assert_int_equal(corsym_ppdb_cdi_find(pdb, parent >> 24, parent & 0xFFFFFF, kind, &value), CORSYM_OK);
        struct corsym_buf hex = CORSYM_BUF_INIT;
        assert_int_equal(corsym_text_hex(&hex, value.data, value.len), CORSYM_OK);
        const char *expect = f->cdi_value[want];
        assert_string_equal(hex.len ? (char *)hex.data : "", strcmp(expect, "-") == 0 ? "" : expect);
        corsym_buf_free(&hex);
    }
    uint32_t first, end;
    static const uint8_t zero[16];
    struct corsym_span v;
    assert_int_equal(corsym_ppdb_cdi_range(pdb, CORSYM_TBL_METHOD_DEF, 0xFFFFFF, &first, &end), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_ppdb_cdi_find(pdb, CORSYM_TBL_MODULE, 1, zero, &v), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_ppdb_cdi_range(pdb, CORSYM_TBL_ENC_LOG, 1, &first, &end), CORSYM_E_INVALID_ARG);
}

static void check_documents(const struct corsym_ppdb *pdb, const struct facts *f)
{
    for (uint32_t r = 1; r <= f->docs; r++) {
        const char *name = f->doc_name[r];
        if (!name || strchr(name, '\\'))
            continue; /* escaped text; not worth unescaping here */
        uint32_t rid;
        assert_int_equal(corsym_ppdb_find_document(pdb, name, strlen(name), &rid), CORSYM_OK);
        uint32_t first = r;
        for (uint32_t k = 1; k < r; k++)
            if (f->doc_name[k] && strcmp(f->doc_name[k], name) == 0) {
                first = k;
                break;
            }
        assert_int_equal(rid, first);
        struct corsym_buf b = CORSYM_BUF_INIT;
        assert_int_equal(corsym_ppdb_document_name(pdb, r, &b), CORSYM_OK);
        assert_int_equal(b.len, strlen(name));
        corsym_buf_free(&b);
    }
    uint32_t rid;
    assert_int_equal(corsym_ppdb_find_document(pdb, "no such file", 12, &rid), CORSYM_NOT_FOUND);
}

static void check_doc_index(const struct corsym_ppdb *pdb, const struct facts *f)
{
    struct corsym_ppdb_doc_index *idx;
    assert_int_equal(corsym_ppdb_doc_index_build(pdb, &idx), CORSYM_OK);
    uint32_t docs = corsym_ppdb_rows(pdb, CORSYM_TBL_DOCUMENT);
    uint8_t *has = calloc((size_t)(docs + 1) * MAXR, 1);
    for (uint32_t p = 0; p < f->pairs; p++)
        if (f->pair_doc[p] <= docs && f->pair_method[p] < MAXR)
            has[(size_t)f->pair_doc[p] * MAXR + f->pair_method[p]] = 1;
    for (uint32_t d = 1; d <= docs; d++) {
        const uint32_t *methods;
        size_t n;
        corsym_ppdb_doc_index_methods(idx, d, &methods, &n);
        /* Expected: ascending distinct methods having a non-hidden point in d. */
        size_t k = 0;
        for (uint32_t m = 1; m < MAXR; m++) {
            if (!has[(size_t)d * MAXR + m])
                continue;
            assert_true(k < n);
            assert_int_equal(methods[k], m);
            k++;
        }
        assert_int_equal(k, n);
    }
    free(has);
    const uint32_t *methods;
    size_t n;
    corsym_ppdb_doc_index_methods(idx, 0, &methods, &n);
    assert_int_equal(n, 0);
    corsym_ppdb_doc_index_methods(idx, docs + 1, &methods, &n);
    assert_int_equal(n, 0);
    corsym_ppdb_doc_index_free(idx);
}

static void check_method_rows(const struct corsym_ppdb *pdb, const struct facts *f)
{
    uint32_t rows = corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
    for (uint32_t m = 1; m <= rows && m < MAXR; m++) {
        struct corsym_ppdb_method_debug mdi;
        assert_int_equal(corsym_ppdb_method_debug(pdb, m, &mdi), CORSYM_OK);
        if (!f->mdi_listed[m]) {
            assert_int_equal(mdi.document, 0);
            assert_false(mdi.has_sequence_points);
        }
    }
    struct corsym_ppdb_method_debug mdi;
    assert_int_equal(corsym_ppdb_method_debug(pdb, rows + 1, &mdi), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_ppdb_method_debug(pdb, 0, &mdi), CORSYM_NOT_FOUND);
}

static void check_file(const char *pdb_path, const char *expected_path)
{
    struct loaded l;
    if (!load(&l, pdb_path, expected_path)) {
        skip();
        return;
    }
    check_scopes(l.pdb, l.facts);
    check_state_machines(l.pdb, l.facts);
    check_cdis(l.pdb, l.facts);
    check_documents(l.pdb, l.facts);
    check_doc_index(l.pdb, l.facts);
    check_method_rows(l.pdb, l.facts);
    unload(&l);
}

static void test_app(void **state)
{
    (void)state;
    check_file(CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb",
               CORSYM_SOURCE_DIR "/tests/oracle/expected/fixtures/App.pdb.txt");
}

static void test_vb_app(void **state)
{
    (void)state;
    check_file(CORSYM_SOURCE_DIR "/tests/fixtures/portable/VbApp.pdb",
               CORSYM_SOURCE_DIR "/tests/oracle/expected/fixtures/VbApp.pdb.txt");
}

static void test_cecil(void **state)
{
    (void)state;
    check_file(CORSYM_CORPUS_DIR "/cecil/portable/cecil.pdb",
               CORSYM_SOURCE_DIR "/tests/oracle/expected/cecil/portable/cecil.pdb.txt");
}

static void test_header_accessors(void **state)
{
    (void)state;
    size_t len;
    uint8_t *bytes = read_file(CORSYM_SOURCE_DIR "/tests/fixtures/portable/App.pdb", &len);
    if (!bytes) {
        skip();
        return;
    }
    struct corsym_ppdb *pdb;
    assert_int_equal(corsym_ppdb_open(&pdb, bytes, len), CORSYM_OK);
    /* From the oracle: pdb id=0c96cc18..., entry=0x0600001b, 06:79 */
    uint8_t id[20];
    corsym_ppdb_id(pdb, id);
    assert_int_equal(id[0], 0x0c);
    assert_int_equal(id[19], 0x99);
    assert_int_equal(corsym_ppdb_entry_point(pdb), 0x0600001b);
    assert_int_equal(corsym_ppdb_type_system_rows(pdb, CORSYM_TBL_METHOD_DEF), 79);
    assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_DOCUMENT), 15);
    /* The id bytes are where corsym_ppdb_id_offset says. */
    assert_memory_equal(bytes + corsym_ppdb_id_offset(pdb), id, 20);
    assert_int_equal(corsym_ppdb_bytes(pdb).len, len);
    struct corsym_ppdb_document d;
    assert_int_equal(corsym_ppdb_document(pdb, 16, &d), CORSYM_NOT_FOUND);
    corsym_ppdb_close(pdb);
    assert_int_equal(corsym_ppdb_open(&pdb, NULL, 5), CORSYM_E_INVALID_ARG);
    free(bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_app),
        cmocka_unit_test(test_vb_app),
        cmocka_unit_test(test_cecil),
        cmocka_unit_test(test_header_accessors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
