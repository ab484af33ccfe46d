/* SPDX-License-Identifier: MIT */
/*
 * The reader's object family. Lifetimes: document objects are parts of the reader (their
 * AddRef/Release count on the reader, so their identity is stable and they can never
 * outlive the symbols they describe); a method object holds a reference on its reader and
 * owns the materialised symbols of that method; scopes, variables and constants hold a
 * reference on their method. Nothing is freed while any of them is reachable.
 */
#ifndef CORSYM_COM_READER_PRIVATE_H
#define CORSYM_COM_READER_PRIVATE_H

#include "com/com_private.h"
#include "model/symbols.h"

struct sym_reader;
struct sym_method;

/* ---- reader (reader.c) ---- */
ULONG corsym_reader_addref(struct sym_reader *reader);
ULONG corsym_reader_addref_many(struct sym_reader *reader, uint32_t count);
ULONG corsym_reader_release(struct sym_reader *reader);
struct corsym_symbols *corsym_reader_symbols(struct sym_reader *reader);
/* The document object for a document index, AddRef'd. */
HRESULT corsym_reader_document(struct sym_reader *reader, uint32_t index,
                               ISymUnmanagedDocument **out);
/* The index of a document object of this reader; E_INVALIDARG for anything else. */
HRESULT corsym_reader_document_index(struct sym_reader *reader, ISymUnmanagedDocument *document,
                                     uint32_t *index);
/* ReplaceSymbolStore starts a new generation (0 first). A method object answers in the
 * generation it was made in: its documents are that generation's. */
uint32_t corsym_reader_generation(struct sym_reader *reader);
struct corsym_symbols *corsym_reader_symbols_of(struct sym_reader *reader, uint32_t generation);
HRESULT corsym_reader_document_of(struct sym_reader *reader, uint32_t generation, uint32_t index,
                                  ISymUnmanagedDocument **out);
HRESULT corsym_reader_document_index_of(struct sym_reader *reader, uint32_t generation,
                                        ISymUnmanagedDocument *document, uint32_t *index);
/* The generation `symbols` belong to: the replaced generation that holds them, else the
 * current one. A method object takes the generation of the symbols its data came from, so
 * that a ReplaceSymbolStore racing with GetMethod cannot pair old data with new documents. */
uint32_t corsym_reader_generation_of(struct sym_reader *reader, struct corsym_symbols *symbols);
/* A method object over data loaded from `symbols`; takes ownership of `data` in every case. */
HRESULT corsym_method_create(struct sym_reader *reader, struct corsym_symbols *symbols,
                             struct corsym_method *data, ISymUnmanagedMethod **out);
/* Loads a method's symbols from `symbols`: E_FAIL when the PDB has none. */
HRESULT corsym_reader_load_method(struct sym_reader *reader, struct corsym_symbols *symbols,
                                  uint32_t token,
                                  struct corsym_method **out);

/* A StandAloneSig blob of the module (from the importer or the PE the binder found). */
HRESULT corsym_reader_local_signature(struct sym_reader *reader, uint32_t token,
                                      const uint8_t **data, size_t *size);
/* The type of a FIELD signature (a Windows PDB's per-variable or constant signature). */
HRESULT corsym_reader_field_signature(struct sym_reader *reader, uint32_t token,
                                      const uint8_t **data, size_t *size);
/* Used by the binder on readers it made itself. */
HRESULT corsym_reader_open(ISymUnmanagedReader *iface, IUnknown *importer, const WCHAR *filename,
                           IStream *stream);
void corsym_reader_set_module_path(ISymUnmanagedReader *iface, const WCHAR *pe_path);

/* ---- documents (document.c): one block of document objects per reader ---- */
struct sym_document_block;
HRESULT corsym_document_block_create(struct sym_reader *reader, uint32_t count,
                                     struct sym_document_block **out);
void corsym_document_block_free(struct sym_document_block *block);
/* From now on the block's documents answer from `symbols` (ReplaceSymbolStore). */
void corsym_document_block_pin(struct sym_document_block *block, struct corsym_symbols *symbols);
/* The document object of an index; the block grows as updates add documents, and answers
 * NULL when it cannot. */
ISymUnmanagedDocument *corsym_document_block_get(struct sym_document_block *block, uint32_t index);
BOOL corsym_document_block_index(struct sym_document_block *block, ISymUnmanagedDocument *doc,
                                 uint32_t *index);
/* `count` more references to a document object handed out by this reader, in one step (a
 * method's sequence points name the same document over and over). */
void corsym_document_addref_many(ISymUnmanagedDocument *doc, uint32_t count);

/* ---- method (method.c) ---- */
/* A method object with one reference, for callers that need the implementation. */
HRESULT corsym_method_new(struct sym_reader *reader, struct corsym_symbols *symbols,
                          struct corsym_method *data, struct sym_method **out);
/* Both return the new count (for the AddRef/Release of the method's child objects). */
ULONG corsym_method_addref(struct sym_method *method);
ULONG corsym_method_release(struct sym_method *method);

/*
 * A method's scopes, variables, constants and namespaces as COM objects: one object per
 * record, all of them made with the method in its own allocation, and counted on the method
 * (a child's AddRef and Release are the method's), so that a child lives exactly as long as
 * its method and a walk allocates nothing per child. Each kind describes its objects with a
 * child class: their size, and how a run of `count` of them is set up for a method.
 */
enum corsym_method_child { CORSYM_CHILD_SCOPES, CORSYM_CHILD_VARIABLES, CORSYM_CHILD_CONSTANTS,
                           CORSYM_CHILD_NAMESPACES, CORSYM_CHILD_KINDS };
struct corsym_child_class {
    size_t size;
    void (*init)(void *objects, struct sym_method *method, uint32_t count);
};
extern const struct corsym_child_class corsym_scope_class, corsym_variable_class,
    corsym_constant_class, corsym_namespace_class;
/* The index-th object of a kind, its interface first, with a reference taken on the method;
 * NULL, and no reference, past the last (a method has as many as its data has records of the
 * kind; scopes: at least the root). What every child's create does. */
void *corsym_method_child(struct sym_method *method, enum corsym_method_child kind,
                          uint32_t index);
const struct corsym_method *corsym_method_data(struct sym_method *method);
struct sym_reader *corsym_method_reader(struct sym_method *method);
/* The EnC version a method object of this reader was made for; E_INVALIDARG otherwise. */
HRESULT corsym_method_version(struct sym_reader *reader, ISymUnmanagedMethod *method,
                              int *version);
/* The method's interface, AddRef'd. */
ISymUnmanagedMethod *corsym_method_object(struct sym_method *method);

/* ---- scope, variable, constant (scope.c, variable.c, constant.c) ---- */
HRESULT corsym_scope_create(struct sym_method *method, uint32_t index, ISymUnmanagedScope **out);
HRESULT corsym_variable_create(struct sym_method *method, uint32_t index,
                               ISymUnmanagedVariable **out);
HRESULT corsym_constant_create(struct sym_method *method, uint32_t index,
                               ISymUnmanagedConstant **out);
HRESULT corsym_namespace_create(struct sym_method *method, uint32_t index,
                                ISymUnmanagedNamespace **out);

/* The innermost scope (index) that contains an IL offset; 0 (the root) if none does. */
uint32_t corsym_scope_at_offset(const struct corsym_method *data, uint32_t offset);

#endif
