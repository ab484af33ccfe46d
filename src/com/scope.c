/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedScope2: a view of one scope of a method's materialised symbols. */
#include <stdlib.h>

#include "com/reader_private.h"

/* A child of its method (corsym_method_child): no count of its own. */
struct sym_scope {
    ISymUnmanagedScope2 ISymUnmanagedScope2_iface;
    struct sym_method *method;
    uint32_t index;
};

static const ISymUnmanagedScope2Vtbl scope_vtbl;

static inline struct sym_scope *impl_from_ISymUnmanagedScope2(ISymUnmanagedScope2 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_scope, ISymUnmanagedScope2_iface);
}

static const struct corsym_scope *scope_record(struct sym_scope *This)
{
    return &corsym_method_data(This->method)->scopes[This->index];
}

static void init_scopes(void *objects, struct sym_method *method, uint32_t count)
{
    struct sym_scope *all = objects;
    for (uint32_t i = 0; i < count; i++) {
        all[i].ISymUnmanagedScope2_iface.lpVtbl = &scope_vtbl;
        all[i].method = method;
        all[i].index = i;
    }
}

const struct corsym_child_class corsym_scope_class = { sizeof(struct sym_scope), init_scopes };

HRESULT corsym_scope_create(struct sym_method *method, uint32_t index, ISymUnmanagedScope **out)
{
    /* There is always a root object, even for a method that declares no scope. */
    struct sym_scope *scope = corsym_method_child(method, CORSYM_CHILD_SCOPES, index);
    *out = scope ? (ISymUnmanagedScope *)&scope->ISymUnmanagedScope2_iface : NULL;
    return scope ? S_OK : E_FAIL;
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE scope_QueryInterface(ISymUnmanagedScope2 *iface, REFIID riid,
                                                      void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedScope) &&
        !IsEqualGUID(riid, &IID_ISymUnmanagedScope2))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedScope2_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE scope_AddRef(ISymUnmanagedScope2 *iface)
{
    return corsym_method_addref(impl_from_ISymUnmanagedScope2(iface)->method);
}

static ULONG STDMETHODCALLTYPE scope_Release(ISymUnmanagedScope2 *iface)
{
    /* The last reference to the method frees this object with it. */
    return corsym_method_release(impl_from_ISymUnmanagedScope2(iface)->method);
}

/*** ISymUnmanagedScope methods ***/

