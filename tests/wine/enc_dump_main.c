/* SPDX-License-Identifier: MIT */
/*
 * enc_dump.exe: what a symbol-store DLL answers about Edit and Continue on Windows PDBs.
 * A base PDB is opened as api_dump.exe opens one (memory IStream, stand-in importer), then
 * each STEP changes the reader and the whole versioned view is printed again:
 *
 *   enc_dump.exe DLL BASE.pdb STEP...
 *   enc_dump.exe --compare GOLDEN DIFFERENCES DLL BASE.pdb STEP...
 *       exit 0 equal (after the rules of DIFFERENCES, api_dump.h), 1 not, 2 unusable
 *
 * The steps are those of tests/support/enc_dump.h (update:, update2:, lines:); the walk is
 * tests/support/enc_dump.c.
 *
 * Microsoft's reader takes a delta of a Windows PDB as an ordinary PDB holding the methods
 * that changed; the golden text (expected/enc/) is its answer, made by tests/wine/enc_golden.sh.
 * Per state: the documents with their versions and methods, every method of 0x06000001..
 * 0x06000006 at its current version and at versions 0..count+1, and which method each line
 * of each document belongs to.
 */
#define __USE_MINGW_ANSI_STDIO 1
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <shlwapi.h>

#include "enc_dump.h"


typedef HRESULT(WINAPI *get_class_object_fn)(REFCLSID, REFIID, void **);

static IStream *stream_of(const char *path)
{
    size_t size = 0;
    unsigned char *data = api_read_file(path, &size);
    if (!data)
        return NULL;
    IStream *s = SHCreateMemStream(data, (UINT)size);
    free(data);
    return s;
}

static int dump(const char *dll_path, const char *pdb_path, char **steps, int nsteps,
                struct api_text *out)
{
    HMODULE dll = LoadLibraryA(dll_path);
    get_class_object_fn get_class_object =
        dll ? (get_class_object_fn)(void *)GetProcAddress(dll, "DllGetClassObject") : NULL;
    IStream *stream = stream_of(pdb_path);
    if (!get_class_object || !stream) {
        fprintf(stderr, "cannot load %s or read %s\n", dll_path, pdb_path);
        return 2;
    }
    IClassFactory *factory = NULL;
    ISymUnmanagedBinder *binder = NULL;
    HRESULT hr = get_class_object(&CLSID_CorSymBinder_SxS, &IID_IClassFactory, (void **)&factory);
    if (hr == S_OK) {
        hr = IClassFactory_CreateInstance(factory, NULL, &IID_ISymUnmanagedBinder, (void **)&binder);
        IClassFactory_Release(factory);
    }
    if (hr != S_OK)
        return 2;
    struct api_module module;
    memset(&module, 0, sizeof module);
    IUnknown *importer = api_importer_new(&module);
    ISymUnmanagedReader *reader = NULL;
    hr = ISymUnmanagedBinder_GetReaderFromStream(binder, importer, stream, &reader);
    api_text_printf(out, "corsym-enc 1\n");
    int status = 0;
    if (hr != S_OK || !reader) {
        api_text_printf(out, "GetReaderFromStream !0x%08lx\n", (unsigned long)hr);
        status = 3;
    } else {
        enc_dump_run(out, reader, steps, nsteps, stream_of);
        ISymUnmanagedReader_Release(reader);
    }
    api_text_printf(out, "end\n");
    ISymUnmanagedBinder_Release(binder);
    IStream_Release(stream);
    IUnknown_Release(importer);
    return status;
}

static const char *base_name(const char *path)
{
    const char *base = path;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    return base;
}

int main(int argc, char **argv)
{
    struct api_text out = { NULL, 0, 0 };
    if (argc >= 6 && !strcmp(argv[1], "--compare")) {
        size_t elen = 0, rlen = 0;
        char *expected = (char *)api_read_file(argv[2], &elen);
        char *rules_text = (char *)api_read_file(argv[3], &rlen);
        if (!expected || !rules_text) {
            fprintf(stderr, "cannot read %s\n", expected ? argv[3] : argv[2]);
            return 2;
        }
        struct api_rules rules = { NULL, 0 };
        struct api_text report = { NULL, 0, 0 };
        if (!api_rules_parse(&rules, rules_text, rlen, &report)) {
            fprintf(stderr, "%s: %s", argv[3], report.data);
            return 2;
        }
        FILE *probe = fopen(argv[5], "rb");
        if (!probe) {
            printf("%s: absent: skipped\n", argv[5]);
            return 77;
        }
        fclose(probe);
        int status = dump(argv[4], argv[5], argv + 6, argc - 6, &out);
        if (status == 2)
            return 2;
        const char *name = base_name(argv[2]);
        int result = api_dump_compare(name, expected, elen, out.data, out.len, &rules, &report);
        api_rules_report(&rules, &report);
        printf("%s: %s\n%s", name,
               result == 0 ? "identical" : result > 0 ? "equal after the documented differences"
                                                     : "DIFFERS",
               report.data ? report.data : "");
        if (result < 0)
            fwrite(out.data, 1, out.len, stdout);
        return result < 0 ? 1 : 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: enc_dump.exe [--compare GOLDEN DIFFERENCES] DLL BASE.pdb STEP...\n");
        return 2;
    }
    int status = dump(argv[1], argv[2], argv + 3, argc - 3, &out);
    fwrite(out.data, 1, out.len, stdout);
    api_text_free(&out);
    return status;
}
