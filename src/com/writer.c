/* SPDX-License-Identifier: MIT */
/*
 * CorSymWriter: ISymUnmanagedWriter..Writer8 with IPdbWriter, the async-method properties
 * writer and the compiler-info writer on one object. Calls go into the format-neutral
 * symbol model (model/symwriter.h), which validates them as they arrive; Commit and Close
 * plan and write the whole PDB with the format's emitter and hand it to the sink
 * (sink.c: a file replaced atomically, or the caller's IStream).
 *
 * Which format: CorSymWriter_Portable writes Portable PDBs. CorSymWriter_SxS and the
 * deprecated CLSID write Windows PDBs, as Microsoft's DLL does; the emitter takes each
 * method's type and method names from the emitter's IMetaDataImport (GetMethodProps,
 * GetTypeDefProps, GetNestedClassProps), failing Close when they cannot be had, and puts
 * every method in one "<Module>" module when there is no importer.
 *
 * The PDB id:
 *  - Initialize / Initialize2: a random GUID and the current time as the stamp;
 *  - InitializeDeterministic: derived from the content (SHA-256 of the image with the id
 *    zeroed, as Roslyn and S.R.M's BlobContentId do), computed when first needed -
 *    GetDebugInfo, GetSignatureAge, Commit or Close - and fixed from then on so the PE
 *    that embeds the CodeView entry keeps matching;
 *  - UpdateSignatureByHashingContent(buffer): derived from SHA-256 of the buffer;
 *  - UpdateSignature(guid, stamp, 1): exactly that.
 * GetDebugInfo returns the CodeView entry for the PE: RSDS, the GUID, age 1 and the PDB
 * path, version 0x0100.0x504D and the stamp as TimeDateStamp.
 *
 * MethodDebugInformation needs the module's MethodDef count: it is read from the metadata
 * emitter given to Initialize (IMetaDataTables::GetTableInfo, else the highest MethodDef
 * token IMetaDataImport enumerates), raised to the highest MethodDef token any call used.
 *
 * Misuse answers: E_UNEXPECTED for a call out of order (before Initialize, after Close or
 * Abort, CloseMethod without OpenMethod, Close with a method open); E_INVALIDARG for an
 * argument no PDB can hold; E_POINTER for a missing out pointer.
 */
#include "com/com_private.h"
#include "com/sink.h"
#include "base/sha2.h"
#include "base/utf.h"
#include "model/symwriter.h"
#include "platform/mutex.h"
#include "portable/ppdb_emit.h"
#include "winpdb/winpdb_emit.h"

#include <time.h>

#ifdef _WIN32
#include <objbase.h>
#else
#include <stdio.h>
#endif

enum writer_format { FORMAT_PORTABLE, FORMAT_WINDOWS };

/* ---- shared with document_writer.c (declared there too) ---- */

struct sym_writer;
void corsym_writer_addref(struct sym_writer *writer);
void corsym_writer_release(struct sym_writer *writer);
HRESULT corsym_writer_document_set_source(struct sym_writer *writer, uint32_t index,
                                          const BYTE *data, ULONG32 size);
HRESULT corsym_writer_document_set_checksum(struct sym_writer *writer, uint32_t index,
                                            const GUID *algorithm, const BYTE *data, ULONG32 size);
HRESULT corsym_document_writer_create(struct sym_writer *writer, uint32_t index,
                                      ISymUnmanagedDocumentWriter **out);
HRESULT corsym_document_writer_resolve(IUnknown *object, struct sym_writer **writer,
                                       uint32_t *index);
HRESULT corsym_writer_portable_create(REFIID riid, void **ppv);

static void sym_writer_destroy(struct sym_writer *This);

/* The full name of the type whose methods were named last: a compiler closes a type's methods
 * one after another, so most lookups repeat it (CloseMethod and Close each name every
 * method). type 0: nothing cached. */
struct type_name_cache {
    uint32_t type;
    struct corsym_buf name;
};

struct sym_writer {
    ISymUnmanagedWriter8 ISymUnmanagedWriter8_iface;
    IPdbWriter IPdbWriter_iface;
    ISymUnmanagedAsyncMethodPropertiesWriter ISymUnmanagedAsyncMethodPropertiesWriter_iface;
    ISymUnmanagedCompilerInfoWriter ISymUnmanagedCompilerInfoWriter_iface;
    uint32_t refcount;
    corsym_mutex lock; /* everything below */
    enum writer_format format;
    struct corsym_symwriter *model;
    bool initialized, finished; /* finished: closed or aborted */
    bool deterministic;
    IUnknown *emitter;         /* the metadata emitter, a reference, or NULL */
    struct corsym_sink sink;
    WCHAR *path;               /* the PDB path the CodeView entry names, or NULL */
    bool id_fixed;
    uint8_t id[CORSYM_PPDB_ID_SIZE]; /* GUID, then the stamp (Windows: the signature) */
    uint32_t age;                    /* Windows PDBs; a Portable PDB's is always 1 */
    struct type_name_cache type_names;
    struct corsym_buf names_scratch[2]; /* CloseMethod's type and method name, reused */
};

static inline struct sym_writer *impl_from_ISymUnmanagedWriter8(ISymUnmanagedWriter8 *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedWriter8_iface);
}

static inline struct sym_writer *impl_from_IPdbWriter(IPdbWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, IPdbWriter_iface);
}

static inline struct sym_writer *impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(ISymUnmanagedAsyncMethodPropertiesWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedAsyncMethodPropertiesWriter_iface);
}

static inline struct sym_writer *impl_from_ISymUnmanagedCompilerInfoWriter(ISymUnmanagedCompilerInfoWriter *iface)
{
    return CONTAINING_RECORD(iface, struct sym_writer, ISymUnmanagedCompilerInfoWriter_iface);
}

/* ---- helpers ---- */

static HRESULT hr_from(corsym_status st)
{
    if (st == CORSYM_E_STATE)
        return E_UNEXPECTED;
    return corsym_hresult_from_status(st);
}

/* Runs a model call under the lock, once Initialize has been called. */
#define MODEL_CALL(This, call)                                                                 \
    do {                                                                                       \
        HRESULT model_hr_;                                                                     \
        corsym_mutex_lock(&(This)->lock);                                                      \
        model_hr_ = (This)->initialized ? hr_from(call) : E_UNEXPECTED;                        \
        corsym_mutex_unlock(&(This)->lock);                                                    \
        return model_hr_;                                                                      \
    } while (0)

static size_t wlen(const WCHAR *s)
{
    return s ? corsym_wcslen(s) : 0;
}

static WCHAR *wcsdup16(const WCHAR *s)
{
    size_t n = corsym_wcslen(s);
    WCHAR *p = malloc((n + 1) * sizeof(WCHAR));
    if (p)
        memcpy(p, s, (n + 1) * sizeof(WCHAR));
    return p;
}

static void random_bytes(uint8_t *out, size_t n)
{
    static uint32_t counter;
    size_t got = 0;
#ifdef _WIN32
    while (got < n) {
        GUID g;
        if (FAILED(CoCreateGuid(&g)))
            break;
        size_t k = n - got < sizeof(g) ? n - got : sizeof(g);
        memcpy(out + got, &g, k);
        got += k;
    }
#else
    FILE *f = fopen("/dev/urandom", "rb");
    if (f) {
        got = fread(out, 1, n, f);
        fclose(f);
    }
#endif
    if (got < n) {
        /* No system randomness: still unique per call within and across processes. */
        struct corsym_sha256 sha;
        uint8_t hash[CORSYM_SHA256_SIZE];
        uint32_t c = corsym_atomic_inc(&counter);
        time_t now = time(NULL);
        void *self = out;
        corsym_sha256_init(&sha);
        corsym_sha256_update(&sha, &c, sizeof(c));
        corsym_sha256_update(&sha, &now, sizeof(now));
        corsym_sha256_update(&sha, &self, sizeof(self));
        corsym_sha256_final(&sha, hash);
        memcpy(out + got, hash, n - got < sizeof(hash) ? n - got : sizeof(hash));
    }
}

