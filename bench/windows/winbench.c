/* SPDX-License-Identifier: MIT */
/*
 * bench/windows/winbench: one client for any symbol-store DLL (Microsoft.DiaSymReader.Native
 * or corsym), used through DllGetClassObject only, so the same code times both (issues #5, #6).
 *
 *   winbench DLL write OUT.pdb [--methods N] [--reps N] [--init d|p|n|f]
 *       Writes the deterministic N-method call sequence (default 20 000) with
 *       CLSID_CorSymWriter_SxS into a memory IStream, best of --reps (default 5); the last
 *       PDB is saved to OUT.pdb. Timed: CreateInstance .. Initialize .. every call .. Close
 *       .. Release (the stream is made outside the timing). --init: d (default)
 *       InitializeDeterministic(emitter, stream), as Roslyn for deterministic builds;
 *       p Initialize(emitter, OUT.pdb, stream, TRUE), as Roslyn otherwise; n the same with a
 *       NULL file name; f Initialize(emitter, OUT.pdb, NULL, TRUE): the DLL writes the file
 *       itself (write_size is then 0, and OUT.pdb is left as the DLL wrote it).
 *   winbench DLL read PDB [--methods N] [--reps N] [--open-reps N]
 *       Opens PDB with CLSID_CorSymBinder_SxS GetReaderFromStream (best of --open-reps,
 *       default 20) and walks it fully through the COM API on a freshly opened reader
 *       (best of --reps, default 5): documents (URL, language, vendor, type, checksum),
 *       every MethodDef token 1..N: GetMethod, GetSequencePoints (all arrays), the scope
 *       tree (GetChildren, offsets), locals (name, attributes, slot), constants (name, value,
 *       signature), namespaces (name).
 *
 * The emitter/importer handed to both DLLs is the same stand-in object: QueryInterface answers
 * itself; IMetaDataImport GetTypeDefProps (12), GetMethodProps (30), GetSigFromToken (41),
 * GetNestedClassProps (62) answer from tables indexed by token (O(1), so the stand-in costs
 * little in either DLL's CloseMethod); the other slots answer E_NOTIMPL.
 *
 * Output: "key value" lines (bench/windows/run.sh parses them).
 *
 * Built for Windows (mingw; run under Wine) and natively (a corsym.so, for callgrind); the
 * streams are the client's own memory IStream in both.
 */
#define COBJMACROS
#define INITGUID
#ifdef _WIN32
#define __USE_MINGW_ANSI_STDIO 1
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corsym/corsym.h"

#define BENCH_NAME "winbench"
#include "../bench_util.h"

typedef HRESULT(STDAPICALLTYPE *get_class_object_fn)(REFCLSID, REFIID, void **);

static get_class_object_fn get_class_object;

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p) {
        fprintf(stderr, "winbench: out of memory\n");
        exit(1);
    }
    return p;
}

/* ASCII to a new UTF-16 string. */
static WCHAR *wstr(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = xcalloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; i < n; i++)
        w[i] = (WCHAR)(unsigned char)s[i];
    return w;
}

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* A growable memory IStream, the client's own (as Roslyn's ComMemoryStream is), so both DLLs
 * write into and read from the same stream code. Microsoft's writer answers E_FAIL from
 * Initialize over Wine's SHCreateMemStream. */
struct mem_stream {
    const void *vtbl;
    LONG refcount;
    BYTE *data;
    size_t size, cap, pos;
};

