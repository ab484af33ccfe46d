/* SPDX-License-Identifier: MIT */
/*
 * Edit and Continue on Windows PDBs through the ISymUnmanaged* API, printed as text
 * ("corsym-enc 1") so that any symbol-store DLL can be compared with Microsoft's: the walker
 * of tests/wine/enc_dump_main.c (under Wine, any DLL) and tests/com/test_com_reader_enc_windows.c
 * (natively, corsym). Per state: the documents with their versions, checksums and methods,
 * which method each of a set of lines belongs to, and every method of 0x06000001..0x06000006
 * at its current version and at versions 0..5.
 */
#define COBJMACROS
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "enc_dump.h"

#define FIRST_TOKEN 0x06000001u
#define LAST_TOKEN 0x06000006u
#define MAX_DOCS 16

static void put_hr_or(struct api_text *t, HRESULT hr)
{
    api_text_printf(t, "!0x%08x", (unsigned)hr);
}

static void put_url(struct api_text *t, ISymUnmanagedDocument *doc)
{
    WCHAR url[260];
    ULONG32 n = 0;
    HRESULT hr = ISymUnmanagedDocument_GetURL(doc, 260, &n, url);
    if (hr != S_OK) {
        put_hr_or(t, hr);
        return;
    }
    for (ULONG32 i = 0; i + 1 < n && url[i]; i++)
        api_text_printf(t, "%c", url[i] < 128 ? (char)url[i] : '?');
}

/* The sequence points of a method, compactly: offset@line:column (document index). */
static void put_points(struct api_text *t, ISymUnmanagedMethod *m,
                       ISymUnmanagedDocument **docs, ULONG32 doc_count)
{
    ULONG32 count = 0;
    HRESULT hr = ISymUnmanagedMethod_GetSequencePointCount(m, &count);
    if (hr != S_OK) {
        api_text_printf(t, " points=");
        put_hr_or(t, hr);
        return;
    }
    ULONG32 offsets[32], lines[32], columns[32], end_lines[32], end_columns[32], got = 0;
    ISymUnmanagedDocument *pdocs[32];
    if (count > 32)
        count = 32;
    hr = ISymUnmanagedMethod_GetSequencePoints(m, count, &got, offsets, pdocs, lines, columns,
                                               end_lines, end_columns);
    api_text_printf(t, " points=%u", (unsigned)count);
    if (hr != S_OK) {
        api_text_printf(t, ":");
        put_hr_or(t, hr);
        return;
    }
    for (ULONG32 i = 0; i < got; i++) {
        int index = -1;
        for (ULONG32 d = 0; d < doc_count; d++) {
            ISymUnmanagedDocument *a = docs[d];
            WCHAR u1[260], u2[260];
            ULONG32 n1 = 0, n2 = 0;
            if (ISymUnmanagedDocument_GetURL(a, 260, &n1, u1) == S_OK &&
                ISymUnmanagedDocument_GetURL(pdocs[i], 260, &n2, u2) == S_OK && n1 == n2 &&
                !memcmp(u1, u2, n1 * sizeof(WCHAR))) {
                index = (int)d;
                break;
            }
        }
        api_text_printf(t, " p%x=%u:%u-%u:%u d%x=", (unsigned)offsets[i], (unsigned)lines[i],
                        (unsigned)columns[i], (unsigned)end_lines[i], (unsigned)end_columns[i],
                        (unsigned)offsets[i]);
        /* A document GetDocuments does not list (by URL) is shown by its own URL. */
        if (index >= 0)
            api_text_printf(t, "d%d", index);
        else
            put_url(t, pdocs[i]);
        ISymUnmanagedDocument_Release(pdocs[i]);
    }
}

static void put_locals(struct api_text *t, ISymUnmanagedMethod *m)
{
    ISymUnmanagedScope *root = NULL;
    HRESULT hr = ISymUnmanagedMethod_GetRootScope(m, &root);
    api_text_printf(t, " locals=");
    if (hr != S_OK || !root) {
        put_hr_or(t, hr);
        return;
    }
    ISymUnmanagedScope *children[4];
    ULONG32 n = 0;
    hr = ISymUnmanagedScope_GetChildren(root, 4, &n, children);
    api_text_printf(t, "[");
    for (ULONG32 c = 0; hr == S_OK && c < n; c++) {
        ISymUnmanagedVariable *vars[8];
        ULONG32 nv = 0;
        if (ISymUnmanagedScope_GetLocals(children[c], 8, &nv, vars) == S_OK) {
            for (ULONG32 v = 0; v < nv; v++) {
                WCHAR name[64];
                ULONG32 len = 0;
                if (ISymUnmanagedVariable_GetName(vars[v], 64, &len, name) == S_OK)
                    for (ULONG32 i = 0; i + 1 < len; i++)
                        api_text_printf(t, "%c", (char)name[i]);
                api_text_printf(t, ";");
                ISymUnmanagedVariable_Release(vars[v]);
            }
        }
        ISymUnmanagedScope_Release(children[c]);
    }
    api_text_printf(t, "]");
    ISymUnmanagedScope_Release(root);
}

