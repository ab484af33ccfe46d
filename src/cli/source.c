/* SPDX-License-Identifier: MIT */
#include "source.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <windows.h>
#endif

#include "emitter.h"
#include "tree.h"

static char *dup(const char *s)
{
    return cli_xstrndup(s, strlen(s));
}

static char *dir_of(const char *path)
{
    const char *slash = NULL;
    for (const char *p = path; *p; p++)
        if (*p == '/' || *p == '\\')
            slash = p;
    return slash ? cli_xstrndup(path, (size_t)(slash - path + 1)) : dup(".");
}

/* Both names lead to the same file. */
static bool same_file(const char *a, const char *b)
{
#ifdef _WIN32
    WCHAR *wa = cli_wide(a), *wb = cli_wide(b), fa[4096], fb[4096];
    bool same = GetFullPathNameW(wa, 4096, fa, NULL) && GetFullPathNameW(wb, 4096, fb, NULL) &&
                lstrcmpiW(fa, fb) == 0;
    free(wa);
    free(wb);
    return same;
#else
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    bool same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
#endif
}

static bool matches_module(ISymUnmanagedReader *reader, const struct cli_codeview *cv)
{
    ISymUnmanagedReader4 *r4 = NULL;
    BOOL result = FALSE;
    GUID guid;
    memcpy(&guid, cv->guid, 16);
    if (FAILED(ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader4, (void **)&r4)))
        return false;
    /* A Portable PDB's id ends in the PE's stamp; its CodeView age is always 1. */
    if (FAILED(ISymUnmanagedReader4_MatchesModule(r4, guid, cv->stamp, (int)cv->age, &result)))
        result = FALSE;
    ISymUnmanagedReader4_Release(r4);
    return result != FALSE;
}

/*
 * The PDB with its module: through the binder when it finds this very file, else the PDB on
 * its own; either way the reader gets the module's metadata importer (Windows PDB constants
 * need it for their signatures). The module lends its names, and its importer, only if it
 * matches: else the PDB is read again with an importer that knows no metadata.
 */
static HRESULT open_pdb_with_module(struct cli_source *s, struct cli_library *lib,
                                    const char *pdb, const char *pe)
{
    struct cli_codeview cv;
    bool have_pe = pe && cli_image_load(&s->image, pe) == 0;
    bool have_cv = have_pe && cli_image_codeview(&s->image, &cv);
    HRESULT hr = E_FAIL;
    IUnknown *importer = have_pe && s->image.has_md ? cli_emitter_new(&s->image.md) : NULL;
    if (have_cv) {
        char *dir = dir_of(pdb);
        hr = cli_open_for_module(lib, importer, pe, dir, &s->reader);
        free(dir);
        if (SUCCEEDED(hr)) {
            char *found = cli_reader_file_name(s->reader);
            if (!found || !same_file(found, pdb)) {
                ISymUnmanagedReader_Release(s->reader);
                s->reader = NULL;
                hr = E_FAIL;
            }
            free(found);
        }
    }
    if (FAILED(hr))
        hr = cli_open_pdb(lib, importer, pdb, &s->reader);
    bool matches = SUCCEEDED(hr) && have_cv && matches_module(s->reader, &cv);
    if (SUCCEEDED(hr) && importer && !matches) {
        ISymUnmanagedReader_Release(s->reader);
        s->reader = NULL;
        hr = cli_open_pdb(lib, NULL, pdb, &s->reader);
    }
    if (importer)
        IUnknown_Release(importer);
    if (matches) {
        s->pe_path = dup(pe);
        s->md = s->image.has_md ? &s->image.md : NULL;
    } else if (have_pe) {
        cli_image_free(&s->image);
    }
    if (have_cv)
        free(cv.path);
    return hr;
}

/* X.pdb -> X.dll, X.exe or X.winmd, if one of them is there. */
static char *sibling_module(const char *pdb)
{
    static const char *const extensions[] = { ".dll", ".exe", ".winmd" };
    size_t n = strlen(pdb);
    const char *dot = NULL;
    for (const char *p = pdb; *p; p++)
        if (*p == '.')
            dot = p;
        else if (*p == '/' || *p == '\\')
            dot = NULL;
    size_t stem = dot ? (size_t)(dot - pdb) : n;
    for (size_t i = 0; i < 3; i++) {
        char *candidate = cli_xmalloc(stem + 8);
        memcpy(candidate, pdb, stem);
        strcpy(candidate + stem, extensions[i]);
        int err;
        if (cli_file_kind(candidate, &err) == CLI_FILE_PE)
            return candidate;
        free(candidate);
    }
    return NULL;
}

