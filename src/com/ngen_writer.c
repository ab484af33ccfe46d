/* SPDX-License-Identifier: MIT */
/*
 * CreateNGenPdbWriter: ISymNGenWriter / ISymNGenWriter2, the native PDB with public
 * symbols that crossgen and ILCompiler (PdbWriter.cs) write for ReadyToRun images.
 *
 * The PDB's identity comes from the image: its CodeView (RSDS) debug entry names the PDB
 * by GUID and age, and the PDB must carry the same ones for debuggers and symbol servers
 * to match them. ILCompiler's image lists the native entry ("<name>.ni.pdb", GUID = the
 * first 16 bytes of the SHA-256 of the image, age 1) first, then the IL image's entries;
 * we take the non-portable RSDS entry whose file name is the PDB's, else the first
 * non-portable RSDS entry, else (an image without one) a GUID from the SHA-256 of the
 * image and age 1. The image's section headers go to the PDB too (the DBI debug header),
 * so section:offset addresses map to RVAs.
 *
 * Calls only collect; the PDB is written when the last reference goes (ILCompiler's
 * FinalReleaseComObject), through a temporary file beside the target renamed over it
 * (sink.c), so the path only ever holds a whole PDB. A failure at that point cannot be
 * reported and leaves no file. Module handles (OpenModW) are opaque small integers.
 */
#include "com/com_private.h"
#include "com/sink.h"

#include "base/buf.h"
#include "base/sha2.h"
#include "base/utf.h"
#include "pe/pe.h"
#include "platform/file.h"
#include "platform/mutex.h"
#include "winpdb/winpdb_emit_native.h"


#define CV_SIGNATURE_C13 4u

struct ngen_module {
    char *name, *object;
    size_t name_len, object_len;
    struct corsym_buf subsections;
    bool closed;
};

struct ngen_writer {
    ISymNGenWriter2 ISymNGenWriter2_iface;
    uint32_t refcount;
    corsym_mutex lock; /* everything below */
    struct corsym_sink sink;
    WCHAR *pdb_path;
    size_t pdb_path_len;
    uint8_t guid[16];
    uint32_t signature, age;
    uint16_t machine;
    uint8_t *section_headers;
    size_t section_headers_len;
    struct corsym_winpdb_native_public *publics;
    uint32_t public_count, public_cap;
    struct corsym_buf public_names; /* every public's name, NUL after each */
    struct corsym_winpdb_native_section *sections;
    uint32_t section_count, section_cap;
    struct corsym_winpdb_native_contrib *contribs;
    uint32_t contrib_count, contrib_cap;
    struct ngen_module *modules;
    uint32_t module_count, module_cap;
};

static inline struct ngen_writer *impl_from(ISymNGenWriter2 *iface)
{
    return CONTAINING_RECORD(iface, struct ngen_writer, ISymNGenWriter2_iface);
}

/* Grows an array of `size`-byte items so one more fits. */
static bool grow(void **items, uint32_t count, uint32_t *cap, size_t size)
{
    if (count < *cap)
        return true;
    if (count >= UINT32_MAX / 2)
        return false;
    uint32_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(*items, (size_t)n * size);
    if (!p)
        return false;
    *items = p;
    *cap = n;
    return true;
}

/* UTF-16 (NUL-terminated) to malloc'd UTF-8 with a NUL. */
static HRESULT to_utf8(const WCHAR *s, char **out, size_t *out_len)
{
    size_t n = corsym_wcslen(s), len = 0;
    *out = NULL;
    corsym_status st = corsym_utf16_to_utf8(s, n, NULL, 0, &len);
    if (st != CORSYM_OK)
        return E_INVALIDARG;
    char *p = malloc(len + 1);
    if (!p)
        return E_OUTOFMEMORY;
    if (corsym_utf16_to_utf8(s, n, (uint8_t *)p, len, &len) != CORSYM_OK) {
        free(p);
        return E_INVALIDARG;
    }
    p[len] = 0;
    *out = p;
    *out_len = len;
    return S_OK;
}

