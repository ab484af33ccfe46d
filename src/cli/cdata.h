/* SPDX-License-Identifier: MIT */
/* Bytes shown as text the way PdbToXml shows them (cdata.c). */
#ifndef CORSYM_CLI_CDATA_H
#define CORSYM_CLI_CDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tree.h"

/* UTF-8 with every invalid sequence replaced by U+FFFD, as .NET decodes it; malloc'd. */
char *cli_utf8_repair(const uint8_t *p, size_t n, size_t *out_len);
/* Whether XML 1.0 can carry every character of the (valid UTF-8) text. */
bool cli_xml_text_ok(const char *s, size_t n);
/* The node's text from raw bytes: the repaired text, or when XML cannot carry it an
 * encoding="base64" attribute and the bytes in base64. */
void cli_node_cdata(struct cli_node *n, const uint8_t *raw, size_t len);

#endif
