/* SPDX-License-Identifier: MIT */
/*
 * Imports blobs of the Portable PDB emitter, from the UsingNamespace strings of a Windows
 * PDB's conventions (Roslyn's C# and VB spellings).
 *
 * A string that names a type ("T...", "@FT:...") or an extern-aliased assembly ("E...",
 * "Z...") becomes a record only when the module's tables are at hand (the options' view):
 * a Portable import holds the TypeDef/TypeRef/TypeSpec token or the AssemblyRef row, found
 * again here by name (type_names.h). Without them, or when no row has the name, the string
 * is left out.
 */
#include <stdlib.h>
#include <string.h>

#include "portable/ppdb_cdi.h"
#include "portable/ppdb_emit_private.h"

/* ImportDefinitionKind (PortablePdb-Metadata.md, Imports Blob). */
enum {
    IMPORT_NAMESPACE = 1,
    IMPORT_ASSEMBLY_NAMESPACE = 2,
    IMPORT_TYPE = 3,
    IMPORT_XML_NAMESPACE = 4,
    IMPORT_ASSEMBLY_REFERENCE_ALIAS = 5,
    ALIAS_ASSEMBLY_REFERENCE = 6,
    ALIAS_NAMESPACE = 7,
    ALIAS_ASSEMBLY_NAMESPACE = 8,
    ALIAS_TYPE = 9,
};

static corsym_status put_text_blob(struct emit *e, struct corsym_buf *b, const char *s, size_t len)
{
    uint32_t index;
    CORSYM_TRY(corsym_emit_blob(e, (const uint8_t *)s, len, &index));
    return corsym_emit_cuint(b, index);
}

static bool starts_with(const char *s, const char *prefix)
{
    return !strncmp(s, prefix, strlen(prefix));
}

/* ---- rows of the module, by name ---- */

static corsym_status type_index(struct emit *e, bool csharp, const struct corsym_type_index **out)
{
    *out = NULL;
    if (!e->module)
        return CORSYM_OK;
    if (!e->type_index_built[csharp]) {
        CORSYM_TRY(corsym_type_index_build(&e->type_index[csharp], e->module, csharp));
        e->type_index_built[csharp] = true;
    }
    *out = &e->type_index[csharp];
    return CORSYM_OK;
}

/* The token of a serialized type name, 0 if the module has no such type. */
static corsym_status module_type(struct emit *e, bool csharp, const char *name, size_t len,
                                 uint32_t *token)
{
    const struct corsym_type_index *index;
    *token = 0;
    CORSYM_TRY(type_index(e, csharp, &index));
    if (index && len && corsym_type_index_type(index, name, len, token))
        corsym_emit_reference(e, *token);
    return CORSYM_OK;
}

/* TypeDefOrRefOrSpecEncoded (ECMA-335 II.23.2.8). */
static corsym_status put_type(struct corsym_buf *b, uint32_t token)
{
    uint32_t tag = token >> 24 == CORSYM_TBL_TYPE_DEF ? 0 : token >> 24 == CORSYM_TBL_TYPE_REF ? 1 : 2;
    return corsym_emit_cuint(b, (token & 0xFFFFFF) << 2 | tag);
}

/* The AssemblyRef row of a module-level extern alias ("Z" strings), 0 for an unknown one. */
static uint32_t extern_alias_assembly(const struct emit *e, const char *alias, size_t len)
{
    for (uint32_t i = 0; i < e->extern_alias_count; i++)
        if (e->extern_aliases[i].len == len && !memcmp(e->extern_aliases[i].alias, alias, len))
            return e->extern_aliases[i].assembly;
    return 0;
}

