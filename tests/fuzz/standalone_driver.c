/*
 * Runs a libFuzzer target without libFuzzer (plain gcc): every file named
 * on the command line, and every regular file inside a named directory, is
 * passed once to LLVMFuzzerTestOneInput. The seed corpora thus run as
 * ordinary regression tests. Exit status 0 unless a file cannot be read.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    /* An exact-size allocation so sanitizers catch reads past the end. */
    uint8_t *p = malloc(n > 0 ? (size_t)n : 1);
    size_t got = (p && n > 0) ? fread(p, 1, (size_t)n, f) : 0;
    fclose(f);
    if (!p || (n > 0 && got != (size_t)n)) {
        free(p);
        fprintf(stderr, "cannot read %s\n", path);
        return 1;
    }
    LLVMFuzzerTestOneInput(p, (size_t)(n > 0 ? n : 0));
    free(p);
    return 0;
}

static int run_path(const char *path, unsigned *count)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "cannot stat %s\n", path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*count)++;
        return run_file(path);
    }
    DIR *d = opendir(path);
    if (!d)
        return 1;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *child = malloc(len);
        snprintf(child, len, "%s/%s", path, e->d_name);
        if (stat(child, &st) == 0 && S_ISREG(st.st_mode)) {
            (*count)++;
            rc |= run_file(child);
        }
        free(child);
    }
    closedir(d);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0;
    unsigned count = 0;
    for (int i = 1; i < argc; i++)
        rc |= run_path(argv[i], &count);
    fprintf(stderr, "%s: ran %u input(s)\n", argv[0], count);
    return rc;
}
