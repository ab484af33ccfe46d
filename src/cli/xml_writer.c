/* SPDX-License-Identifier: MIT */
/*
 * XML the way PdbToXml's XmlWriter lays it out (two-space indent, " />" for empty
 * elements, attributes in the order given) and with its line ends: PdbToXml sets
 * NewLineChars = "\r\n" with the default NewLineHandling.Replace, so every line ends in
 * CRLF, and so does every line break inside CDATA and text (a lone CR or LF included),
 * while breaks inside attribute values become character references. The file then matches
 * Pdb2Xml's byte for byte but for the UTF-8 BOM its StreamWriter puts first, which a tool
 * writing to stdout leaves out, and the CRLF after the last element, which XmlWriter omits
 * and a command-line tool should not.
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

#define EOL "\r\n"

/* CR, LF or CRLF at s[*i]: written as CRLF, *i left on its last byte. */
static bool line_break(FILE *f, const char *s, size_t len, size_t *i)
{
    if (s[*i] != '\r' && s[*i] != '\n')
        return false;
    if (s[*i] == '\r' && *i + 1 < len && s[*i + 1] == '\n')
        ++*i;
    fputs(EOL, f);
    return true;
}

static void plain_text(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (line_break(f, s, len, &i))
            continue;
        switch (s[i]) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        default: fputc(s[i], f);
        }
    }
}

static void cdata(FILE *f, const char *s, size_t len)
{
    fputs("<![CDATA[", f);
    for (size_t i = 0; i < len; i++) {
        if (line_break(f, s, len, &i))
            continue;
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
        if (n->plain)
            plain_text(f, n->text, n->text_len);
        else
            cdata(f, n->text, n->text_len);
        fprintf(f, "</%s>" EOL, n->name);
    } else if (n->kid_count == 0) {
        fputs(" />" EOL, f);
    } else {
        fputs(">" EOL, f);
        for (size_t i = 0; i < n->kid_count; i++)
            subtree(f, n->kids[i], depth + 1);
        indent(f, depth);
        fprintf(f, "</%s>" EOL, n->name);
    }
}

static void close_pending(struct cli_writer *w)
{
    if (w->pending) {
        fputs(">" EOL, w->f);
        w->pending = false;
    }
}

static void xml_begin(struct cli_writer *w, const struct cli_node *n)
{
    if (w->depth == 0)
        fputs("<?xml version=\"1.0\" encoding=\"utf-8\"?>" EOL, w->f);
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
        fputs(" />" EOL, w->f);
        w->pending = false;
        return;
    }
    indent(w->f, w->depth);
    fprintf(w->f, "</%s>" EOL, n->name);
}

const struct cli_writer_ops cli_xml_ops = { xml_begin, xml_child, xml_end };
