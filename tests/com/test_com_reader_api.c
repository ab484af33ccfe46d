/* SPDX-License-Identifier: MIT */
/*
 * Conventions of the Portable PDB reader's COM API, on the App fixture (tests/fixtures): the
 * buffer protocol of the getters, NULL out-pointers, methods without symbols, document lookup,
 * line <-> offset queries, Destroy, object lifetimes, MatchesModule, the portable metadata and
 * Source Link. What Microsoft's portable reader ("SRP", dotnet/symreader-portable) answers is
 * cited per check; the numbers come from tests/oracle-com/expected/fixtures/App.pdb.api.txt.
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
#endif

#define HR_BUFFER_TOO_SMALL ((HRESULT)0x80070008L)

/* Tokens and lines of App.pdb (see App.pdb.api.txt). */
#define TOKEN_NO_SYMBOLS 0x06000005u /* `method 0x06000005 !E_FAIL` */
#define TOKEN_CONSTANTS 0x06000006u  /* Constants.cs, 7 points, a scope with 36 constants */
#define TOKEN_MAIN 0x0600001bu       /* the entry point, Program.cs */
#define TOKEN_LAMBDAS 0x0600000bu    /* Lambdas.cs: contains the lambda 0x06000047 on line 11 */
#define TOKEN_LAMBDA 0x06000047u
#define DOC_CONSTANTS 1u
#define DOC_LAMBDAS 4u
#define DOC_PROGRAM 10u

struct pdb_file {
    unsigned char *bytes;
    size_t size;
};

static struct pdb_file read_fixture(const char *name)
{
    struct pdb_file f;
    char relative[256];
    snprintf(relative, sizeof relative, "tests/fixtures/portable/%s", name);
    char *path = corsym_test_source_path(relative);
    f.bytes = corsym_test_read_file(path, &f.size);
    if (!f.bytes)
        fail_msg("cannot read %s", path);
    free(path);
    return f;
}

static ISymUnmanagedReader *open_bytes(const struct pdb_file *f)
{
    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(f->bytes, (ULONG)f->size,
                                                                     &stream), S_OK);
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader), S_OK);
    assert_non_null(reader);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    return reader;
}

static ISymUnmanagedReader *open_app(struct pdb_file *f)
{
    *f = read_fixture("App.pdb");
    return open_bytes(f);
}

static ISymUnmanagedDocument *document(ISymUnmanagedReader *reader, ULONG32 index)
{
    ISymUnmanagedDocument *docs[32] = { 0 };
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 32, &n, docs), S_OK);
    assert_true(index < n);
    for (ULONG32 i = 0; i < n; i++)
        if (i != index)
            ISymUnmanagedDocument_Release(docs[i]);
    return docs[index];
}

static ISymUnmanagedMethod *method(ISymUnmanagedReader *reader, mdMethodDef token)
{
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, token, &m), S_OK);
    assert_non_null(m);
    return m;
}

static mdMethodDef token_of(ISymUnmanagedMethod *m)
{
    mdMethodDef token = 0;
    assert_int_equal(ISymUnmanagedMethod_GetToken(m, &token), S_OK);
    return token;
}

/* The first child of a method's root scope: the method's outermost LocalScope. */
static ISymUnmanagedScope *outer_scope(ISymUnmanagedMethod *m)
{
    ISymUnmanagedScope *root = NULL, *child = NULL;
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedMethod_GetRootScope(m, &root), S_OK);
    assert_int_equal(ISymUnmanagedScope_GetChildren(root, 1, &n, &child), S_OK);
    assert_int_equal(n, 1);
    ISymUnmanagedScope_Release(root);
    return child;
}

static int wide_equal(const WCHAR *w, const char *ascii)
{
    return corsym_test_wstr_equal(w, ascii);
}

