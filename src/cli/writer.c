/* SPDX-License-Identifier: MIT */
#include "writer.h"

#include <string.h>

void cli_writer_init(struct cli_writer *w, enum cli_format format, FILE *f)
{
    memset(w, 0, sizeof(*w));
    w->f = f;
    w->ops = format == CLI_FORMAT_JSON ? &cli_json_ops
             : format == CLI_FORMAT_TEXT ? &cli_text_ops
                                         : &cli_xml_ops;
}
