/* SPDX-License-Identifier: MIT */
#include "library.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emitter.h"
#include "file_stream.h"
#include "tree.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#include <unistd.h>
#endif

#ifndef CORSYM_LIBRARY_NAME
#ifdef _WIN32
#define CORSYM_LIBRARY_NAME "corsym.dll"
#else
#define CORSYM_LIBRARY_NAME "corsym.so"
#endif
#endif

static void *open_library(const char *path)
{
#ifdef _WIN32
    WCHAR *wide = cli_wide(path);
    /* Search the DLL's own directory for its dependencies, as the CLR does. */
    void *h = (void *)LoadLibraryExW(wide, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    free(wide);
    return h;
#else
    return dlopen(path, RTLD_NOW | RTLD_LOCAL);
#endif
}

static void *find_export(void *handle, const char *name)
{
#ifdef _WIN32
    return (void *)GetProcAddress((HMODULE)handle, name);
#else
    return dlsym(handle, name);
#endif
}

static void close_library(void *handle)
{
#ifdef _WIN32
    FreeLibrary((HMODULE)handle);
#else
    dlclose(handle);
#endif
}

static const char *load_error(void)
{
#ifdef _WIN32
    static char buf[32];
    snprintf(buf, sizeof(buf), "error %lu", (unsigned long)GetLastError());
    return buf;
#else
    const char *e = dlerror();
    return e ? e : "unknown error";
#endif
}

/* The directory of the running program, with its trailing separator. */
static char *program_dir(const char *argv0)
{
    char *path = NULL;
#ifdef _WIN32
    WCHAR buf[4096];
    DWORD n = GetModuleFileNameW(NULL, buf, 4096);
    if (n > 0 && n < 4096)
        path = cli_narrow(buf, n);
#else
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    if (n > 0) {
        buf[n] = 0;
        path = cli_xstrndup(buf, (size_t)n);
    }
#endif
    if (!path)
        path = cli_xstrndup(argv0, strlen(argv0));
    char *slash = NULL;
    for (char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            slash = p;
    if (slash)
        slash[1] = 0;
    else
        path[0] = 0;
    return path;
}

static bool try_load(struct cli_library *lib, const char *path, bool report)
{
    void *h = open_library(path);
    if (!h) {
        if (report)
            cli_error(path, 0, "cannot load the corsym library: %s", load_error());
        return false;
    }
    CORSYM_PFN_DllGetClassObject get = (CORSYM_PFN_DllGetClassObject)find_export(h, "DllGetClassObject");
    if (!get) {
        if (report)
            cli_error(path, 0, "not a corsym library (no DllGetClassObject export)");
        close_library(h);
        return false;
    }
    lib->handle = h;
    lib->get_class_object = get;
    lib->path = cli_xstrndup(path, strlen(path));
    return true;
}

bool cli_library_load(struct cli_library *lib, const char *explicit_path, const char *argv0)
{
    memset(lib, 0, sizeof(*lib));
    if (explicit_path)
        return try_load(lib, explicit_path, true);
    const char *env = getenv("CORSYM_LIBRARY");
    if (env && *env)
        return try_load(lib, env, true);
    char *dir = program_dir(argv0);
    /* An installed tree (bin/ and lib/), then the build tree or a Windows install. */
    const char *const relative[] = { "../lib/", "" };
    bool ok = false;
    for (size_t i = 0; i < 2 && !ok; i++) {
        size_t n = strlen(dir) + strlen(relative[i]) + strlen(CORSYM_LIBRARY_NAME) + 1;
        char *candidate = cli_xmalloc(n);
        snprintf(candidate, n, "%s%s%s", dir, relative[i], CORSYM_LIBRARY_NAME);
        FILE *f = fopen(candidate, "rb");
        if (f) {
            fclose(f);
            ok = try_load(lib, candidate, true);
        }
        free(candidate);
    }
    if (!ok && !lib->handle)
        cli_error(NULL, 0, "cannot find %s next to the program in %s; use --library or "
                  "CORSYM_LIBRARY", CORSYM_LIBRARY_NAME, dir[0] ? dir : "the current directory");
    free(dir);
    return ok;
}

void cli_library_unload(struct cli_library *lib)
{
    if (lib->handle)
        close_library(lib->handle);
    free(lib->path);
    memset(lib, 0, sizeof(*lib));
}

void *cli_library_export(struct cli_library *lib, const char *name)
{
    return lib->handle ? find_export(lib->handle, name) : NULL;
}

HRESULT cli_library_create(struct cli_library *lib, REFCLSID clsid, REFIID iid, void **out)
{
    IClassFactory *factory = NULL;
    *out = NULL;
    HRESULT hr = lib->get_class_object(clsid, &IID_IClassFactory, (void **)&factory);
    if (FAILED(hr))
        return hr;
    hr = IClassFactory_CreateInstance(factory, NULL, iid, out);
    IClassFactory_Release(factory);
    return hr;
}

/* The importer given, with a reference of its own, or a new one without metadata. */
static IUnknown *importer_or_stub(IUnknown *importer)
{
    if (!importer)
        return cli_emitter_new(NULL);
    IUnknown_AddRef(importer);
    return importer;
}

HRESULT cli_open_pdb(struct cli_library *lib, IUnknown *importer, const char *pdb_path,
                     ISymUnmanagedReader **out)
{
    ISymUnmanagedBinder *binder = NULL;
    *out = NULL;
    int err;
    IStream *stream = cli_file_stream_new(pdb_path, &err);
    if (!stream)
        return E_PDB_NOT_FOUND;
    HRESULT hr = cli_library_create(lib, &CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder, (void **)&binder);
    if (SUCCEEDED(hr)) {
        IUnknown *import = importer_or_stub(importer);
        hr = ISymUnmanagedBinder_GetReaderFromStream(binder, import, stream, out);
        IUnknown_Release(import);
        ISymUnmanagedBinder_Release(binder);
    }
    IStream_Release(stream);
    return hr;
}

HRESULT cli_open_for_module(struct cli_library *lib, IUnknown *importer, const char *pe_path,
                            const char *search_dir, ISymUnmanagedReader **out)
{
    ISymUnmanagedBinder2 *binder = NULL;
    *out = NULL;
    HRESULT hr = cli_library_create(lib, &CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder2, (void **)&binder);
    if (FAILED(hr))
        return hr;
    WCHAR *pe = cli_wide(pe_path), *search = search_dir ? cli_wide(search_dir) : NULL;
    /* Beside the module and the given directory only: the original build path and the
     * symbol path variables would make the answer depend on the machine. */
    IUnknown *import = importer_or_stub(importer);
    hr = ISymUnmanagedBinder2_GetReaderForFile2(binder, import, pe, search,
                                                AllowReferencePathAccess, out);
    IUnknown_Release(import);
    free(pe);
    free(search);
    ISymUnmanagedBinder2_Release(binder);
    return hr;
}

char *cli_reader_file_name(ISymUnmanagedReader *reader)
{
    ULONG32 n = 0;
    if (FAILED(ISymUnmanagedReader_GetSymbolStoreFileName(reader, 0, &n, NULL)) || n == 0)
        return NULL;
    WCHAR *buf = cli_xmalloc((n + 1) * sizeof(WCHAR));
    char *name = NULL;
    if (SUCCEEDED(ISymUnmanagedReader_GetSymbolStoreFileName(reader, n, &n, buf))) {
        size_t len = 0;
        while (len < n && buf[len])
            len++;
        name = cli_narrow(buf, len);
    }
    free(buf);
    return name;
}
