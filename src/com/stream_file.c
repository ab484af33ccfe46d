/* SPDX-License-Identifier: MIT */
/* An IStream over a file, for clients on systems without SHCreateStreamOnFileEx. */
#include "com/com_private.h"
#include "platform/file.h"
#include "platform/mutex.h"

struct file_stream {
    IStream IStream_iface;
    uint32_t refcount;
    corsym_mutex lock; /* one file position per stream: operations must not interleave */
    corsym_file *file;
    BOOL writable;
};

static const IStreamVtbl file_stream_vtbl;

static inline struct file_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct file_stream, IStream_iface);
}

static HRESULT hresult_from_file_error(int error)
{
    switch (error) {
    case CORSYM_FILE_OK: return S_OK;
    case CORSYM_FILE_NOT_FOUND: return STG_E_FILENOTFOUND;
    case CORSYM_FILE_ACCESS_DENIED: return STG_E_ACCESSDENIED;
    case CORSYM_FILE_BAD_PATH: return STG_E_INVALIDNAME;
    case CORSYM_FILE_NOMEM: return E_OUTOFMEMORY;
    default: return STG_E_READFAULT;
    }
}

HRESULT corsym_file_stream_create(const WCHAR *path, DWORD mode, IStream **out)
{
    CORSYM_CHECK_OUT(out);
    *out = NULL;
    if (!path)
        return STG_E_INVALIDPOINTER;
    if (mode > CORSYM_FILE_UPDATE)
        return STG_E_INVALIDFLAG;
    struct file_stream *stream = calloc(1, sizeof(*stream));
    if (!stream)
        return E_OUTOFMEMORY;
    int err = corsym_file_open((const uint16_t *)path, (enum corsym_file_mode)mode,
                               &stream->file);
    if (err) {
        free(stream);
        return hresult_from_file_error(err);
    }
    stream->IStream_iface.lpVtbl = &file_stream_vtbl;
    stream->refcount = 1;
    stream->writable = mode != CORSYM_FILE_READ;
    corsym_mutex_init(&stream->lock);
    corsym_module_lock();
    *out = &stream->IStream_iface;
    return S_OK;
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE file_stream_QueryInterface(IStream *iface, REFIID riid,
                                                            void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISequentialStream) ||
        IsEqualGUID(riid, &IID_IStream)) {
        *ppv = iface;
        IStream_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE file_stream_AddRef(IStream *iface)
{
    return corsym_atomic_inc(&impl_from_IStream(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE file_stream_Release(IStream *iface)
{
    struct file_stream *stream = impl_from_IStream(iface);
    ULONG ref = corsym_atomic_dec(&stream->refcount);
    if (ref == 0) {
        corsym_file_close(stream->file);
        corsym_mutex_destroy(&stream->lock);
        free(stream);
        corsym_module_unlock();
    }
    return ref;
}

/*** ISequentialStream methods ***/

static HRESULT STDMETHODCALLTYPE file_stream_Read(IStream *iface, void *buffer, ULONG count,
                                                  ULONG *read)
{
    struct file_stream *stream = impl_from_IStream(iface);
    size_t done = 0;
    if (read)
        *read = 0;
    if (!buffer && count)
        return STG_E_INVALIDPOINTER;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_read(stream->file, buffer, count, &done);
    corsym_mutex_unlock(&stream->lock);
    if (read)
        *read = (ULONG)done;
    return err ? STG_E_READFAULT : S_OK;
}

static HRESULT STDMETHODCALLTYPE file_stream_Write(IStream *iface, const void *buffer,
                                                   ULONG count, ULONG *written)
{
    struct file_stream *stream = impl_from_IStream(iface);
    size_t done = 0;
    if (written)
        *written = 0;
    if (!buffer && count)
        return STG_E_INVALIDPOINTER;
    if (!stream->writable)
        return STG_E_ACCESSDENIED;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_write(stream->file, buffer, count, &done);
    corsym_mutex_unlock(&stream->lock);
    if (written)
        *written = (ULONG)done;
    return err ? STG_E_WRITEFAULT : S_OK;
}

/*** IStream methods ***/

static HRESULT STDMETHODCALLTYPE file_stream_Seek(IStream *iface, LARGE_INTEGER move,
                                                  DWORD origin, ULARGE_INTEGER *new_position)
{
    struct file_stream *stream = impl_from_IStream(iface);
    if (origin > STREAM_SEEK_END)
        return STG_E_INVALIDFUNCTION;
    uint64_t position = 0;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_seek(stream->file, move.QuadPart, (int)origin, &position);
    if (err)
        corsym_file_seek(stream->file, 0, STREAM_SEEK_CUR, &position);
    corsym_mutex_unlock(&stream->lock);
    if (new_position)
        new_position->QuadPart = position;
    return err ? STG_E_INVALIDFUNCTION : S_OK;
}

static HRESULT STDMETHODCALLTYPE file_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct file_stream *stream = impl_from_IStream(iface);
    if (!stream->writable)
        return STG_E_ACCESSDENIED;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_truncate(stream->file, size.QuadPart);
    corsym_mutex_unlock(&stream->lock);
    return err ? STG_E_MEDIUMFULL : S_OK;
}

static HRESULT STDMETHODCALLTYPE file_stream_CopyTo(IStream *iface, IStream *target,
                                                    ULARGE_INTEGER count,
                                                    ULARGE_INTEGER *read_total,
                                                    ULARGE_INTEGER *written_total)
{
    return corsym_stream_copy_to(iface, target, count, read_total, written_total);
}

static HRESULT STDMETHODCALLTYPE file_stream_Commit(IStream *iface, DWORD flags)
{
    struct file_stream *stream = impl_from_IStream(iface);
    (void)flags;
    if (!stream->writable)
        return S_OK;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_flush(stream->file);
    corsym_mutex_unlock(&stream->lock);
    return err ? STG_E_WRITEFAULT : S_OK;
}

static HRESULT STDMETHODCALLTYPE file_stream_Revert(IStream *iface)
{
    (void)iface;
    return S_OK; /* writes go straight to the file: not transacted */
}

static HRESULT STDMETHODCALLTYPE file_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset,
                                                        ULARGE_INTEGER count, DWORD type)
{
    (void)iface; (void)offset; (void)count; (void)type;
    return STG_E_INVALIDFUNCTION; /* as SHCreateStreamOnFile streams answer */
}

static HRESULT STDMETHODCALLTYPE file_stream_UnlockRegion(IStream *iface, ULARGE_INTEGER offset,
                                                          ULARGE_INTEGER count, DWORD type)
{
    (void)iface; (void)offset; (void)count; (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE file_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct file_stream *stream = impl_from_IStream(iface);
    (void)flags; /* the name would need CoTaskMemAlloc, which this library does not use */
    if (!stat)
        return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->grfMode = stream->writable ? STGM_READWRITE : STGM_READ;
    uint64_t size = 0;
    corsym_mutex_lock(&stream->lock);
    int err = corsym_file_size(stream->file, &size);
    corsym_mutex_unlock(&stream->lock);
    stat->cbSize.QuadPart = size;
    return err ? STG_E_ACCESSDENIED : S_OK;
}

static HRESULT STDMETHODCALLTYPE file_stream_Clone(IStream *iface, IStream **clone)
{
    (void)iface;
    if (!clone)
        return STG_E_INVALIDPOINTER;
    *clone = NULL;
    return STG_E_INVALIDFUNCTION; /* two seek pointers on one handle; SHCreateStreamOnFile refuses too */
}

static const IStreamVtbl file_stream_vtbl = {
    /*** IUnknown methods ***/
    file_stream_QueryInterface,
    file_stream_AddRef,
    file_stream_Release,
    /*** ISequentialStream methods ***/
    file_stream_Read,
    file_stream_Write,
    /*** IStream methods ***/
    file_stream_Seek,
    file_stream_SetSize,
    file_stream_CopyTo,
    file_stream_Commit,
    file_stream_Revert,
    file_stream_LockRegion,
    file_stream_UnlockRegion,
    file_stream_Stat,
    file_stream_Clone,
};
