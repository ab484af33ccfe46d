/* SPDX-License-Identifier: MIT */
/*
 * corsym convert IN OUT --to portable|windows: reads IN through the reader's COM API and
 * replays everything into a writer through the writer's COM API (CorSymWriter_Portable or
 * CorSymWriter_SxS), keeping the PDB's identity (GUID, stamp, age) so the result still
 * matches the module. The writer writes into a memory stream; OUT is written through a
 * temporary file renamed into place, so a failed run leaves nothing behind.
 *
 * When the module is at hand (the PE beside the PDB, or named as IN) and matches, the writer
 * gets a read-only metadata emitter over the module's metadata (emitter.h): a Windows PDB
 * then has a module per type, named as Microsoft's writer names them, and a Portable PDB's
 * #Pdb stream the module's type-system row counts and a MethodDebugInformation row per
 * MethodDef. Without the module no emitter is given: a Windows PDB has every method in one
 * "<Module>" module, a Portable PDB no type-system row counts and a MethodDebugInformation
 * table up to the highest method with symbols.
 *
 * What the target cannot hold is counted and summarized on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cdi.h"
#include "cli.h"
#include "convert.h"
#include "emitter.h"
#include "identity.h"
#include "imports.h"
#include "portable/ppdb_cdi.h"
#include "portable/type_names.h"
#include "output.h"
#include "source.h"
#include "symbols.h"
#include "tree.h"

#define HIDDEN_LINE 0xFEEFEEu

/* What the target could not hold, or the writer refused. */
struct losses {
    unsigned md2_records[256];   /* Windows -> Portable: MD2 records without a portable kind */
    unsigned md2_refused;        /* SetSymAttribute failed */
    unsigned source_no_checksum; /* -> Windows: embedded source of a document without checksum */
    unsigned source_refused;
    unsigned checksum_refused;
    unsigned points_refused;
    unsigned locals_refused;
    unsigned constants_refused;
    unsigned namespaces_refused;
    unsigned async_refused;
    unsigned methods_refused;
    /* Imports (using directives): */
    unsigned imports_no_module;     /* Portable -> Windows: types without the module */
    unsigned imports_no_module_aliases; /* Portable -> Windows: extern aliases, no module */
    unsigned imports_vb_generic;    /* Portable -> Windows: VB imports of generic types */
    unsigned imports_unknown_alias; /* Portable -> Windows: extern-alias namespaces, alias unknown */
    unsigned imports_portable_types;   /* -> Portable: type imports */
    unsigned imports_portable_aliases; /* -> Portable: namespaces of extern-aliased assemblies */
    unsigned imports_portable_module;  /* -> Portable: the module's extern aliases */
    bool source_server;          /* -> Portable: srcsrv stream */
    bool source_link_refused;
    bool compiler_info_refused;
    bool age_dropped;            /* Windows -> Portable: age above 1 */
    uint32_t age;
};

struct convert {
    const struct cli_options *o;
    struct cli_source *src;
    ISymUnmanagedWriter8 *w;
    bool to_portable;
    struct cli_documents docs;
    ISymUnmanagedDocumentWriter **wdocs; /* by docs position; NULL when refused */
    struct losses lost;
    unsigned method_namespaces; /* UsingNamespace calls taken for the method being copied */
    /* From a Portable PDB (to Windows, or to Portable with the module): the imports are
     * written from the PDB's rows and the module's metadata (imports.h), not from the reader's
     * namespaces, which leave out types and the module's extern aliases. */
    bool own_imports;
    bool vb;                      /* a VB Portable PDB: no using groups */
    uint8_t *counted_scopes;      /* import scope rows whose losses are counted */
    struct cli_imports imports;   /* the method's, while it is copied */
    bool imports_pending;         /* not yet written: the method's first scope takes them */
    struct cli_imports aliases;   /* the module's extern aliases ("Z" strings) */
    uint32_t alias_method;        /* the method they were written on, 0 before */
    bool method_csharp;           /* Windows source: the method's MD2 is C#'s (using groups) */
    /* Windows -> Portable: the module's rows by name (C# [1], VB [0]), to tell which type
     * and extern-alias imports the writer finds, as it looks them up the same way; the
     * extern aliases it takes ("Z" strings whose assembly the module references) and the
     * aliases "E" strings use, counted against them at the end. */
    struct corsym_md_view module_view;
    struct corsym_type_index module_types[2];
    bool module_types_built[2];
    struct corsym_type_namer imports_namer;  /* own_imports with the module: type names */
    struct corsym_type_namer iterator_namer; /* ForwardIterator records' state machines */
    bool iterator_namer_ready;
    char **extern_aliases, **used_aliases;
    size_t extern_alias_count, used_alias_count;
    struct corsym_md pdb; /* a Portable source's own tables, when pdb_open */
    bool pdb_open;
};

/* ---- small helpers ---- */

static WCHAR *wide_string(HRESULT (*get)(void *, ULONG32, ULONG32 *, WCHAR *), void *obj)
{
    ULONG32 n = 0;
    if (FAILED(get(obj, 0, &n, NULL)))
        n = 0;
    WCHAR *buf = cli_xmalloc((n + 1) * sizeof(WCHAR));
    buf[0] = 0;
    if (n && FAILED(get(obj, n, &n, buf)))
        n = 0;
    buf[n] = 0;
    return buf;
}

static HRESULT get_url(void *o, ULONG32 c, ULONG32 *n, WCHAR *b)
{
    return ISymUnmanagedDocument_GetURL((ISymUnmanagedDocument *)o, c, n, b);
}
static HRESULT get_variable_name(void *o, ULONG32 c, ULONG32 *n, WCHAR *b)
{
    return ISymUnmanagedVariable_GetName((ISymUnmanagedVariable *)o, c, n, b);
}
static HRESULT get_constant_name(void *o, ULONG32 c, ULONG32 *n, WCHAR *b)
{
    return ISymUnmanagedConstant_GetName((ISymUnmanagedConstant *)o, c, n, b);
}
static HRESULT get_namespace_name(void *o, ULONG32 c, ULONG32 *n, WCHAR *b)
{
    return ISymUnmanagedNamespace_GetName((ISymUnmanagedNamespace *)o, c, n, b);
}

static void free_variant(VARIANT *v)
{
    if (V_VT(v) == VT_BSTR && V_BSTR(v)) {
#ifdef _WIN32
        SysFreeString(V_BSTR(v));
#else
        free((char *)V_BSTR(v) - sizeof(void *)); /* the PAL layout: see corsym.h */
#endif
    }
    V_VT(v) = VT_EMPTY;
}

static void release_all(IUnknown **items, ULONG32 n)
{
    for (ULONG32 i = 0; i < n; i++)
        IUnknown_Release(items[i]);
    free(items);
}

/* ---- documents ---- */

