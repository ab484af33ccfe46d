/*
 * Windows PDB (MSF 7.00) reader for managed code: pure C, no COM.
 * Format facts: research/windows-pdb.md (section numbers below refer to it).
 *
 * Usage
 *   struct corsym_winpdb *pdb;
 *   corsym_winpdb_open(&pdb, bytes, len);          bytes must outlive pdb (no copy)
 *   corsym_winpdb_info(pdb)->guid ...              identity, features, named streams
 *
 *   struct corsym_winpdb_index *idx;               token -> method record, built once
 *   corsym_winpdb_index_build(pdb, &idx);
 *   struct corsym_winpdb_method *m;
 *   corsym_winpdb_method_load(pdb, idx, 0x06000001, &m);
 *   ... m->points, m->scopes, m->locals, m->constants, m->md2, m->async ...
 *   corsym_winpdb_method_free(m);
 *
 *   struct corsym_winpdb_documents *docs;          documents, built once
 *   corsym_winpdb_documents_build(pdb, &docs);
 *
 * Opening reads the MSF superblock and directory, the PDB info stream (with
 * its named-stream map and feature codes), the /names header and the DBI
 * header with its module list and optional debug header. The module list is
 * one record per module stream, so it is no larger than the part of the
 * directory that lists those streams. Module streams, /src/headerblock,
 * /src/files/<name>, the symbol-record stream and the PSI are read on demand.
 *
 * A reader is immutable after open: any number of threads may use it at
 * once. Everything derived (the method index, the document table, a loaded
 * module, a method) is built by a function that returns an owned object;
 * callers that share one publish it once under their own lock.
 *
 * Conventions
 *   - CORSYM_NOT_FOUND means "absent": no such stream, method, document.
 *   - Spans point into the caller's bytes, into /names, or into an owned
 *     object they came from (a module, a method, the document table); they
 *     live as long as that owner.
 *   - GUIDs are 16 bytes as stored (Windows layout, Data1..3 little endian).
 *   - Names are UTF-8 as stored, not validated; OEM names are UTF-16LE.
 *
 * Record layouts live in the sub-headers: CodeView records and numeric
 * leaves (winpdb_cv.h), C13 lines and file checksums (winpdb_c13.h), MD2 and
 * asyncMethodInfo (winpdb_md2.h), the hash functions (winpdb_hash.h).
 */
#ifndef CORSYM_WINPDB_WINPDB_H
#define CORSYM_WINPDB_WINPDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/cursor.h"
#include "base/status.h"
#include "msf/msf.h"
#include "winpdb/winpdb_c13.h"
#include "winpdb/winpdb_cv.h"
#include "winpdb/winpdb_hash.h"
#include "winpdb/winpdb_md2.h"

struct corsym_winpdb;

/* Fixed stream numbers (§1.4). */
#define CORSYM_WINPDB_STREAM_INFO 1u
#define CORSYM_WINPDB_STREAM_TPI 2u
#define CORSYM_WINPDB_STREAM_DBI 3u
#define CORSYM_WINPDB_STREAM_IPI 4u
/* A u16 stream index meaning "none". */
#define CORSYM_WINPDB_NO_STREAM 0xFFFFu

/* ---- open / close ---------------------------------------------------- */

/*
 *   OK        *out is a new reader
 *   CORRUPT   not MSF 7.00, or the info stream / DBI header / module list /
 *             /names header is malformed
 *   UNSUPPORTED  an info-stream version we do not know (not VC70 or later)
 *   NOMEM
 */
corsym_status corsym_winpdb_open(struct corsym_winpdb **out, const uint8_t *data, size_t len);
void corsym_winpdb_close(struct corsym_winpdb *pdb);

const struct corsym_msf *corsym_winpdb_msf(const struct corsym_winpdb *pdb);

/* ---- identity (§2.1, §6.1, §13) --------------------------------------- */

struct corsym_winpdb_info {
    uint32_t version;   /* 20000404 (VC70) */
    uint32_t signature; /* the "timestamp" */
    uint32_t age;       /* PDB info stream age */
    uint8_t guid[16];
    bool has_dbi;
    uint32_t dbi_age;   /* DBI header age: the one that matches the image's RSDS
                         * age when the two differ (pdbstr bumps only the other) */
    /* File offsets of the signature and GUID (for the PDB checksum, which
     * hashes the file with them zeroed); they depend on stream 1's blocks. */
    size_t signature_file_offset;
    size_t guid_file_offset;
};
const struct corsym_winpdb_info *corsym_winpdb_info(const struct corsym_winpdb *pdb);

