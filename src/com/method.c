/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedMethod2 with ISymUnmanagedAsyncMethod and ISymENCUnmanagedMethod on the same
 * object. A method object owns its materialised symbols and holds its reader.
 *
 * Edit and Continue: an object keeps the version of the method it was made for (later
 * deltas do not change its body), but the line deltas it reports are those the reader holds
 * at the time of each call: UpdateMethodLines and UpdateSymbolStore2 move the lines of every
 * version of a method, objects already handed out included, as Microsoft's SymMethod does
 * (it reads them at each call; EncTests.SequencePoints4). */
#include <string.h>

#include "base/checked.h"
#include "com/reader_private.h"

struct sym_method {
    ISymUnmanagedMethod2 ISymUnmanagedMethod2_iface;
    ISymUnmanagedAsyncMethod ISymUnmanagedAsyncMethod_iface;
    ISymENCUnmanagedMethod ISymENCUnmanagedMethod_iface;
    uint32_t refcount;
    struct sym_reader *reader;
    uint32_t generation; /* of the reader's symbols: documents come from it */
    struct corsym_method *data;
    void *children[CORSYM_CHILD_KINDS]; /* corsym_method_child: in this allocation */
    uint32_t child_count[CORSYM_CHILD_KINDS];
};

static const ISymUnmanagedMethod2Vtbl method_vtbl;
static const ISymUnmanagedAsyncMethodVtbl async_method_vtbl;
static const ISymENCUnmanagedMethodVtbl enc_method_vtbl;

static inline struct sym_method *impl_from_ISymUnmanagedMethod2(ISymUnmanagedMethod2 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_method, ISymUnmanagedMethod2_iface);
}
static inline struct sym_method *impl_from_ISymUnmanagedAsyncMethod(ISymUnmanagedAsyncMethod *iface)
{
    return CONTAINING_RECORD(iface, struct sym_method, ISymUnmanagedAsyncMethod_iface);
}
static inline struct sym_method *impl_from_ISymENCUnmanagedMethod(ISymENCUnmanagedMethod *iface)
{
    return CONTAINING_RECORD(iface, struct sym_method, ISymENCUnmanagedMethod_iface);
}

static const struct corsym_child_class *const child_classes[CORSYM_CHILD_KINDS] = {
    &corsym_scope_class, &corsym_variable_class, &corsym_constant_class, &corsym_namespace_class,
};

/* Room for n objects of a child class from `*size` on, rounded up to keep the next run
 * aligned for pointers; false on overflow. */
static bool reserve_children(size_t *size, size_t object_size, uint32_t n)
{
    size_t bytes, end;
    if (!corsym_checked_mul(object_size, n, &bytes) || !corsym_checked_add(*size, bytes, &end) ||
        !corsym_checked_add(end, 15, &end))
        return false;
    *size = end & ~(size_t)15;
    return true;
}

HRESULT corsym_method_new(struct sym_reader *reader, struct corsym_symbols *symbols,
                          struct corsym_method *data, struct sym_method **out)
{
    *out = NULL;
    /* The child objects are made with the method, in its allocation: a walk asks for most of
     * them, and one malloc per method is cheaper than one per kind (each one set up costs a
     * few stores). */
    uint32_t counts[CORSYM_CHILD_KINDS] = {
        data->scope_count ? data->scope_count : 1, /* the root, even when there are no scopes */
        data->local_count, data->constant_count, data->namespace_count,
    };
    size_t offsets[CORSYM_CHILD_KINDS], size = (sizeof(struct sym_method) + 15) & ~(size_t)15;
    bool fits = true;
    for (unsigned k = 0; k < CORSYM_CHILD_KINDS && fits; k++) {
        offsets[k] = size;
        fits = reserve_children(&size, child_classes[k]->size, counts[k]);
    }
    /* malloc, not calloc: glibc's calloc bypasses its thread cache (base/zalloc.h). */
    struct sym_method *This = fits ? malloc(size) : NULL;
    if (!This) {
        corsym_method_free(data);
        return E_OUTOFMEMORY;
    }
    memset(This, 0, sizeof(*This));
    This->ISymUnmanagedMethod2_iface.lpVtbl = &method_vtbl;
    This->ISymUnmanagedAsyncMethod_iface.lpVtbl = &async_method_vtbl;
    This->ISymENCUnmanagedMethod_iface.lpVtbl = &enc_method_vtbl;
    This->refcount = 1;
    This->reader = reader;
    This->generation = corsym_reader_generation_of(reader, symbols);
    This->data = data;
    for (unsigned k = 0; k < CORSYM_CHILD_KINDS; k++) {
        This->children[k] = (char *)This + offsets[k];
        This->child_count[k] = counts[k];
        child_classes[k]->init(This->children[k], This, counts[k]);
    }
    /* No module lock of its own: the reader it holds keeps one. */
    corsym_reader_addref(reader);
    *out = This;
    return S_OK;
}

