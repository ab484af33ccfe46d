/*
 * Models for the Windows PDB emitter tests (test_winpdb_emit*.c): built through the
 * corsym_symwriter_* calls a COM writer makes. full_model() makes the same calls as the
 * "full" scenario of tests/wine/writer_scenarios.c (plus compiler info and token spans,
 * which Microsoft's 14.12 writer cannot take), so what is checked here is what
 * Microsoft's reader was shown to answer the same for.
 */
#ifndef CORSYM_TEST_WINPDB_EMIT_MODEL_H
#define CORSYM_TEST_WINPDB_EMIT_MODEL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/symwriter.h"
#include "winpdb/winpdb.h"
#include "winpdb/winpdb_emit.h"

#define OK(x) assert_int_equal((x), CORSYM_OK)

/* ASCII test strings as UTF-16 (a few live at once, in a ring of buffers). */
static inline uint16_t *w16(const char *s)
{
    static uint16_t buf[8][256];
    static unsigned next;
    uint16_t *out = buf[next++ % 8];
    for (size_t n = 0; n < 256; n++)
        if (!(out[n] = (uint8_t)s[n]))
            break;
    return out;
}
#define W(s) w16(s), strlen(s)

static const uint8_t lang_csharp[16] = { 0xf8, 0x62, 0x51, 0x3f, 0xc6, 0x07, 0xd3, 0x11,
                                         0x90, 0x53, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };
static const uint8_t lang_vb[16] = { 0xb8, 0xd0, 0x12, 0x3a, 0x6c, 0xc2, 0xd0, 0x11,
                                     0xb4, 0x42, 0x00, 0xa0, 0x24, 0x4a, 0x1d, 0xd2 };
static const uint8_t vendor_ms[16] = { 0xc4, 0x45, 0x4b, 0x99, 0xe9, 0xe6, 0xd2, 0x11,
                                       0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };
static const uint8_t doctype_text[16] = { 0x0b, 0x9d, 0x86, 0x5a, 0x11, 0x66, 0xd3, 0x11,
                                          0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd };
static const uint8_t sha256_alg[16] = { 0x0f, 0xd0, 0x29, 0x88, 0xb8, 0x11, 0x13, 0x42,
                                        0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16 };
static const uint8_t sha1_alg[16] = { 0xec, 0x16, 0x18, 0xff, 0x5e, 0xaa, 0x10, 0x4d,
                                      0x87, 0xf7, 0x6f, 0x49, 0x63, 0x83, 0x34, 0x60 };
static const uint8_t test_guid[16] = { 0x67, 0x45, 0x23, 0x01, 0xab, 0x89, 0xef, 0xcd,
                                       0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
static const uint8_t checksum32[32] = { 1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                        12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                        23, 24, 25, 26, 27, 28, 29, 30, 31, 32 };
static const uint8_t checksum20[20] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
                                        0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad,
                                        0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3 };
static const uint8_t embedded[] = { 0, 0, 0, 0, 'c', 'l', 'a', 's', 's', ' ',
                                    'C', ' ', '{', '}', '\n' };
static const uint8_t md2_m1[] = {
    4, 2, 0, 0, 4, 0, 0, 0, 16, 0, 0, 0, 2, 0, 2, 0, 1, 0, 0, 0, 4, 4, 0, 0,
    28, 0, 0, 0, '<', 0, 'M', 0, '1', 0, '>', 0, 'd', 0, '_', 0, '_', 0, '0', 0,
    0, 0, 0, 0,
};
static const uint8_t md2_forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
static const char source_link_json[] =
    "{\"documents\":{\"C:\\\\src\\\\*\":\"https://example.com/*\"}}";
static const char srcsrv_text[] = "SRCSRV: ini ------\r\nVERSION=1\r\nSRCSRV: end ------\r\n";

/* ---- metadata names: token -> (declaring type, method) ---- */

struct test_name {
    uint32_t token;
    const char *type, *method;
};
static const struct test_name full_names[] = {
    { 0x06000001, "N1.C", "M1" },
    { 0x06000002, "N1.C.<M1>d__0", "MoveNext" },
    { 0x06000003, "Other", "Helper" },
    { 0x06000004, "N1.C", ".ctor" },
};

