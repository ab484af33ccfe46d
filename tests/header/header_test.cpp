// SPDX-License-Identifier: MIT
//
// Header test, C++ view: <corsym/corsym.h> must compile as strict C++17,
// its interfaces must be implementable as ordinary C++ classes, and such a
// class must be callable through the C vtable layout, slot by slot, exactly
// as a C client (or .NET, or CoreCLR) calls it.  Each test method returns
// its own slot number, so a call that lands in the wrong slot is visible.
//
// This file is also the C++ translation unit that defines INITGUID.

#define INITGUID
#include <corsym/corsym.h>

#include <cstddef>
#include <cstdio>
#include <cstring>
#include <type_traits>

#include "guid_check.h"
#include "header_common.h"

// ---------------------------------------------------------------------------
// Compile-time checks specific to C++
// ---------------------------------------------------------------------------

#ifdef _WIN32
static_assert(std::is_same<WCHAR, wchar_t>::value, "WCHAR is wchar_t on Windows");
#else
static_assert(std::is_same<WCHAR, char16_t>::value, "WCHAR is char16_t in C++, as in CoreCLR's PAL");
#endif
static_assert(std::is_same<REFIID, const IID &>::value, "REFIID is a reference in C++");

// An interface is nothing but a vtable pointer.
static_assert(sizeof(ISymUnmanagedReader5) == sizeof(void *), "interfaces hold only a vptr");
static_assert(sizeof(ISymUnmanagedWriter8) == sizeof(void *), "interfaces hold only a vptr");
static_assert(sizeof(IStream) == sizeof(void *), "interfaces hold only a vptr");
static_assert(std::is_abstract<ISymUnmanagedReader>::value, "interfaces are abstract");
static_assert(std::is_polymorphic<IUnknown>::value, "IUnknown has virtual functions");

template <typename Derived, typename Base> constexpr bool derives()
{
    return std::is_base_of<Base, Derived>::value;
}
static_assert(derives<ISymUnmanagedReader5, ISymUnmanagedReader4>() &&
                  derives<ISymUnmanagedReader4, ISymUnmanagedReader3>() &&
                  derives<ISymUnmanagedReader3, ISymUnmanagedReader2>() &&
                  derives<ISymUnmanagedReader2, ISymUnmanagedReader>() &&
                  derives<ISymUnmanagedReader, IUnknown>(),
              "reader interface chain");
static_assert(derives<ISymUnmanagedWriter8, ISymUnmanagedWriter7>() &&
                  derives<ISymUnmanagedWriter7, ISymUnmanagedWriter6>() &&
                  derives<ISymUnmanagedWriter6, ISymUnmanagedWriter5>() &&
                  derives<ISymUnmanagedWriter5, ISymUnmanagedWriter4>() &&
                  derives<ISymUnmanagedWriter4, ISymUnmanagedWriter3>() &&
                  derives<ISymUnmanagedWriter3, ISymUnmanagedWriter2>() &&
                  derives<ISymUnmanagedWriter2, ISymUnmanagedWriter>(),
              "writer interface chain");
static_assert(derives<ISymUnmanagedBinder4, ISymUnmanagedBinder3>() &&
                  derives<ISymUnmanagedBinder3, ISymUnmanagedBinder2>() &&
                  derives<ISymUnmanagedBinder2, ISymUnmanagedBinder>(),
              "binder interface chain");
static_assert(derives<ISymUnmanagedMethod2, ISymUnmanagedMethod>() &&
                  derives<ISymUnmanagedScope2, ISymUnmanagedScope>() &&
                  derives<ISymNGenWriter2, ISymNGenWriter>() &&
                  derives<IStream, ISequentialStream>(),
              "other interface chains");