static void new_random_id(struct sym_writer *This)
{
    random_bytes(This->id, 16);
    This->id[7] = (uint8_t)((This->id[7] & 0x0F) | 0x40);
    This->id[8] = (uint8_t)((This->id[8] & 0x3F) | 0x80);
    uint32_t stamp = (uint32_t)time(NULL);
    This->id[16] = (uint8_t)stamp;
    This->id[17] = (uint8_t)(stamp >> 8);
    This->id[18] = (uint8_t)(stamp >> 16);
    This->id[19] = (uint8_t)(stamp >> 24);
    This->id_fixed = true;
}

/* ---- the module's metadata, through the emitter ---- */

/* cor.h is not part of our IDL: only the slots called are described, by their index in
 * declaration order. */
static const GUID IID_IMetaDataTables_local = {
    0xd8f579ab, 0x402d, 0x4b8e, { 0x82, 0xd9, 0x5d, 0x63, 0xb1, 0x06, 0x5c, 0x68 }
};
static const GUID IID_IMetaDataImport_local = {
    0x7dac8207, 0xd3ae, 0x4c75, { 0x9b, 0x67, 0x92, 0x80, 0x1a, 0x49, 0x7d, 0x44 }
};
#define SLOT_GET_TABLE_INFO 9   /* IMetaDataTables::GetTableInfo */
#define SLOT_CLOSE_ENUM 3       /* IMetaDataImport::CloseEnum */
#define SLOT_ENUM_TYPE_DEFS 6
#define SLOT_ENUM_METHODS 18
#define SLOT_GET_SIG_FROM_TOKEN 41
typedef HRESULT (STDMETHODCALLTYPE *get_table_info_fn)(void *This, ULONG table, ULONG *row_size,
                                                        ULONG *rows, ULONG *columns, ULONG *key,
                                                        const char **name);
typedef void (STDMETHODCALLTYPE *close_enum_fn)(void *This, void *henum);
typedef HRESULT (STDMETHODCALLTYPE *enum_type_defs_fn)(void *This, void **henum, ULONG32 *tokens,
                                                        ULONG max, ULONG *count);
typedef HRESULT (STDMETHODCALLTYPE *enum_methods_fn)(void *This, void **henum, ULONG32 type,
                                                      ULONG32 *tokens, ULONG max, ULONG *count);
typedef HRESULT (STDMETHODCALLTYPE *get_sig_from_token_fn)(void *This, ULONG32 token,
                                                            const BYTE **sig, ULONG *size);

static void *slot(IUnknown *object, unsigned index)
{
    return ((void *const *)(const void *)object->lpVtbl)[index];
}

/* Highest MethodDef rid of one type's methods (0 for a type with none). */
static uint32_t max_method_of(IUnknown *import, uint32_t type)
{
    enum_methods_fn enum_methods = (enum_methods_fn)slot(import, SLOT_ENUM_METHODS);
    close_enum_fn close_enum = (close_enum_fn)slot(import, SLOT_CLOSE_ENUM);
    void *henum = NULL;
    ULONG32 tokens[64];
    ULONG count = 0;
    uint32_t best = 0;
    while (SUCCEEDED(enum_methods(import, &henum, type, tokens, 64, &count)) && count) {
        for (ULONG i = 0; i < count && i < 64; i++)
            if ((tokens[i] >> 24) == 0x06 && (tokens[i] & 0xFFFFFF) > best)
                best = tokens[i] & 0xFFFFFF;
        if (count < 64)
            break;
    }
    if (henum)
        close_enum(import, henum);
    return best;
}

/* Without IMetaDataTables (tables_view_open), the MethodDef rows an importer enumerates. */
static void query_method_rows(IUnknown *emitter, uint32_t rows[CORSYM_PPDB_EMIT_TYPE_TABLES])
{
    IUnknown *import = NULL;
    if (!emitter ||
        FAILED(IUnknown_QueryInterface(emitter, &IID_IMetaDataImport_local, (void **)&import)) ||
        !import)
        return;
    /* Global methods first (type nil), then every type's. */
    uint32_t best = max_method_of(import, 0);
    enum_type_defs_fn enum_types = (enum_type_defs_fn)slot(import, SLOT_ENUM_TYPE_DEFS);
    close_enum_fn close_enum = (close_enum_fn)slot(import, SLOT_CLOSE_ENUM);
    void *henum = NULL;
    ULONG32 types[64];
    ULONG count = 0;
    while (SUCCEEDED(enum_types(import, &henum, types, 64, &count)) && count) {
        for (ULONG i = 0; i < count && i < 64; i++) {
            uint32_t m = max_method_of(import, types[i]);
            if (m > best)
                best = m;
        }
        if (count < 64)
            break;
    }
    if (henum)
        close_enum(import, henum);
    if (best > rows[0x06])
        rows[0x06] = best;
    IUnknown_Release(import);
}

/* The module's tables as the Portable emitter's view (type_names.h), through the emitter's
 * IMetaDataTables: the C# and VB imports that name a type or an extern-aliased assembly are
 * found again by name in them. */
#define SLOT_GET_COLUMN 13
#define SLOT_GET_STRING 14
#define SLOT_GET_BLOB 15
typedef HRESULT (STDMETHODCALLTYPE *get_column_fn)(void *This, ULONG table, ULONG column, ULONG rid,
                                                   ULONG *value);
typedef HRESULT (STDMETHODCALLTYPE *get_string_fn)(void *This, ULONG index, const char **text);
typedef HRESULT (STDMETHODCALLTYPE *get_blob_fn)(void *This, ULONG index, ULONG *size,
                                                 const void **data);

struct tables_view {
    struct corsym_md_view view;
    IUnknown *tables;
    uint32_t rows[CORSYM_PPDB_EMIT_TYPE_TABLES];
};

static uint32_t view_rows(void *context, unsigned table)
{
    const struct tables_view *v = context;
    return table < CORSYM_PPDB_EMIT_TYPE_TABLES ? v->rows[table] : 0;
}

static bool view_cell(void *context, unsigned table, uint32_t rid, unsigned column,
                      uint32_t *value)
{
    const struct tables_view *v = context;
    get_column_fn get = (get_column_fn)slot(v->tables, SLOT_GET_COLUMN);
    ULONG got = 0;
    if (table >= CORSYM_PPDB_EMIT_TYPE_TABLES || !rid || rid > v->rows[table] ||
        FAILED(get(v->tables, table, column, rid, &got)))
        return false;
    *value = got;
    return true;
}

static bool view_string(void *context, uint32_t index, struct corsym_span *out)
{
    const struct tables_view *v = context;
    get_string_fn get = (get_string_fn)slot(v->tables, SLOT_GET_STRING);
    const char *text = NULL;
    if (FAILED(get(v->tables, index, &text)) || !text)
        return false;
    *out = corsym_span_make((const uint8_t *)text, strlen(text));
    return true;
}

static bool view_blob(void *context, uint32_t index, struct corsym_span *out)
{
    const struct tables_view *v = context;
    get_blob_fn get = (get_blob_fn)slot(v->tables, SLOT_GET_BLOB);
    const void *data = NULL;
    ULONG size = 0;
    if (FAILED(get(v->tables, index, &size, &data)) || (size && !data))
        return false;
    *out = corsym_span_make(data, size);
    return true;
}

