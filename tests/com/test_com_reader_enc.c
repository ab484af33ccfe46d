/* SPDX-License-Identifier: MIT */
/*
 * Edit and Continue on a Portable PDB: EncBase.pdb plus the deltas EncBase.1.dpdb and
 * EncBase.2.dpdb (tests/fixtures/src/enc/Enc.v{0,1,2}.cs). Expected lines, tokens and
 * locals come from the S.R.M oracle dumps (tests/oracle/expected/fixtures/EncBase*.txt);
 * how versions, extents and line deltas combine follows Microsoft.DiaSymReader.PortablePdb
 * (SymReader.cs, MethodMap.cs, MethodExtents.cs, MethodLineDeltas.cs, SymDocument.cs and
 * its EncTests.cs).
 *
 * EncBase.pdb: one document /_/enc/Enc.cs; Compute 0x06000001 (lines 9-12), Stable
 * 0x06000002 (hidden, 15-18), its lambda 0x06000004 (16), 0x06000003 without symbols.
 * Generation 2 (EncBase.1.dpdb): Compute (10-18, a hidden point at IL 10, locals a and b)
 * and the new Added 0x06000005 (27-30, local s). Generation 3 (EncBase.2.dpdb): Added again
 * (26, 28-31, locals s and t, constant Suffix).
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
typedef HANDLE thread_t;
#define THREAD_RETURN DWORD WINAPI
static int thread_start(thread_t *t, LPTHREAD_START_ROUTINE fn, void *arg)
{
    *t = CreateThread(NULL, 0, fn, arg, 0, NULL);
    return *t != NULL;
}
static void thread_join(thread_t t)
{
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}
#else
#include <pthread.h>
typedef pthread_t thread_t;
#define THREAD_RETURN void *
static int thread_start(thread_t *t, void *(*fn)(void *), void *arg)
{
    return pthread_create(t, NULL, fn, arg) == 0;
}
static void thread_join(thread_t t)
{
    pthread_join(t, NULL);
}
#endif

#define COMPUTE 0x06000001u
#define STABLE 0x06000002u
#define NO_SYMBOLS 0x06000003u
#define LAMBDA 0x06000004u
#define ADDED 0x06000005u
#define HIDDEN 0xFEEFEEu

struct file {
    unsigned char *bytes;
    size_t size;
};

static struct file fixture(const char *name)
{
    struct file f;
    char relative[256];
    snprintf(relative, sizeof relative, "tests/fixtures/portable/%s", name);
    char *path = corsym_test_source_path(relative);
    f.bytes = corsym_test_read_file(path, &f.size);
    if (!f.bytes)
        fail_msg("cannot read %s", path);
    free(path);
    return f;
}

static IStream *stream_of(const struct file *f)
{
    IStream *stream = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(f->bytes, (ULONG)f->size,
                                                                     &stream), S_OK);
    return stream;
}

static ISymUnmanagedReader *open_reader(const struct file *f)
{
    IStream *stream = stream_of(f);
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader), S_OK);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    return reader;
}

static ISymUnmanagedENCUpdate *enc_of(ISymUnmanagedReader *reader)
{
    ISymUnmanagedENCUpdate *enc = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedENCUpdate,
                                                        (void **)&enc), S_OK);
    return enc;
}

static HRESULT update2(ISymUnmanagedReader *reader, const struct file *delta,
                       SYMLINEDELTA *deltas, ULONG count)
{
    ISymUnmanagedENCUpdate *enc = enc_of(reader);
    IStream *stream = stream_of(delta);
    SYMLINEDELTA none = { 0, 0 };
    HRESULT hr = ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, stream, deltas ? deltas : &none,
                                                           count);
    IStream_Release(stream);
    ISymUnmanagedENCUpdate_Release(enc);
    return hr;
}

static HRESULT method_lines(ISymUnmanagedReader *reader, mdMethodDef token, INT32 *deltas,
                            ULONG count)
{
    ISymUnmanagedENCUpdate *enc = enc_of(reader);
    HRESULT hr = ISymUnmanagedENCUpdate_UpdateMethodLines(enc, token, deltas, count);
    ISymUnmanagedENCUpdate_Release(enc);
    return hr;
}

static ISymUnmanagedMethod *method(ISymUnmanagedReader *reader, mdMethodDef token)
{
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, token, &m), S_OK);
    assert_non_null(m);
    return m;
}

static ISymUnmanagedMethod *method_v(ISymUnmanagedReader *reader, mdMethodDef token, int version)
{
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, token, version, &m), S_OK);
    assert_non_null(m);
    return m;
}

static int version_of(ISymUnmanagedReader *reader, ISymUnmanagedMethod *m)
{
    int version = -1;
    assert_int_equal(ISymUnmanagedReader_GetMethodVersion(reader, m, &version), S_OK);
    return version;
}

static mdMethodDef token_of(ISymUnmanagedMethod *m)
{
    mdMethodDef token = 0;
    assert_int_equal(ISymUnmanagedMethod_GetToken(m, &token), S_OK);
    return token;
}

/* Start lines of all points, and end lines when `ends` is given. */
static void expect_lines(ISymUnmanagedMethod *m, const ULONG32 *starts, const ULONG32 *ends,
                         ULONG32 count)
{
    ULONG32 n = 0, got[16] = { 0 }, got_ends[16] = { 0 };
    assert_int_equal(ISymUnmanagedMethod_GetSequencePointCount(m, &n), S_OK);
    assert_int_equal(n, count);
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(m, 16, &n, NULL, NULL, got, NULL,
                                                           got_ends, NULL), S_OK);
    assert_int_equal(n, count);
    for (ULONG32 i = 0; i < count; i++) {
        assert_int_equal(got[i], starts[i]);
        if (ends)
            assert_int_equal(got_ends[i], ends[i]);
    }
}

