/* SPDX-License-Identifier: MIT */
/*
 * corsym's shared library, loaded the way the CLR and debuggers load a symbol reader: by
 * path, then DllGetClassObject for the binder and reader classes. No registration needed.
 */
#ifndef CORSYM_CLI_LIBRARY_H
#define CORSYM_CLI_LIBRARY_H

#include "cli.h"

struct cli_library {
    void *handle;
    char *path;
    CORSYM_PFN_DllGetClassObject get_class_object;
};

/* explicit_path (--library), else $CORSYM_LIBRARY, else next to the running program.
 * Prints the reason and returns false when nothing loads. */
bool cli_library_load(struct cli_library *lib, const char *explicit_path, const char *argv0);
/* Only after every object from the library has been released. */
void cli_library_unload(struct cli_library *lib);

/* An object of one of the library's classes, through DllGetClassObject. */
HRESULT cli_library_create(struct cli_library *lib, REFCLSID clsid, REFIID iid, void **out);
/* One of the library's other exports (CorSymCreateMemoryStream...), or NULL. */
void *cli_library_export(struct cli_library *lib, const char *name);

/* Both take the metadata importer a debugger or Pdb2Xml hands the reader: the module's
 * (cli_emitter_new over its metadata) or, when importer is NULL, one that answers E_NOTIMPL to
 * everything (as Pdb2Xml's DummySymReaderMetadataProvider does without a module). A reader
 * always gets one: Microsoft's dereferences it, in Initialize and in GetReaderForFile2. */

/* A reader over one PDB file, read from a stream as Pdb2Xml reads it (the binder's
 * GetReaderFromStream; Initialize's file name would name the module). */
HRESULT cli_open_pdb(struct cli_library *lib, IUnknown *importer, const char *pdb_path,
                     ISymUnmanagedReader **out);
/* What a debugger gets for a module: the binder looks beside the PE, in search_dir if
 * given, then in the PE itself (embedded PDB), and accepts only a matching PDB. */
HRESULT cli_open_for_module(struct cli_library *lib, IUnknown *importer, const char *pe_path,
                            const char *search_dir, ISymUnmanagedReader **out);

/* The reader's file name (GetSymbolStoreFileName) in UTF-8, or NULL (read from a stream,
 * as an embedded PDB is). */
char *cli_reader_file_name(ISymUnmanagedReader *reader);

#endif