/* False when the emitter has no IMetaDataTables; otherwise release with tables_view_close. */
static bool tables_view_open(IUnknown *emitter, struct tables_view *v)
{
    memset(v, 0, sizeof(*v));
    if (!emitter ||
        FAILED(IUnknown_QueryInterface(emitter, &IID_IMetaDataTables_local, (void **)&v->tables)) ||
        !v->tables)
        return false;
    get_table_info_fn info = (get_table_info_fn)slot(v->tables, SLOT_GET_TABLE_INFO);
    for (ULONG t = 0; t < CORSYM_PPDB_EMIT_TYPE_TABLES; t++) {
        ULONG row_size = 0, count = 0, columns = 0, key = 0;
        const char *name = NULL;
        if (SUCCEEDED(info(v->tables, t, &row_size, &count, &columns, &key, &name)))
            v->rows[t] = count > 0xFFFFFF ? 0xFFFFFF : count;
    }
    v->view.context = v;
    v->view.rows = view_rows;
    v->view.cell = view_cell;
    v->view.string = view_string;
    v->view.blob = view_blob;
    return true;
}

static void tables_view_close(struct tables_view *v)
{
    if (v->tables)
        IUnknown_Release(v->tables);
    v->tables = NULL;
}

/* A constant's StandAloneSig, through the emitter's importer; NULL when it has none. */
static void signature_from_token(IUnknown *emitter, uint32_t token, const BYTE **sig, ULONG *size)
{
    IUnknown *import = NULL;
    *sig = NULL;
    *size = 0;
    if (!emitter || (token >> 24) != 0x11 || !(token & 0xFFFFFF))
        return;
    if (FAILED(IUnknown_QueryInterface(emitter, &IID_IMetaDataImport_local, (void **)&import)) ||
        !import)
        return;
    get_sig_from_token_fn get = (get_sig_from_token_fn)slot(import, SLOT_GET_SIG_FROM_TOKEN);
    if (FAILED(get(import, token, sig, size)) || !*sig)
        *sig = NULL, *size = 0;
    /* The blob lives in the emitter's heap, which the emitter (still referenced) keeps. */
    IUnknown_Release(import);
}

/* ---- method and type names for a Windows PDB's modules, through the emitter ---- */

#define SLOT_GET_TYPE_DEF_PROPS 12
#define SLOT_GET_METHOD_PROPS 30
#define SLOT_GET_NESTED_CLASS_PROPS 62
typedef HRESULT (STDMETHODCALLTYPE *get_method_props_fn)(void *This, ULONG32 method,
                                                         ULONG32 *type, WCHAR *name, ULONG cch,
                                                         ULONG *pcch, DWORD *attributes,
                                                         const BYTE **sig, ULONG *sig_size,
                                                         ULONG *rva, DWORD *impl_flags);
typedef HRESULT (STDMETHODCALLTYPE *get_type_def_props_fn)(void *This, ULONG32 type, WCHAR *name,
                                                           ULONG cch, ULONG *pcch,
                                                           DWORD *flags, ULONG32 *extends);
typedef HRESULT (STDMETHODCALLTYPE *get_nested_class_props_fn)(void *This, ULONG32 nested,
                                                               ULONG32 *enclosing);

static corsym_status append_utf8(struct corsym_buf *out, const WCHAR *text)
{
    size_t units = corsym_wcslen(text), bytes = 0;
    CORSYM_TRY(corsym_utf16_to_utf8(text, units, NULL, 0, &bytes));
    uint8_t *at;
    CORSYM_TRY(corsym_buf_extend(out, bytes, &at));
    return corsym_utf16_to_utf8(text, units, at, bytes, &bytes);
}

/* A type's full name, enclosing types first and joined with '.', as Microsoft's writer
 * names a method's module. */
static corsym_status type_full_name(IUnknown *import, ULONG32 type, struct corsym_buf *out,
                                    unsigned depth)
{
    get_type_def_props_fn props = (get_type_def_props_fn)slot(import, SLOT_GET_TYPE_DEF_PROPS);
    get_nested_class_props_fn nested =
        (get_nested_class_props_fn)slot(import, SLOT_GET_NESTED_CLASS_PROPS);
    WCHAR name[1024];
    ULONG length = 0;
    ULONG32 enclosing = 0;
    if (depth > 64)
        return CORSYM_E_UNSUPPORTED;
    if (SUCCEEDED(nested(import, type, &enclosing)) && enclosing && enclosing != type) {
        CORSYM_TRY(type_full_name(import, enclosing, out, depth + 1));
        CORSYM_TRY(corsym_buf_append_u8(out, '.'));
    }
    if (FAILED(props(import, type, name, 1024, &length, NULL, NULL)))
        return CORSYM_E_INVALID_ARG;
    name[1023] = 0;
    return append_utf8(out, name);
}

static corsym_status cached_type_full_name(IUnknown *import, struct type_name_cache *cache,
                                           uint32_t type, struct corsym_buf *out)
{
    if (cache->type && cache->type == type)
        return corsym_buf_append(out, cache->name.data, cache->name.len);
    size_t start = out->len;
    CORSYM_TRY(type_full_name(import, type, out, 0));
    cache->type = 0;
    corsym_buf_clear(&cache->name);
    if (corsym_buf_append(&cache->name, out->data + start, out->len - start) == CORSYM_OK)
        cache->type = type;
    return CORSYM_OK;
}

struct names_context {
    IUnknown *import;
    struct type_name_cache *cache;
};

static corsym_status method_names(void *context, uint32_t token, struct corsym_buf *type_name,
                                  struct corsym_buf *method_name)
{
    const struct names_context *names = context;
    IUnknown *import = names->import;
    get_method_props_fn props = (get_method_props_fn)slot(import, SLOT_GET_METHOD_PROPS);
    WCHAR name[1024];
    ULONG length = 0;
    ULONG32 type = 0;
    if (FAILED(props(import, token, &type, name, 1024, &length, NULL, NULL, NULL, NULL, NULL)))
        return CORSYM_E_INVALID_ARG; /* Microsoft's writer fails the same way */
    name[1023] = 0;
    CORSYM_TRY(append_utf8(method_name, name));
    return type && (type & 0xFFFFFF) ? cached_type_full_name(import, names->cache, type, type_name)
                                     : CORSYM_OK;
}

/* ---- producing the image ---- */

/* A Windows PDB; a deterministic id is the hash of the content written with a zero id. */
static HRESULT produce_windows(struct sym_writer *This, struct corsym_buf *image)
{
    struct corsym_winpdb_emit_options options;
    struct corsym_winpdb_emit_result where;
    IUnknown *import = NULL;
    struct names_context names = { NULL, &This->type_names };
    memset(&options, 0, sizeof(options));
    if (This->emitter &&
        SUCCEEDED(IUnknown_QueryInterface(This->emitter, &IID_IMetaDataImport_local,
                                          (void **)&import)) && import) {
        names.import = import;
        options.method_names = method_names;
        options.names_context = &names;
    }
    if (This->id_fixed) {
        memcpy(options.guid, This->id, 16);
        options.signature = (uint32_t)This->id[16] | (uint32_t)This->id[17] << 8 |
                            (uint32_t)This->id[18] << 16 | (uint32_t)This->id[19] << 24;
    }
    options.age = This->age;
    corsym_status st = corsym_winpdb_emit(This->model, &options, image, &where);
    if (import)
        IUnknown_Release(import);
    if (st != CORSYM_OK)
        return st == CORSYM_E_INVALID_ARG ? E_FAIL : hr_from(st);
    if (!This->id_fixed) {
        uint32_t signature = 0;
        corsym_winpdb_content_id(image->data, image->len, &where, This->id, &signature);
        This->id[16] = (uint8_t)signature;
        This->id[17] = (uint8_t)(signature >> 8);
        This->id[18] = (uint8_t)(signature >> 16);
        This->id[19] = (uint8_t)(signature >> 24);
        corsym_winpdb_set_id(image->data, &where, This->id, signature, This->age);
        This->id_fixed = true;
    }
    return S_OK;
}

