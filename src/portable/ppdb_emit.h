/* SPDX-License-Identifier: MIT */
/*
 * Portable PDB emitter (dotnet/runtime docs/design/specs/PortablePdb-Metadata.md): turns
 * the writer's symbol model (model/symwriter.h) into a whole Portable PDB image.
 *
 * It plans first (rows in their final order, heaps deduplicated, column widths from the
 * final row counts and heap sizes) and then writes the image in one pass, so the same
 * model and options always give the same bytes.
 *
 * What the model says, and where it goes:
 *   documents               Document rows, in DefineDocument order; SetSource becomes an
 *                           EmbeddedSource CDI (deflated when that is smaller)
 *   methods                 one MethodDebugInformation row per MethodDef (see below);
 *                           sequence points sorted by IL offset, the first of equal offsets
 *                           kept; a method whose points are all in one document names it
 *                           in the row, otherwise the blob names its initial document
 *   scopes                  LocalScope rows sorted by (method, start, length descending),
 *                           locals and constants in definition order within a scope; a VB
 *                           method's nested scopes end inclusively (its compiler closes
 *                           them at their last instruction), so their length is one more,
 *                           and a VB module gets a DefaultNamespace record ("" unless a
 *                           "*" using names one), by which readers know to read them so
 *   local signature         the first StandAloneSig token DefineLocalVariable2 gave
 *   constants               a LocalConstantSig from the signature bytes (custom modifiers,
 *                           enum and class types kept) and the VARIANT value, or from the
 *                           value alone when there is no signature
 *   usings                  one ImportScope per scope that has any, under a module import
 *                           scope (row 1); Roslyn's C# ("U", "A.. U", "X") and VB ("@F:",
 *                           "@FA:", "@FX:", "@P..", "*") encodings are decoded (a plain
 *                           VB string is the current namespace, not an import), a plain
 *                           string of any other method is a namespace; those that name a
 *                           row of the module (C# "T", "A.. T", "E", "A.. E", VB "@FT:",
 *                           "@PT:" and "@FA:" of a type) take the row found by name in
 *                           options->module, and are left out without it; C#'s module
 *                           extern aliases ("Z") go in row 1
 *   "MD2" attributes        converted where a portable kind exists: hoisted local scopes,
 *                           dynamic locals, tuple element names, the three EnC maps;
 *                           ForwardMethodInfo (and VB's "@<token>" using) shares the target
 *                           method's imports with every scope that has none of its own,
 *                           and an async kick-off shares its MoveNext's; ForwardIterator
 *                           (it names the state machine type) becomes the StateMachineMethod
 *                           row of the type's MoveNext, found in options->module, whose
 *                           imports the kick-off then shares too
 *   async info              StateMachineMethod row and AsyncMethodSteppingInformation CDI
 *   token spans             TypeDefinitionDocuments CDI for TypeDef tokens
 *   source link / compiler  SourceLink CDI; CompilationOptions "compiler-name" and
 *                           "compiler-version" (major.minor.build.revision)
 *   not representable       SetSourceServerData, SetMethodSourceRange, other attributes,
 *                           v1 local signature bytes, spans of non-TypeDef tokens
 *
 * MethodDebugInformation rows: exactly as many as the module has MethodDef rows, which is
 * options->type_system_rows[MethodDef] when the caller knows it (from the metadata
 * emitter), raised to the highest MethodDef rid any call referenced; every other
 * type-system table likewise gets max(known rows, highest referenced rid). Module always
 * has one row.
 */
#ifndef CORSYM_PORTABLE_PPDB_EMIT_H
#define CORSYM_PORTABLE_PPDB_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"
#include "model/symwriter.h"
#include "portable/type_names.h"

#define CORSYM_PPDB_EMIT_TYPE_TABLES 0x2D
#define CORSYM_PPDB_ID_SIZE 20

