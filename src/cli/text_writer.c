/* SPDX-License-Identifier: MIT */
/*
 * The compact text view: one line per element, "name key=value ...", nesting by indent.
 * Lists (files, methods, sequencePoints) are not lines of their own, and a sequence point
 * reads "IL_0004 12:9-12:30 doc=1" as in the diagnostics of Microsoft's tools.
 */
#include <string.h>

#include "writer.h"

static void indent(FILE *f, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
}

/* Quoted only when a bare word would be ambiguous. */
static void word(FILE *f, const char *s)
{
    bool plain = *s != 0;
    for (const char *p = s; *p && plain; p++)
        plain = (unsigned char)*p > ' ' && *p != '"' && *p != '\\' && *p != '=';
    if (plain) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c < 0x20)
            fprintf(f, "\\x%02x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *attr(const struct cli_node *n, const char *key, char buf[24])
{
    const struct cli_attr *a = cli_node_find(n, key);
    return a ? cli_attr_text(a, buf) : "?";
}

static bool sequence_point(FILE *f, const struct cli_node *n)
{
    const struct cli_attr *offset = cli_node_find(n, "offset");
    if (strcmp(n->name, "entry") != 0 || !offset)
        return false;
    char b1[24], b2[24], b3[24], b4[24];
    fprintf(f, "IL_%04X ", (unsigned)offset->num);
    if (cli_node_find(n, "hidden"))
        fputs("hidden", f);
    else
        fprintf(f, "%s:%s-%s:%s", attr(n, "startLine", b1), attr(n, "startColumn", b2),
                attr(n, "endLine", b3), attr(n, "endColumn", b4));
    const struct cli_attr *doc = cli_node_find(n, "document");
    if (doc)
        fprintf(f, " doc=%s", cli_attr_text(doc, b1));
    fputc('\n', f);
    return true;
}

static void line(FILE *f, const struct cli_node *n, int depth)
{
    indent(f, depth);
    if (sequence_point(f, n))
        return;
    fputs(n->name, f);
    for (size_t i = 0; i < n->attr_count; i++) {
        char buf[24];
        fprintf(f, " %s=", n->attrs[i].key);
        word(f, cli_attr_text(&n->attrs[i], buf));
    }
    fputc('\n', f);
    if (n->text) {
        const char *p = n->text, *end = n->text + n->text_len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (len && p[len - 1] == '\r')
                len--;
            indent(f, depth + 1);
            fprintf(f, "| %.*s\n", (int)len, p);
            p = nl ? nl + 1 : end;
        }
    }
}

static void subtree(FILE *f, const struct cli_node *n, int depth)
{
    if (!n->list) {
        line(f, n, depth);
        depth++;
    }
    for (size_t i = 0; i < n->kid_count; i++)
        subtree(f, n->kids[i], depth);
}

/* The root and the streamed lists print nothing of their own. */
static void text_begin(struct cli_writer *w, const struct cli_node *n)
{
    if (n->attr_count)
        line(w->f, n, 0);
    w->depth++;
}

static void text_child(struct cli_writer *w, const struct cli_node *n)
{
    subtree(w->f, n, 0);
}

static void text_end(struct cli_writer *w, const struct cli_node *n)
{
    (void)n;
    w->depth--;
}

const struct cli_writer_ops cli_text_ops = { text_begin, text_child, text_end };