/* Plans and writes the PDB into image (pieces written one after the other; a Windows PDB is
 * one piece); fixes a deterministic id on the way. The caller frees the image. */
static HRESULT produce(struct sym_writer *This, struct corsym_ppdb_image *image)
{
    memset(image, 0, sizeof(*image));
    corsym_status st = corsym_symwriter_check_complete(This->model);
    if (st != CORSYM_OK)
        return hr_from(st);
    if (This->format == FORMAT_WINDOWS) {
        HRESULT hr = produce_windows(This, &image->part[0]);
        image->len = image->part[0].len;
        return hr;
    }
    struct corsym_ppdb_emit_options options;
    memset(&options, 0, sizeof(options));
    /* The type-system row counts and the rows imports name, from the emitter's tables. */
    struct tables_view module;
    if (tables_view_open(This->emitter, &module)) {
        memcpy(options.type_system_rows, module.rows, sizeof(module.rows));
        options.module = &module.view;
    } else {
        query_method_rows(This->emitter, options.type_system_rows);
    }
    if (This->id_fixed)
        memcpy(options.id, This->id, sizeof(options.id));
    st = corsym_ppdb_emit_image(This->model, &options, image);
    tables_view_close(&module);
    if (st != CORSYM_OK)
        return hr_from(st);
    if (!This->id_fixed) {
        corsym_ppdb_image_content_id(image, This->id);
        corsym_ppdb_image_set_id(image, This->id);
        This->id_fixed = true;
    }
    return S_OK;
}

static HRESULT ensure_id(struct sym_writer *This)
{
    if (This->id_fixed)
        return S_OK;
    struct corsym_ppdb_image image;
    HRESULT hr = produce(This, &image);
    corsym_ppdb_image_free(&image);
    return hr;
}

static HRESULT write_out(struct sym_writer *This, bool close)
{
    if (!This->initialized || This->finished)
        return E_UNEXPECTED;
    struct corsym_ppdb_image image;
    HRESULT hr = produce(This, &image);
    if (SUCCEEDED(hr)) {
        struct corsym_span parts[CORSYM_PPDB_IMAGE_PARTS];
        size_t count = corsym_ppdb_image_spans(&image, parts);
        hr = corsym_sink_write_parts(&This->sink, parts, count);
    }
    corsym_ppdb_image_free(&image);
    if (SUCCEEDED(hr) && close) {
        corsym_symwriter_seal(This->model);
        This->finished = true;
        corsym_sink_clear(&This->sink);
    }
    return hr;
}

/* ---- IUnknown ---- */

static HRESULT STDMETHODCALLTYPE writer_QueryInterface(ISymUnmanagedWriter8 *iface, REFIID riid, void **ppv)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter2) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter3) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter4) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter5) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter6) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter7) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter8))
        *ppv = &This->ISymUnmanagedWriter8_iface;
    else if (IsEqualGUID(riid, &IID_IPdbWriter))
        *ppv = &This->IPdbWriter_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedAsyncMethodPropertiesWriter))
        *ppv = &This->ISymUnmanagedAsyncMethodPropertiesWriter_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedCompilerInfoWriter))
        *ppv = &This->ISymUnmanagedCompilerInfoWriter_iface;
    else
        return E_NOINTERFACE;
    IUnknown_AddRef((IUnknown *)*ppv);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE writer_AddRef(ISymUnmanagedWriter8 *iface)
{
    return corsym_atomic_inc(&impl_from_ISymUnmanagedWriter8(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE writer_Release(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    ULONG ref = corsym_atomic_dec(&This->refcount);
    if (ref == 0) {
        sym_writer_destroy(This);
        corsym_module_unlock();
    }
    return ref;
}

void corsym_writer_addref(struct sym_writer *writer)
{
    writer_AddRef(&writer->ISymUnmanagedWriter8_iface);
}

void corsym_writer_release(struct sym_writer *writer)
{
    writer_Release(&writer->ISymUnmanagedWriter8_iface);
}

CORSYM_FORWARD_IUNKNOWN(pdb_writer, IPdbWriter, struct sym_writer, ISymUnmanagedWriter8, writer)
CORSYM_FORWARD_IUNKNOWN(async_writer, ISymUnmanagedAsyncMethodPropertiesWriter, struct sym_writer,
                        ISymUnmanagedWriter8, writer)
CORSYM_FORWARD_IUNKNOWN(compiler_info_writer, ISymUnmanagedCompilerInfoWriter, struct sym_writer,
                        ISymUnmanagedWriter8, writer)

/* ---- documents ---- */

static HRESULT STDMETHODCALLTYPE writer_DefineDocument(ISymUnmanagedWriter8 *iface,
        const WCHAR *url,
        const GUID *language,
        const GUID *languageVendor,
        const GUID *documentType,
        ISymUnmanagedDocumentWriter **pRetVal)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = NULL;
    if (!url)
        return E_INVALIDARG;
    uint32_t index = 0;
    HRESULT hr;
    corsym_mutex_lock(&This->lock);
    hr = This->initialized
             ? hr_from(corsym_symwriter_define_document(
                   This->model, url, corsym_wcslen(url), (const uint8_t *)language,
                   (const uint8_t *)languageVendor, (const uint8_t *)documentType, &index))
             : E_UNEXPECTED;
    corsym_mutex_unlock(&This->lock);
    if (FAILED(hr))
        return hr;
    return corsym_document_writer_create(This, index, pRetVal);
}

HRESULT corsym_writer_document_set_source(struct sym_writer *This, uint32_t index,
                                          const BYTE *data, ULONG32 size)
{
    MODEL_CALL(This, corsym_symwriter_set_source(This->model, index, data, size));
}

HRESULT corsym_writer_document_set_checksum(struct sym_writer *This, uint32_t index,
                                            const GUID *algorithm, const BYTE *data, ULONG32 size)
{
    MODEL_CALL(This, corsym_symwriter_set_checksum(This->model, index, (const uint8_t *)algorithm,
                                                   data, size));
}

/* The document index of a document writer this writer handed out. */
static HRESULT document_index(struct sym_writer *This, ISymUnmanagedDocumentWriter *doc,
                              uint32_t *index)
{
    struct sym_writer *owner = NULL;
    HRESULT hr = corsym_document_writer_resolve((IUnknown *)doc, &owner, index);
    if (FAILED(hr))
        return hr;
    return owner == This ? S_OK : E_INVALIDARG;
}

/* ---- ISymUnmanagedWriter ---- */

static HRESULT STDMETHODCALLTYPE writer_SetUserEntryPoint(ISymUnmanagedWriter8 *iface,
        mdMethodDef entryMethod)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_set_entry_point(This->model, entryMethod));
}

static HRESULT STDMETHODCALLTYPE writer_OpenMethod(ISymUnmanagedWriter8 *iface,
        mdMethodDef method)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_open_method(This->model, method));
}

/* Microsoft's writer names a Windows PDB's method from the metadata when it closes it: a
 * method the metadata cannot name fails CloseMethod with E_INVALIDARG and is left out, and
 * Close still writes the rest. */