struct corsym_ppdb_emit_options {
    /* Rows of the module's type-system tables (0x00..0x2C) as the metadata emitter knows
     * them; 0 where unknown. */
    uint32_t type_system_rows[CORSYM_PPDB_EMIT_TYPE_TABLES];
    /* The PDB id (GUID then stamp) to write; zero it for a content id computed after. */
    uint8_t id[CORSYM_PPDB_ID_SIZE];
    /* The module's metadata tables, or NULL: the imports that name a type or an
     * extern-aliased assembly (C# "T", "E" and "Z" strings, VB "@FT:") are kept only when
     * the row can be found here by name. */
    const struct corsym_md_view *module;
};

/*
 * The PDB image in file order as separate pieces: the metadata root with the stream headers,
 * then #Pdb, #~, #Strings, #US, #GUID and #Blob. The heaps are the emitter's own buffers,
 * handed over: copying a large PDB's heaps into one buffer cost a tenth of its write, mostly
 * in page faults. Written one after the other they are the PDB.
 */
#define CORSYM_PPDB_IMAGE_PARTS 7
struct corsym_ppdb_image {
    struct corsym_buf part[CORSYM_PPDB_IMAGE_PARTS];
    size_t len;       /* of the whole image */
    size_t id_offset; /* of the 20 id bytes in the whole image (the start of #Pdb) */
};

/*
 * Plans and writes the PDB into *image (which it initialises; free it with
 * corsym_ppdb_image_free on success and failure alike).
 *   INVALID_ARG   the model cannot be written (e.g. a line delta beyond the encoding)
 *   UNSUPPORTED   a limit of the format (more than 2^24 rows, a heap beyond 4 GB)
 *   NOMEM
 */
corsym_status corsym_ppdb_emit_image(const struct corsym_symwriter *model,
                                     const struct corsym_ppdb_emit_options *options,
                                     struct corsym_ppdb_image *image);
void corsym_ppdb_image_free(struct corsym_ppdb_image *image);
/* The parts as spans, for a writer; returns CORSYM_PPDB_IMAGE_PARTS. */
size_t corsym_ppdb_image_spans(const struct corsym_ppdb_image *image,
                               struct corsym_span spans[CORSYM_PPDB_IMAGE_PARTS]);
/* The deterministic id of the image (see corsym_ppdb_content_id), and writing an id in. */
void corsym_ppdb_image_content_id(const struct corsym_ppdb_image *image,
                                  uint8_t id[CORSYM_PPDB_ID_SIZE]);
void corsym_ppdb_image_set_id(struct corsym_ppdb_image *image,
                              const uint8_t id[CORSYM_PPDB_ID_SIZE]);

/*
 * The same image in one buffer: appended to out (which the caller initialised); *id_offset
 * receives where the 20 id bytes are, for corsym_ppdb_content_id. Errors as above.
 */
corsym_status corsym_ppdb_emit(const struct corsym_symwriter *model,
                               const struct corsym_ppdb_emit_options *options,
                               struct corsym_buf *out, size_t *id_offset);

/* A method's sequence-point records (the blob past its local signature and initial
 * document) appended to out, with the document they start in and whether they leave it: the
 * model's point encoder for a Portable writer (corsym_symwriter_set_point_encoder), which
 * keeps these bytes at CloseMethod instead of the points. INVALID_ARG for points a Portable
 * PDB cannot hold (a line delta beyond the encoding), NOMEM. */
corsym_status corsym_ppdb_encode_points(const struct corsym_sw_point *points, uint32_t count,
                                       struct corsym_buf *out, uint32_t *first_document,
                                       bool *single_document);

/* The content id S.R.M's BlobContentId.FromHash gives: the first 20 bytes of a SHA-256,
 * GUID version 4 / variant bits forced, stamp bit 31 set. */
void corsym_ppdb_id_from_hash(const uint8_t hash[32], uint8_t id[CORSYM_PPDB_ID_SIZE]);

/* The deterministic id of an image: SHA-256 of the image with its id bytes taken as zero. */
void corsym_ppdb_content_id(const uint8_t *image, size_t len, size_t id_offset,
                            uint8_t id[CORSYM_PPDB_ID_SIZE]);

/* Raw deflate (no zlib header) of in into out (appended); the best compression zlib has,
 * so the same input always gives the same bytes with one zlib. */
corsym_status corsym_ppdb_deflate(const uint8_t *in, size_t len, struct corsym_buf *out);

#endif