static void document(struct convert *c, ULONG32 i)
{
    ISymUnmanagedDocument *doc = c->docs.items[i];
    static const GUID none;
    GUID language = none, vendor = none, type = none;
    ISymUnmanagedDocument_GetLanguage(doc, &language);
    ISymUnmanagedDocument_GetLanguageVendor(doc, &vendor);
    ISymUnmanagedDocument_GetDocumentType(doc, &type);
    WCHAR *url = wide_string(get_url, doc);
    ISymUnmanagedDocumentWriter *dw = NULL;
    HRESULT hr = ISymUnmanagedWriter8_DefineDocument(c->w, url, &language, &vendor, &type, &dw);
    free(url);
    if (FAILED(hr) || !dw) {
        cli_error(c->docs.names[i], hr, "the writer refused the document");
        return;
    }
    c->wdocs[i] = dw;

    GUID algorithm = none;
    ULONG32 n = 0;
    bool has_checksum = false;
    if (SUCCEEDED(ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, &algorithm)) &&
        !IsEqualGUID(&algorithm, &none) &&
        SUCCEEDED(ISymUnmanagedDocument_GetCheckSum(doc, 0, &n, NULL)) && n) {
        BYTE *sum = cli_xmalloc(n);
        if (SUCCEEDED(ISymUnmanagedDocument_GetCheckSum(doc, n, &n, sum))) {
            if (SUCCEEDED(ISymUnmanagedDocumentWriter_SetCheckSum(dw, algorithm, n, sum)))
                has_checksum = true;
            else
                c->lost.checksum_refused++;
        }
        free(sum);
    }

    BOOL embedded = FALSE;
    ULONG32 length = 0;
    if (SUCCEEDED(ISymUnmanagedDocument_HasEmbeddedSource(doc, &embedded)) && embedded &&
        SUCCEEDED(ISymUnmanagedDocument_GetSourceLength(doc, &length)) && length) {
        if (!c->to_portable && !has_checksum) {
            /* A Windows PDB's /src/files record is found through the document's checksum. */
            c->lost.source_no_checksum++;
            return;
        }
        BYTE *record = cli_xmalloc(length);
        if (FAILED(ISymUnmanagedDocument_GetSourceRange(doc, 0, 0, 0x7FFFFFFF, 0x7FFFFFFF, length,
                                                        &length, record)) ||
            FAILED(ISymUnmanagedDocumentWriter_SetSource(dw, length, record)))
            c->lost.source_refused++;
        free(record);
    }
}

/* The writer's document for a reader's document object (by identity, else by URL). */
static ISymUnmanagedDocumentWriter *writer_document(struct convert *c, ISymUnmanagedDocument *d)
{
    long position = cli_documents_position(&c->docs, d);
    if (position >= 0)
        return c->wdocs[position];
    char *url = cli_document_url(d);
    const ULONG32 *positions;
    ULONG32 n = cli_documents_named(&c->docs, url, &positions);
    ISymUnmanagedDocumentWriter *found = NULL;
    for (ULONG32 i = 0; i < n && !found; i++)
        found = c->wdocs[positions[i]];
    free(url);
    return found;
}

/* ---- methods ---- */

static void sequence_points(struct convert *c, ISymUnmanagedMethod *m)
{
    ULONG32 n = 0;
    /* The count from GetSequencePointCount, as Microsoft.DiaSymReader asks it: Microsoft's
     * GetSequencePoints answers 0 points to a query with no buffers. */
    if (FAILED(ISymUnmanagedMethod_GetSequencePointCount(m, &n)) || !n)
        return;
    ULONG32 *v = cli_xmalloc(5 * n * sizeof(ULONG32));
    ULONG32 *offsets = v, *lines = v + n, *columns = v + 2 * n, *end_lines = v + 3 * n,
            *end_columns = v + 4 * n;
    ISymUnmanagedDocument **docs = calloc(n, sizeof(*docs));
    if (!docs)
        cli_oom();
    if (SUCCEEDED(ISymUnmanagedMethod_GetSequencePoints(m, n, &n, offsets, docs, lines, columns,
                                                        end_lines, end_columns))) {
        /* One DefineSequencePoints per run of points in the same document, in order. */
        ISymUnmanagedDocumentWriter *current = NULL;
        ULONG32 run = 0;
        for (ULONG32 i = 0; i <= n; i++) {
            ISymUnmanagedDocumentWriter *dw = NULL;
            if (i < n) {
                /* A hidden point without a document stays in the current run. */
                dw = docs[i] ? writer_document(c, docs[i]) : current;
                if (i > run && dw == current)
                    continue;
            }
            if (i > run) {
                if (!current ||
                    FAILED(ISymUnmanagedWriter8_DefineSequencePoints(
                        c->w, current, i - run, offsets + run, lines + run, columns + run,
                        end_lines + run, end_columns + run)))
                    c->lost.points_refused += i - run;
            }
            current = dw;
            run = i;
        }
    }
    for (ULONG32 i = 0; i < n; i++)
        if (docs[i])
            ISymUnmanagedDocument_Release(docs[i]);
    free(docs);
    free(v);
}

static void locals(struct convert *c, ISymUnmanagedScope *s, mdSignature signature)
{
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedScope_GetLocals(s, 0, &n, NULL)) || !n)
        return;
    ISymUnmanagedVariable **items = cli_xmalloc(n * sizeof(*items));
    if (FAILED(ISymUnmanagedScope_GetLocals(s, n, &n, items))) {
        free(items);
        return;
    }
    for (ULONG32 i = 0; i < n; i++) {
        ULONG32 attributes = 0, kind = ADDR_IL_OFFSET, slot = 0;
        ISymUnmanagedVariable_GetAttributes(items[i], &attributes);
        if (FAILED(ISymUnmanagedVariable_GetAddressKind(items[i], &kind)))
            kind = ADDR_IL_OFFSET;
        ISymUnmanagedVariable_GetAddressField1(items[i], &slot);
        WCHAR *name = wide_string(get_variable_name, items[i]);
        /* Start and end 0: the whole scope, which is all either format keeps. */
        if (FAILED(ISymUnmanagedWriter8_DefineLocalVariable2(c->w, name, attributes, signature,
                                                              kind, slot, 0, 0, 0, 0)))
            c->lost.locals_refused++;
        free(name);
    }
    release_all((IUnknown **)items, n);
}

/* -> Windows: a constant's type is a StandAloneSig token of the module (a FIELD signature of
 * the type). The writer cannot make one (convert's emitter is read-only), so, as Pdb2Pdb does,
 * a row of the module with exactly those bytes is looked for: a module compiled with a
 * Windows PDB has one per constant type; one compiled with a Portable PDB has none (its
 * StandAloneSig rows are local signatures), and its constants keep no type. 0 if none. */
static mdSignature constant_signature_token(const struct convert *c, const BYTE *sig, ULONG32 size)
{
    const struct corsym_md *md = c->src->md;
    uint32_t rows = md ? corsym_md_rows(md, CORSYM_TBL_STAND_ALONE_SIG) : 0;
    for (uint32_t r = 1; r <= rows && size; r++) {
        struct corsym_span blob;
        if (corsym_md_stand_alone_sig(md, r, &blob) == CORSYM_OK && blob.len == size + 1 &&
            blob.data[0] == 0x06 && !memcmp(blob.data + 1, sig, size))
            return corsym_md_token(CORSYM_TBL_STAND_ALONE_SIG, r);
    }
    return 0;
}