static HRESULT STDMETHODCALLTYPE scope_GetMethod(ISymUnmanagedScope2 *iface,
                                                 ISymUnmanagedMethod **pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = corsym_method_object(impl_from_ISymUnmanagedScope2(iface)->method);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE scope_GetParent(ISymUnmanagedScope2 *iface,
                                                 ISymUnmanagedScope **pRetVal)
{
    struct sym_scope *This = impl_from_ISymUnmanagedScope2(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    uint32_t parent = scope_record(This)->parent;
    if (parent == CORSYM_NONE)
        return S_OK; /* the root has no parent */
    return corsym_scope_create(This->method, parent, pRetVal);
}

static HRESULT STDMETHODCALLTYPE scope_GetChildren(ISymUnmanagedScope2 *iface, ULONG32 cChildren,
                                                   ULONG32 *pcChildren,
                                                   ISymUnmanagedScope *children[])
{
    struct sym_scope *This = impl_from_ISymUnmanagedScope2(iface);
    const struct corsym_method *data = corsym_method_data(This->method);
    uint32_t total = 0;
    for (uint32_t c = scope_record(This)->first_child; c != CORSYM_NONE;
         c = data->scopes[c].next_sibling)
        total++;
    size_t fill, filled = 0;
    HRESULT hr = corsym_array_begin(total, cChildren, pcChildren, children, &fill);
    for (uint32_t c = scope_record(This)->first_child; SUCCEEDED(hr) && filled < fill;
         c = data->scopes[c].next_sibling) {
        hr = corsym_scope_create(This->method, c, &children[filled]);
        if (FAILED(hr)) {
            corsym_release_array((void **)children, filled);
            if (pcChildren)
                *pcChildren = 0;
            break;
        }
        filled++;
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE scope_GetStartOffset(ISymUnmanagedScope2 *iface, ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = scope_record(impl_from_ISymUnmanagedScope2(iface))->start_offset;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE scope_GetEndOffset(ISymUnmanagedScope2 *iface, ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = scope_record(impl_from_ISymUnmanagedScope2(iface))->end_offset;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE scope_GetLocalCount(ISymUnmanagedScope2 *iface, ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = scope_record(impl_from_ISymUnmanagedScope2(iface))->locals_count;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE scope_GetLocals(ISymUnmanagedScope2 *iface, ULONG32 cLocals,
                                                 ULONG32 *pcLocals, ISymUnmanagedVariable *locals[])
{
    struct sym_scope *This = impl_from_ISymUnmanagedScope2(iface);
    const struct corsym_scope *s = scope_record(This);
    size_t fill;
    HRESULT hr = corsym_array_begin(s->locals_count, cLocals, pcLocals, locals, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = corsym_variable_create(This->method, s->locals_first + (uint32_t)i, &locals[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)locals, i);
            if (pcLocals)
                *pcLocals = 0;
        }
    }
    return hr;
}

static HRESULT STDMETHODCALLTYPE scope_GetNamespaces(ISymUnmanagedScope2 *iface,
                                                     ULONG32 cNameSpaces, ULONG32 *pcNameSpaces,
                                                     ISymUnmanagedNamespace *namespaces[])
{
    struct sym_scope *This = impl_from_ISymUnmanagedScope2(iface);
    const struct corsym_scope *s = scope_record(This);
    size_t fill;
    /* Windows PDBs list used namespaces per scope. A Portable PDB's import scopes are given
     * on the method's outermost scope, in the strings a Windows PDB would hold (the model
     * encodes them); Microsoft's portable reader shows none. */
    HRESULT hr = corsym_array_begin(s->namespaces_count, cNameSpaces, pcNameSpaces, namespaces, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = corsym_namespace_create(This->method, s->namespaces_first + (uint32_t)i, &namespaces[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)namespaces, i);
            if (pcNameSpaces)
                *pcNameSpaces = 0;
        }
    }
    return hr;
}

/*** ISymUnmanagedScope2 methods ***/

static HRESULT STDMETHODCALLTYPE scope_GetConstantCount(ISymUnmanagedScope2 *iface,
                                                        ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = scope_record(impl_from_ISymUnmanagedScope2(iface))->constants_count;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE scope_GetConstants(ISymUnmanagedScope2 *iface, ULONG32 cConstants,
                                                    ULONG32 *pcConstants,
                                                    ISymUnmanagedConstant *constants[])
{
    struct sym_scope *This = impl_from_ISymUnmanagedScope2(iface);
    const struct corsym_scope *s = scope_record(This);
    size_t fill;
    HRESULT hr = corsym_array_begin(s->constants_count, cConstants, pcConstants, constants, &fill);
    for (size_t i = 0; SUCCEEDED(hr) && i < fill; i++) {
        hr = corsym_constant_create(This->method, s->constants_first + (uint32_t)i, &constants[i]);
        if (FAILED(hr)) {
            corsym_release_array((void **)constants, i);
            if (pcConstants)
                *pcConstants = 0;
        }
    }
    return hr;
}

static const ISymUnmanagedScope2Vtbl scope_vtbl = {
    /*** IUnknown methods ***/
    scope_QueryInterface,
    scope_AddRef,
    scope_Release,
    /*** ISymUnmanagedScope methods ***/
    scope_GetMethod,
    scope_GetParent,
    scope_GetChildren,
    scope_GetStartOffset,
    scope_GetEndOffset,
    scope_GetLocalCount,
    scope_GetLocals,
    scope_GetNamespaces,
    /*** ISymUnmanagedScope2 methods ***/
    scope_GetConstantCount,
    scope_GetConstants,
};
