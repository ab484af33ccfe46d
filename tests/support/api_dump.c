/* SPDX-License-Identifier: MIT */
/*
 * The API walker shared by the conformance tests: see api_dump.h, tests/oracle-com/FORMAT.md
 * (the portable dump) and tests/wine/API_DUMP.md (the Windows PDB dump).
 */
#define _POSIX_C_SOURCE 200809L
#ifdef _WIN32
#define __USE_MINGW_ANSI_STDIO 1 /* C99 formats (%lld) whatever msvcrt supports */
#endif
#ifndef COBJMACROS
#define COBJMACROS
#endif
#include "api_dump.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#include <objbase.h>
#endif

/* ------------------------------------------------------------------------------------------ */
/* text                                                                                         */
/* ------------------------------------------------------------------------------------------ */

static void out_of_memory(void)
{
    fprintf(stderr, "api_dump: out of memory\n");
    abort();
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

static void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

static char *xstrndup(const char *s, size_t n)
{
    char *p = xrealloc(NULL, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

void api_text_append(struct api_text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        t->data = xrealloc(t->data, cap);
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = 0;
}

void api_text_printf(struct api_text *t, const char *format, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(small, sizeof small, format, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        api_text_append(t, small, (size_t)n);
        return;
    }
    char *big = xrealloc(NULL, (size_t)n + 1);
    va_start(ap, format);
    vsnprintf(big, (size_t)n + 1, format, ap);
    va_end(ap);
    api_text_append(t, big, (size_t)n);
    free(big);
}

void api_text_free(struct api_text *t)
{
    free(t->data);
    memset(t, 0, sizeof(*t));
}

#define P api_text_printf

static void indent(struct api_text *t, unsigned depth)
{
    for (unsigned i = 0; i < depth; i++)
        api_text_append(t, "  ", 2);
}

/* ------------------------------------------------------------------------------------------ */
/* lexical rules (tests/oracle-com/FORMAT.md section 1)                                         */
/* ------------------------------------------------------------------------------------------ */

static void put_hr(struct api_text *t, HRESULT hr)
{
    switch ((uint32_t)hr) {
    case 0x00000001u: P(t, "!S_FALSE"); break;
    case 0x80004001u: P(t, "!E_NOTIMPL"); break;
    case 0x80004003u: P(t, "!E_POINTER"); break;
    case 0x80004005u: P(t, "!E_FAIL"); break;
    case 0x8000FFFFu: P(t, "!E_UNEXPECTED"); break;
    case 0x80070057u: P(t, "!E_INVALIDARG"); break;
    case 0x8007000Eu: P(t, "!E_OUTOFMEMORY"); break;
    default: P(t, "!0x%08x", (unsigned)hr); break;
    }
}

static void put_token(struct api_text *t, uint32_t token)
{
    if (token)
        P(t, "0x%08x", (unsigned)token);
    else
        P(t, "0");
}

static void put_u32_or_hr(struct api_text *t, HRESULT hr, uint32_t value)
{
    if (hr == S_OK)
        P(t, "%u", (unsigned)value);
    else
        put_hr(t, hr);
}

static void put_guid(struct api_text *t, const GUID *g)
{
    P(t, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x", (unsigned)g->Data1,
      (unsigned)g->Data2, (unsigned)g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3],
      g->Data4[4], g->Data4[5], g->Data4[6], g->Data4[7]);
}

static void put_hex(struct api_text *t, const BYTE *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    char chunk[128];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        chunk[k++] = digits[bytes[i] >> 4];
        chunk[k++] = digits[bytes[i] & 15];
        if (k == sizeof chunk) {
            api_text_append(t, chunk, k);
            k = 0;
        }
    }
    api_text_append(t, chunk, k);
}

static void put_utf8(struct api_text *t, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    api_text_append(t, b, n);
}

/* A quoted UTF-16 string with the escapes of tests/oracle/FORMAT.md section 1. */
static void put_quoted(struct api_text *t, const WCHAR *s, size_t n)
{
    api_text_append(t, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        switch (c) {
        case '\\': api_text_append(t, "\\\\", 2); continue;
        case '"': api_text_append(t, "\\\"", 2); continue;
        case '\n': api_text_append(t, "\\n", 2); continue;
        case '\r': api_text_append(t, "\\r", 2); continue;
        case '\t': api_text_append(t, "\\t", 2); continue;
        }
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            put_utf8(t, 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00u));
            i++;
            continue;
        }
        if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || (c >= 0xD800 && c <= 0xDFFF))
            P(t, "\\u%04x", (unsigned)c);
        else
            put_utf8(t, c);
    }
    api_text_append(t, "\"", 1);
}

/* ------------------------------------------------------------------------------------------ */
/* memory the callee allocates                                                                  */
/* ------------------------------------------------------------------------------------------ */

#ifdef _WIN32
static FARPROC oleaut32(const char *name)
{
    static HMODULE module;
    if (!module)
        module = LoadLibraryA("oleaut32.dll");
    return module ? GetProcAddress(module, name) : NULL;
}
#endif

static size_t bstr_length(BSTR b)
{
    if (!b)
        return 0;
#ifdef _WIN32
    UINT(WINAPI * len)(BSTR) = (UINT(WINAPI *)(BSTR))(void *)oleaut32("SysStringLen");
    return len ? len(b) : 0;
#else
    uint32_t bytes;
    memcpy(&bytes, (const char *)b - 4, 4);
    return bytes / 2;
#endif
}

static void bstr_free(BSTR b)
{
    if (!b)
        return;
#ifdef _WIN32
    void(WINAPI * release)(BSTR) = (void(WINAPI *)(BSTR))(void *)oleaut32("SysFreeString");
    if (release)
        release(b);
#else
    free((char *)b - sizeof(void *)); /* the PAL layout (corsym.h) */
#endif
}

static void task_free(void *p)
{
#ifdef _WIN32
    CoTaskMemFree(p);
#else
    free(p);
#endif
}

/* ------------------------------------------------------------------------------------------ */
/* the PE next to the PDB                                                                       */
/* ------------------------------------------------------------------------------------------ */

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

struct pe_view {
    const unsigned char *data;
    size_t size;
    size_t sections, section_table;
};

/* The file offset of `rva` .. rva + length, or 0 when it is not inside one section's data. */
static int pe_map(const struct pe_view *pe, uint32_t rva, uint32_t length, size_t *offset)
{
    for (size_t s = 0; s < pe->sections; s++) {
        const unsigned char *h = pe->data + pe->section_table + s * 40;
        uint32_t va = le32(h + 12), vsize = le32(h + 8), raw_size = le32(h + 16), raw = le32(h + 20);
        uint32_t extent = vsize > raw_size ? vsize : raw_size;
        if (rva >= va && rva - va < extent) {
            size_t at = (size_t)raw + (rva - va);
            if (at > pe->size || length > pe->size - at)
                return 0;
            *offset = at;
            return 1;
        }
    }
    return 0;
}

/* Rows of the tables that come before StandAloneSig (0x11), and their column sizes. */
static uint32_t coded_size(const uint32_t *rows, const int *tables, int n, int bits)
{
    uint32_t max = 0;
    for (int i = 0; i < n; i++)
        if (tables[i] >= 0 && rows[tables[i]] > max)
            max = rows[tables[i]];
    return max < (1u << (16 - bits)) ? 2 : 4;
}

