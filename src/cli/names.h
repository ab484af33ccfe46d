/* SPDX-License-Identifier: MIT */
/* Type and method names from a module's metadata, spelled as PdbToXml spells them. */
#ifndef CORSYM_CLI_NAMES_H
#define CORSYM_CLI_NAMES_H

#include <stdbool.h>
#include <stdint.h>

#include "portable/ecma335.h"
#include "tree.h"

/* "Ns.Outer+Inner" for a TypeDef row; malloc'd; NULL if the row is bad. */
char *cli_type_def_full_name(const struct corsym_md *md, uint32_t rid);
/* "Ns.Name" of a TypeDef or TypeRef token (no nesting, as PdbToXml's signature view). */
char *cli_type_token_name(const struct corsym_md *md, uint32_t token);

/*
 * PdbToXml's method attributes: containingType/name (reference: declaringType/methodName)
 * and parameterNames from md when given, then token when include_token or when there is no
 * metadata to name the method by.
 */
void cli_method_attrs(struct cli_node *n, const struct corsym_md *md, uint32_t token,
                      bool reference, bool include_token);

#endif
