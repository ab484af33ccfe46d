/* SPDX-License-Identifier: MIT */
/* ISymUnmanagedConstant: one local constant, its value handed out as a VARIANT. */
#include <stdlib.h>

#include "com/reader_private.h"

/* A child of its method (corsym_method_child): no count of its own. */
struct sym_constant {
    ISymUnmanagedConstant ISymUnmanagedConstant_iface;
    struct sym_method *method;
    uint32_t index;
};

static const ISymUnmanagedConstantVtbl constant_vtbl;

static inline struct sym_constant *impl_from_ISymUnmanagedConstant(ISymUnmanagedConstant *iface)
{
    return CONTAINING_RECORD(iface, struct sym_constant, ISymUnmanagedConstant_iface);
}

static const struct corsym_constant *constant_record(struct sym_constant *This)
{
    return &corsym_method_data(This->method)->constants[This->index];
}

static void init_constants(void *objects, struct sym_method *method, uint32_t count)
{
    struct sym_constant *all = objects;
    for (uint32_t i = 0; i < count; i++) {
        all[i].ISymUnmanagedConstant_iface.lpVtbl = &constant_vtbl;
        all[i].method = method;
        all[i].index = i;
    }
}

const struct corsym_child_class corsym_constant_class = { sizeof(struct sym_constant), init_constants };

HRESULT corsym_constant_create(struct sym_method *method, uint32_t index, ISymUnmanagedConstant **out)
{
    struct sym_constant *constant = corsym_method_child(method, CORSYM_CHILD_CONSTANTS, index);
    *out = constant ? &constant->ISymUnmanagedConstant_iface : NULL;
    return constant ? S_OK : E_FAIL;
}

static HRESULT STDMETHODCALLTYPE constant_QueryInterface(ISymUnmanagedConstant *iface, REFIID riid,
                                                         void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymUnmanagedConstant))
        return E_NOINTERFACE;
    *ppv = iface;
    ISymUnmanagedConstant_AddRef(iface);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE constant_AddRef(ISymUnmanagedConstant *iface)
{
    return corsym_method_addref(impl_from_ISymUnmanagedConstant(iface)->method);
}

static ULONG STDMETHODCALLTYPE constant_Release(ISymUnmanagedConstant *iface)
{
    /* The last reference to the method frees this object with it. */
    return corsym_method_release(impl_from_ISymUnmanagedConstant(iface)->method);
}

static HRESULT STDMETHODCALLTYPE constant_GetName(ISymUnmanagedConstant *iface, ULONG32 cchName,
                                                  ULONG32 *pcchName, WCHAR szName[])
{
    const struct corsym_constant *c = constant_record(impl_from_ISymUnmanagedConstant(iface));
    return corsym_copy_wstr(c->name.chars, c->name.length, cchName, pcchName, szName);
}

/* A BSTR the caller frees with SysFreeString: oleaut32's on Windows. Elsewhere the layout
 * is CoreCLR's PAL's, which .NET's Marshal.FreeBSTR also assumes: a pointer-sized header
 * whose last four bytes hold the byte count, then the text and a NUL; the block starts
 * sizeof(void *) bytes before the BSTR. */
#define BSTR_HEADER sizeof(void *)

static BSTR alloc_bstr(const uint16_t *chars, uint32_t length)
{
#ifdef _WIN32
    return SysAllocStringLen((const OLECHAR *)chars, length);
#else
    if (length > (UINT32_MAX - 2 - BSTR_HEADER) / 2)
        return NULL;
    uint32_t bytes = length * 2;
    uint8_t *block = calloc(1, BSTR_HEADER + (size_t)bytes + 2);
    if (!block)
        return NULL;
    memcpy(block + BSTR_HEADER - 4, &bytes, 4);
    if (length)
        memcpy(block + BSTR_HEADER, chars, bytes);
    return (BSTR)(void *)(block + BSTR_HEADER);
#endif
}

