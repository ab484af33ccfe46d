/* SPDX-License-Identifier: MIT */
/*
 * corsym dump: the symbols as PdbToXml (dotnet/symreader-converter) shows them, read only
 * through the ISymUnmanaged* API. Names come from the module's metadata when there is a
 * module; without one, methods are identified by token.
 *
 * Custom debug information comes as PdbToXml reads it: a Windows PDB's MD2 attribute through
 * GetSymAttribute, a Portable PDB's rows from the bytes GetPortableDebugMetadata hands out.
 * Left out: Pdb2Xml's /delta (EnC delta PDBs are dumped like any other).
 */
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cdata.h"
#include "cdi.h"
#include "cli.h"
#include "constant.h"
#include "dump.h"
#include "names.h"
#include "namespaces.h"
#include "output.h"
#include "source.h"
#include "symbols.h"

#define HIDDEN_LINE 0xFEEFEEu

struct dump {
    const struct cli_options *options;
    struct cli_source *source;
    const struct corsym_md *md;
    struct cli_documents docs;
    struct corsym_md pdb; /* a Portable PDB's own tables, when pdb_open */
    bool pdb_open;
    unsigned long deep_scopes; /* subtrees below CLI_MAX_SCOPE_DEPTH, left out */
};

/* The id of the first document with this name: PdbToXml numbers names, not objects, so a
 * duplicate name keeps its first id (and still uses up a number); 0 for none. */
static int document_id(const struct dump *d, const char *name)
{
    const ULONG32 *positions;
    return cli_documents_named(&d->docs, name, &positions) ? (int)positions[0] + 1 : 0;
}

static const char *language_name(const GUID *g, char buf[37])
{
    if (IsEqualGUID(g, &CorSym_LanguageType_CSharp))
        return "C#";
    if (IsEqualGUID(g, &CorSym_LanguageType_Basic))
        return "VB";
    if (IsEqualGUID(g, &CorSym_LanguageType_FSharp))
        return "F#";
    cli_guid_text((const uint8_t *)g, buf);
    return buf;
}

static const char *hash_name(const GUID *g, char buf[37])
{
    if (IsEqualGUID(g, &CorSym_SourceHash_SHA1))
        return "SHA1";
    if (IsEqualGUID(g, &CorSym_SourceHash_SHA256))
        return "SHA256";
    cli_guid_text((const uint8_t *)g, buf);
    return buf;
}

/* The embedded source record is a 4-byte format (0 raw, else the inflated size) and the
 * text, raw or deflated; PdbToXml shows the text. */
static bool embedded_text(const uint8_t *record, size_t len, char **text, size_t *text_len)
{
    if (len < 4)
        return false;
    int32_t format = (int32_t)((uint32_t)record[0] | (uint32_t)record[1] << 8 |
                               (uint32_t)record[2] << 16 | (uint32_t)record[3] << 24);
    if (format == 0) {
        *text = cli_xstrndup((const char *)record + 4, len - 4);
        *text_len = len - 4;
        return true;
    }
    if (format < 0)
        return false;
    char *out = cli_xmalloc((size_t)format + 1);
    z_stream z;
    memset(&z, 0, sizeof(z));
    bool ok = inflateInit2(&z, -15) == Z_OK;
    if (ok) {
        z.next_in = (Bytef *)(record + 4);
        z.avail_in = (uInt)(len - 4);
        z.next_out = (Bytef *)out;
        z.avail_out = (uInt)format;
        ok = inflate(&z, Z_FINISH) == Z_STREAM_END && z.total_out == (uLong)format;
        inflateEnd(&z);
    }
    if (!ok) {
        free(out);
        return false;
    }
    out[format] = 0;
    *text = out;
    *text_len = (size_t)format;
    return true;
}

static void add_source(struct cli_node *file, ISymUnmanagedDocument *doc)
{
    ULONG32 n = 0;
    /* The size comes from GetSourceLength: a zero-size GetSourceRange answers 0. */
    if (FAILED(ISymUnmanagedDocument_GetSourceLength(doc, &n)) || !n)
        return;
    uint8_t *record = cli_xmalloc(n);
    char *text;
    size_t len;
    if (SUCCEEDED(ISymUnmanagedDocument_GetSourceRange(doc, 0, 0, 0x7FFFFFFF, 0x7FFFFFFF, n, &n, record)) &&
        embedded_text(record, n, &text, &len)) {
        cli_node_cdata(file, (const uint8_t *)text, len);
        free(text);
    }
    free(record);
}

