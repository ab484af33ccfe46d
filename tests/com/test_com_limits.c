/* SPDX-License-Identifier: MIT */
/*
 * The README's "Limits" table through the public API: input beyond a documented maximum gets
 * the documented HRESULT, never a crash or a partial answer. Every row is here but the page
 * count of a written Windows PDB (32 GiB: tests/unit/test_msf_write.c asks the planner), and
 * the stream count only on the refused side (the accepted one is 134 MB through the API:
 * tests/unit/test_winpdb_emit.c). Inputs over a limit are made in memory: by corsym's own
 * writers, then patched where they would refuse to write them.
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "api_dump.h"
#include "test_support.h"

#define OK(x) assert_int_equal((x), S_OK)

/* ---- a stream that says it is 5 GiB long ---- */

struct huge_stream {
    IStream IStream_iface;
};

static HRESULT STDMETHODCALLTYPE huge_QueryInterface(IStream *This, REFIID riid, void **ppv)
{
    (void)riid;
    *ppv = This;
    return S_OK;
}
static ULONG STDMETHODCALLTYPE huge_AddRef(IStream *This) { (void)This; return 2; }
static ULONG STDMETHODCALLTYPE huge_Release(IStream *This) { (void)This; return 1; }
static HRESULT STDMETHODCALLTYPE huge_Read(IStream *This, void *pv, ULONG cb, ULONG *got)
{
    (void)This;
    memset(pv, 0, cb); /* never asked: the size is refused first */
    if (got)
        *got = cb;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE huge_Write(IStream *This, const void *pv, ULONG cb, ULONG *put)
{
    (void)This; (void)pv; (void)cb; (void)put;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE huge_Seek(IStream *This, LARGE_INTEGER move, DWORD origin,
                                          ULARGE_INTEGER *position)
{
    (void)This; (void)move; (void)origin;
    if (position)
        position->QuadPart = 0;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE huge_SetSize(IStream *This, ULARGE_INTEGER size)
{
    (void)This; (void)size;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE huge_CopyTo(IStream *This, IStream *to, ULARGE_INTEGER cb,
                                            ULARGE_INTEGER *read, ULARGE_INTEGER *written)
{
    (void)This; (void)to; (void)cb; (void)read; (void)written;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE huge_Commit(IStream *This, DWORD flags)
{
    (void)This; (void)flags;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE huge_Revert(IStream *This) { (void)This; return E_NOTIMPL; }
static HRESULT STDMETHODCALLTYPE huge_Lock(IStream *This, ULARGE_INTEGER at, ULARGE_INTEGER cb,
                                          DWORD type)
{
    (void)This; (void)at; (void)cb; (void)type;
    return E_NOTIMPL;
}
static HRESULT STDMETHODCALLTYPE huge_Stat(IStream *This, STATSTG *stat, DWORD flags)
{
    (void)This; (void)flags;
    memset(stat, 0, sizeof(*stat));
    stat->cbSize.QuadPart = 5ull << 30;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE huge_Clone(IStream *This, IStream **out)
{
    (void)This;
    *out = NULL;
    return E_NOTIMPL;
}

static const IStreamVtbl huge_vtbl = {
    huge_QueryInterface, huge_AddRef, huge_Release, huge_Read, huge_Write, huge_Seek,
    huge_SetSize, huge_CopyTo, huge_Commit, huge_Revert, huge_Lock, huge_Lock, huge_Stat,
    huge_Clone,
};

/* ---- helpers ---- */

static HRESULT open_bytes(const unsigned char *bytes, size_t size, ISymUnmanagedReader **reader)
{
    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    *reader = NULL;
    OK(corsym_test_library()->CorSymCreateMemoryStream(bytes, (ULONG)size, &stream));
    OK(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder, (void **)&binder));
    HRESULT hr = ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, reader);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    return hr;
}

static unsigned char *fixture(const char *relative, size_t *size)
{
    char *path = corsym_test_source_path(relative);
    unsigned char *bytes = corsym_test_read_file(path, size);
    free(path);
    assert_non_null(bytes);
    return bytes;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}


static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* A writer of `clsid` that writes into a new memory stream. */
static void new_writer(const CLSID *clsid, ISymUnmanagedWriter8 **writer, IStream **stream)
{
    OK(corsym_test_create(clsid, &IID_ISymUnmanagedWriter8, (void **)writer));
    OK(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, stream));
    OK(ISymUnmanagedWriter8_Initialize(*writer, NULL, NULL, *stream, TRUE));
}

/* Everything a writer put into `stream` (malloc'd). */
static unsigned char *stream_bytes(IStream *stream, size_t *size)
{
    STATSTG stat;
    OK(IStream_Stat(stream, &stat, STATFLAG_NONAME));
    assert_true(stat.cbSize.QuadPart < (1u << 30));
    *size = (size_t)stat.cbSize.QuadPart;
    unsigned char *bytes = malloc(*size ? *size : 1);
    assert_non_null(bytes);
    LARGE_INTEGER start;
    start.QuadPart = 0;
    OK(IStream_Seek(stream, start, STREAM_SEEK_SET, NULL));
    ULONG got = 0;
    OK(IStream_Read(stream, bytes, (ULONG)*size, &got));
    assert_int_equal(got, *size);
    return bytes;
}

/* ---- a Windows PDB's streams, read and patched in place (MSF 7.00: research/
 * windows-pdb.md §1). Only what corsym's own writer produces is expected here, so every
 * field is asserted rather than handled. ---- */

struct msf_view {
    unsigned char *file;
    size_t size;
    uint32_t block_size;
    unsigned char *directory; /* gathered from its blocks; malloc'd */
    uint32_t directory_bytes;
    uint32_t stream_count;
};

static unsigned char *msf_block(const struct msf_view *m, uint32_t block)
{
    assert_true((uint64_t)block * m->block_size + m->block_size <= m->size);
    return m->file + (size_t)block * m->block_size;
}

static void msf_open(struct msf_view *m, unsigned char *file, size_t size)
{
    assert_true(size >= 56);
    assert_memory_equal(file, "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0\0", 32);
    m->file = file;
    m->size = size;
    m->block_size = get_u32(file + 32);
    m->directory_bytes = get_u32(file + 44);
    assert_true(m->block_size >= 512 && m->directory_bytes >= 4);
    const unsigned char *map = msf_block(m, get_u32(file + 52));
    uint32_t blocks = (m->directory_bytes + m->block_size - 1) / m->block_size;
    assert_true(blocks <= m->block_size / 4);
    m->directory = malloc((size_t)blocks * m->block_size);
    assert_non_null(m->directory);
    for (uint32_t i = 0; i < blocks; i++)
        memcpy(m->directory + (size_t)i * m->block_size, msf_block(m, get_u32(map + 4 * i)),
               m->block_size);
    m->stream_count = get_u32(m->directory);
    assert_true(4 + 4ull * m->stream_count <= m->directory_bytes);
}

static void msf_close(struct msf_view *m)
{
    free(m->directory);
    m->directory = NULL;
}

static uint32_t msf_stream_size(const struct msf_view *m, uint32_t stream)
{
    assert_true(stream < m->stream_count);
    uint32_t size = get_u32(m->directory + 4 + 4 * (size_t)stream);
    return size == 0xFFFFFFFFu ? 0 : size; /* a nil stream */
}

/* The directory's list of `stream`'s blocks: after the sizes, each stream's in turn. */
static const unsigned char *msf_stream_blocks(const struct msf_view *m, uint32_t stream)
{
    size_t at = 4 + 4 * (size_t)m->stream_count;
    for (uint32_t i = 0; i < stream; i++)
        at += 4 * (size_t)((msf_stream_size(m, i) + m->block_size - 1) / m->block_size);
    uint32_t count = (msf_stream_size(m, stream) + m->block_size - 1) / m->block_size;
    assert_true(at + 4 * (size_t)count <= m->directory_bytes);
    return m->directory + at;
}

/* `stream`'s bytes, gathered (malloc'd); its size in *size. */
static unsigned char *msf_read_stream(const struct msf_view *m, uint32_t stream, uint32_t *size)
{
    *size = msf_stream_size(m, stream);
    const unsigned char *blocks = msf_stream_blocks(m, stream);
    unsigned char *bytes = malloc(*size ? *size : 1);
    assert_non_null(bytes);
    for (uint32_t at = 0; at < *size; at += m->block_size) {
        uint32_t n = *size - at < m->block_size ? *size - at : m->block_size;
        memcpy(bytes + at, msf_block(m, get_u32(blocks + 4 * (at / m->block_size))), n);
    }
    return bytes;
}

/* Scatters `bytes`, as long as the stream, back over `stream`'s blocks. */
static void msf_write_stream(struct msf_view *m, uint32_t stream, const unsigned char *bytes)
{
    uint32_t size = msf_stream_size(m, stream);
    const unsigned char *blocks = msf_stream_blocks(m, stream);
    for (uint32_t at = 0; at < size; at += m->block_size) {
        uint32_t n = size - at < m->block_size ? size - at : m->block_size;
        memcpy(msf_block(m, get_u32(blocks + 4 * (at / m->block_size))), bytes + at, n);
    }
}

/* ---- the rows ---- */

/* "a PDB read from a stream: at most 4 GiB" -> E_PDB_LIMIT (nothing is read). */
static void test_stream_over_4_gib(void **state)
{
    (void)state;
    struct huge_stream huge;
    huge.IStream_iface.lpVtbl = (IStreamVtbl *)(uintptr_t)&huge_vtbl;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    OK(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder, (void **)&binder));
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, &huge.IStream_iface,
                                                             &reader), E_PDB_LIMIT);
    assert_null(reader);
    ISymUnmanagedBinder_Release(binder);
}

/* "an embedded (MPDB) PDB: at most 2 GiB inflated, at most ~1 100 times its compressed
 * size" -> E_PDB_FORMAT. */
static void test_embedded_claims(void **state)
{
    (void)state;
    unsigned char blob[16] = { 'M', 'P', 'D', 'B' };
    ISymUnmanagedReader *reader;
    put_u32(blob + 4, 0x80000000u); /* over 2 GiB */
    assert_int_equal(open_bytes(blob, sizeof blob, &reader), E_PDB_FORMAT);
    assert_null(reader);
    put_u32(blob + 4, 1u << 20); /* 1 MiB out of 8 compressed bytes */
    assert_int_equal(open_bytes(blob, sizeof blob, &reader), E_PDB_FORMAT);
    assert_null(reader);
}

/* "at most 16 streams in a Portable PDB's metadata root" -> E_PDB_FORMAT. */
static void test_metadata_root_streams(void **state)
{
    (void)state;
    size_t size = 0;
    unsigned char *pdb = fixture("tests/fixtures/portable/App.pdb", &size);
    ISymUnmanagedReader *reader;
    assert_memory_equal(pdb, "BSJB", 4);
    /* Signature, major, minor, reserved (12 bytes), version length, version, flags (u16),
     * then the stream count (u16). */
    uint32_t version_length = (uint32_t)pdb[12] | (uint32_t)pdb[13] << 8;
    size_t count_at = 16 + version_length + 2;
    assert_true(count_at + 2 <= size);
    OK(open_bytes(pdb, size, &reader));
    ISymUnmanagedReader_Release(reader);
    pdb[count_at] = 17;
    pdb[count_at + 1] = 0;
    assert_int_equal(open_bytes(pdb, size, &reader), E_PDB_FORMAT);
    assert_null(reader);
    free(pdb);
}

/* "MSF page size 512 to 32 768 bytes" -> E_PDB_FORMAT. */
static void test_msf_page_size(void **state)
{
    (void)state;
    char *path = corsym_test_corpus_path("cecil/windows/CecilTest.pdb");
    size_t size = 0;
    unsigned char *pdb = path ? corsym_test_read_file(path, &size) : NULL;
    free(path);
    if (!pdb) {
        print_message("  skipped: the corpus is not here\n");
        return;
    }
    ISymUnmanagedReader *reader;
    OK(open_bytes(pdb, size, &reader));
    ISymUnmanagedReader_Release(reader);
    static const uint32_t wrong[] = { 256, 65536, 1000 };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        put_u32(pdb + 32, wrong[i]); /* the superblock's block size */
        assert_int_equal(open_bytes(pdb, size, &reader), E_PDB_FORMAT);
        assert_null(reader);
    }
    free(pdb);
}

