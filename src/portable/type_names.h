/* SPDX-License-Identifier: MIT */
/*
 * Names of a module's types and assemblies as Windows PDB import strings spell them, and the
 * way back from such a name to the row.
 *
 * A Windows PDB names the target of a C# "using static" or type alias with Roslyn's
 * serialized type name ("System.Collections.Generic.List`1[[System.Int32, System.Runtime,
 * Version=...]], System.Collections, Version=..."), and the assembly of an extern alias with
 * its display name; a Portable PDB holds the TypeDef/TypeRef/TypeSpec token and the
 * AssemblyRef row instead. Converting either way needs the module's metadata, which reaches
 * this code through a view: the library's writer has the compiler's IMetaDataTables, the
 * command-line tool the PE's tables.
 */
#ifndef CORSYM_PORTABLE_TYPE_NAMES_H
#define CORSYM_PORTABLE_TYPE_NAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/cursor.h"
#include "base/status.h"

/*
 * A module's tables with IMetaDataTables::GetColumn's conventions: a table-index or coded-index
 * cell comes back as a full token, a heap cell as the heap index; columns are numbered as in
 * ECMA-335 II.22. Each function answers false when it has no answer.
 */
struct corsym_md_view {
    void *context;
    uint32_t (*rows)(void *context, unsigned table);
    bool (*cell)(void *context, unsigned table, uint32_t rid, unsigned column, uint32_t *value);
    bool (*string)(void *context, uint32_t index, struct corsym_span *utf8);
    bool (*blob)(void *context, uint32_t index, struct corsym_span *bytes);
};

struct corsym_md;
/* The view of a module parsed by ecma335.h; md must outlive it. */
void corsym_md_view_init(struct corsym_md_view *view, const struct corsym_md *md);

/* Names types one way: C# assembly-qualifies names and nests with '+'; VB does neither and
 * nests with '.'. Lazy state (enclosing types, the core library) is built on first use. */
struct corsym_type_namer {
    const struct corsym_md_view *view;
    bool qualify;
    char nested;
    uint32_t *enclosing; /* enclosing TypeDef rid of each TypeDef rid, 0 for none */
    uint32_t type_defs;
    bool enclosing_known;
    uint32_t corlib; /* AssemblyRef rid of the core library, 0 for none */
    bool corlib_known;
};

void corsym_type_namer_init(struct corsym_type_namer *n, const struct corsym_md_view *view,
                            bool csharp);
void corsym_type_namer_free(struct corsym_type_namer *n);

/*
 * Appends the serialized name of a TypeDef, TypeRef or TypeSpec token (Pdb2Pdb's
 * GetSerializedTypeName): false, with out unchanged, for what has no such name (a type
 * parameter, a function pointer, a broken row) or when memory runs out.
 */
bool corsym_type_namer_name(struct corsym_type_namer *n, uint32_t token, struct corsym_buf *out);

/*
 * The MoveNext method of the state machine type `name` (UTF-8) nested in the type that
 * declares the kick-off method: what a Windows PDB's MD2 ForwardIterator record points at by
 * name, and a Portable PDB's StateMachineMethod row by token. False if there is none.
 */
bool corsym_type_namer_move_next(struct corsym_type_namer *n, uint32_t kickoff, const char *name,
                                 size_t len, uint32_t *move_next);

/* Appends an AssemblyRef row's display name (Roslyn's AssemblyIdentity.GetDisplayName). */
bool corsym_assembly_display_name(const struct corsym_md_view *view, uint32_t rid,
                                  struct corsym_buf *out);

/*
 * Every type and assembly of a module by name, for the way back. The first row of a name
 * wins, TypeDefs before TypeRefs before TypeSpecs.
 */
struct corsym_type_index {
    struct corsym_buf names;
    struct corsym_type_index_entry {
        const uint8_t *text; /* in names */
        uint32_t offset, len, token, order;
    } *entries;
    size_t count;
};

/*
 * Names every TypeDef, TypeRef, TypeSpec (the type index) and AssemblyRef (as a token of
 * table 0x23) of the module.
 *   NOMEM
 */
corsym_status corsym_type_index_build(struct corsym_type_index *index,
                                      const struct corsym_md_view *view, bool csharp);
void corsym_type_index_free(struct corsym_type_index *index);

/* The TypeDef/TypeRef/TypeSpec token of a serialized type name; false if none has it. */
bool corsym_type_index_type(const struct corsym_type_index *index, const char *name, size_t len,
                            uint32_t *token);
/* The AssemblyRef rid of a display name; false if none has it. */
bool corsym_type_index_assembly(const struct corsym_type_index *index, const char *name,
                                size_t len, uint32_t *rid);

#endif
