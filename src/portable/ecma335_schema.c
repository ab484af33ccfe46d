/*
 * The ECMA-335 table schema and everything derived from it: coded index
 * definitions, column widths and the table layout of a tables stream.
 */
#include "portable/ecma335_schema.h"

#include "base/checked.h"

/* Column kinds. Table indices are encoded as COL_TABLE + table id. */
enum {
    COL_END = 0,
    COL_U16,
    COL_U32,
    COL_STRING,
    COL_GUID,
    COL_BLOB,
    COL_CODED,  /* + coded kind in arg */
    COL_TABLE,  /* + table id in arg */
};

struct col {
    uint8_t kind;
    uint8_t arg;
};

#define U16 { COL_U16, 0 }
#define U32 { COL_U32, 0 }
#define STR { COL_STRING, 0 }
#define GUID { COL_GUID, 0 }
#define BLOB { COL_BLOB, 0 }
#define CODED(k) { COL_CODED, CORSYM_CODED_##k }
#define TBL(t) { COL_TABLE, CORSYM_TBL_##t }

/* ECMA-335 II.22, in table id order; Constant.Type is a byte plus a padding
 * byte, read here as one 2-byte column. */
static const struct col schema[CORSYM_TBL_COUNT][CORSYM_MD_MAX_COLUMNS + 1] = {
    [CORSYM_TBL_MODULE] = { U16, STR, GUID, GUID, GUID },
    [CORSYM_TBL_TYPE_REF] = { CODED(RESOLUTION_SCOPE), STR, STR },
    [CORSYM_TBL_TYPE_DEF] = { U32, STR, STR, CODED(TYPE_DEF_OR_REF), TBL(FIELD), TBL(METHOD_DEF) },
    [CORSYM_TBL_FIELD_PTR] = { TBL(FIELD) },
    [CORSYM_TBL_FIELD] = { U16, STR, BLOB },
    [CORSYM_TBL_METHOD_PTR] = { TBL(METHOD_DEF) },
    [CORSYM_TBL_METHOD_DEF] = { U32, U16, U16, STR, BLOB, TBL(PARAM) },
    [CORSYM_TBL_PARAM_PTR] = { TBL(PARAM) },
    [CORSYM_TBL_PARAM] = { U16, U16, STR },
    [CORSYM_TBL_INTERFACE_IMPL] = { TBL(TYPE_DEF), CODED(TYPE_DEF_OR_REF) },
    [CORSYM_TBL_MEMBER_REF] = { CODED(MEMBER_REF_PARENT), STR, BLOB },
    [CORSYM_TBL_CONSTANT] = { U16, CODED(HAS_CONSTANT), BLOB },
    [CORSYM_TBL_CUSTOM_ATTRIBUTE] = { CODED(HAS_CUSTOM_ATTRIBUTE), CODED(CUSTOM_ATTRIBUTE_TYPE), BLOB },
    [CORSYM_TBL_FIELD_MARSHAL] = { CODED(HAS_FIELD_MARSHAL), BLOB },
    [CORSYM_TBL_DECL_SECURITY] = { U16, CODED(HAS_DECL_SECURITY), BLOB },
    [CORSYM_TBL_CLASS_LAYOUT] = { U16, U32, TBL(TYPE_DEF) },
    [CORSYM_TBL_FIELD_LAYOUT] = { U32, TBL(FIELD) },
    [CORSYM_TBL_STAND_ALONE_SIG] = { BLOB },
    [CORSYM_TBL_EVENT_MAP] = { TBL(TYPE_DEF), TBL(EVENT) },
    [CORSYM_TBL_EVENT_PTR] = { TBL(EVENT) },
    [CORSYM_TBL_EVENT] = { U16, STR, CODED(TYPE_DEF_OR_REF) },
    [CORSYM_TBL_PROPERTY_MAP] = { TBL(TYPE_DEF), TBL(PROPERTY) },
    [CORSYM_TBL_PROPERTY_PTR] = { TBL(PROPERTY) },
    [CORSYM_TBL_PROPERTY] = { U16, STR, BLOB },
    [CORSYM_TBL_METHOD_SEMANTICS] = { U16, TBL(METHOD_DEF), CODED(HAS_SEMANTICS) },
    [CORSYM_TBL_METHOD_IMPL] = { TBL(TYPE_DEF), CODED(METHOD_DEF_OR_REF), CODED(METHOD_DEF_OR_REF) },
    [CORSYM_TBL_MODULE_REF] = { STR },
    [CORSYM_TBL_TYPE_SPEC] = { BLOB },
    [CORSYM_TBL_IMPL_MAP] = { U16, CODED(MEMBER_FORWARDED), STR, TBL(MODULE_REF) },
    [CORSYM_TBL_FIELD_RVA] = { U32, TBL(FIELD) },
    [CORSYM_TBL_ENC_LOG] = { U32, U32 },
    [CORSYM_TBL_ENC_MAP] = { U32 },
    [CORSYM_TBL_ASSEMBLY] = { U32, U16, U16, U16, U16, U32, BLOB, STR, STR },
    [CORSYM_TBL_ASSEMBLY_PROCESSOR] = { U32 },
    [CORSYM_TBL_ASSEMBLY_OS] = { U32, U32, U32 },
    [CORSYM_TBL_ASSEMBLY_REF] = { U16, U16, U16, U16, U32, BLOB, STR, STR, BLOB },
    [CORSYM_TBL_ASSEMBLY_REF_PROCESSOR] = { U32, TBL(ASSEMBLY_REF) },
    [CORSYM_TBL_ASSEMBLY_REF_OS] = { U32, U32, U32, TBL(ASSEMBLY_REF) },
    [CORSYM_TBL_FILE] = { U32, STR, BLOB },
    [CORSYM_TBL_EXPORTED_TYPE] = { U32, U32, STR, STR, CODED(IMPLEMENTATION) },
    [CORSYM_TBL_MANIFEST_RESOURCE] = { U32, U32, STR, CODED(IMPLEMENTATION) },
    [CORSYM_TBL_NESTED_CLASS] = { TBL(TYPE_DEF), TBL(TYPE_DEF) },
    [CORSYM_TBL_GENERIC_PARAM] = { U16, U16, CODED(TYPE_OR_METHOD_DEF), STR },
    [CORSYM_TBL_METHOD_SPEC] = { CODED(METHOD_DEF_OR_REF), BLOB },
    [CORSYM_TBL_GENERIC_PARAM_CONSTRAINT] = { TBL(GENERIC_PARAM), CODED(TYPE_DEF_OR_REF) },
    [CORSYM_TBL_DOCUMENT] = { BLOB, GUID, BLOB, GUID },
    [CORSYM_TBL_METHOD_DEBUG_INFORMATION] = { TBL(DOCUMENT), BLOB },
    [CORSYM_TBL_LOCAL_SCOPE] = { TBL(METHOD_DEF), TBL(IMPORT_SCOPE), TBL(LOCAL_VARIABLE),
                                 TBL(LOCAL_CONSTANT), U32, U32 },
    [CORSYM_TBL_LOCAL_VARIABLE] = { U16, U16, STR },
    [CORSYM_TBL_LOCAL_CONSTANT] = { STR, BLOB },
    [CORSYM_TBL_IMPORT_SCOPE] = { TBL(IMPORT_SCOPE), BLOB },
    [CORSYM_TBL_STATE_MACHINE_METHOD] = { TBL(METHOD_DEF), TBL(METHOD_DEF) },
    [CORSYM_TBL_CUSTOM_DEBUG_INFORMATION] = { CODED(HAS_CUSTOM_DEBUG_INFORMATION), GUID, BLOB },
};