static struct cli_node *files(struct dump *d)
{
    struct cli_node *list = cli_node_list("files");
    for (ULONG32 i = 0; i < d->docs.count; i++) {
        ISymUnmanagedDocument *doc = d->docs.items[i];
        struct cli_node *f = cli_node_add(list, "file");
        char buf[37];
        GUID g;
        cli_attr_dec(f, "id", document_id(d, d->docs.names[i]));
        cli_attr_str(f, "name", d->docs.names[i]);
        memset(&g, 0, sizeof(g));
        ISymUnmanagedDocument_GetLanguage(doc, &g);
        cli_attr_str(f, "language", language_name(&g, buf));
        memset(&g, 0, sizeof(g));
        if (SUCCEEDED(ISymUnmanagedDocument_GetLanguageVendor(doc, &g)) &&
            !IsEqualGUID(&g, &CorSym_LanguageVendor_Microsoft)) {
            cli_guid_text((const uint8_t *)&g, buf);
            cli_attr_str(f, "languageVendor", buf);
        }
        memset(&g, 0, sizeof(g));
        if (SUCCEEDED(ISymUnmanagedDocument_GetDocumentType(doc, &g)) &&
            !IsEqualGUID(&g, &CorSym_DocumentType_Text)) {
            cli_guid_text((const uint8_t *)&g, buf);
            cli_attr_str(f, "documentType", buf);
        }
        static const GUID none;
        memset(&g, 0, sizeof(g));
        ULONG32 n = 0;
        if (SUCCEEDED(ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, &g)) &&
            !IsEqualGUID(&g, &none) &&
            SUCCEEDED(ISymUnmanagedDocument_GetCheckSum(doc, 0, &n, NULL)) && n) {
            BYTE *sum = cli_xmalloc(n);
            if (SUCCEEDED(ISymUnmanagedDocument_GetCheckSum(doc, n, &n, sum))) {
                char *hex = cli_xmalloc(n * 3 + 1);
                for (ULONG32 k = 0; k < n; k++)
                    sprintf(hex + (k ? k * 3 - 1 : 0), k ? "-%02X" : "%02X", sum[k]);
                cli_attr_str(f, "checksumAlgorithm", hash_name(&g, buf));
                cli_attr_str(f, "checksum", hex);
                free(hex);
            }
            free(sum);
        }
        /* PdbToXml shows either the text (/sources) or that there is some. */
        BOOL embedded = FALSE;
        if (SUCCEEDED(ISymUnmanagedDocument_HasEmbeddedSource(doc, &embedded)) && embedded) {
            if (d->options->source)
                add_source(f, doc);
            else
                cli_attr_str(f, "hasEmbeddedSource", "true");
        }
    }
    return list;
}

static void sequence_points(struct dump *d, struct cli_node *method, ISymUnmanagedMethod *m)
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
        struct cli_node *list = cli_node_list("sequencePoints");
        cli_node_append(method, list);
        ISymUnmanagedDocument *last = NULL;
        int last_id = 0;
        for (ULONG32 i = 0; i < n; i++) {
            struct cli_node *e = cli_node_add(list, "entry");
            cli_attr_hex(e, "offset", offsets[i]);
            if (lines[i] == HIDDEN_LINE) {
                bool valid = end_lines[i] == lines[i] && columns[i] == 0 && end_columns[i] == 0;
                cli_attr_str(e, "hidden", valid ? "true" : "invalid");
            } else {
                cli_attr_dec(e, "startLine", lines[i]);
                cli_attr_dec(e, "startColumn", columns[i]);
                cli_attr_dec(e, "endLine", end_lines[i]);
                cli_attr_dec(e, "endColumn", end_columns[i]);
            }
            if (docs[i] && docs[i] != last) {
                char *name = cli_document_url(docs[i]);
                last = docs[i];
                last_id = document_id(d, name);
                free(name);
            }
            if (last_id)
                cli_attr_dec(e, "document", last_id);
            else
                cli_attr_str(e, "document", "?");
        }
    }
    for (ULONG32 i = 0; i < n; i++)
        if (docs[i])
            ISymUnmanagedDocument_Release(docs[i]);
    free(docs);
    free(v);
}