static int parse_tables(struct api_module *m, const unsigned char *md, size_t md_size)
{
    if (md_size < 16 || le32(md) != 0x424A5342u)
        return 0;
    uint32_t version_length = le32(md + 12);
    if (version_length > md_size - 16 || md_size - 16 - version_length < 4)
        return 0;
    size_t at = 16 + version_length + 2;
    uint16_t streams = le16(md + at);
    at += 2;
    const unsigned char *tables = NULL, *blob = NULL;
    size_t tables_size = 0, blob_size = 0;
    for (uint16_t s = 0; s < streams; s++) {
        if (md_size - at < 9)
            return 0;
        uint32_t offset = le32(md + at), size = le32(md + at + 4);
        const char *name = (const char *)md + at + 8;
        size_t max = md_size - at - 8, n = 0;
        while (n < max && name[n])
            n++;
        if (n == max || n > 31)
            return 0;
        at += 8 + ((n + 4) & ~(size_t)3);
        if (offset > md_size || size > md_size - offset)
            return 0;
        if (strcmp(name, "#~") == 0 || strcmp(name, "#-") == 0) {
            tables = md + offset;
            tables_size = size;
        } else if (strcmp(name, "#Blob") == 0) {
            blob = md + offset;
            blob_size = size;
        }
    }
    if (!tables || tables_size < 24)
        return 0;
    uint8_t heaps = tables[6];
    uint64_t valid = (uint64_t)le32(tables + 8) | (uint64_t)le32(tables + 12) << 32;
    uint32_t rows[64] = { 0 };
    size_t pos = 24;
    for (int i = 0; i < 64; i++) {
        if (!(valid >> i & 1))
            continue;
        if (tables_size - pos < 4)
            return 0;
        rows[i] = le32(tables + pos);
        pos += 4;
    }
    if (heaps & 0x40)
        pos += 4; /* extra data (#- streams) */
    uint32_t str = heaps & 1 ? 4 : 2, guid = heaps & 2 ? 4 : 2, blb = heaps & 4 ? 4 : 2;
#define IDX(t) (rows[t] < 0x10000 ? 2u : 4u)
    static const int resolution_scope[] = { 0x00, 0x1A, 0x23, 0x01 };
    static const int type_def_or_ref[] = { 0x02, 0x01, 0x1B };
    static const int member_ref_parent[] = { 0x02, 0x01, 0x1A, 0x06, 0x1B };
    static const int has_constant[] = { 0x04, 0x08, 0x17 };
    static const int has_custom_attribute[] = { 0x06, 0x04, 0x01, 0x02, 0x08, 0x09, 0x0A, 0x00,
                                                0x0E, 0x17, 0x14, 0x11, 0x1A, 0x1B, 0x20, 0x23,
                                                0x26, 0x27, 0x28, 0x2A, 0x2C, 0x2B };
    static const int custom_attribute_type[] = { -1, -1, 0x06, 0x0A, -1 };
    static const int has_field_marshal[] = { 0x04, 0x08 };
    static const int has_decl_security[] = { 0x02, 0x06, 0x20 };
    uint32_t size[0x11];
    size[0x00] = 2 + str + 3 * guid;
    size[0x01] = coded_size(rows, resolution_scope, 4, 2) + 2 * str;
    size[0x02] = 4 + 2 * str + coded_size(rows, type_def_or_ref, 3, 2) + IDX(0x04) + IDX(0x06);
    size[0x03] = IDX(0x04);
    size[0x04] = 2 + str + blb;
    size[0x05] = IDX(0x06);
    size[0x06] = 4 + 2 + 2 + str + blb + IDX(0x08);
    size[0x07] = IDX(0x08);
    size[0x08] = 2 + 2 + str;
    size[0x09] = IDX(0x02) + coded_size(rows, type_def_or_ref, 3, 2);
    size[0x0A] = coded_size(rows, member_ref_parent, 5, 3) + str + blb;
    size[0x0B] = 2 + coded_size(rows, has_constant, 3, 2) + blb;
    size[0x0C] = coded_size(rows, has_custom_attribute, 22, 5) +
                 coded_size(rows, custom_attribute_type, 5, 3) + blb;
    size[0x0D] = coded_size(rows, has_field_marshal, 2, 1) + blb;
    size[0x0E] = 2 + coded_size(rows, has_decl_security, 3, 2) + blb;
    size[0x0F] = 2 + 4 + IDX(0x02);
    size[0x10] = 4 + IDX(0x04);
#undef IDX
    for (int i = 0; i < 0x11; i++) {
        uint64_t bytes = (uint64_t)rows[i] * size[i];
        if (bytes > tables_size - pos)
            return 0;
        pos += (size_t)bytes;
    }
    m->method_count = rows[0x06];
    m->has_metadata = 1;
    m->sig_rows = rows[0x11];
    m->sig_row_size = blb;
    m->blob_index_size = blb;
    if ((uint64_t)rows[0x11] * blb > tables_size - pos || !blob) {
        m->sig_rows = 0;
        return 1;
    }
    m->sig_table = tables + pos;
    m->blob_heap = blob;
    m->blob_size = blob_size;
    return 1;
}

unsigned char *api_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *data = NULL;
    size_t cap = 0, len = 0, n;
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            unsigned char *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
        }
        n = fread(data + len, 1, cap - len, f);
        len += n;
    } while (n);
    fclose(f);
    *size = len;
    return data;
}

int api_module_parse(const unsigned char *data, size_t size, struct api_module *m)
{
    memset(m, 0, sizeof(*m));
    if (size < 0x40 || data[0] != 'M' || data[1] != 'Z')
        return 0;
    size_t nt = le32(data + 0x3c);
    if (nt > size || size - nt < 24 || memcmp(data + nt, "PE\0\0", 4) != 0)
        return 0;
    struct pe_view pe = { data, size, le16(data + nt + 6), 0 };
    size_t optional_size = le16(data + nt + 20), optional = nt + 24;
    m->stamp = le32(data + nt + 8);
    if (optional_size > size - optional || optional_size < 2)
        return 1;
    pe.section_table = optional + optional_size;
    if (pe.section_table > size || pe.sections > (size - pe.section_table) / 40)
        return 1;
    uint16_t magic = le16(data + optional);
    size_t directories = optional + (magic == 0x20b ? 112 : 96);
    size_t count_at = optional + (magic == 0x20b ? 108 : 92);
    if (count_at + 4 > optional + optional_size)
        return 1;
    uint32_t directory_count = le32(data + count_at);
    if (directory_count > (optional + optional_size - directories) / 8)
        directory_count = (uint32_t)((optional + optional_size - directories) / 8);

    /* CodeView RSDS: the identity a debugger matches. */
    if (directory_count > 6) {
        uint32_t rva = le32(data + directories + 48), length = le32(data + directories + 52);
        size_t at;
        if (rva && pe_map(&pe, rva, length, &at)) {
            for (uint32_t e = 0; e + 28 <= length && !m->has_rsds; e += 28) {
                const unsigned char *d = data + at + e;
                uint32_t type = le32(d + 12), data_size = le32(d + 16), pointer = le32(d + 24);
                if (type != 2 || data_size < 24 || pointer > size || size - pointer < data_size ||
                    memcmp(data + pointer, "RSDS", 4) != 0)
                    continue;
                const unsigned char *g = data + pointer + 4;
                m->guid.Data1 = le32(g);
                m->guid.Data2 = le16(g + 4);
                m->guid.Data3 = le16(g + 6);
                memcpy(m->guid.Data4, g + 8, 8);
                m->age = le32(data + pointer + 20);
                m->has_rsds = 1;
            }
        }
    }
    /* The CLI header and the metadata it points to. */
    if (directory_count > 14) {
        uint32_t rva = le32(data + directories + 112), length = le32(data + directories + 116);
        size_t at, md;
        if (rva && length >= 16 && pe_map(&pe, rva, 16, &at)) {
            uint32_t md_rva = le32(data + at + 8), md_size = le32(data + at + 12);
            if (md_rva && pe_map(&pe, md_rva, md_size, &md))
                parse_tables(m, data + md, md_size);
        }
    }
    return 1;
}

int api_module_signature(const struct api_module *m, uint32_t token, const unsigned char **sig,
                         uint32_t *size)
{
    uint32_t row = token & 0xFFFFFF;
    if ((token >> 24) != 0x11 || row == 0 || row > m->sig_rows)
        return 0;
    const unsigned char *r = m->sig_table + (size_t)(row - 1) * m->sig_row_size;
    uint32_t index = m->blob_index_size == 4 ? le32(r) : le16(r);
    if (index >= m->blob_size)
        return 0;
    const unsigned char *b = m->blob_heap + index;
    size_t avail = m->blob_size - index;
    uint32_t length, header;
    if (b[0] < 0x80) {
        length = b[0];
        header = 1;
    } else if ((b[0] & 0xC0) == 0x80 && avail >= 2) {
        length = (uint32_t)(b[0] & 0x3F) << 8 | b[1];
        header = 2;
    } else if ((b[0] & 0xE0) == 0xC0 && avail >= 4) {
        length = (uint32_t)(b[0] & 0x1F) << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
        header = 4;
    } else {
        return 0;
    }
    if (length > avail - header)
        return 0;
    *sig = b + header;
    *size = length;
    return 1;
}

