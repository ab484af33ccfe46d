/* SPDX-License-Identifier: MIT */
#include "imports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdi.h"
#include "portable/ppdb_cdi.h"
#include "portable/type_names.h"

enum { SCOPE_METHOD, SCOPE_IMPORTS };
enum { IMPORT_PARENT, IMPORT_IMPORTS };

/* ImportDefinitionKind (PortablePdb-Metadata.md, Imports Blob). */
enum {
    IMPORT_NAMESPACE = 1,
    IMPORT_ASSEMBLY_NAMESPACE,
    IMPORT_TYPE,
    IMPORT_XML_NAMESPACE,
    IMPORT_ASSEMBLY_REFERENCE_ALIAS,
    ALIAS_ASSEMBLY_REFERENCE,
    ALIAS_NAMESPACE,
    ALIAS_ASSEMBLY_NAMESPACE,
    ALIAS_TYPE,
};

struct import {
    uint32_t kind;
    struct corsym_span alias, target_namespace; /* UTF-8 blobs, empty when absent */
    uint32_t assembly;                          /* AssemblyRef rid */
    uint32_t type;                              /* TypeDef, TypeRef or TypeSpec token */
};

/* ---- a growable string ---- */

struct sb {
    char *s;
    size_t len, cap;
};

static void put(struct sb *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2 + 16;
        b->s = cli_xrealloc(b->s, b->cap);
    }
    if (n)
        memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void puts_(struct sb *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put_span(struct sb *b, struct corsym_span s)
{
    put(b, s.data, s.len);
}

/* ---- the imports blob ---- */

static bool next_import(const struct corsym_md *pdb, struct corsym_cursor *c, struct import *im)
{
    /* Fields after the kind: alias, assembly, namespace, type - those the kind has. */
    static const char *const fields[10] = { "", "n", "an", "t", "pn", "p", "pa", "pn", "pan", "pt" };
    memset(im, 0, sizeof(*im));
    if (corsym_cursor_at_end(c) || corsym_cursor_cuint(c, &im->kind) != CORSYM_OK || im->kind < 1 ||
        im->kind > 9)
        return false;
    for (const char *f = fields[im->kind]; *f; f++) {
        uint32_t v;
        struct corsym_span *text = *f == 'p' ? &im->alias : *f == 'n' ? &im->target_namespace : NULL;
        if (*f == 't') {
            if (corsym_md_read_type_def_or_ref(c, &im->type) != CORSYM_OK)
                return false;
            continue;
        }
        if (corsym_cursor_cuint(c, &v) != CORSYM_OK)
            return false;
        if (*f == 'a')
            im->assembly = v;
        else if (v && corsym_md_blob(pdb, v, text) != CORSYM_OK)
            return false;
    }
    return true;
}

static uint32_t get(const struct corsym_md *md, unsigned table, uint32_t rid, unsigned col)
{
    uint32_t v = 0;
    corsym_md_get(md, table, rid, col, &v);
    return v;
}

/* ---- names from the module's metadata (portable/type_names.h) ---- */

static bool assembly_display_name(const struct corsym_md *md, uint32_t rid, struct sb *b)
{
    struct corsym_md_view view;
    struct corsym_buf text = CORSYM_BUF_INIT;
    corsym_md_view_init(&view, md);
    bool ok = corsym_assembly_display_name(&view, rid, &text);
    if (ok)
        put(b, text.data, text.len);
    corsym_buf_free(&text);
    return ok;
}

/* A type import's target as a serialized type name (Pdb2Pdb's GetSerializedTypeName). */
static bool serialized_type_name(struct corsym_type_namer *namer, uint32_t token, struct sb *b)
{
    struct corsym_buf text = CORSYM_BUF_INIT;
    bool ok = corsym_type_namer_name(namer, token, &text);
    if (ok)
        put(b, text.data, text.len);
    corsym_buf_free(&text);
    return ok;
}

/* ---- strings ---- */

static void add(struct cli_imports *out, struct sb *b)
{
    if (out->count == out->cap) {
        out->cap = out->cap ? out->cap * 2 : 16;
        out->strings = cli_xrealloc(out->strings, out->cap * sizeof(*out->strings));
    }
    out->strings[out->count++] = b->s ? b->s : cli_xstrndup("", 0);
    b->s = NULL;
    b->len = b->cap = 0;
}

void cli_imports_free(struct cli_imports *imports)
{
    for (size_t i = 0; i < imports->count; i++)
        free(imports->strings[i]);
    free(imports->strings);
    free(imports->groups);
    memset(imports, 0, sizeof(*imports));
}

bool cli_imports_vb(const struct corsym_md *pdb)
{
    uint32_t first, end;
    if (!cli_cdi_rows(pdb, CORSYM_TBL_MODULE, 1, &first, &end))
        return false;
    for (uint32_t row = first; row < end; row++) {
        uint8_t guid[16];
        struct corsym_span value;
        if (cli_cdi_row(pdb, row, guid, &value) &&
            corsym_cdi_kind_from_guid(guid) == CORSYM_CDI_DEFAULT_NAMESPACE)
            return true;
    }
    return false;
}

static struct corsym_span default_namespace(const struct corsym_md *pdb)
{
    uint32_t first, end;
    struct corsym_span value = { NULL, 0 };
    if (cli_cdi_rows(pdb, CORSYM_TBL_MODULE, 1, &first, &end))
        for (uint32_t row = first; row < end; row++) {
            uint8_t guid[16];
            if (cli_cdi_row(pdb, row, guid, &value) &&
                corsym_cdi_kind_from_guid(guid) == CORSYM_CDI_DEFAULT_NAMESPACE)
                return value;
        }
    value.len = 0;
    return value;
}

/* The AliasAssemblyReference imports of import scope 1, where C# keeps the module's extern
 * aliases (Pdb2Pdb's GetAliasedAssemblyRefs). */
static size_t module_aliases(const struct corsym_md *pdb, struct import *out, size_t max)
{
    struct corsym_span blob;
    struct corsym_cursor c;
    struct import im;
    size_t n = 0;
    if (corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE) < 1 ||
        corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, 1, IMPORT_IMPORTS), &blob) != CORSYM_OK)
        return 0;
    corsym_cursor_from_span(&c, blob);
    while (n < max && next_import(pdb, &c, &im))
        if (im.kind == ALIAS_ASSEMBLY_REFERENCE)
            out[n++] = im;
    return n;
}

