/* SPDX-License-Identifier: MIT */
/*
 * A read-only IStream over a copy of a file's bytes: how the tool hands a reader a PDB on its
 * own. ISymUnmanagedReader::Initialize's file name names the module, not the PDB (Microsoft's
 * reader answers E_PDB_INVALID_EXECUTABLE to a PDB's), so a lone PDB is read from a stream,
 * as Pdb2Xml reads every PDB (Microsoft.DiaSymReader's GetReaderFromStream). The library's own
 * CorSymCreateFileStream is no help here: Microsoft's DLL, which --library can load, has none.
 */
#ifndef CORSYM_CLI_FILE_STREAM_H
#define CORSYM_CLI_FILE_STREAM_H

#include "cli.h"

/* A new stream (one reference) over the file's bytes, or NULL with *err an errno value. */
IStream *cli_file_stream_new(const char *path, int *err);

#endif