static void finish(ISymUnmanagedReader *reader, struct pdb_file *f)
{
    if (reader)
        assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(f->bytes);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

/* ---- buffer protocol ---- */

/* SRP InteropUtilities.StringToBuffer; the too-small answer is Microsoft's native DLL's
 * (abi.md section 7), which corsym follows for both formats. */
static void check_string_protocol(void *object,
                                  HRESULT (*get)(void *, ULONG32, ULONG32 *, WCHAR *),
                                  const char *expected)
{
    size_t length = strlen(expected);
    ULONG32 n = 0xdeadbeef;
    assert_int_equal(get(object, 0, &n, NULL), S_OK);
    assert_int_equal(n, length + 1); /* the NUL counts */
    assert_int_equal(get(object, 0, NULL, NULL), S_OK);

    WCHAR *buffer = calloc(length + 2, sizeof(WCHAR));
    assert_non_null(buffer);
    for (size_t i = 0; i < length + 2; i++)
        buffer[i] = 0x7777;
    n = 0;
    assert_int_equal(get(object, (ULONG32)length + 1, &n, buffer), S_OK);
    assert_int_equal(n, length + 1);
    assert_true(wide_equal(buffer, expected));
    assert_int_equal(buffer[length + 1], 0x7777); /* nothing past the count */

    /* Too short: 0x80070008 and count 0, as Microsoft's native DLL (SRP says E_OUTOFMEMORY). */
    n = 0xdeadbeef;
    assert_int_equal(get(object, (ULONG32)length, &n, buffer), HR_BUFFER_TOO_SMALL);
    assert_int_equal(n, 0);
    free(buffer);
}

static HRESULT url_of(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedDocument_GetURL((ISymUnmanagedDocument *)o, c, p, b);
}
static HRESULT variable_name(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedVariable_GetName((ISymUnmanagedVariable *)o, c, p, b);
}
static HRESULT constant_name(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedConstant_GetName((ISymUnmanagedConstant *)o, c, p, b);
}

static void test_buffer_protocol(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);

    /* Strings. */
    ISymUnmanagedDocument *doc = document(reader, DOC_CONSTANTS);
    check_string_protocol(doc, url_of, "/_/app/Constants.cs");
    ISymUnmanagedMethod *m = method(reader, TOKEN_CONSTANTS);
    ISymUnmanagedScope *scope = outer_scope(m);
    ISymUnmanagedVariable *local = NULL;
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedScope_GetLocals(scope, 1, &n, &local), S_OK);
    assert_int_equal(n, 1);
    check_string_protocol(local, variable_name, "sum");
    ISymUnmanagedVariable_Release(local);

    /* Arrays of objects: a count query, then a short array is filled and truncated. */
    ISymUnmanagedDocument *docs[3] = { NULL, NULL, (ISymUnmanagedDocument *)(uintptr_t)0x1 };
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), S_OK);
    assert_int_equal(n, 15);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 2, &n, docs), S_OK);
    assert_int_equal(n, 2);
    assert_ptr_equal(docs[2], (void *)(uintptr_t)0x1);
    ISymUnmanagedDocument_Release(docs[0]);
    ISymUnmanagedDocument_Release(docs[1]);

    ISymUnmanagedScope2 *scope2 = NULL;
    assert_int_equal(ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2,
                                                       (void **)&scope2), S_OK);
    assert_int_equal(ISymUnmanagedScope2_GetConstants(scope2, 0, &n, NULL), S_OK);
    assert_int_equal(n, 36);
    ISymUnmanagedConstant *constants[2] = { NULL, NULL };
    assert_int_equal(ISymUnmanagedScope2_GetConstants(scope2, 1, &n, constants), S_OK);
    assert_int_equal(n, 1);
    assert_null(constants[1]);
    check_string_protocol(constants[0], constant_name, "True");

    /* Constant signature (SRP BytesToBuffer): count query, exact buffer. */
    BYTE sig[8] = { 0 };
    assert_int_equal(ISymUnmanagedConstant_GetSignature(constants[0], 0, &n, NULL), S_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ISymUnmanagedConstant_GetSignature(constants[0], 1, &n, sig), S_OK);
    assert_int_equal(n, 1);
    assert_int_equal(sig[0], 0x02); /* ELEMENT_TYPE_BOOLEAN */
    VARIANT v;
    memset(&v, 0, sizeof v);
    assert_int_equal(ISymUnmanagedConstant_GetValue(constants[0], &v), S_OK);
    assert_int_equal(V_VT(&v), VT_I2); /* bool widened to I2 (SRP SymConstant.cs) */
    assert_int_equal(V_I2(&v), 1);
    ISymUnmanagedConstant_Release(constants[0]);
    ISymUnmanagedScope2_Release(scope2);

    /* Sequence points: count query with NULL arrays, then a short buffer truncates; every
     * array is optional. */
    ULONG32 offsets[3] = { 0, 0, 0xdeadbeef }, lines[2] = { 0, 0 };
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(m, 0, &n, NULL, NULL, NULL, NULL, NULL,
                                                           NULL), S_OK);
    assert_int_equal(n, 7);
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(m, 2, &n, offsets, NULL, lines, NULL,
                                                           NULL, NULL), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(offsets[0], 0);
    assert_int_equal(offsets[1], 1);
    assert_int_equal(offsets[2], 0xdeadbeef);
    assert_int_equal(lines[0], 14);
    assert_int_equal(lines[1], 51);

    /* Checksum bytes: exact buffer; a short one is refused by SRP. */
    BYTE hash[40];
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 0, &n, NULL), S_OK);
    assert_int_equal(n, 32); /* SHA-256 */
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 32, &n, hash), S_OK);
    assert_int_equal(n, 32);
    assert_int_equal(hash[0], 0x4d);
    assert_int_equal(hash[31], 0xdd);
    n = 0xdeadbeef;
    HRESULT hr = ISymUnmanagedDocument_GetCheckSum(doc, 4, &n, hash);
    /* A short byte buffer: E_OUTOFMEMORY and count 0 (SRP InteropUtilities.BytesToBuffer). */
    assert_int_equal(hr, E_OUTOFMEMORY);
    assert_int_equal(n, 0);

    /* Children of a scope: short array truncates. */
    ISymUnmanagedScope *children[2] = { NULL, NULL };
    assert_int_equal(ISymUnmanagedScope_GetChildren(scope, 0, &n, NULL), S_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ISymUnmanagedScope_GetChildren(scope, 2, &n, children), S_OK);
    assert_int_equal(n, 1);
    assert_null(children[1]);
    ISymUnmanagedScope_Release(children[0]);

    ISymUnmanagedScope_Release(scope);
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedDocument_Release(doc);
    finish(reader, &f);
}

