/* SPDX-License-Identifier: MIT */
#ifndef CORSYM_COM_MODULE_METADATA_H
#define CORSYM_COM_MODULE_METADATA_H

#include "com/com_private.h"

struct corsym_module_metadata;

struct corsym_module_metadata *corsym_module_metadata_new(void);
void corsym_module_metadata_free(struct corsym_module_metadata *m);
/* Keeps the importer's IMetaDataImport if it has one (the first one given wins). */
void corsym_module_metadata_set_importer(struct corsym_module_metadata *m, IUnknown *importer);
/* Where the module's PE is, for when no importer was given (the first path given wins). */
void corsym_module_metadata_set_pe_path(struct corsym_module_metadata *m, const WCHAR *path);
/* A StandAloneSig blob; it stays valid while the metadata object lives. */
HRESULT corsym_module_metadata_signature(struct corsym_module_metadata *m, uint32_t token,
                                         const uint8_t **data, size_t *size);

#endif
