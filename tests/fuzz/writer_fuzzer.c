/*
 * libFuzzer target: the input is a program of writer calls (the symbol model's entry
 * points, as CorSymWriter_Portable makes them), run in order; calls may be refused. Then
 * whatever was accepted is emitted as a Portable PDB, which must emit the same bytes twice,
 * open with corsym's reader, dump completely (the oracle dump) and answer every method.
 * The model keeps closed methods' points encoded, as the COM writer's does; the same calls
 * on a model that keeps the points must give the same result and bytes.
 * Crashes, leaks, sanitizer reports and aborts are findings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model/symbols.h"
#include "model/symwriter.h"
#include "portable/portable.h"
#include "portable/ppdb_dump.h"
#include "portable/ppdb_emit.h"
#include "portable/type_names.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
    const uint8_t *p;
    size_t n;
};

static uint8_t u8(struct input *in)
{
    if (!in->n)
        return 0;
    in->n--;
    return *in->p++;
}

static uint32_t u32(struct input *in)
{
    uint32_t v = u8(in);
    v |= (uint32_t)u8(in) << 8;
    v |= (uint32_t)u8(in) << 16;
    return v | (uint32_t)u8(in) << 24;
}

/* Small numbers most of the time, anything sometimes. */
static uint32_t num(struct input *in)
{
    uint8_t b = u8(in);
    return b < 0xF0 ? b : u32(in);
}

/* Up to 87 UTF-16 units: mostly ASCII, with the prefixes import decoding looks at (and two
 * strings naming rows of fuzz_module). */
static size_t text(struct input *in, uint16_t *out)
{
    static const char *prefixes[] = {
        "U", "A", "X", "T", "E", "Z", "@F:", "@FA:", "@FX:", "@FT:", "@P:", "*", "&", "TN.A+B",
        "ZAl Asm, Version=1.2.3.4, Culture=neutral, PublicKeyToken=null", "",
    };
    size_t n = 0;
    const char *pre = prefixes[u8(in) % (sizeof(prefixes) / sizeof(prefixes[0]))];
    while (*pre)
        out[n++] = (uint8_t)*pre++;
    size_t len = u8(in) % 24;
    for (size_t i = 0; i < len; i++) {
        uint8_t b = u8(in);
        out[n++] = b == 0xFF ? 0xD800 : b == 0xFE ? 0x4E2D : (uint16_t)(b % 95 + 32);
    }
    return n;
}

static size_t bytes(struct input *in, uint8_t *out, size_t cap)
{
    size_t len = u8(in) % cap;
    for (size_t i = 0; i < len; i++)
        out[i] = u8(in);
    return len;
}

/* Rids stay below 4096: a token like 0x06FFFFFF is valid but means 16M MethodDebugInformation
 * rows, which only makes each run slow. */
static uint32_t method_token(struct input *in)
{
    return 0x06000000u | (num(in) & 0xFFFu);
}

