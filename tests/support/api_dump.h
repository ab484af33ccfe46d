/* SPDX-License-Identifier: MIT */
/*
 * What a symbol reader answers through the ISymUnmanaged* COM API, printed as canonical text,
 * and the comparison of two such dumps. Used with any reader behind the API: corsym's (the
 * .so or the .dll), Microsoft's Microsoft.DiaSymReader.Native under Wine, or a model of one.
 *
 *   API_DUMP_PORTABLE  tests/oracle-com/FORMAT.md ("corsym-api 1"), the dump that the C# model
 *                      of Microsoft's portable reader prints.
 *   API_DUMP_WINDOWS   tests/wine/API_DUMP.md ("corsym-winapi 1"): the same walk plus what
 *                      Windows PDBs carry (namespaces of scopes, MD2, source server data, the
 *                      module identity, more getters of variables and documents).
 *
 * Nothing here asserts: a call that fails prints `!<HRESULT>` where its value would be, so
 * the failures of two readers are compared as well as their answers. The helpers need no
 * test harness (tests/wine/api_dump_main.c links this file alone).
 */
#ifndef CORSYM_API_DUMP_H
#define CORSYM_API_DUMP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "corsym/corsym.h"

/* ---- a growing text buffer ---- */

struct api_text {
    char *data;
    size_t len, cap;
};

void api_text_append(struct api_text *t, const char *s, size_t n);
void api_text_printf(struct api_text *t, const char *format, ...)
#if defined(__MINGW_PRINTF_FORMAT)
    __attribute__((format(__MINGW_PRINTF_FORMAT, 2, 3)))
#elif defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void api_text_free(struct api_text *t);

/* The bytes of a file (malloc'd; NULL if it cannot be read); *size gets their count. */
unsigned char *api_read_file(const char *path, size_t *size);

/* ---- the module (PE image) a PDB belongs to ---- */

/* What a client knows from the PE next to the PDB: its CodeView identity, for MatchesModule,
 * the number of MethodDef rows, for the tokens to ask about, and its StandAloneSig blobs, for
 * the importer. Pointers refer into the caller's copy of the PE, which must outlive this. */
struct api_module {
    int has_rsds;
    GUID guid;
    uint32_t age;
    uint32_t stamp;        /* COFF TimeDateStamp */
    int has_metadata;
    uint32_t method_count; /* MethodDef rows */
    /* StandAloneSig table */
    const unsigned char *blob_heap;
    size_t blob_size;
    const unsigned char *sig_table;
    uint32_t sig_rows, sig_row_size, blob_index_size;
};

/* 1 when `pe` is a PE image (the fields it lacks stay 0). */
int api_module_parse(const unsigned char *pe, size_t size, struct api_module *module);
/* The bytes of StandAloneSig `token` (0x11xxxxxx); 0 if there is none. */
int api_module_signature(const struct api_module *module, uint32_t token,
                         const unsigned char **sig, uint32_t *size);

/* A stand-in IMetaDataImport: QueryInterface answers itself for every IID, and every method
 * beyond IUnknown answers E_NOTIMPL, except GetSigFromToken (slot 41), which answers from
 * `module` when it has metadata. Microsoft's GetReaderFromStream insists on an importer; both
 * readers get this same object. Released like any COM object; `module` must outlive it. */
IUnknown *api_importer_new(const struct api_module *module);

/* 0x06000001 .. 0x06000000 + method_count + 1 (one past the end: a token that must fail);
 * without metadata, 0x06000001 .. 0x06000010. */
size_t api_module_tokens(const struct api_module *module, uint32_t **tokens);

/* ---- the walk ---- */

enum api_dump_flavor { API_DUMP_PORTABLE, API_DUMP_WINDOWS };

/* Dumps `reader`: entry point, documents, then each of `tokens` as a method. `module` may be
 * NULL (then the Windows dump has no `matches` line). */
void api_dump_reader(struct api_text *t, ISymUnmanagedReader *reader, enum api_dump_flavor flavor,
                     const uint32_t *tokens, size_t token_count, const struct api_module *module);

/* ---- comparison ---- */

/*
 * A tolerated difference: in `file` ("*" = any), on lines whose first word is `keyword`, the
 * field `field` (its key before '=', or for a bare word its position as "#<n>", 1-based after
 * the keyword) may read `theirs` in the expected dump and `ours` in the actual one. "*" for
 * either value matches anything. Field "*" tolerates any difference of a whole file.
 * `keyword` "+" names a line that may appear in the actual dump only, "-" one that may
 * appear in the expected dump only; `field` is then that line's keyword and `theirs`/`ours`
 * must be "*".
 */
struct api_rule {
    char *file, *keyword, *field, *theirs, *ours, *reason;
    unsigned used;
};

struct api_rules {
    struct api_rule *items;
    size_t count;
};

/* Rules from text: one `file|keyword|field|theirs|ours` a line; `#` lines before a rule are
 * its reason. 0 and a message in `error` on a malformed line. */
int api_rules_parse(struct api_rules *rules, const char *text, size_t len, struct api_text *error);
void api_rules_add(struct api_rules *rules, const char *file, const char *keyword,
                   const char *field, const char *theirs, const char *ours, const char *reason);
void api_rules_free(struct api_rules *rules);

/* 0: identical; 1: equal after the rules; -1: differs (the first real difference is described
 * in `report`). `file` is the name the rules refer to. */
int api_dump_compare(const char *file, const char *expected, size_t elen, const char *actual,
                     size_t alen, struct api_rules *rules, struct api_text *report);
/* One line per rule that was used, with its count and reason. */
void api_rules_report(const struct api_rules *rules, struct api_text *report);

#endif
