/* SPDX-License-Identifier: MIT */
/*
 * Edit and Continue helpers shared by the symbol sources: the line extents of a method as
 * Microsoft.DiaSymReader.PortablePdb computes them (MethodExtents.cs), and the fallback
 * answers of a source that has no deltas.
 */
#ifndef CORSYM_MODEL_ENC_H
#define CORSYM_MODEL_ENC_H

#include "model/symbols.h"

/* Accumulates the extents one method body has per document. Feed it the points in order;
 * `single_document` is the document the whole body is in (CORSYM_NONE when several): such a
 * body is listed in that document even when all its points are hidden. */
struct corsym_extent_builder {
    uint32_t token, version;
    uint32_t single_document;
    uint32_t point;            /* index of the next point, for the line deltas */
    struct corsym_line_deltas deltas;
    struct corsym_enc_run {
        uint32_t document;
        int32_t first_line, last_line;
    } *runs;                   /* one per document, in order of first visible point */
    uint32_t run_count, run_capacity;
};

void corsym_extent_builder_begin(struct corsym_extent_builder *b, uint32_t token,
                                 uint32_t version, uint32_t single_document,
                                 const struct corsym_line_deltas *deltas);
corsym_status corsym_extent_builder_point(struct corsym_extent_builder *b, uint32_t document,
                                          bool hidden, uint32_t start_line, uint32_t end_line);
/* Finishes the body: adds the empty extent of an all-hidden single-document body. */
corsym_status corsym_extent_builder_end(struct corsym_extent_builder *b);
void corsym_extent_builder_free(struct corsym_extent_builder *b);

/* document_extents for a source without deltas: every method methods_in_document lists,
 * loaded and measured (version 1, no line deltas). */
corsym_status corsym_enc_extents_from_methods(struct corsym_symbols *symbols, uint32_t document,
                                              struct corsym_method_extent **out,
                                              uint32_t *count);

/* method_version for a source without deltas: version 1 is the method, others invalid. */
corsym_status corsym_enc_single_version(struct corsym_symbols *symbols, uint32_t token,
                                        uint32_t version, struct corsym_method **out);

#endif
