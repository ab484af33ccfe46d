/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L
#include "platform/file.h"

#include "base/utf.h"

#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

struct corsym_file { HANDLE handle; };

static int error_from_win32(DWORD error)
{
    switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        return CORSYM_FILE_NOT_FOUND;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
        return CORSYM_FILE_ACCESS_DENIED;
    case ERROR_INVALID_NAME:
    case ERROR_BAD_PATHNAME:
        return CORSYM_FILE_BAD_PATH;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        return CORSYM_FILE_NOMEM;
    default:
        return CORSYM_FILE_IO;
    }
}

int corsym_file_open(const uint16_t *path, enum corsym_file_mode mode, corsym_file **out)
{
    *out = NULL;
    if (!path || !path[0])
        return CORSYM_FILE_BAD_PATH;
    DWORD access = mode == CORSYM_FILE_READ ? GENERIC_READ : GENERIC_READ | GENERIC_WRITE;
    DWORD share = mode == CORSYM_FILE_READ ? FILE_SHARE_READ | FILE_SHARE_DELETE : 0;
    DWORD disposition = mode == CORSYM_FILE_CREATE ? CREATE_ALWAYS : OPEN_EXISTING;
    HANDLE h = CreateFileW((const WCHAR *)path, access, share, NULL, disposition,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return error_from_win32(GetLastError());
    corsym_file *file = malloc(sizeof(*file));
    if (!file) {
        CloseHandle(h);
        return CORSYM_FILE_NOMEM;
    }
    file->handle = h;
    *out = file;
    return CORSYM_FILE_OK;
}

void corsym_file_close(corsym_file *file)
{
    if (!file)
        return;
    CloseHandle(file->handle);
    free(file);
}

int corsym_file_read(corsym_file *file, void *buffer, size_t size, size_t *done)
{
    *done = 0;
    while (size > 0) {
        DWORD chunk = size > 0x40000000u ? 0x40000000u : (DWORD)size, got = 0;
        if (!ReadFile(file->handle, buffer, chunk, &got, NULL))
            return error_from_win32(GetLastError());
        if (got == 0)
            break;
        *done += got;
        buffer = (char *)buffer + got;
        size -= got;
    }
    return CORSYM_FILE_OK;
}

int corsym_file_write(corsym_file *file, const void *buffer, size_t size, size_t *done)
{
    *done = 0;
    while (size > 0) {
        DWORD chunk = size > 0x40000000u ? 0x40000000u : (DWORD)size, put = 0;
        if (!WriteFile(file->handle, buffer, chunk, &put, NULL))
            return error_from_win32(GetLastError());
        *done += put;
        buffer = (const char *)buffer + put;
        size -= put;
    }
    return CORSYM_FILE_OK;
}

int corsym_file_seek(corsym_file *file, int64_t offset, int whence, uint64_t *position)
{
    LARGE_INTEGER move, now;
    move.QuadPart = offset;
    DWORD method = whence == 0 ? FILE_BEGIN : whence == 1 ? FILE_CURRENT : FILE_END;
    if (!SetFilePointerEx(file->handle, move, &now, method))
        return error_from_win32(GetLastError());
    if (position)
        *position = (uint64_t)now.QuadPart;
    return CORSYM_FILE_OK;
}

int corsym_file_size(corsym_file *file, uint64_t *size)
{
    LARGE_INTEGER value;
    if (!GetFileSizeEx(file->handle, &value))
        return error_from_win32(GetLastError());
    *size = (uint64_t)value.QuadPart;
    return CORSYM_FILE_OK;
}

int corsym_file_truncate(corsym_file *file, uint64_t size)
{
    uint64_t here;
    int err = corsym_file_seek(file, 0, 1, &here);
    if (err)
        return err;
    if ((err = corsym_file_seek(file, (int64_t)size, 0, NULL)) != 0)
        return err;
    if (!SetEndOfFile(file->handle))
        return error_from_win32(GetLastError());
    return corsym_file_seek(file, (int64_t)here, 0, NULL);
}

int corsym_file_flush(corsym_file *file)
{
    return FlushFileBuffers(file->handle) ? CORSYM_FILE_OK : error_from_win32(GetLastError());
}

int corsym_file_map_open(const uint16_t *path, corsym_file_map *out)
{
    memset(out, 0, sizeof(*out));
    corsym_file *file;
    int err = corsym_file_open(path, CORSYM_FILE_READ, &file);
    if (err)
        return err;
    uint64_t size;
    if ((err = corsym_file_size(file, &size)) != 0 || size == 0) {
        corsym_file_close(file);
        return err;
    }
    if (size > SIZE_MAX) {
        corsym_file_close(file);
        return CORSYM_FILE_NOMEM;
    }
    HANDLE mapping = CreateFileMappingW(file->handle, NULL, PAGE_READONLY, 0, 0, NULL);
    corsym_file_close(file);
    if (!mapping)
        return error_from_win32(GetLastError());
    void *view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    CloseHandle(mapping);
    if (!view)
        return error_from_win32(GetLastError());
    out->data = view;
    out->size = (size_t)size;
    out->handle = view;
    return CORSYM_FILE_OK;
}

void corsym_file_map_close(corsym_file_map *map)
{
    if (map->handle)
        UnmapViewOfFile(map->handle);
    memset(map, 0, sizeof(*map));
}

#else /* POSIX */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct corsym_file { int fd; };

static int error_from_errno(int error)
{
    switch (error) {
    case ENOENT:
    case ENOTDIR:
        return CORSYM_FILE_NOT_FOUND;
    case EACCES:
    case EPERM:
    case EROFS:
    case EISDIR:
        return CORSYM_FILE_ACCESS_DENIED;
    case ENAMETOOLONG:
    case EINVAL:
        return CORSYM_FILE_BAD_PATH;
    case ENOMEM:
        return CORSYM_FILE_NOMEM;
    default:
        return CORSYM_FILE_IO;
    }
}

int corsym_file_open(const uint16_t *path, enum corsym_file_mode mode, corsym_file **out)
{
    *out = NULL;
    char *narrow = corsym_path_to_utf8(path);
    if (!narrow)
        return CORSYM_FILE_BAD_PATH;
    int flags = mode == CORSYM_FILE_READ ? O_RDONLY
              : mode == CORSYM_FILE_CREATE ? O_RDWR | O_CREAT | O_TRUNC
              : O_RDWR;
    int fd = open(narrow, flags | O_CLOEXEC, 0666);
    int saved = errno;
    free(narrow);
    if (fd < 0)
        return error_from_errno(saved);
    struct stat st;
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        close(fd);
        return CORSYM_FILE_ACCESS_DENIED;
    }
    corsym_file *file = malloc(sizeof(*file));
    if (!file) {
        close(fd);
        return CORSYM_FILE_NOMEM;
    }
    file->fd = fd;
    *out = file;
    return CORSYM_FILE_OK;
}

