/* SPDX-License-Identifier: MIT */
/* writer_ops over a DLL's ISymUnmanagedWriter8 (writer_ops.h). */
#define COBJMACROS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer_ops.h"

#define MAX_DOCS 64

struct com_state {
    HMODULE dll;
    int log;
    ISymUnmanagedWriter8 *writer;
    IUnknown *metadata;
    ISymUnmanagedDocumentWriter *docs[MAX_DOCS];
    unsigned doc_count;
};

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

static struct com_state *S(struct writer_ops *w)
{
    return w->state;
}

static void release_all(struct com_state *s)
{
    for (unsigned i = 0; i < s->doc_count; i++)
        ISymUnmanagedDocumentWriter_Release(s->docs[i]);
    s->doc_count = 0;
    if (s->writer)
        ISymUnmanagedWriter8_Release(s->writer);
    s->writer = NULL;
    if (s->metadata)
        IUnknown_Release(s->metadata);
    s->metadata = NULL;
}

static HRESULT com_begin(struct writer_ops *w, const struct writer_md *md, const WCHAR *path)
{
    struct com_state *s = S(w);
    release_all(s);
    get_class_object_fn get = (get_class_object_fn)(void *)GetProcAddress(s->dll, "DllGetClassObject");
    IClassFactory *factory = NULL;
    HRESULT hr = get ? get(&CLSID_CorSymWriter_SxS, &IID_IClassFactory, (void **)&factory) : E_FAIL;
    if (FAILED(hr))
        return hr;
    hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedWriter8,
                                      (void **)&s->writer);
    IClassFactory_Release(factory);
    if (FAILED(hr))
        return hr;
    s->metadata = writer_metadata_new(md, s->log);
    return ISymUnmanagedWriter8_Initialize(s->writer, s->metadata, path, NULL, TRUE);
}

static HRESULT com_define_document(struct writer_ops *w, const WCHAR *url, const GUID *language,
                                   const GUID *vendor, const GUID *type, unsigned *doc)
{
    struct com_state *s = S(w);
    if (s->doc_count == MAX_DOCS)
        return E_OUTOFMEMORY;
    ISymUnmanagedDocumentWriter *d = NULL;
    HRESULT hr = ISymUnmanagedWriter8_DefineDocument(s->writer, url, language, vendor, type, &d);
    if (SUCCEEDED(hr)) {
        *doc = s->doc_count;
        s->docs[s->doc_count++] = d;
    }
    return hr;
}

static HRESULT com_set_checksum(struct writer_ops *w, unsigned doc, const GUID *algorithm,
                                const BYTE *data, ULONG32 size)
{
    return ISymUnmanagedDocumentWriter_SetCheckSum(S(w)->docs[doc], *algorithm, size,
                                                   (BYTE *)data);
}

static HRESULT com_set_source(struct writer_ops *w, unsigned doc, const BYTE *data, ULONG32 size)
{
    return ISymUnmanagedDocumentWriter_SetSource(S(w)->docs[doc], size, (BYTE *)data);
}

static HRESULT com_set_entry_point(struct writer_ops *w, uint32_t token)
{
    return ISymUnmanagedWriter8_SetUserEntryPoint(S(w)->writer, token);
}

static HRESULT com_open_method(struct writer_ops *w, uint32_t token)
{
    return ISymUnmanagedWriter8_OpenMethod(S(w)->writer, token);
}

static HRESULT com_close_method(struct writer_ops *w)
{
    return ISymUnmanagedWriter8_CloseMethod(S(w)->writer);
}

static HRESULT com_open_scope(struct writer_ops *w, ULONG32 start)
{
    ULONG32 id;
    return ISymUnmanagedWriter8_OpenScope(S(w)->writer, start, &id);
}

static HRESULT com_close_scope(struct writer_ops *w, ULONG32 end)
{
    return ISymUnmanagedWriter8_CloseScope(S(w)->writer, end);
}

static HRESULT com_define_local(struct writer_ops *w, const WCHAR *name, ULONG32 attributes,
                                uint32_t sig_token, ULONG32 slot, ULONG32 start, ULONG32 end)
{
    return ISymUnmanagedWriter8_DefineLocalVariable2(S(w)->writer, name, attributes, sig_token,
                                                     1 /* ADDR_IL_OFFSET */, slot, 0, 0, start,
                                                     end);
}

