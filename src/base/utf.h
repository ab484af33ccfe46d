/*
 * UTF-8 <-> UTF-16 conversion. WCHAR is represented as uint16_t so the
 * core never needs a Windows header.
 *
 * The strict functions reject overlong forms, surrogates encoded in UTF-8,
 * code points above U+10FFFF, truncated sequences and unpaired UTF-16
 * surrogates (CORRUPT). The lossy variant replaces each invalid UTF-8
 * sequence by U+FFFD the way .NET's UTF8Encoding does, for names that a
 * reader must still show.
 *
 * Sizing: pass out == NULL (or a too-small out_cap) to learn the required
 * unit count in *out_len; BUFFER_TOO_SMALL is returned when out != NULL and
 * out_cap is too small. No terminator is written or counted.
 */
#ifndef CORSYM_BASE_UTF_H
#define CORSYM_BASE_UTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

corsym_status corsym_utf8_to_utf16(const uint8_t *in, size_t in_len, uint16_t *out,
                                   size_t out_cap, size_t *out_len);

corsym_status corsym_utf8_to_utf16_lossy(const uint8_t *in, size_t in_len, uint16_t *out,
                                         size_t out_cap, size_t *out_len);

corsym_status corsym_utf16_to_utf8(const uint16_t *in, size_t in_len, uint8_t *out,
                                   size_t out_cap, size_t *out_len);

/* Appends the UTF-8 form of UTF-16LE bytes (as stored in files) to b. */
corsym_status corsym_utf16le_bytes_to_utf8(const uint8_t *in, size_t in_bytes, struct corsym_buf *b);

bool corsym_utf8_valid(const uint8_t *in, size_t in_len);

#endif
