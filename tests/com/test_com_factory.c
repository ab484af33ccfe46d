/* SPDX-License-Identifier: MIT */
/* Activation: DllGetClassObject, IClassFactory, the flat exports and DllCanUnloadNow, loaded
 * the way a registration-free client loads the library. */
#include "test_support.h"

struct class_case {
    const CLSID *clsid;
    const IID *default_iid;
};

static const struct class_case classes[] = {
    { &CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder },
    { &CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader },
    { &CLSID_CorSymWriter_SxS, &IID_ISymUnmanagedWriter },
    { &CLSID_CorSymBinder_deprecated, &IID_ISymUnmanagedBinder },
    { &CLSID_CorSymReader_deprecated, &IID_ISymUnmanagedReader },
    { &CLSID_CorSymWriter_deprecated, &IID_ISymUnmanagedWriter },
};

static void test_every_class_is_served(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
        IClassFactory *factory = (void *)(uintptr_t)0xdeadbeef;
        assert_int_equal(lib->DllGetClassObject(classes[i].clsid, &IID_IClassFactory,
                                                (void **)&factory), S_OK);
        assert_non_null(factory);
        check_interface(factory, &IID_IUnknown, 1);
        check_interface(factory, &IID_IClassFactory, 1);
        check_interface(factory, &IID_ISymUnmanagedReader, 0);

        IUnknown *object = (void *)(uintptr_t)0xdeadbeef;
        assert_int_equal(factory->lpVtbl->CreateInstance(factory, NULL, classes[i].default_iid,
                                                         (void **)&object), S_OK);
        assert_non_null(object);
        assert_refcount(object, 1);
        check_interface(object, classes[i].default_iid, 1);
        assert_int_equal(object->lpVtbl->Release(object), 0);
        factory->lpVtbl->Release(factory);
    }
}

static void test_factory_errors(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    void *out = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->DllGetClassObject(&IID_ISymUnmanagedReader, &IID_IClassFactory, &out),
                     CLASS_E_CLASSNOTAVAILABLE);
    assert_null(out);
    out = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->DllGetClassObject(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader,
                                            &out), E_NOINTERFACE);
    assert_null(out);
    assert_int_equal(lib->DllGetClassObject(&CLSID_CorSymReader_SxS, &IID_IClassFactory, NULL),
                     E_POINTER);

    IClassFactory *factory = NULL;
    assert_int_equal(lib->DllGetClassObject(&CLSID_CorSymReader_SxS, &IID_IUnknown,
                                            (void **)&factory), S_OK);
    out = (void *)(uintptr_t)0xdeadbeef;
    IUnknown *outer = (IUnknown *)factory; /* any non-NULL outer: aggregation is refused */
    assert_int_equal(factory->lpVtbl->CreateInstance(factory, outer, &IID_IUnknown, &out),
                     CLASS_E_NOAGGREGATION);
    assert_null(out);
    out = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(factory->lpVtbl->CreateInstance(factory, NULL, &IID_IClassFactory, &out),
                     E_NOINTERFACE);
    assert_null(out);
    assert_int_equal(factory->lpVtbl->CreateInstance(factory, NULL, &IID_IUnknown, NULL),
                     E_POINTER);
    factory->lpVtbl->Release(factory);
}

static void test_can_unload_tracks_objects_and_locks(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);

    ISymUnmanagedBinder *binder = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    assert_int_equal(lib->DllCanUnloadNow(), S_FALSE);
    binder->lpVtbl->Release(binder);
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);

    IClassFactory *factory = NULL;
    assert_int_equal(lib->DllGetClassObject(&CLSID_CorSymWriter_SxS, &IID_IClassFactory,
                                            (void **)&factory), S_OK);
    assert_int_equal(lib->DllCanUnloadNow(), S_FALSE);
    assert_int_equal(factory->lpVtbl->LockServer(factory, TRUE), S_OK);
    factory->lpVtbl->Release(factory);
    assert_int_equal(lib->DllCanUnloadNow(), S_FALSE); /* the lock still pins the module */
    assert_int_equal(factory->lpVtbl->LockServer(factory, FALSE), S_OK);
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);

    IStream *stream = NULL;
    assert_int_equal(lib->CorSymCreateMemoryStream(NULL, 0, &stream), S_OK);
    assert_int_equal(lib->DllCanUnloadNow(), S_FALSE);
    stream->lpVtbl->Release(stream);
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);
}

static void test_flat_exports_take_a_clsid(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    assert_non_null(lib->CreateSymReader);
    assert_non_null(lib->CreateSymWriter);
    assert_non_null(lib->CreateNGenPdbWriter);

    IUnknown *object = NULL;
    assert_int_equal(lib->CreateSymReader(&CLSID_CorSymReader_SxS, (void **)&object), S_OK);
    check_interface(object, &IID_ISymUnmanagedReader, 1);
    check_interface(object, &IID_ISymUnmanagedReader5, 1);
    object->lpVtbl->Release(object);

    assert_int_equal(lib->CreateSymWriter(&CLSID_CorSymWriter_SxS, (void **)&object), S_OK);
    check_interface(object, &IID_ISymUnmanagedWriter8, 1);
    object->lpVtbl->Release(object);

    /* As Microsoft's DLL: CreateSymReader ignores the GUID, CreateSymWriter wants a writer
     * CLSID (the deprecated one too) and answers E_UNEXPECTED to anything else. */
    assert_int_equal(lib->CreateSymReader(&IID_ISymUnmanagedWriter, (void **)&object), S_OK);
    check_interface(object, &IID_ISymUnmanagedReader, 1);
    object->lpVtbl->Release(object);
    assert_int_equal(lib->CreateSymWriter(&CLSID_CorSymWriter_deprecated, (void **)&object), S_OK);
    check_interface(object, &IID_ISymUnmanagedWriter, 1);
    object->lpVtbl->Release(object);
    object = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->CreateSymWriter(&IID_ISymUnmanagedWriter, (void **)&object),
                     E_UNEXPECTED);
    assert_null(object);
    assert_int_equal(lib->CreateSymWriter(&CLSID_CorSymReader_SxS, (void **)&object),
                     E_UNEXPECTED);
    assert_int_equal(lib->CreateSymReader(&CLSID_CorSymReader_SxS, NULL), E_POINTER);
    assert_int_equal(lib->DllCanUnloadNow(), S_OK);
}

static void test_registration_entry_points(void **state)
{
    const struct corsym_library *lib = corsym_test_library();
    assert_non_null(lib->DllRegisterServer);
    assert_non_null(lib->DllUnregisterServer);
#ifndef _WIN32
    /* No system registry here: both succeed without side effects, any number of times. */
    assert_int_equal(lib->DllRegisterServer(), S_OK);
    assert_int_equal(lib->DllUnregisterServer(), S_OK);
    assert_int_equal(lib->DllUnregisterServer(), S_OK);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_class_is_served),
        cmocka_unit_test(test_factory_errors),
        cmocka_unit_test(test_can_unload_tracks_objects_and_locks),
        cmocka_unit_test(test_flat_exports_take_a_clsid),
        cmocka_unit_test(test_registration_entry_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
