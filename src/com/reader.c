/* SPDX-License-Identifier: MIT */
/* CorSymReader: ISymUnmanagedReader..Reader5 with Dispose, ENCUpdate, SourceServerModule and
 * CompilerInfoReader on the same object. */
#include "com/com_private.h"

struct sym_reader;
static void sym_reader_destroy(struct sym_reader *This);

struct sym_reader {
    ISymUnmanagedReader5 ISymUnmanagedReader5_iface;
    ISymUnmanagedDispose ISymUnmanagedDispose_iface;
    ISymUnmanagedENCUpdate ISymUnmanagedENCUpdate_iface;
    ISymUnmanagedSourceServerModule ISymUnmanagedSourceServerModule_iface;
    ISymUnmanagedCompilerInfoReader ISymUnmanagedCompilerInfoReader_iface;
    uint32_t refcount;
};

static inline struct sym_reader *impl_from_ISymUnmanagedReader5(ISymUnmanagedReader5 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedReader5_iface);
}

static inline struct sym_reader *impl_from_ISymUnmanagedDispose(ISymUnmanagedDispose *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedDispose_iface);
}

static inline struct sym_reader *impl_from_ISymUnmanagedENCUpdate(ISymUnmanagedENCUpdate *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedENCUpdate_iface);
}

static inline struct sym_reader *impl_from_ISymUnmanagedSourceServerModule(ISymUnmanagedSourceServerModule *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedSourceServerModule_iface);
}

static inline struct sym_reader *impl_from_ISymUnmanagedCompilerInfoReader(ISymUnmanagedCompilerInfoReader *iface)
{
    return CONTAINING_RECORD(iface, struct sym_reader, ISymUnmanagedCompilerInfoReader_iface);
}

static HRESULT STDMETHODCALLTYPE reader_QueryInterface(ISymUnmanagedReader5 *iface, REFIID riid, void **ppv)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedReader) ||
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