/* Sentinel for tags that name no table (CustomAttributeType 0, 1 and 4). */
#define NO_TABLE 0xFF

struct coded_def {
    uint8_t tag_bits;
    uint8_t count;
    uint8_t tables[27];
};

static const struct coded_def coded_defs[CORSYM_CODED_COUNT] = {
    [CORSYM_CODED_TYPE_DEF_OR_REF] = { 2, 3, { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_TYPE_REF, CORSYM_TBL_TYPE_SPEC } },
    [CORSYM_CODED_HAS_CONSTANT] = { 2, 3, { CORSYM_TBL_FIELD, CORSYM_TBL_PARAM, CORSYM_TBL_PROPERTY } },
    [CORSYM_CODED_HAS_CUSTOM_ATTRIBUTE] = { 5, 22, {
        CORSYM_TBL_METHOD_DEF, CORSYM_TBL_FIELD, CORSYM_TBL_TYPE_REF, CORSYM_TBL_TYPE_DEF,
        CORSYM_TBL_PARAM, CORSYM_TBL_INTERFACE_IMPL, CORSYM_TBL_MEMBER_REF, CORSYM_TBL_MODULE,
        CORSYM_TBL_DECL_SECURITY, CORSYM_TBL_PROPERTY, CORSYM_TBL_EVENT, CORSYM_TBL_STAND_ALONE_SIG,
        CORSYM_TBL_MODULE_REF, CORSYM_TBL_TYPE_SPEC, CORSYM_TBL_ASSEMBLY, CORSYM_TBL_ASSEMBLY_REF,
        CORSYM_TBL_FILE, CORSYM_TBL_EXPORTED_TYPE, CORSYM_TBL_MANIFEST_RESOURCE,
        CORSYM_TBL_GENERIC_PARAM, CORSYM_TBL_GENERIC_PARAM_CONSTRAINT, CORSYM_TBL_METHOD_SPEC } },
    [CORSYM_CODED_HAS_FIELD_MARSHAL] = { 1, 2, { CORSYM_TBL_FIELD, CORSYM_TBL_PARAM } },
    [CORSYM_CODED_HAS_DECL_SECURITY] = { 2, 3, { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_METHOD_DEF, CORSYM_TBL_ASSEMBLY } },
    [CORSYM_CODED_MEMBER_REF_PARENT] = { 3, 5, { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_TYPE_REF, CORSYM_TBL_MODULE_REF,
                                                 CORSYM_TBL_METHOD_DEF, CORSYM_TBL_TYPE_SPEC } },
    [CORSYM_CODED_HAS_SEMANTICS] = { 1, 2, { CORSYM_TBL_EVENT, CORSYM_TBL_PROPERTY } },
    [CORSYM_CODED_METHOD_DEF_OR_REF] = { 1, 2, { CORSYM_TBL_METHOD_DEF, CORSYM_TBL_MEMBER_REF } },
    [CORSYM_CODED_MEMBER_FORWARDED] = { 1, 2, { CORSYM_TBL_FIELD, CORSYM_TBL_METHOD_DEF } },
    [CORSYM_CODED_IMPLEMENTATION] = { 2, 3, { CORSYM_TBL_FILE, CORSYM_TBL_ASSEMBLY_REF, CORSYM_TBL_EXPORTED_TYPE } },
    [CORSYM_CODED_CUSTOM_ATTRIBUTE_TYPE] = { 3, 5, { NO_TABLE, NO_TABLE, CORSYM_TBL_METHOD_DEF,
                                                     CORSYM_TBL_MEMBER_REF, NO_TABLE } },
    [CORSYM_CODED_RESOLUTION_SCOPE] = { 2, 4, { CORSYM_TBL_MODULE, CORSYM_TBL_MODULE_REF,
                                                CORSYM_TBL_ASSEMBLY_REF, CORSYM_TBL_TYPE_REF } },
    [CORSYM_CODED_TYPE_OR_METHOD_DEF] = { 1, 2, { CORSYM_TBL_TYPE_DEF, CORSYM_TBL_METHOD_DEF } },
    [CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION] = { 5, 27, {
        CORSYM_TBL_METHOD_DEF, CORSYM_TBL_FIELD, CORSYM_TBL_TYPE_REF, CORSYM_TBL_TYPE_DEF,
        CORSYM_TBL_PARAM, CORSYM_TBL_INTERFACE_IMPL, CORSYM_TBL_MEMBER_REF, CORSYM_TBL_MODULE,
        CORSYM_TBL_DECL_SECURITY, CORSYM_TBL_PROPERTY, CORSYM_TBL_EVENT, CORSYM_TBL_STAND_ALONE_SIG,
        CORSYM_TBL_MODULE_REF, CORSYM_TBL_TYPE_SPEC, CORSYM_TBL_ASSEMBLY, CORSYM_TBL_ASSEMBLY_REF,
        CORSYM_TBL_FILE, CORSYM_TBL_EXPORTED_TYPE, CORSYM_TBL_MANIFEST_RESOURCE,
        CORSYM_TBL_GENERIC_PARAM, CORSYM_TBL_GENERIC_PARAM_CONSTRAINT, CORSYM_TBL_METHOD_SPEC,
        CORSYM_TBL_DOCUMENT, CORSYM_TBL_LOCAL_SCOPE, CORSYM_TBL_LOCAL_VARIABLE,
        CORSYM_TBL_LOCAL_CONSTANT, CORSYM_TBL_IMPORT_SCOPE } },
};