static const GUID lang_csharp = { 0x3f5162f8, 0x07c6, 0x11d3, { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID vendor_ms = { 0x994b45c4, 0xe6e9, 0x11d2, { 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID doctype_text = { 0x5a869d0b, 0x6611, 0x11d3, { 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd } };

/* "writing: IL offsets and lines below 2^29, columns below 2^16" -> E_INVALIDARG. */
static void test_writer_ranges(void **state)
{
    (void)state;
    static const CLSID *const writers[] = { &CLSID_CorSymWriter_Portable, &CLSID_CorSymWriter_SxS };
    for (size_t k = 0; k < 2; k++) {
        ISymUnmanagedWriter8 *w = NULL;
        IStream *s = NULL;
        ISymUnmanagedDocumentWriter *doc = NULL;
        WCHAR *url = corsym_test_wstr("C:\\a.cs");
        OK(corsym_test_create(writers[k], &IID_ISymUnmanagedWriter8, (void **)&w));
        OK(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, &s));
        OK(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, s, TRUE));
        OK(ISymUnmanagedWriter8_DefineDocument(w, url, &lang_csharp, &vendor_ms, &doctype_text,
                                               &doc));
        OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
        ULONG32 scope = 0;
        assert_int_equal(ISymUnmanagedWriter8_OpenScope(w, 1u << 29, &scope), E_INVALIDARG);
        OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
        /* A Portable PDB wants a one-line point to end after it starts: columns 1 to 5. */
        ULONG32 offset = 0, line = 1u << 29, column = 1, end = 5, big_column = 1u << 16, one = 1;
        assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &line,
                                                                    &column, &line, &end),
                         E_INVALIDARG);
        assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one,
                                                                    &big_column, &one,
                                                                    &big_column),
                         E_INVALIDARG);
        offset = 1u << 29;
        assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one,
                                                                    &column, &one, &end),
                         E_INVALIDARG);
        offset = 0;
        OK(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one, &column, &one,
                                                     &end));
        OK(ISymUnmanagedWriter8_CloseScope(w, 2));
        OK(ISymUnmanagedWriter8_CloseMethod(w));
        assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000000u | (1u << 24)),
                         E_INVALIDARG); /* a RID that needs 25 bits: no such token */
        OK(ISymUnmanagedWriter8_Close(w));
        ISymUnmanagedDocumentWriter_Release(doc);
        ISymUnmanagedWriter8_Release(w);
        IStream_Release(s);
        free(url);
    }
}

