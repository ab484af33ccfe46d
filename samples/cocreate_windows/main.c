/* SPDX-License-Identifier: MIT */
/*
 * Classic COM activation on Windows: after `regsvr32 corsym.dll`, any program creates the
 * symbol store through the COM runtime, with no path to the DLL.
 *
 *   cocreate_windows PDB
 */
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "corsym/corsym.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PDB\n", argv[0]);
        return 2;
    }
    HRESULT hr = CoInitializeEx(NULL, COINIT_MULTITHREADED);
    if (FAILED(hr))
        return 1;
    ISymUnmanagedBinder *binder = NULL;
    hr = CoCreateInstance(&CLSID_CorSymBinder_SxS, NULL, CLSCTX_INPROC_SERVER,
                          &IID_ISymUnmanagedBinder, (void **)&binder);
    if (FAILED(hr)) {
        fprintf(stderr, "CoCreateInstance: 0x%08lx (is corsym.dll registered?)\n", hr);
        CoUninitialize();
        return 1;
    }
    /* The binder's reader for a PDB file: GetReaderFromPdbFile (Binder4) needs no PE. */
    ISymUnmanagedBinder4 *binder4 = NULL;
    ISymUnmanagedReader *reader = NULL;
    WCHAR path[MAX_PATH];
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, path, MAX_PATH);
    hr = ISymUnmanagedBinder_QueryInterface(binder, &IID_ISymUnmanagedBinder4, (void **)&binder4);
    if (SUCCEEDED(hr))
        hr = ISymUnmanagedBinder4_GetReaderFromPdbFile(binder4, NULL, path, &reader);
    if (SUCCEEDED(hr)) {
        ULONG32 documents = 0;
        mdMethodDef entry = 0;
        ISymUnmanagedReader_GetDocuments(reader, 0, &documents, NULL);
        ISymUnmanagedReader_GetUserEntryPoint(reader, &entry);
        printf("%s: %u documents, entry point 0x%08x\n", argv[1], (unsigned)documents,
               (unsigned)entry);
        ISymUnmanagedReader_Release(reader);
    } else {
        fprintf(stderr, "cannot read %s: 0x%08lx\n", argv[1], hr);
    }
    if (binder4)
        ISymUnmanagedBinder4_Release(binder4);
    ISymUnmanagedBinder_Release(binder);
    CoUninitialize();
    return FAILED(hr) ? 1 : 0;
}
