/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifndef CORSYM_VERSION
#define CORSYM_VERSION "unknown"
#endif

void cli_usage(FILE *f)
{
    fputs("usage: corsym COMMAND [OPTIONS] FILE...\n"
          "\n"
          "Reads .NET symbols (Portable and Windows PDBs, PE files with a PDB beside them or\n"
          "embedded) through corsym's ISymUnmanaged* COM API.\n"
          "\n"
          "commands:\n"
          "  dump FILE [PDB]   the symbols as PdbToXml-compatible XML; FILE is a PDB or a PE\n"
          "                    (its PDB is found beside it or embedded, or given as PDB)\n"
          "  info FILE         format, identity and counts; for a PE its debug directory\n"
          "  match PE PDB      whether PDB belongs to PE (exit 0) or not (exit 1)\n"
          "  convert IN OUT --to portable|windows\n"
          "                    rewrite the PDB IN (or a PE's PDB) as a Portable or Windows PDB\n"
          "                    with the same identity, so it still matches the module; what\n"
          "                    the target cannot hold is listed on stderr. The module's\n"
          "                    metadata (when its PE is beside the PDB or is IN) is given to\n"
          "                    the writer; without it a Windows PDB puts every method in one\n"
          "                    \"<Module>\" module. OUT is written through a temporary file\n"
          "\n"
          "options:\n"
          "  --format FORMAT   xml (dump's default), json or text (info's default)\n"
          "  --method TOKEN    list only this method (0x06000001 or decimal); the entry point\n"
          "                    and module information stay, as in Pdb2Xml\n"
          "  --to FORMAT       convert's target: portable or windows\n"
          "  --tokens          add each method's token to the dump\n"
          "  --no-namespaces   leave the scopes' used namespaces out of the dump (a\n"
          "                    Portable PDB's are always left out, as PdbToXml does)\n"
          "  --source          include embedded source text (PdbToXml's /sources)\n"
          "  --srcsvr          add the Source Link JSON and srcsvr stream (PdbToXml's /srcsvr)\n"
          "  --method-spans    add each document's methods and their line spans\n"
          "                    (PdbToXml's /methodSpans)\n"
          "  -o, --output OUT  write OUT (through a temporary file; untouched on failure)\n"
          "  --library PATH    the corsym library to load (default: $CORSYM_LIBRARY, then\n"
          "                    beside this program)\n"
          "  -h, --help        this text\n"
          "  --version         the version\n"
          "\n"
          "exit status: 0 success or match, 1 failure or mismatch, 2 usage error\n",
          f);
}

static int usage_error(const char *fmt, const char *arg)
{
    fputs("corsym: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'corsym --help'.\n", stderr);
    return CLI_EXIT_USAGE;
}

static bool parse_token(const char *s, uint32_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (errno || end == s || *end || v > 0xFFFFFFFFull || s[0] == '-')
        return false;
    /* A bare row number means a MethodDef. */
    *out = v <= 0x00FFFFFF ? 0x06000000u | (uint32_t)v : (uint32_t)v;
    return (*out >> 24) == 0x06 && (*out & 0xFFFFFF) != 0;
}

/* The value of an option given as "--opt VALUE" or "--opt=VALUE". */
static const char *value_of(int argc, char **argv, int *i, const char *arg, size_t name_len)
{
    if (arg[name_len] == '=')
        return arg + name_len + 1;
    return *i + 1 < argc ? argv[++*i] : NULL;
}

static bool is_option(const char *arg, const char *name, size_t *len)
{
    *len = strlen(name);
    return strncmp(arg, name, *len) == 0 && (arg[*len] == 0 || arg[*len] == '=');
}

int cli_parse_args(int argc, char **argv, struct cli_options *o, bool *done)
{
    memset(o, 0, sizeof(*o));
    *done = false;
    bool format_given = false, options_end = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        size_t len;
        if (options_end || a[0] != '-' || a[1] == 0) {
            if (!o->command)
                o->command = a;
            else if (o->file_count < 2)
                o->files[o->file_count++] = a;
            else
                return usage_error("unexpected argument '%s'", a);
        } else if (strcmp(a, "--") == 0) {
            options_end = true;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            cli_usage(stdout);
            *done = true;
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("corsym %s\n", CORSYM_VERSION);
            *done = true;
            return 0;
        } else if (strcmp(a, "--tokens") == 0) {
            o->tokens = true;
        } else if (strcmp(a, "--no-namespaces") == 0) {
            o->no_namespaces = true;
        } else if (strcmp(a, "--source") == 0) {
            o->source = true;
        } else if (strcmp(a, "--srcsvr") == 0) {
            o->srcsvr = true;
        } else if (strcmp(a, "--method-spans") == 0) {
            o->method_spans = true;
        } else if (is_option(a, "--format", &len)) {
            const char *v = value_of(argc, argv, &i, a, len);
            if (!v)
                return usage_error("%s needs a value", "--format");
            if (strcmp(v, "xml") == 0)
                o->format = CLI_FORMAT_XML;
            else if (strcmp(v, "json") == 0)
                o->format = CLI_FORMAT_JSON;
            else if (strcmp(v, "text") == 0)
                o->format = CLI_FORMAT_TEXT;
            else
                return usage_error("unknown format '%s' (xml, json or text)", v);
            format_given = true;
        } else if (is_option(a, "--to", &len)) {
            const char *v = value_of(argc, argv, &i, a, len);
            if (!v)
                return usage_error("%s needs a value", "--to");
            if (strcmp(v, "portable") == 0)
                o->to = CLI_TARGET_PORTABLE;
            else if (strcmp(v, "windows") == 0)
                o->to = CLI_TARGET_WINDOWS;
            else
                return usage_error("unknown target format '%s' (portable or windows)", v);
        } else if (is_option(a, "--method", &len)) {
            const char *v = value_of(argc, argv, &i, a, len);
            if (!v)
                return usage_error("%s needs a value", "--method");
            if (!parse_token(v, &o->method))
                return usage_error("'%s' is not a MethodDef token", v);
            o->has_method = true;
        } else if (strcmp(a, "-o") == 0 || is_option(a, "--output", &len)) {
            const char *v = a[1] == 'o' ? (i + 1 < argc ? argv[++i] : NULL)
                                        : value_of(argc, argv, &i, a, len);
            if (!v || !*v)
                return usage_error("%s needs a file name", "--output");
            o->output = v;
        } else if (is_option(a, "--library", &len)) {
            const char *v = value_of(argc, argv, &i, a, len);
            if (!v || !*v)
                return usage_error("%s needs a path", "--library");
            o->library = v;
        } else {
            return usage_error("unknown option '%s'", a);
        }
    }
    if (!o->command)
        return usage_error("%s", "no command given");
    int min = 1, max = 1;
    if (strcmp(o->command, "dump") == 0) {
        max = 2;
    } else if (strcmp(o->command, "info") == 0) {
        if (!format_given)
            o->format = CLI_FORMAT_TEXT;
    } else if (strcmp(o->command, "match") == 0) {
        min = max = 2;
    } else if (strcmp(o->command, "convert") == 0) {
        min = max = 2;
        if (o->to == CLI_TARGET_NONE)
            return usage_error("%s", "convert: --to portable or --to windows is required");
        if (o->output)
            return usage_error("%s", "convert: OUT is the second operand, not -o");
    } else {
        return usage_error("unknown command '%s' (dump, info, match or convert)", o->command);
    }
    if (o->file_count < min)
        return usage_error("%s: missing file operand", o->command);
    if (o->file_count > max)
        return usage_error("%s: too many file operands", o->command);
    return 0;
}