/* ---- NULL out-pointers ---- */

static void test_null_out_pointers(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    ISymUnmanagedMethod *m = method(reader, TOKEN_CONSTANTS);
    ISymUnmanagedDocument *doc = document(reader, DOC_CONSTANTS);
    ISymUnmanagedScope *scope = outer_scope(m);
    ISymUnmanagedConstant *constant = NULL;
    ISymUnmanagedVariable *local = NULL;
    ULONG32 n = 0;
    ISymUnmanagedScope2 *scope2 = NULL;
    assert_int_equal(ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2,
                                                       (void **)&scope2), S_OK);
    assert_int_equal(ISymUnmanagedScope2_GetConstants(scope2, 1, &n, &constant), S_OK);
    assert_int_equal(ISymUnmanagedScope_GetLocals(scope, 1, &n, &local), S_OK);

    WCHAR *url = corsym_test_wstr("Constants.cs");
    GUID zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, TOKEN_CONSTANTS, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedReader_GetDocument(reader, url, zero, zero, zero, NULL),
                     E_POINTER);
    assert_int_equal(ISymUnmanagedMethod_GetToken(m, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedMethod_GetSequencePointCount(m, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedMethod_GetRootScope(m, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_GetLanguage(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_GetLanguageVendor(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_GetDocumentType(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_HasEmbeddedSource(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedDocument_GetSourceLength(doc, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedScope_GetStartOffset(scope, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedScope_GetEndOffset(scope, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedScope_GetLocalCount(scope, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedScope_GetMethod(scope, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedScope2_GetConstantCount(scope2, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedVariable_GetAttributes(local, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedVariable_GetAddressKind(local, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedVariable_GetAddressField1(local, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedConstant_GetValue(constant, NULL), E_POINTER);

    ISymUnmanagedReader4 *reader4 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                        (void **)&reader4), S_OK);
    int size = 0;
    BYTE *data = NULL;
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, zero, 0, 1, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedReader4_GetPortableDebugMetadata(reader4, NULL, &size), E_POINTER);
    assert_int_equal(ISymUnmanagedReader4_GetPortableDebugMetadata(reader4, &data, NULL), E_POINTER);
    assert_int_equal(ISymUnmanagedReader4_GetSourceServerData(reader4, NULL, &size), E_POINTER);
    ISymUnmanagedReader4_Release(reader4);

    ISymUnmanagedBinder *binder = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    IStream *stream = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(f.bytes, (ULONG)f.size,
                                                                     &stream), S_OK);
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, NULL),
                     E_POINTER);
    IStream_Release(stream);
    ISymUnmanagedBinder_Release(binder);

    free(url);
    ISymUnmanagedConstant_Release(constant);
    ISymUnmanagedVariable_Release(local);
    ISymUnmanagedScope2_Release(scope2);
    ISymUnmanagedScope_Release(scope);
    ISymUnmanagedDocument_Release(doc);
    ISymUnmanagedMethod_Release(m);
    finish(reader, &f);
}

/* ---- methods without symbols, entry point ---- */

static void test_get_method(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    ISymUnmanagedMethod *m = (void *)(uintptr_t)0xdeadbeef;
    /* SRP SymReader.cs GetMethod: E_FAIL and NULL without a sequence-point blob or CDI. */
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, TOKEN_NO_SYMBOLS, &m), E_FAIL);
    assert_null(m);
    m = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06FFFFFFu, &m), E_FAIL);
    assert_null(m);
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x02000001u, &m), E_FAIL); /* TypeDef */
    assert_null(m);
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06000000u, &m), E_FAIL);
    assert_null(m);

    mdMethodDef entry = 0;
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), S_OK);
    assert_int_equal(entry, TOKEN_MAIN);
    m = method(reader, TOKEN_MAIN);
    assert_int_equal(token_of(m), TOKEN_MAIN);
    ISymUnmanagedMethod_Release(m);

    /* GetMethodByVersion: version 1 only. */
    ISymUnmanagedReader2 *reader2 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2,
                                                        (void **)&reader2), S_OK);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, TOKEN_MAIN, 1, &m), S_OK);
    ISymUnmanagedMethod_Release(m);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, TOKEN_MAIN, 2, &m),
                     E_INVALIDARG);
    ISymUnmanagedReader2_Release(reader2);
    finish(reader, &f);

    /* Lib.dll is a library: no entry point (SRP: E_FAIL). */
    struct pdb_file lib = read_fixture("Lib.pdb");
    reader = open_bytes(&lib);
    entry = 0xdeadbeef;
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), E_FAIL);
    assert_int_equal(entry, 0);
    finish(reader, &lib);
}

