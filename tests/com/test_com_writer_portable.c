/* SPDX-License-Identifier: MIT */
/*
 * CorSymWriter_Portable through the library's exports, as a compiler or IL rewriter uses it:
 * every ISymUnmanagedWriter..Writer8 method, the document writer, the async-method and
 * compiler-info writers and IPdbWriter; what is written is read back through corsym's own
 * reader (CorSymReader_SxS) and must answer what the calls said.
 *
 * The "full" scenario makes the same calls as tests/unit/test_portable_emit.c makes on the
 * symbol model, with the same id and MethodDef count, so both must produce the same bytes:
 * with CORSYM_WRITER_OUT=<dir> this test writes <dir>/full.com.pdb, which
 * tests/writer-check/run.sh dumps with the System.Reflection.Metadata oracle and compares
 * with tests/writer-check/expected/full.pdb.txt.
 */
#define COBJMACROS
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

#define OK(x) assert_int_equal((x), S_OK)

/* ---- fake metadata emitters ---- */

static const GUID IID_IMetaDataTables_test = {
    0xd8f579ab, 0x402d, 0x4b8e, { 0x82, 0xd9, 0x5d, 0x63, 0xb1, 0x06, 0x5c, 0x68 }
};
static const GUID IID_IMetaDataImport_test = {
    0x7dac8207, 0xd3ae, 0x4c75, { 0x9b, 0x67, 0x92, 0x80, 0x1a, 0x49, 0x7d, 0x44 }
};

typedef void (*any_fn)(void);

struct fake_emitter {
    const any_fn *vtbl;
    LONG refcount;
    const GUID *iid;        /* the metadata interface it answers QI for */
    ULONG methoddef_rows;   /* IMetaDataTables */
    ULONG32 max_method;     /* IMetaDataImport: methods 0x06000001..max, on one type */
    int enum_calls;
};

static HRESULT STDMETHODCALLTYPE fake_QueryInterface(struct fake_emitter *This, REFIID riid,
                                                     void **ppv)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, This->iid)) {
        *ppv = This;
        This->refcount++;
        return S_OK;
    }
    *ppv = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE fake_AddRef(struct fake_emitter *This)
{
    return (ULONG)++This->refcount;
}

static ULONG STDMETHODCALLTYPE fake_Release(struct fake_emitter *This)
{
    return (ULONG)--This->refcount;
}

static HRESULT STDMETHODCALLTYPE fake_notimpl(void)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE fake_GetTableInfo(struct fake_emitter *This, ULONG table,
                                                   ULONG *row_size, ULONG *rows, ULONG *columns,
                                                   ULONG *key, const char **name)
{
    *rows = table == 0x06 ? This->methoddef_rows : 0;
    return S_OK;
}

static void STDMETHODCALLTYPE fake_CloseEnum(struct fake_emitter *This, void *henum)
{
}

static HRESULT STDMETHODCALLTYPE fake_EnumTypeDefs(struct fake_emitter *This, void **henum,
                                                   ULONG32 *tokens, ULONG max, ULONG *count)
{
    /* One type, 0x02000002, on the first call. */
    *count = *henum ? 0 : 1;
    tokens[0] = 0x02000002;
    *henum = (void *)1;
    return *count ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE fake_EnumMethods(struct fake_emitter *This, void **henum,
                                                  ULONG32 type, ULONG32 *tokens, ULONG max,
                                                  ULONG *count)
{
    This->enum_calls++;
    *count = 0;
    if (type != 0x02000002 || *henum)
        return S_FALSE;
    *henum = (void *)1;
    for (ULONG32 m = 1; m <= This->max_method && *count < max; m++)
        tokens[(*count)++] = 0x06000000 | m;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fake_GetSigFromToken(struct fake_emitter *This, ULONG32 token,
                                                      const BYTE **sig, ULONG *size)
{
    /* StandAloneSig 5: a field signature of the enum TypeDef 2. */
    static const BYTE enum_sig[] = { 0x06, 0x11, 0x08 };
    if (token != 0x11000005)
        return E_INVALIDARG;
    *sig = enum_sig;
    *size = sizeof(enum_sig);
    return S_OK;
}

static any_fn tables_vtbl[10];
static any_fn import_vtbl[42];

static void fake_init(struct fake_emitter *f, int tables, ULONG rows)
{
    memset(f, 0, sizeof(*f));
    for (int i = 0; i < 42; i++)
        import_vtbl[i] = (any_fn)fake_notimpl;
    for (int i = 0; i < 10; i++)
        tables_vtbl[i] = (any_fn)fake_notimpl;
    any_fn *v = tables ? tables_vtbl : import_vtbl;
    v[0] = (any_fn)fake_QueryInterface;
    v[1] = (any_fn)fake_AddRef;
    v[2] = (any_fn)fake_Release;
    tables_vtbl[9] = (any_fn)fake_GetTableInfo;
    import_vtbl[3] = (any_fn)fake_CloseEnum;
    import_vtbl[6] = (any_fn)fake_EnumTypeDefs;
    import_vtbl[18] = (any_fn)fake_EnumMethods;
    import_vtbl[41] = (any_fn)fake_GetSigFromToken;
    f->vtbl = v;
    f->refcount = 1;
    f->iid = tables ? &IID_IMetaDataTables_test : &IID_IMetaDataImport_test;
    if (tables)
        f->methoddef_rows = rows;
    else
        f->max_method = rows;
}

/* ---- helpers ---- */

static ISymUnmanagedWriter8 *new_writer(void)
{
    ISymUnmanagedWriter8 *w = NULL;
    OK(corsym_test_create(&CLSID_CorSymWriter_Portable, &IID_ISymUnmanagedWriter8, (void **)&w));
    return w;
}

static IStream *new_stream(void)
{
    IStream *s = NULL;
    OK(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, &s));
    return s;
}

static unsigned char *stream_bytes(IStream *s, size_t *size)
{
    STATSTG st;
    OK(IStream_Stat(s, &st, STATFLAG_NONAME));
    *size = (size_t)st.cbSize.QuadPart;
    unsigned char *p = malloc(*size ? *size : 1);
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    OK(IStream_Seek(s, zero, STREAM_SEEK_SET, NULL));
    ULONG got = 0;
    OK(IStream_Read(s, p, (ULONG)*size, &got));
    assert_int_equal(got, *size);
    return p;
}

static ISymUnmanagedReader *open_reader_bytes(const unsigned char *data, size_t size)
{
    IStream *s = NULL;
    ISymUnmanagedReader *r = NULL;
    OK(corsym_test_library()->CorSymCreateMemoryStream(data, (ULONG)size, &s));
    OK(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader, (void **)&r));
    OK(ISymUnmanagedReader_Initialize(r, NULL, NULL, NULL, s));
    IStream_Release(s);
    return r;
}

static void maybe_save(const char *name, const unsigned char *data, size_t size)
{
    const char *dir = getenv("CORSYM_WRITER_OUT");
    if (!dir)
        return;
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(data, 1, size, f);
    fclose(f);
}