static void run(struct corsym_symwriter *w, struct input *in)
{
    uint16_t t[128]; /* text(): a prefix of up to 64 units and 23 more */
    uint8_t b[300];
    uint32_t scope;
    while (in->n) {
        switch (u8(in) % 26) {
        case 0: {
            uint8_t guid[16] = { 0 };
            guid[0] = u8(in);
            size_t n = text(in, t);
            (void)corsym_symwriter_define_document(w, t, n, guid, NULL, guid, &scope);
            break;
        }
        case 1: {
            uint8_t alg[16] = { 1 };
            uint32_t doc = num(in);
            size_t n = bytes(in, b, 40);
            (void)corsym_symwriter_set_checksum(w, doc, alg, b, n);
            break;
        }
        case 2: {
            uint32_t doc = num(in);
            size_t n = bytes(in, b, sizeof(b));
            if (n >= 4 && (b[0] & 1)) /* sometimes Roslyn's blob form */
                b[0] = b[1] = b[2] = b[3] = 0;
            (void)corsym_symwriter_set_source(w, doc, b, n);
            break;
        }
        case 3: (void)corsym_symwriter_open_method(w, method_token(in)); break;
        case 4: (void)corsym_symwriter_close_method(w); break;
        case 5: (void)corsym_symwriter_open_scope(w, num(in), &scope); break;
        case 6: (void)corsym_symwriter_close_scope(w, num(in)); break;
        case 7: {
            uint32_t id = num(in), s = num(in);
            (void)corsym_symwriter_set_scope_range(w, id, s, s + num(in));
            break;
        }
        case 8: {
            size_t n = text(in, t);
            uint32_t attrs = u8(in), sig = u8(in) & 1 ? 0x11000000u | num(in) : 0;
            uint32_t kind = u8(in) % 3, slot = num(in);
            (void)corsym_symwriter_define_local(w, t, n, attrs, sig, NULL, 0, kind, slot, 0, 0, 0, 0);
            break;
        }
        case 9: {
            size_t n = text(in, t);
            uint16_t s[16];
            struct corsym_sw_value v;
            memset(&v, 0, sizeof(v));
            v.kind = (enum corsym_sw_value_kind)(u8(in) % 17);
            v.i = (int64_t)((uint64_t)u32(in) << 32 | u32(in));
            v.u = (uint64_t)v.i;
            v.text = s;
            v.text_len = u8(in) % 16;
            for (uint32_t i = 0; i < v.text_len; i++)
                s[i] = (uint16_t)u32(in);
            v.decimal.scale = u8(in) % 30;
            v.decimal.negative = u8(in) & 1;
            v.decimal.lo = u32(in);
            size_t sig_len = bytes(in, b, 8);
            (void)corsym_symwriter_define_constant(w, t, n, &v, 0, sig_len ? b : NULL, sig_len);
            break;
        }
        case 10: {
            size_t n = text(in, t);
            (void)corsym_symwriter_using_namespace(w, t, n);
            break;
        }
        case 11: {
            uint32_t doc = num(in), count = u8(in) % 5;
            uint32_t off[4], l[4], c[4], el[4], ec[4];
            for (uint32_t i = 0; i < count; i++) {
                off[i] = num(in);
                l[i] = u8(in) == 7 ? 0xFEEFEE : num(in);
                c[i] = num(in);
                el[i] = l[i] + num(in) % 3;
                ec[i] = c[i] + num(in) % 4;
            }
            (void)corsym_symwriter_define_sequence_points(w, doc, count, off, l, c, el, ec);
            break;
        }
        case 12: (void)corsym_symwriter_set_kickoff(w, method_token(in)); break;
        case 13: (void)corsym_symwriter_set_catch_handler(w, num(in)); break;
        case 14: {
            uint32_t count = u8(in) % 4, y[3], r[3], m[3];
            for (uint32_t i = 0; i < count; i++) {
                y[i] = num(in);
                r[i] = num(in);
                m[i] = method_token(in);
            }
            (void)corsym_symwriter_add_async_steps(w, count, y, r, m);
            break;
        }
        case 15: {
            static const uint16_t md2[] = { 'M', 'D', '2' };
            size_t n = bytes(in, b, sizeof(b));
            if (n >= 4 && (b[1] & 1)) { /* mostly a well-framed version-4 blob */
                b[0] = 4;
                if (n >= 12) {
                    b[4] = 4;
                    b[5] %= 10;
                    b[8] = (uint8_t)(n - 4);
                    b[9] = b[10] = b[11] = 0;
                }
            }
            (void)corsym_symwriter_set_attribute(w, u8(in) & 1 ? 0 : method_token(in), md2, 3, b, n);
            break;
        }
        case 16: {
            uint32_t old = method_token(in);
            (void)corsym_symwriter_remap_token(w, old, method_token(in));
            break;
        }
        case 17: (void)corsym_symwriter_open_token_map(w); break;
        case 18: (void)corsym_symwriter_close_token_map(w); break;
        case 19: {
            uint32_t token = (u8(in) & 1 ? 0x02000000u : 0x04000000u) | (num(in) & 0xFFFFFF);
            (void)corsym_symwriter_map_token(w, token, num(in), 1, 1, 1, 2);
            break;
        }
        case 20: (void)corsym_symwriter_open_namespace(w); break;
        case 21: (void)corsym_symwriter_close_namespace(w); break;
        case 22: (void)corsym_symwriter_set_entry_point(w, method_token(in)); break;
        case 23: {
            size_t n = bytes(in, b, 64);
            (void)corsym_symwriter_set_source_link(w, b, n);
            break;
        }
        case 24: {
            size_t n = text(in, t);
            (void)corsym_symwriter_set_compiler_info(w, u8(in), u8(in), u8(in), u8(in), t, n);
            break;
        }
        case 25: {
            uint32_t doc = num(in);
            (void)corsym_symwriter_set_method_source_range(w, doc, 1, 1, doc, 2, 1);
            break;
        }
        }
    }
    /* Finish what the program left open, as a client's Close path would have to. */
    while (corsym_symwriter_close_scope(w, UINT32_MAX / 8) == CORSYM_OK)
        ;
    (void)corsym_symwriter_close_method(w);
    (void)corsym_symwriter_close_token_map(w);
    while (corsym_symwriter_close_namespace(w) == CORSYM_OK)
        ;
}