HRESULT corsym_method_create(struct sym_reader *reader, struct corsym_symbols *symbols,
                             struct corsym_method *data, ISymUnmanagedMethod **out)
{
    struct sym_method *This;
    *out = NULL;
    HRESULT hr = corsym_method_new(reader, symbols, data, &This);
    if (SUCCEEDED(hr))
        *out = (ISymUnmanagedMethod *)&This->ISymUnmanagedMethod2_iface;
    return hr;
}

ULONG corsym_method_addref(struct sym_method *method)
{
    return corsym_atomic_inc(&method->refcount);
}

ULONG corsym_method_release(struct sym_method *method)
{
    ULONG ref = corsym_atomic_dec(&method->refcount);
    if (ref == 0) {
        corsym_method_free(method->data);
        corsym_reader_release(method->reader);
        free(method);
    }
    return ref;
}

void *corsym_method_child(struct sym_method *method, enum corsym_method_child kind,
                          uint32_t index)
{
    if (index >= method->child_count[kind])
        return NULL;
    corsym_method_addref(method);
    return (char *)method->children[kind] + (size_t)index * child_classes[kind]->size;
}

const struct corsym_method *corsym_method_data(struct sym_method *method)
{
    return method->data;
}

/* Declared in reader.c, which calls it; reader_private.h is the better home. */

/* For GetMethodVersion (reader.c): only a method object of that reader has a version there,
 * as in Microsoft's reader (SymReader.AsSymMethod). */
HRESULT corsym_method_version(struct sym_reader *reader, ISymUnmanagedMethod *method,
                              int *version)
{
    if (!method || (const void *)method->lpVtbl != (const void *)&method_vtbl)
        return E_INVALIDARG;
    struct sym_method *This = impl_from_ISymUnmanagedMethod2((ISymUnmanagedMethod2 *)method);
    if (This->reader != reader)
        return E_INVALIDARG;
    *version = This->data->version ? (int)This->data->version : 1;
    return S_OK;
}

struct sym_reader *corsym_method_reader(struct sym_method *method)
{
    return method->reader;
}

ISymUnmanagedMethod *corsym_method_object(struct sym_method *method)
{
    corsym_method_addref(method);
    return (ISymUnmanagedMethod *)&method->ISymUnmanagedMethod2_iface;
}

uint32_t corsym_scope_at_offset(const struct corsym_method *data, uint32_t offset)
{
    /* Scopes are in pre-order, so the last one that contains the offset is the innermost. */
    uint32_t found = 0;
    for (uint32_t i = 1; i < data->scope_count; i++) {
        const struct corsym_scope *s = &data->scopes[i];
        if (offset >= s->start_offset && offset < s->end_offset)
            found = i;
    }
    return found;
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE method_QueryInterface(ISymUnmanagedMethod2 *iface, REFIID riid,
                                                       void **ppv)
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISymUnmanagedMethod) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedMethod2))
        *ppv = &This->ISymUnmanagedMethod2_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedAsyncMethod))
        *ppv = &This->ISymUnmanagedAsyncMethod_iface;
    else if (IsEqualGUID(riid, &IID_ISymENCUnmanagedMethod))
        *ppv = &This->ISymENCUnmanagedMethod_iface;
    else
        return E_NOINTERFACE;
    corsym_method_addref(This);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE method_AddRef(ISymUnmanagedMethod2 *iface)
{
    return corsym_method_addref(impl_from_ISymUnmanagedMethod2(iface));
}

