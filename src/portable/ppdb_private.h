/* Internal to src/portable: the reader object. */
#ifndef CORSYM_PORTABLE_PPDB_PRIVATE_H
#define CORSYM_PORTABLE_PPDB_PRIVATE_H

#include "portable/portable.h"

struct corsym_ppdb {
    struct corsym_md md;
    struct corsym_span bytes;
    /* Built on the SCOPE_INDEX_AFTER-th method-scope lookup and published once (atomically:
     * readers share a corsym_ppdb across threads): scope_starts[m] is the first LocalScope row
     * whose method is >= m, for m in 1 .. MethodDebugInformation rows + 1. Methods past that
     * range, and a table that is not sorted by method, fall back to the binary search. */
    uint32_t *volatile scope_starts;
    volatile uint32_t scope_lookups;
};

/* Column numbers, in schema order. */
enum { DOC_NAME, DOC_HASH_ALG, DOC_HASH, DOC_LANGUAGE };
enum { MDI_DOCUMENT, MDI_SEQUENCE_POINTS };
enum { SCOPE_METHOD, SCOPE_IMPORT_SCOPE, SCOPE_VARIABLES, SCOPE_CONSTANTS, SCOPE_START, SCOPE_LENGTH };
enum { VAR_ATTRIBUTES, VAR_INDEX, VAR_NAME };
enum { CONST_NAME, CONST_SIGNATURE };
enum { IMPORT_PARENT, IMPORT_BLOB };
enum { SM_MOVE_NEXT, SM_KICKOFF };
enum { CDI_PARENT, CDI_KIND, CDI_VALUE };

#endif
