/* SPDX-License-Identifier: MIT */
/*
 * corsym PAL: GUID, IID, CLSID, their reference types, comparison, and
 * DEFINE_GUID (the guiddef.h subset) for non-Windows builds.
 */
#ifndef CORSYM_PAL_GUID_H
#define CORSYM_PAL_GUID_H

#include "corsym_pal_types.h"

/* 16 bytes; Data1 is 32-bit, unlike a C `unsigned long` on LP64. */
typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t Data4[8];
} GUID, *LPGUID;

typedef GUID IID;
typedef GUID CLSID;
typedef IID *LPIID;
typedef CLSID *LPCLSID;

/*
 * By-reference GUID parameters.  C passes a pointer, C++ a reference; both
 * are a pointer in the machine ABI, so a C++ caller and a C callee agree.
 */
#ifdef __cplusplus
typedef const GUID &REFGUID;
typedef const IID &REFIID;
typedef const CLSID &REFCLSID;
#else
typedef const GUID *REFGUID;
typedef const IID *REFIID;
typedef const CLSID *REFCLSID;
#endif

/* Field by field so that the header needs no <string.h>; GUID has no
 * padding, so this is the same as comparing the 16 bytes. */
#ifdef __cplusplus
inline int IsEqualGUID(REFGUID a, REFGUID b)
{
    return a.Data1 == b.Data1 && a.Data2 == b.Data2 && a.Data3 == b.Data3 &&
           a.Data4[0] == b.Data4[0] && a.Data4[1] == b.Data4[1] &&
           a.Data4[2] == b.Data4[2] && a.Data4[3] == b.Data4[3] &&
           a.Data4[4] == b.Data4[4] && a.Data4[5] == b.Data4[5] &&
           a.Data4[6] == b.Data4[6] && a.Data4[7] == b.Data4[7];
}

inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) != 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) == 0; }
#else
static __inline__ int IsEqualGUID(REFGUID a, REFGUID b)
{
    return a->Data1 == b->Data1 && a->Data2 == b->Data2 && a->Data3 == b->Data3 &&
           a->Data4[0] == b->Data4[0] && a->Data4[1] == b->Data4[1] &&
           a->Data4[2] == b->Data4[2] && a->Data4[3] == b->Data4[3] &&
           a->Data4[4] == b->Data4[4] && a->Data4[5] == b->Data4[5] &&
           a->Data4[6] == b->Data4[6] && a->Data4[7] == b->Data4[7];
}
#endif

#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)

/*
 * __uuidof(Interface), __uuidof(pointer) and __uuidof(*pointer) for C++, as
 * mingw-w64 provides them: the generated header attaches each interface's
 * IID through __CRT_UUID_DECL.  The specialisations are wrapped in
 * extern "C++" because widl emits them inside an extern "C" block.
 */
#ifdef __cplusplus
extern "C++" {
template <typename T> const GUID &corsym_pal_uuidof();
}

#define __CRT_UUID_DECL(type, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8)          \
    extern "C++" {                                                                 \
    template <> inline const GUID &corsym_pal_uuidof<type>()                       \
    {                                                                              \
        static const GUID uuid = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}};    \
        return uuid;                                                               \
    }                                                                              \
    template <> inline const GUID &corsym_pal_uuidof<type *>()                     \
    {                                                                              \
        return corsym_pal_uuidof<type>();                                          \
    }                                                                              \
    }

#define __uuidof(type) corsym_pal_uuidof<__typeof__(type)>()
#endif

#endif /* CORSYM_PAL_GUID_H */

/*
 * DEFINE_GUID is deliberately outside the include guard, as in the Windows
 * guiddef.h: including <initguid.h> (which defines INITGUID and re-includes
 * this file) switches the following DEFINE_GUIDs from declarations to
 * definitions in the middle of a translation unit.
 */
#undef DEFINE_GUID
#if defined(INITGUID) && defined(__cplusplus)
/* extern "C" also gives the const object external linkage in C++. */
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#elif defined(INITGUID)
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID DECLSPEC_SELECTANY name = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID name
#endif
