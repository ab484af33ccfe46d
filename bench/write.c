/* SPDX-License-Identifier: MIT */
/*
 * bench/write: writes a large Portable PDB through corsym's ISymUnmanagedWriter8
 * (CLSID_CorSymWriter_Portable), the public COM API only (dlopen + DllGetClassObject +
 * CorSymCreateMemoryStream), as a compiler would; bench/srmwrite builds the same content
 * with System.Reflection.Metadata's MetadataBuilder + PortablePdbBuilder.
 *
 *   write LIBRARY [--methods N] [--reps N] [--out PDB] [--md2]
 *
 * The content (the same in bench/srmwrite/Program.cs; change both together):
 *   10 documents "C:\bench\src\FileD.cs", C#, SHA-256 checksum byte k = (31 D + k) & 0xFF;
 *   methods 0x06000001.. N; method i (from 0) in document i % 10 with a 30-byte body:
 *     10 sequence points at IL 3k (k = 0..9), the sixth (k = 5) hidden, the others on line
 *     1 + 12 (i / 10) + k, columns 9 to 19 + k % 7;
 *     an outer scope [0, 30) with the using "System", local "count" (slot 0), the constant
 *     "Limit" (int32 i, signature 0x08), and an inner scope [6, 21) with local "item"
 *     (slot 1); both locals name the StandAloneSig 0x11000000 + i + 1.
 *
 * --md2 adds what a C# compiler gives a Windows PDB writer, as `corsym convert` replays it: an
 * "MD2" attribute on every method, method 1's with its using group and every other one's
 * forwarding to method 1 (not in bench/srmwrite: a Portable compiler has no such records).
 *
 * Timed (best of N, CLOCK_MONOTONIC): from creating the writer to Close returning, with the
 * image in a memory stream; once with Initialize (random id) and once with
 * InitializeDeterministic (SHA-256 content id). --out writes the last deterministic image,
 * outside the timing, for run.sh to check with the S.R.M walker. write_first_ms is the
 * process's first write (bench/srmwrite prints its own, JIT included). Output: `key value`
 * lines.
 */
#define COBJMACROS
#define INITGUID
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "corsym/corsym.h"

#define BENCH_NAME "write"
#include "bench_util.h"

static CORSYM_PFN_DllGetClassObject get_class_object;
static create_memory_stream_fn create_memory_stream;

#define DOCUMENTS 10
#define POINTS 10

/* ASCII only: every name here is. */
static void widen(const char *s, WCHAR *out)
{
    while ((*out++ = (WCHAR)(unsigned char)*s++) != 0) {
    }
}

static const GUID lang_csharp = { 0x3f5162f8, 0x07c6, 0x11d3, { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID vendor_ms = { 0x994b45c4, 0xe6e9, 0x11d2, { 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID doctype_text = { 0x5a869d0b, 0x6611, 0x11d3, { 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd } };
static const GUID sha256_alg = { 0x8829d00f, 0x11b8, 0x4213, { 0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16 } };

/* The calls a compiler makes for the content described above; the image ends up in *out. */
static int with_md2;

static void write_pdb(uint32_t methods, int deterministic, IStream **out)
{
    IClassFactory *factory = NULL;
    ISymUnmanagedWriter8 *w = NULL;
    IStream *stream = NULL;
    CHECK(get_class_object(&CLSID_CorSymWriter_Portable, &IID_IClassFactory, (void **)&factory));
    CHECK(IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedWriter8, (void **)&w));
    IClassFactory_Release(factory);
    CHECK(create_memory_stream(NULL, 0, &stream));
    if (deterministic)
        CHECK(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)stream));
    else
        CHECK(ISymUnmanagedWriter8_Initialize(w, NULL, NULL, stream, TRUE));

    ISymUnmanagedDocumentWriter *docs[DOCUMENTS];
    for (int d = 0; d < DOCUMENTS; d++) {
        char url[64];
        WCHAR wurl[64];
        BYTE hash[32];
        snprintf(url, sizeof(url), "C:\\bench\\src\\File%d.cs", d);
        widen(url, wurl);
        for (int k = 0; k < 32; k++)
            hash[k] = (BYTE)((31 * d + k) & 0xFF);
        CHECK(ISymUnmanagedWriter8_DefineDocument(w, wurl, &lang_csharp, &vendor_ms,
                                                  &doctype_text, &docs[d]));
        CHECK(ISymUnmanagedDocumentWriter_SetCheckSum(docs[d], sha256_alg, sizeof(hash), hash));
    }

    WCHAR count_name[8], item_name[8], limit_name[8], system_name[16];
    widen("count", count_name);
    widen("item", item_name);
    widen("Limit", limit_name);
    widen(with_md2 ? "USystem" : "System", system_name); /* C#'s spelling beside its MD2 */
    static BYTE sig_i4[] = { 0x08 };
    ULONG32 offsets[POINTS], lines[POINTS], columns[POINTS], end_lines[POINTS], end_columns[POINTS];
    for (uint32_t i = 0; i < methods; i++) {
        for (int k = 0; k < POINTS; k++) {
            offsets[k] = 3u * (ULONG32)k;
            if (k == 5) {
                lines[k] = end_lines[k] = 0xFEEFEE;
                columns[k] = end_columns[k] = 0;
            } else {
                lines[k] = end_lines[k] = 1 + 12 * (i / 10) + (ULONG32)k;
                columns[k] = 9;
                end_columns[k] = 19 + (ULONG32)(k % 7);
            }
        }
        ULONG32 sig = 0x11000000u + i + 1, outer = 0, inner = 0;
        CHECK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000000u + i + 1));
        CHECK(ISymUnmanagedWriter8_DefineSequencePoints(w, docs[i % DOCUMENTS], POINTS, offsets,
                                                        lines, columns, end_lines, end_columns));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 0, &outer));
        CHECK(ISymUnmanagedWriter8_UsingNamespace(w, system_name));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, count_name, 0, sig, 1, 0, 0, 0, 0, 0));
        VARIANT v;
        memset(&v, 0, sizeof(v));
        V_VT(&v) = VT_I4;
        V_I4(&v) = (LONG)i;
        CHECK(ISymUnmanagedWriter8_DefineConstant(w, limit_name, v, 1, sig_i4));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 6, &inner));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, item_name, 0, sig, 1, 1, 0, 0, 0, 0));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, 21));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, 30));
        if (with_md2) {
            static const WCHAR md2[] = { 'M', 'D', '2', 0 };
            static BYTE groups[] = { 4, 1, 0, 0, 4, 0, 0, 0, 12, 0, 0, 0, 1, 0, 1, 0 };
            static BYTE forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
            CHECK(ISymUnmanagedWriter8_SetSymAttribute(w, 0x06000000u + i + 1, md2, 16,
                                                       i ? forward : groups));
        }
        CHECK(ISymUnmanagedWriter8_CloseMethod(w));
    }
    CHECK(ISymUnmanagedWriter8_Close(w));
    for (int d = 0; d < DOCUMENTS; d++)
        ISymUnmanagedDocumentWriter_Release(docs[d]);
    ISymUnmanagedWriter8_Release(w);
    *out = stream;
}