/* Known tokens get their names; others are "T<n % types>" / "M<rid>" (large models). */
static inline corsym_status test_names(void *context, uint32_t token, struct corsym_buf *type,
                                       struct corsym_buf *method)
{
    uint32_t types = context ? *(const uint32_t *)context : 0;
    for (size_t i = 0; !types && i < sizeof full_names / sizeof full_names[0]; i++)
        if (full_names[i].token == token) {
            CORSYM_TRY(corsym_buf_append(type, full_names[i].type, strlen(full_names[i].type)));
            return corsym_buf_append(method, full_names[i].method, strlen(full_names[i].method));
        }
    char t[32], m[32];
    snprintf(t, sizeof t, "NS.T%u", (unsigned)((token & 0xFFFFFF) % (types ? types : 7)));
    snprintf(m, sizeof m, "M%u", (unsigned)(token & 0xFFFFFF));
    CORSYM_TRY(corsym_buf_append(type, t, strlen(t)));
    return corsym_buf_append(method, m, strlen(m));
}

static inline struct corsym_winpdb_emit_options test_options(void)
{
    struct corsym_winpdb_emit_options o;
    memset(&o, 0, sizeof o);
    memcpy(o.guid, test_guid, 16);
    o.signature = 0x5eed5eed;
    o.age = 1;
    o.method_names = test_names;
    return o;
}

/* ---- models ---- */

static inline void points(struct corsym_symwriter *w, uint32_t doc, uint32_t n, const uint32_t *p)
{
    uint32_t off[16], l[16], c[16], el[16], ec[16];
    for (uint32_t i = 0; i < n; i++) {
        off[i] = p[5 * i];
        l[i] = p[5 * i + 1];
        c[i] = p[5 * i + 2];
        el[i] = p[5 * i + 3];
        ec[i] = p[5 * i + 4];
    }
    OK(corsym_symwriter_define_sequence_points(w, doc, n, off, l, c, el, ec));
}

static inline void constant(struct corsym_symwriter *w, const char *name,
                            enum corsym_sw_value_kind kind, int64_t i, uint64_t u)
{
    struct corsym_sw_value v;
    memset(&v, 0, sizeof v);
    v.kind = kind;
    v.i = i;
    v.u = u;
    OK(corsym_symwriter_define_constant(w, W(name), &v, 0x11000002, NULL, 0));
}

/* llvm-pdbutil 14 stops a module's symbol dump at LF_REAL32/64, LF_VARSTRING and
 * LF_DECIMAL ("invalid APSInt type", on Microsoft's PDBs too); its test writes those
 * constants as I4 so every record is checked. */
static int test_no_decimal;

static inline void full_constants(struct corsym_symwriter *w)
{
    constant(w, "Answer", CORSYM_SW_VALUE_I4, -42, 0);
    constant(w, "Short", CORSYM_SW_VALUE_I2, 3, 0);
    constant(w, "Char", CORSYM_SW_VALUE_U2, 0, 0x41);
    constant(w, "Yes", CORSYM_SW_VALUE_BOOL, 0, 1);
    constant(w, "SByte", CORSYM_SW_VALUE_I1, -5, 0);
    constant(w, "Byte", CORSYM_SW_VALUE_U1, 0, 200);
    constant(w, "UInt", CORSYM_SW_VALUE_U4, 0, 0x80000001u);
    constant(w, "Long", CORSYM_SW_VALUE_I8, -0x123456789LL, 0);
    constant(w, "ULong", CORSYM_SW_VALUE_U8, 0, 0xFEDCBA9876543210ULL);
    constant(w, "Float", test_no_decimal ? CORSYM_SW_VALUE_I4 : CORSYM_SW_VALUE_R4, 0,
             0x3fc00000u);
    constant(w, "Double", test_no_decimal ? CORSYM_SW_VALUE_I4 : CORSYM_SW_VALUE_R8, 0,
             0x400a000000000000ULL);
    struct corsym_sw_value v;
    memset(&v, 0, sizeof v);
    static uint16_t text[] = { 'h', 'i', 0xe9 };
    v.kind = test_no_decimal ? CORSYM_SW_VALUE_I4 : CORSYM_SW_VALUE_STRING;
    v.text = text;
    v.text_len = 3;
    OK(corsym_symwriter_define_constant(w, W("Text"), &v, 0x11000002, NULL, 0));
    memset(&v, 0, sizeof v);
    v.kind = test_no_decimal ? CORSYM_SW_VALUE_I4 : CORSYM_SW_VALUE_DECIMAL;
    v.decimal.negative = true;
    v.decimal.scale = 2;
    v.decimal.lo = 12345;
    OK(corsym_symwriter_define_constant(w, W("Price"), &v, 0x11000002, NULL, 0));
    constant(w, "Nothing", CORSYM_SW_VALUE_I4, 0, 0);
}