static void writer_free(struct ngen_writer *This)
{
    for (uint32_t i = 0; i < This->module_count; i++) {
        free(This->modules[i].name);
        free(This->modules[i].object);
        corsym_buf_free(&This->modules[i].subsections);
    }
    free(This->modules);
    free(This->publics);
    corsym_buf_free(&This->public_names);
    free(This->sections);
    free(This->contribs);
    free(This->section_headers);
    free(This->pdb_path);
    corsym_sink_clear(&This->sink);
    corsym_mutex_destroy(&This->lock);
    free(This);
}

static HRESULT write_pdb(struct ngen_writer *This)
{
    struct corsym_winpdb_native in;
    memset(&in, 0, sizeof in);
    memcpy(in.guid, This->guid, 16);
    in.signature = This->signature;
    in.age = This->age;
    in.machine = This->machine;
    in.section_headers = This->section_headers;
    in.section_headers_len = This->section_headers_len;
    /* Names were appended to one buffer that may have moved since: point at it now. */
    size_t at = 0;
    for (uint32_t i = 0; i < This->public_count; i++) {
        This->publics[i].name = (const char *)This->public_names.data + at;
        at += This->publics[i].name_len + 1;
    }
    in.publics = This->publics;
    in.public_count = This->public_count;
    in.sections = This->sections;
    in.section_count = This->section_count;
    in.contribs = This->contribs;
    in.contrib_count = This->contrib_count;
    struct corsym_winpdb_native_module *mods =
        calloc(This->module_count ? This->module_count : 1, sizeof *mods);
    if (!mods)
        return E_OUTOFMEMORY;
    for (uint32_t i = 0; i < This->module_count; i++) {
        const struct ngen_module *m = &This->modules[i];
        mods[i] = (struct corsym_winpdb_native_module){
            m->name, m->name_len, m->object, m->object_len, m->subsections.data,
            m->subsections.len
        };
    }
    in.modules = mods;
    in.module_count = This->module_count;
    struct corsym_buf out = CORSYM_BUF_INIT;
    HRESULT hr = corsym_hresult_from_status(corsym_winpdb_emit_native(&in, &out));
    if (SUCCEEDED(hr))
        hr = corsym_sink_write(&This->sink, out.data, out.len);
    corsym_buf_free(&out);
    free(mods);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_QueryInterface(ISymNGenWriter2 *iface, REFIID riid,
                                                     void **ppv)
{
    struct ngen_writer *This = impl_from(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (!IsEqualGUID(riid, &IID_IUnknown) && !IsEqualGUID(riid, &IID_ISymNGenWriter) &&
        !IsEqualGUID(riid, &IID_ISymNGenWriter2))
        return E_NOINTERFACE;
    /* ISymNGenWriter's vtable is the start of ISymNGenWriter2's: one pointer serves all. */
    *ppv = &This->ISymNGenWriter2_iface;
    corsym_atomic_inc(&This->refcount);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE ngen_AddRef(ISymNGenWriter2 *iface)
{
    return corsym_atomic_inc(&impl_from(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE ngen_Release(ISymNGenWriter2 *iface)
{
    struct ngen_writer *This = impl_from(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        (void)write_pdb(This); /* nobody is left to tell */
        writer_free(This);
        corsym_module_unlock();
    }
    return ref;
}

static HRESULT STDMETHODCALLTYPE ngen_AddSymbol(ISymNGenWriter2 *iface, BSTR pSymbol,
                                                USHORT iSection, ULONGLONG rva)
{
    struct ngen_writer *This = impl_from(iface);
    if (!pSymbol || rva > UINT32_MAX)
        return E_INVALIDARG;
    char *name;
    size_t len;
    HRESULT hr = to_utf8(pSymbol, &name, &len);
    if (FAILED(hr))
        return hr;
    /* S_PUB32 is at most 0xFFFF bytes: 2 + 2 + 4 + 4 + 2 + name + NUL. */
    if (len > 0xFFFFu - 16) {
        free(name);
        return E_INVALIDARG;
    }
    corsym_mutex_lock(&This->lock);
    if (!grow((void **)&This->publics, This->public_count, &This->public_cap,
              sizeof *This->publics) ||
        corsym_buf_append(&This->public_names, name, len + 1) != CORSYM_OK) {
        hr = E_OUTOFMEMORY;
    } else {
        This->publics[This->public_count++] = (struct corsym_winpdb_native_public){
            NULL, len, iSection, (uint32_t)rva, CORSYM_WINPDB_PUBLIC_FUNCTION
        };
    }
    corsym_mutex_unlock(&This->lock);
    free(name);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_AddSection(ISymNGenWriter2 *iface, USHORT iSection,
                                                 USHORT flags, LONG offset, LONG cb)
{
    struct ngen_writer *This = impl_from(iface);
    HRESULT hr = S_OK;
    corsym_mutex_lock(&This->lock);
    if (This->section_count >= 0xFFFF)
        hr = E_INVALIDARG;
    else if (!grow((void **)&This->sections, This->section_count, &This->section_cap,
                   sizeof *This->sections))
        hr = E_OUTOFMEMORY;
    else
        This->sections[This->section_count++] = (struct corsym_winpdb_native_section){
            iSection, flags, (uint32_t)offset, (uint32_t)cb
        };
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_OpenModW(ISymNGenWriter2 *iface, LPCWSTR wszModule,
                                               LPCWSTR wszObjFile, BYTE **ppmod)
{
    struct ngen_writer *This = impl_from(iface);
    CORSYM_CHECK_OUT(ppmod);
    *ppmod = NULL;
    if (!wszModule)
        return E_INVALIDARG;
    static const WCHAR empty[1] = { 0 };
    struct ngen_module m;
    memset(&m, 0, sizeof m);
    HRESULT hr = to_utf8(wszModule, &m.name, &m.name_len);
    if (SUCCEEDED(hr))
        hr = to_utf8(wszObjFile ? wszObjFile : empty, &m.object, &m.object_len);
    if (FAILED(hr)) {
        free(m.name);
        return hr;
    }
    corsym_mutex_lock(&This->lock);
    if (This->module_count >= 0xFFFF)
        hr = E_INVALIDARG; /* module indexes are u16 in the DBI */
    else if (!grow((void **)&This->modules, This->module_count, &This->module_cap,
                   sizeof *This->modules))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        This->modules[This->module_count++] = m;
        *ppmod = (BYTE *)(uintptr_t)This->module_count; /* index + 1 */
    }
    corsym_mutex_unlock(&This->lock);
    if (FAILED(hr)) {
        free(m.name);
        free(m.object);
    }
    return hr;
}

/* The module a handle names (lock held), or NULL. */
static struct ngen_module *module_of(struct ngen_writer *This, BYTE *pmod, uint32_t *index)
{
    uintptr_t h = (uintptr_t)pmod;
    if (h == 0 || h > This->module_count)
        return NULL;
    if (index)
        *index = (uint32_t)(h - 1);
    return &This->modules[h - 1];
}

static HRESULT STDMETHODCALLTYPE ngen_CloseMod(ISymNGenWriter2 *iface, BYTE *pmod)
{
    struct ngen_writer *This = impl_from(iface);
    corsym_mutex_lock(&This->lock);
    struct ngen_module *m = module_of(This, pmod, NULL);
    HRESULT hr = m && !m->closed ? S_OK : E_INVALIDARG;
    if (m)
        m->closed = true;
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_ModAddSymbols(ISymNGenWriter2 *iface, BYTE *pmod,
                                                    BYTE *pbSym, LONG cb)
{
    struct ngen_writer *This = impl_from(iface);
    if (cb < 0 || (!pbSym && cb))
        return E_INVALIDARG;
    if (cb == 0)
        return S_OK;
    /* C13 only: the signature, then subsections. */
    if (cb < 4 || (pbSym[0] | pbSym[1] << 8 | pbSym[2] << 16 | (uint32_t)pbSym[3] << 24) !=
                      CV_SIGNATURE_C13)
        return E_INVALIDARG;
    if (corsym_winpdb_native_check_subsections(pbSym + 4, (size_t)cb - 4) != CORSYM_OK)
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    struct ngen_module *m = module_of(This, pmod, NULL);
    HRESULT hr = S_OK;
    if (!m || m->closed) {
        hr = E_INVALIDARG;
    } else {
        /* Each call's subsections start on a 4-byte boundary. */
        size_t start = m->subsections.len;
        static const uint8_t zeros[3];
        size_t pad = (4 - ((size_t)cb - 4) % 4) % 4;
        if (corsym_buf_append(&m->subsections, pbSym + 4, (size_t)cb - 4) != CORSYM_OK ||
            corsym_buf_append(&m->subsections, zeros, pad) != CORSYM_OK) {
            m->subsections.len = start;
            hr = E_OUTOFMEMORY;
        }
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_ModAddSecContribEx(ISymNGenWriter2 *iface, BYTE *pmod,
                                                         USHORT isect, LONG off, LONG cb,
                                                         ULONG dwCharacteristics,
                                                         DWORD dwDataCrc, DWORD dwRelocCrc)
{
    struct ngen_writer *This = impl_from(iface);
    corsym_mutex_lock(&This->lock);
    uint32_t index = 0;
    struct ngen_module *m = module_of(This, pmod, &index);
    HRESULT hr = S_OK;
    if (!m || m->closed)
        hr = E_INVALIDARG;
    else if (!grow((void **)&This->contribs, This->contrib_count, &This->contrib_cap,
                   sizeof *This->contribs))
        hr = E_OUTOFMEMORY;
    else
        This->contribs[This->contrib_count++] = (struct corsym_winpdb_native_contrib){
            index, isect, (uint32_t)off, (uint32_t)cb, dwCharacteristics, dwDataCrc, dwRelocCrc
        };
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE ngen_QueryPDBNameExW(ISymNGenWriter2 *iface, WCHAR wszPDB[],
                                                      SIZE_T cchMax)
{
    struct ngen_writer *This = impl_from(iface);
    if (!wszPDB || cchMax == 0)
        return E_INVALIDARG;
    if (This->pdb_path_len + 1 > cchMax) {
        wszPDB[0] = 0;
        return E_NOT_SUFFICIENT_BUFFER;
    }
    memcpy(wszPDB, This->pdb_path, (This->pdb_path_len + 1) * sizeof(WCHAR));
    return S_OK;
}

static const ISymNGenWriter2Vtbl ngen_writer_vtbl = {
    ngen_QueryInterface,
    ngen_AddRef,
    ngen_Release,
    ngen_AddSymbol,
    ngen_AddSection,
    ngen_OpenModW,
    ngen_CloseMod,
    ngen_ModAddSymbols,
    ngen_ModAddSecContribEx,
    ngen_QueryPDBNameExW,
};

/* ---- the image ---- */

static bool ascii_ieq(uint8_t a, uint16_t b)
{
    if (a >= 'A' && a <= 'Z')
        a = (uint8_t)(a + 32);
    if (b >= 'A' && b <= 'Z')
        b = (uint16_t)(b + 32);
    return a == b;
}

/* Is the file name of RSDS path `p` (UTF-8) the file name of the PDB path (UTF-16)? */
static bool same_file_name(struct corsym_span p, const WCHAR *pdb, size_t pdb_len)
{
    size_t a = p.len, b = pdb_len;
    while (a && p.data[a - 1] != '\\' && p.data[a - 1] != '/')
        a--;
    while (b && pdb[b - 1] != '\\' && pdb[b - 1] != '/')
        b--;
    if (p.len - a != pdb_len - b)
        return false;
    for (size_t i = 0; i < p.len - a; i++)
        if (!ascii_ieq(p.data[a + i], pdb[b + i]))
            return false;
    return true;
}

static HRESULT read_image(struct ngen_writer *This, const WCHAR *image_path)
{
    corsym_file_map map;
    int err = corsym_file_map_open(image_path, &map);
    if (err == CORSYM_FILE_NOT_FOUND)
        return HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND);
    if (err == CORSYM_FILE_NOMEM)
        return E_OUTOFMEMORY;
    if (err != CORSYM_FILE_OK)
        return E_FAIL;
    struct corsym_pe pe;
    HRESULT hr = S_OK;
    if (corsym_pe_open(&pe, map.data, map.size) != CORSYM_OK) {
        hr = E_INVALIDARG; /* not a PE image */
        goto done;
    }
    This->machine = pe.machine;
    This->signature = pe.timestamp;
    uint32_t count = 0;
    bool found = false;
    if (corsym_pe_debug_count(&pe, &count) != CORSYM_OK)
        count = 0;
    for (int pass = 0; pass < 2 && !found; pass++)
        for (uint32_t i = 0; i < count && !found; i++) {
            struct corsym_pe_debug_entry e;
            struct corsym_pe_codeview cv;
            if (corsym_pe_debug_entry(&pe, i, &e) != CORSYM_OK ||
                e.type != CORSYM_PE_DEBUG_CODEVIEW || corsym_pe_codeview_is_portable(&e) ||
                corsym_pe_codeview_parse(e.data, &cv) != CORSYM_OK)
                continue;
            if (pass == 0 && !same_file_name(cv.path, This->pdb_path, This->pdb_path_len))
                continue;
            memcpy(This->guid, cv.guid, 16);
            This->age = cv.age ? cv.age : 1;
            if (e.timestamp)
                This->signature = e.timestamp;
            found = true;
        }
    if (!found) {
        uint8_t hash[CORSYM_SHA256_SIZE];
        struct corsym_sha256 sha;
        corsym_sha256_init(&sha);
        corsym_sha256_update(&sha, map.data, map.size);
        corsym_sha256_final(&sha, hash);
        memcpy(This->guid, hash, 16);
        This->age = 1;
    }
    if (pe.section_count) {
        size_t len = (size_t)pe.section_count * 40;
        if (pe.sections_offset > map.size || len > map.size - pe.sections_offset) {
            hr = E_INVALIDARG;
            goto done;
        }
        This->section_headers = malloc(len);
        if (!This->section_headers) {
            hr = E_OUTOFMEMORY;
            goto done;
        }
        memcpy(This->section_headers, map.data + pe.sections_offset, len);
        This->section_headers_len = len;
    }
done:
    corsym_file_map_close(&map);
    return hr;
}

HRESULT corsym_ngen_writer_create(const WCHAR *image_path, const WCHAR *pdb_path,
                                  REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!image_path || !pdb_path || !pdb_path[0] || !riid)
        return E_INVALIDARG;
    struct ngen_writer *This = calloc(1, sizeof *This);
    if (!This)
        return E_OUTOFMEMORY;
    This->ISymNGenWriter2_iface.lpVtbl = &ngen_writer_vtbl;
    This->refcount = 1;
    corsym_mutex_init(&This->lock);
    This->pdb_path_len = corsym_wcslen(pdb_path);
    This->pdb_path = malloc((This->pdb_path_len + 1) * sizeof(WCHAR));
    HRESULT hr = This->pdb_path ? S_OK : E_OUTOFMEMORY;
    if (SUCCEEDED(hr)) {
        memcpy(This->pdb_path, pdb_path, (This->pdb_path_len + 1) * sizeof(WCHAR));
        hr = corsym_sink_set(&This->sink, pdb_path, NULL);
    }
    if (SUCCEEDED(hr))
        hr = read_image(This, image_path);
    if (FAILED(hr)) {
        writer_free(This);
        return hr;
    }
    corsym_module_lock();
    hr = ngen_QueryInterface(&This->ISymNGenWriter2_iface, riid, ppv);
    /* Drop the construction reference: a refused interface frees the object unwritten. */
    if (FAILED(hr)) {
        writer_free(This);
        corsym_module_unlock();
        return hr;
    }
    corsym_atomic_dec(&This->refcount);
    return S_OK;
}
