/* SPDX-License-Identifier: MIT */
/*
 * corsym PAL: VARIANT and the types inside it (the oaidl.h/wtypes.h subset)
 * for non-Windows builds.
 *
 * ISymUnmanagedWriter::DefineConstant takes a VARIANT by value, so the
 * layout is ABI: 16 bytes on 32-bit targets, 24 on 64-bit ones.  The third
 * eight-byte word on 64-bit comes from the record member (two pointers);
 * leaving it out would silently make the struct 16 bytes and shift every
 * argument after it.
 */
#ifndef CORSYM_PAL_VARIANT_H
#define CORSYM_PAL_VARIANT_H

#include "corsym_pal_types.h"

/* Guarded like widl's forward declarations so that a second typedef never
 * appears (C99 rejects one). */
#ifndef __IUnknown_FWD_DEFINED__
#define __IUnknown_FWD_DEFINED__
typedef interface IUnknown IUnknown;
#endif
#ifndef __IDispatch_FWD_DEFINED__
#define __IDispatch_FWD_DEFINED__
typedef interface IDispatch IDispatch;
#endif
#ifndef __IRecordInfo_FWD_DEFINED__
#define __IRecordInfo_FWD_DEFINED__
typedef interface IRecordInfo IRecordInfo;
#endif
typedef struct tagSAFEARRAY SAFEARRAY;

typedef unsigned short VARTYPE;
typedef short VARIANT_BOOL;
/* OLE automation date (days since 1899-12-30).  Note that Roslyn's
 * DefineConstant2 stores DateTime ticks as an int64 under VT_DATE. */
typedef double DATE;

#define VARIANT_TRUE ((VARIANT_BOOL)-1)
#define VARIANT_FALSE ((VARIANT_BOOL)0)

/* Currency: a 64-bit integer scaled by 10,000. */
typedef union tagCY {
    CORSYM_PAL_NAMELESS struct {
        CORSYM_PAL_LOW_HIGH(ULONG, Lo, LONG, Hi)
    };
    LONGLONG int64;
} CY;

/* 96-bit integer (Hi32:Mid32:Lo32) scaled by 10^-scale; 16 bytes. */
typedef struct tagDEC {
    USHORT wReserved;
    CORSYM_PAL_NAMELESS union {
        CORSYM_PAL_NAMELESS struct {
            BYTE scale;
            BYTE sign; /* DECIMAL_NEG or 0 */
        };
        USHORT signscale;
    };
    ULONG Hi32;
    CORSYM_PAL_NAMELESS union {
        CORSYM_PAL_NAMELESS struct {
            CORSYM_PAL_LOW_HIGH(ULONG, Lo32, ULONG, Mid32)
        };
        ULONGLONG Lo64;
    };
} DECIMAL;

#define DECIMAL_NEG ((BYTE)0x80)

enum VARENUM {
    VT_EMPTY = 0,
    VT_NULL = 1,
    VT_I2 = 2,
    VT_I4 = 3,
    VT_R4 = 4,
    VT_R8 = 5,
    VT_CY = 6,
    VT_DATE = 7,
    VT_BSTR = 8,
    VT_DISPATCH = 9,
    VT_ERROR = 10,
    VT_BOOL = 11,
    VT_VARIANT = 12,
    VT_UNKNOWN = 13,
    VT_DECIMAL = 14,
    VT_I1 = 16,
    VT_UI1 = 17,
    VT_UI2 = 18,
    VT_UI4 = 19,
    VT_I8 = 20,
    VT_UI8 = 21,
    VT_INT = 22,
    VT_UINT = 23,
    VT_VOID = 24,
    VT_HRESULT = 25,
    VT_PTR = 26,
    VT_SAFEARRAY = 27,
    VT_CARRAY = 28,
    VT_USERDEFINED = 29,
    VT_LPSTR = 30,
    VT_LPWSTR = 31,
    VT_RECORD = 36,
    VT_INT_PTR = 37,
    VT_UINT_PTR = 38,
    VT_FILETIME = 64,
    VT_BLOB = 65,
    VT_STREAM = 66,
    VT_STORAGE = 67,
    VT_STREAMED_OBJECT = 68,
    VT_STORED_OBJECT = 69,
    VT_BLOB_OBJECT = 70,
    VT_CF = 71,
    VT_CLSID = 72,
    VT_VERSIONED_STREAM = 73,
    VT_BSTR_BLOB = 0x0fff,
    VT_VECTOR = 0x1000,
    VT_ARRAY = 0x2000,
    VT_BYREF = 0x4000,
    VT_RESERVED = 0x8000,
    VT_ILLEGAL = 0xffff,
    VT_ILLEGALMASKED = 0x0fff,
    VT_TYPEMASK = 0x0fff
};