/* A Portable PDB whose one document is named "/" followed by `length` - 1 letters: the name
 * blob has two parts, "" and the letters, joined by '/' into exactly `length` bytes. */
static unsigned char *portable_with_document_name(size_t length, size_t *size)
{
    char *url = malloc(length + 1);
    assert_non_null(url);
    url[0] = '/';
    memset(url + 1, 'a', length - 1);
    url[length] = 0;
    WCHAR *wurl = corsym_test_wstr(url);
    ISymUnmanagedWriter8 *w;
    IStream *s;
    ISymUnmanagedDocumentWriter *doc = NULL;
    new_writer(&CLSID_CorSymWriter_Portable, &w, &s);
    OK(ISymUnmanagedWriter8_DefineDocument(w, wurl, &lang_csharp, &vendor_ms, &doctype_text,
                                           &doc));
    OK(ISymUnmanagedWriter8_Close(w));
    unsigned char *pdb = stream_bytes(s, size);
    ISymUnmanagedDocumentWriter_Release(doc);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
    free(wurl);
    free(url);
    return pdb;
}

/* "a Portable PDB document name: at most 128 KiB once its parts are joined" -> E_PDB_FORMAT,
 * at open or from the document getters. The cap bounds what a short blob can make us build:
 * a name blob may name one large part many times. */