static void release_all(IUnknown **items, ULONG32 n)
{
    for (ULONG32 i = 0; i < n; i++)
        IUnknown_Release(items[i]);
    free(items);
}

static ISymUnmanagedVariable **scope_locals(ISymUnmanagedScope *s, ULONG32 *n)
{
    ISymUnmanagedVariable **items = NULL;
    ULONG32 count = 0;
    *n = 0;
    if (FAILED(ISymUnmanagedScope_GetLocals(s, 0, &count, NULL)) || !count)
        return NULL;
    items = cli_xmalloc(count * sizeof(*items));
    if (FAILED(ISymUnmanagedScope_GetLocals(s, count, &count, items))) {
        free(items);
        return NULL;
    }
    *n = count;
    return items;
}

static ISymUnmanagedScope **scope_children(ISymUnmanagedScope *s, ULONG32 *n)
{
    ISymUnmanagedScope **items = NULL;
    ULONG32 count = 0;
    *n = 0;
    if (FAILED(ISymUnmanagedScope_GetChildren(s, 0, &count, NULL)) || !count)
        return NULL;
    items = cli_xmalloc(count * sizeof(*items));
    if (FAILED(ISymUnmanagedScope_GetChildren(s, count, &count, items))) {
        free(items);
        return NULL;
    }
    *n = count;
    return items;
}

/* A Portable PDB's imports are scope namespaces in corsym, but not in Microsoft's portable
 * reader, whose answers PdbToXml prints: the dump leaves them out there. */
static ISymUnmanagedNamespace **scope_namespaces(const struct dump *d, ISymUnmanagedScope *s,
                                                 ULONG32 *n)
{
    ISymUnmanagedNamespace **items = NULL;
    ULONG32 count = 0;
    const uint8_t *portable;
    size_t portable_size;
    *n = 0;
    if (d->options->no_namespaces ||
        cli_source_portable_bytes(d->source, &portable, &portable_size))
        return NULL;
    if (FAILED(ISymUnmanagedScope_GetNamespaces(s, 0, &count, NULL)) || !count)
        return NULL;
    items = cli_xmalloc(count * sizeof(*items));
    if (FAILED(ISymUnmanagedScope_GetNamespaces(s, count, &count, items))) {
        free(items);
        return NULL;
    }
    *n = count;
    return items;
}

static ISymUnmanagedConstant **scope_constants(ISymUnmanagedScope *s, ULONG32 *n)
{
    ISymUnmanagedScope2 *s2 = NULL;
    ISymUnmanagedConstant **items = NULL;
    ULONG32 count = 0;
    *n = 0;
    if (FAILED(ISymUnmanagedScope_QueryInterface(s, &IID_ISymUnmanagedScope2, (void **)&s2)))
        return NULL;
    if (SUCCEEDED(ISymUnmanagedScope2_GetConstants(s2, 0, &count, NULL)) && count) {
        items = cli_xmalloc(count * sizeof(*items));
        if (FAILED(ISymUnmanagedScope2_GetConstants(s2, count, &count, items))) {
            free(items);
            items = NULL;
        }
    }
    ISymUnmanagedScope2_Release(s2);
    *n = items ? count : 0;
    return items;
}

static char *variable_name(ISymUnmanagedVariable *v)
{
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedVariable_GetName(v, 0, &n, NULL)) || !n)
        return cli_xstrndup("", 0);
    WCHAR *buf = cli_xmalloc((n + 1) * sizeof(WCHAR));
    if (FAILED(ISymUnmanagedVariable_GetName(v, n, &n, buf)))
        n = 0;
    size_t len = 0;
    while (len < n && buf[len])
        len++;
    char *name = cli_narrow(buf, len);
    free(buf);
    return name;
}

