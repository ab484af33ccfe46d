/* SPDX-License-Identifier: MIT */
/*
 * Header test, C view: <corsym/corsym.h> must compile as strict C11 with
 * every warning as an error, and every vtable must have exactly the slots,
 * in exactly the order, that Microsoft's clients call.  Most checks are at
 * compile time; main() then drives two small objects through the COBJMACROS
 * call macros and checks every GUID value (header_guids.c).
 */
#define COBJMACROS
#define CONST_VTABLE /* lpVtbl points to const, so vtables can be static const */
#include <corsym/corsym.h>

#include <stdio.h>
#include <string.h>

#include "header_common.h"

/* ------------------------------------------------------------------------ */
/* Vtable shapes                                                            */
/* ------------------------------------------------------------------------ */

#define CHECK_SLOT_COUNT(iface, count)                                         \
    _Static_assert(sizeof(iface##Vtbl) == (count) * sizeof(void *),            \
                   #iface " has " #count " vtable slots")
#define CHECK_SLOT(iface, method, slot)                                        \
    _Static_assert(offsetof(iface##Vtbl, method) == (slot) * sizeof(void *),   \
                   #iface "::" #method " is slot " #slot)

/* The system interfaces (Windows SDK or corsym PAL). */
CHECK_SLOT_COUNT(IUnknown, 3);
CHECK_SLOT(IUnknown, QueryInterface, 0);
CHECK_SLOT(IUnknown, AddRef, 1);
CHECK_SLOT(IUnknown, Release, 2);
CHECK_SLOT_COUNT(IClassFactory, 5);
CHECK_SLOT(IClassFactory, CreateInstance, 3);
CHECK_SLOT(IClassFactory, LockServer, 4);
CHECK_SLOT_COUNT(ISequentialStream, 5);
CHECK_SLOT_COUNT(IStream, 14);
CHECK_SLOT(IStream, Read, 3);
CHECK_SLOT(IStream, Write, 4);
CHECK_SLOT(IStream, Seek, 5);
CHECK_SLOT(IStream, SetSize, 6);
CHECK_SLOT(IStream, CopyTo, 7);
CHECK_SLOT(IStream, Commit, 8);
CHECK_SLOT(IStream, Revert, 9);
CHECK_SLOT(IStream, LockRegion, 10);
CHECK_SLOT(IStream, UnlockRegion, 11);
CHECK_SLOT(IStream, Stat, 12);
CHECK_SLOT(IStream, Clone, 13);

/*
 * Every symbol store interface: the total slot count and the slot of each
 * method, as listed in the ABI notes (a derived interface's table starts
 * with its base's, so checking each method in the interface that
 * introduces it covers the whole chain).
 */
/* ISymUnmanagedBinder : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedBinder, 5);
CHECK_SLOT(ISymUnmanagedBinder, GetReaderForFile, 3);
CHECK_SLOT(ISymUnmanagedBinder, GetReaderFromStream, 4);
/* ISymUnmanagedBinder2 : ISymUnmanagedBinder */
CHECK_SLOT_COUNT(ISymUnmanagedBinder2, 6);
CHECK_SLOT(ISymUnmanagedBinder2, GetReaderForFile2, 5);
/* ISymUnmanagedBinder3 : ISymUnmanagedBinder2 */
CHECK_SLOT_COUNT(ISymUnmanagedBinder3, 7);
CHECK_SLOT(ISymUnmanagedBinder3, GetReaderFromCallback, 6);
/* ISymUnmanagedDispose : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedDispose, 4);
CHECK_SLOT(ISymUnmanagedDispose, Destroy, 3);
/* ISymUnmanagedDocument : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedDocument, 13);
CHECK_SLOT(ISymUnmanagedDocument, GetURL, 3);
CHECK_SLOT(ISymUnmanagedDocument, GetDocumentType, 4);
CHECK_SLOT(ISymUnmanagedDocument, GetLanguage, 5);
CHECK_SLOT(ISymUnmanagedDocument, GetLanguageVendor, 6);
CHECK_SLOT(ISymUnmanagedDocument, GetCheckSumAlgorithmId, 7);
CHECK_SLOT(ISymUnmanagedDocument, GetCheckSum, 8);
CHECK_SLOT(ISymUnmanagedDocument, FindClosestLine, 9);
CHECK_SLOT(ISymUnmanagedDocument, HasEmbeddedSource, 10);
CHECK_SLOT(ISymUnmanagedDocument, GetSourceLength, 11);
CHECK_SLOT(ISymUnmanagedDocument, GetSourceRange, 12);
/* ISymUnmanagedDocumentWriter : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedDocumentWriter, 5);
CHECK_SLOT(ISymUnmanagedDocumentWriter, SetSource, 3);
CHECK_SLOT(ISymUnmanagedDocumentWriter, SetCheckSum, 4);
/* ISymUnmanagedMethod : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedMethod, 13);
CHECK_SLOT(ISymUnmanagedMethod, GetToken, 3);
CHECK_SLOT(ISymUnmanagedMethod, GetSequencePointCount, 4);
CHECK_SLOT(ISymUnmanagedMethod, GetRootScope, 5);
CHECK_SLOT(ISymUnmanagedMethod, GetScopeFromOffset, 6);
CHECK_SLOT(ISymUnmanagedMethod, GetOffset, 7);
CHECK_SLOT(ISymUnmanagedMethod, GetRanges, 8);
CHECK_SLOT(ISymUnmanagedMethod, GetParameters, 9);
CHECK_SLOT(ISymUnmanagedMethod, GetNamespace, 10);
CHECK_SLOT(ISymUnmanagedMethod, GetSourceStartEnd, 11);
CHECK_SLOT(ISymUnmanagedMethod, GetSequencePoints, 12);
/* ISymENCUnmanagedMethod : IUnknown */
CHECK_SLOT_COUNT(ISymENCUnmanagedMethod, 8);
CHECK_SLOT(ISymENCUnmanagedMethod, GetFileNameFromOffset, 3);
CHECK_SLOT(ISymENCUnmanagedMethod, GetLineFromOffset, 4);
CHECK_SLOT(ISymENCUnmanagedMethod, GetDocumentsForMethodCount, 5);
CHECK_SLOT(ISymENCUnmanagedMethod, GetDocumentsForMethod, 6);
CHECK_SLOT(ISymENCUnmanagedMethod, GetSourceExtentInDocument, 7);
/* ISymUnmanagedNamespace : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedNamespace, 6);
CHECK_SLOT(ISymUnmanagedNamespace, GetName, 3);
CHECK_SLOT(ISymUnmanagedNamespace, GetNamespaces, 4);
CHECK_SLOT(ISymUnmanagedNamespace, GetVariables, 5);
/* ISymUnmanagedReader : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedReader, 20);
CHECK_SLOT(ISymUnmanagedReader, GetDocument, 3);
CHECK_SLOT(ISymUnmanagedReader, GetDocuments, 4);
CHECK_SLOT(ISymUnmanagedReader, GetUserEntryPoint, 5);
CHECK_SLOT(ISymUnmanagedReader, GetMethod, 6);
CHECK_SLOT(ISymUnmanagedReader, GetMethodByVersion, 7);
CHECK_SLOT(ISymUnmanagedReader, GetVariables, 8);
CHECK_SLOT(ISymUnmanagedReader, GetGlobalVariables, 9);
CHECK_SLOT(ISymUnmanagedReader, GetMethodFromDocumentPosition, 10);
CHECK_SLOT(ISymUnmanagedReader, GetSymAttribute, 11);
CHECK_SLOT(ISymUnmanagedReader, GetNamespaces, 12);
CHECK_SLOT(ISymUnmanagedReader, Initialize, 13);
CHECK_SLOT(ISymUnmanagedReader, UpdateSymbolStore, 14);
CHECK_SLOT(ISymUnmanagedReader, ReplaceSymbolStore, 15);
CHECK_SLOT(ISymUnmanagedReader, GetSymbolStoreFileName, 16);
CHECK_SLOT(ISymUnmanagedReader, GetMethodsFromDocumentPosition, 17);
CHECK_SLOT(ISymUnmanagedReader, GetDocumentVersion, 18);
CHECK_SLOT(ISymUnmanagedReader, GetMethodVersion, 19);
/* ISymUnmanagedSourceServerModule : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedSourceServerModule, 4);
CHECK_SLOT(ISymUnmanagedSourceServerModule, GetSourceServerData, 3);
/* ISymUnmanagedENCUpdate : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedENCUpdate, 8);
CHECK_SLOT(ISymUnmanagedENCUpdate, UpdateSymbolStore2, 3);
CHECK_SLOT(ISymUnmanagedENCUpdate, GetLocalVariableCount, 4);
CHECK_SLOT(ISymUnmanagedENCUpdate, GetLocalVariables, 5);
CHECK_SLOT(ISymUnmanagedENCUpdate, InitializeForEnc, 6);
CHECK_SLOT(ISymUnmanagedENCUpdate, UpdateMethodLines, 7);
/* ISymUnmanagedReaderSymbolSearchInfo : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedReaderSymbolSearchInfo, 5);
CHECK_SLOT(ISymUnmanagedReaderSymbolSearchInfo, GetSymbolSearchInfoCount, 3);
CHECK_SLOT(ISymUnmanagedReaderSymbolSearchInfo, GetSymbolSearchInfo, 4);
/* ISymUnmanagedScope : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedScope, 11);
CHECK_SLOT(ISymUnmanagedScope, GetMethod, 3);
CHECK_SLOT(ISymUnmanagedScope, GetParent, 4);
CHECK_SLOT(ISymUnmanagedScope, GetChildren, 5);
CHECK_SLOT(ISymUnmanagedScope, GetStartOffset, 6);
CHECK_SLOT(ISymUnmanagedScope, GetEndOffset, 7);
CHECK_SLOT(ISymUnmanagedScope, GetLocalCount, 8);
CHECK_SLOT(ISymUnmanagedScope, GetLocals, 9);
CHECK_SLOT(ISymUnmanagedScope, GetNamespaces, 10);
/* ISymUnmanagedConstant : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedConstant, 6);
CHECK_SLOT(ISymUnmanagedConstant, GetName, 3);
CHECK_SLOT(ISymUnmanagedConstant, GetValue, 4);
CHECK_SLOT(ISymUnmanagedConstant, GetSignature, 5);
/* ISymUnmanagedScope2 : ISymUnmanagedScope */
CHECK_SLOT_COUNT(ISymUnmanagedScope2, 13);
CHECK_SLOT(ISymUnmanagedScope2, GetConstantCount, 11);
CHECK_SLOT(ISymUnmanagedScope2, GetConstants, 12);
/* ISymUnmanagedVariable : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedVariable, 12);
CHECK_SLOT(ISymUnmanagedVariable, GetName, 3);
CHECK_SLOT(ISymUnmanagedVariable, GetAttributes, 4);
CHECK_SLOT(ISymUnmanagedVariable, GetSignature, 5);
CHECK_SLOT(ISymUnmanagedVariable, GetAddressKind, 6);
CHECK_SLOT(ISymUnmanagedVariable, GetAddressField1, 7);
CHECK_SLOT(ISymUnmanagedVariable, GetAddressField2, 8);
CHECK_SLOT(ISymUnmanagedVariable, GetAddressField3, 9);
CHECK_SLOT(ISymUnmanagedVariable, GetStartOffset, 10);
CHECK_SLOT(ISymUnmanagedVariable, GetEndOffset, 11);
/* ISymUnmanagedSymbolSearchInfo : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedSymbolSearchInfo, 6);
CHECK_SLOT(ISymUnmanagedSymbolSearchInfo, GetSearchPathLength, 3);
CHECK_SLOT(ISymUnmanagedSymbolSearchInfo, GetSearchPath, 4);
CHECK_SLOT(ISymUnmanagedSymbolSearchInfo, GetHRESULT, 5);
/* ISymUnmanagedWriter : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedWriter, 27);
CHECK_SLOT(ISymUnmanagedWriter, DefineDocument, 3);
CHECK_SLOT(ISymUnmanagedWriter, SetUserEntryPoint, 4);
CHECK_SLOT(ISymUnmanagedWriter, OpenMethod, 5);
CHECK_SLOT(ISymUnmanagedWriter, CloseMethod, 6);
CHECK_SLOT(ISymUnmanagedWriter, OpenScope, 7);
CHECK_SLOT(ISymUnmanagedWriter, CloseScope, 8);
CHECK_SLOT(ISymUnmanagedWriter, SetScopeRange, 9);
CHECK_SLOT(ISymUnmanagedWriter, DefineLocalVariable, 10);
CHECK_SLOT(ISymUnmanagedWriter, DefineParameter, 11);
CHECK_SLOT(ISymUnmanagedWriter, DefineField, 12);
CHECK_SLOT(ISymUnmanagedWriter, DefineGlobalVariable, 13);
CHECK_SLOT(ISymUnmanagedWriter, Close, 14);
CHECK_SLOT(ISymUnmanagedWriter, SetSymAttribute, 15);
CHECK_SLOT(ISymUnmanagedWriter, OpenNamespace, 16);
CHECK_SLOT(ISymUnmanagedWriter, CloseNamespace, 17);
CHECK_SLOT(ISymUnmanagedWriter, UsingNamespace, 18);
CHECK_SLOT(ISymUnmanagedWriter, SetMethodSourceRange, 19);
CHECK_SLOT(ISymUnmanagedWriter, Initialize, 20);
CHECK_SLOT(ISymUnmanagedWriter, GetDebugInfo, 21);
CHECK_SLOT(ISymUnmanagedWriter, DefineSequencePoints, 22);
CHECK_SLOT(ISymUnmanagedWriter, RemapToken, 23);
CHECK_SLOT(ISymUnmanagedWriter, Initialize2, 24);
CHECK_SLOT(ISymUnmanagedWriter, DefineConstant, 25);
CHECK_SLOT(ISymUnmanagedWriter, Abort, 26);
/* ISymUnmanagedWriter2 : ISymUnmanagedWriter */
CHECK_SLOT_COUNT(ISymUnmanagedWriter2, 30);
CHECK_SLOT(ISymUnmanagedWriter2, DefineLocalVariable2, 27);
CHECK_SLOT(ISymUnmanagedWriter2, DefineGlobalVariable2, 28);
CHECK_SLOT(ISymUnmanagedWriter2, DefineConstant2, 29);
/* ISymUnmanagedWriter3 : ISymUnmanagedWriter2 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter3, 32);
CHECK_SLOT(ISymUnmanagedWriter3, OpenMethod2, 30);
CHECK_SLOT(ISymUnmanagedWriter3, Commit, 31);
/* ISymUnmanagedWriter4 : ISymUnmanagedWriter3 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter4, 33);
CHECK_SLOT(ISymUnmanagedWriter4, GetDebugInfoWithPadding, 32);
/* ISymUnmanagedWriter5 : ISymUnmanagedWriter4 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter5, 36);
CHECK_SLOT(ISymUnmanagedWriter5, OpenMapTokensToSourceSpans, 33);
CHECK_SLOT(ISymUnmanagedWriter5, CloseMapTokensToSourceSpans, 34);
CHECK_SLOT(ISymUnmanagedWriter5, MapTokenToSourceSpan, 35);
/* ISymUnmanagedReader2 : ISymUnmanagedReader */
CHECK_SLOT_COUNT(ISymUnmanagedReader2, 23);
CHECK_SLOT(ISymUnmanagedReader2, GetMethodByVersionPreRemap, 20);
CHECK_SLOT(ISymUnmanagedReader2, GetSymAttributePreRemap, 21);
CHECK_SLOT(ISymUnmanagedReader2, GetMethodsInDocument, 22);
/* ISymNGenWriter : IUnknown */
CHECK_SLOT_COUNT(ISymNGenWriter, 5);
CHECK_SLOT(ISymNGenWriter, AddSymbol, 3);
CHECK_SLOT(ISymNGenWriter, AddSection, 4);
/* ISymNGenWriter2 : ISymNGenWriter */
CHECK_SLOT_COUNT(ISymNGenWriter2, 10);
CHECK_SLOT(ISymNGenWriter2, OpenModW, 5);
CHECK_SLOT(ISymNGenWriter2, CloseMod, 6);
CHECK_SLOT(ISymNGenWriter2, ModAddSymbols, 7);
CHECK_SLOT(ISymNGenWriter2, ModAddSecContribEx, 8);
CHECK_SLOT(ISymNGenWriter2, QueryPDBNameExW, 9);
/* ISymUnmanagedAsyncMethodPropertiesWriter : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedAsyncMethodPropertiesWriter, 6);
CHECK_SLOT(ISymUnmanagedAsyncMethodPropertiesWriter, DefineKickoffMethod, 3);
CHECK_SLOT(ISymUnmanagedAsyncMethodPropertiesWriter, DefineCatchHandlerILOffset, 4);
CHECK_SLOT(ISymUnmanagedAsyncMethodPropertiesWriter, DefineAsyncStepInfo, 5);
/* ISymUnmanagedAsyncMethod : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedAsyncMethod, 9);
CHECK_SLOT(ISymUnmanagedAsyncMethod, IsAsyncMethod, 3);
CHECK_SLOT(ISymUnmanagedAsyncMethod, GetKickoffMethod, 4);
CHECK_SLOT(ISymUnmanagedAsyncMethod, HasCatchHandlerILOffset, 5);
CHECK_SLOT(ISymUnmanagedAsyncMethod, GetCatchHandlerILOffset, 6);
CHECK_SLOT(ISymUnmanagedAsyncMethod, GetAsyncStepInfoCount, 7);
CHECK_SLOT(ISymUnmanagedAsyncMethod, GetAsyncStepInfo, 8);
/* ISymUnmanagedBinder4 : ISymUnmanagedBinder3 */
CHECK_SLOT_COUNT(ISymUnmanagedBinder4, 9);
CHECK_SLOT(ISymUnmanagedBinder4, GetReaderFromPdbFile, 7);
CHECK_SLOT(ISymUnmanagedBinder4, GetReaderFromPdbStream, 8);
/* IMetadataImportProvider : IUnknown */
CHECK_SLOT_COUNT(IMetadataImportProvider, 4);
CHECK_SLOT(IMetadataImportProvider, GetMetadataImport, 3);
/* ISymUnmanagedMethod2 : ISymUnmanagedMethod */
CHECK_SLOT_COUNT(ISymUnmanagedMethod2, 14);
CHECK_SLOT(ISymUnmanagedMethod2, GetLocalSignatureToken, 13);
/* ISymUnmanagedReader3 : ISymUnmanagedReader2 */
CHECK_SLOT_COUNT(ISymUnmanagedReader3, 25);
CHECK_SLOT(ISymUnmanagedReader3, GetSymAttributeByVersion, 23);
CHECK_SLOT(ISymUnmanagedReader3, GetSymAttributeByVersionPreRemap, 24);
/* ISymUnmanagedReader4 : ISymUnmanagedReader3 */
CHECK_SLOT_COUNT(ISymUnmanagedReader4, 28);
CHECK_SLOT(ISymUnmanagedReader4, MatchesModule, 25);
CHECK_SLOT(ISymUnmanagedReader4, GetPortableDebugMetadata, 26);
CHECK_SLOT(ISymUnmanagedReader4, GetSourceServerData, 27);
/* ISymUnmanagedReader5 : ISymUnmanagedReader4 */
CHECK_SLOT_COUNT(ISymUnmanagedReader5, 29);
CHECK_SLOT(ISymUnmanagedReader5, GetPortableDebugMetadataByVersion, 28);
/* ISymUnmanagedCompilerInfoReader : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedCompilerInfoReader, 4);
CHECK_SLOT(ISymUnmanagedCompilerInfoReader, GetCompilerInfo, 3);
/* ISymUnmanagedCompilerInfoWriter : IUnknown */
CHECK_SLOT_COUNT(ISymUnmanagedCompilerInfoWriter, 4);
CHECK_SLOT(ISymUnmanagedCompilerInfoWriter, AddCompilerInfo, 3);
/* ISymUnmanagedWriter6 : ISymUnmanagedWriter5 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter6, 37);
CHECK_SLOT(ISymUnmanagedWriter6, InitializeDeterministic, 36);
/* ISymUnmanagedWriter7 : ISymUnmanagedWriter6 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter7, 38);
CHECK_SLOT(ISymUnmanagedWriter7, UpdateSignatureByHashingContent, 37);
/* ISymUnmanagedWriter8 : ISymUnmanagedWriter7 */
CHECK_SLOT_COUNT(ISymUnmanagedWriter8, 41);
CHECK_SLOT(ISymUnmanagedWriter8, UpdateSignature, 38);
CHECK_SLOT(ISymUnmanagedWriter8, SetSourceServerData, 39);
CHECK_SLOT(ISymUnmanagedWriter8, SetSourceLinkData, 40);
/* IPdbWriter : IUnknown */
CHECK_SLOT_COUNT(IPdbWriter, 8);
CHECK_SLOT(IPdbWriter, SetPath, 3);
CHECK_SLOT(IPdbWriter, OpenMod, 4);
CHECK_SLOT(IPdbWriter, CloseMod, 5);
CHECK_SLOT(IPdbWriter, GetPath, 6);
CHECK_SLOT(IPdbWriter, GetSignatureAge, 7);

/* ------------------------------------------------------------------------ */
/* Exact prototypes of the methods whose parameter types are easy to get    */
/* wrong: by-value GUID/VARIANT, 32-bit `long`, pointer-sized SIZE_T, the    */
/* count-last ENC method.  _Generic compares the full function type.        */
/* ------------------------------------------------------------------------ */

#define CHECK_SIGNATURE(iface, method, ...)                                     \
    _Static_assert(_Generic(((iface##Vtbl *)0)->method,                         \
                            HRESULT(STDMETHODCALLTYPE *)(iface *, __VA_ARGS__): 1, \
                            default: 0),                                        \
                   #iface "::" #method " has the documented parameter types")

CHECK_SIGNATURE(ISymUnmanagedBinder, GetReaderFromStream,
                IUnknown *, IStream *, ISymUnmanagedReader **);
CHECK_SIGNATURE(ISymUnmanagedBinder4, GetReaderFromPdbStream,
                IMetadataImportProvider *, IStream *, ISymUnmanagedReader **);
CHECK_SIGNATURE(ISymUnmanagedDocument, GetURL, ULONG32, ULONG32 *, WCHAR *);
CHECK_SIGNATURE(ISymUnmanagedDocumentWriter, SetCheckSum, GUID, ULONG32, BYTE *);
CHECK_SIGNATURE(ISymUnmanagedMethod, GetSourceStartEnd,
                ISymUnmanagedDocument **, ULONG32 *, ULONG32 *, BOOL *);
CHECK_SIGNATURE(ISymUnmanagedMethod2, GetLocalSignatureToken, mdSignature *);
CHECK_SIGNATURE(ISymUnmanagedReader, GetDocument,
                WCHAR *, GUID, GUID, GUID, ISymUnmanagedDocument **);
CHECK_SIGNATURE(ISymUnmanagedReader, GetMethodByVersion, mdMethodDef, int, ISymUnmanagedMethod **);
CHECK_SIGNATURE(ISymUnmanagedReader, GetMethodsFromDocumentPosition,
                ISymUnmanagedDocument *, ULONG32, ULONG32, ULONG32, ULONG32 *,
                ISymUnmanagedMethod **);
CHECK_SIGNATURE(ISymUnmanagedReader4, MatchesModule, GUID, DWORD, int, BOOL *);
CHECK_SIGNATURE(ISymUnmanagedReader4, GetPortableDebugMetadata, BYTE **, int *);
CHECK_SIGNATURE(ISymUnmanagedReader5, GetPortableDebugMetadataByVersion, int, BYTE **, int *);
CHECK_SIGNATURE(ISymUnmanagedSourceServerModule, GetSourceServerData, ULONG *, BYTE **);
CHECK_SIGNATURE(ISymUnmanagedENCUpdate, UpdateSymbolStore2, IStream *, SYMLINEDELTA *, ULONG);
CHECK_SIGNATURE(ISymUnmanagedENCUpdate, GetLocalVariables,
                mdMethodDef, ULONG, ISymUnmanagedVariable **, ULONG *);
CHECK_SIGNATURE(ISymUnmanagedENCUpdate, UpdateMethodLines, mdMethodDef, INT32 *, ULONG);
CHECK_SIGNATURE(ISymUnmanagedConstant, GetValue, VARIANT *);
CHECK_SIGNATURE(ISymUnmanagedCompilerInfoReader, GetCompilerInfo,
                USHORT *, USHORT *, USHORT *, USHORT *, ULONG32, ULONG32 *, WCHAR *);
CHECK_SIGNATURE(ISymUnmanagedWriter, DefineDocument,
                const WCHAR *, const GUID *, const GUID *, const GUID *,
                ISymUnmanagedDocumentWriter **);
CHECK_SIGNATURE(ISymUnmanagedWriter, DefineLocalVariable,
                const WCHAR *, ULONG32, ULONG32, unsigned char *, ULONG32, ULONG32, ULONG32,
                ULONG32, ULONG32, ULONG32);
CHECK_SIGNATURE(ISymUnmanagedWriter, GetDebugInfo, IMAGE_DEBUG_DIRECTORY *, DWORD, DWORD *, BYTE *);
CHECK_SIGNATURE(ISymUnmanagedWriter, DefineConstant, const WCHAR *, VARIANT, ULONG32, unsigned char *);
CHECK_SIGNATURE(ISymUnmanagedWriter2, DefineConstant2, const WCHAR *, VARIANT, mdSignature);
CHECK_SIGNATURE(ISymUnmanagedWriter6, InitializeDeterministic, IUnknown *, IUnknown *);
CHECK_SIGNATURE(ISymUnmanagedWriter7, UpdateSignatureByHashingContent, const BYTE *, int);
CHECK_SIGNATURE(ISymUnmanagedWriter8, UpdateSignature, GUID, DWORD, int);
CHECK_SIGNATURE(ISymUnmanagedWriter8, SetSourceLinkData, const BYTE *, int);
CHECK_SIGNATURE(IPdbWriter, GetSignatureAge, DWORD *, DWORD *);
CHECK_SIGNATURE(ISymNGenWriter, AddSymbol, BSTR, USHORT, ULONGLONG);
CHECK_SIGNATURE(ISymNGenWriter, AddSection, USHORT, USHORT, LONG, LONG);
CHECK_SIGNATURE(ISymNGenWriter2, ModAddSecContribEx, BYTE *, USHORT, LONG, LONG, ULONG, DWORD, DWORD);
CHECK_SIGNATURE(ISymNGenWriter2, QueryPDBNameExW, WCHAR *, SIZE_T);
CHECK_SIGNATURE(IStream, Seek, LARGE_INTEGER, DWORD, ULARGE_INTEGER *);

/* The library's own exports.  _Generic does not evaluate its operand, so
 * naming the functions here needs no definition at link time. */
#define CHECK_EXPORT(function, type) \
    _Static_assert(_Generic(&function, type: 1, default: 0), #function " has its documented prototype")

CHECK_EXPORT(CorSymCreateMemoryStream, HRESULT(STDAPICALLTYPE *)(const BYTE *, ULONG, IStream **));
CHECK_EXPORT(CorSymCreateFileStream, HRESULT(STDAPICALLTYPE *)(const WCHAR *, DWORD, IStream **));
CHECK_EXPORT(CreateSymReader, HRESULT(STDAPICALLTYPE *)(const GUID *, void **));
CHECK_EXPORT(CreateSymWriter, HRESULT(STDAPICALLTYPE *)(const GUID *, void **));
CHECK_EXPORT(CreateNGenPdbWriter, HRESULT(STDAPICALLTYPE *)(const WCHAR *, const WCHAR *, void **));
CHECK_EXPORT(DllGetClassObject, HRESULT(STDAPICALLTYPE *)(const GUID *, const GUID *, void **));
CHECK_EXPORT(DllCanUnloadNow, HRESULT(STDAPICALLTYPE *)(void));
CHECK_EXPORT(DllRegisterServer, HRESULT(STDAPICALLTYPE *)(void));
CHECK_EXPORT(DllUnregisterServer, HRESULT(STDAPICALLTYPE *)(void));
CHECK_EXPORT(CreateSymReader, CORSYM_PFN_CreateSymReader);
CHECK_EXPORT(DllGetClassObject, CORSYM_PFN_DllGetClassObject);

/* ------------------------------------------------------------------------ */
/* A C object built the way src/com builds them (embedded interface,         */
/* CONTAINING_RECORD, atomic reference count), called through COBJMACROS.    */
/* ------------------------------------------------------------------------ */

struct test_writer {
    ISymUnmanagedWriter2 ISymUnmanagedWriter2_iface;
    ISymUnmanagedDocumentWriter ISymUnmanagedDocumentWriter_iface;
    LONG refcount;
    VARIANT constant_value;
    mdSignature constant_signature;
    GUID checksum_algorithm;
    ULONG32 checksum_size;
};

static struct test_writer *impl_from_ISymUnmanagedWriter2(ISymUnmanagedWriter2 *iface)
{
    return CONTAINING_RECORD(iface, struct test_writer, ISymUnmanagedWriter2_iface);
}

static struct test_writer *impl_from_ISymUnmanagedDocumentWriter(ISymUnmanagedDocumentWriter *iface)
{
    return CONTAINING_RECORD(iface, struct test_writer, ISymUnmanagedDocumentWriter_iface);
}

static HRESULT STDMETHODCALLTYPE writer_QueryInterface(ISymUnmanagedWriter2 *iface, REFIID riid, void **out)
{
    struct test_writer *writer = impl_from_ISymUnmanagedWriter2(iface);

    if (!out)
        return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_ISymUnmanagedWriter) ||
        IsEqualGUID(riid, &IID_ISymUnmanagedWriter2))
        *out = &writer->ISymUnmanagedWriter2_iface;
    else if (IsEqualGUID(riid, &IID_ISymUnmanagedDocumentWriter))
        *out = &writer->ISymUnmanagedDocumentWriter_iface;
    else {
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG STDMETHODCALLTYPE writer_AddRef(ISymUnmanagedWriter2 *iface)
{
    return (ULONG)InterlockedIncrement(&impl_from_ISymUnmanagedWriter2(iface)->refcount);
}

static ULONG STDMETHODCALLTYPE writer_Release(ISymUnmanagedWriter2 *iface)
{
    return (ULONG)InterlockedDecrement(&impl_from_ISymUnmanagedWriter2(iface)->refcount);
}

static HRESULT STDMETHODCALLTYPE writer_DefineConstant2(ISymUnmanagedWriter2 *iface, const WCHAR *name,
                                                        VARIANT value, mdSignature signature)
{
    struct test_writer *writer = impl_from_ISymUnmanagedWriter2(iface);

    if (!name || name[0] != 'k')
        return E_INVALIDARG;
    writer->constant_value = value;
    writer->constant_signature = signature;
    return S_OK;
}

/* Methods a test object does not need stay NULL; C11 designated
 * initializers keep the slot names visible. */
static const ISymUnmanagedWriter2Vtbl writer_vtbl = {
    .QueryInterface = writer_QueryInterface,
    .AddRef = writer_AddRef,
    .Release = writer_Release,
    .DefineConstant2 = writer_DefineConstant2,
};

static HRESULT STDMETHODCALLTYPE doc_QueryInterface(ISymUnmanagedDocumentWriter *iface, REFIID riid,
                                                    void **out)
{
    struct test_writer *writer = impl_from_ISymUnmanagedDocumentWriter(iface);
    return ISymUnmanagedWriter2_QueryInterface(&writer->ISymUnmanagedWriter2_iface, riid, out);
}

static ULONG STDMETHODCALLTYPE doc_AddRef(ISymUnmanagedDocumentWriter *iface)
{
    struct test_writer *writer = impl_from_ISymUnmanagedDocumentWriter(iface);
    return ISymUnmanagedWriter2_AddRef(&writer->ISymUnmanagedWriter2_iface);
}

static ULONG STDMETHODCALLTYPE doc_Release(ISymUnmanagedDocumentWriter *iface)
{
    struct test_writer *writer = impl_from_ISymUnmanagedDocumentWriter(iface);
    return ISymUnmanagedWriter2_Release(&writer->ISymUnmanagedWriter2_iface);
}

static HRESULT STDMETHODCALLTYPE doc_SetSource(ISymUnmanagedDocumentWriter *iface, ULONG32 size,
                                               BYTE *source)
{
    (void)iface;
    (void)size;
    (void)source;
    return E_NOTIMPL;
}

static HRESULT STDMETHODCALLTYPE doc_SetCheckSum(ISymUnmanagedDocumentWriter *iface, GUID algorithm,
                                                 ULONG32 size, BYTE *checksum)
{
    struct test_writer *writer = impl_from_ISymUnmanagedDocumentWriter(iface);

    if (size && !checksum)
        return E_INVALIDARG;
    writer->checksum_algorithm = algorithm;
    writer->checksum_size = size;
    return S_OK;
}

static const ISymUnmanagedDocumentWriterVtbl doc_vtbl = {
    doc_QueryInterface, doc_AddRef, doc_Release, doc_SetSource, doc_SetCheckSum,
};

#define EXPECT(cond)                                                  \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            failures++;                                               \
        }                                                             \
    } while (0)

static int run_object_test(void)
{
    static const WCHAR name[] = {'k', 'A', 'n', 's', 'w', 'e', 'r', 0};
    static const GUID sha256 = {0x8829d00f, 0x11b8, 0x4213, {0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16}};
    BYTE digest[32] = {0};
    struct test_writer writer;
    ISymUnmanagedWriter *writer1 = NULL;
    ISymUnmanagedDocumentWriter *doc = NULL;
    IStream *stream = (IStream *)&writer; /* must be reset to NULL on failure */
    VARIANT value;
    int failures = 0;

    memset(&writer, 0, sizeof(writer));
    writer.ISymUnmanagedWriter2_iface.lpVtbl = &writer_vtbl;
    writer.ISymUnmanagedDocumentWriter_iface.lpVtbl = &doc_vtbl;
    writer.refcount = 1;

    EXPECT(ISymUnmanagedWriter2_QueryInterface(&writer.ISymUnmanagedWriter2_iface,
                                               &IID_ISymUnmanagedWriter, (void **)&writer1) == S_OK);
    EXPECT(writer.refcount == 2);
    EXPECT(ISymUnmanagedWriter_QueryInterface(writer1, &IID_ISymUnmanagedDocumentWriter,
                                              (void **)&doc) == S_OK);
    EXPECT(writer.refcount == 3);
    EXPECT((void *)doc == (void *)&writer.ISymUnmanagedDocumentWriter_iface);
    EXPECT(ISymUnmanagedWriter_QueryInterface(writer1, &IID_IStream, (void **)&stream) == E_NOINTERFACE);
    EXPECT(stream == NULL);

    memset(&value, 0, sizeof(value));
    V_VT(&value) = VT_I8;
    V_I8(&value) = -1234567890123LL;
    EXPECT(ISymUnmanagedWriter2_DefineConstant2(&writer.ISymUnmanagedWriter2_iface, name, value,
                                                0x11000002u) == S_OK);
    EXPECT(writer.constant_value.vt == VT_I8);
    EXPECT(writer.constant_value.llVal == -1234567890123LL);
    EXPECT(writer.constant_signature == 0x11000002u);

    EXPECT(ISymUnmanagedDocumentWriter_SetCheckSum(&writer.ISymUnmanagedDocumentWriter_iface, sha256,
                                                   sizeof(digest), digest) == S_OK);
    EXPECT(IsEqualGUID(&writer.checksum_algorithm, &CorSym_SourceHash_SHA256));
    EXPECT(writer.checksum_size == sizeof(digest));

    EXPECT(ISymUnmanagedDocumentWriter_Release(doc) == 2);
    EXPECT(IUnknown_Release((IUnknown *)writer1) == 1);
    EXPECT(writer.refcount == 1);
    return failures;
}

int corsym_test_check_guids(void); /* header_guids.c */

int main(void)
{
    int failures = run_object_test() + corsym_test_check_guids();

    if (failures)
        printf("%d header check(s) failed\n", failures);
    else
        printf("C header checks passed\n");
    return failures ? 1 : 0;
}