// Member function types of the methods whose parameters are easy to get
// wrong (by-value GUID/VARIANT, 32-bit `long`).
#define CHECK_METHOD_TYPE(iface, method, ...)                                                    \
    static_assert(std::is_same<decltype(&iface::method),                                         \
                               HRESULT (STDMETHODCALLTYPE iface::*)(__VA_ARGS__)>::value,       \
                  #iface "::" #method " has the documented parameter types")

CHECK_METHOD_TYPE(ISymUnmanagedReader, GetDocument, WCHAR *, GUID, GUID, GUID, ISymUnmanagedDocument **);
CHECK_METHOD_TYPE(ISymUnmanagedReader4, MatchesModule, GUID, DWORD, int, BOOL *);
CHECK_METHOD_TYPE(ISymUnmanagedWriter, DefineDocument, const WCHAR *, const GUID *, const GUID *,
                  const GUID *, ISymUnmanagedDocumentWriter **);
CHECK_METHOD_TYPE(ISymUnmanagedWriter, DefineConstant, const WCHAR *, VARIANT, ULONG32, unsigned char *);
CHECK_METHOD_TYPE(ISymUnmanagedWriter2, DefineConstant2, const WCHAR *, VARIANT, mdSignature);
CHECK_METHOD_TYPE(ISymUnmanagedWriter8, UpdateSignature, GUID, DWORD, int);
CHECK_METHOD_TYPE(ISymUnmanagedDocumentWriter, SetCheckSum, GUID, ULONG32, BYTE *);
CHECK_METHOD_TYPE(ISymNGenWriter, AddSection, USHORT, USHORT, LONG, LONG);
CHECK_METHOD_TYPE(ISymNGenWriter2, QueryPDBNameExW, WCHAR *, SIZE_T);

// ---------------------------------------------------------------------------
// Test objects
// ---------------------------------------------------------------------------

// A positive HRESULT that names the slot that produced it.
#define SLOT(n) ((HRESULT)(0x00C50000 + (n)))

// Stack objects: reference counts are tracked but nothing is freed.
class RefCounted {
  protected:
    LONG refcount_ = 1;
};

class TestReader final : public ISymUnmanagedReader5, public ISymUnmanagedDispose, RefCounted {
  public:
    GUID last_guid[3] = {};
    int last_int = 0;

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **out) override
    {
        if (!out)
            return E_POINTER;
        if (riid == IID_IUnknown || riid == IID_ISymUnmanagedReader || riid == IID_ISymUnmanagedReader2 ||
            riid == IID_ISymUnmanagedReader3 || riid == IID_ISymUnmanagedReader4 ||
            riid == IID_ISymUnmanagedReader5)
            *out = static_cast<ISymUnmanagedReader5 *>(this);
        else if (riid == __uuidof(ISymUnmanagedDispose))
            *out = static_cast<ISymUnmanagedDispose *>(this);
        else {
            *out = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return (ULONG)InterlockedIncrement(&refcount_); }
    ULONG STDMETHODCALLTYPE Release() override { return (ULONG)InterlockedDecrement(&refcount_); }

    // ISymUnmanagedReader
    HRESULT STDMETHODCALLTYPE GetDocument(WCHAR *, GUID language, GUID vendor, GUID type,
                                          ISymUnmanagedDocument **) override
    {
        last_guid[0] = language;
        last_guid[1] = vendor;
        last_guid[2] = type;
        return SLOT(3);
    }
    HRESULT STDMETHODCALLTYPE GetDocuments(ULONG32, ULONG32 *, ISymUnmanagedDocument **) override { return SLOT(4); }
    HRESULT STDMETHODCALLTYPE GetUserEntryPoint(mdMethodDef *token) override
    {
        *token = 0x06000001;
        return SLOT(5);
    }
    HRESULT STDMETHODCALLTYPE GetMethod(mdMethodDef, ISymUnmanagedMethod **) override { return SLOT(6); }
    HRESULT STDMETHODCALLTYPE GetMethodByVersion(mdMethodDef, int version, ISymUnmanagedMethod **) override
    {
        last_int = version;
        return SLOT(7);
    }
    HRESULT STDMETHODCALLTYPE GetVariables(mdToken, ULONG32, ULONG32 *, ISymUnmanagedVariable **) override { return SLOT(8); }
    HRESULT STDMETHODCALLTYPE GetGlobalVariables(ULONG32, ULONG32 *, ISymUnmanagedVariable **) override { return SLOT(9); }
    HRESULT STDMETHODCALLTYPE GetMethodFromDocumentPosition(ISymUnmanagedDocument *, ULONG32, ULONG32,
                                                            ISymUnmanagedMethod **) override { return SLOT(10); }
    HRESULT STDMETHODCALLTYPE GetSymAttribute(mdToken, WCHAR *, ULONG32, ULONG32 *, BYTE *) override { return SLOT(11); }
    HRESULT STDMETHODCALLTYPE GetNamespaces(ULONG32, ULONG32 *, ISymUnmanagedNamespace **) override { return SLOT(12); }
    HRESULT STDMETHODCALLTYPE Initialize(IUnknown *, const WCHAR *, const WCHAR *, IStream *) override { return SLOT(13); }
    HRESULT STDMETHODCALLTYPE UpdateSymbolStore(const WCHAR *, IStream *) override { return SLOT(14); }
    HRESULT STDMETHODCALLTYPE ReplaceSymbolStore(const WCHAR *, IStream *) override { return SLOT(15); }
    HRESULT STDMETHODCALLTYPE GetSymbolStoreFileName(ULONG32, ULONG32 *, WCHAR *) override { return SLOT(16); }
    HRESULT STDMETHODCALLTYPE GetMethodsFromDocumentPosition(ISymUnmanagedDocument *, ULONG32, ULONG32, ULONG32,
                                                             ULONG32 *pcMethod, ISymUnmanagedMethod **) override
    {
        *pcMethod = 17;
        return SLOT(17);
    }
    HRESULT STDMETHODCALLTYPE GetDocumentVersion(ISymUnmanagedDocument *, int *, BOOL *) override { return SLOT(18); }
    HRESULT STDMETHODCALLTYPE GetMethodVersion(ISymUnmanagedMethod *, int *) override { return SLOT(19); }
    // ISymUnmanagedReader2
    HRESULT STDMETHODCALLTYPE GetMethodByVersionPreRemap(mdMethodDef, int, ISymUnmanagedMethod **) override { return SLOT(20); }
    HRESULT STDMETHODCALLTYPE GetSymAttributePreRemap(mdToken, WCHAR *, ULONG32, ULONG32 *, BYTE *) override { return SLOT(21); }
    HRESULT STDMETHODCALLTYPE GetMethodsInDocument(ISymUnmanagedDocument *, ULONG32, ULONG32 *,
                                                   ISymUnmanagedMethod **) override { return SLOT(22); }
    // ISymUnmanagedReader3
    HRESULT STDMETHODCALLTYPE GetSymAttributeByVersion(mdMethodDef, int, const WCHAR *, ULONG32, ULONG32 *,
                                                       BYTE *) override { return SLOT(23); }
    HRESULT STDMETHODCALLTYPE GetSymAttributeByVersionPreRemap(mdMethodDef, int, const WCHAR *, ULONG32, ULONG32 *,
                                                               BYTE *) override { return SLOT(24); }
    // ISymUnmanagedReader4
    HRESULT STDMETHODCALLTYPE MatchesModule(GUID guid, DWORD stamp, int age, BOOL *result) override
    {
        last_guid[0] = guid;
        last_int = age;
        *result = stamp == 0x5F5E100u;
        return SLOT(25);
    }
    HRESULT STDMETHODCALLTYPE GetPortableDebugMetadata(BYTE **, int *) override { return SLOT(26); }
    HRESULT STDMETHODCALLTYPE GetSourceServerData(BYTE **, int *) override { return SLOT(27); }
    // ISymUnmanagedReader5
    HRESULT STDMETHODCALLTYPE GetPortableDebugMetadataByVersion(int version, BYTE **, int *size) override
    {
        *size = version * 2;
        return SLOT(28);
    }
    // ISymUnmanagedDispose
    HRESULT STDMETHODCALLTYPE Destroy() override { return SLOT(1003); }
};

class TestWriter final : public ISymUnmanagedWriter8, public IPdbWriter, RefCounted {
  public:
    VARIANT last_value = {};
    ULONG32 last_count = 0;
    GUID last_guid = {};
    DWORD last_stamp = 0;
    int last_int = 0;

    // IUnknown
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **out) override
    {
        if (riid == IID_IUnknown || riid == __uuidof(ISymUnmanagedWriter8))
            *out = static_cast<ISymUnmanagedWriter8 *>(this);
        else if (riid == __uuidof(IPdbWriter))
            *out = static_cast<IPdbWriter *>(this);
        else {
            *out = nullptr;
            return E_NOINTERFACE;
        }
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return (ULONG)InterlockedIncrement(&refcount_); }
    ULONG STDMETHODCALLTYPE Release() override { return (ULONG)InterlockedDecrement(&refcount_); }

    // ISymUnmanagedWriter
    HRESULT STDMETHODCALLTYPE DefineDocument(const WCHAR *, const GUID *language, const GUID *, const GUID *,
                                             ISymUnmanagedDocumentWriter **) override
    {
        last_guid = *language;
        return SLOT(3);
    }
    HRESULT STDMETHODCALLTYPE SetUserEntryPoint(mdMethodDef) override { return SLOT(4); }
    HRESULT STDMETHODCALLTYPE OpenMethod(mdMethodDef) override { return SLOT(5); }
    HRESULT STDMETHODCALLTYPE CloseMethod() override { return SLOT(6); }
    HRESULT STDMETHODCALLTYPE OpenScope(ULONG32, ULONG32 *) override { return SLOT(7); }
    HRESULT STDMETHODCALLTYPE CloseScope(ULONG32) override { return SLOT(8); }
    HRESULT STDMETHODCALLTYPE SetScopeRange(ULONG32, ULONG32, ULONG32) override { return SLOT(9); }
    HRESULT STDMETHODCALLTYPE DefineLocalVariable(const WCHAR *, ULONG32, ULONG32, unsigned char *, ULONG32, ULONG32,
                                                  ULONG32, ULONG32, ULONG32, ULONG32) override { return SLOT(10); }
    HRESULT STDMETHODCALLTYPE DefineParameter(const WCHAR *, ULONG32, ULONG32, ULONG32, ULONG32, ULONG32,
                                              ULONG32) override { return SLOT(11); }
    HRESULT STDMETHODCALLTYPE DefineField(mdTypeDef, const WCHAR *, ULONG32, ULONG32, unsigned char *, ULONG32,
                                          ULONG32, ULONG32, ULONG32) override { return SLOT(12); }
    HRESULT STDMETHODCALLTYPE DefineGlobalVariable(const WCHAR *, ULONG32, ULONG32, unsigned char *, ULONG32,
                                                   ULONG32, ULONG32, ULONG32) override { return SLOT(13); }
    HRESULT STDMETHODCALLTYPE Close() override { return SLOT(14); }
    HRESULT STDMETHODCALLTYPE SetSymAttribute(mdToken, const WCHAR *, ULONG32, unsigned char *) override { return SLOT(15); }
    HRESULT STDMETHODCALLTYPE OpenNamespace(const WCHAR *) override { return SLOT(16); }
    HRESULT STDMETHODCALLTYPE CloseNamespace() override { return SLOT(17); }
    HRESULT STDMETHODCALLTYPE UsingNamespace(const WCHAR *) override { return SLOT(18); }
    HRESULT STDMETHODCALLTYPE SetMethodSourceRange(ISymUnmanagedDocumentWriter *, ULONG32, ULONG32,
                                                   ISymUnmanagedDocumentWriter *, ULONG32, ULONG32) override { return SLOT(19); }
    HRESULT STDMETHODCALLTYPE Initialize(IUnknown *, const WCHAR *, IStream *, BOOL) override { return SLOT(20); }
    HRESULT STDMETHODCALLTYPE GetDebugInfo(IMAGE_DEBUG_DIRECTORY *, DWORD, DWORD *, BYTE *) override { return SLOT(21); }
    HRESULT STDMETHODCALLTYPE DefineSequencePoints(ISymUnmanagedDocumentWriter *, ULONG32, ULONG32 *, ULONG32 *,
                                                   ULONG32 *, ULONG32 *, ULONG32 *) override { return SLOT(22); }
    HRESULT STDMETHODCALLTYPE RemapToken(mdToken, mdToken) override { return SLOT(23); }
    HRESULT STDMETHODCALLTYPE Initialize2(IUnknown *, const WCHAR *, IStream *, BOOL, const WCHAR *) override { return SLOT(24); }
    HRESULT STDMETHODCALLTYPE DefineConstant(const WCHAR *, VARIANT value, ULONG32 cSig, unsigned char *) override
    {
        last_value = value;
        last_count = cSig;
        return SLOT(25);
    }
    HRESULT STDMETHODCALLTYPE Abort() override { return SLOT(26); }
    // ISymUnmanagedWriter2
    HRESULT STDMETHODCALLTYPE DefineLocalVariable2(const WCHAR *, ULONG32, mdSignature, ULONG32, ULONG32, ULONG32,
                                                   ULONG32, ULONG32, ULONG32) override { return SLOT(27); }
    HRESULT STDMETHODCALLTYPE DefineGlobalVariable2(const WCHAR *, ULONG32, mdSignature, ULONG32, ULONG32, ULONG32,
                                                    ULONG32) override { return SLOT(28); }
    HRESULT STDMETHODCALLTYPE DefineConstant2(const WCHAR *, VARIANT value, mdSignature signature) override
    {
        last_value = value;
        last_count = signature;
        return SLOT(29);
    }
    // ISymUnmanagedWriter3
    HRESULT STDMETHODCALLTYPE OpenMethod2(mdMethodDef, ULONG32, ULONG32) override { return SLOT(30); }
    HRESULT STDMETHODCALLTYPE Commit() override { return SLOT(31); }
    // ISymUnmanagedWriter4
    HRESULT STDMETHODCALLTYPE GetDebugInfoWithPadding(IMAGE_DEBUG_DIRECTORY *, DWORD, DWORD *, BYTE *) override { return SLOT(32); }
    // ISymUnmanagedWriter5
    HRESULT STDMETHODCALLTYPE OpenMapTokensToSourceSpans() override { return SLOT(33); }
    HRESULT STDMETHODCALLTYPE CloseMapTokensToSourceSpans() override { return SLOT(34); }
    HRESULT STDMETHODCALLTYPE MapTokenToSourceSpan(mdToken, ISymUnmanagedDocumentWriter *, ULONG32, ULONG32, ULONG32,
                                                   ULONG32) override { return SLOT(35); }
    // ISymUnmanagedWriter6
    HRESULT STDMETHODCALLTYPE InitializeDeterministic(IUnknown *, IUnknown *) override { return SLOT(36); }
    // ISymUnmanagedWriter7
    HRESULT STDMETHODCALLTYPE UpdateSignatureByHashingContent(const BYTE *, int) override { return SLOT(37); }
    // ISymUnmanagedWriter8
    HRESULT STDMETHODCALLTYPE UpdateSignature(GUID pdbId, DWORD stamp, int age) override
    {
        last_guid = pdbId;
        last_stamp = stamp;
        last_int = age;
        return SLOT(38);
    }
    HRESULT STDMETHODCALLTYPE SetSourceServerData(const BYTE *, int) override { return SLOT(39); }
    HRESULT STDMETHODCALLTYPE SetSourceLinkData(const BYTE *, int size) override
    {
        last_int = size;
        return SLOT(40);
    }
    // IPdbWriter
    HRESULT STDMETHODCALLTYPE SetPath(const WCHAR *, IStream *, BOOL) override { return SLOT(1003); }
    HRESULT STDMETHODCALLTYPE OpenMod(const WCHAR *, const WCHAR *) override { return SLOT(1004); }
    HRESULT STDMETHODCALLTYPE CloseMod() override { return SLOT(1005); }
    HRESULT STDMETHODCALLTYPE GetPath(DWORD, DWORD *, WCHAR *) override { return SLOT(1006); }
    HRESULT STDMETHODCALLTYPE GetSignatureAge(DWORD *sig, DWORD *age) override
    {
        *sig = 0x12345678;
        *age = 3;
        return SLOT(1007);
    }
};

