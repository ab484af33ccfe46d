/*
 * PE/COFF images (PE32 and PE32+) as far as a symbol reader needs them:
 * headers, sections, RVA -> file offset, data directories, the debug
 * directory (CodeView, Reproducible, EmbeddedPortablePdb, PdbChecksum) and
 * the CLI header with its metadata (then read with src/portable/ecma335.h).
 *
 * struct corsym_pe is a plain value over the caller's bytes (no allocation,
 * no copy); the bytes must outlive it. Opening validates the headers only.
 * The image is read as a file on disk (not a mapped/loaded image).
 */
#ifndef CORSYM_PE_PE_H
#define CORSYM_PE_PE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/cursor.h"
#include "base/status.h"
#include "portable/ecma335.h"

struct corsym_pe {
    struct corsym_span image;
    uint16_t machine;
    uint16_t section_count;
    uint32_t timestamp;
    uint16_t characteristics;
    uint16_t magic; /* 0x10B PE32, 0x20B PE32+ */
    bool pe32plus;
    size_t sections_offset; /* file offset of the section table */
    uint32_t directory_count;
    size_t directories_offset; /* file offset of data directory 0 */
};

enum corsym_pe_directory {
    CORSYM_PE_DIR_EXPORT = 0,
    CORSYM_PE_DIR_IMPORT = 1,
    CORSYM_PE_DIR_RESOURCE = 2,
    CORSYM_PE_DIR_EXCEPTION = 3,
    CORSYM_PE_DIR_SECURITY = 4,
    CORSYM_PE_DIR_BASERELOC = 5,
    CORSYM_PE_DIR_DEBUG = 6,
    CORSYM_PE_DIR_CLI = 14
};

/* OK, or CORRUPT when the image is not a well-formed PE file. */
corsym_status corsym_pe_open(struct corsym_pe *pe, const uint8_t *data, size_t len);

struct corsym_pe_section {
    uint8_t name[8];
    uint32_t virtual_size;
    uint32_t virtual_address;
    uint32_t raw_size;
    uint32_t raw_pointer;
};
corsym_status corsym_pe_section(const struct corsym_pe *pe, unsigned index, struct corsym_pe_section *out);

/* The file bytes of [rva, rva + size), which must lie in one section's raw
 * data: OK, NOT_FOUND (rva in no section), CORRUPT (crosses its end). */
corsym_status corsym_pe_rva_span(const struct corsym_pe *pe, uint32_t rva, uint32_t size,
                                 struct corsym_span *out);

/* Data directory (rva, size); NOT_FOUND beyond NumberOfRvaAndSizes or
 * when the directory is empty (rva == 0). */
corsym_status corsym_pe_directory(const struct corsym_pe *pe, unsigned index, uint32_t *rva,
                                  uint32_t *size);

/* ---- debug directory --------------------------------------------------- */

enum corsym_pe_debug_type {
    CORSYM_PE_DEBUG_CODEVIEW = 2,
    CORSYM_PE_DEBUG_REPRODUCIBLE = 16,
    CORSYM_PE_DEBUG_EMBEDDED_PORTABLE_PDB = 17,
    CORSYM_PE_DEBUG_PDB_CHECKSUM = 19
};

#define CORSYM_PE_PORTABLE_CODEVIEW_MINOR 0x504D

struct corsym_pe_debug_entry {
    uint32_t characteristics;
    uint32_t timestamp;
    uint16_t major, minor;
    uint32_t type;
    uint32_t data_size;
    uint32_t data_rva;
    uint32_t data_pointer;
    struct corsym_span data; /* file bytes at data_pointer; empty if size 0 */
};

/* Number of entries (0 if the image has no debug directory). */
corsym_status corsym_pe_debug_count(const struct corsym_pe *pe, uint32_t *count);
corsym_status corsym_pe_debug_entry(const struct corsym_pe *pe, uint32_t index,
                                    struct corsym_pe_debug_entry *out);
/* First entry of a type; NOT_FOUND if none. */
corsym_status corsym_pe_debug_find(const struct corsym_pe *pe, uint32_t type,
                                   struct corsym_pe_debug_entry *out);

struct corsym_pe_codeview {
    uint8_t guid[16];
    uint32_t age;
    struct corsym_span path; /* UTF-8, without the NUL */
};
/* Parse RSDS data: CORRUPT if the signature or terminator is missing. */
corsym_status corsym_pe_codeview_parse(struct corsym_span data, struct corsym_pe_codeview *out);

/* True when a CodeView entry points at a Portable PDB (minor 0x504D). */
static inline bool corsym_pe_codeview_is_portable(const struct corsym_pe_debug_entry *e)
{
    return e->type == CORSYM_PE_DEBUG_CODEVIEW && e->minor == CORSYM_PE_PORTABLE_CODEVIEW_MINOR;
}

/* The 20-byte Portable PDB id a CodeView entry refers to (GUID || stamp). */
void corsym_pe_codeview_pdb_id(const struct corsym_pe_codeview *cv,
                               const struct corsym_pe_debug_entry *e, uint8_t out[20]);

/*
 * EmbeddedPortablePdb data: "MPDB", u32 uncompressed size, raw deflate.
 * parse checks the header and bounds the declared size by what deflate can
 * produce from the payload (CORRUPT otherwise); inflate fills exactly
 * out_len == *size bytes (MISMATCH if the stream disagrees).
 */
corsym_status corsym_pe_embedded_pdb_parse(struct corsym_span data, uint32_t *size,
                                           struct corsym_span *compressed);
corsym_status corsym_pe_embedded_pdb_inflate(struct corsym_span data, uint8_t *out, size_t out_len);

/* PdbChecksum data: NUL-terminated algorithm name ("SHA256") and the hash. */
struct corsym_pe_pdb_checksum {
    struct corsym_span algorithm;
    struct corsym_span hash;
};
corsym_status corsym_pe_pdb_checksum_parse(struct corsym_span data, struct corsym_pe_pdb_checksum *out);

/*
 * Verify a PdbChecksum against PDB bytes: the hash covers the whole file
 * with the 20 id bytes at id_offset zeroed (Portable PDB; for a Windows PDB
 * pass the offset of its signature and age region, see the PE-COFF spec).
 *   OK           matches
 *   MISMATCH     does not match
 *   UNSUPPORTED  unknown algorithm (SHA256, SHA384, SHA512 are known)
 *   CORRUPT      hash length wrong for the algorithm, id range out of file
 */
corsym_status corsym_pe_pdb_checksum_verify(const struct corsym_pe_pdb_checksum *sum,
                                            struct corsym_span pdb, size_t id_offset, size_t id_len);

/* ---- CLI header and metadata ----------------------------------------- */

struct corsym_pe_cli {
    uint16_t major_runtime, minor_runtime;
    uint32_t flags;
    uint32_t entry_point; /* token, or an RVA with COMIMAGE_FLAGS_NATIVE_ENTRYPOINT */
    struct corsym_span metadata;
};
/* NOT_FOUND for an image without a CLI header (native code). */
corsym_status corsym_pe_cli_header(const struct corsym_pe *pe, struct corsym_pe_cli *out);
/* corsym_pe_cli_header + corsym_md_open. */
corsym_status corsym_pe_metadata_open(const struct corsym_pe *pe, struct corsym_md *md);

#endif
