/* SPDX-License-Identifier: MIT */
/* Small helpers over the COM API that dump and info share. */
#ifndef CORSYM_CLI_SYMBOLS_H
#define CORSYM_CLI_SYMBOLS_H

#include "cli.h"

/* The reader's documents (each AddRef'd) and their URLs in UTF-8. */
struct cli_documents {
    ISymUnmanagedDocument **items;
    char **names;
    ULONG32 count;
    /* Positions sorted by name (then position), and by object: lookups, which the dump
     * and convert make per document and per run of sequence points, are binary searches
     * (scanning every document made both quadratic in the document count). */
    ULONG32 *by_name, *by_object;
};
HRESULT cli_documents_load(ISymUnmanagedReader *reader, struct cli_documents *docs);
void cli_documents_free(struct cli_documents *docs);
/* The positions of the documents named `name`, ascending (*positions is valid until free);
 * returns how many. */
ULONG32 cli_documents_named(const struct cli_documents *docs, const char *name,
                            const ULONG32 **positions);
/* The position of this very document object, or -1. */
long cli_documents_position(const struct cli_documents *docs, ISymUnmanagedDocument *doc);
char *cli_document_url(ISymUnmanagedDocument *doc);

/*
 * Every MethodDef token worth asking the reader about, ascending: all of the module's when
 * its metadata is known (method_rows), all rows of a Portable PDB's MethodDebugInformation
 * table, or for a Windows PDB alone the methods its documents list plus a probe for those
 * with scopes but no lines. malloc'd array.
 */
uint32_t *cli_method_tokens(ISymUnmanagedReader *reader, const struct cli_documents *docs,
                            uint32_t method_rows, const uint8_t *portable, size_t portable_size,
                            size_t *count);

#endif
