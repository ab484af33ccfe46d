/* SPDX-License-Identifier: MIT */
/* A constant's type signature spelled as PdbToXml's signature visualizer spells it:
 * "Int32", "System.Nullable`1{Int32}", "T[]", "!0", "modopt(X) Int32". */
#ifndef CORSYM_CLI_SIGNATURE_H
#define CORSYM_CLI_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "portable/ecma335.h"

/* malloc'd; md may be NULL (type tokens are then printed as tokens). "?" for a bad blob. */
char *cli_signature_text(const struct corsym_md *md, const uint8_t *sig, size_t len);

/* System.Reflection.Metadata's SignatureTypeCode name of an element type, or NULL. */
const char *cli_type_code_name(uint8_t code);

#endif