static void expect_method_lines(ISymUnmanagedReader *reader, mdMethodDef token,
                                const ULONG32 *starts, ULONG32 count)
{
    ISymUnmanagedMethod *m = method(reader, token);
    expect_lines(m, starts, NULL, count);
    ISymUnmanagedMethod_Release(m);
}

static ISymUnmanagedDocument *document(ISymUnmanagedReader *reader, ULONG32 index,
                                       ULONG32 expected_count)
{
    ISymUnmanagedDocument *docs[4] = { 0 };
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), S_OK);
    assert_int_equal(n, expected_count);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 4, &n, docs), S_OK);
    assert_int_equal(n, expected_count);
    for (ULONG32 i = 0; i < n; i++)
        if (i != index)
            ISymUnmanagedDocument_Release(docs[i]);
    return docs[index];
}

static void expect_url(ISymUnmanagedDocument *doc, const char *url)
{
    WCHAR text[64];
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, 64, &n, text), S_OK);
    assert_true(corsym_test_wstr_equal(text, url));
}

static void expect_at_line(ISymUnmanagedReader *reader, ISymUnmanagedDocument *doc, ULONG32 line,
                           mdMethodDef token, int version)
{
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, doc, line, 0, &m),
                     S_OK);
    assert_int_equal(token_of(m), token);
    assert_int_equal(version_of(reader, m), version);
    ISymUnmanagedMethod_Release(m);
}

static void expect_none_at_line(ISymUnmanagedReader *reader, ISymUnmanagedDocument *doc,
                                ULONG32 line)
{
    ISymUnmanagedMethod *m = (ISymUnmanagedMethod *)(uintptr_t)1;
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, doc, line, 0, &m),
                     E_FAIL);
    assert_null(m);
}

/* GetMethodsFromDocumentPosition (tokens ascending, each with its version). */
static void expect_all_at_line(ISymUnmanagedReader *reader, ISymUnmanagedDocument *doc,
                               ULONG32 line, const mdMethodDef *tokens, const int *versions,
                               ULONG32 count)
{
    ISymUnmanagedMethod *methods[8] = { 0 };
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_GetMethodsFromDocumentPosition(reader, doc, line, 0, 0,
                                                                        &n, NULL), S_OK);
    assert_int_equal(n, count);
    assert_int_equal(ISymUnmanagedReader_GetMethodsFromDocumentPosition(reader, doc, line, 0, 8,
                                                                        &n, methods), S_OK);
    assert_int_equal(n, count);
    for (ULONG32 i = 0; i < n; i++) {
        assert_int_equal(token_of(methods[i]), tokens[i]);
        assert_int_equal(version_of(reader, methods[i]), versions[i]);
        ISymUnmanagedMethod_Release(methods[i]);
    }
}

/* GetMethodsInDocument: tokens ascending, each in its latest version. */
static void expect_in_document(ISymUnmanagedReader *reader, ISymUnmanagedDocument *doc,
                               const mdMethodDef *tokens, const int *versions, ULONG32 count)
{
    ISymUnmanagedReader2 *reader2 = NULL;
    ISymUnmanagedMethod *methods[8] = { 0 };
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2,
                                                        (void **)&reader2), S_OK);
    assert_int_equal(ISymUnmanagedReader2_GetMethodsInDocument(reader2, doc, 0, &n, NULL), S_OK);
    assert_int_equal(n, count);
    assert_int_equal(ISymUnmanagedReader2_GetMethodsInDocument(reader2, doc, 8, &n, methods),
                     S_OK);
    assert_int_equal(n, count);
    for (ULONG32 i = 0; i < n; i++) {
        assert_int_equal(token_of(methods[i]), tokens[i]);
        assert_int_equal(version_of(reader, methods[i]), versions[i]);
        ISymUnmanagedMethod_Release(methods[i]);
    }
    ISymUnmanagedReader2_Release(reader2);
}

static ULONG32 closest_line(ISymUnmanagedDocument *doc, ULONG32 line)
{
    ULONG32 found = 0;
    assert_int_equal(ISymUnmanagedDocument_FindClosestLine(doc, line, &found), S_OK);
    return found;
}

static ULONG locals_of(ISymUnmanagedReader *reader, mdMethodDef token)
{
    ISymUnmanagedENCUpdate *enc = enc_of(reader);
    ULONG count = 0;
    assert_int_equal(ISymUnmanagedENCUpdate_GetLocalVariableCount(enc, token, &count), S_OK);
    ISymUnmanagedENCUpdate_Release(enc);
    return count;
}

static void expect_metadata(ISymUnmanagedReader *reader, int version, const struct file *f)
{
    ISymUnmanagedReader5 *reader5 = NULL;
    BYTE *data = NULL;
    int size = 0;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader5,
                                                        (void **)&reader5), S_OK);
    if (!f) {
        assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, version,
                                                                                &data, &size),
                         E_INVALIDARG);
        assert_null(data);
    } else {
        assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, version,
                                                                                &data, &size),
                         S_OK);
        assert_int_equal(size, (int)f->size);
        assert_memory_equal(data, f->bytes, f->size);
    }
    ISymUnmanagedReader5_Release(reader5);
}

static const ULONG32 compute_v1[] = { 9, 10, 11, 12 };
static const ULONG32 compute_v2[] = { 10, 11, 12, HIDDEN, 13, 14, 15, 16, 17, 18 };
static const ULONG32 stable_v1[] = { HIDDEN, 15, 16, 17, 18 };
static const ULONG32 added_v2[] = { 27, 28, 29, 30 };
static const ULONG32 added_v3[] = { 26, 28, 29, 30, 31 };
static const BYTE baseline_hash[32] = {
    0x4c, 0x66, 0x82, 0x71, 0x69, 0xff, 0x54, 0xd4, 0x3e, 0xca, 0x4d, 0x56, 0x8a, 0xc6, 0x41, 0x99,
    0xb9, 0x75, 0x6e, 0xb1, 0xab, 0xb1, 0xf6, 0x47, 0xf3, 0x4f, 0xc1, 0x4a, 0xc6, 0xe2, 0xcf, 0x65,
};
/* SHA-256: 8829d00f-11b8-4213-878b-770e8597ac16 */
static const BYTE sha256_guid[16] = {
    0x0f, 0xd0, 0x29, 0x88, 0xb8, 0x11, 0x13, 0x42, 0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16,
};

