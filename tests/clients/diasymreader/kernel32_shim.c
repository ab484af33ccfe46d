/* SPDX-License-Identifier: MIT */
/*
 * libkernel32.so: the three kernel32 entry points Microsoft.DiaSymReader's alternative load path
 * calls (SymUnmanagedFactory.TryLoadFromAlternativePath), over dlopen/dlsym, so that the path
 * MICROSOFT_DIASYMREADER_NATIVE_ALT_LOAD_PATH works on Linux as it does on Windows.
 *
 * Why: Microsoft.DiaSymReader's default path P/Invokes CreateSymReader(Guid, IntPtr*) with the
 * assembly marked DisableRuntimeMarshalling, so the CLSID travels by value (two registers on
 * SysV x64) instead of as the pointer the export takes; the alternative path calls the export
 * through delegate* unmanaged<Guid*, IntPtr*, void> and is correct, but it loads the library
 * with kernel32's LoadLibraryW/GetProcAddress/FreeLibrary. See ../README.md.
 *
 * .NET finds this file by its name next to the test program ("kernel32" -> libkernel32.so).
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>

#define EXPORT __attribute__((visibility("default")))

/* LoadLibraryW(LPCWSTR): the path arrives as UTF-16. */
EXPORT void *LoadLibraryW(const uint16_t *path)
{
    size_t n = 0;
    while (path && path[n])
        n++;
    char *utf8 = malloc(n * 3 + 1), *o = utf8;
    if (!utf8)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t c = path[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < n && path[i + 1] >= 0xdc00 && path[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (path[++i] - 0xdc00);
        if (c < 0x80) {
            *o++ = (char)c;
        } else if (c < 0x800) {
            *o++ = (char)(0xc0 | c >> 6);
            *o++ = (char)(0x80 | (c & 0x3f));
        } else if (c < 0x10000) {
            *o++ = (char)(0xe0 | c >> 12);
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        } else {
            *o++ = (char)(0xf0 | c >> 18);
            *o++ = (char)(0x80 | ((c >> 12) & 0x3f));
            *o++ = (char)(0x80 | ((c >> 6) & 0x3f));
            *o++ = (char)(0x80 | (c & 0x3f));
        }
    }
    *o = 0;
    void *module = dlopen(utf8, RTLD_NOW | RTLD_LOCAL);
    free(utf8);
    return module;
}

/* GetProcAddress(HMODULE, LPCSTR) */
EXPORT void *GetProcAddress(void *module, const char *name) { return dlsym(module, name); }

/* FreeLibrary(HMODULE) -> BOOL */
EXPORT int FreeLibrary(void *module) { return module && dlclose(module) == 0; }
