/* SPDX-License-Identifier: MIT */
/*
 * The encodings are the compilers' (C#: "U" using, "A" alias, "T" type, "E"/"X"/"Z" extern
 * aliases; VB: "@F:" file and "@P:" project imports, "*" default namespace, ...), as read
 * by Roslyn's CustomDebugInfoReader; PdbToXml picks the C# reading when the first letter
 * is one of C#'s and the VB reading otherwise, and so does this file.
 */
#include "namespaces.h"

#include <stdlib.h>
#include <string.h>

#include "names.h"

/* Split s at the first sep at or after its start: before and after are malloc'd. */
static bool split(const char *s, char sep, char **before, char **after)
{
    const char *p = strchr(s, sep);
    if (!p)
        return false;
    *before = cli_xstrndup(s, (size_t)(p - s));
    *after = cli_xstrndup(p + 1, strlen(p + 1));
    return true;
}

static char *copy(const char *s)
{
    return cli_xstrndup(s, strlen(s));
}

enum kind { NAMESPACE, TYPE, ASSEMBLY, CURRENT, DEFAULT, XML, NAMESPACE_OR_TYPE, METHOD, DEFUNCT };
enum level { UNSPECIFIED, FILE_LEVEL, PROJECT_LEVEL };

struct import {
    enum kind kind;
    enum level level;
    char *alias, *extern_alias, *target;
};

static bool parse_csharp(const char *s, struct import *im)
{
    char *rest = NULL;
    switch (s[0]) {
    case 'U':
        im->kind = NAMESPACE;
        im->target = copy(s + 1);
        return true;
    case 'E':
        im->kind = NAMESPACE;
        return split(s + 1, ' ', &im->target, &im->extern_alias);
    case 'T':
        im->kind = TYPE;
        im->target = copy(s + 1);
        return true;
    case 'A':
        if (!split(s + 1, ' ', &im->alias, &rest))
            return false;
        im->kind = rest[0] == 'T' ? TYPE : NAMESPACE;
        if (rest[0] == 'U' || rest[0] == 'T') {
            im->target = copy(rest + 1);
        } else if (rest[0] != 'E' || !split(rest + 1, ' ', &im->target, &im->extern_alias)) {
            free(rest);
            return false;
        }
        free(rest);
        return true;
    case 'X':
        im->kind = ASSEMBLY;
        im->alias = copy(s + 1);
        return true;
    case 'Z':
        im->kind = ASSEMBLY;
        return split(s + 1, ' ', &im->alias, &im->target);
    }
    return false;
}

static bool parse_vb(const char *s, struct import *im)
{
    switch (s[0]) {
    case 0:
        im->kind = CURRENT;
        im->target = copy(s);
        return true;
    case '&': /* embedded interop types, no longer written */
    case '$':
    case '#':
        im->kind = DEFUNCT;
        im->target = copy(s);
        return true;
    case '*':
        im->kind = DEFAULT;
        im->target = copy(s + 1);
        return true;
    case '@':
        break;
    default:
        im->kind = CURRENT;
        im->target = copy(s);
        return true;
    }
    const char *p = s + 1;
    if (*p == 'F' || *p == 'P')
        im->level = *p++ == 'F' ? FILE_LEVEL : PROJECT_LEVEL;
    if (!*p)
        return false;
    switch (*p) {
    case 'A':
    case 'X':
        im->kind = *p == 'A' ? NAMESPACE_OR_TYPE : XML;
        return p[1] == ':' && split(p + 2, '=', &im->alias, &im->target);
    case 'T':
        im->kind = TYPE;
        if (p[1] != ':')
            return false;
        im->target = copy(p + 2);
        return true;
    case ':':
        im->kind = NAMESPACE;
        im->target = copy(p + 1);
        return true;
    }
    im->kind = METHOD;
    im->target = copy(p);
    return true;
}

static void level_attr(struct cli_node *n, enum level level)
{
    if (level != UNSPECIFIED)
        cli_attr_str(n, "importlevel", level == FILE_LEVEL ? "file" : "project");
}