static void test_generations(void **state)
{
    (void)state;
    struct file base = fixture("EncBase.pdb"), gen1 = fixture("EncBase.1.dpdb"),
                gen2 = fixture("EncBase.2.dpdb");
    ISymUnmanagedReader *reader = open_reader(&base);
    ISymUnmanagedDocument *doc = document(reader, 0, 1);
    BYTE hash[64];
    ULONG32 n = 0;
    GUID algorithm;
    int version = 0;
    BOOL current = FALSE;

    /* Before any update: version 1 everywhere, checksums as stored. */
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 64, &n, hash), S_OK);
    assert_int_equal(n, 32);
    assert_memory_equal(hash, baseline_hash, 32);
    assert_int_equal(ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, &algorithm), S_OK);
    assert_memory_equal(&algorithm, sha256_guid, 16);
    ISymUnmanagedMethod *compute1 = method(reader, COMPUTE);
    assert_int_equal(version_of(reader, compute1), 1);
    expect_lines(compute1, compute_v1, NULL, 4);
    ISymUnmanagedMethod *m = (ISymUnmanagedMethod *)(uintptr_t)1;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, ADDED, &m), E_FAIL);
    assert_null(m);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, COMPUTE, 2, &m), E_INVALIDARG);
    expect_metadata(reader, 1, &base);
    expect_metadata(reader, 2, NULL);

    /* Generation 2: Compute edited, Added inserted. */
    assert_int_equal(update2(reader, &gen1, NULL, 0), S_OK);
    /* Checksums go once the store is updated, on objects handed out before too. */
    n = 99;
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 64, &n, hash), S_FALSE);
    assert_int_equal(n, 0);
    memset(&algorithm, 0xAB, sizeof(algorithm));
    assert_int_equal(ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, &algorithm), S_FALSE);
    static const BYTE zero[16] = { 0 };
    assert_memory_equal(&algorithm, zero, 16);
    /* The delta's Document row has the baseline's path: still one document, now version 2. */
    ISymUnmanagedDocument *doc1 = document(reader, 0, 1);
    assert_ptr_equal(doc1, doc);
    ISymUnmanagedDocument_Release(doc1);
    expect_url(doc, "/_/enc/Enc.cs");
    assert_int_equal(ISymUnmanagedReader_GetDocumentVersion(reader, doc, &version, &current), S_OK);
    assert_int_equal(version, 2);
    assert_true(current);

    /* GetMethod answers the latest body; an object made earlier keeps its own. */
    m = method(reader, COMPUTE);
    assert_int_equal(version_of(reader, m), 2);
    assert_int_equal(token_of(m), COMPUTE);
    expect_lines(m, compute_v2, NULL, 10);
    ISymUnmanagedMethod_Release(m);
    expect_lines(compute1, compute_v1, NULL, 4);
    assert_int_equal(version_of(reader, compute1), 1);
    assert_int_equal(locals_of(reader, COMPUTE), 2); /* a and b */
    m = method(reader, ADDED);
    assert_int_equal(version_of(reader, m), 2);
    expect_lines(m, added_v2, NULL, 4);
    ISymUnmanagedMethod_Release(m);
    m = method(reader, STABLE);
    assert_int_equal(version_of(reader, m), 1);
    ISymUnmanagedMethod_Release(m);

    /* GetMethodByVersion: only the bodies that generation holds. */
    m = method_v(reader, COMPUTE, 1);
    expect_lines(m, compute_v1, NULL, 4);
    assert_int_equal(version_of(reader, m), 1);
    ISymUnmanagedMethod_Release(m);
    m = method_v(reader, COMPUTE, 2);
    expect_lines(m, compute_v2, NULL, 10);
    ISymUnmanagedMethod_Release(m);
    m = (ISymUnmanagedMethod *)(uintptr_t)1;
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, STABLE, 2, &m), E_FAIL);
    assert_null(m);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, ADDED, 1, &m), E_FAIL);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, NO_SYMBOLS, 1, &m), E_FAIL);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, COMPUTE, 3, &m), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, COMPUTE, 0, &m), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedReader_GetMethodByVersion(reader, 0x02000001u, 1, &m),
                     E_INVALIDARG);
    ISymUnmanagedReader2 *reader2 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2,
                                                        (void **)&reader2), S_OK);
    assert_int_equal(ISymUnmanagedReader2_GetMethodByVersionPreRemap(reader2, ADDED, 2, &m), S_OK);
    assert_int_equal(version_of(reader, m), 2);
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedReader2_Release(reader2);

    /* Metadata of each generation; GetPortableDebugMetadata is the latest one's. */
    expect_metadata(reader, 1, &base);
    expect_metadata(reader, 2, &gen1);
    expect_metadata(reader, 3, NULL);
    expect_metadata(reader, 0, NULL);
    expect_metadata(reader, -1, NULL);
    ISymUnmanagedReader4 *reader4 = NULL;
    BYTE *data = NULL;
    int size = 0;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                        (void **)&reader4), S_OK);
    assert_int_equal(ISymUnmanagedReader4_GetPortableDebugMetadata(reader4, &data, &size), S_OK);
    assert_int_equal(size, (int)gen1.size);
    ISymUnmanagedReader4_Release(reader4);

    /* GetSymAttributeByVersion: S_FALSE for any valid version. */
    ISymUnmanagedReader3 *reader3 = NULL;
    WCHAR *md2 = corsym_test_wstr("MD2");
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader3,
                                                        (void **)&reader3), S_OK);
    assert_int_equal(ISymUnmanagedReader3_GetSymAttributeByVersion(reader3, COMPUTE, 2, md2, 0, &n,
                                                                   NULL), S_FALSE);
    assert_int_equal(ISymUnmanagedReader3_GetSymAttributeByVersion(reader3, COMPUTE, 3, md2, 0, &n,
                                                                   NULL), E_INVALIDARG);
    ISymUnmanagedReader3_Release(reader3);
    free(md2);

    /* Extents: Compute's new body (10-18) replaces its old one (9-12) in the document. */
    static const mdMethodDef all[] = { COMPUTE, STABLE, LAMBDA, ADDED };
    static const int all_v2[] = { 2, 1, 1, 2 };
    expect_in_document(reader, doc, all, all_v2, 4);
    expect_at_line(reader, doc, 11, COMPUTE, 2);
    expect_at_line(reader, doc, 16, COMPUTE, 2); /* the smallest token containing the line */
    static const mdMethodDef at16[] = { COMPUTE, STABLE, LAMBDA };
    static const int at16_v[] = { 2, 1, 1 };
    expect_all_at_line(reader, doc, 16, at16, at16_v, 3);
    expect_at_line(reader, doc, 28, ADDED, 2);
    expect_none_at_line(reader, doc, 9);
    assert_int_equal(closest_line(doc, 1), 10);
    assert_int_equal(closest_line(doc, 13), 13);
    assert_int_equal(closest_line(doc, 19), 27);

    /* Generation 3: Added edited again, Stable moved 5 lines down. */
    SYMLINEDELTA moved = { STABLE, 5 };
    assert_int_equal(update2(reader, &gen2, &moved, 1), S_OK);
    m = method(reader, ADDED);
    assert_int_equal(version_of(reader, m), 3);
    expect_lines(m, added_v3, NULL, 5);
    ISymUnmanagedMethod_Release(m);
    assert_int_equal(locals_of(reader, ADDED), 2); /* s and t */
    m = method_v(reader, ADDED, 2);
    expect_lines(m, added_v2, NULL, 4);
    ISymUnmanagedMethod_Release(m);
    static const ULONG32 stable_moved[] = { HIDDEN, 20, 21, 22, 23 };
    expect_method_lines(reader, STABLE, stable_moved, 5);
    static const ULONG32 lambda_lines[] = { 16 };
    expect_method_lines(reader, LAMBDA, lambda_lines, 1);
    expect_at_line(reader, doc, 21, STABLE, 1);
    expect_none_at_line(reader, doc, 19);
    assert_int_equal(closest_line(doc, 19), 20);
    static const int all_v3[] = { 2, 1, 1, 3 };
    expect_in_document(reader, doc, all, all_v3, 4);
    assert_int_equal(ISymUnmanagedReader_GetDocumentVersion(reader, doc, &version, &current), S_OK);
    assert_int_equal(version, 3);
    expect_metadata(reader, 3, &gen2);
    expect_metadata(reader, 4, NULL);

    ISymUnmanagedMethod_Release(compute1);
    ISymUnmanagedDocument_Release(doc);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(base.bytes);
    free(gen1.bytes);
    free(gen2.bytes);
}

