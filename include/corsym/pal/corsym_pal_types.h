/* SPDX-License-Identifier: MIT */
/*
 * corsym PAL: base Windows types, calling conventions and declaration macros
 * for non-Windows builds.
 *
 * The sizes are the Windows (LLP64) sizes, not the C ones: LONG, ULONG, DWORD
 * and HRESULT are 32-bit everywhere, because a vtable written against
 * CoreCLR's PAL (pal_mstypes.h) or against Windows passes them as 32-bit
 * values.  C `long` is 64-bit on LP64 Linux and must never appear here.
 */
#ifndef CORSYM_PAL_TYPES_H
#define CORSYM_PAL_TYPES_H

#include <stddef.h>
#include <stdint.h>

#if !defined(__GNUC__) && !defined(__clang__)
#error "the corsym PAL relies on GCC/Clang extensions (__extension__, weak symbols, __atomic)"
#endif

/*
 * Nameless struct and union members, as in the Windows headers (VARIANT,
 * DECIMAL, LARGE_INTEGER).  C11 has them; for C++ they are a GNU extension
 * that __extension__ keeps quiet under -pedantic.
 */
#define CORSYM_PAL_NAMELESS __extension__

/* ------------------------------------------------------------------------ */
/* Calling conventions: the platform's C convention, as in CoreCLR's PAL.   */
/* ------------------------------------------------------------------------ */

#define STDMETHODCALLTYPE
#define STDMETHODVCALLTYPE
#define STDAPICALLTYPE
#define STDAPIVCALLTYPE
#define WINAPI
#define WINAPIV
#define APIENTRY
#define CALLBACK

#ifdef __cplusplus
#define EXTERN_C extern "C"
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C extern
#define EXTERN_C_START
#define EXTERN_C_END
#endif

/* ------------------------------------------------------------------------ */
/* Declaration macros used by MIDL/widl-generated headers.                  */
/* ------------------------------------------------------------------------ */

/* COM interfaces are plain structs; C++ ones hold nothing but a vptr. */
#define interface struct
#define DECLSPEC_UUID(x)
#define DECLSPEC_NOVTABLE
#define MIDL_INTERFACE(x) struct DECLSPEC_UUID(x) DECLSPEC_NOVTABLE
#define BEGIN_INTERFACE
#define END_INTERFACE

/*
 * Weak definitions stand in for __declspec(selectany): a GUID defined in
 * several translation units (INITGUID in more than one file, or INITGUID
 * plus the widl-generated corsym_idl_i.c) links to one object.
 */
#define DECLSPEC_SELECTANY __attribute__((weak))

#ifdef CONST_VTABLE
#define CONST_VTBL const
#else
#define CONST_VTBL
#endif

/* widl's WIDL_C_INLINE_WRAPPERS emits `static FORCEINLINE` call wrappers. */
#define FORCEINLINE __inline__

#define STDAPI EXTERN_C HRESULT STDAPICALLTYPE
#define STDAPI_(type) EXTERN_C type STDAPICALLTYPE
#define STDMETHODIMP HRESULT STDMETHODCALLTYPE
#define STDMETHODIMP_(type) type STDMETHODCALLTYPE
#if defined(__cplusplus) && !defined(CINTERFACE)
#define STDMETHOD(method) virtual HRESULT STDMETHODCALLTYPE method
#define STDMETHOD_(type, method) virtual type STDMETHODCALLTYPE method
#else
#define STDMETHOD(method) HRESULT (STDMETHODCALLTYPE *method)
#define STDMETHOD_(type, method) type (STDMETHODCALLTYPE *method)
#endif

#ifndef CONTAINING_RECORD
/* Recovers the object that embeds an interface (see DESIGN.md, impl_from_*). */
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((char *)(address) - offsetof(type, field)))
#endif

/* ------------------------------------------------------------------------ */
/* Integer and character types                                              */
/* ------------------------------------------------------------------------ */

#define VOID void
typedef void *PVOID;
typedef void *LPVOID;
typedef const void *LPCVOID;