corsym_status corsym_emit_module_extern_aliases(struct emit *e, const struct corsym_sw_using *usings,
                                                uint32_t count)
{
    const struct corsym_type_index *index;
    for (uint32_t i = 0; i < count; i++) {
        const char *s = usings[i].name, *space = strchr(s, ' ');
        if (s[0] != 'Z' || !space || space == s + 1)
            continue;
        const char *alias = s + 1, *display = space + 1;
        size_t len = (size_t)(space - alias);
        uint32_t rid;
        CORSYM_TRY(type_index(e, true, &index));
        if (!index || extern_alias_assembly(e, alias, len) ||
            !corsym_type_index_assembly(index, display, strlen(display), &rid))
            continue;
        if (e->extern_alias_count == e->extern_alias_cap) {
            uint32_t cap = e->extern_alias_cap ? e->extern_alias_cap * 2 : 8;
            struct emit_extern_alias *grown =
                realloc(e->extern_aliases, (size_t)cap * sizeof(*grown));
            if (!grown)
                return CORSYM_E_NOMEM;
            e->extern_aliases = grown;
            e->extern_alias_cap = cap;
        }
        struct emit_extern_alias *a = &e->extern_aliases[e->extern_alias_count++];
        a->alias = alias;
        a->len = len;
        a->assembly = rid;
    }
    return CORSYM_OK;
}

corsym_status corsym_emit_module_imports(struct emit *e, uint32_t *blob, bool *empty)
{
    struct corsym_buf b = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    *blob = 0;
    *empty = !e->extern_alias_count;
    for (uint32_t i = 0; st == CORSYM_OK && i < e->extern_alias_count; i++) {
        const struct emit_extern_alias *a = &e->extern_aliases[i];
        st = corsym_emit_cuint(&b, ALIAS_ASSEMBLY_REFERENCE);
        if (st == CORSYM_OK)
            st = put_text_blob(e, &b, a->alias, a->len);
        if (st == CORSYM_OK)
            st = corsym_emit_cuint(&b, a->assembly);
    }
    if (st == CORSYM_OK && !*empty)
        st = corsym_emit_blob(e, b.data, b.len, blob);
    corsym_buf_free(&b);
    return st;
}

/* ---- one string ---- */

/* C#'s "E<namespace> <extern alias>", the namespace of an extern-aliased assembly, after an
 * optional alias of its own (kind 8, else 2). */
static corsym_status csharp_assembly_namespace(struct emit *e, struct corsym_buf *b,
                                               const char *alias, size_t alias_len,
                                               const char *body, bool *added)
{
    const char *space = strrchr(body, ' ');
    if (!space || space == body)
        return CORSYM_OK;
    const char *extern_alias = space + 1;
    uint32_t assembly = extern_alias_assembly(e, extern_alias, strlen(extern_alias));
    if (!assembly)
        return CORSYM_OK;
    CORSYM_TRY(corsym_emit_cuint(b, alias ? ALIAS_ASSEMBLY_NAMESPACE : IMPORT_ASSEMBLY_NAMESPACE));
    if (alias)
        CORSYM_TRY(put_text_blob(e, b, alias, alias_len));
    CORSYM_TRY(corsym_emit_cuint(b, assembly));
    *added = true;
    return put_text_blob(e, b, body, (size_t)(space - body));
}

/* A type by name, after an optional alias (kind 9, else 3). */
static corsym_status type_import(struct emit *e, struct corsym_buf *b, bool csharp,
                                 const char *alias, size_t alias_len, const char *name,
                                 bool *added)
{
    uint32_t token;
    CORSYM_TRY(module_type(e, csharp, name, strlen(name), &token));
    if (!token)
        return CORSYM_OK;
    CORSYM_TRY(corsym_emit_cuint(b, alias ? ALIAS_TYPE : IMPORT_TYPE));
    if (alias)
        CORSYM_TRY(put_text_blob(e, b, alias, alias_len));
    *added = true;
    return put_type(b, token);
}

