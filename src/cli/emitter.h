/* SPDX-License-Identifier: MIT */
/*
 * What convert hands a symbol writer as its "metadata emitter" when the module is at hand:
 * a read-only object over the PE's metadata that answers the calls corsym's writers (and
 * Microsoft's) make into the compiler's emitter - IMetaDataTables::GetTableInfo for the row
 * counts, IMetaDataImport::GetTypeDefProps / GetNestedClassProps / GetMethodProps for the
 * names of a Windows PDB's modules, GetSigFromToken for constants' signatures. Everything
 * else, emitting included, answers E_NOTIMPL: converting writes no metadata.
 *
 * The library offers no such object (its readers read a module's metadata internally and
 * expose no importer), so the tool builds one from the metadata it already reads for names.
 */
#ifndef CORSYM_CLI_EMITTER_H
#define CORSYM_CLI_EMITTER_H

#include "cli.h"
#include "portable/ecma335.h"

/* A new object (one reference) over md, which must outlive it. With md NULL (no module at
 * hand) every call but IUnknown's answers E_NOTIMPL: the importer a reader is given then. */
IUnknown *cli_emitter_new(const struct corsym_md *md);

#endif