static void test_portable_document_name(void **state)
{
    (void)state;
    const size_t limit = 128 * 1024;
    size_t size;
    unsigned char *pdb = portable_with_document_name(limit, &size);
    ISymUnmanagedReader *reader;
    ISymUnmanagedDocument *doc = NULL;
    ULONG32 n = 0;
    OK(open_bytes(pdb, size, &reader));
    OK(ISymUnmanagedReader_GetDocuments(reader, 1, &n, &doc));
    assert_int_equal(n, 1);
    OK(ISymUnmanagedDocument_GetURL(doc, 0, &n, NULL));
    assert_int_equal(n, limit + 1); /* the terminating NUL included */
    ISymUnmanagedDocument_Release(doc);
    ISymUnmanagedReader_Release(reader);
    free(pdb);

    /* One byte more: names are decoded when a document is first asked for, so the open
     * succeeds and every way to a document object answers E_PDB_FORMAT (none is handed out
     * whose getters would have nothing to answer from). */
    pdb = portable_with_document_name(limit + 1, &size);
    OK(open_bytes(pdb, size, &reader));
    doc = NULL;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 1, &n, &doc), E_PDB_FORMAT);
    assert_null(doc);
    assert_int_equal(n, 0);
    WCHAR *name = corsym_test_wstr("a");
    GUID zero;
    memset(&zero, 0, sizeof zero);
    assert_int_equal(ISymUnmanagedReader_GetDocument(reader, name, zero, zero, zero, &doc),
                     E_PDB_FORMAT);
    assert_null(doc);
    free(name);
    ISymUnmanagedReader_Release(reader);
    free(pdb);
}

/* A PDB of `clsid`'s format with one method, 0x06000001, whose one local, slot 0, has
 * StandAloneSig 0x11000001 for its signature. */
