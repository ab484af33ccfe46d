/* SPDX-License-Identifier: MIT */
/* writer_ops over corsym's core: the symbol model and the Windows PDB emitter, with the
 * names a metadata emitter would give taken from the scenario's table (writer_ops.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer_ops.h"

#include "base/buf.h"
#include "model/symwriter.h"
#include "winpdb/winpdb_emit.h"

struct core_state {
    struct corsym_symwriter *model;
    const struct writer_md *md;
    char path[MAX_PATH * 4];
    uint8_t guid[16];
    uint32_t stamp, age;
};

static struct core_state *S(struct writer_ops *w)
{
    return w->state;
}

static HRESULT hr_of(corsym_status st)
{
    if (st == CORSYM_OK)
        return S_OK;
    if (st == CORSYM_E_NOMEM)
        return E_OUTOFMEMORY;
    if (st == CORSYM_E_INVALID_ARG)
        return E_INVALIDARG;
    if (st == CORSYM_E_STATE)
        return E_UNEXPECTED;
    return E_FAIL;
}

static size_t wlen(const WCHAR *s)
{
    return s ? wcslen(s) : 0;
}

static HRESULT core_begin(struct writer_ops *w, const struct writer_md *md, const WCHAR *path)
{
    struct core_state *s = S(w);
    corsym_symwriter_free(s->model);
    s->model = NULL;
    s->md = md;
    memset(s->guid, 0, sizeof s->guid);
    s->stamp = 0;
    s->age = 1;
    WideCharToMultiByte(CP_UTF8, 0, path, -1, s->path, sizeof s->path, NULL, NULL);
    return hr_of(corsym_symwriter_new(&s->model, 0));
}

static HRESULT core_define_document(struct writer_ops *w, const WCHAR *url, const GUID *language,
                                    const GUID *vendor, const GUID *type, unsigned *doc)
{
    uint32_t index;
    HRESULT hr = hr_of(corsym_symwriter_define_document(
        S(w)->model, (const uint16_t *)url, wlen(url), (const uint8_t *)language,
        (const uint8_t *)vendor, (const uint8_t *)type, &index));
    *doc = index;
    return hr;
}

static HRESULT core_set_checksum(struct writer_ops *w, unsigned doc, const GUID *algorithm,
                                 const BYTE *data, ULONG32 size)
{
    return hr_of(corsym_symwriter_set_checksum(S(w)->model, doc, (const uint8_t *)algorithm,
                                               data, size));
}

static HRESULT core_set_source(struct writer_ops *w, unsigned doc, const BYTE *data, ULONG32 size)
{
    return hr_of(corsym_symwriter_set_source(S(w)->model, doc, data, size));
}

static HRESULT core_set_entry_point(struct writer_ops *w, uint32_t token)
{
    return hr_of(corsym_symwriter_set_entry_point(S(w)->model, token));
}

static HRESULT core_open_method(struct writer_ops *w, uint32_t token)
{
    return hr_of(corsym_symwriter_open_method(S(w)->model, token));
}

static HRESULT core_close_method(struct writer_ops *w)
{
    return hr_of(corsym_symwriter_close_method(S(w)->model));
}

static HRESULT core_open_scope(struct writer_ops *w, ULONG32 start)
{
    uint32_t id;
    return hr_of(corsym_symwriter_open_scope(S(w)->model, start, &id));
}

static HRESULT core_close_scope(struct writer_ops *w, ULONG32 end)
{
    return hr_of(corsym_symwriter_close_scope(S(w)->model, end));
}

static HRESULT core_define_local(struct writer_ops *w, const WCHAR *name, ULONG32 attributes,
                                 uint32_t sig_token, ULONG32 slot, ULONG32 start, ULONG32 end)
{
    return hr_of(corsym_symwriter_define_local(S(w)->model, (const uint16_t *)name, wlen(name),
                                               attributes, sig_token, NULL, 0, 1, slot, 0, 0,
                                               start, end));
}

/* The VARIANT -> model value conversion the COM writer makes. */
static HRESULT value_of(const VARIANT *v, struct corsym_sw_value *out)
{
    memset(out, 0, sizeof *out);
    switch (v->vt) {
    case VT_BOOL: out->kind = CORSYM_SW_VALUE_BOOL; out->u = v->boolVal != 0; break;
    case VT_I1: out->kind = CORSYM_SW_VALUE_I1; out->i = v->cVal; break;
    case VT_UI1: out->kind = CORSYM_SW_VALUE_U1; out->u = v->bVal; break;
    case VT_I2: out->kind = CORSYM_SW_VALUE_I2; out->i = v->iVal; break;
    case VT_UI2: out->kind = CORSYM_SW_VALUE_U2; out->u = v->uiVal; break;
    case VT_I4: out->kind = CORSYM_SW_VALUE_I4; out->i = v->lVal; break;
    case VT_UI4: out->kind = CORSYM_SW_VALUE_U4; out->u = v->ulVal; break;
    case VT_I8: out->kind = CORSYM_SW_VALUE_I8; out->i = v->llVal; break;
    case VT_UI8: out->kind = CORSYM_SW_VALUE_U8; out->u = v->ullVal; break;
    case VT_R4: {
        uint32_t bits;
        memcpy(&bits, &v->fltVal, 4);
        out->kind = CORSYM_SW_VALUE_R4;
        out->u = bits;
        break;
    }
    case VT_R8: {
        uint64_t bits;
        memcpy(&bits, &v->dblVal, 8);
        out->kind = CORSYM_SW_VALUE_R8;
        out->u = bits;
        break;
    }
    case VT_BSTR:
        if (!v->bstrVal) {
            out->kind = CORSYM_SW_VALUE_NULL_STRING;
        } else {
            out->kind = CORSYM_SW_VALUE_STRING;
            out->text = (uint16_t *)v->bstrVal;
            out->text_len = SysStringLen(v->bstrVal);
        }
        break;
    case VT_DECIMAL:
        out->kind = CORSYM_SW_VALUE_DECIMAL;
        out->decimal.negative = (v->decVal.sign & 0x80) != 0;
        out->decimal.scale = v->decVal.scale;
        out->decimal.hi = v->decVal.Hi32;
        out->decimal.lo = v->decVal.Lo32;
        out->decimal.mid = v->decVal.Mid32;
        break;
    case VT_EMPTY:
    case VT_NULL:
        out->kind = CORSYM_SW_VALUE_NULL;
        break;
    default:
        return E_INVALIDARG;
    }
    return S_OK;
}

