/* SPDX-License-Identifier: MIT */
/* Prints, for a symbol-store DLL given by path, which interfaces each coclass answers and
 * how its exports behave, as plain text. Run over Microsoft's DLL and over ours, the two
 * outputs must be identical (tests/wine/expected/ holds Microsoft's, made by
 * scripts/ms-golden.sh). Only calls whose results do not depend on a PDB are made here. */
#define INITGUID
#include <stdio.h>
#include <windows.h>
#include "corsym/corsym.h"

struct named_iid { const char *name; const IID *iid; };

#define IID_ENTRY(x) { #x, &IID_##x }
static const struct named_iid iids[] = {
    IID_ENTRY(IUnknown), IID_ENTRY(IClassFactory), IID_ENTRY(IStream),
    IID_ENTRY(ISymUnmanagedBinder), IID_ENTRY(ISymUnmanagedBinder2),
    IID_ENTRY(ISymUnmanagedBinder3), IID_ENTRY(ISymUnmanagedBinder4),
    IID_ENTRY(ISymUnmanagedReader), IID_ENTRY(ISymUnmanagedReader2),
    IID_ENTRY(ISymUnmanagedReader3), IID_ENTRY(ISymUnmanagedReader4),
    IID_ENTRY(ISymUnmanagedReader5), IID_ENTRY(ISymUnmanagedDispose),
    IID_ENTRY(ISymUnmanagedENCUpdate), IID_ENTRY(ISymUnmanagedSourceServerModule),
    IID_ENTRY(ISymUnmanagedReaderSymbolSearchInfo), IID_ENTRY(ISymUnmanagedCompilerInfoReader),
    IID_ENTRY(ISymUnmanagedWriter), IID_ENTRY(ISymUnmanagedWriter2),
    IID_ENTRY(ISymUnmanagedWriter3), IID_ENTRY(ISymUnmanagedWriter4),
    IID_ENTRY(ISymUnmanagedWriter5), IID_ENTRY(ISymUnmanagedWriter6),
    IID_ENTRY(ISymUnmanagedWriter7), IID_ENTRY(ISymUnmanagedWriter8),
    IID_ENTRY(IPdbWriter), IID_ENTRY(ISymUnmanagedAsyncMethodPropertiesWriter),
    IID_ENTRY(ISymUnmanagedCompilerInfoWriter), IID_ENTRY(ISymNGenWriter),
    IID_ENTRY(ISymNGenWriter2), IID_ENTRY(ISymUnmanagedDocument),
    IID_ENTRY(ISymUnmanagedMethod),
};

struct named_clsid { const char *name; const CLSID *clsid; };
static const struct named_clsid clsids[] = {
    { "CorSymBinder_SxS", &CLSID_CorSymBinder_SxS },
    { "CorSymReader_SxS", &CLSID_CorSymReader_SxS },
    { "CorSymWriter_SxS", &CLSID_CorSymWriter_SxS },
    { "CorSymBinder_deprecated", &CLSID_CorSymBinder_deprecated },
    { "CorSymReader_deprecated", &CLSID_CorSymReader_deprecated },
    { "CorSymWriter_deprecated", &CLSID_CorSymWriter_deprecated },
};

typedef HRESULT (WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);
typedef HRESULT (WINAPI *create_fn)(REFCLSID, void **);