static unsigned char *pdb_with_one_local(const CLSID *clsid, size_t *size)
{
    ISymUnmanagedWriter8 *w;
    IStream *s;
    ISymUnmanagedDocumentWriter *doc = NULL;
    WCHAR *url = corsym_test_wstr("C:\\a.cs"), *local = corsym_test_wstr("v");
    new_writer(clsid, &w, &s);
    OK(ISymUnmanagedWriter8_DefineDocument(w, url, &lang_csharp, &vendor_ms, &doctype_text, &doc));
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    ULONG32 scope = 0, offset = 0, one = 1, column = 1, end = 5;
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    OK(ISymUnmanagedWriter8_DefineLocalVariable2(w, local, 0, 0x11000001, 1 /* IL slot */, 0, 0,
                                                 0, 0, 0));
    OK(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one, &column, &one, &end));
    OK(ISymUnmanagedWriter8_CloseScope(w, 2));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    OK(ISymUnmanagedWriter8_Close(w));
    unsigned char *pdb = stream_bytes(s, size);
    ISymUnmanagedDocumentWriter_Release(doc);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
    free(url);
    free(local);
    return pdb;
}

/* What GetSignature answers for that local when the module's StandAloneSig 0x11000001 is
 * LOCAL_SIG with one local: `pointers` ELEMENT_TYPE_PTRs around an int32. The module's
 * metadata comes from the stand-in importer of api_dump.h, given one StandAloneSig row. */
static HRESULT local_signature_with_nesting(const unsigned char *pdb, size_t size,
                                            unsigned pointers, ULONG32 *signature_size)
{
    unsigned char blob_heap[1 + 128] = { 0 }; /* index 0: the empty blob */
    const unsigned char sig_table[2] = { 1, 0 }; /* row 1: blob index 1 */
    assert_true(pointers + 3 < 0x80);            /* a one-byte blob length */
    unsigned char *blob = blob_heap + 1;
    blob[0] = (unsigned char)(pointers + 3);
    blob[1] = 0x07; /* LOCAL_SIG */
    blob[2] = 1;    /* one local */
    memset(blob + 3, 0x0f, pointers); /* ELEMENT_TYPE_PTR */
    blob[3 + pointers] = 0x08;       /* ELEMENT_TYPE_I4 */
    struct api_module module;
    memset(&module, 0, sizeof module);
    module.has_metadata = 1;
    module.blob_heap = blob_heap;
    module.blob_size = sizeof blob_heap;
    module.sig_table = sig_table;
    module.sig_rows = 1;
    module.sig_row_size = 2;
    module.blob_index_size = 2;
    IUnknown *importer = api_importer_new(&module);

    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    OK(corsym_test_library()->CorSymCreateMemoryStream(pdb, (ULONG)size, &stream));
    OK(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder, (void **)&binder));
    OK(ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader));
    ISymUnmanagedMethod *method = NULL;
    ISymUnmanagedScope *scope = NULL;
    ISymUnmanagedVariable *local = NULL;
    ULONG32 n = 0;
    OK(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method));
    OK(ISymUnmanagedMethod_GetRootScope(method, &scope));
    OK(ISymUnmanagedScope_GetLocals(scope, 1, &n, &local));
    if (n == 0) { /* a Portable PDB's root scope is the method's; the local is one below */
        ISymUnmanagedScope *child = NULL;
        OK(ISymUnmanagedScope_GetChildren(scope, 1, &n, &child));
        assert_int_equal(n, 1);
        ISymUnmanagedScope_Release(scope);
        scope = child;
        OK(ISymUnmanagedScope_GetLocals(scope, 1, &n, &local));
    }
    assert_int_equal(n, 1);
    *signature_size = 0;
    HRESULT hr = ISymUnmanagedVariable_GetSignature(local, 0, signature_size, NULL);
    if (SUCCEEDED(hr)) { /* the whole type comes back, the slot's bytes exactly */
        unsigned char got[128];
        assert_int_equal(*signature_size, pointers + 1);
        OK(ISymUnmanagedVariable_GetSignature(local, sizeof got, signature_size, got));
        assert_memory_equal(got, blob + 3, pointers + 1);
    }
    ISymUnmanagedVariable_Release(local);
    ISymUnmanagedScope_Release(scope);
    ISymUnmanagedMethod_Release(method);
    ISymUnmanagedReader_Release(reader);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    assert_int_equal(importer->lpVtbl->Release(importer), 0); /* nobody holds it any more */
    return hr;
}

/* "type nesting in a local signature: 64 levels" -> ISymUnmanagedVariable::GetSignature
 * answers E_PDB_FORMAT. The local's type is sliced out of the module's LOCAL_SIG by skipping
 * types recursively, so the depth is capped; that code serves both formats alike. 64 type
 * constructors around the innermost type are the most taken. */