static HRESULT STDMETHODCALLTYPE ms_query_interface(IStream *s, REFIID iid, void **out)
{
    if (!out)
        return E_POINTER;
    if (!memcmp(iid, &IID_IUnknown, sizeof(GUID)) || !memcmp(iid, &IID_IStream, sizeof(GUID)) ||
        !memcmp(iid, &IID_ISequentialStream, sizeof(GUID))) {
        *out = s;
        ((struct mem_stream *)s)->refcount++;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE ms_add_ref(IStream *s)
{
    return (ULONG)++((struct mem_stream *)s)->refcount;
}

static ULONG STDMETHODCALLTYPE ms_release(IStream *s)
{
    struct mem_stream *m = (struct mem_stream *)s;
    LONG r = --m->refcount;
    if (r == 0) {
        free(m->data);
        free(m);
    }
    return (ULONG)r;
}

static int ms_reserve(struct mem_stream *m, size_t need)
{
    if (need <= m->cap)
        return 1;
    size_t cap = m->cap ? m->cap : 65536;
    while (cap < need)
        cap *= 2;
    BYTE *p = realloc(m->data, cap);
    if (!p)
        return 0;
    m->data = p;
    m->cap = cap;
    return 1;
}

static HRESULT STDMETHODCALLTYPE ms_read(IStream *s, void *buffer, ULONG count, ULONG *read)
{
    struct mem_stream *m = (struct mem_stream *)s;
    size_t n = m->pos < m->size ? m->size - m->pos : 0;
    if (n > count)
        n = count;
    if (n)
        memcpy(buffer, m->data + m->pos, n);
    m->pos += n;
    if (read)
        *read = (ULONG)n;
    return n == count ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE ms_write(IStream *s, const void *buffer, ULONG count,
                                          ULONG *written)
{
    struct mem_stream *m = (struct mem_stream *)s;
    if (!ms_reserve(m, m->pos + count))
        return E_OUTOFMEMORY;
    if (m->pos > m->size)
        memset(m->data + m->size, 0, m->pos - m->size);
    memcpy(m->data + m->pos, buffer, count);
    m->pos += count;
    if (m->pos > m->size)
        m->size = m->pos;
    if (written)
        *written = count;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_seek(IStream *s, LARGE_INTEGER move, DWORD origin,
                                         ULARGE_INTEGER *position)
{
    struct mem_stream *m = (struct mem_stream *)s;
    long long base = origin == STREAM_SEEK_SET ? 0
                     : origin == STREAM_SEEK_CUR ? (long long)m->pos
                     : origin == STREAM_SEEK_END ? (long long)m->size
                                                 : -1;
    if (base < 0 || base + move.QuadPart < 0)
        return STG_E_INVALIDFUNCTION;
    m->pos = (size_t)(base + move.QuadPart);
    if (position)
        position->QuadPart = m->pos;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_set_size(IStream *s, ULARGE_INTEGER size)
{
    struct mem_stream *m = (struct mem_stream *)s;
    size_t n = (size_t)size.QuadPart;
    if (!ms_reserve(m, n))
        return E_OUTOFMEMORY;
    if (n > m->size)
        memset(m->data + m->size, 0, n - m->size);
    m->size = n;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_copy_to(IStream *s, IStream *to, ULARGE_INTEGER count,
                                            ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    (void)s, (void)to, (void)count, (void)read, (void)written;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE ms_commit(IStream *s, DWORD flags)
{
    (void)s, (void)flags;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_revert(IStream *s)
{
    (void)s;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_lock(IStream *s, ULARGE_INTEGER offset, ULARGE_INTEGER count,
                                         DWORD type)
{
    (void)s, (void)offset, (void)count, (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE ms_stat(IStream *s, STATSTG *st, DWORD flags)
{
    (void)flags;
    memset(st, 0, sizeof *st);
    st->type = STGTY_STREAM;
    st->cbSize.QuadPart = ((struct mem_stream *)s)->size;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE ms_clone(IStream *s, IStream **out)
{
    (void)s;
    *out = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl mem_stream_vtbl = {
    ms_query_interface, ms_add_ref, ms_release, ms_read, ms_write, ms_seek, ms_set_size,
    ms_copy_to, ms_commit, ms_revert, ms_lock, ms_lock, ms_stat, ms_clone,
};

static IStream *memory_stream(const BYTE *data, ULONG size)
{
    struct mem_stream *m = xcalloc(1, sizeof *m);
    m->vtbl = &mem_stream_vtbl;
    m->refcount = 1;
    if (size) {
        ms_reserve(m, size);
        memcpy(m->data, data, size);
        m->size = size;
    }
    return (IStream *)m;
}

/* ------------------------------------------------------------------------------------------ */
/* the generated module                                                                         */
/* ------------------------------------------------------------------------------------------ */

#define DOC_COUNT 10
#define METHODS_PER_TYPE 100
#define NAMESPACE_COUNT 20
#define POINTS_PER_METHOD 10

struct module {
    unsigned method_count, type_count;
    uint32_t *method_type; /* by method rid - 1: the TypeDef rid */
    WCHAR **method_names; /* by method rid - 1 */
    WCHAR **type_names;   /* by type rid - 2 */
    uint32_t *enclosing;  /* by type rid - 2; 0 when top level */
    WCHAR *namespaces[NAMESPACE_COUNT];
    WCHAR *docs[DOC_COUNT];
};

static struct module g_module;
static const char *g_init = "d"; /* --init */
/* --varied 1: types of 37 to 163 methods (100 on average) instead of 100 each, so that
 * module streams are not all one size (a page size's padding depends on them). */
static int g_varied;
/* When the last write_pdb entered and left Close: where a write's time goes. */
static double g_close_started, g_close_ended;

static void make_module(unsigned methods)
{
    struct module *m = &g_module;
    char buf[128];
    m->method_count = methods;
    m->method_type = xcalloc(methods ? methods : 1, sizeof(uint32_t));
    m->type_count = 0;
    for (unsigned first = 0; first < methods; m->type_count++) {
        unsigned size = g_varied ? 37 + (m->type_count * 53) % 127 : METHODS_PER_TYPE;
        for (unsigned i = first; i < first + size && i < methods; i++)
            m->method_type[i] = 0x02000002u + m->type_count;
        first += size;
    }
    m->method_names = xcalloc(methods, sizeof(WCHAR *));
    m->type_names = xcalloc(m->type_count, sizeof(WCHAR *));
    m->enclosing = xcalloc(m->type_count, sizeof(uint32_t));
    for (unsigned i = 0; i < NAMESPACE_COUNT; i++) {
        snprintf(buf, sizeof buf, "Bench.Generated.Ns%02u", i);
        m->namespaces[i] = wstr(buf);
    }
    for (unsigned i = 0; i < m->type_count; i++) {
        /* Every fifth type is nested in the type before it. */
        if (i % 5 == 4) {
            snprintf(buf, sizeof buf, "Nested%04u", i);
            m->enclosing[i] = 0x02000002u + i - 1;
        } else {
            snprintf(buf, sizeof buf, "Bench.Generated.Ns%02u.Type%04u", i % NAMESPACE_COUNT, i);
        }
        m->type_names[i] = wstr(buf);
    }
    for (unsigned i = 0; i < methods; i++) {
        snprintf(buf, sizeof buf, "Method%05u", i);
        m->method_names[i] = wstr(buf);
    }
    for (unsigned i = 0; i < DOC_COUNT; i++) {
        snprintf(buf, sizeof buf, "C:\\src\\Bench\\Generated\\File%02u.cs", i);
        m->docs[i] = wstr(buf);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* the stand-in metadata emitter / importer                                                     */
/* ------------------------------------------------------------------------------------------ */

#define MD_SLOTS 100
#define SLOT_GET_TYPE_DEF_PROPS 12
#define SLOT_GET_METHOD_PROPS 30
#define SLOT_GET_SIG_FROM_TOKEN 41
#define SLOT_GET_NESTED_CLASS_PROPS 62

struct md_object {
    const void *const *vtbl;
    LONG refcount;
};

static const unsigned char sig_locals[] = {0x07, 0x04, 0x08, 0x08, 0x0e, 0x08}; /* 4 locals */
static const unsigned char sig_const_int[] = {0x06, 0x08};

static HRESULT STDMETHODCALLTYPE md_query_interface(struct md_object *This, REFIID iid, void **out)
{
    (void)iid;
    if (!out)
        return E_POINTER;
    *out = This;
    This->refcount++;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE md_add_ref(struct md_object *This)
{
    return (ULONG)++This->refcount;
}

static ULONG STDMETHODCALLTYPE md_release(struct md_object *This)
{
    LONG r = --This->refcount;
    if (r == 0)
        free(This);
    return (ULONG)r;
}

static HRESULT copy_name(const WCHAR *name, WCHAR *buffer, ULONG capacity, ULONG *needed)
{
    ULONG n = (ULONG)wlen(name) + 1;
    if (needed)
        *needed = n;
    if (buffer && capacity) {
        ULONG k = n < capacity ? n : capacity;
        memcpy(buffer, name, (k - 1) * sizeof(WCHAR));
        buffer[k - 1] = 0;
    }
    return n <= capacity || !buffer ? S_OK : S_FALSE;
}

static int type_index(ULONG token)
{
    if ((token >> 24) != 0x02 || (token & 0xffffff) < 2 ||
        (token & 0xffffff) - 2 >= g_module.type_count)
        return -1;
    return (int)((token & 0xffffff) - 2);
}

static HRESULT STDMETHODCALLTYPE md_get_type_def_props(struct md_object *This, ULONG token,
                                                       WCHAR *name, ULONG capacity, ULONG *needed,
                                                       DWORD *flags, ULONG *extends)
{
    (void)This;
    int i = type_index(token);
    if (i < 0)
        return E_INVALIDARG;
    if (flags)
        *flags = g_module.enclosing[i] ? 0x2 : 0x1;
    if (extends)
        *extends = 0;
    return copy_name(g_module.type_names[i], name, capacity, needed);
}

static HRESULT STDMETHODCALLTYPE md_get_method_props(struct md_object *This, ULONG token,
                                                     ULONG *type, WCHAR *name, ULONG capacity,
                                                     ULONG *needed, DWORD *attributes,
                                                     const BYTE **sig, ULONG *sig_size,
                                                     ULONG *rva, DWORD *impl_flags)
{
    (void)This;
    ULONG rid = token & 0xffffff;
    if ((token >> 24) != 0x06 || rid < 1 || rid > g_module.method_count)
        return E_INVALIDARG;
    if (type)
        *type = g_module.method_type[rid - 1];
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
    return copy_name(g_module.method_names[rid - 1], name, capacity, needed);
}

static HRESULT STDMETHODCALLTYPE md_get_sig_from_token(struct md_object *This, ULONG token,
                                                       const BYTE **sig, ULONG *size)
{
    (void)This;
    if (token == 0x11000002) {
        *sig = sig_const_int;
        *size = sizeof sig_const_int;
        return S_OK;
    }
    if ((token >> 24) == 0x11) {
        *sig = sig_locals;
        *size = sizeof sig_locals;
        return S_OK;
    }
    return E_INVALIDARG;
}

static HRESULT STDMETHODCALLTYPE md_get_nested_class_props(struct md_object *This, ULONG token,
                                                           ULONG *enclosing)
{
    (void)This;
    int i = type_index(token);
    if (i < 0 || !g_module.enclosing[i])
        return (HRESULT)0x80131130; /* CLDB_E_RECORD_NOTFOUND */
    *enclosing = g_module.enclosing[i];
    return S_OK;
}

/* On x64 (Windows and System V) the caller cleans the stack, so one stub that ignores its
 * arguments can stand in any slot. */
static HRESULT STDMETHODCALLTYPE md_not_implemented(struct md_object *This)
{
    (void)This;
    return E_NOTIMPL;
}

static IUnknown *metadata_new(void)
{
    static const void *vtbl[MD_SLOTS];
    if (!vtbl[0]) {
        for (int i = 0; i < MD_SLOTS; i++)
            vtbl[i] = (const void *)md_not_implemented;
        vtbl[0] = (const void *)md_query_interface;
        vtbl[1] = (const void *)md_add_ref;
        vtbl[2] = (const void *)md_release;
        vtbl[SLOT_GET_TYPE_DEF_PROPS] = (const void *)md_get_type_def_props;
        vtbl[SLOT_GET_METHOD_PROPS] = (const void *)md_get_method_props;
        vtbl[SLOT_GET_SIG_FROM_TOKEN] = (const void *)md_get_sig_from_token;
        vtbl[SLOT_GET_NESTED_CLASS_PROPS] = (const void *)md_get_nested_class_props;
    }
    struct md_object *o = xcalloc(1, sizeof *o);
    o->vtbl = vtbl;
    o->refcount = 1;
    return (IUnknown *)o;
}

/* ------------------------------------------------------------------------------------------ */
/* writing                                                                                      */
/* ------------------------------------------------------------------------------------------ */

static const GUID LANG_CSHARP = {0x3f5162f8, 0x07c6, 0x11d3, {0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1}};
static const GUID VENDOR_MS = {0x994b45c4, 0xe6e9, 0x11d2, {0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1}};
static const GUID DOC_TEXT = {0x5a869d0b, 0x6611, 0x11d3, {0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd}};
static const GUID HASH_SHA256 = {0x8829d00f, 0x11b8, 0x4213, {0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16}};
static const GUID PDB_ID = {0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};

static const WCHAR *W_SYSTEM, *W_GENERIC, *W_LINQ;
static const WCHAR *W_LOCAL_NAMES[4];
static const WCHAR *W_CONST_NAMES[2];

/* The call sequence. Per method (token 0x06000001 + m):
 *   OpenMethod; OpenScope(0); UsingNamespace x3; DefineSequencePoints (10 points in document
 *   m % 10); DefineLocalVariable2 x2 (slots 0, 1); OpenScope(4); DefineLocalVariable2 (slot 2);
 *   DefineConstant2 (I4); OpenScope(10); DefineLocalVariable2 (slot 3); DefineConstant2 (I4);
 *   CloseScope(20); CloseScope(24); CloseScope(30); CloseMethod.
 * Module: 10 documents with SHA-256 checksums, the entry point, a fixed PDB id. */
static void write_pdb(IStream *stream, const WCHAR *path)
{
    IClassFactory *factory = NULL;
    ISymUnmanagedWriter8 *w = NULL;
    CHECK(get_class_object(&CLSID_CorSymWriter_SxS, &IID_IClassFactory, (void **)&factory));
    CHECK(IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedWriter8, (void **)&w));
    IClassFactory_Release(factory);
    IUnknown *md = metadata_new();
    const char *mode = g_init;
    if (mode && *mode == 'd')
        CHECK(ISymUnmanagedWriter8_InitializeDeterministic(w, md, (IUnknown *)stream));
    else if (mode && *mode == 'f')
        CHECK(ISymUnmanagedWriter8_Initialize(w, md, path, NULL, TRUE));
    else if (mode && *mode == 'n')
        CHECK(ISymUnmanagedWriter8_Initialize(w, md, NULL, stream, TRUE));
    else
        CHECK(ISymUnmanagedWriter8_Initialize(w, md, path, stream, TRUE));

    ISymUnmanagedDocumentWriter *docs[DOC_COUNT];
    for (unsigned d = 0; d < DOC_COUNT; d++) {
        BYTE hash[32];
        for (unsigned i = 0; i < sizeof hash; i++)
            hash[i] = (BYTE)(d * 31 + i * 7);
        CHECK(ISymUnmanagedWriter8_DefineDocument(w, g_module.docs[d], &LANG_CSHARP, &VENDOR_MS,
                                                  &DOC_TEXT, &docs[d]));
        CHECK(ISymUnmanagedDocumentWriter_SetCheckSum(docs[d], HASH_SHA256, sizeof hash, hash));
    }
    CHECK(ISymUnmanagedWriter8_SetUserEntryPoint(w, 0x06000001));

    ULONG32 offsets[POINTS_PER_METHOD], lines[POINTS_PER_METHOD], columns[POINTS_PER_METHOD],
        end_lines[POINTS_PER_METHOD], end_columns[POINTS_PER_METHOD];
    for (unsigned m = 0; m < g_module.method_count; m++) {
        ULONG32 id;
        unsigned base_line = 10 + (m / DOC_COUNT) * 14;
        CHECK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001u + m));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 0, &id));
        CHECK(ISymUnmanagedWriter8_UsingNamespace(w, W_SYSTEM));
        CHECK(ISymUnmanagedWriter8_UsingNamespace(w, W_GENERIC));
        CHECK(ISymUnmanagedWriter8_UsingNamespace(w, g_module.namespaces[m % NAMESPACE_COUNT]));
        for (unsigned i = 0; i < POINTS_PER_METHOD; i++) {
            offsets[i] = i * 3;
            lines[i] = base_line + i;
            columns[i] = 9 + (i & 3);
            end_lines[i] = base_line + i;
            end_columns[i] = 20 + (i * 5 + m) % 40;
        }
        if (m % 7 == 3) { /* some hidden points */
            lines[5] = end_lines[5] = 0xfeefee;
            columns[5] = end_columns[5] = 0;
        }
        CHECK(ISymUnmanagedWriter8_DefineSequencePoints(w, docs[m % DOC_COUNT], POINTS_PER_METHOD,
                                                        offsets, lines, columns, end_lines,
                                                        end_columns));
        ULONG32 sig = 0x11000003u + (m % 50);
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, W_LOCAL_NAMES[0], 0, sig, 1, 0, 0, 0, 0, 0));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, W_LOCAL_NAMES[1], 0, sig, 1, 1, 0, 0, 0, 0));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 4, &id));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, W_LOCAL_NAMES[2], 0, sig, 1, 2, 0, 0, 0, 0));
        VARIANT v;
        memset(&v, 0, sizeof v);
        V_VT(&v) = VT_I4;
        V_I4(&v) = (LONG)m;
        CHECK(ISymUnmanagedWriter8_DefineConstant2(w, W_CONST_NAMES[0], v, 0x11000002));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 10, &id));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, W_LOCAL_NAMES[3], 1, sig, 1, 3, 0, 0, 0, 0));
        V_I4(&v) = -(LONG)(m % 1000);
        CHECK(ISymUnmanagedWriter8_DefineConstant2(w, W_CONST_NAMES[1], v, 0x11000002));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, 20));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, 24));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, 30));
        CHECK(ISymUnmanagedWriter8_CloseMethod(w));
    }
    CHECK(ISymUnmanagedWriter8_UpdateSignature(w, PDB_ID, 0x5eed5eed, 1));
    g_close_started = now_seconds();
    CHECK(ISymUnmanagedWriter8_Close(w));
    g_close_ended = now_seconds();
    for (unsigned d = 0; d < DOC_COUNT; d++)
        ISymUnmanagedDocumentWriter_Release(docs[d]);
    ISymUnmanagedWriter8_Release(w);
    IUnknown_Release(md);
}

