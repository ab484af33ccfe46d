/* SPDX-License-Identifier: MIT */
/*
 * CorSymReader: ISymUnmanagedReader..Reader5 with Dispose, ENCUpdate, SourceServerModule,
 * ReaderSymbolSearchInfo and CompilerInfoReader on one object, over a format-neutral
 * symbol source (model/symbols.h). Answers follow Microsoft's readers: its DLL for Windows
 * PDBs and Microsoft.DiaSymReader.PortablePdb for Portable PDBs (research/portable.md 1.1).
 *
 * Edit and Continue: every update (UpdateSymbolStore, UpdateSymbolStore2, UpdateMethodLines)
 * makes new symbols under the reader's lock and publishes them atomically; a call that began
 * on the previous symbols finishes on them, consistent, because symbols are never changed in
 * place and the reader keeps every earlier snapshot until it is freed. What objects already
 * handed out see: documents answer from the current symbols (they stand for a document
 * across versions); a method keeps the body of the version it was made for and applies the
 * line deltas in force at each call, as Microsoft's reader does.
 */
#include "com/reader_private.h"
#include "com/module_metadata.h"
#include "platform/file.h"
#include "platform/mutex.h"

/* In method.c; reader_private.h is the better home for it. */

struct sym_reader {
    ISymUnmanagedReader5 ISymUnmanagedReader5_iface;
    ISymUnmanagedDispose ISymUnmanagedDispose_iface;
    ISymUnmanagedENCUpdate ISymUnmanagedENCUpdate_iface;
    ISymUnmanagedSourceServerModule ISymUnmanagedSourceServerModule_iface;
    ISymUnmanagedReaderSymbolSearchInfo ISymUnmanagedReaderSymbolSearchInfo_iface;
    ISymUnmanagedCompilerInfoReader ISymUnmanagedCompilerInfoReader_iface;
    uint32_t refcount;
    corsym_mutex lock; /* guards initialisation and the lazily made document block */
    struct corsym_symbols *volatile symbols;
    struct corsym_symbols **retired; /* earlier snapshots, freed with the reader */
    uint32_t retired_count, retired_capacity;
    struct sym_document_block *volatile documents;
    /* ReplaceSymbolStore: the symbols and document block of each earlier generation (the
     * symbols are also in `retired`, which frees them); the count is the generation number. */
    struct sym_generation {
        struct corsym_symbols *symbols;
        struct sym_document_block *documents;
    } *replaced;
    uint32_t replaced_count, replaced_capacity;
    corsym_file_map map;   /* when the PDB came from a file */
    WCHAR *file_name;      /* what GetSymbolStoreFileName reports */
    struct corsym_module_metadata *metadata;
    uint32_t destroyed;
};

