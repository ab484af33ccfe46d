/* SPDX-License-Identifier: MIT */
/*
 * Where a finished PDB image goes: a file, written to a temporary file beside it and then
 * renamed over the target (so the target path only ever holds a whole PDB, the old one or
 * the new one), or the caller's IStream, rewritten from where it stood at Initialize.
 */
#define _POSIX_C_SOURCE 200809L
#include "com/sink.h"
#include "platform/file.h"

#include <stdio.h>

#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif


static WCHAR *wcsdup16(const WCHAR *s)
{
    size_t n = corsym_wcslen(s);
    WCHAR *p = malloc((n + 1) * sizeof(WCHAR));
    if (p)
        memcpy(p, s, (n + 1) * sizeof(WCHAR));
    return p;
}

void corsym_sink_clear(struct corsym_sink *sink)
{
    free(sink->path);
    if (sink->stream)
        IStream_Release(sink->stream);
    memset(sink, 0, sizeof(*sink));
}

HRESULT corsym_sink_set(struct corsym_sink *sink, const WCHAR *path, IStream *stream)
{
    struct corsym_sink next;
    memset(&next, 0, sizeof(next));
    if (stream) {
        /* Callers may hand over the object's IUnknown rather than its IStream (Microsoft.
         * DiaSymReader declares the parameter as a plain object): ask for the interface. */
        IStream *target = NULL;
        if (FAILED(IUnknown_QueryInterface((IUnknown *)stream, &IID_IStream, (void **)&target)) ||
            !target)
            return E_INVALIDARG;
        LARGE_INTEGER zero;
        zero.QuadPart = 0;
        /* A stream that cannot tell its position is written from its start. */
        if (FAILED(IStream_Seek(target, zero, STREAM_SEEK_CUR, &next.origin)))
            next.origin.QuadPart = 0;
        next.stream = target;
    } else if (path && path[0]) {
        next.path = wcsdup16(path);
        if (!next.path)
            return E_OUTOFMEMORY;
    } else {
        return E_INVALIDARG;
    }
    corsym_sink_clear(sink);
    *sink = next;
    return S_OK;
}

static HRESULT write_stream(struct corsym_sink *sink, const struct corsym_span *parts,
                            size_t count)
{
    LARGE_INTEGER at;
    at.QuadPart = (LONGLONG)sink->origin.QuadPart;
    HRESULT hr = IStream_Seek(sink->stream, at, STREAM_SEEK_SET, NULL);
    if (FAILED(hr))
        return hr;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *data = parts[i].data;
        size_t size = parts[i].len;
        while (size) {
            ULONG chunk = size > 0x40000000u ? 0x40000000u : (ULONG)size, done = 0;
            hr = IStream_Write(sink->stream, data, chunk, &done);
            if (FAILED(hr))
                return hr;
            if (done == 0)
                return STG_E_MEDIUMFULL;
            data += done;
            size -= done;
        }
    }
    /* A rewrite after Commit may be shorter than what the stream holds; streams that
     * cannot be cut (SetSize E_NOTIMPL) keep the tail, which readers never look at. */
    ULARGE_INTEGER end;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    if (SUCCEEDED(IStream_Seek(sink->stream, zero, STREAM_SEEK_CUR, &end)))
        IStream_SetSize(sink->stream, end);
    return S_OK;
}

static HRESULT hr_from_file(int error)
{
    switch (error) {
    case CORSYM_FILE_OK: return S_OK;
    case CORSYM_FILE_NOT_FOUND: return E_PDB_NOT_FOUND;
    case CORSYM_FILE_ACCESS_DENIED: return E_PDB_ACCESS_DENIED;
    case CORSYM_FILE_BAD_PATH: return E_INVALIDARG;
    case CORSYM_FILE_NOMEM: return E_OUTOFMEMORY;
    }
    return E_PDB_FILE_SYSTEM;
}

static void remove_file(const WCHAR *path)
{
#ifdef _WIN32
    DeleteFileW(path);
#else
    char *narrow = corsym_path_to_utf8(path);
    if (narrow)
        unlink(narrow);
    free(narrow);
#endif
}

static HRESULT rename_file(const WCHAR *from, const WCHAR *to)
{
#ifdef _WIN32
    if (!MoveFileExW(from, to, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        return HRESULT_FROM_WIN32(GetLastError());
    return S_OK;
#else
    char *a = corsym_path_to_utf8(from), *b = corsym_path_to_utf8(to);
    HRESULT hr = (a && b) ? (rename(a, b) == 0 ? S_OK : E_PDB_FILE_SYSTEM) : E_OUTOFMEMORY;
    free(a);
    free(b);
    return hr;
#endif
}

static HRESULT write_file(struct corsym_sink *sink, const struct corsym_span *parts,
                          size_t count)
{
    static uint32_t counter;
    size_t n = corsym_wcslen(sink->path);
    char suffix[48];
    /* Beside the target, so the rename never crosses a file system. */
#ifdef _WIN32
    unsigned long pid = (unsigned long)GetCurrentProcessId();
#else
    unsigned long pid = (unsigned long)getpid();
#endif
    int len = snprintf(suffix, sizeof(suffix), ".%lu-%u.corsym-tmp", pid,
                       (unsigned)corsym_atomic_inc(&counter));
    WCHAR *temp = malloc((n + (size_t)len + 1) * sizeof(WCHAR));
    if (!temp)
        return E_OUTOFMEMORY;
    memcpy(temp, sink->path, n * sizeof(WCHAR));
    for (int i = 0; i <= len; i++)
        temp[n + i] = (WCHAR)(unsigned char)suffix[i];

    corsym_file *file;
    HRESULT hr = hr_from_file(corsym_file_open(temp, CORSYM_FILE_CREATE, &file));
    if (FAILED(hr)) {
        free(temp);
        return hr;
    }
    for (size_t i = 0; SUCCEEDED(hr) && i < count; i++) {
        const uint8_t *data = parts[i].data;
        size_t size = parts[i].len;
        while (SUCCEEDED(hr) && size) {
            size_t done = 0;
            hr = hr_from_file(corsym_file_write(file, data, size, &done));
            if (SUCCEEDED(hr) && done == 0)
                hr = E_PDB_FILE_SYSTEM;
            data += done;
            size -= done;
        }
    }
    if (SUCCEEDED(hr))
        hr = hr_from_file(corsym_file_flush(file));
    corsym_file_close(file);
    if (SUCCEEDED(hr))
        hr = rename_file(temp, sink->path);
    if (FAILED(hr))
        remove_file(temp);
    free(temp);
    return hr;
}

HRESULT corsym_sink_write_parts(struct corsym_sink *sink, const struct corsym_span *parts,
                                size_t count)
{
    if (sink->stream)
        return write_stream(sink, parts, count);
    if (sink->path)
        return write_file(sink, parts, count);
    return E_UNEXPECTED;
}

HRESULT corsym_sink_write(struct corsym_sink *sink, const uint8_t *data, size_t size)
{
    struct corsym_span whole = corsym_span_make(data, size);
    return corsym_sink_write_parts(sink, &whole, 1);
}
