/* SPDX-License-Identifier: MIT */
/* After `regsvr32 corsym.dll`, every coclass comes from the real COM runtime (Wine's ole32)
 * in both apartment kinds; after `regsvr32 /u` none does. argv[1]: "registered" or
 * "unregistered". */
#include "test_support.h"

#include <windows.h>

static const CLSID *const clsids[] = {
    &CLSID_CorSymBinder_SxS, &CLSID_CorSymReader_SxS, &CLSID_CorSymWriter_SxS,
    &CLSID_CorSymBinder_deprecated, &CLSID_CorSymReader_deprecated,
    &CLSID_CorSymWriter_deprecated,
};
static const IID *const default_iids[] = {
    &IID_ISymUnmanagedBinder, &IID_ISymUnmanagedReader, &IID_ISymUnmanagedWriter,
    &IID_ISymUnmanagedBinder, &IID_ISymUnmanagedReader, &IID_ISymUnmanagedWriter,
};

static int expect_registered = 1;

static void cocreate_all(DWORD apartment)
{
    assert_true(SUCCEEDED(CoInitializeEx(NULL, apartment)));
    for (size_t i = 0; i < sizeof(clsids) / sizeof(clsids[0]); i++) {
        IUnknown *object = (void *)(uintptr_t)0xdeadbeef;
        HRESULT hr = CoCreateInstance(clsids[i], NULL, CLSCTX_INPROC_SERVER, default_iids[i],
                                      (void **)&object);
        if (expect_registered) {
            assert_int_equal(hr, S_OK);
            check_interface(object, default_iids[i], 1);
            object->lpVtbl->Release(object);
        } else {
            assert_int_equal(hr, REGDB_E_CLASSNOTREG);
        }
    }
    CoUninitialize();
}

static void test_cocreate_multithreaded(void **state)
{
    cocreate_all(COINIT_MULTITHREADED);
}

static void test_cocreate_apartment(void **state)
{
    cocreate_all(COINIT_APARTMENTTHREADED);
}

static void test_registry_values(void **state)
{
    WCHAR value[1024];
    DWORD size = sizeof(value);
    LSTATUS res = RegGetValueW(HKEY_CLASSES_ROOT,
                               L"CLSID\\{0A3976C5-4529-4EF8-B0B0-42EED37082CD}\\InprocServer32",
                               L"ThreadingModel", RRF_RT_REG_SZ, NULL, value, &size);
    if (!expect_registered) {
        assert_int_equal(res, ERROR_FILE_NOT_FOUND);
        return;
    }
    assert_int_equal(res, ERROR_SUCCESS);
    assert_true(corsym_test_wstr_equal(value, "Both"));
    size = sizeof(value);
    res = RegGetValueW(HKEY_CLASSES_ROOT,
                       L"CLSID\\{0A3976C5-4529-4EF8-B0B0-42EED37082CD}\\InprocServer32", NULL,
                       RRF_RT_REG_SZ, NULL, value, &size);
    assert_int_equal(res, ERROR_SUCCESS);
    /* a full path: a drive letter and the DLL's file name */
    assert_int_equal(value[1], ':');
    size_t n = wcslen(value);
    assert_true(n > 4 && _wcsicmp(value + n - 4, L".dll") == 0);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "unregistered") == 0)
        expect_registered = 0;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_values),
        cmocka_unit_test(test_cocreate_multithreaded),
        cmocka_unit_test(test_cocreate_apartment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