static inline struct sym_reader *impl_from_ISymUnmanagedReader5(ISymUnmanagedReader5 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedReader5_iface);
}
#define READER_FROM(iface_type, iface) \
    CONTAINING_RECORD(iface, struct sym_reader, iface_type##_iface)

/* ---- lifetime ---- */

static void sym_reader_destroy(struct sym_reader *This)
{
    corsym_document_block_free(This->documents);
    for (uint32_t i = 0; i < This->replaced_count; i++)
        corsym_document_block_free(This->replaced[i].documents);
    free(This->replaced);
    corsym_symbols_destroy(This->symbols);
    for (uint32_t i = 0; i < This->retired_count; i++)
        corsym_symbols_destroy(This->retired[i]);
    free(This->retired);
    corsym_file_map_close(&This->map);
    corsym_module_metadata_free(This->metadata);
    free(This->file_name);
    corsym_mutex_destroy(&This->lock);
    free(This);
}

ULONG corsym_reader_addref(struct sym_reader *reader)
{
    return corsym_atomic_inc(&reader->refcount);
}

ULONG corsym_reader_addref_many(struct sym_reader *reader, uint32_t count)
{
    return corsym_atomic_add(&reader->refcount, count);
}

ULONG corsym_reader_release(struct sym_reader *reader)
{
    ULONG ref = corsym_atomic_dec(&reader->refcount);
    if (ref == 0) {
        sym_reader_destroy(reader);
        corsym_module_unlock();
    }
    return ref;
}

struct corsym_symbols *corsym_reader_symbols(struct sym_reader *reader)
{
    return __atomic_load_n(&reader->symbols, __ATOMIC_ACQUIRE);
}

uint32_t corsym_reader_generation(struct sym_reader *reader)
{
    return __atomic_load_n(&reader->replaced_count, __ATOMIC_ACQUIRE);
}

/* An earlier generation's record, copied under the lock (the array may move). */
static bool replaced_generation(struct sym_reader *reader, uint32_t generation,
                                struct sym_generation *out)
{
    if (generation >= corsym_reader_generation(reader))
        return false;
    corsym_mutex_lock(&reader->lock);
    bool found = generation < reader->replaced_count;
    if (found)
        *out = reader->replaced[generation];
    corsym_mutex_unlock(&reader->lock);
    return found;
}

uint32_t corsym_reader_generation_of(struct sym_reader *reader, struct corsym_symbols *symbols)
{
    /* Never replaced (the usual case): generation 0, whatever happens next, since the
     * symbols of a generation stay its symbols once replaced. */
    if (corsym_reader_generation(reader) == 0)
        return 0;
    /* ReplaceSymbolStore moves symbols into `replaced` under this lock. */
    corsym_mutex_lock(&reader->lock);
    uint32_t generation = reader->replaced_count;
    for (uint32_t g = 0; g < reader->replaced_count; g++)
        if (reader->replaced[g].symbols == symbols)
            generation = g;
    corsym_mutex_unlock(&reader->lock);
    return generation;
}

struct corsym_symbols *corsym_reader_symbols_of(struct sym_reader *reader, uint32_t generation)
{
    struct sym_generation g;
    return replaced_generation(reader, generation, &g) ? g.symbols : corsym_reader_symbols(reader);
}

/* A document object is handed out only for a record that exists: records are built
 * lazily, and building them can fail (a name that does not decode or is over the limit). */
static HRESULT document_record_builds(struct corsym_symbols *symbols, uint32_t index)
{
    const struct corsym_document *record;
    corsym_status st = symbols->ops->document(symbols, index, &record);
    if (st == CORSYM_NOT_FOUND)
        return E_INVALIDARG; /* no such document */
    return corsym_hresult_from_status(st);
}

HRESULT corsym_reader_document_of(struct sym_reader *reader, uint32_t generation, uint32_t index,
                                  ISymUnmanagedDocument **out)
{
    struct sym_generation g;
    if (!replaced_generation(reader, generation, &g))
        return corsym_reader_document(reader, index, out);
    *out = NULL;
    HRESULT hr = document_record_builds(g.symbols, index);
    if (FAILED(hr))
        return hr;
    *out = corsym_document_block_get(g.documents, index);
    if (!*out)
        return E_INVALIDARG;
    ISymUnmanagedDocument_AddRef(*out);
    return S_OK;
}

HRESULT corsym_reader_document_index_of(struct sym_reader *reader, uint32_t generation,
                                        ISymUnmanagedDocument *document, uint32_t *index)
{
    struct sym_generation g;
    if (!replaced_generation(reader, generation, &g))
        return corsym_reader_document_index(reader, document, index);
    if (!document || !corsym_document_block_index(g.documents, document, index))
        return E_INVALIDARG;
    return S_OK;
}

/* Every reader-level call first checks that there is something to read. */
static HRESULT usable(struct sym_reader *This, struct corsym_symbols **symbols)
{
    if (corsym_atomic_load(&This->destroyed))
        return E_SYM_DESTROYED;
    *symbols = corsym_reader_symbols(This);
    return *symbols ? S_OK : E_UNEXPECTED;
}

HRESULT corsym_reader_document(struct sym_reader *reader, uint32_t index,
                               ISymUnmanagedDocument **out)
{
    struct corsym_symbols *symbols = corsym_reader_symbols(reader);
    *out = NULL;
    if (!symbols || index >= symbols->document_count)
        return E_INVALIDARG;
    HRESULT built = document_record_builds(symbols, index);
    if (FAILED(built))
        return built;
    struct sym_document_block *block = __atomic_load_n(&reader->documents, __ATOMIC_ACQUIRE);
    if (!block) {
        HRESULT hr = S_OK;
        corsym_mutex_lock(&reader->lock);
        if (!reader->documents) {
            hr = corsym_document_block_create(reader, symbols->document_count, &block);
            if (SUCCEEDED(hr))
                __atomic_store_n(&reader->documents, block, __ATOMIC_RELEASE);
        }
        block = reader->documents;
        corsym_mutex_unlock(&reader->lock);
        if (FAILED(hr))
            return hr;
    }
    *out = corsym_document_block_get(block, index);
    if (!*out)
        return E_OUTOFMEMORY; /* the block could not grow for documents an update added */
    ISymUnmanagedDocument_AddRef(*out);
    return S_OK;
}

HRESULT corsym_reader_document_index(struct sym_reader *reader, ISymUnmanagedDocument *document,
                                     uint32_t *index)
{
    struct sym_document_block *block = __atomic_load_n(&reader->documents, __ATOMIC_ACQUIRE);
    if (!document)
        return E_INVALIDARG;
    if (!block || !corsym_document_block_index(block, document, index))
        return E_INVALIDARG; /* not one of ours: a document of another reader */
    return S_OK;
}

HRESULT corsym_reader_load_method(struct sym_reader *reader, struct corsym_symbols *symbols,
                                  uint32_t token, struct corsym_method **out)
{
    (void)reader;
    corsym_status st = symbols->ops->method(symbols, token, out);
    if (st == CORSYM_NOT_FOUND || st == CORSYM_E_INVALID_ARG)
        return E_FAIL; /* "no symbols for this method", as Microsoft's readers answer */
    return corsym_hresult_from_status(st);
}

/* ---- loading ---- */

static HRESULT read_stream(IStream *stream, uint8_t **data, size_t *size)
{
    STATSTG stat;
    HRESULT hr = IStream_Stat(stream, &stat, STATFLAG_NONAME);
    if (FAILED(hr))
        return hr;
    LARGE_INTEGER zero;
    ULARGE_INTEGER here;
    zero.QuadPart = 0;
    hr = IStream_Seek(stream, zero, STREAM_SEEK_CUR, &here);
    if (FAILED(hr))
        return hr;
    /* Read from the current position: a client may hand over a stream positioned at an
     * embedded PDB inside a larger image. */
    if (here.QuadPart > stat.cbSize.QuadPart)
        return E_INVALIDARG;
    uint64_t length = stat.cbSize.QuadPart - here.QuadPart;
    if (length > (uint64_t)SIZE_MAX / 2 || length > 0xFFFFFFFFu)
        return E_PDB_LIMIT;
    uint8_t *bytes = malloc(length ? (size_t)length : 1);
    if (!bytes)
        return E_OUTOFMEMORY;
    size_t done = 0;
    while (done < length) {
        ULONG chunk = (ULONG)(length - done > 0x10000000u ? 0x10000000u : length - done), got = 0;
        hr = IStream_Read(stream, bytes + done, chunk, &got);
        if (FAILED(hr) || got == 0)
            break;
        done += got;
    }
    if (FAILED(hr) || done != length) {
        free(bytes);
        return FAILED(hr) ? hr : E_PDB_CORRUPT;
    }
    *data = bytes;
    *size = (size_t)length;
    return S_OK;
}

static HRESULT hresult_from_file_error(int error)
{
    switch (error) {
    case CORSYM_FILE_NOT_FOUND: return E_PDB_NOT_FOUND;
    case CORSYM_FILE_ACCESS_DENIED: return E_PDB_ACCESS_DENIED;
    case CORSYM_FILE_NOMEM: return E_OUTOFMEMORY;
    case CORSYM_FILE_BAD_PATH: return E_INVALIDARG;
    default: return E_PDB_FILE_SYSTEM;
    }
}

/* Opens the symbols from a file or a stream; the caller holds the lock. */
static HRESULT load_symbols(struct sym_reader *This, const WCHAR *filename, IStream *stream,
                            struct corsym_symbols **out, corsym_file_map *map)
{
    corsym_status st;
    if (stream) {
        uint8_t *data = NULL;
        size_t size = 0;
        HRESULT hr = read_stream(stream, &data, &size);
        if (FAILED(hr))
            return hr;
        st = corsym_symbols_open(data, size, true, out);
    } else {
        int err = corsym_file_map_open((const uint16_t *)filename, map);
        if (err)
            return hresult_from_file_error(err);
        st = corsym_symbols_open(map->data, map->size, false, out);
        if (st != CORSYM_OK)
            corsym_file_map_close(map);
    }
    return st == CORSYM_E_CORRUPT ? E_PDB_FORMAT : corsym_hresult_from_status(st);
}

HRESULT corsym_reader_open(ISymUnmanagedReader *iface, IUnknown *importer, const WCHAR *filename,
                           IStream *stream);

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE reader_QueryInterface(ISymUnmanagedReader5 *iface, REFIID riid,
                                                       void **ppv)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISymUnmanagedReader) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedReader2) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedReader3) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedReader4) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedReader5))
        *ppv = &This->ISymUnmanagedReader5_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedDispose))
        *ppv = &This->ISymUnmanagedDispose_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedENCUpdate))
        *ppv = &This->ISymUnmanagedENCUpdate_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedSourceServerModule))
        *ppv = &This->ISymUnmanagedSourceServerModule_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedReaderSymbolSearchInfo))
        *ppv = &This->ISymUnmanagedReaderSymbolSearchInfo_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedCompilerInfoReader))
        *ppv = &This->ISymUnmanagedCompilerInfoReader_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*ppv);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE reader_AddRef(ISymUnmanagedReader5 *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedReader5(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE reader_Release(ISymUnmanagedReader5 *iface)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        sym_reader_destroy(This);
        corsym_module_unlock();
    }
    return ref;
}

/*** ISymUnmanagedReader methods ***/

static uint16_t fold(uint16_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint16_t)(c + 32) : c;
}

static BOOL wstr_equal(const uint16_t *a, size_t na, const uint16_t *b, size_t nb, BOOL ignore_case)
{
    if (na != nb)
        return FALSE;
    for (size_t i = 0; i < na; i++)
        if (ignore_case ? fold(a[i]) != fold(b[i]) : a[i] != b[i])
            return FALSE;
    return TRUE;
}

static size_t file_name_start(const uint16_t *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\\' || s[i] == '/' || s[i] == ':')
            start = i + 1;
    return start;
}

/* The lookup of Microsoft's portable reader: by file name, ignoring case; among several
 * candidates prefer the exact path, then the path ignoring case, then the file name in
 * exact case, then the first. The GUID arguments are ignored, as there. */
