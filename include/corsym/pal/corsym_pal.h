/* SPDX-License-Identifier: MIT */
/*
 * corsym PAL -- the part of the Windows COM ABI that the corsym headers and
 * their implementers need, for builds that are not Windows.
 *
 * It plays the role of CoreCLR's PAL (pal_mstypes.h, rt/palrt.h, rt/objidl.h)
 * and is layout-compatible with it: a client compiled against CoreCLR's
 * headers and one compiled against these pass the same bytes through every
 * vtable slot.  It is our own, deliberately small text, not a port.
 *
 * Windows builds use the real Windows SDK / mingw-w64 headers instead; this
 * directory must not be on their include path.  Elsewhere it must be (the
 * `corsym_headers` CMake target does that), because the widl-generated
 * corsym_idl.h includes <windows.h>, <ole2.h>, <unknwn.h>, <objidl.h>,
 * <oaidl.h>, <rpc.h> and <rpcndr.h>; the files of those names here all lead
 * back to this header.
 *
 * Define COBJMACROS before the first include to get the C call macros
 * (IUnknown_Release(p), IStream_Read(p, ...)), and INITGUID in one
 * translation unit to define the IID objects (see corsym.h).
 */
#ifndef CORSYM_PAL_H
#define CORSYM_PAL_H

#ifdef _WIN32
#error "corsym/pal stands in for the Windows SDK on other systems; remove it from the include path of Windows builds"
#endif

#include "corsym_pal_types.h"
#include "corsym_pal_guid.h"
#include "corsym_pal_hresult.h"
#include "corsym_pal_variant.h"
#include "corsym_pal_unknwn.h"
#include "corsym_pal_objidl.h"

#endif /* CORSYM_PAL_H */
