/*
 * Appending formatted text to a corsym_buf: the building blocks of the
 * diagnostic dumps (src/portable/ppdb_dump.c, src/pe/pe_dump.c), whose
 * format is the oracle's (tests/oracle, FORMAT.md).
 */
#ifndef CORSYM_BASE_TEXT_H
#define CORSYM_BASE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"

corsym_status corsym_text_printf(struct corsym_buf *b, const char *fmt, ...)
#if defined(__MINGW32__)
    __attribute__((format(gnu_printf, 2, 3)))
#elif defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
corsym_status corsym_text_str(struct corsym_buf *b, const char *s);
/* Lowercase hex of the bytes. */
corsym_status corsym_text_hex(struct corsym_buf *b, const uint8_t *p, size_t n);
/* A GUID stored in its on-disk byte order, as lowercase "D" format. */
corsym_status corsym_text_guid(struct corsym_buf *b, const uint8_t g[16]);
/* Quoted string from UTF-16 units: \\ \" \n \r \t escaped, other controls,
 * C1 controls and unpaired surrogates as \uXXXX, the rest as UTF-8. */
corsym_status corsym_text_quote_utf16(struct corsym_buf *b, const uint16_t *u, size_t n);
/* Same, from UTF-16LE bytes (odd trailing byte ignored). */
corsym_status corsym_text_quote_utf16le(struct corsym_buf *b, const uint8_t *p, size_t n);
/* Same, from UTF-8 decoded the .NET way (invalid sequences -> U+FFFD). */
corsym_status corsym_text_quote_utf8(struct corsym_buf *b, const uint8_t *p, size_t n);
/* Append UTF-8 (lossy-decoded) as UTF-16 units to a buffer of uint16_t. */
corsym_status corsym_text_utf8_to_units(struct corsym_buf *units, const uint8_t *p, size_t n);

#endif
