/*
 * Module streams (research/windows-pdb.md §7.1):
 *   u32 signature (4); symbol records; C11 lines; C13 subsections; global refs
 * with the sizes taken from the module's DBI record.
 */
#include "winpdb/winpdb_private.h"

#include <string.h>

#include "base/checked.h"

corsym_status corsym_winpdb_module_load(const struct corsym_winpdb *pdb, uint32_t index,
                                        struct corsym_winpdb_module *out)
{
    memset(out, 0, sizeof *out);
    out->index = index;
    const struct corsym_winpdb_module_info *mi = corsym_winpdb_module_info(pdb, index);
    if (!mi)
        return CORSYM_NOT_FOUND;
    corsym_status st = corsym_winpdb_load_stream(pdb, mi->stream, &out->bytes);
    if (st)
        return st;

    struct corsym_cursor c;
    corsym_cursor_from_span(&c, out->bytes.span);
    if ((st = corsym_cursor_bytes(&c, mi->symbol_bytes, &out->symbols)) ||
        (st = corsym_cursor_bytes(&c, mi->c11_bytes, &out->c11)) ||
        (st = corsym_cursor_bytes(&c, mi->c13_bytes, &out->c13)))
        goto fail; /* module sizes exceed its stream */
    out->global_refs = corsym_cursor_rest(&c);

    if (out->symbols.len) {
        uint32_t sig;
        if ((st = corsym_span_uint_at(out->symbols, 0, 4, &sig)))
            goto fail;
        if (sig != CORSYM_CV_SIGNATURE_C13) {
            st = CORSYM_E_UNSUPPORTED;
            goto fail;
        }
    }
    return CORSYM_OK;
fail:
    corsym_winpdb_module_release(out);
    return st;
}

void corsym_winpdb_module_release(struct corsym_winpdb_module *m)
{
    if (!m)
        return;
    corsym_msf_bytes_release(&m->bytes);
    memset(m, 0, sizeof *m);
}

corsym_status corsym_winpdb_module_records(const struct corsym_winpdb_module *m,
                                           struct corsym_cv_iter *it)
{
    /* Records start after the signature; an empty symbol part has none. */
    return corsym_cv_iter_begin(it, m->symbols, m->symbols.len ? 4 : 0);
}

corsym_status corsym_winpdb_token_map_load(const struct corsym_winpdb *pdb,
                                           struct corsym_msf_bytes *out)
{
    uint16_t stream = corsym_winpdb_debug_stream(pdb, CORSYM_WINPDB_DBG_TOKEN_RID_MAP);
    return corsym_winpdb_load_stream(pdb, stream, out);
}

corsym_status corsym_winpdb_token_map_apply(struct corsym_span map, uint32_t token, uint32_t *out)
{
    uint32_t rid = token & 0x00FFFFFFu, mapped;
    if (rid >= map.len / 4)
        return CORSYM_CORRUPT(); /* token RID beyond the token-RID map */
    CORSYM_TRY(corsym_span_uint_at(map, (size_t)rid * 4, 4, &mapped));
    *out = (token & 0xFF000000u) | (mapped & 0x00FFFFFFu);
    return CORSYM_OK;
}