static ULONG STDMETHODCALLTYPE method_Release(ISymUnmanagedMethod2 *iface)
{
    return corsym_method_release(impl_from_ISymUnmanagedMethod2(iface));
}

/*** ISymUnmanagedMethod methods ***/

static HRESULT STDMETHODCALLTYPE method_GetToken(ISymUnmanagedMethod2 *iface, mdMethodDef *pToken)
{
    CORSYM_CHECK_OUT(pToken);
    *pToken = impl_from_ISymUnmanagedMethod2(iface)->data->token;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE method_GetSequencePointCount(ISymUnmanagedMethod2 *iface,
                                                              ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = impl_from_ISymUnmanagedMethod2(iface)->data->point_count;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE method_GetRootScope(ISymUnmanagedMethod2 *iface,
                                                     ISymUnmanagedScope **pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    return corsym_scope_create(impl_from_ISymUnmanagedMethod2(iface), 0, pRetVal);
}

/* Microsoft's portable reader answers NULL here; the innermost scope is what a debugger
 * asks for, and the PDB has it, so it is what we answer (as Microsoft's DLL does). */
static HRESULT STDMETHODCALLTYPE method_GetScopeFromOffset(ISymUnmanagedMethod2 *iface,
                                                           ULONG32 offset,
                                                           ISymUnmanagedScope **pRetVal)
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    CORSYM_CHECK_OUT(pRetVal);
    return corsym_scope_create(This, corsym_scope_at_offset(This->data, offset), pRetVal);
}

/* The line deltas in force for this method now; none when the reader holds none. They
 * live as long as the reader's symbols, which outlive every call on this object. */
static struct corsym_line_deltas current_deltas(struct sym_method *This)
{
    struct corsym_line_deltas d = { 0, NULL, 0 };
    struct corsym_symbols *symbols = corsym_reader_symbols_of(This->reader, This->generation);
    if (symbols && symbols->ops->line_deltas &&
        symbols->ops->line_deltas(symbols, This->data->token, &d) != CORSYM_OK)
        memset(&d, 0, sizeof(d));
    return d;
}

static BOOL is_hidden(const struct corsym_sequence_point *sp)
{
    return sp->start_line == CORSYM_HIDDEN_LINE;
}

/* Lines of point i with the deltas applied. Microsoft's reader keeps lines in ints and adds
 * deltas unchecked, so the sums wrap; callers compare them as signed. */
static uint32_t start_line_of(const struct corsym_method *data,
                              const struct corsym_line_deltas *d, uint32_t i)
{
    const struct corsym_sequence_point *sp = &data->points[i];
    return is_hidden(sp) ? sp->start_line
                         : sp->start_line + (uint32_t)corsym_line_deltas_at(d, i);
}

static uint32_t end_line_of(const struct corsym_method *data, const struct corsym_line_deltas *d,
                            uint32_t i)
{
    const struct corsym_sequence_point *sp = &data->points[i];
    return is_hidden(sp) ? sp->end_line : sp->end_line + (uint32_t)corsym_line_deltas_at(d, i);
}

static BOOL point_on_line(const struct corsym_method *data, const struct corsym_line_deltas *d,
                          uint32_t i, uint32_t doc, uint32_t line)
{
    const struct corsym_sequence_point *sp = &data->points[i];
    return sp->document == doc && !is_hidden(sp) &&
           (int32_t)start_line_of(data, d, i) <= (int32_t)line &&
           (int32_t)line <= (int32_t)end_line_of(data, d, i);
}

/* The column is ignored, as in Microsoft's portable reader. */
static HRESULT STDMETHODCALLTYPE method_GetOffset(ISymUnmanagedMethod2 *iface,
                                                  ISymUnmanagedDocument *document, ULONG32 line,
                                                  ULONG32 column, ULONG32 *pRetVal)
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    uint32_t doc;
    (void)column;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    if ((int32_t)line <= 0) /* an int there: a line past INT32_MAX is negative */
        return E_INVALIDARG;
    HRESULT hr = corsym_reader_document_index_of(This->reader, This->generation, document, &doc);
    if (FAILED(hr))
        return hr;
    struct corsym_line_deltas d = current_deltas(This);
    for (uint32_t i = 0; i < This->data->point_count; i++) {
        if (point_on_line(This->data, &d, i, doc, line)) {
            *pRetVal = This->data->points[i].offset;
            return S_OK;
        }
    }
    return E_FAIL;
}

