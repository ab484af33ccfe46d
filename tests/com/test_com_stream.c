/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
/* The exported memory and file IStreams: what a profiler or a writer client relies on. */
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

static IStream *memory_stream(const char *text)
{
    IStream *stream = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(
                         (const BYTE *)text, (ULONG)strlen(text), &stream), S_OK);
    assert_non_null(stream);
    return stream;
}

static void seek(IStream *stream, LONGLONG offset, DWORD origin, ULONGLONG expected)
{
    LARGE_INTEGER move;
    ULARGE_INTEGER now;
    move.QuadPart = offset;
    now.QuadPart = 12345;
    assert_int_equal(stream->lpVtbl->Seek(stream, move, origin, &now), S_OK);
    assert_int_equal(now.QuadPart, expected);
}

static void test_memory_stream_reads_a_copy(void **state)
{
    char source[] = "portable pdb bytes";
    IStream *stream = memory_stream(source);
    source[0] = 'X'; /* the stream owns a copy */
    check_interface(stream, &IID_ISequentialStream, 1);
    check_interface(stream, &IID_IStream, 1);
    check_interface(stream, &IID_ISymUnmanagedReader, 0);

    char buffer[64] = { 0 };
    ULONG read = 0xdeadbeef;
    assert_int_equal(stream->lpVtbl->Read(stream, buffer, 8, &read), S_OK);
    assert_int_equal(read, 8);
    assert_memory_equal(buffer, "portable", 8);
    assert_int_equal(stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &read), S_OK);
    assert_int_equal(read, 10);
    assert_memory_equal(buffer, " pdb bytes", 10);
    assert_int_equal(stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &read), S_OK);
    assert_int_equal(read, 0);

    STATSTG stat;
    memset(&stat, 0xcc, sizeof(stat));
    assert_int_equal(stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME), S_OK);
    assert_int_equal(stat.cbSize.QuadPart, 18);
    assert_int_equal(stat.type, STGTY_STREAM);
    assert_null(stat.pwcsName);
    assert_int_equal(stream->lpVtbl->Release(stream), 0);
}

static void test_memory_stream_seek_write_grow(void **state)
{
    IStream *stream = memory_stream("abc");
    seek(stream, 0, STREAM_SEEK_END, 3);
    seek(stream, -1, STREAM_SEEK_CUR, 2);
    seek(stream, 5, STREAM_SEEK_SET, 5);
    ULONG written = 0;
    assert_int_equal(stream->lpVtbl->Write(stream, "XY", 2, &written), S_OK);
    assert_int_equal(written, 2);
    seek(stream, 0, STREAM_SEEK_SET, 0);
    char buffer[16];
    ULONG read = 0;
    assert_int_equal(stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &read), S_OK);
    assert_int_equal(read, 7);
    assert_memory_equal(buffer, "abc\0\0XY", 7); /* the gap reads as zeros */

    LARGE_INTEGER move;
    ULARGE_INTEGER now;
    move.QuadPart = -1;
    assert_int_equal(stream->lpVtbl->Seek(stream, move, STREAM_SEEK_SET, &now),
                     STG_E_INVALIDFUNCTION);
    move.QuadPart = 0;
    assert_int_equal(stream->lpVtbl->Seek(stream, move, 7, &now), STG_E_INVALIDFUNCTION);

    ULARGE_INTEGER size;
    size.QuadPart = 2;
    assert_int_equal(stream->lpVtbl->SetSize(stream, size), S_OK);
    STATSTG stat;
    assert_int_equal(stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME), S_OK);
    assert_int_equal(stat.cbSize.QuadPart, 2);
    stream->lpVtbl->Release(stream);
}