static bool method_is_named(struct sym_writer *This, uint32_t token)
{
    IUnknown *import = NULL;
    if (This->format != FORMAT_WINDOWS || !This->emitter ||
        FAILED(IUnknown_QueryInterface(This->emitter, &IID_IMetaDataImport_local,
                                       (void **)&import)) || !import)
        return true; /* nothing to ask: Close names the methods it can */
    struct names_context names = { import, &This->type_names };
    corsym_buf_clear(&This->names_scratch[0]);
    corsym_buf_clear(&This->names_scratch[1]);
    corsym_status st = method_names(&names, token, &This->names_scratch[0],
                                    &This->names_scratch[1]);
    IUnknown_Release(import);
    return st != CORSYM_E_INVALID_ARG;
}

static HRESULT STDMETHODCALLTYPE writer_CloseMethod(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = E_UNEXPECTED;
    if (This->initialized) {
        uint32_t token = corsym_symwriter_open_method_token(This->model);
        hr = hr_from(corsym_symwriter_close_method(This->model));
        if (SUCCEEDED(hr) && !method_is_named(This, token)) {
            corsym_symwriter_drop_last_method(This->model, token);
            hr = E_INVALIDARG;
        }
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_OpenScope(ISymUnmanagedWriter8 *iface,
        ULONG32 startOffset,
        ULONG32 *pRetVal)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    CORSYM_CHECK_OUT(pRetVal);
    *pRetVal = 0;
    MODEL_CALL(This, corsym_symwriter_open_scope(This->model, startOffset, pRetVal));
}

static HRESULT STDMETHODCALLTYPE writer_CloseScope(ISymUnmanagedWriter8 *iface,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_close_scope(This->model, endOffset));
}

static HRESULT STDMETHODCALLTYPE writer_SetScopeRange(ISymUnmanagedWriter8 *iface,
        ULONG32 scopeID,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_set_scope_range(This->model, scopeID, startOffset, endOffset));
}

static HRESULT STDMETHODCALLTYPE writer_DefineLocalVariable(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (!name || (!signature && cSig))
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_define_local(This->model, name, wlen(name), attributes, 0,
                                                   signature, cSig, addrKind, addr1, addr2, addr3,
                                                   startOffset, endOffset));
}

/* Microsoft's writer keeps a parameter in Windows PDBs (a parameter slot of the method) and
 * answers E_INVALIDARG without a name or outside a method; readers do not list it. */
static HRESULT STDMETHODCALLTYPE writer_DefineParameter(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 sequence,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (!name)
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    /* Before Initialize no method can be open: the same answer as outside a method. */
    HRESULT hr = This->initialized
                     ? hr_from(corsym_symwriter_define_parameter(This->model, name, wlen(name),
                                                                 sequence, addr1))
                     : E_INVALIDARG;
    corsym_mutex_unlock(&This->lock);
    return hr;
}

/* Microsoft's writer accepts fields and writes nothing for them, in either state. */
static HRESULT STDMETHODCALLTYPE writer_DefineField(ISymUnmanagedWriter8 *iface,
        mdTypeDef parent,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    return S_OK;
}

/* Global variables: Microsoft's writer answers E_NOTIMPL once initialised (and crashes
 * before); neither PDB format that managed readers use holds them. */
static HRESULT STDMETHODCALLTYPE writer_DefineGlobalVariable(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        ULONG32 cSig,
        unsigned char signature[],
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_Close(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = write_out(This, true);
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_SetSymAttribute(ISymUnmanagedWriter8 *iface,
        mdToken parent,
        const WCHAR *name,
        ULONG32 cData,
        unsigned char data[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (!name || (!data && cData))
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_set_attribute(This->model, parent, name, wlen(name), data,
                                                    cData));
}

/* Namespaces are not recorded (Microsoft's writer writes nothing for them either); opening
 * or closing one is S_OK there once initialised, even after Close, and here too. */
static HRESULT STDMETHODCALLTYPE writer_OpenNamespace(ISymUnmanagedWriter8 *iface,
        const WCHAR *name)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    (void)name;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized ? hr_from(corsym_symwriter_open_namespace(This->model))
                                   : E_UNEXPECTED;
    corsym_mutex_unlock(&This->lock);
    return hr == E_UNEXPECTED && This->initialized ? S_OK : hr;
}

static HRESULT STDMETHODCALLTYPE writer_CloseNamespace(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized ? hr_from(corsym_symwriter_close_namespace(This->model))
                                   : E_UNEXPECTED;
    corsym_mutex_unlock(&This->lock);
    return hr == E_UNEXPECTED && This->initialized ? S_OK : hr;
}

/* Outside a scope of an open method (no method, no scope, after Close) Microsoft's writer
 * answers E_FAIL. */
static HRESULT STDMETHODCALLTYPE writer_UsingNamespace(ISymUnmanagedWriter8 *iface,
        const WCHAR *fullName)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (!fullName)
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized
                     ? hr_from(corsym_symwriter_using_namespace(This->model, fullName,
                                                                wlen(fullName)))
                     : E_UNEXPECTED;
    corsym_mutex_unlock(&This->lock);
    return hr == E_UNEXPECTED && This->initialized ? E_FAIL : hr;
}

static HRESULT STDMETHODCALLTYPE writer_SetMethodSourceRange(ISymUnmanagedWriter8 *iface,
        ISymUnmanagedDocumentWriter *startDoc,
        ULONG32 startLine,
        ULONG32 startColumn,
        ISymUnmanagedDocumentWriter *endDoc,
        ULONG32 endLine,
        ULONG32 endColumn)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    uint32_t start, end;
    HRESULT hr = document_index(This, startDoc, &start);
    if (SUCCEEDED(hr))
        hr = document_index(This, endDoc, &end);
    if (FAILED(hr))
        return hr;
    MODEL_CALL(This, corsym_symwriter_set_method_source_range(This->model, start, startLine,
                                                              startColumn, end, endLine, endColumn));
}

static HRESULT initialize(struct sym_writer *This, IUnknown *emitter, const WCHAR *target,
                          IStream *stream, const WCHAR *path, bool deterministic)
{
    if (!stream && (!target || !target[0]))
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = S_OK;
    WCHAR *path_copy = NULL;
    if (This->initialized || This->finished)
        hr = E_UNEXPECTED;
    if (SUCCEEDED(hr) && path && !(path_copy = wcsdup16(path)))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = corsym_sink_set(&This->sink, stream ? NULL : target, stream);
    if (SUCCEEDED(hr)) {
        This->path = path_copy;
        path_copy = NULL;
        if (emitter) {
            IUnknown_AddRef(emitter);
            This->emitter = emitter;
        }
        This->deterministic = deterministic;
        if (!deterministic)
            new_random_id(This);
        This->initialized = true;
    }
    free(path_copy);
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_Initialize(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        const WCHAR *filename,
        IStream *pIStream,
        BOOL fFullBuild)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    return initialize(This, emitter, filename, pIStream, filename, false);
}

