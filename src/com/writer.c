/* SPDX-License-Identifier: MIT */
/* CorSymWriter: ISymUnmanagedWriter..Writer8 with IPdbWriter, the async-method properties
 * writer and the compiler-info writer on the same object. The symbol model and both
 * emitters arrive with the writer issues (#4 Portable, #6 Windows); until then every
 * format-dependent method answers E_NOTIMPL, and the COM plumbing is complete. */
#include "com/com_private.h"

struct sym_writer;
static void sym_writer_destroy(struct sym_writer *This);

struct sym_writer {
    ISymUnmanagedWriter8 ISymUnmanagedWriter8_iface;
    IPdbWriter IPdbWriter_iface;
    ISymUnmanagedAsyncMethodPropertiesWriter ISymUnmanagedAsyncMethodPropertiesWriter_iface;
    ISymUnmanagedCompilerInfoWriter ISymUnmanagedCompilerInfoWriter_iface;
    uint32_t refcount;
};

static inline struct sym_writer *impl_from_ISymUnmanagedWriter8(ISymUnmanagedWriter8 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedWriter8_iface);
}

static inline struct sym_writer *impl_from_IPdbWriter(IPdbWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, IPdbWriter_iface);
}

static inline struct sym_writer *impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(ISymUnmanagedAsyncMethodPropertiesWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedAsyncMethodPropertiesWriter_iface);
}

static inline struct sym_writer *impl_from_ISymUnmanagedCompilerInfoWriter(ISymUnmanagedCompilerInfoWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedCompilerInfoWriter_iface);
}