size_t api_module_tokens(const struct api_module *m, uint32_t **tokens)
{
    /* Without the module's metadata: a fixed first 16, the same for every reader. */
    size_t n = m->has_metadata ? (size_t)m->method_count + 1 : 16;
    *tokens = xcalloc(n, sizeof(uint32_t));
    for (size_t i = 0; i < n; i++)
        (*tokens)[i] = 0x06000001u + (uint32_t)i;
    return n;
}

/* ------------------------------------------------------------------------------------------ */
/* the stand-in importer                                                                        */
/* ------------------------------------------------------------------------------------------ */

#define IMPORTER_SLOTS 100
#define SLOT_GET_SIG_FROM_TOKEN 41 /* IMetaDataImport::GetSigFromToken, cor.h order */

struct importer {
    void **vtbl;
    volatile long refs;
    const struct api_module *module;
};

static HRESULT STDMETHODCALLTYPE importer_QueryInterface(struct importer *This, REFIID iid,
                                                         void **out)
{
    (void)iid;
    if (!out)
        return E_POINTER;
    This->refs++;
    *out = This;
    return S_OK;
}

static ULONG STDMETHODCALLTYPE importer_AddRef(struct importer *This)
{
    return (ULONG)++This->refs;
}

static ULONG STDMETHODCALLTYPE importer_Release(struct importer *This)
{
    ULONG refs = (ULONG)--This->refs;
    if (!refs)
        free(This);
    return refs;
}

/* Every other method: the callee does not pop its arguments on x64 (and everywhere but
 * 32-bit stdcall), so one stub serves all slots. */