static HRESULT find_document(struct corsym_symbols *symbols, const WCHAR *url, uint32_t *found)
{
    size_t n = corsym_wcslen(url), name_at = file_name_start(url, n);
    uint32_t first = CORSYM_NONE, candidates = 0;
    uint32_t by_path = CORSYM_NONE, by_path_ci = CORSYM_NONE, by_name = CORSYM_NONE;
    for (uint32_t i = 0; i < symbols->document_count; i++) {
        const struct corsym_document *doc;
        corsym_status st = symbols->ops->document(symbols, i, &doc);
        if (st != CORSYM_OK)
            return corsym_hresult_from_status(st);
        const uint16_t *u = doc->url.chars;
        size_t un = doc->url.length, uname = file_name_start(u, un);
        if (!wstr_equal(u + uname, un - uname, url + name_at, n - name_at, TRUE))
            continue;
        candidates++;
        if (first == CORSYM_NONE)
            first = i;
        if (by_path == CORSYM_NONE && wstr_equal(u, un, url, n, FALSE))
            by_path = i;
        if (by_path_ci == CORSYM_NONE && wstr_equal(u, un, url, n, TRUE))
            by_path_ci = i;
        if (by_name == CORSYM_NONE && wstr_equal(u + uname, un - uname, url + name_at, n - name_at, FALSE))
            by_name = i;
    }
    if (!candidates)
        return S_FALSE;
    *found = candidates == 1 ? first
           : by_path != CORSYM_NONE ? by_path
           : by_path_ci != CORSYM_NONE ? by_path_ci
           : by_name != CORSYM_NONE ? by_name : first;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE reader_GetDocument(ISymUnmanagedReader5 *iface, WCHAR *url,
                                                    GUID language, GUID languageVendor,
                                                    GUID documentType,
                                                    ISymUnmanagedDocument **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    (void)language; (void)languageVendor; (void)documentType;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!url)
        return E_INVALIDARG;
    uint32_t index = 0;
    hr = find_document(symbols, url, &index);
    if (hr != S_OK)
        return hr;
    return corsym_reader_document(This, index, pRetVal);
}

static HRESULT STDMETHODCALLTYPE reader_GetDocuments(ISymUnmanagedReader5 *iface, ULONG32 cDocs,
                                                     ULONG32 *pcDocs, ISymUnmanagedDocument *pDocs[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    size_t fill;
    hr = corsym_array_begin(symbols->document_count, cDocs, pcDocs, pDocs, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = corsym_reader_document(This, (uint32_t)i, &pDocs[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)pDocs, i);
            if (pcDocs)
                *pcDocs = 0;
        }
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE reader_GetUserEntryPoint(ISymUnmanagedReader5 *iface,
                                                          mdMethodDef *pToken)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(pToken);
    *pToken = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!symbols->entry_point)
        return E_FAIL;
    *pToken = symbols->entry_point;
    return S_OK;
}

static HRESULT get_method(struct sym_reader *This, mdMethodDef token, ISymUnmanagedMethod **out)
{
    struct corsym_symbols *symbols;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    struct corsym_method *data;
    hr = corsym_reader_load_method(This, symbols, token, &data);
    if (FAILED(hr))
        return hr;
    return corsym_method_create(This, symbols, data, out);
}

static HRESULT STDMETHODCALLTYPE reader_GetMethod(ISymUnmanagedReader5 *iface, mdMethodDef token,
                                                  ISymUnmanagedMethod **pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal); /* Microsoft's DLL writes through a NULL here and crashes */
    *pRetVal = NULL;
    return get_method(impl_from_ISymUnmanagedReader5(iface), token, pRetVal);
}

/* Versions are 1 (the PDB opened) to the number of generations that updates added. */
static BOOL valid_version(const struct corsym_symbols *symbols, int version)
{
    return version >= 1 && (uint32_t)version <= symbols->version_count;
}

/* That version's body only: a method the generation did not touch is E_FAIL there, as is
 * one without sequence points (SymReader.GetMethodByVersion). */
static HRESULT STDMETHODCALLTYPE reader_GetMethodByVersion(ISymUnmanagedReader5 *iface,
                                                           mdMethodDef token, int version,
                                                           ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!valid_version(symbols, version) || (token >> 24) != 0x06)
        return E_INVALIDARG;
    struct corsym_method *data;
    corsym_status st = symbols->ops->method_version(symbols, token, (uint32_t)version, &data);
    if (st == CORSYM_NOT_FOUND)
        return E_FAIL;
    if (st == CORSYM_E_INVALID_ARG)
        return E_INVALIDARG;
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    return corsym_method_create(This, symbols, data, pRetVal);
}

/* A method object for an extent: the version whose points made it. */
static HRESULT extent_method(struct sym_reader *This, struct corsym_symbols *symbols,
                             const struct corsym_method_extent *extent, ISymUnmanagedMethod **out)
{
    struct corsym_method *data;
    corsym_status st = symbols->ops->method_version(symbols, extent->token, extent->version,
                                                    &data);
    if (st != CORSYM_OK)
        return st == CORSYM_NOT_FOUND || st == CORSYM_E_INVALID_ARG
                   ? E_FAIL : corsym_hresult_from_status(st);
    return corsym_method_create(This, symbols, data, out);
}