static int cmd_write(const char *out_path, int reps)
{
    double best_calls = 1e30, best_close = 1e30;
    WCHAR *wpath = wstr(out_path);
    double best = 1e30, total = 0;
    IStream *stream = NULL;
    for (int r = 0; r < reps; r++) {
        if (stream)
            IStream_Release(stream);
        stream = memory_stream(NULL, 0);
        double t0 = now_seconds();
        write_pdb(stream, wpath);
        double t1 = now_seconds();
        total += t1 - t0;
        if (t1 - t0 < best)
            best = t1 - t0;
        double calls = g_close_started - t0, close = g_close_ended - g_close_started;
        if (calls < best_calls)
            best_calls = calls;
        if (close < best_close)
            best_close = close;
        fprintf(stderr, "write rep %d: %.2f ms (calls until Close %.2f, Close %.2f, Release %.2f)\n",
                r + 1, (t1 - t0) * 1e3, calls * 1e3, close * 1e3, (t1 - g_close_ended) * 1e3);
    }
    if (g_init[0] == 'f') { /* the DLL wrote the file */
        IStream_Release(stream);
        FILE *f = fopen(out_path, "rb");
        long n = -1;
        if (f && fseek(f, 0, SEEK_END) == 0)
            n = ftell(f);
        if (f)
            fclose(f);
        printf("methods %u\nwrite_reps %d\nwrite_best_ms %.3f\nwrite_mean_ms %.3f\nwrite_calls_best_ms %.3f\nwrite_close_best_ms %.3f\nwrite_size %ld\n",
               g_module.method_count, reps, best * 1e3, total / reps * 1e3, best_calls * 1e3, best_close * 1e3, n);
        return 0;
    }
    /* Save the stream's bytes. */
    STATSTG st;
    memset(&st, 0, sizeof st);
    CHECK(IStream_Stat(stream, &st, 1 /* STATFLAG_NONAME */));
    ULONG size = (ULONG)st.cbSize.QuadPart;
    BYTE *bytes = xcalloc(size, 1);
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    CHECK(IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL));
    ULONG got = 0;
    CHECK(IStream_Read(stream, bytes, size, &got));
    IStream_Release(stream);
    if (got != size) {
        fprintf(stderr, "winbench: short read of the written stream (%lu of %lu)\n",
                (unsigned long)got, (unsigned long)size);
        return 1;
    }
    FILE *f = fopen(out_path, "wb");
    if (!f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0) {
        fprintf(stderr, "winbench: cannot write %s\n", out_path);
        return 1;
    }
    free(bytes);
    printf("methods %u\n", g_module.method_count);
    printf("write_reps %d\n", reps);
    printf("write_best_ms %.3f\n", best * 1e3);
    printf("write_mean_ms %.3f\n", total / reps * 1e3);
    printf("write_calls_best_ms %.3f\n", best_calls * 1e3);
    printf("write_close_best_ms %.3f\n", best_close * 1e3);
    printf("write_size %lu\n", (unsigned long)size);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* reading                                                                                      */