static void test_method_lines(void **state)
{
    (void)state;
    struct file base = fixture("EncBase.pdb");
    char *gen1_path = corsym_test_source_path("tests/fixtures/portable/EncBase.1.dpdb");
    ISymUnmanagedReader *reader = open_reader(&base);
    ISymUnmanagedDocument *doc = document(reader, 0, 1);
    ISymUnmanagedMethod *compute = method(reader, COMPUTE);
    ISymUnmanagedENCUpdate *enc = enc_of(reader);
    assert_int_equal(ISymUnmanagedENCUpdate_InitializeForEnc(enc), S_OK);
    ISymUnmanagedENCUpdate_Release(enc);

    INT32 deltas[5] = { 1, 2, 3, 4, 0 };
    assert_int_equal(method_lines(reader, COMPUTE, NULL, 0), S_OK);
    assert_int_equal(method_lines(reader, 0x02000001u, NULL, 0), S_OK);
    assert_int_equal(method_lines(reader, COMPUTE, NULL, 4), E_INVALIDARG);
    assert_int_equal(method_lines(reader, COMPUTE, deltas, 3), E_FAIL);  /* 4 points */
    assert_int_equal(method_lines(reader, COMPUTE, deltas, 5), E_FAIL);
    assert_int_equal(method_lines(reader, NO_SYMBOLS, deltas, 1), E_FAIL);
    assert_int_equal(method_lines(reader, 0x02000001u, deltas, 1), E_FAIL);
    assert_int_equal(method_lines(reader, 0x0600FFFFu, deltas, 1), E_FAIL);
    expect_lines(compute, compute_v1, compute_v1, 4);

    /* One delta per point; an object handed out earlier sees them (SymMethod reads them at
     * each call), and they add up. */
    assert_int_equal(method_lines(reader, COMPUTE, deltas, 4), S_OK);
    static const ULONG32 shifted[] = { 10, 12, 14, 16 };
    expect_lines(compute, shifted, shifted, 4);
    INT32 back[4] = { -1, -2, -3, -4 };
    assert_int_equal(method_lines(reader, COMPUTE, back, 4), S_OK);
    expect_lines(compute, compute_v1, compute_v1, 4);
    INT32 first_only[4] = { 100, 0, 0, 0 };
    assert_int_equal(method_lines(reader, COMPUTE, first_only, 4), S_OK);
    static const ULONG32 moved[] = { 109, 10, 11, 12 };
    expect_lines(compute, moved, moved, 4);

    /* Everything that looks at lines sees them moved. */
    ULONG32 offset = 99, start = 0, end = 0, line = 0;
    assert_int_equal(ISymUnmanagedMethod_GetOffset(compute, doc, 109, 0, &offset), S_OK);
    assert_int_equal(offset, 0);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(compute, doc, 9, 0, &offset), E_FAIL);
    ULONG32 ranges[2] = { 0, 0 }, n = 0;
    assert_int_equal(ISymUnmanagedMethod_GetRanges(compute, doc, 109, 0, 2, &n, ranges), S_OK);
    assert_int_equal(n, 2);
    assert_int_equal(ranges[0], 0);
    assert_int_equal(ranges[1], 1);
    ISymENCUnmanagedMethod *enc_method = NULL;
    assert_int_equal(ISymUnmanagedMethod_QueryInterface(compute, &IID_ISymENCUnmanagedMethod,
                                                        (void **)&enc_method), S_OK);
    assert_int_equal(ISymENCUnmanagedMethod_GetSourceExtentInDocument(enc_method, doc, &start,
                                                                      &end), S_OK);
    assert_int_equal(start, 10);
    assert_int_equal(end, 109);
    assert_int_equal(ISymENCUnmanagedMethod_GetLineFromOffset(enc_method, 0, &line, NULL, NULL,
                                                              NULL, NULL), S_OK);
    assert_int_equal(line, 109);
    ISymENCUnmanagedMethod_Release(enc_method);
    expect_at_line(reader, doc, 109, COMPUTE, 1);
    assert_int_equal(closest_line(doc, 100), 109);
    /* Lines 13-14 are empty now that Compute's extent is 10-109, which contains them; its
     * next point after 13 is 109, and Stable's 15 is nearer. */
    assert_int_equal(closest_line(doc, 13), 15);

    /* Stable: five points, the hidden one stays hidden. */
    INT32 five[5] = { 5, 5, 5, 5, 5 };
    assert_int_equal(method_lines(reader, STABLE, five, 5), S_OK);
    static const ULONG32 stable_moved[] = { HIDDEN, 20, 21, 22, 23 };
    expect_method_lines(reader, STABLE, stable_moved, 5);

    /* A delta with a new body for Compute drops Compute's line deltas, for every version of
     * it (EncTests.SequencePoints4); Stable keeps its own. The file name form. */
    WCHAR *path = corsym_test_wstr(gen1_path);
    assert_int_equal(ISymUnmanagedReader_UpdateSymbolStore(reader, path, NULL), S_OK);
    free(path);
    expect_lines(compute, compute_v1, compute_v1, 4);
    expect_method_lines(reader, COMPUTE, compute_v2, 10);
    expect_method_lines(reader, STABLE, stable_moved, 5);
    static const ULONG32 lambda_lines[] = { 16 };
    expect_method_lines(reader, LAMBDA, lambda_lines, 1);

    /* Line deltas follow the latest body: Compute now has ten points. */
    INT32 ten[10] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    assert_int_equal(method_lines(reader, COMPUTE, ten, 4), E_FAIL);
    assert_int_equal(method_lines(reader, COMPUTE, ten, 10), S_OK);
    static const ULONG32 compute_v2_moved[] = { 11, 12, 13, HIDDEN, 14, 15, 16, 17, 18, 19 };
    expect_method_lines(reader, COMPUTE, compute_v2_moved, 10);
    static const ULONG32 compute_v1_moved[] = { 10, 11, 12, 13 };
    expect_lines(compute, compute_v1_moved, NULL, 4); /* all versions move */

    ISymUnmanagedMethod_Release(compute);
    ISymUnmanagedDocument_Release(doc);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(gen1_path);
    free(base.bytes);
}