/* ---- GetDocument (SRP DocumentMap.cs TryGetDocument) ---- */

static void expect_document(ISymUnmanagedReader *reader, const char *query, const char *url)
{
    WCHAR *w = corsym_test_wstr(query);
    GUID zero;
    memset(&zero, 0, sizeof zero);
    ISymUnmanagedDocument *doc = (void *)(uintptr_t)0xdeadbeef;
    HRESULT hr = ISymUnmanagedReader_GetDocument(reader, w, zero, zero, zero, &doc);
    free(w);
    if (!url) {
        assert_int_equal(hr, S_FALSE);
        assert_null(doc);
        return;
    }
    assert_int_equal(hr, S_OK);
    assert_non_null(doc);
    WCHAR buffer[128];
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, 128, &n, buffer), S_OK);
    if (!wide_equal(buffer, url))
        fail_msg("GetDocument(\"%s\") did not find %s", query, url);
    ISymUnmanagedDocument_Release(doc);
}

static void test_get_document(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    expect_document(reader, "/_/app/Program.cs", "/_/app/Program.cs"); /* full path */
    expect_document(reader, "Program.cs", "/_/app/Program.cs");        /* file name */
    expect_document(reader, "/_/APP/program.CS", "/_/app/Program.cs"); /* case */
    expect_document(reader, "PROGRAM.CS", "/_/app/Program.cs");
    /* One candidate by file name: found whatever the directory. */
    expect_document(reader, "C:\\elsewhere\\Program.cs", "/_/app/Program.cs");
    expect_document(reader, "Nope.cs", NULL);
    expect_document(reader, "/_/app/", NULL);
    finish(reader, &f);
}

/* ---- positions: GetMethodFromDocumentPosition, GetMethodsInDocument, GetOffset, GetRanges ---- */

