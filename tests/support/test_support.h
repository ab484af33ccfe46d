/* SPDX-License-Identifier: MIT */
/* What COM tests share: the library loaded the way a client loads it (dlopen/LoadLibrary +
 * the exports), reference-count and QueryInterface probes, fixture paths. */
#ifndef CORSYM_TEST_SUPPORT_H
#define CORSYM_TEST_SUPPORT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmocka_compat.h"
#include "corsym/corsym.h"

typedef HRESULT (STDAPICALLTYPE *fn_DllGetClassObject)(REFCLSID, REFIID, void **);
typedef HRESULT (STDAPICALLTYPE *fn_DllCanUnloadNow)(void);
typedef HRESULT (STDAPICALLTYPE *fn_DllRegisterServer)(void);
typedef HRESULT (STDAPICALLTYPE *fn_CreateSym)(REFCLSID, void **);
typedef HRESULT (STDAPICALLTYPE *fn_CreateNGenPdbWriter)(const WCHAR *, const WCHAR *, void **);
typedef HRESULT (STDAPICALLTYPE *fn_CreateMemoryStream)(const BYTE *, ULONG, IStream **);
typedef HRESULT (STDAPICALLTYPE *fn_CreateFileStream)(const WCHAR *, DWORD, IStream **);

struct corsym_library {
    void *handle;
    fn_DllGetClassObject DllGetClassObject;
    fn_DllCanUnloadNow DllCanUnloadNow;
    fn_DllRegisterServer DllRegisterServer;
    fn_DllRegisterServer DllUnregisterServer;
    fn_CreateSym CreateSymReader;
    fn_CreateSym CreateSymWriter;
    fn_CreateNGenPdbWriter CreateNGenPdbWriter;
    fn_CreateMemoryStream CorSymCreateMemoryStream;
    fn_CreateFileStream CorSymCreateFileStream;
};

/* Loads the library under test once per process (path from CORSYM_TEST_LIBRARY, else the
 * build's); fails the test if any export is missing. */
const struct corsym_library *corsym_test_library(void);
/* Loads a library by path without failing; NULL handle when it cannot be loaded. */
int corsym_test_load_library(const char *path, struct corsym_library *out);
void *corsym_test_symbol(void *handle, const char *name);

/* Creates an object through DllGetClassObject + IClassFactory::CreateInstance. */
HRESULT corsym_test_create(REFCLSID clsid, REFIID iid, void **out);

/* The current reference count, through an AddRef/Release pair. */
ULONG corsym_test_refcount(void *iface);
#define assert_refcount(obj, expected) assert_int_equal(corsym_test_refcount(obj), (expected))

/* QI for iid must (supported) or must not succeed; a successful QI must give the same
 * IUnknown identity as the object. */
void corsym_test_check_interface(void *iface, REFIID iid, int supported, const char *file,
                                 int line);
#define check_interface(obj, iid, supported) \
    corsym_test_check_interface((obj), (iid), (supported), __FILE__, __LINE__)

/* Small UTF-16 helpers: tests spell strings in ASCII. */
WCHAR *corsym_test_wstr(const char *ascii); /* malloc'd */
int corsym_test_wstr_equal(const WCHAR *w, const char *ascii);

/* Path of a file below the repository, or of the shared corpus; malloc'd. */
char *corsym_test_source_path(const char *relative);
char *corsym_test_corpus_path(const char *relative); /* NULL when the corpus is absent */
/* Whole file into memory; NULL if absent. */
unsigned char *corsym_test_read_file(const char *path, size_t *size);

#endif
