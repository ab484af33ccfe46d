/* SPDX-License-Identifier: MIT */
/* The (count, *pcount, buffer[]) protocol of every getter, in one place. Callers first ask
 * with count 0 and a NULL buffer for the size, then call again with a buffer. */
#include "com/com_private.h"

HRESULT corsym_copy_wstr(const WCHAR *text, size_t length, ULONG32 cch, ULONG32 *pcch,
                         WCHAR *buffer)
{
    if (length >= UINT32_MAX)
        return E_UNEXPECTED;
    ULONG32 needed = (ULONG32)length + 1;
    if (cch == 0) {
        if (pcch)
            *pcch = needed;
        return S_OK;
    }
    if (!buffer)
        return E_POINTER;
    if (cch < needed) {
        if (pcch)
            *pcch = 0;
        return CORSYM_HR_BUFFER_TOO_SMALL;
    }
    if (length)
        memcpy(buffer, text, length * sizeof(WCHAR));
    buffer[length] = 0;
    if (pcch)
        *pcch = needed;
    return S_OK;
}

HRESULT corsym_copy_bytes(const void *data, size_t size, ULONG32 cbuffer, ULONG32 *pcbuffer,
                          BYTE *buffer)
{
    if (size > UINT32_MAX)
        return E_UNEXPECTED;
    if (cbuffer == 0) {
        if (pcbuffer)
            *pcbuffer = (ULONG32)size;
        return S_OK;
    }
    if (!buffer)
        return E_POINTER;
    if (cbuffer < size) {
        /* Microsoft's portable reader refuses a short byte buffer rather than hand out a
         * truncated checksum or signature (InteropUtilities.BytesToBuffer). */
        if (pcbuffer)
            *pcbuffer = 0;
        return E_OUTOFMEMORY;
    }
    if (size)
        memcpy(buffer, data, size);
    if (pcbuffer)
        *pcbuffer = (ULONG32)size;
    return S_OK;
}

HRESULT corsym_array_begin(size_t total, ULONG32 count, ULONG32 *pcount, void *array,
                           size_t *to_fill)
{
    *to_fill = 0;
    if (total > UINT32_MAX)
        return E_UNEXPECTED;
    if (count == 0) {
        if (pcount)
            *pcount = (ULONG32)total;
        return S_OK;
    }
    if (!array)
        return E_POINTER;
    *to_fill = total < count ? total : count;
    if (pcount)
        *pcount = (ULONG32)*to_fill;
    return S_OK;
}

void corsym_release_array(void **objects, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        IUnknown *object = objects[i];
        objects[i] = NULL;
        if (object)
            IUnknown_Release(object);
    }
}
