/* SPDX-License-Identifier: MIT */
/* CreateNGenPdbWriter: ISymNGenWriter(2) called the way ILCompiler's PdbWriter.cs calls
 * it, on a small ReadyToRun-shaped image; the PDB appears at Release, whole, with the
 * image's RSDS identity. (The PDB's inside is checked by tests/unit/
 * test_winpdb_emit_native.c, through corsym's reader and llvm-pdbutil.) */
#define COBJMACROS
#include "test_support.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

static const BYTE GUID_NI[16] = { 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8,
                                  0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF, 0xB0 };
static const BYTE GUID_IL[16] = { 0xC1, 0xC2, 0xC3, 0xC4, 0xC5, 0xC6, 0xC7, 0xC8,
                                  0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF, 0xD0 };

static char *temp_path(const char *name)
{
    char *path = malloc(512);
#ifdef _WIN32
    char dir[MAX_PATH];
    GetTempPathA(MAX_PATH, dir);
    snprintf(path, 512, "%scorsym-ngen-%lu-%s", dir, (unsigned long)GetCurrentProcessId(), name);
#else
    snprintf(path, 512, "/tmp/corsym-ngen-%ld-%s", (long)getpid(), name);
#endif
    return path;
}

static const char *base_name(const char *path)
{
    const char *b = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            b = p + 1;
    return b;
}

static void put16(BYTE *p, unsigned v)
{
    p[0] = (BYTE)v;
    p[1] = (BYTE)(v >> 8);
}

static void put32(BYTE *p, unsigned long v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (BYTE)(v >> (8 * i));
}

/* A PE32+ image with .text (the debug directory: the IL PDB's RSDS first, then the native
 * one named ni_name) and .data. */
static void write_image(const char *path, const char *ni_name)
{
    static BYTE img[0x600];
    memset(img, 0, sizeof img);
    img[0] = 'M';
    img[1] = 'Z';
    put32(img + 0x3C, 0x40);
    memcpy(img + 0x40, "PE\0\0", 4);
    BYTE *coff = img + 0x44;
    put16(coff, 0x8664);
    put16(coff + 2, 2);
    put32(coff + 4, 0x5EED);
    put16(coff + 16, 0xF0);
    put16(coff + 18, 0x2022);
    BYTE *opt = coff + 20;
    put16(opt, 0x20B);
    put32(opt + 108, 16);
    put32(opt + 112 + 6 * 8, 0x1000);     /* debug directory */
    put32(opt + 112 + 6 * 8 + 4, 2 * 28);
    BYTE *sec = opt + 0xF0;
    memcpy(sec, ".text", 5);
    put32(sec + 8, 0x200);
    put32(sec + 12, 0x1000);
    put32(sec + 16, 0x200);
    put32(sec + 20, 0x200);
    put32(sec + 36, 0x60000020);
    sec += 40;
    memcpy(sec, ".data", 5);
    put32(sec + 8, 0x200);
    put32(sec + 12, 0x2000);
    put32(sec + 16, 0x200);
    put32(sec + 20, 0x400);
    put32(sec + 36, 0xC0000040);
    /* Debug entries at 0x200; RSDS data at 0x240 and 0x300. */
    const char *names[2] = { "C:\\src\\App.pdb", ni_name };
    const BYTE *guids[2] = { GUID_IL, GUID_NI };
    unsigned long ages[2] = { 3, 1 }, data_at[2] = { 0x240, 0x300 };
    for (int i = 0; i < 2; i++) {
        BYTE *e = img + 0x200 + 28 * i;
        put32(e + 4, 0x1234);
        put32(e + 12, 2); /* CODEVIEW */
        size_t len = strlen(names[i]);
        put32(e + 16, (unsigned long)(24 + len + 1));
        put32(e + 20, 0x1000 + data_at[i] - 0x200);
        put32(e + 24, data_at[i]);
        BYTE *d = img + data_at[i];
        memcpy(d, "RSDS", 4);
        memcpy(d + 4, guids[i], 16);
        put32(d + 20, ages[i]);
        memcpy(d + 24, names[i], len + 1);
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img, 1, sizeof img, f), sizeof img);
    assert_int_equal(fclose(f), 0);
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

