/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedDocument. Document objects are parts of their reader: made once, in one
 * block, with their reference counts kept by the reader, so each document has one stable
 * identity that a client may compare and hand back (GetOffset, GetRanges...). */
#include "com/reader_private.h"

struct sym_document {
    ISymUnmanagedDocument ISymUnmanagedDocument_iface;
    struct sym_reader *reader;
    uint32_t index;
};

struct sym_document_block {
    uint32_t count;
    struct sym_document documents[];
};

static const ISymUnmanagedDocumentVtbl document_vtbl;

static inline struct sym_document *impl_from_ISymUnmanagedDocument(ISymUnmanagedDocument *iface)
{
    return CONTAINING_RECORD(iface, struct sym_document, ISymUnmanagedDocument_iface);
}

HRESULT corsym_document_block_create(struct sym_reader *reader, uint32_t count,
                                     struct sym_document_block **out)
{
    size_t size;
    if (__builtin_mul_overflow((size_t)count, sizeof(struct sym_document), &size) ||
        __builtin_add_overflow(size, sizeof(struct sym_document_block), &size))
        return E_OUTOFMEMORY;
    struct sym_document_block *block = calloc(1, size);
    if (!block)
        return E_OUTOFMEMORY;
    block->count = count;
    for (uint32_t i = 0; i < count; i++) {
        block->documents[i].ISymUnmanagedDocument_iface.lpVtbl = &document_vtbl;
        block->documents[i].reader = reader;
        block->documents[i].index = i;
    }
    *out = block;
    return S_OK;
}

void corsym_document_block_free(struct sym_document_block *block)
{
    free(block);
}

ISymUnmanagedDocument *corsym_document_block_get(struct sym_document_block *block, uint32_t index)
{
    return &block->documents[index].ISymUnmanagedDocument_iface;
}

/* Pointer identity against our own block: no guessing from vtables. */
BOOL corsym_document_block_index(struct sym_document_block *block, ISymUnmanagedDocument *doc,
                                 uint32_t *index)
{
    uintptr_t p = (uintptr_t)doc, first = (uintptr_t)&block->documents[0];
    uintptr_t end = (uintptr_t)&block->documents[block->count];
    if (p < first || p >= end || (p - first) % sizeof(struct sym_document) != 0)
        return FALSE;
    *index = (uint32_t)((p - first) / sizeof(struct sym_document));
    return TRUE;
}

static const struct corsym_document *record(struct sym_document *This)
{
    struct corsym_symbols *symbols = corsym_reader_symbols(This->reader);
    const struct corsym_document *doc = NULL;
    /* The block exists only after the records were built, so this cannot fail. */
    symbols->ops->document(symbols, This->index, &doc);
    return doc;
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE document_QueryInterface(ISymUnmanagedDocument *iface, REFIID riid,
                                                         void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedDocument))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedDocument_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE document_AddRef(ISymUnmanagedDocument *iface)
{
    return corsym_reader_addref(impl_from_ISymUnmanagedDocument(iface)->reader);
}

static ULONG STDMETHODCALLTYPE document_Release(ISymUnmanagedDocument *iface)
{
    return corsym_reader_release(impl_from_ISymUnmanagedDocument(iface)->reader);
}

/*** ISymUnmanagedDocument methods ***/

static HRESULT STDMETHODCALLTYPE document_GetURL(ISymUnmanagedDocument *iface, ULONG32 cchUrl,
                                                 ULONG32 *pcchUrl, WCHAR szUrl[])
{
    const struct corsym_document *doc = record(impl_from_ISymUnmanagedDocument(iface));
    return corsym_copy_wstr(doc->url.chars, doc->url.length, cchUrl, pcchUrl, szUrl);
}

