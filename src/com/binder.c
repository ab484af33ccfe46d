/* SPDX-License-Identifier: MIT */
/*
 * CorSymBinder: finds the symbols of a module and hands back an initialised reader.
 * GetReaderForFile2 probes as Microsoft's binders do (research/portable.md 1.2): the PE's
 * first CodeView entry names the PDB and its identity; candidates are the PDB next to the
 * PE, the path recorded in the PE, then each directory of the search path,
 * _NT_ALT_SYMBOL_PATH and _NT_SYMBOL_PATH with the symbols/<ext>/ and <ext>/ probes. A
 * candidate counts only if its identity matches. Unlike Microsoft's portable binder, a PDB
 * embedded in the PE is the last candidate rather than being ignored.
 */
#include "com/reader_private.h"
#include "base/utf.h"
#include "pe/pe.h"
#include "platform/file.h"

struct sym_binder {
    ISymUnmanagedBinder4 ISymUnmanagedBinder4_iface;
    uint32_t refcount;
};

static inline struct sym_binder *impl_from_ISymUnmanagedBinder4(ISymUnmanagedBinder4 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_binder, ISymUnmanagedBinder4_iface);
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE binder_QueryInterface(ISymUnmanagedBinder4 *iface, REFIID riid,
                                                       void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedBinder) &&
        !IsEqualGUID(riid, &IID_ISymUnmanagedBinder2) &&
        !IsEqualGUID(riid, &IID_ISymUnmanagedBinder3) &&
        !IsEqualGUID(riid, &IID_ISymUnmanagedBinder4))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedBinder4_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE binder_AddRef(ISymUnmanagedBinder4 *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedBinder4(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE binder_Release(ISymUnmanagedBinder4 *iface)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        free(This);
        corsym_module_unlock();
    }
    return ref;
}

/* ---- opening readers ---- */

static HRESULT open_reader(IUnknown *importer, const WCHAR *pdb_path, IStream *stream,
                           ISymUnmanagedReader **out)
{
    ISymUnmanagedReader *reader = NULL;
    *out = NULL;
    HRESULT hr = corsym_reader_create(&IID_ISymUnmanagedReader, (void **)&reader);
    if (FAILED(hr))
        return hr;
    hr = corsym_reader_open(reader, importer, pdb_path, stream);
    if (FAILED(hr)) {
        ISymUnmanagedReader_Release(reader);
        return hr;
    }
    *out = reader;
    return S_OK;
}

/* What the PE says its symbols are. */
struct module_identity {
    GUID guid;
    uint32_t age, stamp;
    BOOL portable;
    WCHAR *pdb_path; /* as recorded in the CodeView entry */
    uint8_t *embedded; /* the embedded Portable PDB, inflated, if any */
    size_t embedded_size;
};

static WCHAR *utf16_from_utf8(const uint8_t *text, size_t length)
{
    size_t units = 0;
    if (corsym_utf8_to_utf16_lossy(text, length, NULL, 0, &units) != CORSYM_OK && units == 0 &&
        length != 0)
        return NULL;
    WCHAR *out = malloc((units + 1) * sizeof(WCHAR));
    if (!out)
        return NULL;
    if (units && corsym_utf8_to_utf16_lossy(text, length, (uint16_t *)out, units, &units) != CORSYM_OK) {
        free(out);
        return NULL;
    }
    out[units] = 0;
    return out;
}

static HRESULT read_module_identity(const WCHAR *file_name, struct module_identity *id)
{
    memset(id, 0, sizeof(*id));
    corsym_file_map map;
    int err = corsym_file_map_open((const uint16_t *)file_name, &map);
    if (err)
        return err == CORSYM_FILE_NOT_FOUND ? E_PDB_NOT_FOUND : E_PDB_FILE_SYSTEM;
    struct corsym_pe pe;
    HRESULT hr = E_PDB_INVALID_EXECUTABLE;
    if (corsym_pe_open(&pe, map.data, map.size) != CORSYM_OK)
        goto done;
    struct corsym_pe_debug_entry entry;
    struct corsym_pe_codeview cv;
    hr = E_PDB_NO_DEBUG_INFO;
    if (corsym_pe_debug_find(&pe, CORSYM_PE_DEBUG_CODEVIEW, &entry) != CORSYM_OK ||
        corsym_pe_codeview_parse(entry.data, &cv) != CORSYM_OK)
        goto done;
    memcpy(&id->guid, cv.guid, 16);
    id->age = cv.age;
    id->stamp = entry.timestamp;
    id->portable = corsym_pe_codeview_is_portable(&entry);
    id->pdb_path = utf16_from_utf8(cv.path.data, cv.path.len);
    hr = id->pdb_path ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr) &&
        corsym_pe_debug_find(&pe, CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB, &entry) == CORSYM_OK) {
        uint32_t size;
        struct corsym_span compressed;
        if (corsym_pe_embedded_pdb_parse(entry.data, &size, &compressed) == CORSYM_OK &&
            (id->embedded = malloc(size ? size : 1)) != NULL) {
            if (corsym_pe_embedded_pdb_inflate(entry.data, id->embedded, size) == CORSYM_OK) {
                id->embedded_size = size;
            } else {
                free(id->embedded);
                id->embedded = NULL;
            }
        }
    }
