/* SPDX-License-Identifier: MIT */
/* Eight threads share one reader and the objects it hands out, and query everything at
 * once, many times: answers must not depend on timing, and nothing may crash or leak.
 * Lazy state (document objects, indexes) is built on first use by whichever thread gets
 * there first. Eight threads also feed one writer at once. Run under ThreadSanitizer by the
 * sanitizer build. */
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

#define THREADS 8
#define ROUNDS 40

struct shared {
    ISymUnmanagedReader *reader;
    ISymUnmanagedMethod *method; /* one method object shared by all threads too */
    unsigned long expected;      /* checksum of one single-threaded walk */
    volatile long failures;
};

/* Walks documents and every method with scopes, locals and constants; folds what it saw
 * into a number that must be the same on every walk. */
static unsigned long walk(ISymUnmanagedReader *reader, ISymUnmanagedMethod *shared_method)
{
    unsigned long sum = 0;
    ULONG32 n = 0;
    ISymUnmanagedDocument *docs[64];
    if (FAILED(reader->lpVtbl->GetDocuments(reader, 64, &n, docs)))
        return 1;
    for (ULONG32 i = 0; i < n; i++) {
        ULONG32 length = 0;
        docs[i]->lpVtbl->GetURL(docs[i], 0, &length, NULL);
        sum = sum * 31 + length;
        ISymUnmanagedMethod *methods[64];
        ULONG32 count = 0;
        ISymUnmanagedReader2 *r2 = (ISymUnmanagedReader2 *)reader;
        if (SUCCEEDED(r2->lpVtbl->GetMethodsInDocument(r2, docs[i], 64, &count, methods))) {
            sum = sum * 31 + count;
            for (ULONG32 m = 0; m < count; m++)
                methods[m]->lpVtbl->Release(methods[m]);
        }
        ULONG32 line = 0;
        if (SUCCEEDED(docs[i]->lpVtbl->FindClosestLine(docs[i], 1, &line)))
            sum = sum * 31 + line;
        docs[i]->lpVtbl->Release(docs[i]);
    }
    for (unsigned rid = 1; rid < 0x60; rid++) {
        ISymUnmanagedMethod *method = NULL;
        if (FAILED(reader->lpVtbl->GetMethod(reader, 0x06000000u | rid, &method)))
            continue;
        ULONG32 points = 0;
        method->lpVtbl->GetSequencePointCount(method, &points);
        sum = sum * 31 + points + rid;
        ISymUnmanagedScope *root = NULL;
        if (SUCCEEDED(method->lpVtbl->GetRootScope(method, &root))) {
            ISymUnmanagedScope *children[16];
            ULONG32 c = 0;
            root->lpVtbl->GetChildren(root, 16, &c, children);
            for (ULONG32 k = 0; k < c; k++) {
                ULONG32 locals = 0, end = 0;
                children[k]->lpVtbl->GetLocalCount(children[k], &locals);
                children[k]->lpVtbl->GetEndOffset(children[k], &end);
                sum = sum * 31 + locals + end;
                children[k]->lpVtbl->Release(children[k]);
            }
            root->lpVtbl->Release(root);
        }
        method->lpVtbl->Release(method);
    }
    ISymUnmanagedScope *scope = NULL;
    if (SUCCEEDED(shared_method->lpVtbl->GetScopeFromOffset(shared_method, 10, &scope))) {
        ULONG32 start = 0;
        scope->lpVtbl->GetStartOffset(scope, &start);
        sum = sum * 31 + start;
        scope->lpVtbl->Release(scope);
    }
    return sum;
}

static THREAD_RETURN worker(void *arg)
{
    struct shared *s = arg;
    for (int round = 0; round < ROUNDS; round++)
        if (walk(s->reader, s->method) != s->expected)
            __atomic_add_fetch(&s->failures, 1, __ATOMIC_RELAXED);
    return 0;
}

/* A reader of App.pdb (no stream to keep). */
static ISymUnmanagedReader *open_app(IStream **stream)
{
    *stream = NULL;
    char *path = corsym_test_source_path("tests/fixtures/portable/App.pdb");
    WCHAR *wpath = corsym_test_wstr(path);
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader,
                                        (void **)&reader), S_OK);
    assert_int_equal(reader->lpVtbl->Initialize(reader, NULL, wpath, NULL, NULL), S_OK);
    free(wpath);
    free(path);
    return reader;
}

/* Eight threads walk one reader from `open` (which may hand back a stream to release after
 * it) at once; every walk must see what one walk on its own saw. */