/* MethodDebugInformation row count, from the #~ header of an image. */
static uint32_t u32_at(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t mdi_rows(const unsigned char *image, size_t size)
{
    size_t p = 16 + u32_at(image + 12);
    unsigned streams = image[p + 2] | image[p + 3] << 8;
    p += 4;
    for (unsigned i = 0; i < streams; i++) {
        uint32_t offset = u32_at(image + p);
        const char *name = (const char *)image + p + 8;
        p += 8 + ((strlen(name) + 4) & ~(size_t)3);
        if (strcmp(name, "#~"))
            continue;
        const unsigned char *t = image + offset;
        uint64_t valid = u32_at(t + 8) | (uint64_t)u32_at(t + 12) << 32;
        unsigned index = 0;
        for (unsigned b = 0; b < 0x31; b++)
            if (valid >> b & 1)
                index++;
        return (valid >> 0x31 & 1) ? u32_at(t + 24 + 4 * index) : 0;
    }
    assert_true(size == 0); /* no tables stream */
    return 0;
}

static const GUID lang_csharp = { 0x3f5162f8, 0x07c6, 0x11d3, { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID vendor_ms = { 0x994b45c4, 0xe6e9, 0x11d2, { 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID doctype_text = { 0x5a869d0b, 0x6611, 0x11d3, { 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd } };
static const GUID sha256_alg = { 0x8829d00f, 0x11b8, 0x4213, { 0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16 } };

static ISymUnmanagedDocumentWriter *define_doc(ISymUnmanagedWriter8 *w, const char *url)
{
    ISymUnmanagedDocumentWriter *d = NULL;
    WCHAR *u = corsym_test_wstr(url);
    OK(ISymUnmanagedWriter8_DefineDocument(w, u, &lang_csharp, &vendor_ms, &doctype_text, &d));
    free(u);
    return d;
}

static void points(ISymUnmanagedWriter8 *w, ISymUnmanagedDocumentWriter *d, ULONG32 n,
                   const ULONG32 *p)
{
    ULONG32 off[16], l[16], c[16], el[16], ec[16];
    for (ULONG32 i = 0; i < n; i++) {
        off[i] = p[5 * i];
        l[i] = p[5 * i + 1];
        c[i] = p[5 * i + 2];
        el[i] = p[5 * i + 3];
        ec[i] = p[5 * i + 4];
    }
    OK(ISymUnmanagedWriter8_DefineSequencePoints(w, d, n, off, l, c, el, ec));
}

static HRESULT local2(ISymUnmanagedWriter8 *w, const char *name, ULONG32 attrs, ULONG32 slot)
{
    WCHAR *n = corsym_test_wstr(name);
    HRESULT hr = ISymUnmanagedWriter8_DefineLocalVariable2(w, n, attrs, 0x11000002, 1, slot, 0, 0,
                                                           0, 0);
    free(n);
    return hr;
}

static HRESULT constant(ISymUnmanagedWriter8 *w, const char *name, VARIANT v, ULONG32 cSig,
                        const unsigned char *sig)
{
    WCHAR *n = corsym_test_wstr(name);
    HRESULT hr = ISymUnmanagedWriter8_DefineConstant(w, n, v, cSig, (unsigned char *)sig);
    free(n);
    return hr;
}

static HRESULT using_ns(ISymUnmanagedWriter8 *w, const char *name)
{
    WCHAR *n = corsym_test_wstr(name);
    HRESULT hr = ISymUnmanagedWriter8_UsingNamespace(w, n);
    free(n);
    return hr;
}

static const char source_text[] =
    "class Program { static void Main() { System.Console.WriteLine(1); } }\n"
    "class Program { static void Main() { System.Console.WriteLine(2); } }\n"
    "class Program { static void Main() { System.Console.WriteLine(3); } }\n";
static const char source_link[] = "{\"documents\":{\"C:\\\\src\\\\*\":\"https://x/*\"}}";

/* The calls of build_full in tests/unit/test_portable_emit.c. */
static void write_full(ISymUnmanagedWriter8 *w)
{
    ISymUnmanagedDocumentWriter *a = define_doc(w, "C:\\src\\Program.cs");
    ISymUnmanagedDocumentWriter *b = define_doc(w, "/home/u/src/Other.cs");
    BYTE hash[32];
    for (int i = 0; i < 32; i++)
        hash[i] = (BYTE)(i * 7 + 1);
    OK(ISymUnmanagedDocumentWriter_SetCheckSum(a, sha256_alg, sizeof(hash), hash));
    OK(ISymUnmanagedDocumentWriter_SetSource(a, sizeof(source_text) - 1, (BYTE *)source_text));
    OK(ISymUnmanagedDocumentWriter_SetSource(b, 1, (BYTE *)"x"));
    OK(ISymUnmanagedWriter8_SetUserEntryPoint(w, 0x06000001));

    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    static const ULONG32 pa[] = { 0, 5, 9, 5, 10,  2, 6, 13, 6, 40,  12, 8, 9, 8, 10 };
    static const ULONG32 pb[] = { 7, 3, 1, 4, 2 };
    static const ULONG32 ph[] = { 10, 0xFEEFEE, 0, 0xFEEFEE, 0 };
    points(w, a, 2, pa);
    points(w, b, 1, pb);
    points(w, a, 1, ph);
    points(w, a, 1, pa + 10);
    ULONG32 scope = 99, inner = 99;
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(using_ns(w, "System"));
    OK(using_ns(w, "System.Text"));
    OK(local2(w, "count", 0, 0));
    OK(local2(w, "CS$hidden", 1, 1));
    VARIANT v;
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_I4;
    V_I4(&v) = -42;
    static const unsigned char sig_i4[] = { 0x08 };
    OK(constant(w, "Answer", v, 1, sig_i4));
    OK(ISymUnmanagedWriter8_OpenScope(w, 2, &inner));
    assert_int_not_equal(scope, inner);
    OK(local2(w, "s", 0, 2));
    static WCHAR hello[] = { 'h', 'i', 0xE9, 0 };
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_BSTR;
    V_BSTR(&v) = hello;
    OK(constant(w, "Greeting", v, 0, NULL));
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_I4;
    V_I4(&v) = 2;
    static const unsigned char sig_enum[] = { 0x06, 0x11, 0x08 };
    OK(constant(w, "Color", v, sizeof(sig_enum), sig_enum));
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_DECIMAL;
    V_DECIMAL(&v).sign = DECIMAL_NEG;
    V_DECIMAL(&v).scale = 2;
    V_DECIMAL(&v).Lo64 = 12345;
    static const unsigned char sig_dec[] = { 0x11, 0x0d };
    OK(constant(w, "Price", v, sizeof(sig_dec), sig_dec));
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_I4;
    static const unsigned char sig_class[] = { 0x12, 0x09 };
    OK(constant(w, "Nothing", v, sizeof(sig_class), sig_class));
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_R8;
    V_R8(&v) = 3.25;
    OK(constant(w, "Pi", v, 0, NULL));
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_DATE;
    V_I8(&v) = 630822816000000000LL; /* Roslyn: ticks under VT_DATE */
    OK(constant(w, "When", v, 0, NULL));
    OK(ISymUnmanagedWriter8_CloseScope(w, 9));
    OK(ISymUnmanagedWriter8_CloseScope(w, 14));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    ISymUnmanagedAsyncMethodPropertiesWriter *async = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
                                           (void **)&async));
    OK(ISymUnmanagedWriter8_OpenMethod2(w, 0x06000005, 1, 0x100));
    static const ULONG32 pm[] = { 0, 20, 5, 20, 6,  4, 21, 9, 21, 30 };
    points(w, b, 2, pm);
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_CloseScope(w, 40));
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(async, 0x06000004));
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineCatchHandlerILOffset(async, 30));
    ULONG32 yields[] = { 8, 16 }, resumes[] = { 10, 18 };
    mdToken movenext[] = { 0x06000005, 0x06000005 };
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineAsyncStepInfo(async, 2, yields, resumes,
                                                                    movenext));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    ISymUnmanagedAsyncMethodPropertiesWriter_Release(async);

    OK(ISymUnmanagedWriter8_SetSourceLinkData(w, (const BYTE *)source_link,
                                              (int)sizeof(source_link) - 1));
    ISymUnmanagedCompilerInfoWriter *ci = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_ISymUnmanagedCompilerInfoWriter, (void **)&ci));
    WCHAR *name = corsym_test_wstr("corsym test compiler");
    OK(ISymUnmanagedCompilerInfoWriter_AddCompilerInfo(ci, 4, 8, 0, 1, name));
    free(name);
    ISymUnmanagedCompilerInfoWriter_Release(ci);
    OK(ISymUnmanagedWriter8_OpenMapTokensToSourceSpans(w));
    OK(ISymUnmanagedWriter8_MapTokenToSourceSpan(w, 0x02000003, b, 1, 1, 2, 1));
    OK(ISymUnmanagedWriter8_MapTokenToSourceSpan(w, 0x02000003, a, 1, 1, 2, 1));
    OK(ISymUnmanagedWriter8_MapTokenToSourceSpan(w, 0x02000003, b, 3, 1, 4, 1));
    OK(ISymUnmanagedWriter8_CloseMapTokensToSourceSpans(w));
    /* The writer keeps what it needs: releasing the document writers early is fine. */
    ISymUnmanagedDocumentWriter_Release(a);
    ISymUnmanagedDocumentWriter_Release(b);
}