/* ------------------------------------------------------------------------------------------ */

struct buffers {
    WCHAR *name;
    ULONG32 name_cap;
    BYTE *bytes;
    ULONG32 bytes_cap;
    ULONG32 *offsets, *lines, *columns, *end_lines, *end_columns;
    ISymUnmanagedDocument **point_docs;
    ULONG32 points_cap;
    ISymUnmanagedDocument **docs;
    ULONG32 docs_cap;
};

static void *grow(void *p, ULONG32 *cap, ULONG32 need, size_t elem)
{
    if (need <= *cap)
        return p;
    ULONG32 n = *cap ? *cap : 16;
    while (n < need)
        n *= 2;
    p = realloc(p, (size_t)n * elem);
    if (!p) {
        fprintf(stderr, "winbench: out of memory\n");
        exit(1);
    }
    *cap = n;
    return p;
}

static WCHAR *name_buffer(struct buffers *b, ULONG32 need)
{
    b->name = grow(b->name, &b->name_cap, need ? need : 1, sizeof(WCHAR));
    return b->name;
}

static BYTE *byte_buffer(struct buffers *b, ULONG32 need)
{
    b->bytes = grow(b->bytes, &b->bytes_cap, need ? need : 1, 1);
    return b->bytes;
}

static void point_buffers(struct buffers *b, ULONG32 need)
{
    if (need <= b->points_cap)
        return;
    ULONG32 cap = b->points_cap;
    b->offsets = grow(b->offsets, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->lines = grow(b->lines, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->columns = grow(b->columns, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->end_lines = grow(b->end_lines, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->end_columns = grow(b->end_columns, &cap, need, sizeof(ULONG32));
    cap = b->points_cap;
    b->point_docs = grow(b->point_docs, &cap, need, sizeof(*b->point_docs));
    b->points_cap = cap;
}

struct counts {
    uint64_t documents, methods, points, scopes, locals, constants, namespaces;
    uint64_t checksum;
};

static void walk_documents(ISymUnmanagedReader *reader, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CHECK(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL));
    b->docs = grow(b->docs, &b->docs_cap, n ? n : 1, sizeof(*b->docs));
    if (n)
        CHECK(ISymUnmanagedReader_GetDocuments(reader, n, &n, b->docs));
    for (ULONG32 i = 0; i < n; i++) {
        ISymUnmanagedDocument *d = b->docs[i];
        ULONG32 len = 0, size = 0;
        GUID g;
        CHECK(ISymUnmanagedDocument_GetURL(d, 0, &len, NULL));
        CHECK(ISymUnmanagedDocument_GetURL(d, len, &len, name_buffer(b, len)));
        c->checksum += len;
        CHECK(ISymUnmanagedDocument_GetLanguage(d, &g));
        CHECK(ISymUnmanagedDocument_GetLanguageVendor(d, &g));
        CHECK(ISymUnmanagedDocument_GetDocumentType(d, &g));
        CHECK(ISymUnmanagedDocument_GetCheckSumAlgorithmId(d, &g));
        CHECK(ISymUnmanagedDocument_GetCheckSum(d, 0, &size, NULL));
        if (size)
            CHECK(ISymUnmanagedDocument_GetCheckSum(d, size, &size, byte_buffer(b, size)));
        c->checksum += size;
        ISymUnmanagedDocument_Release(d);
    }
    c->documents += n;
}

static void walk_locals(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CHECK(ISymUnmanagedScope_GetLocalCount(scope, &n));
    if (!n)
        return;
    ISymUnmanagedVariable *stack_locals[16];
    ISymUnmanagedVariable **locals = n <= 16 ? stack_locals : xcalloc(n, sizeof(*locals));
    CHECK(ISymUnmanagedScope_GetLocals(scope, n, &n, locals));
    for (ULONG32 i = 0; i < n; i++) {
        ISymUnmanagedVariable *v = locals[i];
        ULONG32 len = 0, attributes = 0, slot = 0;
        CHECK(ISymUnmanagedVariable_GetName(v, 0, &len, NULL));
        CHECK(ISymUnmanagedVariable_GetName(v, len, &len, name_buffer(b, len)));
        CHECK(ISymUnmanagedVariable_GetAttributes(v, &attributes));
        CHECK(ISymUnmanagedVariable_GetAddressField1(v, &slot));
        c->checksum += (uint64_t)len + attributes + slot;
        ISymUnmanagedVariable_Release(v);
    }
    if (locals != stack_locals)
        free(locals);
    c->locals += n;
}

static void clear_variant(VARIANT *v)
{
    if (V_VT(v) == VT_BSTR && V_BSTR(v)) {
#ifdef _WIN32
        SysFreeString(V_BSTR(v));
#else
        free((char *)V_BSTR(v) - sizeof(void *));
#endif
    }
    V_VT(v) = VT_EMPTY;
}

static void walk_constants(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ISymUnmanagedScope2 *scope2 = NULL;
    if (FAILED(ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2, (void **)&scope2)))
        return;
    ULONG32 n = 0;
    CHECK(ISymUnmanagedScope2_GetConstantCount(scope2, &n));
    if (n) {
        ISymUnmanagedConstant *stack_constants[16];
        ISymUnmanagedConstant **constants = n <= 16 ? stack_constants : xcalloc(n, sizeof(*constants));
        CHECK(ISymUnmanagedScope2_GetConstants(scope2, n, &n, constants));
        for (ULONG32 i = 0; i < n; i++) {
            ISymUnmanagedConstant *k = constants[i];
            ULONG32 len = 0, size = 0;
            CHECK(ISymUnmanagedConstant_GetName(k, 0, &len, NULL));
            CHECK(ISymUnmanagedConstant_GetName(k, len, &len, name_buffer(b, len)));
            c->checksum += len;
            VARIANT value;
            memset(&value, 0, sizeof(value));
            CHECK(ISymUnmanagedConstant_GetValue(k, &value));
            if (V_VT(&value) == VT_I4)
                c->checksum += (uint64_t)(int64_t)V_I4(&value);
            clear_variant(&value);
            CHECK(ISymUnmanagedConstant_GetSignature(k, 0, &size, NULL));
            if (size)
                CHECK(ISymUnmanagedConstant_GetSignature(k, size, &size, byte_buffer(b, size)));
            ISymUnmanagedConstant_Release(k);
        }
        if (constants != stack_constants)
            free(constants);
        c->constants += n;
    }
    ISymUnmanagedScope2_Release(scope2);
}

static void walk_namespaces(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedScope_GetNamespaces(scope, 0, &n, NULL)) || !n)
        return;
    ISymUnmanagedNamespace *stack_ns[16];
    ISymUnmanagedNamespace **ns = n <= 16 ? stack_ns : xcalloc(n, sizeof(*ns));
    CHECK(ISymUnmanagedScope_GetNamespaces(scope, n, &n, ns));
    for (ULONG32 i = 0; i < n; i++) {
        ULONG32 len = 0;
        CHECK(ISymUnmanagedNamespace_GetName(ns[i], 0, &len, NULL));
        CHECK(ISymUnmanagedNamespace_GetName(ns[i], len, &len, name_buffer(b, len)));
        c->checksum += len;
        ISymUnmanagedNamespace_Release(ns[i]);
    }
    if (ns != stack_ns)
        free(ns);
    c->namespaces += n;
}