static HRESULT com_define_parameter(struct writer_ops *w, const WCHAR *name, ULONG32 sequence,
                                    ULONG32 slot)
{
    return ISymUnmanagedWriter8_DefineParameter(S(w)->writer, name, 0, sequence, 1, slot, 0, 0);
}

static HRESULT com_define_constant(struct writer_ops *w, const WCHAR *name, VARIANT value,
                                   uint32_t sig_token)
{
    return ISymUnmanagedWriter8_DefineConstant2(S(w)->writer, name, value, sig_token);
}

static HRESULT com_using_namespace(struct writer_ops *w, const WCHAR *name)
{
    return ISymUnmanagedWriter8_UsingNamespace(S(w)->writer, name);
}

static HRESULT com_sequence_points(struct writer_ops *w, unsigned doc, ULONG32 count,
                                   const ULONG32 *offsets, const ULONG32 *lines,
                                   const ULONG32 *columns, const ULONG32 *end_lines,
                                   const ULONG32 *end_columns)
{
    return ISymUnmanagedWriter8_DefineSequencePoints(
        S(w)->writer, S(w)->docs[doc], count, (ULONG32 *)offsets, (ULONG32 *)lines,
        (ULONG32 *)columns, (ULONG32 *)end_lines, (ULONG32 *)end_columns);
}

static HRESULT com_set_attribute(struct writer_ops *w, uint32_t parent, const WCHAR *name,
                                 const BYTE *data, ULONG32 size)
{
    return ISymUnmanagedWriter8_SetSymAttribute(S(w)->writer, parent, name, size, (BYTE *)data);
}

static HRESULT with_async(struct writer_ops *w, ISymUnmanagedAsyncMethodPropertiesWriter **out)
{
    return ISymUnmanagedWriter8_QueryInterface(S(w)->writer,
                                               &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
                                               (void **)out);
}

static HRESULT com_set_kickoff(struct writer_ops *w, uint32_t token)
{
    ISymUnmanagedAsyncMethodPropertiesWriter *a;
    HRESULT hr = with_async(w, &a);
    if (SUCCEEDED(hr)) {
        hr = ISymUnmanagedAsyncMethodPropertiesWriter_DefineKickoffMethod(a, token);
        ISymUnmanagedAsyncMethodPropertiesWriter_Release(a);
    }
    return hr;
}

static HRESULT com_set_catch_handler(struct writer_ops *w, ULONG32 offset)
{
    ISymUnmanagedAsyncMethodPropertiesWriter *a;
    HRESULT hr = with_async(w, &a);
    if (SUCCEEDED(hr)) {
        hr = ISymUnmanagedAsyncMethodPropertiesWriter_DefineCatchHandlerILOffset(a, offset);
        ISymUnmanagedAsyncMethodPropertiesWriter_Release(a);
    }
    return hr;
}

static HRESULT com_async_steps(struct writer_ops *w, ULONG32 count, const ULONG32 *yields,
                               const ULONG32 *resumes, const ULONG32 *methods)
{
    ISymUnmanagedAsyncMethodPropertiesWriter *a;
    HRESULT hr = with_async(w, &a);
    if (SUCCEEDED(hr)) {
        hr = ISymUnmanagedAsyncMethodPropertiesWriter_DefineAsyncStepInfo(
            a, count, (ULONG32 *)yields, (ULONG32 *)resumes, (ULONG32 *)methods);
        ISymUnmanagedAsyncMethodPropertiesWriter_Release(a);
    }
    return hr;
}

static HRESULT com_remap_token(struct writer_ops *w, uint32_t old_token, uint32_t new_token)
{
    return ISymUnmanagedWriter8_RemapToken(S(w)->writer, old_token, new_token);
}

static HRESULT com_source_link(struct writer_ops *w, const BYTE *data, ULONG32 size)
{
    return ISymUnmanagedWriter8_SetSourceLinkData(S(w)->writer, (BYTE *)data, size);
}

static HRESULT com_source_server(struct writer_ops *w, const BYTE *data, ULONG32 size)
{
    return ISymUnmanagedWriter8_SetSourceServerData(S(w)->writer, (BYTE *)data, size);
}