static void report_open_error(const char *file, HRESULT hr)
{
    if (hr == E_PDB_NOT_FOUND)
        cli_error(file, hr, "no matching PDB beside the module and none embedded in it");
    else if (hr == E_PDB_NO_DEBUG_INFO)
        cli_error(file, hr, "the module has no CodeView debug directory entry");
    else if (hr == E_PDB_INVALID_EXECUTABLE)
        cli_error(file, hr, "not a valid PE file");
    else
        cli_error(file, hr, "cannot read symbols");
}

bool cli_source_open(struct cli_source *s, struct cli_library *lib, const char *file,
                     const char *pdb, bool report, HRESULT *result)
{
    memset(s, 0, sizeof(*s));
    if (result)
        *result = 0;
    int err;
    enum cli_file_kind kind = cli_file_kind(file, &err);
    if (err) {
        cli_error(file, 0, "cannot open: %s", strerror(err));
        return false;
    }
    if (pdb) {
        int err2;
        cli_file_kind(pdb, &err2);
        if (err2) {
            cli_error(pdb, 0, "cannot open: %s", strerror(err2));
            return false;
        }
    }
    HRESULT hr;
    const char *blame = file;
    if (kind == CLI_FILE_PE && pdb) {
        hr = open_pdb_with_module(s, lib, pdb, file);
        blame = pdb;
        if (SUCCEEDED(hr))
            s->pdb_path = dup(pdb);
    } else if (kind == CLI_FILE_PE) {
        bool have_pe = cli_image_load(&s->image, file) == 0;
        IUnknown *importer = have_pe && s->image.has_md ? cli_emitter_new(&s->image.md) : NULL;
        hr = cli_open_for_module(lib, importer, file, NULL, &s->reader);
        if (importer)
            IUnknown_Release(importer);
        if (SUCCEEDED(hr)) {
            s->pe_path = dup(file);
            s->pdb_path = cli_reader_file_name(s->reader);
            s->embedded = s->pdb_path == NULL;
            s->md = have_pe && s->image.has_md ? &s->image.md : NULL;
        }
    } else if (pdb) {
        cli_error(NULL, 0, "with two files, the first must be the PE and the second its PDB");
        return false;
    } else if (kind == CLI_FILE_UNKNOWN) {
        cli_error(file, E_PDB_FORMAT, "neither a PDB nor a PE file");
        return false;
    } else {
        char *pe = sibling_module(file);
        hr = open_pdb_with_module(s, lib, file, pe);
        free(pe);
        if (SUCCEEDED(hr))
            s->pdb_path = dup(file);
    }
    if (result)
        *result = hr;
    if (FAILED(hr)) {
        if (report)
            report_open_error(blame, hr);
        cli_source_close(s);
        return false;
    }
    const uint8_t *data;
    size_t size;
    s->format = cli_source_portable_bytes(s, &data, &size) ? CLI_PDB_PORTABLE : CLI_PDB_WINDOWS;
    return true;
}

bool cli_source_portable_bytes(const struct cli_source *s, const uint8_t **data, size_t *size)
{
    ISymUnmanagedReader4 *r4 = NULL;
    BYTE *bytes = NULL;
    int n = 0;
    if (FAILED(ISymUnmanagedReader_QueryInterface(s->reader, &IID_ISymUnmanagedReader4, (void **)&r4)))
        return false;
    HRESULT hr = ISymUnmanagedReader4_GetPortableDebugMetadata(r4, &bytes, &n);
    /* The bytes belong to the reader, which outlives this reference. */
    ISymUnmanagedReader4_Release(r4);
    if (hr != S_OK || !bytes || n <= 0)
        return false;
    *data = bytes;
    *size = (size_t)n;
    return true;
}

void cli_source_close(struct cli_source *s)
{
    if (s->reader)
        ISymUnmanagedReader_Release(s->reader);
    cli_image_free(&s->image);
    free(s->pdb_path);
    free(s->pe_path);
    memset(s, 0, sizeof(*s));
}
