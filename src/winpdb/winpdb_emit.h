/* SPDX-License-Identifier: MIT */
/*
 * Windows PDB emitter: turns the writer's symbol model (model/symwriter.h) into a managed
 * Windows PDB (MSF 7.00) laid out as Microsoft's diasymreader writes one
 * (research/windows-pdb.md). The layout was compared record by record with PDBs its
 * writer (14.12) made from the same calls (tests/wine/writer_*), except for compiler info
 * and token spans, which that writer cannot take: those follow the research notes.
 *
 * It plans first (modules, virtual addresses, string offsets, hash placement, stream
 * numbers) and then writes every stream and the MSF container in one pass: the same
 * model and options give the same bytes. Nothing depends on the clock unless the caller
 * passes a time.
 *
 * What the model says, and where it goes:
 *   documents        /names (URL, "" once, canonical name), one /src/files/<canonical>
 *                    stream per distinct lower-cased name (language, vendor, type,
 *                    checksum, SetSource bytes as given), /src/headerblock entries keyed
 *                    by the canonical name; documents no method uses are listed by the
 *                    <DanglingDocuments*...> module
 *   methods          S_GMANPROC ... S_END in the module of their declaring type (names
 *                    from options->method_names), laid end to end in one invented
 *                    section in OpenMethod order; length = end of the outermost scope;
 *                    S_PROCREF + S_TOKENREF in the global symbols, one section
 *                    contribution each, section map and section header cover them all
 *   scopes           S_BLOCK32 for each scope that holds something (locals, constants,
 *                    usings, or such a scope inside); in a scope: usings, constants,
 *                    locals, then child scopes, each in call order
 *   locals           S_MANSLOT (slot = addr1, type = the StandAloneSig token, 0 for v1
 *                    signatures; VAR_IS_COMP_GEN sets the compiler-generated flag)
 *   constants        S_MANCONSTANT, numeric leaf chosen by the VARIANT type as
 *                    diasymreader does (I1 LF_CHAR, U1 and BOOL direct, I2 LF_SHORT,
 *                    U2 LF_USHORT, I4 LF_LONG, ..., strings LF_VARSTRING of UTF-8, null
 *                    references LF_LONG 0)
 *   attributes       one managed S_OEM per SetSymAttribute on the method (e.g. "MD2"),
 *                    then "asyncMethodInfo" for kickoff/catch handler/steps, before the
 *                    procedure's S_END
 *   sequence points  C13 DEBUG_S_LINES per method (sorted by IL offset, one block per
 *                    run of one document, columns always), DEBUG_S_FILECHKSMS per module
 *   entry point      S_PUB32 "COM+_Entry_Point" (token after RemapToken) in the PSI
 *   RemapToken       the token-RID map debug stream (u32 per RID, identity elsewhere)
 *   source link      "sourcelink" named stream; SetSourceServerData "srcsrv"
 *   compiler info    the "* CompilerInfo *" module with one S_COMPILE3
 *   token spans      the "TokenSourceLineInfo" module, one S_OEM "TSLI" per span
 *   not written      SetMethodSourceRange, namespaces (Open/CloseNamespace), attributes
 *                    whose parent is not a method of the model
 */
#ifndef CORSYM_WINPDB_WINPDB_EMIT_H
#define CORSYM_WINPDB_WINPDB_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/status.h"
#include "model/symwriter.h"

/*
 * Names of a method from the module's metadata (IMetaDataImport GetMethodProps,
 * GetTypeDefProps, GetNestedClassProps), appended as UTF-8 without NUL:
 *   type_name    the declaring type's full name ("N1.C"); a nested type is its
 *                enclosing type's full name, '.', its own name ("N1.C.<M1>d__0")
 *   method_name  the method's name ("MoveNext")
 * Called once per method of the model, in model order. Any status but OK stops the
 * emitter, which returns it (Microsoft's writer fails CloseMethod the same way).
 */
typedef corsym_status (*corsym_winpdb_method_names_fn)(void *context, uint32_t method_token,
                                                       struct corsym_buf *type_name,
                                                       struct corsym_buf *method_name);

struct corsym_winpdb_emit_options {
    uint8_t guid[16];     /* PDB id, stored byte order; zero it for a content id after */
    uint32_t signature;   /* the info stream's "timestamp" (stamp of the id) */
    uint32_t age;         /* 0 means 1; written to the info stream and the DBI header */
    uint64_t filetime;    /* /src/headerblock time (FILETIME); 0 keeps output reproducible */
    uint32_t block_size;  /* 0: the smallest that keeps every reader happy */
    /* NULL: every method goes to one module "<Module>", named by its token in hex. */
    corsym_winpdb_method_names_fn method_names;
    void *names_context;
};

/* Where the id fields landed, as offsets from the PDB's first byte (what out held before
 * the call is not counted), for deterministic ids and the PDB checksum, which hash the file
 * with the GUID and signature taken as zero (research §13). */
struct corsym_winpdb_emit_result {
    size_t signature_offset; /* 4 bytes */
    size_t age_offset;       /* 4 bytes, info stream */
    size_t guid_offset;      /* 16 bytes */
    size_t dbi_age_offset;   /* 4 bytes, DBI header */
    uint32_t block_size;
};

/*
 * Appends the PDB to out (initialised by the caller).
 *   INVALID_ARG   the model cannot be written (a record over 0xFFFF bytes, a name or
 *                 string constant too long for its record, more than 65535 documents in
 *                 a module, or a model call still open)
 *   UNSUPPORTED   a limit of the container (over 2^20 blocks, a stream over 4 GB)
 *   NOMEM, or what method_names returned
 */
corsym_status corsym_winpdb_emit(const struct corsym_symwriter *model,
                                 const struct corsym_winpdb_emit_options *options,
                                 struct corsym_buf *out, struct corsym_winpdb_emit_result *result);

/*
 * A content-derived id: SHA-256 of the file with the signature and GUID bytes taken as
 * zero; GUID = its first 16 bytes (version 4 / variant bits forced, as S.R.M's
 * BlobContentId), signature = LE u32 of bytes 16..19 with bit 31 set. Write them back
 * with corsym_winpdb_set_id.
 */
void corsym_winpdb_content_id(const uint8_t *file, size_t len,
                              const struct corsym_winpdb_emit_result *where, uint8_t guid[16],
                              uint32_t *signature);
/* Patches the id (GUID, signature; age when nonzero, in both places) into a written file. */
void corsym_winpdb_set_id(uint8_t *file, const struct corsym_winpdb_emit_result *where,
                          const uint8_t guid[16], uint32_t signature, uint32_t age);

/*
 * The CodeView record GetDebugInfo answers for a Windows PDB (research §13): "RSDS",
 * GUID, u32 age, the UTF-8 path and a NUL; appended to out. The debug directory entry
 * that goes with it: Type 2 (CODEVIEW), MajorVersion 0, MinorVersion 0, SizeOfData = the
 * length appended.
 */
corsym_status corsym_winpdb_codeview(const uint8_t guid[16], uint32_t age, const char *path,
                                     size_t path_len, struct corsym_buf *out);

#endif