static HRESULT core_define_parameter(struct writer_ops *w, const WCHAR *name, ULONG32 sequence,
                                     ULONG32 slot)
{
    return hr_of(corsym_symwriter_define_parameter(S(w)->model, (const uint16_t *)name,
                                                   wlen(name), sequence, slot));
}

static HRESULT core_define_constant(struct writer_ops *w, const WCHAR *name, VARIANT value,
                                    uint32_t sig_token)
{
    struct corsym_sw_value v;
    HRESULT hr = value_of(&value, &v);
    if (FAILED(hr))
        return hr;
    return hr_of(corsym_symwriter_define_constant(S(w)->model, (const uint16_t *)name,
                                                  wlen(name), &v, sig_token, NULL, 0));
}

static HRESULT core_using_namespace(struct writer_ops *w, const WCHAR *name)
{
    return hr_of(corsym_symwriter_using_namespace(S(w)->model, (const uint16_t *)name, wlen(name)));
}

static HRESULT core_sequence_points(struct writer_ops *w, unsigned doc, ULONG32 count,
                                    const ULONG32 *offsets, const ULONG32 *lines,
                                    const ULONG32 *columns, const ULONG32 *end_lines,
                                    const ULONG32 *end_columns)
{
    return hr_of(corsym_symwriter_define_sequence_points(S(w)->model, doc, count, offsets, lines,
                                                         columns, end_lines, end_columns));
}

