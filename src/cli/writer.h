/* SPDX-License-Identifier: MIT */
/*
 * Renderers of the dump tree. The top element and the long lists under it (methods) are
 * streamed: begin() writes an element's start, child() a whole finished subtree, end() the
 * element's end, so a dump of a large PDB never holds more than one method in memory.
 */
#ifndef CORSYM_CLI_WRITER_H
#define CORSYM_CLI_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "tree.h"

#define CLI_WRITER_MAX_DEPTH 8

struct cli_writer;

struct cli_writer_ops {
    void (*begin)(struct cli_writer *w, const struct cli_node *n);
    void (*child)(struct cli_writer *w, const struct cli_node *n);
    void (*end)(struct cli_writer *w, const struct cli_node *n);
};

struct cli_writer {
    const struct cli_writer_ops *ops;
    FILE *f;
    int depth;                            /* streamed elements now open */
    bool pending;                         /* XML: the open start tag still lacks its '>' */
    bool has_items[CLI_WRITER_MAX_DEPTH]; /* JSON: a comma is due before the next item */
};

enum cli_format { CLI_FORMAT_XML, CLI_FORMAT_JSON, CLI_FORMAT_TEXT };

void cli_writer_init(struct cli_writer *w, enum cli_format format, FILE *f);

static inline void cli_write_begin(struct cli_writer *w, const struct cli_node *n)
{
    w->ops->begin(w, n);
}
static inline void cli_write_child(struct cli_writer *w, const struct cli_node *n)
{
    w->ops->child(w, n);
}
static inline void cli_write_end(struct cli_writer *w, const struct cli_node *n)
{
    w->ops->end(w, n);
}

extern const struct cli_writer_ops cli_xml_ops, cli_json_ops, cli_text_ops;

#endif
