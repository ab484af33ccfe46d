/* SPDX-License-Identifier: MIT */
/* CorSymWriter_SxS writes Windows PDBs, as Microsoft's DLL does: a call sequence like a
 * compiler's, read back through corsym's reader, with deterministic ids and the CodeView
 * record a PE writer needs. */
#define COBJMACROS
#include "test_support.h"

static ISymUnmanagedWriter8 *new_writer(void)
{
    ISymUnmanagedWriter8 *w = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymWriter_SxS, &IID_ISymUnmanagedWriter8,
                                        (void **)&w), S_OK);
    return w;
}

static IStream *new_stream(void)
{
    IStream *s = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(NULL, 0, &s), S_OK);
    return s;
}

static unsigned char *stream_bytes(IStream *s, size_t *size)
{
    STATSTG stat;
    LARGE_INTEGER zero;
    zero.QuadPart = 0;
    assert_int_equal(IStream_Stat(s, &stat, STATFLAG_NONAME), S_OK);
    *size = (size_t)stat.cbSize.QuadPart;
    unsigned char *data = malloc(*size ? *size : 1);
    ULONG got = 0;
    assert_int_equal(IStream_Seek(s, zero, STREAM_SEEK_SET, NULL), S_OK);
    assert_int_equal(IStream_Read(s, data, (ULONG)*size, &got), S_OK);
    assert_int_equal(got, *size);
    return data;
}

/* One method with two documents' worth of calls, a nested scope, a local, a constant and a
 * using; the entry point. No emitter: every method goes to one module named "<Module>". */
static void write_program(ISymUnmanagedWriter8 *w)
{
    WCHAR *url = corsym_test_wstr("C:\\\\src\\\\Program.cs");
    ISymUnmanagedDocumentWriter *doc = NULL;
    assert_int_equal(ISymUnmanagedWriter8_DefineDocument(w, url, &CorSym_LanguageType_CSharp,
                                                         &CorSym_LanguageVendor_Microsoft,
                                                         &CorSym_DocumentType_Text, &doc), S_OK);
    free(url);
    static BYTE hash[20] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
    assert_int_equal(ISymUnmanagedDocumentWriter_SetCheckSum(doc, CorSym_SourceHash_SHA1, 20, hash), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_SetUserEntryPoint(w, 0x06000001), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001), S_OK);
    WCHAR *param = corsym_test_wstr("argument");
    assert_int_equal(ISymUnmanagedWriter8_DefineParameter(w, param, 0, 1, 1, 0, 0, 0), S_OK);
    free(param);
    ULONG32 scope = 0, inner = 0;
    assert_int_equal(ISymUnmanagedWriter8_OpenScope(w, 0, &scope), S_OK);
    WCHAR *ns = corsym_test_wstr("USystem");
    assert_int_equal(ISymUnmanagedWriter8_UsingNamespace(w, ns), S_OK);
    free(ns);
    ULONG32 offsets[3] = { 0, 1, 8 }, lines[3] = { 5, 6, 7 }, cols[3] = { 9, 13, 9 };
    ULONG32 end_lines[3] = { 5, 6, 7 }, end_cols[3] = { 10, 30, 10 };
    assert_int_equal(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 3, offsets, lines, cols,
                                                                end_lines, end_cols), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_OpenScope(w, 1, &inner), S_OK);
    WCHAR *name = corsym_test_wstr("total");
    assert_int_equal(ISymUnmanagedWriter8_DefineLocalVariable2(w, name, 0, 0x11000001, 1, 1, 0, 0,
                                                                1, 8), S_OK);
    free(name);
    VARIANT value;
    memset(&value, 0, sizeof(value));
    V_VT(&value) = VT_I4;
    V_I4(&value) = 42;
    name = corsym_test_wstr("Answer");
    assert_int_equal(ISymUnmanagedWriter8_DefineConstant2(w, name, value, 0x11000002), S_OK);
    free(name);
    assert_int_equal(ISymUnmanagedWriter8_CloseScope(w, 8), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_CloseScope(w, 10), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_CloseMethod(w), S_OK);
    ISymUnmanagedDocumentWriter_Release(doc);
}

static unsigned char *write_deterministic(size_t *size, BYTE rsds[64], DWORD *rsds_size)
{
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    assert_int_equal(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)s), S_OK);
    write_program(w);
    IMAGE_DEBUG_DIRECTORY idd;
    assert_int_equal(ISymUnmanagedWriter8_GetDebugInfo(w, &idd, 64, rsds_size, rsds), S_OK);
    assert_int_equal(idd.Type, 2);
    assert_int_equal(idd.MinorVersion, 0); /* not the Portable PDB mark */
    assert_int_equal(ISymUnmanagedWriter8_Close(w), S_OK);
    assert_int_equal(ISymUnmanagedWriter8_Release(w), 0);
    unsigned char *bytes = stream_bytes(s, size);
    IStream_Release(s);
    return bytes;
}