static HRESULT debug_info(struct sym_writer *This, IMAGE_DEBUG_DIRECTORY *pIDD, DWORD cData,
                          DWORD *pcData, BYTE data[], size_t pad_path_to)
{
    if (!pIDD)
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized || This->finished ? ensure_id(This) : E_UNEXPECTED;
    uint8_t *record = NULL;
    size_t path_len = 0, size = 0;
    if (SUCCEEDED(hr)) {
        size_t units = wlen(This->path);
        if (corsym_utf16_to_utf8(This->path, units, NULL, 0, &path_len) != CORSYM_OK)
            hr = E_INVALIDARG;
    }
    if (SUCCEEDED(hr)) {
        size_t field = path_len + 1 > pad_path_to ? path_len + 1 : pad_path_to;
        size = 4 + 16 + 4 + field;
        record = calloc(1, size);
        if (!record)
            hr = E_OUTOFMEMORY;
    }
    if (SUCCEEDED(hr)) {
        memcpy(record, "RSDS", 4);
        memcpy(record + 4, This->id, 16);
        record[20] = (uint8_t)This->age; /* always 1 for a Portable PDB */
        record[21] = (uint8_t)(This->age >> 8);
        record[22] = (uint8_t)(This->age >> 16);
        record[23] = (uint8_t)(This->age >> 24);
        if (path_len)
            corsym_utf16_to_utf8(This->path, wlen(This->path), record + 24, path_len, &path_len);
        memset(pIDD, 0, sizeof(*pIDD));
        pIDD->TimeDateStamp = (DWORD)This->id[16] | (DWORD)This->id[17] << 8 |
                              (DWORD)This->id[18] << 16 | (DWORD)This->id[19] << 24;
        if (This->format == FORMAT_PORTABLE) {
            /* Version 0x0100.0x504D marks the CodeView entry of a Portable PDB. */
            pIDD->MajorVersion = 0x0100;
            pIDD->MinorVersion = 0x504D;
        }
        pIDD->Type = 2; /* IMAGE_DEBUG_TYPE_CODEVIEW */
        pIDD->SizeOfData = (DWORD)size;
        if (cData && cData < size) {
            /* Part of a CodeView record is no use to a PE writer. */
            if (pcData)
                *pcData = 0;
            hr = CORSYM_HR_BUFFER_TOO_SMALL;
        } else {
            ULONG32 copied = 0; /* DWORD and ULONG32 differ in type on Windows */
            hr = corsym_copy_bytes(record, size, cData, &copied, data);
            if (SUCCEEDED(hr) && pcData)
                *pcData = copied;
        }
    }
    free(record);
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_GetDebugInfo(ISymUnmanagedWriter8 *iface,
        IMAGE_DEBUG_DIRECTORY *pIDD,
        DWORD cData,
        DWORD *pcData,
        BYTE data[])
{
    return debug_info(impl_from_ISymUnmanagedWriter8(iface), pIDD, cData, pcData, data, 0);
}

static HRESULT STDMETHODCALLTYPE writer_DefineSequencePoints(ISymUnmanagedWriter8 *iface,
        ISymUnmanagedDocumentWriter *document,
        ULONG32 spCount,
        ULONG32 offsets[],
        ULONG32 lines[],
        ULONG32 columns[],
        ULONG32 endLines[],
        ULONG32 endColumns[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    uint32_t index;
    HRESULT hr = document_index(This, document, &index);
    if (FAILED(hr))
        return hr;
    MODEL_CALL(This, corsym_symwriter_define_sequence_points(This->model, index, spCount, offsets,
                                                             lines, columns, endLines, endColumns));
}

static HRESULT STDMETHODCALLTYPE writer_RemapToken(ISymUnmanagedWriter8 *iface,
        mdToken oldToken,
        mdToken newToken)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_remap_token(This->model, oldToken, newToken));
}

static HRESULT STDMETHODCALLTYPE writer_Initialize2(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        const WCHAR *tempfilename,
        IStream *pIStream,
        BOOL fFullBuild,
        const WCHAR *finalfilename)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    return initialize(This, emitter, tempfilename, pIStream,
                      finalfilename ? finalfilename : tempfilename, false);
}

/* A VARIANT as the model keeps it. Roslyn's conventions: VT_DATE carries DateTime ticks as
 * an int64 (abi.md section 6), a null reference arrives as the integer 0. */
static HRESULT value_from_variant(const VARIANT *v, struct corsym_sw_value *out)
{
    memset(out, 0, sizeof(*out));
    switch (V_VT(v)) {
    case VT_EMPTY: case VT_NULL: out->kind = CORSYM_SW_VALUE_NULL; break;
    case VT_BOOL: out->kind = CORSYM_SW_VALUE_BOOL; out->u = V_BOOL(v) != 0; break;
    case VT_I1: out->kind = CORSYM_SW_VALUE_I1; out->i = (int8_t)V_I1(v); break;
    case VT_UI1: out->kind = CORSYM_SW_VALUE_U1; out->u = V_UI1(v); break;
    case VT_I2: out->kind = CORSYM_SW_VALUE_I2; out->i = V_I2(v); break;
    case VT_UI2: out->kind = CORSYM_SW_VALUE_U2; out->u = V_UI2(v); break;
    case VT_I4: out->kind = CORSYM_SW_VALUE_I4; out->i = V_I4(v); break;
    case VT_INT: out->kind = CORSYM_SW_VALUE_I4; out->i = V_INT(v); break;
    case VT_UI4: out->kind = CORSYM_SW_VALUE_U4; out->u = V_UI4(v); break;
    case VT_UINT: out->kind = CORSYM_SW_VALUE_U4; out->u = V_UINT(v); break;
    case VT_I8: out->kind = CORSYM_SW_VALUE_I8; out->i = V_I8(v); break;
    case VT_UI8: out->kind = CORSYM_SW_VALUE_U8; out->u = V_UI8(v); break;
    case VT_R4: {
        float f = V_R4(v);
        uint32_t bits;
        memcpy(&bits, &f, 4);
        out->kind = CORSYM_SW_VALUE_R4;
        out->u = bits;
        break;
    }
    case VT_R8: {
        double d = V_R8(v);
        out->kind = CORSYM_SW_VALUE_R8;
        memcpy(&out->u, &d, 8);
        break;
    }
    case VT_DATE: out->kind = CORSYM_SW_VALUE_DATE; out->i = V_I8(v); break;
    case VT_BSTR:
        if (!V_BSTR(v)) {
            out->kind = CORSYM_SW_VALUE_NULL_STRING;
        } else {
            out->kind = CORSYM_SW_VALUE_STRING;
            out->text = (uint16_t *)V_BSTR(v);
#ifdef _WIN32
            out->text_len = SysStringLen(V_BSTR(v));
#else
            /* Callers elsewhere often pass a plain string; its length prefix may be absent. */
            out->text_len = (uint32_t)corsym_wcslen(V_BSTR(v));
#endif
        }
        break;
    case VT_DECIMAL: {
        const DECIMAL *d = &V_DECIMAL(v);
        out->kind = CORSYM_SW_VALUE_DECIMAL;
        out->decimal.negative = (d->sign & DECIMAL_NEG) != 0;
        out->decimal.scale = d->scale;
        out->decimal.lo = (uint32_t)d->Lo64;
        out->decimal.mid = (uint32_t)(d->Lo64 >> 32);
        out->decimal.hi = d->Hi32;
        break;
    }
    case VT_UNKNOWN: case VT_DISPATCH:
        if (V_UNKNOWN(v))
            return E_INVALIDARG;
        out->kind = CORSYM_SW_VALUE_NULL;
        break;
    default:
        return E_INVALIDARG;
    }
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE writer_DefineConstant(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        VARIANT value,
        ULONG32 cSig,
        unsigned char signature[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    struct corsym_sw_value v;
    if (!name || (!signature && cSig))
        return E_INVALIDARG;
    HRESULT hr = value_from_variant(&value, &v);
    if (FAILED(hr))
        return hr;
    MODEL_CALL(This, corsym_symwriter_define_constant(This->model, name, wlen(name), &v, 0,
                                                      signature, cSig));
}

static HRESULT STDMETHODCALLTYPE writer_Abort(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->finished ? E_UNEXPECTED : S_OK;
    if (SUCCEEDED(hr)) {
        /* Nothing reaches the target: a file is only ever written by Commit or Close. */
        corsym_symwriter_seal(This->model);
        corsym_sink_clear(&This->sink);
        This->finished = true;
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_DefineLocalVariable2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        mdSignature sigToken,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3,
        ULONG32 startOffset,
        ULONG32 endOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (!name)
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_define_local(This->model, name, wlen(name), attributes,
                                                   sigToken, NULL, 0, addrKind, addr1, addr2,
                                                   addr3, startOffset, endOffset));
}

/* E_NOTIMPL as in Microsoft's writer (see DefineGlobalVariable). */
static HRESULT STDMETHODCALLTYPE writer_DefineGlobalVariable2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        ULONG32 attributes,
        mdSignature sigToken,
        ULONG32 addrKind,
        ULONG32 addr1,
        ULONG32 addr2,
        ULONG32 addr3)
{
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE writer_DefineConstant2(ISymUnmanagedWriter8 *iface,
        const WCHAR *name,
        VARIANT value,
        mdSignature sigToken)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    struct corsym_sw_value v;
    if (!name)
        return E_INVALIDARG;
    HRESULT hr = value_from_variant(&value, &v);
    if (FAILED(hr))
        return hr;
    const BYTE *sig;
    ULONG size;
    corsym_mutex_lock(&This->lock);
    /* The type lives in the module's StandAloneSig; without an importer that answers, the
     * value alone decides the constant's type. */
    signature_from_token(This->emitter, sigToken, &sig, &size);
    hr = This->initialized ? hr_from(corsym_symwriter_define_constant(
                                 This->model, name, wlen(name), &v, sigToken, sig, size))
                           : E_UNEXPECTED;
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_OpenMethod2(ISymUnmanagedWriter8 *iface,
        mdMethodDef method,
        ULONG32 isect,
        ULONG32 offset)
{
    /* The section and offset locate native code; IL methods are known by token alone. */
    return writer_OpenMethod(iface, method);
}

static HRESULT STDMETHODCALLTYPE writer_Commit(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = write_out(This, false);
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_GetDebugInfoWithPadding(ISymUnmanagedWriter8 *iface,
        IMAGE_DEBUG_DIRECTORY *pIDD,
        DWORD cData,
        DWORD *pcData,
        BYTE data[])
{
    /* The path field is padded to MAX_PATH so a PE can be patched with a longer path. */
    return debug_info(impl_from_ISymUnmanagedWriter8(iface), pIDD, cData, pcData, data, 260);
}

static HRESULT STDMETHODCALLTYPE writer_OpenMapTokensToSourceSpans(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_open_token_map(This->model));
}

static HRESULT STDMETHODCALLTYPE writer_CloseMapTokensToSourceSpans(ISymUnmanagedWriter8 *iface)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    MODEL_CALL(This, corsym_symwriter_close_token_map(This->model));
}

static HRESULT STDMETHODCALLTYPE writer_MapTokenToSourceSpan(ISymUnmanagedWriter8 *iface,
        mdToken token,
        ISymUnmanagedDocumentWriter *document,
        ULONG32 line,
        ULONG32 column,
        ULONG32 endLine,
        ULONG32 endColumn)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    uint32_t index;
    HRESULT hr = document_index(This, document, &index);
    if (FAILED(hr))
        return hr;
    MODEL_CALL(This, corsym_symwriter_map_token(This->model, token, index, line, column, endLine,
                                                endColumn));
}

