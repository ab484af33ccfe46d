/*
 * Seed extractor for the blob-level fuzz targets: pulls real blobs out of
 * PDBs and PE files and writes them, framed as the targets expect, to
 *   OUT/ppdb_blobs/  sequence points, constant and local signatures, imports,
 *                    document names, CDI values (see ppdb_blobs_fuzzer.c)
 *   OUT/md2/         S_OEM payloads of Windows PDB methods (MD2, asyncMethodInfo)
 * Usage: fuzz_extract_seeds OUT FILE...   (e.g. OUT = tests/fuzz/corpora)
 * Files are named by a hash of their content, so reruns and duplicate blobs
 * add nothing; at most PER_KIND new seeds per kind and input file keep the
 * committed corpus small. Not a test: run by hand when the corpus is refreshed.
 */
#define _POSIX_C_SOURCE 200809L

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/local_signature.h"
#include "pe/pe.h"
#include "portable/ppdb_emit_private.h"
#include "portable/ppdb_private.h"
#include "winpdb/winpdb.h"

#define PER_KIND 6
#define MAX_BLOB 8192

static const char *out_root;
static unsigned written;

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ull;
    return h;
}

/* Writes prefix + a + b as OUT/dir/kind-HASH unless present; true if written. */
static int emit(const char *dir, const char *kind, const uint8_t *prefix, size_t prefix_len,
                struct corsym_span a, struct corsym_span b)
{
    size_t n = prefix_len + a.len + b.len;
    uint8_t *buf = malloc(n ? n : 1);
    if (!buf)
        return 0;
    if (prefix_len)
        memcpy(buf, prefix, prefix_len);
    if (a.len)
        memcpy(buf + prefix_len, a.data, a.len);
    if (b.len)
        memcpy(buf + prefix_len + a.len, b.data, b.len);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", out_root, dir);
    mkdir(path, 0777);
    snprintf(path, sizeof path, "%s/%s/%s-%016llx", out_root, dir, kind,
             (unsigned long long)fnv1a(buf, n));
    struct stat st;
    int wrote = 0;
    if (stat(path, &st) != 0) {
        FILE *f = fopen(path, "wb");
        if (f) {
            wrote = fwrite(buf, 1, n, f) == n;
            wrote &= fclose(f) == 0;
            written += (unsigned)wrote;
        }
    }
    free(buf);
    return wrote;
}

static const struct corsym_span none = { NULL, 0 };

/*
 * Imports and document-name blobs point into the #Blob heap, which the seed has to carry.
 * Rather than the PDB's whole heap, each seed gets a heap of just the blobs it references
 * (index 0 stays the empty blob), and the blob is re-encoded with the new indices.
 */
struct mini {
    struct corsym_buf blob, heap;
};

/* A fresh heap entry holding part, its new index appended to the blob. */
static corsym_status mini_span(struct mini *m, struct corsym_span part)
{
    if (part.len == 0)
        return corsym_emit_cuint(&m->blob, 0);
    CORSYM_TRY(corsym_emit_cuint(&m->blob, (uint32_t)m->heap.len));
    CORSYM_TRY(corsym_emit_cuint(&m->heap, (uint32_t)part.len));
    return corsym_buf_append(&m->heap, part.data, part.len);
}

static corsym_status mini_ref(struct mini *m, const struct corsym_md *md, uint32_t index)
{
    struct corsym_span part;
    CORSYM_TRY(corsym_md_blob(md, index, &part));
    return mini_span(m, part);
}

static corsym_status mini_docname(struct mini *m, const struct corsym_md *md, struct corsym_span name)
{
    struct corsym_cursor c;
    uint8_t sep;
    uint32_t index;
    corsym_cursor_from_span(&c, name);
    CORSYM_TRY(corsym_cursor_u8(&c, &sep));
    CORSYM_TRY(corsym_buf_append_u8(&m->blob, sep));
    while (!corsym_cursor_at_end(&c)) {
        CORSYM_TRY(corsym_cursor_cuint(&c, &index));
        CORSYM_TRY(mini_ref(m, md, index));
    }
    return CORSYM_OK;
}