static HRESULT STDMETHODCALLTYPE importer_not_implemented(struct importer *This)
{
    (void)This;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE importer_GetSigFromToken(struct importer *This, uint32_t token,
                                                          const BYTE **sig, ULONG *size)
{
    const unsigned char *bytes;
    uint32_t length;
    if (!This->module || !This->module->has_metadata)
        return E_NOTIMPL;
    if (!api_module_signature(This->module, token, &bytes, &length))
        return 0x80131124; /* CLDB_E_INDEX_NOTFOUND */
    if (sig)
        *sig = bytes;
    if (size)
        *size = length;
    return S_OK;
}

IUnknown *api_importer_new(const struct api_module *module)
{
    static void *vtbl[IMPORTER_SLOTS];
    if (!vtbl[0]) {
        for (int i = 0; i < IMPORTER_SLOTS; i++)
            vtbl[i] = (void *)importer_not_implemented;
        vtbl[0] = (void *)importer_QueryInterface;
        vtbl[1] = (void *)importer_AddRef;
        vtbl[2] = (void *)importer_Release;
        vtbl[SLOT_GET_SIG_FROM_TOKEN] = (void *)importer_GetSigFromToken;
    }
    struct importer *o = xcalloc(1, sizeof(*o));
    o->vtbl = vtbl;
    o->refs = 1;
    o->module = module;
    return (IUnknown *)(void *)o;
}

/* ------------------------------------------------------------------------------------------ */
/* the walk                                                                                     */
/* ------------------------------------------------------------------------------------------ */

struct walk {
    struct api_text *t;
    enum api_dump_flavor flavor;
    ISymUnmanagedReader *reader;
    ISymUnmanagedDocument **docs;
    IUnknown **identities;
    WCHAR **urls;
    size_t *url_lengths;
    ULONG32 doc_count;
};

#define WINDOWS(w) ((w)->flavor == API_DUMP_WINDOWS)

typedef HRESULT (*string_getter)(void *object, ULONG32 cch, ULONG32 *pcch, WCHAR *buffer);

/* The (count query, fetch) protocol for a string; NULL and the HRESULT on failure. */
static WCHAR *get_string(void *object, string_getter get, size_t *length, HRESULT *hr_out)
{
    ULONG32 n = 0;
    HRESULT hr = get(object, 0, &n, NULL);
    *length = 0;
    *hr_out = hr;
    if (hr != S_OK)
        return NULL;
    WCHAR *buffer = xcalloc((size_t)n + 1, sizeof(WCHAR));
    ULONG32 got = 0;
    if (n) {
        hr = get(object, n, &got, buffer);
        *hr_out = hr;
        if (hr != S_OK) {
            free(buffer);
            return NULL;
        }
        if (got > n)
            got = n;
    }
    /* The text ends at the first NUL the reader put within what it said it wrote. */
    size_t len = 0;
    while (len < got && buffer[len])
        len++;
    *length = len;
    return buffer;
}

static HRESULT document_url(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedDocument_GetURL((ISymUnmanagedDocument *)o, c, p, b);
}
static HRESULT variable_name(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedVariable_GetName((ISymUnmanagedVariable *)o, c, p, b);
}
static HRESULT constant_name(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedConstant_GetName((ISymUnmanagedConstant *)o, c, p, b);
}
static HRESULT namespace_name(void *o, ULONG32 c, ULONG32 *p, WCHAR *b)
{
    return ISymUnmanagedNamespace_GetName((ISymUnmanagedNamespace *)o, c, p, b);
}

static void put_string_field(struct api_text *t, const char *key, void *object, string_getter get)
{
    size_t n;
    HRESULT hr;
    WCHAR *s = get_string(object, get, &n, &hr);
    P(t, " %s=", key);
    if (s)
        put_quoted(t, s, n);
    else
        put_hr(t, hr);
    free(s);
}

typedef HRESULT (*bytes_getter)(void *object, ULONG32 cb, ULONG32 *pcb, BYTE *buffer);

/* The (count query, fetch) protocol for bytes, printed as hex or as the failure. */
static void put_bytes_field(struct api_text *t, const char *key, void *object, bytes_getter get)
{
    ULONG32 size = 0;
    P(t, " %s=", key);
    HRESULT hr = get(object, 0, &size, NULL);
    if (hr == S_OK && size) {
        BYTE *bytes = xcalloc(size, 1);
        ULONG32 got = 0;
        hr = get(object, size, &got, bytes);
        if (hr == S_OK)
            put_hex(t, bytes, got < size ? got : size);
        free(bytes);
    }
    if (hr != S_OK)
        put_hr(t, hr);
}

static HRESULT source_range_bytes(void *o, ULONG32 c, ULONG32 *p, BYTE *b)
{
    return ISymUnmanagedDocument_GetSourceRange((ISymUnmanagedDocument *)o, 0, 0, 0x7FFFFFFF,
                                                0x7FFFFFFF, c, p, b);
}
static HRESULT constant_signature_bytes(void *o, ULONG32 c, ULONG32 *p, BYTE *b)
{
    return ISymUnmanagedConstant_GetSignature((ISymUnmanagedConstant *)o, c, p, b);
}
static HRESULT variable_signature_bytes(void *o, ULONG32 c, ULONG32 *p, BYTE *b)
{
    return ISymUnmanagedVariable_GetSignature((ISymUnmanagedVariable *)o, c, p, b);
}


static IUnknown *identity(void *object)
{
    IUnknown *unk = NULL;
    IUnknown *o = object;
    if (FAILED(o->lpVtbl->QueryInterface(o, &IID_IUnknown, (void **)&unk)))
        return NULL;
    return unk; /* keeps a reference; released with the list */
}

/* The index of a document object in GetDocuments: by COM identity, else by URL. */
static long document_index(const struct walk *w, ISymUnmanagedDocument *doc)
{
    if (!doc)
        return -1;
    IUnknown *id = identity(doc);
    long found = -1;
    for (ULONG32 i = 0; i < w->doc_count && found < 0; i++)
        if (id && id == w->identities[i])
            found = (long)i;
    if (id)
        id->lpVtbl->Release(id);
    if (found >= 0)
        return found;
    size_t n;
    HRESULT hr;
    WCHAR *url = get_string(doc, document_url, &n, &hr);
    for (ULONG32 i = 0; url && i < w->doc_count && found < 0; i++)
        if (w->urls[i] && w->url_lengths[i] == n && memcmp(url, w->urls[i], n * sizeof(WCHAR)) == 0)
            found = (long)i;
    free(url);
    return found;
}

/* Lines FindClosestLine is asked about in a Windows dump. */
static const ULONG32 closest_lines[] = { 0, 1, 2, 5, 10, 20, 50, 100, 1000, 0xFEEFEE };

static void dump_methods_in_document(struct walk *w, ISymUnmanagedReader2 *reader2,
                                     ISymUnmanagedDocument *doc)
{
    struct api_text *t = w->t;
    P(t, " methods=");
    ULONG32 methods = 0;
    HRESULT hr = reader2 ? ISymUnmanagedReader2_GetMethodsInDocument(reader2, doc, 0, &methods, NULL)
                         : E_NOINTERFACE;
    if (hr == S_OK && methods) {
        ISymUnmanagedMethod **list = xcalloc(methods, sizeof(*list));
        ULONG32 got = 0;
        hr = ISymUnmanagedReader2_GetMethodsInDocument(reader2, doc, methods, &got, list);
        if (got > methods)
            got = methods;
        for (ULONG32 m = 0; hr == S_OK && m < got; m++) {
            mdMethodDef token = 0;
            HRESULT th = list[m] ? ISymUnmanagedMethod_GetToken(list[m], &token) : E_POINTER;
            if (m)
                P(t, ",");
            if (th == S_OK)
                P(t, "0x%08x", (unsigned)token);
            else
                put_hr(t, th);
        }
        for (ULONG32 m = 0; m < methods; m++)
            if (list[m])
                ISymUnmanagedMethod_Release(list[m]);
        free(list);
    } else if (hr == S_OK) {
        P(t, "-");
    }
    if (hr != S_OK)
        put_hr(t, hr);
}

static void dump_documents(struct walk *w)
{
    struct api_text *t = w->t;
    ULONG32 count = 0;
    HRESULT hr = ISymUnmanagedReader_GetDocuments(w->reader, 0, &count, NULL);
    if (hr != S_OK) {
        P(t, "documents ");
        put_hr(t, hr);
        P(t, "\n");
        count = 0;
    }
    w->docs = xcalloc(count, sizeof(*w->docs));
    w->identities = xcalloc(count, sizeof(*w->identities));
    w->urls = xcalloc(count, sizeof(*w->urls));
    w->url_lengths = xcalloc(count, sizeof(*w->url_lengths));
    if (count) {
        ULONG32 got = 0;
        hr = ISymUnmanagedReader_GetDocuments(w->reader, count, &got, w->docs);
        if (hr != S_OK || got != count) {
            P(t, "documents count=%u got=%u ", (unsigned)count, (unsigned)got);
            put_hr(t, hr);
            P(t, "\n");
            if (hr != S_OK)
                got = 0;
            if (got < count)
                count = got;
        }
    }
    w->doc_count = count;
    ISymUnmanagedReader2 *reader2 = NULL;
    if (FAILED(ISymUnmanagedReader_QueryInterface(w->reader, &IID_ISymUnmanagedReader2,
                                                  (void **)&reader2)))
        reader2 = NULL;

    for (ULONG32 i = 0; i < count; i++) {
        ISymUnmanagedDocument *doc = w->docs[i];
        P(t, "document %u", (unsigned)i);
        if (!doc) {
            P(t, " NULL\n");
            continue;
        }
        w->identities[i] = identity(doc);
        w->urls[i] = get_string(doc, document_url, &w->url_lengths[i], &hr);
        put_string_field(t, "url", doc, document_url);

        GUID g;
        static const char *const guid_keys[4] = { "lang", "vendor", "type", "hashalg" };
        for (int k = 0; k < 4; k++) {
            memset(&g, 0xcc, sizeof g);
            switch (k) {
            case 0: hr = ISymUnmanagedDocument_GetLanguage(doc, &g); break;
            case 1: hr = ISymUnmanagedDocument_GetLanguageVendor(doc, &g); break;
            case 2: hr = ISymUnmanagedDocument_GetDocumentType(doc, &g); break;
            default: hr = ISymUnmanagedDocument_GetCheckSumAlgorithmId(doc, &g); break;
            }
            P(t, " %s=", guid_keys[k]);
            if (hr == S_OK)
                put_guid(t, &g);
            else
                put_hr(t, hr);
        }

        ULONG32 size = 0;
        P(t, " hash=");
        hr = ISymUnmanagedDocument_GetCheckSum(doc, 0, &size, NULL);
        if (hr == S_OK && size) {
            BYTE *bytes = xcalloc(size, 1);
            ULONG32 got = 0;
            hr = ISymUnmanagedDocument_GetCheckSum(doc, size, &got, bytes);
            if (hr == S_OK)
                put_hex(t, bytes, got < size ? got : size);
            free(bytes);
        }
        if (hr != S_OK)
            put_hr(t, hr);

        BOOL embedded = 2;
        hr = ISymUnmanagedDocument_HasEmbeddedSource(doc, &embedded);
        P(t, " embedded=");
        if (hr == S_OK)
            P(t, "%d", embedded ? 1 : 0);
        else
            put_hr(t, hr);

        ULONG32 length = 0xdeadbeef;
        hr = ISymUnmanagedDocument_GetSourceLength(doc, &length);
        P(t, " sourcelength=");
        put_u32_or_hr(t, hr, length);

        dump_methods_in_document(w, reader2, doc);

        if (WINDOWS(w)) {
            put_bytes_field(t, "source", doc, source_range_bytes);

            /* GetDocument by the URL just read, GUIDs left zero. */
            P(t, " find=");
            ISymUnmanagedDocument *found = NULL;
            GUID zero;
            memset(&zero, 0, sizeof zero);
            hr = w->urls[i] ? ISymUnmanagedReader_GetDocument(w->reader, w->urls[i], zero, zero,
                                                              zero, &found)
                            : E_FAIL;
            if (hr == S_OK) {
                if (found) {
                    long index = document_index(w, found);
                    if (index >= 0 && (ULONG32)index <= i)
                        P(t, "%ld", index);
                    else
                        P(t, "other"); /* not one seen so far: compared by identity/URL */
                    ISymUnmanagedDocument_Release(found);
                } else {
                    P(t, "NULL");
                }
            } else {
                put_hr(t, hr);
            }

            P(t, " closest=");
            for (size_t k = 0; k < sizeof closest_lines / sizeof closest_lines[0]; k++) {
                ULONG32 line = 0xdeadbeef;
                hr = ISymUnmanagedDocument_FindClosestLine(doc, closest_lines[k], &line);
                P(t, k ? ",%u:" : "%u:", (unsigned)closest_lines[k]);
                put_u32_or_hr(t, hr, line);
            }
        }
        P(t, "\n");
    }
    if (reader2)
        ISymUnmanagedReader2_Release(reader2);
}

static void free_documents(struct walk *w)
{
    for (ULONG32 i = 0; i < w->doc_count; i++) {
        if (w->docs[i])
            ISymUnmanagedDocument_Release(w->docs[i]);
        if (w->identities[i])
            w->identities[i]->lpVtbl->Release(w->identities[i]);
        free(w->urls[i]);
    }
    free(w->docs);
    free(w->identities);
    free(w->urls);
    free(w->url_lengths);
}

static void put_variant(struct api_text *t, VARIANT *v)
{
    switch (V_VT(v)) {
    case VT_EMPTY: P(t, "EMPTY"); break;
    case VT_I1: P(t, "I1:%d", (int)V_I1(v)); break;
    case VT_UI1: P(t, "UI1:%u", (unsigned)V_UI1(v)); break;
    case VT_BOOL: P(t, "BOOL:%d", (int)V_BOOL(v)); break;
    case VT_I2: P(t, "I2:%d", (int)V_I2(v)); break;
    case VT_UI2: P(t, "UI2:%u", (unsigned)V_UI2(v)); break;
    case VT_I4: P(t, "I4:%ld", (long)V_I4(v)); break;
    case VT_UI4: P(t, "UI4:%lu", (unsigned long)V_UI4(v)); break;
    case VT_INT: P(t, "INT:%d", (int)V_INT(v)); break;
    case VT_UINT: P(t, "UINT:%u", (unsigned)V_UINT(v)); break;
    case VT_I8: P(t, "I8:%lld", (long long)V_I8(v)); break;
    case VT_UI8: P(t, "UI8:%llu", (unsigned long long)V_UI8(v)); break;
    case VT_R4: {
        uint32_t bits;
        float f = V_R4(v);
        memcpy(&bits, &f, 4);
        P(t, "R4:0x%08x", (unsigned)bits);
        break;
    }
    case VT_R8:
    case VT_DATE: {
        uint64_t bits;
        double d = V_VT(v) == VT_R8 ? V_R8(v) : V_DATE(v);
        memcpy(&bits, &d, 8);
        P(t, "%s:0x%016llx", V_VT(v) == VT_R8 ? "R8" : "DATE", (unsigned long long)bits);
        break;
    }
    case VT_BSTR: {
        BSTR b = V_BSTR(v);
        P(t, "BSTR:");
        put_quoted(t, b, bstr_length(b));
        break;
    }
    case VT_DECIMAL: {
        DECIMAL d = V_DECIMAL(v);
        P(t, "DECIMAL:%d:%u:0x%08x%08x%08x", (d.sign & 0x80) ? 1 : 0, (unsigned)d.scale,
          (unsigned)d.Hi32, (unsigned)(d.Lo64 >> 32), (unsigned)(d.Lo64 & 0xFFFFFFFFu));
        break;
    }
    default: P(t, "VT%u", (unsigned)V_VT(v)); break;
    }
}

static void dump_constant(struct walk *w, ISymUnmanagedConstant *c, unsigned depth)
{
    struct api_text *t = w->t;
    indent(t, depth);
    P(t, "const");
    put_string_field(t, "name", c, constant_name);

    VARIANT v;
    memset(&v, 0, sizeof v);
    HRESULT hr = ISymUnmanagedConstant_GetValue(c, &v);
    P(t, " value=");
    if (hr == S_OK)
        put_variant(t, &v);
    else
        put_hr(t, hr);
    if (hr == S_OK && V_VT(&v) == VT_BSTR)
        bstr_free(V_BSTR(&v));

    put_bytes_field(t, "sig", c, constant_signature_bytes);
    P(t, "\n");
}

static void dump_local(struct walk *w, ISymUnmanagedVariable *v, unsigned depth)
{
    struct api_text *t = w->t;
    ULONG32 value = 0;
    HRESULT hr;
    indent(t, depth);
    P(t, "local");
    put_string_field(t, "name", v, variable_name);
    hr = ISymUnmanagedVariable_GetAttributes(v, &value);
    P(t, " attrs=");
    put_u32_or_hr(t, hr, value);
    hr = ISymUnmanagedVariable_GetAddressKind(v, &value);
    P(t, " kind=");
    put_u32_or_hr(t, hr, value);
    hr = ISymUnmanagedVariable_GetAddressField1(v, &value);
    P(t, " slot=");
    put_u32_or_hr(t, hr, value);
    if (WINDOWS(w)) {
        hr = ISymUnmanagedVariable_GetAddressField2(v, &value);
        P(t, " field2=");
        put_u32_or_hr(t, hr, value);
        hr = ISymUnmanagedVariable_GetAddressField3(v, &value);
        P(t, " field3=");
        put_u32_or_hr(t, hr, value);
        hr = ISymUnmanagedVariable_GetStartOffset(v, &value);
        P(t, " start=");
        put_u32_or_hr(t, hr, value);
        hr = ISymUnmanagedVariable_GetEndOffset(v, &value);
        P(t, " end=");
        put_u32_or_hr(t, hr, value);
        put_bytes_field(t, "sig", v, variable_signature_bytes);
    }
    P(t, "\n");
}

/* The first `count` objects of a list getter; the count actually returned in *got. */
typedef HRESULT (*list_getter)(void *object, ULONG32 c, ULONG32 *pc, void **items);

static void **get_list(void *object, list_getter get, ULONG32 count, ULONG32 *got, HRESULT *hr)
{
    void **items = xcalloc(count, sizeof(void *));
    *got = 0;
    *hr = get(object, count, got, items);
    if (*hr != S_OK || *got > count)
        *got = *hr == S_OK ? count : 0;
    return items;
}

static void release_list(void **items, ULONG32 count)
{
    for (ULONG32 i = 0; i < count; i++)
        if (items[i])
            ((IUnknown *)items[i])->lpVtbl->Release((IUnknown *)items[i]);
    free(items);
}

static HRESULT scope_locals(void *o, ULONG32 c, ULONG32 *p, void **items)
{
    return ISymUnmanagedScope_GetLocals((ISymUnmanagedScope *)o, c, p,
                                        (ISymUnmanagedVariable **)items);
}
static HRESULT scope_constants(void *o, ULONG32 c, ULONG32 *p, void **items)
{
    return ISymUnmanagedScope2_GetConstants((ISymUnmanagedScope2 *)o, c, p,
                                            (ISymUnmanagedConstant **)items);
}
static HRESULT scope_children(void *o, ULONG32 c, ULONG32 *p, void **items)
{
    return ISymUnmanagedScope_GetChildren((ISymUnmanagedScope *)o, c, p,
                                          (ISymUnmanagedScope **)items);
}
static HRESULT scope_namespaces(void *o, ULONG32 c, ULONG32 *p, void **items)
{
    return ISymUnmanagedScope_GetNamespaces((ISymUnmanagedScope *)o, c, p,
                                            (ISymUnmanagedNamespace **)items);
}

static void dump_scope(struct walk *w, ISymUnmanagedScope *scope, unsigned depth)
{
    struct api_text *t = w->t;
    ULONG32 start = 0, end = 0, children = 0, locals = 0, constants = 0, namespaces = 0;
    HRESULT hs = ISymUnmanagedScope_GetStartOffset(scope, &start);
    HRESULT he = ISymUnmanagedScope_GetEndOffset(scope, &end);
    HRESULT hc = ISymUnmanagedScope_GetChildren(scope, 0, &children, NULL);
    HRESULT hl = ISymUnmanagedScope_GetLocalCount(scope, &locals);
    HRESULT hk, hn = S_OK;
    ISymUnmanagedScope2 *scope2 = NULL;
    hk = ISymUnmanagedScope_QueryInterface(scope, &IID_ISymUnmanagedScope2, (void **)&scope2);
    if (hk == S_OK)
        hk = ISymUnmanagedScope2_GetConstantCount(scope2, &constants);
    if (WINDOWS(w))
        hn = ISymUnmanagedScope_GetNamespaces(scope, 0, &namespaces, NULL);
    if (hc != S_OK)
        children = 0;
    if (hl != S_OK)
        locals = 0;
    if (hk != S_OK)
        constants = 0;
    if (hn != S_OK)
        namespaces = 0;

    indent(t, depth);
    P(t, "scope il=");
    put_u32_or_hr(t, hs, start);
    P(t, "-");
    put_u32_or_hr(t, he, end);
    P(t, " children=");
    put_u32_or_hr(t, hc, children);
    P(t, " locals=");
    put_u32_or_hr(t, hl, locals);
    P(t, " constants=");
    put_u32_or_hr(t, hk, constants);
    if (WINDOWS(w)) {
        P(t, " namespaces=");
        put_u32_or_hr(t, hn, namespaces);
    }
    P(t, "\n");

    ULONG32 got;
    HRESULT hr;
    if (namespaces) {
        void **list = get_list(scope, scope_namespaces, namespaces, &got, &hr);
        if (hr != S_OK || got != namespaces) {
            indent(t, depth + 1);
            P(t, "namespaces got=%u ", (unsigned)got);
            put_hr(t, hr);
            P(t, "\n");
        }
        for (ULONG32 i = 0; i < got; i++) {
            indent(t, depth + 1);
            P(t, "namespace");
            if (list[i])
                put_string_field(t, "name", list[i], namespace_name);
            else
                P(t, " NULL");
            P(t, "\n");
        }
        release_list(list, namespaces);
    }
    if (locals) {
        void **list = get_list(scope, scope_locals, locals, &got, &hr);
        if (hr != S_OK || got != locals) {
            indent(t, depth + 1);
            P(t, "locals got=%u ", (unsigned)got);
            put_hr(t, hr);
            P(t, "\n");
        }
        for (ULONG32 i = 0; i < got; i++)
            if (list[i])
                dump_local(w, list[i], depth + 1);
        release_list(list, locals);
    }
    if (constants) {
        void **list = get_list(scope2, scope_constants, constants, &got, &hr);
        if (hr != S_OK || got != constants) {
            indent(t, depth + 1);
            P(t, "constants got=%u ", (unsigned)got);
            put_hr(t, hr);
            P(t, "\n");
        }
        for (ULONG32 i = 0; i < got; i++)
            if (list[i])
                dump_constant(w, list[i], depth + 1);
        release_list(list, constants);
    }
    if (scope2)
        ISymUnmanagedScope2_Release(scope2);
    if (children) {
        void **list = get_list(scope, scope_children, children, &got, &hr);
        if (hr != S_OK || got != children) {
            indent(t, depth + 1);
            P(t, "children got=%u ", (unsigned)got);
            put_hr(t, hr);
            P(t, "\n");
        }
        for (ULONG32 i = 0; i < got; i++)
            if (list[i] && depth < 64)
                dump_scope(w, list[i], depth + 1);
        release_list(list, children);
    }
}

static void dump_async(struct walk *w, ISymUnmanagedMethod *method)
{
    struct api_text *t = w->t;
    ISymUnmanagedAsyncMethod *async = NULL;
    if (FAILED(ISymUnmanagedMethod_QueryInterface(method, &IID_ISymUnmanagedAsyncMethod,
                                                  (void **)&async)) || !async)
        return;
    BOOL is_async = FALSE;
    if (ISymUnmanagedAsyncMethod_IsAsyncMethod(async, &is_async) == S_OK && is_async) {
        mdToken kickoff = 0;
        BOOL has_catch = FALSE;
        ULONG32 catch_offset = 0, count = 0;
        HRESULT hr = ISymUnmanagedAsyncMethod_GetKickoffMethod(async, &kickoff);
        P(t, "  async kickoff=");
        if (hr == S_OK)
            put_token(t, kickoff);
        else
            put_hr(t, hr);
        hr = ISymUnmanagedAsyncMethod_HasCatchHandlerILOffset(async, &has_catch);
        P(t, " catch=");
        if (hr != S_OK)
            put_hr(t, hr);
        else if (!has_catch)
            P(t, "none");
        else if ((hr = ISymUnmanagedAsyncMethod_GetCatchHandlerILOffset(async, &catch_offset)) == S_OK)
            P(t, "%u", (unsigned)catch_offset);
        else
            put_hr(t, hr);
        hr = ISymUnmanagedAsyncMethod_GetAsyncStepInfoCount(async, &count);
        P(t, " steps=");
        put_u32_or_hr(t, hr, count);
        P(t, "\n");
        if (hr == S_OK && count) {
            ULONG32 *yields = xcalloc(count, sizeof(ULONG32)), *resumes = xcalloc(count, sizeof(ULONG32));
            mdToken *methods = xcalloc(count, sizeof(mdToken));
            ULONG32 got = 0;
            hr = ISymUnmanagedAsyncMethod_GetAsyncStepInfo(async, count, &got, yields, resumes,
                                                           methods);
            if (hr != S_OK || got != count) {
                P(t, "  steps got=%u ", (unsigned)got);
                put_hr(t, hr);
                P(t, "\n");
            }
            if (hr != S_OK || got > count)
                got = hr == S_OK ? count : 0;
            for (ULONG32 i = 0; i < got; i++) {
                P(t, "  step yield=%u resume=%u method=", (unsigned)yields[i], (unsigned)resumes[i]);
                put_token(t, methods[i]);
                P(t, "\n");
            }
            free(yields);
            free(resumes);
            free(methods);
        }
    }
    ISymUnmanagedAsyncMethod_Release(async);
}

/* GetSymAttribute(token, "MD2"): the count query's HRESULT is printed on its own, because
 * Microsoft's answers S_FALSE (with the size) to a query without a buffer; the bytes are
 * fetched whenever the query gave a size. */
static void put_md2(struct walk *w, uint32_t token)
{
    static const WCHAR md2[] = { 'M', 'D', '2', 0 };
    struct api_text *t = w->t;
    ULONG32 size = 0;
    HRESULT query = ISymUnmanagedReader_GetSymAttribute(w->reader, token, (WCHAR *)md2, 0, &size,
                                                        NULL);
    HRESULT hr = query;
    P(t, " md2=");
    if ((query == S_OK || query == S_FALSE) && size) {
        BYTE *bytes = xcalloc(size, 1);
        ULONG32 got = 0;
        hr = ISymUnmanagedReader_GetSymAttribute(w->reader, token, (WCHAR *)md2, size, &got, bytes);
        if (hr == S_OK)
            put_hex(t, bytes, got < size ? got : size);
        free(bytes);
    }
    if (hr != S_OK)
        put_hr(t, hr);
    P(t, " md2query=");
    if (query == S_OK)
        P(t, "S_OK");
    else
        put_hr(t, query);
}

static void dump_sequence_points(struct walk *w, ISymUnmanagedMethod *method, ULONG32 count)
{
    struct api_text *t = w->t;
    ULONG32 *offsets = xcalloc(count, sizeof(ULONG32)), *lines = xcalloc(count, sizeof(ULONG32));
    ULONG32 *columns = xcalloc(count, sizeof(ULONG32)), *end_lines = xcalloc(count, sizeof(ULONG32));
    ULONG32 *end_columns = xcalloc(count, sizeof(ULONG32));
    ISymUnmanagedDocument **documents = xcalloc(count, sizeof(*documents));
    ULONG32 got = 0;
    HRESULT hr = ISymUnmanagedMethod_GetSequencePoints(method, count, &got, offsets, documents,
                                                       lines, columns, end_lines, end_columns);
    if (hr != S_OK || got != count) {
        P(t, "  points got=%u ", (unsigned)got);
        put_hr(t, hr);
        P(t, "\n");
    }
    if (hr != S_OK || got > count)
        got = hr == S_OK ? count : 0;
    for (ULONG32 i = 0; i < got; i++)
        P(t, "  sp il=%u doc=%ld %u:%u-%u:%u\n", (unsigned)offsets[i],
          document_index(w, documents[i]), (unsigned)lines[i], (unsigned)columns[i],
          (unsigned)end_lines[i], (unsigned)end_columns[i]);
    for (ULONG32 i = 0; i < count; i++)
        if (documents[i])
            ISymUnmanagedDocument_Release(documents[i]);
    free(offsets);
    free(lines);
    free(columns);
    free(end_lines);
    free(end_columns);
    free(documents);
}

/* Calls Microsoft's 14.12 leaves unimplemented: the line records what each reader says. */
static void dump_method_extras(struct walk *w, ISymUnmanagedMethod *method, uint32_t token)
{
    struct api_text *t = w->t;
    ULONG32 n = 0;
    HRESULT hr = ISymUnmanagedMethod_GetParameters(method, 0, &n, NULL);
    P(t, " params=");
    put_u32_or_hr(t, hr, n);
    ISymUnmanagedDocument *docs[2] = { NULL, NULL };
    ULONG32 lines[2] = { 0, 0 }, columns[2] = { 0, 0 };
    BOOL found = FALSE;
    hr = ISymUnmanagedMethod_GetSourceStartEnd(method, docs, lines, columns, &found);
    P(t, " startend=");
    if (hr == S_OK)
        P(t, "%d:%u:%u-%u:%u", (int)found, (unsigned)lines[0], (unsigned)columns[0],
          (unsigned)lines[1], (unsigned)columns[1]);
    else
        put_hr(t, hr);
    for (int i = 0; i < 2; i++)
        if (docs[i])
            ISymUnmanagedDocument_Release(docs[i]);
    ISymUnmanagedNamespace *ns = NULL;
    hr = ISymUnmanagedMethod_GetNamespace(method, &ns);
    P(t, " namespace=");
    if (hr == S_OK)
        P(t, ns ? "object" : "NULL");
    else
        put_hr(t, hr);
    if (ns)
        ISymUnmanagedNamespace_Release(ns);
    n = 0;
    hr = ISymUnmanagedReader_GetVariables(w->reader, token, 0, &n, NULL);
    P(t, " variables=");
    put_u32_or_hr(t, hr, n);
}

static void dump_method(struct walk *w, uint32_t token)
{
    struct api_text *t = w->t;
    ISymUnmanagedMethod *method = NULL;
    HRESULT hr = ISymUnmanagedReader_GetMethod(w->reader, token, &method);
    P(t, "method 0x%08x ", (unsigned)token);
    if (hr != S_OK || !method) {
        if (hr == S_OK)
            P(t, "NULL");
        else
            put_hr(t, hr);
        if (WINDOWS(w))
            put_md2(w, token);
        P(t, "\n");
        return;
    }

    ISymUnmanagedMethod2 *method2 = NULL;
    mdSignature localsig = 0;
    P(t, "localsig=");
    hr = ISymUnmanagedMethod_QueryInterface(method, &IID_ISymUnmanagedMethod2, (void **)&method2);
    if (hr == S_OK) {
        hr = ISymUnmanagedMethod2_GetLocalSignatureToken(method2, &localsig);
        ISymUnmanagedMethod2_Release(method2);
    }
    if (hr == S_OK)
        put_token(t, localsig);
    else
        put_hr(t, hr);

    ULONG32 count = 0;
    hr = ISymUnmanagedMethod_GetSequencePointCount(method, &count);
    P(t, " points=");
    put_u32_or_hr(t, hr, count);
    if (hr != S_OK)
        count = 0;
    if (WINDOWS(w)) {
        put_md2(w, token);
        dump_method_extras(w, method, token);
    }
    P(t, "\n");
    if (count)
        dump_sequence_points(w, method, count);

    dump_async(w, method);

    ISymUnmanagedScope *root = NULL;
    hr = ISymUnmanagedMethod_GetRootScope(method, &root);
    if (hr == S_OK && root) {
        dump_scope(w, root, 1);
        ISymUnmanagedScope_Release(root);
    } else {
        P(t, "  scope ");
        if (hr == S_OK)
            P(t, "NULL");
        else
            put_hr(t, hr);
        P(t, "\n");
    }
    ISymUnmanagedMethod_Release(method);
}

/* ---- reader-level answers of a Windows dump ---- */

static void dump_reader_line(struct walk *w)
{
    struct api_text *t = w->t;
    ULONG32 n = 0;
    HRESULT hr = ISymUnmanagedReader_GetGlobalVariables(w->reader, 0, &n, NULL);
    P(t, "reader globals=");
    put_u32_or_hr(t, hr, n);
    n = 0;
    hr = ISymUnmanagedReader_GetNamespaces(w->reader, 0, &n, NULL);
    P(t, " namespaces=");
    put_u32_or_hr(t, hr, n);
    P(t, "\n");
}

static void dump_matches(struct walk *w, const struct api_module *module)
{
    struct api_text *t = w->t;
    ISymUnmanagedReader4 *reader4 = NULL;
    P(t, "matches");
    if (FAILED(ISymUnmanagedReader_QueryInterface(w->reader, &IID_ISymUnmanagedReader4,
                                                  (void **)&reader4)) || !reader4) {
        P(t, " !E_NOINTERFACE\n");
        return;
    }
    static const char *const keys[] = { "own", "age+1", "age-1", "stamp+1", "guid^1" };
    for (int k = 0; k < 5; k++) {
        GUID guid = module->guid;
        DWORD stamp = module->stamp;
        int age = (int)module->age;
        switch (k) {
        case 1: age++; break;
        case 2: age--; break;
        case 3: stamp++; break;
        case 4: guid.Data1 ^= 1; break;
        }
        BOOL result = 2;
        HRESULT hr = ISymUnmanagedReader4_MatchesModule(reader4, guid, stamp, age, &result);
        P(t, " %s=", keys[k]);
        if (hr == S_OK)
            P(t, "%d", result ? 1 : 0);
        else
            put_hr(t, hr);
    }
    P(t, "\n");
    ISymUnmanagedReader4_Release(reader4);
}

static void dump_source_server(struct walk *w)
{
    struct api_text *t = w->t;
    ISymUnmanagedReader4 *reader4 = NULL;
    ISymUnmanagedSourceServerModule *module = NULL;
    HRESULT hr;
    P(t, "sourceserver reader4=");
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(w->reader, &IID_ISymUnmanagedReader4,
                                                     (void **)&reader4)) && reader4) {
        BYTE *data = NULL;
        int size = 0;
        hr = ISymUnmanagedReader4_GetSourceServerData(reader4, &data, &size);
        if (hr == S_OK && (data || !size) && size >= 0)
            put_hex(t, data, (size_t)size);
        else if (hr == S_OK)
            P(t, "size:%d", size);
        else
            put_hr(t, hr);
        ISymUnmanagedReader4_Release(reader4);
    } else {
        P(t, "!E_NOINTERFACE");
    }
    P(t, " module=");
    if (SUCCEEDED(ISymUnmanagedReader_QueryInterface(w->reader, &IID_ISymUnmanagedSourceServerModule,
                                                     (void **)&module)) && module) {
        BYTE *data = NULL;
        ULONG size = 0;
        hr = ISymUnmanagedSourceServerModule_GetSourceServerData(module, &size, &data);
        if (hr == S_OK && (data || !size))
            put_hex(t, data, size);
        else if (hr == S_OK)
            P(t, "size:%lu", (unsigned long)size);
        else
            put_hr(t, hr);
        if (hr == S_OK && data)
            task_free(data);
        ISymUnmanagedSourceServerModule_Release(module);
    } else {
        P(t, "!E_NOINTERFACE");
    }
    P(t, "\n");
}

