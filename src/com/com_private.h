/* SPDX-License-Identifier: MIT */
/* What every COM object file shares: the public interfaces, the module lifetime count,
 * the HRESULT mapping and the buffer protocol. Nothing below src/com includes this. */
#ifndef CORSYM_COM_PRIVATE_H
#define CORSYM_COM_PRIVATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define COBJMACROS
#define CONST_VTABLE
#include "corsym/corsym.h"
#include "base/status.h"
#include "platform/atomic.h"

#ifndef CONTAINING_RECORD
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((char *)(address) - offsetof(type, field)))
#endif

/* IUnknown of an object's secondary interface `type`, forwarded to its primary interface:
 * the object (`object`, a struct type) holds each interface in a member named after it
 * (`type##_iface`), and `primary` is the prefix of the primary's IUnknown methods. */
#define CORSYM_FORWARD_IUNKNOWN(prefix, type, object, primary_type, primary)                     \
    static HRESULT STDMETHODCALLTYPE prefix##_QueryInterface(type *iface, REFIID riid,          \
                                                             void **ppv)                        \
    {                                                                                           \
        return primary##_QueryInterface(                                                        \
            &CONTAINING_RECORD(iface, object, type##_iface)->primary_type##_iface, riid, ppv);  \
    }                                                                                           \
    static ULONG STDMETHODCALLTYPE prefix##_AddRef(type *iface)                                 \
    {                                                                                           \
        return primary##_AddRef(                                                                \
            &CONTAINING_RECORD(iface, object, type##_iface)->primary_type##_iface);             \
    }                                                                                           \
    static ULONG STDMETHODCALLTYPE prefix##_Release(type *iface)                                \
    {                                                                                           \
        return primary##_Release(                                                               \
            &CONTAINING_RECORD(iface, object, type##_iface)->primary_type##_iface);             \
    }

/* Microsoft's reader answers a too-small string buffer with this HRESULT
 * (HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY)); abi.md section 7. */
#define CORSYM_HR_BUFFER_TOO_SMALL ((HRESULT)0x80070008L)

/* ---- the one mapping from core results to HRESULTs (hresult.c) ---- */
HRESULT corsym_hresult_from_status(corsym_status status);

/* ---- module lifetime: live objects plus LockServer calls (module.c) ---- */
void corsym_module_lock(void);
void corsym_module_unlock(void);
uint32_t corsym_module_lock_count(void);

/* ---- class table (factory.c) ---- */
typedef HRESULT (*corsym_constructor)(REFIID riid, void **ppv);

/* ---- object constructors: create, QueryInterface(riid), drop the construction ref ---- */
HRESULT corsym_binder_create(REFIID riid, void **ppv);
HRESULT corsym_reader_create(REFIID riid, void **ppv);
HRESULT corsym_writer_create(REFIID riid, void **ppv);
HRESULT corsym_ngen_writer_create(const WCHAR *image_path, const WCHAR *pdb_path,
                                  REFIID riid, void **ppv);
HRESULT corsym_memory_stream_create(const BYTE *data, ULONG size, IStream **stream);
HRESULT corsym_file_stream_create(const WCHAR *path, DWORD mode, IStream **stream);
/* IStream::CopyTo for any stream: chunked Read from `source`, Write to `target`, so it
 * never holds two stream locks at once. */
HRESULT corsym_stream_copy_to(IStream *source, IStream *target, ULARGE_INTEGER count,
                              ULARGE_INTEGER *read_total, ULARGE_INTEGER *written_total);

/* ---- buffer protocol (buffer.c): one implementation of (count, *pcount, buffer[]) ---- */
/* Copies a string of `length` WCHARs (not counting the NUL the caller sees). With
 * cch == 0 it only reports the size, NUL included. A buffer that cannot hold the whole
 * string gets CORSYM_HR_BUFFER_TOO_SMALL and *pcch = 0, as Microsoft's reader does. */
HRESULT corsym_copy_wstr(const WCHAR *text, size_t length, ULONG32 cch, ULONG32 *pcch,
                         WCHAR *buffer);
/* Copies bytes; a buffer too short for all of them gets E_OUTOFMEMORY and a count of 0. */
HRESULT corsym_copy_bytes(const void *data, size_t size, ULONG32 cbuffer, ULONG32 *pcbuffer,
                          BYTE *buffer);
/* The array rule: with count == 0 report the total; otherwise fill up to count items and
 * report how many were filled. Returns how many items the caller should produce. */
HRESULT corsym_array_begin(size_t total, ULONG32 count, ULONG32 *pcount, void *array,
                           size_t *to_fill);

/* Undoes a partly filled array of interfaces when a getter fails half way. */
void corsym_release_array(void **objects, size_t count);

/* ---- misc ---- */
static inline size_t corsym_wcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

/* Standard validation for out pointers: Microsoft's DLL crashes on some NULLs; we answer. */
#define CORSYM_CHECK_OUT(p) do { if (!(p)) return E_POINTER; } while (0)

#endif
