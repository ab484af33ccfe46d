/* SPDX-License-Identifier: MIT */
/* A scope constant as PdbToXml writes it: value plus type, signature or runtime-type. */
#ifndef CORSYM_CLI_CONSTANT_H
#define CORSYM_CLI_CONSTANT_H

#include "cli.h"
#include "portable/ecma335.h"
#include "tree.h"

/* Adds name/value/type... attributes to n; md (for type names) may be NULL. */
void cli_constant_attrs(struct cli_node *n, ISymUnmanagedConstant *constant,
                        const struct corsym_md *md);

/* The UTF-16 text with PdbToXml's escaping of non-printable characters (\uXXXX). */
char *cli_escape_nonprintable(const WCHAR *text, size_t units);

#endif