void corsym_file_close(corsym_file *file)
{
    if (!file)
        return;
    close(file->fd);
    free(file);
}

int corsym_file_read(corsym_file *file, void *buffer, size_t size, size_t *done)
{
    *done = 0;
    while (size > 0) {
        ssize_t got = read(file->fd, buffer, size);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return error_from_errno(errno);
        }
        if (got == 0)
            break;
        *done += (size_t)got;
        buffer = (char *)buffer + got;
        size -= (size_t)got;
    }
    return CORSYM_FILE_OK;
}

int corsym_file_write(corsym_file *file, const void *buffer, size_t size, size_t *done)
{
    *done = 0;
    while (size > 0) {
        ssize_t put = write(file->fd, buffer, size);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            return error_from_errno(errno);
        }
        *done += (size_t)put;
        buffer = (const char *)buffer + put;
        size -= (size_t)put;
    }
    return CORSYM_FILE_OK;
}

int corsym_file_seek(corsym_file *file, int64_t offset, int whence, uint64_t *position)
{
    int how = whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END;
    off_t now = lseek(file->fd, (off_t)offset, how);
    if (now < 0)
        return error_from_errno(errno);
    if (position)
        *position = (uint64_t)now;
    return CORSYM_FILE_OK;
}

int corsym_file_size(corsym_file *file, uint64_t *size)
{
    struct stat st;
    if (fstat(file->fd, &st) != 0)
        return error_from_errno(errno);
    *size = (uint64_t)st.st_size;
    return CORSYM_FILE_OK;
}

int corsym_file_truncate(corsym_file *file, uint64_t size)
{
    if (size > INT64_MAX)
        return CORSYM_FILE_IO;
    return ftruncate(file->fd, (off_t)size) == 0 ? CORSYM_FILE_OK : error_from_errno(errno);
}

int corsym_file_flush(corsym_file *file)
{
    return fsync(file->fd) == 0 ? CORSYM_FILE_OK : error_from_errno(errno);
}

int corsym_file_map_open(const uint16_t *path, corsym_file_map *out)
{
    memset(out, 0, sizeof(*out));
    corsym_file *file;
    int err = corsym_file_open(path, CORSYM_FILE_READ, &file);
    if (err)
        return err;
    uint64_t size;
    if ((err = corsym_file_size(file, &size)) != 0 || size == 0) {
        corsym_file_close(file);
        return err;
    }
    if (size > SIZE_MAX) {
        corsym_file_close(file);
        return CORSYM_FILE_NOMEM;
    }
    void *view = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, file->fd, 0);
    int saved = errno;
    corsym_file_close(file);
    if (view == MAP_FAILED)
        return error_from_errno(saved);
    out->data = view;
    out->size = (size_t)size;
    out->handle = view;
    return CORSYM_FILE_OK;
}

void corsym_file_map_close(corsym_file_map *map)
{
    if (map->handle)
        munmap(map->handle, map->size);
    memset(map, 0, sizeof(*map));
}
#endif

char *corsym_path_to_utf8(const uint16_t *path)
{
    if (!path)
        return NULL;
    size_t length = 0, needed = 0;
    while (path[length])
        length++;
    if (corsym_utf16_to_utf8(path, length, NULL, 0, &needed) != CORSYM_OK || needed == SIZE_MAX)
        return NULL;
    char *out = malloc(needed + 1);
    if (!out)
        return NULL;
    if (corsym_utf16_to_utf8(path, length, (uint8_t *)out, needed, &needed) != CORSYM_OK) {
        free(out);
        return NULL;
    }
    out[needed] = 0;
    return out;
}
