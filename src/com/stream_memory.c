/* SPDX-License-Identifier: MIT */
/* A growable in-memory IStream (Linux has no SHCreateMemStream). A profiler wraps the bytes
 * of ICorProfilerInfo7::ReadInMemorySymbols in one and hands it to GetReaderFromStream.
 * Clones share the bytes and keep their own seek pointer; one lock guards both. */
#include "com/com_private.h"
#include "platform/mutex.h"

struct shared_bytes {
    uint32_t refcount;
    corsym_mutex lock;
    uint8_t *data;
    size_t size;
    size_t capacity;
};

struct memory_stream {
    IStream IStream_iface;
    uint32_t refcount;
    struct shared_bytes *bytes;
    uint64_t position; /* guarded by bytes->lock */
};

static const IStreamVtbl memory_stream_vtbl;

static inline struct memory_stream *impl_from_IStream(IStream *iface)
{
    return CONTAINING_RECORD(iface, struct memory_stream, IStream_iface);
}

static void shared_bytes_release(struct shared_bytes *bytes)
{
    if (corsym_atomic_dec(&bytes->refcount) == 0) {
        corsym_mutex_destroy(&bytes->lock);
        free(bytes->data);
        free(bytes);
    }
}

static HRESULT memory_stream_new(struct shared_bytes *bytes, uint64_t position, IStream **out)
{
    struct memory_stream *stream = calloc(1, sizeof(*stream));
    if (!stream)
        return E_OUTOFMEMORY;
    stream->IStream_iface.lpVtbl = &memory_stream_vtbl;
    stream->refcount = 1;
    stream->bytes = bytes;
    stream->position = position;
    corsym_atomic_inc(&bytes->refcount);
    corsym_module_lock();
    *out = &stream->IStream_iface;
    return S_OK;
}

/* Makes room for `size` bytes; the caller holds the lock. */
static HRESULT reserve(struct shared_bytes *bytes, uint64_t size)
{
    if (size > SIZE_MAX / 2)
        return STG_E_MEDIUMFULL;
    if (size <= bytes->capacity)
        return S_OK;
    size_t capacity = bytes->capacity ? bytes->capacity : 256;
    while (capacity < size)
        capacity *= 2;
    uint8_t *data = realloc(bytes->data, capacity);
    if (!data)
        return E_OUTOFMEMORY;
    bytes->data = data;
    bytes->capacity = capacity;
    return S_OK;
}

static HRESULT set_size(struct shared_bytes *bytes, uint64_t size)
{
    HRESULT hr = reserve(bytes, size);
    if (FAILED(hr))
        return hr;
    if (size > bytes->size)
        memset(bytes->data + bytes->size, 0, (size_t)size - bytes->size);
    bytes->size = (size_t)size;
    return S_OK;
}

HRESULT corsym_memory_stream_create(const BYTE *data, ULONG size, IStream **out)
{
    CORSYM_CHECK_OUT(out);
    *out = NULL;
    if (!data && size)
        return E_INVALIDARG;
    struct shared_bytes *bytes = calloc(1, sizeof(*bytes));
    if (!bytes)
        return E_OUTOFMEMORY;
    corsym_mutex_init(&bytes->lock);
    if (size) {
        bytes->data = malloc(size);
        if (!bytes->data) {
            corsym_mutex_destroy(&bytes->lock);
            free(bytes);
            return E_OUTOFMEMORY;
        }
        memcpy(bytes->data, data, size);
        bytes->size = bytes->capacity = size;
    }
    HRESULT hr = memory_stream_new(bytes, 0, out);
    if (FAILED(hr)) {
        bytes->refcount = 1;
        shared_bytes_release(bytes);
    }
    return hr;
}

/*** IUnknown methods ***/

