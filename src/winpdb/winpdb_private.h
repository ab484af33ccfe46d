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
    /* Per module, built on first use (winpdb_module_cache.c). */
    struct corsym_winpdb_module_cache **module_cache;
};

/* ---- modules loaded once, with their line tables indexed (winpdb_module_cache.c) ---- */
struct corsym_winpdb_module_cache;
corsym_status corsym_winpdb_module_cache_init(struct corsym_winpdb *pdb);
void corsym_winpdb_module_cache_free(struct corsym_winpdb *pdb);
/* The module, loaded (NOT_FOUND, CORRUPT, UNSUPPORTED as corsym_winpdb_module_load). */
corsym_status corsym_winpdb_module_cached(const struct corsym_winpdb *pdb, uint32_t index,
                                          const struct corsym_winpdb_module_cache **out);
const struct corsym_winpdb_module *corsym_winpdb_cached_module(
    const struct corsym_winpdb_module_cache *c);
/* The first DEBUG_S_LINES at this address and the first FILECHKSMS, as a walk of the
 * module's subsections finds them (with its errors). */
corsym_status corsym_winpdb_cached_lines(const struct corsym_winpdb_module_cache *c,
                                         uint16_t segment, uint32_t offset,
                                         struct corsym_span *lines, bool *has_lines,
                                         struct corsym_span *files, bool *has_files);

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
corsym_status corsym_winpdb_method_points(const struct corsym_winpdb_module_cache *mod,
                                          const struct corsym_cv_manproc *proc,
                                          struct corsym_winpdb_sequence_point **out,
                                          uint32_t *count);

#endif