static void test_positions(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    ISymUnmanagedReader2 *reader2 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2,
                                                        (void **)&reader2), S_OK);

    /* Program.cs holds Main and one more method, ordered by token (SRP MethodExtents.cs). */
    ISymUnmanagedDocument *program = document(reader, DOC_PROGRAM);
    ISymUnmanagedMethod *methods[3] = { NULL, NULL, NULL };
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader2_GetMethodsInDocument(reader2, program, 0, &n, NULL), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ISymUnmanagedReader2_GetMethodsInDocument(reader2, program, 3, &n, methods),
                     S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(token_of(methods[0]), TOKEN_MAIN);
    assert_int_equal(token_of(methods[1]), 0x0600001du);
    ISymUnmanagedMethod_Release(methods[1]);

    /* A line of Main: the first visible point's start line. */
    ULONG32 lines[4] = { 0 }, count = 0;
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(methods[0], 4, &count, NULL, NULL,
                                                           lines, NULL, NULL, NULL), S_OK);
    ULONG32 main_line = lines[0] != 0xFEEFEE ? lines[0] : lines[1];
    ISymUnmanagedMethod_Release(methods[0]);
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, program, main_line,
                                                                       0, &m), S_OK);
    assert_int_equal(token_of(m), TOKEN_MAIN);
    ISymUnmanagedMethod_Release(m);
    m = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, program, 100000, 0,
                                                                       &m), E_FAIL);
    assert_null(m);
    m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethodsFromDocumentPosition(reader, program, main_line,
                                                                        0, 0, &n, NULL), S_OK);
    assert_int_equal(n, 1);

    /* Lambdas.cs line 11 is in M (0x0600000b) and in its lambda (0x06000047). SRP picks the
     * smallest token among the methods containing the line (SymReader.cs
     * GetMethodFromDocumentPosition); both are listed by GetMethodsFromDocumentPosition. */
    ISymUnmanagedDocument *lambdas = document(reader, DOC_LAMBDAS);
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, lambdas, 11, 0, &m),
                     S_OK);
    /* The smallest token whose extent holds the line, not the innermost lambda (SymReader.cs). */
    assert_int_equal(token_of(m), TOKEN_LAMBDAS);
    ISymUnmanagedMethod_Release(m);
    assert_int_equal(ISymUnmanagedReader_GetMethodsFromDocumentPosition(reader, lambdas, 11, 0, 3,
                                                                        &n, methods), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(token_of(methods[0]) + token_of(methods[1]), TOKEN_LAMBDAS + TOKEN_LAMBDA);
    ISymUnmanagedMethod_Release(methods[0]);
    ISymUnmanagedMethod_Release(methods[1]);
    ISymUnmanagedDocument_Release(lambdas);

    /* GetOffset / GetRanges on Constants.M (points: il 0 line 14, 1 line 51, 27 line 52,
     * 28 line 55, 43 line 56, 44 lines 57-63, 279 line 64; root scope ends at 281).
     * SRP SymMethod.cs: the column is ignored, line <= 0 is E_INVALIDARG, a range ends at the
     * next point's offset, the last one at the IL size (the root scope's end). */
    ISymUnmanagedDocument *constants_doc = document(reader, DOC_CONSTANTS);
    m = method(reader, TOKEN_CONSTANTS);
    ULONG32 offset = 0xdeadbeef;
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, constants_doc, 51, 0, &offset), S_OK);
    assert_int_equal(offset, 1);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, constants_doc, 51, 999, &offset), S_OK);
    assert_int_equal(offset, 1);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, constants_doc, 60, 0, &offset), S_OK);
    assert_int_equal(offset, 44); /* inside the multi-line point 57-63 */
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, constants_doc, 0, 0, &offset), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, constants_doc, 30, 0, &offset), E_FAIL);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, program, 51, 0, &offset), E_FAIL);

    ULONG32 ranges[4] = { 0, 0, 0xdeadbeef, 0xdeadbeef };
    assert_int_equal(ISymUnmanagedMethod_GetRanges(m, constants_doc, 52, 0, 0, &n, NULL), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ISymUnmanagedMethod_GetRanges(m, constants_doc, 52, 7, 4, &n, ranges), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ranges[0], 27);
    assert_int_equal(ranges[1], 28);
    assert_int_equal(ranges[2], 0xdeadbeef);
    assert_int_equal(ISymUnmanagedMethod_GetRanges(m, constants_doc, 64, 0, 4, &n, ranges), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ranges[0], 279);
    assert_int_equal(ranges[1], 281);
    assert_int_equal(ISymUnmanagedMethod_GetRanges(m, constants_doc, 0, 0, 4, &n, ranges),
                     E_INVALIDARG);
    assert_int_equal(ISymUnmanagedMethod_GetRanges(m, constants_doc, 30, 0, 4, &n, ranges), S_OK);
    assert_int_equal(n, 0);

    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedDocument_Release(constants_doc);
    ISymUnmanagedDocument_Release(program);
    ISymUnmanagedReader2_Release(reader2);
    finish(reader, &f);
}

