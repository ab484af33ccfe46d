/* SPDX-License-Identifier: MIT */
/* regsvr32 support: HKCR\CLSID\{clsid} with InprocServer32 = this DLL's full path and
 * ThreadingModel = Both (objects are free-threaded), for every class in the table.
 * Unregistering removes only keys that point at this DLL, so it never breaks another
 * registered symbol store, and doing it twice is harmless. */
#include "com/com_private.h"
#include "com/classes.h"

#ifdef _WIN32

extern HINSTANCE corsym_module_instance;

static void format_guid(const GUID *g, WCHAR out[39])
{
    static const char hex[] = "0123456789ABCDEF";
    uint8_t bytes[16];
    bytes[0] = (uint8_t)(g->Data1 >> 24); bytes[1] = (uint8_t)(g->Data1 >> 16);
    bytes[2] = (uint8_t)(g->Data1 >> 8);  bytes[3] = (uint8_t)g->Data1;
    bytes[4] = (uint8_t)(g->Data2 >> 8);  bytes[5] = (uint8_t)g->Data2;
    bytes[6] = (uint8_t)(g->Data3 >> 8);  bytes[7] = (uint8_t)g->Data3;
    memcpy(bytes + 8, g->Data4, 8);
    size_t o = 0;
    out[o++] = '{';
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = (WCHAR)hex[bytes[i] >> 4];
        out[o++] = (WCHAR)hex[bytes[i] & 15];
    }
    out[o++] = '}';
    out[o] = 0;
}

static void clsid_key_path(const CLSID *clsid, WCHAR path[64])
{
    static const WCHAR prefix[] = L"CLSID\\";
    memcpy(path, prefix, sizeof(prefix));
    format_guid(clsid, path + (sizeof(prefix) / sizeof(WCHAR)) - 1);
}

static HRESULT module_path(WCHAR *path, DWORD capacity)
{
    DWORD n = GetModuleFileNameW(corsym_module_instance, path, capacity);
    if (n == 0)
        return HRESULT_FROM_WIN32(GetLastError());
    if (n >= capacity)
        return HRESULT_FROM_WIN32(ERROR_INSUFFICIENT_BUFFER);
    return S_OK;
}

static LSTATUS set_string(HKEY key, const WCHAR *name, const WCHAR *value)
{
    DWORD bytes = (DWORD)((wcslen(value) + 1) * sizeof(WCHAR));
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)value, bytes);
}

static LSTATUS register_class(const struct corsym_class *klass, const WCHAR *dll_path)
{
    WCHAR path[64], name[128];
    HKEY clsid_key = NULL, server_key = NULL;
    clsid_key_path(klass->clsid, path);
    MultiByteToWideChar(CP_UTF8, 0, klass->friendly_name, -1, name, 128);

    LSTATUS res = RegCreateKeyExW(HKEY_CLASSES_ROOT, path, 0, NULL, 0, KEY_WRITE, NULL,
                                  &clsid_key, NULL);
    if (res != ERROR_SUCCESS)
        return res;
    res = set_string(clsid_key, NULL, name);
    if (res != ERROR_SUCCESS)
        goto close_clsid;
    res = RegCreateKeyExW(clsid_key, L"InprocServer32", 0, NULL, 0, KEY_WRITE, NULL,
                          &server_key, NULL);
    if (res != ERROR_SUCCESS)
        goto close_clsid;
    res = set_string(server_key, NULL, dll_path);
    if (res == ERROR_SUCCESS)
        res = set_string(server_key, L"ThreadingModel", L"Both");
    RegCloseKey(server_key);
close_clsid:
    RegCloseKey(clsid_key);
    return res;
}

/* True when the class is registered to this very DLL (or the key is half-written). */
static BOOL registered_to_us(const WCHAR *clsid_path, const WCHAR *dll_path)
{
    WCHAR server_path[64 + 16], value[MAX_PATH * 2];
    DWORD type = 0, bytes = sizeof(value) - sizeof(WCHAR);
    wcscpy(server_path, clsid_path);
    wcscat(server_path, L"\\InprocServer32");
    LSTATUS res = RegGetValueW(HKEY_CLASSES_ROOT, server_path, NULL,
                               RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, &type,
                               value, &bytes);
    if (res == ERROR_FILE_NOT_FOUND)
        return TRUE;
    if (res != ERROR_SUCCESS)
        return FALSE;
    value[bytes / sizeof(WCHAR)] = 0;
    return CompareStringOrdinal(value, -1, dll_path, -1, TRUE) == CSTR_EQUAL;
}

static LSTATUS unregister_class(const struct corsym_class *klass, const WCHAR *dll_path)
{
    WCHAR path[64];
    clsid_key_path(klass->clsid, path);
    if (!registered_to_us(path, dll_path))
        return ERROR_SUCCESS;
    LSTATUS res = RegDeleteTreeW(HKEY_CLASSES_ROOT, path);
    return res == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : res;
}

CORSYM_API HRESULT STDAPICALLTYPE DllRegisterServer(void)
{
    WCHAR dll_path[MAX_PATH * 2];
    HRESULT hr = module_path(dll_path, MAX_PATH * 2);
    if (FAILED(hr))
        return hr;
    for (size_t i = 0; i < CORSYM_CLASS_COUNT; i++) {
        LSTATUS res = register_class(&corsym_classes[i], dll_path);
        if (res != ERROR_SUCCESS)
            return HRESULT_FROM_WIN32(res);
    }
    return S_OK;
}

CORSYM_API HRESULT STDAPICALLTYPE DllUnregisterServer(void)
{
    WCHAR dll_path[MAX_PATH * 2];
    HRESULT hr = module_path(dll_path, MAX_PATH * 2);
    if (FAILED(hr))
        return hr;
    HRESULT first_error = S_OK;
    for (size_t i = 0; i < CORSYM_CLASS_COUNT; i++) {
        LSTATUS res = unregister_class(&corsym_classes[i], dll_path);
        if (res != ERROR_SUCCESS && first_error == S_OK)
            first_error = HRESULT_FROM_WIN32(res);
    }
    return first_error;
}

#else

/* There is no system COM registry here: activation is registration-free (dlopen +
 * DllGetClassObject, or the flat exports), so there is nothing to write or remove. The
 * entry points exist so that hosts which call them unconditionally keep working. */
CORSYM_API HRESULT STDAPICALLTYPE DllRegisterServer(void)
{
    return S_OK;
}

CORSYM_API HRESULT STDAPICALLTYPE DllUnregisterServer(void)
{
    return S_OK;
}

#endif