/* What full_constants wrote, as the reader decodes it. */
static inline void check_constants(const struct corsym_winpdb_method *m)
{
    assert_int_equal(m->constant_count, 14);
    for (uint32_t i = 0; i < m->constant_count; i++) {
        assert_int_equal(m->constants[i].signature_token, 0x11000002);
        assert_int_equal(m->constants[i].scope, 1);
    }
    const struct corsym_cv_numeric *v;
#define VALUE(i, name_) (assert_true(corsym_span_eq(m->constants[i].name, name_, strlen(name_))), \
                         &m->constants[i].value)
    v = VALUE(0, "Answer");
    assert_int_equal(v->leaf, CORSYM_LF_LONG);
    assert_int_equal(v->u.i, -42);
    v = VALUE(1, "Short");
    assert_int_equal(v->leaf, CORSYM_LF_SHORT);
    assert_int_equal(v->u.i, 3);
    v = VALUE(2, "Char");
    assert_int_equal(v->leaf, CORSYM_LF_USHORT);
    assert_int_equal(v->u.u, 0x41);
    v = VALUE(3, "Yes");
    assert_int_equal(v->leaf, 1); /* a direct value */
    v = VALUE(4, "SByte");
    assert_int_equal(v->leaf, CORSYM_LF_CHAR);
    assert_int_equal(v->u.i, -5);
    v = VALUE(5, "Byte");
    assert_int_equal(v->leaf, 200);
    v = VALUE(6, "UInt");
    assert_int_equal(v->leaf, CORSYM_LF_ULONG);
    assert_int_equal(v->u.u, 0x80000001u);
    v = VALUE(7, "Long");
    assert_int_equal(v->leaf, CORSYM_LF_QUADWORD);
    assert_true(v->u.i == -0x123456789LL);
    v = VALUE(8, "ULong");
    assert_int_equal(v->leaf, CORSYM_LF_UQUADWORD);
    assert_true(v->u.u == 0xFEDCBA9876543210ULL);
    v = VALUE(9, "Float");
    assert_int_equal(v->leaf, CORSYM_LF_REAL32);
    assert_true(v->u.r4 == 1.5f);
    v = VALUE(10, "Double");
    assert_int_equal(v->leaf, CORSYM_LF_REAL64);
    assert_true(v->u.r8 == 3.25);
    v = VALUE(11, "Text");
    assert_int_equal(v->leaf, CORSYM_LF_VARSTRING);
    assert_true(corsym_span_eq(v->text, "hi\xc3\xa9", 4));
    v = VALUE(12, "Price");
    assert_int_equal(v->leaf, CORSYM_LF_DECIMAL);
    assert_int_equal(v->u.decimal.reserved, 14);
    assert_int_equal(v->u.decimal.scale, 2);
    assert_int_equal(v->u.decimal.sign, 0x80);
    assert_int_equal(v->u.decimal.hi32, 0);
    assert_true(v->u.decimal.lo64 == 12345);
    v = VALUE(13, "Nothing");
    assert_int_equal(v->leaf, CORSYM_LF_LONG);
    assert_int_equal(v->u.i, 0);
#undef VALUE
}