void api_dump_reader(struct api_text *t, ISymUnmanagedReader *reader, enum api_dump_flavor flavor,
                     const uint32_t *tokens, size_t token_count, const struct api_module *module)
{
    struct walk w;
    memset(&w, 0, sizeof w);
    w.t = t;
    w.flavor = flavor;
    w.reader = reader;
    P(t, flavor == API_DUMP_WINDOWS ? "corsym-winapi 1\n" : "corsym-api 1\n");
    mdMethodDef entry = 0;
    HRESULT hr = ISymUnmanagedReader_GetUserEntryPoint(reader, &entry);
    P(t, "entry ");
    if (hr == S_OK)
        put_token(t, entry);
    else
        put_hr(t, hr);
    P(t, "\n");
    if (flavor == API_DUMP_WINDOWS) {
        dump_reader_line(&w);
        if (module && module->has_rsds)
            dump_matches(&w, module);
        dump_source_server(&w);
    }
    dump_documents(&w);
    for (size_t i = 0; i < token_count; i++)
        dump_method(&w, tokens[i]);
    free_documents(&w);
    P(t, "end\n");
}

/* ------------------------------------------------------------------------------------------ */
/* comparison                                                                                   */
/* ------------------------------------------------------------------------------------------ */

void api_rules_add(struct api_rules *rules, const char *file, const char *keyword,
                   const char *field, const char *theirs, const char *ours, const char *reason)
{
    rules->items = xrealloc(rules->items, (rules->count + 1) * sizeof(*rules->items));
    struct api_rule *r = &rules->items[rules->count++];
    r->file = xstrndup(file, strlen(file));
    r->keyword = xstrndup(keyword, strlen(keyword));
    r->field = xstrndup(field, strlen(field));
    r->theirs = xstrndup(theirs, strlen(theirs));
    r->ours = xstrndup(ours, strlen(ours));
    r->reason = xstrndup(reason ? reason : "", reason ? strlen(reason) : 0);
    r->used = 0;
}