static void test_local_signature_nesting(void **state)
{
    (void)state;
    static const CLSID *const writers[] = { &CLSID_CorSymWriter_Portable, &CLSID_CorSymWriter_SxS };
    for (size_t k = 0; k < 2; k++) {
        size_t size;
        unsigned char *pdb = pdb_with_one_local(writers[k], &size);
        ULONG32 n;
        OK(local_signature_with_nesting(pdb, size, 0, &n));
        OK(local_signature_with_nesting(pdb, size, 64, &n));
        assert_int_equal(local_signature_with_nesting(pdb, size, 65, &n), E_PDB_FORMAT);
        assert_int_equal(n, 0);
        free(pdb);
    }
}

/* Writing a Windows PDB: scopes nested at most 4 000 deep (the reader takes 4 096) -> Close
 * answers E_FAIL and writes nothing. */
static HRESULT write_nest(const CLSID *clsid, ULONG32 depth)
{
    ISymUnmanagedWriter8 *w = NULL;
    IStream *s = NULL;
    ISymUnmanagedDocumentWriter *doc = NULL;
    WCHAR *url = corsym_test_wstr("C:\\a.cs"), *local = corsym_test_wstr("v");
    OK(corsym_test_create(clsid, &IID_ISymUnmanagedWriter8, (void **)&w));
    OK(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, &s));
    OK(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, s, TRUE));
    OK(ISymUnmanagedWriter8_DefineDocument(w, url, &lang_csharp, &vendor_ms, &doctype_text, &doc));
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    /* `depth` levels counting the method's own scope, strictly nested, each with a local (a
     * Windows PDB keeps no empty block, in either writer). */
    ULONG32 scope = 0, offset = 0, one = 1, column = 1, end = 5;
    for (ULONG32 i = 0; i < depth; i++) {
        OK(ISymUnmanagedWriter8_OpenScope(w, i, &scope));
        OK(ISymUnmanagedWriter8_DefineLocalVariable2(w, local, 0, 0x11000001, 1, i, 0, 0, 0, 0));
    }
    OK(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one, &column, &one, &end));
    for (ULONG32 i = depth; i-- > 0;)
        OK(ISymUnmanagedWriter8_CloseScope(w, 2 * depth - i));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    HRESULT hr = ISymUnmanagedWriter8_Close(w);
    STATSTG stat;
    OK(IStream_Stat(s, &stat, STATFLAG_NONAME));
    if (FAILED(hr))
        assert_true(stat.cbSize.QuadPart == 0); /* nothing written */
    ISymUnmanagedDocumentWriter_Release(doc);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
    free(url);
    free(local);
    return hr;
}

static void test_windows_scope_depth(void **state)
{
    (void)state;
    OK(write_nest(&CLSID_CorSymWriter_SxS, 4000));
    assert_int_equal(write_nest(&CLSID_CorSymWriter_SxS, 4001), E_FAIL);
}

/* CodeView record kinds (research/windows-pdb.md). */
enum { S_END = 0x0006, S_BLOCK32 = 0x1103, S_GMANPROC = 0x112A, S_LMANPROC = 0x112B };

/* The module stream holding the first managed procedure, and that record's offset in it:
 * DBI (stream 3) lists the modules from offset 64 on, each with its symbol stream (u16 at
 * 34) and symbol bytes (u32 at 36), then two names, padded to 4. */
static uint32_t find_procedure(const struct msf_view *m, uint32_t *proc_offset)
{
    uint32_t dbi_size;
    unsigned char *dbi = msf_read_stream(m, 3, &dbi_size);
    assert_true(dbi_size >= 64);
    uint32_t modules_end = 64 + get_u32(dbi + 24);
    assert_true(modules_end <= dbi_size);
    uint32_t found = 0xFFFF;
    for (uint32_t at = 64; found == 0xFFFF && at + 64 < modules_end;) {
        uint16_t stream = get_u16(dbi + at + 34);
        uint32_t symbol_bytes = get_u32(dbi + at + 36);
        size_t next = at + 64;
        for (int names = 0; names < 2; names++)
            next += strnlen((const char *)dbi + next, modules_end - next) + 1;
        at = (uint32_t)((next + 3) & ~(size_t)3);
        if (stream == 0xFFFF)
            continue;
        uint32_t size;
        unsigned char *symbols = msf_read_stream(m, stream, &size);
        assert_true(symbol_bytes <= size);
        for (uint32_t r = 4; r + 4 <= symbol_bytes; r += 2 + get_u16(symbols + r)) {
            uint16_t kind = get_u16(symbols + r + 2);
            if (kind == S_GMANPROC || kind == S_LMANPROC) {
                found = stream;
                *proc_offset = r;
                break;
            }
        }
        free(symbols);
    }
    free(dbi);
    assert_int_not_equal(found, 0xFFFF);
    return found;
}