static inline struct corsym_symwriter *full_model(void)
{
    struct corsym_symwriter *w;
    uint32_t a, b, c, id;
    OK(corsym_symwriter_new(&w, 0));
    OK(corsym_symwriter_define_document(w, W("C:\\src\\A.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &a));
    OK(corsym_symwriter_set_checksum(w, a, sha256_alg, checksum32, sizeof checksum32));
    OK(corsym_symwriter_set_source(w, a, embedded, sizeof embedded));
    OK(corsym_symwriter_define_document(w, W("C:\\src\\B.vb"), lang_vb, vendor_ms, doctype_text,
                                        &b));
    OK(corsym_symwriter_set_checksum(w, b, sha1_alg, checksum20, sizeof checksum20));
    OK(corsym_symwriter_define_document(w, W("C:\\src\\Unused.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &c));
    OK(corsym_symwriter_set_entry_point(w, 0x06000001));
    OK(corsym_symwriter_set_source_link(w, (const uint8_t *)source_link_json,
                                        strlen(source_link_json)));
    OK(corsym_symwriter_set_source_server(w, (const uint8_t *)srcsrv_text, strlen(srcsrv_text)));
    OK(corsym_symwriter_set_compiler_info(w, 4, 8, 0, 1, W("corsym test compiler")));

    OK(corsym_symwriter_open_method(w, 0x06000001));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    static const uint32_t p1[] = { 0, 5, 9, 5, 10, 2, 6, 13, 8, 40, 10, 0xFEEFEE, 0, 0xFEEFEE, 0 };
    static const uint32_t p2[] = { 7, 3, 1, 4, 2 };
    static const uint32_t p3[] = { 12, 9, 9, 9, 10 };
    points(w, a, 3, p1);
    points(w, b, 1, p2);
    points(w, a, 1, p3);
    OK(corsym_symwriter_using_namespace(w, W("USystem")));
    OK(corsym_symwriter_using_namespace(w, W("USystem.Text")));
    OK(corsym_symwriter_using_namespace(w, W("AIO USystem.IO")));
    OK(corsym_symwriter_define_local(w, W("count"), 0, 0x11000001, NULL, 0, 1, 0, 0, 0, 0, 0));
    OK(corsym_symwriter_define_local(w, W("CS$hidden"), 1, 0x11000001, NULL, 0, 1, 1, 0, 0, 0,
                                     0));
    full_constants(w);
    OK(corsym_symwriter_open_scope(w, 2, &id));
    OK(corsym_symwriter_define_local(w, W("inner"), 0, 0x11000001, NULL, 0, 1, 2, 0, 0, 0, 0));
    OK(corsym_symwriter_open_scope(w, 3, &id));
    OK(corsym_symwriter_close_scope(w, 5));
    OK(corsym_symwriter_close_scope(w, 9));
    OK(corsym_symwriter_open_scope(w, 9, &id));
    OK(corsym_symwriter_close_scope(w, 11));
    OK(corsym_symwriter_set_attribute(w, 0x06000001, W("MD2"), md2_m1, sizeof md2_m1));
    OK(corsym_symwriter_close_scope(w, 14));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000002));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    static const uint32_t p4[] = { 0, 20, 5, 20, 6, 8, 21, 9, 21, 30, 0x20, 22, 5, 22, 6 };
    points(w, a, 3, p4);
    OK(corsym_symwriter_set_kickoff(w, 0x06000001));
    OK(corsym_symwriter_set_catch_handler(w, 0x1e));
    static const uint32_t yields[] = { 8, 16 }, resumes[] = { 10, 18 },
                          methods[] = { 0x06000002, 0x06000002 };
    OK(corsym_symwriter_add_async_steps(w, 2, yields, resumes, methods));
    OK(corsym_symwriter_set_attribute(w, 0x06000002, W("MD2"), md2_forward, sizeof md2_forward));
    OK(corsym_symwriter_close_scope(w, 0x28));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000003));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    static const uint32_t p5[] = { 0, 10, 5, 10, 20, 4, 11, 9, 11, 21 };
    points(w, b, 2, p5);
    OK(corsym_symwriter_using_namespace(w, W("@FSystem")));
    OK(corsym_symwriter_close_scope(w, 6));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000004));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    OK(corsym_symwriter_define_local(w, W("x"), 0, 0x11000001, NULL, 0, 1, 0, 0, 0, 0, 0));
    OK(corsym_symwriter_close_scope(w, 7));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_token_map(w));
    OK(corsym_symwriter_map_token(w, 0x02000002, a, 1, 1, 30, 2));
    OK(corsym_symwriter_close_token_map(w));
    return w;
}

/* A method with one scope [0, 4) and one point at `line`. */
static inline void simple_method(struct corsym_symwriter *w, uint32_t token, uint32_t doc,
                                 uint32_t line)
{
    uint32_t id;
    OK(corsym_symwriter_open_method(w, token));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    uint32_t p[] = { 0, line, 1, line, 2 };
    points(w, doc, 1, p);
    OK(corsym_symwriter_close_scope(w, 4));
    OK(corsym_symwriter_close_method(w));
}