static const BYTE *find_bytes(const BYTE *hay, size_t n, const void *needle, size_t m)
{
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

static ISymNGenWriter2 *create(const char *image, const char *pdb)
{
    WCHAR *wimage = corsym_test_wstr(image), *wpdb = corsym_test_wstr(pdb);
    ISymNGenWriter2 *w = NULL;
    assert_int_equal(corsym_test_library()->CreateNGenPdbWriter(wimage, wpdb, (void **)&w),
                     S_OK);
    assert_non_null(w);
    free(wimage);
    free(wpdb);
    return w;
}

/* C13 blob: signature, then one subsection of kind with data (not padded, like
 * ILCompiler's string table). */
static BYTE *c13(unsigned kind, const void *data, size_t size, LONG *cb)
{
    BYTE *b = calloc(1, 12 + size);
    put32(b, 4);
    put32(b + 4, kind);
    put32(b + 8, (unsigned long)size);
    memcpy(b + 12, data, size);
    *cb = (LONG)(12 + size);
    return b;
}

/* PdbWriter.cs, in order. */
static void ilcompiler_calls(ISymNGenWriter2 *w, const char *image)
{
    WCHAR name[1024];
    assert_int_equal(ISymNGenWriter2_QueryPDBNameExW(w, name, 1024), S_OK);

    BYTE *mod = NULL;
    WCHAR *wimage = corsym_test_wstr(image), *obj = corsym_test_wstr("App.dll");
    assert_int_equal(ISymNGenWriter2_OpenModW(w, wimage, obj, &mod), S_OK);
    assert_non_null(mod);
    free(wimage);
    free(obj);

    static const BYTE compile3[] = { 0x22, 0, 0x3C, 0x11, 0x0F, 0, 0, 0, 0xD0, 0,
                                     0, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0,
                                     'C', 'r', 'o', 's', 's', 'g', 'e', 'n', 0, 0 };
    LONG cb;
    BYTE *blob = c13(0xF1, compile3, sizeof compile3, &cb);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, blob, cb), S_OK);
    free(blob);
    blob = c13(0xF3, "unknown", 8, &cb);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, blob, cb), S_OK);
    free(blob);
    static const BYTE sums[8] = { 0 };
    blob = c13(0xF4, sums, sizeof sums, &cb);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, blob, cb), S_OK);
    free(blob);

    assert_int_equal(ISymNGenWriter2_AddSection(w, 1, 0x10D, 0, 0x200), S_OK);
    assert_int_equal(ISymNGenWriter2_ModAddSecContribEx(w, mod, 1, 0, 0x200, 0x60000020, 0, 0),
                     S_OK);
    assert_int_equal(ISymNGenWriter2_AddSection(w, 2, 0x10D, 0, 0x200), S_OK);
    assert_int_equal(ISymNGenWriter2_ModAddSecContribEx(w, mod, 2, 0, 0x200, 0xC0000040, 0, 0),
                     S_OK);
    assert_int_equal(ISymNGenWriter2_AddSection(w, 0, 0x208, 0, -1), S_OK);

    WCHAR *sym = corsym_test_wstr("Main$##6000001");
    assert_int_equal(ISymNGenWriter2_AddSymbol(w, sym, 1, 0x10), S_OK);
    free(sym);
    sym = corsym_test_wstr("[COLD] Main$##6000001");
    assert_int_equal(ISymNGenWriter2_AddSymbol(w, sym, 1, 0x1F0), S_OK);
    free(sym);
    assert_int_equal(ISymNGenWriter2_CloseMod(w, mod), S_OK);
}

