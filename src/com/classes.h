/* SPDX-License-Identifier: MIT */
/* The six coclasses: one table drives DllGetClassObject, the flat exports and
 * registration. */
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

#define CORSYM_CLASS_COUNT 6
extern const struct corsym_class corsym_classes[CORSYM_CLASS_COUNT];

#endif
