/* SPDX-License-Identifier: MIT */
/* CreateNGenPdbWriter: native PDBs with public symbols for ReadyToRun images. The MSF
 * writer that backs it is part of the Windows PDB writer (issue #6); until then the export
 * exists with Microsoft's signature and refuses politely. */
#include "com/com_private.h"

HRESULT corsym_ngen_writer_create(const WCHAR *image_path, const WCHAR *pdb_path,
                                  REFIID riid, void **ppv)
{
    (void)image_path; (void)pdb_path; (void)riid;
    *ppv = NULL;
    return E_NOTIMPL;
}
