/* SPDX-License-Identifier: MIT */
/* The module lock: every live object and every IClassFactory::LockServer(TRUE) holds one
 * count, so DllCanUnloadNow can tell a host when unloading the library is safe. */
#include "com/com_private.h"

static volatile uint32_t module_locks;

void corsym_module_lock(void)
{
    corsym_atomic_inc(&module_locks);
}

void corsym_module_unlock(void)
{
    corsym_atomic_dec(&module_locks);
}

uint32_t corsym_module_lock_count(void)
{
    return corsym_atomic_load(&module_locks);
}

CORSYM_API HRESULT STDAPICALLTYPE DllCanUnloadNow(void)
{
    return corsym_module_lock_count() == 0 ? S_OK : S_FALSE;
}

#ifdef _WIN32
HINSTANCE corsym_module_instance;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved);
BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        corsym_module_instance = instance;
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}
#endif