class TestStream final : public IStream, RefCounted {
  public:
    LONGLONG last_move = 0;

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void **out) override
    {
        if (riid == IID_IUnknown || riid == IID_ISequentialStream || riid == IID_IStream) {
            *out = static_cast<IStream *>(this);
            AddRef();
            return S_OK;
        }
        *out = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return (ULONG)InterlockedIncrement(&refcount_); }
    ULONG STDMETHODCALLTYPE Release() override { return (ULONG)InterlockedDecrement(&refcount_); }
    HRESULT STDMETHODCALLTYPE Read(void *, ULONG, ULONG *) override { return SLOT(3); }
    HRESULT STDMETHODCALLTYPE Write(const void *, ULONG, ULONG *) override { return SLOT(4); }
    HRESULT STDMETHODCALLTYPE Seek(LARGE_INTEGER move, DWORD, ULARGE_INTEGER *position) override
    {
        last_move = move.QuadPart;
        position->QuadPart = (ULONGLONG)move.QuadPart + 1;
        return SLOT(5);
    }
    HRESULT STDMETHODCALLTYPE SetSize(ULARGE_INTEGER) override { return SLOT(6); }
    HRESULT STDMETHODCALLTYPE CopyTo(IStream *, ULARGE_INTEGER, ULARGE_INTEGER *, ULARGE_INTEGER *) override { return SLOT(7); }
    HRESULT STDMETHODCALLTYPE Commit(DWORD) override { return SLOT(8); }
    HRESULT STDMETHODCALLTYPE Revert() override { return SLOT(9); }
    HRESULT STDMETHODCALLTYPE LockRegion(ULARGE_INTEGER, ULARGE_INTEGER, DWORD) override { return SLOT(10); }
    HRESULT STDMETHODCALLTYPE UnlockRegion(ULARGE_INTEGER, ULARGE_INTEGER, DWORD) override { return SLOT(11); }
    HRESULT STDMETHODCALLTYPE Stat(STATSTG *stat, DWORD) override
    {
        std::memset(stat, 0, sizeof(*stat));
        stat->type = STGTY_STREAM;
        stat->cbSize.QuadPart = 4096;
        return SLOT(12);
    }
    HRESULT STDMETHODCALLTYPE Clone(IStream **clone) override
    {
        *clone = nullptr;
        return SLOT(13);
    }
};

