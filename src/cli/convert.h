/* SPDX-License-Identifier: MIT */
/* corsym convert: a PDB rewritten in the other (or the same) format through the COM API. */
#ifndef CORSYM_CLI_CONVERT_H
#define CORSYM_CLI_CONVERT_H

#include "cli.h"
#include "library.h"

typedef HRESULT (STDAPICALLTYPE *CORSYM_PFN_CreateMemoryStream)(const BYTE *data, ULONG size,
                                                                IStream **stream);

int cli_convert(const struct cli_options *o, struct cli_library *lib);

#endif