/* Feature codes after the named-stream map (§2.3). */
#define CORSYM_WINPDB_FEATURE_VC110 20091201u
#define CORSYM_WINPDB_FEATURE_VC140 20140508u
#define CORSYM_WINPDB_FEATURE_NO_TYPE_MERGE 0x4D544F4Eu
#define CORSYM_WINPDB_FEATURE_MINIMAL_DEBUG_INFO 0x494E494Du
uint32_t corsym_winpdb_feature_count(const struct corsym_winpdb *pdb);
uint32_t corsym_winpdb_feature(const struct corsym_winpdb *pdb, uint32_t i);
bool corsym_winpdb_has_feature(const struct corsym_winpdb *pdb, uint32_t code);

/* ---- named streams (§2.2, §2.4) --------------------------------------- */

/* Look a name up the way Microsoft does: (u16)HashV1 % capacity, linear
 * probing, exact byte comparison. NOT_FOUND if absent or if the stream
 * index it names is beyond the directory. */
corsym_status corsym_winpdb_named_stream(const struct corsym_winpdb *pdb, const char *name,
                                         size_t name_len, uint32_t *stream);
/* Enumerate in storage (bucket) order; NOT_FOUND when i >= count. */
uint32_t corsym_winpdb_named_stream_count(const struct corsym_winpdb *pdb);
corsym_status corsym_winpdb_named_stream_at(const struct corsym_winpdb *pdb, uint32_t i,
                                            struct corsym_span *name, uint32_t *stream);
/* The whole named stream (NOT_FOUND if absent); release the bytes. */
corsym_status corsym_winpdb_named_stream_load(const struct corsym_winpdb *pdb, const char *name,
                                              struct corsym_msf_bytes *out);
/* Source Link JSON ("sourcelink") and source server text ("srcsrv") (§11).
 * Like dnlib, a name that differs only in ASCII case is accepted when the
 * exact one is absent. */
corsym_status corsym_winpdb_source_link(const struct corsym_winpdb *pdb,
                                        struct corsym_msf_bytes *out);
corsym_status corsym_winpdb_source_server(const struct corsym_winpdb *pdb,
                                          struct corsym_msf_bytes *out);

/* ---- /names (§4) ------------------------------------------------------ */

/* The string at byte offset ni (without its NUL). NOT_FOUND if the PDB has
 * no /names; CORRUPT if ni is outside it or the string is unterminated. */
corsym_status corsym_winpdb_string(const struct corsym_winpdb *pdb, uint32_t ni,
                                   struct corsym_span *out);
/* Microsoft's lookup: hash (v1 or v2 per the table's version) % buckets,
 * linear probing. NOT_FOUND if absent. */
corsym_status corsym_winpdb_string_find(const struct corsym_winpdb *pdb, const char *s,
                                        size_t len, uint32_t *ni);
/* Header facts of /names for dumps and tests. */
struct corsym_winpdb_names_info {
    bool present;
    uint32_t version;       /* 1: HashV1, 2: HashV2 */
    uint32_t string_bytes;
    uint32_t bucket_count;
    uint32_t name_count;    /* as stored */
};
const struct corsym_winpdb_names_info *corsym_winpdb_names_info(const struct corsym_winpdb *pdb);

/* ---- DBI (§6) --------------------------------------------------------- */

struct corsym_winpdb_dbi_header {
    int32_t version_signature;
    uint32_t version;
    uint32_t age;
    uint16_t global_stream, build_number, public_stream, pdb_dll_version, symrec_stream,
        pdb_dll_rbld;
    int32_t modinfo_size, section_contrib_size, section_map_size, file_info_size,
        type_server_map_size;
    uint32_t mfc_type_server_index;
    int32_t debug_header_size, ec_size;
    uint16_t flags, machine; /* 0xC0EE: managed */
};
/* NULL when stream 3 is absent or nil (a PDB without modules). */
const struct corsym_winpdb_dbi_header *corsym_winpdb_dbi(const struct corsym_winpdb *pdb);

struct corsym_winpdb_section_contrib {
    uint16_t section;
    int32_t offset;
    int32_t size;
    uint32_t characteristics;
    uint16_t module;
    uint32_t data_crc, reloc_crc;
};