static void put_method(struct api_text *t, ISymUnmanagedReader *reader, ISymUnmanagedMethod *m,
                       ISymUnmanagedDocument **docs, ULONG32 doc_count)
{
    int version = -1;
    HRESULT hr = ISymUnmanagedReader_GetMethodVersion(reader, m, &version);
    api_text_printf(t, " version=");
    if (hr == S_OK)
        api_text_printf(t, "%d", version);
    else
        put_hr_or(t, hr);
    mdMethodDef token = 0;
    hr = ISymUnmanagedMethod_GetToken(m, &token);
    if (hr != S_OK) {
        api_text_printf(t, " token=");
        put_hr_or(t, hr);
    }
    put_points(t, m, docs, doc_count);
    put_locals(t, m);
}

void enc_dump_state(struct api_text *t, ISymUnmanagedReader *reader, int closest)
{
    ISymUnmanagedDocument *docs[MAX_DOCS];
    ULONG32 doc_count = 0;
    HRESULT hr = ISymUnmanagedReader_GetDocuments(reader, MAX_DOCS, &doc_count, docs);
    if (hr != S_OK) {
        api_text_printf(t, "documents ");
        put_hr_or(t, hr);
        api_text_printf(t, "\n");
        doc_count = 0;
    }
    mdMethodDef entry = 0;
    hr = ISymUnmanagedReader_GetUserEntryPoint(reader, &entry);
    api_text_printf(t, "entry ");
    if (hr == S_OK)
        api_text_printf(t, "0x%08x\n", (unsigned)entry);
    else {
        put_hr_or(t, hr);
        api_text_printf(t, "\n");
    }
    ISymUnmanagedReader2 *reader2 = NULL;
    ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedReader2, (void **)&reader2);
    for (ULONG32 d = 0; d < doc_count; d++) {
        api_text_printf(t, "document d%u url=", (unsigned)d);
        put_url(t, docs[d]);
        int version = -1;
        BOOL current = FALSE;
        hr = ISymUnmanagedReader_GetDocumentVersion(reader, docs[d], &version, &current);
        api_text_printf(t, " version=");
        if (hr == S_OK)
            api_text_printf(t, "%d current=%d", version, current ? 1 : 0);
        else
            put_hr_or(t, hr);
        ULONG32 checksum = 0;
        hr = ISymUnmanagedDocument_GetCheckSum(docs[d], 0, &checksum, NULL);
        api_text_printf(t, " checksum=");
        if (hr == S_OK)
            api_text_printf(t, "%u", (unsigned)checksum);
        else
            put_hr_or(t, hr);
        if (reader2) {
            ISymUnmanagedMethod *methods[16];
            ULONG32 n = 0;
            hr = ISymUnmanagedReader2_GetMethodsInDocument(reader2, docs[d], 16, &n, methods);
            api_text_printf(t, " methods=");
            if (hr != S_OK)
                put_hr_or(t, hr);
            for (ULONG32 i = 0; hr == S_OK && i < n && i < 16; i++) {
                mdMethodDef token = 0;
                int version = -1;
                ISymUnmanagedMethod_GetToken(methods[i], &token);
                ISymUnmanagedReader_GetMethodVersion(reader, methods[i], &version);
                api_text_printf(t, "%s%x.v%d", i ? "," : "", (unsigned)(token & 0xffffff), version);
                ISymUnmanagedMethod_Release(methods[i]);
            }
        }
        api_text_printf(t, "\n");
        /* Which method each line belongs to: GetMethodFromDocumentPosition and the versions
         * GetMethodsFromDocumentPosition lists. */
        static const ULONG32 probe_lines[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 20, 21, 22, 23,
                                               24, 25, 30, 40, 50, 51, 60, 61, 100, 130 };
        api_text_printf(t, "  lines");
        for (size_t i = 0; i < sizeof probe_lines / sizeof probe_lines[0]; i++) {
            ISymUnmanagedMethod *m = NULL;
            hr = ISymUnmanagedReader_GetMethodFromDocumentPosition(reader, docs[d], probe_lines[i],
                                                                  0, &m);
            if (hr != S_OK || !m)
                continue;
            mdMethodDef token = 0;
            int version = -1;
            ISymUnmanagedMethod_GetToken(m, &token);
            ISymUnmanagedReader_GetMethodVersion(reader, m, &version);
            ISymUnmanagedMethod_Release(m);
            api_text_printf(t, " %u=%x.v%d", (unsigned)probe_lines[i], (unsigned)(token & 0xffffff),
                            version);
            ISymUnmanagedMethod *all[8];
            ULONG32 n = 0;
            hr = ISymUnmanagedReader_GetMethodsFromDocumentPosition(reader, docs[d], probe_lines[i],
                                                                   0, 8, &n, all);
            if (hr != S_OK) {
                api_text_printf(t, "[");
                put_hr_or(t, hr);
                api_text_printf(t, "]");
                continue;
            }
            api_text_printf(t, "[");
            for (ULONG32 k = 0; k < n && k < 8; k++) {
                ISymUnmanagedMethod_GetToken(all[k], &token);
                ISymUnmanagedReader_GetMethodVersion(reader, all[k], &version);
                api_text_printf(t, "%s%x.v%d", k ? "," : "", (unsigned)(token & 0xffffff), version);
                ISymUnmanagedMethod_Release(all[k]);
            }
            api_text_printf(t, "]");
        }
        api_text_printf(t, "\n");
    }
    /* FindClosestLine last (see enc_dump_run). */
    for (ULONG32 d = 0; closest && d < doc_count; d++) {
        static const ULONG32 from[] = { 0, 7, 13, 25, 45, 55, 100, 135 };
        api_text_printf(t, "closest d%u", (unsigned)d);
        for (size_t i = 0; i < sizeof from / sizeof from[0]; i++) {
            ULONG32 found = 0;
            hr = ISymUnmanagedDocument_FindClosestLine(docs[d], from[i], &found);
            api_text_printf(t, " %u=", (unsigned)from[i]);
            if (hr == S_OK)
                api_text_printf(t, "%u", (unsigned)found);
            else
                put_hr_or(t, hr);
        }
        api_text_printf(t, "\n");
    }
    for (uint32_t token = FIRST_TOKEN; token <= LAST_TOKEN; token++) {
        ISymUnmanagedMethod *m = NULL;
        hr = ISymUnmanagedReader_GetMethod(reader, token, &m);
        api_text_printf(t, "method %x", (unsigned)(token & 0xffffff));
        if (hr != S_OK || !m) {
            api_text_printf(t, " ");
            put_hr_or(t, hr);
        } else {
            put_method(t, reader, m, docs, doc_count);
            ISymUnmanagedMethod_Release(m);
        }
        api_text_printf(t, "\n");
        for (int v = 0; v <= 5; v++) {
            m = NULL;
            hr = ISymUnmanagedReader_GetMethodByVersion(reader, token, v, &m);
            api_text_printf(t, "  v%d", v);
            if (hr != S_OK || !m) {
                api_text_printf(t, " ");
                put_hr_or(t, hr);
            } else {
                put_method(t, reader, m, docs, doc_count);
                ISymUnmanagedMethod_Release(m);
            }
            if (reader2) {
                m = NULL;
                hr = ISymUnmanagedReader2_GetMethodByVersionPreRemap(reader2, token, v, &m);
                api_text_printf(t, " preremap=");
                if (hr != S_OK || !m)
                    put_hr_or(t, hr);
                else {
                    int version = -1;
                    ISymUnmanagedReader_GetMethodVersion(reader, m, &version);
                    api_text_printf(t, "v%d", version);
                    ISymUnmanagedMethod_Release(m);
                }
            }
            api_text_printf(t, "\n");
        }
        ISymUnmanagedENCUpdate *enc = NULL;
        if (ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedENCUpdate,
                                               (void **)&enc) == S_OK) {
            ULONG count = 0;
            hr = ISymUnmanagedENCUpdate_GetLocalVariableCount(enc, token, &count);
            api_text_printf(t, "  enclocals=");
            if (hr == S_OK)
                api_text_printf(t, "%u", (unsigned)count);
            else
                put_hr_or(t, hr);
            api_text_printf(t, "\n");
            ISymUnmanagedENCUpdate_Release(enc);
        }
    }
    if (reader2)
        ISymUnmanagedReader2_Release(reader2);
    for (ULONG32 d = 0; d < doc_count; d++)
        ISymUnmanagedDocument_Release(docs[d]);
}