static HRESULT STDMETHODCALLTYPE constant_GetValue(ISymUnmanagedConstant *iface, VARIANT *pValue)
{
    const struct corsym_value *v = &constant_record(impl_from_ISymUnmanagedConstant(iface))->value;
    CORSYM_CHECK_OUT(pValue);
    memset(pValue, 0, sizeof(*pValue));
    switch (v->kind) {
    case CORSYM_VALUE_BOOL: V_VT(pValue) = VT_BOOL; V_BOOL(pValue) = v->u.i ? VARIANT_TRUE : VARIANT_FALSE; break;
    case CORSYM_VALUE_I1: V_VT(pValue) = VT_I1; V_I1(pValue) = (CHAR)v->u.i; break;
    case CORSYM_VALUE_U1: V_VT(pValue) = VT_UI1; V_UI1(pValue) = (BYTE)v->u.u; break;
    case CORSYM_VALUE_I2: V_VT(pValue) = VT_I2; V_I2(pValue) = (SHORT)v->u.i; break;
    case CORSYM_VALUE_U2: V_VT(pValue) = VT_UI2; V_UI2(pValue) = (USHORT)v->u.u; break;
    case CORSYM_VALUE_I4: V_VT(pValue) = VT_I4; V_I4(pValue) = (LONG)v->u.i; break;
    case CORSYM_VALUE_U4: V_VT(pValue) = VT_UI4; V_UI4(pValue) = (ULONG)v->u.u; break;
    case CORSYM_VALUE_I8: V_VT(pValue) = VT_I8; V_I8(pValue) = v->u.i; break;
    case CORSYM_VALUE_U8: V_VT(pValue) = VT_UI8; V_UI8(pValue) = v->u.u; break;
    case CORSYM_VALUE_R4: V_VT(pValue) = VT_R4; V_R4(pValue) = v->u.r4; break;
    case CORSYM_VALUE_R8: V_VT(pValue) = VT_R8; V_R8(pValue) = v->u.r8; break;
    case CORSYM_VALUE_DATE:
        /* Microsoft's writer stores DateTime ticks in the payload, not an OLE date. */
        V_VT(pValue) = VT_DATE;
        memcpy(&V_DATE(pValue), &v->u.i, sizeof(double));
        break;
    case CORSYM_VALUE_DECIMAL: {
        DECIMAL *d = &V_DECIMAL(pValue);
        d->scale = v->u.decimal.scale;
        d->sign = v->u.decimal.negative ? 0x80 : 0;
        d->Hi32 = v->u.decimal.hi;
        d->Lo64 = ((ULONGLONG)v->u.decimal.mid << 32) | v->u.decimal.lo;
        V_VT(pValue) = VT_DECIMAL; /* after the DECIMAL: vt shares its first word */
        break;
    }
    case CORSYM_VALUE_STRING: {
        BSTR text = alloc_bstr(v->u.text.chars, v->u.text.length);
        if (!text)
            return E_OUTOFMEMORY;
        V_VT(pValue) = VT_BSTR;
        V_BSTR(pValue) = text;
        break;
    }
    }
    return S_OK;
}

/* Portable PDBs carry the signature; Windows PDBs name a StandAloneSig of the module. */
static HRESULT STDMETHODCALLTYPE constant_GetSignature(ISymUnmanagedConstant *iface, ULONG32 cSig,
                                                       ULONG32 *pcSig, BYTE sig[])
{
    struct sym_constant *This = impl_from_ISymUnmanagedConstant(iface);
    const struct corsym_constant *c = constant_record(This);
    if (c->signature.size || !c->signature_token)
        return corsym_copy_bytes(c->signature.data, c->signature.size, cSig, pcSig, sig);
    const uint8_t *data;
    size_t size;
    if (pcSig)
        *pcSig = 0;
    HRESULT hr = corsym_reader_field_signature(corsym_method_reader(This->method),
                                               c->signature_token, &data, &size);
    return FAILED(hr) ? hr : corsym_copy_bytes(data, size, cSig, pcSig, sig);
}

static const ISymUnmanagedConstantVtbl constant_vtbl = {
    /*** IUnknown methods ***/
    constant_QueryInterface,
    constant_AddRef,
    constant_Release,
    /*** ISymUnmanagedConstant methods ***/
    constant_GetName,
    constant_GetValue,
    constant_GetSignature,
};
