/*
 * ECMA-335 metadata (Partition II, 24): the physical layer shared by
 * Portable PDBs (src/portable) and the metadata of a PE image (src/pe).
 *
 * corsym_md_open reads the metadata root, the stream headers, the #Pdb
 * stream if present and the tables header (#~ or #-), and computes every
 * table's row size, column layout and offset. It does no work proportional
 * to the number of rows and allocates nothing: struct corsym_md is a plain
 * value that points into the caller's bytes, which must outlive it.
 * Rows, heap entries and blobs are decoded on demand by the accessors.
 */
#ifndef CORSYM_PORTABLE_ECMA335_H
#define CORSYM_PORTABLE_ECMA335_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "base/status.h"

/* Table ids (ECMA-335 II.22 and the Portable PDB debug tables). */
enum corsym_md_table {
    CORSYM_TBL_MODULE = 0x00,
    CORSYM_TBL_TYPE_REF = 0x01,
    CORSYM_TBL_TYPE_DEF = 0x02,
    CORSYM_TBL_FIELD_PTR = 0x03,
    CORSYM_TBL_FIELD = 0x04,
    CORSYM_TBL_METHOD_PTR = 0x05,
    CORSYM_TBL_METHOD_DEF = 0x06,
    CORSYM_TBL_PARAM_PTR = 0x07,
    CORSYM_TBL_PARAM = 0x08,
    CORSYM_TBL_INTERFACE_IMPL = 0x09,
    CORSYM_TBL_MEMBER_REF = 0x0A,
    CORSYM_TBL_CONSTANT = 0x0B,
    CORSYM_TBL_CUSTOM_ATTRIBUTE = 0x0C,
    CORSYM_TBL_FIELD_MARSHAL = 0x0D,
    CORSYM_TBL_DECL_SECURITY = 0x0E,
    CORSYM_TBL_CLASS_LAYOUT = 0x0F,
    CORSYM_TBL_FIELD_LAYOUT = 0x10,
    CORSYM_TBL_STAND_ALONE_SIG = 0x11,
    CORSYM_TBL_EVENT_MAP = 0x12,
    CORSYM_TBL_EVENT_PTR = 0x13,
    CORSYM_TBL_EVENT = 0x14,
    CORSYM_TBL_PROPERTY_MAP = 0x15,
    CORSYM_TBL_PROPERTY_PTR = 0x16,
    CORSYM_TBL_PROPERTY = 0x17,
    CORSYM_TBL_METHOD_SEMANTICS = 0x18,
    CORSYM_TBL_METHOD_IMPL = 0x19,
    CORSYM_TBL_MODULE_REF = 0x1A,
    CORSYM_TBL_TYPE_SPEC = 0x1B,
    CORSYM_TBL_IMPL_MAP = 0x1C,
    CORSYM_TBL_FIELD_RVA = 0x1D,
    CORSYM_TBL_ENC_LOG = 0x1E,
    CORSYM_TBL_ENC_MAP = 0x1F,
    CORSYM_TBL_ASSEMBLY = 0x20,
    CORSYM_TBL_ASSEMBLY_PROCESSOR = 0x21,
    CORSYM_TBL_ASSEMBLY_OS = 0x22,
    CORSYM_TBL_ASSEMBLY_REF = 0x23,
    CORSYM_TBL_ASSEMBLY_REF_PROCESSOR = 0x24,
    CORSYM_TBL_ASSEMBLY_REF_OS = 0x25,
    CORSYM_TBL_FILE = 0x26,
    CORSYM_TBL_EXPORTED_TYPE = 0x27,
    CORSYM_TBL_MANIFEST_RESOURCE = 0x28,
    CORSYM_TBL_NESTED_CLASS = 0x29,
    CORSYM_TBL_GENERIC_PARAM = 0x2A,
    CORSYM_TBL_METHOD_SPEC = 0x2B,
    CORSYM_TBL_GENERIC_PARAM_CONSTRAINT = 0x2C,
    /* Portable PDB debug tables. */
    CORSYM_TBL_DOCUMENT = 0x30,
    CORSYM_TBL_METHOD_DEBUG_INFORMATION = 0x31,
    CORSYM_TBL_LOCAL_SCOPE = 0x32,
    CORSYM_TBL_LOCAL_VARIABLE = 0x33,
    CORSYM_TBL_LOCAL_CONSTANT = 0x34,
    CORSYM_TBL_IMPORT_SCOPE = 0x35,
    CORSYM_TBL_STATE_MACHINE_METHOD = 0x36,
    CORSYM_TBL_CUSTOM_DEBUG_INFORMATION = 0x37,
    CORSYM_TBL_COUNT = 0x40
};