static HRESULT STDMETHODCALLTYPE writer_InitializeDeterministic(ISymUnmanagedWriter8 *iface,
        IUnknown *emitter,
        IUnknown *stream)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    IStream *target = NULL;
    if (!stream || FAILED(IUnknown_QueryInterface(stream, &IID_IStream, (void **)&target)) || !target)
        return E_INVALIDARG;
    HRESULT hr = initialize(This, emitter, NULL, target, NULL, true);
    IStream_Release(target);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_UpdateSignatureByHashingContent(ISymUnmanagedWriter8 *iface,
        const BYTE *buffer,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (size < 0 || (!buffer && size))
        return E_INVALIDARG;
    struct corsym_sha256 sha;
    uint8_t hash[CORSYM_SHA256_SIZE];
    corsym_sha256_init(&sha);
    corsym_sha256_update(&sha, buffer, (size_t)size);
    corsym_sha256_final(&sha, hash);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized && !This->finished ? S_OK : E_UNEXPECTED;
    if (SUCCEEDED(hr)) {
        corsym_ppdb_id_from_hash(hash, This->id);
        This->id_fixed = true;
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_UpdateSignature(ISymUnmanagedWriter8 *iface,
        GUID pdbId,
        DWORD stamp,
        int age)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    /* A Portable PDB has no age; its CodeView entry always says 1. */
    if (This->format == FORMAT_PORTABLE ? age != 1 : age < 1)
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized && !This->finished ? S_OK : E_UNEXPECTED;
    if (SUCCEEDED(hr)) {
        memcpy(This->id, &pdbId, 16);
        This->id[16] = (uint8_t)stamp;
        This->id[17] = (uint8_t)(stamp >> 8);
        This->id[18] = (uint8_t)(stamp >> 16);
        This->id[19] = (uint8_t)(stamp >> 24);
        This->age = (uint32_t)age;
        This->id_fixed = true;
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE writer_SetSourceServerData(ISymUnmanagedWriter8 *iface,
        const BYTE *data,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (size < 0 || (!data && size))
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_set_source_server(This->model, data, (size_t)size));
}

static HRESULT STDMETHODCALLTYPE writer_SetSourceLinkData(ISymUnmanagedWriter8 *iface,
        const BYTE *data,
        int size)
{
    struct sym_writer *This = impl_from_ISymUnmanagedWriter8(iface);
    if (size < 0 || (!data && size))
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_set_source_link(This->model, data, (size_t)size));
}

static const ISymUnmanagedWriter8Vtbl writer_vtbl = {
    /*** IUnknown methods ***/
    writer_QueryInterface,
    writer_AddRef,
    writer_Release,
    /*** ISymUnmanagedWriter methods ***/
    writer_DefineDocument,
    writer_SetUserEntryPoint,
    writer_OpenMethod,
    writer_CloseMethod,
    writer_OpenScope,
    writer_CloseScope,
    writer_SetScopeRange,
    writer_DefineLocalVariable,
    writer_DefineParameter,
    writer_DefineField,
    writer_DefineGlobalVariable,
    writer_Close,
    writer_SetSymAttribute,
    writer_OpenNamespace,
    writer_CloseNamespace,
    writer_UsingNamespace,
    writer_SetMethodSourceRange,
    writer_Initialize,
    writer_GetDebugInfo,
    writer_DefineSequencePoints,
    writer_RemapToken,
    writer_Initialize2,
    writer_DefineConstant,
    writer_Abort,
    /*** ISymUnmanagedWriter2 methods ***/
    writer_DefineLocalVariable2,
    writer_DefineGlobalVariable2,
    writer_DefineConstant2,
    /*** ISymUnmanagedWriter3 methods ***/
    writer_OpenMethod2,
    writer_Commit,
    /*** ISymUnmanagedWriter4 methods ***/
    writer_GetDebugInfoWithPadding,
    /*** ISymUnmanagedWriter5 methods ***/
    writer_OpenMapTokensToSourceSpans,
    writer_CloseMapTokensToSourceSpans,
    writer_MapTokenToSourceSpan,
    /*** ISymUnmanagedWriter6 methods ***/
    writer_InitializeDeterministic,
    /*** ISymUnmanagedWriter7 methods ***/
    writer_UpdateSignatureByHashingContent,
    /*** ISymUnmanagedWriter8 methods ***/
    writer_UpdateSignature,
    writer_SetSourceServerData,
    writer_SetSourceLinkData,
};

/* ---- IPdbWriter ---- */

static HRESULT STDMETHODCALLTYPE pdb_writer_SetPath(IPdbWriter *iface,
        const WCHAR *szFullPathName,
        IStream *pIStream,
        BOOL fFullBuild)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    if (!pIStream && (!szFullPathName || !szFullPathName[0]))
        return E_INVALIDARG;
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized && !This->finished ? S_OK : E_UNEXPECTED;
    WCHAR *path = NULL;
    if (SUCCEEDED(hr) && szFullPathName && !(path = wcsdup16(szFullPathName)))
        hr = E_OUTOFMEMORY;
    if (SUCCEEDED(hr))
        hr = corsym_sink_set(&This->sink, pIStream ? NULL : szFullPathName, pIStream);
    if (SUCCEEDED(hr) && path) {
        free(This->path);
        This->path = path;
        path = NULL;
    }
    free(path);
    corsym_mutex_unlock(&This->lock);
    return hr;
}