static void scope(struct dump *d, struct cli_node *parent, ISymUnmanagedScope *s, bool root,
                  unsigned depth)
{
    if (depth > CLI_MAX_SCOPE_DEPTH) {
        d->deep_scopes++;
        return;
    }
    struct cli_node *n = cli_node_add(parent, root ? "rootScope" : "scope");
    ULONG32 start = 0, end = 0, count;
    ISymUnmanagedScope_GetStartOffset(s, &start);
    ISymUnmanagedScope_GetEndOffset(s, &end);
    cli_attr_hex(n, "startOffset", start);
    cli_attr_hex(n, "endOffset", end);

    ISymUnmanagedNamespace **namespaces = scope_namespaces(d, s, &count);
    for (ULONG32 i = 0; i < count; i++)
        cli_namespace_node(n, namespaces[i], d->md, d->options->tokens);
    release_all((IUnknown **)namespaces, count);

    ISymUnmanagedVariable **locals = scope_locals(s, &count);
    for (ULONG32 i = 0; i < count; i++) {
        struct cli_node *l = cli_node_add(n, "local");
        char *name = variable_name(locals[i]);
        ULONG32 slot = 0, attributes = 0;
        ISymUnmanagedVariable_GetAddressField1(locals[i], &slot);
        ISymUnmanagedVariable_GetAttributes(locals[i], &attributes);
        cli_attr_str(l, "name", name);
        cli_attr_dec(l, "il_index", slot);
        cli_attr_hex(l, "il_start", start);
        cli_attr_hex(l, "il_end", end);
        cli_attr_dec(l, "attributes", attributes);
        free(name);
    }
    release_all((IUnknown **)locals, count);

    ISymUnmanagedConstant **constants = scope_constants(s, &count);
    for (ULONG32 i = 0; i < count; i++)
        cli_constant_attrs(cli_node_add(n, "constant"), constants[i], d->md);
    release_all((IUnknown **)constants, count);

    ISymUnmanagedScope **children = scope_children(s, &count);
    for (ULONG32 i = 0; i < count; i++)
        scope(d, n, children[i], false, depth + 1);
    release_all((IUnknown **)children, count);
}

/* The root scope stands for the whole method and is normally empty: then only its children
 * are shown, as PdbToXml does. */
static void scopes(struct dump *d, struct cli_node *method, ISymUnmanagedScope *root)
{
    ULONG32 namespaces = 0, locals = 0, constants = 0, children = 0;
    /* Separate statements: the count is set by the call, and C leaves the order in which a
     * call's arguments are evaluated unspecified. */
    ISymUnmanagedNamespace **ns = scope_namespaces(d, root, &namespaces);
    release_all((IUnknown **)ns, namespaces);
    ISymUnmanagedVariable **vars = scope_locals(root, &locals);
    release_all((IUnknown **)vars, locals);
    ISymUnmanagedConstant **consts = scope_constants(root, &constants);
    release_all((IUnknown **)consts, constants);
    if (namespaces || locals || constants) {
        scope(d, method, root, true, 0);
        return;
    }
    ISymUnmanagedScope **kids = scope_children(root, &children);
    for (ULONG32 i = 0; i < children; i++)
        scope(d, method, kids[i], false, 1);
    release_all((IUnknown **)kids, children);
}

static void async_info(struct dump *d, struct cli_node *method, ISymUnmanagedAsyncMethod *a)
{
    struct cli_node *n = cli_node_add(method, "asyncInfo");
    BOOL has_catch = FALSE;
    ULONG32 offset = 0, count = 0;
    mdToken kickoff = 0;
    if (SUCCEEDED(ISymUnmanagedAsyncMethod_HasCatchHandlerILOffset(a, &has_catch)) && has_catch &&
        SUCCEEDED(ISymUnmanagedAsyncMethod_GetCatchHandlerILOffset(a, &offset)))
        cli_attr_hex(cli_node_add(n, "catchHandler"), "offset", offset);
    ISymUnmanagedAsyncMethod_GetKickoffMethod(a, &kickoff);
    cli_method_attrs(cli_node_add(n, "kickoffMethod"), d->md, kickoff, true, d->options->tokens);
    if (FAILED(ISymUnmanagedAsyncMethod_GetAsyncStepInfoCount(a, &count)) || !count)
        return;
    ULONG32 *yields = cli_xmalloc(count * sizeof(ULONG32)), *resumes = cli_xmalloc(count * sizeof(ULONG32));
    mdToken *methods = cli_xmalloc(count * sizeof(mdToken));
    if (SUCCEEDED(ISymUnmanagedAsyncMethod_GetAsyncStepInfo(a, count, &count, yields, resumes, methods))) {
        for (ULONG32 i = 0; i < count; i++) {
            struct cli_node *w = cli_node_add(n, "await");
            cli_attr_hex(w, "yield", yields[i]);
            cli_attr_hex(w, "resume", resumes[i]);
            cli_method_attrs(w, d->md, methods[i], true, d->options->tokens);
        }
    }
    free(yields);
    free(resumes);
    free(methods);
}

