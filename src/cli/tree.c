/* SPDX-License-Identifier: MIT */
#include "tree.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_oom(void)
{
    fputs("corsym: out of memory\n", stderr);
    exit(1);
}

void *cli_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        cli_oom();
    return p;
}

void *cli_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        cli_oom();
    return q;
}

char *cli_xstrndup(const char *s, size_t n)
{
    char *p = cli_xmalloc(n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

struct cli_node *cli_node_new(const char *name)
{
    struct cli_node *n = cli_xmalloc(sizeof(*n));
    memset(n, 0, sizeof(*n));
    n->name = name;
    return n;
}

struct cli_node *cli_node_list(const char *name)
{
    struct cli_node *n = cli_node_new(name);
    n->list = true;
    return n;
}

void cli_node_append(struct cli_node *parent, struct cli_node *child)
{
    if (parent->kid_count == parent->kid_cap) {
        parent->kid_cap = parent->kid_cap ? parent->kid_cap * 2 : 4;
        parent->kids = cli_xrealloc(parent->kids, parent->kid_cap * sizeof(*parent->kids));
    }
    parent->kids[parent->kid_count++] = child;
}

struct cli_node *cli_node_add(struct cli_node *parent, const char *name)
{
    struct cli_node *child = cli_node_new(name);
    cli_node_append(parent, child);
    return child;
}

void cli_node_free(struct cli_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->attr_count; i++)
        free(n->attrs[i].str);
    for (size_t i = 0; i < n->kid_count; i++)
        cli_node_free(n->kids[i]);
    free(n->attrs);
    free(n->kids);
    free(n->text);
    free(n);
}

static struct cli_attr *new_attr(struct cli_node *n, const char *key, enum cli_attr_kind kind)
{
    if (n->attr_count == n->attr_cap) {
        n->attr_cap = n->attr_cap ? n->attr_cap * 2 : 8;
        n->attrs = cli_xrealloc(n->attrs, n->attr_cap * sizeof(*n->attrs));
    }
    struct cli_attr *a = &n->attrs[n->attr_count++];
    a->key = key;
    a->kind = kind;
    a->str = NULL;
    a->num = 0;
    return a;
}

void cli_attr_strn(struct cli_node *n, const char *key, const char *value, size_t len)
{
    new_attr(n, key, CLI_ATTR_STR)->str = cli_xstrndup(value, len);
}

void cli_attr_str(struct cli_node *n, const char *key, const char *value)
{
    cli_attr_strn(n, key, value, strlen(value));
}

void cli_attr_dec(struct cli_node *n, const char *key, int64_t value)
{
    new_attr(n, key, CLI_ATTR_DEC)->num = value;
}

void cli_attr_hex(struct cli_node *n, const char *key, uint64_t value)
{
    new_attr(n, key, CLI_ATTR_HEX)->num = (int64_t)value;
}

void cli_attr_bool(struct cli_node *n, const char *key, bool value)
{
    new_attr(n, key, CLI_ATTR_BOOL)->num = value;
}

void cli_node_text(struct cli_node *n, const char *text, size_t len)
{
    free(n->text);
    n->text = cli_xstrndup(text, len);
    n->text_len = len;
}

void cli_node_plain(struct cli_node *n, const char *text)
{
    cli_node_text(n, text, strlen(text));
    n->plain = true;
}

const char *cli_attr_text(const struct cli_attr *a, char buf[24])
{
    switch (a->kind) {
    case CLI_ATTR_STR:
        return a->str;
    case CLI_ATTR_DEC:
        snprintf(buf, 24, "%" PRId64, a->num);
        return buf;
    case CLI_ATTR_HEX:
        snprintf(buf, 24, "0x%" PRIx64, (uint64_t)a->num);
        return buf;
    case CLI_ATTR_BOOL:
        return a->num ? "true" : "false";
    }
    return "";
}

const struct cli_attr *cli_node_find(const struct cli_node *n, const char *key)
{
    for (size_t i = 0; i < n->attr_count; i++)
        if (strcmp(n->attrs[i].key, key) == 0)
            return &n->attrs[i];
    return NULL;
}