static HRESULT STDMETHODCALLTYPE writer_QueryInterface(ISymUnmanagedWriter8 *iface, REFIID riid, void **ppv)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter2) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter3) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter4) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter5) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter6) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter7) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter8))
        *ppv = &This->ISymUnmanagedWriter8_iface;
    else if (IsEqualGUID(riid, &IID_IPdbWriter))
        *ppv = &This->IPdbWriter_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedAsyncMethodPropertiesWriter))
        *ppv = &This->ISymUnmanagedAsyncMethodPropertiesWriter_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedCompilerInfoWriter))
        *ppv = &This->ISymUnmanagedCompilerInfoWriter_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*ppv);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE writer_AddRef(ISymUnmanagedWriter8 *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedWriter8(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE writer_Release(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        sym_writer_destroy(This);
        corsym_module_unlock();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_QueryInterface(IPdbWriter *iface, REFIID riid, void **ppv)
{
    return writer_QueryInterface(&impl_from_IPdbWriter(iface)->ISymUnmanagedWriter8_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE pdb_writer_AddRef(IPdbWriter *iface)
{
    return writer_AddRef(&impl_from_IPdbWriter(iface)->ISymUnmanagedWriter8_iface);
}

static ULONG STDMETHODCALLTYPE pdb_writer_Release(IPdbWriter *iface)
{
    return writer_Release(&impl_from_IPdbWriter(iface)->ISymUnmanagedWriter8_iface);
}

static HRESULT STDMETHODCALLTYPE async_writer_QueryInterface(ISymUnmanagedAsyncMethodPropertiesWriter *iface, REFIID riid, void **ppv)
{
    return writer_QueryInterface(&impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface)->ISymUnmanagedWriter8_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE async_writer_AddRef(ISymUnmanagedAsyncMethodPropertiesWriter *iface)
{
    return writer_AddRef(&impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface)->ISymUnmanagedWriter8_iface);
}

static ULONG STDMETHODCALLTYPE async_writer_Release(ISymUnmanagedAsyncMethodPropertiesWriter *iface)
{
    return writer_Release(&impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface)->ISymUnmanagedWriter8_iface);
}

static HRESULT STDMETHODCALLTYPE compiler_info_writer_QueryInterface(ISymUnmanagedCompilerInfoWriter *iface, REFIID riid, void **ppv)
{
    return writer_QueryInterface(&impl_from_ISymUnmanagedCompilerInfoWriter(iface)->ISymUnmanagedWriter8_iface, riid, ppv);
}

static ULONG STDMETHODCALLTYPE compiler_info_writer_AddRef(ISymUnmanagedCompilerInfoWriter *iface)
{
    return writer_AddRef(&impl_from_ISymUnmanagedCompilerInfoWriter(iface)->ISymUnmanagedWriter8_iface);
}

static ULONG STDMETHODCALLTYPE compiler_info_writer_Release(ISymUnmanagedCompilerInfoWriter *iface)
{
    return writer_Release(&impl_from_ISymUnmanagedCompilerInfoWriter(iface)->ISymUnmanagedWriter8_iface);
}

static HRESULT STDMETHODCALLTYPE writer_DefineDocument(ISymUnmanagedWriter8 *iface,
        const WCHAR *url,
        const GUID *language,
        const GUID *languageVendor,
        const GUID *documentType,
        ISymUnmanagedDocumentWriter **pRetVal)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetUserEntryPoint(ISymUnmanagedWriter8 *iface,
        mdMethodDef entryMethod)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_OpenMethod(ISymUnmanagedWriter8 *iface,
        mdMethodDef method)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_CloseMethod(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_OpenScope(ISymUnmanagedWriter8 *iface,
        ULONG32 startOffset,
        ULONG32 *pRetVal)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_CloseScope(ISymUnmanagedWriter8 *iface,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetScopeRange(ISymUnmanagedWriter8 *iface,
        ULONG32 scopeID,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineLocalVariable(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineParameter(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 sequence,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineField(ISymUnmanagedWriter8 *iface,
        mdTypeDef parent,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineGlobalVariable(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Close(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetSymAttribute(ISymUnmanagedWriter8 *iface,
        mdToken parent,
        const WCHAR *name,
        ULONG32 cData,
        unsigned char data[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_OpenNamespace(ISymUnmanagedWriter8 *iface,
        const WCHAR *name)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_CloseNamespace(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_UsingNamespace(ISymUnmanagedWriter8 *iface,
        const WCHAR *fullName)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetMethodSourceRange(ISymUnmanagedWriter8 *iface,
        ISymUnmanagedDocumentWriter *startDoc,
        ULONG32 startLine,
        ULONG32 startColumn,
        ISymUnmanagedDocumentWriter *endDoc,
        ULONG32 endLine,
        ULONG32 endColumn)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Initialize(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        const WCHAR *filename,
        IStream *pIStream,
        BOOL fFullBuild)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_GetDebugInfo(ISymUnmanagedWriter8 *iface,
        IMAGE_DEBUG_DIRECTORY *pIDD,
        DWORD cData,
        DWORD *pcData,
        BYTE data[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineSequencePoints(ISymUnmanagedWriter8 *iface,
        ISymUnmanagedDocumentWriter *document,
        ULONG32 spCount,
        ULONG32 offsets[],
        ULONG32 lines[],
        ULONG32 columns[],
        ULONG32 endLines[],
        ULONG32 endColumns[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_RemapToken(ISymUnmanagedWriter8 *iface,
        mdToken oldToken,
        mdToken newToken)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Initialize2(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        const WCHAR *tempfilename,
        IStream *pIStream,
        BOOL fFullBuild,
        const WCHAR *finalfilename)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineConstant(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        VARIANT value,
        ULONG32 cSig,
        unsigned char signature[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Abort(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineLocalVariable2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        mdSignature sigToken,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineGlobalVariable2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        mdSignature sigToken,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineConstant2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        VARIANT value,
        mdSignature sigToken)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_OpenMethod2(ISymUnmanagedWriter8 *iface,
        mdMethodDef method,
        ULONG32 isect,
        ULONG32 offset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Commit(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_GetDebugInfoWithPadding(ISymUnmanagedWriter8 *iface,
        IMAGE_DEBUG_DIRECTORY *pIDD,
        DWORD cData,
        DWORD *pcData,
        BYTE data[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_OpenMapTokensToSourceSpans(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_CloseMapTokensToSourceSpans(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_MapTokenToSourceSpan(ISymUnmanagedWriter8 *iface,
        mdToken token,
        ISymUnmanagedDocumentWriter *document,
        ULONG32 line,
        ULONG32 column,
        ULONG32 endLine,
        ULONG32 endColumn)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_InitializeDeterministic(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        IUnknown *stream)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_UpdateSignatureByHashingContent(ISymUnmanagedWriter8 *iface,
        const BYTE *buffer,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_UpdateSignature(ISymUnmanagedWriter8 *iface,
        GUID pdbId,
        DWORD stamp,
        int age)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetSourceServerData(ISymUnmanagedWriter8 *iface,
        const BYTE *data,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_SetSourceLinkData(ISymUnmanagedWriter8 *iface,
        const BYTE *data,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedWriter8Vtbl writer_vtbl = {
    /*** IUnknown methods ***/
    writer_QueryInterface,
    writer_AddRef,
    writer_Release,
    /*** ISymUnmanagedWriter methods ***/
    writer_DefineDocument,
    writer_SetUserEntryPoint,
    writer_OpenMethod,
    writer_CloseMethod,
    writer_OpenScope,
    writer_CloseScope,
    writer_SetScopeRange,
    writer_DefineLocalVariable,
    writer_DefineParameter,
    writer_DefineField,
    writer_DefineGlobalVariable,
    writer_Close,
    writer_SetSymAttribute,
    writer_OpenNamespace,
    writer_CloseNamespace,
    writer_UsingNamespace,
    writer_SetMethodSourceRange,
    writer_Initialize,
    writer_GetDebugInfo,
    writer_DefineSequencePoints,
    writer_RemapToken,
    writer_Initialize2,
    writer_DefineConstant,
    writer_Abort,
    /*** ISymUnmanagedWriter2 methods ***/
    writer_DefineLocalVariable2,
    writer_DefineGlobalVariable2,
    writer_DefineConstant2,
    /*** ISymUnmanagedWriter3 methods ***/
    writer_OpenMethod2,
    writer_Commit,
    /*** ISymUnmanagedWriter4 methods ***/
    writer_GetDebugInfoWithPadding,
    /*** ISymUnmanagedWriter5 methods ***/
    writer_OpenMapTokensToSourceSpans,
    writer_CloseMapTokensToSourceSpans,
    writer_MapTokenToSourceSpan,
    /*** ISymUnmanagedWriter6 methods ***/
    writer_InitializeDeterministic,
    /*** ISymUnmanagedWriter7 methods ***/
    writer_UpdateSignatureByHashingContent,
    /*** ISymUnmanagedWriter8 methods ***/
    writer_UpdateSignature,
    writer_SetSourceServerData,
    writer_SetSourceLinkData,
};

static HRESULT STDMETHODCALLTYPE pdb_writer_SetPath(IPdbWriter *iface,
        const WCHAR *szFullPathName,
        IStream *pIStream,
        BOOL fFullBuild)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_OpenMod(IPdbWriter *iface,
        const WCHAR *szModuleName,
        const WCHAR *szFileName)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_CloseMod(IPdbWriter *iface)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_GetPath(IPdbWriter *iface,
        DWORD ccData,
        DWORD *pccData,
        WCHAR szPath[])
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_GetSignatureAge(IPdbWriter *iface,
        DWORD *sig,
        DWORD *age)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static const IPdbWriterVtbl pdb_writer_vtbl = {
    /*** IUnknown methods ***/
    pdb_writer_QueryInterface,
    pdb_writer_AddRef,
    pdb_writer_Release,
    /*** IPdbWriter methods ***/
    pdb_writer_SetPath,
    pdb_writer_OpenMod,
    pdb_writer_CloseMod,
    pdb_writer_GetPath,
    pdb_writer_GetSignatureAge,
};

static HRESULT STDMETHODCALLTYPE async_writer_DefineKickoffMethod(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        mdToken kickoffMethod)
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE async_writer_DefineCatchHandlerILOffset(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        ULONG32 catchHandlerOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE async_writer_DefineAsyncStepInfo(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        ULONG32 count,
        ULONG32 yieldOffsets[],
        ULONG32 breakpointOffset[],
        mdToken breakpointMethod[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedAsyncMethodPropertiesWriterVtbl async_writer_vtbl = {
    /*** IUnknown methods ***/
    async_writer_QueryInterface,
    async_writer_AddRef,
    async_writer_Release,
    /*** ISymUnmanagedAsyncMethodPropertiesWriter methods ***/
    async_writer_DefineKickoffMethod,
    async_writer_DefineCatchHandlerILOffset,
    async_writer_DefineAsyncStepInfo,
};

static HRESULT STDMETHODCALLTYPE compiler_info_writer_AddCompilerInfo(ISymUnmanagedCompilerInfoWriter *iface,
        USHORT major,
        USHORT minor,
        USHORT build,
        USHORT revision,
        const WCHAR *name)
{
    struct sym_writer *This = impl_from_ISymUnmanagedCompilerInfoWriter(iface);
    (void)This;
    return E_NOTIMPL;
}

static const ISymUnmanagedCompilerInfoWriterVtbl compiler_info_writer_vtbl = {
    /*** IUnknown methods ***/
    compiler_info_writer_QueryInterface,
    compiler_info_writer_AddRef,
    compiler_info_writer_Release,
    /*** ISymUnmanagedCompilerInfoWriter methods ***/
    compiler_info_writer_AddCompilerInfo,
};


static void sym_writer_destroy(struct sym_writer *This)
{
    free(This);
}

HRESULT corsym_writer_create(REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    struct sym_writer *This = calloc(1, sizeof(*This));
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymUnmanagedWriter8_iface.lpVtbl = &writer_vtbl;
    This->IPdbWriter_iface.lpVtbl = &pdb_writer_vtbl;
    This->ISymUnmanagedAsyncMethodPropertiesWriter_iface.lpVtbl = &async_writer_vtbl;
    This->ISymUnmanagedCompilerInfoWriter_iface.lpVtbl = &compiler_info_writer_vtbl;
    This->refcount = 1;
    corsym_module_lock();
    HRESULT hr = writer_QueryInterface(&This->ISymUnmanagedWriter8_iface, riid, ppv);
    writer_Release(&This->ISymUnmanagedWriter8_iface);
    return hr;
}