/* NULL when the reader has nothing for the method: no symbols and no custom debug info,
 * PdbToXml's rule. */
/* PdbToXml's /methodSpans: per document (GetDocuments order), the methods it lists and, per
 * document of each method, the lines the method spans there. */
static void method_spans(struct dump *d, struct cli_writer *w)
{
    struct cli_node *spans = cli_node_list("method-spans");
    ISymUnmanagedReader2 *r2 = NULL;
    cli_write_begin(w, spans);
    if (FAILED(ISymUnmanagedReader_QueryInterface(d->source->reader, &IID_ISymUnmanagedReader2,
                                                  (void **)&r2)))
        r2 = NULL;
    for (ULONG32 i = 0; r2 && i < d->docs.count; i++) {
        ULONG32 n = 0;
        if (FAILED(ISymUnmanagedReader2_GetMethodsInDocument(r2, d->docs.items[i], 0, &n, NULL)) || !n)
            continue;
        ISymUnmanagedMethod **methods = cli_xmalloc(n * sizeof(*methods));
        if (FAILED(ISymUnmanagedReader2_GetMethodsInDocument(r2, d->docs.items[i], n, &n, methods)))
            n = 0;
        for (ULONG32 k = 0; k < n; k++) {
            struct cli_node *m = cli_node_new("method");
            mdMethodDef token = 0;
            ISymUnmanagedMethod_GetToken(methods[k], &token);
            cli_method_attrs(m, d->md, token, true, d->options->tokens);
            ISymENCUnmanagedMethod *enc = NULL;
            ULONG32 count = 0;
            if (SUCCEEDED(ISymUnmanagedMethod_QueryInterface(methods[k], &IID_ISymENCUnmanagedMethod,
                                                             (void **)&enc))) {
                if (SUCCEEDED(ISymENCUnmanagedMethod_GetDocumentsForMethodCount(enc, &count)) && count) {
                    ISymUnmanagedDocument **docs = calloc(count, sizeof(*docs));
                    if (!docs)
                        cli_oom();
                    if (FAILED(ISymENCUnmanagedMethod_GetDocumentsForMethod(enc, count, &count, docs)))
                        count = 0;
                    for (ULONG32 j = 0; j < count; j++) {
                        ULONG32 start = 0, end = 0;
                        ISymENCUnmanagedMethod_GetSourceExtentInDocument(enc, docs[j], &start, &end);
                        struct cli_node *doc = cli_node_add(m, "document");
                        cli_attr_dec(doc, "startLine", start);
                        cli_attr_dec(doc, "endLine", end);
                    }
                    for (ULONG32 j = 0; j < count; j++)
                        if (docs[j])
                            ISymUnmanagedDocument_Release(docs[j]);
                    free(docs);
                }
                ISymENCUnmanagedMethod_Release(enc);
            }
            cli_write_child(w, m);
            cli_node_free(m);
        }
        release_all((IUnknown **)methods, n);
    }
    if (r2)
        ISymUnmanagedReader2_Release(r2);
    cli_write_end(w, spans);
    cli_node_free(spans);
}

/* Reader4::GetSourceServerData answers the Source Link JSON (Microsoft.DiaSymReader's
 * GetRawSourceLinkData asks it); ISymUnmanagedSourceServerModule the srcsvr stream, which
 * only a Windows PDB has (the managed Portable reader PdbToXml uses does not offer it). */