/* A small fixed module for the imports and iterators that name rows (portable/type_names.h):
 * TypeDefs N.A, A+B (nested), N.C; TypeRefs R and S in assembly Asm, S nested in R; a
 * TypeSpec List-like R<int32>; MethodDefs 1..4 with 3 named MoveNext (in B). */
static uint32_t module_rows(void *context, unsigned table)
{
    (void)context;
    switch (table) {
    case 0x01: return 2; /* TypeRef */
    case 0x02: return 3; /* TypeDef */
    case 0x06: return 4; /* MethodDef */
    case 0x1B: return 1; /* TypeSpec */
    case 0x23: return 1; /* AssemblyRef */
    case 0x29: return 1; /* NestedClass */
    }
    return 0;
}

static const char *const module_strings[] = { "", "N", "A", "B", "C", "R", "S", "Asm", "MoveNext", "M" };

static bool module_cell(void *context, unsigned table, uint32_t rid, unsigned col, uint32_t *v)
{
    (void)context;
    if (!rid || rid > module_rows(NULL, table))
        return false;
    *v = 0;
    switch (table) {
    case 0x01: /* scope, name, namespace */
        *v = col == 0 ? (rid == 1 ? 0x23000001u : 0x01000001u) : col == 1 ? 4 + rid : 0;
        break;
    case 0x02: { /* flags, name, namespace, extends, fields, methods */
        static const uint32_t methods[] = { 1, 3, 4 };
        *v = col == 1 ? 1 + rid : col == 2 && rid != 2 ? 1 : col == 5 ? 0x06000000u | methods[rid - 1] : 0;
        break;
    }
    case 0x06: /* rva, impl flags, flags, name, signature, params */
        *v = col == 3 ? (rid == 3 ? 8 : 9) : 0;
        break;
    case 0x1B:
        *v = 1; /* blob index */
        break;
    case 0x23: /* major, minor, build, revision, flags, key, name, culture, hash */
        *v = col < 4 ? col + 1 : col == 6 ? 7 : 0;
        break;
    case 0x29:
        *v = col == 0 ? 0x02000002u : 0x02000001u;
        break;
    }
    return true;
}

static bool module_string(void *context, uint32_t index, struct corsym_span *out)
{
    (void)context;
    if (index >= sizeof(module_strings) / sizeof(module_strings[0]))
        return false;
    *out = corsym_span_make((const uint8_t *)module_strings[index], strlen(module_strings[index]));
    return true;
}

