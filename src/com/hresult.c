/* SPDX-License-Identifier: MIT */
/* The one place where format-core results become HRESULTs. */
#include "com/com_private.h"

HRESULT corsym_hresult_from_status(corsym_status status)
{
    switch (status) {
    case CORSYM_OK:
        return S_OK;
    case CORSYM_NOT_FOUND:
        return E_FAIL; /* "no information": callers that answer S_FALSE say so themselves */
    case CORSYM_E_CORRUPT:
        return E_PDB_CORRUPT;
    case CORSYM_E_UNSUPPORTED:
        return E_PDB_FORMAT;
    case CORSYM_E_NOMEM:
        return E_OUTOFMEMORY;
    case CORSYM_E_INVALID_ARG:
        return E_INVALIDARG;
    case CORSYM_E_BUFFER_TOO_SMALL:
        return CORSYM_HR_BUFFER_TOO_SMALL;
    case CORSYM_E_IO:
        return E_PDB_FILE_SYSTEM;
    case CORSYM_E_MISMATCH:
        return E_PDB_INVALID_SIG;
    case CORSYM_E_STATE:
        return E_UNEXPECTED;
    }
    return E_FAIL;
}
