/* SPDX-License-Identifier: MIT */
/* Tests include this instead of <cmocka.h>: the real cmocka natively, and on Windows (where
 * Debian has no mingw cmocka) the small compatible harness in mini_cmocka.c, so one test
 * source runs both natively and under Wine. */
#ifndef CORSYM_CMOCKA_COMPAT_H
#define CORSYM_CMOCKA_COMPAT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#ifndef _WIN32
#include <cmocka.h>
#else
#include "mini_cmocka.h"
#endif

#endif
