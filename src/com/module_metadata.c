/* SPDX-License-Identifier: MIT */
/*
 * The module's own metadata, which a few answers need (a local's type lives in the
 * method's StandAloneSig, not in the PDB). It comes from the importer the client passed
 * (IMetaDataImport::GetSigFromToken) or, when the binder found the PDB through the PE,
 * straight from the PE file. Nothing is opened until an answer needs it.
 */
#include "com/module_metadata.h"
#include "pe/pe.h"
#include "platform/file.h"
#include "platform/mutex.h"
#include "portable/ecma335.h"

/* IMetaDataImport {7DAC8207-D3AE-4c75-9B67-92801A497D44}: cor.h is not part of our IDL, so
 * only the slot we call is described; its index follows the declaration order of the
 * interface (GetSigFromToken is the 39th method, slot 41 counting IUnknown's three). */
static const GUID IID_IMetaDataImport_local = {
    0x7dac8207, 0xd3ae, 0x4c75, { 0x9b, 0x67, 0x92, 0x80, 0x1a, 0x49, 0x7d, 0x44 }
};
#define SLOT_GET_SIG_FROM_TOKEN 41
typedef HRESULT (STDMETHODCALLTYPE *get_sig_from_token_fn)(void *This, uint32_t token,
                                                            const BYTE **sig, ULONG *size);

struct corsym_module_metadata {
    corsym_mutex lock;
    IUnknown *import;      /* IMetaDataImport, AddRef'd */
    WCHAR *pe_path;
    corsym_file_map pe_map;
    struct corsym_pe pe;
    struct corsym_md md;
    int pe_state;          /* 0 not tried, 1 open, -1 failed */
};

struct corsym_module_metadata *corsym_module_metadata_new(void)
{
    struct corsym_module_metadata *m = calloc(1, sizeof(*m));
    if (m)
        corsym_mutex_init(&m->lock);
    return m;
}

void corsym_module_metadata_free(struct corsym_module_metadata *m)
{
    if (!m)
        return;
    if (m->import)
        IUnknown_Release(m->import);
    corsym_file_map_close(&m->pe_map);
    free(m->pe_path);
    corsym_mutex_destroy(&m->lock);
    free(m);
}

void corsym_module_metadata_set_importer(struct corsym_module_metadata *m, IUnknown *importer)
{
    IUnknown *import = NULL;
    if (!importer ||
        FAILED(IUnknown_QueryInterface(importer, &IID_IMetaDataImport_local, (void **)&import)))
        return;
    corsym_mutex_lock(&m->lock);
    if (!m->import)
        m->import = import;
    else
        IUnknown_Release(import);
    corsym_mutex_unlock(&m->lock);
}

void corsym_module_metadata_set_pe_path(struct corsym_module_metadata *m, const WCHAR *path)
{
    size_t n = path ? corsym_wcslen(path) : 0;
    WCHAR *copy = n ? malloc((n + 1) * sizeof(WCHAR)) : NULL;
    if (!copy)
        return;
    memcpy(copy, path, (n + 1) * sizeof(WCHAR));
    corsym_mutex_lock(&m->lock);
    if (!m->pe_path)
        m->pe_path = copy;
    else
        free(copy);
    corsym_mutex_unlock(&m->lock);
}

/* Opens the PE's metadata once; the caller holds the lock. */
static int open_pe(struct corsym_module_metadata *m)
{
    if (m->pe_state == 0) {
        m->pe_state = -1;
        if (m->pe_path && corsym_file_map_open((const uint16_t *)m->pe_path, &m->pe_map) == 0) {
            if (corsym_pe_open(&m->pe, m->pe_map.data, m->pe_map.size) == CORSYM_OK &&
                corsym_pe_metadata_open(&m->pe, &m->md) == CORSYM_OK)
                m->pe_state = 1;
            else
                corsym_file_map_close(&m->pe_map);
        }
    }
    return m->pe_state == 1;
}

HRESULT corsym_module_metadata_signature(struct corsym_module_metadata *m, uint32_t token,
                                         const uint8_t **data, size_t *size)
{
    *data = NULL;
    *size = 0;
    if ((token >> 24) != 0x11 || (token & 0xFFFFFF) == 0)
        return E_INVALIDARG;
    corsym_mutex_lock(&m->lock);
    HRESULT hr = E_FAIL; /* no importer and no PE: the type is unknown */
    if (m->import) {
        void **vtbl = *(void ***)m->import;
        get_sig_from_token_fn get_sig = (get_sig_from_token_fn)vtbl[SLOT_GET_SIG_FROM_TOKEN];
        const BYTE *sig = NULL;
        ULONG length = 0;
        hr = get_sig(m->import, token, &sig, &length);
        if (SUCCEEDED(hr) && (sig || !length)) {
            *data = sig; /* owned by the importer, which we hold */
            *size = length;
            hr = S_OK;
        }
    } else if (open_pe(m)) {
        struct corsym_span sig;
        corsym_status st = corsym_md_stand_alone_sig(&m->md, token & 0xFFFFFF, &sig);
        if (st == CORSYM_OK) {
            *data = sig.data;
            *size = sig.len;
            hr = S_OK;
        } else {
            hr = st == CORSYM_NOT_FOUND ? E_FAIL : corsym_hresult_from_status(st);
        }
    }
    corsym_mutex_unlock(&m->lock);
    return hr;
}