/* n methods spread over `types` modules and 3 documents, each with 3 points, a local and
 * an MD2 record: a PDB of several hundred KiB. */
static inline struct corsym_symwriter *large_model(uint32_t n, uint32_t types)
{
    struct corsym_symwriter *w;
    uint32_t doc[3], id;
    (void)types;
    OK(corsym_symwriter_new(&w, 0));
    OK(corsym_symwriter_define_document(w, W("/src/a.cs"), lang_csharp, vendor_ms, doctype_text,
                                        &doc[0]));
    OK(corsym_symwriter_define_document(w, W("/src/b.cs"), lang_csharp, vendor_ms, doctype_text,
                                        &doc[1]));
    OK(corsym_symwriter_define_document(w, W("/src/c.cs"), lang_csharp, vendor_ms, doctype_text,
                                        &doc[2]));
    for (uint32_t i = 0; i < n; i++) {
        OK(corsym_symwriter_open_method(w, 0x06000001 + i));
        OK(corsym_symwriter_open_scope(w, 0, &id));
        uint32_t p[] = { 0, i + 1, 1, i + 1, 5, 4, i + 2, 5, i + 2, 30, 9, i + 3, 5, i + 3, 6 };
        points(w, doc[i % 3], 3, p);
        OK(corsym_symwriter_define_local(w, W("local_with_a_rather_long_name"), 0, 0x11000001,
                                         NULL, 0, 1, 0, 0, 0, 0, 0));
        OK(corsym_symwriter_set_attribute(w, 0, W("MD2"), md2_m1, sizeof md2_m1));
        OK(corsym_symwriter_close_scope(w, 12));
        OK(corsym_symwriter_close_method(w));
    }
    return w;
}

/* ---- emitting and opening ---- */

struct emitted {
    struct corsym_buf bytes;
    struct corsym_winpdb *pdb;
    struct corsym_winpdb_index *index;
    struct corsym_winpdb_emit_result where;
};

static uint32_t large_types = 300;

/* Emits (options NULL: test_options) and opens the result with corsym's reader. When
 * CORSYM_EMIT_OUT names a directory, every PDB is also written there (for external
 * checkers). */
static inline void emit_model(const struct corsym_symwriter *w,
                              const struct corsym_winpdb_emit_options *options, struct emitted *p)
{
    struct corsym_winpdb_emit_options o = options ? *options : test_options();
    if (o.method_names == test_names && w->method_count > 100)
        o.names_context = &large_types;
    memset(p, 0, sizeof *p);
    OK(corsym_winpdb_emit(w, &o, &p->bytes, &p->where));
    OK(corsym_winpdb_open(&p->pdb, p->bytes.data, p->bytes.len));
    OK(corsym_winpdb_index_build(p->pdb, &p->index));
    const char *dir = getenv("CORSYM_EMIT_OUT");
    if (dir && *dir) {
        static unsigned serial;
        char path[4096];
        snprintf(path, sizeof path, "%s/emit_%03u.pdb", dir, serial++);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(p->bytes.data, 1, p->bytes.len, f), p->bytes.len);
        assert_int_equal(fclose(f), 0);
    }
}

static inline void emitted_free(struct emitted *p)
{
    corsym_winpdb_index_free(p->index);
    corsym_winpdb_close(p->pdb);
    corsym_buf_free(&p->bytes);
    memset(p, 0, sizeof *p);
}

/* The S_PUB32 "COM+_Entry_Point" offset as stored (no token map applied). */
static inline uint32_t stored_entry_point(const struct emitted *p)
{
    const struct corsym_winpdb_dbi_header *dbi = corsym_winpdb_dbi(p->pdb);
    struct corsym_msf_bytes b;
    OK(corsym_msf_load_stream(corsym_winpdb_msf(p->pdb), dbi->symrec_stream, &b));
    struct corsym_cv_iter it;
    struct corsym_cv_record r;
    uint32_t token = 0;
    OK(corsym_cv_iter_begin(&it, b.span, 0));
    while (corsym_cv_next(&it, &r) == CORSYM_OK) {
        struct corsym_cv_pub32 pub;
        if (r.kind == CORSYM_S_PUB32 && corsym_cv_pub32_decode(r.body, &pub) == CORSYM_OK)
            token = pub.offset;
    }
    corsym_msf_bytes_release(&b);
    return token;
}

#endif