/* EncBase.1.dpdb with its document renamed (the "Enc.cs" name part of its #Blob heap, once
 * in the file, becomes "New.cs"): a delta that brings a document of its own. What follows
 * from Microsoft's reader's rules: the new document is appended, Compute's body moves there,
 * and Compute's old extent in Enc.cs stays, leading to version 1 (MethodExtents.Update keeps
 * extents a new body does not replace; EncTests.GetMethodFromDocumentPosition1). */
static void test_new_document(void **state)
{
    (void)state;
    struct file base = fixture("EncBase.pdb"), gen1 = fixture("EncBase.1.dpdb");
    unsigned char *name = NULL;
    for (size_t i = 0; i + 6 <= gen1.size; i++)
        if (memcmp(gen1.bytes + i, "Enc.cs", 6) == 0) {
            assert_null(name);
            name = gen1.bytes + i;
        }
    assert_non_null(name);
    memcpy(name, "New.cs", 6);

    ISymUnmanagedReader *reader = open_reader(&base);
    ISymUnmanagedDocument *old_doc = document(reader, 0, 1);
    assert_int_equal(update2(reader, &gen1, NULL, 0), S_OK);
    ISymUnmanagedDocument *enc_doc = document(reader, 0, 2);
    ISymUnmanagedDocument *new_doc = document(reader, 1, 2);
    assert_ptr_equal(enc_doc, old_doc);
    expect_url(enc_doc, "/_/enc/Enc.cs");
    expect_url(new_doc, "/_/enc/New.cs");
    ISymUnmanagedDocument *found = NULL;
    WCHAR *query = corsym_test_wstr("New.cs");
    GUID none;
    memset(&none, 0, sizeof(none));
    assert_int_equal(ISymUnmanagedReader_GetDocument(reader, query, none, none, none, &found),
                     S_OK);
    assert_ptr_equal(found, new_doc);
    ISymUnmanagedDocument_Release(found);
    free(query);
    int version = 0;
    BOOL current = FALSE;
    assert_int_equal(ISymUnmanagedReader_GetDocumentVersion(reader, enc_doc, &version, &current),
                     S_OK);
    assert_int_equal(version, 1);
    assert_int_equal(ISymUnmanagedReader_GetDocumentVersion(reader, new_doc, &version, &current),
                     S_OK);
    assert_int_equal(version, 2);
    ULONG32 n = 0;
    BYTE hash[32];
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(new_doc, 32, &n, hash), S_FALSE);

    /* Compute's new points are in New.cs. */
    ISymUnmanagedMethod *m = method(reader, COMPUTE);
    ISymUnmanagedDocument *docs[10] = { 0 };
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(m, 10, &n, NULL, docs, NULL, NULL, NULL,
                                                           NULL), S_OK);
    assert_int_equal(n, 10);
    for (ULONG32 i = 0; i < n; i++) {
        assert_ptr_equal(docs[i], new_doc);
        ISymUnmanagedDocument_Release(docs[i]);
    }
    ISymUnmanagedMethod_Release(m);

    static const mdMethodDef in_enc[] = { COMPUTE, STABLE, LAMBDA };
    static const int in_enc_v[] = { 2, 1, 1 }; /* GetMethodsInDocument: latest versions */
    expect_in_document(reader, enc_doc, in_enc, in_enc_v, 3);
    static const mdMethodDef in_new[] = { COMPUTE, ADDED };
    static const int in_new_v[] = { 2, 2 };
    expect_in_document(reader, new_doc, in_new, in_new_v, 2);
    expect_at_line(reader, enc_doc, 10, COMPUTE, 1); /* the stale extent's version */
    expect_at_line(reader, new_doc, 10, COMPUTE, 2);
    expect_at_line(reader, new_doc, 28, ADDED, 2);
    /* FindClosestLine searches Compute's stale extent (9-12) with Compute's latest points,
     * none of which is in Enc.cs, and Stable (15-18) shares its partition: the lambda's 16
     * is the answer, as SymDocument.FindClosestLine computes it. */
    assert_int_equal(closest_line(enc_doc, 9), 16);
    assert_int_equal(closest_line(new_doc, 1), 10);

    ISymUnmanagedDocument_Release(old_doc);
    ISymUnmanagedDocument_Release(enc_doc);
    ISymUnmanagedDocument_Release(new_doc);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(base.bytes);
    free(gen1.bytes);
}