static const GUID full_id = { 0xa3a2a1a0, 0xa5a4, 0xa7a6,
                              { 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf } };
static const DWORD full_stamp = 0xb3b2b1b0;

static void test_class_and_interfaces(void **state)
{
    ISymUnmanagedWriter *w = NULL;
    OK(corsym_test_library()->CreateSymWriter(&CLSID_CorSymWriter_Portable, (void **)&w));
    assert_refcount(w, 1);
    check_interface(w, &IID_ISymUnmanagedWriter, 1);
    check_interface(w, &IID_ISymUnmanagedWriter5, 1);
    check_interface(w, &IID_ISymUnmanagedWriter8, 1);
    check_interface(w, &IID_IPdbWriter, 1);
    check_interface(w, &IID_ISymUnmanagedAsyncMethodPropertiesWriter, 1);
    check_interface(w, &IID_ISymUnmanagedCompilerInfoWriter, 1);
    check_interface(w, &IID_ISymUnmanagedReader, 0);
    assert_int_equal(ISymUnmanagedWriter_Release(w), 0);
}

static void test_full_round_trip(void **state)
{
    struct fake_emitter emitter;
    fake_init(&emitter, 1, 6);
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, (IUnknown *)&emitter, (IUnknown *)s));
    write_full(w);
    OK(ISymUnmanagedWriter8_UpdateSignature(w, full_id, full_stamp, 1));

    IMAGE_DEBUG_DIRECTORY idd;
    DWORD size = 0;
    OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, 0, &size, NULL));
    assert_int_equal(size, 4 + 16 + 4 + 1);
    BYTE cv[64];
    OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(cv), &size, cv));
    assert_memory_equal(cv, "RSDS", 4);
    assert_memory_equal(cv + 4, &full_id, 16);
    assert_int_equal(u32_at(cv + 20), 1);
    assert_int_equal(idd.Type, 2);
    assert_int_equal(idd.MajorVersion, 0x0100);
    assert_int_equal(idd.MinorVersion, 0x504D);
    assert_int_equal(idd.TimeDateStamp, full_stamp);
    assert_int_equal(idd.SizeOfData, size);

    OK(ISymUnmanagedWriter8_Close(w));
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    assert_int_equal(emitter.refcount, 1); /* the writer let go of the emitter */

    size_t n;
    unsigned char *image = stream_bytes(s, &n);
    IStream_Release(s);
    maybe_save("full.com.pdb", image, n);
    assert_int_equal(mdi_rows(image, n), 6);

    ISymUnmanagedReader *r = open_reader_bytes(image, n);
    ISymUnmanagedReader4 *r4 = NULL;
    OK(ISymUnmanagedReader_QueryInterface(r, &IID_ISymUnmanagedReader4, (void **)&r4));
    BOOL matches = FALSE;
    OK(ISymUnmanagedReader4_MatchesModule(r4, full_id, full_stamp, 1, &matches));
    assert_true(matches);
    BYTE *link = NULL;
    int link_size = 0;
    OK(ISymUnmanagedReader4_GetSourceServerData(r4, &link, &link_size));
    assert_int_equal(link_size, sizeof(source_link) - 1);
    assert_memory_equal(link, source_link, link_size);
    ISymUnmanagedReader4_Release(r4);

    mdMethodDef entry = 0;
    OK(ISymUnmanagedReader_GetUserEntryPoint(r, &entry));
    assert_int_equal(entry, 0x06000001);

    ULONG32 count = 0;
    ISymUnmanagedDocument *docs[4] = { NULL };
    OK(ISymUnmanagedReader_GetDocuments(r, 4, &count, docs));
    assert_int_equal(count, 2);
    WCHAR url[64];
    ULONG32 len = 0;
    OK(ISymUnmanagedDocument_GetURL(docs[0], 64, &len, url));
    assert_true(corsym_test_wstr_equal(url, "C:\\src\\Program.cs"));
    BYTE checksum[64];
    OK(ISymUnmanagedDocument_GetCheckSum(docs[0], sizeof(checksum), &len, checksum));
    assert_int_equal(len, 32);
    assert_int_equal(checksum[31], (BYTE)(31 * 7 + 1));
    GUID alg;
    OK(ISymUnmanagedDocument_GetCheckSumAlgorithmId(docs[0], &alg));
    assert_true(IsEqualGUID(&alg, &sha256_alg));
    BOOL embedded = FALSE;
    OK(ISymUnmanagedDocument_HasEmbeddedSource(docs[0], &embedded));
    assert_true(embedded);

    ISymUnmanagedMethod *m = NULL;
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000001, &m));
    ULONG32 offsets[8], lines[8], columns[8], end_lines[8], end_columns[8];
    ISymUnmanagedDocument *point_docs[8] = { NULL };
    OK(ISymUnmanagedMethod_GetSequencePoints(m, 8, &count, offsets, point_docs, lines, columns,
                                             end_lines, end_columns));
    assert_int_equal(count, 5);
    static const ULONG32 want_offsets[] = { 0, 2, 7, 10, 12 };
    static const ULONG32 want_lines[] = { 5, 6, 3, 0xFEEFEE, 8 };
    for (ULONG32 i = 0; i < count; i++) {
        assert_int_equal(offsets[i], want_offsets[i]);
        assert_int_equal(lines[i], want_lines[i]);
        len = 0;
        OK(ISymUnmanagedDocument_GetURL(point_docs[i], 64, &len, url));
        assert_true(corsym_test_wstr_equal(url, i == 2 ? "/home/u/src/Other.cs"
                                                       : "C:\\src\\Program.cs"));
        ISymUnmanagedDocument_Release(point_docs[i]);
    }
    assert_int_equal(columns[1], 13);
    assert_int_equal(end_columns[1], 40);

    /* Scopes: the reader's synthetic root, our outer scope [0, 14), its child [2, 9). */
    ISymUnmanagedScope *root = NULL, *outer = NULL, *child = NULL;
    OK(ISymUnmanagedMethod_GetRootScope(m, &root));
    OK(ISymUnmanagedScope_GetChildren(root, 1, &count, &outer));
    ULONG32 start = 99, end = 99;
    OK(ISymUnmanagedScope_GetStartOffset(outer, &start));
    OK(ISymUnmanagedScope_GetEndOffset(outer, &end));
    assert_int_equal(start, 0);
    assert_int_equal(end, 14);
    ISymUnmanagedVariable *locals[4] = { NULL };
    OK(ISymUnmanagedScope_GetLocals(outer, 4, &count, locals));
    assert_int_equal(count, 2);
    ULONG32 slot = 99, attrs = 99;
    OK(ISymUnmanagedVariable_GetName(locals[1], 64, &len, url));
    assert_true(corsym_test_wstr_equal(url, "CS$hidden"));
    OK(ISymUnmanagedVariable_GetAddressField1(locals[1], &slot));
    OK(ISymUnmanagedVariable_GetAttributes(locals[1], &attrs));
    assert_int_equal(slot, 1);
    assert_int_equal(attrs, 1);
    ISymUnmanagedVariable_Release(locals[0]);
    ISymUnmanagedVariable_Release(locals[1]);
    OK(ISymUnmanagedScope_GetChildren(outer, 1, &count, &child));
    OK(ISymUnmanagedScope_GetStartOffset(child, &start));
    OK(ISymUnmanagedScope_GetEndOffset(child, &end));
    assert_int_equal(start, 2);
    assert_int_equal(end, 9);
    ISymUnmanagedScope2 *child2 = NULL;
    OK(ISymUnmanagedScope_QueryInterface(child, &IID_ISymUnmanagedScope2, (void **)&child2));
    ISymUnmanagedConstant *constants[8] = { NULL };
    OK(ISymUnmanagedScope2_GetConstants(child2, 8, &count, constants));
    assert_int_equal(count, 6);
    VARIANT v;
    memset(&v, 0, sizeof(v));
    OK(ISymUnmanagedConstant_GetValue(constants[1], &v)); /* Color: the enum's I4 */
    assert_int_equal(V_VT(&v), VT_I4);
    assert_int_equal(V_I4(&v), 2);
    BYTE sig[16];
    OK(ISymUnmanagedConstant_GetSignature(constants[1], sizeof(sig), &len, sig));
    assert_int_equal(len, 2);
    assert_int_equal(sig[0], 0x11);
    assert_int_equal(sig[1], 0x08);
    memset(&v, 0, sizeof(v));
    OK(ISymUnmanagedConstant_GetValue(constants[2], &v)); /* Price */
    assert_int_equal(V_VT(&v), VT_DECIMAL);
    assert_int_equal(V_DECIMAL(&v).scale, 2);
    assert_int_equal(V_DECIMAL(&v).Lo64, 12345);
    memset(&v, 0, sizeof(v));
    OK(ISymUnmanagedConstant_GetValue(constants[4], &v)); /* Pi */
    assert_int_equal(V_VT(&v), VT_R8);
    assert_true(V_R8(&v) == 3.25);
    for (ULONG32 i = 0; i < count; i++)
        ISymUnmanagedConstant_Release(constants[i]);
    ISymUnmanagedScope2_Release(child2);
    ISymUnmanagedScope_Release(child);
    ISymUnmanagedScope_Release(outer);
    ISymUnmanagedScope_Release(root);
    ISymUnmanagedMethod_Release(m);

    OK(ISymUnmanagedReader_GetMethod(r, 0x06000005, &m));
    ISymUnmanagedAsyncMethod *am = NULL;
    OK(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedAsyncMethod, (void **)&am));
    BOOL is_async = FALSE;
    OK(ISymUnmanagedAsyncMethod_IsAsyncMethod(am, &is_async));
    assert_true(is_async);
    mdToken kickoff = 0;
    OK(ISymUnmanagedAsyncMethod_GetKickoffMethod(am, &kickoff));
    assert_int_equal(kickoff, 0x06000004);
    ULONG32 catch_offset = 0;
    OK(ISymUnmanagedAsyncMethod_GetCatchHandlerILOffset(am, &catch_offset));
    assert_int_equal(catch_offset, 30);
    ULONG32 ys[4], rs[4];
    mdToken ms[4];
    OK(ISymUnmanagedAsyncMethod_GetAsyncStepInfo(am, 4, &count, ys, rs, ms));
    assert_int_equal(count, 2);
    assert_int_equal(ys[1], 16);
    assert_int_equal(rs[1], 18);
    assert_int_equal(ms[1], 0x06000005);
    ISymUnmanagedAsyncMethod_Release(am);
    ISymUnmanagedMethod_Release(m);

    /* AddCompilerInfo comes back through the compiler-info reader. */
    ISymUnmanagedCompilerInfoReader *cir = NULL;
    OK(ISymUnmanagedReader_QueryInterface(r, &IID_ISymUnmanagedCompilerInfoReader, (void **)&cir));
    USHORT major = 0, minor = 0, build = 0, revision = 0;
    WCHAR compiler[64];
    OK(ISymUnmanagedCompilerInfoReader_GetCompilerInfo(cir, &major, &minor, &build, &revision,
                                                       64, &count, compiler));
    assert_int_equal(major, 4);
    assert_int_equal(minor, 8);
    assert_int_equal(build, 0);
    assert_int_equal(revision, 1);
    assert_true(corsym_test_wstr_equal(compiler, "corsym test compiler"));
    ISymUnmanagedCompilerInfoReader_Release(cir);

    ISymUnmanagedDocument_Release(docs[0]);
    ISymUnmanagedDocument_Release(docs[1]);
    ISymUnmanagedReader_Release(r);
    free(image);
}

