/* SPDX-License-Identifier: MIT */
#ifndef CORSYM_CLI_DUMP_H
#define CORSYM_CLI_DUMP_H

#include "cli.h"
#include "library.h"

int cli_dump(const struct cli_options *o, struct cli_library *lib);
int cli_info(const struct cli_options *o, struct cli_library *lib);
int cli_match(const struct cli_options *o, struct cli_library *lib);

#endif