static void test_ilcompiler_sequence(void **state)
{
    (void)state;
    char *image = temp_path("App.dll"), *pdb = temp_path("App.ni.pdb");
    write_image(image, base_name(pdb));
    remove(pdb);
    ISymNGenWriter2 *w = create(image, pdb);

    WCHAR name[1024];
    assert_int_equal(ISymNGenWriter2_QueryPDBNameExW(w, name, 1024), S_OK);
    assert_true(corsym_test_wstr_equal(name, pdb));
    ilcompiler_calls(w, image);
    /* Nothing on disk until the writer goes. */
    assert_false(file_exists(pdb));
    ISymNGenWriter2_AddRef(w);
    assert_int_equal(ISymNGenWriter2_Release(w), 1);
    assert_false(file_exists(pdb));
    assert_int_equal(ISymNGenWriter2_Release(w), 0);

    size_t size = 0;
    unsigned char *bytes = corsym_test_read_file(pdb, &size);
    assert_non_null(bytes);
    assert_true(size > 32);
    assert_memory_equal(bytes, "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS\0\0\0", 32);
    /* The native entry's identity (chosen by name over the IL one listed first). */
    const BYTE *at = find_bytes(bytes, size, GUID_NI, 16);
    assert_non_null(at);
    assert_int_equal(at[-4], 1); /* age before the GUID in the info stream */
    assert_null(find_bytes(bytes, size, GUID_IL, 16));
    assert_non_null(find_bytes(bytes, size, "Main$##6000001", 15));
    assert_non_null(find_bytes(bytes, size, "[COLD] Main$##6000001", 22));
    assert_non_null(find_bytes(bytes, size, "App.dll", 8));
    assert_non_null(find_bytes(bytes, size, "unknown", 8));
    free(bytes);
    if (!getenv("CORSYM_KEEP_NGEN_PDB"))
        remove(pdb);
    remove(image);
    free(image);
    free(pdb);
}

static void test_identity_falls_back_to_first_rsds(void **state)
{
    (void)state;
    char *image = temp_path("Lib.dll"), *pdb = temp_path("Other.pdb");
    write_image(image, "Lib.ni.pdb");
    remove(pdb);
    ISymNGenWriter2 *w = create(image, pdb);
    assert_int_equal(ISymNGenWriter2_Release(w), 0);
    size_t size = 0;
    unsigned char *bytes = corsym_test_read_file(pdb, &size);
    assert_non_null(bytes);
    const BYTE *at = find_bytes(bytes, size, GUID_IL, 16);
    assert_non_null(at);
    assert_int_equal(at[-4], 3);
    free(bytes);
    remove(pdb);
    remove(image);
    free(image);
    free(pdb);
}

static void test_query_interface(void **state)
{
    (void)state;
    char *image = temp_path("Qi.dll"), *pdb = temp_path("Qi.ni.pdb");
    write_image(image, "Qi.ni.pdb");
    ISymNGenWriter2 *w = create(image, pdb);
    check_interface(w, &IID_IUnknown, 1);
    check_interface(w, &IID_ISymNGenWriter, 1);
    check_interface(w, &IID_ISymNGenWriter2, 1);
    check_interface(w, &IID_ISymUnmanagedWriter, 0);
    check_interface(w, &IID_ISymUnmanagedReader, 0);
    ISymNGenWriter *w1 = NULL;
    assert_int_equal(ISymNGenWriter2_QueryInterface(w, &IID_ISymNGenWriter, (void **)&w1), S_OK);
    WCHAR *sym = corsym_test_wstr("Only");
    assert_int_equal(ISymNGenWriter_AddSymbol(w1, sym, 1, 0), S_OK);
    assert_int_equal(ISymNGenWriter_AddSection(w1, 1, 0x10D, 0, 16), S_OK);
    free(sym);
    assert_refcount(w, 2);
    ISymNGenWriter_Release(w1);
    assert_int_equal(ISymNGenWriter2_Release(w), 0);
    assert_true(file_exists(pdb));
    remove(pdb);
    remove(image);
    free(image);
    free(pdb);
}

