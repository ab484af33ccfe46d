/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedDocument. Document objects are parts of their reader: made once, in one
 * block, with their reference counts kept by the reader, so each document has one stable
 * identity that a client may compare and hand back (GetOffset, GetRanges...).
 *
 * Edit and Continue adds documents: the block grows by segments that never move, so objects
 * handed out keep their identity. A document object stands for a document across versions
 * and answers from the reader's current symbols (the latest generation that carries its
 * path), as Microsoft's reader's GetDocument does after an update.
 *
 * ReplaceSymbolStore starts a new block; the old one is pinned to the symbols it described,
 * so documents handed out before keep answering what they answered. */
#include <stddef.h>

#include "base/sort.h"
#include "com/reader_private.h"
#include "platform/mutex.h"

struct sym_document {
    ISymUnmanagedDocument ISymUnmanagedDocument_iface;
    struct sym_reader *reader;
    struct sym_document_block *block;
    uint32_t index;
};

struct sym_document_segment {
    struct sym_document_segment *volatile next;
    uint32_t first, count;
    struct sym_document documents[];
};

struct sym_document_block {
    struct sym_reader *reader;
    corsym_mutex lock; /* serialises growth */
    struct sym_document_segment *head, *tail;
    uint32_t total;    /* read without the lock: published after the segment */
    struct corsym_symbols *volatile pinned; /* set when replaced; else the reader's current */
};

static const ISymUnmanagedDocumentVtbl document_vtbl;

static inline struct sym_document *impl_from_ISymUnmanagedDocument(ISymUnmanagedDocument *iface)
{
    return CONTAINING_RECORD(iface, struct sym_document, ISymUnmanagedDocument_iface);
}

static struct sym_document_segment *segment_new(struct sym_document_block *block, uint32_t first,
                                                uint32_t count)
{
    size_t size;
    if (__builtin_mul_overflow((size_t)count, sizeof(struct sym_document), &size) ||
        __builtin_add_overflow(size, sizeof(struct sym_document_segment), &size))
        return NULL;
    struct sym_document_segment *segment = calloc(1, size);
    if (!segment)
        return NULL;
    segment->first = first;
    segment->count = count;
    for (uint32_t i = 0; i < count; i++) {
        segment->documents[i].ISymUnmanagedDocument_iface.lpVtbl = &document_vtbl;
        segment->documents[i].reader = block->reader;
        segment->documents[i].block = block;
        segment->documents[i].index = first + i;
    }
    return segment;
}

HRESULT corsym_document_block_create(struct sym_reader *reader, uint32_t count,
                                     struct sym_document_block **out)
{
    struct sym_document_block *block = calloc(1, sizeof(*block));
    if (!block)
        return E_OUTOFMEMORY;
    block->reader = reader;
    block->head = block->tail = segment_new(block, 0, count);
    if (!block->head) {
        free(block);
        return E_OUTOFMEMORY;
    }
    block->total = count;
    corsym_mutex_init(&block->lock);
    *out = block;
    return S_OK;
}

void corsym_document_block_free(struct sym_document_block *block)
{
    if (!block)
        return;
    struct sym_document_segment *segment = block->head;
    while (segment) {
        struct sym_document_segment *next = segment->next;
        free(segment);
        segment = next;
    }
    corsym_mutex_destroy(&block->lock);
    free(block);
}

static struct corsym_symbols *block_symbols(struct sym_document_block *block)
{
    struct corsym_symbols *pinned = __atomic_load_n(&block->pinned, __ATOMIC_ACQUIRE);
    return pinned ? pinned : corsym_reader_symbols(block->reader);
}

void corsym_document_block_pin(struct sym_document_block *block, struct corsym_symbols *symbols)
{
    __atomic_store_n(&block->pinned, symbols, __ATOMIC_RELEASE);
}

/* NULL when the index is beyond the block's symbols, or when the block had to grow (an update
 * added documents) and could not. */
