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