/* Coded index kinds (ECMA-335 II.24.2.6, plus the Portable PDB one). */
enum corsym_md_coded {
    CORSYM_CODED_TYPE_DEF_OR_REF,
    CORSYM_CODED_HAS_CONSTANT,
    CORSYM_CODED_HAS_CUSTOM_ATTRIBUTE,
    CORSYM_CODED_HAS_FIELD_MARSHAL,
    CORSYM_CODED_HAS_DECL_SECURITY,
    CORSYM_CODED_MEMBER_REF_PARENT,
    CORSYM_CODED_HAS_SEMANTICS,
    CORSYM_CODED_METHOD_DEF_OR_REF,
    CORSYM_CODED_MEMBER_FORWARDED,
    CORSYM_CODED_IMPLEMENTATION,
    CORSYM_CODED_CUSTOM_ATTRIBUTE_TYPE,
    CORSYM_CODED_RESOLUTION_SCOPE,
    CORSYM_CODED_TYPE_OR_METHOD_DEF,
    CORSYM_CODED_HAS_CUSTOM_DEBUG_INFORMATION,
    CORSYM_CODED_COUNT
};

#define CORSYM_MD_MAX_COLUMNS 9
#define CORSYM_MD_MAX_RID 0x00FFFFFFu
#define CORSYM_MD_MAX_STREAMS 16

/* Tables stream HeapSizes flags (II.24.2.6 plus the EnC extensions that
 * System.Reflection.Metadata understands). */
#define CORSYM_HEAP_STRINGS_LARGE 0x01
#define CORSYM_HEAP_GUID_LARGE 0x02
#define CORSYM_HEAP_BLOB_LARGE 0x04
#define CORSYM_HEAP_ENC_DELTAS 0x20
#define CORSYM_HEAP_EXTRA_DATA 0x40 /* a u32 follows the row counts */
#define CORSYM_HEAP_DELETED_MARKS 0x80

struct corsym_md_table_layout {
    uint32_t rows;
    uint32_t row_size;
    size_t offset; /* of row 1, from the start of the tables stream */
    uint8_t columns;
    uint8_t col_offset[CORSYM_MD_MAX_COLUMNS];
    uint8_t col_width[CORSYM_MD_MAX_COLUMNS];
};

struct corsym_md_stream {
    struct corsym_span name; /* without the NUL */
    size_t offset;           /* from the metadata root */
    struct corsym_span data;
};

struct corsym_md {
    struct corsym_span root;    /* the whole metadata, from "BSJB" */
    struct corsym_span version; /* version string, trailing NULs trimmed */
    uint16_t major, minor;
    unsigned stream_count;
    struct corsym_md_stream streams[CORSYM_MD_MAX_STREAMS];

    struct corsym_span strings, blob, guid, us, tables;
    bool has_strings, has_blob, has_guid, has_us, has_tables;
    bool uncompressed; /* "#-" rather than "#~" */
    bool minimal_delta; /* a "#JTD" stream: every table index is 4 bytes */

