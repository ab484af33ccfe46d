/* SPDX-License-Identifier: MIT */
/*
 * XML the way PdbToXml's XmlWriter lays it out (two-space indent, " />" for empty
 * elements, attributes in the order given), with "\n" line ends instead of "\r\n" so the
 * output diffs cleanly against Roslyn's inline expectations once those are normalised.
 */
#include "writer.h"

static void indent(FILE *f, int depth)
{
    for (int i = 0; i < depth; i++)
        fputs("  ", f);
}

/* XmlWriter's attribute escaping; other control characters cannot appear in XML 1.0 at
 * all, so they are written as character references rather than dropped. */
static void escape_attr(FILE *f, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\n': fputs("&#xA;", f); break;
        case '\r': fputs("&#xD;", f); break;
        case '\t': fputs("&#x9;", f); break;
        default:
            if (c < 0x20)
                fprintf(f, "&#x%X;", c);
            else
                fputc(c, f);
        }
    }
}

static void cdata(FILE *f, const char *s, size_t len)
{
    fputs("<![CDATA[", f);
    for (size_t i = 0; i < len; i++) {
        /* "]]>" cannot appear inside a section: end it between "]]" and ">". */
        if (s[i] == ']' && i + 2 < len && s[i + 1] == ']' && s[i + 2] == '>') {
            fputs("]]]]><![CDATA[>", f);
            i += 2;
            continue;
        }
        fputc(s[i], f);
    }
    fputs("]]>", f);
}

static void start_tag(FILE *f, const struct cli_node *n)
{
    fprintf(f, "<%s", n->name);
    for (size_t i = 0; i < n->attr_count; i++) {
        char buf[24];
        fprintf(f, " %s=\"", n->attrs[i].key);
        escape_attr(f, cli_attr_text(&n->attrs[i], buf));
        fputc('"', f);
    }
}

static void subtree(FILE *f, const struct cli_node *n, int depth)
{
    indent(f, depth);
    start_tag(f, n);
    if (n->text) {
        fputc('>', f);
        cdata(f, n->text, n->text_len);
        fprintf(f, "</%s>\n", n->name);
    } else if (n->kid_count == 0) {
        fputs(" />\n", f);
    } else {
        fputs(">\n", f);
        for (size_t i = 0; i < n->kid_count; i++)
            subtree(f, n->kids[i], depth + 1);
        indent(f, depth);
        fprintf(f, "</%s>\n", n->name);
    }
}

static void close_pending(struct cli_writer *w)
{
    if (w->pending) {
        fputs(">\n", w->f);
        w->pending = false;
    }
}

static void xml_begin(struct cli_writer *w, const struct cli_node *n)
{
    if (w->depth == 0)
        fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n", w->f);
    close_pending(w);
    indent(w->f, w->depth);
    start_tag(w->f, n);
    w->pending = true;
    w->depth++;
}

static void xml_child(struct cli_writer *w, const struct cli_node *n)
{
    close_pending(w);
    subtree(w->f, n, w->depth);
}

static void xml_end(struct cli_writer *w, const struct cli_node *n)
{
    w->depth--;
    if (w->pending) {
        fputs(" />\n", w->f);
        w->pending = false;
        return;
    }
    indent(w->f, w->depth);
    fprintf(w->f, "</%s>\n", n->name);
}

const struct cli_writer_ops cli_xml_ops = { xml_begin, xml_child, xml_end };