ISymUnmanagedDocument *corsym_document_block_get(struct sym_document_block *block, uint32_t index)
{
    if (index >= __atomic_load_n(&block->total, __ATOMIC_ACQUIRE)) {
        corsym_mutex_lock(&block->lock);
        struct corsym_symbols *symbols = block_symbols(block);
        uint32_t total = block->total, wanted = symbols ? symbols->document_count : 0;
        if (index >= total && index < wanted) {
            struct sym_document_segment *segment = segment_new(block, total, wanted - total);
            if (segment) {
                __atomic_store_n(&block->tail->next, segment, __ATOMIC_RELEASE);
                block->tail = segment;
                __atomic_store_n(&block->total, wanted, __ATOMIC_RELEASE);
            }
        }
        corsym_mutex_unlock(&block->lock);
    }
    for (struct sym_document_segment *segment = block->head; segment;
         segment = __atomic_load_n(&segment->next, __ATOMIC_ACQUIRE)) {
        if (index - segment->first < segment->count && index >= segment->first)
            return &segment->documents[index - segment->first].ISymUnmanagedDocument_iface;
    }
    return NULL;
}

/* Pointer identity against our own segments: no guessing from vtables. */
BOOL corsym_document_block_index(struct sym_document_block *block, ISymUnmanagedDocument *doc,
                                 uint32_t *index)
{
    uintptr_t p = (uintptr_t)doc;
    for (struct sym_document_segment *segment = block->head; segment;
         segment = __atomic_load_n(&segment->next, __ATOMIC_ACQUIRE)) {
        uintptr_t first = (uintptr_t)&segment->documents[0];
        uintptr_t end = (uintptr_t)&segment->documents[segment->count];
        if (p < first || p >= end || (p - first) % sizeof(struct sym_document) != 0)
            continue;
        *index = segment->first + (uint32_t)((p - first) / sizeof(struct sym_document));
        return TRUE;
    }
    return FALSE;
}

/* Microsoft's readers stop answering checksums once the symbols were updated: the
 * document may have changed since the checksum was taken (SymDocument.GetChecksum). */
static BOOL updated(struct sym_document *This)
{
    struct corsym_symbols *symbols = block_symbols(This->block);
    return symbols->version_count > 1;
}

/* The document's record. A document is handed out only once its record was built
 * (corsym_reader_document), but an update may since have moved the document to a newer row
 * whose record is built now and can fail (a name over the limit, say): that failure is the
 * getter's answer. */