/* ---- Destroy (SRP SymReader.cs Destroy) ---- */

static void test_destroy(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    ISymUnmanagedMethod *m = method(reader, TOKEN_CONSTANTS);
    ISymUnmanagedDocument *doc = document(reader, DOC_CONSTANTS);

    ISymUnmanagedDispose *dispose = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedDispose,
                                                        (void **)&dispose), S_OK);
    assert_int_equal(ISymUnmanagedDispose_Destroy(dispose), S_FALSE);
    assert_int_equal(ISymUnmanagedDispose_Destroy(dispose), S_OK);
    ISymUnmanagedDispose_Release(dispose);

    ULONG32 n = 0;
    mdMethodDef entry = 0;
    ISymUnmanagedMethod *again = NULL;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), E_SYM_DESTROYED);
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, TOKEN_MAIN, &again), E_SYM_DESTROYED);
    assert_null(again);
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), E_SYM_DESTROYED);

    /* Objects obtained before keep working (corsym's promise; SRP's throw ObjectDisposed). */
    assert_int_equal(ISymUnmanagedMethod_GetSequencePointCount(m, &n), S_OK);
    assert_int_equal(n, 7);
    ISymUnmanagedScope *scope = outer_scope(m);
    assert_int_equal(ISymUnmanagedScope_GetLocalCount(scope, &n), S_OK);
    assert_int_equal(n, 1);
    ISymUnmanagedScope_Release(scope);
    WCHAR url[64];
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, 64, &n, url), S_OK);
    assert_true(wide_equal(url, "/_/app/Constants.cs"));

    ISymUnmanagedDocument_Release(doc);
    ISymUnmanagedMethod_Release(m);
    finish(reader, &f);
}

/* ---- lifetimes: children outlive the reader; reference counts ---- */

static void test_children_outlive_reader(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    assert_refcount(reader, 1);
    ISymUnmanagedMethod *m = method(reader, TOKEN_CONSTANTS);
    ISymUnmanagedDocument *doc = document(reader, DOC_CONSTANTS);
    ISymUnmanagedScope *scope = outer_scope(m);
    /* A method's children are made once and counted on the method: asked for again, the
     * same object comes back. */
    ISymUnmanagedScope *again = outer_scope(m);
    assert_ptr_equal(again, scope);
    ISymUnmanagedScope_Release(again);
    ISymUnmanagedScope2 *scope2 = NULL;
    assert_int_equal(ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2,
                                                       (void **)&scope2), S_OK);
    ISymUnmanagedConstant *constants[36];
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedScope2_GetConstants(scope2, 36, &n, constants), S_OK);
    assert_int_equal(n, 36);
    ISymUnmanagedScope2_Release(scope2);

    /* The client drops the reader first. */
    ISymUnmanagedReader_Release(reader);
    reader = NULL;
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_FALSE);

    WCHAR url[64];
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, 64, &n, url), S_OK);
    assert_true(wide_equal(url, "/_/app/Constants.cs"));
    ULONG32 offset = 0;
    assert_int_equal(ISymUnmanagedMethod_GetOffset(m, doc, 64, 0, &offset), S_OK);
    assert_int_equal(offset, 279);
    assert_int_equal(ISymUnmanagedScope_GetEndOffset(scope, &n), S_OK);
    assert_int_equal(n, 281);
    ISymUnmanagedMethod *owner = NULL;
    assert_int_equal(ISymUnmanagedScope_GetMethod(scope, &owner), S_OK);
    assert_int_equal(token_of(owner), TOKEN_CONSTANTS);
    ISymUnmanagedMethod_Release(owner);

    /* Release in an arbitrary order; the constants go last, one of them (a string) is read. */
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedDocument_Release(doc);
    ISymUnmanagedScope_Release(scope);
    for (int i = 0; i < 36; i++) {
        if (i == 23) { /* Str: a BSTR the caller frees */
            VARIANT v;
            memset(&v, 0, sizeof v);
            assert_int_equal(ISymUnmanagedConstant_GetValue(constants[i], &v), S_OK);
            assert_int_equal(V_VT(&v), VT_BSTR);
#ifndef _WIN32
            free((char *)V_BSTR(&v) - sizeof(void *));
#else
            void(WINAPI * release)(BSTR) = (void(WINAPI *)(BSTR))(void *)GetProcAddress(
                LoadLibraryA("oleaut32.dll"), "SysFreeString");
            release(V_BSTR(&v));
#endif
        }
        ISymUnmanagedConstant_Release(constants[i]);
    }
    finish(NULL, &f);
}