/* Managed PDBs hold no global or non-local variables: the honest answer is an empty list. */
static HRESULT STDMETHODCALLTYPE reader_GetVariables(ISymUnmanagedReader5 *iface, mdToken parent,
                                                     ULONG32 cVars, ULONG32 *pcVars,
                                                     ISymUnmanagedVariable *pVars[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    size_t fill;
    (void)parent;
    HRESULT hr = usable(This, &symbols);
    return FAILED(hr) ? hr : corsym_array_begin(0, cVars, pcVars, pVars, &fill);
}

static HRESULT STDMETHODCALLTYPE reader_GetGlobalVariables(ISymUnmanagedReader5 *iface,
                                                           ULONG32 cVars, ULONG32 *pcVars,
                                                           ISymUnmanagedVariable *pVars[])
{
    return reader_GetVariables(iface, 0, cVars, pcVars, pVars);
}

/* The methods of a document as line extents (ascending by token), from the same symbols
 * the caller goes on using. */
static HRESULT document_extents(struct sym_reader *This, ISymUnmanagedDocument *document,
                                struct corsym_symbols **symbols, struct corsym_method_extent **out,
                                uint32_t *count, uint32_t *doc_out)
{
    uint32_t doc;
    *out = NULL;
    *count = 0;
    HRESULT hr = usable(This, symbols);
    if (FAILED(hr))
        return hr;
    hr = corsym_reader_document_index(This, document, &doc);
    if (FAILED(hr))
        return hr;
    if (doc >= (*symbols)->document_count)
        return E_INVALIDARG;
    if (doc_out)
        *doc_out = doc;
    corsym_status st = (*symbols)->ops->document_extents(*symbols, doc, out, count);
    return st == CORSYM_OK ? S_OK : corsym_hresult_from_status(st);
}

/* Microsoft's DLL finds positions in Windows PDBs by sequence points: until the symbols are
 * edited, a method needs a visible point in the document that spans the line; once they
 * are, GetMethodsFromDocumentPosition keeps the methods with a point that starts on it. */
enum point_rule { POINT_SPANS_LINE, POINT_STARTS_LINE };

static BOOL extent_has_point(struct corsym_symbols *symbols, uint32_t doc,
                             const struct corsym_method_extent *x, ULONG32 line,
                             enum point_rule rule)
{
    struct corsym_method *m;
    if (symbols->ops->method_version(symbols, x->token, x->version, &m) != CORSYM_OK)
        return FALSE;
    struct corsym_line_deltas d = { 0, NULL, 0 };
    if (symbols->ops->line_deltas(symbols, x->token, &d) != CORSYM_OK)
        memset(&d, 0, sizeof(d));
    BOOL found = FALSE;
    for (uint32_t i = 0; i < m->point_count && !found; i++) {
        const struct corsym_sequence_point *sp = &m->points[i];
        if (sp->document != doc || sp->start_line == CORSYM_HIDDEN_LINE)
            continue;
        int32_t delta = corsym_line_deltas_at(&d, i);
        int32_t start = (int32_t)(sp->start_line + (uint32_t)delta);
        int32_t end = (int32_t)(sp->end_line + (uint32_t)delta);
        found = rule == POINT_STARTS_LINE ? start == (int32_t)line
                                          : start <= (int32_t)line && (int32_t)line <= end;
    }
    corsym_method_free(m);
    return found;
}

/* Lines are ints in Microsoft's reader; an all-hidden extent contains none. */
static BOOL extent_contains(const struct corsym_method_extent *e, ULONG32 line)
{
    return e->first_line <= (int32_t)line && (int32_t)line <= e->last_line;
}

/* Of the methods whose extent contains the line, the one with the smallest token, in the
 * version that made the extent (SymReader.GetMethodFromDocumentPosition): after an update
 * a line the latest body left can still lead to an earlier version. */
static HRESULT STDMETHODCALLTYPE reader_GetMethodFromDocumentPosition(ISymUnmanagedReader5 *iface,
                                                                      ISymUnmanagedDocument *document,
                                                                      ULONG32 line, ULONG32 column,
                                                                      ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    struct corsym_method_extent *extents;
    uint32_t count;
    (void)column;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    uint32_t doc;
    HRESULT hr = document_extents(This, document, &symbols, &extents, &count, &doc);
    if (FAILED(hr))
        return hr;
    BOOL by_points = symbols->format == CORSYM_FORMAT_WINDOWS && !symbols->edited;
    uint32_t best = CORSYM_NONE;
    for (uint32_t i = 0; i < count && best == CORSYM_NONE; i++)
        if (extent_contains(&extents[i], line) &&
            (!by_points || extent_has_point(symbols, doc, &extents[i], line, POINT_SPANS_LINE)))
            best = i; /* ascending tokens: the first is the smallest */
    hr = best == CORSYM_NONE ? E_FAIL : extent_method(This, symbols, &extents[best], pRetVal);
    free(extents);
    return hr;
}

static HRESULT sym_attribute(struct sym_reader *This, mdToken parent, const WCHAR *name,
                             ULONG32 cBuffer, ULONG32 *pcBuffer, BYTE buffer[])
{
    struct corsym_symbols *symbols;
    if (pcBuffer)
        *pcBuffer = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!name || (cBuffer != 0) != (buffer != NULL))
        return E_INVALIDARG;
    struct corsym_bytes value;
    corsym_status st = symbols->ops->sym_attribute(symbols, parent, (const uint16_t *)name, &value);
    if (st == CORSYM_NOT_FOUND)
        return S_FALSE;
    if (st == CORSYM_E_INVALID_ARG)
        return E_FAIL; /* no symbols for the token, as Microsoft's DLL answers */
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    if (cBuffer == 0) {
        /* A size query: Microsoft's DLL gives the size with S_FALSE (nothing was copied). */
        if (value.size > UINT32_MAX)
            return E_PDB_LIMIT;
        if (pcBuffer)
            *pcBuffer = (ULONG32)value.size;
        return S_FALSE;
    }
    return corsym_copy_bytes(value.data, value.size, cBuffer, pcBuffer, buffer);
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttribute(ISymUnmanagedReader5 *iface, mdToken parent,
                                                        WCHAR *name, ULONG32 cBuffer,
                                                        ULONG32 *pcBuffer, BYTE buffer[])
{
    return sym_attribute(impl_from_ISymUnmanagedReader5(iface), parent, name, cBuffer, pcBuffer,
                         buffer);
}

static HRESULT STDMETHODCALLTYPE reader_GetNamespaces(ISymUnmanagedReader5 *iface,
                                                      ULONG32 cNameSpaces, ULONG32 *pcNameSpaces,
                                                      ISymUnmanagedNamespace *namespaces[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    size_t fill;
    HRESULT hr = usable(This, &symbols);
    /* Global namespaces are a native-code notion; managed PDBs record none. */
    return FAILED(hr) ? hr : corsym_array_begin(0, cNameSpaces, pcNameSpaces, namespaces, &fill);
}

static WCHAR *wcsdup_or_null(const WCHAR *s)
{
    if (!s)
        return NULL;
    size_t n = corsym_wcslen(s);
    WCHAR *copy = malloc((n + 1) * sizeof(WCHAR));
    if (copy)
        memcpy(copy, s, (n + 1) * sizeof(WCHAR));
    return copy;
}

static HRESULT STDMETHODCALLTYPE reader_Initialize(ISymUnmanagedReader5 *iface, IUnknown *importer,
                                                   const WCHAR *filename, const WCHAR *searchPath,
                                                   IStream *pIStream)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)searchPath; /* the binder searches; a reader opens what it is given */
    if (corsym_atomic_load(&This->destroyed))
        return E_SYM_DESTROYED;
    if (!pIStream && (!filename || !filename[0]))
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = E_UNEXPECTED; /* a reader is initialised once */
    if (!This->symbols) {
        struct corsym_symbols *symbols = NULL;
        hr = load_symbols(This, filename, pIStream, &symbols, &This->map);
        if (SUCCEEDED(hr)) {
            This->file_name = wcsdup_or_null(filename);
            corsym_module_metadata_set_importer(This->metadata, importer);
            __atomic_store_n(&This->symbols, symbols, __ATOMIC_RELEASE);
        }
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

HRESULT corsym_reader_open(ISymUnmanagedReader *iface, IUnknown *importer, const WCHAR *filename,
                           IStream *stream)
{
    return reader_Initialize((ISymUnmanagedReader5 *)iface, importer, filename, NULL, stream);
}

void corsym_reader_set_module_path(ISymUnmanagedReader *iface, const WCHAR *pe_path)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5((ISymUnmanagedReader5 *)iface);
    corsym_module_metadata_set_pe_path(This->metadata, pe_path);
}

HRESULT corsym_reader_local_signature(struct sym_reader *reader, uint32_t token,
                                      const uint8_t **data, size_t *size)
{
    return corsym_module_metadata_signature(reader->metadata, token, data, size);
}

HRESULT corsym_reader_field_signature(struct sym_reader *reader, uint32_t token,
                                      const uint8_t **data, size_t *size)
{
    HRESULT hr = corsym_module_metadata_signature(reader->metadata, token, data, size);
    /* Windows PDBs name a FIELD signature per variable and constant; Microsoft's DLL answers
     * with the type that follows its 0x06 lead byte. */
    if (SUCCEEDED(hr) && *size > 0 && (*data)[0] == 0x06) {
        (*data)++;
        (*size)--;
    }
    return hr;
}

/* ---- Edit and Continue updates ---- */

typedef corsym_status (*update_fn)(struct corsym_symbols *symbols, void *context,
                                   struct corsym_symbols **out);

/* Room for one more element in a doubling array. */
static bool grow(void **array, uint32_t *capacity, uint32_t count, size_t size)
{
    if (count < *capacity)
        return true;
    uint32_t wanted = *capacity ? *capacity * 2 : 4;
    void *grown = realloc(*array, (size_t)wanted * size);
    if (!grown)
        return false;
    *array = grown;
    *capacity = wanted;
    return true;
}

/* Runs one update under the lock and publishes its result; the symbols it replaces stay
 * alive (readers on other threads may be using them) until the reader is freed. */
static corsym_status publish_update(struct sym_reader *This, update_fn update, void *context)
{
    corsym_status st = CORSYM_OK;
    corsym_mutex_lock(&This->lock);
    struct corsym_symbols *current = This->symbols, *next = NULL;
    if (!grow((void **)&This->retired, &This->retired_capacity, This->retired_count,
              sizeof(*This->retired)))
        st = CORSYM_E_NOMEM;
    if (st == CORSYM_OK)
        st = update(current, context, &next);
    if (st == CORSYM_OK) {
        This->retired[This->retired_count++] = current;
        __atomic_store_n(&This->symbols, next, __ATOMIC_RELEASE);
    }
    corsym_mutex_unlock(&This->lock);
    return st;
}

struct delta_update {
    uint8_t *data; /* owned: the symbols take it */
    size_t size;
    const struct corsym_line_delta *deltas;
    uint32_t count;
};

static corsym_status apply_delta(struct corsym_symbols *symbols, void *context,
                                 struct corsym_symbols **out)
{
    struct delta_update *u = context;
    uint8_t *data = u->data;
    u->data = NULL; /* taken even on failure */
    return symbols->ops->update(symbols, data, u->size, true, u->deltas, u->count, out);
}

static HRESULT read_file(const WCHAR *filename, uint8_t **data, size_t *size)
{
    corsym_file_map map;
    memset(&map, 0, sizeof(map));
    int err = corsym_file_map_open((const uint16_t *)filename, &map);
    if (err)
        return hresult_from_file_error(err);
    *data = malloc(map.size ? map.size : 1);
    if (*data) {
        memcpy(*data, map.data, map.size);
        *size = map.size;
    }
    corsym_file_map_close(&map);
    return *data ? S_OK : E_OUTOFMEMORY;
}

/* Adds a delta PDB (a stream wins over a file name, as in Microsoft's reader) with
 * whole-method line deltas. */
static HRESULT update_symbols(struct sym_reader *This, const WCHAR *filename, IStream *stream,
                              const SYMLINEDELTA *deltas, ULONG count)
{
    struct corsym_symbols *symbols;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    struct delta_update u = { NULL, 0, NULL, 0 };
    if (count) {
        struct corsym_line_delta *copy = malloc(count * sizeof(*copy));
        if (!copy)
            return E_OUTOFMEMORY;
        for (ULONG i = 0; i < count; i++) {
            copy[i].token = deltas[i].mdMethod;
            copy[i].delta = deltas[i].delta;
        }
        u.deltas = copy;
        u.count = count;
    }
    hr = stream ? read_stream(stream, &u.data, &u.size) : read_file(filename, &u.data, &u.size);
    corsym_status st = CORSYM_OK;
    size_t size = u.size;
    if (SUCCEEDED(hr))
        st = publish_update(This, apply_delta, &u);
    free(u.data);
    free((void *)u.deltas);
    if (FAILED(hr))
        return hr;
    /* A delta too short to hold an MSF superblock (56 bytes) fails in Microsoft's DLL as
     * a read would; any other that is no PDB is E_PDB_FORMAT, as in its portable reader. */
    if (st == CORSYM_E_CORRUPT)
        return symbols->format == CORSYM_FORMAT_WINDOWS && size < 56 ? E_PDB_FILE_SYSTEM
                                                                      : E_PDB_FORMAT;
    return corsym_hresult_from_status(st);
}

static HRESULT STDMETHODCALLTYPE reader_UpdateSymbolStore(ISymUnmanagedReader5 *iface,
                                                          const WCHAR *filename, IStream *pIStream)
{
    if (!pIStream && (!filename || !filename[0]))
        return E_INVALIDARG;
    return update_symbols(impl_from_ISymUnmanagedReader5(iface), filename, pIStream, NULL, 0);
}

/* Swaps in other symbols for everything asked from now on. What was handed out before keeps
 * answering from the old symbols: a method its body and documents, a document its record.
 * Microsoft's reader takes only a stream (a file name alone: E_INVALIDARG). */
static HRESULT STDMETHODCALLTYPE reader_ReplaceSymbolStore(ISymUnmanagedReader5 *iface,
                                                           const WCHAR *filename, IStream *pIStream)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *current, *next = NULL;
    (void)filename;
    HRESULT hr = usable(This, &current);
    if (FAILED(hr))
        return hr;
    if (!pIStream)
        return E_INVALIDARG;
    uint8_t *data = NULL;
    size_t size = 0;
    hr = read_stream(pIStream, &data, &size);
    if (FAILED(hr))
        return hr;
    corsym_status st = corsym_symbols_open(data, size, true, &next); /* takes data */
    if (st != CORSYM_OK)
        return st == CORSYM_E_CORRUPT ? E_PDB_FORMAT : corsym_hresult_from_status(st);

    corsym_mutex_lock(&This->lock);
    current = This->symbols;
    struct sym_document_block *block = This->documents;
    hr = grow((void **)&This->retired, &This->retired_capacity, This->retired_count,
              sizeof(*This->retired)) &&
         grow((void **)&This->replaced, &This->replaced_capacity, This->replaced_count,
              sizeof(*This->replaced))
             ? S_OK : E_OUTOFMEMORY;
    /* Methods of this generation may still ask for its documents. */
    if (SUCCEEDED(hr) && !block)
        hr = corsym_document_block_create(This, current->document_count, &block);
    if (SUCCEEDED(hr)) {
        corsym_document_block_pin(block, current);
        This->replaced[This->replaced_count].symbols = current;
        This->replaced[This->replaced_count].documents = block;
        This->retired[This->retired_count++] = current;
        __atomic_store_n(&This->replaced_count, This->replaced_count + 1, __ATOMIC_RELEASE);
        __atomic_store_n(&This->documents, NULL, __ATOMIC_RELEASE);
        __atomic_store_n(&This->symbols, next, __ATOMIC_RELEASE);
        next = NULL;
    }
    corsym_mutex_unlock(&This->lock);
    corsym_symbols_destroy(next);
    return hr;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymbolStoreFileName(ISymUnmanagedReader5 *iface,
                                                               ULONG32 cchName, ULONG32 *pcchName,
                                                               WCHAR szName[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    if (pcchName)
        *pcchName = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!This->file_name)
        return E_FAIL; /* read from a stream: there is no file */
    return corsym_copy_wstr(This->file_name, corsym_wcslen(This->file_name), cchName, pcchName,
                            szName);
}

/* Every method whose extent contains the line, by token, each in the version that made the
 * extent (SymReader.GetMethodsFromDocumentPosition). */
static HRESULT STDMETHODCALLTYPE reader_GetMethodsFromDocumentPosition(
    ISymUnmanagedReader5 *iface, ISymUnmanagedDocument *document, ULONG32 line, ULONG32 column,
    ULONG32 cMethod, ULONG32 *pcMethod, ISymUnmanagedMethod *pRetVal[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    struct corsym_method_extent *extents;
    uint32_t count, matching = 0;
    (void)column;
    if (pcMethod)
        *pcMethod = 0;
    uint32_t doc;
    HRESULT hr = document_extents(This, document, &symbols, &extents, &count, &doc);
    if (FAILED(hr))
        return hr;
    BOOL windows = symbols->format == CORSYM_FORMAT_WINDOWS;
    enum point_rule rule = symbols->edited ? POINT_STARTS_LINE : POINT_SPANS_LINE;
    for (uint32_t i = 0; i < count; i++)
        if (extent_contains(&extents[i], line) &&
            (!windows || extent_has_point(symbols, doc, &extents[i], line, rule)))
            extents[matching++] = extents[i];
    size_t fill;
    hr = corsym_array_begin(matching, cMethod, pcMethod, pRetVal, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = extent_method(This, symbols, &extents[i], &pRetVal[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)pRetVal, i);
            if (pcMethod)
                *pcMethod = 0;
        }
    }
    free(extents);
    return hr;
}

static HRESULT STDMETHODCALLTYPE reader_GetDocumentVersion(ISymUnmanagedReader5 *iface,
                                                           ISymUnmanagedDocument *pDoc, int *version,
                                                           BOOL *pbCurrent)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    uint32_t index;
    CORSYM_CHECK_OUT(version);
    CORSYM_CHECK_OUT(pbCurrent);
    HRESULT hr = usable(This, &symbols);
    if (SUCCEEDED(hr))
        hr = corsym_reader_document_index(This, pDoc, &index);
    if (FAILED(hr))
        return hr;
    /* Microsoft's portable reader answers E_NOTIMPL (with 1 and TRUE). A document object
     * here stands for the document's latest row, so it is always current, and its version
     * is the generation that last carried its path. */
    const struct corsym_document *doc;
    corsym_status st = symbols->ops->document(symbols, index, &doc);
    if (st != CORSYM_OK)
        return corsym_hresult_from_status(st);
    *version = doc->version ? (int)doc->version : 1;
    *pbCurrent = TRUE;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodVersion(ISymUnmanagedReader5 *iface,
                                                         ISymUnmanagedMethod *pMethod, int *version)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(version);
    *version = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    return corsym_method_version(This, pMethod, version);
}