static HRESULT com_compiler_info(struct writer_ops *w, USHORT major, USHORT minor, USHORT build,
                                 USHORT revision, const WCHAR *name)
{
    ISymUnmanagedCompilerInfoWriter *c;
    HRESULT hr = ISymUnmanagedWriter8_QueryInterface(
        S(w)->writer, &IID_ISymUnmanagedCompilerInfoWriter, (void **)&c);
    if (SUCCEEDED(hr)) {
        hr = ISymUnmanagedCompilerInfoWriter_AddCompilerInfo(c, major, minor, build, revision,
                                                             name);
        ISymUnmanagedCompilerInfoWriter_Release(c);
    } else if (hr == E_NOINTERFACE) {
        hr = S_FALSE; /* Microsoft's 14.12 writer has no compiler-info writer */
    }
    return hr;
}

static HRESULT com_open_token_map(struct writer_ops *w)
{
    return ISymUnmanagedWriter8_OpenMapTokensToSourceSpans(S(w)->writer);
}

static HRESULT com_map_token(struct writer_ops *w, uint32_t token, unsigned doc, ULONG32 line,
                             ULONG32 column, ULONG32 end_line, ULONG32 end_column)
{
    return ISymUnmanagedWriter8_MapTokenToSourceSpan(S(w)->writer, token, S(w)->docs[doc], line,
                                                     column, end_line, end_column);
}

static HRESULT com_close_token_map(struct writer_ops *w)
{
    return ISymUnmanagedWriter8_CloseMapTokensToSourceSpans(S(w)->writer);
}

static HRESULT com_update_signature(struct writer_ops *w, const GUID *guid, DWORD stamp,
                                    ULONG32 age)
{
    return ISymUnmanagedWriter8_UpdateSignature(S(w)->writer, *guid, stamp, age);
}

static HRESULT com_debug_info(struct writer_ops *w, BYTE *data, DWORD cap, DWORD *size)
{
    IMAGE_DEBUG_DIRECTORY idd;
    memset(&idd, 0, sizeof idd);
    return ISymUnmanagedWriter8_GetDebugInfo(S(w)->writer, &idd, cap, size, data);
}

static HRESULT com_finish(struct writer_ops *w)
{
    struct com_state *s = S(w);
    HRESULT hr = ISymUnmanagedWriter8_Close(s->writer);
    release_all(s);
    return hr;
}

static void com_abort(struct writer_ops *w)
{
    struct com_state *s = S(w);
    if (s->writer)
        ISymUnmanagedWriter8_Abort(s->writer);
    release_all(s);
}

static void com_destroy(struct writer_ops *w)
{
    release_all(S(w));
    free(w->state);
    free(w);
}

struct writer_ops *writer_ops_com(HMODULE dll, int log)
{
    struct writer_ops *w = calloc(1, sizeof *w);
    struct com_state *s = calloc(1, sizeof *s);
    if (!w || !s) {
        free(w);
        free(s);
        return NULL;
    }
    s->dll = dll;
    s->log = log;
    w->state = s;
    w->begin = com_begin;
    w->define_document = com_define_document;
    w->set_checksum = com_set_checksum;
    w->set_source = com_set_source;
    w->set_entry_point = com_set_entry_point;
    w->open_method = com_open_method;
    w->close_method = com_close_method;
    w->open_scope = com_open_scope;
    w->close_scope = com_close_scope;
    w->define_local = com_define_local;
    w->define_parameter = com_define_parameter;
    w->define_constant = com_define_constant;
    w->using_namespace = com_using_namespace;
    w->sequence_points = com_sequence_points;
    w->set_attribute = com_set_attribute;
    w->set_kickoff = com_set_kickoff;
    w->set_catch_handler = com_set_catch_handler;
    w->async_steps = com_async_steps;
    w->remap_token = com_remap_token;
    w->source_link = com_source_link;
    w->source_server = com_source_server;
    w->compiler_info = com_compiler_info;
    w->open_token_map = com_open_token_map;
    w->map_token = com_map_token;
    w->close_token_map = com_close_token_map;
    w->update_signature = com_update_signature;
    w->debug_info = com_debug_info;
    w->finish = com_finish;
    w->abort = com_abort;
    w->destroy = com_destroy;
    return w;
}