static corsym_status mini_imports(struct mini *m, const struct corsym_ppdb *pdb, struct corsym_span imports)
{
    struct corsym_ppdb_imports_iter it;
    struct corsym_ppdb_import imp;
    corsym_status st;
    corsym_ppdb_imports_begin(&it, pdb, imports);
    while ((st = corsym_ppdb_imports_next(&it, &imp)) == CORSYM_OK) {
        /* Field order on disk: alias, assembly, namespace or type. */
        CORSYM_TRY(corsym_emit_cuint(&m->blob, imp.kind));
        if (imp.has_alias)
            CORSYM_TRY(mini_span(m, imp.alias));
        if (imp.has_assembly)
            CORSYM_TRY(corsym_emit_cuint(&m->blob, imp.assembly_ref));
        if (imp.has_namespace)
            CORSYM_TRY(mini_span(m, imp.target_namespace));
        if (imp.has_type) {
            /* TypeDefOrRefOrSpecEncoded: rid << 2 | tag (TypeDef 0, TypeRef 1, TypeSpec 2). */
            unsigned table = imp.target_type >> 24;
            uint32_t tag = table == CORSYM_TBL_TYPE_DEF ? 0 : table == CORSYM_TBL_TYPE_REF ? 1 : 2;
            CORSYM_TRY(corsym_emit_cuint(&m->blob, (imp.target_type & 0xFFFFFFu) << 2 | tag));
        }
    }
    return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
}

static int emit_mini(const char *kind, uint8_t selector, const struct mini *m)
{
    if (m->blob.len > 0xFFFF)
        return 0;
    uint8_t pre[3] = { selector, (uint8_t)m->blob.len, (uint8_t)(m->blob.len >> 8) };
    return emit("ppdb_blobs", kind, pre, 3, corsym_span_make(m->blob.data, m->blob.len),
                corsym_span_make(m->heap.data, m->heap.len));
}

static void mini_init(struct mini *m)
{
    corsym_buf_init(&m->blob);
    corsym_buf_init(&m->heap);
    (void)corsym_buf_append_u8(&m->heap, 0); /* index 0: the empty blob */
}

static void mini_free(struct mini *m)
{
    corsym_buf_free(&m->blob);
    corsym_buf_free(&m->heap);
}

static void portable_seeds(const struct corsym_ppdb *pdb)
{
    unsigned k;
    uint8_t pre[3];

    k = 0;
    uint32_t docs = corsym_ppdb_rows(pdb, CORSYM_TBL_DOCUMENT);
    for (uint32_t rid = 1; k < PER_KIND && rid <= corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION); rid++) {
        struct corsym_ppdb_method_debug m;
        if (corsym_ppdb_method_debug(pdb, rid, &m) != CORSYM_OK || !m.has_sequence_points)
            continue;
        pre[0] = 0;
        pre[1] = (uint8_t)((m.document == 0) | (docs < 128 ? docs << 1 : 0));
        k += emit("ppdb_blobs", "seqpts", pre, 2, m.sequence_points, none);
    }

    k = 0;
    for (uint32_t rid = 1; k < PER_KIND && rid <= corsym_ppdb_rows(pdb, CORSYM_TBL_LOCAL_CONSTANT); rid++) {
        struct corsym_ppdb_local_constant c;
        if (corsym_ppdb_local_constant(pdb, rid, &c) != CORSYM_OK)
            continue;
        pre[0] = 1;
        k += emit("ppdb_blobs", "constant", pre, 1, c.signature, none);
    }

    const struct corsym_md *md = corsym_ppdb_md(pdb);
    k = 0;
    for (uint32_t rid = 1; k < PER_KIND && rid <= corsym_ppdb_rows(pdb, CORSYM_TBL_IMPORT_SCOPE); rid++) {
        struct corsym_ppdb_import_scope s;
        struct mini m;
        mini_init(&m);
        if (corsym_ppdb_import_scope(pdb, rid, &s) == CORSYM_OK &&
            mini_imports(&m, pdb, s.imports) == CORSYM_OK)
            k += emit_mini("imports", 3, &m);
        mini_free(&m);
    }
    k = 0;
    for (uint32_t rid = 1; k < PER_KIND && rid <= docs; rid++) {
        struct corsym_ppdb_document d;
        struct mini m;
        mini_init(&m);
        if (corsym_ppdb_document(pdb, rid, &d) == CORSYM_OK && d.name_blob.len &&
            mini_docname(&m, md, d.name_blob) == CORSYM_OK)
            k += emit_mini("docname", 4, &m);
        mini_free(&m);
    }

    unsigned per_cdi[CORSYM_CDI_KIND_COUNT] = { 0 };
    for (uint32_t rid = 1; rid <= corsym_ppdb_rows(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION); rid++) {
        struct corsym_ppdb_cdi c;
        if (corsym_ppdb_cdi(pdb, rid, &c) != CORSYM_OK)
            continue;
        enum corsym_cdi_kind kind = corsym_cdi_kind_from_guid(c.kind);
        if (kind == CORSYM_CDI_UNKNOWN || per_cdi[kind] >= PER_KIND || c.value.len > MAX_BLOB)
            continue;
        pre[0] = 5;
        pre[1] = (uint8_t)kind;
        per_cdi[kind] += emit("ppdb_blobs", "cdi", pre, 2, c.value, none);
    }
}

