/*
 * Portable PDB reader (dotnet/runtime docs/design/specs/PortablePdb-Metadata.md).
 *
 * Usage
 *   struct corsym_ppdb *pdb;
 *   corsym_ppdb_open(&pdb, bytes, len);     bytes must outlive pdb (no copy)
 *   ... row accessors, lookups, blob decoders ...
 *   corsym_ppdb_close(pdb);
 *
 * Opening validates the metadata root, the stream headers, #Pdb and the
 * tables header, and computes the table layout; it does no work
 * proportional to the number of rows. Everything else is decoded on demand.
 * A reader is immutable after open, so any number of threads may use it at
 * once. The only derived structures (the document -> methods index and
 * per-method scope trees) are built by pure functions that return owned
 * objects; callers that share them publish them once under their own lock.
 *
 * Conventions
 *   - rids are 1-based table row numbers; tokens are (table << 24) | rid.
 *   - CORSYM_NOT_FOUND means "absent": rid beyond the table, no CDI of that
 *     kind, end of an iteration.
 *   - Spans point into the caller's bytes.
 *   - Blob decoders are separate (ppdb_blobs.h, ppdb_cdi.h) and take spans,
 *     so they can be tested and fuzzed on their own.
 */
#ifndef CORSYM_PORTABLE_PORTABLE_H
#define CORSYM_PORTABLE_PORTABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/cursor.h"
#include "base/status.h"
#include "portable/ecma335.h"
#include "portable/ppdb_blobs.h"
#include "portable/ppdb_cdi.h"

struct corsym_ppdb;

/* ---- open / close ---------------------------------------------------- */

/*
 *   OK        *out is a new reader
 *   CORRUPT   not a Portable PDB or a malformed header/table layout
 *   NOMEM
 */
corsym_status corsym_ppdb_open(struct corsym_ppdb **out, const uint8_t *data, size_t len);
void corsym_ppdb_close(struct corsym_ppdb *pdb);

/* The underlying metadata: heaps, table layout, raw #Pdb fields. */
const struct corsym_md *corsym_ppdb_md(const struct corsym_ppdb *pdb);

/* The whole PDB as given to open (for checksums, GetPortableDebugMetadata). */
struct corsym_span corsym_ppdb_bytes(const struct corsym_ppdb *pdb);

/* PDB id: 16-byte GUID followed by the 4-byte stamp (little endian). */
void corsym_ppdb_id(const struct corsym_ppdb *pdb, uint8_t out[20]);
/* Offset of the 20 id bytes inside the PDB (they are zeroed for hashing). */
size_t corsym_ppdb_id_offset(const struct corsym_ppdb *pdb);
/* User entry point MethodDef token, or 0. */
uint32_t corsym_ppdb_entry_point(const struct corsym_ppdb *pdb);
/* Row count of a type-system table as recorded in #Pdb (MethodDef, ...). */
uint32_t corsym_ppdb_type_system_rows(const struct corsym_ppdb *pdb, unsigned table);
/* Row count of a table of the PDB itself. */
uint32_t corsym_ppdb_rows(const struct corsym_ppdb *pdb, unsigned table);

/* ---- rows ------------------------------------------------------------ */
/* Each accessor: OK, NOT_FOUND (rid 0 or beyond the table), CORRUPT (a heap
 * index in the row is out of range). */

struct corsym_ppdb_document {
    struct corsym_span name_blob;  /* encoded name; see corsym_ppdb_document_name */
    uint8_t hash_algorithm[16];    /* GUID bytes as stored; zero if none */
    struct corsym_span hash;
    uint8_t language[16];
};
corsym_status corsym_ppdb_document(const struct corsym_ppdb *pdb, uint32_t rid,
                                   struct corsym_ppdb_document *out);

/* Append the decoded UTF-8 name of a document (or of a name blob) to out.
 * The bytes are the parts joined as stored (no UTF-8 validation). */
corsym_status corsym_ppdb_document_name(const struct corsym_ppdb *pdb, uint32_t rid,
                                        struct corsym_buf *out);
corsym_status corsym_ppdb_decode_document_name(const struct corsym_ppdb *pdb,
                                               struct corsym_span name_blob, struct corsym_buf *out);