/* Same calls, same bytes; and the deterministic id is the hash of the content. */
static unsigned char *deterministic_image(size_t *n, BYTE guid_out[16])
{
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)s));
    write_full(w);
    IMAGE_DEBUG_DIRECTORY idd;
    BYTE cv[64];
    DWORD size = 0;
    OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(cv), &size, cv));
    memcpy(guid_out, cv + 4, 16);
    DWORD stamp = 0, age = 0;
    IPdbWriter *pw = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_IPdbWriter, (void **)&pw));
    OK(IPdbWriter_GetSignatureAge(pw, &stamp, &age));
    assert_int_equal(stamp, idd.TimeDateStamp);
    assert_int_equal(age, 1);
    assert_true(stamp & 0x80000000u);
    IPdbWriter_Release(pw);
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedWriter8_Release(w);
    unsigned char *image = stream_bytes(s, n);
    IStream_Release(s);
    return image;
}

static void test_determinism(void **state)
{
    size_t n1, n2;
    BYTE g1[16], g2[16];
    unsigned char *a = deterministic_image(&n1, g1);
    unsigned char *b = deterministic_image(&n2, g2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    assert_memory_equal(g1, g2, 16);
    assert_int_equal(g1[7] & 0xF0, 0x40);
    maybe_save("full.deterministic.pdb", a, n1);
    ISymUnmanagedReader *r = open_reader_bytes(a, n1);
    ISymUnmanagedReader4 *r4 = NULL;
    OK(ISymUnmanagedReader_QueryInterface(r, &IID_ISymUnmanagedReader4, (void **)&r4));
    BOOL matches = FALSE;
    GUID g;
    memcpy(&g, g1, 16);
    OK(ISymUnmanagedReader4_MatchesModule(r4, g, 0, -1, &matches));
    assert_true(matches);
    ISymUnmanagedReader4_Release(r4);
    ISymUnmanagedReader_Release(r);
    free(a);
    free(b);

    /* UpdateSignatureByHashingContent: the id is a function of the given bytes only. */
    BYTE ids[2][16];
    for (int i = 0; i < 2; i++) {
        ISymUnmanagedWriter8 *w = new_writer();
        IStream *s = new_stream();
        OK(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, s, TRUE));
        OK(ISymUnmanagedWriter8_UpdateSignatureByHashingContent(w, (const BYTE *)"abc", 3));
        IMAGE_DEBUG_DIRECTORY idd;
        BYTE cv[64];
        DWORD size;
        OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(cv), &size, cv));
        memcpy(ids[i], cv + 4, 16);
        OK(ISymUnmanagedWriter8_Close(w));
        ISymUnmanagedWriter8_Release(w);
        IStream_Release(s);
    }
    assert_memory_equal(ids[0], ids[1], 16);

    /* Initialize without determinism: a fresh id each time. */
    for (int i = 0; i < 2; i++) {
        ISymUnmanagedWriter8 *w = new_writer();
        IStream *s = new_stream();
        WCHAR *name = corsym_test_wstr("x.pdb");
        OK(ISymUnmanagedWriter8_Initialize(w, NULL, name, s, TRUE));
        free(name);
        IMAGE_DEBUG_DIRECTORY idd;
        BYTE cv[64];
        DWORD size;
        OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(cv), &size, cv));
        assert_int_equal(size, 4 + 16 + 4 + 6);
        assert_string_equal((const char *)cv + 24, "x.pdb");
        memcpy(ids[i], cv + 4, 16);
        /* The padded form leaves room for a MAX_PATH path. */
        OK(ISymUnmanagedWriter8_GetDebugInfoWithPadding(w, &idd, 0, &size, NULL));
        assert_int_equal(size, 4 + 16 + 4 + 260);
        ISymUnmanagedWriter8_Release(w); /* never closed: nothing is written, nothing leaks */
        IStream_Release(s);
    }
    assert_true(memcmp(ids[0], ids[1], 16) != 0);
}