/*** ISymUnmanagedReader2 methods ***/

static HRESULT STDMETHODCALLTYPE reader_GetMethodByVersionPreRemap(ISymUnmanagedReader5 *iface,
                                                                   mdMethodDef token, int version,
                                                                   ISymUnmanagedMethod **pRetVal)
{
    return reader_GetMethodByVersion(iface, token, version, pRetVal);
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributePreRemap(ISymUnmanagedReader5 *iface,
                                                                mdToken parent, WCHAR *name,
                                                                ULONG32 cBuffer, ULONG32 *pcBuffer,
                                                                BYTE buffer[])
{
    return reader_GetSymAttribute(iface, parent, name, cBuffer, pcBuffer, buffer);
}

/* The methods with extents in the document, by token, each in its latest version
 * (SymReader.GetMethodsInDocument). */
static HRESULT STDMETHODCALLTYPE reader_GetMethodsInDocument(ISymUnmanagedReader5 *iface,
                                                             ISymUnmanagedDocument *document,
                                                             ULONG32 cMethod, ULONG32 *pcMethod,
                                                             ISymUnmanagedMethod *pRetVal[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    struct corsym_method_extent *extents = NULL;
    const uint32_t *listed = NULL;
    uint32_t n;
    if (pcMethod)
        *pcMethod = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (symbols->format == CORSYM_FORMAT_WINDOWS && symbols->version_count == 1) {
        /* Microsoft's DLL lists every method of the modules whose line information names
         * the document, with or without sequence points there: the source's own list.
         * After an update it lists the extents, each in the version that made it. */
        uint32_t doc;
        hr = corsym_reader_document_index(This, document, &doc);
        if (FAILED(hr))
            return hr;
        corsym_status st = symbols->ops->methods_in_document(symbols, doc, &listed, &n);
        if (st != CORSYM_OK)
            return corsym_hresult_from_status(st);
    } else {
        hr = document_extents(This, document, &symbols, &extents, &n, NULL);
        if (FAILED(hr))
            return hr;
    }
    size_t fill;
    hr = corsym_array_begin(n, cMethod, pcMethod, pRetVal, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        struct corsym_method *data;
        uint32_t token = listed ? listed[i] : extents[i].token;
        corsym_status st = listed || symbols->format != CORSYM_FORMAT_WINDOWS
                               ? symbols->ops->method(symbols, token, &data)
                               : symbols->ops->method_version(symbols, token, extents[i].version,
                                                              &data);
        hr = st == CORSYM_OK ? corsym_method_create(This, symbols, data, &pRetVal[i])
           : st == CORSYM_NOT_FOUND ? E_FAIL : corsym_hresult_from_status(st);
        if (FAILED(hr)) {
            corsym_release_array((void **)pRetVal, i);
            if (pcMethod)
                *pcMethod = 0;
        }
    }
    free(extents);
    return hr;
}

/*** ISymUnmanagedReader3 methods ***/

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributeByVersion(ISymUnmanagedReader5 *iface,
                                                                 mdMethodDef methodToken, int version,
                                                                 const WCHAR *name,
                                                                 ULONG32 bufferLength, ULONG32 *count,
                                                                 BYTE buffer[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    if (count)
        *count = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!valid_version(symbols, version))
        return E_INVALIDARG;
    return sym_attribute(impl_from_ISymUnmanagedReader5(iface), methodToken, name, bufferLength,
                         count, buffer);
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributeByVersionPreRemap(
    ISymUnmanagedReader5 *iface, mdMethodDef methodToken, int version, const WCHAR *name,
    ULONG32 bufferLength, ULONG32 *count, BYTE buffer[])
{
    return reader_GetSymAttributeByVersion(iface, methodToken, version, name, bufferLength, count,
                                           buffer);
}

/*** ISymUnmanagedReader4 methods ***/

static HRESULT STDMETHODCALLTYPE reader_MatchesModule(ISymUnmanagedReader5 *iface, GUID guid,
                                                      DWORD stamp, int age, BOOL *result)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(result);
    *result = FALSE;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    BOOL same_guid = memcmp(&guid, symbols->guid, 16) == 0;
    if (symbols->format == CORSYM_FORMAT_PORTABLE)
        /* Portable ids carry the stamp; age -1 means "any stamp". */
        *result = same_guid && (age == 1 || age == -1) && (age == -1 || stamp == symbols->stamp);
    else
        *result = same_guid && (uint32_t)age == symbols->age;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE reader_GetPortableDebugMetadata(ISymUnmanagedReader5 *iface,
                                                                 BYTE **metadata, int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(metadata);
    CORSYM_CHECK_OUT(size);
    *metadata = NULL;
    *size = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!symbols->portable_metadata.data || symbols->portable_metadata.size > INT32_MAX)
        return S_FALSE;
    *metadata = (BYTE *)symbols->portable_metadata.data;
    *size = (int)symbols->portable_metadata.size;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE reader_GetSourceServerData(ISymUnmanagedReader5 *iface, BYTE **data,
                                                            int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(data);
    CORSYM_CHECK_OUT(size);
    *data = NULL;
    *size = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!symbols->source_link.data || symbols->source_link.size > INT32_MAX)
        return S_FALSE;
    /* Source Link for both formats: what Microsoft.DiaSymReader asks this method for. */
    *data = (BYTE *)symbols->source_link.data;
    *size = (int)symbols->source_link.size;
    return S_OK;
}

/*** ISymUnmanagedReader5 methods ***/

static HRESULT STDMETHODCALLTYPE reader_GetPortableDebugMetadataByVersion(ISymUnmanagedReader5 *iface,
                                                                          int version,
                                                                          BYTE **metadata, int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(metadata);
    CORSYM_CHECK_OUT(size);
    *metadata = NULL;
    *size = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!valid_version(symbols, version))
        return E_INVALIDARG;
    if (!symbols->generations)
        return S_FALSE; /* not a Portable PDB */
    const struct corsym_bytes *image = &symbols->generations[version - 1];
    if (image->size > INT32_MAX)
        return S_FALSE;
    *metadata = (BYTE *)image->data;
    *size = (int)image->size;
    return S_OK;
}

static const ISymUnmanagedReader5Vtbl reader_vtbl = {
    /*** IUnknown methods ***/
    reader_QueryInterface,
    reader_AddRef,
    reader_Release,
    /*** ISymUnmanagedReader methods ***/
    reader_GetDocument,
    reader_GetDocuments,
    reader_GetUserEntryPoint,
    reader_GetMethod,
    reader_GetMethodByVersion,
    reader_GetVariables,
    reader_GetGlobalVariables,
    reader_GetMethodFromDocumentPosition,
    reader_GetSymAttribute,
    reader_GetNamespaces,
    reader_Initialize,
    reader_UpdateSymbolStore,
    reader_ReplaceSymbolStore,
    reader_GetSymbolStoreFileName,
    reader_GetMethodsFromDocumentPosition,
    reader_GetDocumentVersion,
    reader_GetMethodVersion,
    /*** ISymUnmanagedReader2 methods ***/
    reader_GetMethodByVersionPreRemap,
    reader_GetSymAttributePreRemap,
    reader_GetMethodsInDocument,
    /*** ISymUnmanagedReader3 methods ***/
    reader_GetSymAttributeByVersion,
    reader_GetSymAttributeByVersionPreRemap,
    /*** ISymUnmanagedReader4 methods ***/
    reader_MatchesModule,
    reader_GetPortableDebugMetadata,
    reader_GetSourceServerData,
    /*** ISymUnmanagedReader5 methods ***/
    reader_GetPortableDebugMetadataByVersion,
};

/* ---- the secondary interfaces: IUnknown delegates to the reader ---- */

CORSYM_FORWARD_IUNKNOWN(dispose, ISymUnmanagedDispose, struct sym_reader, ISymUnmanagedReader5, reader)
CORSYM_FORWARD_IUNKNOWN(enc_update, ISymUnmanagedENCUpdate, struct sym_reader, ISymUnmanagedReader5, reader)
CORSYM_FORWARD_IUNKNOWN(source_server, ISymUnmanagedSourceServerModule, struct sym_reader, ISymUnmanagedReader5, reader)
CORSYM_FORWARD_IUNKNOWN(search_info, ISymUnmanagedReaderSymbolSearchInfo, struct sym_reader, ISymUnmanagedReader5, reader)
CORSYM_FORWARD_IUNKNOWN(compiler_info_reader, ISymUnmanagedCompilerInfoReader, struct sym_reader, ISymUnmanagedReader5, reader)

/*** ISymUnmanagedDispose methods ***/

/* Microsoft's portable reader answers S_FALSE to the first Destroy and S_OK afterwards;
 * later calls on the reader fail with E_SYM_DESTROYED. Objects already handed out keep
 * working: they hold their own references, so nothing they use is freed under them. */
static HRESULT STDMETHODCALLTYPE dispose_Destroy(ISymUnmanagedDispose *iface)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedDispose, iface);
    return __atomic_exchange_n(&This->destroyed, 1, __ATOMIC_ACQ_REL) ? S_OK : S_FALSE;
}

