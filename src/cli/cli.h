/* SPDX-License-Identifier: MIT */
/* What the corsym command's files share: options, exit codes, error reporting, UTF-16. */
#ifndef CORSYM_CLI_CLI_H
#define CORSYM_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "corsym/corsym.h"
#include "writer.h"

enum { CLI_EXIT_OK = 0, CLI_EXIT_FAIL = 1, CLI_EXIT_USAGE = 2 };

enum cli_target { CLI_TARGET_NONE, CLI_TARGET_PORTABLE, CLI_TARGET_WINDOWS };

struct cli_options {
    const char *command;   /* dump, info, match, convert */
    const char *files[2];
    int file_count;
    enum cli_format format;
    const char *output;    /* -o: written through a temporary file, renamed on success */
    const char *library;   /* --library, else $CORSYM_LIBRARY, else beside the program */
    bool tokens;           /* --tokens */
    bool no_namespaces;    /* --no-namespaces */
    bool source;           /* --source */
    bool srcsvr;           /* --srcsvr */
    bool method_spans;     /* --method-spans */
    bool has_method;       /* --method */
    uint32_t method;
    enum cli_target to;    /* convert --to */
};

/* How deep dump and convert follow nested scopes: both recurse, and so do the XML and JSON
 * writers, so a hostile PDB nesting 100 000 scopes would overflow the stack. Compilers nest a
 * few dozen levels; deeper ones are left out with a note. */
#define CLI_MAX_SCOPE_DEPTH 1000

/* 0 when the options are usable; prints the problem and returns CLI_EXIT_USAGE otherwise.
 * --help and --version are answered here (*done set, exit code 0). */
int cli_parse_args(int argc, char **argv, struct cli_options *o, bool *done);
void cli_usage(FILE *f);

/* "corsym: FILE: message (0x806D0005 E_PDB_NOT_FOUND)" on stderr; hr 0 prints no code. */
void cli_error(const char *file, HRESULT hr, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
const char *cli_hresult_name(HRESULT hr);

/* UTF-8 <-> UTF-16 (WCHAR is 16 bits on every platform corsym supports); malloc'd. */
WCHAR *cli_wide(const char *utf8);
char *cli_narrow(const WCHAR *text, size_t units);

/* Whole file into memory; 0 or an errno value. */
int cli_read_file(const char *path, uint8_t **data, size_t *size);

#endif