static void test_bad_input(void **state)
{
    (void)state;
    struct file base = fixture("EncBase.pdb"), gen1 = fixture("EncBase.1.dpdb");
    ISymUnmanagedReader *reader = open_reader(&base);
    ISymUnmanagedENCUpdate *enc = enc_of(reader);
    IStream *stream = stream_of(&gen1);
    SYMLINEDELTA delta = { COMPUTE, 1 };

    assert_int_equal(ISymUnmanagedReader_UpdateSymbolStore(reader, NULL, NULL), E_INVALIDARG);
    WCHAR empty[1] = { 0 };
    assert_int_equal(ISymUnmanagedReader_UpdateSymbolStore(reader, empty, NULL), E_INVALIDARG);
    WCHAR *missing = corsym_test_wstr("no-such-dir/no-such.dpdb");
    assert_true(FAILED(ISymUnmanagedReader_UpdateSymbolStore(reader, missing, NULL)));
    free(missing);
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, NULL, &delta, 1),
                     E_INVALIDARG);
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, stream, NULL, 0),
                     E_INVALIDARG);
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, stream, &delta, 0x80000000u),
                     E_INVALIDARG);

    /* Not a PDB: refused, and the reader is as it was. */
    static const BYTE junk_bytes[64] = { 'B', 'S', 'J', 'B', 1, 0, 1, 0 };
    struct file junk = { (unsigned char *)junk_bytes, sizeof(junk_bytes) };
    assert_int_equal(update2(reader, &junk, NULL, 0), E_PDB_FORMAT);
    expect_metadata(reader, 2, NULL);
    ISymUnmanagedDocument *doc = document(reader, 0, 1);
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 0, &n, NULL), S_OK);
    assert_int_equal(n, 32);

    /* Line deltas for tokens without symbols are ignored (UpdateSymbolStore2_Errors). */
    SYMLINEDELTA odd[3] = { { 0x07000001u, 1 }, { 0x06000FFFu, 1 }, { NO_SYMBOLS, 1 } };
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, stream, odd, 3), S_OK);
    expect_method_lines(reader, COMPUTE, compute_v2, 10);
    expect_method_lines(reader, STABLE, stable_v1, 5);

    /* GetMethodVersion accepts only this reader's method objects. */
    int version = 7;
    assert_int_equal(ISymUnmanagedReader_GetMethodVersion(reader, NULL, &version), E_INVALIDARG);
    ISymUnmanagedReader *other = open_reader(&base);
    ISymUnmanagedMethod *foreign = method(other, COMPUTE);
    assert_int_equal(ISymUnmanagedReader_GetMethodVersion(reader, foreign, &version), E_INVALIDARG);
    assert_int_equal(version_of(other, foreign), 1);
    ISymUnmanagedMethod_Release(foreign);
    ISymUnmanagedReader_Release(other);

    /* After Destroy nothing updates. */
    ISymUnmanagedDispose *dispose = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedDispose,
                                                        (void **)&dispose), S_OK);
    assert_int_equal(ISymUnmanagedDispose_Destroy(dispose), S_FALSE);
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, stream, &delta, 1),
                     E_SYM_DESTROYED);
    INT32 d[4] = { 0 };
    assert_int_equal(ISymUnmanagedENCUpdate_UpdateMethodLines(enc, COMPUTE, d, 4),
                     E_SYM_DESTROYED);
    ISymUnmanagedDispose_Release(dispose);

    ISymUnmanagedDocument_Release(doc);
    IStream_Release(stream);
    ISymUnmanagedENCUpdate_Release(enc);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(base.bytes);
    free(gen1.bytes);
}