static unsigned char *stream_bytes(IStream *s, ULONG *size)
{
    STATSTG st;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    CHECK(IStream_Stat(s, &st, STATFLAG_NONAME));
    *size = (ULONG)st.cbSize.QuadPart;
    unsigned char *p = malloc(*size ? *size : 1);
    if (!p)
        die("malloc", E_OUTOFMEMORY);
    ULONG got = 0;
    CHECK(IStream_Seek(s, zero, STREAM_SEEK_SET, NULL));
    CHECK(IStream_Read(s, p, *size, &got));
    if (got != *size)
        die("IStream_Read (short)", E_FAIL);
    return p;
}

static void usage(const char *argv0)
{
    fprintf(stderr, "usage: %s LIBRARY [--methods N] [--reps N] [--out PDB] [--md2]\n", argv0);
    exit(2);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        usage(argv[0]);
    const char *library_path = argv[1], *out_path = NULL;
    long methods = 50000;
    int reps = 5;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--methods") && i + 1 < argc)
            methods = strtol(argv[++i], NULL, 0);
        else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
            reps = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--out") && i + 1 < argc)
            out_path = argv[++i];
        else if (!strcmp(argv[i], "--md2"))
            with_md2 = 1;
        else
            usage(argv[0]);
    }
    if (reps < 1 || methods < 1 || methods > 0xFFFFFF)
        usage(argv[0]);

    void *library = load_library(library_path);
    if (!library) {
        fprintf(stderr, "write: cannot load %s\n", library_path);
        return 1;
    }
    get_class_object = (CORSYM_PFN_DllGetClassObject)find_export(library, "DllGetClassObject");
    create_memory_stream = (create_memory_stream_fn)find_export(library, "CorSymCreateMemoryStream");
    if (!get_class_object || !create_memory_stream) {
        fprintf(stderr, "write: %s lacks DllGetClassObject or CorSymCreateMemoryStream\n",
                library_path);
        return 1;
    }
    long rss_start = peak_rss_kb();

    printf("writer corsym\n");
    printf("methods %ld\n", methods);
    printf("reps %d\n", reps);
    printf("md2 %d\n", with_md2);
    static const char *const modes[2] = { "write", "write_deterministic" };
    double first = -1; /* the process's first write: what a one-shot compiler pays */
    for (int mode = 0; mode < 2; mode++) {
        double best = 1e30, total = 0;
        ULONG size = 0;
        for (int r = 0; r < reps; r++) {
            IStream *s = NULL;
            double t0 = now_seconds();
            write_pdb((uint32_t)methods, mode, &s);
            double t = now_seconds() - t0;
            if (first < 0)
                first = t;
            best = t < best ? t : best;
            total += t;
            unsigned char *bytes = stream_bytes(s, &size);
            if (mode == 1 && r == reps - 1 && out_path) {
                FILE *f = fopen(out_path, "wb");
                if (!f || fwrite(bytes, 1, size, f) != size || fclose(f) != 0) {
                    fprintf(stderr, "write: cannot write %s\n", out_path);
                    return 1;
                }
            }
            free(bytes);
            IStream_Release(s);
        }
        printf("%s_ms %.3f\n", modes[mode], best * 1e3);
        printf("%s_mean_ms %.3f\n", modes[mode], total / reps * 1e3);
        printf("%s_ns_per_method %.1f\n", modes[mode], best * 1e9 / (double)methods);
        printf("%s_pdb_bytes %lu\n", modes[mode], (unsigned long)size);
    }
    printf("write_first_ms %.3f\n", first * 1e3);
    printf("rss_start_kb %ld\n", rss_start);
    printf("peak_rss_kb %ld\n", peak_rss_kb());
    return 0;
}