static void source_server(struct dump *d, struct cli_writer *w)
{
    ISymUnmanagedReader4 *r4 = NULL;
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(d->source->reader, &IID_ISymUnmanagedReader4,
                                                     (void **)&r4))) {
        BYTE *data = NULL;
        int size = 0;
        if (ISymUnmanagedReader4_GetSourceServerData(r4, &data, &size) == S_OK && data && size > 0) {
            struct cli_node *n = cli_node_new("sourceLink");
            cli_node_cdata(n, data, (size_t)size);
            cli_write_child(w, n);
            cli_node_free(n);
        }
        ISymUnmanagedReader4_Release(r4);
    }
    ISymUnmanagedSourceServerModule *ssm = NULL;
    if (!d->pdb_open && SUCCEEDED(ISymUnmanagedReader_QueryInterface(d->source->reader,
                                                     &IID_ISymUnmanagedSourceServerModule,
                                                     (void **)&ssm))) {
        ULONG size = 0;
        BYTE *data = NULL;
        if (ISymUnmanagedSourceServerModule_GetSourceServerData(ssm, &size, &data) == S_OK && data &&
            size) {
            struct cli_node *n = cli_node_new("srcsvr");
            cli_node_cdata(n, data, size);
            cli_write_child(w, n);
            cli_node_free(n);
        }
#ifdef _WIN32
        CoTaskMemFree(data);
#else
        free(data); /* CoTaskMemFree is free() off Windows, as in CoreCLR's PAL */
#endif
        ISymUnmanagedSourceServerModule_Release(ssm);
    }
}

/* Pdb2Xml's default IncludeModuleDebugInfo: a Portable PDB's module rows, a Windows PDB's
 * compiler (the managed Portable reader PdbToXml uses has no ISymUnmanagedCompilerInfoReader). */