/* LocalVarSig blobs live in the module's StandAloneSig table, not in the PDB. */
static void pe_seeds(const uint8_t *data, size_t len)
{
    struct corsym_pe pe;
    struct corsym_md md;
    if (corsym_pe_open(&pe, data, len) != CORSYM_OK || corsym_pe_metadata_open(&pe, &md) != CORSYM_OK)
        return;
    unsigned k = 0;
    uint8_t pre[1] = { 2 };
    for (uint32_t rid = 1; k < PER_KIND && rid <= corsym_md_rows(&md, CORSYM_TBL_STAND_ALONE_SIG); rid++) {
        uint32_t index;
        struct corsym_span sig;
        if (corsym_md_get(&md, CORSYM_TBL_STAND_ALONE_SIG, rid, 0, &index) != CORSYM_OK ||
            corsym_md_blob(&md, index, &sig) != CORSYM_OK || sig.len == 0 || sig.data[0] != 0x07)
            continue; /* 0x07: LOCAL_SIG; the table also holds method signatures */
        k += emit("ppdb_blobs", "locals", pre, 1, sig, none);
    }
}

static void windows_seeds(const struct corsym_winpdb *pdb)
{
    struct corsym_winpdb_index *idx;
    if (corsym_winpdb_index_build(pdb, &idx) != CORSYM_OK)
        return;
    unsigned md2 = 0, async = 0, other = 0;
    for (uint32_t i = 0; i < corsym_winpdb_index_count(idx); i++) {
        struct corsym_winpdb_method_ref ref;
        struct corsym_winpdb_method *m;
        if (corsym_winpdb_index_at(idx, i, &ref) != CORSYM_OK ||
            corsym_winpdb_method_load_ref(pdb, &ref, &m) != CORSYM_OK)
            continue;
        for (uint32_t o = 0; o < m->oem_count; o++) {
            /* The OEM name is UTF-16LE; its ASCII form names the seed. */
            char name[32];
            size_t n = 0;
            const struct corsym_span *u = &m->oems[o].name_utf16;
            for (size_t c = 0; c + 1 < u->len && n + 1 < sizeof name; c += 2)
                if (u->data[c + 1] == 0 && isalnum(u->data[c]))
                    name[n++] = (char)u->data[c];
            name[n] = 0;
            unsigned *count = strcmp(name, "MD2") == 0 ? &md2
                              : strcmp(name, "asyncMethodInfo") == 0 ? &async : &other;
            if (*count < PER_KIND * 2)
                *count += emit("md2", n ? name : "oem", NULL, 0, m->oems[o].data, none);
        }
        corsym_winpdb_method_free(m);
    }
    corsym_winpdb_index_free(idx);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s OUT FILE...\n", argv[0]);
        return 2;
    }
    out_root = argv[1];
    mkdir(out_root, 0777);
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "cannot open %s\n", argv[i]);
            return 1;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
        if (!data || (n > 0 && fread(data, 1, (size_t)n, f) != (size_t)n)) {
            fprintf(stderr, "cannot read %s\n", argv[i]);
            return 1;
        }
        fclose(f);
        struct corsym_ppdb *ppdb;
        struct corsym_winpdb *wpdb;
        if (corsym_ppdb_open(&ppdb, data, (size_t)n) == CORSYM_OK) {
            portable_seeds(ppdb);
            corsym_ppdb_close(ppdb);
        } else if (corsym_winpdb_open(&wpdb, data, (size_t)n) == CORSYM_OK) {
            windows_seeds(wpdb);
            corsym_winpdb_close(wpdb);
        } else {
            pe_seeds(data, (size_t)n);
        }
        free(data);
    }
    printf("%u new seed(s)\n", written);
    return 0;
}
