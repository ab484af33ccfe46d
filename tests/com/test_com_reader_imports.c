/* SPDX-License-Identifier: MIT */
/*
 * A Portable PDB's import scopes through ISymUnmanagedScope::GetNamespaces: the method's
 * outermost scope lists its imports in the strings a Windows PDB holds for them (Roslyn's
 * encodings; Microsoft's portable reader lists none). The expected lists are the using and
 * Imports directives of the fixtures' sources (tests/fixtures/src), in the order Roslyn
 * stores them (innermost import scope first, each scope's imports in source order, global
 * usings before a file's own), without what needs the module's metadata to be named (type
 * imports and aliases of types: `using static`, `using X = SomeType`, VB's type imports).
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"

static ISymUnmanagedReader *open_fixture(const char *name)
{
    char relative[256];
    snprintf(relative, sizeof relative, "tests/fixtures/portable/%s", name);
    char *path = corsym_test_source_path(relative);
    size_t size = 0;
    unsigned char *bytes = corsym_test_read_file(path, &size);
    if (!bytes)
        fail_msg("cannot read %s", path);
    free(path);
    IStream *stream = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(bytes, (ULONG)size, &stream),
                     S_OK);
    free(bytes);
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, stream, &reader), S_OK);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    return reader;
}

/* The names of a scope's namespaces, as ASCII, joined by '|'. */
static void namespaces_of(ISymUnmanagedScope *scope, char *out, size_t size)
{
    ULONG32 n = 0;
    out[0] = 0;
    assert_int_equal(ISymUnmanagedScope_GetNamespaces(scope, 0, &n, NULL), S_OK);
    if (!n)
        return;
    ISymUnmanagedNamespace **items = calloc(n, sizeof(*items));
    assert_non_null(items);
    assert_int_equal(ISymUnmanagedScope_GetNamespaces(scope, n, &n, items), S_OK);
    size_t used = 0;
    for (ULONG32 i = 0; i < n; i++) {
        WCHAR name[256];
        ULONG32 len = 0;
        assert_int_equal(ISymUnmanagedNamespace_GetName(items[i], 256, &len, name), S_OK);
        for (ULONG32 k = 0; k + 1 < len && used + 2 < size; k++)
            out[used++] = (char)name[k];
        if (i + 1 < n && used + 2 < size)
            out[used++] = '|';
        ISymUnmanagedNamespace_Release(items[i]);
    }
    out[used] = 0;
    free(items);
}

/* The namespaces of the root scope and of its first child (the method's outermost scope). */
static void method_namespaces(ISymUnmanagedReader *reader, mdMethodDef token, char *root_out,
                              char *body_out, size_t size)
{
    ISymUnmanagedMethod *method = NULL;
    ISymUnmanagedScope *root = NULL, *child = NULL;
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, token, &method), S_OK);
    assert_int_equal(ISymUnmanagedMethod_GetRootScope(method, &root), S_OK);
    namespaces_of(root, root_out, size);
    assert_int_equal(ISymUnmanagedScope_GetChildren(root, 1, &n, &child), S_OK);
    assert_int_equal(n, 1);
    namespaces_of(child, body_out, size);
    ISymUnmanagedScope_Release(child);
    ISymUnmanagedScope_Release(root);
    ISymUnmanagedMethod_Release(method);
}

static void test_csharp(void **state)
{
    (void)state;
    ISymUnmanagedReader *reader = open_fixture("App.pdb");
    char root[1024], body[1024];
    /* Program.Main (Program.cs, the entry point): `extern alias LibAlias;` in the file,
     * global usings (GlobalUsings.cs), the file's usings, `LibNs = LibAlias::...` and
     * `SysIO = System.IO`; `using static System.Math`, IntList, LibCalc and the namespace
     * block's `Con = System.Console` name types. */
    method_namespaces(reader, 0x0600001b, root, body, sizeof root);
    assert_string_equal(root, "");
    assert_string_equal(body, "XLibAlias|USystem|USystem.Text|USystem.Collections.Generic|"
                              "USystem.Linq|USystem.Threading.Tasks|"
                              "ALibNs ECorsym.Fixtures.Lib LibAlias|ASysIO USystem.IO");
    /* AsyncDemo.RunAsync (Async.cs): the global usings, then the file's two. */
    method_namespaces(reader, 0x06000001, root, body, sizeof root);
    assert_string_equal(body, "USystem|USystem.Text|USystem.Collections.Generic|"
                              "USystem.Threading.Tasks");
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
}

static void test_visual_basic(void **state)
{
    (void)state;
    ISymUnmanagedReader *reader = open_fixture("VbApp.pdb");
    char root[1024], body[1024];
    /* Program.vb's file-level Imports (the two XML namespaces, System.Collections.Generic,
     * System.Text; SB, IntList and System.Math name types), then the project's imports
     * (the root import scope: Microsoft.VisualBasic, System, System.Linq). */
    method_namespaces(reader, 0x06000002, root, body, sizeof root);
    assert_string_equal(root, "");
    assert_string_equal(body, "@FX:ns=http://corsym.example/ns|@FX:=http://corsym.example/default|"
                              "@F:System.Collections.Generic|@F:System.Text|"
                              "@P:Microsoft.VisualBasic|@P:System|@P:System.Linq");
    assert_int_equal(ISymUnmanagedReader_Release(reader), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csharp),
        cmocka_unit_test(test_visual_basic),
    };
    return cmocka_run_group_tests_name("com_reader_imports", tests, NULL, NULL);
}