struct corsym_winpdb_module_info {
    struct corsym_span name;        /* the declaring type's full name (§6.2) */
    struct corsym_span object_name;
    struct corsym_winpdb_section_contrib contrib;
    uint16_t flags;
    uint16_t stream;                /* CORSYM_WINPDB_NO_STREAM if none */
    uint32_t symbol_bytes;          /* including the 4-byte signature */
    uint32_t c11_bytes, c13_bytes;
    uint16_t file_count;
    uint32_t source_file_ni, pdb_file_ni;
};
uint32_t corsym_winpdb_module_count(const struct corsym_winpdb *pdb);
/* NULL when i >= count. */
const struct corsym_winpdb_module_info *corsym_winpdb_module_info(const struct corsym_winpdb *pdb,
                                                                  uint32_t i);

/* Section contributions (§6.3): count, then entry i. */
uint32_t corsym_winpdb_section_contrib_count(const struct corsym_winpdb *pdb);
corsym_status corsym_winpdb_section_contrib_at(const struct corsym_winpdb *pdb, uint32_t i,
                                               struct corsym_winpdb_section_contrib *out);

/* Optional debug header slots (§6.7). */
enum corsym_winpdb_debug_slot {
    CORSYM_WINPDB_DBG_FPO = 0,
    CORSYM_WINPDB_DBG_EXCEPTION = 1,
    CORSYM_WINPDB_DBG_FIXUP = 2,
    CORSYM_WINPDB_DBG_OMAP_TO_SRC = 3,
    CORSYM_WINPDB_DBG_OMAP_FROM_SRC = 4,
    CORSYM_WINPDB_DBG_SECTION_HEADER = 5,
    CORSYM_WINPDB_DBG_TOKEN_RID_MAP = 6,
    CORSYM_WINPDB_DBG_XDATA = 7,
    CORSYM_WINPDB_DBG_PDATA = 8,
    CORSYM_WINPDB_DBG_NEW_FPO = 9,
    CORSYM_WINPDB_DBG_SECTION_HEADER_ORIG = 10,
    CORSYM_WINPDB_DBG_SLOT_COUNT = 11
};
/* Stream of a slot, CORSYM_WINPDB_NO_STREAM when absent. */
uint16_t corsym_winpdb_debug_stream(const struct corsym_winpdb *pdb, unsigned slot);

/* Token-RID map (§12): u32 per old RID, indexed by the RID itself (dnlib's
 * reading). NOT_FOUND when the PDB has none; release the bytes. */
corsym_status corsym_winpdb_token_map_load(const struct corsym_winpdb *pdb,
                                           struct corsym_msf_bytes *out);
/* Map a token through a loaded map: the table byte is kept, the RID
 * replaced. CORRUPT when the RID is beyond the map. */
corsym_status corsym_winpdb_token_map_apply(struct corsym_span map, uint32_t token,
                                            uint32_t *out);

/* ---- module streams (§7.1) ------------------------------------------- */

struct corsym_winpdb_module {
    uint32_t index;
    struct corsym_msf_bytes bytes;  /* the module stream */
    struct corsym_span symbols;     /* [0, symbol_bytes): signature + records;
                                     * record offsets are offsets in here */
    struct corsym_span c11, c13, global_refs;
};
/*
 *   OK         *out loaded (release it)
 *   NOT_FOUND  index out of range, or the module has no stream
 *   CORRUPT    sizes in the module record exceed the stream
 *   UNSUPPORTED  symbols that are not C13 (signature != 4)
 */
corsym_status corsym_winpdb_module_load(const struct corsym_winpdb *pdb, uint32_t index,
                                        struct corsym_winpdb_module *out);
void corsym_winpdb_module_release(struct corsym_winpdb_module *m);

/* Iterate the module's records from the first one. */
corsym_status corsym_winpdb_module_records(const struct corsym_winpdb_module *m,
                                           struct corsym_cv_iter *it);

/* ---- entry point, compiler info (§8, §6.2) ---------------------------- */

/* The user entry point token (S_PUB32 "COM+_Entry_Point"), found the way
 * Microsoft finds publics: HashV1 % 4096 bucket of the PSI's hash table,
 * then the symbol-record stream. The token-RID map is applied. NOT_FOUND
 * if none. */
corsym_status corsym_winpdb_entry_point(const struct corsym_winpdb *pdb, uint32_t *token);

/* S_COMPILE3 of the "* CompilerInfo *" module; the version span points into
 * *holder, which the caller releases. NOT_FOUND if none. */
corsym_status corsym_winpdb_compiler_info(const struct corsym_winpdb *pdb,
                                          struct corsym_cv_compile3 *out,
                                          struct corsym_winpdb_module *holder);

/* ---- injected sources: /src/headerblock and /src/files/<name> (§9) --------- */