static void constants(struct convert *c, ISymUnmanagedScope *s)
{
    ISymUnmanagedScope2 *s2 = NULL;
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedScope_QueryInterface(s, &IID_ISymUnmanagedScope2, (void **)&s2)))
        return;
    ISymUnmanagedConstant **items = NULL;
    if (SUCCEEDED(ISymUnmanagedScope2_GetConstants(s2, 0, &n, NULL)) && n) {
        items = cli_xmalloc(n * sizeof(*items));
        if (FAILED(ISymUnmanagedScope2_GetConstants(s2, n, &n, items))) {
            free(items);
            items = NULL;
        }
    }
    ISymUnmanagedScope2_Release(s2);
    if (!items)
        return;
    for (ULONG32 i = 0; i < n; i++) {
        VARIANT value;
        memset(&value, 0, sizeof(value));
        V_VT(&value) = VT_EMPTY;
        WCHAR *name = wide_string(get_constant_name, items[i]);
        HRESULT hr = ISymUnmanagedConstant_GetValue(items[i], &value);
        if (SUCCEEDED(hr)) {
            /* The signature's bytes keep the constant's type (an enum, a generic...); with
             * none, the value alone decides it. */
            ULONG32 size = 0;
            BYTE *sig = NULL;
            if (SUCCEEDED(ISymUnmanagedConstant_GetSignature(items[i], 0, &size, NULL)) && size) {
                sig = cli_xmalloc(size);
                if (FAILED(ISymUnmanagedConstant_GetSignature(items[i], size, &size, sig)))
                    size = 0;
            }
            hr = E_FAIL;
            mdSignature token = c->to_portable ? 0 : constant_signature_token(c, sig, size);
            if (token)
                hr = ISymUnmanagedWriter8_DefineConstant2(c->w, name, value, token);
            if (FAILED(hr) && size)
                hr = ISymUnmanagedWriter8_DefineConstant(c->w, name, value, size, sig);
            if (FAILED(hr))
                hr = ISymUnmanagedWriter8_DefineConstant2(c->w, name, value, 0);
            free(sig);
        }
        if (FAILED(hr))
            c->lost.constants_refused++;
        free_variant(&value);
        free(name);
    }
    release_all((IUnknown **)items, n);
}

static void using_namespace(struct convert *c, const WCHAR *name)
{
    if (FAILED(ISymUnmanagedWriter8_UsingNamespace(c->w, name)))
        c->lost.namespaces_refused++;
    else
        c->method_namespaces++;
}

static void using_strings(struct convert *c, const struct cli_imports *imports)
{
    for (size_t i = 0; i < imports->count; i++) {
        WCHAR *wide = cli_wide(imports->strings[i]);
        if (wide)
            using_namespace(c, wide);
        else
            c->lost.namespaces_refused++;
        free(wide);
    }
}

static void push_string(char ***list, size_t *count, const char *s, size_t len)
{
    *list = cli_xrealloc(*list, (*count + 1) * sizeof(**list));
    (*list)[(*count)++] = cli_xstrndup(s, len);
}

static void free_strings(char **list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
}

static const struct corsym_type_index *module_types(struct convert *c, bool csharp)
{
    if (!c->src->md)
        return NULL;
    if (!c->module_types_built[csharp]) {
        corsym_md_view_init(&c->module_view, c->src->md);
        if (corsym_type_index_build(&c->module_types[csharp], &c->module_view, csharp) != CORSYM_OK)
            cli_oom();
        c->module_types_built[csharp] = true;
    }
    return &c->module_types[csharp];
}

static bool module_has_type(struct convert *c, bool csharp, const char *name)
{
    const struct corsym_type_index *index = module_types(c, csharp);
    uint32_t token;
    return index && corsym_type_index_type(index, name, strlen(name), &token);
}

/* -> Portable from a Windows PDB: the import strings the Portable writer cannot turn into
 * imports, because the import names a row of the module (a type, an AssemblyRef) that the
 * module at hand does not have (or there is none). */
static void count_portable_import_loss(struct convert *c, const WCHAR *name)
{
    size_t units = 0;
    while (name[units])
        units++;
    char *s = cli_narrow(name, units);
    if (!strncmp(s, "@FT:", 4) || !strncmp(s, "@PT:", 4)) {
        if (!module_has_type(c, false, s + 4))
            c->lost.imports_portable_types++;
    } else if (c->method_csharp) {
        const char *target = s, *space = strchr(s, ' ');
        if (s[0] == 'A' && space)
            target = space + 1;
        if (s[0] == 'Z' && space) {
            const struct corsym_type_index *index = module_types(c, true);
            uint32_t rid;
            if (index && corsym_type_index_assembly(index, space + 1, strlen(space + 1), &rid))
                push_string(&c->extern_aliases, &c->extern_alias_count, s + 1,
                            (size_t)(space - s - 1));
            else
                c->lost.imports_portable_module++;
        } else if (target[0] == 'T') {
            if (!module_has_type(c, true, target + 1))
                c->lost.imports_portable_types++;
        } else if (target[0] == 'E') {
            const char *alias = strrchr(target, ' ');
            push_string(&c->used_aliases, &c->used_alias_count, alias ? alias + 1 : "", alias ? strlen(alias + 1) : 0);
        }
    }
    free(s);
}

/* The "E" imports whose extern alias the writer did not learn from a "Z" string. */
static void count_alias_import_losses(struct convert *c)
{
    for (size_t i = 0; i < c->used_alias_count; i++) {
        bool known = false;
        for (size_t k = 0; k < c->extern_alias_count && !known; k++)
            known = !strcmp(c->used_aliases[i], c->extern_aliases[k]);
        if (!known)
            c->lost.imports_portable_aliases++;
    }
}

static void namespaces(struct convert *c, ISymUnmanagedScope *s)
{
    ULONG32 n = 0;
    if (c->own_imports) {
        /* The method's first scope, which is where the reader shows them too. */
        if (c->imports_pending) {
            c->imports_pending = false;
            using_strings(c, &c->imports);
        }
        return;
    }
    if (FAILED(ISymUnmanagedScope_GetNamespaces(s, 0, &n, NULL)) || !n)
        return;
    ISymUnmanagedNamespace **items = cli_xmalloc(n * sizeof(*items));
    if (FAILED(ISymUnmanagedScope_GetNamespaces(s, n, &n, items))) {
        free(items);
        return;
    }
    for (ULONG32 i = 0; i < n; i++) {
        WCHAR *name = wide_string(get_namespace_name, items[i]);
        if (c->to_portable && c->src->format == CLI_PDB_WINDOWS)
            count_portable_import_loss(c, name);
        using_namespace(c, name);
        free(name);
    }
    release_all((IUnknown **)items, n);
}

static bool scope(struct convert *c, ISymUnmanagedScope *s, mdSignature signature, int depth)
{
    ULONG32 start = 0, end = 0, id = 0, n = 0;
    ISymUnmanagedScope_GetStartOffset(s, &start);
    ISymUnmanagedScope_GetEndOffset(s, &end);
    if (depth > CLI_MAX_SCOPE_DEPTH || FAILED(ISymUnmanagedWriter8_OpenScope(c->w, start, &id)))
        return false;
    namespaces(c, s);
    locals(c, s, signature);
    constants(c, s);
    bool ok = true;
    if (SUCCEEDED(ISymUnmanagedScope_GetChildren(s, 0, &n, NULL)) && n) {
        ISymUnmanagedScope **kids = cli_xmalloc(n * sizeof(*kids));
        if (SUCCEEDED(ISymUnmanagedScope_GetChildren(s, n, &n, kids))) {
            for (ULONG32 i = 0; i < n && ok; i++)
                ok = scope(c, kids[i], signature, depth + 1);
            release_all((IUnknown **)kids, n);
        } else {
            free(kids);
        }
    }
    return SUCCEEDED(ISymUnmanagedWriter8_CloseScope(c->w, end)) && ok;
}