/* Longest document name we build; longer names are UNSUPPORTED. */
#define CORSYM_PPDB_MAX_NAME (1u << 17)

struct corsym_ppdb_method_debug {
    uint32_t document;                 /* Document rid, 0 if none/several */
    struct corsym_span sequence_points; /* empty if the method has none */
    bool has_sequence_points;          /* blob index != 0 */
};
/* method_rid is the MethodDef rid (the MDI table is indexed by it). */
corsym_status corsym_ppdb_method_debug(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                       struct corsym_ppdb_method_debug *out);

struct corsym_ppdb_local_scope {
    uint32_t method;       /* MethodDef rid */
    uint32_t import_scope; /* ImportScope rid or 0 */
    uint32_t variables_first, variables_end; /* LocalVariable rids [first, end) */
    uint32_t constants_first, constants_end; /* LocalConstant rids [first, end) */
    uint32_t start_offset;
    uint32_t length;
};
corsym_status corsym_ppdb_local_scope(const struct corsym_ppdb *pdb, uint32_t rid,
                                      struct corsym_ppdb_local_scope *out);

struct corsym_ppdb_local_variable {
    uint16_t attributes; /* 1 = DebuggerHidden */
    uint16_t index;      /* IL slot */
    struct corsym_span name;
};
corsym_status corsym_ppdb_local_variable(const struct corsym_ppdb *pdb, uint32_t rid,
                                         struct corsym_ppdb_local_variable *out);

struct corsym_ppdb_local_constant {
    struct corsym_span name;
    struct corsym_span signature; /* decode with corsym_ppdb_constant_decode */
};
corsym_status corsym_ppdb_local_constant(const struct corsym_ppdb *pdb, uint32_t rid,
                                         struct corsym_ppdb_local_constant *out);

struct corsym_ppdb_import_scope {
    uint32_t parent; /* ImportScope rid or 0 */
    struct corsym_span imports; /* decode with corsym_ppdb_imports_begin */
};
corsym_status corsym_ppdb_import_scope(const struct corsym_ppdb *pdb, uint32_t rid,
                                       struct corsym_ppdb_import_scope *out);

struct corsym_ppdb_state_machine_method {
    uint32_t move_next; /* MethodDef rid */
    uint32_t kickoff;   /* MethodDef rid */
};
corsym_status corsym_ppdb_state_machine_method(const struct corsym_ppdb *pdb, uint32_t rid,
                                               struct corsym_ppdb_state_machine_method *out);

struct corsym_ppdb_cdi {
    unsigned parent_table; /* CORSYM_TBL_* */
    uint32_t parent_rid;
    uint8_t kind[16];
    struct corsym_span value;
};
corsym_status corsym_ppdb_cdi(const struct corsym_ppdb *pdb, uint32_t rid, struct corsym_ppdb_cdi *out);

/* ---- lookups --------------------------------------------------------- */

/* LocalScope rows of a method: [*first, *end). NOT_FOUND when none.
 * Relies on the table being sorted by method (a spec requirement). */
corsym_status corsym_ppdb_method_scopes(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                        uint32_t *first, uint32_t *end);

/* Kickoff method of a MoveNext method (StateMachineMethod, binary search). */
corsym_status corsym_ppdb_kickoff_method(const struct corsym_ppdb *pdb, uint32_t move_next_rid,
                                         uint32_t *kickoff_rid);

/* CustomDebugInformation rows of one parent: [*first, *end); NOT_FOUND if
 * none. The table is sorted by the Parent coded index. */
corsym_status corsym_ppdb_cdi_range(const struct corsym_ppdb *pdb, unsigned parent_table,
                                    uint32_t parent_rid, uint32_t *first, uint32_t *end);

/* Value of the first CDI row of that parent and kind; NOT_FOUND if none. */
corsym_status corsym_ppdb_cdi_find(const struct corsym_ppdb *pdb, unsigned parent_table,
                                   uint32_t parent_rid, const uint8_t kind[16],
                                   struct corsym_span *value);

/* First document whose name equals name exactly (byte compare, so
 * case-sensitive); NOT_FOUND if none. Linear in the number of documents;
 * the COM layer builds its own map for case-insensitive lookups. */