static bool module_blob(void *context, uint32_t index, struct corsym_span *out)
{
    static const uint8_t list_of_int[] = { 0x15, 0x12, 0x05, 0x01, 0x08 }; /* R<int32> */
    (void)context;
    if (index != 1)
        return false;
    *out = corsym_span_make(list_of_int, sizeof(list_of_int));
    return true;
}

static const struct corsym_md_view fuzz_module = { NULL, module_rows, module_cell, module_string,
                                                   module_blob };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct input in = { data, size };
    struct corsym_symwriter *w, *plain;
    if (corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE) != CORSYM_OK)
        return 0;
    if (corsym_symwriter_new(&plain, CORSYM_SW_RULES_PORTABLE) != CORSYM_OK) {
        corsym_symwriter_free(w);
        return 0;
    }
    corsym_symwriter_set_point_encoder(w, corsym_ppdb_encode_points);
    struct corsym_ppdb_emit_options options;
    memset(&options, 0, sizeof(options));
    options.type_system_rows[0x06] = u8(&in);
    options.type_system_rows[0x02] = u8(&in);
    if (options.type_system_rows[0x02] & 1)
        options.module = &fuzz_module;
    struct input replay = in;
    run(w, &in);
    run(plain, &replay);
    if (corsym_symwriter_check_complete(w) != CORSYM_OK)
        abort(); /* the closing sequence above must always complete the model */

    struct corsym_buf image = CORSYM_BUF_INIT, again = CORSYM_BUF_INIT, dump = CORSYM_BUF_INIT;
    size_t id_offset, again_offset;
    corsym_status st = corsym_ppdb_emit(w, &options, &image, &id_offset);
    {
        struct corsym_buf points_kept = CORSYM_BUF_INIT;
        size_t kept_offset;
        corsym_status kept = corsym_ppdb_emit(plain, &options, &points_kept, &kept_offset);
        if (kept != st || (st == CORSYM_OK && (points_kept.len != image.len ||
                                               memcmp(points_kept.data, image.data, image.len))))
            abort(); /* encoding the points at CloseMethod changed the result */
        corsym_buf_free(&points_kept);
    }
    if (st == CORSYM_OK) {
        if (corsym_ppdb_emit(w, &options, &again, &again_offset) != CORSYM_OK ||
            again.len != image.len || memcmp(again.data, image.data, image.len))
            abort(); /* not deterministic */
        struct corsym_ppdb *pdb;
        if (corsym_ppdb_open(&pdb, image.data, image.len) != CORSYM_OK)
            abort(); /* we wrote something our own reader refuses */
        if (corsym_ppdb_dump(pdb, &dump) != CORSYM_OK)
            abort();
        uint32_t methods = corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION);
        corsym_ppdb_close(pdb);
        struct corsym_symbols *symbols;
        if (corsym_symbols_open(image.data, image.len, false, &symbols) != CORSYM_OK)
            abort();
        for (uint32_t rid = 1; rid <= methods && rid <= 64; rid++) {
            struct corsym_method *m;
            st = symbols->ops->method(symbols, 0x06000000u | rid, &m);
            if (st == CORSYM_OK)
                corsym_method_free(m);
            else if (st != CORSYM_NOT_FOUND)
                abort();
        }
        for (uint32_t d = 0; d < symbols->document_count; d++) {
            const struct corsym_document *doc;
            struct corsym_bytes source;
            if (symbols->ops->document(symbols, d, &doc) != CORSYM_OK)
                abort();
            (void)symbols->ops->embedded_source(symbols, d, &source);
        }
        corsym_symbols_destroy(symbols);
    } else if (st != CORSYM_E_INVALID_ARG && st != CORSYM_E_UNSUPPORTED) {
        abort();
    }
    corsym_buf_free(&image);
    corsym_buf_free(&again);
    corsym_buf_free(&dump);
    corsym_symwriter_free(plain);
    corsym_symwriter_free(w);
    return 0;
}
