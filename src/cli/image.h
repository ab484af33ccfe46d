/* SPDX-License-Identifier: MIT */
/*
 * A PE file read with the project's format core: debug directory facts and the metadata
 * the dump needs for type and method names. Symbols never come from here.
 */
#ifndef CORSYM_CLI_IMAGE_H
#define CORSYM_CLI_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pe/pe.h"
#include "portable/ecma335.h"

struct cli_image {
    uint8_t *bytes;
    size_t size;
    struct corsym_pe pe;
    struct corsym_md md;
    bool has_md;
};

/* 0 on success, else an errno value or -1 (not a PE). */
int cli_image_load(struct cli_image *img, const char *path);
void cli_image_free(struct cli_image *img);

struct cli_codeview {
    uint8_t guid[16];
    uint32_t age, stamp;
    bool portable;
    char *path; /* malloc'd UTF-8 */
};
/* The first CodeView entry; false if none or malformed. */
bool cli_image_codeview(const struct cli_image *img, struct cli_codeview *cv);

enum cli_file_kind { CLI_FILE_UNKNOWN, CLI_FILE_PE, CLI_FILE_PORTABLE_PDB, CLI_FILE_WINDOWS_PDB };
/* By the first bytes; errno value in *err when the file cannot be read. */
enum cli_file_kind cli_file_kind(const char *path, int *err);

/* "C#", "SHA256" or the GUID in the registry form without braces, lowercase. */
void cli_guid_text(const uint8_t guid[16], char out[37]);

#endif
