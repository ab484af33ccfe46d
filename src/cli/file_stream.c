/* SPDX-License-Identifier: MIT */
#include "file_stream.h"

#include <stdlib.h>
#include <string.h>

#include "tree.h"

struct file_stream {
    IStream iface;
    LONG refs;
    uint8_t *data;
    size_t size;
    size_t pos;
};

static struct file_stream *impl(IStream *iface)
{
    return (struct file_stream *)iface;
}

static HRESULT STDMETHODCALLTYPE fs_QueryInterface(IStream *iface, REFIID iid, void **out)
{
    if (!out)
        return E_POINTER;
    if (IsEqualGUID(iid, &IID_IUnknown) || IsEqualGUID(iid, &IID_ISequentialStream) ||
        IsEqualGUID(iid, &IID_IStream)) {
        *out = iface;
        InterlockedIncrement(&impl(iface)->refs);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE fs_AddRef(IStream *iface)
{
    return (ULONG)InterlockedIncrement(&impl(iface)->refs);
}

static ULONG STDMETHODCALLTYPE fs_Release(IStream *iface)
{
    struct file_stream *s = impl(iface);
    LONG left = InterlockedDecrement(&s->refs);
    if (!left) {
        free(s->data);
        free(s);
    }
    return (ULONG)left;
}

static HRESULT STDMETHODCALLTYPE fs_Read(IStream *iface, void *pv, ULONG cb, ULONG *read)
{
    struct file_stream *s = impl(iface);
    size_t n = s->pos < s->size ? s->size - s->pos : 0;
    if (n > cb)
        n = cb;
    if (n && !pv)
        return STG_E_INVALIDPOINTER;
    if (n)
        memcpy(pv, s->data + s->pos, n);
    s->pos += n;
    if (read)
        *read = (ULONG)n;
    return n == cb ? S_OK : S_FALSE;
}

static HRESULT STDMETHODCALLTYPE fs_Write(IStream *iface, const void *pv, ULONG cb, ULONG *written)
{
    (void)iface, (void)pv, (void)cb;
    if (written)
        *written = 0;
    return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE fs_Seek(IStream *iface, LARGE_INTEGER move, DWORD origin,
                                         ULARGE_INTEGER *new_pos)
{
    struct file_stream *s = impl(iface);
    long long base;
    switch (origin) {
    case STREAM_SEEK_SET: base = 0; break;
    case STREAM_SEEK_CUR: base = (long long)s->pos; break;
    case STREAM_SEEK_END: base = (long long)s->size; break;
    default: return STG_E_INVALIDFUNCTION;
    }
    long long to = base + move.QuadPart;
    if (to < 0)
        return STG_E_INVALIDFUNCTION;
    s->pos = (size_t)to;
    if (new_pos)
        new_pos->QuadPart = (ULONGLONG)to;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fs_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    (void)iface, (void)size;
    return STG_E_ACCESSDENIED;
}

static HRESULT STDMETHODCALLTYPE fs_CopyTo(IStream *iface, IStream *to, ULARGE_INTEGER cb,
                                           ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    (void)iface, (void)to, (void)cb, (void)read, (void)written;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE fs_Commit(IStream *iface, DWORD flags)
{
    (void)iface, (void)flags;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fs_Revert(IStream *iface)
{
    (void)iface;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fs_LockRegion(IStream *iface, ULARGE_INTEGER offset,
                                               ULARGE_INTEGER cb, DWORD type)
{
    (void)iface, (void)offset, (void)cb, (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE fs_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    (void)flags; /* no name to give either way */
    if (!stat)
        return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->cbSize.QuadPart = impl(iface)->size;
    stat->grfMode = STGM_READ;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE fs_Clone(IStream *iface, IStream **out)
{
    (void)iface;
    if (out)
        *out = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl vtbl = {
    fs_QueryInterface, fs_AddRef, fs_Release, fs_Read,       fs_Write,
    fs_Seek,           fs_SetSize, fs_CopyTo, fs_Commit,     fs_Revert,
    fs_LockRegion,     fs_LockRegion, fs_Stat, fs_Clone,
};

IStream *cli_file_stream_new(const char *path, int *err)
{
    struct file_stream *s = calloc(1, sizeof(*s));
    if (!s)
        cli_oom();
    *err = cli_read_file(path, &s->data, &s->size);
    if (*err) {
        free(s);
        return NULL;
    }
    s->iface.lpVtbl = (IStreamVtbl *)&vtbl;
    s->refs = 1;
    return &s->iface;
}
