/* SPDX-License-Identifier: MIT */
#include "identity.h"

#include <stdlib.h>
#include <string.h>

#include "winpdb/winpdb.h"

bool cli_pdb_identity(ISymUnmanagedReader *reader, const char *pdb_path, struct cli_pdb_id *id)
{
    memset(id, 0, sizeof(*id));
    ISymUnmanagedReader4 *r4 = NULL;
    BYTE *bytes = NULL;
    int size = 0;
    HRESULT hr = E_NOINTERFACE;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4, (void **)&r4))) {
        hr = ISymUnmanagedReader4_GetPortableDebugMetadata(r4, &bytes, &size);
        ISymUnmanagedReader4_Release(r4); /* the bytes live as long as the reader */
    }
    if (hr == S_OK && bytes && size > 0) {
        struct corsym_md md;
        if (corsym_md_open(&md, corsym_span_make(bytes, (size_t)size)) != CORSYM_OK || !md.has_pdb)
            return false;
        memcpy(id->guid, md.pdb_id, 16);
        id->stamp = (uint32_t)md.pdb_id[16] | (uint32_t)md.pdb_id[17] << 8 |
                    (uint32_t)md.pdb_id[18] << 16 | (uint32_t)md.pdb_id[19] << 24;
        id->age = 1;
        id->bytes = bytes;
        id->size = (size_t)size;
        id->id_offset = (size_t)(md.root.data - bytes) + md.pdb_offset;
        return true;
    }
    if (!pdb_path)
        return false;
    uint8_t *data;
    size_t len;
    if (cli_read_file(pdb_path, &data, &len))
        return false;
    struct corsym_winpdb *pdb = NULL;
    bool ok = corsym_winpdb_open(&pdb, data, len) == CORSYM_OK;
    if (ok) {
        const struct corsym_winpdb_info *info = corsym_winpdb_info(pdb);
        memcpy(id->guid, info->guid, 16);
        /* The DBI age is what a module's CodeView age is matched against. */
        id->age = info->has_dbi ? info->dbi_age : info->age;
        id->stamp = info->signature;
        corsym_winpdb_close(pdb);
    }
    free(data);
    return ok;
}

const char *cli_verify_pdb_checksum(const struct corsym_pe_debug_entry *entry,
                                    const struct cli_pdb_id *id, char *algorithm, size_t cap)
{
    struct corsym_pe_pdb_checksum sum;
    algorithm[0] = 0;
    if (corsym_pe_pdb_checksum_parse(entry->data, &sum) != CORSYM_OK)
        return "corrupt";
    size_t n = sum.algorithm.len < cap ? sum.algorithm.len : cap - 1;
    memcpy(algorithm, sum.algorithm.data, n);
    algorithm[n] = 0;
    if (!id->bytes)
        return "not checked (Windows PDB)";
    switch (corsym_pe_pdb_checksum_verify(&sum, corsym_span_make(id->bytes, id->size),
                                          id->id_offset, 20)) {
    case CORSYM_OK: return "ok";
    case CORSYM_E_MISMATCH: return "mismatch";
    case CORSYM_E_UNSUPPORTED: return "unsupported algorithm";
    default: return "corrupt";
    }
}
