/* SPDX-License-Identifier: MIT */
#include "symbols.h"

#include <stdlib.h>
#include <string.h>

#include "portable/ecma335.h"
#include "tree.h"

char *cli_document_url(ISymUnmanagedDocument *doc)
{
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedDocument_GetURL(doc, 0, &n, NULL)) || n == 0)
        return cli_xstrndup("", 0);
    WCHAR *buf = cli_xmalloc((n + 1) * sizeof(WCHAR));
    if (FAILED(ISymUnmanagedDocument_GetURL(doc, n, &n, buf)))
        n = 0;
    size_t len = 0;
    while (len < n && buf[len])
        len++;
    char *url = cli_narrow(buf, len);
    free(buf);
    return url;
}

/* qsort has no context argument: the list being sorted is set here first (the command is
 * single-threaded). */
static const struct cli_documents *sorting;

static int by_name(const void *a, const void *b)
{
    ULONG32 x = *(const ULONG32 *)a, y = *(const ULONG32 *)b;
    int c = strcmp(sorting->names[x], sorting->names[y]);
    return c ? c : (x > y) - (x < y);
}

static int by_object(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)sorting->items[*(const ULONG32 *)a];
    uintptr_t y = (uintptr_t)sorting->items[*(const ULONG32 *)b];
    return (x > y) - (x < y);
}

static void index_documents(struct cli_documents *docs)
{
    ULONG32 n = docs->count;
    docs->by_name = cli_xmalloc((n ? n : 1) * sizeof(*docs->by_name));
    docs->by_object = cli_xmalloc((n ? n : 1) * sizeof(*docs->by_object));
    for (ULONG32 i = 0; i < n; i++)
        docs->by_name[i] = docs->by_object[i] = i;
    sorting = docs;
    qsort(docs->by_name, n, sizeof(*docs->by_name), by_name);
    qsort(docs->by_object, n, sizeof(*docs->by_object), by_object);
    sorting = NULL;
}

ULONG32 cli_documents_named(const struct cli_documents *docs, const char *name,
                            const ULONG32 **positions)
{
    size_t lo = 0, hi = docs->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(docs->names[docs->by_name[mid]], name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t end = lo;
    while (end < docs->count && strcmp(docs->names[docs->by_name[end]], name) == 0)
        end++;
    *positions = docs->by_name + lo;
    return (ULONG32)(end - lo);
}

long cli_documents_position(const struct cli_documents *docs, ISymUnmanagedDocument *doc)
{
    size_t lo = 0, hi = docs->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if ((uintptr_t)docs->items[docs->by_object[mid]] < (uintptr_t)doc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < docs->count && docs->items[docs->by_object[lo]] == doc)
        return (long)docs->by_object[lo];
    return -1;
}

HRESULT cli_documents_load(ISymUnmanagedReader *reader, struct cli_documents *docs)
{
    memset(docs, 0, sizeof(*docs));
    ULONG32 n = 0;
    HRESULT hr = ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL);
    if (FAILED(hr))
        return hr;
    docs->items = cli_xmalloc((n ? n : 1) * sizeof(*docs->items));
    if (n && FAILED(hr = ISymUnmanagedReader_GetDocuments(reader, n, &n, docs->items))) {
        free(docs->items);
        docs->items = NULL;
        return hr;
    }
    docs->count = n;
    docs->names = cli_xmalloc((n ? n : 1) * sizeof(*docs->names));
    for (ULONG32 i = 0; i < n; i++)
        docs->names[i] = cli_document_url(docs->items[i]);
    index_documents(docs);
    return S_OK;
}

void cli_documents_free(struct cli_documents *docs)
{
    for (ULONG32 i = 0; i < docs->count; i++) {
        ISymUnmanagedDocument_Release(docs->items[i]);
        free(docs->names[i]);
    }
    free(docs->items);
    free(docs->names);
    free(docs->by_name);
    free(docs->by_object);
    memset(docs, 0, sizeof(*docs));
}

static uint32_t *range(uint32_t rows, size_t *count)
{
    uint32_t *t = cli_xmalloc((rows ? rows : 1) * sizeof(*t));
    for (uint32_t i = 0; i < rows; i++)
        t[i] = 0x06000001u + i;
    *count = rows;
    return t;
}

uint32_t *cli_method_tokens(ISymUnmanagedReader *reader, const struct cli_documents *docs,
                            uint32_t method_rows, const uint8_t *portable, size_t portable_size,
                            size_t *count)
{
    if (method_rows)
        return range(method_rows, count);
    if (portable) {
        /* MethodDebugInformation has exactly one row per MethodDef. */
        struct corsym_md md;
        if (corsym_md_open(&md, corsym_span_make(portable, portable_size)) == CORSYM_OK)
            return range(corsym_md_rows(&md, CORSYM_TBL_METHOD_DEBUG_INFORMATION), count);
    }
    ISymUnmanagedReader2 *r2 = NULL;
    uint32_t highest = 0;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2, (void **)&r2))) {
        for (ULONG32 d = 0; d < docs->count; d++) {
            ULONG32 n = 0;
            if (FAILED(ISymUnmanagedReader2_GetMethodsInDocument(r2, docs->items[d], 0, &n, NULL)) || !n)
                continue;
            ISymUnmanagedMethod **methods = cli_xmalloc(n * sizeof(*methods));
            if (SUCCEEDED(ISymUnmanagedReader2_GetMethodsInDocument(r2, docs->items[d], n, &n, methods))) {
                for (ULONG32 i = 0; i < n; i++) {
                    mdMethodDef token = 0;
                    if (SUCCEEDED(ISymUnmanagedMethod_GetToken(methods[i], &token)) &&
                        (token >> 24) == 0x06 && (token & 0xFFFFFF) > highest)
                        highest = token & 0xFFFFFF;
                    ISymUnmanagedMethod_Release(methods[i]);
                }
            }
            free(methods);
        }
        ISymUnmanagedReader2_Release(r2);
    }
    /* Methods without lines (an async kickoff with only a scope) may lie beyond the last
     * one with lines; a run of 1024 rows without symbols ends the probe. */
    size_t cap = 64, n = 0;
    uint32_t *tokens = cli_xmalloc(cap * sizeof(*tokens));
    for (uint32_t rid = 1, misses = 0; rid <= 0xFFFFFF && (rid <= highest || misses < 1024); rid++) {
        ISymUnmanagedMethod *m = NULL;
        if (SUCCEEDED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &m)) && m) {
            ISymUnmanagedMethod_Release(m);
            if (n == cap)
                tokens = cli_xrealloc(tokens, (cap *= 2) * sizeof(*tokens));
            tokens[n++] = 0x06000000u | rid;
            misses = 0;
        } else {
            misses++;
        }
    }
    *count = n; /* ascending: probed in order */
    return tokens;
}
