/* SPDX-License-Identifier: MIT */
/*
 * GUID values.  Normally this file is the one translation unit that defines
 * INITGUID, so it also proves that INITGUID turns every DEFINE_GUID of the
 * public headers into a definition.  Built with CORSYM_TEST_IID_SOURCE it
 * instead relies on the widl-generated corsym_idl_i.c and becomes a program
 * of its own (corsym_header_iid).
 */
#ifndef CORSYM_TEST_IID_SOURCE
#define INITGUID
#endif
#include <corsym/corsym.h>

#include "expected_guids.h"
#include "guid_check.h"

int corsym_test_check_guids(void);

int corsym_test_check_guids(void)
{
    int failures = 0;

#define CHECK_GUID(symbol, text) failures += guid_check(#symbol, &symbol, text);
    CORSYM_EXPECTED_IIDS(CHECK_GUID)
    CORSYM_EXPECTED_CLSIDS(CHECK_GUID)
#ifndef CORSYM_TEST_IID_SOURCE
    /* corsym_idl_i.c does not carry these; INITGUID does. */
    CORSYM_EXPECTED_DOCUMENT_GUIDS(CHECK_GUID)
    CORSYM_EXPECTED_SYSTEM_IIDS(CHECK_GUID)
#endif
#undef CHECK_GUID
    return failures;
}

#ifdef CORSYM_TEST_IID_SOURCE
int main(void)
{
    int failures = corsym_test_check_guids();

    if (failures)
        printf("%d GUID(s) from corsym_idl_i.c differ\n", failures);
    else
        printf("corsym_idl_i.c GUIDs match\n");
    return failures ? 1 : 0;
}
#endif
