/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedVariable: one local of a method's materialised symbols. */
#include <stdlib.h>

#include "com/reader_private.h"
#include "model/local_signature.h"

/* A child of its method (corsym_method_child): no count of its own. */
struct sym_variable {
    ISymUnmanagedVariable ISymUnmanagedVariable_iface;
    struct sym_method *method;
    uint32_t index;
};

static const ISymUnmanagedVariableVtbl variable_vtbl;

static inline struct sym_variable *impl_from_ISymUnmanagedVariable(ISymUnmanagedVariable *iface)
{
    return CONTAINING_RECORD(iface, struct sym_variable, ISymUnmanagedVariable_iface);
}

static const struct corsym_local *local_record(struct sym_variable *This)
{
    return &corsym_method_data(This->method)->locals[This->index];
}

static void init_variables(void *objects, struct sym_method *method, uint32_t count)
{
    struct sym_variable *all = objects;
    for (uint32_t i = 0; i < count; i++) {
        all[i].ISymUnmanagedVariable_iface.lpVtbl = &variable_vtbl;
        all[i].method = method;
        all[i].index = i;
    }
}

const struct corsym_child_class corsym_variable_class = { sizeof(struct sym_variable), init_variables };

HRESULT corsym_variable_create(struct sym_method *method, uint32_t index, ISymUnmanagedVariable **out)
{
    struct sym_variable *variable = corsym_method_child(method, CORSYM_CHILD_VARIABLES, index);
    *out = variable ? &variable->ISymUnmanagedVariable_iface : NULL;
    return variable ? S_OK : E_FAIL;
}

static HRESULT STDMETHODCALLTYPE variable_QueryInterface(ISymUnmanagedVariable *iface, REFIID riid,
                                                         void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedVariable))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedVariable_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE variable_AddRef(ISymUnmanagedVariable *iface)
{
    return corsym_method_addref(impl_from_ISymUnmanagedVariable(iface)->method);
}

static ULONG STDMETHODCALLTYPE variable_Release(ISymUnmanagedVariable *iface)
{
    /* The last reference to the method frees this object with it. */
    return corsym_method_release(impl_from_ISymUnmanagedVariable(iface)->method);
}

static HRESULT STDMETHODCALLTYPE variable_GetName(ISymUnmanagedVariable *iface, ULONG32 cchName,
                                                  ULONG32 *pcchName, WCHAR szName[])
{
    const struct corsym_local *local = local_record(impl_from_ISymUnmanagedVariable(iface));
    return corsym_copy_wstr(local->name.chars, local->name.length, cchName, pcchName, szName);
}

static HRESULT STDMETHODCALLTYPE variable_GetAttributes(ISymUnmanagedVariable *iface,
                                                        ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local_record(impl_from_ISymUnmanagedVariable(iface))->attributes;
    return S_OK;
}

/* The slot's type, sliced out of the method's StandAloneSig: that lives in the module's
 * metadata, reached through the importer or the PE the binder found. */
static HRESULT STDMETHODCALLTYPE variable_GetSignature(ISymUnmanagedVariable *iface, ULONG32 cSig,
                                                       ULONG32 *pcSig, BYTE sig[])
{
    struct sym_variable *This = impl_from_ISymUnmanagedVariable(iface);
    const struct corsym_method *data = corsym_method_data(This->method);
    const struct corsym_local *local = local_record(This);
    const uint8_t *blob, *slice;
    size_t size, slice_size;
    if (pcSig)
        *pcSig = 0;
    /* Windows PDBs name a signature per variable: usually the method's LOCAL_SIG, sliced
     * by slot below, but C++/CLI writes one FIELD signature per variable instead. */
    uint32_t token = local->signature_token ? local->signature_token : data->local_signature_token;
    if (!token)
        return E_FAIL;
    HRESULT hr = corsym_reader_local_signature(corsym_method_reader(This->method), token, &blob,
                                               &size);
    if (FAILED(hr))
        return hr;
    if (size > 0 && blob[0] == 0x06)
        return corsym_copy_bytes(blob + 1, size - 1, cSig, pcSig, sig);
    corsym_status st = corsym_local_signature_slot(blob, size, local->address1,
                                                   &slice, &slice_size);
    if (st != CORSYM_OK)
        return st == CORSYM_NOT_FOUND ? E_FAIL : corsym_hresult_from_status(st);
    return corsym_copy_bytes(slice, slice_size, cSig, pcSig, sig);
}

static HRESULT STDMETHODCALLTYPE variable_GetAddressKind(ISymUnmanagedVariable *iface,
                                                         ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local_record(impl_from_ISymUnmanagedVariable(iface))->address_kind;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE variable_GetAddressField1(ISymUnmanagedVariable *iface,
                                                           ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local_record(impl_from_ISymUnmanagedVariable(iface))->address1;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE variable_GetAddressField2(ISymUnmanagedVariable *iface,
                                                           ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local_record(impl_from_ISymUnmanagedVariable(iface))->address2;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE variable_GetAddressField3(ISymUnmanagedVariable *iface,
                                                           ULONG32 *pRetVal)
{
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local_record(impl_from_ISymUnmanagedVariable(iface))->address3;
    return S_OK;
}

/* A local lives as long as its scope unless the PDB says otherwise (Windows PDBs can). */
static const struct corsym_scope *owning_scope(struct sym_variable *This)
{
    const struct corsym_method *data = corsym_method_data(This->method);
    for (uint32_t i = 0; i < data->scope_count; i++) {
        const struct corsym_scope *s = &data->scopes[i];
        if (This->index >= s->locals_first && This->index - s->locals_first < s->locals_count)
            return s;
    }
    return &data->scopes[0];
}

static HRESULT STDMETHODCALLTYPE variable_GetStartOffset(ISymUnmanagedVariable *iface,
                                                         ULONG32 *pRetVal)
{
    struct sym_variable *This = impl_from_ISymUnmanagedVariable(iface);
    const struct corsym_local *local = local_record(This);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local->has_range ? local->start_offset : owning_scope(This)->start_offset;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE variable_GetEndOffset(ISymUnmanagedVariable *iface,
                                                       ULONG32 *pRetVal)
{
    struct sym_variable *This = impl_from_ISymUnmanagedVariable(iface);
    const struct corsym_local *local = local_record(This);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = local->has_range ? local->end_offset : owning_scope(This)->end_offset;
    return S_OK;
}

static const ISymUnmanagedVariableVtbl variable_vtbl = {
    /*** IUnknown methods ***/
    variable_QueryInterface,
    variable_AddRef,
    variable_Release,
    /*** ISymUnmanagedVariable methods ***/
    variable_GetName,
    variable_GetAttributes,
    variable_GetSignature,
    variable_GetAddressKind,
    variable_GetAddressField1,
    variable_GetAddressField2,
    variable_GetAddressField3,
    variable_GetStartOffset,
    variable_GetEndOffset,
};