// ---------------------------------------------------------------------------
// Calling through the C layout
// ---------------------------------------------------------------------------

// Fetches slot `index` of the interface pointer `object` the way C does:
// the first word of the object points at an array of function pointers.
template <typename Fn> static Fn slot(void *object, unsigned index)
{
    void **vtable;
    Fn fn;
    std::memcpy(&vtable, object, sizeof(vtable));
    std::memcpy(&fn, &vtable[index], sizeof(fn));
    return fn;
}

static int failures;

#define EXPECT(cond)                                                        \
    do {                                                                    \
        if (!(cond)) {                                                      \
            std::printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);     \
            failures++;                                                     \
        }                                                                   \
    } while (0)

typedef struct CUnknown CUnknown; // an opaque `This`, as a C caller sees it

static const GUID pdb_id = {0x01020304, 0x0506, 0x0708, {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10}};

static void test_reader()
{
    TestReader reader;
    void *iface = static_cast<ISymUnmanagedReader5 *>(&reader);

    typedef HRESULT(STDMETHODCALLTYPE * GetDocumentFn)(CUnknown *, WCHAR *, GUID, GUID, GUID, ISymUnmanagedDocument **);
    typedef HRESULT(STDMETHODCALLTYPE * GetUserEntryPointFn)(CUnknown *, mdMethodDef *);
    typedef HRESULT(STDMETHODCALLTYPE * GetMethodByVersionFn)(CUnknown *, mdMethodDef, int, ISymUnmanagedMethod **);
    typedef HRESULT(STDMETHODCALLTYPE * PositionFn)(CUnknown *, ISymUnmanagedDocument *, ULONG32, ULONG32,
                                                     ISymUnmanagedMethod **);
    typedef HRESULT(STDMETHODCALLTYPE * PositionsFn)(CUnknown *, ISymUnmanagedDocument *, ULONG32, ULONG32, ULONG32,
                                                      ULONG32 *, ISymUnmanagedMethod **);
    typedef HRESULT(STDMETHODCALLTYPE * InDocumentFn)(CUnknown *, ISymUnmanagedDocument *, ULONG32, ULONG32 *,
                                                       ISymUnmanagedMethod **);
    typedef HRESULT(STDMETHODCALLTYPE * MatchesModuleFn)(CUnknown *, GUID, DWORD, int, BOOL *);
    typedef HRESULT(STDMETHODCALLTYPE * ByVersionFn)(CUnknown *, int, BYTE **, int *);
    typedef HRESULT(STDMETHODCALLTYPE * QueryInterfaceFn)(CUnknown *, const GUID *, void **);
    typedef HRESULT(STDMETHODCALLTYPE * VoidFn)(CUnknown *);
    typedef ULONG(STDMETHODCALLTYPE * ReleaseFn)(CUnknown *);
    CUnknown *This = static_cast<CUnknown *>(iface);

    EXPECT(slot<GetDocumentFn>(iface, 3)(This, nullptr, CorSym_LanguageType_CSharp,
                                         CorSym_LanguageVendor_Microsoft, CorSym_DocumentType_Text,
                                         nullptr) == SLOT(3));
    EXPECT(reader.last_guid[0] == CorSym_LanguageType_CSharp);
    EXPECT(reader.last_guid[1] == CorSym_LanguageVendor_Microsoft);
    EXPECT(reader.last_guid[2] == CorSym_DocumentType_Text);

    mdMethodDef token = 0;
    EXPECT(slot<GetUserEntryPointFn>(iface, 5)(This, &token) == SLOT(5));
    EXPECT(token == 0x06000001);
    EXPECT(slot<GetMethodByVersionFn>(iface, 7)(This, 0x06000002, 4, nullptr) == SLOT(7));
    EXPECT(reader.last_int == 4);
    EXPECT(slot<PositionFn>(iface, 10)(This, nullptr, 1, 1, nullptr) == SLOT(10));

    ULONG32 count = 0;
    EXPECT(slot<PositionsFn>(iface, 17)(This, nullptr, 1, 1, 0, &count, nullptr) == SLOT(17));
    EXPECT(count == 17);
    EXPECT(slot<InDocumentFn>(iface, 22)(This, nullptr, 0, &count, nullptr) == SLOT(22));

    BOOL matches = FALSE;
    EXPECT(slot<MatchesModuleFn>(iface, 25)(This, pdb_id, 0x5F5E100u, 7, &matches) == SLOT(25));
    EXPECT(matches && reader.last_int == 7 && reader.last_guid[0] == pdb_id);

    int size = 0;
    EXPECT(slot<ByVersionFn>(iface, 28)(This, 21, nullptr, &size) == SLOT(28));
    EXPECT(size == 42);

    // QueryInterface through slot 0 hands out the second base subobject,
    // whose slot 3 is ISymUnmanagedDispose::Destroy.
    void *dispose = nullptr;
    EXPECT(slot<QueryInterfaceFn>(iface, 0)(This, &IID_ISymUnmanagedDispose, &dispose) == S_OK);
    EXPECT(dispose == static_cast<void *>(static_cast<ISymUnmanagedDispose *>(&reader)));
    EXPECT(dispose != iface);
    EXPECT(slot<VoidFn>(dispose, 3)(static_cast<CUnknown *>(dispose)) == SLOT(1003));
    EXPECT(slot<ReleaseFn>(dispose, 2)(static_cast<CUnknown *>(dispose)) == 1);

    void *unknown = &reader; // anything non-null, to see it cleared
    EXPECT(slot<QueryInterfaceFn>(iface, 0)(This, &IID_ISymUnmanagedWriter, &unknown) == E_NOINTERFACE);
    EXPECT(unknown == nullptr);
}