static corsym_status csharp_record(struct emit *e, struct corsym_buf *b, const char *s, size_t len,
                                   bool *added)
{
    if (len < 2)
        return CORSYM_OK;
    switch (s[0]) {
    case 'U':
        CORSYM_TRY(corsym_emit_cuint(b, IMPORT_NAMESPACE));
        *added = true;
        return put_text_blob(e, b, s + 1, len - 1);
    case 'X':
        CORSYM_TRY(corsym_emit_cuint(b, IMPORT_ASSEMBLY_REFERENCE_ALIAS));
        *added = true;
        return put_text_blob(e, b, s + 1, len - 1);
    case 'T':
        return type_import(e, b, true, NULL, 0, s + 1, added);
    case 'E':
        return csharp_assembly_namespace(e, b, NULL, 0, s + 1, added);
    case 'A': {
        const char *space = strchr(s, ' ');
        if (!space || space == s + 1 || !space[1])
            return CORSYM_OK;
        const char *alias = s + 1, *target = space + 2;
        size_t alias_len = (size_t)(space - alias);
        if (space[1] == 'U') {
            CORSYM_TRY(corsym_emit_cuint(b, ALIAS_NAMESPACE));
            CORSYM_TRY(put_text_blob(e, b, alias, alias_len));
            *added = true;
            return put_text_blob(e, b, target, strlen(target));
        }
        if (space[1] == 'T')
            return type_import(e, b, true, alias, alias_len, target, added);
        if (space[1] == 'E')
            return csharp_assembly_namespace(e, b, alias, alias_len, target, added);
        return CORSYM_OK;
    }
    }
    /* "Z": the module's extern aliases, which go in the module's import scope
     * (corsym_emit_module_imports). */
    return CORSYM_OK;
}

static corsym_status vb_record(struct emit *e, struct corsym_buf *b, const char *s, size_t len,
                               bool *added)
{
    if (s[0] == '*') {
        /* The project's root namespace: VB's DefaultNamespace record, once. */
        if (!e->have_default_namespace) {
            e->have_default_namespace = true;
            CORSYM_TRY(corsym_emit_cdi(e, CORSYM_TBL_MODULE, 1,
                                       corsym_cdi_kind_guid(CORSYM_CDI_DEFAULT_NAMESPACE),
                                       (const uint8_t *)s + 1, len - 1));
        }
        return CORSYM_OK;
    }
    if (starts_with(s, "@F:") || starts_with(s, "@P:")) {
        CORSYM_TRY(corsym_emit_cuint(b, IMPORT_NAMESPACE));
        *added = true;
        return put_text_blob(e, b, s + 3, strlen(s + 3));
    }
    if (starts_with(s, "@FT:") || starts_with(s, "@PT:"))
        return type_import(e, b, false, NULL, 0, s + 4, added);
    bool alias = starts_with(s, "@FA:") || starts_with(s, "@PA:");
    bool xml = starts_with(s, "@FX:") || starts_with(s, "@PX:");
    const char *eq = strchr(s, '=');
    if ((!alias && !xml) || !eq || eq < s + 4)
        /* Not imports a Portable PDB holds: "@" and a token (a forward, see plan_imports),
         * the defunct '&', '$' and '#' spellings, and a plain name, which in VB is the
         * method's current namespace (Roslyn's VB Portable PDBs take that from the
         * metadata). */
        return CORSYM_OK;
    const char *name = s + 4, *target = eq + 1;
    size_t name_len = (size_t)(eq - name);
    if (alias) {
        /* A VB Windows PDB spells an alias of a type as one of a namespace; the module
         * tells which it is, as Roslyn knew when it wrote a Portable PDB. */
        bool typed = false;
        CORSYM_TRY(type_import(e, b, false, name, name_len, target, &typed));
        if (typed) {
            *added = true;
            return CORSYM_OK;
        }
    }
    CORSYM_TRY(corsym_emit_cuint(b, alias ? ALIAS_NAMESPACE : IMPORT_XML_NAMESPACE));
    CORSYM_TRY(put_text_blob(e, b, name, name_len));
    *added = true;
    return put_text_blob(e, b, target, strlen(target));
}

