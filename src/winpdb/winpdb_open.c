/*
 * Opening a Windows PDB: the container, then the three small structures
 * everything else needs (info stream, /names, DBI). Each is validated here
 * so later lookups can trust their headers.
 */
#include "winpdb/winpdb_private.h"

#include <stdlib.h>
#include <string.h>

corsym_status corsym_winpdb_load_stream(const struct corsym_winpdb *pdb, uint32_t index,
                                        struct corsym_msf_bytes *out)
{
    out->span = corsym_span_make(NULL, 0);
    out->owned = NULL;
    if (index == CORSYM_WINPDB_NO_STREAM)
        return CORSYM_NOT_FOUND;
    return corsym_msf_load_stream(pdb->msf, index, out);
}

corsym_status corsym_winpdb_open(struct corsym_winpdb **out, const uint8_t *data, size_t len)
{
    if (!out || (!data && len))
        return CORSYM_E_INVALID_ARG;
    *out = NULL;
    struct corsym_winpdb *pdb = calloc(1, sizeof *pdb);
    if (!pdb)
        return CORSYM_E_NOMEM;
    for (unsigned i = 0; i < CORSYM_WINPDB_DBG_SLOT_COUNT; i++)
        pdb->debug_streams[i] = CORSYM_WINPDB_NO_STREAM;

    corsym_status st;
    if ((st = corsym_msf_open(&pdb->msf, data, len)) || (st = corsym_winpdb_info_parse(pdb)) ||
        (st = corsym_winpdb_names_parse(pdb)) || (st = corsym_winpdb_dbi_parse(pdb)) ||
        (st = corsym_winpdb_module_cache_init(pdb))) {
        corsym_winpdb_close(pdb);
        return st;
    }
    *out = pdb;
    return CORSYM_OK;
}

void corsym_winpdb_close(struct corsym_winpdb *pdb)
{
    if (!pdb)
        return;
    corsym_msf_bytes_release(&pdb->info_bytes);
    corsym_msf_bytes_release(&pdb->names_bytes);
    corsym_msf_bytes_release(&pdb->dbi_bytes);
    corsym_winpdb_module_cache_free(pdb);
    free(pdb->named.rank_words);
    free(pdb->modules);
    corsym_msf_close(pdb->msf);
    free(pdb);
}

const struct corsym_msf *corsym_winpdb_msf(const struct corsym_winpdb *pdb)
{
    return pdb->msf;
}

const struct corsym_winpdb_info *corsym_winpdb_info(const struct corsym_winpdb *pdb)
{
    return &pdb->info;
}
