/* SPDX-License-Identifier: MIT */
/* Stand-in for the Windows SDK's <initguid.h> on non-Windows builds: from
 * here on, DEFINE_GUID defines the GUID objects instead of declaring them.
 * Re-including corsym_pal_guid.h re-runs its unguarded DEFINE_GUID part. */
#ifndef INITGUID
#define INITGUID
#endif
#include "corsym_pal.h"
#include "corsym_pal_guid.h"