static void test_writer()
{
    TestWriter writer;
    void *iface = static_cast<ISymUnmanagedWriter8 *>(&writer);
    CUnknown *This = static_cast<CUnknown *>(iface);

    typedef HRESULT(STDMETHODCALLTYPE * DefineDocumentFn)(CUnknown *, const WCHAR *, const GUID *, const GUID *,
                                                           const GUID *, ISymUnmanagedDocumentWriter **);
    typedef HRESULT(STDMETHODCALLTYPE * VoidFn)(CUnknown *);
    typedef HRESULT(STDMETHODCALLTYPE * DefineConstantFn)(CUnknown *, const WCHAR *, VARIANT, ULONG32,
                                                           unsigned char *);
    typedef HRESULT(STDMETHODCALLTYPE * DefineConstant2Fn)(CUnknown *, const WCHAR *, VARIANT, mdSignature);
    typedef HRESULT(STDMETHODCALLTYPE * InitializeDeterministicFn)(CUnknown *, IUnknown *, IUnknown *);
    typedef HRESULT(STDMETHODCALLTYPE * UpdateSignatureFn)(CUnknown *, GUID, DWORD, int);
    typedef HRESULT(STDMETHODCALLTYPE * SetDataFn)(CUnknown *, const BYTE *, int);
    typedef HRESULT(STDMETHODCALLTYPE * QueryInterfaceFn)(CUnknown *, const GUID *, void **);
    typedef HRESULT(STDMETHODCALLTYPE * GetSignatureAgeFn)(CUnknown *, DWORD *, DWORD *);

    EXPECT(slot<DefineDocumentFn>(iface, 3)(This, nullptr, &CorSym_LanguageType_Basic, nullptr, nullptr,
                                            nullptr) == SLOT(3));
    EXPECT(writer.last_guid == CorSym_LanguageType_Basic);
    EXPECT(slot<VoidFn>(iface, 14)(This) == SLOT(14));
    EXPECT(slot<VoidFn>(iface, 26)(This) == SLOT(26));
    EXPECT(slot<VoidFn>(iface, 31)(This) == SLOT(31));
    EXPECT(slot<VoidFn>(iface, 33)(This) == SLOT(33));
    EXPECT(slot<VoidFn>(iface, 34)(This) == SLOT(34));

    // The VARIANT travels by value, and the argument after it must still
    // arrive intact.
    VARIANT value;
    std::memset(&value, 0, sizeof(value));
    V_VT(&value) = VT_R8;
    V_R8(&value) = 2.5;
    EXPECT(slot<DefineConstantFn>(iface, 25)(This, nullptr, value, 0xABCDu, nullptr) == SLOT(25));
    EXPECT(writer.last_value.vt == VT_R8 && writer.last_value.dblVal == 2.5 && writer.last_count == 0xABCDu);
    V_VT(&value) = VT_BSTR;
    V_BSTR(&value) = nullptr;
    EXPECT(slot<DefineConstant2Fn>(iface, 29)(This, nullptr, value, 0x11000007u) == SLOT(29));
    EXPECT(writer.last_value.vt == VT_BSTR && writer.last_count == 0x11000007u);

    EXPECT(slot<InitializeDeterministicFn>(iface, 36)(This, nullptr, nullptr) == SLOT(36));
    EXPECT(slot<UpdateSignatureFn>(iface, 38)(This, pdb_id, 0xCAFEu, 9) == SLOT(38));
    EXPECT(writer.last_guid == pdb_id && writer.last_stamp == 0xCAFEu && writer.last_int == 9);
    EXPECT(slot<SetDataFn>(iface, 39)(This, nullptr, 0) == SLOT(39));
    EXPECT(slot<SetDataFn>(iface, 40)(This, nullptr, 123) == SLOT(40));
    EXPECT(writer.last_int == 123);

    void *pdb = nullptr;
    EXPECT(slot<QueryInterfaceFn>(iface, 0)(This, &IID_IPdbWriter, &pdb) == S_OK);
    DWORD sig = 0, age = 0;
    EXPECT(slot<GetSignatureAgeFn>(pdb, 7)(static_cast<CUnknown *>(pdb), &sig, &age) == SLOT(1007));
    EXPECT(sig == 0x12345678 && age == 3);
    EXPECT(slot<VoidFn>(pdb, 5)(static_cast<CUnknown *>(pdb)) == SLOT(1005));

    // The same object through ordinary C++ calls.
    ISymUnmanagedWriter *base = static_cast<ISymUnmanagedWriter8 *>(&writer);
    EXPECT(base->Abort() == SLOT(26));
    EXPECT(base->Release() == 1);
}

