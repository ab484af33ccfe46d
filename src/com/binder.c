/* SPDX-License-Identifier: MIT */
/* CorSymBinder: finds the symbols of a module and hands back an initialised reader. */
#include "com/com_private.h"

struct sym_binder;
static void sym_binder_destroy(struct sym_binder *This);

struct sym_binder {
    ISymUnmanagedBinder4 ISymUnmanagedBinder4_iface;
    uint32_t refcount;
};

static inline struct sym_binder *impl_from_ISymUnmanagedBinder4(ISymUnmanagedBinder4 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_binder, ISymUnmanagedBinder4_iface);
}

static HRESULT STDMETHODCALLTYPE binder_QueryInterface(ISymUnmanagedBinder4 *iface, REFIID riid, void **ppv)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedBinder) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedBinder2) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedBinder3) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedBinder4))
        *ppv = &This->ISymUnmanagedBinder4_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*ppv);
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
        sym_binder_destroy(This);
        corsym_module_unlock();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderForFile(ISymUnmanagedBinder4 *iface,
        IUnknown *importer,
        const WCHAR *fileName,
        const WCHAR *searchPath,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromStream(ISymUnmanagedBinder4 *iface,
        IUnknown *importer,
        IStream *pstream,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderForFile2(ISymUnmanagedBinder4 *iface,
        IUnknown *importer,
        const WCHAR *fileName,
        const WCHAR *searchPath,
        ULONG32 searchPolicy,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromCallback(ISymUnmanagedBinder4 *iface,
        IUnknown *importer,
        const WCHAR *fileName,
        const WCHAR *searchPath,
        ULONG32 searchPolicy,
        IUnknown *callback,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromPdbFile(ISymUnmanagedBinder4 *iface,
        IMetadataImportProvider *metadataImportProvider,
        const WCHAR *pdbFilePath,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE binder_GetReaderFromPdbStream(ISymUnmanagedBinder4 *iface,
        IMetadataImportProvider *metadataImportProvider,
        IStream *pdbStream,
        ISymUnmanagedReader **pRetVal)
{
    struct sym_binder *This = impl_from_ISymUnmanagedBinder4(iface);
    (void)This;
    return E_NOTIMPL;
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


static void sym_binder_destroy(struct sym_binder *This)
{
    free(This);
}

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
