/*
 * libFuzzer target: the input is a program of writer calls (one opcode byte, then its
 * operands) replayed on the symbol model; whatever model results is written by the
 * Windows PDB emitter, which must succeed (or refuse with INVALID_ARG/UNSUPPORTED), and
 * corsym's reader must then open the PDB and load every method and document from it.
 * The same bytes must come out twice.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/symwriter.h"
#include "winpdb/winpdb.h"
#include "winpdb/winpdb_emit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct input {
    const uint8_t *p;
    size_t n;
};

static uint32_t take(struct input *in, unsigned bytes)
{
    uint32_t v = 0;
    for (unsigned i = 0; i < bytes && in->n; i++, in->p++, in->n--)
        v |= (uint32_t)*in->p << (8 * i);
    return v;
}

/* A short UTF-16 name from the input (may hold anything, surrogates included). */
static size_t name(struct input *in, uint16_t *out)
{
    size_t len = take(in, 1) % 12;
    for (size_t i = 0; i < len; i++) {
        uint32_t c = take(in, 1);
        out[i] = (uint16_t)(c < 0xF0 ? 'a' + c % 26 : 0xD800 + c);
    }
    return len;
}

static corsym_status names(void *context, uint32_t token, struct corsym_buf *type,
                           struct corsym_buf *method)
{
    (void)context;
    char t[16], m[16];
    snprintf(t, sizeof t, "T%u", (unsigned)(token % 5));
    snprintf(m, sizeof m, "M%u", (unsigned)(token & 0xFFFF));
    if (token % 97 == 13)
        return CORSYM_E_INVALID_ARG; /* a metadata lookup that fails */
    corsym_status st = corsym_buf_append(type, t, strlen(t));
    return st ? st : corsym_buf_append(method, m, strlen(m));
}

static void replay(struct corsym_symwriter *w, struct input *in)
{
    static const uint8_t guid[16] = { 1, 2, 3 };
    uint16_t text[16];
    uint32_t id, doc = 0;
    while (in->n) {
        uint8_t op = (uint8_t)take(in, 1);
        uint32_t a = take(in, 1), b = take(in, 1);
        switch (op % 16) {
        case 0: {
            size_t len = name(in, text);
            (void)corsym_symwriter_define_document(w, text, len, guid, guid, guid, &doc);
            break;
        }
        case 1:
            (void)corsym_symwriter_open_method(w, 0x06000000u | (a | b << 8));
            break;
        case 2:
            (void)corsym_symwriter_close_method(w);
            break;
        case 3:
            (void)corsym_symwriter_open_scope(w, a, &id);
            break;
        case 4:
            (void)corsym_symwriter_close_scope(w, a + b);
            break;
        case 5: {
            uint32_t off[4], l[4], c[4], el[4], ec[4];
            uint32_t n = a % 5;
            for (uint32_t i = 0; i < n && i < 4; i++) {
                off[i] = take(in, 1);
                l[i] = take(in, 1) % 3 ? take(in, 2) + 1 : 0xFEEFEE;
                el[i] = l[i] == 0xFEEFEE ? l[i] : l[i] + take(in, 1);
                c[i] = take(in, 1);
                ec[i] = c[i] + take(in, 1);
            }
            (void)corsym_symwriter_define_sequence_points(w, b % 4, n > 4 ? 4 : n, off, l, c, el,
                                                          ec);
            break;
        }
        case 6: {
            size_t len = name(in, text);
            if (a & 2)
                (void)corsym_symwriter_define_parameter(w, text, len, a >> 2, b);
            else
                (void)corsym_symwriter_define_local(w, text, len, a & 1, 0x11000001, NULL, 0, 1,
                                                    b, 0, 0, 0, 0);
            break;
        }
        case 7: {
            struct corsym_sw_value v;
            memset(&v, 0, sizeof v);
            v.kind = (enum corsym_sw_value_kind)(a % 16);
            v.i = (int64_t)take(in, 4) - 7;
            v.u = take(in, 4);
            v.text = text;
            v.text_len = (uint32_t)name(in, text);
            v.decimal.scale = (uint8_t)(b % 29);
            uint16_t cname[16];
            size_t len = name(in, cname);
            (void)corsym_symwriter_define_constant(w, cname, len, &v, 0x11000002, NULL, 0);
            break;
        }
        case 8: {
            size_t len = name(in, text);
            (void)corsym_symwriter_using_namespace(w, text, len);
            break;
        }
        case 9: {
            uint8_t blob[64];
            size_t len = a % 64;
            for (size_t i = 0; i < len; i++)
                blob[i] = (uint8_t)take(in, 1);
            static const uint16_t md2[] = { 'M', 'D', '2' };
            (void)corsym_symwriter_set_attribute(w, 0, md2, 3, blob, len);
            break;
        }
        case 10:
            (void)corsym_symwriter_set_entry_point(w, 0x06000000u | a);
            break;
        case 11:
            (void)corsym_symwriter_remap_token(w, 0x06000000u | a, 0x06000000u | b);
            break;
        case 12: {
            uint32_t y = a, r = b, m = 0x06000001;
            (void)corsym_symwriter_set_kickoff(w, 0x06000000u | a);
            (void)corsym_symwriter_set_catch_handler(w, b);
            (void)corsym_symwriter_add_async_steps(w, 1, &y, &r, &m);
            break;
        }
        case 13: {
            uint8_t bytes[8] = { (uint8_t)a, (uint8_t)b };
            (void)corsym_symwriter_set_checksum(w, a % 4, guid, bytes, b % 8);
            (void)corsym_symwriter_set_source(w, b % 4, bytes, a % 8);
            (void)corsym_symwriter_set_source_link(w, bytes, a % 8);
            break;
        }
        case 14:
            (void)corsym_symwriter_open_token_map(w);
            (void)corsym_symwriter_map_token(w, 0x02000000u | a, b % 4, 1, 1, 2, 2);
            (void)corsym_symwriter_close_token_map(w);
            break;
        default: {
            size_t len = name(in, text);
            (void)corsym_symwriter_set_compiler_info(w, (uint16_t)a, (uint16_t)b, 0, 0, text, len);
            break;
        }
        }
    }
    /* Close whatever is open so the model can be written. */
    while (corsym_symwriter_close_scope(w, 0xFFFF) == CORSYM_OK)
        ;
    (void)corsym_symwriter_close_method(w);
}