static void walk_scope(ISymUnmanagedScope *scope, struct buffers *b, struct counts *c)
{
    ULONG32 start = 0, end = 0;
    CHECK(ISymUnmanagedScope_GetStartOffset(scope, &start));
    CHECK(ISymUnmanagedScope_GetEndOffset(scope, &end));
    c->scopes++;
    c->checksum += (uint64_t)start + end;
    walk_locals(scope, b, c);
    walk_constants(scope, b, c);
    walk_namespaces(scope, b, c);
    ULONG32 n = 0;
    CHECK(ISymUnmanagedScope_GetChildren(scope, 0, &n, NULL));
    if (!n)
        return;
    ISymUnmanagedScope *stack_children[16];
    ISymUnmanagedScope **children = n <= 16 ? stack_children : xcalloc(n, sizeof(*children));
    CHECK(ISymUnmanagedScope_GetChildren(scope, n, &n, children));
    for (ULONG32 i = 0; i < n; i++) {
        walk_scope(children[i], b, c);
        ISymUnmanagedScope_Release(children[i]);
    }
    if (children != stack_children)
        free(children);
}

static void walk_method(ISymUnmanagedMethod *method, struct buffers *b, struct counts *c)
{
    ULONG32 n = 0;
    CHECK(ISymUnmanagedMethod_GetSequencePointCount(method, &n));
    if (n) {
        point_buffers(b, n);
        CHECK(ISymUnmanagedMethod_GetSequencePoints(method, n, &n, b->offsets, b->point_docs,
                                                    b->lines, b->columns, b->end_lines,
                                                    b->end_columns));
        for (ULONG32 i = 0; i < n; i++) {
            c->checksum += (uint64_t)b->offsets[i] + b->lines[i] + b->columns[i] +
                           b->end_lines[i] + b->end_columns[i];
            ISymUnmanagedDocument_Release(b->point_docs[i]);
        }
        c->points += n;
    }
    ISymUnmanagedScope *root = NULL;
    if (SUCCEEDED(ISymUnmanagedMethod_GetRootScope(method, &root)) && root) {
        walk_scope(root, b, c);
        ISymUnmanagedScope_Release(root);
    }
}

