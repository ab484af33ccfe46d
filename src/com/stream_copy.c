/* SPDX-License-Identifier: MIT */
#include "com/com_private.h"

HRESULT corsym_stream_copy_to(IStream *source, IStream *target, ULARGE_INTEGER count,
                              ULARGE_INTEGER *read_total, ULARGE_INTEGER *written_total)
{
    uint8_t chunk[16384];
    uint64_t left = count.QuadPart, done_read = 0, done_written = 0;
    HRESULT hr = S_OK;
    if (!target)
        return STG_E_INVALIDPOINTER;
    while (left > 0) {
        ULONG want = left < sizeof(chunk) ? (ULONG)left : (ULONG)sizeof(chunk);
        ULONG got = 0, put = 0;
        hr = IStream_Read(source, chunk, want, &got);
        if (FAILED(hr) || got == 0)
            break;
        done_read += got;
        hr = IStream_Write(target, chunk, got, &put);
        done_written += put;
        if (FAILED(hr))
            break;
        if (put != got) {
            hr = STG_E_MEDIUMFULL;
            break;
        }
        left -= got;
    }
    if (read_total)
        read_total->QuadPart = done_read;
    if (written_total)
        written_total->QuadPart = done_written;
    return FAILED(hr) ? hr : S_OK;
}