/* ---- MatchesModule, portable metadata (SRP PortablePdbReader.cs MatchesModule) ---- */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The 20-byte PDB id at the start of the #Pdb stream, read from the file itself. */
static void pdb_id(const struct pdb_file *f, GUID *guid, DWORD *stamp)
{
    const unsigned char *p = f->bytes;
    assert_true(f->size > 32 && memcmp(p, "BSJB", 4) == 0);
    size_t at = 16 + le32(p + 12); /* past the version string */
    unsigned streams = p[at + 2] | p[at + 3] << 8;
    at += 4;
    for (unsigned s = 0; s < streams; s++) {
        uint32_t offset = le32(p + at);
        const char *name = (const char *)p + at + 8;
        size_t len = strlen(name);
        if (strcmp(name, "#Pdb") == 0) {
            memcpy(guid, p + offset, 16);
            *stamp = le32(p + offset + 16);
            return;
        }
        at += 8 + ((len + 4) & ~(size_t)3);
    }
    fail_msg("no #Pdb stream");
}

static void test_matches_module_and_metadata(void **state)
{
    (void)state;
    struct pdb_file f;
    ISymUnmanagedReader *reader = open_app(&f);
    ISymUnmanagedReader4 *reader4 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                        (void **)&reader4), S_OK);
    GUID guid, other;
    DWORD stamp = 0;
    pdb_id(&f, &guid, &stamp);
    other = guid;
    other.Data4[7] ^= 1;
    BOOL result = 2;
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp, 1, &result), S_OK);
    assert_true(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp, -1, &result), S_OK);
    assert_true(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp + 1, 1, &result), S_OK);
    assert_false(result);
    /* Age -1: the caller cannot give the stamp. */
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp + 1, -1, &result), S_OK);
    assert_true(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp, 2, &result), S_OK);
    assert_false(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp, 0, &result), S_OK);
    assert_false(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, other, stamp, 1, &result), S_OK);
    assert_false(result);
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(reader4, other, stamp, -1, &result), S_OK);
    assert_false(result);

    /* GetPortableDebugMetadata: the PDB image itself. */
    BYTE *metadata = NULL;
    int size = 0;
    assert_int_equal(ISymUnmanagedReader4_GetPortableDebugMetadata(reader4, &metadata, &size), S_OK);
    assert_int_equal(size, f.size);
    assert_non_null(metadata);
    assert_memory_equal(metadata, f.bytes, f.size);
    ISymUnmanagedReader5 *reader5 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader5,
                                                        (void **)&reader5), S_OK);
    assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, 1, &metadata,
                                                                            &size), S_OK);
    assert_int_equal(size, f.size);
    assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, 2, &metadata,
                                                                            &size), E_INVALIDARG);
    ISymUnmanagedReader5_Release(reader5);

    /* App has no Source Link: S_FALSE, NULL, 0. */
    BYTE *data = (BYTE *)(uintptr_t)0x1;
    size = -1;
    assert_int_equal(ISymUnmanagedReader4_GetSourceServerData(reader4, &data, &size), S_FALSE);
    assert_null(data);
    assert_int_equal(size, 0);
    ISymUnmanagedReader4_Release(reader4);
    finish(reader, &f);
}

/* ---- Source Link and embedded source on AppEmbedSrc ---- */

