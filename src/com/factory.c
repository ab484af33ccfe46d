/* SPDX-License-Identifier: MIT */
/* The class table behind DllGetClassObject and the flat exports of Microsoft's DLL. */
#include "com/com_private.h"
#include "com/classes.h"

/* The factories are static: they hold no state, so their counts only pin the module. */
struct class_factory {
    IClassFactory IClassFactory_iface;
    const struct corsym_class *klass;
};

static inline struct class_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct class_factory, IClassFactory_iface);
}

static HRESULT STDMETHODCALLTYPE class_factory_QueryInterface(IClassFactory *iface,
                                                              REFIID riid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory)) {
        *ppv = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    return E_NOINTERFACE;
}

static ULONG STDMETHODCALLTYPE class_factory_AddRef(IClassFactory *iface)
{
    (void)iface;
    corsym_module_lock();
    return 2;
}

static ULONG STDMETHODCALLTYPE class_factory_Release(IClassFactory *iface)
{
    (void)iface;
    corsym_module_unlock();
    return 1;
}

static HRESULT STDMETHODCALLTYPE class_factory_CreateInstance(IClassFactory *iface,
                                                              IUnknown *outer, REFIID riid,
                                                              void **ppv)
{
    struct class_factory *factory = impl_from_IClassFactory(iface);
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!riid)
        return E_INVALIDARG;
    if (outer)
        return CLASS_E_NOAGGREGATION;
    return factory->klass->create(riid, ppv);
}

static HRESULT STDMETHODCALLTYPE class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    (void)iface;
    if (lock)
        corsym_module_lock();
    else
        corsym_module_unlock();
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl = {
    /*** IUnknown methods ***/
    class_factory_QueryInterface,
    class_factory_AddRef,
    class_factory_Release,
    /*** IClassFactory methods ***/
    class_factory_CreateInstance,
    class_factory_LockServer,
};

static struct class_factory factories[CORSYM_CLASS_COUNT];

static struct class_factory *factory_for(const CLSID *clsid)
{
    for (size_t i = 0; i < CORSYM_CLASS_COUNT; i++) {
        if (IsEqualGUID(clsid, corsym_classes[i].clsid)) {
            /* Filling the slot on every call is idempotent and race-free in effect: every
             * thread stores the same two pointers. */
            factories[i].IClassFactory_iface.lpVtbl = &class_factory_vtbl;
            factories[i].klass = &corsym_classes[i];
            return &factories[i];
        }
    }
    return NULL;
}

CORSYM_API HRESULT STDAPICALLTYPE DllGetClassObject(REFCLSID rclsid, REFIID riid, LPVOID *ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!rclsid || !riid)
        return E_INVALIDARG;
    struct class_factory *factory = factory_for(rclsid);
    if (!factory)
        return CLASS_E_CLASSNOTAVAILABLE;
    return class_factory_QueryInterface(&factory->IClassFactory_iface, riid, ppv);
}

/* Microsoft's DLL, observed under Wine (tests/wine/probe_classes.c): CreateSymReader ignores
 * its GUID and always makes a reader; CreateSymWriter makes a writer for either writer
 * CLSID and answers E_UNEXPECTED to anything else. Both hand back the default interface. */
CORSYM_API HRESULT STDAPICALLTYPE CreateSymReader(REFCLSID clsid, void **ppv)
{
    (void)clsid;
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    return corsym_reader_create(&IID_ISymUnmanagedReader, ppv);
}

CORSYM_API HRESULT STDAPICALLTYPE CreateSymWriter(REFCLSID clsid, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL; /* Microsoft's leaves it untouched on failure; NULL is the safer answer */
    if (!clsid)
        return E_INVALIDARG;
    for (size_t i = 0; i < CORSYM_CLASS_COUNT; i++) {
        if (corsym_classes[i].kind == CORSYM_CLASS_WRITER &&
            IsEqualGUID(clsid, corsym_classes[i].clsid))
            return corsym_classes[i].create(&IID_ISymUnmanagedWriter, ppv);
    }
    return E_UNEXPECTED;
}

CORSYM_API HRESULT STDAPICALLTYPE CreateNGenPdbWriter(const WCHAR *image_path,
                                                       const WCHAR *pdb_path, void **ppv)
{
    CORSYM_CHECK_OUT(ppv);
    *ppv = NULL;
    if (!image_path || !pdb_path)
        return E_INVALIDARG;
    return corsym_ngen_writer_create(image_path, pdb_path, &IID_ISymNGenWriter2, ppv);
}

CORSYM_API HRESULT STDAPICALLTYPE CorSymCreateMemoryStream(const BYTE *data, ULONG size,
                                                            IStream **stream)
{
    return corsym_memory_stream_create(data, size, stream);
}

CORSYM_API HRESULT STDAPICALLTYPE CorSymCreateFileStream(const WCHAR *path, DWORD mode,
                                                          IStream **stream)
{
    return corsym_file_stream_create(path, mode, stream);
}
