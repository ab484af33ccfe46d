/* SPDX-License-Identifier: MIT */
/* The one translation unit of the library that defines the GUID objects it compares
 * against; the library exports none of them. */
#define INITGUID
#include "com/com_private.h"