static uint32_t range_end(const struct corsym_method *data, uint32_t i)
{
    return i + 1 < data->point_count ? data->points[i + 1].offset : data->il_size_hint;
}

static HRESULT STDMETHODCALLTYPE method_GetRanges(ISymUnmanagedMethod2 *iface,
                                                  ISymUnmanagedDocument *document, ULONG32 line,
                                                  ULONG32 column, ULONG32 cRanges,
                                                  ULONG32 *pcRanges, ULONG32 ranges[])
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    const struct corsym_method *data = This->data;
    uint32_t doc, matching = 0;
    (void)column;
    if (pcRanges)
        *pcRanges = 0;
    if ((int32_t)line <= 0)
        return E_INVALIDARG;
    HRESULT hr = corsym_reader_document_index_of(This->reader, This->generation, document, &doc);
    if (FAILED(hr))
        return hr;
    struct corsym_line_deltas d = current_deltas(This);
    for (uint32_t i = 0; i < data->point_count; i++)
        matching += point_on_line(data, &d, i, doc, line);
    size_t fill, filled = 0;
    hr = corsym_array_begin((size_t)matching * 2, cRanges, pcRanges, ranges, &fill);
    /* Microsoft's portable reader reports the whole count even when the buffer takes fewer. */
    if (SUCCEEDED(hr) && pcRanges)
        *pcRanges = matching * 2;
    for (uint32_t i = 0; SUCCEEDED(hr) && i < data->point_count && filled < fill; i++) {
        if (!point_on_line(data, &d, i, doc, line))
            continue;
        ranges[filled++] = data->points[i].offset;
        if (filled < fill)
            ranges[filled++] = range_end(data, i);
    }
    return hr;
}

/* A Portable PDB records no parameters (names live in metadata): the list is empty. */
static HRESULT STDMETHODCALLTYPE method_GetParameters(ISymUnmanagedMethod2 *iface, ULONG32 cParams,
                                                      ULONG32 *pcParams,
                                                      ISymUnmanagedVariable *params[])
{
    size_t fill;
    (void)iface;
    return corsym_array_begin(0, cParams, pcParams, params, &fill);
}

static HRESULT STDMETHODCALLTYPE method_GetNamespace(ISymUnmanagedMethod2 *iface,
                                                     ISymUnmanagedNamespace **pRetVal)
{
    (void)iface;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    /* A method's namespace is metadata, not symbols; Microsoft's readers do not implement
     * this either. */
    return E_NOTIMPL;
}

/* The method's source span: from its first to its last visible sequence point, in the
 * document of the first one. */