void api_rules_free(struct api_rules *rules)
{
    for (size_t i = 0; i < rules->count; i++) {
        struct api_rule *r = &rules->items[i];
        free(r->file);
        free(r->keyword);
        free(r->field);
        free(r->theirs);
        free(r->ours);
        free(r->reason);
    }
    free(rules->items);
    memset(rules, 0, sizeof(*rules));
}

int api_rules_parse(struct api_rules *rules, const char *text, size_t len, struct api_text *error)
{
    /* A block of comment lines is the reason of every rule that follows it, up to the next
     * comment block or blank line. */
    struct api_text reason = { NULL, 0, 0 };
    size_t start = 0, number = 0;
    int after_rule = 0;
    while (start < len) {
        size_t end = start;
        while (end < len && text[end] != '\n')
            end++;
        size_t n = end - start;
        const char *line = text + start;
        number++;
        start = end + 1;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0) {
            reason.len = 0;
            after_rule = 0;
            continue;
        }
        if (line[0] == '#') {
            size_t skip = n > 1 && line[1] == ' ' ? 2 : 1;
            if (after_rule)
                reason.len = 0;
            after_rule = 0;
            if (reason.len)
                api_text_append(&reason, " ", 1);
            api_text_append(&reason, line + skip, n - skip);
            continue;
        }
        /* file|keyword|field|theirs|ours; the last part takes the rest of the line */
        const char *parts[5];
        size_t lengths[5], count = 0, at = 0;
        while (count < 4) {
            size_t p = at;
            while (p < n && line[p] != '|')
                p++;
            if (p >= n)
                break;
            parts[count] = line + at;
            lengths[count] = p - at;
            count++;
            at = p + 1;
        }
        if (count != 4) {
            api_text_printf(error, "line %lu: expected file|keyword|field|theirs|ours\n",
                            (unsigned long)number);
            api_text_free(&reason);
            return 0;
        }
        parts[4] = line + at;
        lengths[4] = n - at;
        char *f[5];
        for (int i = 0; i < 5; i++)
            f[i] = xstrndup(parts[i], lengths[i]);
        if (reason.data)
            reason.data[reason.len] = 0;
        api_rules_add(rules, f[0], f[1], f[2], f[3], f[4], reason.len ? reason.data : "");
        for (int i = 0; i < 5; i++)
            free(f[i]);
        after_rule = 1;
    }
    api_text_free(&reason);
    return 1;
}

