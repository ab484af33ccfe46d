/* SPDX-License-Identifier: MIT */
/* The coclasses, the six of Microsoft's DLL first and then corsym's own: one table drives
 * DllGetClassObject, the flat exports and registration. */
#ifndef CORSYM_COM_CLASSES_H
#define CORSYM_COM_CLASSES_H

#include "com/com_private.h"

enum corsym_class_kind { CORSYM_CLASS_BINDER, CORSYM_CLASS_READER, CORSYM_CLASS_WRITER };

struct corsym_class {
    const CLSID *clsid;
    enum corsym_class_kind kind;
    corsym_constructor create;
    const char *friendly_name;
};

#define CORSYM_CLASS_COUNT 7
extern const struct corsym_class corsym_classes[CORSYM_CLASS_COUNT];

/* CorSymWriter_Portable: the writer object of writer.c, writing Portable PDBs. */
HRESULT corsym_writer_portable_create(REFIID riid, void **ppv);

#endif
