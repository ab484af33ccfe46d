/* SPDX-License-Identifier: MIT */
/*
 * Crash safety of the writers (issue #8): a process killed while Close writes its PDB must
 * never leave a partial PDB at the target path. The target holds either nothing, or the
 * PDB that was there before, or the whole new one; a temporary file beside it may remain.
 *
 * For each writer (CorSymWriter_Portable, and CorSymWriter_SxS for Windows PDBs), a child
 * process defines 20 000 methods through the COM API and calls Close on a file
 * path; it tells the parent through a pipe just before Close. The parent SIGKILLs it after
 * a delay swept from 0 to a bit more than a whole Close takes (measured first), some runs
 * with an older complete PDB already at the target. After every kill the target must be
 * absent (only when nothing was there), or the exact size of a complete PDB and open in
 * corsym's reader with the last method present.
 *
 * POSIX only (fork, kill): not built for Windows.
 */
#define _POSIX_C_SOURCE 200809L
#define COBJMACROS
#include "test_support.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define METHODS 20000u
#define POINTS 8u
/* Kills per writer, and the time a writer's sweep may take: whichever ends first. */
#define MAX_KILLS 60u
#define SWEEP_SECONDS 5.0

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---- the child: write a large PDB, say "closing" on the pipe, Close ---- */

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        if (FAILED(x))                                                                             \
            _exit(3);                                                                              \
    } while (0)

static void child_write(const GUID *clsid, const char *target, int ready_fd)
{
    ISymUnmanagedWriter8 *w = NULL;
    CHECK(corsym_test_create(clsid, &IID_ISymUnmanagedWriter8, (void **)&w));
    WCHAR *path = corsym_test_wstr(target);
    CHECK(ISymUnmanagedWriter8_Initialize(w, NULL, path, NULL, TRUE));
    WCHAR *url = corsym_test_wstr("/src/Program.cs");
    ISymUnmanagedDocumentWriter *doc = NULL;
    CHECK(ISymUnmanagedWriter8_DefineDocument(w, url, &CorSym_LanguageType_CSharp,
                                              &CorSym_LanguageVendor_Microsoft,
                                              &CorSym_DocumentType_Text, &doc));
    WCHAR *local = corsym_test_wstr("value");
    for (ULONG32 m = 1; m <= METHODS; m++) {
        ULONG32 offsets[POINTS], lines[POINTS], cols[POINTS], end_lines[POINTS], end_cols[POINTS];
        for (ULONG32 i = 0; i < POINTS; i++) {
            offsets[i] = i * 4;
            lines[i] = end_lines[i] = m * 10 + i;
            cols[i] = 5;
            end_cols[i] = 20;
        }
        ULONG32 scope = 0;
        CHECK(ISymUnmanagedWriter8_OpenMethod(w, 0x06000000u | m));
        CHECK(ISymUnmanagedWriter8_OpenScope(w, 0, &scope));
        CHECK(ISymUnmanagedWriter8_DefineSequencePoints(w, doc, POINTS, offsets, lines, cols,
                                                         end_lines, end_cols));
        CHECK(ISymUnmanagedWriter8_DefineLocalVariable2(w, local, 0, 0x11000001, 1, 0, 0, 0,
                                                         0, POINTS * 4));
        CHECK(ISymUnmanagedWriter8_CloseScope(w, POINTS * 4));
        CHECK(ISymUnmanagedWriter8_CloseMethod(w));
    }
    char byte = 1;
    if (write(ready_fd, &byte, 1) != 1)
        _exit(4);
    CHECK(ISymUnmanagedWriter8_Close(w));
    _exit(0); /* no cleanup: only the file matters */
}

struct run {
    int status;      /* waitpid status */
    bool reached;    /* the child got to Close */
    double close_s;  /* from "closing" to exit, when not killed */
};

/* Forks a writer; kill_after < 0: let it finish. */
static struct run run_child(const GUID *clsid, const char *target, double kill_after)
{
    struct run r = { 0, false, 0 };
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        child_write(clsid, target, fds[1]);
    }
    close(fds[1]);
    char byte;
    ssize_t got;
    while ((got = read(fds[0], &byte, 1)) < 0 && errno == EINTR)
        ;
    close(fds[0]);
    r.reached = got == 1;
    double start = now();
    if (r.reached && kill_after >= 0) {
        struct timespec d = { (time_t)kill_after, (long)((kill_after - (time_t)kill_after) * 1e9) };
        while (nanosleep(&d, &d) != 0 && errno == EINTR)
            ;
        kill(pid, SIGKILL);
    }
    while (waitpid(pid, &r.status, 0) < 0 && errno == EINTR)
        ;
    r.close_s = now() - start;
    return r;
}

/* ---- checking the target ---- */

static bool file_size(const char *path, off_t *size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *size = st.st_size;
    return true;
}

