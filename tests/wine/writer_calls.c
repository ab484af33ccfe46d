/* SPDX-License-Identifier: MIT */
/*
 * writer_calls.exe DLL OUT.pdb: the HRESULTs a symbol-store DLL's Windows PDB writer
 * (CLSID_CorSymWriter_SxS) answers for calls at the edges of its protocol: namespaces
 * opened, used and closed in and out of methods, SetMethodSourceRange, a method the metadata
 * cannot name (CloseMethod fails and Close still writes the rest), calls after Close. One
 * line per call. Microsoft's answers under Wine are expected/ms_writer_calls.txt
 * (scripts/ms-golden.sh); corsym must print the same (wine_writer_calls_match_microsoft).
 */
#define COBJMACROS
#define INITGUID
#include <stdio.h>
#include <windows.h>
#include "corsym/corsym.h"
#include "writer_metadata.h"
typedef HRESULT(WINAPI *gco)(REFCLSID, REFIID, void **);
static const GUID LANG_CSHARP = { 0x3f5162f8, 0x07c6, 0x11d3, { 0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID VENDOR_MS = { 0x994b45c4, 0xe6e9, 0x11d2, { 0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 } };
static const GUID DOC_TEXT = { 0x5a869d0b, 0x6611, 0x11d3, { 0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd } };
static const struct writer_md_type types[] = { { 0x02000002, L"N.C", 0 } };
static const struct writer_md_method methods[] = { { 0x06000001, 0x02000002, L"M" }, { 0x06000002, 0x02000002, L"M2" } };
static const struct writer_md md = { types, 1, methods, 2, NULL, 0 };
/* The call, without the interface prefix, and its HRESULT. */
#define P(x) printf("%-54s 0x%08lx\n", #x + 21, (unsigned long)(x))
int main(int argc, char **argv)
{
  if (argc < 3) {
    fprintf(stderr, "usage: writer_calls.exe DLL OUT.pdb\n");
    return 2;
  }
  HMODULE dll = LoadLibraryA(argv[1]);
  gco g = dll ? (gco)(void*)GetProcAddress(dll, "DllGetClassObject") : NULL;
  if (!g)
    return 2;
  IClassFactory *f; ISymUnmanagedWriter8 *w;
  g(&CLSID_CorSymWriter_SxS, &IID_IClassFactory, (void**)&f);
  IClassFactory_CreateInstance(f, NULL, &IID_ISymUnmanagedWriter8, (void**)&w);
  IUnknown *m = writer_metadata_new(&md, 0);
  WCHAR path[260]; MultiByteToWideChar(CP_ACP, 0, argv[2], -1, path, 260);
  P(ISymUnmanagedWriter8_Initialize(w, m, path, NULL, TRUE));
  ISymUnmanagedDocumentWriter *doc;
  P(ISymUnmanagedWriter8_DefineDocument(w, L"C:\\a.cs", &LANG_CSHARP, &VENDOR_MS, &DOC_TEXT, &doc));
  P(ISymUnmanagedWriter8_OpenNamespace(w, L"Outer.Ns"));
  P(ISymUnmanagedWriter8_UsingNamespace(w, L"UInNamespace"));
  P(ISymUnmanagedWriter8_OpenMethod(w, 0x06000001));
  ULONG32 sc = 0;
  P(ISymUnmanagedWriter8_OpenScope(w, 0, &sc));
  ULONG32 off[] = {0, 2}, ln[] = {5, 6}, col[] = {1, 1};
  P(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 2, off, ln, col, ln, col));
  P(ISymUnmanagedWriter8_UsingNamespace(w, L"USystem"));
  P(ISymUnmanagedWriter8_SetMethodSourceRange(w, doc, 4, 1, doc, 9, 2));
  P(ISymUnmanagedWriter8_CloseScope(w, 4));
  P(ISymUnmanagedWriter8_CloseMethod(w));
  P(ISymUnmanagedWriter8_CloseNamespace(w));
  P(ISymUnmanagedWriter8_OpenMethod(w, 0x06000002));
  P(ISymUnmanagedWriter8_OpenScope(w, 0, &sc));
  P(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, 2, off, ln, col, ln, col));
  P(ISymUnmanagedWriter8_CloseScope(w, 4));
  P(ISymUnmanagedWriter8_CloseMethod(w));
  P(ISymUnmanagedWriter8_CloseNamespace(w));
  P(ISymUnmanagedWriter8_OpenMethod(w, 0x06000003));
  P(ISymUnmanagedWriter8_UsingNamespace(w, L"UNoScope"));
  P(ISymUnmanagedWriter8_CloseMethod(w));
  P(ISymUnmanagedWriter8_Close(w));
  P(ISymUnmanagedWriter8_CloseNamespace(w));
  P(ISymUnmanagedWriter8_OpenNamespace(w, L"After"));
  P(ISymUnmanagedWriter8_UsingNamespace(w, L"UAfter"));
  ISymUnmanagedDocumentWriter_Release(doc);
  ISymUnmanagedWriter8_Release(w);
  IUnknown_Release(m);
  IClassFactory_Release(f);
  return 0;
}
