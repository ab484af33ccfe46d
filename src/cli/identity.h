/* SPDX-License-Identifier: MIT */
/* A PDB's identity and the PdbChecksum check, for info and match. */
#ifndef CORSYM_CLI_IDENTITY_H
#define CORSYM_CLI_IDENTITY_H

#include "cli.h"
#include "image.h"

struct cli_pdb_id {
    uint8_t guid[16];
    uint32_t age, stamp;
    const uint8_t *bytes;   /* Portable: the PDB as the reader holds it */
    size_t size, id_offset; /* Portable: where the 20 id bytes are */
};

/*
 * A Portable PDB's id comes from the reader's GetPortableDebugMetadata. The COM API has no
 * call that returns a Windows PDB's GUID and age (only MatchesModule, which compares), so
 * for that one fact the PDB info stream is read with the format core from pdb_path.
 */
bool cli_pdb_identity(ISymUnmanagedReader *reader, const char *pdb_path, struct cli_pdb_id *id);

/* "ok", "mismatch", "unsupported algorithm" or "corrupt" for a PdbChecksum entry. */
const char *cli_verify_pdb_checksum(const struct corsym_pe_debug_entry *entry,
                                    const struct cli_pdb_id *id, char *algorithm, size_t cap);

#endif
