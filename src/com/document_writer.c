/* SPDX-License-Identifier: MIT */
/*
 * ISymUnmanagedDocumentWriter: what ISymUnmanagedWriter::DefineDocument hands out. It
 * holds a reference to its writer (so a client may release the writer first) and the
 * document's index in the writer's model; the writer recognises its own document writers
 * through a private interface, never by comparing vtables.
 */
#include "com/com_private.h"

/* Shared with writer.c (declared there too; com_private.h is the lead's to extend). */
struct sym_writer;
void corsym_writer_addref(struct sym_writer *writer);
void corsym_writer_release(struct sym_writer *writer);
HRESULT corsym_writer_document_set_source(struct sym_writer *writer, uint32_t index,
                                          const BYTE *data, ULONG32 size);
HRESULT corsym_writer_document_set_checksum(struct sym_writer *writer, uint32_t index,
                                            const GUID *algorithm, const BYTE *data, ULONG32 size);
HRESULT corsym_document_writer_create(struct sym_writer *writer, uint32_t index,
                                      ISymUnmanagedDocumentWriter **out);
HRESULT corsym_document_writer_resolve(IUnknown *object, struct sym_writer **writer,
                                       uint32_t *index);

/* {7C0B2A61-5D0E-4F6B-9A43-3E8D2C1F6B90}: answered only by our document writers, with the
 * object itself; never leaves the library. */
static const GUID IID_corsym_document_writer_self = {
    0x7c0b2a61, 0x5d0e, 0x4f6b, { 0x9a, 0x43, 0x3e, 0x8d, 0x2c, 0x1f, 0x6b, 0x90 }
};

struct sym_document_writer {
    ISymUnmanagedDocumentWriter ISymUnmanagedDocumentWriter_iface;
    uint32_t refcount;
    struct sym_writer *writer; /* a reference */
    uint32_t index;
};

static inline struct sym_document_writer *impl_from_ISymUnmanagedDocumentWriter(
    ISymUnmanagedDocumentWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_document_writer, ISymUnmanagedDocumentWriter_iface);
}

static HRESULT STDMETHODCALLTYPE document_writer_QueryInterface(ISymUnmanagedDocumentWriter *iface,
                                                                REFIID riid, void **ppv)
{
    struct sym_document_writer *This = impl_from_ISymUnmanagedDocumentWriter(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISymUnmanagedDocumentWriter))
        *ppv = &This->ISymUnmanagedDocumentWriter_iface;
    else if (IsEqualGUID(riid, &IID_corsym_document_writer_self))
        *ppv = This;
    else
        return E_NOINTERFACE;
    corsym_atomic_inc(&This->refcount);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE document_writer_AddRef(ISymUnmanagedDocumentWriter *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedDocumentWriter(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE document_writer_Release(ISymUnmanagedDocumentWriter *iface)
{
    struct sym_document_writer *This = impl_from_ISymUnmanagedDocumentWriter(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        corsym_writer_release(This->writer);
        free(This);
        corsym_module_unlock();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE document_writer_SetSource(ISymUnmanagedDocumentWriter *iface,
                                                           ULONG32 sourceSize, BYTE source[])
{
    struct sym_document_writer *This = impl_from_ISymUnmanagedDocumentWriter(iface);
    if (!source && sourceSize)
        return E_INVALIDARG;
    return corsym_writer_document_set_source(This->writer, This->index, source, sourceSize);
}

static HRESULT STDMETHODCALLTYPE document_writer_SetCheckSum(ISymUnmanagedDocumentWriter *iface,
                                                             GUID algorithmId, ULONG32 checkSumSize,
                                                             BYTE checkSum[])
{
    struct sym_document_writer *This = impl_from_ISymUnmanagedDocumentWriter(iface);
    if (!checkSum && checkSumSize)
        return E_INVALIDARG;
    return corsym_writer_document_set_checksum(This->writer, This->index, &algorithmId, checkSum,
                                               checkSumSize);
}

static const ISymUnmanagedDocumentWriterVtbl document_writer_vtbl = {
    /*** IUnknown methods ***/
    document_writer_QueryInterface,
    document_writer_AddRef,
    document_writer_Release,
    /*** ISymUnmanagedDocumentWriter methods ***/
    document_writer_SetSource,
    document_writer_SetCheckSum,
};

HRESULT corsym_document_writer_create(struct sym_writer *writer, uint32_t index,
                                      ISymUnmanagedDocumentWriter **out)
{
    struct sym_document_writer *This = calloc(1, sizeof(*This));
    *out = NULL;
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymUnmanagedDocumentWriter_iface.lpVtbl = &document_writer_vtbl;
    This->refcount = 1;
    This->writer = writer;
    This->index = index;
    corsym_writer_addref(writer);
    corsym_module_lock();
    *out = &This->ISymUnmanagedDocumentWriter_iface;
    return S_OK;
}

HRESULT corsym_document_writer_resolve(IUnknown *object, struct sym_writer **writer,
                                       uint32_t *index)
{
    struct sym_document_writer *This = NULL;
    if (!object)
        return E_INVALIDARG;
    if (FAILED(IUnknown_QueryInterface(object, &IID_corsym_document_writer_self, (void **)&This)) ||
        !This)
        return E_INVALIDARG;
    *writer = This->writer;
    *index = This->index;
    document_writer_Release(&This->ISymUnmanagedDocumentWriter_iface);
    return S_OK;
}
