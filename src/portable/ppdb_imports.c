/* Imports blobs of ImportScope rows. */
#include <string.h>

#include "portable/ppdb_private.h"

void corsym_ppdb_imports_begin(struct corsym_ppdb_imports_iter *it, const struct corsym_ppdb *pdb,
                               struct corsym_span imports_blob)
{
    it->pdb = pdb;
    corsym_cursor_from_span(&it->cur, imports_blob);
}

static corsym_status read_blob_ref(struct corsym_ppdb_imports_iter *it, struct corsym_span *out)
{
    uint32_t index;
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &index));
    return corsym_md_blob(&it->pdb->md, index, out);
}

corsym_status corsym_ppdb_imports_next(struct corsym_ppdb_imports_iter *it,
                                       struct corsym_ppdb_import *out)
{
    if (corsym_cursor_at_end(&it->cur))
        return CORSYM_NOT_FOUND;
    memset(out, 0, sizeof *out);
    CORSYM_TRY(corsym_cursor_cuint(&it->cur, &out->kind));
    switch (out->kind) {
    case CORSYM_IMPORT_NAMESPACE:
        out->has_namespace = true;
        break;
    case CORSYM_IMPORT_ASSEMBLY_NAMESPACE:
        out->has_assembly = out->has_namespace = true;
        break;
    case CORSYM_IMPORT_TYPE:
        out->has_type = true;
        break;
    case CORSYM_IMPORT_XML_NAMESPACE:
    case CORSYM_IMPORT_ALIAS_NAMESPACE:
        out->has_alias = out->has_namespace = true;
        break;
    case CORSYM_IMPORT_ASSEMBLY_REF_ALIAS:
        out->has_alias = true;
        break;
    case CORSYM_IMPORT_ALIAS_ASSEMBLY:
        out->has_alias = out->has_assembly = true;
        break;
    case CORSYM_IMPORT_ALIAS_ASSEMBLY_NAMESPACE:
        out->has_alias = out->has_assembly = out->has_namespace = true;
        break;
    case CORSYM_IMPORT_ALIAS_TYPE:
        out->has_alias = out->has_type = true;
        break;
    default:
        return CORSYM_CORRUPT();
    }
    /* Field order on disk: alias, assembly, namespace or type. */
    if (out->has_alias)
        CORSYM_TRY(read_blob_ref(it, &out->alias));
    if (out->has_assembly) {
        CORSYM_TRY(corsym_cursor_cuint(&it->cur, &out->assembly_ref));
        if (out->assembly_ref > CORSYM_MD_MAX_RID)
            return CORSYM_CORRUPT();
    }
    if (out->has_namespace)
        CORSYM_TRY(read_blob_ref(it, &out->target_namespace));
    if (out->has_type)
        CORSYM_TRY(corsym_md_read_type_def_or_ref(&it->cur, &out->target_type));
    return CORSYM_OK;
}
