/* SPDX-License-Identifier: MIT */
/* The binder: finding a module's PDB from the PE (beside it, on the search path, embedded),
 * matching identities, and the module metadata that makes local signatures available. */
#define _POSIX_C_SOURCE 200809L
#include "test_support.h"

#ifdef _WIN32
#include <direct.h>
#include <windows.h>
#define make_dir(p) _mkdir(p)
#else
#include <sys/stat.h>
#include <unistd.h>
#define make_dir(p) mkdir(p, 0777)
#endif

static ISymUnmanagedBinder2 *new_binder(void)
{
    ISymUnmanagedBinder2 *binder = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder2,
                                        (void **)&binder), S_OK);
    return binder;
}

static HRESULT reader_for_file(const char *path, const char *search_path, ULONG32 policy,
                               ISymUnmanagedReader **reader)
{
    ISymUnmanagedBinder2 *binder = new_binder();
    WCHAR *wpath = corsym_test_wstr(path);
    WCHAR *wsearch = search_path ? corsym_test_wstr(search_path) : NULL;
    *reader = NULL;
    HRESULT hr = binder->lpVtbl->GetReaderForFile2(binder, NULL, wpath, wsearch, policy, reader);
    free(wpath);
    free(wsearch);
    binder->lpVtbl->Release(binder);
    return hr;
}

static ISymUnmanagedScope *child_scope(ISymUnmanagedScope *scope, ULONG32 index)
{
    ISymUnmanagedScope *children[8] = { 0 };
    ULONG32 count = 0;
    assert_int_equal(scope->lpVtbl->GetChildren(scope, 8, &count, children), S_OK);
    assert_true(index < count);
    for (ULONG32 i = 0; i < count; i++)
        if (i != index)
            children[i]->lpVtbl->Release(children[i]);
    return children[index];
}

static void expect_local(ISymUnmanagedScope *scope, ULONG32 index, const char *name,
                         const BYTE *signature, ULONG32 signature_size)
{
    ISymUnmanagedVariable *locals[8] = { 0 };
    ULONG32 count = 0;
    WCHAR text[64];
    BYTE sig[64];
    assert_int_equal(scope->lpVtbl->GetLocals(scope, 8, &count, locals), S_OK);
    assert_true(index < count);
    ISymUnmanagedVariable *local = locals[index];
    assert_int_equal(local->lpVtbl->GetName(local, 64, &count, text), S_OK);
    assert_true(corsym_test_wstr_equal(text, name));
    ULONG32 size = 0;
    assert_int_equal(local->lpVtbl->GetSignature(local, 0, &size, NULL), S_OK);
    assert_int_equal(size, signature_size);
    assert_int_equal(local->lpVtbl->GetSignature(local, sizeof(sig), &size, sig), S_OK);
    assert_memory_equal(sig, signature, signature_size);
    ULONG32 n = 0;
    scope->lpVtbl->GetLocalCount(scope, &n);
    for (ULONG32 i = 0; i < n && i < 8; i++)
        locals[i]->lpVtbl->Release(locals[i]);
}

/* App.exe's Main (0x0600001b): "total" is slot 0, an int32; "arg", slot 3, a string
 * (tests/fixtures/src/app/Program.cs; slots and scopes from tests/oracle/expected). */
static void test_pdb_beside_the_pe_and_local_signatures(void **state)
{
    char *pe = corsym_test_source_path("tests/fixtures/portable/App.exe");
    ISymUnmanagedReader *reader;
    assert_int_equal(reader_for_file(pe, NULL, AllowReferencePathAccess, &reader), S_OK);

    ISymUnmanagedMethod *method = NULL;
    assert_int_equal(reader->lpVtbl->GetMethod(reader, 0x0600001b, &method), S_OK);
    ISymUnmanagedScope *root = NULL, *outer, *loop, *body;
    assert_int_equal(method->lpVtbl->GetRootScope(method, &root), S_OK);
    outer = child_scope(root, 0);
    static const BYTE int32_sig[] = { 0x08 }, string_sig[] = { 0x0e };
    expect_local(outer, 0, "total", int32_sig, 1);
    loop = child_scope(outer, 0);
    body = child_scope(loop, 0);
    expect_local(body, 0, "arg", string_sig, 1);

    body->lpVtbl->Release(body);
    loop->lpVtbl->Release(loop);
    outer->lpVtbl->Release(outer);
    root->lpVtbl->Release(root);
    method->lpVtbl->Release(method);
    assert_int_equal(reader->lpVtbl->Release(reader), 0);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
    free(pe);
}

