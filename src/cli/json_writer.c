/* SPDX-License-Identifier: MIT */
/*
 * JSON: an element is an object of its attributes plus one array per kind of child, in
 * the order the kinds first appear; a list element (files, methods, sequencePoints) is
 * just the array. Offsets and tokens stay "0x..." strings, as in the XML, so the two
 * formats can be compared value by value; plain counts and lines are numbers.
 */
#include <string.h>

#include "writer.h"

static void indent(FILE *f, int depth)
{
    fputc('\n', f);
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
}

static void string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

static void value(FILE *f, const struct cli_attr *a)
{
    char buf[24];
    switch (a->kind) {
    case CLI_ATTR_DEC:
    case CLI_ATTR_BOOL:
        fputs(cli_attr_text(a, buf), f);
        break;
    default: {
        const char *s = cli_attr_text(a, buf);
        string(f, s, strlen(s));
    }
    }
}

static void object(FILE *f, const struct cli_node *n, int depth);

static void array(FILE *f, const struct cli_node *n, const char *kind, int depth)
{
    fputc('[', f);
    bool any = false;
    for (size_t i = 0; i < n->kid_count; i++) {
        if (kind && strcmp(n->kids[i]->name, kind) != 0)
            continue;
        fputs(any ? "," : "", f);
        indent(f, depth + 1);
        object(f, n->kids[i], depth + 1);
        any = true;
    }
    if (any)
        indent(f, depth);
    fputc(']', f);
}

/* Body of an object: attributes, source text, then (with_kids) the children grouped by kind. */
static bool members(FILE *f, const struct cli_node *n, int depth, bool any, bool with_kids)
{
    for (size_t i = 0; i < n->attr_count; i++) {
        fputs(any ? "," : "", f);
        indent(f, depth + 1);
        string(f, n->attrs[i].key, strlen(n->attrs[i].key));
        fputs(": ", f);
        value(f, &n->attrs[i]);
        any = true;
    }
    if (n->text) {
        fputs(any ? "," : "", f);
        indent(f, depth + 1);
        /* a file's embedded source, else the element's text (Source Link, srcsvr, a number) */
        fputs(strcmp(n->name, "file") == 0 ? "\"source\": " : "\"text\": ", f);
        string(f, n->text, n->text_len);
        any = true;
    }
    for (size_t i = 0; with_kids && i < n->kid_count; i++) {
        const struct cli_node *k = n->kids[i];
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(n->kids[j]->name, k->name) == 0;
        if (seen)
            continue;
        fputs(any ? "," : "", f);
        indent(f, depth + 1);
        string(f, k->name, strlen(k->name));
        fputs(": ", f);
        if (k->list)
            array(f, k, NULL, depth + 1);
        else
            array(f, n, k->name, depth + 1);
        any = true;
    }
    return any;
}

static void object(FILE *f, const struct cli_node *n, int depth)
{
    fputc('{', f);
    if (members(f, n, depth, false, true))
        indent(f, depth);
    fputc('}', f);
}

/* Streamed elements: the root is an object, the lists under it arrays. */
static void json_begin(struct cli_writer *w, const struct cli_node *n)
{
    int d = w->depth;
    if (d == 0) {
        fputc('{', w->f);
        w->has_items[0] = members(w->f, n, 0, false, false);
    } else {
        fputs(w->has_items[d - 1] ? "," : "", w->f);
        indent(w->f, d);
        string(w->f, n->name, strlen(n->name));
        fputs(": [", w->f);
        w->has_items[d - 1] = true;
        w->has_items[d] = false;
    }
    w->depth++;
}

static void json_child(struct cli_writer *w, const struct cli_node *n)
{
    int d = w->depth - 1;
    fputs(w->has_items[d] ? "," : "", w->f);
    indent(w->f, d + 1);
    if (d == 0) { /* a member of the root object */
        string(w->f, n->name, strlen(n->name));
        fputs(": ", w->f);
        if (n->list)
            array(w->f, n, NULL, 1);
        else
            object(w->f, n, 1);
    } else {
        object(w->f, n, d + 1);
    }
    w->has_items[d] = true;
}

static void json_end(struct cli_writer *w, const struct cli_node *n)
{
    (void)n;
    int d = --w->depth;
    if (d == 0) {
        fputs(w->has_items[0] ? "\n}\n" : "}\n", w->f);
    } else {
        if (w->has_items[d])
            indent(w->f, d);
        fputc(']', w->f);
    }
}

const struct cli_writer_ops cli_json_ops = { json_begin, json_child, json_end };