typedef char CHAR;
typedef unsigned char UCHAR;
typedef uint8_t BYTE;
typedef int16_t SHORT;
typedef uint16_t USHORT;
typedef uint16_t WORD;
typedef int INT;
typedef unsigned int UINT;
typedef int BOOL;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef uint32_t DWORD;
typedef int32_t INT32;
typedef int32_t LONG32;
typedef uint32_t UINT32;
typedef uint32_t ULONG32;
typedef uint32_t DWORD32;
typedef int64_t INT64;
typedef int64_t LONG64;
typedef int64_t LONGLONG;
typedef uint64_t UINT64;
typedef uint64_t ULONG64;
typedef uint64_t DWORD64;
typedef uint64_t ULONGLONG;
typedef intptr_t INT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t UINT_PTR;
typedef uintptr_t ULONG_PTR;
typedef uintptr_t DWORD_PTR;
typedef size_t SIZE_T;
typedef intptr_t SSIZE_T;
typedef float FLOAT;
typedef double DOUBLE;

typedef BYTE *PBYTE;
typedef BYTE *LPBYTE;
typedef ULONG *PULONG;
typedef DWORD *PDWORD;
typedef DWORD *LPDWORD;
typedef LONG *PLONG;
typedef BOOL *PBOOL;
typedef BOOL *LPBOOL;

typedef LONG HRESULT;
typedef LONG SCODE;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/*
 * UTF-16 code units.  Never wchar_t, which is 32-bit here.  C++ gets the
 * distinct char16_t (as CoreCLR's PAL does, so u"" literals work); C gets an
 * integer type of the same size and representation.
 */
#ifdef __cplusplus
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif
typedef WCHAR *PWSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *PCWSTR;
typedef const WCHAR *LPCWSTR;
typedef char *LPSTR;
typedef const char *LPCSTR;
typedef WCHAR OLECHAR;
typedef OLECHAR *LPOLESTR;
typedef const OLECHAR *LPCOLESTR;
/* Points at the first character; a 32-bit byte length precedes it. */
typedef OLECHAR *BSTR;

/* ------------------------------------------------------------------------ */
/* Small structures                                                         */
/* ------------------------------------------------------------------------ */

/* The 64-bit halves are in memory order, which is little-endian on every
 * corsym target; the byte-order test keeps a big-endian port honest. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define CORSYM_PAL_LOW_HIGH(low_type, low, high_type, high) high_type high; low_type low;
#else
#define CORSYM_PAL_LOW_HIGH(low_type, low, high_type, high) low_type low; high_type high;
#endif

typedef union _LARGE_INTEGER {
    CORSYM_PAL_NAMELESS struct {
        CORSYM_PAL_LOW_HIGH(DWORD, LowPart, LONG, HighPart)
    };
    struct {
        CORSYM_PAL_LOW_HIGH(DWORD, LowPart, LONG, HighPart)
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    CORSYM_PAL_NAMELESS struct {
        CORSYM_PAL_LOW_HIGH(DWORD, LowPart, DWORD, HighPart)
    };
    struct {
        CORSYM_PAL_LOW_HIGH(DWORD, LowPart, DWORD, HighPart)
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* 100-nanosecond intervals since 1601-01-01 UTC. */
typedef struct _FILETIME {
    DWORD dwLowDateTime;
    DWORD dwHighDateTime;
} FILETIME, *PFILETIME, *LPFILETIME;

/* The PE debug directory entry that ISymUnmanagedWriter::GetDebugInfo fills
 * (winnt.h on Windows).  28 bytes, no padding. */
typedef struct _IMAGE_DEBUG_DIRECTORY {
    DWORD Characteristics;
    DWORD TimeDateStamp;
    WORD MajorVersion;
    WORD MinorVersion;
    DWORD Type;
    DWORD SizeOfData;
    DWORD AddressOfRawData;
    DWORD PointerToRawData;
} IMAGE_DEBUG_DIRECTORY, *PIMAGE_DEBUG_DIRECTORY;

#define IMAGE_DEBUG_TYPE_UNKNOWN 0
#define IMAGE_DEBUG_TYPE_COFF 1
#define IMAGE_DEBUG_TYPE_CODEVIEW 2
#define IMAGE_DEBUG_TYPE_REPRO 16

#ifndef MAX_PATH
#define MAX_PATH 260
#endif

/* ------------------------------------------------------------------------ */
/* Reference counting                                                       */
/* ------------------------------------------------------------------------ */

/* Same contract as the Windows intrinsics: full barrier, returns the new
 * value.  COM objects use them for AddRef/Release on every platform. */
static __inline__ LONG InterlockedIncrement(LONG volatile *addend)
{
    return __atomic_add_fetch(addend, 1, __ATOMIC_SEQ_CST);
}

static __inline__ LONG InterlockedDecrement(LONG volatile *addend)
{
    return __atomic_sub_fetch(addend, 1, __ATOMIC_SEQ_CST);
}

#endif /* CORSYM_PAL_TYPES_H */