/* "0x6000004=3,0x6000002=-1" -> SYMLINEDELTA[]; the count. */
static ULONG parse_line_deltas(const char *s, SYMLINEDELTA *out, ULONG cap)
{
    ULONG n = 0;
    while (s && *s && n < cap) {
        char *end;
        out[n].mdMethod = (mdMethodDef)strtoul(s, &end, 0);
        if (*end != '=')
            break;
        out[n].delta = (INT32)strtol(end + 1, &end, 0);
        n++;
        s = *end == ',' ? end + 1 : NULL;
    }
    return n;
}

static ULONG parse_ints(const char *s, INT32 *out, ULONG cap)
{
    ULONG n = 0;
    while (s && *s && n < cap) {
        char *end;
        out[n++] = (INT32)strtol(s, &end, 0);
        s = *end == ',' ? end + 1 : NULL;
    }
    return n;
}

HRESULT enc_dump_step(ISymUnmanagedReader *reader, const char *step, enc_stream_fn stream_of,
                      struct api_text *t, HRESULT *result)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", step);
    char *kind = buf, *arg = strchr(buf, ':');
    if (!arg)
        return E_INVALIDARG;
    *arg++ = 0;
    char *rest = strrchr(arg, ':');
    /* A drive letter is no separator: "update2:C:\x.pdb:..." */
    if (rest && rest - arg == 1)
        rest = NULL;
    HRESULT hr;
    if (!strcmp(kind, "update")) {
        IStream *s = stream_of(arg);
        if (!s)
            return E_INVALIDARG;
        hr = ISymUnmanagedReader_UpdateSymbolStore(reader, NULL, s);
        IStream_Release(s);
    } else if (!strcmp(kind, "update2")) {
        if (rest)
            *rest++ = 0;
        SYMLINEDELTA deltas[16];
        ULONG n = parse_line_deltas(rest, deltas, 16);
        IStream *s = stream_of(arg);
        if (!s)
            return E_INVALIDARG;
        ISymUnmanagedENCUpdate *enc = NULL;
        hr = ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedENCUpdate, (void **)&enc);
        if (hr == S_OK) {
            hr = ISymUnmanagedENCUpdate_UpdateSymbolStore2(enc, s, deltas, n);
            ISymUnmanagedENCUpdate_Release(enc);
        }
        IStream_Release(s);
    } else if (!strcmp(kind, "lines")) {
        if (!rest)
            return E_INVALIDARG;
        *rest++ = 0;
        INT32 deltas[32];
        ULONG n = parse_ints(rest, deltas, 32);
        ISymUnmanagedENCUpdate *enc = NULL;
        hr = ISymUnmanagedReader_QueryInterface(reader, &IID_ISymUnmanagedENCUpdate, (void **)&enc);
        if (hr == S_OK) {
            hr = ISymUnmanagedENCUpdate_UpdateMethodLines(enc, (mdMethodDef)strtoul(arg, NULL, 0),
                                                          deltas, n);
            ISymUnmanagedENCUpdate_Release(enc);
        }
    } else {
        return E_INVALIDARG;
    }
    /* The step without the directories of its file, the same on every machine. */
    const char *base = step + strlen(kind) + 1;
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    api_text_printf(t, "step %s %s -> ", kind, base);
    if (hr == S_OK)
        api_text_printf(t, "S_OK\n");
    else {
        put_hr_or(t, hr);
        api_text_printf(t, "\n");
    }
    *result = hr;
    return S_OK;
}


void enc_dump_run(struct api_text *t, ISymUnmanagedReader *reader, char **steps, int count,
                  enc_stream_fn stream_of)
{
    /* FindClosestLine only once an update succeeded: Microsoft's DLL builds its line index
     * on the first update or the first FindClosestLine, whichever comes first, and answers
     * positions and method lists otherwise from then on (expected/enc_differences.txt). */
    int updated = 0;
    api_text_printf(t, "state base\n");
    enc_dump_state(t, reader, 0);
    for (int i = 0; i < count; i++) {
        HRESULT result = E_FAIL;
        if (enc_dump_step(reader, steps[i], stream_of, t, &result) != S_OK) {
            api_text_printf(t, "step %s unreadable\n", steps[i]);
            return;
        }
        updated = updated || result == S_OK;
        enc_dump_state(t, reader, updated);
    }
}
