/* SPDX-License-Identifier: MIT */
/* A scope's import strings (ISymUnmanagedNamespace names of Windows PDBs) decoded into
 * PdbToXml's elements: namespace, alias, type, extern, externinfo, xmlnamespace, ... */
#ifndef CORSYM_CLI_NAMESPACES_H
#define CORSYM_CLI_NAMESPACES_H

#include "cli.h"
#include "portable/ecma335.h"
#include "tree.h"

/* tokens: an <importsforward> names its method by token too (--tokens), as PdbToXml does. */
void cli_namespace_node(struct cli_node *parent, ISymUnmanagedNamespace *ns,
                        const struct corsym_md *md, bool tokens);
/* The decoding itself, for an import string in UTF-8. */
void cli_import_node(struct cli_node *parent, const char *import, const struct corsym_md *md,
                     bool tokens);

#endif
