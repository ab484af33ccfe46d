/* SPDX-License-Identifier: MIT */
/*
 * Where a finished PDB image goes (sink.c): a file, replaced atomically, or the caller's
 * IStream, rewritten from where it stood at Initialize. The image may come in pieces, written
 * one after the other as one PDB, so that an emitter need not copy its heaps into one buffer.
 */
#ifndef CORSYM_COM_SINK_H
#define CORSYM_COM_SINK_H

#include "com/com_private.h"
#include "base/cursor.h"

struct corsym_sink {
    WCHAR *path;           /* file target, or NULL */
    IStream *stream;       /* stream target (a reference), or NULL */
    ULARGE_INTEGER origin; /* the stream's position at Initialize */
};

HRESULT corsym_sink_set(struct corsym_sink *sink, const WCHAR *path, IStream *stream);
void corsym_sink_clear(struct corsym_sink *sink);
HRESULT corsym_sink_write(struct corsym_sink *sink, const uint8_t *data, size_t size);
/* The concatenation of `count` parts; empty parts are allowed. */
HRESULT corsym_sink_write_parts(struct corsym_sink *sink, const struct corsym_span *parts,
                                size_t count);

#endif