/*
 * Turns the first procedure's sibling blocks into a chain: every S_END that closes a block
 * moves to just before the procedure's own S_END, so each block opens inside the one before
 * it. Records only change places (the stream keeps its size, the procedure its offset and
 * end), and each block's parent and end fields are set to the new ones, so the file differs
 * from a valid one only in how deep its scopes go.
 */
static void chain_sibling_blocks(unsigned char *pdb, size_t size)
{
    struct msf_view m;
    msf_open(&m, pdb, size);
    uint32_t proc = 0, stream_size;
    uint32_t stream = find_procedure(&m, &proc);
    unsigned char *in = msf_read_stream(&m, stream, &stream_size);
    unsigned char *out = malloc(stream_size);
    assert_non_null(out);
    memcpy(out, in, stream_size);

    /* Copy every record but the blocks' ends, from the procedure to its S_END. */
    uint32_t depth = 0, at = proc, to = proc, blocks = 0, previous = proc;
    for (;;) {
        assert_true(at + 4 <= stream_size);
        uint32_t length = 2 + get_u16(in + at);
        uint16_t kind = get_u16(in + at + 2);
        assert_true(at + length <= stream_size);
        if (kind == S_END && --depth == 0)
            break; /* the procedure's own */
        if (kind != S_END) {
            memcpy(out + to, in + at, length);
            if (kind == S_BLOCK32) {
                put_u32(out + to + 4, previous); /* pParent */
                previous = to;
                blocks++;
            }
            to += length;
        }
        if (kind == S_GMANPROC || kind == S_LMANPROC || kind == S_BLOCK32)
            depth++;
        at += length;
    }
    /* Then the ends, innermost block first, then the procedure's (where it was). */
    for (uint32_t i = 0; i < blocks; i++, to += 4) {
        put_u16(out + to, 2);
        put_u16(out + to + 2, S_END);
    }
    assert_int_equal(to, at);
    /* Each block's pEnd: the blocks' ends come in reverse order of their openings. */
    uint32_t opened = 0;
    for (uint32_t r = proc; r < to; r += 2 + get_u16(out + r))
        if (get_u16(out + r + 2) == S_BLOCK32)
            put_u32(out + r + 8, to - 4 * (opened++ + 1));
    msf_write_stream(&m, stream, out);
    free(out);
    free(in);
    msf_close(&m);
}

/* A Windows PDB whose method 0x06000001 is `levels` scopes deep through the API: the
 * procedure's (what GetRootScope answers), the block of the method's own OpenScope, and in it
 * `levels` - 2 sibling blocks, each with one local (slot i in the i-th), then chained. */
static unsigned char *windows_pdb_with_nesting(uint32_t levels, size_t *size)
{
    ISymUnmanagedWriter8 *w;
    IStream *s;
    ISymUnmanagedDocumentWriter *doc = NULL;
    WCHAR *url = corsym_test_wstr("C:\\a.cs"), *local = corsym_test_wstr("v");
    new_writer(&CLSID_CorSymWriter_SxS, &w, &s);
    OK(ISymUnmanagedWriter8_DefineDocument(w, url, &lang_csharp, &vendor_ms, &doctype_text, &doc));
    OK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
    ULONG32 scope = 0, offset = 0, one = 1, column = 1, end = 5;
    OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
    for (uint32_t i = 0; i + 2 < levels; i++) {
        OK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
        OK(ISymUnmanagedWriter8_DefineLocalVariable2(w, local, 0, 0x11000001, 1, i, 0, 0, 0, 0));
        OK(ISymUnmanagedWriter8_CloseScope(w, 10));
    }
    OK(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 1, &offset, &one, &column, &one, &end));
    OK(ISymUnmanagedWriter8_CloseScope(w, 10));
    OK(ISymUnmanagedWriter8_CloseMethod(w));
    OK(ISymUnmanagedWriter8_Close(w));
    unsigned char *pdb = stream_bytes(s, size);
    ISymUnmanagedDocumentWriter_Release(doc);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
    free(url);
    free(local);
    chain_sibling_blocks(pdb, *size);
    return pdb;
}

/* "Windows PDB scopes nested at most 4 096 deep", counting the root scope (the procedure's
 * record) -> GetMethod answers E_PDB_CORRUPT. corsym's writer stops at 4 000 levels, so the
 * deeper files are made by chaining sibling blocks of a written one. */
