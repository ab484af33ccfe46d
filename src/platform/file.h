/* SPDX-License-Identifier: MIT */
/* Files by UTF-16 path on both systems: open, read, write, seek, truncate, map. The COM
 * layer's file stream and the binder's PDB lookup are the only users. */
#ifndef CORSYM_PLATFORM_FILE_H
#define CORSYM_PLATFORM_FILE_H

#include <stddef.h>
#include <stdint.h>

enum corsym_file_error {
    CORSYM_FILE_OK = 0,
    CORSYM_FILE_NOT_FOUND,
    CORSYM_FILE_ACCESS_DENIED,
    CORSYM_FILE_BAD_PATH,
    CORSYM_FILE_NOMEM,
    CORSYM_FILE_IO,
};

enum corsym_file_mode {
    CORSYM_FILE_READ = 0,     /* existing file, read only */
    CORSYM_FILE_CREATE = 1,   /* create or truncate, read and write */
    CORSYM_FILE_UPDATE = 2,   /* existing file, read and write */
};

typedef struct corsym_file corsym_file;

int corsym_file_open(const uint16_t *path, enum corsym_file_mode mode, corsym_file **out);
void corsym_file_close(corsym_file *file);
/* Reads up to `size` bytes at the current position; *done gets the count (0 at end). */
int corsym_file_read(corsym_file *file, void *buffer, size_t size, size_t *done);
int corsym_file_write(corsym_file *file, const void *buffer, size_t size, size_t *done);
/* whence: 0 set, 1 current, 2 end (the IStream values). */
int corsym_file_seek(corsym_file *file, int64_t offset, int whence, uint64_t *position);
int corsym_file_size(corsym_file *file, uint64_t *size);
int corsym_file_truncate(corsym_file *file, uint64_t size);
int corsym_file_flush(corsym_file *file);

/* A read-only view of a whole file. Empty files map to (NULL, 0). */
typedef struct corsym_file_map {
    const uint8_t *data;
    size_t size;
    void *handle;
} corsym_file_map;

int corsym_file_map_open(const uint16_t *path, corsym_file_map *out);
void corsym_file_map_close(corsym_file_map *map);

/* UTF-16 path to the system's narrow encoding (UTF-8); malloc'd, NULL on bad input. */
char *corsym_path_to_utf8(const uint16_t *path);

#endif
