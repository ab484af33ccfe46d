/* SPDX-License-Identifier: MIT */
/* A plain non-recursive mutex: SRWLOCK on Windows (no winpthread dependency in the DLL),
 * pthreads elsewhere. Both can be initialised statically or at run time. */
#ifndef CORSYM_PLATFORM_MUTEX_H
#define CORSYM_PLATFORM_MUTEX_H

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>
typedef struct corsym_mutex { SRWLOCK lock; } corsym_mutex;
#define CORSYM_MUTEX_INIT { SRWLOCK_INIT }
static inline void corsym_mutex_init(corsym_mutex *m) { InitializeSRWLock(&m->lock); }
static inline void corsym_mutex_destroy(corsym_mutex *m) { (void)m; }
static inline void corsym_mutex_lock(corsym_mutex *m) { AcquireSRWLockExclusive(&m->lock); }
static inline void corsym_mutex_unlock(corsym_mutex *m) { ReleaseSRWLockExclusive(&m->lock); }
#else
#include <pthread.h>
typedef struct corsym_mutex { pthread_mutex_t lock; } corsym_mutex;
#define CORSYM_MUTEX_INIT { PTHREAD_MUTEX_INITIALIZER }
static inline void corsym_mutex_init(corsym_mutex *m) { pthread_mutex_init(&m->lock, NULL); }
static inline void corsym_mutex_destroy(corsym_mutex *m) { pthread_mutex_destroy(&m->lock); }
static inline void corsym_mutex_lock(corsym_mutex *m) { pthread_mutex_lock(&m->lock); }
static inline void corsym_mutex_unlock(corsym_mutex *m) { pthread_mutex_unlock(&m->lock); }
#endif

#endif
