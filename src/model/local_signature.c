/* SPDX-License-Identifier: MIT */
#include "model/local_signature.h"

#include "base/cursor.h"

enum {
    ET_END = 0x00, ET_VOID = 0x01, ET_BOOLEAN = 0x02, ET_R8 = 0x0d, ET_STRING = 0x0e,
    ET_PTR = 0x0f, ET_BYREF = 0x10, ET_VALUETYPE = 0x11, ET_CLASS = 0x12, ET_VAR = 0x13,
    ET_ARRAY = 0x14, ET_GENERICINST = 0x15, ET_TYPEDBYREF = 0x16, ET_I = 0x18, ET_U = 0x19,
    ET_FNPTR = 0x1b, ET_OBJECT = 0x1c, ET_SZARRAY = 0x1d, ET_MVAR = 0x1e, ET_CMOD_REQD = 0x1f,
    ET_CMOD_OPT = 0x20, ET_INTERNAL = 0x21, ET_SENTINEL = 0x41, ET_PINNED = 0x45,
    LOCAL_SIG = 0x07, SIG_GENERIC = 0x10,
};

/* Hostile signatures may nest types without end; real ones stay far below this. */
#define MAX_TYPE_DEPTH 64

static corsym_status skip_type(struct corsym_cursor *c, unsigned depth);

static corsym_status skip_custom_mods(struct corsym_cursor *c)
{
    uint8_t b;
    uint32_t token;
    while (corsym_cursor_peek_u8(c, &b) == CORSYM_OK && (b == ET_CMOD_REQD || b == ET_CMOD_OPT)) {
        CORSYM_TRY(corsym_cursor_u8(c, &b));
        CORSYM_TRY(corsym_cursor_cuint(c, &token));
    }
    return CORSYM_OK;
}

static corsym_status skip_method_sig(struct corsym_cursor *c, unsigned depth)
{
    uint8_t convention;
    uint32_t count;
    CORSYM_TRY(corsym_cursor_u8(c, &convention));
    if (convention & SIG_GENERIC)
        CORSYM_TRY(corsym_cursor_cuint(c, &count));
    CORSYM_TRY(corsym_cursor_cuint(c, &count));
    CORSYM_TRY(skip_custom_mods(c));
    CORSYM_TRY(skip_type(c, depth + 1)); /* return type (BYREF/VOID/TYPEDBYREF allowed) */
    for (uint32_t i = 0; i < count; i++) {
        uint8_t b;
        CORSYM_TRY(corsym_cursor_peek_u8(c, &b));
        if (b == ET_SENTINEL)
            CORSYM_TRY(corsym_cursor_u8(c, &b));
        CORSYM_TRY(skip_custom_mods(c));
        CORSYM_TRY(skip_type(c, depth + 1));
    }
    return CORSYM_OK;
}

static corsym_status skip_type(struct corsym_cursor *c, unsigned depth)
{
    uint8_t code;
    uint32_t value, count;
    int32_t bound;
    if (depth > MAX_TYPE_DEPTH)
        return CORSYM_E_UNSUPPORTED;
    CORSYM_TRY(corsym_cursor_u8(c, &code));
    if ((code >= ET_VOID && code <= ET_STRING) || code == ET_TYPEDBYREF || code == ET_I ||
        code == ET_U || code == ET_OBJECT)
        return CORSYM_OK;
    switch (code) {
    case ET_PTR:
    case ET_BYREF:
    case ET_SZARRAY:
    case ET_PINNED:
        CORSYM_TRY(skip_custom_mods(c));
        return skip_type(c, depth + 1);
    case ET_VALUETYPE:
    case ET_CLASS:
        return corsym_cursor_cuint(c, &value);
    case ET_VAR:
    case ET_MVAR:
        return corsym_cursor_cuint(c, &value);
    case ET_CMOD_REQD:
    case ET_CMOD_OPT:
        CORSYM_TRY(corsym_cursor_cuint(c, &value));
        return skip_type(c, depth + 1);
    case ET_INTERNAL: /* a runtime type handle: pointer-sized; never in files, but bounded */
        return corsym_cursor_skip(c, 8);
    case ET_ARRAY:
        CORSYM_TRY(skip_type(c, depth + 1));
        CORSYM_TRY(corsym_cursor_cuint(c, &value)); /* rank */
        CORSYM_TRY(corsym_cursor_cuint(c, &count)); /* sizes */
        for (uint32_t i = 0; i < count; i++)
            CORSYM_TRY(corsym_cursor_cuint(c, &value));
        CORSYM_TRY(corsym_cursor_cuint(c, &count)); /* lower bounds */
        for (uint32_t i = 0; i < count; i++)
            CORSYM_TRY(corsym_cursor_cint(c, &bound));
        return CORSYM_OK;
    case ET_GENERICINST:
        CORSYM_TRY(corsym_cursor_u8(c, &code));
        if (code != ET_CLASS && code != ET_VALUETYPE)
            return CORSYM_CORRUPT();
        CORSYM_TRY(corsym_cursor_cuint(c, &value));
        CORSYM_TRY(corsym_cursor_cuint(c, &count));
        for (uint32_t i = 0; i < count; i++)
            CORSYM_TRY(skip_type(c, depth + 1));
        return CORSYM_OK;
    case ET_FNPTR:
        return skip_method_sig(c, depth);
    default:
        return CORSYM_CORRUPT();
    }
}

corsym_status corsym_local_signature_slot(const uint8_t *sig, size_t size, uint32_t slot,
                                          const uint8_t **slice, size_t *slice_size)
{
    struct corsym_cursor c;
    uint8_t kind;
    uint32_t count;
    corsym_cursor_init(&c, sig, size);
    CORSYM_TRY(corsym_cursor_u8(&c, &kind));
    if (kind != LOCAL_SIG)
        return CORSYM_CORRUPT();
    CORSYM_TRY(corsym_cursor_cuint(&c, &count));
    if (slot >= count)
        return CORSYM_NOT_FOUND;
    for (uint32_t i = 0; i <= slot; i++) {
        size_t start = c.pos;
        /* A local: custom modifiers, then PINNED and BYREF, or TYPEDBYREF; skip_type covers
         * all of them since each prefixes a type. */
        CORSYM_TRY(skip_custom_mods(&c));
        CORSYM_TRY(skip_type(&c, 0));
        if (i == slot) {
            *slice = sig + start;
            *slice_size = c.pos - start;
        }
    }
    return CORSYM_OK;
}
