/* SPDX-License-Identifier: MIT */
/*
 * Finding the symbols for what the user named: a PDB (with its module beside it, when one
 * matches, for names), a PE (its PDB beside it or embedded, as a debugger finds it), or a
 * PE and a PDB given together.
 */
#ifndef CORSYM_CLI_SOURCE_H
#define CORSYM_CLI_SOURCE_H

#include "cli.h"
#include "image.h"
#include "library.h"

enum cli_pdb_format { CLI_PDB_PORTABLE, CLI_PDB_WINDOWS };

struct cli_source {
    ISymUnmanagedReader *reader;
    enum cli_pdb_format format;
    bool embedded;           /* read from the PE's embedded Portable PDB */
    char *pdb_path;          /* the PDB file, NULL when embedded */
    char *pe_path;           /* the module, NULL when none was found */
    struct cli_image image;  /* loaded when pe_path is set */
    const struct corsym_md *md; /* the module's metadata, or NULL */
};

/* False when there are no symbols to read; the reason is printed when report is set, and
 * *hr (if not NULL) says what the library answered (0 when it was not asked). */
bool cli_source_open(struct cli_source *s, struct cli_library *lib, const char *file,
                     const char *pdb, bool report, HRESULT *hr);
void cli_source_close(struct cli_source *s);

/* The Portable PDB bytes behind the reader (GetPortableDebugMetadata), or false. */
bool cli_source_portable_bytes(const struct cli_source *s, const uint8_t **data, size_t *size);

#endif