/* Appends one import record; *added says whether the string had a convertible form. */
static corsym_status import_record(struct emit *e, struct corsym_buf *b,
                                   enum emit_import_language language, const char *s, bool *added)
{
    *added = false;
    size_t len = strlen(s);
    if (!len)
        return CORSYM_OK;
    if (language == IMPORTS_CSHARP)
        return csharp_record(e, b, s, len, added);
    if (language == IMPORTS_VB)
        return vb_record(e, b, s, len, added);
    CORSYM_TRY(corsym_emit_cuint(b, IMPORT_NAMESPACE));
    *added = true;
    return put_text_blob(e, b, s, len);
}

static bool taken(enum emit_import_language language, enum emit_import_level level,
                  const struct corsym_sw_using *u, uint32_t scope)
{
    if (u->scope != scope)
        return false;
    bool project = language == IMPORTS_VB && starts_with(u->name, "@P");
    return level == IMPORTS_ALL || (level == IMPORTS_PROJECT_ONLY) == project;
}

/* Whether the strings a call takes are those of the previous call: a compiler gives most
 * methods the same usings, which the model interns, so equal lists are equal pointers. The
 * previous list is kept in e->import_cache otherwise. */
static corsym_status same_as_last(struct emit *e, enum emit_import_language language,
                                  enum emit_import_level level,
                                  const struct corsym_sw_using *usings, uint32_t count,
                                  uint32_t scope, bool *same_out)
{
    struct emit_import_cache *c = &e->import_cache;
    bool same = c->valid && c->language == language && c->level == level;
    *same_out = false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < count; i++) {
        if (!taken(language, level, &usings[i], scope))
            continue;
        if (n == c->cap) {
            uint32_t cap = c->cap ? c->cap * 2 : 16;
            const char **grown = realloc(c->names, (size_t)cap * sizeof(*grown));
            if (!grown) {
                c->valid = false;
                c->count = 0;
                return CORSYM_E_NOMEM;
            }
            c->names = grown;
            c->cap = cap;
        }
        same = same && n < c->count && c->names[n] == usings[i].name;
        c->names[n++] = usings[i].name;
    }
    same = same && n == c->count;
    c->count = n;
    c->language = language;
    c->level = level;
    c->valid = false; /* until the caller stores this list's result */
    *same_out = same;
    return CORSYM_OK;
}

corsym_status corsym_emit_imports(struct emit *e, enum emit_import_language language,
                                  enum emit_import_level level,
                                  const struct corsym_sw_using *usings, uint32_t count,
                                  uint32_t scope, uint32_t *blob, bool *empty)
{
    struct emit_import_cache *cache = &e->import_cache;
    bool same, none = true;
    /* A scope without strings (most nested ones) leaves the cache to the next that has. */
    for (uint32_t i = 0; i < count && none; i++)
        none = !taken(language, level, &usings[i], scope);
    if (none) {
        *blob = 0;
        *empty = true;
        return CORSYM_OK;
    }
    CORSYM_TRY(same_as_last(e, language, level, usings, count, scope, &same));
    if (same) {
        cache->valid = true;
        *blob = cache->blob;
        *empty = cache->empty;
        return CORSYM_OK;
    }
    struct corsym_buf b = CORSYM_BUF_INIT;
    corsym_status st = CORSYM_OK;
    bool any = false;
    *blob = 0;
    for (uint32_t i = 0; st == CORSYM_OK && i < cache->count; i++) {
        bool added = false;
        st = import_record(e, &b, language, cache->names[i], &added);
        any = any || added;
    }
    if (st == CORSYM_OK && any)
        st = corsym_emit_blob(e, b.data, b.len, blob);
    corsym_buf_free(&b);
    *empty = !any;
    if (st == CORSYM_OK) {
        cache->blob = *blob;
        cache->empty = *empty;
        cache->valid = true;
    }
    return st;
}