static HRESULT STDMETHODCALLTYPE method_GetSourceStartEnd(ISymUnmanagedMethod2 *iface,
                                                          ISymUnmanagedDocument *docs[2],
                                                          ULONG32 lines[2], ULONG32 columns[2],
                                                          BOOL *pRetVal)
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    const struct corsym_method *data = This->data;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = FALSE;
    if (!docs || !lines || !columns)
        return E_INVALIDARG;
    docs[0] = docs[1] = NULL;
    struct corsym_line_deltas d = current_deltas(This);
    const struct corsym_sequence_point *start = NULL, *end = NULL;
    int32_t start_line = 0, end_line = 0;
    for (uint32_t i = 0; i < data->point_count; i++) {
        const struct corsym_sequence_point *sp = &data->points[i];
        if (is_hidden(sp) || (start && sp->document != start->document))
            continue;
        int32_t first = (int32_t)start_line_of(data, &d, i), last = (int32_t)end_line_of(data, &d, i);
        if (!start || first < start_line ||
            (first == start_line && sp->start_column < start->start_column)) {
            start = sp;
            start_line = first;
        }
        if (!end || last > end_line || (last == end_line && sp->end_column > end->end_column)) {
            end = sp;
            end_line = last;
        }
    }
    if (!start)
        return S_OK;
    HRESULT hr = corsym_reader_document_of(This->reader, This->generation,
                                           start->document, &docs[0]);
    if (SUCCEEDED(hr))
        hr = corsym_reader_document_of(This->reader, This->generation, end->document, &docs[1]);
    if (FAILED(hr)) {
        if (docs[0])
            ISymUnmanagedDocument_Release(docs[0]);
        docs[0] = docs[1] = NULL;
        return hr;
    }
    lines[0] = (uint32_t)start_line;
    columns[0] = start->start_column;
    lines[1] = (uint32_t)end_line;
    columns[1] = end->end_column;
    *pRetVal = TRUE;
    return S_OK;
}

/* The document of each of the first `fill` points. Points run in one document for long
 * stretches: a run shares the object and takes its references in one step. On failure nothing
 * is left referenced. */
static HRESULT fill_documents(struct sym_method *This, uint32_t fill,
                              ISymUnmanagedDocument *documents[])
{
    const struct corsym_sequence_point *points = This->data->points;
    uint32_t run_start = 0;
    for (uint32_t i = 0; i < fill; i++) {
        if (i > 0 && points[i].document == points[i - 1].document) {
            documents[i] = documents[i - 1];
            continue;
        }
        if (i > 0)
            corsym_document_addref_many(documents[run_start], i - 1 - run_start);
        run_start = i;
        HRESULT hr = corsym_reader_document_of(This->reader, This->generation,
                                               points[i].document, &documents[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)documents, i);
            return hr;
        }
    }
    if (fill)
        corsym_document_addref_many(documents[run_start], fill - 1 - run_start);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE method_GetSequencePoints(ISymUnmanagedMethod2 *iface,
                                                          ULONG32 cPoints, ULONG32 *pcPoints,
                                                          ULONG32 offsets[],
                                                          ISymUnmanagedDocument *documents[],
                                                          ULONG32 lines[], ULONG32 columns[],
                                                          ULONG32 endLines[], ULONG32 endColumns[])
{
    struct sym_method *This = impl_from_ISymUnmanagedMethod2(iface);
    const struct corsym_method *data = This->data;
    uint32_t total = data->point_count;
    if (cPoints == 0) {
        if (pcPoints)
            *pcPoints = total;
        return S_OK;
    }
    /* Every output array is optional: callers ask only for what they need. */
    uint32_t fill = total < cPoints ? total : cPoints;
    struct corsym_line_deltas d = current_deltas(This);
    /* Lines move only after Edit and Continue line updates; without any they are as stored. */
    bool moved = d.all != 0 || d.count != 0;
    const struct corsym_sequence_point *points = data->points;
    /* One array at a time: a loop per output is a straight copy. */
    if (offsets)
        for (uint32_t i = 0; i < fill; i++)
            offsets[i] = points[i].offset;
    if (columns)
        for (uint32_t i = 0; i < fill; i++)
            columns[i] = points[i].start_column;
    if (endColumns)
        for (uint32_t i = 0; i < fill; i++)
            endColumns[i] = points[i].end_column;
    if (lines)
        for (uint32_t i = 0; i < fill; i++)
            lines[i] = moved ? start_line_of(data, &d, i) : points[i].start_line;
    if (endLines)
        for (uint32_t i = 0; i < fill; i++)
            endLines[i] = moved ? end_line_of(data, &d, i) : points[i].end_line;
    if (documents) {
        HRESULT hr = fill_documents(This, fill, documents);
        if (FAILED(hr)) {
            if (pcPoints)
                *pcPoints = 0;
            return hr;
        }
    }
    if (pcPoints)
        *pcPoints = fill;
    return S_OK;
}