corsym_status corsym_ppdb_find_document(const struct corsym_ppdb *pdb, const char *name,
                                        size_t name_len, uint32_t *rid);

/*
 * Scope tree of one method: the method's LocalScope rows nested by
 * containment (rows are sorted by start ascending, length descending, so a
 * scope's parent is the nearest earlier scope that contains it). Built
 * without recursion; owned by the caller.
 */
struct corsym_ppdb_scope_node {
    uint32_t rid;
    uint32_t parent;       /* index into nodes, CORSYM_PPDB_NO_NODE for top level */
    uint32_t first_child;  /* index or CORSYM_PPDB_NO_NODE */
    uint32_t next_sibling; /* index or CORSYM_PPDB_NO_NODE */
};
#define CORSYM_PPDB_NO_NODE UINT32_MAX

struct corsym_ppdb_scope_tree {
    struct corsym_ppdb_scope_node *nodes; /* in table order; nodes[0] is the first scope */
    uint32_t count;
    /* Most methods have a few scopes: their nodes live here, so the tree must be used
     * where it was built (not copied) and released with corsym_ppdb_scope_tree_free. */
    struct corsym_ppdb_scope_node inline_nodes[8];
};
/* NOT_FOUND (and an empty tree) when the method has no scopes. */
corsym_status corsym_ppdb_scope_tree_build(const struct corsym_ppdb *pdb, uint32_t method_rid,
                                           struct corsym_ppdb_scope_tree *out);
void corsym_ppdb_scope_tree_free(struct corsym_ppdb_scope_tree *tree);

/*
 * Document -> methods index: for every document, the MethodDef rids whose
 * sequence points mention it (ascending, no duplicates). Building it decodes
 * every sequence-point blob once; do it lazily, once.
 */
struct corsym_ppdb_doc_index;
corsym_status corsym_ppdb_doc_index_build(const struct corsym_ppdb *pdb,
                                          struct corsym_ppdb_doc_index **out);
/* Methods of a document rid; count 0 if none or rid out of range. */
void corsym_ppdb_doc_index_methods(const struct corsym_ppdb_doc_index *idx, uint32_t document_rid,
                                   const uint32_t **methods, size_t *count);
void corsym_ppdb_doc_index_free(struct corsym_ppdb_doc_index *idx);

/* ---- imports (needs the #Blob heap, hence the reader) ---------------- */

enum corsym_ppdb_import_kind {
    CORSYM_IMPORT_NAMESPACE = 1,             /* ns */
    CORSYM_IMPORT_ASSEMBLY_NAMESPACE = 2,    /* assembly ns */
    CORSYM_IMPORT_TYPE = 3,                  /* type */
    CORSYM_IMPORT_XML_NAMESPACE = 4,         /* alias(prefix) ns */
    CORSYM_IMPORT_ASSEMBLY_REF_ALIAS = 5,    /* alias */
    CORSYM_IMPORT_ALIAS_ASSEMBLY = 6,        /* alias assembly */
    CORSYM_IMPORT_ALIAS_NAMESPACE = 7,       /* alias ns */
    CORSYM_IMPORT_ALIAS_ASSEMBLY_NAMESPACE = 8, /* alias assembly ns */
    CORSYM_IMPORT_ALIAS_TYPE = 9             /* alias type */
};

struct corsym_ppdb_import {
    uint32_t kind;
    bool has_alias, has_assembly, has_namespace, has_type;
    struct corsym_span alias;      /* UTF-8 */
    uint32_t assembly_ref;         /* AssemblyRef rid */
    struct corsym_span target_namespace; /* UTF-8 */
    uint32_t target_type;          /* TypeDef/TypeRef/TypeSpec token */
};

struct corsym_ppdb_imports_iter {
    const struct corsym_ppdb *pdb;
    struct corsym_cursor cur;
};
void corsym_ppdb_imports_begin(struct corsym_ppdb_imports_iter *it, const struct corsym_ppdb *pdb,
                               struct corsym_span imports_blob);
/* OK with *out filled, NOT_FOUND at the end, CORRUPT on a bad record. */
corsym_status corsym_ppdb_imports_next(struct corsym_ppdb_imports_iter *it,
                                       struct corsym_ppdb_import *out);

#endif