static const ISymUnmanagedDisposeVtbl dispose_vtbl = {
    dispose_QueryInterface,
    dispose_AddRef,
    dispose_Release,
    dispose_Destroy,
};

/*** ISymUnmanagedENCUpdate methods ***/

/* Microsoft's reader wants both the stream and the array, even for no deltas; a count past
 * INT32_MAX is a negative int there. */
static HRESULT STDMETHODCALLTYPE enc_update_UpdateSymbolStore2(ISymUnmanagedENCUpdate *iface,
                                                               IStream *pIStream,
                                                               SYMLINEDELTA *pDeltaLines,
                                                               ULONG cDeltaLines)
{
    if (!pIStream || !pDeltaLines || cDeltaLines > INT32_MAX)
        return E_INVALIDARG;
    return update_symbols(READER_FROM(ISymUnmanagedENCUpdate, iface), NULL, pIStream,
                          pDeltaLines, cDeltaLines);
}

static HRESULT method_locals(struct sym_reader *This, mdMethodDef token,
                             struct corsym_symbols **symbols, struct corsym_method **data)
{
    HRESULT hr = usable(This, symbols);
    return FAILED(hr) ? hr : corsym_reader_load_method(This, *symbols, token, data);
}

static HRESULT STDMETHODCALLTYPE enc_update_GetLocalVariableCount(ISymUnmanagedENCUpdate *iface,
                                                                  mdMethodDef mdMethodToken,
                                                                  ULONG *pcLocals)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedENCUpdate, iface);
    struct corsym_symbols *symbols;
    struct corsym_method *data;
    CORSYM_CHECK_OUT(pcLocals);
    *pcLocals = 0;
    HRESULT hr = method_locals(This, mdMethodToken, &symbols, &data);
    if (FAILED(hr))
        return hr;
    *pcLocals = data->local_count;
    corsym_method_free(data);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE enc_update_GetLocalVariables(ISymUnmanagedENCUpdate *iface,
                                                              mdMethodDef mdMethodToken,
                                                              ULONG cLocals,
                                                              ISymUnmanagedVariable *rgLocals[],
                                                              ULONG *pceltFetched)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedENCUpdate, iface);
    struct corsym_symbols *symbols;
    struct corsym_method *data;
    if (pceltFetched)
        *pceltFetched = 0;
    HRESULT hr = method_locals(This, mdMethodToken, &symbols, &data);
    if (FAILED(hr))
        return hr;
    uint32_t total = data->local_count;
    if (cLocals == 0) {
        corsym_method_free(data);
        if (pceltFetched)
            *pceltFetched = total;
        return S_OK;
    }
    if (!rgLocals) {
        corsym_method_free(data);
        return E_POINTER;
    }
    if (cLocals < total) {
        corsym_method_free(data);
        return CORSYM_HR_BUFFER_TOO_SMALL; /* this one method refuses to truncate */
    }
    struct sym_method *m;
    hr = corsym_method_new(This, symbols, data, &m);
    if (FAILED(hr))
        return hr;
    for (uint32_t i = 0; SUCCEEDED(hr) && i < total; i++) {
        hr = corsym_variable_create(m, i, &rgLocals[i]);
        if (FAILED(hr))
            corsym_release_array((void **)rgLocals, i);
    }
    corsym_method_release(m);
    if (SUCCEEDED(hr) && pceltFetched)
        *pceltFetched = total;
    return hr;
}