done:
    corsym_file_map_close(&map);
    return hr;
}

static void free_module_identity(struct module_identity *id)
{
    free(id->pdb_path);
    free(id->embedded);
}

static BOOL matches(ISymUnmanagedReader *reader, const struct module_identity *id)
{
    ISymUnmanagedReader4 *reader4 = NULL;
    BOOL result = FALSE;
    if (FAILED(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                  (void **)&reader4)))
        return FALSE;
    /* Portable ids end in the PE's stamp; Windows PDBs match on GUID and age. */
    if (FAILED(ISymUnmanagedReader4_MatchesModule(reader4, id->guid, id->stamp,
                                                  id->portable ? 1 : (int)id->age, &result)))
        result = FALSE;
    ISymUnmanagedReader4_Release(reader4);
    return result;
}

static HRESULT try_candidate(IUnknown *importer, const WCHAR *path,
                             const struct module_identity *id, ISymUnmanagedReader **out)
{
    ISymUnmanagedReader *reader;
    if (FAILED(open_reader(importer, path, NULL, &reader)))
        return S_FALSE;
    if (!matches(reader, id)) {
        ISymUnmanagedReader_Release(reader);
        return S_FALSE;
    }
    *out = reader;
    return S_OK;
}

#ifdef _WIN32
#define PATH_SEPARATOR '\\'
#else
#define PATH_SEPARATOR '/'
#endif

static BOOL is_separator(WCHAR c)
{
    return c == '/' || c == '\\';
}

/* dir + [sub/ [sub2/]] + name, as a new string. */
static WCHAR *join(const WCHAR *dir, size_t dir_length, const WCHAR *sub, const WCHAR *sub2,
                   const WCHAR *name)
{
    size_t ns = sub ? corsym_wcslen(sub) : 0, ns2 = sub2 ? corsym_wcslen(sub2) : 0;
    size_t nn = corsym_wcslen(name), total = dir_length + ns + ns2 + nn + 4;
    WCHAR *out = malloc(total * sizeof(WCHAR)), *p = out;
    if (!out)
        return NULL;
    memcpy(p, dir, dir_length * sizeof(WCHAR));
    p += dir_length;
    if (dir_length && !is_separator(dir[dir_length - 1]))
        *p++ = PATH_SEPARATOR;
    if (ns) {
        memcpy(p, sub, ns * sizeof(WCHAR));
        p += ns;
        *p++ = PATH_SEPARATOR;
    }
    if (ns2) {
        memcpy(p, sub2, ns2 * sizeof(WCHAR));
        p += ns2;
        *p++ = PATH_SEPARATOR;
    }
    memcpy(p, name, nn * sizeof(WCHAR));
    p[nn] = 0;
    return out;
}

static const WCHAR *base_name(const WCHAR *path)
{
    const WCHAR *name = path;
    for (const WCHAR *p = path; *p; p++)
        if (is_separator(*p) || *p == ':')
            name = p + 1;
    return name;
}

/* The PE's extension without the dot ("dll"), into ext; empty if none. */
static void extension(const WCHAR *pe_path, WCHAR ext[16])
{
    const WCHAR *name = base_name(pe_path), *dot = NULL;
    for (const WCHAR *p = name; *p; p++)
        if (*p == '.')
            dot = p;
    size_t n = 0;
    if (dot)
        for (const WCHAR *p = dot + 1; *p && n < 15; p++)
            ext[n++] = *p;
    ext[n] = 0;
}

