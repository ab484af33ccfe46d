/* SPDX-License-Identifier: MIT */
/* A plain mutex, initialised at run time: a CRITICAL_SECTION on Windows (no winpthread
 * dependency in the DLL), pthreads elsewhere. Not an SRWLOCK: under Wine an uncontended
 * SRWLOCK acquire/release pair costs ~70 ns against ~24 ns for a critical section, and every
 * COM call takes its object's lock (about a quarter of a 20 000-method Windows PDB write under
 * Wine was locking); on Windows itself the two cost about the same. Callers never re-enter. */
#ifndef CORSYM_PLATFORM_MUTEX_H
#define CORSYM_PLATFORM_MUTEX_H

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
typedef struct corsym_mutex { CRITICAL_SECTION lock; } corsym_mutex;
static inline void corsym_mutex_init(corsym_mutex *m)
{
    /* No debug info: nothing to leak if a client never releases an object. */
    InitializeCriticalSectionEx(&m->lock, 0, CRITICAL_SECTION_NO_DEBUG_INFO);
}
static inline void corsym_mutex_destroy(corsym_mutex *m) { DeleteCriticalSection(&m->lock); }
static inline void corsym_mutex_lock(corsym_mutex *m) { EnterCriticalSection(&m->lock); }
static inline void corsym_mutex_unlock(corsym_mutex *m) { LeaveCriticalSection(&m->lock); }
#else
#include <pthread.h>
typedef struct corsym_mutex { pthread_mutex_t lock; } corsym_mutex;
static inline void corsym_mutex_init(corsym_mutex *m) { pthread_mutex_init(&m->lock, NULL); }
static inline void corsym_mutex_destroy(corsym_mutex *m) { pthread_mutex_destroy(&m->lock); }
static inline void corsym_mutex_lock(corsym_mutex *m) { pthread_mutex_lock(&m->lock); }
static inline void corsym_mutex_unlock(corsym_mutex *m) { pthread_mutex_unlock(&m->lock); }
#endif

#endif
