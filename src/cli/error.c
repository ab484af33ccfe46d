/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

static const struct {
    HRESULT hr;
    const char *name;
} names[] = {
    { (HRESULT)0x00000000, "S_OK" },
    { (HRESULT)0x00000001, "S_FALSE" },
    { (HRESULT)0x80004001, "E_NOTIMPL" },
    { (HRESULT)0x80004002, "E_NOINTERFACE" },
    { (HRESULT)0x80004003, "E_POINTER" },
    { (HRESULT)0x80004005, "E_FAIL" },
    { (HRESULT)0x8000FFFF, "E_UNEXPECTED" },
    { (HRESULT)0x80040111, "CLASS_E_CLASSNOTAVAILABLE" },
    { (HRESULT)0x80030002, "STG_E_FILENOTFOUND" },
    { (HRESULT)0x80070002, "HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND)" },
    { (HRESULT)0x80070003, "HRESULT_FROM_WIN32(ERROR_PATH_NOT_FOUND)" },
    { (HRESULT)0x80070005, "E_ACCESSDENIED" },
    { (HRESULT)0x80070008, "HRESULT_FROM_WIN32(ERROR_NOT_ENOUGH_MEMORY)" },
    { (HRESULT)0x8007000E, "E_OUTOFMEMORY" },
    { (HRESULT)0x80070057, "E_INVALIDARG" },
    { (HRESULT)0x8004DEAD, "E_SYM_DESTROYED" },
    { (HRESULT)0x806D0002, "E_PDB_USAGE" },
    { (HRESULT)0x806D0003, "E_PDB_OUT_OF_MEMORY" },
    { (HRESULT)0x806D0004, "E_PDB_FILE_SYSTEM" },
    { (HRESULT)0x806D0005, "E_PDB_NOT_FOUND" },
    { (HRESULT)0x806D0006, "E_PDB_INVALID_SIG" },
    { (HRESULT)0x806D0007, "E_PDB_INVALID_AGE" },
    { (HRESULT)0x806D0008, "E_PDB_PRECOMP_REQUIRED" },
    { (HRESULT)0x806D0009, "E_PDB_OUT_OF_TI" },
    { (HRESULT)0x806D000A, "E_PDB_NOT_IMPLEMENTED" },
    { (HRESULT)0x806D000B, "E_PDB_V1_PDB" },
    { (HRESULT)0x806D000C, "E_PDB_FORMAT" },
    { (HRESULT)0x806D000D, "E_PDB_LIMIT" },
    { (HRESULT)0x806D000E, "E_PDB_CORRUPT" },
    { (HRESULT)0x806D000F, "E_PDB_TI16" },
    { (HRESULT)0x806D0010, "E_PDB_ACCESS_DENIED" },
    { (HRESULT)0x806D0011, "E_PDB_ILLEGAL_TYPE_EDIT" },
    { (HRESULT)0x806D0012, "E_PDB_INVALID_EXECUTABLE" },
    { (HRESULT)0x806D0013, "E_PDB_DBG_NOT_FOUND" },
    { (HRESULT)0x806D0014, "E_PDB_NO_DEBUG_INFO" },
    { (HRESULT)0x806D0015, "E_PDB_INVALID_EXE_TIMESTAMP" },
    { (HRESULT)0x806D0016, "E_PDB_RESERVED" },
    { (HRESULT)0x806D0017, "E_PDB_DEBUG_INFO_NOT_IN_PDB" },
};

const char *cli_hresult_name(HRESULT hr)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].hr == hr)
            return names[i].name;
    return NULL;
}

void cli_error(const char *file, HRESULT hr, const char *fmt, ...)
{
    va_list ap;
    fputs("corsym: ", stderr);
    if (file)
        fprintf(stderr, "%s: ", file);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (hr) {
        const char *name = cli_hresult_name(hr);
        fprintf(stderr, " (0x%08X%s%s)", (unsigned)hr, name ? " " : "", name ? name : "");
    }
    fputc('\n', stderr);
}
