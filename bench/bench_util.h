/* SPDX-License-Identifier: MIT */
/*
 * What the benchmark clients of corsym's COM API share: loading the library by path, failing
 * loudly, a monotonic clock and the peak resident set. Include after "corsym/corsym.h", with
 * BENCH_NAME defined to the program's name (for messages).
 */
#ifndef CORSYM_BENCH_UTIL_H
#define CORSYM_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifdef _WIN32
#include <windows.h>
#include <psapi.h>
#define load_library(path) ((void *)LoadLibraryA(path))
#define find_export(lib, name) ((void *)GetProcAddress((HMODULE)(lib), name))
#else
#include <dlfcn.h>
#include <sys/resource.h>
#define load_library(path) dlopen(path, RTLD_NOW | RTLD_LOCAL)
#define find_export(lib, name) dlsym(lib, name)
#endif

typedef HRESULT (STDAPICALLTYPE *create_memory_stream_fn)(const BYTE *, ULONG, IStream **);

static inline void die(const char *what, HRESULT hr)
{
    fprintf(stderr, "%s: %s failed: 0x%08x\n", BENCH_NAME, what, (unsigned)hr);
    exit(1);
}
#define CHECK(call)                                                                                \
    do {                                                                                           \
        HRESULT hr_ = (call);                                                                      \
        if (FAILED(hr_))                                                                           \
            die(#call, hr_);                                                                       \
    } while (0)

static inline double now_seconds(void)
{
#ifdef _WIN32
    LARGE_INTEGER f, c;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&c);
    return (double)c.QuadPart / (double)f.QuadPart;
#else
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
#endif
}

/* Kilobytes; -1 when unknown. */
static inline long peak_rss_kb(void)
{
#ifdef _WIN32
    PROCESS_MEMORY_COUNTERS pmc;
    if (GetProcessMemoryInfo(GetCurrentProcess(), &pmc, sizeof(pmc)))
        return (long)(pmc.PeakWorkingSetSize / 1024);
    return -1;
#else
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss; /* kilobytes on Linux */
#endif
}

#endif
