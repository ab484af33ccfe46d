#include "base/status.h"

#include <stddef.h>

/* Thread-local so concurrent readers don't clobber each other's diagnostics. */
static _Thread_local const char *last_file;
static _Thread_local int last_line;

const char *corsym_status_name(corsym_status st)
{
    switch (st) {
    case CORSYM_OK: return "CORSYM_OK";
    case CORSYM_NOT_FOUND: return "CORSYM_NOT_FOUND";
    case CORSYM_E_CORRUPT: return "CORSYM_E_CORRUPT";
    case CORSYM_E_UNSUPPORTED: return "CORSYM_E_UNSUPPORTED";
    case CORSYM_E_NOMEM: return "CORSYM_E_NOMEM";
    case CORSYM_E_INVALID_ARG: return "CORSYM_E_INVALID_ARG";
    case CORSYM_E_BUFFER_TOO_SMALL: return "CORSYM_E_BUFFER_TOO_SMALL";
    case CORSYM_E_IO: return "CORSYM_E_IO";
    case CORSYM_E_MISMATCH: return "CORSYM_E_MISMATCH";
    case CORSYM_E_STATE: return "CORSYM_E_STATE";
    }
    return "CORSYM_E_?";
}

corsym_status corsym_status_corrupt_at(const char *file, int line)
{
    last_file = file;
    last_line = line;
    return CORSYM_E_CORRUPT;
}

void corsym_status_last_corrupt(const char **file, int *line)
{
    if (file)
        *file = last_file;
    if (line)
        *line = last_line;
}