/* Without a PE or an importer, a local's type is not known. */
static void test_signature_needs_module_metadata(void **state)
{
    char *path = corsym_test_source_path("tests/fixtures/portable/App.pdb");
    WCHAR *wpath = corsym_test_wstr(path);
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader,
                                        (void **)&reader), S_OK);
    assert_int_equal(reader->lpVtbl->Initialize(reader, NULL, wpath, NULL, NULL), S_OK);
    assert_int_equal(reader->lpVtbl->Initialize(reader, NULL, wpath, NULL, NULL), E_UNEXPECTED);

    WCHAR name[512];
    ULONG32 n = 0;
    assert_int_equal(reader->lpVtbl->GetSymbolStoreFileName(reader, 512, &n, name), S_OK);
    assert_true(corsym_test_wstr_equal(name, path));

    ISymUnmanagedMethod *method = NULL;
    ISymUnmanagedScope *root = NULL, *outer;
    ISymUnmanagedVariable *local = NULL;
    assert_int_equal(reader->lpVtbl->GetMethod(reader, 0x0600001b, &method), S_OK);
    assert_int_equal(method->lpVtbl->GetRootScope(method, &root), S_OK);
    outer = child_scope(root, 0);
    assert_int_equal(outer->lpVtbl->GetLocals(outer, 1, &n, &local), S_OK);
    assert_int_equal(local->lpVtbl->GetSignature(local, 0, &n, NULL), E_FAIL);
    local->lpVtbl->Release(local);
    outer->lpVtbl->Release(outer);
    root->lpVtbl->Release(root);
    method->lpVtbl->Release(method);
    reader->lpVtbl->Release(reader);
    free(wpath);
    free(path);
}

static void test_embedded_pdb_is_the_last_candidate(void **state)
{
    /* LibEmbedded.dll carries its PDB inside; no separate file matches it. */
    char *pe = corsym_test_source_path("tests/fixtures/portable/LibEmbedded.dll");
    ISymUnmanagedReader *reader;
    assert_int_equal(reader_for_file(pe, NULL, AllowReferencePathAccess, &reader), S_OK);
    ULONG32 documents = 0;
    assert_int_equal(reader->lpVtbl->GetDocuments(reader, 0, &documents, NULL), S_OK);
    assert_true(documents > 0);
    reader->lpVtbl->Release(reader);
    free(pe);
}

static char *temp_dir(const char *name)
{
    char *path = malloc(512);
#ifdef _WIN32
    char base[MAX_PATH];
    GetTempPathA(MAX_PATH, base);
    snprintf(path, 512, "%scorsym-binder-%lu-%s", base, (unsigned long)GetCurrentProcessId(), name);
#else
    snprintf(path, 512, "/tmp/corsym-binder-%ld-%s", (long)getpid(), name);
#endif
    make_dir(path);
    return path;
}

static void copy_file(const char *from, const char *to)
{
    size_t size = 0;
    unsigned char *data = corsym_test_read_file(from, &size);
    assert_non_null(data);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    fclose(f);
    free(data);
}

/* The search path's probes: <dir>/symbols/<ext>/<pdb>, then <dir>/<ext>/<pdb>, then <dir>. */
static void test_search_path_probes(void **state)
{
    char *module_dir = temp_dir("module"), *symbol_dir = temp_dir("symbols");
    char pe[600], sub[600], subsub[600], pdb[700];
    snprintf(pe, sizeof pe, "%s/Lib.dll", module_dir);
    snprintf(sub, sizeof sub, "%s/symbols", symbol_dir);
    snprintf(subsub, sizeof subsub, "%s/symbols/dll", symbol_dir);
    snprintf(pdb, sizeof pdb, "%s/symbols/dll/Lib.pdb", symbol_dir);
    make_dir(sub);
    make_dir(subsub);
    char *source_pe = corsym_test_source_path("tests/fixtures/portable/Lib.dll");
    char *source_pdb = corsym_test_source_path("tests/fixtures/portable/Lib.pdb");
    copy_file(source_pe, pe);
    copy_file(source_pdb, pdb);

    ISymUnmanagedReader *reader;
    assert_int_equal(reader_for_file(pe, NULL, AllowReferencePathAccess, &reader),
                     E_PDB_NOT_FOUND);
    assert_null(reader);
    char search[1300];
    snprintf(search, sizeof search, "SRV*%s;%s", module_dir, symbol_dir);
    assert_int_equal(reader_for_file(pe, search, AllowReferencePathAccess, &reader), S_OK);
    reader->lpVtbl->Release(reader);

    remove(pdb);
    remove(pe);
    rmdir(subsub);
    rmdir(sub);
    rmdir(symbol_dir);
    rmdir(module_dir);
    free(source_pe);
    free(source_pdb);
    free(module_dir);
    free(symbol_dir);
}

