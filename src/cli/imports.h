/* SPDX-License-Identifier: MIT */
/*
 * A Portable PDB's imports as the strings a Windows PDB keeps for them (S_UNAMESPACE, in the
 * compilers' encodings: research/windows-pdb.md §10.3), for convert. The COM reader names
 * only the imports it can without the module (namespaces, namespace aliases, XML namespaces,
 * extern aliases of a file); a type import names its TypeDef, TypeRef or TypeSpec and an
 * extern alias of the module its AssemblyRef, rows of the module's metadata. Here both are
 * named from the module, spelled as Roslyn's Windows PDB writer spells them and as
 * dotnet/symreader-converter's Pdb2Pdb does (type names serialized as reflection names: C#
 * assembly-qualified with '+' between nested types, VB unqualified with '.'), from the rows of
 * the bytes GetPortableDebugMetadata hands out.
 */
#ifndef CORSYM_CLI_IMPORTS_H
#define CORSYM_CLI_IMPORTS_H

#include "cli.h"
#include "portable/ecma335.h"
#include "portable/type_names.h"

struct cli_imports {
    char **strings; /* UTF-8, in the order a Windows PDB keeps them */
    size_t count, cap;
    uint16_t *groups; /* C#'s using groups: strings per import scope, innermost first */
    size_t group_count;
    /* What has no string: */
    unsigned unnamed_types;  /* type imports without the module, or of a type it cannot name */
    unsigned vb_generic;     /* VB imports of a generic instantiation (Roslyn's VB writes none) */
    unsigned unknown_alias;  /* extern-alias namespaces whose alias the PDB does not define */
};

/* Whether the PDB is a VB one (a DefaultNamespace record, as Pdb2Pdb decides). */
bool cli_imports_vb(const struct corsym_md *pdb);

/* The imports of the method (a MethodDef token) - those of its first LocalScope's import scope
 * and its parents - in out (zeroed first); module may be NULL. What has no string is counted
 * only for import scopes not yet marked in counted (one byte per ImportScope row and one more,
 * may be NULL), which are then marked. False when the method has no local scope or import
 * scope. namer names the module's types in the PDB's language (NULL without the module; one
 * for the whole conversion, so that its lazy state is built once). for_portable: the strings
 * go to a Portable writer, which also takes VB imports of
 * generic instantiations (a VB Windows PDB has no form for them). */
bool cli_imports_method(const struct corsym_md *pdb, const struct corsym_md *module,
                        struct corsym_type_namer *namer, uint32_t token, uint8_t *counted,
                        bool for_portable, struct cli_imports *out);

/* C#'s module-level extern aliases ("Z<alias> <assembly display name>", from the first import
 * scope's AliasAssemblyReference imports) in out (zeroed first); none without the module. */
void cli_imports_module_aliases(const struct corsym_md *pdb, const struct corsym_md *module,
                                struct cli_imports *out);

void cli_imports_free(struct cli_imports *imports);

/* How many imports of each ImportDefinitionKind (1-9) the PDB's import scopes hold. */
void cli_imports_count_kinds(const struct corsym_md *pdb, unsigned kinds[10]);

#endif