/* Builds now what the first update would otherwise build (the method extents), as
 * Microsoft's reader does. */
static HRESULT STDMETHODCALLTYPE enc_update_InitializeForEnc(ISymUnmanagedENCUpdate *iface)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedENCUpdate, iface);
    struct corsym_symbols *symbols;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    const uint32_t *tokens;
    uint32_t count;
    if (symbols->document_count)
        symbols->ops->methods_in_document(symbols, 0, &tokens, &count);
    return S_OK;
}

struct lines_update {
    uint32_t token;
    const int32_t *deltas;
    uint32_t count;
};

static corsym_status apply_method_lines(struct corsym_symbols *symbols, void *context,
                                        struct corsym_symbols **out)
{
    struct lines_update *u = context;
    return symbols->ops->update_method_lines(symbols, u->token, u->deltas, u->count, out);
}

/* One delta per sequence point of the method's latest version, hidden ones included; they
 * add to those already in force and apply to every version of the method. */
static HRESULT STDMETHODCALLTYPE enc_update_UpdateMethodLines(ISymUnmanagedENCUpdate *iface,
                                                              mdMethodDef mdMethodToken,
                                                              INT32 *pDeltas, ULONG cDeltas)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedENCUpdate, iface);
    struct corsym_symbols *symbols;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (cDeltas == 0)
        return S_OK; /* whatever the token, as Microsoft's reader answers */
    if (!pDeltas)
        return E_INVALIDARG;
    if (cDeltas > INT32_MAX)
        return E_FAIL;
    struct lines_update u = { mdMethodToken, pDeltas, cDeltas };
    corsym_status st = publish_update(This, apply_method_lines, &u);
    if (st == CORSYM_NOT_FOUND || st == CORSYM_E_INVALID_ARG)
        return E_FAIL; /* no such method, no sequence points, or not one delta per point */
    return corsym_hresult_from_status(st);
}

