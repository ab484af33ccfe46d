/* SPDX-License-Identifier: MIT */
/* Stand-in for the Windows SDK's <oaidl.h> on non-Windows builds: the
 * widl-generated headers and portable COM code include it by that name.
 * Everything it would provide lives in corsym_pal.h. */
#include "corsym_pal.h"