static void test_refusals(void **state)
{
    (void)state;
    const struct corsym_library *lib = corsym_test_library();
    char *image = temp_path("Bad.dll"), *pdb = temp_path("Bad.ni.pdb");
    WCHAR *wimage = corsym_test_wstr(image), *wpdb = corsym_test_wstr(pdb);
    void *object = (void *)(uintptr_t)0xdeadbeef;
    remove(image);
    /* No image, then an image that is no PE file. */
    assert_true(FAILED(lib->CreateNGenPdbWriter(wimage, wpdb, &object)));
    assert_null(object);
    FILE *f = fopen(image, "wb");
    assert_non_null(f);
    fputs("not a PE file", f);
    fclose(f);
    object = (void *)(uintptr_t)0xdeadbeef;
    assert_int_equal(lib->CreateNGenPdbWriter(wimage, wpdb, &object), E_INVALIDARG);
    assert_null(object);
    assert_int_equal(lib->CreateNGenPdbWriter(NULL, wpdb, &object), E_INVALIDARG);
    assert_int_equal(lib->CreateNGenPdbWriter(wimage, NULL, &object), E_INVALIDARG);
    assert_int_equal(lib->CreateNGenPdbWriter(wimage, wpdb, NULL), E_POINTER);

    write_image(image, "Bad.ni.pdb");
    ISymNGenWriter2 *w = create(image, pdb);
    WCHAR small[4];
    assert_true(FAILED(ISymNGenWriter2_QueryPDBNameExW(w, small, 4)));
    assert_int_equal(ISymNGenWriter2_QueryPDBNameExW(w, NULL, 4), E_INVALIDARG);
    BYTE *mod = NULL;
    WCHAR *m = corsym_test_wstr("M");
    assert_int_equal(ISymNGenWriter2_OpenModW(w, m, NULL, &mod), S_OK);
    BYTE *none = (BYTE *)(uintptr_t)1;
    assert_int_equal(ISymNGenWriter2_OpenModW(w, NULL, m, &none), E_INVALIDARG);
    assert_null(none);
    assert_int_equal(ISymNGenWriter2_OpenModW(w, m, m, NULL), E_POINTER);
    free(m);
    static const BYTE old_format[8] = { 1, 0, 0, 0, 0, 0, 0, 0 };
    static const BYTE overrun[12] = { 4, 0, 0, 0, 0xF1, 0, 0, 0, 0x40, 0, 0, 0 };
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, (BYTE *)old_format, 8), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, (BYTE *)overrun, 12), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, NULL, 4), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, mod, (BYTE *)old_format, -1), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_ModAddSymbols(w, (BYTE *)(uintptr_t)77, (BYTE *)old_format,
                                                   0), S_OK);
    assert_int_equal(ISymNGenWriter2_ModAddSecContribEx(w, (BYTE *)(uintptr_t)77, 1, 0, 1, 0, 0,
                                                        0), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_CloseMod(w, NULL), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_CloseMod(w, mod), S_OK);
    assert_int_equal(ISymNGenWriter2_CloseMod(w, mod), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_ModAddSecContribEx(w, mod, 1, 0, 1, 0, 0, 0), E_INVALIDARG);
    assert_int_equal(ISymNGenWriter2_AddSymbol(w, NULL, 1, 0), E_INVALIDARG);
    WCHAR *far_sym = corsym_test_wstr("Far");
    assert_int_equal(ISymNGenWriter2_AddSymbol(w, far_sym, 1, 0x100000000ull), E_INVALIDARG);
    free(far_sym);
    assert_int_equal(ISymNGenWriter2_Release(w), 0);
    assert_true(file_exists(pdb));
    remove(pdb);
    remove(image);
    free(wimage);
    free(wpdb);
    free(image);
    free(pdb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ilcompiler_sequence),
        cmocka_unit_test(test_identity_falls_back_to_first_rsds),
        cmocka_unit_test(test_query_interface),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