static const ISymUnmanagedENCUpdateVtbl enc_update_vtbl = {
    enc_update_QueryInterface,
    enc_update_AddRef,
    enc_update_Release,
    enc_update_UpdateSymbolStore2,
    enc_update_GetLocalVariableCount,
    enc_update_GetLocalVariables,
    enc_update_InitializeForEnc,
    enc_update_UpdateMethodLines,
};

/*** ISymUnmanagedSourceServerModule methods ***/

/* The caller frees the copy with CoTaskMemFree, which is free() outside Windows. */
static void *task_alloc(size_t size)
{
#ifdef _WIN32
    return CoTaskMemAlloc(size);
#else
    return malloc(size);
#endif
}

static HRESULT STDMETHODCALLTYPE source_server_GetSourceServerData(
    ISymUnmanagedSourceServerModule *iface, ULONG *pDataByteCount, BYTE **ppData)
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedSourceServerModule, iface);
    struct corsym_symbols *symbols;
    CORSYM_CHECK_OUT(pDataByteCount);
    CORSYM_CHECK_OUT(ppData);
    *pDataByteCount = 0;
    *ppData = NULL;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!symbols->source_server.data || symbols->source_server.size > UINT32_MAX)
        return E_FAIL;
    *ppData = task_alloc(symbols->source_server.size);
    if (!*ppData)
        return E_OUTOFMEMORY;
    memcpy(*ppData, symbols->source_server.data, symbols->source_server.size);
    *pDataByteCount = (ULONG)symbols->source_server.size;
    return S_OK;
}

static const ISymUnmanagedSourceServerModuleVtbl source_server_vtbl = {
    source_server_QueryInterface,
    source_server_AddRef,
    source_server_Release,
    source_server_GetSourceServerData,
};

/*** ISymUnmanagedReaderSymbolSearchInfo methods ***/

/* Search information describes the binder's probing; a reader opened directly (Initialize,
 * CreateSymReader, GetReaderFromStream) probed nothing, so the list is empty. */
static HRESULT STDMETHODCALLTYPE search_info_GetSymbolSearchInfoCount(
    ISymUnmanagedReaderSymbolSearchInfo *iface, ULONG32 *pcSearchInfo)
{
    (void)iface;
    CORSYM_CHECK_OUT(pcSearchInfo);
    *pcSearchInfo = 0;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE search_info_GetSymbolSearchInfo(
    ISymUnmanagedReaderSymbolSearchInfo *iface, ULONG32 cSearchInfo, ULONG32 *pcSearchInfo,
    ISymUnmanagedSymbolSearchInfo **rgpSearchInfo)
{
    size_t fill;
    (void)iface;
    return corsym_array_begin(0, cSearchInfo, pcSearchInfo, rgpSearchInfo, &fill);
}

static const ISymUnmanagedReaderSymbolSearchInfoVtbl search_info_vtbl = {
    search_info_QueryInterface,
    search_info_AddRef,
    search_info_Release,
    search_info_GetSymbolSearchInfoCount,
    search_info_GetSymbolSearchInfo,
};

/*** ISymUnmanagedCompilerInfoReader methods ***/

static HRESULT STDMETHODCALLTYPE compiler_info_reader_GetCompilerInfo(
    ISymUnmanagedCompilerInfoReader *iface, USHORT *pMajor, USHORT *pMinor, USHORT *pBuild,
    USHORT *pRevision, ULONG32 cchName, ULONG32 *pcchName, WCHAR szName[])
{
    struct sym_reader *This = READER_FROM(ISymUnmanagedCompilerInfoReader, iface);
    struct corsym_symbols *symbols;
    if (pcchName)
        *pcchName = 0;
    HRESULT hr = usable(This, &symbols);
    if (FAILED(hr))
        return hr;
    if (!symbols->compiler.present)
        return S_FALSE;
    if (pMajor) *pMajor = symbols->compiler.major;
    if (pMinor) *pMinor = symbols->compiler.minor;
    if (pBuild) *pBuild = symbols->compiler.build;
    if (pRevision) *pRevision = symbols->compiler.revision;
    return corsym_copy_wstr(symbols->compiler.name.chars, symbols->compiler.name.length, cchName,
                            pcchName, szName);
}

static const ISymUnmanagedCompilerInfoReaderVtbl compiler_info_reader_vtbl = {
    compiler_info_reader_QueryInterface,
    compiler_info_reader_AddRef,
    compiler_info_reader_Release,
    compiler_info_reader_GetCompilerInfo,
};

HRESULT corsym_reader_create(REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    struct sym_reader *This = calloc(1, sizeof(*This));
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymUnmanagedReader5_iface.lpVtbl = &reader_vtbl;
    This->ISymUnmanagedDispose_iface.lpVtbl = &dispose_vtbl;
    This->ISymUnmanagedENCUpdate_iface.lpVtbl = &enc_update_vtbl;
    This->ISymUnmanagedSourceServerModule_iface.lpVtbl = &source_server_vtbl;
    This->ISymUnmanagedReaderSymbolSearchInfo_iface.lpVtbl = &search_info_vtbl;
    This->ISymUnmanagedCompilerInfoReader_iface.lpVtbl = &compiler_info_reader_vtbl;
    This->refcount = 1;
    This->metadata = corsym_module_metadata_new();
    if (!This->metadata) {
        free(This);
        return E_OUTOFMEMORY;
    }
    corsym_mutex_init(&This->lock);
    corsym_module_lock();
    HRESULT hr = reader_QueryInterface(&This->ISymUnmanagedReader5_iface, riid, ppv);
    reader_Release(&This->ISymUnmanagedReader5_iface);
    return hr;
}