static void test_methoddef_count(void **state)
{
    struct { int tables; ULONG rows; uint32_t want; } cases[] = {
        { 1, 9, 9 },   /* IMetaDataTables says 9 */
        { 1, 1, 3 },   /* fewer than the calls used: the highest token wins */
        { 0, 12, 12 }, /* IMetaDataImport enumerates methods up to 0x0600000C */
        { -1, 0, 3 },  /* no emitter: the highest token the calls used */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fake_emitter emitter;
        fake_init(&emitter, cases[i].tables > 0, cases[i].rows);
        ISymUnmanagedWriter8 *w = new_writer();
        IStream *s = new_stream();
        OK(ISymUnmanagedWriter8_InitializeDeterministic(
            w, cases[i].tables < 0 ? NULL : (IUnknown *)&emitter, (IUnknown *)s));
        ISymUnmanagedDocumentWriter *d = define_doc(w, "a.cs");
        OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000002));
        static const ULONG32 p[] = { 0, 1, 1, 1, 2 };
        points(w, d, 1, p);
        OK(ISymUnmanagedWriter8_CloseMethod(w));
        OK(ISymUnmanagedWriter8_SetUserEntryPoint(w, 0x06000003));
        OK(ISymUnmanagedWriter8_Close(w));
        ISymUnmanagedDocumentWriter_Release(d);
        ISymUnmanagedWriter8_Release(w);
        size_t n;
        unsigned char *image = stream_bytes(s, &n);
        assert_int_equal(mdi_rows(image, n), cases[i].want);
        if (cases[i].tables == 0)
            assert_true(emitter.enum_calls > 0);
        free(image);
        IStream_Release(s);
    }
}

/* DefineConstant2: the constant's type comes from its StandAloneSig when the emitter's
 * importer can read it, and from the VARIANT alone otherwise. */
static void test_constant_signature_from_emitter(void **state)
{
    for (int with_emitter = 0; with_emitter < 2; with_emitter++) {
        struct fake_emitter emitter;
        fake_init(&emitter, 0, 1);
        ISymUnmanagedWriter8 *w = new_writer();
        IStream *s = new_stream();
        OK(ISymUnmanagedWriter8_InitializeDeterministic(w, with_emitter ? (IUnknown *)&emitter : NULL,
                                                        (IUnknown *)s));
        ISymUnmanagedDocumentWriter *d = define_doc(w, "a.cs");
        OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
        static const ULONG32 p[] = { 0, 1, 1, 1, 2 };
        points(w, d, 1, p);
        ULONG32 scope;
        OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
        VARIANT v;
        memset(&v, 0, sizeof(v));
        V_VT(&v) = VT_I4;
        V_I4(&v) = 3;
        WCHAR *name = corsym_test_wstr("E");
        OK(ISymUnmanagedWriter8_DefineConstant2(w, name, v, 0x11000005));
        free(name);
        OK(ISymUnmanagedWriter8_CloseScope(w, 4));
        OK(ISymUnmanagedWriter8_CloseMethod(w));
        OK(ISymUnmanagedWriter8_Close(w));
        ISymUnmanagedDocumentWriter_Release(d);
        ISymUnmanagedWriter8_Release(w);
        size_t n;
        unsigned char *image = stream_bytes(s, &n);
        IStream_Release(s);

        ISymUnmanagedReader *r = open_reader_bytes(image, n);
        ISymUnmanagedMethod *m = NULL;
        ISymUnmanagedScope *root = NULL, *outer = NULL;
        ISymUnmanagedScope2 *outer2 = NULL;
        ISymUnmanagedConstant *c = NULL;
        ULONG32 count = 0, len = 0;
        OK(ISymUnmanagedReader_GetMethod(r, 0x06000001, &m));
        OK(ISymUnmanagedMethod_GetRootScope(m, &root));
        OK(ISymUnmanagedScope_GetChildren(root, 1, &count, &outer));
        OK(ISymUnmanagedScope_QueryInterface(outer, &IID_ISymUnmanagedScope2, (void **)&outer2));
        OK(ISymUnmanagedScope2_GetConstants(outer2, 1, &count, &c));
        assert_int_equal(count, 1);
        BYTE sig[8];
        OK(ISymUnmanagedConstant_GetSignature(c, sizeof(sig), &len, sig));
        if (with_emitter) {
            assert_int_equal(len, 2); /* the enum type, as Microsoft's portable reader rebuilds it */
            assert_int_equal(sig[0], 0x11);
            assert_int_equal(sig[1], 0x08);
        } else {
            assert_int_equal(len, 1);
            assert_int_equal(sig[0], 0x08);
        }
        memset(&v, 0, sizeof(v));
        OK(ISymUnmanagedConstant_GetValue(c, &v));
        assert_int_equal(V_VT(&v), VT_I4);
        assert_int_equal(V_I4(&v), 3);
        ISymUnmanagedConstant_Release(c);
        ISymUnmanagedScope2_Release(outer2);
        ISymUnmanagedScope_Release(outer);
        ISymUnmanagedScope_Release(root);
        ISymUnmanagedMethod_Release(m);
        ISymUnmanagedReader_Release(r);
        free(image);
        assert_int_equal(emitter.refcount, 1);
    }
}

/* dnlib's deterministic flow: Commit, hash what the stream holds, UpdateSignature, Close.
 * The rewrite differs from the commit in the 20 id bytes only. */
static void test_commit_then_update_signature(void **state)
{
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)s));
    write_full(w);
    OK(ISymUnmanagedWriter8_Commit(w));
    size_t n1, n2;
    unsigned char *committed = stream_bytes(s, &n1);
    IMAGE_DEBUG_DIRECTORY idd;
    BYTE cv[64];
    DWORD size;
    OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(cv), &size, cv));
    size_t id_at = u32_at(committed + 16 + u32_at(committed + 12) + 4); /* #Pdb comes first */
    assert_memory_equal(committed + id_at, cv + 4, 16);
    OK(ISymUnmanagedWriter8_UpdateSignature(w, full_id, full_stamp, 1));
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedWriter8_Release(w);
    unsigned char *closed = stream_bytes(s, &n2);
    IStream_Release(s);
    assert_int_equal(n1, n2);
    assert_memory_equal(closed + id_at, &full_id, 16);
    assert_int_equal(u32_at(closed + id_at + 16), full_stamp);
    assert_memory_equal(closed, committed, id_at);
    assert_memory_equal(closed + id_at + 20, committed + id_at + 20, n1 - id_at - 20);
    free(committed);
    free(closed);
}

/* ---- files ---- */

static char *temp_path(const char *name)
{
    static char dir[512];
    if (!dir[0]) {
#ifdef _WIN32
        char base[MAX_PATH];
        GetTempPathA(sizeof(base), base);
        snprintf(dir, sizeof(dir), "%scorsym-writer-%lu", base, (unsigned long)GetCurrentProcessId());
        CreateDirectoryA(dir, NULL);
#else
        snprintf(dir, sizeof(dir), "/tmp/corsym-writer-%lu", (unsigned long)getpid());
        mkdir(dir, 0700);
#endif
    }
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* A writer initialised to write `path`. */
static ISymUnmanagedWriter8 *writer_to(const char *path)
{
    ISymUnmanagedWriter8 *w = new_writer();
    WCHAR *wpath = corsym_test_wstr(path);
    OK(ISymUnmanagedWriter8_Initialize(w, NULL, wpath, NULL, TRUE));
    free(wpath);
    return w;
}

static ISymUnmanagedWriter8 *file_writer(const char *path)
{
    ISymUnmanagedWriter8 *w = writer_to(path);
    ISymUnmanagedDocumentWriter *d = define_doc(w, "a.cs");
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    static const ULONG32 p[] = { 0, 1, 1, 1, 2 };
    points(w, d, 1, p);
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    ISymUnmanagedDocumentWriter_Release(d);
    return w;
}

static void test_file_output(void **state)
{
    char *path = temp_path("out.pdb");
    remove(path);

    /* Abort leaves nothing at the target. */
    ISymUnmanagedWriter8 *w = file_writer(path);
    OK(ISymUnmanagedWriter8_Abort(w));
    assert_false(file_exists(path));
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_Abort(w), E_UNEXPECTED);
    ISymUnmanagedWriter8_Release(w);

    /* Close writes a PDB that reads back. */
    w = file_writer(path);
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedWriter8_Release(w);
    size_t n;
    unsigned char *image = corsym_test_read_file(path, &n);
    assert_non_null(image);
    assert_memory_equal(image, "BSJB", 4);
    ISymUnmanagedReader *r = open_reader_bytes(image, n);
    ISymUnmanagedMethod *m = NULL;
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000001, &m));
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedReader_Release(r);

    /* A writer dropped without Close or Abort leaves the previous PDB as it was. */
    w = file_writer(path);
    ISymUnmanagedWriter8_Release(w);
    size_t n2;
    unsigned char *again = corsym_test_read_file(path, &n2);
    assert_int_equal(n, n2);
    assert_memory_equal(image, again, n);
    free(again);
    free(image);

    /* A target that cannot be written: Close fails and leaves no file behind. */
    char *bad = temp_path("no-such-dir/out.pdb");
    w = file_writer(bad);
    assert_true(FAILED(ISymUnmanagedWriter8_Close(w)));
    assert_false(file_exists(bad));
    ISymUnmanagedWriter8_Release(w);
    free(bad);

    /* IPdbWriter: the path, and SetPath to move the target. */
    char *moved = temp_path("moved.pdb");
    remove(moved);
    w = file_writer(path);
    IPdbWriter *pw = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_IPdbWriter, (void **)&pw));
    DWORD len = 0;
    OK(IPdbWriter_GetPath(pw, 0, &len, NULL));
    assert_int_equal(len, strlen(path) + 1);
    WCHAR *wmoved = corsym_test_wstr(moved);
    OK(IPdbWriter_SetPath(pw, wmoved, NULL, TRUE));
    free(wmoved);
    OK(IPdbWriter_OpenMod(pw, NULL, NULL));
    OK(IPdbWriter_CloseMod(pw));
    IPdbWriter_Release(pw);
    OK(ISymUnmanagedWriter8_Commit(w));
    assert_true(file_exists(moved));
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedWriter8_Release(w);
    remove(moved);
    remove(path);
    free(moved);
    free(path);
}

