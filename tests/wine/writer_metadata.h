/* SPDX-License-Identifier: MIT */
/*
 * A stand-in metadata emitter for driving a symbol writer without a compiler: it answers
 * the three IMetaDataImport calls a Windows PDB writer makes to name modules and methods
 * (GetMethodProps, GetTypeDefProps, GetNestedClassProps) from a small table, and
 * GetSigFromToken from a list of signatures. QueryInterface answers itself for every IID
 * (Roslyn's SymWriterMetadataAdapter is one object behind IMetaDataEmit and
 * IMetaDataImport too); every other slot answers E_NOTIMPL and, when logging is on, says
 * which slot was called, so a new writer call into metadata shows up at once.
 */
#ifndef CORSYM_WRITER_METADATA_H
#define CORSYM_WRITER_METADATA_H

#include <stdint.h>
#include <windows.h>

struct writer_md_type {
    uint32_t token;      /* 0x02xxxxxx */
    const WCHAR *name;   /* full name, namespace included, as Roslyn's adapter gives it */
    uint32_t enclosing;  /* 0 when not nested */
};

struct writer_md_method {
    uint32_t token;      /* 0x06xxxxxx */
    uint32_t type;       /* declaring type */
    const WCHAR *name;
};

struct writer_md_sig {
    uint32_t token;      /* 0x11xxxxxx */
    const unsigned char *bytes;
    ULONG size;
};

struct writer_md {
    const struct writer_md_type *types;
    unsigned type_count;
    const struct writer_md_method *methods;
    unsigned method_count;
    const struct writer_md_sig *sigs;
    unsigned sig_count;
};

/* A new object (reference count 1) over `md`, which must outlive it. log: print calls of
 * unimplemented slots and QueryInterface IIDs to stderr. */
IUnknown *writer_metadata_new(const struct writer_md *md, int log);

/* The same lookups for code that is not behind COM (the core backend). */
const struct writer_md_method *writer_md_find_method(const struct writer_md *md, uint32_t token);
const struct writer_md_type *writer_md_find_type(const struct writer_md *md, uint32_t token);

#endif
