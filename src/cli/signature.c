/* SPDX-License-Identifier: MIT */
#include "signature.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "tree.h"

struct sb {
    char *s;
    size_t len, cap;
};

static void put(struct sb *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = cli_xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = 0;
}

static void puts_(struct sb *b, const char *s)
{
    put(b, s, strlen(s));
}

const char *cli_type_code_name(uint8_t code)
{
    switch (code) {
    case 0x01: return "Void";
    case 0x02: return "Boolean";
    case 0x03: return "Char";
    case 0x04: return "SByte";
    case 0x05: return "Byte";
    case 0x06: return "Int16";
    case 0x07: return "UInt16";
    case 0x08: return "Int32";
    case 0x09: return "UInt32";
    case 0x0A: return "Int64";
    case 0x0B: return "UInt64";
    case 0x0C: return "Single";
    case 0x0D: return "Double";
    case 0x0E: return "String";
    case 0x16: return "TypedReference";
    case 0x18: return "IntPtr";
    case 0x19: return "UIntPtr";
    case 0x1C: return "Object";
    }
    return NULL;
}

static void type_name(struct sb *b, const struct corsym_md *md, uint32_t token, int depth);
static bool decode(struct sb *b, const struct corsym_md *md, struct corsym_cursor *c, int depth);

static void token_text(struct sb *b, uint32_t token)
{
    char buf[16];
    snprintf(buf, sizeof(buf), "0x%08x", (unsigned)token);
    puts_(b, buf);
}

static void type_name(struct sb *b, const struct corsym_md *md, uint32_t token, int depth)
{
    if (md && (token >> 24) == CORSYM_TBL_TYPE_SPEC) {
        uint32_t blob;
        struct corsym_span spec;
        struct corsym_cursor c;
        if (depth < 16 &&
            corsym_md_get(md, CORSYM_TBL_TYPE_SPEC, token & 0xFFFFFF, 0, &blob) == CORSYM_OK &&
            corsym_md_blob(md, blob, &spec) == CORSYM_OK) {
            corsym_cursor_from_span(&c, spec);
            if (decode(b, md, &c, depth + 1))
                return;
        }
    } else if (md) {
        char *name = cli_type_token_name(md, token);
        if (name) {
            puts_(b, name);
            free(name);
            return;
        }
    }
    token_text(b, token);
}

/* One type; false on a malformed or unsupported blob. */
static bool decode(struct sb *b, const struct corsym_md *md, struct corsym_cursor *c, int depth)
{
    uint8_t code;
    uint32_t token, n;
    if (depth > 32 || corsym_cursor_u8(c, &code) != CORSYM_OK)
        return false;
    const char *primitive = cli_type_code_name(code);
    if (primitive) {
        puts_(b, primitive);
        return true;
    }
    switch (code) {
    case 0x11: /* VALUETYPE */
    case 0x12: /* CLASS */
        if (corsym_md_read_type_def_or_ref(c, &token) != CORSYM_OK)
            return false;
        type_name(b, md, token, depth);
        return true;
    case 0x0F: /* PTR */
    case 0x10: /* BYREF */
    case 0x1D: /* SZARRAY */
    case 0x45: /* PINNED */
        if (code == 0x45)
            puts_(b, "pinned ");
        if (!decode(b, md, c, depth + 1))
            return false;
        puts_(b, code == 0x0F ? "*" : code == 0x10 ? "&" : code == 0x1D ? "[]" : "");
        return true;
    case 0x13: /* VAR */
    case 0x1E: /* MVAR */
        if (corsym_cursor_cuint(c, &n) != CORSYM_OK)
            return false;
        {
            char buf[16];
            snprintf(buf, sizeof(buf), "%s%u", code == 0x13 ? "!" : "!!", (unsigned)n);
            puts_(b, buf);
        }
        return true;
    case 0x14: { /* ARRAY: type rank nsizes sizes nlo lobounds */
        if (!decode(b, md, c, depth + 1))
            return false;
        uint32_t rank, count, v;
        int32_t lo;
        if (corsym_cursor_cuint(c, &rank) != CORSYM_OK || corsym_cursor_cuint(c, &count) != CORSYM_OK)
            return false;
        for (uint32_t i = 0; i < count; i++)
            if (corsym_cursor_cuint(c, &v) != CORSYM_OK)
                return false;
        if (corsym_cursor_cuint(c, &count) != CORSYM_OK)
            return false;
        for (uint32_t i = 0; i < count; i++)
            if (corsym_cursor_cint(c, &lo) != CORSYM_OK)
                return false;
        /* PdbToXml writes as many commas as the rank (not rank - 1); kept for parity. */
        puts_(b, "[");
        for (uint32_t i = 0; i < rank && i < 64; i++)
            puts_(b, ",");
        puts_(b, "]");
        return true;
    }
    case 0x15: { /* GENERICINST (CLASS|VALUETYPE) type count args */
        uint8_t kind;
        uint32_t count;
        if (corsym_cursor_u8(c, &kind) != CORSYM_OK ||
            corsym_md_read_type_def_or_ref(c, &token) != CORSYM_OK ||
            corsym_cursor_cuint(c, &count) != CORSYM_OK)
            return false;
        type_name(b, md, token, depth);
        puts_(b, "{");
        for (uint32_t i = 0; i < count; i++) {
            if (i)
                puts_(b, ", ");
            if (!decode(b, md, c, depth + 1))
                return false;
        }
        puts_(b, "}");
        return true;
    }
    case 0x1F: /* CMOD_REQD */
    case 0x20: /* CMOD_OPT */
        if (corsym_md_read_type_def_or_ref(c, &token) != CORSYM_OK)
            return false;
        puts_(b, code == 0x1F ? "modreq(" : "modopt(");
        type_name(b, md, token, depth);
        puts_(b, ") ");
        return decode(b, md, c, depth + 1);
    case 0x1B: /* FNPTR */
        puts_(b, "method-ptr");
        return true;
    }
    return false;
}

char *cli_signature_text(const struct corsym_md *md, const uint8_t *sig, size_t len)
{
    struct sb b = { NULL, 0, 0 };
    struct corsym_cursor c;
    corsym_cursor_init(&c, sig, len);
    put(&b, "", 0);
    if (!decode(&b, md, &c, 0)) {
        free(b.s);
        return cli_xstrndup("?", 1);
    }
    return b.s;
}