/* ---- misuse ---- */

static void test_misuse(void **state)
{
    ISymUnmanagedWriter8 *w = new_writer();
    ISymUnmanagedDocumentWriter *d = NULL;
    WCHAR *url = corsym_test_wstr("a.cs");
    ULONG32 scope;

    /* Nothing before Initialize. */
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_DefineDocument(w, url, NULL, NULL, NULL, &d),
                     E_UNEXPECTED);
    assert_null(d);
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_DefineParameter(w, url, 0, 1, 1, 0, 0, 0),
                     E_INVALIDARG); /* no method can be open: Microsoft's answer */
    assert_int_equal(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, NULL, TRUE), E_INVALIDARG);

    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, s, TRUE));
    assert_int_equal(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, s, TRUE), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_DefineDocument(w, url, NULL, NULL, NULL, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedWriter8_DefineDocument(w, NULL, NULL, NULL, NULL, &d),
                     E_INVALIDARG);
    OK(ISymUnmanagedWriter8_DefineDocument(w, url, NULL, NULL, NULL, &d));

    /* Method and scope nesting. */
    assert_int_equal(ISymUnmanagedWriter8_CloseMethod(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_OpenScope(w, 0, &scope), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x02000001), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000000), E_INVALIDARG);
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000002), E_UNEXPECTED);
    assert_int_equal(local2(w, "x", 0, 0), E_UNEXPECTED); /* no scope open */
    assert_int_equal(ISymUnmanagedWriter8_CloseScope(w, 4), E_UNEXPECTED);
    OK(ISymUnmanagedWriter8_OpenScope(w, 4, &scope));
    assert_int_equal(ISymUnmanagedWriter8_OpenScope(w, 0, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedWriter8_CloseScope(w, 2), E_INVALIDARG); /* end < start */
    assert_int_equal(ISymUnmanagedWriter8_SetScopeRange(w, scope + 5, 0, 1), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedWriter8_CloseMethod(w), E_UNEXPECTED); /* scope open */
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);        /* method open */

    /* Sequence points: one bad point rejects the whole call. */
    ULONG32 off[2] = { 0, 2 }, l[2] = { 1, 3 }, c[2] = { 1, 5 }, el[2] = { 1, 2 }, ec[2] = { 2, 1 };
    assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, d, 2, off, l, c, el, ec),
                     E_INVALIDARG); /* the second ends before it starts */
    el[1] = 3;
    ec[1] = 5; /* zero width on one line: a Portable PDB cannot hold it */
    assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, d, 2, off, l, c, el, ec),
                     E_INVALIDARG);
    ec[1] = 6;
    assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, NULL, 2, off, l, c, el, ec),
                     E_INVALIDARG);
    OK(ISymUnmanagedWriter8_DefineSequencePoints(w, d, 2, off, l, c, el, ec));

    /* A document writer of another writer is not ours. */
    ISymUnmanagedWriter8 *other = new_writer();
    IStream *s2 = new_stream();
    OK(ISymUnmanagedWriter8_Initialize(other, NULL, NULL, s2, TRUE));
    ISymUnmanagedDocumentWriter *foreign = NULL;
    OK(ISymUnmanagedWriter8_DefineDocument(other, url, NULL, NULL, NULL, &foreign));
    assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, foreign, 2, off, l, c, el, ec),
                     E_INVALIDARG);
    ISymUnmanagedWriter8_Release(other); /* the document writer keeps it alive */
    OK(ISymUnmanagedDocumentWriter_SetSource(foreign, 1, (BYTE *)"x"));
    ISymUnmanagedDocumentWriter_Release(foreign);
    IStream_Release(s2);

    /* Arguments no PDB holds. */
    WCHAR bad_name[] = { 'x', 0xD800, 0 }; /* unpaired surrogate */
    assert_int_equal(ISymUnmanagedWriter8_DefineLocalVariable2(w, bad_name, 0, 0x11000001, 1, 0,
                                                               0, 0, 0, 0), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedWriter8_DefineLocalVariable2(w, url, 0, 0x02000001, 1, 0, 0, 0,
                                                               0, 0), E_INVALIDARG);
    VARIANT v;
    memset(&v, 0, sizeof(v));
    V_VT(&v) = VT_ARRAY | VT_I4;
    assert_int_equal(constant(w, "k", v, 0, NULL), E_INVALIDARG);
    /* Microsoft's answers: a parameter needs a name and an open method, a field is accepted
     * anywhere (neither is in a Portable PDB), global variables are not implemented. */
    OK(ISymUnmanagedWriter8_DefineParameter(w, url, 0, 1, 1, 0, 0, 0));
    assert_int_equal(ISymUnmanagedWriter8_DefineParameter(w, NULL, 0, 1, 1, 0, 0, 0),
                     E_INVALIDARG);
    unsigned char field_sig[] = { 0x06, 0x08 };
    OK(ISymUnmanagedWriter8_DefineField(w, 0x02000002, url, 0, 2, field_sig, 1, 0, 0, 0));
    assert_int_equal(ISymUnmanagedWriter8_DefineGlobalVariable(w, url, 0, 2, field_sig, 1, 0, 0,
                                                               0), E_NOTIMPL);
    assert_int_equal(ISymUnmanagedWriter8_DefineGlobalVariable2(w, url, 0, 0x11000001, 1, 0, 0,
                                                                0), E_NOTIMPL);
    OK(ISymUnmanagedWriter8_CloseScope(w, 8));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    assert_int_equal(ISymUnmanagedWriter8_DefineParameter(w, url, 0, 1, 1, 0, 0, 0),
                     E_INVALIDARG);
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001), E_INVALIDARG); /* twice */

    /* The token map and namespaces must be balanced. */
    assert_int_equal(ISymUnmanagedWriter8_MapTokenToSourceSpan(w, 0x02000002, d, 1, 1, 1, 2),
                     E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_CloseMapTokensToSourceSpans(w), E_UNEXPECTED);
    OK(ISymUnmanagedWriter8_OpenMapTokensToSourceSpans(w));
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);
    OK(ISymUnmanagedWriter8_CloseMapTokensToSourceSpans(w));
    /* Namespaces are not recorded: closing one that is not open is S_OK, as in Microsoft's
     * writer (observed under Wine with Microsoft.DiaSymReader.Native 14.12). */
    OK(ISymUnmanagedWriter8_CloseNamespace(w));
    OK(ISymUnmanagedWriter8_OpenNamespace(w, url));
    OK(ISymUnmanagedWriter8_CloseNamespace(w));
    /* UsingNamespace outside a method's scope: E_FAIL, as in Microsoft's writer. */
    assert_int_equal(ISymUnmanagedWriter8_UsingNamespace(w, url), E_FAIL);

    /* Async properties belong to an open method. */
    ISymUnmanagedAsyncMethodPropertiesWriter *async = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
                                           (void **)&async));
    assert_int_equal(ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(async, 0x06000001),
                     E_UNEXPECTED);
    ISymUnmanagedAsyncMethodPropertiesWriter_Release(async);

    /* Signatures and debug info. */
    assert_int_equal(ISymUnmanagedWriter8_UpdateSignature(w, full_id, 1, 2), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedWriter8_GetDebugInfo(w, NULL, 0, NULL, NULL), E_INVALIDARG);
    IMAGE_DEBUG_DIRECTORY idd;
    BYTE small[8];
    DWORD size = 99;
    assert_int_equal(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, sizeof(small), &size, small),
                     (HRESULT)0x80070008);
    assert_int_equal(size, 0);
    assert_int_equal(ISymUnmanagedWriter8_SetSourceLinkData(w, NULL, 3), E_INVALIDARG);

    /* After Close, everything is refused; the debug info stays available. */
    OK(ISymUnmanagedWriter8_Close(w));
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_Commit(w), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000009), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedDocumentWriter_SetSource(d, 1, (BYTE *)"x"), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_SetUserEntryPoint(w, 0x06000001), E_UNEXPECTED);
    assert_int_equal(ISymUnmanagedWriter8_UpdateSignature(w, full_id, 1, 1), E_UNEXPECTED);
    OK(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, 0, &size, NULL));

    ISymUnmanagedDocumentWriter_Release(d);
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    IStream_Release(s);
    free(url);
}