static HRESULT STDMETHODCALLTYPE memory_stream_QueryInterface(IStream *iface, REFIID riid,
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

static ULONG STDMETHODCALLTYPE memory_stream_AddRef(IStream *iface)
{
    return corsym_atomic_inc(&impl_from_IStream(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE memory_stream_Release(IStream *iface)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    ULONG ref = corsym_atomic_dec(&stream->refcount);
    if (ref == 0) {
        shared_bytes_release(stream->bytes);
        free(stream);
        corsym_module_unlock();
    }
    return ref;
}

/*** ISequentialStream methods ***/

static HRESULT STDMETHODCALLTYPE memory_stream_Read(IStream *iface, void *buffer, ULONG count,
                                                    ULONG *read)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    if (read)
        *read = 0;
    if (!buffer && count)
        return STG_E_INVALIDPOINTER;
    corsym_mutex_lock(&stream->bytes->lock);
    size_t available = stream->position < stream->bytes->size
                     ? stream->bytes->size - (size_t)stream->position : 0;
    size_t n = count < available ? count : available;
    if (n)
        memcpy(buffer, stream->bytes->data + stream->position, n);
    stream->position += n;
    corsym_mutex_unlock(&stream->bytes->lock);
    if (read)
        *read = (ULONG)n;
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE memory_stream_Write(IStream *iface, const void *buffer,
                                                     ULONG count, ULONG *written)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    if (written)
        *written = 0;
    if (!buffer && count)
        return STG_E_INVALIDPOINTER;
    if (!count)
        return S_OK;
    corsym_mutex_lock(&stream->bytes->lock);
    struct shared_bytes *bytes = stream->bytes;
    uint64_t end = stream->position + count;
    HRESULT hr = S_OK;
    if (end > bytes->size) {
        /* Only a gap left by seeking past the end reads as zeros; the rest is written over
         * at once (zeroing it first doubled the cost of writing a PDB into the stream). */
        hr = reserve(bytes, end);
        if (SUCCEEDED(hr) && stream->position > bytes->size)
            memset(bytes->data + bytes->size, 0, (size_t)stream->position - bytes->size);
    }
    if (SUCCEEDED(hr)) {
        memcpy(bytes->data + stream->position, buffer, count);
        if (end > bytes->size)
            bytes->size = (size_t)end;
        stream->position = end;
        if (written)
            *written = count;
    }
    corsym_mutex_unlock(&stream->bytes->lock);
    return hr;
}

/*** IStream methods ***/

static HRESULT STDMETHODCALLTYPE memory_stream_Seek(IStream *iface, LARGE_INTEGER move,
                                                    DWORD origin, ULARGE_INTEGER *new_position)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    HRESULT hr = S_OK;
    corsym_mutex_lock(&stream->bytes->lock);
    int64_t base;
    switch (origin) {
    case STREAM_SEEK_SET: base = 0; break;
    case STREAM_SEEK_CUR: base = (int64_t)stream->position; break;
    case STREAM_SEEK_END: base = (int64_t)stream->bytes->size; break;
    default: hr = STG_E_INVALIDFUNCTION; goto done;
    }
    int64_t target;
    if (__builtin_add_overflow(base, move.QuadPart, &target) || target < 0) {
        hr = STG_E_INVALIDFUNCTION;
        goto done;
    }
    stream->position = (uint64_t)target;
done:
    if (new_position)
        new_position->QuadPart = stream->position;
    corsym_mutex_unlock(&stream->bytes->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE memory_stream_SetSize(IStream *iface, ULARGE_INTEGER size)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    corsym_mutex_lock(&stream->bytes->lock);
    HRESULT hr = set_size(stream->bytes, size.QuadPart);
    corsym_mutex_unlock(&stream->bytes->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE memory_stream_CopyTo(IStream *iface, IStream *target,
                                                      ULARGE_INTEGER count,
                                                      ULARGE_INTEGER *read_total,
                                                      ULARGE_INTEGER *written_total)
{
    return corsym_stream_copy_to(iface, target, count, read_total, written_total);
}

static HRESULT STDMETHODCALLTYPE memory_stream_Commit(IStream *iface, DWORD flags)
{
    (void)iface; (void)flags;
    return S_OK; /* memory is always "committed" */
}

static HRESULT STDMETHODCALLTYPE memory_stream_Revert(IStream *iface)
{
    (void)iface;
    return S_OK; /* not transacted: nothing to roll back, as for CreateStreamOnHGlobal */
}

static HRESULT STDMETHODCALLTYPE memory_stream_LockRegion(IStream *iface, ULARGE_INTEGER offset,
                                                          ULARGE_INTEGER count, DWORD type)
{
    (void)iface; (void)offset; (void)count; (void)type;
    return STG_E_INVALIDFUNCTION; /* region locking is meaningless in memory */
}

static HRESULT STDMETHODCALLTYPE memory_stream_UnlockRegion(IStream *iface,
                                                            ULARGE_INTEGER offset,
                                                            ULARGE_INTEGER count, DWORD type)
{
    (void)iface; (void)offset; (void)count; (void)type;
    return STG_E_INVALIDFUNCTION;
}

static HRESULT STDMETHODCALLTYPE memory_stream_Stat(IStream *iface, STATSTG *stat, DWORD flags)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    (void)flags; /* a memory stream has no name to return */
    if (!stat)
        return STG_E_INVALIDPOINTER;
    memset(stat, 0, sizeof(*stat));
    stat->type = STGTY_STREAM;
    stat->grfMode = STGM_READWRITE;
    corsym_mutex_lock(&stream->bytes->lock);
    stat->cbSize.QuadPart = stream->bytes->size;
    corsym_mutex_unlock(&stream->bytes->lock);
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE memory_stream_Clone(IStream *iface, IStream **clone)
{
    struct memory_stream *stream = impl_from_IStream(iface);
    if (!clone)
        return STG_E_INVALIDPOINTER;
    *clone = NULL;
    corsym_mutex_lock(&stream->bytes->lock);
    uint64_t position = stream->position;
    corsym_mutex_unlock(&stream->bytes->lock);
    return memory_stream_new(stream->bytes, position, clone);
}

static const IStreamVtbl memory_stream_vtbl = {
    /*** IUnknown methods ***/
    memory_stream_QueryInterface,
    memory_stream_AddRef,
    memory_stream_Release,
    /*** ISequentialStream methods ***/
    memory_stream_Read,
    memory_stream_Write,
    /*** IStream methods ***/
    memory_stream_Seek,
    memory_stream_SetSize,
    memory_stream_CopyTo,
    memory_stream_Commit,
    memory_stream_Revert,
    memory_stream_LockRegion,
    memory_stream_UnlockRegion,
    memory_stream_Stat,
    memory_stream_Clone,
};
