/* SPDX-License-Identifier: MIT */
/*
 * Native Windows PDBs with public symbols, as ISymNGenWriter(2) writes them for
 * ReadyToRun images (crossgen / ILCompiler PdbWriter.cs): one MSF 7.00 file with
 *   info stream     the image's RSDS GUID and age, the signature, /LinkInfo and /names
 *   TPI, IPI        empty type streams
 *   DBI             the image's machine; modules (OpenModW), section contributions
 *                   (ModAddSecContribEx, sorted by section and offset), the section map
 *                   (AddSection, in call order), module file lists (the file-checksum
 *                   names), and the image's section headers in the debug header
 *   module streams  C13: the records of DEBUG_S_SYMBOLS subsections, then every other
 *                   subsection as given, except DEBUG_S_STRINGTABLE, whose strings go to
 *                   /names (DEBUG_S_FILECHKSMS name offsets are rewritten to match)
 *   publics         S_PUB32 per AddSymbol in the symbol-record stream, in call order,
 *                   hashed in the PSI (so a name is found by HashV1 % 4096 as Microsoft
 *                   does) with the address map sorted by section, offset, name
 * The same input gives the same bytes.
 */
#ifndef CORSYM_WINPDB_WINPDB_EMIT_NATIVE_H
#define CORSYM_WINPDB_WINPDB_EMIT_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

/* CV_PUBSYMFLAGS: the public is a function. */
#define CORSYM_WINPDB_PUBLIC_FUNCTION 0x2u

struct corsym_winpdb_native_public {
    const char *name; /* UTF-8, without NUL */
    size_t name_len;
    uint16_t section;
    uint32_t offset;
    uint32_t flags;   /* CV_PUBSYMFLAGS */
};

/* One section-map entry (AddSection): frame = section. */
struct corsym_winpdb_native_section {
    uint16_t section;
    uint16_t flags;   /* OMF flags, e.g. 0x10D text, 0x208 the absolute sentinel */
    uint32_t offset;
    uint32_t length;
};

struct corsym_winpdb_native_contrib {
    uint32_t module;  /* index into modules */
    uint16_t section;
    uint32_t offset, size;
    uint32_t characteristics, data_crc, reloc_crc;
};

struct corsym_winpdb_native_module {
    const char *name; /* UTF-8, without NUL */
    size_t name_len;
    const char *object; /* UTF-8, without NUL */
    size_t object_len;
    /* C13 subsections as ModAddSymbols received them without their CV_SIGNATURE_C13:
     * {u32 kind, u32 size, size bytes, zeros to a 4-byte boundary}..., the last one's
     * padding optional. */
    const uint8_t *subsections;
    size_t subsections_len;
};

struct corsym_winpdb_native {
    uint8_t guid[16];
    uint32_t signature;
    uint32_t age;       /* 0 means 1 */
    uint16_t machine;   /* IMAGE_FILE_MACHINE_* of the image */
    /* The image's IMAGE_SECTION_HEADERs (40 bytes each), NULL/0 for none. */
    const uint8_t *section_headers;
    size_t section_headers_len;
    const struct corsym_winpdb_native_public *publics;
    uint32_t public_count;
    const struct corsym_winpdb_native_section *sections;
    uint32_t section_count;
    const struct corsym_winpdb_native_contrib *contribs;
    uint32_t contrib_count;
    const struct corsym_winpdb_native_module *modules;
    uint32_t module_count;
    uint32_t block_size; /* 0: choose */
};

/*
 * Appends the PDB to out (initialised by the caller).
 *   INVALID_ARG  a subsection or record that does not fit, a contribution naming no
 *                module, a name too long for its record, over 65535 modules or sections
 *   UNSUPPORTED  a limit of the container
 *   NOMEM
 */
corsym_status corsym_winpdb_emit_native(const struct corsym_winpdb_native *in,
                                        struct corsym_buf *out);

/* Checks the framing of C13 subsections in the form modules take (above): every
 * subsection inside the data, DEBUG_S_SYMBOLS tiled by records, DEBUG_S_FILECHKSMS by
 * entries. INVALID_ARG when not, so a writer can refuse the call that brought them. */
corsym_status corsym_winpdb_native_check_subsections(const uint8_t *data, size_t len);

#endif