/* Points the Portable encoding cannot hold though each one is valid (a line delta between
 * two points beyond a signed 28-bit integer): CloseMethod takes them (the writer keeps such a
 * method's points instead of encoding them), Close answers E_INVALIDARG, as it did before
 * CloseMethod encoded points, and leaves nothing at the target. */
static void test_points_beyond_the_encoding(void **state)
{
    (void)state;
    char *path = temp_path("beyond.pdb");
    remove(path);
    ISymUnmanagedWriter8 *w = writer_to(path);
    ISymUnmanagedDocumentWriter *d = define_doc(w, "a.cs");
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    static const ULONG32 p[] = { 0, 1, 1, 1, 2,  4, 0x1FFFFFFF, 1, 0x1FFFFFFF, 2 };
    points(w, d, 2, p);
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    /* A second method, ordinary, is encoded as usual beside it. */
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000002));
    points(w, d, 1, p);
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    assert_int_equal(ISymUnmanagedWriter8_Close(w), E_INVALIDARG);
    assert_false(file_exists(path));
    ISymUnmanagedDocumentWriter_Release(d);
    ISymUnmanagedWriter8_Release(w);
    free(path);
}

/* The calls of build_sparse in tests/unit/test_portable_emit.c: methods with little or no
 * data of their own keep what the calls said (an async kick-off with only its empty
 * whole-method scope, which takes its MoveNext's imports; a MoveNext with only its async
 * information; methods with an empty scope and custom debug info, or an empty scope only). */
static void write_sparse(ISymUnmanagedWriter8 *w)
{
    ISymUnmanagedDocumentWriter *d = define_doc(w, "C:\\src\\Async.cs");
    WCHAR *md2 = corsym_test_wstr("MD2");
    ULONG32 scope = 99;

    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    static const ULONG32 p1[] = { 0, 3, 5, 3, 6 };
    points(w, d, 1, p1);
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(using_ns(w, "USystem"));
    OK(using_ns(w, "USystem.Threading.Tasks"));
    OK(ISymUnmanagedWriter8_CloseScope(w, 2));
    static const BYTE groups[] = { 4, 1, 0, 0, 4, 0, 0, 0, 12, 0, 0, 0, 1, 0, 2, 0 };
    OK(ISymUnmanagedWriter8_SetSymAttribute(w, 0x06000001, md2, sizeof(groups), (BYTE *)groups));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    /* The kick-off, as a compiler writes it for a Windows PDB: no sequence points, an empty
     * root scope over its IL. */
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000002));
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_CloseScope(w, 0x18));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    ISymUnmanagedAsyncMethodPropertiesWriter *async = NULL;
    OK(ISymUnmanagedWriter8_QueryInterface(w, &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
                                           (void **)&async));
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000003));
    static const ULONG32 p3[] = { 0, 10, 9, 10, 20 };
    points(w, d, 1, p3);
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_CloseScope(w, 0x40));
    static const BYTE forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
    OK(ISymUnmanagedWriter8_SetSymAttribute(w, 0x06000003, md2, sizeof(forward), (BYTE *)forward));
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(async, 0x06000002));
    ULONG32 yields[] = { 0x20 }, resumes[] = { 0x30 };
    mdToken movenext[] = { 0x06000003 };
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineAsyncStepInfo(async, 1, yields, resumes,
                                                                    movenext));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000004));
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_CloseScope(w, 7));
    static const BYTE slots[] = { 4, 1, 0, 0, 4, 6, 0, 1, 12, 0, 0, 0, 0x01, 0x80, 0x05, 0 };
    OK(ISymUnmanagedWriter8_SetSymAttribute(w, 0, md2, sizeof(slots), (BYTE *)slots));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000005));
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_CloseScope(w, 3));
    OK(ISymUnmanagedWriter8_CloseMethod(w));

    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000006));
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(async, 0x06000007));
    OK(ISymUnmanagedAsyncMethodPropertiesWriter_DefineCatchHandlerILOffset(async, 0x10));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    ISymUnmanagedAsyncMethodPropertiesWriter_Release(async);
    free(md2);
    ISymUnmanagedDocumentWriter_Release(d);
}

/* The one child of a method's root scope, and its range. */
static void only_scope(ISymUnmanagedMethod *m, ULONG32 want_start, ULONG32 want_end)
{
    ISymUnmanagedScope *root = NULL, *child = NULL;
    ULONG32 count = 0, start = 99, end = 99;
    OK(ISymUnmanagedMethod_GetRootScope(m, &root));
    OK(ISymUnmanagedScope_GetChildren(root, 1, &count, &child));
    assert_int_equal(count, 1);
    OK(ISymUnmanagedScope_GetStartOffset(child, &start));
    OK(ISymUnmanagedScope_GetEndOffset(child, &end));
    assert_int_equal(start, want_start);
    assert_int_equal(end, want_end);
    ISymUnmanagedScope_Release(child);
    ISymUnmanagedScope_Release(root);
}

static void test_sparse_methods(void **state)
{
    struct fake_emitter emitter;
    fake_init(&emitter, 1, 7);
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, (IUnknown *)&emitter, (IUnknown *)s));
    write_sparse(w);
    OK(ISymUnmanagedWriter8_UpdateSignature(w, full_id, full_stamp, 1));
    OK(ISymUnmanagedWriter8_Close(w));
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    size_t n;
    unsigned char *image = stream_bytes(s, &n);
    IStream_Release(s);
    /* run.sh checks every row with S.R.M (expected/sparse.pdb.txt) and that this image is
     * byte-identical to the model-made one. */
    maybe_save("sparse.com.pdb", image, n);
    assert_int_equal(mdi_rows(image, n), 7);

    ISymUnmanagedReader *r = open_reader_bytes(image, n);
    ISymUnmanagedMethod *m = NULL;
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000001, &m));
    only_scope(m, 0, 2);
    ISymUnmanagedMethod_Release(m);

    /* Kick-off (0x06000002) and 0x06000005 have a LocalScope row and nothing else: written
     * (run.sh shows S.R.M the rows), but a reader answers GetMethod only for sequence points
     * or custom debug info (Microsoft's portable reader: PortablePdbReader.HasDebugInfo). */
    assert_int_equal(ISymUnmanagedReader_GetMethod(r, 0x06000002, &m), E_FAIL);
    assert_int_equal(ISymUnmanagedReader_GetMethod(r, 0x06000005, &m), E_FAIL);

    ISymUnmanagedAsyncMethod *am = NULL;
    mdToken kickoff = 0;
    BOOL yes = FALSE;
    ULONG32 count = 0, offset = 0;
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000003, &m));
    only_scope(m, 0, 0x40);
    OK(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedAsyncMethod, (void **)&am));
    OK(ISymUnmanagedAsyncMethod_GetKickoffMethod(am, &kickoff));
    assert_int_equal(kickoff, 0x06000002);
    OK(ISymUnmanagedAsyncMethod_GetAsyncStepInfoCount(am, &count));
    assert_int_equal(count, 1);
    ISymUnmanagedAsyncMethod_Release(am);
    ISymUnmanagedMethod_Release(m);

    /* An empty scope and an EnC slot map: the method is there, with its scope. */
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000004, &m));
    only_scope(m, 0, 7);
    ISymUnmanagedMethod_Release(m);

    /* Only async information: no points, no scopes, still a method. */
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000006, &m));
    OK(ISymUnmanagedMethod_GetSequencePointCount(m, &count));
    assert_int_equal(count, 0);
    OK(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedAsyncMethod, (void **)&am));
    OK(ISymUnmanagedAsyncMethod_IsAsyncMethod(am, &yes));
    assert_true(yes);
    OK(ISymUnmanagedAsyncMethod_GetKickoffMethod(am, &kickoff));
    assert_int_equal(kickoff, 0x06000007);
    OK(ISymUnmanagedAsyncMethod_GetCatchHandlerILOffset(am, &offset));
    assert_int_equal(offset, 0x10);
    ISymUnmanagedAsyncMethod_Release(am);
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedReader_Release(r);
    free(image);
}

