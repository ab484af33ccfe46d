/* SPDX-License-Identifier: MIT */
/*
 * writer_pdbs.exe: replays the scenarios of writer_scenarios.c on one writer and leaves
 * one PDB per scenario in a directory, with the method tokens to ask a reader about.
 *
 *   writer_pdbs.exe com DLL OUTDIR [--log] [SCENARIO]   CLSID_CorSymWriter_SxS of DLL
 *   writer_pdbs.exe core OUTDIR [SCENARIO]              corsym's model + Windows emitter
 *
 * For each scenario it writes OUTDIR/NAME.pdb, OUTDIR/NAME.tokens (the tokens, one a
 * line) and OUTDIR/NAME.cv (GetDebugInfo's CodeView bytes, hex). Exit 0 when every
 * scenario was written, 1 when a call failed (the call's HRESULT is printed).
 */
#define __USE_MINGW_ANSI_STDIO 1
#define INITGUID
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer_ops.h"

static int write_side_files(const char *dir, const struct writer_scenario *s, const BYTE *cv,
                            DWORD cv_size)
{
    char path[MAX_PATH];
    snprintf(path, sizeof path, "%s\\%s.tokens", dir, s->name);
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    for (unsigned i = 0; i < s->token_count; i++)
        fprintf(f, "0x%08x\n", (unsigned)s->tokens[i]);
    fclose(f);
    snprintf(path, sizeof path, "%s\\%s.cv", dir, s->name);
    f = fopen(path, "w");
    if (!f)
        return 0;
    for (DWORD i = 0; i < cv_size; i++)
        fprintf(f, "%02x", cv[i]);
    fprintf(f, "\n");
    fclose(f);
    return 1;
}

static int run(struct writer_ops *w, const char *dir, const struct writer_scenario *s)
{
    char path[MAX_PATH];
    WCHAR wpath[MAX_PATH];
    snprintf(path, sizeof path, "%s\\%s.pdb", dir, s->name);
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wpath, MAX_PATH);
    DeleteFileA(path);
    HRESULT hr = w->begin(w, s->md, wpath);
    if (SUCCEEDED(hr))
        hr = s->run(w);
    BYTE cv[1024];
    DWORD cv_size = 0;
    if (SUCCEEDED(hr))
        hr = w->debug_info(w, cv, sizeof cv, &cv_size);
    if (SUCCEEDED(hr))
        hr = w->finish(w);
    if (FAILED(hr)) {
        if (w->abort)
            w->abort(w);
        printf("%s: failed 0x%08lx%s\n", s->name, (unsigned long)hr,
               s->must_fail ? " (as it must)" : "");
        return s->must_fail;
    }
    if (s->must_fail) {
        printf("%s: written, but must fail\n", s->name);
        return 0;
    }
    if (!write_side_files(dir, s, cv, cv_size)) {
        printf("%s: cannot write the side files\n", s->name);
        return 0;
    }
    printf("%s: written\n", s->name);
    return 1;
}

int main(int argc, char **argv)
{
    struct writer_ops *w = NULL;
    int arg = 2, log = 0;
    if (argc >= 4 && strcmp(argv[1], "com") == 0) {
        HMODULE dll = LoadLibraryA(argv[2]);
        if (!dll) {
            fprintf(stderr, "cannot load %s\n", argv[2]);
            return 2;
        }
        arg = 3;
        if (argc > 4 && strcmp(argv[4], "--log") == 0)
            log = 1;
        w = writer_ops_com(dll, log);
    } else if (argc >= 3 && strcmp(argv[1], "core") == 0) {
        w = writer_ops_core();
    } else {
        fprintf(stderr, "usage: writer_pdbs com DLL OUTDIR [--log] [SCENARIO] | core OUTDIR [SCENARIO]\n");
        return 2;
    }
    if (!w)
        return 2;
    const char *dir = argv[arg];
    const char *only = argc > arg + 1 + log ? argv[arg + 1 + log] : NULL;
    int ok = 1;
    for (unsigned i = 0; i < writer_scenario_count; i++)
        if (!only || strcmp(only, writer_scenarios[i].name) == 0)
            ok &= run(w, dir, &writer_scenarios[i]);
    w->destroy(w);
    return ok ? 0 : 1;
}
