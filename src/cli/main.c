/* SPDX-License-Identifier: MIT */
/*
 * corsym: reads .NET symbols through corsym's own COM API, the way a debugger does, and
 * prints them (dump), describes a PDB or PE (info), checks that a PDB belongs to a PE
 * (match) or rewrites a PDB in the other format through the writer's COM API (convert). The library is loaded at run time, so the tool also works as a test of a
 * corsym build it did not come with (--library).
 */
#define INITGUID
#include "cli.h"
#include "convert.h"
#include "dump.h"
#include "library.h"

#include <string.h>

#ifdef _WIN32
#include <fcntl.h>
#include <io.h>
#include <shellapi.h>
#include <stdlib.h>
#include <windows.h>

/* Arguments as UTF-8 whatever the console code page: file names are Unicode on Windows. */
static char **utf8_arguments(int *argc)
{
    WCHAR **wide = CommandLineToArgvW(GetCommandLineW(), argc);
    if (!wide)
        return NULL;
    char **argv = calloc((size_t)*argc + 1, sizeof(char *));
    for (int i = 0; argv && i < *argc; i++)
        argv[i] = cli_narrow((const WCHAR *)wide[i], wcslen(wide[i]));
    LocalFree(wide);
    return argv;
}
#endif

int main(int argc, char **argv)
{
#ifdef _WIN32
    char **utf8 = utf8_arguments(&argc);
    if (utf8)
        argv = utf8;
    /* The same bytes on every platform: "\n" line ends, never "\r\n". */
    _setmode(_fileno(stdout), _O_BINARY);
#endif
    struct cli_options o;
    bool done;
    int status = cli_parse_args(argc, argv, &o, &done);
    if (status == 0 && !done) {
        struct cli_library lib;
        if (!cli_library_load(&lib, o.library, argv[0])) {
            status = CLI_EXIT_FAIL;
        } else {
            if (strcmp(o.command, "dump") == 0)
                status = cli_dump(&o, &lib);
            else if (strcmp(o.command, "convert") == 0)
                status = cli_convert(&o, &lib);
            else if (strcmp(o.command, "info") == 0)
                status = cli_info(&o, &lib);
            else
                status = cli_match(&o, &lib);
            cli_library_unload(&lib);
        }
    }
#ifdef _WIN32
    if (utf8) {
        for (int i = 0; i < argc; i++)
            free(utf8[i]);
        free(utf8);
    }
#endif
    return status;
}