static HRESULT core_set_attribute(struct writer_ops *w, uint32_t parent, const WCHAR *name,
                                  const BYTE *data, ULONG32 size)
{
    return hr_of(corsym_symwriter_set_attribute(S(w)->model, parent, (const uint16_t *)name,
                                                wlen(name), data, size));
}

static HRESULT core_set_kickoff(struct writer_ops *w, uint32_t token)
{
    return hr_of(corsym_symwriter_set_kickoff(S(w)->model, token));
}

static HRESULT core_set_catch_handler(struct writer_ops *w, ULONG32 offset)
{
    return hr_of(corsym_symwriter_set_catch_handler(S(w)->model, offset));
}

static HRESULT core_async_steps(struct writer_ops *w, ULONG32 count, const ULONG32 *yields,
                                const ULONG32 *resumes, const ULONG32 *methods)
{
    return hr_of(corsym_symwriter_add_async_steps(S(w)->model, count, yields, resumes, methods));
}

static HRESULT core_remap_token(struct writer_ops *w, uint32_t old_token, uint32_t new_token)
{
    return hr_of(corsym_symwriter_remap_token(S(w)->model, old_token, new_token));
}

static HRESULT core_source_link(struct writer_ops *w, const BYTE *data, ULONG32 size)
{
    return hr_of(corsym_symwriter_set_source_link(S(w)->model, data, size));
}

static HRESULT core_source_server(struct writer_ops *w, const BYTE *data, ULONG32 size)
{
    return hr_of(corsym_symwriter_set_source_server(S(w)->model, data, size));
}

static HRESULT core_compiler_info(struct writer_ops *w, USHORT major, USHORT minor, USHORT build,
                                  USHORT revision, const WCHAR *name)
{
    /* Microsoft's 14.12 writer has no compiler-info writer; answer as its backend does so
     * both PDBs are made from the same calls. */
    (void)w, (void)major, (void)minor, (void)build, (void)revision, (void)name;
    return S_FALSE;
}

static HRESULT core_open_token_map(struct writer_ops *w)
{
    return hr_of(corsym_symwriter_open_token_map(S(w)->model));
}

static HRESULT core_map_token(struct writer_ops *w, uint32_t token, unsigned doc, ULONG32 line,
                              ULONG32 column, ULONG32 end_line, ULONG32 end_column)
{
    return hr_of(corsym_symwriter_map_token(S(w)->model, token, doc, line, column, end_line,
                                            end_column));
}

static HRESULT core_close_token_map(struct writer_ops *w)
{
    return hr_of(corsym_symwriter_close_token_map(S(w)->model));
}

static HRESULT core_update_signature(struct writer_ops *w, const GUID *guid, DWORD stamp,
                                     ULONG32 age)
{
    memcpy(S(w)->guid, guid, 16);
    S(w)->stamp = stamp;
    S(w)->age = age;
    return S_OK;
}

static HRESULT core_debug_info(struct writer_ops *w, BYTE *data, DWORD cap, DWORD *size)
{
    struct corsym_buf cv = CORSYM_BUF_INIT;
    corsym_status st = corsym_winpdb_codeview(S(w)->guid, S(w)->age, S(w)->path,
                                              strlen(S(w)->path), &cv);
    HRESULT hr = hr_of(st);
    if (SUCCEEDED(hr)) {
        *size = (DWORD)cv.len;
        if (cv.len > cap)
            hr = E_OUTOFMEMORY;
        else
            memcpy(data, cv.data, cv.len);
    }
    corsym_buf_free(&cv);
    return hr;
}

/* ---- names from the scenario's metadata table ---- */

static corsym_status append_utf8(struct corsym_buf *b, const WCHAR *s)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, s, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return CORSYM_E_INVALID_ARG;
    uint8_t *p;
    CORSYM_TRY(corsym_buf_extend(b, (size_t)n, &p));
    WideCharToMultiByte(CP_UTF8, 0, s, -1, (char *)p, n, NULL, NULL);
    b->len--; /* without the NUL */
    return CORSYM_OK;
}