struct line {
    const char *p;
    size_t n;
};

static size_t split_lines(const char *text, size_t len, struct line **out)
{
    size_t count = 0, cap = 256;
    struct line *lines = xcalloc(cap, sizeof(*lines));
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (i == len && start == len)
                break;
            if (count == cap) {
                cap *= 2;
                lines = xrealloc(lines, cap * sizeof(*lines));
            }
            lines[count].p = text + start;
            lines[count].n = i - start;
            if (lines[count].n && lines[count].p[lines[count].n - 1] == '\r')
                lines[count].n--;
            count++;
            start = i + 1;
        }
    }
    *out = lines;
    return count;
}

/* The next space-separated field of a line, quotes respected. */
static int next_field(const struct line *l, size_t *at, struct line *field)
{
    size_t i = *at;
    while (i < l->n && l->p[i] == ' ')
        i++;
    if (i >= l->n)
        return 0;
    size_t start = i;
    int quoted = 0;
    for (; i < l->n; i++) {
        char c = l->p[i];
        if (quoted && c == '\\') {
            i++;
            continue;
        }
        if (c == '"')
            quoted = !quoted;
        else if (c == ' ' && !quoted)
            break;
    }
    if (i > l->n)
        i = l->n;
    field->p = l->p + start;
    field->n = i - start;
    *at = i;
    return 1;
}

