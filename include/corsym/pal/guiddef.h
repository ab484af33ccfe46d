/* SPDX-License-Identifier: MIT */
/* Stand-in for the Windows SDK's <guiddef.h> on non-Windows builds.  Like
 * the real one, every inclusion re-evaluates DEFINE_GUID against the current
 * INITGUID, which widl's corsym_idl_i.c relies on under _MIDL_USE_GUIDDEF_
 * (it defines INITGUID just around its #include <guiddef.h>). */
#include "corsym_pal.h"
#include "corsym_pal_guid.h"