static HRESULT record(struct sym_document *This, const struct corsym_document **out)
{
    struct corsym_symbols *symbols = block_symbols(This->block);
    *out = NULL;
    return corsym_hresult_from_status(symbols->ops->document(symbols, This->index, out));
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

void corsym_document_addref_many(ISymUnmanagedDocument *iface, uint32_t count)
{
    /* Documents hold no count of their own: each reference is one on the reader. */
    if (count)
        corsym_reader_addref_many(impl_from_ISymUnmanagedDocument(iface)->reader, count);
}

static ULONG STDMETHODCALLTYPE document_Release(ISymUnmanagedDocument *iface)
{
    return corsym_reader_release(impl_from_ISymUnmanagedDocument(iface)->reader);
}

/*** ISymUnmanagedDocument methods ***/

static HRESULT STDMETHODCALLTYPE document_GetURL(ISymUnmanagedDocument *iface, ULONG32 cchUrl,
                                                 ULONG32 *pcchUrl, WCHAR szUrl[])
{
    const struct corsym_document *doc;
    HRESULT hr = record(impl_from_ISymUnmanagedDocument(iface), &doc);
    if (FAILED(hr)) {
        if (pcchUrl)
            *pcchUrl = 0;
        return hr;
    }
    return corsym_copy_wstr(doc->url.chars, doc->url.length, cchUrl, pcchUrl, szUrl);
}

/* One of the record's GUIDs, at `offset` in it. */
static HRESULT copy_guid(struct sym_document *This, size_t offset, GUID *out)
{
    CORSYM_CHECK_OUT(out);
    const struct corsym_document *doc;
    HRESULT hr = record(This, &doc);
    if (FAILED(hr)) {
        memset(out, 0, sizeof(*out));
        return hr;
    }
    memcpy(out, (const uint8_t *)doc + offset, 16);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE document_GetDocumentType(ISymUnmanagedDocument *iface, GUID *pRetVal)
{
    return copy_guid(impl_from_ISymUnmanagedDocument(iface),
                     offsetof(struct corsym_document, document_type), pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetLanguage(ISymUnmanagedDocument *iface, GUID *pRetVal)
{
    return copy_guid(impl_from_ISymUnmanagedDocument(iface),
                     offsetof(struct corsym_document, language), pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetLanguageVendor(ISymUnmanagedDocument *iface,
                                                            GUID *pRetVal)
{
    return copy_guid(impl_from_ISymUnmanagedDocument(iface),
                     offsetof(struct corsym_document, language_vendor), pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetCheckSumAlgorithmId(ISymUnmanagedDocument *iface,
                                                                 GUID *pRetVal)
{
    struct sym_document *This = impl_from_ISymUnmanagedDocument(iface);
    CORSYM_CHECK_OUT(pRetVal);
    if (updated(This)) {
        memset(pRetVal, 0, sizeof(*pRetVal));
        return S_FALSE;
    }
    /* All zero when the document has no checksum. */
    return copy_guid(This, offsetof(struct corsym_document, checksum_algorithm), pRetVal);
}

static HRESULT STDMETHODCALLTYPE document_GetCheckSum(ISymUnmanagedDocument *iface, ULONG32 cData,
                                                      ULONG32 *pcData, BYTE data[])
{
    struct sym_document *This = impl_from_ISymUnmanagedDocument(iface);
    const struct corsym_document *doc;
    HRESULT hr = record(This, &doc);
    if (FAILED(hr)) {
        if (pcData)
            *pcData = 0;
        return hr;
    }
    if (!doc->checksum.size || updated(This)) {
        if (pcData)
            *pcData = 0;
        return S_FALSE;
    }
    return corsym_copy_bytes(doc->checksum.data, doc->checksum.size, cData, pcData, data);
}

/* Microsoft's reader looks for the line in partitions of the document's method extents
 * (MethodExtents.cs): sorted by first line, each extent goes to the first partition whose
 * last extent ends before it starts, so a partition holds extents that do not overlap. */
static int compare_first_line(const void *a, const void *b)
{
    const struct corsym_method_extent *x = a, *y = b;
    if (x->first_line != y->first_line)
        return x->first_line < y->first_line ? -1 : 1;
    return x->token < y->token ? -1 : x->token > y->token;
}

/* The nearest line at or after `line` where a sequence point of this document starts, as
 * SymDocument.FindClosestLine finds it: in each partition only the extent that contains the
 * line, or else the first one after it, is searched, with the points of the method's latest
 * version and its line deltas. */
static HRESULT STDMETHODCALLTYPE document_FindClosestLine(ISymUnmanagedDocument *iface, ULONG32 line,
                                                          ULONG32 *pRetVal)
{
    struct sym_document *This = impl_from_ISymUnmanagedDocument(iface);
    struct corsym_symbols *symbols = block_symbols(This->block);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    if (symbols->ops->closest_line) {
        uint32_t found;
        corsym_status st = symbols->ops->closest_line(symbols, This->index, line, &found);
        if (st == CORSYM_NOT_FOUND)
            return E_FAIL;
        if (st != CORSYM_OK)
            return corsym_hresult_from_status(st);
        *pRetVal = found;
        return S_OK;
    }
    struct corsym_method_extent *extents;
    uint32_t count;
    corsym_status st = symbols->ops->document_extents(symbols, This->index, &extents, &count);
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    uint32_t used = 0;
    for (uint32_t i = 0; i < count; i++)
        if (extents[i].first_line <= extents[i].last_line) /* all hidden: no line to find */
            extents[used++] = extents[i];
    corsym_sort(extents, used, sizeof(*extents), compare_first_line);
    /* partition[i]: the partition of extent i; last[p]: the last line of partition p. */
    uint32_t *partition = malloc((used ? used : 1) * sizeof(uint32_t));
    int32_t *last = malloc((used ? used : 1) * sizeof(int32_t));
    uint32_t partitions = 0;
    HRESULT hr = partition && last ? S_OK : E_OUTOFMEMORY;
    for (uint32_t i = 0; SUCCEEDED(hr) && i < used; i++) {
        uint32_t p = 0;
        while (p < partitions && extents[i].first_line <= last[p])
            p++;
        if (p == partitions)
            partitions++;
        last[p] = extents[i].last_line;
        partition[i] = p;
    }
    int32_t target = (int32_t)line, best = INT32_MAX;
    for (uint32_t p = 0; SUCCEEDED(hr) && p < partitions; p++) {
        /* Extents of a partition end in increasing order: the first that ends at or after
         * the line is the one that contains it or else the closest one after it. */
        uint32_t i = 0;
        while (i < used && (partition[i] != p || extents[i].last_line < target))
            i++;
        if (i == used || extents[i].first_line >= best)
            continue;
        struct corsym_method *m;
        if (symbols->ops->method(symbols, extents[i].token, &m) != CORSYM_OK)
            continue;
        struct corsym_line_deltas d = { 0, NULL, 0 };
        if (symbols->ops->line_deltas(symbols, extents[i].token, &d) != CORSYM_OK)
            memset(&d, 0, sizeof(d));
        for (uint32_t k = 0; k < m->point_count; k++) {
            const struct corsym_sequence_point *sp = &m->points[k];
            if (sp->document != This->index || sp->start_line == CORSYM_HIDDEN_LINE)
                continue;
            int32_t start = (int32_t)(sp->start_line + (uint32_t)corsym_line_deltas_at(&d, k));
            if (start >= target && start < best)
                best = start;
        }
        corsym_method_free(m);
    }
    free(partition);
    free(last);
    free(extents);
    if (FAILED(hr))
        return hr;
    if (best == INT32_MAX)
        return E_FAIL;
    *pRetVal = (ULONG32)best;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE document_HasEmbeddedSource(ISymUnmanagedDocument *iface,
                                                            BOOL *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = FALSE;
    const struct corsym_document *doc;
    HRESULT hr = record(impl_from_ISymUnmanagedDocument(iface), &doc);
    if (FAILED(hr))
        return hr;
    *pRetVal = doc->has_embedded_source;
    return S_OK;
}

static HRESULT embedded_source(struct sym_document *This, struct corsym_bytes *out)
{
    struct corsym_symbols *symbols = block_symbols(This->block);
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
    if (FAILED(hr))
        return hr;
    if (source.size > UINT32_MAX)
        return E_PDB_LIMIT;
    *pRetVal = (ULONG32)source.size; /* 0 and S_OK without embedded source, as Microsoft's */
    return S_OK;
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
    struct sym_document *This = impl_from_ISymUnmanagedDocument(iface);
    HRESULT hr = embedded_source(This, &bytes);
    if (hr == S_FALSE) {
        const struct corsym_document *doc;
        HRESULT found = record(This, &doc);
        if (FAILED(found))
            return found;
        if (doc->no_source_record)
            return E_FAIL; /* Microsoft's DLL: nothing at all is known of this file's source */
    }
    if (hr != S_OK)
        return hr;
    if (cSourceBytes == 0)
        return S_OK; /* GetSourceLength gives the size; Microsoft's reader answers 0 here */
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