/* Both readers answer GetRootScope with a scope for the whole method whose children are
 * the scopes the compiler opened; the writers make that one themselves. So an empty root
 * is replayed through its children, and only a root with content of its own is opened.
 * A Windows root with no children either is the method's own (empty) scope, which the
 * compiler did open: an async kick-off or an iterator, whose usings are forwarded by its
 * MD2. It is replayed as it is, because a Portable PDB keeps imports on LocalScope rows
 * only and the forward would have nothing to land on (Roslyn writes such a method one
 * LocalScope over its whole body). A Portable root is synthetic and is never replayed. */
/* *scoped: whether any scope was written. */
static bool root_scope(struct convert *c, ISymUnmanagedScope *root, mdSignature signature,
                       bool *scoped)
{
    ULONG32 namespaces = 0, locals = 0, constants = 0, children = 0;
    *scoped = true;
    ISymUnmanagedScope2 *s2 = NULL;
    ISymUnmanagedScope_GetNamespaces(root, 0, &namespaces, NULL);
    ISymUnmanagedScope_GetLocals(root, 0, &locals, NULL);
    if (SUCCEEDED(ISymUnmanagedScope_QueryInterface(root, &IID_ISymUnmanagedScope2, (void **)&s2))) {
        ISymUnmanagedScope2_GetConstants(s2, 0, &constants, NULL);
        ISymUnmanagedScope2_Release(s2);
    }
    if (namespaces || locals || constants)
        return scope(c, root, signature, 0);
    if (FAILED(ISymUnmanagedScope_GetChildren(root, 0, &children, NULL)))
        children = 0;
    if (!children && c->src->format == CLI_PDB_WINDOWS) {
        ULONG32 start = 0, end = 0;
        ISymUnmanagedScope_GetStartOffset(root, &start);
        ISymUnmanagedScope_GetEndOffset(root, &end);
        *scoped = end > start;
        return end > start ? scope(c, root, signature, 0) : true;
    }
    *scoped = children != 0;
    bool ok = true;
    if (children) {
        ISymUnmanagedScope **kids = cli_xmalloc(children * sizeof(*kids));
        if (SUCCEEDED(ISymUnmanagedScope_GetChildren(root, children, &children, kids))) {
            for (ULONG32 i = 0; i < children && ok; i++)
                ok = scope(c, kids[i], signature, 1);
            release_all((IUnknown **)kids, children);
        } else {
            free(kids);
        }
    }
    return ok;
}

static void async_info(struct convert *c, ISymUnmanagedMethod *m)
{
    ISymUnmanagedAsyncMethod *a = NULL;
    BOOL is_async = FALSE;
    if (FAILED(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedAsyncMethod, (void **)&a)))
        return;
    if (SUCCEEDED(ISymUnmanagedAsyncMethod_IsAsyncMethod(a, &is_async)) && is_async) {
        ISymUnmanagedAsyncMethodPropertiesWriter *aw = NULL;
        bool ok = SUCCEEDED(ISymUnmanagedWriter8_QueryInterface(
            c->w, &IID_ISymUnmanagedAsyncMethodPropertiesWriter, (void **)&aw));
        mdToken kickoff = 0;
        BOOL has_catch = FALSE;
        ULONG32 offset = 0, count = 0;
        if (ok && SUCCEEDED(ISymUnmanagedAsyncMethod_GetKickoffMethod(a, &kickoff)))
            ok = SUCCEEDED(ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(aw, kickoff));
        if (ok && SUCCEEDED(ISymUnmanagedAsyncMethod_HasCatchHandlerILOffset(a, &has_catch)) &&
            has_catch && SUCCEEDED(ISymUnmanagedAsyncMethod_GetCatchHandlerILOffset(a, &offset)))
            ok = SUCCEEDED(ISymUnmanagedAsyncMethodPropertiesWriter_DefineCatchHandlerILOffset(aw, offset));
        if (ok && SUCCEEDED(ISymUnmanagedAsyncMethod_GetAsyncStepInfoCount(a, &count)) && count) {
            ULONG32 *yields = cli_xmalloc(count * sizeof(ULONG32));
            ULONG32 *resumes = cli_xmalloc(count * sizeof(ULONG32));
            mdToken *methods = cli_xmalloc(count * sizeof(mdToken));
            if (SUCCEEDED(ISymUnmanagedAsyncMethod_GetAsyncStepInfo(a, count, &count, yields,
                                                                    resumes, methods)))
                ok = SUCCEEDED(ISymUnmanagedAsyncMethodPropertiesWriter_DefineAsyncStepInfo(
                    aw, count, yields, resumes, methods));
            free(yields);
            free(resumes);
            free(methods);
        }
        if (!ok)
            c->lost.async_refused++;
        if (aw)
            ISymUnmanagedAsyncMethodPropertiesWriter_Release(aw);
    }
    ISymUnmanagedAsyncMethod_Release(a);
}

/* MD2 record kinds a Portable PDB has a place for (the writer converts them). */
static bool md2_convertible(uint8_t kind)
{
    switch (kind) {
    case 0: /* using groups */
    case 1: /* forward to a method's namespaces */
    case 2: /* forward to the module's namespaces */
    case 3: /* hoisted local scopes */
    case 5: /* dynamic locals */
    case 6: /* EnC local slot map */
    case 7: /* EnC lambda and closure map */
    case 8: /* tuple element names */
    case 9: /* EnC state machine states */
        return true;
    default:
        return false;
    }
}

/* Windows -> Portable: whether the writer finds the MoveNext of the state machine a
 * ForwardIterator record names (UTF-16LE) in the module; it writes a StateMachineMethod row
 * for it then. */
static bool iterator_found(struct convert *c, mdMethodDef kickoff, const BYTE *body, uint32_t size)
{
    if (!c->src->md)
        return false;
    size_t units = 0;
    while (units < size / 2 && (body[2 * units] || body[2 * units + 1]))
        units++;
    WCHAR *wide = cli_xmalloc((units + 1) * sizeof(WCHAR));
    for (size_t i = 0; i < units; i++)
        wide[i] = (WCHAR)(body[2 * i] | body[2 * i + 1] << 8);
    char *name = cli_narrow(wide, units);
    if (!c->iterator_namer_ready) {
        corsym_md_view_init(&c->module_view, c->src->md);
        corsym_type_namer_init(&c->iterator_namer, &c->module_view, true);
        c->iterator_namer_ready = true;
    }
    uint32_t move_next;
    bool found = corsym_type_namer_move_next(&c->iterator_namer, kickoff, name, strlen(name),
                                             &move_next);
    free(name);
    free(wide);
    return found;
}

static void count_md2_losses(struct convert *c, mdMethodDef token, const BYTE *data, ULONG32 size)
{
    if (size < 4 || data[0] != 4)
        return;
    for (ULONG32 at = 4; at + 8 <= size;) {
        uint32_t length = (uint32_t)data[at + 4] | (uint32_t)data[at + 5] << 8 |
                          (uint32_t)data[at + 6] << 16 | (uint32_t)data[at + 7] << 24;
        if (length < 8 || length > size - at)
            break;
        bool kept = md2_convertible(data[at + 1]) ||
                    (data[at + 1] == 4 && iterator_found(c, token, data + at + 8, length - 8));
        if (data[at] == 4 && !kept)
            c->lost.md2_records[data[at + 1]]++;
        at += length;
    }
}

