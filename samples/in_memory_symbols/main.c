/* SPDX-License-Identifier: MIT */
/*
 * The profiler flow: a profiler holds the bytes of a module's symbols (for instance from
 * ICorProfilerInfo7::ReadInMemorySymbols), wraps them in corsym's memory IStream, asks the
 * binder for a reader and prints the sequence points of every method that has any.
 *
 *   in_memory_symbols LIBRARY PDB [METHOD-TOKEN]
 *
 * LIBRARY is corsym's shared library (corsym.so / corsym.dll), loaded the way the CLR loads
 * a symbol reader: by path, then DllGetClassObject. No registration is needed.
 */
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <stdlib.h>

#include "corsym/corsym.h"

#ifdef _WIN32
#include <windows.h>
#define load_library(path) ((void *)LoadLibraryA(path))
#define find_export(lib, name) ((void *)GetProcAddress((HMODULE)(lib), name))
#else
#include <dlfcn.h>
#define load_library(path) dlopen(path, RTLD_NOW | RTLD_LOCAL)
#define find_export(lib, name) dlsym(lib, name)
#endif

typedef HRESULT (STDAPICALLTYPE *create_memory_stream_fn)(const BYTE *, ULONG, IStream **);

static unsigned char *read_file(const char *path, ULONG *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = n > 0 ? malloc((size_t)n) : NULL;
    if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = (ULONG)n;
    return data;
}

static void print_url(ISymUnmanagedDocument *document)
{
    ULONG32 length = 0;
    ISymUnmanagedDocument_GetURL(document, 0, &length, NULL);
    WCHAR *url = calloc(length + 1, sizeof(WCHAR));
    if (url && SUCCEEDED(ISymUnmanagedDocument_GetURL(document, length, &length, url)))
        for (WCHAR *c = url; *c; c++)
            putchar(*c < 128 ? (char)*c : '?'); /* keep the sample free of locale code */
    free(url);
}

static void print_method(ISymUnmanagedMethod *method)
{
    mdMethodDef token = 0;
    ULONG32 count = 0;
    ISymUnmanagedMethod_GetToken(method, &token);
    ISymUnmanagedMethod_GetSequencePoints(method, 0, &count, NULL, NULL, NULL, NULL, NULL, NULL);
    if (count == 0)
        return;
    ULONG32 *offsets = calloc(count, sizeof(ULONG32)), *lines = calloc(count, sizeof(ULONG32));
    ULONG32 *columns = calloc(count, sizeof(ULONG32)), *end_lines = calloc(count, sizeof(ULONG32));
    ULONG32 *end_columns = calloc(count, sizeof(ULONG32));
    ISymUnmanagedDocument **documents = calloc(count, sizeof(*documents));
    if (SUCCEEDED(ISymUnmanagedMethod_GetSequencePoints(method, count, &count, offsets, documents,
                                                        lines, columns, end_lines, end_columns))) {
        printf("method 0x%08x\n", (unsigned)token);
        for (ULONG32 i = 0; i < count; i++) {
            printf("  IL_%04x ", (unsigned)offsets[i]);
            if (lines[i] == 0xFEEFEE)
                printf("hidden");
            else
                printf("%u:%u-%u:%u ", (unsigned)lines[i], (unsigned)columns[i],
                       (unsigned)end_lines[i], (unsigned)end_columns[i]);
            if (lines[i] != 0xFEEFEE)
                print_url(documents[i]);
            putchar('\n');
            ISymUnmanagedDocument_Release(documents[i]);
        }
    }
    free(offsets); free(lines); free(columns); free(end_lines); free(end_columns); free(documents);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY PDB [METHOD-TOKEN]\n", argv[0]);
        return 2;
    }
    void *library = load_library(argv[1]);
    if (!library) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    CORSYM_PFN_DllGetClassObject get_class_object =
        (CORSYM_PFN_DllGetClassObject)find_export(library, "DllGetClassObject");
    create_memory_stream_fn create_memory_stream =
        (create_memory_stream_fn)find_export(library, "CorSymCreateMemoryStream");
    ULONG size = 0;
    unsigned char *bytes = read_file(argv[2], &size);
    if (!get_class_object || !create_memory_stream || !bytes) {
        fprintf(stderr, "missing exports or unreadable %s\n", argv[2]);
        return 1;
    }

    /* The bytes a profiler would get from ReadInMemorySymbols. */
    IStream *stream = NULL;
    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    HRESULT hr = create_memory_stream(bytes, size, &stream);
    free(bytes); /* the stream keeps its own copy */
    if (SUCCEEDED(hr))
        hr = get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory);
    if (SUCCEEDED(hr))
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder);
    if (SUCCEEDED(hr))
        hr = ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader);
    if (FAILED(hr)) {
        fprintf(stderr, "cannot read symbols: 0x%08x\n", (unsigned)hr);
        return 1;
    }

    unsigned long only = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;
    /* Method tokens are 0x06000001 upwards; stop after a long run without symbols. */
    for (unsigned rid = 1, misses = 0; misses < 1000; rid++) {
        mdMethodDef token = 0x06000000u | rid;
        if (only && token != only)
            continue;
        ISymUnmanagedMethod *method = NULL;
        if (FAILED(ISymUnmanagedReader_GetMethod(reader, token, &method))) {
            misses++;
            if (only)
                break;
            continue;
        }
        misses = 0;
        print_method(method);
        ISymUnmanagedMethod_Release(method);
        if (only)
            break;
    }

    ISymUnmanagedReader_Release(reader);
    ISymUnmanagedBinder_Release(binder);
    IClassFactory_Release(factory);
    IStream_Release(stream);
    return 0;
}
