/*
 * Internals shared by the winpdb/ files. Nothing outside src/winpdb
 * includes this.
 */
#ifndef CORSYM_WINPDB_WINPDB_PRIVATE_H
#define CORSYM_WINPDB_WINPDB_PRIVATE_H

#include "winpdb/winpdb.h"
#include "winpdb/winpdb_hashmap.h"

struct corsym_winpdb {
    struct corsym_msf *msf;
    struct corsym_winpdb_info info;

    /* PDB info stream (stream 1), loaded at open. */
    struct corsym_msf_bytes info_bytes;
    struct corsym_span stream_names;         /* key strings of the named-stream map */
    struct corsym_winpdb_hashmap named;      /* key: offset in stream_names; value: u32 stream */
    struct corsym_span features;             /* u32 codes */

    /* /names, loaded at open when present. */
    struct corsym_msf_bytes names_bytes;
    struct corsym_winpdb_names_info names;
    struct corsym_span names_strings;
    struct corsym_span names_buckets;        /* bucket_count u32 */

    /* DBI (stream 3), loaded at open when present. */
    struct corsym_msf_bytes dbi_bytes;
    bool has_dbi;
    struct corsym_winpdb_dbi_header dbi;
    struct corsym_winpdb_module_info *modules;
    uint32_t module_count;
    struct corsym_span section_contribs;     /* entries only, after the version word */
    uint32_t section_contrib_size;           /* 28 (V60) or 32 (V2) */
    uint16_t debug_streams[CORSYM_WINPDB_DBG_SLOT_COUNT];
};

corsym_status corsym_winpdb_info_parse(struct corsym_winpdb *pdb);
corsym_status corsym_winpdb_names_parse(struct corsym_winpdb *pdb);
corsym_status corsym_winpdb_dbi_parse(struct corsym_winpdb *pdb);

/* Load a stream by a u16/u32 index from the file, NOT_FOUND for 0xFFFF or
 * an index past the directory. */
corsym_status corsym_winpdb_load_stream(const struct corsym_winpdb *pdb, uint32_t index,
                                        struct corsym_msf_bytes *out);

/* Decode one module record at the cursor (advances past its padding). */
corsym_status corsym_winpdb_modinfo_read(struct corsym_cursor *c,
                                         struct corsym_winpdb_module_info *out);

/* Sequence points of a procedure: the first DEBUG_S_LINES of its module
 * whose address is the procedure's, file ids resolved through the module's
 * FILECHKSMS. *out is malloc'ed (NULL when count is 0). */
corsym_status corsym_winpdb_method_points(const struct corsym_winpdb_module *mod,
                                          const struct corsym_cv_manproc *proc,
                                          struct corsym_winpdb_sequence_point **out,
                                          uint32_t *count);

#endif