static void md2(struct convert *c, mdMethodDef token)
{
    static const WCHAR name[] = { 'M', 'D', '2', 0 };
    ULONG32 n = 0;
    if (c->pdb_open) {
        /* A Portable source: its rows are not behind the COM API, so they are read from the
         * bytes GetPortableDebugMetadata hands out and written as MD2, as Pdb2Pdb does; both
         * writers take MD2 (the Portable writer turns it back into rows). */
        size_t size = 0;
        struct cli_md2_usings usings = { (int)c->method_namespaces, NULL, 0, 0 };
        static const uint16_t no_groups[1];
        if (c->own_imports) {
            /* The groups of the strings written from the rows (C# only: VB keeps none). */
            usings.namespaces = -1;
            if (!c->vb && (c->imports.strings || c->imports.groups)) {
                usings.groups = c->imports.groups ? c->imports.groups : no_groups;
                usings.group_count = c->imports.group_count;
                if (c->alias_method && c->alias_method != token)
                    usings.forward_module = c->alias_method;
            }
        }
        uint8_t *data = cli_cdi_portable_md2(&c->pdb, c->src->md, token, &usings, &size);
        if (data && FAILED(ISymUnmanagedWriter8_SetSymAttribute(c->w, token, name, (ULONG32)size, data)))
            c->lost.md2_refused++;
        free(data);
        return;
    }
    if (c->src->format != CLI_PDB_WINDOWS ||
        FAILED(ISymUnmanagedReader_GetSymAttribute(c->src->reader, token, (WCHAR *)name, 0, &n, NULL)) ||
        !n)
        return;
    BYTE *data = cli_xmalloc(n);
    if (SUCCEEDED(ISymUnmanagedReader_GetSymAttribute(c->src->reader, token, (WCHAR *)name, n, &n,
                                                      data))) {
        if (c->to_portable)
            count_md2_losses(c, token, data, n);
        if (FAILED(ISymUnmanagedWriter8_SetSymAttribute(c->w, token, name, n, data)))
            c->lost.md2_refused++;
    }
    free(data);
}

/* Whether a Portable source's method is an async or iterator kick-off method. */
static bool kickoff_method(const struct convert *c, mdMethodDef token)
{
    uint32_t rows = corsym_md_rows(&c->pdb, CORSYM_TBL_STATE_MACHINE_METHOD), kickoff;
    for (uint32_t r = 1; r <= rows; r++)
        if (corsym_md_get(&c->pdb, CORSYM_TBL_STATE_MACHINE_METHOD, r, 1, &kickoff) == CORSYM_OK &&
            kickoff == (token & 0xFFFFFF))
            return true;
    return false;
}

/* Portable -> Windows: the method's import strings, from the rows (imports.h). A kick-off
 * method gets none, as neither Roslyn nor Pdb2Pdb gives it any (its MD2 names its state
 * machine, whose MoveNext has them; a Portable writer gives it MoveNext's back). The first
 * C# method with imports also holds the module's extern aliases, after its own strings, and
 * later ones point at it (MD2 ForwardModuleInfo), as Roslyn writes them. */
static void prepare_imports(struct convert *c, mdMethodDef token)
{
    cli_imports_free(&c->imports);
    c->imports_pending = false;
    if (kickoff_method(c, token) ||
        !cli_imports_method(&c->pdb, c->src->md, c->src->md ? &c->imports_namer : NULL, token,
                            c->counted_scopes, c->to_portable, &c->imports))
        return;
    c->lost.imports_no_module += c->imports.unnamed_types;
    c->lost.imports_vb_generic += c->imports.vb_generic;
    c->lost.imports_unknown_alias += c->imports.unknown_alias;
    if (!c->alias_method && c->aliases.count) {
        c->alias_method = token;
        for (size_t i = 0; i < c->aliases.count; i++) {
            if (c->imports.count == c->imports.cap) {
                c->imports.cap = c->imports.cap ? c->imports.cap * 2 : 16;
                c->imports.strings = cli_xrealloc(c->imports.strings,
                                                  c->imports.cap * sizeof(*c->imports.strings));
            }
            c->imports.strings[c->imports.count++] =
                cli_xstrndup(c->aliases.strings[i], strlen(c->aliases.strings[i]));
        }
    }
    c->imports_pending = true;
}

/* A Windows source: whether the method's MD2 is C#'s (using groups or a forward). */
/* The kinds of version-4 records in a Windows source method's MD2, one bit each (kinds < 32). */
static uint32_t windows_md2_kinds(struct convert *c, mdMethodDef token)
{
    static const WCHAR name[] = { 'M', 'D', '2', 0 };
    ULONG32 n = 0;
    uint32_t kinds = 0;
    if (FAILED(ISymUnmanagedReader_GetSymAttribute(c->src->reader, token, (WCHAR *)name, 0, &n, NULL)) ||
        n < 4)
        return 0;
    BYTE *data = cli_xmalloc(n);
    if (SUCCEEDED(ISymUnmanagedReader_GetSymAttribute(c->src->reader, token, (WCHAR *)name, n, &n,
                                                      data)) && data[0] == 4) {
        for (ULONG32 at = 4; at + 8 <= n;) {
            uint32_t length = (uint32_t)data[at + 4] | (uint32_t)data[at + 5] << 8 |
                              (uint32_t)data[at + 6] << 16 | (uint32_t)data[at + 7] << 24;
            if (length < 8 || length > n - at)
                break;
            if (data[at] == 4 && data[at + 1] < 32)
                kinds |= 1u << data[at + 1];
            at += length;
        }
    }
    free(data);
    return kinds;
}

enum { MD2_USING_GROUPS = 1u << 0, MD2_FORWARD_METHOD = 1u << 1, MD2_FORWARD_MODULE = 1u << 2,
       MD2_FORWARD_ITERATOR = 1u << 4 };

/* The IL size of a method's body in the module (ECMA-335 II.25.4: tiny or fat header), 0 if
 * the module or the body cannot be read. */
static uint32_t method_code_size(const struct convert *c, mdMethodDef token)
{
    uint32_t rva = 0;
    struct corsym_span header;
    if (!c->src->md || !c->src->pe_path ||
        corsym_md_get(c->src->md, CORSYM_TBL_METHOD_DEF, token & 0xFFFFFF, 0, &rva) != CORSYM_OK ||
        !rva || corsym_pe_rva_span(&c->src->image.pe, rva, 1, &header) != CORSYM_OK)
        return 0;
    if ((header.data[0] & 3) == 2)
        return header.data[0] >> 2;
    if ((header.data[0] & 3) != 3 || corsym_pe_rva_span(&c->src->image.pe, rva, 12, &header) != CORSYM_OK)
        return 0;
    return (uint32_t)header.data[4] | (uint32_t)header.data[5] << 8 |
           (uint32_t)header.data[6] << 16 | (uint32_t)header.data[7] << 24;
}

/* -> Portable: a state machine's kick-off left without a scope (a Windows record names the
 * state machine instead; a Portable source's scope there holds only imports, which a kick-off
 * is not given) gets one over its whole body, as Roslyn's Portable PDBs have: the Portable
 * writer gives it MoveNext's imports there. */
