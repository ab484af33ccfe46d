/* SPDX-License-Identifier: MIT */
#include "com/classes.h"

const struct corsym_class corsym_classes[CORSYM_CLASS_COUNT] = {
    { &CLSID_CorSymBinder_SxS, CORSYM_CLASS_BINDER, corsym_binder_create,
      "CorSymBinder_SxS (corsym)" },
    { &CLSID_CorSymReader_SxS, CORSYM_CLASS_READER, corsym_reader_create,
      "CorSymReader_SxS (corsym)" },
    { &CLSID_CorSymWriter_SxS, CORSYM_CLASS_WRITER, corsym_writer_create,
      "CorSymWriter_SxS (corsym)" },
    { &CLSID_CorSymBinder_deprecated, CORSYM_CLASS_BINDER, corsym_binder_create,
      "CorSymBinder (corsym)" },
    { &CLSID_CorSymReader_deprecated, CORSYM_CLASS_READER, corsym_reader_create,
      "CorSymReader (corsym)" },
    { &CLSID_CorSymWriter_deprecated, CORSYM_CLASS_WRITER, corsym_writer_create,
      "CorSymWriter (corsym)" },
    { &CLSID_CorSymWriter_Portable, CORSYM_CLASS_WRITER, corsym_writer_portable_create,
      "CorSymWriter_Portable (corsym)" },
};