static void test_stream()
{
    TestStream stream;
    void *iface = static_cast<IStream *>(&stream);
    CUnknown *This = static_cast<CUnknown *>(iface);

    typedef HRESULT(STDMETHODCALLTYPE * ReadFn)(CUnknown *, void *, ULONG, ULONG *);
    typedef HRESULT(STDMETHODCALLTYPE * SeekFn)(CUnknown *, LARGE_INTEGER, DWORD, ULARGE_INTEGER *);
    typedef HRESULT(STDMETHODCALLTYPE * StatFn)(CUnknown *, STATSTG *, DWORD);
    typedef HRESULT(STDMETHODCALLTYPE * CloneFn)(CUnknown *, IStream **);

    EXPECT(slot<ReadFn>(iface, 3)(This, nullptr, 0, nullptr) == SLOT(3));
    LARGE_INTEGER move;
    move.QuadPart = -0x100000000LL;
    ULARGE_INTEGER position;
    position.QuadPart = 0;
    EXPECT(slot<SeekFn>(iface, 5)(This, move, STREAM_SEEK_END, &position) == SLOT(5));
    EXPECT(stream.last_move == -0x100000000LL);
    EXPECT(position.QuadPart == (ULONGLONG)-0x100000000LL + 1);
    STATSTG stat;
    EXPECT(slot<StatFn>(iface, 12)(This, &stat, STATFLAG_NONAME) == SLOT(12));
    EXPECT(stat.type == STGTY_STREAM && stat.cbSize.QuadPart == 4096);
    IStream *clone = &stream;
    EXPECT(slot<CloneFn>(iface, 13)(This, &clone) == SLOT(13));
    EXPECT(clone == nullptr);
}