static void test_source_link_and_embedded_source(void **state)
{
    (void)state;
    struct pdb_file f = read_fixture("AppEmbedSrc.pdb");
    ISymUnmanagedReader *reader = open_bytes(&f);
    ISymUnmanagedReader4 *reader4 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                        (void **)&reader4), S_OK);
    /* SRP SymReader.cs GetSourceServerData: the Module's SourceLink CDI, as stored. */
    static const char json[] =
        "{\"documents\":{\"/_/*\":\"https://example.invalid/corsym/fixtures/*\"}}\n";
    BYTE *data = NULL;
    int size = 0;
    assert_int_equal(ISymUnmanagedReader4_GetSourceServerData(reader4, &data, &size), S_OK);
    assert_int_equal(size, sizeof(json) - 1);
    assert_memory_equal(data, json, sizeof(json) - 1);
    ISymUnmanagedReader4_Release(reader4);

    /* Documents with and without embedded source (SRP SymDocument.cs): the source is the raw
     * EmbeddedSource blob, its 4-byte format header included, through the whole-range call. */
    ULONG32 n = 0, with = 0, without = 0;
    ISymUnmanagedDocument *docs[32];
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 32, &n, docs), S_OK);
    for (ULONG32 i = 0; i < n; i++) {
        BOOL has = 2;
        ULONG32 length = 0xdeadbeef, got = 0;
        assert_int_equal(ISymUnmanagedDocument_HasEmbeddedSource(docs[i], &has), S_OK);
        HRESULT hr = ISymUnmanagedDocument_GetSourceLength(docs[i], &length);
        if (has) {
            with++;
            assert_int_equal(hr, S_OK);
            assert_true(length > 4);
            BYTE *source = malloc(length);
            assert_non_null(source);
            assert_int_equal(ISymUnmanagedDocument_GetSourceRange(docs[i], 0, 0, 0x7FFFFFFF,
                                                                  0x7FFFFFFF, length, &got, source),
                             S_OK);
            assert_int_equal(got, length);
            int32_t format = (int32_t)le32(source);
            assert_true(format == 0 || (uint32_t)format > length - 4); /* raw, or inflated size */
            assert_int_equal(ISymUnmanagedDocument_GetSourceRange(docs[i], 1, 0, 0x7FFFFFFF,
                                                                  0x7FFFFFFF, length, &got, source),
                             E_INVALIDARG);
            free(source);
        } else {
            without++;
            assert_int_equal(length, 0);
            assert_int_equal(hr, S_OK); /* S_OK and 0 without embedded source (SymDocument.cs) */
            BYTE b;
            assert_int_equal(ISymUnmanagedDocument_GetSourceRange(docs[i], 0, 0, 0x7FFFFFFF,
                                                                  0x7FFFFFFF, 1, &got, &b), S_FALSE);
        }
        ISymUnmanagedDocument_Release(docs[i]);
    }
    assert_true(with >= 2);
    assert_true(without >= 1);
    finish(reader, &f);
}

/* ---- the binder on PE paths ---- */

static void test_binder_on_images(void **state)
{
    (void)state;
    ISymUnmanagedBinder2 *binder = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder2,
                                        (void **)&binder), S_OK);
    static const char *const images[] = { "App.exe", "AppEmbedded.exe" };
    for (int i = 0; i < 2; i++) {
        char relative[128];
        snprintf(relative, sizeof relative, "tests/fixtures/portable/%s", images[i]);
        char *path = corsym_test_source_path(relative);
        WCHAR *wpath = corsym_test_wstr(path);
        ISymUnmanagedReader *reader = NULL;
        /* App.exe: App.pdb beside it. AppEmbedded.exe: no AppEmbedded.pdb anywhere, so corsym
         * falls back to the embedded PDB (SRP does not, issue #26: E_PDB_NOT_FOUND). */
        assert_int_equal(ISymUnmanagedBinder2_GetReaderForFile2(binder, NULL, wpath, NULL,
                                                                AllowReferencePathAccess, &reader),
                         S_OK);
        mdMethodDef entry = 0;
        assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), S_OK);
        assert_int_equal(entry, TOKEN_MAIN);
        assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
        free(wpath);
        free(path);
    }
    ISymUnmanagedBinder2_Release(binder);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buffer_protocol),
        cmocka_unit_test(test_null_out_pointers),
        cmocka_unit_test(test_get_method),
        cmocka_unit_test(test_get_document),
        cmocka_unit_test(test_positions),
        cmocka_unit_test(test_destroy),
        cmocka_unit_test(test_children_outlive_reader),
        cmocka_unit_test(test_matches_module_and_metadata),
        cmocka_unit_test(test_source_link_and_embedded_source),
        cmocka_unit_test(test_binder_on_images),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
