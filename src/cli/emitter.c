/* SPDX-License-Identifier: MIT */
/*
 * The read-only metadata emitter of emitter.h. cor.h is not part of our IDL, so the three
 * interfaces are laid out by hand: slots are numbered in declaration order, as the library's
 * writer numbers the ones it calls (src/com/writer.c). Unused slots hold one stub answering
 * E_NOTIMPL; calling it through another slot's signature is safe where the caller removes
 * the arguments (x86-64 and AArch64 on every OS corsym builds for), not with 32-bit stdcall.
 */
#include "emitter.h"

#include <stdlib.h>
#include <string.h>

#define CLDB_E_RECORD_NOTFOUND ((HRESULT)0x80131130) /* what the CLR answers for "not nested" */
#define SLOTS 100 /* more than IMetaDataImport's, IMetaDataEmit's or IMetaDataTables' */

enum { /* IMetaDataImport */
    IMPORT_GET_TYPE_DEF_PROPS = 12,
    IMPORT_GET_METHOD_PROPS = 30,
    IMPORT_GET_SIG_FROM_TOKEN = 41,
    IMPORT_GET_NESTED_CLASS_PROPS = 62,
};
enum { /* IMetaDataTables */
    TABLES_GET_TABLE_INFO = 9,
    TABLES_GET_COLUMN = 13,
    TABLES_GET_STRING = 14,
    TABLES_GET_BLOB = 15,
};

static const GUID iid_import = { 0x7dac8207, 0xd3ae, 0x4c75, { 0x9b, 0x67, 0x92, 0x80, 0x1a, 0x49, 0x7d, 0x44 } };
static const GUID iid_tables = { 0xd8f579ab, 0x402d, 0x4b8e, { 0x82, 0xd9, 0x5d, 0x63, 0xb1, 0x06, 0x5c, 0x68 } };
static const GUID iid_emit = { 0xba3fee4c, 0xecb9, 0x4e41, { 0x83, 0xb7, 0x18, 0x3f, 0xa4, 0x1c, 0xd8, 0x59 } };
static const GUID iid_unknown = { 0x00000000, 0x0000, 0x0000, { 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46 } };

/* One object, three interfaces: each face is a vtable pointer followed by its object. */
struct face {
    const void *const *vtbl;
    struct emitter *self;
};

struct emitter {
    struct face import, tables, emit;
    LONG refs;
    const struct corsym_md *md;
};

static HRESULT STDMETHODCALLTYPE query_interface(struct face *f, REFIID iid, void **out)
{
    struct emitter *e = f->self;
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(iid, &iid_unknown) || IsEqualGUID(iid, &iid_import))
        *out = &e->import;
    else if (IsEqualGUID(iid, &iid_tables))
        *out = &e->tables;
    else if (IsEqualGUID(iid, &iid_emit))
        *out = &e->emit; /* the writer holds it; every emitting call answers E_NOTIMPL */
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    InterlockedIncrement(&e->refs);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE add_ref(struct face *f)
{
    return (ULONG)InterlockedIncrement(&f->self->refs);
}

static ULONG STDMETHODCALLTYPE release(struct face *f)
{
    struct emitter *e = f->self;
    LONG left = InterlockedDecrement(&e->refs);
    if (!left)
        free(e);
    return (ULONG)left;
}

static HRESULT STDMETHODCALLTYPE not_implemented(struct face *f)
{
    (void)f;
    return E_NOTIMPL;
}

/* The COM way of returning a name: *needed gets the length with its NUL; the buffer as much
 * as fits, NUL-terminated. */
static HRESULT copy_name(const char *utf8, size_t len, WCHAR *buffer, ULONG capacity, ULONG *needed)
{
    char *z = cli_xstrndup(utf8, len);
    WCHAR *wide = cli_wide(z);
    free(z);
    if (!wide)
        return E_OUTOFMEMORY;
    ULONG n = 0;
    while (wide[n])
        n++;
    n++;
    if (needed)
        *needed = n;
    if (buffer && capacity) {
        ULONG k = n < capacity ? n : capacity;
        memcpy(buffer, wide, (k - 1) * sizeof(WCHAR));
        buffer[k - 1] = 0;
    }
    free(wide);
    return !buffer || n <= capacity ? S_OK : S_FALSE; /* CLDB_S_TRUNCATION */
}

static bool row_of(uint32_t token, uint32_t table, const struct corsym_md *md, uint32_t *rid)
{
    *rid = token & 0xFFFFFF;
    return token >> 24 == table && *rid && *rid <= corsym_md_rows(md, table);
}