struct corsym_winpdb_src_header {
    uint32_t size, version, crc, source_size;
    uint32_t file_ni;    /* original-case URL */
    uint32_t object_ni;
    uint32_t virtual_ni; /* canonical (lower-case) name; the map key */
    uint8_t compression; /* 101 (0x65) for managed: "DotNet" */
    uint8_t flags;
};
struct corsym_winpdb_src_headers; /* owned: the loaded /src/headerblock */
/* NOT_FOUND when the PDB has no /src/headerblock. */
corsym_status corsym_winpdb_src_headers_load(const struct corsym_winpdb *pdb,
                                             struct corsym_winpdb_src_headers **out);
void corsym_winpdb_src_headers_free(struct corsym_winpdb_src_headers *h);
uint32_t corsym_winpdb_src_headers_count(const struct corsym_winpdb_src_headers *h);
corsym_status corsym_winpdb_src_header_at(const struct corsym_winpdb_src_headers *h, uint32_t i,
                                          struct corsym_winpdb_src_header *out);
/* By canonical-name NI, the way MS finds it: (u16)ni % capacity, probing. */
corsym_status corsym_winpdb_src_header_find(const struct corsym_winpdb_src_headers *h,
                                            uint32_t virtual_ni,
                                            struct corsym_winpdb_src_header *out);

/* A /src/files/<name> record. */
struct corsym_winpdb_src_file {
    uint8_t language[16];
    uint8_t language_vendor[16];
    uint8_t document_type[16];
    uint8_t checksum_algorithm[16]; /* zero: no checksum */
    struct corsym_span checksum;
    struct corsym_span source;      /* embedded source blob, empty if none */
};
corsym_status corsym_winpdb_src_file_parse(struct corsym_span stream,
                                           struct corsym_winpdb_src_file *out);
/* Embedded source blob: i32 uncompressed size (0: raw bytes follow), then
 * raw or deflated text. Appends the text to out. */
corsym_status corsym_winpdb_embedded_source_decode(struct corsym_span blob, struct corsym_buf *out);

/* ---- documents -------------------------------------------------------- */

struct corsym_winpdb_document {
    uint32_t name_ni;          /* /names offset of the URL */
    struct corsym_span name;   /* UTF-8 URL, original case */
    bool has_source_info;      /* a /src/files stream was found for it */
    uint32_t files_stream;     /* that stream, or CORSYM_WINPDB_NO_STREAM */
    uint8_t language[16];
    uint8_t language_vendor[16];
    uint8_t document_type[16];
    uint8_t checksum_algorithm[16];
    struct corsym_span checksum;
    struct corsym_span embedded_source; /* blob as stored, empty if none */
    uint8_t c13_checksum_kind;          /* from FILECHKSMS (0 in managed PDBs) */
    struct corsym_span c13_checksum;
};
struct corsym_winpdb_documents;
/* Every document named by any module's FILECHKSMS, in first-seen order
 * (module order, then entry order), one per distinct /names offset, joined
 * with its /src/files record: by the canonical name MS derives (ASCII
 * lower case, '/' -> '\'), then by the header whose original-case NI
 * matches. Loads every module's C13 part once. */
corsym_status corsym_winpdb_documents_build(const struct corsym_winpdb *pdb,
                                            struct corsym_winpdb_documents **out);
void corsym_winpdb_documents_free(struct corsym_winpdb_documents *docs);
uint32_t corsym_winpdb_documents_count(const struct corsym_winpdb_documents *docs);
const struct corsym_winpdb_document *corsym_winpdb_document_at(
    const struct corsym_winpdb_documents *docs, uint32_t i);
/* Index of the document with that /names offset; NOT_FOUND if none. */
corsym_status corsym_winpdb_documents_find(const struct corsym_winpdb_documents *docs,
                                           uint32_t name_ni, uint32_t *index);

/* ---- method index ----------------------------------------------------- */

struct corsym_winpdb_method_ref {
    uint32_t token;         /* after the token-RID map */
    uint32_t stored_token;  /* as in the S_GMANPROC record */
    uint32_t module;
    uint32_t record_offset; /* of the S_GMANPROC in the module stream */
};
struct corsym_winpdb_index;
/* Walk every module's symbols once and sort the procedures by token. When
 * a token occurs twice the first in module order wins. Modules whose
 * symbols are not C13 are skipped. */
corsym_status corsym_winpdb_index_build(const struct corsym_winpdb *pdb,
                                        struct corsym_winpdb_index **out);
void corsym_winpdb_index_free(struct corsym_winpdb_index *idx);
uint32_t corsym_winpdb_index_count(const struct corsym_winpdb_index *idx);
/* Entry i in token order. */
corsym_status corsym_winpdb_index_at(const struct corsym_winpdb_index *idx, uint32_t i,
                                     struct corsym_winpdb_method_ref *out);