static void test_round_trip_through_the_reader(void **state)
{
    size_t size = 0;
    BYTE rsds[64];
    DWORD rsds_size = 0;
    unsigned char *pdb = write_deterministic(&size, rsds, &rsds_size);
    assert_memory_equal(pdb, "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS", 29);
    assert_memory_equal(rsds, "RSDS", 4);
    if (getenv("CORSYM_SAVE_PDB")) {
        FILE *f = fopen(getenv("CORSYM_SAVE_PDB"), "wb");
        if (f) {
            fwrite(pdb, 1, size, f);
            fclose(f);
        }
    }

    IStream *in = NULL;
    ISymUnmanagedBinder *binder = NULL;
    ISymUnmanagedReader *reader = NULL;
    assert_int_equal(corsym_test_library()->CorSymCreateMemoryStream(pdb, (ULONG)size, &in), S_OK);
    assert_int_equal(corsym_test_create(&CLSID_CorSymBinder_SxS, &IID_ISymUnmanagedBinder,
                                        (void **)&binder), S_OK);
    assert_int_equal(ISymUnmanagedBinder_GetReaderFromStream(binder, NULL, in, &reader), S_OK);

    /* The identity the CodeView record announces is the PDB's. */
    ISymUnmanagedReader4 *r4 = NULL;
    assert_int_equal(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4,
                                                        (void **)&r4), S_OK);
    GUID id;
    memcpy(&id, rsds + 4, 16);
    BOOL match = FALSE;
    assert_int_equal(ISymUnmanagedReader4_MatchesModule(r4, id, 0, 1, &match), S_OK);
    assert_true(match);
    ISymUnmanagedReader4_Release(r4);

    mdMethodDef entry = 0;
    assert_int_equal(ISymUnmanagedReader_GetUserEntryPoint(reader, &entry), S_OK);
    assert_int_equal(entry, 0x06000001);

    ISymUnmanagedDocument *doc = NULL;
    ULONG32 n = 0;
    assert_int_equal(ISymUnmanagedReader_GetDocuments(reader, 1, &n, &doc), S_OK);
    assert_int_equal(n, 1);
    WCHAR text[128];
    assert_int_equal(ISymUnmanagedDocument_GetURL(doc, 128, &n, text), S_OK);
    assert_true(corsym_test_wstr_equal(text, "C:\\\\src\\\\Program.cs"));
    BYTE hash[32];
    assert_int_equal(ISymUnmanagedDocument_GetCheckSum(doc, 32, &n, hash), S_OK);
    assert_int_equal(n, 20);
    assert_int_equal(hash[19], 20);
    GUID language;
    assert_int_equal(ISymUnmanagedDocument_GetLanguage(doc, &language), S_OK);
    assert_true(IsEqualGUID(&language, &CorSym_LanguageType_CSharp));

    ISymUnmanagedMethod *method = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethod(reader, 0x06000001, &method), S_OK);
    ULONG32 offsets[4], lines[4], cols[4], end_lines[4], end_cols[4];
    assert_int_equal(ISymUnmanagedMethod_GetSequencePoints(method, 4, &n, offsets, NULL, lines,
                                                          cols, end_lines, end_cols), S_OK);
    assert_int_equal(n, 3);
    assert_int_equal(offsets[1], 1);
    assert_int_equal(lines[1], 6);
    assert_int_equal(cols[1], 13);
    assert_int_equal(end_cols[1], 30);

    /* The procedure is the root; the method's scopes hang below it. */
    ISymUnmanagedScope *root = NULL, *outer = NULL, *inner = NULL;
    assert_int_equal(ISymUnmanagedMethod_GetRootScope(method, &root), S_OK);
    assert_int_equal(ISymUnmanagedScope_GetChildren(root, 1, &n, &outer), S_OK);
    assert_int_equal(n, 1);
    /* The parameter's slot is in the PDB, but no reader lists parameters as locals. */
    ULONG32 root_locals = 9;
    assert_int_equal(ISymUnmanagedScope_GetLocalCount(root, &root_locals), S_OK);
    assert_int_equal(root_locals, 0);
    ISymUnmanagedNamespace *ns = NULL;
    assert_int_equal(ISymUnmanagedScope_GetNamespaces(outer, 1, &n, &ns), S_OK);
    assert_int_equal(n, 1);
    assert_int_equal(ISymUnmanagedNamespace_GetName(ns, 128, &n, text), S_OK);
    assert_true(corsym_test_wstr_equal(text, "USystem"));
    ISymUnmanagedNamespace_Release(ns);
    ULONG32 outer_end = 0;
    ISymUnmanagedScope_GetEndOffset(outer, &outer_end);
    assert_int_equal(outer_end, 10);
    assert_int_equal(ISymUnmanagedScope_GetChildren(outer, 1, &n, &inner), S_OK);
    assert_int_equal(n, 1);
    ULONG32 start = 0, end = 0;
    ISymUnmanagedScope_GetStartOffset(inner, &start);
    ISymUnmanagedScope_GetEndOffset(inner, &end);
    assert_int_equal(start, 1);
    assert_int_equal(end, 8);
    ISymUnmanagedVariable *local = NULL;
    assert_int_equal(ISymUnmanagedScope_GetLocals(inner, 1, &n, &local), S_OK);
    assert_int_equal(ISymUnmanagedVariable_GetName(local, 128, &n, text), S_OK);
    assert_true(corsym_test_wstr_equal(text, "total"));
    ULONG32 slot = 9;
    ISymUnmanagedVariable_GetAddressField1(local, &slot);
    assert_int_equal(slot, 1);
    ISymUnmanagedVariable_Release(local);
    ISymUnmanagedScope2 *inner2 = NULL;
    assert_int_equal(ISymUnmanagedScope_QueryInterface(inner, &IID_ISymUnmanagedScope2,
                                                       (void **)&inner2), S_OK);
    ISymUnmanagedConstant *constant = NULL;
    assert_int_equal(ISymUnmanagedScope2_GetConstants(inner2, 1, &n, &constant), S_OK);
    VARIANT v;
    assert_int_equal(ISymUnmanagedConstant_GetValue(constant, &v), S_OK);
    assert_int_equal(V_VT(&v), VT_I4);
    assert_int_equal(V_I4(&v), 42);
    ISymUnmanagedConstant_Release(constant);
    ISymUnmanagedScope2_Release(inner2);

    ISymUnmanagedScope_Release(inner);
    ISymUnmanagedScope_Release(outer);
    ISymUnmanagedScope_Release(root);
    ISymUnmanagedMethod_Release(method);
    ISymUnmanagedDocument_Release(doc);
    ISymUnmanagedReader_Release(reader);
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(in);
    free(pdb);
    assert_int_equal(corsym_test_library()->DllCanUnloadNow(), S_OK);
}