/* Roslyn's emitter answers a top-level type's name with its namespace, a nested type's alone. */
static HRESULT STDMETHODCALLTYPE get_type_def_props(struct face *f, ULONG32 token, WCHAR *name,
                                                    ULONG capacity, ULONG *needed, DWORD *flags,
                                                    ULONG32 *extends)
{
    const struct corsym_md *md = f->self->md;
    uint32_t rid, value, enclosing;
    struct corsym_span ns, simple;
    if (!md)
        return E_NOTIMPL; /* no module: the stand-in importer */
    if (!row_of(token, CORSYM_TBL_TYPE_DEF, md, &rid) ||
        corsym_md_type_def_name(md, rid, &ns, &simple) != CORSYM_OK)
        return E_INVALIDARG;
    if (flags)
        *flags = corsym_md_get(md, CORSYM_TBL_TYPE_DEF, rid, 0, &value) == CORSYM_OK ? value : 0;
    if (extends) {
        /* TypeDefOrRef coded index: 2 tag bits (TypeDef, TypeRef, TypeSpec). */
        static const uint32_t tables[] = { 0x02000000, 0x01000000, 0x1B000000, 0 };
        *extends = corsym_md_get(md, CORSYM_TBL_TYPE_DEF, rid, 3, &value) == CORSYM_OK && value >> 2
                       ? tables[value & 3] | value >> 2
                       : 0;
    }
    bool nested = corsym_md_enclosing_type(md, rid, &enclosing) == CORSYM_OK;
    if (nested || !ns.len)
        return copy_name((const char *)simple.data, simple.len, name, capacity, needed);
    char *full = cli_xmalloc(ns.len + 1 + simple.len);
    memcpy(full, ns.data, ns.len);
    full[ns.len] = '.';
    memcpy(full + ns.len + 1, simple.data, simple.len);
    HRESULT hr = copy_name(full, ns.len + 1 + simple.len, name, capacity, needed);
    free(full);
    return hr;
}

static HRESULT STDMETHODCALLTYPE get_method_props(struct face *f, ULONG32 token, ULONG32 *type,
                                                  WCHAR *name, ULONG capacity, ULONG *needed,
                                                  DWORD *attributes, const BYTE **sig,
                                                  ULONG *sig_size, ULONG *rva, DWORD *impl_flags)
{
    const struct corsym_md *md = f->self->md;
    uint32_t rid, owner = 0, value;
    struct corsym_span simple, blob;
    if (!md)
        return E_NOTIMPL; /* no module: the stand-in importer */
    if (!row_of(token, CORSYM_TBL_METHOD_DEF, md, &rid) ||
        corsym_md_method_name(md, rid, &simple) != CORSYM_OK)
        return E_INVALIDARG;
    if (type)
        *type = corsym_md_method_declaring_type(md, rid, &owner) == CORSYM_OK
                    ? (uint32_t)CORSYM_TBL_TYPE_DEF << 24 | owner
                    : 0;
    /* MethodDef: RVA, ImplFlags, Flags, Name, Signature, ParamList. */
    if (rva)
        *rva = corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, 0, &value) == CORSYM_OK ? value : 0;
    if (impl_flags)
        *impl_flags = corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, 1, &value) == CORSYM_OK ? value : 0;
    if (attributes)
        *attributes = corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, 2, &value) == CORSYM_OK ? value : 0;
    if (sig || sig_size) {
        bool ok = corsym_md_get(md, CORSYM_TBL_METHOD_DEF, rid, 4, &value) == CORSYM_OK &&
                  corsym_md_blob(md, value, &blob) == CORSYM_OK;
        if (sig)
            *sig = ok ? blob.data : NULL;
        if (sig_size)
            *sig_size = ok ? (ULONG)blob.len : 0;
    }
    return copy_name((const char *)simple.data, simple.len, name, capacity, needed);
}

