/*
 * Text dump of a PE image's headers and debug directory in the oracle's
 * format (tests/oracle "--pe"). The embedded Portable PDB, if any, is
 * inflated and opened to print its id.
 */
#ifndef CORSYM_PE_PE_DUMP_H
#define CORSYM_PE_PE_DUMP_H

#include "base/buf.h"
#include "pe/pe.h"

corsym_status corsym_pe_dump(const struct corsym_pe *pe, struct corsym_buf *out);

/* Inflate the first EmbeddedPortablePdb entry into a new malloc'd buffer
 * (*pdb, *len; free() it). NOT_FOUND when the image has none. */
corsym_status corsym_pe_embedded_pdb_extract(const struct corsym_pe *pe, uint8_t **pdb, size_t *len);

#endif