static void walk(ISymUnmanagedReader *reader, uint32_t method_count, struct buffers *b,
                 struct counts *c)
{
    memset(c, 0, sizeof(*c));
    walk_documents(reader, b, c);
    for (uint32_t rid = 1; rid <= method_count; rid++) {
        ISymUnmanagedMethod *method = NULL;
        if (FAILED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &method)) || !method)
            continue;
        c->methods++;
        walk_method(method, b, c);
        ISymUnmanagedMethod_Release(method);
    }
}

static unsigned char *read_whole_file(const char *path, ULONG *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = n > 0 ? malloc((size_t)n) : NULL;
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (ULONG)n;
    return data;
}

static ISymUnmanagedReader *open_reader(ISymUnmanagedBinder *binder, IUnknown *importer,
                                        IStream *stream)
{
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    CHECK(IStream_Seek(stream, zero, STREAM_SEEK_SET, NULL));
    ISymUnmanagedReader *reader = NULL;
    CHECK(ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader));
    return reader;
}

static int cmd_read(const char *pdb_path, int reps, int open_reps)
{
    ULONG size = 0;
    unsigned char *bytes = read_whole_file(pdb_path, &size);
    if (!bytes) {
        fprintf(stderr, "winbench: cannot read %s\n", pdb_path);
        return 2;
    }
    IStream *stream = memory_stream(bytes, size);
    IUnknown *importer = metadata_new();
    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    CHECK(get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory));
    CHECK(IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder));
    IClassFactory_Release(factory);

    double best_open = 1e30, total_open = 0;
    for (int r = 0; r < open_reps; r++) {
        double t0 = now_seconds();
        ISymUnmanagedReader *reader = open_reader(binder, importer, stream);
        double t1 = now_seconds();
        ISymUnmanagedReader_Release(reader);
        total_open += t1 - t0;
        if (t1 - t0 < best_open)
            best_open = t1 - t0;
    }

    struct buffers b;
    memset(&b, 0, sizeof b);
    struct counts c, first;
    double best_walk = 1e30, total_walk = 0, best_both = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = now_seconds();
        ISymUnmanagedReader *reader = open_reader(binder, importer, stream);
        double t1 = now_seconds();
        walk(reader, g_module.method_count, &b, &c);
        double t2 = now_seconds();
        ISymUnmanagedReader_Release(reader);
        if (r == 0)
            first = c;
        else if (memcmp(&first, &c, sizeof c) != 0) {
            fprintf(stderr, "winbench: walks disagree\n");
            return 1;
        }
        total_walk += t2 - t1;
        if (t2 - t1 < best_walk)
            best_walk = t2 - t1;
        if (t2 - t0 < best_both)
            best_both = t2 - t0;
        fprintf(stderr, "walk rep %d: %.2f ms\n", r + 1, (t2 - t1) * 1e3);
    }
    printf("pdb_size %lu\n", (unsigned long)size);
    printf("open_reps %d\n", open_reps);
    printf("open_best_ms %.4f\n", best_open * 1e3);
    printf("open_mean_ms %.4f\n", total_open / open_reps * 1e3);
    printf("walk_reps %d\n", reps);
    printf("walk_best_ms %.3f\n", best_walk * 1e3);
    printf("walk_mean_ms %.3f\n", total_walk / reps * 1e3);
    printf("open_walk_best_ms %.3f\n", best_both * 1e3);
    printf("documents %llu\n", (unsigned long long)c.documents);
    printf("methods %llu\n", (unsigned long long)c.methods);
    printf("sequence_points %llu\n", (unsigned long long)c.points);
    printf("scopes %llu\n", (unsigned long long)c.scopes);
    printf("locals %llu\n", (unsigned long long)c.locals);
    printf("constants %llu\n", (unsigned long long)c.constants);
    printf("namespaces %llu\n", (unsigned long long)c.namespaces);
    printf("checksum %llu\n", (unsigned long long)c.checksum);
    ISymUnmanagedBinder_Release(binder);
    IUnknown_Release(importer);
    IStream_Release(stream);
    free(bytes);
    return 0;
}

