/* Well-known CustomDebugInformation kind GUIDs. */
#include <string.h>

#include "portable/ppdb_cdi.h"

/* GUIDs as written in the spec, laid out in stored byte order: Data1,
 * Data2 and Data3 little endian, Data4 as is. */
#define G(d1, d2, d3, a, b, c, d, e, f, g, h)                                                      \
    { (uint8_t)(d1), (uint8_t)((d1) >> 8), (uint8_t)((d1) >> 16), (uint8_t)((d1) >> 24),          \
      (uint8_t)(d2), (uint8_t)((d2) >> 8), (uint8_t)(d3), (uint8_t)((d3) >> 8),                    \
      a, b, c, d, e, f, g, h }

static const struct {
    const char *name;
    uint8_t guid[16];
} kinds[CORSYM_CDI_KIND_COUNT] = {
    [CORSYM_CDI_UNKNOWN] = { "-", { 0 } },
    [CORSYM_CDI_ASYNC_METHOD_STEPPING] = { "AsyncMethodSteppingInformation",
        G(0x54FD2AC5, 0xE925, 0x401A, 0x9C, 0x2A, 0xF9, 0x4F, 0x17, 0x10, 0x72, 0xF8) },
    [CORSYM_CDI_STATE_MACHINE_HOISTED_LOCAL_SCOPES] = { "StateMachineHoistedLocalScopes",
        G(0x6DA9A61E, 0xF8C7, 0x4874, 0xBE, 0x62, 0x68, 0xBC, 0x56, 0x30, 0xDF, 0x71) },
    [CORSYM_CDI_DYNAMIC_LOCAL_VARIABLES] = { "DynamicLocalVariables",
        G(0x83C563C4, 0xB4F3, 0x47D5, 0xB8, 0x24, 0xBA, 0x54, 0x41, 0x47, 0x7E, 0xA8) },
    [CORSYM_CDI_TUPLE_ELEMENT_NAMES] = { "TupleElementNames",
        G(0xED9FDF71, 0x8879, 0x4747, 0x8E, 0xD3, 0xFE, 0x5E, 0xDE, 0x3C, 0xE7, 0x10) },
    [CORSYM_CDI_DEFAULT_NAMESPACE] = { "DefaultNamespace",
        G(0x58B2EAB6, 0x209F, 0x4E4E, 0xA2, 0x2C, 0xB2, 0xD0, 0xF9, 0x10, 0xC7, 0x82) },
    [CORSYM_CDI_ENC_LOCAL_SLOT_MAP] = { "EncLocalSlotMap",
        G(0x755F52A8, 0x91C5, 0x45BE, 0xB4, 0xB8, 0x20, 0x95, 0x71, 0xE5, 0x52, 0xBD) },
    [CORSYM_CDI_ENC_LAMBDA_AND_CLOSURE_MAP] = { "EncLambdaAndClosureMap",
        G(0xA643004C, 0x0240, 0x496F, 0xA7, 0x83, 0x30, 0xD6, 0x4F, 0x49, 0x79, 0xDE) },
    [CORSYM_CDI_ENC_STATE_MACHINE_STATE_MAP] = { "EncStateMachineStateMap",
        G(0x8B78CD68, 0x2EDE, 0x420B, 0x98, 0x0B, 0xE1, 0x58, 0x84, 0xB8, 0xAA, 0xA3) },
    [CORSYM_CDI_EMBEDDED_SOURCE] = { "EmbeddedSource",
        G(0x0E8A571B, 0x6926, 0x466E, 0xB4, 0xAD, 0x8A, 0xB0, 0x46, 0x11, 0xF5, 0xFE) },
    [CORSYM_CDI_SOURCE_LINK] = { "SourceLink",
        G(0xCC110556, 0xA091, 0x4D38, 0x9F, 0xEC, 0x25, 0xAB, 0x9A, 0x35, 0x1A, 0x6A) },
    [CORSYM_CDI_COMPILATION_OPTIONS] = { "CompilationOptions",
        G(0xB5FEEC05, 0x8CD0, 0x4A83, 0x96, 0xDA, 0x46, 0x62, 0x84, 0xBB, 0x4B, 0xD8) },
    [CORSYM_CDI_COMPILATION_METADATA_REFERENCES] = { "CompilationMetadataReferences",
        G(0x7E4D4708, 0x096E, 0x4C5C, 0xAE, 0xDA, 0xCB, 0x10, 0xBA, 0x6A, 0x74, 0x0D) },
    [CORSYM_CDI_TYPE_DEFINITION_DOCUMENTS] = { "TypeDefinitionDocuments",
        G(0x932E74BC, 0xDBA9, 0x4478, 0x8D, 0x46, 0x0F, 0x32, 0xA7, 0xBA, 0xB3, 0xD3) },
    [CORSYM_CDI_PRIMARY_CONSTRUCTOR_INFORMATION] = { "PrimaryConstructorInformationBlob",
        G(0x9D40ACE1, 0xC703, 0x4D0E, 0xBF, 0x41, 0x72, 0x43, 0x06, 0x0A, 0x8F, 0xB5) },
};

const uint8_t *corsym_cdi_kind_guid(enum corsym_cdi_kind kind)
{
    if ((unsigned)kind >= CORSYM_CDI_KIND_COUNT)
        kind = CORSYM_CDI_UNKNOWN;
    return kinds[kind].guid;
}

enum corsym_cdi_kind corsym_cdi_kind_from_guid(const uint8_t guid[16])
{
    for (unsigned k = 1; k < CORSYM_CDI_KIND_COUNT; k++)
        if (memcmp(kinds[k].guid, guid, 16) == 0)
            return (enum corsym_cdi_kind)k;
    return CORSYM_CDI_UNKNOWN;
}

const char *corsym_cdi_kind_name(enum corsym_cdi_kind kind)
{
    if ((unsigned)kind >= CORSYM_CDI_KIND_COUNT)
        kind = CORSYM_CDI_UNKNOWN;
    return kinds[kind].name;
}
