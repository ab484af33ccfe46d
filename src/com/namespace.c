/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedNamespace: a namespace a scope uses (Windows PDBs record them per scope, as
 * the import strings the compiler wrote, e.g. "USystem"). */
#include "base/zalloc.h"
#include "com/reader_private.h"

struct sym_namespace {
    ISymUnmanagedNamespace ISymUnmanagedNamespace_iface;
    uint32_t refcount;
    struct sym_method *method;
    uint32_t index;
};

static const ISymUnmanagedNamespaceVtbl namespace_vtbl;

static inline struct sym_namespace *impl_from_ISymUnmanagedNamespace(ISymUnmanagedNamespace *iface)
{
    return CONTAINING_RECORD(iface, struct sym_namespace, ISymUnmanagedNamespace_iface);
}

HRESULT corsym_namespace_create(struct sym_method *method, uint32_t index,
                                ISymUnmanagedNamespace **out)
{
    *out = NULL;
    struct sym_namespace *This = corsym_zalloc(sizeof(*This));
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymUnmanagedNamespace_iface.lpVtbl = &namespace_vtbl;
    This->refcount = 1;
    This->method = method;
    This->index = index;
    corsym_method_addref(method);
    corsym_module_lock();
    *out = &This->ISymUnmanagedNamespace_iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE namespace_QueryInterface(ISymUnmanagedNamespace *iface,
                                                          REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedNamespace))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedNamespace_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE namespace_AddRef(ISymUnmanagedNamespace *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedNamespace(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE namespace_Release(ISymUnmanagedNamespace *iface)
{
    struct sym_namespace *This = impl_from_ISymUnmanagedNamespace(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        corsym_method_release(This->method);
        free(This);
        corsym_module_unlock();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE namespace_GetName(ISymUnmanagedNamespace *iface, ULONG32 cchName,
                                                   ULONG32 *pcchName, WCHAR szName[])
{
    struct sym_namespace *This = impl_from_ISymUnmanagedNamespace(iface);
    const struct corsym_wstr *name = &corsym_method_data(This->method)->namespaces[This->index];
    return corsym_copy_wstr(name->chars, name->length, cchName, pcchName, szName);
}

/* Used namespaces are flat: no nested namespaces, no variables. */
static HRESULT STDMETHODCALLTYPE namespace_GetNamespaces(ISymUnmanagedNamespace *iface,
                                                         ULONG32 cNameSpaces, ULONG32 *pcNameSpaces,
                                                         ISymUnmanagedNamespace *namespaces[])
{
    size_t fill;
    (void)iface;
    return corsym_array_begin(0, cNameSpaces, pcNameSpaces, namespaces, &fill);
}

static HRESULT STDMETHODCALLTYPE namespace_GetVariables(ISymUnmanagedNamespace *iface, ULONG32 cVars,
                                                        ULONG32 *pcVars,
                                                        ISymUnmanagedVariable *pVars[])
{
    size_t fill;
    (void)iface;
    return corsym_array_begin(0, cVars, pcVars, pVars, &fill);
}

static const ISymUnmanagedNamespaceVtbl namespace_vtbl = {
    /*** IUnknown methods ***/
    namespace_QueryInterface,
    namespace_AddRef,
    namespace_Release,
    /*** ISymUnmanagedNamespace methods ***/
    namespace_GetName,
    namespace_GetNamespaces,
    namespace_GetVariables,
};