static void kickoff_scope(struct convert *c, mdMethodDef token)
{
    uint32_t size = method_code_size(c, token);
    ULONG32 id = 0;
    if (size && SUCCEEDED(ISymUnmanagedWriter8_OpenScope(c->w, 0, &id)))
        ISymUnmanagedWriter8_CloseScope(c->w, size);
}

static void method(struct convert *c, mdMethodDef token)
{
    ISymUnmanagedMethod *m = NULL;
    if (FAILED(ISymUnmanagedReader_GetMethod(c->src->reader, token, &m)) || !m) {
        /* Nothing the COM API shows, but a Portable source may still have MD2 to give: a
         * Release build's kick-off method names its state machine, as Pdb2Pdb writes it. */
        size_t size = 0;
        uint8_t *data = c->pdb_open ? cli_cdi_portable_md2(&c->pdb, c->src->md, token, NULL, &size) : NULL;
        if (data) {
            static const WCHAR name[] = { 'M', 'D', '2', 0 };
            if (SUCCEEDED(ISymUnmanagedWriter8_OpenMethod(c->w, token))) {
                if (FAILED(ISymUnmanagedWriter8_SetSymAttribute(c->w, token, name, (ULONG32)size, data)))
                    c->lost.md2_refused++;
                if (c->to_portable && kickoff_method(c, token))
                    kickoff_scope(c, token);
                if (FAILED(ISymUnmanagedWriter8_CloseMethod(c->w)))
                    c->lost.methods_refused++;
            } else {
                c->lost.methods_refused++;
            }
            free(data);
        }
        return;
    }
    if (FAILED(ISymUnmanagedWriter8_OpenMethod(c->w, token))) {
        c->lost.methods_refused++;
        ISymUnmanagedMethod_Release(m);
        return;
    }
    mdSignature signature = 0;
    ISymUnmanagedMethod2 *m2 = NULL;
    if (SUCCEEDED(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedMethod2, (void **)&m2))) {
        if (ISymUnmanagedMethod2_GetLocalSignatureToken(m2, &signature) != S_OK)
            signature = 0;
        ISymUnmanagedMethod2_Release(m2);
    }
    c->method_namespaces = 0;
    if (c->own_imports)
        prepare_imports(c, token);
    uint32_t md2_kinds = 0;
    if (!c->own_imports && c->to_portable && c->src->format == CLI_PDB_WINDOWS) {
        md2_kinds = windows_md2_kinds(c, token);
        c->method_csharp = (md2_kinds & (MD2_USING_GROUPS | MD2_FORWARD_METHOD | MD2_FORWARD_MODULE)) != 0;
    }
    sequence_points(c, m);
    ISymUnmanagedScope *root = NULL;
    bool ok = true, scoped = false;
    if (SUCCEEDED(ISymUnmanagedMethod_GetRootScope(m, &root)) && root) {
        ok = root_scope(c, root, signature, &scoped);
        ISymUnmanagedScope_Release(root);
    }
    if (!scoped && c->to_portable &&
        ((md2_kinds & MD2_FORWARD_ITERATOR) || (c->pdb_open && kickoff_method(c, token))))
        kickoff_scope(c, token);
    async_info(c, m);
    if (c->imports_pending) {
        /* No scope took them: the method has imports but no scope the reader shows. */
        c->imports_pending = false;
        cli_imports_free(&c->imports);
    }
    md2(c, token);
    cli_imports_free(&c->imports);
    if (FAILED(ISymUnmanagedWriter8_CloseMethod(c->w)) || !ok)
        c->lost.methods_refused++;
    ISymUnmanagedMethod_Release(m);
}

/* ---- module-wide data ---- */

static void module_data(struct convert *c)
{
    mdMethodDef entry = 0;
    if (SUCCEEDED(ISymUnmanagedReader_GetUserEntryPoint(c->src->reader, &entry)) && entry)
        ISymUnmanagedWriter8_SetUserEntryPoint(c->w, entry);

    ISymUnmanagedReader4 *r4 = NULL;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(c->src->reader, &IID_ISymUnmanagedReader4,
                                                     (void **)&r4))) {
        BYTE *data = NULL;
        int size = 0;
        if (ISymUnmanagedReader4_GetSourceServerData(r4, &data, &size) == S_OK && data && size > 0 &&
            FAILED(ISymUnmanagedWriter8_SetSourceLinkData(c->w, data, size)))
            c->lost.source_link_refused = true;
        ISymUnmanagedReader4_Release(r4);
    }

    ISymUnmanagedSourceServerModule *ssm = NULL;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(c->src->reader,
                                                     &IID_ISymUnmanagedSourceServerModule,
                                                     (void **)&ssm))) {
        ULONG size = 0;
        BYTE *data = NULL;
        if (ISymUnmanagedSourceServerModule_GetSourceServerData(ssm, &size, &data) == S_OK && data &&
            size) {
            if (c->to_portable || size > 0x7FFFFFFF ||
                FAILED(ISymUnmanagedWriter8_SetSourceServerData(c->w, data, (int)size)))
                c->lost.source_server = true;
        }
#ifdef _WIN32
        CoTaskMemFree(data);
#else
        free(data);
#endif
        ISymUnmanagedSourceServerModule_Release(ssm);
    }

    ISymUnmanagedCompilerInfoReader *ci = NULL;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(c->src->reader,
                                                     &IID_ISymUnmanagedCompilerInfoReader,
                                                     (void **)&ci))) {
        USHORT v[4] = { 0, 0, 0, 0 };
        ULONG32 n = 0;
        if (ISymUnmanagedCompilerInfoReader_GetCompilerInfo(ci, &v[0], &v[1], &v[2], &v[3], 0, &n,
                                                            NULL) == S_OK && n) {
            WCHAR *name = cli_xmalloc((n + 1) * sizeof(WCHAR));
            ISymUnmanagedCompilerInfoWriter *cw = NULL;
            if (SUCCEEDED(ISymUnmanagedCompilerInfoReader_GetCompilerInfo(ci, &v[0], &v[1], &v[2],
                                                                          &v[3], n, &n, name))) {
                name[n < 1 ? 0 : n] = 0;
                if (FAILED(ISymUnmanagedWriter8_QueryInterface(
                        c->w, &IID_ISymUnmanagedCompilerInfoWriter, (void **)&cw)) ||
                    FAILED(ISymUnmanagedCompilerInfoWriter_AddCompilerInfo(cw, v[0], v[1], v[2],
                                                                           v[3], name)))
                    c->lost.compiler_info_refused = true;
                if (cw)
                    ISymUnmanagedCompilerInfoWriter_Release(cw);
            }
            free(name);
        }
        ISymUnmanagedCompilerInfoReader_Release(ci);
    }
}

/* CompilationOptions that say more than the compiler's name and version, the only two
 * options a writer call (ISymUnmanagedCompilerInfoWriter::AddCompilerInfo) carries. */