static void test_guids()
{
    EXPECT(__uuidof(ISymUnmanagedReader5) == IID_ISymUnmanagedReader5);
    EXPECT(__uuidof(ISymUnmanagedBinder) == IID_ISymUnmanagedBinder);
    EXPECT(__uuidof(IStream) == IID_IStream);
    EXPECT(__uuidof(CorSymBinder_SxS) == CLSID_CorSymBinder_SxS);
    EXPECT(IsEqualGUID(CLSID_CorSymReader_SxS, CLSID_CorSymReader_SxS));
    EXPECT(CLSID_CorSymReader_SxS != CLSID_CorSymWriter_SxS);

    // INITGUID in a C++ file must produce the same objects as in C.
    failures += guid_check("IID_ISymUnmanagedReader", &IID_ISymUnmanagedReader, "B4CE6286-2A6B-3712-A3B7-1EE1DAD467B5");
    failures += guid_check("IID_ISymUnmanagedWriter8", &IID_ISymUnmanagedWriter8, "5ba52f3b-6bf8-40fc-b476-d39c529b331e");
    failures += guid_check("CLSID_CorSymBinder_SxS", &CLSID_CorSymBinder_SxS, "0A29FF9E-7F9C-4437-8B11-F424491E3931");
    failures += guid_check("CorSym_SourceHash_SHA256", &CorSym_SourceHash_SHA256, "8829d00f-11b8-4213-878b-770e8597ac16");
    failures += guid_check("IID_IUnknown", &IID_IUnknown, "00000000-0000-0000-C000-000000000046");
}

int main()
{
    test_reader();
    test_writer();
    test_stream();
    test_guids();

    if (failures)
        std::printf("%d C++ header check(s) failed\n", failures);
    else
        std::printf("C++ header checks passed\n");
    return failures ? 1 : 0;
}