/*** ISymUnmanagedMethod2 methods ***/

static HRESULT STDMETHODCALLTYPE method_GetLocalSignatureToken(ISymUnmanagedMethod2 *iface,
                                                               mdSignature *localSignatureToken)
{
    CORSYM_CHECK_OUT(localSignatureToken);
    *localSignatureToken = impl_from_ISymUnmanagedMethod2(iface)->data->local_signature_token;
    return *localSignatureToken ? S_OK : S_FALSE;
}

static const ISymUnmanagedMethod2Vtbl method_vtbl = {
    /*** IUnknown methods ***/
    method_QueryInterface,
    method_AddRef,
    method_Release,
    /*** ISymUnmanagedMethod methods ***/
    method_GetToken,
    method_GetSequencePointCount,
    method_GetRootScope,
    method_GetScopeFromOffset,
    method_GetOffset,
    method_GetRanges,
    method_GetParameters,
    method_GetNamespace,
    method_GetSourceStartEnd,
    method_GetSequencePoints,
    /*** ISymUnmanagedMethod2 methods ***/
    method_GetLocalSignatureToken,
};

/* ---- secondary interfaces ---- */

CORSYM_FORWARD_IUNKNOWN(async_method, ISymUnmanagedAsyncMethod, struct sym_method,
                        ISymUnmanagedMethod2, method)
CORSYM_FORWARD_IUNKNOWN(enc_method, ISymENCUnmanagedMethod, struct sym_method,
                        ISymUnmanagedMethod2, method)

/*** ISymUnmanagedAsyncMethod methods: E_UNEXPECTED unless the method is async ***/

static HRESULT STDMETHODCALLTYPE async_method_IsAsyncMethod(ISymUnmanagedAsyncMethod *iface,
                                                            BOOL *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = impl_from_ISymUnmanagedAsyncMethod(iface)->data->is_async;
    return S_OK;
}

static const struct corsym_method *async_data(ISymUnmanagedAsyncMethod *iface)
{
    const struct corsym_method *data = impl_from_ISymUnmanagedAsyncMethod(iface)->data;
    return data->is_async ? data : NULL;
}