static HRESULT copy_guid(const uint8_t bytes[16], GUID *out)
{
    CORSYM_CHECK_OUT(out);
    memcpy(out, bytes, 16);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE document_GetDocumentType(ISymUnmanagedDocument *iface, GUID *pRetVal)
{
    return copy_guid(record(impl_from_ISymUnmanagedDocument(iface))->document_type, pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetLanguage(ISymUnmanagedDocument *iface, GUID *pRetVal)
{
    return copy_guid(record(impl_from_ISymUnmanagedDocument(iface))->language, pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetLanguageVendor(ISymUnmanagedDocument *iface,
                                                            GUID *pRetVal)
{
    return copy_guid(record(impl_from_ISymUnmanagedDocument(iface))->language_vendor, pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetCheckSumAlgorithmId(ISymUnmanagedDocument *iface,
                                                                 GUID *pRetVal)
{
    /* All zero when the document has no checksum. */
    return copy_guid(record(impl_from_ISymUnmanagedDocument(iface))->checksum_algorithm, pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetCheckSum(ISymUnmanagedDocument *iface, ULONG32 cData,
                                                      ULONG32 *pcData, BYTE data[])
{
    const struct corsym_document *doc = record(impl_from_ISymUnmanagedDocument(iface));
    if (!doc->checksum.size) {
        if (pcData)
            *pcData = 0;
        return S_FALSE;
    }
    return corsym_copy_bytes(doc->checksum.data, doc->checksum.size, cData, pcData, data);
}

/* The nearest line at or after `line` where some sequence point of this document starts. */
static HRESULT STDMETHODCALLTYPE document_FindClosestLine(ISymUnmanagedDocument *iface, ULONG32 line,
                                                          ULONG32 *pRetVal)
{
    struct sym_document *This = impl_from_ISymUnmanagedDocument(iface);
    struct corsym_symbols *symbols = corsym_reader_symbols(This->reader);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    const uint32_t *tokens;
    uint32_t count;
    corsym_status st = symbols->ops->methods_in_document(symbols, This->index, &tokens, &count);
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    uint32_t best = UINT32_MAX;
    for (uint32_t i = 0; i < count; i++) {
        struct corsym_method *m;
        if (symbols->ops->method(symbols, tokens[i], &m) != CORSYM_OK)
            continue;
        for (uint32_t p = 0; p < m->point_count; p++) {
            const struct corsym_sequence_point *sp = &m->points[p];
            if (sp->document == This->index && sp->start_line != CORSYM_HIDDEN_LINE &&
                sp->start_line >= line && sp->start_line < best)
                best = sp->start_line;
        }
        corsym_method_free(m);
    }
    if (best == UINT32_MAX)
        return E_FAIL;
    *pRetVal = best;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE document_HasEmbeddedSource(ISymUnmanagedDocument *iface,
                                                            BOOL *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = record(impl_from_ISymUnmanagedDocument(iface))->has_embedded_source;
    return S_OK;
}

static HRESULT embedded_source(struct sym_document *This, struct corsym_bytes *out)
{
    struct corsym_symbols *symbols = corsym_reader_symbols(This->reader);
    corsym_status st = symbols->ops->embedded_source(symbols, This->index, out);
    if (st == CORSYM_NOT_FOUND)
        return S_FALSE;
    return corsym_hresult_from_status(st);
}

static HRESULT STDMETHODCALLTYPE document_GetSourceLength(ISymUnmanagedDocument *iface,
                                                          ULONG32 *pRetVal)
{
    struct corsym_bytes source = { NULL, 0 };
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    HRESULT hr = embedded_source(impl_from_ISymUnmanagedDocument(iface), &source);
    if (hr == S_OK) {
        if (source.size > UINT32_MAX)
            return E_PDB_LIMIT;
        *pRetVal = (ULONG32)source.size;
    }
    return hr;
}

/* Like Microsoft's readers, only the whole document can be asked for: (0, 0, max, max). The
 * bytes are the embedded-source record as stored (its 4-byte format header included). */
static HRESULT STDMETHODCALLTYPE document_GetSourceRange(ISymUnmanagedDocument *iface,
                                                         ULONG32 startLine, ULONG32 startColumn,
                                                         ULONG32 endLine, ULONG32 endColumn,
                                                         ULONG32 cSourceBytes,
                                                         ULONG32 *pcSourceBytes, BYTE source[])
{
    struct corsym_bytes bytes = { NULL, 0 };
    if (pcSourceBytes)
        *pcSourceBytes = 0;
    if (startLine != 0 || startColumn != 0 || endLine < 0x7FFFFFFFu || endColumn < 0x7FFFFFFFu)
        return E_INVALIDARG;
    HRESULT hr = embedded_source(impl_from_ISymUnmanagedDocument(iface), &bytes);
    if (hr != S_OK)
        return hr;
    return corsym_copy_bytes(bytes.data, bytes.size, cSourceBytes, pcSourceBytes, source);
}

static const ISymUnmanagedDocumentVtbl document_vtbl = {
    /*** IUnknown methods ***/
    document_QueryInterface,
    document_AddRef,
    document_Release,
    /*** ISymUnmanagedDocument methods ***/
    document_GetURL,
    document_GetDocumentType,
    document_GetLanguage,
    document_GetLanguageVendor,
    document_GetCheckSumAlgorithmId,
    document_GetCheckSum,
    document_FindClosestLine,
    document_HasEmbeddedSource,
    document_GetSourceLength,
    document_GetSourceRange,
};
