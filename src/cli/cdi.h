/* SPDX-License-Identifier: MIT */
/*
 * PdbToXml's <customDebugInfo>: per method, the records of a Windows PDB's "MD2" attribute
 * (GetSymAttribute) or the CustomDebugInformation rows of a Portable PDB (read from the bytes
 * GetPortableDebugMetadata hands out, as PdbToXml does); per module, a Portable PDB's
 * compilation options, metadata references and default namespace.
 */
#ifndef CORSYM_CLI_CDI_H
#define CORSYM_CLI_CDI_H

#include "cli.h"
#include "portable/ecma335.h"
#include "tree.h"

/* NULL when the method has no MD2 attribute. md names forwarded-to methods (may be NULL). */
struct cli_node *cli_cdi_windows(ISymUnmanagedReader *reader, uint32_t token,
                                 const struct corsym_md *md, bool tokens);
/* NULL when the method has none of the kinds PdbToXml shows for a method. */
struct cli_node *cli_cdi_portable(const struct corsym_md *pdb, uint32_t token);
/* What convert wrote of a method's imports, for its C# using groups: either how many of the
 * reader's namespace strings the writer took (namespaces; -1 when unknown: no using groups),
 * or, when groups is not NULL, the strings convert made itself (imports.h): their groups, and
 * the method holding the module's extern aliases (ForwardModuleInfo; 0 for none). */
struct cli_md2_usings {
    int namespaces;
    const uint16_t *groups;
    size_t group_count;
    uint32_t forward_module;
};
/* The method's Portable custom debug information a Windows PDB keeps in MD2, encoded as that
 * attribute, for convert (cdi_md2.c); module (may be NULL) names a kick-off method's state
 * machine; usings (may be NULL: none) says what of its imports the writer took. NULL when
 * there is none. */
uint8_t *cli_cdi_portable_md2(const struct corsym_md *pdb, const struct corsym_md *module,
                              uint32_t token, const struct cli_md2_usings *usings, size_t *size);

/* A Portable PDB's CustomDebugInformation rows [*first, *end) of one parent (the table is
 * sorted by parent); false when there are none. */
bool cli_cdi_rows(const struct corsym_md *pdb, unsigned table, uint32_t rid, uint32_t *first,
                  uint32_t *end);
/* One row's kind GUID and value. */
bool cli_cdi_row(const struct corsym_md *pdb, uint32_t row, uint8_t guid[16],
                 struct corsym_span *value);
/* NULL when the module (row 1) has no CustomDebugInformation rows. */
struct cli_node *cli_cdi_module(const struct corsym_md *pdb);

#endif
