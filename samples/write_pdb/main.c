/* SPDX-License-Identifier: MIT */
/*
 * A compiler's view: write symbols for one method through ISymUnmanagedWriter, once as a
 * Portable PDB (corsym's CLSID_CorSymWriter_Portable) and once as a Windows PDB
 * (CLSID_CorSymWriter_SxS, what Microsoft's DLL writes), then read each back.
 *
 *   write_pdb LIBRARY OUTPUT-DIRECTORY
 */
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static WCHAR *wide(const char *s)
{
    size_t n = strlen(s);
    WCHAR *w = malloc((n + 1) * sizeof(WCHAR));
    for (size_t i = 0; i <= n; i++)
        w[i] = (WCHAR)(unsigned char)s[i];
    return w;
}

#define CHECK(call)                                                                           \
    do {                                                                                      \
        HRESULT hr_ = (call);                                                                 \
        if (FAILED(hr_)) {                                                                    \
            fprintf(stderr, "%s failed: 0x%08x\n", #call, (unsigned)hr_);                     \
            exit(1);                                                                          \
        }                                                                                     \
    } while (0)

/* What a compiler says about `static int Main() { int total = 42; return total; }`. */
static void write_symbols(CORSYM_PFN_CreateSymWriter create, const CLSID *clsid, const char *path)
{
    ISymUnmanagedWriter5 *writer = NULL;
    ISymUnmanagedDocumentWriter *document = NULL;
    WCHAR *wpath = wide(path), *url = wide("/src/Program.cs"), *name = wide("total");
    ULONG32 scope = 0;
    ULONG32 offsets[2] = { 0, 3 }, lines[2] = { 3, 4 }, columns[2] = { 5, 9 };
    ULONG32 end_lines[2] = { 3, 4 }, end_columns[2] = { 6, 22 };

    CHECK(create(clsid, (void **)&writer));
    CHECK(ISymUnmanagedWriter5_Initialize(writer, NULL, wpath, NULL, TRUE));
    CHECK(ISymUnmanagedWriter5_DefineDocument(writer, url, &CorSym_LanguageType_CSharp,
                                              &CorSym_LanguageVendor_Microsoft,
                                              &CorSym_DocumentType_Text, &document));
    CHECK(ISymUnmanagedWriter5_SetUserEntryPoint(writer, 0x06000001));
    CHECK(ISymUnmanagedWriter5_OpenMethod(writer, 0x06000001));
    CHECK(ISymUnmanagedWriter5_OpenScope(writer, 0, &scope));
    CHECK(ISymUnmanagedWriter5_DefineSequencePoints(writer, document, 2, offsets, lines, columns,
                                                    end_lines, end_columns));
    CHECK(ISymUnmanagedWriter5_DefineLocalVariable2(writer, name, 0, 0x11000001, 1, 0, 0, 0, 0, 8));
    CHECK(ISymUnmanagedWriter5_CloseScope(writer, 8));
    CHECK(ISymUnmanagedWriter5_CloseMethod(writer));
    CHECK(ISymUnmanagedWriter5_Close(writer)); /* the PDB appears at `path`, whole or not at all */
    ISymUnmanagedDocumentWriter_Release(document);
    ISymUnmanagedWriter5_Release(writer);
    free(wpath);
    free(url);
    free(name);
}

static void read_back(CORSYM_PFN_CreateSymReader create, const char *path)
{
    ISymUnmanagedReader *reader = NULL;
    ISymUnmanagedMethod *method = NULL;
    WCHAR *wpath = wide(path);
    ULONG32 count = 0, offsets[4], lines[4];
    CHECK(create(&CLSID_CorSymReader_SxS, (void **)&reader));
    CHECK(ISymUnmanagedReader_Initialize(reader, NULL, wpath, NULL, NULL));
    CHECK(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method));
    CHECK(ISymUnmanagedMethod_GetSequencePoints(method, 4, &count, offsets, NULL, lines, NULL,
                                                NULL, NULL));
    printf("%s: method 0x06000001 has %u sequence points:", path, (unsigned)count);
    for (ULONG32 i = 0; i < count; i++)
        printf(" IL_%04x line %u;", (unsigned)offsets[i], (unsigned)lines[i]);
    printf("\n");
    ISymUnmanagedMethod_Release(method);
    ISymUnmanagedReader_Release(reader);
    free(wpath);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s LIBRARY OUTPUT-DIRECTORY\n", argv[0]);
        return 2;
    }
    void *library = load_library(argv[1]);
    CORSYM_PFN_CreateSymWriter create_writer =
        library ? (CORSYM_PFN_CreateSymWriter)find_export(library, "CreateSymWriter") : NULL;
    CORSYM_PFN_CreateSymReader create_reader =
        library ? (CORSYM_PFN_CreateSymReader)find_export(library, "CreateSymReader") : NULL;
    if (!create_writer || !create_reader) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 1;
    }
    char portable[1024], windows[1024];
    snprintf(portable, sizeof portable, "%s/sample-portable.pdb", argv[2]);
    snprintf(windows, sizeof windows, "%s/sample-windows.pdb", argv[2]);
    write_symbols(create_writer, &CLSID_CorSymWriter_Portable, portable);
    write_symbols(create_writer, &CLSID_CorSymWriter_SxS, windows);
    read_back(create_reader, portable);
    read_back(create_reader, windows);
    return 0;
}