void cli_imports_module_aliases(const struct corsym_md *pdb, const struct corsym_md *module,
                                struct cli_imports *out)
{
    struct import aliases[256];
    memset(out, 0, sizeof(*out));
    if (!module || cli_imports_vb(pdb))
        return;
    size_t n = module_aliases(pdb, aliases, 256);
    for (size_t i = 0; i < n; i++) {
        struct sb b = { NULL, 0, 0 };
        puts_(&b, "Z");
        put_span(&b, aliases[i].alias);
        puts_(&b, " ");
        if (assembly_display_name(module, aliases[i].assembly, &b))
            add(out, &b);
        free(b.s);
    }
}

/* The namespace of the method's outermost declaring type (VB's current namespace); false
 * without the module or a declaring type. */
static bool method_namespace(const struct corsym_md *module, uint32_t rid, struct corsym_span *ns)
{
    uint32_t type, outer;
    struct corsym_span name;
    if (!module || corsym_md_method_declaring_type(module, rid, &type) != CORSYM_OK)
        return false;
    while (corsym_md_enclosing_type(module, type, &outer) == CORSYM_OK && outer != type)
        type = outer;
    return corsym_md_type_def_name(module, type, ns, &name) == CORSYM_OK;
}

bool cli_imports_method(const struct corsym_md *pdb, const struct corsym_md *module,
                        struct corsym_type_namer *namer, uint32_t token, uint8_t *counted,
                        bool for_portable, struct cli_imports *out)
{
    memset(out, 0, sizeof(*out));
    uint32_t method = token & 0xFFFFFF;
    uint32_t scopes = corsym_md_rows(pdb, CORSYM_TBL_LOCAL_SCOPE), first;
    uint32_t limit = corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    if (corsym_md_lower_bound(pdb, CORSYM_TBL_LOCAL_SCOPE, SCOPE_METHOD, method, 1, scopes + 1,
                              &first) != CORSYM_OK ||
        first > scopes || get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_METHOD) != method)
        return false;
    uint32_t scope = get(pdb, CORSYM_TBL_LOCAL_SCOPE, first, SCOPE_IMPORTS);
    if (!scope || scope > limit)
        return false;

    bool vb = cli_imports_vb(pdb);
    struct import aliased[256];
    size_t aliased_count = vb ? 0 : module_aliases(pdb, aliased, 256);

    /* The chain, innermost first, and the extern aliases its files declare. */
    uint32_t chain[64], depth = 0;
    for (uint32_t rid = scope; rid && rid <= limit && depth < 64; rid = get(pdb, CORSYM_TBL_IMPORT_SCOPE, rid, IMPORT_PARENT))
        chain[depth++] = rid;
    struct corsym_span declared[256];
    size_t declared_count = 0;
    for (uint32_t level = 0; level < depth; level++) {
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, chain[level], IMPORT_IMPORTS), &blob) != CORSYM_OK)
            continue;
        corsym_cursor_from_span(&c, blob);
        while (declared_count < 256 && next_import(pdb, &c, &im))
            if (im.kind == IMPORT_ASSEMBLY_REFERENCE_ALIAS)
                declared[declared_count++] = im.alias;
    }

    for (uint32_t level = 0; level < depth; level++) {
        bool project = level + 1 == depth;
        /* What has no string is counted once per import scope row. */
        bool count_losses = !counted || !counted[chain[level]];
        if (counted)
            counted[chain[level]] = 1;
        const char *prefix = project ? "@P" : "@F";
        struct sb b = { NULL, 0, 0 };
        if (project && vb) {
            puts_(&b, "*");
            put_span(&b, default_namespace(pdb));
            add(out, &b);
        }
        size_t counted = out->count;
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, chain[level], IMPORT_IMPORTS), &blob) != CORSYM_OK)
            blob.len = 0;
        corsym_cursor_from_span(&c, blob);
        while (next_import(pdb, &c, &im)) {
            switch (im.kind) {
            case IMPORT_TYPE:
            case ALIAS_TYPE:
                if (vb && !for_portable && im.type >> 24 == CORSYM_TBL_TYPE_SPEC) {
                    out->vb_generic += count_losses;
                    continue;
                }
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, im.kind == ALIAS_TYPE ? "A:" : "T:");
                }
                if (im.kind == ALIAS_TYPE) {
                    if (!vb)
                        puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, vb ? "=" : " T");
                } else if (!vb) {
                    puts_(&b, "T");
                }
                if (!namer || !serialized_type_name(namer, im.type, &b)) {
                    out->unnamed_types += count_losses;
                    free(b.s);
                    b.s = NULL;
                    b.len = b.cap = 0;
                    continue;
                }
                break;
            case IMPORT_NAMESPACE:
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, ":");
                } else {
                    puts_(&b, "U");
                }
                put_span(&b, im.target_namespace);
                break;
            case ALIAS_NAMESPACE:
                if (vb) {
                    puts_(&b, prefix);
                    puts_(&b, "A:");
                    put_span(&b, im.alias);
                    puts_(&b, "=");
                } else {
                    puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, " U");
                }
                put_span(&b, im.target_namespace);
                break;
            case IMPORT_XML_NAMESPACE:
                puts_(&b, prefix);
                puts_(&b, "X:");
                put_span(&b, im.alias);
                puts_(&b, "=");
                put_span(&b, im.target_namespace);
                break;
            case IMPORT_ASSEMBLY_REFERENCE_ALIAS:
                puts_(&b, "X");
                put_span(&b, im.alias);
                break;
            case IMPORT_ASSEMBLY_NAMESPACE:
            case ALIAS_ASSEMBLY_NAMESPACE: {
                /* The assembly is named by an extern alias these files declare (Roslyn's
                 * GetAssemblyReferenceAlias: the first one in scope). */
                const struct corsym_span *alias = NULL;
                for (size_t a = 0; a < aliased_count && !alias; a++) {
                    if (aliased[a].assembly != im.assembly)
                        continue;
                    for (size_t d = 0; d < declared_count && !alias; d++)
                        if (declared[d].len == aliased[a].alias.len &&
                            !memcmp(declared[d].data, aliased[a].alias.data, declared[d].len))
                            alias = &aliased[a].alias;
                }
                if (!alias) {
                    out->unknown_alias += count_losses;
                    continue;
                }
                if (im.kind == ALIAS_ASSEMBLY_NAMESPACE) {
                    puts_(&b, "A");
                    put_span(&b, im.alias);
                    puts_(&b, " ");
                }
                puts_(&b, "E");
                put_span(&b, im.target_namespace);
                puts_(&b, " ");
                put_span(&b, *alias);
                break;
            }
            default: /* ALIAS_ASSEMBLY_REFERENCE: the module's, see cli_imports_module_aliases */
                continue;
            }
            add(out, &b);
        }
        free(b.s);
        size_t named = out->count - counted;
        if (project && vb) {
            struct corsym_span ns;
            if (method_namespace(module, method, &ns)) {
                struct sb cur = { NULL, 0, 0 };
                put_span(&cur, ns);
                add(out, &cur);
            }
        }
        /* C# counts the strings of each scope but a project-level one with none (Pdb2Pdb). */
        if (vb || !project || named) {
            out->groups = cli_xrealloc(out->groups, (out->group_count + 1) * sizeof(*out->groups));
            out->groups[out->group_count++] = (uint16_t)(named > 0xFFFF ? 0xFFFF : named);
        }
    }
    return true;
}

void cli_imports_count_kinds(const struct corsym_md *pdb, unsigned kinds[10])
{
    uint32_t rows = corsym_md_rows(pdb, CORSYM_TBL_IMPORT_SCOPE);
    memset(kinds, 0, 10 * sizeof(*kinds));
    for (uint32_t r = 1; r <= rows; r++) {
        struct corsym_span blob;
        struct corsym_cursor c;
        struct import im;
        if (corsym_md_blob(pdb, get(pdb, CORSYM_TBL_IMPORT_SCOPE, r, IMPORT_IMPORTS), &blob) != CORSYM_OK)
            continue;
        corsym_cursor_from_span(&c, blob);
        while (next_import(pdb, &c, &im))
            kinds[im.kind]++;
    }
}