static bool options_beyond_compiler_info(struct corsym_span value)
{
    const uint8_t *p = value.data, *end = value.data + value.len;
    bool key = true;
    while (p < end) {
        const uint8_t *nul = memchr(p, 0, (size_t)(end - p));
        size_t len = nul ? (size_t)(nul - p) : (size_t)(end - p);
        if (key && !(len == 13 && !memcmp(p, "compiler-name", 13)) &&
            !(len == 16 && !memcmp(p, "compiler-version", 16)))
            return true;
        if (!nul)
            break;
        key = !key;
        p = nul + 1;
    }
    return false;
}

/* A Portable source's custom debug information rows that no writer call carries: counted
 * by kind from its own tables, so that a PDB without them gets no note. */
static void report_portable_cdi(const struct convert *c, const char *in)
{
    if (!c->pdb_open)
        return;
    uint32_t lost[CORSYM_CDI_KIND_COUNT] = { 0 };
    uint32_t rows = corsym_md_rows(&c->pdb, CORSYM_TBL_CUSTOM_DEBUG_INFORMATION);
    for (uint32_t row = 1; row <= rows; row++) {
        uint8_t guid[16];
        struct corsym_span value;
        if (!cli_cdi_row(&c->pdb, row, guid, &value))
            continue;
        enum corsym_cdi_kind kind = corsym_cdi_kind_from_guid(guid);
        switch (kind) {
        case CORSYM_CDI_COMPILATION_OPTIONS:
            if (options_beyond_compiler_info(value))
                lost[kind]++;
            break;
        case CORSYM_CDI_COMPILATION_METADATA_REFERENCES:
        case CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS:
        case CORSYM_CDI_PRIMARY_CONSTRUCTOR_INFORMATION:
        case CORSYM_CDI_UNKNOWN:
            lost[kind]++;
            break;
        default: /* carried: async info, hoisted scopes, dynamic/tuple locals, EnC maps,
                  * default namespace, embedded source, Source Link */
            break;
        }
    }
    if (lost[CORSYM_CDI_COMPILATION_OPTIONS])
        fprintf(stderr, "corsym: note: %s: compilation options other than the compiler's name "
                        "and version not copied (no writer call carries them)\n", in);
    for (unsigned k = 0; k < CORSYM_CDI_KIND_COUNT; k++)
        if (lost[k] && k != CORSYM_CDI_COMPILATION_OPTIONS)
            fprintf(stderr, "corsym: note: %s: %u custom debug information row(s) of kind %s "
                            "not copied (no writer call carries them)\n", in, lost[k],
                    k == CORSYM_CDI_UNKNOWN ? "unknown" : corsym_cdi_kind_name(k));
}

static void summarize(const struct convert *c)
{
    const struct losses *l = &c->lost;
    const char *in = c->o->files[0];
    report_portable_cdi(c, in);
    for (unsigned k = 0; k < 256; k++)
        if (k == 4 && l->md2_records[k])
            fprintf(stderr, "corsym: note: %s: %u iterator record(s) (MD2 ForwardIterator) "
                            "dropped: the Portable StateMachineMethod row names the state "
                            "machine's MoveNext, found in the module beside the PDB (none "
                            "there, or no such type)\n", in, l->md2_records[k]);
        else if (l->md2_records[k])
            fprintf(stderr, "corsym: note: %s: %u MD2 record(s) of kind %u have no Portable "
                            "equivalent and were dropped\n", in, l->md2_records[k], k);
#define REPORT(field, what)                                                                   \
    if (l->field)                                                                             \
        fprintf(stderr, "corsym: note: %s: %u %s\n", in, l->field, what);
    REPORT(md2_refused, "MD2 attribute(s) refused by the writer")
    REPORT(source_no_checksum, "embedded source(s) of documents without a checksum dropped "
                               "(a Windows PDB needs the checksum)")
    REPORT(source_refused, "embedded source(s) refused by the writer")
    REPORT(checksum_refused, "document checksum(s) refused by the writer")
    REPORT(points_refused, "sequence point(s) refused by the writer")
    REPORT(locals_refused, "local(s) refused by the writer")
    REPORT(constants_refused, "constant(s) refused by the writer")
    REPORT(namespaces_refused, "using namespace(s) refused by the writer")
    REPORT(async_refused, "async method description(s) refused by the writer")
    REPORT(methods_refused, "method(s) incompletely written")
    REPORT(imports_no_module, "type import(s) (using static, type aliases) not written: naming "
                              "the type needs the module's metadata (give the PE beside the PDB)")
    REPORT(imports_no_module_aliases, "module-level extern alias(es) not written: naming the "
                                      "assembly needs the module's metadata (give the PE beside "
                                      "the PDB)")
    REPORT(imports_vb_generic, "VB import(s) of a generic type instantiation not written (a VB "
                               "Windows PDB has no form for them; Roslyn writes none)")
    REPORT(imports_unknown_alias, "import(s) of an extern-aliased assembly's namespace not "
                                  "written: no extern alias in scope names the assembly")
    REPORT(imports_portable_types, "type import(s) (using static, type aliases) dropped: a "
                                   "Portable import names the type by a TypeDef/TypeRef/TypeSpec "
                                   "row, which the writer finds by name in the module beside a "
                                   "Windows PDB (none there, or no row of that name) and does "
                                   "not carry over from a Portable PDB")
    REPORT(imports_portable_aliases, "import(s) of an extern-aliased assembly's namespace "
                                     "dropped: a Portable import names the assembly by its "
                                     "AssemblyRef row, found through the module-level extern "
                                     "alias (none, or its assembly not in the module)")
    REPORT(imports_portable_module, "module-level extern alias(es) (an AssemblyRef's alias) "
                                    "dropped: a Portable import names the AssemblyRef by row, "
                                    "found by the assembly's name in the module beside a "
                                    "Windows PDB (none there, or not referenced)")
#undef REPORT
    if (l->source_server)
        fprintf(stderr, "corsym: note: %s: the source server (srcsrv) data has no place in the "
                        "target and was dropped\n", in);
    if (l->source_link_refused)
        fprintf(stderr, "corsym: note: %s: Source Link data refused by the writer\n", in);
    if (l->compiler_info_refused)
        fprintf(stderr, "corsym: note: %s: compiler information refused by the writer\n", in);
    if (l->age_dropped)
        fprintf(stderr, "corsym: note: %s: age %u cannot be kept (a Portable PDB's is always 1): "
                        "the converted PDB no longer matches the module's CodeView entry\n",
                in, (unsigned)l->age);
}

static HRESULT create_writer(struct cli_library *lib, bool portable, ISymUnmanagedWriter8 **out)
{
    return cli_library_create(lib, portable ? &CLSID_CorSymWriter_Portable : &CLSID_CorSymWriter_SxS,
                              &IID_ISymUnmanagedWriter8, (void **)out);
}

/* The stream's whole content, malloc'd. */
static bool stream_bytes(IStream *s, uint8_t **data, size_t *size)
{
    STATSTG st;
    LARGE_INTEGER zero;
    ULONG got = 0;
    memset(&st, 0, sizeof(st));
    zero.QuadPart = 0;
    if (FAILED(IStream_Stat(s, &st, STATFLAG_NONAME)) || st.cbSize.QuadPart > 0x7FFFFFFF ||
        FAILED(IStream_Seek(s, zero, STREAM_SEEK_SET, NULL)))
        return false;
    *size = (size_t)st.cbSize.QuadPart;
    *data = cli_xmalloc(*size ? *size : 1);
    if (FAILED(IStream_Read(s, *data, (ULONG)*size, &got)) || got != *size) {
        free(*data);
        *data = NULL;
        return false;
    }
    return true;
}

