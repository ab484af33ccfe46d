/* Internal to src/portable: the reader object. */
#ifndef CORSYM_PORTABLE_PPDB_PRIVATE_H
#define CORSYM_PORTABLE_PPDB_PRIVATE_H

#include "portable/portable.h"

struct corsym_ppdb {
    struct corsym_md md;
    struct corsym_span bytes;
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
