/* Opening a Portable PDB and reading its rows. */
#include <stdlib.h>
#include <string.h>

#include "portable/ppdb_private.h"

corsym_status corsym_ppdb_open(struct corsym_ppdb **out, const uint8_t *data, size_t len)
{
    if (!out || (!data && len))
        return CORSYM_E_INVALID_ARG;
    *out = NULL;
    struct corsym_ppdb *pdb = calloc(1, sizeof *pdb);
    if (!pdb)
        return CORSYM_E_NOMEM;
    pdb->bytes = corsym_span_make(data, len);
    corsym_status st = corsym_md_open(&pdb->md, pdb->bytes);
    if (st == CORSYM_OK && !pdb->md.has_pdb)
        st = CORSYM_CORRUPT(); /* type-system metadata, not a PDB */
    if (st == CORSYM_OK && pdb->md.pdb_entry_point != 0 &&
        pdb->md.pdb_entry_point >> 24 != CORSYM_TBL_METHOD_DEF)
        st = CORSYM_CORRUPT();
    if (st != CORSYM_OK) {
        free(pdb);
        /* A NOT_FOUND from deep inside means a missing piece: corrupt. */
        return st == CORSYM_NOT_FOUND ? CORSYM_CORRUPT() : st;
    }
    *out = pdb;
    return CORSYM_OK;
}

void corsym_ppdb_close(struct corsym_ppdb *pdb)
{
    if (pdb)
        free(pdb->scope_starts);
    free(pdb);
}

const struct corsym_md *corsym_ppdb_md(const struct corsym_ppdb *pdb)
{
    return &pdb->md;
}

struct corsym_span corsym_ppdb_bytes(const struct corsym_ppdb *pdb)
{
    return pdb->bytes;
}

void corsym_ppdb_id(const struct corsym_ppdb *pdb, uint8_t out[20])
{
    memcpy(out, pdb->md.pdb_id, 20);
}

size_t corsym_ppdb_id_offset(const struct corsym_ppdb *pdb)
{
    return pdb->md.pdb_offset;
}

uint32_t corsym_ppdb_entry_point(const struct corsym_ppdb *pdb)
{
    return pdb->md.pdb_entry_point;
}

uint32_t corsym_ppdb_type_system_rows(const struct corsym_ppdb *pdb, unsigned table)
{
    return table < CORSYM_TBL_DOCUMENT ? pdb->md.pdb_type_system_rows[table] : 0;
}

uint32_t corsym_ppdb_rows(const struct corsym_ppdb *pdb, unsigned table)
{
    return corsym_md_rows(&pdb->md, table);
}

/* Read columns [0, n) of a row into v. */
static corsym_status read_row(const struct corsym_ppdb *pdb, unsigned table, uint32_t rid,
                              uint32_t *v, unsigned n)
{
    return corsym_md_get_row(&pdb->md, table, rid, n, v);
}

corsym_status corsym_ppdb_document(const struct corsym_ppdb *pdb, uint32_t rid,
                                   struct corsym_ppdb_document *out)
{
    uint32_t v[4];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_DOCUMENT, rid, v, 4));
    CORSYM_TRY(corsym_md_blob(&pdb->md, v[DOC_NAME], &out->name_blob));
    CORSYM_TRY(corsym_md_guid(&pdb->md, v[DOC_HASH_ALG], out->hash_algorithm));
    CORSYM_TRY(corsym_md_blob(&pdb->md, v[DOC_HASH], &out->hash));
    return corsym_md_guid(&pdb->md, v[DOC_LANGUAGE], out->language);
}

corsym_status corsym_ppdb_method_debug(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                       struct corsym_ppdb_method_debug *out)
{
    uint32_t v[2];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION, method_rid, v, 2));
    out->document = v[MDI_DOCUMENT];
    out->has_sequence_points = v[MDI_SEQUENCE_POINTS] != 0;
    return corsym_md_blob(&pdb->md, v[MDI_SEQUENCE_POINTS], &out->sequence_points);
}

