/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
/* The one translation unit of the test programs that defines the GUID objects. */
#define INITGUID
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <dlfcn.h>
#include <sys/stat.h>
#endif

void *corsym_test_symbol(void *handle, const char *name)
{
#ifdef _WIN32
    return (void *)GetProcAddress((HMODULE)handle, name);
#else
    return dlsym(handle, name);
#endif
}

int corsym_test_load_library(const char *path, struct corsym_library *lib)
{
    memset(lib, 0, sizeof(*lib));
#ifdef _WIN32
    lib->handle = (void *)LoadLibraryA(path);
#else
    lib->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
#endif
    if (!lib->handle)
        return 0;
#define RESOLVE(name) lib->name = (void *)corsym_test_symbol(lib->handle, #name)
    RESOLVE(DllGetClassObject);
    RESOLVE(DllCanUnloadNow);
    RESOLVE(DllRegisterServer);
    RESOLVE(DllUnregisterServer);
    RESOLVE(CreateSymReader);
    RESOLVE(CreateSymWriter);
    RESOLVE(CreateNGenPdbWriter);
    RESOLVE(CorSymCreateMemoryStream);
    RESOLVE(CorSymCreateFileStream);
#undef RESOLVE
    return 1;
}

const struct corsym_library *corsym_test_library(void)
{
    static struct corsym_library lib;
    static int loaded;
    if (!loaded) {
        const char *path = getenv("CORSYM_TEST_LIBRARY");
        if (!path || !*path)
            path = CORSYM_LIBRARY_PATH;
        if (!corsym_test_load_library(path, &lib)) {
            print_error("cannot load %s\n", path);
            fail();
        }
        loaded = 1;
    }
    assert_non_null(lib.DllGetClassObject);
    assert_non_null(lib.DllCanUnloadNow);
    return &lib;
}

HRESULT corsym_test_create(REFCLSID clsid, REFIID iid, void **out)
{
    const struct corsym_library *lib = corsym_test_library();
    IClassFactory *factory = NULL;
    *out = NULL;
    HRESULT hr = lib->DllGetClassObject(clsid, &IID_IClassFactory, (void **)&factory);
    if (FAILED(hr))
        return hr;
    hr = factory->lpVtbl->CreateInstance(factory, NULL, iid, out);
    factory->lpVtbl->Release(factory);
    return hr;
}

ULONG corsym_test_refcount(void *iface)
{
    IUnknown *unk = iface;
    unk->lpVtbl->AddRef(unk);
    return unk->lpVtbl->Release(unk);
}

void corsym_test_check_interface(void *iface, REFIID iid, int supported, const char *file,
                                 int line)
{
    IUnknown *unk = iface, *identity = NULL, *identity2 = NULL;
    void *out = (void *)(uintptr_t)0xdeadbeef;
    HRESULT hr = unk->lpVtbl->QueryInterface(unk, iid, &out);
    if (supported) {
        if (hr != S_OK || !out) {
            print_error("%s:%d: QueryInterface failed: %#x\n", file, line, (unsigned)hr);
            fail();
        }
        IUnknown *got = out;
        got->lpVtbl->QueryInterface(got, &IID_IUnknown, (void **)&identity);
        unk->lpVtbl->QueryInterface(unk, &IID_IUnknown, (void **)&identity2);
        if (identity != identity2) {
            print_error("%s:%d: IUnknown identity differs\n", file, line);
            fail();
        }
        identity->lpVtbl->Release(identity);
        identity2->lpVtbl->Release(identity2);
        got->lpVtbl->Release(got);
    } else {
        if (hr != E_NOINTERFACE || out != NULL) {
            print_error("%s:%d: QueryInterface should fail: %#x %p\n", file, line,
                        (unsigned)hr, out);
            fail();
        }
    }
}

WCHAR *corsym_test_wstr(const char *ascii)
{
    size_t n = strlen(ascii);
    WCHAR *w = malloc((n + 1) * sizeof(WCHAR));
    for (size_t i = 0; i <= n; i++)
        w[i] = (WCHAR)(unsigned char)ascii[i];
    return w;
}

int corsym_test_wstr_equal(const WCHAR *w, const char *ascii)
{
    size_t i = 0;
    for (; ascii[i]; i++)
        if (w[i] != (WCHAR)(unsigned char)ascii[i])
            return 0;
    return w[i] == 0;
}

static char *join(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    char *out = malloc(na + nb + 2);
    memcpy(out, a, na);
    out[na] = '/';
    memcpy(out + na + 1, b, nb + 1);
    return out;
}

char *corsym_test_source_path(const char *relative)
{
    return join(CORSYM_SOURCE_DIR, relative);
}

char *corsym_test_corpus_path(const char *relative)
{
    char *path = join(CORSYM_CORPUS_DIR, relative);
    FILE *f = fopen(path, "rb");
    if (!f) {
        free(path);
        return NULL;
    }
    fclose(f);
    return path;
}

unsigned char *corsym_test_read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
    if (data && n > 0 && fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        data = NULL;
    }
    fclose(f);
    if (data)
        *size = (size_t)n;
    return data;
}
