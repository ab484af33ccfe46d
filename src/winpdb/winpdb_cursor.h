/*
 * Guards around two src/base/cursor.c reads. corsym_cursor_bytes and
 * corsym_cursor_take compute `data + pos` even for a cursor over an empty
 * window, whose data is NULL; with n == 0 that is NULL + 0, undefined
 * behaviour that UBSan reports (found by winpdb_fuzzer on an empty module
 * stream). These wrappers return the empty result without the arithmetic.
 * They can go once src/base handles the case itself.
 */
#ifndef CORSYM_WINPDB_WINPDB_CURSOR_H
#define CORSYM_WINPDB_WINPDB_CURSOR_H

#include "base/cursor.h"

static inline corsym_status corsym_winpdb_bytes(struct corsym_cursor *c, size_t n,
                                                struct corsym_span *out)
{
    if (n == 0 && !c->data) {
        *out = corsym_span_make(NULL, 0);
        return CORSYM_OK;
    }
    return corsym_cursor_bytes(c, n, out);
}

static inline corsym_status corsym_winpdb_take(struct corsym_cursor *c, size_t n,
                                               struct corsym_cursor *out)
{
    if (n == 0 && !c->data) {
        corsym_cursor_init(out, NULL, 0);
        return CORSYM_OK;
    }
    return corsym_cursor_take(c, n, out);
}

#endif