static HRESULT STDMETHODCALLTYPE get_sig_from_token(struct face *f, ULONG32 token, const BYTE **sig,
                                                    ULONG *size)
{
    const struct corsym_md *md = f->self->md;
    uint32_t rid;
    struct corsym_span blob;
    if (!md)
        return E_NOTIMPL; /* no module: the stand-in importer */
    if (!sig || !size)
        return E_POINTER;
    if (!row_of(token, CORSYM_TBL_STAND_ALONE_SIG, md, &rid) ||
        corsym_md_stand_alone_sig(md, rid, &blob) != CORSYM_OK)
        return E_INVALIDARG;
    *sig = blob.data; /* lives in the module's image, which outlives this object */
    *size = (ULONG)blob.len;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_nested_class_props(struct face *f, ULONG32 token,
                                                        ULONG32 *enclosing)
{
    const struct corsym_md *md = f->self->md;
    uint32_t rid, outer;
    if (!md)
        return E_NOTIMPL; /* no module: the stand-in importer */
    if (!enclosing)
        return E_POINTER;
    *enclosing = 0;
    if (!row_of(token, CORSYM_TBL_TYPE_DEF, md, &rid))
        return E_INVALIDARG;
    if (corsym_md_enclosing_type(md, rid, &outer) != CORSYM_OK)
        return CLDB_E_RECORD_NOTFOUND;
    *enclosing = (uint32_t)CORSYM_TBL_TYPE_DEF << 24 | outer;
    return S_OK;
}

/* Only the row count matters to the writers; the rest is left zero. */
static HRESULT STDMETHODCALLTYPE get_table_info(struct face *f, ULONG table, ULONG *row_size,
                                                ULONG *rows, ULONG *columns, ULONG *key,
                                                const char **name)
{
    if (!f->self->md)
        return E_NOTIMPL;
    if (table >= CORSYM_TBL_COUNT)
        return E_INVALIDARG;
    if (row_size)
        *row_size = 0;
    if (rows)
        *rows = corsym_md_rows(f->self->md, table);
    if (columns)
        *columns = 0;
    if (key)
        *key = 0;
    if (name)
        *name = NULL;
    return S_OK;
}

/* What the Portable writer reads to find the rows an import names (type_names.h). */
static HRESULT STDMETHODCALLTYPE get_column(struct face *f, ULONG table, ULONG column, ULONG rid,
                                            ULONG *value)
{
    uint32_t v;
    if (!f->self->md)
        return E_NOTIMPL;
    if (!value)
        return E_POINTER;
    if (corsym_md_get_token(f->self->md, table, rid, column, &v) != CORSYM_OK)
        return E_INVALIDARG;
    *value = v;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_string(struct face *f, ULONG index, const char **text)
{
    struct corsym_span s;
    if (!f->self->md)
        return E_NOTIMPL;
    if (!text)
        return E_POINTER;
    /* #Strings entries end in NUL inside the heap, which corsym_md_string checked. */
    if (corsym_md_string(f->self->md, index, &s) != CORSYM_OK)
        return E_INVALIDARG;
    *text = s.len ? (const char *)s.data : "";
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE get_blob(struct face *f, ULONG index, ULONG *size,
                                          const void **data)
{
    struct corsym_span b;
    if (!f->self->md)
        return E_NOTIMPL;
    if (!size || !data)
        return E_POINTER;
    if (corsym_md_blob(f->self->md, index, &b) != CORSYM_OK)
        return E_INVALIDARG;
    *size = (ULONG)b.len;
    *data = b.data;
    return S_OK;
}

static const void *import_vtbl[SLOTS], *tables_vtbl[SLOTS], *emit_vtbl[SLOTS];

static void fill(const void **vtbl)
{
    vtbl[0] = (const void *)query_interface;
    vtbl[1] = (const void *)add_ref;
    vtbl[2] = (const void *)release;
    for (unsigned i = 3; i < SLOTS; i++)
        vtbl[i] = (const void *)not_implemented;
}

IUnknown *cli_emitter_new(const struct corsym_md *md)
{
    if (!import_vtbl[0]) { /* the tool is single-threaded */
        fill(import_vtbl);
        fill(tables_vtbl);
        fill(emit_vtbl);
        import_vtbl[IMPORT_GET_TYPE_DEF_PROPS] = (const void *)get_type_def_props;
        import_vtbl[IMPORT_GET_METHOD_PROPS] = (const void *)get_method_props;
        import_vtbl[IMPORT_GET_SIG_FROM_TOKEN] = (const void *)get_sig_from_token;
        import_vtbl[IMPORT_GET_NESTED_CLASS_PROPS] = (const void *)get_nested_class_props;
        tables_vtbl[TABLES_GET_TABLE_INFO] = (const void *)get_table_info;
        tables_vtbl[TABLES_GET_COLUMN] = (const void *)get_column;
        tables_vtbl[TABLES_GET_STRING] = (const void *)get_string;
        tables_vtbl[TABLES_GET_BLOB] = (const void *)get_blob;
    }
    struct emitter *e = cli_xmalloc(sizeof(*e));
    e->import.vtbl = import_vtbl;
    e->tables.vtbl = tables_vtbl;
    e->emit.vtbl = emit_vtbl;
    e->import.self = e->tables.self = e->emit.self = e;
    e->refs = 1;
    e->md = md;
    return (IUnknown *)&e->import;
}