static void test_windows_scope_depth_on_read(void **state)
{
    (void)state;
    const uint32_t limit = 4096;
    size_t size;
    unsigned char *pdb = windows_pdb_with_nesting(limit, &size);
    ISymUnmanagedReader *reader;
    ISymUnmanagedMethod *method = NULL;
    ISymUnmanagedScope *scope = NULL;
    OK(open_bytes(pdb, size, &reader));
    OK(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method));
    OK(ISymUnmanagedMethod_GetRootScope(method, &scope));
    /* Really that deep: one child a level, and the innermost holds the last local. */
    uint32_t levels = 1;
    for (;;) {
        ISymUnmanagedScope *child = NULL;
        ULONG32 n = 0;
        OK(ISymUnmanagedScope_GetChildren(scope, 1, &n, &child));
        if (n == 0)
            break;
        assert_int_equal(n, 1);
        ISymUnmanagedScope_Release(scope);
        scope = child;
        levels++;
    }
    assert_int_equal(levels, limit);
    ISymUnmanagedVariable *local = NULL;
    ULONG32 n = 0, slot = 0;
    OK(ISymUnmanagedScope_GetLocals(scope, 1, &n, &local));
    assert_int_equal(n, 1);
    OK(ISymUnmanagedVariable_GetAddressField1(local, &slot));
    assert_int_equal(slot, limit - 3);
    ISymUnmanagedVariable_Release(local);
    ISymUnmanagedScope_Release(scope);
    ISymUnmanagedMethod_Release(method);
    ISymUnmanagedReader_Release(reader);
    free(pdb);

    pdb = windows_pdb_with_nesting(limit + 1, &size);
    OK(open_bytes(pdb, size, &reader));
    method = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method), E_PDB_CORRUPT);
    assert_null(method);
    ISymUnmanagedReader_Release(reader);
    free(pdb);
}

/* Writes a Windows PDB of `documents` documents, C:\0.cs, C:\1.cs... and nothing else, and
 * answers what Close answered; *stream_count gets the number of streams written (0 when
 * Close failed, which must leave the stream empty). */
static HRESULT write_documents(uint32_t documents, uint32_t *stream_count)
{
    ISymUnmanagedWriter8 *w;
    IStream *s;
    new_writer(&CLSID_CorSymWriter_SxS, &w, &s);
    char name[32];
    for (uint32_t i = 0; i < documents; i++) {
        ISymUnmanagedDocumentWriter *doc = NULL;
        snprintf(name, sizeof name, "C:\\%u.cs", (unsigned)i);
        WCHAR *url = corsym_test_wstr(name);
        OK(ISymUnmanagedWriter8_DefineDocument(w, url, &lang_csharp, &vendor_ms, &doctype_text,
                                               &doc));
        ISymUnmanagedDocumentWriter_Release(doc);
        free(url);
    }
    HRESULT hr = ISymUnmanagedWriter8_Close(w);
    size_t size;
    unsigned char *pdb = stream_bytes(s, &size);
    *stream_count = 0;
    if (SUCCEEDED(hr)) {
        struct msf_view m;
        msf_open(&m, pdb, size);
        *stream_count = m.stream_count;
        msf_close(&m);
    } else {
        assert_int_equal(size, 0); /* nothing written */
    }
    free(pdb);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
    return hr;
}

/* "writing a Windows PDB: at most 65 535 streams" -> Close answers E_PDB_FORMAT and writes
 * nothing. Each document takes a /src/files stream of its own, so documents make streams.
 * Only the refused side is here: 65 535 streams are a 134 MB file through the API (the
 * block size is chosen, 2 KiB for so large a directory); test_winpdb_emit's
 * test_stream_count_limit writes them with 512-byte blocks through the core. */
static void test_windows_stream_count(void **state)
{
    (void)state;
    uint32_t one, two;
    OK(write_documents(1, &one));
    OK(write_documents(2, &two));
    assert_int_equal(two, one + 1);
    uint32_t too_many = 65536 - (one - 1); /* documents for 65 536 streams */
    assert_int_equal(write_documents(too_many, &one), E_PDB_FORMAT);
    /* More documents than a module's u16 file count: the same answer (it was E_FAIL). */
    assert_int_equal(write_documents(65536, &one), E_PDB_FORMAT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stream_over_4_gib),
        cmocka_unit_test(test_embedded_claims),
        cmocka_unit_test(test_metadata_root_streams),
        cmocka_unit_test(test_msf_page_size),
        cmocka_unit_test(test_writer_ranges),
        cmocka_unit_test(test_windows_scope_depth),
        cmocka_unit_test(test_portable_document_name),
        cmocka_unit_test(test_local_signature_nesting),
        cmocka_unit_test(test_windows_scope_depth_on_read),
        cmocka_unit_test(test_windows_stream_count),
    };
    return cmocka_run_group_tests_name("com_limits", tests, NULL, NULL);
}