bool corsym_md_schema_has_table(unsigned table)
{
    return table < CORSYM_TBL_COUNT && schema[table][0].kind != COL_END;
}

unsigned corsym_md_column_count(unsigned table)
{
    if (table >= CORSYM_TBL_COUNT)
        return 0;
    unsigned n = 0;
    while (n < CORSYM_MD_MAX_COLUMNS && schema[table][n].kind != COL_END)
        n++;
    return n;
}

corsym_status corsym_md_get_token(const struct corsym_md *md, unsigned table, uint32_t rid,
                                  unsigned col, uint32_t *out)
{
    CORSYM_TRY(corsym_md_get(md, table, rid, col, out));
    struct col c = schema[table][col];
    unsigned target = c.arg;
    uint32_t target_rid = *out;
    if (c.kind == COL_CODED)
        CORSYM_TRY(corsym_md_coded_decode((enum corsym_md_coded)c.arg, *out, &target, &target_rid));
    else if (c.kind != COL_TABLE)
        return CORSYM_OK;
    if (target_rid > CORSYM_MD_MAX_RID)
        return CORSYM_CORRUPT();
    *out = corsym_md_token(target, target_rid);
    return CORSYM_OK;
}

unsigned corsym_md_coded_tag_bits(enum corsym_md_coded kind)
{
    return (unsigned)kind < CORSYM_CODED_COUNT ? coded_defs[kind].tag_bits : 0;
}