int cli_convert(const struct cli_options *o, struct cli_library *lib)
{
    struct cli_source source;
    if (!cli_source_open(&source, lib, o->files[0], NULL, true, NULL))
        return CLI_EXIT_FAIL;
    struct convert c;
    memset(&c, 0, sizeof(c));
    c.o = o;
    c.src = &source;
    c.to_portable = o->to == CLI_TARGET_PORTABLE;
    int status = CLI_EXIT_FAIL;
    IStream *stream = NULL;
    IUnknown *emitter = NULL;
    uint32_t *tokens = NULL;
    size_t count = 0;
    uint8_t *bytes = NULL;
    size_t size = 0;

    struct cli_pdb_id id;
    if (!cli_pdb_identity(source.reader, source.pdb_path, &id)) {
        cli_error(o->files[0], 0, "cannot read the PDB's identity");
        goto done;
    }
    HRESULT hr = cli_documents_load(source.reader, &c.docs);
    if (FAILED(hr)) {
        cli_error(o->files[0], hr, "cannot list the documents");
        goto done;
    }
    /* The writer keeps a reference until it is released, before the module is closed. */
    if (source.md)
        emitter = cli_emitter_new(source.md);
    CORSYM_PFN_CreateMemoryStream create_stream =
        (CORSYM_PFN_CreateMemoryStream)cli_library_export(lib, "CorSymCreateMemoryStream");
    if (!create_stream) {
        cli_error(lib->path, 0, "the library has no CorSymCreateMemoryStream export");
        goto done;
    }
    if (FAILED(hr = create_stream(NULL, 0, &stream)) ||
        FAILED(hr = create_writer(lib, c.to_portable, &c.w)) ||
        FAILED(hr = ISymUnmanagedWriter8_InitializeDeterministic(c.w, emitter, (IUnknown *)stream))) {
        cli_error(NULL, hr, "cannot create the %s writer", c.to_portable ? "Portable" : "Windows");
        goto done;
    }
    GUID guid;
    memcpy(&guid, id.guid, 16);
    uint32_t age = id.age ? id.age : 1;
    /* A Portable PDB matches its module by GUID and the CodeView entry's stamp, a Windows PDB
     * by GUID and age: the stamp in a Windows PDB's info stream need not equal the module's
     * (VBConsApp's differs by 2), so a Portable result takes the module's. */
    struct cli_codeview cv;
    if (c.to_portable && source.pe_path && cli_image_codeview(&source.image, &cv)) {
        if (!memcmp(cv.guid, id.guid, 16) && cv.age == age)
            id.stamp = cv.stamp;
        free(cv.path);
    }
    if (c.to_portable && age != 1) {
        c.lost.age_dropped = true;
        c.lost.age = age;
        age = 1;
    }
    if (FAILED(hr = ISymUnmanagedWriter8_UpdateSignature(c.w, guid, id.stamp, (int)age))) {
        cli_error(NULL, hr, "the writer refused the PDB's identity");
        goto done;
    }

    c.wdocs = calloc(c.docs.count ? c.docs.count : 1, sizeof(*c.wdocs));
    if (!c.wdocs)
        cli_oom();
    for (ULONG32 i = 0; i < c.docs.count; i++)
        document(&c, i);

    const uint8_t *portable = NULL;
    size_t portable_size = 0;
    if (cli_source_portable_bytes(&source, &portable, &portable_size))
        c.pdb_open = corsym_md_open(&c.pdb, corsym_span_make(portable, portable_size)) == CORSYM_OK;
    else
        portable = NULL;
    /* A Portable source's imports are written from its rows as a Windows PDB's strings, which
     * the Portable writer turns back into rows through the same module. */
    if (c.pdb_open && (!c.to_portable || source.md)) {
        c.own_imports = true;
        c.vb = cli_imports_vb(&c.pdb);
        if (source.md) {
            corsym_md_view_init(&c.module_view, source.md);
            corsym_type_namer_init(&c.imports_namer, &c.module_view, !c.vb);
        }
        c.counted_scopes = calloc((size_t)corsym_md_rows(&c.pdb, CORSYM_TBL_IMPORT_SCOPE) + 1, 1);
        if (!c.counted_scopes)
            cli_oom();
        cli_imports_module_aliases(&c.pdb, source.md, &c.aliases);
        if (!source.md) {
            unsigned kinds[10];
            cli_imports_count_kinds(&c.pdb, kinds);
            c.lost.imports_no_module_aliases = kinds[6];
        }
    } else if (c.pdb_open) {
        /* Portable -> Portable without the module goes through the reader's namespace
         * strings, which leave out what needs the module's metadata to be named, and the
         * writer could not find the rows back from names anyway. */
        unsigned kinds[10];
        cli_imports_count_kinds(&c.pdb, kinds);
        c.lost.imports_portable_types = kinds[3] + kinds[9];
        c.lost.imports_portable_aliases = kinds[2] + kinds[8];
        c.lost.imports_portable_module = kinds[6];
    }
    tokens = cli_method_tokens(source.reader, &c.docs,
                               source.md ? corsym_md_rows(source.md, CORSYM_TBL_METHOD_DEF) : 0,
                               portable, portable_size, &count);
    for (size_t i = 0; i < count; i++)
        method(&c, tokens[i]);
    module_data(&c);
    count_alias_import_losses(&c);

    if (FAILED(hr = ISymUnmanagedWriter8_Close(c.w))) {
        cli_error(o->files[1], hr, "the writer could not write the PDB");
        goto done;
    }
    if (!stream_bytes(stream, &bytes, &size)) {
        cli_error(o->files[1], 0, "cannot read back what the writer wrote");
        goto done;
    }
    struct cli_output out;
    if (!cli_output_open(&out, o->files[1]))
        goto done;
    if (fwrite(bytes, 1, size, out.f) != size) {
        cli_error(o->files[1], 0, "cannot write");
        cli_output_discard(&out);
        goto done;
    }
    if (!cli_output_commit(&out))
        goto done;
    summarize(&c);
    status = CLI_EXIT_OK;
done:
    if (c.w) {
        if (status != CLI_EXIT_OK)
            ISymUnmanagedWriter8_Abort(c.w);
        ISymUnmanagedWriter8_Release(c.w);
    }
    if (c.wdocs) {
        for (ULONG32 i = 0; i < c.docs.count; i++)
            if (c.wdocs[i])
                ISymUnmanagedDocumentWriter_Release(c.wdocs[i]);
        free(c.wdocs);
    }
    if (stream)
        IStream_Release(stream);
    if (emitter)
        IUnknown_Release(emitter);
    free(bytes);
    free(tokens);
    cli_imports_free(&c.imports);
    cli_imports_free(&c.aliases);
    free(c.counted_scopes);
    for (int i = 0; i < 2; i++)
        corsym_type_index_free(&c.module_types[i]);
    if (c.iterator_namer_ready)
        corsym_type_namer_free(&c.iterator_namer);
    corsym_type_namer_free(&c.imports_namer); /* zeroed when never initialised */
    free_strings(c.extern_aliases, c.extern_alias_count);
    free_strings(c.used_aliases, c.used_alias_count);
    cli_documents_free(&c.docs);
    cli_source_close(&source);
    return status;
}