static BOOL starts_with_ci(const WCHAR *s, size_t n, const char *prefix)
{
    size_t i = 0;
    for (; prefix[i]; i++) {
        WCHAR c = i < n ? s[i] : 0;
        if (c >= 'a' && c <= 'z')
            c = (WCHAR)(c - 32);
        if (c != (WCHAR)prefix[i])
            return FALSE;
    }
    return TRUE;
}

/* Probes every directory of a ';'-separated list. */
static HRESULT probe_list(IUnknown *importer, const WCHAR *list, const WCHAR *pdb_name,
                          const WCHAR *ext, const struct module_identity *id,
                          ISymUnmanagedReader **out)
{
    static const WCHAR symbols[] = { 's', 'y', 'm', 'b', 'o', 'l', 's', 0 };
    const WCHAR *p = list;
    while (p && *p) {
        const WCHAR *end = p;
        while (*end && *end != ';')
            end++;
        size_t n = (size_t)(end - p);
        /* Symbol-server entries need a network client, which a symbol reader is not. */
        if (n && !starts_with_ci(p, n, "SRV*") && !starts_with_ci(p, n, "SYMSRV*") &&
            !starts_with_ci(p, n, "CACHE*")) {
            const WCHAR *subs[3][2] = { { symbols, ext }, { ext, NULL }, { NULL, NULL } };
            for (int k = 0; k < 3; k++) {
                if (k < 2 && !ext[0])
                    continue;
                WCHAR *candidate = join(p, n, subs[k][0], subs[k][1], pdb_name);
                if (!candidate)
                    return E_OUTOFMEMORY;
                HRESULT hr = try_candidate(importer, candidate, id, out);
                free(candidate);
                if (hr == S_OK)
                    return S_OK;
            }
        }
        p = *end ? end + 1 : end;
    }
    return S_FALSE;
}

static WCHAR *environment_list(const char *name)
{
#ifdef _WIN32
    WCHAR wname[64];
    MultiByteToWideChar(CP_UTF8, 0, name, -1, wname, 64);
    DWORD n = GetEnvironmentVariableW(wname, NULL, 0);
    if (!n)
        return NULL;
    WCHAR *value = malloc(n * sizeof(WCHAR));
    if (value && GetEnvironmentVariableW(wname, value, n) == 0) {
        free(value);
        return NULL;
    }
    return value;
#else
    const char *value = getenv(name);
    return value ? utf16_from_utf8((const uint8_t *)value, strlen(value)) : NULL;
#endif
}

static HRESULT find_reader(IUnknown *importer, const WCHAR *file_name, const WCHAR *search_path,
                           ULONG32 policy, ISymUnmanagedReader **out)
{
    struct module_identity id;
    HRESULT hr = read_module_identity(file_name, &id);
    if (FAILED(hr))
        return hr;
    const WCHAR *pdb_name = base_name(id.pdb_path);
    WCHAR ext[16];
    extension(file_name, ext);
    hr = S_FALSE;

    if (pdb_name[0] && (policy & AllowReferencePathAccess)) {
        size_t dir_length = (size_t)(base_name(file_name) - file_name);
        WCHAR *beside = join(file_name, dir_length, NULL, NULL, pdb_name);
        hr = beside ? try_candidate(importer, beside, &id, out) : E_OUTOFMEMORY;
        free(beside);
    }
    if (hr == S_FALSE && id.pdb_path[0] && (policy & AllowOriginalPathAccess))
        hr = try_candidate(importer, id.pdb_path, &id, out);
    if (hr == S_FALSE && pdb_name[0] && search_path)
        hr = probe_list(importer, search_path, pdb_name, ext, &id, out);
    static const char *const environment[] = { "_NT_ALT_SYMBOL_PATH", "_NT_SYMBOL_PATH" };
    for (int i = 0; i < 2 && hr == S_FALSE && pdb_name[0]; i++) {
        WCHAR *list = environment_list(environment[i]);
        if (list)
            hr = probe_list(importer, list, pdb_name, ext, &id, out);
        free(list);
    }
    if (hr == S_FALSE && id.embedded) {
        IStream *stream = NULL;
        hr = corsym_memory_stream_create(id.embedded, (ULONG)id.embedded_size, &stream);
        if (SUCCEEDED(hr)) {
            hr = open_reader(importer, NULL, stream, out);
            IStream_Release(stream);
            if (SUCCEEDED(hr) && !matches(*out, &id)) {
                ISymUnmanagedReader_Release(*out);
                *out = NULL;
                hr = S_FALSE;
            }
        }
    }
    free_module_identity(&id);
    if (hr == S_OK)
        corsym_reader_set_module_path(*out, file_name);
    return hr == S_FALSE ? E_PDB_NOT_FOUND : hr;
}