static corsym_status type_name(const struct writer_md *md, uint32_t token, struct corsym_buf *out,
                               unsigned depth)
{
    const struct writer_md_type *t = writer_md_find_type(md, token);
    if (!t || depth > 64)
        return CORSYM_E_INVALID_ARG;
    if (t->enclosing) {
        CORSYM_TRY(type_name(md, t->enclosing, out, depth + 1));
        CORSYM_TRY(corsym_buf_append_u8(out, '.'));
    }
    return append_utf8(out, t->name);
}

static corsym_status names_of(void *context, uint32_t token, struct corsym_buf *type,
                              struct corsym_buf *method)
{
    const struct writer_md *md = context;
    const struct writer_md_method *m = writer_md_find_method(md, token);
    if (!m)
        return CORSYM_E_INVALID_ARG; /* as GetMethodProps fails for Microsoft's writer */
    CORSYM_TRY(type_name(md, m->type, type, 0));
    return append_utf8(method, m->name);
}

static HRESULT core_finish(struct writer_ops *w)
{
    struct core_state *s = S(w);
    struct corsym_winpdb_emit_options o;
    memset(&o, 0, sizeof o);
    memcpy(o.guid, s->guid, 16);
    o.signature = s->stamp;
    o.age = s->age;
    o.method_names = names_of;
    o.names_context = (void *)s->md;
    struct corsym_buf pdb = CORSYM_BUF_INIT;
    struct corsym_winpdb_emit_result where;
    HRESULT hr = hr_of(corsym_winpdb_emit(s->model, &o, &pdb, &where));
    if (SUCCEEDED(hr)) {
        FILE *f = fopen(s->path, "wb");
        if (!f || fwrite(pdb.data, 1, pdb.len, f) != pdb.len)
            hr = E_FAIL;
        if (f && fclose(f))
            hr = E_FAIL;
    }
    corsym_buf_free(&pdb);
    corsym_symwriter_free(s->model);
    s->model = NULL;
    return hr;
}

static void core_abort(struct writer_ops *w)
{
    corsym_symwriter_free(S(w)->model);
    S(w)->model = NULL;
}

static void core_destroy(struct writer_ops *w)
{
    core_abort(w);
    free(w->state);
    free(w);
}

struct writer_ops *writer_ops_core(void)
{
    struct writer_ops *w = calloc(1, sizeof *w);
    struct core_state *s = calloc(1, sizeof *s);
    if (!w || !s) {
        free(w);
        free(s);
        return NULL;
    }
    w->state = s;
    w->begin = core_begin;
    w->define_document = core_define_document;
    w->set_checksum = core_set_checksum;
    w->set_source = core_set_source;
    w->set_entry_point = core_set_entry_point;
    w->open_method = core_open_method;
    w->close_method = core_close_method;
    w->open_scope = core_open_scope;
    w->close_scope = core_close_scope;
    w->define_local = core_define_local;
    w->define_parameter = core_define_parameter;
    w->define_constant = core_define_constant;
    w->using_namespace = core_using_namespace;
    w->sequence_points = core_sequence_points;
    w->set_attribute = core_set_attribute;
    w->set_kickoff = core_set_kickoff;
    w->set_catch_handler = core_set_catch_handler;
    w->async_steps = core_async_steps;
    w->remap_token = core_remap_token;
    w->source_link = core_source_link;
    w->source_server = core_source_server;
    w->compiler_info = core_compiler_info;
    w->open_token_map = core_open_token_map;
    w->map_token = core_map_token;
    w->close_token_map = core_close_token_map;
    w->update_signature = core_update_signature;
    w->debug_info = core_debug_info;
    w->finish = core_finish;
    w->abort = core_abort;
    w->destroy = core_destroy;
    return w;
}
