/* SPDX-License-Identifier: MIT */
/* Where a command writes: stdout, or -o FILE through a temporary file renamed into place
 * on success, so a failed run never leaves a partial or clobbered file behind. */
#ifndef CORSYM_CLI_OUTPUT_H
#define CORSYM_CLI_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

struct cli_output {
    FILE *f;
    char *path, *temp;
};

bool cli_output_open(struct cli_output *o, const char *path);
/* Flushes and renames; false (and message) on any write error. */
bool cli_output_commit(struct cli_output *o);
void cli_output_discard(struct cli_output *o);

#endif