/*** ISymUnmanagedBinder methods ***/

static HRESULT STDMETHODCALLTYPE binder_GetReaderForFile2(ISymUnmanagedBinder4 *iface,
                                                          IUnknown *importer,
                                                          const WCHAR *fileName,
                                                          const WCHAR *searchPath,
                                                          ULONG32 searchPolicy,
                                                          ISymUnmanagedReader **pRetVal)
{
    (void)iface;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    if (!fileName || !fileName[0])
        return E_INVALIDARG;
    return find_reader(importer, fileName, searchPath, searchPolicy, pRetVal);
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderForFile(ISymUnmanagedBinder4 *iface,
                                                         IUnknown *importer, const WCHAR *fileName,
                                                         const WCHAR *searchPath,
                                                         ISymUnmanagedReader **pRetVal)
{
    return binder_GetReaderForFile2(iface, importer, fileName, searchPath,
                                    AllowReferencePathAccess, pRetVal);
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromStream(ISymUnmanagedBinder4 *iface,
                                                            IUnknown *importer, IStream *pstream,
                                                            ISymUnmanagedReader **pRetVal)
{
    (void)iface;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    if (!pstream)
        return E_INVALIDARG;
    return open_reader(importer, NULL, pstream, pRetVal);
}

/*** ISymUnmanagedBinder3 methods ***/

/* The callback serves DIA clients that cannot give a path to the image; with the image on
 * disk, the search is the same as GetReaderForFile2's. */
static HRESULT STDMETHODCALLTYPE binder_GetReaderFromCallback(ISymUnmanagedBinder4 *iface,
                                                              IUnknown *importer,
                                                              const WCHAR *fileName,
                                                              const WCHAR *searchPath,
                                                              ULONG32 searchPolicy,
                                                              IUnknown *callback,
                                                              ISymUnmanagedReader **pRetVal)
{
    (void)callback;
    return binder_GetReaderForFile2(iface, importer, fileName, searchPath, searchPolicy, pRetVal);
}

/*** ISymUnmanagedBinder4 methods ***/

/* The metadata importer is made only when a caller needs it; corsym needs none to read. */
static HRESULT STDMETHODCALLTYPE binder_GetReaderFromPdbFile(ISymUnmanagedBinder4 *iface,
                                                             IMetadataImportProvider *provider,
                                                             const WCHAR *pdbFilePath,
                                                             ISymUnmanagedReader **pRetVal)
{
    (void)iface; (void)provider;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    if (!pdbFilePath || !pdbFilePath[0])
        return E_INVALIDARG;
    return open_reader(NULL, pdbFilePath, NULL, pRetVal);
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromPdbStream(ISymUnmanagedBinder4 *iface,
                                                               IMetadataImportProvider *provider,
                                                               IStream *pdbStream,
                                                               ISymUnmanagedReader **pRetVal)
{
    (void)iface; (void)provider;
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    if (!pdbStream)
        return E_INVALIDARG;
    return open_reader(NULL, NULL, pdbStream, pRetVal);
}

static const ISymUnmanagedBinder4Vtbl binder_vtbl = {
    /*** IUnknown methods ***/
    binder_QueryInterface,
    binder_AddRef,
    binder_Release,
    /*** ISymUnmanagedBinder methods ***/
    binder_GetReaderForFile,
    binder_GetReaderFromStream,
    /*** ISymUnmanagedBinder2 methods ***/
    binder_GetReaderForFile2,
    /*** ISymUnmanagedBinder3 methods ***/
    binder_GetReaderFromCallback,
    /*** ISymUnmanagedBinder4 methods ***/
    binder_GetReaderFromPdbFile,
    binder_GetReaderFromPdbStream,
};

HRESULT corsym_binder_create(REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    struct sym_binder *This = calloc(1, sizeof(*This));
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymUnmanagedBinder4_iface.lpVtbl = &binder_vtbl;
    This->refcount = 1;
    corsym_module_lock();
    HRESULT hr = binder_QueryInterface(&This->ISymUnmanagedBinder4_iface, riid, ppv);
    binder_Release(&This->ISymUnmanagedBinder4_iface);
    return hr;
}