static void probe_object(IUnknown *object)
{
    for (size_t i = 0; i < sizeof(iids) / sizeof(iids[0]); i++) {
        void *out = NULL;
        HRESULT hr = object->lpVtbl->QueryInterface(object, iids[i].iid, &out);
        printf("  QI %-45s %s\n", iids[i].name, hr == S_OK ? "yes" : "no");
        if (hr == S_OK)
            ((IUnknown *)out)->lpVtbl->Release((IUnknown *)out);
    }
    object->lpVtbl->AddRef(object);
    printf("  refcount after create: %lu\n", (unsigned long)object->lpVtbl->Release(object));
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: probe_classes DLL\n");
        return 2;
    }
    HMODULE dll = LoadLibraryA(argv[1]);
    if (!dll) {
        fprintf(stderr, "cannot load %s: %lu\n", argv[1], (unsigned long)GetLastError());
        return 2;
    }
    get_class_object_fn get_class_object = (get_class_object_fn)(void *)GetProcAddress(dll, "DllGetClassObject");
    create_fn create_reader = (create_fn)(void *)GetProcAddress(dll, "CreateSymReader");
    create_fn create_writer = (create_fn)(void *)GetProcAddress(dll, "CreateSymWriter");
    if (!get_class_object || !create_reader || !create_writer) {
        fprintf(stderr, "missing exports\n");
        return 2;
    }
    for (size_t c = 0; c < sizeof(clsids) / sizeof(clsids[0]); c++) {
        IClassFactory *factory = NULL;
        HRESULT hr = get_class_object(clsids[c].clsid, &IID_IClassFactory, (void **)&factory);
        printf("class %s: DllGetClassObject %#lx\n", clsids[c].name, (unsigned long)hr);
        if (FAILED(hr))
            continue;
        IUnknown *object = NULL;
        hr = factory->lpVtbl->CreateInstance(factory, NULL, &IID_IUnknown, (void **)&object);
        printf("  CreateInstance(IUnknown) %#lx\n", (unsigned long)hr);
        if (SUCCEEDED(hr)) {
            probe_object(object);
            object->lpVtbl->Release(object);
        }
        factory->lpVtbl->Release(factory);
    }
    void *out = NULL;
    HRESULT hr = get_class_object(&IID_ISymUnmanagedReader, &IID_IClassFactory, &out);
    printf("DllGetClassObject(unknown clsid) %#lx\n", (unsigned long)hr);
    /* Which GUIDs the flat exports accept, and what they hand back. */
    static const struct named_iid guids[] = {
        { "CLSID_CorSymReader_SxS", &CLSID_CorSymReader_SxS },
        { "CLSID_CorSymWriter_SxS", &CLSID_CorSymWriter_SxS },
        { "CLSID_CorSymBinder_SxS", &CLSID_CorSymBinder_SxS },
        { "CLSID_CorSymReader_deprecated", &CLSID_CorSymReader_deprecated },
        { "CLSID_CorSymWriter_deprecated", &CLSID_CorSymWriter_deprecated },
        { "IID_IUnknown", &IID_IUnknown },
        { "IID_ISymUnmanagedReader", &IID_ISymUnmanagedReader },
        { "IID_ISymUnmanagedReader5", &IID_ISymUnmanagedReader5 },
        { "IID_ISymUnmanagedWriter", &IID_ISymUnmanagedWriter },
        { "IID_ISymUnmanagedWriter8", &IID_ISymUnmanagedWriter8 },
    };
    for (int which = 0; which < 2; which++) {
        for (size_t g = 0; g < sizeof(guids) / sizeof(guids[0]); g++) {
            out = (void *)(ULONG_PTR)0xdeadbeef;
            hr = (which ? create_writer : create_reader)(guids[g].iid, &out);
            printf("%s(%s) %#lx", which ? "CreateSymWriter" : "CreateSymReader", guids[g].name,
                   (unsigned long)hr);
            if (SUCCEEDED(hr) && out) {
                IUnknown *unk = out;
                void *probe = NULL;
                const IID *kind = which ? &IID_ISymUnmanagedWriter : &IID_ISymUnmanagedReader;
                HRESULT qi = unk->lpVtbl->QueryInterface(unk, kind, &probe);
                printf(" -> %s %s", which ? "writer" : "reader", qi == S_OK ? "yes" : "no");
                if (qi == S_OK)
                    ((IUnknown *)probe)->lpVtbl->Release((IUnknown *)probe);
                unk->lpVtbl->Release(unk);
            } else {
                printf(" -> %s", out == NULL ? "NULL" : "untouched");
            }
            printf("\n");
        }
    }
    return 0;
}