/* A Windows PDB opened has one version and no portable metadata; its deltas are Windows PDBs
 * (tests/com/test_com_reader_enc_windows.c), so a Portable PDB is refused as no PDB. */
static void test_windows_pdb(void **state)
{
    (void)state;
    char *path = corsym_test_corpus_path("cecil/windows/CecilTest.pdb");
    struct file f = { NULL, 0 };
    if (path)
        f.bytes = corsym_test_read_file(path, &f.size);
    free(path);
    if (!f.bytes) {
        print_message("  skipped: shared corpus not present\n");
        return;
    }
    struct file gen1 = fixture("EncBase.1.dpdb");
    ISymUnmanagedReader *reader = open_reader(&f);
    ISymUnmanagedReader5 *reader5 = NULL;
    BYTE *data = (BYTE *)(uintptr_t)1;
    int size = 5;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader5,
                                                        (void **)&reader5), S_OK);
    assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, 1, &data,
                                                                            &size), S_FALSE);
    assert_null(data);
    assert_int_equal(size, 0);
    assert_int_equal(ISymUnmanagedReader5_GetPortableDebugMetadataByVersion(reader5, 2, &data,
                                                                            &size), E_INVALIDARG);
    ISymUnmanagedReader5_Release(reader5);
    assert_int_equal(update2(reader, &gen1, NULL, 0), E_PDB_FORMAT);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(f.bytes);
    free(gen1.bytes);

    /* ReplaceSymbolStore between Windows PDBs: what Microsoft's DLL answered under Wine for
     * test.pdb replaced by VBConsApp.pdb (no 0x06000001 there; entry point 0x06000028; five
     * documents), while the method obtained before keeps its nine points. */
    char *first_path = corsym_test_corpus_path("cecil/windows/test.pdb");
    char *second_path = corsym_test_corpus_path("cecil/windows/VBConsApp.pdb");
    struct file first = { NULL, 0 }, second = { NULL, 0 };
    first.bytes = corsym_test_read_file(first_path, &first.size);
    second.bytes = corsym_test_read_file(second_path, &second.size);
    free(first_path);
    free(second_path);
    assert_non_null(first.bytes);
    assert_non_null(second.bytes);
    reader = open_reader(&first);
    ISymUnmanagedMethod *method = NULL, *gone = NULL;
    ULONG32 points = 0, documents = 0;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method), S_OK);
    IStream *stream = stream_of(&second);
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader5,
                                                        (void **)&reader5), S_OK);
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(reader5, NULL, stream), S_OK);
    IStream_Release(stream);
    ISymUnmanagedReader5_Release(reader5);
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &gone), E_FAIL);
    mdMethodDef entry = 0;
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), S_OK);
    assert_int_equal(entry, 0x06000028);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &documents, NULL), S_OK);
    assert_int_equal(documents, 5);
    assert_int_equal(ISymUnmanagedMethod_GetSequencePointCount(method, &points), S_OK);
    assert_int_equal(points, 9);
    ISymUnmanagedMethod_Release(method);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(first.bytes);
    free(second.bytes);
}

/* ReplaceSymbolStore: other symbols for everything asked afterwards, while the method and
 * document objects handed out before keep answering from the old ones (Microsoft's reader:
 * a stream is required, and old method objects keep their data). */
static void url_of(ISymUnmanagedDocument *doc, WCHAR *text, ULONG32 size)
{
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, size, &n, text), S_OK);
}