    /* Tables header. */
    uint8_t tables_major, tables_minor, heap_sizes;
    uint64_t valid, sorted;
    struct corsym_md_table_layout tbl[CORSYM_TBL_COUNT];

    /* #Pdb stream; present only in Portable PDB metadata. */
    bool has_pdb;
    size_t pdb_offset; /* of the #Pdb stream (the PDB id) from the root */
    uint8_t pdb_id[20];
    uint32_t pdb_entry_point; /* MethodDef token or 0 */
    uint64_t pdb_referenced_tables;
    uint32_t pdb_type_system_rows[CORSYM_TBL_COUNT];

    /* Row counts that size indices: from #Pdb for type-system tables of a
     * PDB, from the tables header otherwise. */
    uint32_t sizing_rows[CORSYM_TBL_COUNT];

    uint8_t string_index_size, guid_index_size, blob_index_size;
};

/* Parse the root at the start of metadata (the whole span is the metadata). */
corsym_status corsym_md_open(struct corsym_md *md, struct corsym_span metadata);

/* A stream by exact name, or NOT_FOUND. */
corsym_status corsym_md_find_stream(const struct corsym_md *md, const char *name,
                                    struct corsym_md_stream *out);

static inline uint32_t corsym_md_rows(const struct corsym_md *md, unsigned table)
{
    return table < CORSYM_TBL_COUNT ? md->tbl[table].rows : 0;
}

/*
 * Column value of a row (rid is 1-based). Heap indices, table indices and
 * coded indices come back raw.
 *   NOT_FOUND     rid is 0 or beyond the table
 *   INVALID_ARG   no such table or column
 */
static inline corsym_status corsym_md_get(const struct corsym_md *md, unsigned table, uint32_t rid,
                                          unsigned col, uint32_t *out)
{
    /* The hottest read of every lookup. corsym_md_open checked that every table lies inside
     * the tables stream, so a rid within the row count needs no further bound. */
    if (table >= CORSYM_TBL_COUNT || col >= md->tbl[table].columns)
        return CORSYM_E_INVALID_ARG;
    const struct corsym_md_table_layout *l = &md->tbl[table];
    if (rid == 0 || rid > l->rows)
        return CORSYM_NOT_FOUND;
    const uint8_t *p = md->tables.data + l->offset + (size_t)(rid - 1) * l->row_size +
                       l->col_offset[col];
    switch (l->col_width[col]) {
    case 1: *out = p[0]; break;
    case 2: *out = (uint32_t)p[0] | (uint32_t)p[1] << 8; break;
    default:
        *out = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        break;
    }
    return CORSYM_OK;
}

/* Columns [0, n) of a row into v, errors as corsym_md_get: the row's checks and address are
 * worked out once, not per column (a method's load reads a few dozen rows). */
static inline corsym_status corsym_md_get_row(const struct corsym_md *md, unsigned table,
                                              uint32_t rid, unsigned n, uint32_t *v)
{
    if (table >= CORSYM_TBL_COUNT || n > md->tbl[table].columns)
        return CORSYM_E_INVALID_ARG;
    const struct corsym_md_table_layout *l = &md->tbl[table];
    if (rid == 0 || rid > l->rows)
        return CORSYM_NOT_FOUND;
    /* Inside the tables stream for the same reason as in corsym_md_get. */
    const uint8_t *row = md->tables.data + l->offset + (size_t)(rid - 1) * l->row_size;
    for (unsigned c = 0; c < n; c++) {
        const uint8_t *p = row + l->col_offset[c];
        switch (l->col_width[c]) {
        case 1: v[c] = p[0]; break;
        case 2: v[c] = (uint32_t)p[0] | (uint32_t)p[1] << 8; break;
        default:
            v[c] = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                   (uint32_t)p[3] << 24;
            break;
        }
    }
    return CORSYM_OK;
}

/* A column value as IMetaDataTables::GetColumn gives it: a table or coded index as a full
 * token, anything else raw. Errors as corsym_md_get, and CORRUPT for an unused coded tag. */
