/* SPDX-License-Identifier: MIT */
/*
 * The dump as a small tree of elements with attributes, built once and rendered by the
 * XML, JSON and text writers, so the three formats cannot disagree about content.
 * Element and attribute names are static strings; values are copied.
 * Allocation failure ends the program (cli_oom): a dump tool has nothing better to do.
 */
#ifndef CORSYM_CLI_TREE_H
#define CORSYM_CLI_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cli_attr_kind {
    CLI_ATTR_STR,  /* UTF-8 text */
    CLI_ATTR_DEC,  /* signed decimal */
    CLI_ATTR_HEX,  /* 0x + lowercase hex: IL offsets and tokens, as PdbToXml prints them */
    CLI_ATTR_BOOL  /* "true" / "false" */
};

struct cli_attr {
    const char *key;
    enum cli_attr_kind kind;
    char *str;
    int64_t num;
};

struct cli_node {
    const char *name;
    bool list; /* holds only children of one kind: a JSON array, transparent in text */
    struct cli_attr *attrs;
    size_t attr_count, attr_cap;
    struct cli_node **kids;
    size_t kid_count, kid_cap;
    char *text; /* embedded source, Source Link, srcsvr: CDATA in XML */
    size_t text_len;
    bool plain; /* text is plain character data (<methodOrdinal>3</methodOrdinal>) */
};

void *cli_xmalloc(size_t n);
void *cli_xrealloc(void *p, size_t n);
char *cli_xstrndup(const char *s, size_t n);
void cli_oom(void);

struct cli_node *cli_node_new(const char *name);
struct cli_node *cli_node_list(const char *name);
struct cli_node *cli_node_add(struct cli_node *parent, const char *name);
void cli_node_append(struct cli_node *parent, struct cli_node *child);
void cli_node_free(struct cli_node *n);

void cli_attr_str(struct cli_node *n, const char *key, const char *value);
void cli_attr_strn(struct cli_node *n, const char *key, const char *value, size_t len);
void cli_attr_dec(struct cli_node *n, const char *key, int64_t value);
void cli_attr_hex(struct cli_node *n, const char *key, uint64_t value);
void cli_attr_bool(struct cli_node *n, const char *key, bool value);
void cli_node_text(struct cli_node *n, const char *text, size_t len);
void cli_node_plain(struct cli_node *n, const char *text);

/* The attribute value as XML and text show it, into buf (at least 24 bytes) for numbers;
 * strings are returned as they are. */
const char *cli_attr_text(const struct cli_attr *a, char buf[24]);
const struct cli_attr *cli_node_find(const struct cli_node *n, const char *key);

#endif
