/* SPDX-License-Identifier: MIT */
/*
 * Registration-free use, the way CoreCLR and SOS use a symbol reader: load the library by
 * path, ask its DllGetClassObject for the binder's class factory, and let the binder find
 * the PDB beside a module (or embedded in it) with GetReaderForFile.
 *
 *   registration_free LIBRARY MODULE
 *
 * Prints the documents, the entry point and how many methods have sequence points.
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
#define close_library(lib) FreeLibrary((HMODULE)(lib))
#else
#include <dlfcn.h>
#define load_library(path) dlopen(path, RTLD_NOW | RTLD_LOCAL)
#define find_export(lib, name) dlsym(lib, name)
#define close_library(lib) dlclose(lib)
#endif

/* UTF-16 from ASCII/UTF-8 bytes taken one by one: enough for the sample's paths. */
static WCHAR *widen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    WCHAR *w = calloc(n + 1, sizeof(WCHAR));
    for (size_t i = 0; w && i < n; i++)
        w[i] = (WCHAR)(unsigned char)s[i];
    return w;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s LIBRARY MODULE\n", argv[0]);
        return 2;
    }
    void *library = load_library(argv[1]);
    CORSYM_PFN_DllGetClassObject get_class_object =
        library ? (CORSYM_PFN_DllGetClassObject)find_export(library, "DllGetClassObject") : NULL;
    if (!get_class_object) {
        fprintf(stderr, "cannot load %s or find DllGetClassObject\n", argv[1]);
        return 1;
    }

    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    WCHAR *module = widen(argv[2]);
    HRESULT hr = get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory);
    if (SUCCEEDED(hr))
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder);
    /* No metadata importer: corsym reads the module's identity from the file itself. */
    if (SUCCEEDED(hr))
        hr = ISymUnmanagedBinder_GetReaderForFile(binder, NULL, module, NULL, &reader);
    free(module);
    if (FAILED(hr)) {
        fprintf(stderr, "no symbols for %s: 0x%08x\n", argv[2], (unsigned)hr);
        return 1;
    }

    ULONG32 count = 0;
    ISymUnmanagedReader_GetDocuments(reader, 0, &count, NULL);
    ISymUnmanagedDocument **documents = calloc(count ? count : 1, sizeof(*documents));
    if (documents && SUCCEEDED(ISymUnmanagedReader_GetDocuments(reader, count, &count, documents))) {
        for (ULONG32 i = 0; i < count; i++) {
            WCHAR url[1024];
            ULONG32 length = 0;
            if (SUCCEEDED(ISymUnmanagedDocument_GetURL(documents[i], 1024, &length, url))) {
                printf("document ");
                for (ULONG32 k = 0; k < length && url[k]; k++)
                    putchar(url[k] < 128 ? (char)url[k] : '?');
                putchar('\n');
            }
            ISymUnmanagedDocument_Release(documents[i]);
        }
    }
    free(documents);

    mdMethodDef entry = 0;
    if (SUCCEEDED(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry)))
        printf("entry point 0x%08x\n", (unsigned)entry);

    unsigned with_lines = 0;
    for (unsigned rid = 1, misses = 0; misses < 1000; rid++) {
        ISymUnmanagedMethod *method = NULL;
        ULONG32 points = 0;
        if (FAILED(ISymUnmanagedReader_GetMethod(reader, 0x06000000u | rid, &method))) {
            misses++;
            continue;
        }
        misses = 0;
        if (SUCCEEDED(ISymUnmanagedMethod_GetSequencePointCount(method, &points)) && points)
            with_lines++;
        ISymUnmanagedMethod_Release(method);
    }
    printf("%u methods with sequence points\n", with_lines);

    ISymUnmanagedReader_Release(reader);
    ISymUnmanagedBinder_Release(binder);
    IClassFactory_Release(factory);
    close_library(library);
    return 0;
}