static void test_deterministic_output_is_byte_identical(void **state)
{
    size_t a_size = 0, b_size = 0;
    BYTE rsds_a[64], rsds_b[64];
    DWORD na = 0, nb = 0;
    unsigned char *a = write_deterministic(&a_size, rsds_a, &na);
    unsigned char *b = write_deterministic(&b_size, rsds_b, &nb);
    assert_int_equal(a_size, b_size);
    assert_memory_equal(a, b, a_size);
    assert_int_equal(na, nb);
    assert_memory_equal(rsds_a, rsds_b, na);
    free(a);
    free(b);
}

static void test_update_signature_sets_the_identity(void **state)
{
    ISymUnmanagedWriter8 *w = new_writer();
    IStream *s = new_stream();
    assert_int_equal(ISymUnmanagedWriter8_InitializeDeterministic(w, NULL, (IUnknown *)s), S_OK);
    write_program(w);
    static const GUID given = { 0x12345678, 0x9abc, 0xdef0, { 1, 2, 3, 4, 5, 6, 7, 8 } };
    assert_int_equal(ISymUnmanagedWriter8_UpdateSignature(w, given, 0x5eed, 3), S_OK);
    IPdbWriter *pdb = NULL;
    assert_int_equal(ISymUnmanagedWriter8_QueryInterface(w, &IID_IPdbWriter, (void **)&pdb), S_OK);
    DWORD sig = 0, age = 0;
    assert_int_equal(IPdbWriter_GetSignatureAge(pdb, &sig, &age), S_OK);
    assert_int_equal(sig, 0x5eed);
    assert_int_equal(age, 3);
    IPdbWriter_Release(pdb);
    assert_int_equal(ISymUnmanagedWriter8_Close(w), S_OK);
    ISymUnmanagedWriter8_Release(w);
    IStream_Release(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_through_the_reader),
        cmocka_unit_test(test_deterministic_output_is_byte_identical),
        cmocka_unit_test(test_update_signature_sets_the_identity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
