/* SPDX-License-Identifier: MIT */
/* QueryInterface rules for every class: which interfaces each answers, one IUnknown
 * identity, reflexive/symmetric/transitive answers, E_NOINTERFACE with *ppv = NULL, and
 * reference counts that start at 1 and end at 0. */
#include "test_support.h"

struct qi_case {
    const CLSID *clsid;
    const IID *const *supported;
};

static const IID *const binder_iids[] = {
    &IID_IUnknown, &IID_ISymUnmanagedBinder, &IID_ISymUnmanagedBinder2,
    &IID_ISymUnmanagedBinder3, &IID_ISymUnmanagedBinder4, NULL,
};
static const IID *const reader_iids[] = {
    &IID_IUnknown, &IID_ISymUnmanagedReader, &IID_ISymUnmanagedReader2,
    &IID_ISymUnmanagedReader3, &IID_ISymUnmanagedReader4, &IID_ISymUnmanagedReader5,
    &IID_ISymUnmanagedDispose, &IID_ISymUnmanagedENCUpdate,
    &IID_ISymUnmanagedSourceServerModule, &IID_ISymUnmanagedReaderSymbolSearchInfo,
    &IID_ISymUnmanagedCompilerInfoReader, NULL,
};
static const IID *const writer_iids[] = {
    &IID_IUnknown, &IID_ISymUnmanagedWriter, &IID_ISymUnmanagedWriter2,
    &IID_ISymUnmanagedWriter3, &IID_ISymUnmanagedWriter4, &IID_ISymUnmanagedWriter5,
    &IID_ISymUnmanagedWriter6, &IID_ISymUnmanagedWriter7, &IID_ISymUnmanagedWriter8,
    &IID_IPdbWriter, &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
    &IID_ISymUnmanagedCompilerInfoWriter, NULL,
};

/* Everything any class answers, to check that each answers only its own. */
static const IID *const all_iids[] = {
    &IID_IUnknown, &IID_IClassFactory, &IID_IStream, &IID_ISequentialStream,
    &IID_ISymUnmanagedBinder, &IID_ISymUnmanagedBinder2, &IID_ISymUnmanagedBinder3,
    &IID_ISymUnmanagedBinder4, &IID_ISymUnmanagedReader, &IID_ISymUnmanagedReader2,
    &IID_ISymUnmanagedReader3, &IID_ISymUnmanagedReader4, &IID_ISymUnmanagedReader5,
    &IID_ISymUnmanagedDispose, &IID_ISymUnmanagedENCUpdate,
    &IID_ISymUnmanagedSourceServerModule, &IID_ISymUnmanagedReaderSymbolSearchInfo,
    &IID_ISymUnmanagedCompilerInfoReader, &IID_ISymUnmanagedWriter,
    &IID_ISymUnmanagedWriter2, &IID_ISymUnmanagedWriter3, &IID_ISymUnmanagedWriter4,
    &IID_ISymUnmanagedWriter5, &IID_ISymUnmanagedWriter6, &IID_ISymUnmanagedWriter7,
    &IID_ISymUnmanagedWriter8, &IID_IPdbWriter, &IID_ISymUnmanagedAsyncMethodPropertiesWriter,
    &IID_ISymUnmanagedCompilerInfoWriter, &IID_ISymNGenWriter, &IID_ISymNGenWriter2,
    &IID_ISymUnmanagedDocument, &IID_ISymUnmanagedMethod, &IID_ISymUnmanagedScope,
    &IID_ISymUnmanagedVariable, &IID_ISymUnmanagedConstant, &IID_ISymUnmanagedNamespace,
    &IID_ISymUnmanagedDocumentWriter, &IID_IMetadataImportProvider, NULL,
};

static const struct qi_case cases[] = {
    { &CLSID_CorSymBinder_SxS, binder_iids },
    { &CLSID_CorSymReader_SxS, reader_iids },
    { &CLSID_CorSymWriter_SxS, writer_iids },
    { &CLSID_CorSymBinder_deprecated, binder_iids },
    { &CLSID_CorSymReader_deprecated, reader_iids },
    { &CLSID_CorSymWriter_deprecated, writer_iids },
};

static int listed(const IID *const *list, const IID *iid)
{
    for (; *list; list++)
        if (IsEqualGUID(*list, iid))
            return 1;
    return 0;
}

static void test_each_class_answers_exactly_its_interfaces(void **state)
{
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        IUnknown *object = NULL;
        assert_int_equal(corsym_test_create(cases[c].clsid, &IID_IUnknown, (void **)&object), S_OK);
        for (const IID *const *iid = all_iids; *iid; iid++)
            check_interface(object, *iid, listed(cases[c].supported, *iid));
        assert_int_equal(object->lpVtbl->Release(object), 0);
    }
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

/* From any interface, QI to any other supported one and back lands on the same pointers. */
static void test_qi_is_symmetric_and_transitive(void **state)
{
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        IUnknown *object = NULL;
        assert_int_equal(corsym_test_create(cases[c].clsid, &IID_IUnknown, (void **)&object), S_OK);
        for (const IID *const *a = cases[c].supported; *a; a++) {
            IUnknown *pa = NULL, *pa_again = NULL;
            assert_int_equal(object->lpVtbl->QueryInterface(object, *a, (void **)&pa), S_OK);
            for (const IID *const *b = cases[c].supported; *b; b++) {
                IUnknown *pb = NULL, *back = NULL;
                assert_int_equal(pa->lpVtbl->QueryInterface(pa, *b, (void **)&pb), S_OK);
                assert_int_equal(pb->lpVtbl->QueryInterface(pb, *a, (void **)&back), S_OK);
                assert_ptr_equal(back, pa);
                back->lpVtbl->Release(back);
                pb->lpVtbl->Release(pb);
            }
            assert_int_equal(pa->lpVtbl->QueryInterface(pa, *a, (void **)&pa_again), S_OK);
            assert_ptr_equal(pa_again, pa);
            pa_again->lpVtbl->Release(pa_again);
            pa->lpVtbl->Release(pa);
        }
        assert_int_equal(object->lpVtbl->Release(object), 0);
    }
}

static void test_reference_counts(void **state)
{
    ISymUnmanagedReader *reader = NULL;
    ISymUnmanagedDispose *dispose = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader,
                                        (void **)&reader), S_OK);
    assert_refcount(reader, 1);
    assert_int_equal(reader->lpVtbl->QueryInterface(reader, &IID_ISymUnmanagedDispose,
                                                    (void **)&dispose), S_OK);
    assert_refcount(reader, 2); /* one count for the object, whatever the interface */
    assert_int_equal(dispose->lpVtbl->Release(dispose), 1);
    assert_int_equal(reader->lpVtbl->AddRef(reader), 2);
    assert_int_equal(reader->lpVtbl->Release(reader), 1);

    void *out = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(reader->lpVtbl->QueryInterface(reader, &IID_ISymUnmanagedWriter, &out),
                     E_NOINTERFACE);
    assert_null(out);
    assert_int_equal(reader->lpVtbl->QueryInterface(reader, &IID_IUnknown, NULL), E_POINTER);
    assert_int_equal(reader->lpVtbl->Release(reader), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_class_answers_exactly_its_interfaces),
        cmocka_unit_test(test_qi_is_symmetric_and_transitive),
        cmocka_unit_test(test_reference_counts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