/*
 * A list column starts a run that ends where the next row's run starts, or
 * at the end of the target table. Follows System.Reflection.Metadata: a 0
 * start means "no entries"; a run that would go backwards is empty; a run
 * is clipped to the target table.
 */
static corsym_status list_range(const struct corsym_ppdb *pdb, unsigned table, unsigned col,
                                uint32_t rid, unsigned target, uint32_t *first, uint32_t *end)
{
    uint32_t start, next;
    CORSYM_TRY(corsym_md_get(&pdb->md, table, rid, col, &start));
    uint32_t limit = corsym_md_rows(&pdb->md, target) + 1;
    if (rid == corsym_md_rows(&pdb->md, table))
        next = limit;
    else
        CORSYM_TRY(corsym_md_get(&pdb->md, table, rid + 1, col, &next));
    if (start == 0 || start > limit)
        start = next = limit;
    if (next > limit)
        next = limit;
    if (next < start)
        next = start;
    *first = start;
    *end = next;
    return CORSYM_OK;
}

corsym_status corsym_ppdb_local_scope(const struct corsym_ppdb *pdb, uint32_t rid,
                                      struct corsym_ppdb_local_scope *out)
{
    uint32_t v[6];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_LOCAL_SCOPE, rid, v, 6));
    out->method = v[SCOPE_METHOD];
    out->import_scope = v[SCOPE_IMPORT_SCOPE];
    out->start_offset = v[SCOPE_START];
    out->length = v[SCOPE_LENGTH];
    CORSYM_TRY(list_range(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_VARIABLES, rid, CORSYM_TBL_LOCAL_VARIABLE,
                          &out->variables_first, &out->variables_end));
    return list_range(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_CONSTANTS, rid, CORSYM_TBL_LOCAL_CONSTANT,
                      &out->constants_first, &out->constants_end);
}

corsym_status corsym_ppdb_local_variable(const struct corsym_ppdb *pdb, uint32_t rid,
                                         struct corsym_ppdb_local_variable *out)
{
    uint32_t v[3];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_LOCAL_VARIABLE, rid, v, 3));
    out->attributes = (uint16_t)v[VAR_ATTRIBUTES];
    out->index = (uint16_t)v[VAR_INDEX];
    return corsym_md_string(&pdb->md, v[VAR_NAME], &out->name);
}

corsym_status corsym_ppdb_local_constant(const struct corsym_ppdb *pdb, uint32_t rid,
                                         struct corsym_ppdb_local_constant *out)
{
    uint32_t v[2];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_LOCAL_CONSTANT, rid, v, 2));
    CORSYM_TRY(corsym_md_string(&pdb->md, v[CONST_NAME], &out->name));
    return corsym_md_blob(&pdb->md, v[CONST_SIGNATURE], &out->signature);
}

corsym_status corsym_ppdb_import_scope(const struct corsym_ppdb *pdb, uint32_t rid,
                                       struct corsym_ppdb_import_scope *out)
{
    uint32_t v[2];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_IMPORT_SCOPE, rid, v, 2));
    out->parent = v[IMPORT_PARENT];
    return corsym_md_blob(&pdb->md, v[IMPORT_BLOB], &out->imports);
}

corsym_status corsym_ppdb_state_machine_method(const struct corsym_ppdb *pdb, uint32_t rid,
                                               struct corsym_ppdb_state_machine_method *out)
{
    uint32_t v[2];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_STATE_MACHINE_METHOD, rid, v, 2));
    out->move_next = v[SM_MOVE_NEXT];
    out->kickoff = v[SM_KICKOFF];
    return CORSYM_OK;
}

corsym_status corsym_ppdb_cdi(const struct corsym_ppdb *pdb, uint32_t rid, struct corsym_ppdb_cdi *out)
{
    uint32_t v[3];
    CORSYM_TRY(read_row(pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION, rid, v, 3));
    CORSYM_TRY(corsym_md_coded_decode(CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION, v[CDI_PARENT],
                                      &out->parent_table, &out->parent_rid));
    CORSYM_TRY(corsym_md_guid(&pdb->md, v[CDI_KIND], out->kind));
    return corsym_md_blob(&pdb->md, v[CDI_VALUE], &out->value);
}
