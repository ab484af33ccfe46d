/*
 * The document table. Documents are whatever the modules' FILECHKSMS
 * subsections name (research §9: "Documents themselves are enumerated from
 * FILECHKSMS entries"); their GUIDs, checksum and embedded source come from
 * the /src/files/<canonical name> stream that /src/headerblock indexes.
 */
#include "base/sort.h"
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

struct seen {
    uint32_t ni;
    uint32_t order;        /* first-seen position */
    uint8_t kind;
    size_t checksum_at;    /* in the checksum buffer */
    size_t checksum_len;
};

struct entry {
    struct corsym_winpdb_document doc;
    struct corsym_msf_bytes files;
};

struct ni_index {
    uint32_t ni, index;
};

struct corsym_winpdb_documents {
    struct entry *entries;
    uint32_t count;
    struct ni_index *by_ni; /* sorted by ni, for lookups */
    uint8_t *checksums;    /* FILECHKSMS bytes copied out of the modules */
};

static corsym_status collect_module(const struct corsym_winpdb *pdb, uint32_t m,
                                    struct corsym_buf *seen, struct corsym_buf *sums)
{
    struct corsym_winpdb_module mod;
    corsym_status st = corsym_winpdb_module_load(pdb, m, &mod);
    if (st == CORSYM_NOT_FOUND || st == CORSYM_E_UNSUPPORTED)
        return CORSYM_OK;
    CORSYM_TRY(st);
    struct corsym_c13_iter it;
    struct corsym_c13_subsection sub;
    corsym_c13_begin(&it, mod.c13);
    while ((st = corsym_c13_next(&it, &sub)) == CORSYM_OK) {
        if (sub.kind != CORSYM_DEBUG_S_FILECHKSMS)
            continue;
        struct corsym_c13_files_iter fi;
        struct corsym_c13_file f;
        corsym_c13_files_begin(&fi, sub.data);
        while ((st = corsym_c13_files_next(&fi, &f)) == CORSYM_OK) {
            struct seen s = { f.name_ni, (uint32_t)(seen->len / sizeof s), f.checksum_kind,
                              sums->len, f.checksum.len };
            if ((st = corsym_buf_append(sums, f.checksum.data, f.checksum.len)) ||
                (st = corsym_buf_append(seen, &s, sizeof s)))
                break;
        }
        if (st != CORSYM_NOT_FOUND)
            break;
    }
    corsym_winpdb_module_release(&mod);
    return st == CORSYM_NOT_FOUND ? CORSYM_OK : st;
}

