/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedNamespace: a namespace a scope uses (Windows PDBs record them per scope, as
 * the import strings the compiler wrote, e.g. "USystem"). */
#include <stdlib.h>

#include "com/reader_private.h"

/* A child of its method (corsym_method_child): no count of its own. */
struct sym_namespace {
    ISymUnmanagedNamespace ISymUnmanagedNamespace_iface;
    struct sym_method *method;
    uint32_t index;
};

static const ISymUnmanagedNamespaceVtbl namespace_vtbl;

static inline struct sym_namespace *impl_from_ISymUnmanagedNamespace(ISymUnmanagedNamespace *iface)
{
    return CONTAINING_RECORD(iface, struct sym_namespace, ISymUnmanagedNamespace_iface);
}

static void init_namespaces(void *objects, struct sym_method *method, uint32_t count)
{
    struct sym_namespace *all = objects;
    for (uint32_t i = 0; i < count; i++) {
        all[i].ISymUnmanagedNamespace_iface.lpVtbl = &namespace_vtbl;
        all[i].method = method;
        all[i].index = i;
    }
}

const struct corsym_child_class corsym_namespace_class = { sizeof(struct sym_namespace), init_namespaces };

HRESULT corsym_namespace_create(struct sym_method *method, uint32_t index, ISymUnmanagedNamespace **out)
{
    struct sym_namespace *ns = corsym_method_child(method, CORSYM_CHILD_NAMESPACES, index);
    *out = ns ? &ns->ISymUnmanagedNamespace_iface : NULL;
    return ns ? S_OK : E_FAIL;
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
    return corsym_method_addref(impl_from_ISymUnmanagedNamespace(iface)->method);
}

static ULONG STDMETHODCALLTYPE namespace_Release(ISymUnmanagedNamespace *iface)
{
    /* The last reference to the method frees this object with it. */
    return corsym_method_release(impl_from_ISymUnmanagedNamespace(iface)->method);
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