static HRESULT STDMETHODCALLTYPE dispose_QueryInterface(ISymUnmanagedDispose *iface, REFIID riid, void **ppv)
{
    return reader_QueryInterface(&impl_from_ISymUnmanagedDispose(iface)->ISymUnmanagedReader5_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE dispose_AddRef(ISymUnmanagedDispose *iface)
{
    return reader_AddRef(&impl_from_ISymUnmanagedDispose(iface)->ISymUnmanagedReader5_iface);
}

static ULONG STDMETHODCALLTYPE dispose_Release(ISymUnmanagedDispose *iface)
{
    return reader_Release(&impl_from_ISymUnmanagedDispose(iface)->ISymUnmanagedReader5_iface);
}

static HRESULT STDMETHODCALLTYPE enc_update_QueryInterface(ISymUnmanagedENCUpdate *iface, REFIID riid, void **ppv)
{
    return reader_QueryInterface(&impl_from_ISymUnmanagedENCUpdate(iface)->ISymUnmanagedReader5_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE enc_update_AddRef(ISymUnmanagedENCUpdate *iface)
{
    return reader_AddRef(&impl_from_ISymUnmanagedENCUpdate(iface)->ISymUnmanagedReader5_iface);
}

static ULONG STDMETHODCALLTYPE enc_update_Release(ISymUnmanagedENCUpdate *iface)
{
    return reader_Release(&impl_from_ISymUnmanagedENCUpdate(iface)->ISymUnmanagedReader5_iface);
}

static HRESULT STDMETHODCALLTYPE source_server_QueryInterface(ISymUnmanagedSourceServerModule *iface, REFIID riid, void **ppv)
{
    return reader_QueryInterface(&impl_from_ISymUnmanagedSourceServerModule(iface)->ISymUnmanagedReader5_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE source_server_AddRef(ISymUnmanagedSourceServerModule *iface)
{
    return reader_AddRef(&impl_from_ISymUnmanagedSourceServerModule(iface)->ISymUnmanagedReader5_iface);
}

static ULONG STDMETHODCALLTYPE source_server_Release(ISymUnmanagedSourceServerModule *iface)
{
    return reader_Release(&impl_from_ISymUnmanagedSourceServerModule(iface)->ISymUnmanagedReader5_iface);
}

static HRESULT STDMETHODCALLTYPE compiler_info_reader_QueryInterface(ISymUnmanagedCompilerInfoReader *iface, REFIID riid, void **ppv)
{
    return reader_QueryInterface(&impl_from_ISymUnmanagedCompilerInfoReader(iface)->ISymUnmanagedReader5_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE compiler_info_reader_AddRef(ISymUnmanagedCompilerInfoReader *iface)
{
    return reader_AddRef(&impl_from_ISymUnmanagedCompilerInfoReader(iface)->ISymUnmanagedReader5_iface);
}

static ULONG STDMETHODCALLTYPE compiler_info_reader_Release(ISymUnmanagedCompilerInfoReader *iface)
{
    return reader_Release(&impl_from_ISymUnmanagedCompilerInfoReader(iface)->ISymUnmanagedReader5_iface);
}

static HRESULT STDMETHODCALLTYPE reader_GetDocument(ISymUnmanagedReader5 *iface,
        WCHAR *url,
        GUID language,
        GUID languageVendor,
        GUID documentType,
        ISymUnmanagedDocument **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetDocuments(ISymUnmanagedReader5 *iface,
        ULONG32 cDocs,
        ULONG32 *pcDocs,
        ISymUnmanagedDocument * pDocs[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetUserEntryPoint(ISymUnmanagedReader5 *iface,
        mdMethodDef *pToken)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethod(ISymUnmanagedReader5 *iface,
        mdMethodDef token,
        ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodByVersion(ISymUnmanagedReader5 *iface,
        mdMethodDef token,
        int version,
        ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetVariables(ISymUnmanagedReader5 *iface,
        mdToken parent,
        ULONG32 cVars,
        ULONG32 *pcVars,
        ISymUnmanagedVariable * pVars[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetGlobalVariables(ISymUnmanagedReader5 *iface,
        ULONG32 cVars,
        ULONG32 *pcVars,
        ISymUnmanagedVariable * pVars[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodFromDocumentPosition(ISymUnmanagedReader5 *iface,
        ISymUnmanagedDocument *document,
        ULONG32 line,
        ULONG32 column,
        ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttribute(ISymUnmanagedReader5 *iface,
        mdToken parent,
        WCHAR *name,
        ULONG32 cBuffer,
        ULONG32 *pcBuffer,
        BYTE buffer[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetNamespaces(ISymUnmanagedReader5 *iface,
        ULONG32 cNameSpaces,
        ULONG32 *pcNameSpaces,
        ISymUnmanagedNamespace * namespaces[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_Initialize(ISymUnmanagedReader5 *iface,
        IUnknown *importer,
        const WCHAR *filename,
        const WCHAR *searchPath,
        IStream *pIStream)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_UpdateSymbolStore(ISymUnmanagedReader5 *iface,
        const WCHAR *filename,
        IStream *pIStream)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_ReplaceSymbolStore(ISymUnmanagedReader5 *iface,
        const WCHAR *filename,
        IStream *pIStream)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymbolStoreFileName(ISymUnmanagedReader5 *iface,
        ULONG32 cchName,
        ULONG32 *pcchName,
        WCHAR szName[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodsFromDocumentPosition(ISymUnmanagedReader5 *iface,
        ISymUnmanagedDocument *document,
        ULONG32 line,
        ULONG32 column,
        ULONG32 cMethod,
        ULONG32 *pcMethod,
        ISymUnmanagedMethod * pRetVal[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetDocumentVersion(ISymUnmanagedReader5 *iface,
        ISymUnmanagedDocument *pDoc,
        int *version,
        BOOL *pbCurrent)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodVersion(ISymUnmanagedReader5 *iface,
        ISymUnmanagedMethod *pMethod,
        int *version)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodByVersionPreRemap(ISymUnmanagedReader5 *iface,
        mdMethodDef token,
        int version,
        ISymUnmanagedMethod **pRetVal)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributePreRemap(ISymUnmanagedReader5 *iface,
        mdToken parent,
        WCHAR *name,
        ULONG32 cBuffer,
        ULONG32 *pcBuffer,
        BYTE buffer[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetMethodsInDocument(ISymUnmanagedReader5 *iface,
        ISymUnmanagedDocument *document,
        ULONG32 cMethod,
        ULONG32 *pcMethod,
        ISymUnmanagedMethod * pRetVal[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributeByVersion(ISymUnmanagedReader5 *iface,
        mdMethodDef methodToken,
        int version,
        const WCHAR *name,
        ULONG32 bufferLength,
        ULONG32 *count,
        BYTE buffer[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSymAttributeByVersionPreRemap(ISymUnmanagedReader5 *iface,
        mdMethodDef methodToken,
        int version,
        const WCHAR *name,
        ULONG32 bufferLength,
        ULONG32 *count,
        BYTE buffer[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_MatchesModule(ISymUnmanagedReader5 *iface,
        GUID guid,
        DWORD stamp,
        int age,
        BOOL *result)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetPortableDebugMetadata(ISymUnmanagedReader5 *iface,
        BYTE **metadata,
        int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetSourceServerData(ISymUnmanagedReader5 *iface,
        BYTE **data,
        int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE reader_GetPortableDebugMetadataByVersion(ISymUnmanagedReader5 *iface,
        int version,
        BYTE **metadata,
        int *size)
{
    struct sym_reader *This = impl_from_ISymUnmanagedReader5(iface);
    (void)This;
    return E_NOTIMPL;
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

static HRESULT STDMETHODCALLTYPE dispose_Destroy(ISymUnmanagedDispose *iface)
{
    struct sym_reader *This = impl_from_ISymUnmanagedDispose(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedDisposeVtbl dispose_vtbl = {
    /*** IUnknown methods ***/
    dispose_QueryInterface,
    dispose_AddRef,
    dispose_Release,
    /*** ISymUnmanagedDispose methods ***/
    dispose_Destroy,
};

static HRESULT STDMETHODCALLTYPE enc_update_UpdateSymbolStore2(ISymUnmanagedENCUpdate *iface,
        IStream *pIStream,
        SYMLINEDELTA *pDeltaLines,
        ULONG cDeltaLines)
{
    struct sym_reader *This = impl_from_ISymUnmanagedENCUpdate(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE enc_update_GetLocalVariableCount(ISymUnmanagedENCUpdate *iface,
        mdMethodDef mdMethodToken,
        ULONG *pcLocals)
{
    struct sym_reader *This = impl_from_ISymUnmanagedENCUpdate(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE enc_update_GetLocalVariables(ISymUnmanagedENCUpdate *iface,
        mdMethodDef mdMethodToken,
        ULONG cLocals,
        ISymUnmanagedVariable * rgLocals[],
        ULONG *pceltFetched)
{
    struct sym_reader *This = impl_from_ISymUnmanagedENCUpdate(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE enc_update_InitializeForEnc(ISymUnmanagedENCUpdate *iface)
{
    struct sym_reader *This = impl_from_ISymUnmanagedENCUpdate(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE enc_update_UpdateMethodLines(ISymUnmanagedENCUpdate *iface,
        mdMethodDef mdMethodToken,
        INT32 *pDeltas,
        ULONG cDeltas)
{
    struct sym_reader *This = impl_from_ISymUnmanagedENCUpdate(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedENCUpdateVtbl enc_update_vtbl = {
    /*** IUnknown methods ***/
    enc_update_QueryInterface,
    enc_update_AddRef,
    enc_update_Release,
    /*** ISymUnmanagedENCUpdate methods ***/
    enc_update_UpdateSymbolStore2,
    enc_update_GetLocalVariableCount,
    enc_update_GetLocalVariables,
    enc_update_InitializeForEnc,
    enc_update_UpdateMethodLines,
};

static HRESULT STDMETHODCALLTYPE source_server_GetSourceServerData(ISymUnmanagedSourceServerModule *iface,
        ULONG *pDataByteCount,
        BYTE **ppData)
{
    struct sym_reader *This = impl_from_ISymUnmanagedSourceServerModule(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedSourceServerModuleVtbl source_server_vtbl = {
    /*** IUnknown methods ***/
    source_server_QueryInterface,
    source_server_AddRef,
    source_server_Release,
    /*** ISymUnmanagedSourceServerModule methods ***/
    source_server_GetSourceServerData,
};

static HRESULT STDMETHODCALLTYPE compiler_info_reader_GetCompilerInfo(ISymUnmanagedCompilerInfoReader *iface,
        USHORT *pMajor,
        USHORT *pMinor,
        USHORT *pBuild,
        USHORT *pRevision,
        ULONG32 cchName,
        ULONG32 *pcchName,
        WCHAR szName[])
{
    struct sym_reader *This = impl_from_ISymUnmanagedCompilerInfoReader(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedCompilerInfoReaderVtbl compiler_info_reader_vtbl = {
    /*** IUnknown methods ***/
    compiler_info_reader_QueryInterface,
    compiler_info_reader_AddRef,
    compiler_info_reader_Release,
    /*** ISymUnmanagedCompilerInfoReader methods ***/
    compiler_info_reader_GetCompilerInfo,
};


static void sym_reader_destroy(struct sym_reader *This)
{
    free(This);
}

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
    This->ISymUnmanagedCompilerInfoReader_iface.lpVtbl = &compiler_info_reader_vtbl;
    This->refcount = 1;
    corsym_module_lock();
    HRESULT hr = reader_QueryInterface(&This->ISymUnmanagedReader5_iface, riid, ppv);
    reader_Release(&This->ISymUnmanagedReader5_iface);
    return hr;
}