static void module_info(struct dump *d, struct cli_writer *w)
{
    if (d->pdb_open) {
        struct cli_node *cdi = cli_cdi_module(&d->pdb);
        if (cdi)
            cli_write_child(w, cdi);
        cli_node_free(cdi);
        return;
    }
    ISymUnmanagedCompilerInfoReader *ci = NULL;
    if (FAILED(ISymUnmanagedReader_QueryInterface(d->source->reader,
                                                  &IID_ISymUnmanagedCompilerInfoReader, (void **)&ci)))
        return;
    USHORT v[4] = { 0, 0, 0, 0 };
    ULONG32 n = 0;
    if (SUCCEEDED(ISymUnmanagedCompilerInfoReader_GetCompilerInfo(ci, &v[0], &v[1], &v[2], &v[3], 0,
                                                                  &n, NULL)) && n) {
        WCHAR *name = cli_xmalloc((n + 1) * sizeof(WCHAR));
        if (SUCCEEDED(ISymUnmanagedCompilerInfoReader_GetCompilerInfo(ci, &v[0], &v[1], &v[2], &v[3],
                                                                      n, &n, name))) {
            size_t len = 0;
            while (len < n && name[len])
                len++;
            char version[32], *text = cli_narrow(name, len);
            snprintf(version, sizeof(version), "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
            struct cli_node *e = cli_node_new("compilerInfo");
            cli_attr_str(e, "version", version);
            cli_attr_str(e, "name", text);
            cli_write_child(w, e);
            cli_node_free(e);
            free(text);
        }
        free(name);
    }
    ISymUnmanagedCompilerInfoReader_Release(ci);
}

static struct cli_node *method(struct dump *d, uint32_t token)
{
    ISymUnmanagedMethod *m = NULL;
    struct cli_node *cdi = d->pdb_open ? cli_cdi_portable(&d->pdb, token)
                                       : cli_cdi_windows(d->source->reader, token, d->md,
                                                         d->options->tokens);
    if (FAILED(ISymUnmanagedReader_GetMethod(d->source->reader, token, &m)))
        m = NULL;
    if (!m && !cdi)
        return NULL;
    struct cli_node *n = cli_node_new("method");
    cli_method_attrs(n, d->md, token, false, d->options->tokens);
    if (cdi)
        cli_node_append(n, cdi);
    if (!m)
        return n;
    sequence_points(d, n, m);
    ISymUnmanagedScope *root = NULL;
    if (SUCCEEDED(ISymUnmanagedMethod_GetRootScope(m, &root)) && root) {
        scopes(d, n, root);
        ISymUnmanagedScope_Release(root);
    }
    ISymUnmanagedAsyncMethod *a = NULL;
    BOOL is_async = FALSE;
    if (SUCCEEDED(ISymUnmanagedMethod_QueryInterface(m, &IID_ISymUnmanagedAsyncMethod, (void **)&a))) {
        if (SUCCEEDED(ISymUnmanagedAsyncMethod_IsAsyncMethod(a, &is_async)) && is_async)
            async_info(d, n, a);
        ISymUnmanagedAsyncMethod_Release(a);
    }
    ISymUnmanagedMethod_Release(m);
    return n;
}

int cli_dump(const struct cli_options *o, struct cli_library *lib)
{
    struct cli_source source;
    if (!cli_source_open(&source, lib, o->files[0], o->file_count > 1 ? o->files[1] : NULL, true,
                         NULL))
        return CLI_EXIT_FAIL;
    struct dump d = { .options = o, .source = &source, .md = source.md };
    const uint8_t *portable = NULL;
    size_t portable_size = 0;
    if (cli_source_portable_bytes(&source, &portable, &portable_size))
        d.pdb_open = corsym_md_open(&d.pdb, corsym_span_make(portable, portable_size)) == CORSYM_OK;
    else
        portable = NULL;
    int status = CLI_EXIT_FAIL;
    uint32_t *tokens = NULL;
    size_t count = 0;
    struct cli_output out;
    HRESULT hr = cli_documents_load(source.reader, &d.docs);
    if (FAILED(hr)) {
        cli_error(o->files[0], hr, "cannot list the documents");
        goto done;
    }
    if (o->has_method) {
        struct cli_node *probe = method(&d, o->method);
        if (!probe) {
            cli_error(o->files[0], E_FAIL, "no symbols for method 0x%08x", (unsigned)o->method);
            goto done;
        }
        cli_node_free(probe);
        tokens = cli_xmalloc(sizeof(*tokens));
        tokens[0] = o->method;
        count = 1;
    } else {
        tokens = cli_method_tokens(source.reader, &d.docs,
                                   d.md ? corsym_md_rows(d.md, CORSYM_TBL_METHOD_DEF) : 0,
                                   portable, portable_size, &count);
    }
    if (!cli_output_open(&out, o->output))
        goto done;

    struct cli_writer w;
    cli_writer_init(&w, o->format, out.f);
    struct cli_node *root = cli_node_new("symbols");
    cli_write_begin(&w, root);
    struct cli_node *f = files(&d);
    if (f->kid_count)
        cli_write_child(&w, f);
    cli_node_free(f);
    mdMethodDef entry = 0;
    /* --method selects the methods only, as Pdb2Xml's method filter does: the documents, the
     * entry point and the module's information are written as for the whole PDB. */
    if (SUCCEEDED(ISymUnmanagedReader_GetUserEntryPoint(source.reader, &entry)) && entry) {
        struct cli_node *e = cli_node_new("entryPoint");
        cli_method_attrs(e, d.md, entry, true, o->tokens);
        cli_write_child(&w, e);
        cli_node_free(e);
    }
    struct cli_node *methods = cli_node_list("methods");
    cli_write_begin(&w, methods);
    for (size_t i = 0; i < count; i++) {
        struct cli_node *m = method(&d, tokens[i]);
        if (m)
            cli_write_child(&w, m);
        cli_node_free(m);
    }
    cli_write_end(&w, methods);
    cli_node_free(methods);
    if (o->method_spans)
        method_spans(&d, &w);
    if (o->srcsvr)
        source_server(&d, &w);
    module_info(&d, &w);
    cli_write_end(&w, root);
    cli_node_free(root);
    status = cli_output_commit(&out) ? CLI_EXIT_OK : CLI_EXIT_FAIL;
    if (d.deep_scopes)
        fprintf(stderr, "corsym: note: %s: %lu scope subtree(s) nested more than %d levels "
                        "deep not shown\n", o->files[0], d.deep_scopes, CLI_MAX_SCOPE_DEPTH);
done:
    free(tokens);
    cli_documents_free(&d.docs);
    cli_source_close(&source);
    return status;
}
