/* SPDX-License-Identifier: MIT */
/* Format detection: Portable PDB ("BSJB"), embedded Portable PDB ("MPDB" + deflate), or
 * Windows PDB (MSF 7.00). */
#include <stdlib.h>
#include <string.h>

#include "base/inflate.h"
#include "model/portable_source.h"
#include "model/windows_source.h"
#include "model/symbols.h"

/* An embedded PDB may not claim more than this many bytes once inflated: deflate cannot
 * expand by more than about 1032:1, and no real PDB approaches the cap. */
#define MAX_INFLATED_PDB ((size_t)1 << 31)

static uint32_t read_u32le(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

corsym_status corsym_symbols_open(const uint8_t *data, size_t size, bool owned,
                                  struct corsym_symbols **out)
{
    *out = NULL;
    uint8_t *to_free = owned ? (uint8_t *)data : NULL;
    corsym_status st;
    if (size >= 8 && memcmp(data, "MPDB", 4) == 0) {
        size_t inflated = read_u32le(data + 4);
        if (inflated == 0 || inflated > MAX_INFLATED_PDB || inflated / 1100 > size) {
            st = CORSYM_CORRUPT();
            goto fail;
        }
        uint8_t *pdb = malloc(inflated);
        if (!pdb) {
            st = CORSYM_E_NOMEM;
            goto fail;
        }
        st = corsym_inflate_raw(data + 8, size - 8, pdb, inflated);
        free(to_free);
        to_free = NULL;
        if (st != CORSYM_OK) {
            free(pdb);
            return st;
        }
        st = corsym_portable_source_open(pdb, inflated, pdb, out);
        if (st != CORSYM_OK)
            free(pdb);
        return st;
    }
    if (size >= 4 && memcmp(data, "BSJB", 4) == 0) {
        st = corsym_portable_source_open(data, size, to_free, out);
        if (st == CORSYM_OK)
            return st;
        goto fail;
    }
    static const char msf_magic[] = "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS";
    if (size >= sizeof(msf_magic) - 1 && memcmp(data, msf_magic, sizeof(msf_magic) - 1) == 0) {
        st = corsym_windows_source_open(data, size, to_free, out);
        if (st == CORSYM_OK)
            return st;
        goto fail;
    }
    st = CORSYM_CORRUPT();
fail:
    free(to_free);
    return st;
}