static void read_back(const struct corsym_buf *pdb)
{
    struct corsym_winpdb *r;
    if (corsym_winpdb_open(&r, pdb->data, pdb->len) != CORSYM_OK)
        abort(); /* everything the emitter writes must open */
    struct corsym_winpdb_index *idx;
    if (corsym_winpdb_index_build(r, &idx) != CORSYM_OK)
        abort();
    for (uint32_t i = 0; i < corsym_winpdb_index_count(idx); i++) {
        struct corsym_winpdb_method_ref ref;
        struct corsym_winpdb_method *m;
        if (corsym_winpdb_index_at(idx, i, &ref) != CORSYM_OK ||
            corsym_winpdb_method_load_ref(r, &ref, &m) != CORSYM_OK)
            abort();
        corsym_winpdb_method_free(m);
    }
    struct corsym_winpdb_documents *docs;
    if (corsym_winpdb_documents_build(r, &docs) != CORSYM_OK)
        abort();
    corsym_winpdb_documents_free(docs);
    uint32_t entry;
    corsym_status st = corsym_winpdb_entry_point(r, &entry);
    if (st != CORSYM_OK && st != CORSYM_NOT_FOUND)
        abort();
    corsym_winpdb_index_free(idx);
    corsym_winpdb_close(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct corsym_symwriter *w;
    if (corsym_symwriter_new(&w, 0) != CORSYM_OK)
        return 0;
    struct input in = { data, size > 4096 ? 4096 : size };
    replay(w, &in);
    struct corsym_winpdb_emit_options o;
    memset(&o, 0, sizeof o);
    o.method_names = names;
    o.block_size = size && data[0] == 0xFF ? 4096 : 0;
    struct corsym_buf a = CORSYM_BUF_INIT, b = CORSYM_BUF_INIT;
    corsym_status st = corsym_winpdb_emit(w, &o, &a, NULL);
    if (st == CORSYM_OK) {
        read_back(&a);
        if (corsym_winpdb_emit(w, &o, &b, NULL) != CORSYM_OK || a.len != b.len ||
            memcmp(a.data, b.data, a.len) != 0)
            abort(); /* not deterministic */
    } else if (st != CORSYM_E_INVALID_ARG && st != CORSYM_E_UNSUPPORTED) {
        abort();
    }
    corsym_buf_free(&a);
    corsym_buf_free(&b);
    corsym_symwriter_free(w);
    return 0;
}
