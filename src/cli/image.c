/* SPDX-License-Identifier: MIT */
#include "image.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tree.h"

int cli_image_load(struct cli_image *img, const char *path)
{
    memset(img, 0, sizeof(*img));
    int err = cli_read_file(path, &img->bytes, &img->size);
    if (err)
        return err;
    if (corsym_pe_open(&img->pe, img->bytes, img->size) != CORSYM_OK) {
        cli_image_free(img);
        return -1;
    }
    img->has_md = corsym_pe_metadata_open(&img->pe, &img->md) == CORSYM_OK;
    return 0;
}

void cli_image_free(struct cli_image *img)
{
    free(img->bytes);
    memset(img, 0, sizeof(*img));
}

bool cli_image_codeview(const struct cli_image *img, struct cli_codeview *out)
{
    struct corsym_pe_debug_entry e;
    struct corsym_pe_codeview cv;
    memset(out, 0, sizeof(*out));
    if (corsym_pe_debug_find(&img->pe, CORSYM_PE_DEBUG_CODEVIEW, &e) != CORSYM_OK ||
        corsym_pe_codeview_parse(e.data, &cv) != CORSYM_OK)
        return false;
    memcpy(out->guid, cv.guid, 16);
    out->age = cv.age;
    out->stamp = e.timestamp;
    out->portable = corsym_pe_codeview_is_portable(&e);
    out->path = cli_xstrndup((const char *)cv.path.data, cv.path.len);
    return true;
}

enum cli_file_kind cli_file_kind(const char *path, int *err)
{
    static const char msf[] = "Microsoft C/C++ MSF 7.00\r\n\x1a" "DS";
    unsigned char head[32] = { 0 };
    *err = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno ? errno : ENOENT;
        return CLI_FILE_UNKNOWN;
    }
    size_t n = fread(head, 1, sizeof(head), f);
    fclose(f);
    if (n >= 2 && head[0] == 'M' && head[1] == 'Z')
        return CLI_FILE_PE;
    if (n >= 4 && memcmp(head, "BSJB", 4) == 0)
        return CLI_FILE_PORTABLE_PDB;
    if (n >= sizeof(msf) - 1 && memcmp(head, msf, sizeof(msf) - 1) == 0)
        return CLI_FILE_WINDOWS_PDB;
    return CLI_FILE_UNKNOWN;
}

void cli_guid_text(const uint8_t g[16], char out[37])
{
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6], g[8], g[9], g[10], g[11], g[12],
             g[13], g[14], g[15]);
}
