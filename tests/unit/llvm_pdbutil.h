/* SPDX-License-Identifier: MIT */
/*
 * Runs llvm-pdbutil over PDB bytes for the unit tests that use LLVM as an independent reader.
 * Include after cmocka.h, stdio.h, stdlib.h, string.h and unistd.h (POSIX 2008 for mkdtemp).
 */
#ifndef CORSYM_TEST_LLVM_PDBUTIL_H
#define CORSYM_TEST_LLVM_PDBUTIL_H

/* The installed llvm-pdbutil's name, or NULL. */
static const char *llvm_pdbutil(void)
{
    static const char *const names[] = { "llvm-pdbutil", "llvm-pdbutil-14", "llvm-pdbutil-15",
                                         "llvm-pdbutil-16", "llvm-pdbutil-19" };
    static char found[64];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", names[i]);
        if (system(cmd) == 0) {
            snprintf(found, sizeof found, "%s", names[i]);
            return found;
        }
    }
    return NULL;
}

/* `llvm-pdbutil dump OPTIONS` of the PDB (written to a temporary NAME), as text the caller
 * frees. Skips the test without the tool; fails it when the tool exits non-zero or prints an
 * error. */
static char *llvm_pdbutil_dump(const unsigned char *pdb, size_t size, const char *name,
                               const char *options)
{
    const char *tool = llvm_pdbutil();
    if (!tool)
        skip();
    char dir[] = "/tmp/corsym_llvm_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[160], out[160], cmd[768];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    snprintf(out, sizeof out, "%s/dump.txt", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(pdb, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    snprintf(cmd, sizeof cmd, "%s dump %s %s >%s 2>&1", tool, options, path, out);
    int rc = system(cmd);
    f = fopen(out, "rb");
    assert_non_null(f);
    char *text = calloc(1, 1 << 22);
    assert_non_null(text);
    size_t n = fread(text, 1, (1 << 22) - 1, f);
    text[n] = 0;
    fclose(f);
    unlink(out);
    unlink(path);
    rmdir(dir);
    if (rc != 0 || strstr(text, "rror") || strstr(text, "nvalid")) {
        const char *at = strstr(text, "rror") ? strstr(text, "rror") : strstr(text, "nvalid");
        if (!at)
            at = text;
        fprintf(stderr, "llvm-pdbutil (status %d) says:\n%.3000s\n", rc,
                at > text + 1500 ? at - 1500 : text);
        fail();
    }
    return text;
}

#endif