/* Modules group native symbols in a Windows PDB; a Portable PDB has none to group. */
static HRESULT STDMETHODCALLTYPE pdb_writer_OpenMod(IPdbWriter *iface,
        const WCHAR *szModuleName,
        const WCHAR *szFileName)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_CloseMod(IPdbWriter *iface)
{
    return S_OK;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_GetPath(IPdbWriter *iface,
        DWORD ccData,
        DWORD *pccData,
        WCHAR szPath[])
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    corsym_mutex_lock(&This->lock);
    static const WCHAR empty[1] = { 0 };
    const WCHAR *path = This->path ? This->path : empty;
    ULONG32 copied = 0;
    HRESULT hr = corsym_copy_wstr(path, corsym_wcslen(path), ccData, &copied, szPath);
    if (pccData && (SUCCEEDED(hr) || hr == CORSYM_HR_BUFFER_TOO_SMALL))
        *pccData = copied;
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static HRESULT STDMETHODCALLTYPE pdb_writer_GetSignatureAge(IPdbWriter *iface,
        DWORD *sig,
        DWORD *age)
{
    struct sym_writer *This = impl_from_IPdbWriter(iface);
    CORSYM_CHECK_OUT(sig);
    CORSYM_CHECK_OUT(age);
    corsym_mutex_lock(&This->lock);
    HRESULT hr = This->initialized || This->finished ? ensure_id(This) : E_UNEXPECTED;
    if (SUCCEEDED(hr)) {
        *sig = (DWORD)This->id[16] | (DWORD)This->id[17] << 8 | (DWORD)This->id[18] << 16 |
               (DWORD)This->id[19] << 24;
        *age = This->age;
    }
    corsym_mutex_unlock(&This->lock);
    return hr;
}

static const IPdbWriterVtbl pdb_writer_vtbl = {
    /*** IUnknown methods ***/
    pdb_writer_QueryInterface,
    pdb_writer_AddRef,
    pdb_writer_Release,
    /*** IPdbWriter methods ***/
    pdb_writer_SetPath,
    pdb_writer_OpenMod,
    pdb_writer_CloseMod,
    pdb_writer_GetPath,
    pdb_writer_GetSignatureAge,
};

/* ---- ISymUnmanagedAsyncMethodPropertiesWriter: about the open method (the MoveNext) ---- */

static HRESULT STDMETHODCALLTYPE async_writer_DefineKickoffMethod(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        mdToken kickoffMethod)
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    MODEL_CALL(This, corsym_symwriter_set_kickoff(This->model, kickoffMethod));
}

static HRESULT STDMETHODCALLTYPE async_writer_DefineCatchHandlerILOffset(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        ULONG32 catchHandlerOffset)
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    MODEL_CALL(This, corsym_symwriter_set_catch_handler(This->model, catchHandlerOffset));
}

static HRESULT STDMETHODCALLTYPE async_writer_DefineAsyncStepInfo(ISymUnmanagedAsyncMethodPropertiesWriter *iface,
        ULONG32 count,
        ULONG32 yieldOffsets[],
        ULONG32 breakpointOffset[],
        mdToken breakpointMethod[])
{
    struct sym_writer *This = impl_from_ISymUnmanagedAsyncMethodPropertiesWriter(iface);
    MODEL_CALL(This, corsym_symwriter_add_async_steps(This->model, count, yieldOffsets,
                                                      breakpointOffset, breakpointMethod));
}

static const ISymUnmanagedAsyncMethodPropertiesWriterVtbl async_writer_vtbl = {
    /*** IUnknown methods ***/
    async_writer_QueryInterface,
    async_writer_AddRef,
    async_writer_Release,
    /*** ISymUnmanagedAsyncMethodPropertiesWriter methods ***/
    async_writer_DefineKickoffMethod,
    async_writer_DefineCatchHandlerILOffset,
    async_writer_DefineAsyncStepInfo,
};

/* ---- ISymUnmanagedCompilerInfoWriter ---- */

static HRESULT STDMETHODCALLTYPE compiler_info_writer_AddCompilerInfo(ISymUnmanagedCompilerInfoWriter *iface,
        USHORT major,
        USHORT minor,
        USHORT build,
        USHORT revision,
        const WCHAR *name)
{
    struct sym_writer *This = impl_from_ISymUnmanagedCompilerInfoWriter(iface);
    if (!name)
        return E_INVALIDARG;
    MODEL_CALL(This, corsym_symwriter_set_compiler_info(This->model, major, minor, build, revision,
                                                        name, wlen(name)));
}

static const ISymUnmanagedCompilerInfoWriterVtbl compiler_info_writer_vtbl = {
    /*** IUnknown methods ***/
    compiler_info_writer_QueryInterface,
    compiler_info_writer_AddRef,
    compiler_info_writer_Release,
    /*** ISymUnmanagedCompilerInfoWriter methods ***/
    compiler_info_writer_AddCompilerInfo,
};

/* ---- lifetime ---- */

static void sym_writer_destroy(struct sym_writer *This)
{
    corsym_sink_clear(&This->sink);
    if (This->emitter)
        IUnknown_Release(This->emitter);
    corsym_symwriter_free(This->model);
    corsym_buf_free(&This->type_names.name);
    corsym_buf_free(&This->names_scratch[0]);
    corsym_buf_free(&This->names_scratch[1]);
    free(This->path);
    corsym_mutex_destroy(&This->lock);
    free(This);
}

static HRESULT create(enum writer_format format, REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    struct sym_writer *This = calloc(1, sizeof(*This));
    if (!This)
        return E_OUTOFMEMORY;
    if (corsym_symwriter_new(&This->model, format == FORMAT_PORTABLE ? CORSYM_SW_RULES_PORTABLE : 0) !=
        CORSYM_OK) {
        free(This);
        return E_OUTOFMEMORY;
    }
    This->ISymUnmanagedWriter8_iface.lpVtbl = &writer_vtbl;
    This->IPdbWriter_iface.lpVtbl = &pdb_writer_vtbl;
    This->ISymUnmanagedAsyncMethodPropertiesWriter_iface.lpVtbl = &async_writer_vtbl;
    This->ISymUnmanagedCompilerInfoWriter_iface.lpVtbl = &compiler_info_writer_vtbl;
    This->refcount = 1;
    This->format = format;
    /* A Portable writer keeps each closed method's sequence-point records, not its points. */
    if (format == FORMAT_PORTABLE)
        corsym_symwriter_set_point_encoder(This->model, corsym_ppdb_encode_points);
    This->age = 1;
    corsym_mutex_init(&This->lock);
    corsym_module_lock();
    HRESULT hr = writer_QueryInterface(&This->ISymUnmanagedWriter8_iface, riid, ppv);
    writer_Release(&This->ISymUnmanagedWriter8_iface);
    return hr;
}

HRESULT corsym_writer_create(REFIID riid, void **ppv)
{
    return create(FORMAT_WINDOWS, riid, ppv);
}

HRESULT corsym_writer_portable_create(REFIID riid, void **ppv)
{
    return create(FORMAT_PORTABLE, riid, ppv);
}