static void share_one_reader(ISymUnmanagedReader *(*open)(IStream **stream))
{
    struct shared s = { 0 };
    IStream *reference_stream, *stream;
    /* The reference walk runs on a second reader so that the shared one starts cold and
     * its lazy state is built under contention. */
    ISymUnmanagedReader *reference = open(&reference_stream);
    ISymUnmanagedMethod *reference_method = NULL;
    assert_int_equal(reference->lpVtbl->GetMethod(reference, 0x0600001b, &reference_method), S_OK);
    s.expected = walk(reference, reference_method);
    reference_method->lpVtbl->Release(reference_method);
    reference->lpVtbl->Release(reference);
    if (reference_stream)
        reference_stream->lpVtbl->Release(reference_stream);

    s.reader = open(&stream);
    assert_int_equal(s.reader->lpVtbl->GetMethod(s.reader, 0x0600001b, &s.method), S_OK);
    thread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_true(thread_start(&threads[i], worker, &s));
    for (int i = 0; i < THREADS; i++)
        thread_join(threads[i]);
    assert_int_equal(s.failures, 0);
    s.method->lpVtbl->Release(s.method);
    assert_int_equal(s.reader->lpVtbl->Release(s.reader), 0);
    if (stream)
        stream->lpVtbl->Release(stream);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

static void test_threads_share_one_reader(void **state)
{
    (void)state;
    share_one_reader(open_app);
}

/* A reader over what a writer put into `stream`, read from its start. */
static ISymUnmanagedReader *reader_from_stream(IStream *stream)
{
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    assert_int_equal(stream->lpVtbl->Seek(stream, zero, STREAM_SEEK_SET, NULL), S_OK);
    assert_int_equal(binder->lpVtbl->GetReaderFromStream(binder, NULL, stream, &reader), S_OK);
    binder->lpVtbl->Release(binder);
    return reader;
}

/* A Windows PDB written through CorSymWriter_SxS: 48 methods in two documents, each with a
 * scope, a local and three sequence points; without a metadata emitter they all share one
 * module, whose stream and line index the reader builds once, on first use, under
 * contention here. */
static ISymUnmanagedReader *open_windows_pdb(IStream **stream)
{
    static const GUID csharp = { 0x3f5162f8, 0x07c6, 0x11d3,
                                 { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
    static const WCHAR urls[2][5] = { { 'a', '.', 'c', 's', 0 }, { 'b', '.', 'c', 's', 0 } };
    static const WCHAR local[] = { 'x', 0 };
    ISymUnmanagedWriter8 *w = NULL;
    ISymUnmanagedDocumentWriter *docs[2] = { NULL, NULL };
    assert_int_equal(corsym_test_create(&CLSID_CorSymWriter_SxS, &IID_ISymUnmanagedWriter8,
                                        (void **)&w), S_OK);
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, stream), S_OK);
    assert_int_equal(w->lpVtbl->Initialize(w, NULL, NULL, *stream, TRUE), S_OK);
    for (int d = 0; d < 2; d++)
        assert_int_equal(w->lpVtbl->DefineDocument(w, urls[d], &csharp, &csharp, &csharp,
                                                   &docs[d]), S_OK);
    for (ULONG32 rid = 1; rid <= 48; rid++) {
        ULONG32 offsets[3] = { 0, 2, 5 }, lines[3] = { rid, rid + 1, rid + 2 };
        ULONG32 columns[3] = { 1, 1, 1 }, ends[3] = { 9, 9, 9 }, scope = 0;
        assert_int_equal(w->lpVtbl->OpenMethod(w, 0x06000000u | rid), S_OK);
        assert_int_equal(w->lpVtbl->DefineSequencePoints(w, docs[rid % 2], 3, offsets, lines,
                                                         columns, lines, ends), S_OK);
        assert_int_equal(w->lpVtbl->OpenScope(w, 0, &scope), S_OK);
        assert_int_equal(w->lpVtbl->DefineLocalVariable2(w, local, 0, 0x11000001, 1, rid, 0, 0,
                                                         0, 0), S_OK);
        assert_int_equal(w->lpVtbl->CloseScope(w, 8), S_OK);
        assert_int_equal(w->lpVtbl->CloseMethod(w), S_OK);
    }
    assert_int_equal(w->lpVtbl->Close(w), S_OK);
    for (int d = 0; d < 2; d++)
        docs[d]->lpVtbl->Release(docs[d]);
    w->lpVtbl->Release(w);
    return reader_from_stream(*stream);
}

static void test_threads_share_one_windows_reader(void **state)
{
    (void)state;
    share_one_reader(open_windows_pdb);
}

/* Releasing on another thread than the one that created: the finalizer-thread pattern. */
static THREAD_RETURN release_elsewhere(void *arg)
{
    IUnknown *object = arg;
    object->lpVtbl->Release(object);
    return 0;
}

static void test_release_on_another_thread(void **state)
{
    (void)state;
    IStream *none;
    ISymUnmanagedReader *reader = open_app(&none);
    ISymUnmanagedMethod *method = NULL;
    assert_int_equal(reader->lpVtbl->GetMethod(reader, 0x0600001b, &method), S_OK);
    thread_t t1, t2;
    assert_true(thread_start(&t1, release_elsewhere, reader));
    thread_join(t1);
    /* The method keeps the reader's symbols alive. */
    ULONG32 points = 0;
    assert_int_equal(method->lpVtbl->GetSequencePointCount(method, &points), S_OK);
    assert_true(points > 0);
    assert_true(thread_start(&t2, release_elsewhere, method));
    thread_join(t2);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

/* Eight threads feed one writer at once: a misuse (the calls of a method must come in order,
 * and threads interleave them), which must still give only S_OK or E_UNEXPECTED answers, never
 * a crash or torn state: every call runs under the writer's lock (ThreadingModel=Both lets an
 * MTA client do this). Under ThreadSanitizer this checks the lock. */
struct writer_shared {
    ISymUnmanagedWriter8 *writer;
    volatile long next_token;
    volatile long unexpected; /* answers other than S_OK and E_UNEXPECTED */
    volatile long methods;    /* methods opened, filled and closed by one thread */
};

static void expect_ok_or_unexpected(struct writer_shared *s, HRESULT hr)
{
    if (hr != S_OK && hr != E_UNEXPECTED)
        __atomic_add_fetch(&s->unexpected, 1, __ATOMIC_RELAXED);
}

static THREAD_RETURN writer_worker(void *arg)
{
    static const GUID zero_guid;
    static const WCHAR url[] = { 'a', '.', 'c', 's', 0 };
    struct writer_shared *s = arg;
    ISymUnmanagedWriter8 *w = s->writer;
    ISymUnmanagedDocumentWriter *doc = NULL;
    HRESULT hr = w->lpVtbl->DefineDocument(w, url, &zero_guid, &zero_guid, &zero_guid, &doc);
    expect_ok_or_unexpected(s, hr);
    for (int round = 0; doc && round < ROUNDS * 4; round++) {
        long token = 0x06000000 + __atomic_add_fetch(&s->next_token, 1, __ATOMIC_RELAXED);
        ULONG32 offset = 0, line = (ULONG32)round + 1, column = 1, end_line = line,
                end_column = 5;
        HRESULT opened = w->lpVtbl->OpenMethod(w, (mdMethodDef)token);
        expect_ok_or_unexpected(s, opened);
        HRESULT defined = w->lpVtbl->DefineSequencePoints(w, doc, 1, &offset, &line, &column,
                                                          &end_line, &end_column);
        expect_ok_or_unexpected(s, defined);
        HRESULT closed = w->lpVtbl->CloseMethod(w);
        expect_ok_or_unexpected(s, closed);
        if (opened == S_OK && defined == S_OK && closed == S_OK)
            __atomic_add_fetch(&s->methods, 1, __ATOMIC_RELAXED);
    }
    if (doc)
        doc->lpVtbl->Release(doc);
    return 0;
}

static void test_threads_share_one_writer(void **state)
{
    (void)state;
    struct writer_shared s = { 0 };
    IStream *stream = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymWriter_Portable, &IID_ISymUnmanagedWriter8,
                                        (void **)&s.writer), S_OK);
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, &stream), S_OK);
    assert_int_equal(s.writer->lpVtbl->Initialize(s.writer, NULL, NULL, stream, TRUE), S_OK);
    thread_t threads[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_true(thread_start(&threads[i], writer_worker, &s));
    for (int i = 0; i < THREADS; i++)
        thread_join(threads[i]);
    assert_int_equal(s.unexpected, 0);
    assert_true(s.methods > 0);
    /* A method may be left open by the interleaving; then Close refuses, as for one thread. */
    s.writer->lpVtbl->CloseMethod(s.writer);
    assert_int_equal(s.writer->lpVtbl->Close(s.writer), S_OK);

    /* What was written is a PDB the reader opens, with at least the methods that went
     * through whole. */
    ISymUnmanagedReader *reader = reader_from_stream(stream);
    ULONG32 documents = 0;
    assert_int_equal(reader->lpVtbl->GetDocuments(reader, 0, &documents, NULL), S_OK);
    assert_int_equal(documents, 1); /* every thread named the same URL: one document */
    reader->lpVtbl->Release(reader);
    assert_int_equal(s.writer->lpVtbl->Release(s.writer), 0);
    stream->lpVtbl->Release(stream);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads_share_one_reader),
        cmocka_unit_test(test_threads_share_one_windows_reader),
        cmocka_unit_test(test_release_on_another_thread),
        cmocka_unit_test(test_threads_share_one_writer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