/* ------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: winbench DLL write OUT.pdb [--methods N] [--reps N] [--init d|p|n|f]\n"
                        "       [--varied 1]\n"
                        "       winbench DLL read PDB [--methods N] [--reps N] [--open-reps N]\n");
        return 2;
    }
    unsigned methods = 20000;
    int reps = 5, open_reps = 20;
    for (int i = 4; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--methods"))
            methods = (unsigned)atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--reps"))
            reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--init"))
            g_init = argv[i + 1];
        else if (!strcmp(argv[i], "--open-reps"))
            open_reps = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--varied"))
            g_varied = atoi(argv[i + 1]);
        else {
            fprintf(stderr, "winbench: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    if (reps < 1)
        reps = 1;
    if (open_reps < 1)
        open_reps = 1;
    void *lib = load_library(argv[1]);
    if (!lib) {
        fprintf(stderr, "winbench: cannot load %s\n", argv[1]);
        return 2;
    }
    get_class_object = (get_class_object_fn)find_export(lib, "DllGetClassObject");
    if (!get_class_object) {
        fprintf(stderr, "winbench: %s has no DllGetClassObject\n", argv[1]);
        return 2;
    }
    make_module(methods);
    W_SYSTEM = wstr("System");
    W_GENERIC = wstr("System.Collections.Generic");
    W_LINQ = wstr("System.Linq");
    W_LOCAL_NAMES[0] = wstr("i");
    W_LOCAL_NAMES[1] = wstr("count");
    W_LOCAL_NAMES[2] = wstr("item");
    W_LOCAL_NAMES[3] = wstr("temporary");
    W_CONST_NAMES[0] = wstr("Limit");
    W_CONST_NAMES[1] = wstr("Offset");
    if (!strcmp(argv[2], "write"))
        return cmd_write(argv[3], reps);
    if (!strcmp(argv[2], "read"))
        return cmd_read(argv[3], reps, open_reps);
    fprintf(stderr, "winbench: unknown command %s\n", argv[2]);
    return 2;
}
