/*
 * libFuzzer target: open an MSF container and read every stream, both
 * whole (load) and piecewise across block edges (read).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "msf/msf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_msf *msf;
    if (corsym_msf_open(&msf, data, size) != CORSYM_OK)
        return 0;
    uint8_t chunk[97]; /* odd size so reads straddle block edges */
    uint32_t n = corsym_msf_stream_count(msf);
    for (uint32_t i = 0; i < n; i++) {
        struct corsym_msf_stream s;
        struct corsym_msf_bytes b;
        if (corsym_msf_stream(msf, i, &s) != CORSYM_OK)
            continue;
        if (corsym_msf_stream_load_all(&s, &b) == CORSYM_OK) {
            volatile uint8_t sink = 0;
            for (size_t k = 0; k < b.span.len; k += 64)
                sink ^= b.span.data[k];
            (void)sink;
            corsym_msf_bytes_release(&b);
        }
        for (size_t off = 0; off < s.size; off += sizeof chunk) {
            size_t len = s.size - off < sizeof chunk ? s.size - off : sizeof chunk;
            if (corsym_msf_stream_read(&s, off, chunk, len) != CORSYM_OK)
                break;
        }
    }
    corsym_msf_close(msf);
    return 0;
}