/* Binary search; NOT_FOUND if the PDB has no record for the token. */
corsym_status corsym_winpdb_index_find(const struct corsym_winpdb_index *idx, uint32_t token,
                                       struct corsym_winpdb_method_ref *out);

/* ---- one method ------------------------------------------------------- */

#define CORSYM_WINPDB_NONE UINT32_MAX

struct corsym_winpdb_sequence_point {
    uint32_t il_offset;
    uint32_t document_ni;   /* /names offset; map with corsym_winpdb_documents_find */
    uint32_t start_line, end_line; /* CORSYM_C13_HIDDEN_LINE for hidden points */
    uint16_t start_column, end_column;
    bool hidden;
    bool is_statement;
};

/* Scopes in record (pre-)order. scopes[0] is the procedure itself: offset
 * 0, end = IL size; Roslyn's own outermost S_BLOCK32 is its child. */
struct corsym_winpdb_scope {
    uint32_t record_offset;
    uint32_t start_offset, end_offset; /* IL, method-relative: off - proc.off,
                                        * start + length (VB's inclusive ends are
                                        * left as stored) */
    uint32_t parent;                   /* index, CORSYM_WINPDB_NONE for the root */
    uint32_t first_child, next_sibling;
    uint32_t locals_first, locals_count;
    uint32_t constants_first, constants_count;
    uint32_t namespaces_first, namespaces_count;
};
struct corsym_winpdb_local {
    uint32_t scope;
    uint32_t slot;
    uint32_t signature_token;
    uint16_t flags; /* CORSYM_CV_LVAR_COMPGEN: compiler generated */
    struct corsym_span name;
};
struct corsym_winpdb_constant {
    uint32_t scope;
    uint32_t signature_token;
    struct corsym_cv_numeric value;
    struct corsym_span name;
};
struct corsym_winpdb_namespace {
    uint32_t scope;
    struct corsym_span name; /* import string as stored ("USystem", ...) */
};
/* A managed S_OEM record of the method ("MD2", "asyncMethodInfo", ...). */
struct corsym_winpdb_oem {
    struct corsym_span name_utf16;
    struct corsym_span data;
};

struct corsym_winpdb_method {
    uint32_t token;                /* after the token-RID map */
    uint32_t module;
    struct corsym_cv_manproc proc;
    struct corsym_winpdb_sequence_point *points; /* in stored order */
    uint32_t point_count;
    struct corsym_winpdb_scope *scopes;
    uint32_t scope_count;
    struct corsym_winpdb_local *locals;          /* grouped by scope, stored order within */
    uint32_t local_count;
    struct corsym_winpdb_constant *constants;
    uint32_t constant_count;
    struct corsym_winpdb_namespace *namespaces;
    uint32_t namespace_count;
    struct corsym_winpdb_oem *oems;
    uint32_t oem_count;
    bool has_md2;
    struct corsym_span md2;        /* raw blob (the S_OEM payload) */
    struct corsym_md2_info md2_info; /* decoded when has_md2 && md2_status == OK */
    corsym_status md2_status;      /* a bad MD2 blob does not fail the method */
    bool has_async;
    struct corsym_async_info async;
    struct corsym_async_step *async_steps;
    uint32_t skipped_records;      /* non-managed records inside the procedure */
    struct corsym_winpdb_module holder; /* the module the spans point into: a view of the
                                         * PDB's copy, valid while the PDB is open */
};

/*
 *   OK         *out is a new method (free it)
 *   NOT_FOUND  no procedure for the token
 *   CORRUPT    the procedure's records, nesting or line table are malformed
 */
corsym_status corsym_winpdb_method_load(const struct corsym_winpdb *pdb,
                                        const struct corsym_winpdb_index *idx, uint32_t token,
                                        struct corsym_winpdb_method **out);
/* Same, from an index entry (skips the lookup). */
corsym_status corsym_winpdb_method_load_ref(const struct corsym_winpdb *pdb,
                                            const struct corsym_winpdb_method_ref *ref,
                                            struct corsym_winpdb_method **out);
void corsym_winpdb_method_free(struct corsym_winpdb_method *m);

/* The method's S_OEM payload by (ASCII) name; NOT_FOUND if none. */
corsym_status corsym_winpdb_method_oem(const struct corsym_winpdb_method *m, const char *name,
                                       struct corsym_span *data);

/* Maximum scope nesting accepted inside one procedure. */
#define CORSYM_WINPDB_MAX_DEPTH 4096u

#endif