static int by_ni_then_order(const void *a, const void *b)
{
    const struct seen *x = a, *y = b;
    if (x->ni != y->ni)
        return x->ni < y->ni ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

static int by_order(const void *a, const void *b)
{
    const struct seen *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* MS's canonical document name: lower case, forward slashes turned back. */
static corsym_status canonical(struct corsym_span name, struct corsym_buf *out)
{
    corsym_buf_clear(out);
    CORSYM_TRY(corsym_buf_append(out, name.data, name.len));
    for (size_t i = 0; i < out->len; i++) {
        uint8_t ch = out->data[i];
        if (ch >= 'A' && ch <= 'Z')
            out->data[i] = (uint8_t)(ch + 32);
        else if (ch == '/')
            out->data[i] = '\\';
    }
    return CORSYM_OK;
}

/* The /src/headerblock entry of a document, NOT_FOUND if none. */
static corsym_status find_header(const struct corsym_winpdb *pdb,
                                 const struct corsym_winpdb_src_headers *hdrs, uint32_t ni,
                                 struct corsym_buf *canon, struct corsym_winpdb_src_header *out)
{
    uint32_t canon_ni;
    corsym_status st = corsym_winpdb_string_find(pdb, (const char *)canon->data, canon->len,
                                                 &canon_ni);
    if (st == CORSYM_OK) {
        st = corsym_winpdb_src_header_find(hdrs, canon_ni, out);
        if (st != CORSYM_NOT_FOUND)
            return st;
    } else if (st != CORSYM_NOT_FOUND && st != CORSYM_E_UNSUPPORTED) {
        return st;
    }
    /* A case-variant URL whose canonical form our ASCII folding missed. */
    for (uint32_t i = 0; i < corsym_winpdb_src_headers_count(hdrs); i++) {
        CORSYM_TRY(corsym_winpdb_src_header_at(hdrs, i, out));
        if (out->file_ni == ni)
            return CORSYM_OK;
    }
    return CORSYM_NOT_FOUND;
}

static corsym_status attach_source_info(const struct corsym_winpdb *pdb,
                                        const struct corsym_winpdb_src_headers *hdrs,
                                        struct entry *e, struct corsym_buf *canon,
                                        struct corsym_buf *stream_name)
{
    static const char prefix[] = "/src/files/";
    CORSYM_TRY(canonical(e->doc.name, canon));
    corsym_buf_clear(stream_name);
    CORSYM_TRY(corsym_buf_append(stream_name, prefix, sizeof prefix - 1));

    struct corsym_winpdb_src_header hdr;
    corsym_status st = hdrs ? find_header(pdb, hdrs, e->doc.name_ni, canon, &hdr)
                            : CORSYM_NOT_FOUND;
    if (st == CORSYM_OK) {
        struct corsym_span virt;
        CORSYM_TRY(corsym_winpdb_string(pdb, hdr.virtual_ni, &virt));
        CORSYM_TRY(corsym_buf_append(stream_name, virt.data, virt.len));
    } else if (st == CORSYM_NOT_FOUND) {
        CORSYM_TRY(corsym_buf_append(stream_name, canon->data, canon->len));
    } else {
        return st;
    }

    uint32_t stream;
    st = corsym_winpdb_named_stream(pdb, (const char *)stream_name->data, stream_name->len,
                                    &stream);
    if (st == CORSYM_NOT_FOUND)
        return CORSYM_OK;
    CORSYM_TRY(st);
    CORSYM_TRY(corsym_msf_load_stream(pdb->msf, stream, &e->files));
    struct corsym_winpdb_src_file f;
    CORSYM_TRY(corsym_winpdb_src_file_parse(e->files.span, &f));
    e->doc.has_source_info = true;
    e->doc.files_stream = stream;
    memcpy(e->doc.language, f.language, 16);
    memcpy(e->doc.language_vendor, f.language_vendor, 16);
    memcpy(e->doc.document_type, f.document_type, 16);
    memcpy(e->doc.checksum_algorithm, f.checksum_algorithm, 16);
    e->doc.checksum = f.checksum;
    e->doc.embedded_source = f.source;
    return CORSYM_OK;
}

static int compare_ni(const void *a, const void *b)
{
    const struct ni_index *x = a, *y = b;
    return x->ni < y->ni ? -1 : x->ni > y->ni;
}

static void sort_by_ni(struct corsym_winpdb_documents *docs)
{
    for (uint32_t i = 0; i < docs->count; i++) {
        docs->by_ni[i].ni = docs->entries[i].doc.name_ni;
        docs->by_ni[i].index = i;
    }
    if (docs->count)
        corsym_sort(docs->by_ni, docs->count, sizeof *docs->by_ni, compare_ni);
}

static corsym_status build(const struct corsym_winpdb *pdb, struct corsym_winpdb_documents *docs,
                           struct corsym_buf *seen, struct corsym_buf *sums)
{
    for (uint32_t m = 0; m < corsym_winpdb_module_count(pdb); m++)
        CORSYM_TRY(collect_module(pdb, m, seen, sums));

    size_t n = seen->len / sizeof(struct seen);
    struct seen *s = (struct seen *)(void *)seen->data;
    if (n) {
        corsym_sort(s, n, sizeof *s, by_ni_then_order);
        size_t kept = 0;
        for (size_t i = 0; i < n; i++)
            if (kept == 0 || s[kept - 1].ni != s[i].ni)
                s[kept++] = s[i];
        n = kept;
        corsym_sort(s, n, sizeof *s, by_order);
    }

    docs->entries = calloc(n ? n : 1, sizeof *docs->entries);
    docs->by_ni = calloc(n ? n : 1, sizeof *docs->by_ni);
    if (!docs->entries || !docs->by_ni)
        return CORSYM_E_NOMEM;
    docs->checksums = corsym_buf_detach(sums, NULL);

    struct corsym_winpdb_src_headers *hdrs = NULL;
    corsym_status st = corsym_winpdb_src_headers_load(pdb, &hdrs);
    if (st != CORSYM_OK && st != CORSYM_NOT_FOUND)
        return st;
    struct corsym_buf canon = CORSYM_BUF_INIT, stream_name = CORSYM_BUF_INIT;
    st = CORSYM_OK;
    for (size_t i = 0; st == CORSYM_OK && i < n; i++) {
        struct entry *e = &docs->entries[i];
        docs->count = (uint32_t)(i + 1);
        e->doc.name_ni = s[i].ni;
        e->doc.files_stream = CORSYM_WINPDB_NO_STREAM;
        e->doc.c13_checksum_kind = s[i].kind;
        e->doc.c13_checksum = corsym_span_make(docs->checksums ? docs->checksums + s[i].checksum_at
                                                               : NULL,
                                               s[i].checksum_len);
        if ((st = corsym_winpdb_string(pdb, s[i].ni, &e->doc.name)) == CORSYM_OK)
            st = attach_source_info(pdb, hdrs, e, &canon, &stream_name);
    }
    corsym_buf_free(&canon);
    corsym_buf_free(&stream_name);
    corsym_winpdb_src_headers_free(hdrs);
    if (st == CORSYM_OK)
        sort_by_ni(docs);
    return st;
}

corsym_status corsym_winpdb_documents_build(const struct corsym_winpdb *pdb,
                                            struct corsym_winpdb_documents **out)
{
    *out = NULL;
    struct corsym_winpdb_documents *docs = calloc(1, sizeof *docs);
    if (!docs)
        return CORSYM_E_NOMEM;
    struct corsym_buf seen = CORSYM_BUF_INIT, sums = CORSYM_BUF_INIT;
    corsym_status st = build(pdb, docs, &seen, &sums);
    corsym_buf_free(&seen);
    corsym_buf_free(&sums);
    if (st) {
        corsym_winpdb_documents_free(docs);
        return st;
    }
    *out = docs;
    return CORSYM_OK;
}

void corsym_winpdb_documents_free(struct corsym_winpdb_documents *docs)
{
    if (!docs)
        return;
    for (uint32_t i = 0; i < docs->count; i++)
        corsym_msf_bytes_release(&docs->entries[i].files);
    free(docs->entries);
    free(docs->by_ni);
    free(docs->checksums);
    free(docs);
}

uint32_t corsym_winpdb_documents_count(const struct corsym_winpdb_documents *docs)
{
    return docs->count;
}

const struct corsym_winpdb_document *corsym_winpdb_document_at(
    const struct corsym_winpdb_documents *docs, uint32_t i)
{
    return i < docs->count ? &docs->entries[i].doc : NULL;
}

corsym_status corsym_winpdb_documents_find(const struct corsym_winpdb_documents *docs,
                                           uint32_t name_ni, uint32_t *index)
{
    size_t lo = 0, hi = docs->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (docs->by_ni[mid].ni < name_ni)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == docs->count || docs->by_ni[lo].ni != name_ni)
        return CORSYM_NOT_FOUND;
    *index = docs->by_ni[lo].index;
    return CORSYM_OK;
}