static void test_memory_stream_clone_and_copy(void **state)
{
    IStream *stream = memory_stream("0123456789"), *clone = NULL, *target = memory_stream("");
    seek(stream, 4, STREAM_SEEK_SET, 4);
    assert_int_equal(stream->lpVtbl->Clone(stream, &clone), S_OK);
    seek(clone, 0, STREAM_SEEK_CUR, 4); /* clones start at the original's position */
    seek(stream, 0, STREAM_SEEK_SET, 0);
    seek(clone, 0, STREAM_SEEK_CUR, 4); /* and then move on their own */

    ULARGE_INTEGER count, read, written;
    count.QuadPart = 100;
    assert_int_equal(clone->lpVtbl->CopyTo(clone, target, count, &read, &written), S_OK);
    assert_int_equal(read.QuadPart, 6);
    assert_int_equal(written.QuadPart, 6);
    seek(target, 0, STREAM_SEEK_SET, 0);
    char buffer[8];
    ULONG n = 0;
    assert_int_equal(target->lpVtbl->Read(target, buffer, sizeof(buffer), &n), S_OK);
    assert_int_equal(n, 6);
    assert_memory_equal(buffer, "456789", 6);

    assert_int_equal(stream->lpVtbl->Write(stream, "AB", 2, NULL), S_OK);
    seek(clone, 0, STREAM_SEEK_SET, 0);
    assert_int_equal(clone->lpVtbl->Read(clone, buffer, 2, &n), S_OK);
    assert_memory_equal(buffer, "AB", 2); /* clones share the bytes */

    ULARGE_INTEGER offset;
    offset.QuadPart = 0;
    assert_int_equal(stream->lpVtbl->LockRegion(stream, offset, count, 0), STG_E_INVALIDFUNCTION);
    assert_int_equal(stream->lpVtbl->Commit(stream, 0), S_OK);
    stream->lpVtbl->Release(stream);
    assert_int_equal(clone->lpVtbl->Release(clone), 0);
    target->lpVtbl->Release(target);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

static void test_memory_stream_bad_arguments(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    IStream *stream = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->CorSymCreateMemoryStream(NULL, 4, &stream), E_INVALIDARG);
    assert_null(stream);
    assert_int_equal(lib->CorSymCreateMemoryStream(NULL, 0, NULL), E_POINTER);
    stream = memory_stream("x");
    assert_int_equal(stream->lpVtbl->Read(stream, NULL, 1, NULL), STG_E_INVALIDPOINTER);
    assert_int_equal(stream->lpVtbl->Stat(stream, NULL, 0), STG_E_INVALIDPOINTER);
    assert_int_equal(stream->lpVtbl->Clone(stream, NULL), STG_E_INVALIDPOINTER);
    stream->lpVtbl->Release(stream);
}

static char *temp_path(const char *name)
{
    char *path = malloc(512);
#ifdef _WIN32
    char dir[MAX_PATH];
    GetTempPathA(MAX_PATH, dir);
    snprintf(path, 512, "%scorsym-%lu-%s", dir, (unsigned long)GetCurrentProcessId(), name);
#else
    snprintf(path, 512, "/tmp/corsym-%ld-%s", (long)getpid(), name);
#endif
    return path;
}

static void test_file_stream_round_trip(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    char *path = temp_path("stream.bin");
    WCHAR *wpath = corsym_test_wstr(path);
    IStream *stream = NULL;

    assert_int_equal(lib->CorSymCreateFileStream(wpath, 1, &stream), S_OK);
    ULONG n = 0;
    assert_int_equal(stream->lpVtbl->Write(stream, "hello, pdb", 10, &n), S_OK);
    assert_int_equal(n, 10);
    assert_int_equal(stream->lpVtbl->Commit(stream, 0), S_OK);
    seek(stream, 7, STREAM_SEEK_SET, 7);
    char buffer[16];
    assert_int_equal(stream->lpVtbl->Read(stream, buffer, sizeof(buffer), &n), S_OK);
    assert_int_equal(n, 3);
    assert_memory_equal(buffer, "pdb", 3);
    stream->lpVtbl->Release(stream);

    assert_int_equal(lib->CorSymCreateFileStream(wpath, 0, &stream), S_OK);
    STATSTG stat;
    assert_int_equal(stream->lpVtbl->Stat(stream, &stat, STATFLAG_NONAME), S_OK);
    assert_int_equal(stat.cbSize.QuadPart, 10);
    assert_int_equal(stream->lpVtbl->Write(stream, "x", 1, &n), STG_E_ACCESSDENIED);
    IStream *clone = (void *)(uintptr_t)1;
    assert_int_equal(stream->lpVtbl->Clone(stream, &clone), STG_E_INVALIDFUNCTION);
    assert_null(clone);
    stream->lpVtbl->Release(stream);
    remove(path);

    stream = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->CorSymCreateFileStream(wpath, 0, &stream), STG_E_FILENOTFOUND);
    assert_null(stream);
    assert_int_equal(lib->CorSymCreateFileStream(wpath, 9, &stream), STG_E_INVALIDFLAG);
    assert_int_equal(lib->CorSymCreateFileStream(NULL, 0, &stream), STG_E_INVALIDPOINTER);
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);
    free(wpath);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memory_stream_reads_a_copy),
        cmocka_unit_test(test_memory_stream_seek_write_grow),
        cmocka_unit_test(test_memory_stream_clone_and_copy),
        cmocka_unit_test(test_memory_stream_bad_arguments),
        cmocka_unit_test(test_file_stream_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