corsym_status corsym_md_coded_decode(enum corsym_md_coded kind, uint32_t value, unsigned *table,
                                     uint32_t *rid)
{
    if ((unsigned)kind >= CORSYM_CODED_COUNT)
        return CORSYM_E_INVALID_ARG;
    const struct coded_def *d = &coded_defs[kind];
    uint32_t tag = value & ((1u << d->tag_bits) - 1);
    if (tag >= d->count || d->tables[tag] == NO_TABLE)
        return CORSYM_CORRUPT();
    *table = d->tables[tag];
    *rid = value >> d->tag_bits;
    return CORSYM_OK;
}

corsym_status corsym_md_coded_encode(enum corsym_md_coded kind, unsigned table, uint32_t rid,
                                     uint32_t *value)
{
    if ((unsigned)kind >= CORSYM_CODED_COUNT)
        return CORSYM_E_INVALID_ARG;
    const struct coded_def *d = &coded_defs[kind];
    if (rid > (UINT32_MAX >> d->tag_bits))
        return CORSYM_E_INVALID_ARG;
    for (unsigned tag = 0; tag < d->count; tag++) {
        if (d->tables[tag] == table) {
            *value = (rid << d->tag_bits) | tag;
            return CORSYM_OK;
        }
    }
    return CORSYM_E_INVALID_ARG;
}

static uint8_t coded_width(const struct corsym_md *md, enum corsym_md_coded kind)
{
    if (md->minimal_delta)
        return 4;
    const struct coded_def *d = &coded_defs[kind];
    uint32_t limit = 1u << (16 - d->tag_bits);
    for (unsigned i = 0; i < d->count; i++)
        if (d->tables[i] != NO_TABLE && md->sizing_rows[d->tables[i]] >= limit)
            return 4;
    return 2;
}

static uint8_t column_width(const struct corsym_md *md, struct col c)
{
    switch (c.kind) {
    case COL_U16: return 2;
    case COL_U32: return 4;
    case COL_STRING: return md->string_index_size;
    case COL_GUID: return md->guid_index_size;
    case COL_BLOB: return md->blob_index_size;
    case COL_CODED: return coded_width(md, (enum corsym_md_coded)c.arg);
    case COL_TABLE: return (md->minimal_delta || md->sizing_rows[c.arg] >= 0x10000) ? 4 : 2;
    }
    return 0;
}

corsym_status corsym_md_schema_layout(struct corsym_md *md, size_t data_offset, size_t stream_len)
{
    md->string_index_size = (md->heap_sizes & CORSYM_HEAP_STRINGS_LARGE) ? 4 : 2;
    md->guid_index_size = (md->heap_sizes & CORSYM_HEAP_GUID_LARGE) ? 4 : 2;
    md->blob_index_size = (md->heap_sizes & CORSYM_HEAP_BLOB_LARGE) ? 4 : 2;

    size_t off = data_offset;
    for (unsigned t = 0; t < CORSYM_TBL_COUNT; t++) {
        struct corsym_md_table_layout *l = &md->tbl[t];
        l->columns = (uint8_t)corsym_md_column_count(t);
        uint32_t size = 0;
        for (unsigned c = 0; c < l->columns; c++) {
            l->col_offset[c] = (uint8_t)size;
            l->col_width[c] = column_width(md, schema[t][c]);
            size += l->col_width[c];
        }
        l->row_size = size;
        l->offset = off;
        size_t bytes;
        if (!corsym_checked_mul(l->rows, l->row_size, &bytes) || !corsym_checked_add(off, bytes, &off))
            return CORSYM_CORRUPT();
    }
    /* Tables must fit in their stream; trailing padding is allowed. */
    if (off > stream_len)
        return CORSYM_CORRUPT();
    return CORSYM_OK;
}