static int same_text(const WCHAR *a, const WCHAR *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

static void test_replace_symbol_store(void **state)
{
    (void)state;
    struct file app = fixture("App.pdb"), lib = fixture("Lib.pdb");
    ISymUnmanagedReader *reader = open_reader(&app), *lib_reader = open_reader(&lib);
    ULONG32 app_docs = 0, lib_docs = 0, n = 0;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &app_docs, NULL), S_OK);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(lib_reader, 0, &lib_docs, NULL), S_OK);
    assert_true(app_docs > 0 && lib_docs > 0);
    ISymUnmanagedDocument *old_doc = NULL, *lib_doc = NULL, *new_doc = NULL;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 1, &n, &old_doc), S_OK);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(lib_reader, 1, &n, &lib_doc), S_OK);
    WCHAR old_url[512], lib_url[512], url[512];
    url_of(old_doc, old_url, 512);
    url_of(lib_doc, lib_url, 512);
    assert_false(same_text(old_url, lib_url));

    /* A method of the old symbols, with its first point's document and line. */
    ISymUnmanagedMethod *method = NULL;
    ULONG32 points = 0;
    for (mdMethodDef token = 0x06000001; token < 0x06000040 && !points; token++) {
        if (method)
            ISymUnmanagedMethod_Release(method);
        method = NULL;
        if (ISymUnmanagedReader_GetMethod(reader, token, &method) == S_OK)
            ISymUnmanagedMethod_GetSequencePointCount(method, &points);
    }
    assert_non_null(method);
    assert_true(points > 0);
    ULONG32 offset, line, column, end_line, end_column, offset_then = 0;
    ISymUnmanagedDocument *point_doc = NULL;
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(method, 1, &n, &offset, &point_doc,
                                                           &line, &column, &end_line,
                                                           &end_column), S_OK);
    WCHAR point_url[512];
    url_of(point_doc, point_url, 512);
    assert_int_equal(ISymUnmanagedMethod_GetOffset(method, point_doc, line, column,
                                                   &offset_then), S_OK);

    ISymUnmanagedReader5 *r5 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader5,
                                                        (void **)&r5), S_OK);
    WCHAR *name = corsym_test_wstr("Lib.pdb");
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(r5, NULL, NULL), E_INVALIDARG);
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(r5, name, NULL), E_INVALIDARG);
    unsigned char junk[64];
    memset(junk, 0x5A, sizeof junk);
    struct file garbage = { junk, sizeof junk };
    IStream *stream = stream_of(&garbage);
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(r5, NULL, stream), E_PDB_FORMAT);
    IStream_Release(stream);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), S_OK);
    assert_int_equal(n, app_docs); /* a failed replace changes nothing */

    stream = stream_of(&lib);
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(r5, name, stream), S_OK);
    IStream_Release(stream);
    free(name);

    /* New questions: the new symbols. */
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), S_OK);
    assert_int_equal(n, lib_docs);
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 1, &n, &new_doc), S_OK);
    assert_ptr_not_equal(new_doc, old_doc);
    url_of(new_doc, url, 512);
    assert_true(same_text(url, lib_url));

    /* Old objects: the old symbols. */
    url_of(old_doc, url, 512);
    assert_true(same_text(url, old_url));
    ISymUnmanagedDocument *again = NULL;
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(method, 1, &n, &offset, &again, &line,
                                                           &column, &end_line, &end_column), S_OK);
    assert_ptr_equal(again, point_doc); /* the same object as before the replace */
    url_of(again, url, 512);
    assert_true(same_text(url, point_url));
    ISymUnmanagedDocument_Release(again);
    ULONG32 offset_now = 99;
    assert_int_equal(ISymUnmanagedMethod_GetOffset(method, point_doc, line, column, &offset_now),
                     S_OK);
    assert_int_equal(offset_now, offset_then);
    /* A document of the new symbols is not one of the old method's. */
    assert_int_equal(ISymUnmanagedMethod_GetOffset(method, new_doc, line, column, &offset_now),
                     E_INVALIDARG);
    /* And an old document is not one the reader knows now. */
    ISymUnmanagedMethod *none = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, old_doc, line,
                                                                       column, &none),
                     E_INVALIDARG);

    /* Twice: the generations stack. */
    stream = stream_of(&app);
    assert_int_equal(ISymUnmanagedReader5_ReplaceSymbolStore(r5, NULL, stream), S_OK);
    IStream_Release(stream);
    url_of(new_doc, url, 512);
    assert_true(same_text(url, lib_url));
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 0, &n, NULL), S_OK);
    assert_int_equal(n, app_docs);

    ISymUnmanagedDocument_Release(point_doc);
    ISymUnmanagedDocument_Release(new_doc);
    ISymUnmanagedDocument_Release(old_doc);
    ISymUnmanagedDocument_Release(lib_doc);
    ISymUnmanagedMethod_Release(method);
    ISymUnmanagedReader5_Release(r5);
    assert_int_equal(ISymUnmanagedReader_Release(lib_reader), 0);
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
    free(app.bytes);
    free(lib.bytes);
}

/* Readers on several threads while another applies updates: each call sees one whole
 * generation, never a mix. */
#define READERS 4
#define ROUNDS 30

struct race {
    ISymUnmanagedReader *reader;
    ISymUnmanagedDocument *doc;
    volatile long stop;
    volatile long failures;
};

static THREAD_RETURN race_reader(void *arg)
{
    struct race *r = arg;
    while (!__atomic_load_n(&r->stop, __ATOMIC_ACQUIRE)) {
        ISymUnmanagedMethod *m = NULL;
        ULONG32 n = 0, lines[16];
        int version = 0;
        if (ISymUnmanagedReader_GetMethod(r->reader, COMPUTE, &m) != S_OK) {
            __atomic_add_fetch(&r->failures, 1, __ATOMIC_RELAXED);
            continue;
        }
        if (ISymUnmanagedReader_GetMethodVersion(r->reader, m, &version) != S_OK ||
            ISymUnmanagedMethod_GetSequencePoints(m, 16, &n, NULL, NULL, lines, NULL, NULL,
                                                  NULL) != S_OK ||
            !((version == 1 && n == 4 && lines[0] == 9) ||
              (version == 2 && n == 10 && lines[0] == 10)))
            __atomic_add_fetch(&r->failures, 1, __ATOMIC_RELAXED);
        ISymUnmanagedMethod_Release(m);
        ULONG32 line = 0;
        if (ISymUnmanagedDocument_FindClosestLine(r->doc, 1, &line) != S_OK ||
            (line != 9 && line != 10))
            __atomic_add_fetch(&r->failures, 1, __ATOMIC_RELAXED);
        if (ISymUnmanagedReader_GetDocuments(r->reader, 0, &n, NULL) != S_OK || n != 1)
            __atomic_add_fetch(&r->failures, 1, __ATOMIC_RELAXED);
    }
    return 0;
}

static void test_updates_race_readers(void **state)
{
    (void)state;
    struct file base = fixture("EncBase.pdb"), gen1 = fixture("EncBase.1.dpdb");
    for (int round = 0; round < ROUNDS; round++) {
        struct race r;
        memset(&r, 0, sizeof(r));
        r.reader = open_reader(&base);
        r.doc = document(r.reader, 0, 1);
        thread_t threads[READERS];
        for (int i = 0; i < READERS; i++)
            assert_true(thread_start(&threads[i], race_reader, &r));
        INT32 none[4] = { 0, 0, 0, 0 };
        assert_int_equal(method_lines(r.reader, COMPUTE, none, 4), S_OK);
        assert_int_equal(update2(r.reader, &gen1, NULL, 0), S_OK);
        __atomic_store_n(&r.stop, 1, __ATOMIC_RELEASE);
        for (int i = 0; i < READERS; i++)
            thread_join(threads[i]);
        assert_int_equal(r.failures, 0);
        ISymUnmanagedDocument_Release(r.doc);
        assert_int_equal(ISymUnmanagedReader_Release(r.reader), 0);
    }
    free(base.bytes);
    free(gen1.bytes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generations),
        cmocka_unit_test(test_method_lines),
        cmocka_unit_test(test_new_document),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_windows_pdb),
        cmocka_unit_test(test_replace_symbol_store),
        cmocka_unit_test(test_updates_race_readers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