static size_t indentation(const struct line *l)
{
    size_t i = 0;
    while (i < l->n && l->p[i] == ' ')
        i++;
    return i;
}

static int same(const struct line *a, const struct line *b)
{
    return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

static int is(const struct line *f, const char *s)
{
    return f->n == strlen(s) && memcmp(f->p, s, f->n) == 0;
}

static int file_matches(const struct api_rule *r, const char *file)
{
    return strcmp(r->file, "*") == 0 || strcmp(r->file, file) == 0;
}

static int value_matches(const char *pattern, const struct line *value)
{
    return strcmp(pattern, "*") == 0 || is(value, pattern);
}

static struct line keyword_of(const struct line *l)
{
    size_t at = 0;
    struct line k = { l->p, 0 };
    next_field(l, &at, &k);
    return k;
}

/* A field's key ("name" of name=...) or, for a bare word, "#<position>". */
static void field_key(const struct line *f, unsigned position, char *key, size_t size,
                      struct line *value)
{
    size_t k = 0;
    int quoted = 0;
    while (k < f->n && f->p[k] != '=') {
        if (f->p[k] == '"')
            quoted = 1;
        k++;
    }
    if (k < f->n && !quoted && k + 1 < size) {
        memcpy(key, f->p, k);
        key[k] = 0;
        value->p = f->p + k + 1;
        value->n = f->n - k - 1;
    } else {
        snprintf(key, size, "#%u", position);
        *value = *f;
    }
}

static struct api_rule *find_field_rule(struct api_rules *rules, const char *file,
                                        const struct line *keyword, const char *key,
                                        const struct line *theirs, const struct line *ours)
{
    for (size_t i = 0; i < rules->count; i++) {
        struct api_rule *r = &rules->items[i];
        if (!file_matches(r, file) || !is(keyword, r->keyword) || strcmp(r->field, key) != 0)
            continue;
        if (value_matches(r->theirs, theirs) && value_matches(r->ours, ours))
            return r;
    }
    return NULL;
}

static struct api_rule *find_line_rule(struct api_rules *rules, const char *file,
                                       const char *kind, const struct line *keyword)
{
    for (size_t i = 0; i < rules->count; i++) {
        struct api_rule *r = &rules->items[i];
        if (file_matches(r, file) && strcmp(r->keyword, kind) == 0 && is(keyword, r->field))
            return r;
    }
    return NULL;
}

/* 1 when a differing pair of lines differs only in tolerated fields (rules' use counted). */
static int tolerated(struct api_rules *rules, const char *file, const struct line *expected,
                     const struct line *actual)
{
    if (indentation(expected) != indentation(actual))
        return 0;
    size_t ea = 0, aa = 0;
    struct line ekw, akw, ef, af;
    if (!next_field(expected, &ea, &ekw) || !next_field(actual, &aa, &akw) || !same(&ekw, &akw))
        return 0;
    struct api_rule *hits[64];
    size_t nhits = 0;
    unsigned position = 0;
    for (;;) {
        int he = next_field(expected, &ea, &ef), ha = next_field(actual, &aa, &af);
        position++;
        if (he != ha)
            break;
        if (!he) {
            for (size_t i = 0; i < nhits; i++)
                hits[i]->used++;
            return 1;
        }
        if (same(&ef, &af))
            continue;
        char ke[64], ka[64];
        struct line ve, va;
        field_key(&ef, position, ke, sizeof ke, &ve);
        field_key(&af, position, ka, sizeof ka, &va);
        if (strcmp(ke, ka) != 0)
            break;
        struct api_rule *r = find_field_rule(rules, file, &ekw, ke, &ve, &va);
        if (!r || nhits == sizeof hits / sizeof hits[0])
            break;
        hits[nhits++] = r;
    }
    /* a rule for the whole line */
    for (size_t i = 0; i < rules->count; i++) {
        struct api_rule *r = &rules->items[i];
        if (file_matches(r, file) && is(&ekw, r->keyword) && strcmp(r->field, "*") == 0) {
            r->used++;
            return 1;
        }
    }
    return 0;
}

static struct api_rule *whole_file_rule(struct api_rules *rules, const char *file)
{
    for (size_t i = 0; i < rules->count; i++) {
        struct api_rule *r = &rules->items[i];
        if (strcmp(r->field, "*") == 0 && strcmp(r->keyword, "*") == 0 && file_matches(r, file))
            return r;
    }
    return NULL;
}

int api_dump_compare(const char *file, const char *expected, size_t elen, const char *actual,
                     size_t alen, struct api_rules *rules, struct api_text *report)
{
    if (elen == alen && memcmp(expected, actual, elen) == 0)
        return 0;
    struct line *el, *al;
    size_t ec = split_lines(expected, elen, &el), ac = split_lines(actual, alen, &al);
    size_t i = 0, j = 0;
    int result = 1;
    while (result > 0 && (i < ec || j < ac)) {
        if (i < ec && j < ac && same(&el[i], &al[j])) {
            i++;
            j++;
            continue;
        }
        if (i < ec && j < ac && tolerated(rules, file, &el[i], &al[j])) {
            i++;
            j++;
            continue;
        }
        struct api_rule *r;
        if (j < ac) {
            struct line kw = keyword_of(&al[j]);
            if ((r = find_line_rule(rules, file, "+", &kw)) != NULL) {
                r->used++;
                j++;
                continue;
            }
        }
        if (i < ec) {
            struct line kw = keyword_of(&el[i]);
            if ((r = find_line_rule(rules, file, "-", &kw)) != NULL) {
                r->used++;
                i++;
                continue;
            }
        }
        if ((r = whole_file_rule(rules, file)) != NULL) {
            r->used++;
            break;
        }
        if (i < ec && j < ac)
            api_text_printf(report, "  %s: first difference at line %lu (ours %lu)\n"
                            "    expected: %.*s\n    actual:   %.*s\n",
                            file, (unsigned long)i + 1, (unsigned long)j + 1, (int)el[i].n,
                            el[i].p, (int)al[j].n, al[j].p);
        else if (i < ec)
            api_text_printf(report, "  %s: line %lu missing: %.*s\n", file,
                            (unsigned long)i + 1, (int)el[i].n, el[i].p);
        else
            api_text_printf(report, "  %s: extra line %lu: %.*s\n", file,
                            (unsigned long)j + 1, (int)al[j].n, al[j].p);
        result = -1;
    }
    free(el);
    free(al);
    return result;
}

void api_rules_report(const struct api_rules *rules, struct api_text *report)
{
    for (size_t i = 0; i < rules->count; i++) {
        const struct api_rule *r = &rules->items[i];
        if (r->used)
            api_text_printf(report, "  tolerated %ux %s|%s|%s|%s|%s: %s\n", r->used, r->file,
                            r->keyword, r->field, r->theirs, r->ours, r->reason);
    }
}