static HRESULT STDMETHODCALLTYPE async_method_GetKickoffMethod(ISymUnmanagedAsyncMethod *iface,
                                                               mdToken *kickoffMethod)
{
    const struct corsym_method *data = async_data(iface);
    CORSYM_CHECK_OUT(kickoffMethod);
    *kickoffMethod = 0;
    if (!data)
        return E_UNEXPECTED;
    *kickoffMethod = data->kickoff_method;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE async_method_HasCatchHandlerILOffset(ISymUnmanagedAsyncMethod *iface,
                                                                      BOOL *pRetVal)
{
    const struct corsym_method *data = async_data(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = FALSE;
    if (!data)
        return E_UNEXPECTED;
    *pRetVal = data->has_catch_handler;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE async_method_GetCatchHandlerILOffset(ISymUnmanagedAsyncMethod *iface,
                                                                      ULONG32 *pRetVal)
{
    const struct corsym_method *data = async_data(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    if (!data || !data->has_catch_handler)
        return E_UNEXPECTED;
    *pRetVal = data->catch_handler_offset;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE async_method_GetAsyncStepInfoCount(ISymUnmanagedAsyncMethod *iface,
                                                                    ULONG32 *pRetVal)
{
    const struct corsym_method *data = async_data(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    if (!data)
        return E_UNEXPECTED;
    *pRetVal = data->async_step_count;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE async_method_GetAsyncStepInfo(ISymUnmanagedAsyncMethod *iface,
                                                               ULONG32 cStepInfo,
                                                               ULONG32 *pcStepInfo,
                                                               ULONG32 yieldOffsets[],
                                                               ULONG32 breakpointOffset[],
                                                               mdToken breakpointMethod[])
{
    const struct corsym_method *data = async_data(iface);
    if (pcStepInfo)
        *pcStepInfo = 0;
    if (!data)
        return E_UNEXPECTED;
    uint32_t total = data->async_step_count;
    if (cStepInfo == 0)
        return S_OK; /* GetAsyncStepInfoCount gives the count; Microsoft's answers 0 here */
    if (!yieldOffsets || !breakpointOffset || !breakpointMethod)
        return E_POINTER;
    uint32_t fill = total < cStepInfo ? total : cStepInfo;
    for (uint32_t i = 0; i < fill; i++) {
        yieldOffsets[i] = data->async_steps[i].yield_offset;
        breakpointOffset[i] = data->async_steps[i].resume_offset;
        breakpointMethod[i] = data->async_steps[i].resume_method;
    }
    if (pcStepInfo)
        *pcStepInfo = fill;
    return S_OK;
}

static const ISymUnmanagedAsyncMethodVtbl async_method_vtbl = {
    async_method_QueryInterface,
    async_method_AddRef,
    async_method_Release,
    async_method_IsAsyncMethod,
    async_method_GetKickoffMethod,
    async_method_HasCatchHandlerILOffset,
    async_method_GetCatchHandlerILOffset,
    async_method_GetAsyncStepInfoCount,
    async_method_GetAsyncStepInfo,
};

/*** ISymENCUnmanagedMethod methods ***/

/* The sequence point that covers an IL offset: the last one starting at or before it.
 * Offsets beyond INT32_MAX count as INT32_MAX, as in Microsoft's portable reader. */
static uint32_t point_at(const struct corsym_method *data, uint32_t offset)
{
    if (offset > 0x7FFFFFFFu)
        offset = 0x7FFFFFFFu;
    uint32_t found = CORSYM_NONE;
    for (uint32_t i = 0; i < data->point_count && data->points[i].offset <= offset; i++)
        found = i;
    return found;
}

static HRESULT STDMETHODCALLTYPE enc_method_GetFileNameFromOffset(ISymENCUnmanagedMethod *iface,
                                                                  ULONG32 dwOffset, ULONG32 cchName,
                                                                  ULONG32 *pcchName, WCHAR szName[])
{
    struct sym_method *This = impl_from_ISymENCUnmanagedMethod(iface);
    if (pcchName)
        *pcchName = 0;
    uint32_t at = point_at(This->data, dwOffset);
    if (at == CORSYM_NONE)
        return E_FAIL;
    const struct corsym_sequence_point *sp = &This->data->points[at];
    struct corsym_symbols *symbols = corsym_reader_symbols_of(This->reader, This->generation);
    const struct corsym_document *doc;
    corsym_status st = symbols->ops->document(symbols, sp->document, &doc);
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    return corsym_copy_wstr(doc->url.chars, doc->url.length, cchName, pcchName, szName);
}

static HRESULT STDMETHODCALLTYPE enc_method_GetLineFromOffset(ISymENCUnmanagedMethod *iface,
                                                              ULONG32 dwOffset, ULONG32 *pline,
                                                              ULONG32 *pcolumn, ULONG32 *pendLine,
                                                              ULONG32 *pendColumn,
                                                              ULONG32 *pdwStartOffset)
{
    struct sym_method *This = impl_from_ISymENCUnmanagedMethod(iface);
    uint32_t at = point_at(This->data, dwOffset);
    if (at == CORSYM_NONE)
        return E_FAIL;
    const struct corsym_sequence_point *sp = &This->data->points[at];
    struct corsym_line_deltas d = current_deltas(This);
    if (pline) *pline = start_line_of(This->data, &d, at);
    if (pcolumn) *pcolumn = sp->start_column;
    if (pendLine) *pendLine = end_line_of(This->data, &d, at);
    if (pendColumn) *pendColumn = sp->end_column;
    if (pdwStartOffset) *pdwStartOffset = sp->offset;
    return S_OK;
}

/* Distinct documents of the method's sequence points, in order of first appearance. */
static uint32_t method_documents(const struct corsym_method *data, uint32_t *out, uint32_t capacity)
{
    uint32_t count = 0;
    for (uint32_t i = 0; i < data->point_count; i++) {
        uint32_t doc = data->points[i].document, j = 0;
        for (uint32_t p = 0; p < i; p++)
            if (data->points[p].document == doc) {
                j = 1;
                break;
            }
        if (j)
            continue;
        if (out && count < capacity)
            out[count] = doc;
        count++;
    }
    return count;
}

static HRESULT STDMETHODCALLTYPE enc_method_GetDocumentsForMethodCount(ISymENCUnmanagedMethod *iface,
                                                                       ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = method_documents(impl_from_ISymENCUnmanagedMethod(iface)->data, NULL, 0);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enc_method_GetDocumentsForMethod(ISymENCUnmanagedMethod *iface,
                                                                  ULONG32 cDocs, ULONG32 *pcDocs,
                                                                  ISymUnmanagedDocument *documents[])
{
    struct sym_method *This = impl_from_ISymENCUnmanagedMethod(iface);
    uint32_t total = method_documents(This->data, NULL, 0);
    size_t fill;
    HRESULT hr = corsym_array_begin(total, cDocs, pcDocs, documents, &fill);
    if (FAILED(hr) || fill == 0)
        return hr;
    uint32_t *indexes = malloc(total * sizeof(uint32_t));
    if (!indexes)
        return E_OUTOFMEMORY;
    method_documents(This->data, indexes, total);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = corsym_reader_document_of(This->reader, This->generation, indexes[i], &documents[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)documents, i);
            if (pcDocs)
                *pcDocs = 0;
        }
    }
    free(indexes);
    return hr;
}

static HRESULT STDMETHODCALLTYPE enc_method_GetSourceExtentInDocument(ISymENCUnmanagedMethod *iface,
                                                                      ISymUnmanagedDocument *document,
                                                                      ULONG32 *pstartLine,
                                                                      ULONG32 *pendLine)
{
    struct sym_method *This = impl_from_ISymENCUnmanagedMethod(iface);
    uint32_t doc;
    int32_t first = INT32_MAX, last = INT32_MIN;
    BOOL found = FALSE;
    CORSYM_CHECK_OUT(pstartLine);
    CORSYM_CHECK_OUT(pendLine);
    *pstartLine = *pendLine = 0;
    HRESULT hr = corsym_reader_document_index_of(This->reader, This->generation, document, &doc);
    if (FAILED(hr))
        return hr;
    struct corsym_line_deltas d = current_deltas(This);
    for (uint32_t i = 0; i < This->data->point_count; i++) {
        const struct corsym_sequence_point *sp = &This->data->points[i];
        if (sp->document != doc || is_hidden(sp))
            continue;
        int32_t start = (int32_t)start_line_of(This->data, &d, i);
        int32_t end = (int32_t)end_line_of(This->data, &d, i);
        if (start < first)
            first = start;
        if (end > last)
            last = end;
        found = TRUE;
    }
    if (!found)
        return E_FAIL;
    *pstartLine = (uint32_t)first;
    *pendLine = (uint32_t)last;
    return S_OK;
}

static const ISymENCUnmanagedMethodVtbl enc_method_vtbl = {
    enc_method_QueryInterface,
    enc_method_AddRef,
    enc_method_Release,
    enc_method_GetFileNameFromOffset,
    enc_method_GetLineFromOffset,
    enc_method_GetDocumentsForMethodCount,
    enc_method_GetDocumentsForMethod,
    enc_method_GetSourceExtentInDocument,
};
