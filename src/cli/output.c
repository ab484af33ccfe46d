/* SPDX-License-Identifier: MIT */
#include "output.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <process.h>
#include <windows.h>
#define getpid _getpid
#else
#include <unistd.h>
#endif

#include "cli.h"
#include "tree.h"

bool cli_output_open(struct cli_output *o, const char *path)
{
    memset(o, 0, sizeof(*o));
    if (!path) {
        o->f = stdout;
        return true;
    }
    size_t n = strlen(path) + 32;
    o->temp = cli_xmalloc(n);
    snprintf(o->temp, n, "%s.tmp%ld", path, (long)getpid());
    o->f = fopen(o->temp, "wb");
    if (!o->f) {
        cli_error(o->temp, 0, "cannot create: %s", strerror(errno));
        free(o->temp);
        o->temp = NULL;
        return false;
    }
    o->path = cli_xstrndup(path, strlen(path));
    return true;
}

static bool replace(const char *from, const char *to)
{
#ifdef _WIN32
    WCHAR *wf = cli_wide(from), *wt = cli_wide(to);
    bool ok = MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING) != 0;
    free(wf);
    free(wt);
    return ok;
#else
    return rename(from, to) == 0;
#endif
}

bool cli_output_commit(struct cli_output *o)
{
    bool ok = fflush(o->f) == 0 && !ferror(o->f);
    if (!o->temp) {
        if (!ok)
            cli_error(NULL, 0, "cannot write the output: %s", strerror(errno));
        return ok;
    }
    ok = fclose(o->f) == 0 && ok;
    o->f = NULL;
    if (!ok || !replace(o->temp, o->path)) {
        cli_error(o->path, 0, "cannot write: %s", strerror(errno));
        cli_output_discard(o);
        return false;
    }
    free(o->temp);
    free(o->path);
    o->temp = o->path = NULL;
    return true;
}

void cli_output_discard(struct cli_output *o)
{
    if (o->temp) {
        if (o->f)
            fclose(o->f);
        remove(o->temp);
    }
    free(o->temp);
    free(o->path);
    memset(o, 0, sizeof(*o));
}
