/* SPDX-License-Identifier: MIT */
/* The stand-in metadata emitter of writer_metadata.h. Slots are numbered as in cor.h's
 * IMetaDataImport; on x64 every method has the same calling convention, so a stub that
 * ignores its arguments can stand in any slot. */
#include "writer_metadata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOT_COUNT 80
#define SLOT_GET_TYPE_DEF_PROPS 12
#define SLOT_GET_METHOD_PROPS 30
#define SLOT_GET_SIG_FROM_TOKEN 41
#define SLOT_GET_NESTED_CLASS_PROPS 62

struct md_object {
    const void *const *vtbl;
    LONG refcount;
    const struct writer_md *md;
    int log;
};

static int g_log;

const struct writer_md_method *writer_md_find_method(const struct writer_md *md, uint32_t token)
{
    for (unsigned i = 0; i < md->method_count; i++)
        if (md->methods[i].token == token)
            return &md->methods[i];
    return NULL;
}

const struct writer_md_type *writer_md_find_type(const struct writer_md *md, uint32_t token)
{
    for (unsigned i = 0; i < md->type_count; i++)
        if (md->types[i].token == token)
            return &md->types[i];
    return NULL;
}

static HRESULT STDMETHODCALLTYPE md_query_interface(struct md_object *This, REFIID iid, void **out)
{
    if (This->log) {
        const GUID *g = iid;
        fprintf(stderr, "metadata: QI {%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}\n",
                (unsigned long)g->Data1, g->Data2, g->Data3, g->Data4[0], g->Data4[1],
                g->Data4[2], g->Data4[3], g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
    }
    if (!out)
        return E_POINTER;
    *out = This;
    InterlockedIncrement(&This->refcount);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE md_add_ref(struct md_object *This)
{
    return (ULONG)InterlockedIncrement(&This->refcount);
}

static ULONG STDMETHODCALLTYPE md_release(struct md_object *This)
{
    LONG r = InterlockedDecrement(&This->refcount);
    if (r == 0)
        free(This);
    return (ULONG)r;
}

/* Copies a name the COM way: *needed always gets the length with the NUL; the buffer gets
 * as much as fits, NUL-terminated. */
static HRESULT copy_name(const WCHAR *name, WCHAR *buffer, ULONG capacity, ULONG *needed)
{
    ULONG n = (ULONG)wcslen(name) + 1;
    if (needed)
        *needed = n;
    if (buffer && capacity) {
        ULONG k = n < capacity ? n : capacity;
        memcpy(buffer, name, (k - 1) * sizeof(WCHAR));
        buffer[k - 1] = 0;
    }
    return n <= capacity || !buffer ? S_OK : S_FALSE; /* CLDB_S_TRUNCATION is S_FALSE-like */
}

static HRESULT STDMETHODCALLTYPE md_get_type_def_props(struct md_object *This, ULONG token,
                                                       WCHAR *name, ULONG capacity, ULONG *needed,
                                                       DWORD *flags, ULONG *extends)
{
    const struct writer_md_type *t = writer_md_find_type(This->md, token);
    if (This->log)
        fprintf(stderr, "metadata: GetTypeDefProps %08lx\n", (unsigned long)token);
    if (!t)
        return E_INVALIDARG;
    if (flags)
        *flags = t->enclosing ? 0x2 /* NestedPublic */ : 0x1 /* Public */;
    if (extends)
        *extends = 0;
    return copy_name(t->name, name, capacity, needed);
}

static HRESULT STDMETHODCALLTYPE md_get_method_props(struct md_object *This, ULONG token,
                                                     ULONG *type, WCHAR *name, ULONG capacity,
                                                     ULONG *needed, DWORD *attributes,
                                                     const BYTE **sig, ULONG *sig_size,
                                                     ULONG *rva, DWORD *impl_flags)
{
    const struct writer_md_method *m = writer_md_find_method(This->md, token);
    if (This->log)
        fprintf(stderr, "metadata: GetMethodProps %08lx\n", (unsigned long)token);
    if (!m)
        return E_INVALIDARG;
    if (type)
        *type = m->type;
    if (attributes)
        *attributes = 0;
    if (sig)
        *sig = NULL;
    if (sig_size)
        *sig_size = 0;
    if (rva)
        *rva = 0;
    if (impl_flags)
        *impl_flags = 0;
    return copy_name(m->name, name, capacity, needed);
}

static HRESULT STDMETHODCALLTYPE md_get_sig_from_token(struct md_object *This, ULONG token,
                                                       const BYTE **sig, ULONG *size)
{
    if (This->log)
        fprintf(stderr, "metadata: GetSigFromToken %08lx\n", (unsigned long)token);
    for (unsigned i = 0; i < This->md->sig_count; i++)
        if (This->md->sigs[i].token == token) {
            *sig = This->md->sigs[i].bytes;
            *size = This->md->sigs[i].size;
            return S_OK;
        }
    return E_INVALIDARG;
}

static HRESULT STDMETHODCALLTYPE md_get_nested_class_props(struct md_object *This, ULONG token,
                                                           ULONG *enclosing)
{
    const struct writer_md_type *t = writer_md_find_type(This->md, token);
    if (This->log)
        fprintf(stderr, "metadata: GetNestedClassProps %08lx\n", (unsigned long)token);
    if (!t || !t->enclosing)
        return 0x80131130; /* CLDB_E_RECORD_NOTFOUND, what metadata answers for a top type */
    *enclosing = t->enclosing;
    return S_OK;
}

#define STUB(n)                                                                                \
    static HRESULT STDMETHODCALLTYPE stub##n(struct md_object *This)                           \
    {                                                                                          \
        if (This->log)                                                                         \
            fprintf(stderr, "metadata: slot %d called (E_NOTIMPL)\n", n);                      \
        return E_NOTIMPL;                                                                      \
    }
#define STUB10(t)                                                                              \
    STUB(t##0) STUB(t##1) STUB(t##2) STUB(t##3) STUB(t##4) STUB(t##5) STUB(t##6) STUB(t##7)   \
        STUB(t##8) STUB(t##9)
STUB(3) STUB(4) STUB(5) STUB(6) STUB(7) STUB(8) STUB(9)
STUB10(1) STUB10(2) STUB10(3) STUB10(4) STUB10(5) STUB10(6) STUB10(7)

#define S(n) (const void *)stub##n
#define S10(t) S(t##0), S(t##1), S(t##2), S(t##3), S(t##4), S(t##5), S(t##6), S(t##7), S(t##8), S(t##9)
static const void *md_vtbl[SLOT_COUNT] = {
    (const void *)md_query_interface, (const void *)md_add_ref, (const void *)md_release,
    S(3), S(4), S(5), S(6), S(7), S(8), S(9), S10(1), S10(2), S10(3), S10(4), S10(5), S10(6),
    S10(7)
};

IUnknown *writer_metadata_new(const struct writer_md *md, int log)
{
    static const void *vtbl[SLOT_COUNT];
    if (!vtbl[0]) {
        memcpy(vtbl, md_vtbl, sizeof vtbl);
        vtbl[SLOT_GET_TYPE_DEF_PROPS] = (const void *)md_get_type_def_props;
        vtbl[SLOT_GET_METHOD_PROPS] = (const void *)md_get_method_props;
        vtbl[SLOT_GET_SIG_FROM_TOKEN] = (const void *)md_get_sig_from_token;
        vtbl[SLOT_GET_NESTED_CLASS_PROPS] = (const void *)md_get_nested_class_props;
    }
    struct md_object *o = calloc(1, sizeof *o);
    if (!o)
        return NULL;
    o->vtbl = vtbl;
    o->refcount = 1;
    o->md = md;
    o->log = log;
    g_log = log;
    return (IUnknown *)o;
}
