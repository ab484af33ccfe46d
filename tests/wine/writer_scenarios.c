/* SPDX-License-Identifier: MIT */
/*
 * The call sequences the writer comparison replays on Microsoft's writer and on ours
 * (writer_ops.h). Each is what a compiler could say; together they reach every record
 * kind a managed Windows PDB holds. Every scenario fixes the PDB id with UpdateSignature
 * so reruns give the same bytes.
 */
#include <stdio.h>
#include <string.h>

#include "writer_ops.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TRY(x)                                                                                 \
    do {                                                                                       \
        HRESULT hr_ = (x);                                                                     \
        if (FAILED(hr_)) {                                                                     \
            fprintf(stderr, "writer_scenarios.c:%d: 0x%08lx\n", __LINE__, (unsigned long)hr_); \
            return hr_;                                                                        \
        }                                                                                      \
    } while (0)

static const GUID LANG_CSHARP = { 0x3f5162f8, 0x07c6, 0x11d3, { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID LANG_VB = { 0x3a12d0b8, 0xc26c, 0x11d0, { 0xb4, 0x42, 0x00, 0xa0, 0x24, 0x4a, 0x1d, 0xd2 } };
static const GUID VENDOR_MS = { 0x994b45c4, 0xe6e9, 0x11d2, { 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID DOC_TEXT = { 0x5a869d0b, 0x6611, 0x11d3, { 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd } };
static const GUID HASH_SHA256 = { 0x8829d00f, 0x11b8, 0x4213, { 0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16 } };
static const GUID HASH_SHA1 = { 0xff1816ec, 0xaa5e, 0x4d10, { 0x87, 0xf7, 0x6f, 0x49, 0x63, 0x83, 0x34, 0x60 } };
static const GUID PDB_ID = { 0x01234567, 0x89ab, 0xcdef, { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef } };

static HRESULT fix_id(struct writer_ops *w)
{
    return w->update_signature(w, &PDB_ID, 0x5eed5eed, 1);
}

/* ---- minimal: one document, one method, a few points, the entry point ---- */

static const struct writer_md_type minimal_types[] = { { 0x02000002, L"Hello.Program", 0 } };
static const struct writer_md_method minimal_methods[] = {
    { 0x06000001, 0x02000002, L"Main" },
};
static const struct writer_md minimal_md = { minimal_types, N(minimal_types), minimal_methods,
                                             N(minimal_methods), NULL, 0 };
static const uint32_t minimal_tokens[] = { 0x06000001, 0x06000002 };

static HRESULT minimal(struct writer_ops *w)
{
    unsigned doc;
    static const ULONG32 off[] = { 0, 1, 7 }, line[] = { 4, 5, 6 }, col[] = { 5, 9, 5 },
                         eline[] = { 4, 5, 6 }, ecol[] = { 6, 40, 6 };
    TRY(w->define_document(w, L"C:\\src\\Program.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &doc));
    TRY(w->set_entry_point(w, 0x06000001));
    TRY(w->open_method(w, 0x06000001));
    TRY(w->open_scope(w, 0));
    TRY(w->sequence_points(w, doc, 3, off, line, col, eline, ecol));
    TRY(w->close_scope(w, 8));
    TRY(w->close_method(w));
    return fix_id(w);
}

/* ---- full: everything a method and a module can carry ---- */

static const struct writer_md_type full_types[] = {
    { 0x02000002, L"N1.C", 0 },
    { 0x02000003, L"<M1>d__0", 0x02000002 },
    { 0x02000004, L"Other", 0 },
};
static const struct writer_md_method full_methods[] = {
    { 0x06000001, 0x02000002, L"M1" },
    { 0x06000002, 0x02000003, L"MoveNext" },
    { 0x06000003, 0x02000004, L"Helper" },
    { 0x06000004, 0x02000002, L".ctor" },
};
static const unsigned char sig_int[] = { 0x07, 0x02, 0x08, 0x0e };
static const unsigned char sig_const_int[] = { 0x06, 0x08 };
static const struct writer_md_sig full_sigs[] = {
    { 0x11000001, sig_int, sizeof sig_int },
    { 0x11000002, sig_const_int, sizeof sig_const_int },
};
static const struct writer_md full_md = { full_types, N(full_types), full_methods,
                                          N(full_methods), full_sigs, N(full_sigs) };
static const uint32_t full_tokens[] = { 0x06000001, 0x06000002, 0x06000003, 0x06000004,
                                        0x06000005 };

static HRESULT constants(struct writer_ops *w)
{
    VARIANT v;
    VariantInit(&v);
    v.vt = VT_I4;
    v.lVal = -42;
    TRY(w->define_constant(w, L"Answer", v, 0x11000002));
    v.vt = VT_I2;
    v.iVal = 3;
    TRY(w->define_constant(w, L"Short", v, 0x11000002));
    v.vt = VT_UI2;
    v.uiVal = 0x41;
    TRY(w->define_constant(w, L"Char", v, 0x11000002));
    v.vt = VT_BOOL;
    v.boolVal = VARIANT_TRUE;
    TRY(w->define_constant(w, L"Yes", v, 0x11000002));
    v.vt = VT_I1;
    v.cVal = -5;
    TRY(w->define_constant(w, L"SByte", v, 0x11000002));
    v.vt = VT_UI1;
    v.bVal = 200;
    TRY(w->define_constant(w, L"Byte", v, 0x11000002));
    v.vt = VT_UI4;
    v.ulVal = 0x80000001u;
    TRY(w->define_constant(w, L"UInt", v, 0x11000002));
    v.vt = VT_I8;
    v.llVal = -0x123456789LL;
    TRY(w->define_constant(w, L"Long", v, 0x11000002));
    v.vt = VT_UI8;
    v.ullVal = 0xFEDCBA9876543210ULL;
    TRY(w->define_constant(w, L"ULong", v, 0x11000002));
    v.vt = VT_R4;
    v.fltVal = 1.5f;
    TRY(w->define_constant(w, L"Float", v, 0x11000002));
    v.vt = VT_R8;
    v.dblVal = 3.25;
    TRY(w->define_constant(w, L"Double", v, 0x11000002));
    v.vt = VT_BSTR;
    v.bstrVal = SysAllocString(L"hi\x00e9");
    HRESULT hr = w->define_constant(w, L"Text", v, 0x11000002);
    SysFreeString(v.bstrVal);
    TRY(hr);
    /* A NULL BSTR is E_INVALIDARG for Microsoft's writer, so it is not here. */
    VariantInit(&v);
    v.vt = VT_DECIMAL;
    v.decVal.scale = 2;
    v.decVal.sign = 0x80;
    v.decVal.Hi32 = 0;
    v.decVal.Lo64 = 12345;
    TRY(w->define_constant(w, L"Price", v, 0x11000002));
    /* VT_EMPTY is E_INVALIDARG too: compilers pass null constants as I4 0. */
    VariantInit(&v);
    v.vt = VT_I4;
    v.lVal = 0;
    TRY(w->define_constant(w, L"Nothing", v, 0x11000002));
    return S_OK;
}

/* MD2 blob: UsingGroups {2, 1} and a StateMachineTypeName record. */
static const BYTE md2_m1[] = {
    4, 2, 0, 0,
    4, 0, 0, 0, 16, 0, 0, 0, 2, 0, 2, 0, 1, 0, 0, 0,
    4, 4, 0, 0, 28, 0, 0, 0, '<', 0, 'M', 0, '1', 0, '>', 0, 'd', 0, '_', 0, '_', 0, '0', 0,
    0, 0, 0, 0,
};
/* MD2 blob: ForwardMethodInfo to M1. */
static const BYTE md2_forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
static const BYTE source_link[] = "{\"documents\":{\"C:\\\\src\\\\*\":\"https://example.com/*\"}}";
static const BYTE srcsrv[] = "SRCSRV: ini ------------------------------------------------\r\n"
                             "VERSION=1\r\n"
                             "SRCSRV: end ------------------------------------------------\r\n";
static const BYTE checksum[32] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                                   17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const BYTE checksum1[20] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
                                    0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3 };
/* Embedded source as Roslyn passes it: i32 0 (not compressed), then the text. */
static const BYTE embedded[] = { 0, 0, 0, 0, 'c', 'l', 'a', 's', 's', ' ', 'C', ' ', '{', '}', '\n' };

static HRESULT full(struct writer_ops *w)
{
    unsigned a, b, c;
    TRY(w->define_document(w, L"C:\\src\\A.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &a));
    TRY(w->set_checksum(w, a, &HASH_SHA256, checksum, sizeof checksum));
    TRY(w->set_source(w, a, embedded, sizeof embedded));
    TRY(w->define_document(w, L"C:\\src\\B.vb", &LANG_VB, &VENDOR_MS, &DOC_TEXT, &b));
    TRY(w->set_checksum(w, b, &HASH_SHA1, checksum1, sizeof checksum1));
    TRY(w->define_document(w, L"C:\\src\\Unused.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &c));
    TRY(w->set_entry_point(w, 0x06000001));
    TRY(w->source_link(w, source_link, sizeof source_link - 1));
    TRY(w->source_server(w, srcsrv, sizeof srcsrv - 1));
    TRY(w->compiler_info(w, 4, 8, 0, 1, L"corsym test compiler"));

    /* M1: two documents, hidden point, nested scopes, locals, constants, imports, MD2. */
    {
        static const ULONG32 off[] = { 0, 2, 10 }, line[] = { 5, 6, 0xFEEFEE },
                             col[] = { 9, 13, 0 }, eline[] = { 5, 8, 0xFEEFEE },
                             ecol[] = { 10, 40, 0 };
        static const ULONG32 off2[] = { 7 }, line2[] = { 3 }, col2[] = { 1 }, eline2[] = { 4 },
                             ecol2[] = { 2 };
        static const ULONG32 off3[] = { 12 }, line3[] = { 9 }, col3[] = { 9 }, eline3[] = { 9 },
                             ecol3[] = { 10 };
        TRY(w->open_method(w, 0x06000001));
        /* Parameters: in the PDB (a parameter slot each), listed by no reader. */
        TRY(w->define_parameter(w, L"this", 0, 0));
        TRY(w->define_parameter(w, L"arg", 1, 1));
        TRY(w->open_scope(w, 0));
        TRY(w->define_parameter(w, L"late", 2, 2));
        TRY(w->sequence_points(w, a, 3, off, line, col, eline, ecol));
        TRY(w->sequence_points(w, b, 1, off2, line2, col2, eline2, ecol2));
        TRY(w->sequence_points(w, a, 1, off3, line3, col3, eline3, ecol3));
        TRY(w->using_namespace(w, L"USystem"));
        TRY(w->using_namespace(w, L"USystem.Text"));
        TRY(w->using_namespace(w, L"AIO USystem.IO"));
        TRY(w->define_local(w, L"count", 0, 0x11000001, 0, 0, 0));
        TRY(w->define_local(w, L"CS$hidden", 1, 0x11000001, 1, 0, 0));
        TRY(constants(w));
        TRY(w->open_scope(w, 2));
        TRY(w->define_local(w, L"inner", 0, 0x11000001, 2, 0, 0));
        TRY(w->open_scope(w, 3));
        TRY(w->close_scope(w, 5));
        TRY(w->close_scope(w, 9));
        TRY(w->open_scope(w, 9));
        TRY(w->close_scope(w, 11));
        TRY(w->set_attribute(w, 0x06000001, L"MD2", md2_m1, sizeof md2_m1));
        TRY(w->close_scope(w, 14));
        TRY(w->close_method(w));
    }
    /* MoveNext of the state machine: async stepping information. */
    {
        static const ULONG32 off[] = { 0, 8, 0x20 }, line[] = { 20, 21, 22 }, col[] = { 5, 9, 5 },
                             eline[] = { 20, 21, 22 }, ecol[] = { 6, 30, 6 };
        static const ULONG32 yields[] = { 8, 16 }, resumes[] = { 10, 18 },
                             methods[] = { 0x06000002, 0x06000002 };
        TRY(w->open_method(w, 0x06000002));
        TRY(w->open_scope(w, 0));
        TRY(w->sequence_points(w, a, 3, off, line, col, eline, ecol));
        TRY(w->set_kickoff(w, 0x06000001));
        TRY(w->set_catch_handler(w, 0x1e));
        TRY(w->async_steps(w, 2, yields, resumes, methods));
        TRY(w->set_attribute(w, 0x06000002, L"MD2", md2_forward, sizeof md2_forward));
        TRY(w->close_scope(w, 0x28));
        TRY(w->close_method(w));
    }
    /* A method in another type, VB document. */
    {
        static const ULONG32 off[] = { 0, 4 }, line[] = { 10, 11 }, col[] = { 5, 9 },
                             eline[] = { 10, 11 }, ecol[] = { 20, 21 };
        TRY(w->open_method(w, 0x06000003));
        TRY(w->open_scope(w, 0));
        TRY(w->sequence_points(w, b, 2, off, line, col, eline, ecol));
        TRY(w->using_namespace(w, L"@FSystem"));
        TRY(w->close_scope(w, 6));
        TRY(w->close_method(w));
    }
    /* A method with a scope and no points. */
    TRY(w->open_method(w, 0x06000004));
    TRY(w->open_scope(w, 0));
    TRY(w->define_local(w, L"x", 0, 0x11000001, 0, 0, 0));
    TRY(w->close_scope(w, 7));
    TRY(w->close_method(w));
    return fix_id(w);
}

/* ---- empty: Initialize and Close ---- */

static const struct writer_md empty_md = { NULL, 0, NULL, 0, NULL, 0 };
static const uint32_t empty_tokens[] = { 0x06000001 };

static HRESULT empty(struct writer_ops *w)
{
    return fix_id(w);
}

/* ---- remap: RemapToken moves methods ---- */

static const struct writer_md_type remap_types[] = { { 0x02000002, L"R", 0 } };
static const struct writer_md_method remap_methods[] = {
    { 0x06000001, 0x02000002, L"A" },
    { 0x06000002, 0x02000002, L"B" },
    { 0x06000003, 0x02000002, L"C" },
};
static const struct writer_md remap_md = { remap_types, N(remap_types), remap_methods,
                                           N(remap_methods), NULL, 0 };
static const uint32_t remap_tokens[] = { 0x06000001, 0x06000002, 0x06000003, 0x06000004 };

static HRESULT remap(struct writer_ops *w)
{
    unsigned doc;
    TRY(w->define_document(w, L"C:\\src\\R.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &doc));
    for (uint32_t t = 0x06000001; t <= 0x06000003; t++) {
        ULONG32 off[] = { 0 }, line[] = { 10 + (t & 0xff) }, col[] = { 1 }, eline[] = { 10 + (t & 0xff) },
                ecol[] = { 2 };
        TRY(w->open_method(w, t));
        TRY(w->open_scope(w, 0));
        TRY(w->sequence_points(w, doc, 1, off, line, col, eline, ecol));
        TRY(w->close_scope(w, 2));
        TRY(w->close_method(w));
    }
    TRY(w->set_entry_point(w, 0x06000001));
    TRY(w->remap_token(w, 0x06000001, 0x06000003));
    TRY(w->remap_token(w, 0x06000003, 0x06000001));
    return fix_id(w);
}


/* ---- enc_base, enc_delta1, enc_delta2: generations for Edit and Continue. A Windows PDB
 * delta is an ordinary PDB holding the methods that changed (what Roslyn writes for an EnC
 * generation); tests/wine/enc_dump_main.c feeds them to UpdateSymbolStore. ---- */

static const struct writer_md_type enc_types[] = { { 0x02000002, L"E.C", 0 } };
static const struct writer_md_method enc_methods[] = {
    { 0x06000001, 0x02000002, L"One" },   { 0x06000002, 0x02000002, L"Two" },
    { 0x06000003, 0x02000002, L"Three" }, { 0x06000004, 0x02000002, L"Four" },
    { 0x06000005, 0x02000002, L"Five" },
};
static const unsigned char enc_sig_int[] = { 0x07, 0x01, 0x08 };
static const struct writer_md_sig enc_sigs[] = { { 0x11000001, enc_sig_int, sizeof enc_sig_int } };
static const struct writer_md enc_md = { enc_types, N(enc_types), enc_methods, N(enc_methods),
                                         enc_sigs, N(enc_sigs) };
static const uint32_t enc_tokens[] = { 0x06000001, 0x06000002, 0x06000003, 0x06000004,
                                       0x06000005, 0x06000006 };

/* A method in one document: `count` points at offsets 0, 2, 4... on lines first, first+1...
 * (a line of CORSYM_HIDDEN stays hidden), a root scope to 2 * count, and one local. */
static HRESULT enc_method(struct writer_ops *w, uint32_t token, unsigned doc, ULONG32 count,
                          ULONG32 first, const WCHAR *local)
{
    ULONG32 off[8], line[8], col[8], eline[8], ecol[8];
    for (ULONG32 i = 0; i < count && i < 8; i++) {
        off[i] = 2 * i;
        line[i] = eline[i] = first == 0xFEEFEE ? 0xFEEFEE : first + i;
        col[i] = first == 0xFEEFEE ? 0 : 9;
        ecol[i] = first == 0xFEEFEE ? 0 : 20;
    }
    TRY(w->open_method(w, token));
    TRY(w->open_scope(w, 0));
    TRY(w->sequence_points(w, doc, count, off, line, col, eline, ecol));
    if (local)
        TRY(w->define_local(w, local, 0, 0x11000001, 0, 0, 0));
    TRY(w->close_scope(w, 2 * count));
    TRY(w->close_method(w));
    return S_OK;
}

static HRESULT enc_base(struct writer_ops *w)
{
    unsigned a, b;
    TRY(w->define_document(w, L"C:\\src\\A.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &a));
    TRY(w->define_document(w, L"C:\\src\\B.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &b));
    TRY(w->set_entry_point(w, 0x06000001));
    TRY(enc_method(w, 0x06000001, a, 3, 10, L"x"));
    TRY(enc_method(w, 0x06000002, a, 2, 20, L"y"));
    TRY(enc_method(w, 0x06000003, b, 2, 5, NULL));
    /* Four: two documents. */
    {
        static const ULONG32 off[] = { 0 }, line[] = { 30 }, col[] = { 9 }, ecol[] = { 20 };
        static const ULONG32 off2[] = { 4 }, line2[] = { 40 };
        TRY(w->open_method(w, 0x06000004));
        TRY(w->open_scope(w, 0));
        TRY(w->sequence_points(w, a, 1, off, line, col, line, ecol));
        TRY(w->sequence_points(w, b, 1, off2, line2, col, line2, ecol));
        TRY(w->close_scope(w, 6));
        TRY(w->close_method(w));
    }
    return fix_id(w);
}

/* Two changes (Two moves down and gets a new local) and a new method in a new document,
 * with the documents in another order than the base's. */
static HRESULT enc_delta1(struct writer_ops *w)
{
    unsigned a, c;
    TRY(w->define_document(w, L"C:\\src\\C.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &c));
    TRY(w->define_document(w, L"C:\\src\\A.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &a));
    TRY(enc_method(w, 0x06000002, a, 3, 22, L"z"));
    TRY(enc_method(w, 0x06000005, c, 2, 1, NULL));
    return fix_id(w);
}

/* A document named with other letter case, an all-hidden body, a second change to Two. */
static HRESULT enc_delta2(struct writer_ops *w)
{
    unsigned a, b;
    TRY(w->define_document(w, L"c:\\SRC\\a.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &a));
    TRY(w->define_document(w, L"C:\\src\\B.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &b));
    TRY(w->set_entry_point(w, 0x06000003));
    TRY(enc_method(w, 0x06000001, a, 2, 50, L"x"));
    TRY(enc_method(w, 0x06000002, a, 1, 60, NULL));
    TRY(enc_method(w, 0x06000003, b, 2, 0xFEEFEE, NULL));
    return fix_id(w);
}

const struct writer_scenario writer_scenarios[] = {
    { "minimal", &minimal_md, minimal_tokens, N(minimal_tokens), minimal, 0 },
    { "full", &full_md, full_tokens, N(full_tokens), full, 0 },
    /* GetMethodProps fails: CloseMethod fails with it (both DLLs; corsym's core backend, which
     * has no COM writer in front, at Close). */
    { "unnamed", &empty_md, minimal_tokens, N(minimal_tokens), minimal, 1 },
    { "empty", &empty_md, empty_tokens, N(empty_tokens), empty, 0 },
    { "remap", &remap_md, remap_tokens, N(remap_tokens), remap, 0 },
    { "enc_base", &enc_md, enc_tokens, N(enc_tokens), enc_base, 0 },
    { "enc_delta1", &enc_md, enc_tokens, N(enc_tokens), enc_delta1, 0 },
    { "enc_delta2", &enc_md, enc_tokens, N(enc_tokens), enc_delta2, 0 },
};
const unsigned writer_scenario_count = N(writer_scenarios);