typedef struct tagVARIANT VARIANT;
typedef VARIANT *LPVARIANT;
typedef VARIANT VARIANTARG;

/* Member names are those of the Windows headers, reached without the
 * intermediate union/struct names (v.vt, v.bstrVal, v.decVal). */
struct tagVARIANT {
    CORSYM_PAL_NAMELESS union {
        CORSYM_PAL_NAMELESS struct {
            VARTYPE vt;
            WORD wReserved1;
            WORD wReserved2;
            WORD wReserved3;
            CORSYM_PAL_NAMELESS union {
                LONGLONG llVal;
                LONG lVal;
                BYTE bVal;
                SHORT iVal;
                FLOAT fltVal;
                DOUBLE dblVal;
                VARIANT_BOOL boolVal;
                SCODE scode;
                CY cyVal;
                DATE date;
                BSTR bstrVal;
                IUnknown *punkVal;
                IDispatch *pdispVal;
                SAFEARRAY *parray;
                BYTE *pbVal;
                SHORT *piVal;
                LONG *plVal;
                LONGLONG *pllVal;
                FLOAT *pfltVal;
                DOUBLE *pdblVal;
                VARIANT_BOOL *pboolVal;
                SCODE *pscode;
                CY *pcyVal;
                DATE *pdate;
                BSTR *pbstrVal;
                IUnknown **ppunkVal;
                IDispatch **ppdispVal;
                SAFEARRAY **pparray;
                VARIANT *pvarVal;
                PVOID byref;
                CHAR cVal;
                USHORT uiVal;
                ULONG ulVal;
                ULONGLONG ullVal;
                INT intVal;
                UINT uintVal;
                DECIMAL *pdecVal;
                CHAR *pcVal;
                USHORT *puiVal;
                ULONG *pulVal;
                ULONGLONG *pullVal;
                INT *pintVal;
                UINT *puintVal;
                CORSYM_PAL_NAMELESS struct {
                    PVOID pvRecord;
                    IRecordInfo *pRecInfo;
                };
            };
        };
        DECIMAL decVal;
    };
};

/* Accessors from oleauto.h. */
#define V_VT(X) ((X)->vt)
#define V_ISBYREF(X) (V_VT(X) & VT_BYREF)
#define V_ISARRAY(X) (V_VT(X) & VT_ARRAY)
#define V_I1(X) ((X)->cVal)
#define V_I2(X) ((X)->iVal)
#define V_I4(X) ((X)->lVal)
#define V_I8(X) ((X)->llVal)
#define V_UI1(X) ((X)->bVal)
#define V_UI2(X) ((X)->uiVal)
#define V_UI4(X) ((X)->ulVal)
#define V_UI8(X) ((X)->ullVal)
#define V_INT(X) ((X)->intVal)
#define V_UINT(X) ((X)->uintVal)
#define V_R4(X) ((X)->fltVal)
#define V_R8(X) ((X)->dblVal)
#define V_CY(X) ((X)->cyVal)
#define V_DATE(X) ((X)->date)
#define V_BSTR(X) ((X)->bstrVal)
#define V_BOOL(X) ((X)->boolVal)
#define V_ERROR(X) ((X)->scode)
#define V_UNKNOWN(X) ((X)->punkVal)
#define V_DISPATCH(X) ((X)->pdispVal)
#define V_BYREF(X) ((X)->byref)
#define V_DECIMAL(X) ((X)->decVal)

#endif /* CORSYM_PAL_VARIANT_H */
