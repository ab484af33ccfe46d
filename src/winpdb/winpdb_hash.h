/*
 * The three hash functions of the PDB container (research/windows-pdb.md
 * §1.5). Readers need them to look names up where Microsoft placed them;
 * writers need them to place names where Microsoft looks.
 */
#ifndef CORSYM_WINPDB_WINPDB_HASH_H
#define CORSYM_WINPDB_WINPDB_HASH_H

#include <stddef.h>
#include <stdint.h>

/* "LHashPbCb": named-stream map (truncated to u16), /names v1, GSI/PSI.
 * `mod` 0xFFFFFFFF is what MS passes for "no modulus" (and is applied
 * literally, as MS does). mod must not be 0. */
uint32_t corsym_winpdb_hash_v1(const uint8_t *p, size_t n, uint32_t mod);

/* "LHashPbCbV2": /names tables whose version field is 2. */
uint32_t corsym_winpdb_hash_v2(const uint8_t *p, size_t n, uint32_t mod);

/* "SigForPbCb": CRC-32 (reflected 0xEDB88320) seeded with `sig`, no final
 * inversion; /src/headerblock checksums and module object names use 0. */
uint32_t corsym_winpdb_crc32(const uint8_t *p, size_t n, uint32_t sig);

#endif