corsym_status corsym_md_get_token(const struct corsym_md *md, unsigned table, uint32_t rid,
                                  unsigned col, uint32_t *out);

/* Whole row as a span (for callers that read several columns). */
corsym_status corsym_md_row(const struct corsym_md *md, unsigned table, uint32_t rid,
                            struct corsym_span *out);

/* Number of columns of a table in the schema (0 for unknown tables). */
unsigned corsym_md_column_count(unsigned table);

/* Coded index helpers. decode: CORRUPT for an unused tag. */
corsym_status corsym_md_coded_decode(enum corsym_md_coded kind, uint32_t value, unsigned *table,
                                     uint32_t *rid);
corsym_status corsym_md_coded_encode(enum corsym_md_coded kind, unsigned table, uint32_t rid,
                                     uint32_t *value);
unsigned corsym_md_coded_tag_bits(enum corsym_md_coded kind);

/*
 * Heaps. Index 0 is the empty string / empty blob / nil GUID and always
 * succeeds, even when the heap is absent. Any other index outside its heap
 * is CORRUPT.
 */
corsym_status corsym_md_string(const struct corsym_md *md, uint32_t index, struct corsym_span *out);
corsym_status corsym_md_blob(const struct corsym_md *md, uint32_t index, struct corsym_span *out);
corsym_status corsym_md_guid(const struct corsym_md *md, uint32_t index, uint8_t out[16]);
/* #US entry: UTF-16LE bytes, without the trailing "has special chars" byte. */
corsym_status corsym_md_user_string(const struct corsym_md *md, uint32_t index,
                                    struct corsym_span *out);

/* Tokens. */
static inline uint32_t corsym_md_token(unsigned table, uint32_t rid)
{
    return ((uint32_t)table << 24) | rid;
}

/*
 * TypeDefOrRefOrSpecEncoded (II.23.2.8), as found in signatures: a
 * compressed integer with a 2-bit tag. Returns the token.
 */
corsym_status corsym_md_read_type_def_or_ref(struct corsym_cursor *c, uint32_t *token);

/*
 * Binary search of a sorted column for the first row whose value is >= key,
 * within rows [first, end) (1-based, end exclusive). *out is end if none.
 */
corsym_status corsym_md_lower_bound(const struct corsym_md *md, unsigned table, unsigned col,
                                    uint32_t key, uint32_t first, uint32_t end, uint32_t *out);

/* ---- type-system lookups a symbol reader needs (ecma335_names.c) ------ */

/* Signature blob of a StandAloneSig row (local variable signatures). */
corsym_status corsym_md_stand_alone_sig(const struct corsym_md *md, uint32_t rid,
                                        struct corsym_span *sig);
/* Name and namespace (UTF-8, may be empty) of a TypeDef or TypeRef row. */
corsym_status corsym_md_type_def_name(const struct corsym_md *md, uint32_t rid,
                                      struct corsym_span *ns, struct corsym_span *name);
corsym_status corsym_md_type_ref_name(const struct corsym_md *md, uint32_t rid,
                                      struct corsym_span *ns, struct corsym_span *name);
/* Name of a MethodDef row. */
corsym_status corsym_md_method_name(const struct corsym_md *md, uint32_t rid, struct corsym_span *name);
/* TypeDef rid owning a MethodDef (via TypeDef.MethodList, honouring a
 * MethodPtr table); NOT_FOUND if no type owns it. */
corsym_status corsym_md_method_declaring_type(const struct corsym_md *md, uint32_t method_rid,
                                              uint32_t *type_rid);
/* Enclosing TypeDef of a nested TypeDef (NestedClass); NOT_FOUND if none. */
corsym_status corsym_md_enclosing_type(const struct corsym_md *md, uint32_t type_rid,
                                       uint32_t *enclosing_rid);

#endif