/* The namespaces corsym's reader gives for a method's outermost scope, joined by '|'. */
static void body_namespaces(ISymUnmanagedReader *r, mdMethodDef token, char *out, size_t size)
{
    ISymUnmanagedMethod *m = NULL;
    ISymUnmanagedScope *root = NULL, *body = NULL;
    ISymUnmanagedNamespace *items[8];
    ULONG32 n = 0;
    OK(ISymUnmanagedReader_GetMethod(r, token, &m));
    OK(ISymUnmanagedMethod_GetRootScope(m, &root));
    OK(ISymUnmanagedScope_GetChildren(root, 1, &n, &body));
    assert_int_equal(n, 1);
    OK(ISymUnmanagedScope_GetNamespaces(body, 8, &n, items));
    size_t used = 0;
    for (ULONG32 i = 0; i < n; i++) {
        WCHAR name[128];
        ULONG32 len = 0;
        OK(ISymUnmanagedNamespace_GetName(items[i], 128, &len, name));
        for (ULONG32 k = 0; k + 1 < len && used + 2 < size; k++)
            out[used++] = (char)name[k];
        if (i + 1 < n && used + 2 < size)
            out[used++] = '|';
        ISymUnmanagedNamespace_Release(items[i]);
    }
    out[used] = 0;
    ISymUnmanagedScope_Release(body);
    ISymUnmanagedScope_Release(root);
    ISymUnmanagedMethod_Release(m);
}

/* VB's project-level imports ("@P...") go in the module's import scope and the file's in the
 * method's, as Roslyn writes them; corsym's reader gives both back in their Windows spelling
 * (S.R.M's view of the rows: tests/writer-check/expected/cdi.pdb.txt). */
static void test_vb_project_imports(void **state)
{
    (void)state;
    struct fake_emitter emitter;
    fake_init(&emitter, 1, 2);
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, (IUnknown *)&emitter, (IUnknown *)s));
    ISymUnmanagedDocumentWriter *d = define_doc(w, "C:\\src\\Module1.vb");
    static const ULONG32 p[] = { 0, 3, 5, 3, 20 };
    for (mdMethodDef token = 0x06000001; token <= 0x06000002; token++) {
        ULONG32 id;
        OK(ISymUnmanagedWriter8_OpenMethod(w, token));
        OK(ISymUnmanagedWriter8_OpenScope(w, 0, &id));
        if (token == 0x06000001)
            OK(using_ns(w, "@F:System.IO"));
        OK(using_ns(w, "@P:System"));
        OK(using_ns(w, "@PA:Col=System.Collections"));
        points(w, d, 1, p);
        OK(ISymUnmanagedWriter8_CloseScope(w, 10));
        OK(ISymUnmanagedWriter8_CloseMethod(w));
    }
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedDocumentWriter_Release(d);
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    size_t n;
    unsigned char *image = stream_bytes(s, &n);
    IStream_Release(s);
    ISymUnmanagedReader *r = open_reader_bytes(image, n);
    char names[512];
    body_namespaces(r, 0x06000001, names, sizeof names);
    assert_string_equal(names, "@F:System.IO|@P:System|@PA:Col=System.Collections");
    body_namespaces(r, 0x06000002, names, sizeof names);
    assert_string_equal(names, "@P:System|@PA:Col=System.Collections");
    ISymUnmanagedReader_Release(r);
    free(image);
}

/* DefineLocalVariable (v1) gives a local's type as signature bytes, with no StandAloneSig
 * token: a Portable PDB keeps no per-local type, so the local is written (name, slot,
 * attributes) and the method has no local signature; the bytes are not kept. */
static void test_v1_local(void **state)
{
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    OK(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)s));
    ISymUnmanagedDocumentWriter *d = define_doc(w, "a.cs");
    ULONG32 scope = 0;
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    static const ULONG32 p[] = { 0, 1, 1, 1, 2 };
    points(w, d, 1, p);
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    WCHAR *name = corsym_test_wstr("legacy");
    static BYTE sig_i4[] = { 0x08 };
    OK(ISymUnmanagedWriter8_DefineLocalVariable(w, name, 1, sizeof(sig_i4), sig_i4, 1, 3, 0, 0,
                                                0, 0));
    free(name);
    OK(ISymUnmanagedWriter8_CloseScope(w, 4));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    OK(ISymUnmanagedWriter8_Close(w));
    ISymUnmanagedDocumentWriter_Release(d);
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    size_t n;
    unsigned char *image = stream_bytes(s, &n);
    IStream_Release(s);
    maybe_save("v1local.com.pdb", image, n);

    ISymUnmanagedReader *r = open_reader_bytes(image, n);
    ISymUnmanagedMethod *m = NULL;
    OK(ISymUnmanagedReader_GetMethod(r, 0x06000001, &m));
    ISymUnmanagedMethod2 *m2 = NULL;
    OK(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedMethod2, (void **)&m2));
    mdSignature sig = 99;
    assert_int_equal(ISymUnmanagedMethod2_GetLocalSignatureToken(m2, &sig), S_FALSE);
    ISymUnmanagedMethod2_Release(m2);
    ISymUnmanagedScope *root = NULL, *outer = NULL;
    ULONG32 count = 0, slot = 0, attrs = 0, len = 0;
    OK(ISymUnmanagedMethod_GetRootScope(m, &root));
    OK(ISymUnmanagedScope_GetChildren(root, 1, &count, &outer));
    ISymUnmanagedVariable *local = NULL;
    OK(ISymUnmanagedScope_GetLocals(outer, 1, &count, &local));
    assert_int_equal(count, 1);
    WCHAR got[16];
    OK(ISymUnmanagedVariable_GetName(local, 16, &len, got));
    assert_true(corsym_test_wstr_equal(got, "legacy"));
    OK(ISymUnmanagedVariable_GetAddressField1(local, &slot));
    OK(ISymUnmanagedVariable_GetAttributes(local, &attrs));
    assert_int_equal(slot, 3);
    assert_int_equal(attrs, 1);
    ISymUnmanagedVariable_Release(local);
    ISymUnmanagedScope_Release(outer);
    ISymUnmanagedScope_Release(root);
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedReader_Release(r);
    free(image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_class_and_interfaces),
        cmocka_unit_test(test_full_round_trip),
        cmocka_unit_test(test_determinism),
        cmocka_unit_test(test_methoddef_count),
        cmocka_unit_test(test_constant_signature_from_emitter),
        cmocka_unit_test(test_commit_then_update_signature),
        cmocka_unit_test(test_file_output),
        cmocka_unit_test(test_misuse),
        cmocka_unit_test(test_sparse_methods),
        cmocka_unit_test(test_v1_local),
        cmocka_unit_test(test_vb_project_imports),
        cmocka_unit_test(test_points_beyond_the_encoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
