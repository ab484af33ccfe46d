/* SPDX-License-Identifier: MIT */
/*
 * api_dump.exe: what a symbol-store DLL answers through the ISymUnmanaged* API for one Windows
 * PDB, as the text of tests/wine/API_DUMP.md. Run over Microsoft's
 * Microsoft.DiaSymReader.Native.amd64.dll it makes the golden files in expected/ms_api/
 * (scripts/ms-golden.sh); run over our corsym.dll, it compares itself with them.
 *
 *   api_dump.exe DLL PDB [TOKEN...]
 *       prints the dump. The DLL is loaded by path (LoadLibrary + DllGetClassObject of
 *       CLSID_CorSymBinder_SxS); the PDB is read into memory and handed over as an IStream
 *       from shlwapi's SHCreateMemStream (the same stream for any DLL), with a stand-in
 *       importer (api_dump.h). The methods dumped are the TOKENs given, else 0x06000001 up to
 *       one past the MethodDef count of the PE next to the PDB (same name, .dll or .exe).
 *   api_dump.exe --compare GOLDEN DIFFERENCES DLL PDB
 *       dumps as above and compares with GOLDEN after the rules in DIFFERENCES (api_dump.h);
 *       exit 0 when equal, 1 when not (the first difference is printed). CORSYM_API_ACTUAL,
 *       when set, names a directory where the dump is written.
 * Exit status 2: unusable arguments or files; 3: GetReaderFromStream failed (for --compare,
 * the failure is part of the dump instead); 77 (--compare): the PDB is absent, skipped.
 */
#define __USE_MINGW_ANSI_STDIO 1
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>
#include <fcntl.h>
#include <io.h>

#include "api_dump.h"

typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

/* The PE next to the PDB: X.pdb -> X.dll or X.exe. */
static unsigned char *read_module(const char *pdb, size_t *size)
{
    static const char *const extensions[] = { ".dll", ".exe" };
    size_t n = strlen(pdb);
    if (n < 4)
        return NULL;
    char *path = malloc(n + 1);
    if (!path)
        return NULL;
    unsigned char *data = NULL;
    for (int i = 0; i < 2 && !data; i++) {
        memcpy(path, pdb, n - 4);
        strcpy(path + n - 4, extensions[i]);
        data = api_read_file(path, size);
    }
    free(path);
    return data;
}

static int dump(const char *dll_path, const char *pdb_path, const uint32_t *given, size_t ngiven,
                struct api_text *out)
{
    HMODULE dll = LoadLibraryA(dll_path);
    if (!dll) {
        fprintf(stderr, "cannot load %s: %lu\n", dll_path, (unsigned long)GetLastError());
        return 2;
    }
    get_class_object_fn get_class_object =
        (get_class_object_fn)(void *)GetProcAddress(dll, "DllGetClassObject");
    size_t pdb_size = 0, pe_size = 0;
    unsigned char *pdb = api_read_file(pdb_path, &pdb_size);
    if (!get_class_object || !pdb) {
        fprintf(stderr, "%s\n", pdb ? "no DllGetClassObject" : "cannot read the PDB");
        return 2;
    }
    unsigned char *pe = read_module(pdb_path, &pe_size);
    struct api_module module;
    if (!pe || !api_module_parse(pe, pe_size, &module))
        memset(&module, 0, sizeof module);

    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    HRESULT hr = get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory);
    if (hr == S_OK) {
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder);
        IClassFactory_Release(factory);
    }
    if (hr != S_OK) {
        fprintf(stderr, "cannot create the binder: 0x%08lx\n", (unsigned long)hr);
        return 2;
    }
    IStream *stream = SHCreateMemStream(pdb, (UINT)pdb_size);
    if (!stream) {
        fprintf(stderr, "SHCreateMemStream failed\n");
        return 2;
    }
    IUnknown *importer = api_importer_new(&module);
    ISymUnmanagedReader *reader = NULL;
    hr = ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader);
    int status = 0;
    if (hr == S_OK && reader) {
        uint32_t *tokens = NULL;
        size_t ntokens = ngiven;
        if (!ngiven)
            ntokens = api_module_tokens(&module, &tokens);
        api_dump_reader(out, reader, API_DUMP_WINDOWS, ngiven ? given : tokens, ntokens, &module);
        free(tokens);
        ISymUnmanagedReader_Release(reader);
    } else {
        api_text_printf(out, "corsym-winapi 1\nGetReaderFromStream !0x%08lx\nend\n",
                        (unsigned long)hr);
        status = 3;
    }
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    IUnknown_Release(importer);
    free(pe);
    free(pdb);
    return status;
}

static void save_actual(const char *pdb_path, const struct api_text *t)
{
    const char *dir = getenv("CORSYM_API_ACTUAL");
    if (!dir || !*dir)
        return;
    const char *base = pdb_path;
    for (const char *p = pdb_path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.txt", dir, base);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(t->data, 1, t->len, f);
        fclose(f);
    }
}

static int compare(const char *golden, const char *differences, const char *dll, const char *pdb)
{
    size_t elen = 0, rlen = 0;
    char *expected = (char *)api_read_file(golden, &elen);
    char *rules_text = (char *)api_read_file(differences, &rlen);
    if (!expected || !rules_text) {
        fprintf(stderr, "cannot read %s\n", expected ? differences : golden);
        return 2;
    }
    struct api_rules rules = { NULL, 0 };
    struct api_text report = { NULL, 0, 0 }, actual = { NULL, 0, 0 };
    if (!api_rules_parse(&rules, rules_text, rlen, &report)) {
        fprintf(stderr, "%s: %s", differences, report.data);
        return 2;
    }
    FILE *probe = fopen(pdb, "rb");
    if (!probe) {
        printf("%s: absent (the corpus is not here): skipped\n", pdb);
        return 77;
    }
    fclose(probe);
    int status = dump(dll, pdb, NULL, 0, &actual);
    if (status == 2)
        return 2;
    save_actual(pdb, &actual);
    const char *name = golden;
    for (const char *p = golden; *p; p++)
        if (*p == '/' || *p == '\\')
            name = p + 1;
    int result = api_dump_compare(name, expected, elen, actual.data, actual.len, &rules, &report);
    api_rules_report(&rules, &report);
    printf("%s: %s\n%s", name,
           result == 0 ? "identical" : result > 0 ? "equal after the documented differences"
                                                 : "DIFFERS",
           report.data ? report.data : "");
    api_text_free(&report);
    api_text_free(&actual);
    api_rules_free(&rules);
    free(expected);
    free(rules_text);
    return result < 0 ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--compare") == 0)
        return compare(argv[2], argv[3], argv[4], argv[5]);
    if (argc < 3) {
        fprintf(stderr, "usage: api_dump DLL PDB [TOKEN...]\n"
                        "       api_dump --compare GOLDEN DIFFERENCES DLL PDB\n");
        return 2;
    }
    _setmode(_fileno(stdout), _O_BINARY); /* the golden text has \n line ends */
    size_t ngiven = (size_t)argc - 3;
    uint32_t *given = calloc(ngiven ? ngiven : 1, sizeof(uint32_t));
    for (size_t i = 0; i < ngiven; i++)
        given[i] = (uint32_t)strtoul(argv[3 + i], NULL, 0);
    struct api_text out = { NULL, 0, 0 };
    int status = dump(argv[1], argv[2], given, ngiven, &out);
    if (out.len)
        fwrite(out.data, 1, out.len, stdout);
    api_text_free(&out);
    free(given);
    return status;
}