/* A complete PDB: the size of one, and corsym's reader opens it and finds the last method. */
static void check_complete(const char *target, off_t expected_size)
{
    off_t size = 0;
    assert_true(file_size(target, &size));
    if (size != expected_size) {
        print_error("%s: %lld bytes, a complete PDB has %lld\n", target, (long long)size,
                    (long long)expected_size);
        fail();
    }
    ISymUnmanagedReader *r = NULL;
    assert_int_equal(corsym_test_create(&CLSID_CorSymReader_SxS, &IID_ISymUnmanagedReader,
                                        (void **)&r), S_OK);
    WCHAR *path = corsym_test_wstr(target);
    assert_int_equal(ISymUnmanagedReader_Initialize(r, NULL, path, NULL, NULL), S_OK);
    free(path);
    ISymUnmanagedMethod *m = NULL;
    assert_int_equal(ISymUnmanagedReader_GetMethod(r, 0x06000000u | METHODS, &m), S_OK);
    ULONG32 count = 0;
    assert_int_equal(ISymUnmanagedMethod_GetSequencePointCount(m, &count), S_OK);
    assert_int_equal(count, POINTS);
    ISymUnmanagedMethod_Release(m);
    ISymUnmanagedReader_Release(r);
}

static void copy_file(const char *from, const char *to)
{
    size_t size = 0;
    unsigned char *data = corsym_test_read_file(from, &size);
    assert_non_null(data);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    free(data);
}

/* Removes everything in dir (the target and any temporary files); returns how many
 * temporaries there were. */
static unsigned clean_dir(const char *dir, const char *target_name)
{
    unsigned temps = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (strcmp(e->d_name, target_name) != 0 && strcmp(e->d_name, "reference.pdb") != 0) {
            temps++;
            unlink(path);
        } else if (strcmp(e->d_name, target_name) == 0) {
            unlink(path);
        }
    }
    closedir(d);
    return temps;
}

static void sweep(const GUID *clsid, const char *what)
{
    char dir[] = "/tmp/corsym-crash-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[4096], reference[4096];
    snprintf(target, sizeof(target), "%s/out.pdb", dir);
    snprintf(reference, sizeof(reference), "%s/reference.pdb", dir);

    /* Undisturbed runs: the size of a complete PDB and how long Close takes (the fastest
     * of three, so that one slow run does not push the sweep past the end of Close). */
    struct run r;
    double close_s = 1e9;
    for (int i = 0; i < 3; i++) {
        r = run_child(clsid, reference, -1);
        assert_true(r.reached);
        assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
        if (r.close_s < close_s)
            close_s = r.close_s;
    }
    off_t complete = 0;
    assert_true(file_size(reference, &complete));
    check_complete(reference, complete);

    unsigned kills = 0, landed = 0, absent = 0, old_kept = 0, new_written = 0, temps = 0;
    double end = now() + SWEEP_SECONDS;
    for (unsigned i = 0; i < MAX_KILLS && (kills < 10 || now() < end); i++) {
        /* Every other run replaces an existing PDB: it must survive until the new one is
         * whole. Delays sweep [0, 1.2 x Close] in a shuffled order. */
        bool preexisting = i % 2 == 1;
        if (preexisting)
            copy_file(reference, target);
        double delay = close_s * 1.2 * (double)((i * 7) % MAX_KILLS) / (double)MAX_KILLS;
        r = run_child(clsid, target, delay);
        assert_true(r.reached);
        kills++;
        if (WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGKILL)
            landed++;
        else
            assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
        off_t size;
        if (!file_size(target, &size)) {
            /* Absent is fine only when nothing was there before. */
            assert_false(preexisting);
            absent++;
        } else {
            check_complete(target, complete);
            /* Every Initialize picks a fresh random id, so the old PDB is byte-identical
             * to the reference and a new one is not. */
            size_t a = 0, b = 0;
            unsigned char *now_there = corsym_test_read_file(target, &a);
            unsigned char *ref = corsym_test_read_file(reference, &b);
            assert_true(now_there && ref && a == b);
            if (memcmp(now_there, ref, a) == 0)
                old_kept++;
            else
                new_written++;
            free(now_there);
            free(ref);
        }
        temps += clean_dir(dir, "out.pdb");
    }
    printf("%s: Close takes %.1f ms; %u runs, %u killed during Close; afterwards the target "
           "was absent %u times, the older PDB %u times, the new PDB %u times; %u temporary "
           "file(s) left behind\n",
           what, close_s * 1e3, kills, landed, absent, old_kept, new_written, temps);
    /* The sweep must actually have hit Close, or it proves nothing. (Timing on a loaded
     * machine varies, hence the margin.) */
    assert_true(landed >= kills / 3);

    unlink(reference);
    clean_dir(dir, "out.pdb");
    rmdir(dir);
}

static void test_portable_close_is_atomic(void **state)
{
    (void)state;
    sweep(&CLSID_CorSymWriter_Portable, "Portable");
}

static void test_windows_close_is_atomic(void **state)
{
    (void)state;
    sweep(&CLSID_CorSymWriter_SxS, "Windows PDB");
}

int main(void)
{
    /* Load the library before forking, so every child starts from the same loaded state. */
    (void)corsym_test_library();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_portable_close_is_atomic),
        cmocka_unit_test(test_windows_close_is_atomic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