/* The corpus's pdb-mismatch.dll names TargetLib.pdb in its CodeView entry: the binder must
 * take that one (whose identity matches), never the pdb-mismatch.pdb lying beside it. */
static void test_identity_decides_not_the_file_name(void **state)
{
    char *pe = corsym_test_corpus_path("cecil/portable/pdb-mismatch.dll");
    if (!pe)
        skip();
    ISymUnmanagedReader *reader;
    assert_int_equal(reader_for_file(pe, NULL, AllowReferencePathAccess, &reader), S_OK);
    WCHAR name[1024];
    ULONG32 n = 0;
    assert_int_equal(reader->lpVtbl->GetSymbolStoreFileName(reader, 1024, &n, name), S_OK);
    assert_true(n > 14 && corsym_test_wstr_equal(name + n - 14, "TargetLib.pdb"));
    reader->lpVtbl->Release(reader);

    /* And the PDB named like the PE does not match the PE's identity. */
    char *other = corsym_test_corpus_path("cecil/portable/pdb-mismatch.pdb");
    WCHAR *wother = corsym_test_wstr(other);
    ISymUnmanagedReader4 *reader4 = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader4,
                                        (void **)&reader4), S_OK);
    assert_int_equal(reader4->lpVtbl->Initialize(reader4, NULL, wother, NULL, NULL), S_OK);
    static const GUID pe_guid = { 0x39d8df1d, 0x3908, 0x494f,
                                  { 0xac, 0x6e, 0x91, 0x2d, 0x17, 0x70, 0x58, 0x06 } };
    BOOL result = TRUE;
    assert_int_equal(reader4->lpVtbl->MatchesModule(reader4, pe_guid, 0xfb1a4933, 1, &result), S_OK);
    assert_false(result);
    reader4->lpVtbl->Release(reader4);
    free(wother);
    free(other);
    free(pe);
}

static void test_bad_arguments_and_inputs(void **state)
{
    ISymUnmanagedBinder2 *binder = new_binder();
    ISymUnmanagedReader *reader = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(binder->lpVtbl->GetReaderFromStream(binder, NULL, NULL, &reader),
                     E_INVALIDARG);
    assert_null(reader);
    assert_int_equal(binder->lpVtbl->GetReaderFromStream(binder, NULL, NULL, NULL), E_POINTER);

    IStream *stream = NULL;
    static const BYTE junk[] = "this is not a PDB at all";
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(junk, sizeof junk, &stream),
                     S_OK);
    assert_int_equal(binder->lpVtbl->GetReaderFromStream(binder, NULL, stream, &reader),
                     E_PDB_FORMAT);
    assert_null(reader);
    stream->lpVtbl->Release(stream);

    WCHAR *missing = corsym_test_wstr("no/such/module.dll");
    assert_int_equal(binder->lpVtbl->GetReaderForFile(binder, NULL, missing, NULL, &reader),
                     E_PDB_NOT_FOUND);
    free(missing);
    char *pdb_as_pe = corsym_test_source_path("tests/fixtures/portable/App.pdb");
    WCHAR *wpdb = corsym_test_wstr(pdb_as_pe);
    assert_int_equal(binder->lpVtbl->GetReaderForFile(binder, NULL, wpdb, NULL, &reader),
                     E_PDB_INVALID_EXECUTABLE);
    free(wpdb);
    free(pdb_as_pe);
    binder->lpVtbl->Release(binder);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdb_beside_the_pe_and_local_signatures),
        cmocka_unit_test(test_signature_needs_module_metadata),
        cmocka_unit_test(test_embedded_pdb_is_the_last_candidate),
        cmocka_unit_test(test_search_path_probes),
        cmocka_unit_test(test_identity_decides_not_the_file_name),
        cmocka_unit_test(test_bad_arguments_and_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