void cli_import_node(struct cli_node *parent, const char *s, const struct corsym_md *md,
                     bool tokens)
{
    struct import im;
    memset(&im, 0, sizeof(im));
    bool csharp = s[0] && strchr("UAXZET", s[0]);
    /* PdbToXml picks the C# syntax by the first letter alone, so a VB current namespace such
     * as "AVbTest" fails to parse; PdbToXml then throws (InvalidOperationException, which it
     * does not catch) and writes nothing. A dump tool shows it with PdbToXml's own element
     * for an import it cannot read. */
    if (!(csharp ? parse_csharp(s, &im) : parse_vb(s, &im))) {
        cli_attr_str(cli_node_add(parent, "invalid-custom-data"), "raw", s);
        goto done;
    }
    struct cli_node *n;
    switch (im.kind) {
    case CURRENT:
        cli_attr_str(cli_node_add(parent, "currentnamespace"), "name", im.target);
        break;
    case DEFAULT:
        cli_attr_str(cli_node_add(parent, "defaultnamespace"), "name", im.target);
        break;
    case METHOD:
        /* A decimal method token whose imports this method shares. */
        n = cli_node_add(parent, "importsforward");
        cli_method_attrs(n, md, (uint32_t)strtoul(im.target, NULL, 10), true, tokens);
        break;
    case XML:
        n = cli_node_add(parent, "xmlnamespace");
        cli_attr_str(n, "prefix", im.alias);
        cli_attr_str(n, "name", im.target);
        level_attr(n, im.level);
        break;
    case NAMESPACE_OR_TYPE:
        n = cli_node_add(parent, "alias");
        cli_attr_str(n, "name", im.alias);
        cli_attr_str(n, "target", im.target);
        cli_attr_str(n, "kind", "namespace");
        level_attr(n, im.level);
        break;
    case NAMESPACE:
    case TYPE:
        if (im.alias) {
            n = cli_node_add(parent, "alias");
            cli_attr_str(n, "name", im.alias);
            if (im.extern_alias)
                cli_attr_str(n, "qualifier", im.extern_alias);
            cli_attr_str(n, "target", im.target);
            cli_attr_str(n, "kind", im.kind == TYPE ? "type" : "namespace");
        } else {
            n = cli_node_add(parent, im.kind == TYPE ? "type" : "namespace");
            if (im.extern_alias)
                cli_attr_str(n, "qualifier", im.extern_alias);
            cli_attr_str(n, "name", im.target);
            level_attr(n, im.level);
        }
        break;
    case ASSEMBLY:
        if (!im.target) {
            cli_attr_str(cli_node_add(parent, "extern"), "alias", im.alias);
        } else {
            n = cli_node_add(parent, "externinfo");
            cli_attr_str(n, "alias", im.alias);
            cli_attr_str(n, "assembly", im.target);
        }
        break;
    case DEFUNCT:
        cli_attr_str(cli_node_add(parent, "defunct"), "name", s);
        break;
    }
done:
    free(im.alias);
    free(im.extern_alias);
    free(im.target);
}

void cli_namespace_node(struct cli_node *parent, ISymUnmanagedNamespace *ns,
                        const struct corsym_md *md, bool tokens)
{
    ULONG32 n = 0;
    WCHAR *buf = NULL;
    if (SUCCEEDED(ISymUnmanagedNamespace_GetName(ns, 0, &n, NULL)) && n) {
        buf = cli_xmalloc((n + 1) * sizeof(WCHAR));
        if (FAILED(ISymUnmanagedNamespace_GetName(ns, n, &n, buf)))
            n = 0;
    }
    size_t len = 0;
    while (buf && len < n && buf[len])
        len++;
    static const WCHAR empty[1];
    char *name = cli_narrow(buf ? buf : empty, len);
    cli_import_node(parent, name, md, tokens);
    free(name);
    free(buf);
}
