/*
 * The Portable PDB emitter, driven through the writer's symbol model: every image it
 * writes must open with corsym's reader and dump (oracle format) to exactly what the
 * calls said. The dumps in tests/writer-check/expected/ are also what
 * System.Reflection.Metadata prints for the same images (tests/writer-check/run.sh).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "model/symwriter.h"
#include "portable/portable.h"
#include "portable/ppdb_dump.h"
#include "portable/ppdb_emit.h"


/* ---- scenarios: the same calls tests/com/test_com_writer_scenarios.c makes through COM ---- */

/* ASCII test strings as UTF-16 (a few live at once, in a ring of buffers). */
static uint16_t *w16(const char *s)
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
static const uint8_t vendor_ms[16] = { 0xc4, 0x45, 0x4b, 0x99, 0xe9, 0xe6, 0xd2, 0x11,
                                       0x90, 0x3f, 0x00, 0xc0, 0x4f, 0xa3, 0x02, 0xa1 };
static const uint8_t doctype_text[16] = { 0x0b, 0x9d, 0x86, 0x5a, 0x11, 0x66, 0xd3, 0x11,
                                          0xbd, 0x2a, 0x00, 0x00, 0xf8, 0x08, 0x49, 0xbd };
static const uint8_t sha256_alg[16] = { 0x0f, 0xd0, 0x29, 0x88, 0xb8, 0x11, 0x13, 0x42,
                                        0x87, 0x8b, 0x77, 0x0e, 0x85, 0x97, 0xac, 0x16 };

#define OK(x) assert_int_equal((x), CORSYM_OK)

static void points(struct corsym_symwriter *w, uint32_t doc, uint32_t n, const uint32_t *p)
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

/* Everything the issue lists, in one module. */
static void build_full(struct corsym_symwriter *w, struct corsym_ppdb_emit_options *o)
{
    uint32_t a, b, scope;
    OK(corsym_symwriter_define_document(w, W("C:\\src\\Program.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &a));
    OK(corsym_symwriter_define_document(w, W("/home/u/src/Other.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &b));
    uint8_t hash[32];
    for (int i = 0; i < 32; i++)
        hash[i] = (uint8_t)(i * 7 + 1);
    OK(corsym_symwriter_set_checksum(w, a, sha256_alg, hash, sizeof(hash)));
    static const char text[] =
        "class Program { static void Main() { System.Console.WriteLine(1); } }\n"
        "class Program { static void Main() { System.Console.WriteLine(2); } }\n"
        "class Program { static void Main() { System.Console.WriteLine(3); } }\n";
    OK(corsym_symwriter_set_source(w, a, (const uint8_t *)text, sizeof(text) - 1));
    OK(corsym_symwriter_set_source(w, b, (const uint8_t *)"x", 1));

    OK(corsym_symwriter_set_entry_point(w, 0x06000001));

    /* Main: two documents, a hidden point, nested scopes, locals and constants. */
    OK(corsym_symwriter_open_method(w, 0x06000001));
    static const uint32_t pa[] = { 0, 5, 9, 5, 10,  2, 6, 13, 6, 40,  12, 8, 9, 8, 10 };
    static const uint32_t pb[] = { 7, 3, 1, 4, 2 };
    static const uint32_t ph[] = { 10, 0xFEEFEE, 0, 0xFEEFEE, 0 };
    points(w, a, 2, pa);
    points(w, b, 1, pb);
    points(w, a, 1, ph);
    points(w, a, 1, pa + 10);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_using_namespace(w, W("System")));
    OK(corsym_symwriter_using_namespace(w, W("System.Text")));
    OK(corsym_symwriter_define_local(w, W("count"), 0, 0x11000002, NULL, 0, 1, 0, 0, 0, 0, 0));
    OK(corsym_symwriter_define_local(w, W("CS$hidden"), 1, 0x11000002, NULL, 0, 1, 1, 0, 0, 0, 0));
    struct corsym_sw_value v;
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_I4;
    v.i = -42;
    static const uint8_t sig_i4[] = { 0x08 };
    OK(corsym_symwriter_define_constant(w, W("Answer"), &v, 0, sig_i4, 1));
    uint32_t inner;
    OK(corsym_symwriter_open_scope(w, 2, &inner));
    OK(corsym_symwriter_define_local(w, W("s"), 0, 0x11000002, NULL, 0, 1, 2, 0, 0, 0, 0));
    uint16_t hello[] = { 'h', 'i', 0xE9 };
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_STRING;
    v.text = hello;
    v.text_len = 3;
    OK(corsym_symwriter_define_constant(w, W("Greeting"), &v, 0, NULL, 0));
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_I4;
    v.i = 2;
    static const uint8_t sig_enum[] = { 0x06, 0x11, 0x08 }; /* FIELD VALUETYPE TypeDef 2 */
    OK(corsym_symwriter_define_constant(w, W("Color"), &v, 0, sig_enum, sizeof(sig_enum)));
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_DECIMAL;
    v.decimal.negative = true;
    v.decimal.scale = 2;
    v.decimal.lo = 12345;
    static const uint8_t sig_dec[] = { 0x11, 0x0d }; /* VALUETYPE TypeRef 3 */
    OK(corsym_symwriter_define_constant(w, W("Price"), &v, 0, sig_dec, sizeof(sig_dec)));
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_I4; /* Roslyn's null */
    static const uint8_t sig_class[] = { 0x12, 0x09 }; /* CLASS TypeRef 2 */
    OK(corsym_symwriter_define_constant(w, W("Nothing"), &v, 0, sig_class, sizeof(sig_class)));
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_R8;
    double pi = 3.25;
    memcpy(&v.u, &pi, 8);
    OK(corsym_symwriter_define_constant(w, W("Pi"), &v, 0, NULL, 0));
    memset(&v, 0, sizeof(v));
    v.kind = CORSYM_SW_VALUE_DATE;
    v.i = 630822816000000000LL;
    OK(corsym_symwriter_define_constant(w, W("When"), &v, 0, NULL, 0));
    OK(corsym_symwriter_close_scope(w, 9));
    OK(corsym_symwriter_close_scope(w, 14));
    OK(corsym_symwriter_close_method(w));

    /* An async MoveNext with its kickoff method. */
    OK(corsym_symwriter_open_method(w, 0x06000005));
    static const uint32_t pm[] = { 0, 20, 5, 20, 6,  4, 21, 9, 21, 30 };
    points(w, b, 2, pm);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 40));
    OK(corsym_symwriter_set_kickoff(w, 0x06000004));
    OK(corsym_symwriter_set_catch_handler(w, 30));
    uint32_t yields[] = { 8, 16 }, resumes[] = { 10, 18 }, movenext[] = { 0x06000005, 0x06000005 };
    OK(corsym_symwriter_add_async_steps(w, 2, yields, resumes, movenext));
    OK(corsym_symwriter_close_method(w));

    static const uint8_t link[] = "{\"documents\":{\"C:\\\\src\\\\*\":\"https://x/*\"}}";
    OK(corsym_symwriter_set_source_link(w, link, sizeof(link) - 1));
    OK(corsym_symwriter_set_compiler_info(w, 4, 8, 0, 1, W("corsym test compiler")));
    OK(corsym_symwriter_open_token_map(w));
    OK(corsym_symwriter_map_token(w, 0x02000003, b, 1, 1, 2, 1));
    OK(corsym_symwriter_map_token(w, 0x02000003, a, 1, 1, 2, 1));
    OK(corsym_symwriter_map_token(w, 0x02000003, b, 3, 1, 4, 1));
    OK(corsym_symwriter_close_token_map(w));
    o->type_system_rows[0x06] = 6;
    for (int i = 0; i < 20; i++)
        o->id[i] = (uint8_t)(0xA0 + i);
}

/* The smallest useful PDB: one document, one method, one point. */
static void build_minimal(struct corsym_symwriter *w, struct corsym_ppdb_emit_options *o)
{
    uint32_t d;
    OK(corsym_symwriter_define_document(w, W("a.cs"), NULL, NULL, NULL, &d));
    OK(corsym_symwriter_open_method(w, 0x06000001));
    static const uint32_t p[] = { 0, 1, 1, 1, 2 };
    points(w, d, 1, p);
    OK(corsym_symwriter_close_method(w));
    memset(o->id, 0x11, 20);
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

/* A Windows "MD2" blob as Roslyn writes it: UsingGroups, hoisted scopes, dynamic locals,
 * an EnC slot map and tuple names. */
static size_t build_md2(uint8_t *b)
{
    size_t n = 0;
    b[n++] = 4, b[n++] = 5, b[n++] = 0, b[n++] = 0;
    /* UsingGroups: one group of 3 */
    uint8_t *r = b + n;
    r[0] = 4, r[1] = 0, r[2] = 0, r[3] = 0;
    put32(r + 4, 12);
    r[8] = 1, r[9] = 0, r[10] = 3, r[11] = 0;
    n += 12;
    /* hoisted scopes: an unused slot, then [5, 20] inclusive */
    r = b + n;
    memset(r, 0, 28);
    r[0] = 4, r[1] = 3;
    put32(r + 4, 28);
    put32(r + 8, 2);
    put32(r + 20, 5);
    put32(r + 24, 20);
    n += 28;
    /* dynamic locals: "d" in slot 0, flags 1 0 1 */
    r = b + n;
    memset(r, 0, 212);
    r[0] = 4, r[1] = 5;
    put32(r + 4, 212);
    put32(r + 8, 1);
    r[12] = 1, r[14] = 1;
    put32(r + 76, 3);
    put32(r + 80, 0);
    r[84] = 'd';
    n += 212;
    /* EnC local slot map, 3 bytes and 1 byte of alignment */
    r = b + n;
    memset(r, 0, 12);
    r[0] = 4, r[1] = 6, r[3] = 1;
    put32(r + 4, 12);
    r[8] = 0x01, r[9] = 0x80, r[10] = 0x05;
    n += 12;
    /* tuple element names of "t" (slot 1): ("a", unnamed) */
    r = b + n;
    memset(r, 0, 36);
    r[0] = 4, r[1] = 8, r[3] = 3;
    put32(r + 4, 36);
    put32(r + 8, 1);
    put32(r + 12, 2);
    r[16] = 'a', r[17] = 0, r[18] = 0;
    put32(r + 19, 1);
    put32(r + 23, 0);
    put32(r + 27, 0);
    r[31] = 't', r[32] = 0;
    n += 36;
    return n;
}

static const uint8_t lang_vb[16] = { 0xb8, 0xd0, 0x12, 0x3a, 0x6c, 0xc2, 0xd0, 0x11,
                                     0xb4, 0x42, 0x00, 0xa0, 0x24, 0x4a, 0x1d, 0xd2 };

/* Custom debug info from "MD2", C# and VB import spellings, forwarding, RemapToken and an
 * embedded source passed as Roslyn's blob. */
static void build_cdi(struct corsym_symwriter *w, struct corsym_ppdb_emit_options *o)
{
    uint32_t cs, vb, scope;
    OK(corsym_symwriter_define_document(w, W("C.cs"), lang_csharp, vendor_ms, doctype_text, &cs));
    OK(corsym_symwriter_define_document(w, W("V.vb"), lang_vb, vendor_ms, doctype_text, &vb));
    static const uint8_t blob[] = { 0, 0, 0, 0, 'h', 'i' };
    OK(corsym_symwriter_set_source(w, cs, blob, sizeof(blob)));

    OK(corsym_symwriter_open_method(w, 0x06000002));
    static const uint32_t p[] = { 0, 1, 1, 1, 9 };
    points(w, cs, 1, p);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_using_namespace(w, W("USystem")));
    OK(corsym_symwriter_using_namespace(w, W("AIO USystem.IO")));
    OK(corsym_symwriter_using_namespace(w, W("XExtern")));
    OK(corsym_symwriter_using_namespace(w, W("TSystem.Math, mscorlib")));
    OK(corsym_symwriter_define_local(w, W("d"), 0, 0, NULL, 0, 1, 0, 0, 0, 0, 0));
    OK(corsym_symwriter_define_local(w, W("t"), 0, 0, NULL, 0, 1, 1, 0, 0, 0, 0));
    OK(corsym_symwriter_close_scope(w, 30));
    uint8_t md2[400];
    size_t md2_len = build_md2(md2);
    OK(corsym_symwriter_set_attribute(w, 0, W("MD2"), md2, md2_len));
    OK(corsym_symwriter_close_method(w));

    /* Forwards to 0x06000002's usings. */
    OK(corsym_symwriter_open_method(w, 0x06000003));
    points(w, cs, 1, p);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 10));
    OK(corsym_symwriter_close_method(w));
    static const uint8_t forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 2, 0, 0, 6 };
    OK(corsym_symwriter_set_attribute(w, 0x06000003, W("MD2"), forward, sizeof(forward)));

    OK(corsym_symwriter_open_method(w, 0x06000009)); /* remapped to 0x06000004 below */
    points(w, vb, 1, p);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_using_namespace(w, W("@FA:Dbg=System.Diagnostics")));
    OK(corsym_symwriter_using_namespace(w, W("@FX:x=http://x")));
    OK(corsym_symwriter_using_namespace(w, W("*RootNs")));
    OK(corsym_symwriter_using_namespace(w, W("@P:System.Linq")));
    OK(corsym_symwriter_using_namespace(w, W("&Current")));
    /* A VB compiler closes a nested scope at its last instruction: [2, 5] is 4 bytes. */
    uint32_t inner;
    OK(corsym_symwriter_open_scope(w, 2, &inner));
    OK(corsym_symwriter_close_scope(w, 5));
    OK(corsym_symwriter_close_scope(w, 10));
    OK(corsym_symwriter_close_method(w));
    OK(corsym_symwriter_remap_token(w, 0x06000009, 0x06000004));
    memset(o->id, 0x22, 20);
}

/* Methods with little or no data of their own (the calls of write_sparse in
 * tests/com/test_com_writer_portable.c): an async kick-off with nothing but its empty
 * whole-method scope, which takes the imports of its MoveNext, which forwards to the
 * method that has them; a method with an empty scope and custom debug info only; one with
 * an empty scope only; a MoveNext with its async information only. */
static void build_sparse(struct corsym_symwriter *w, struct corsym_ppdb_emit_options *o)
{
    uint32_t d, scope;
    OK(corsym_symwriter_define_document(w, W("C:\\src\\Async.cs"), lang_csharp, vendor_ms,
                                        doctype_text, &d));
    OK(corsym_symwriter_open_method(w, 0x06000001));
    static const uint32_t p1[] = { 0, 3, 5, 3, 6 };
    points(w, d, 1, p1);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_using_namespace(w, W("USystem")));
    OK(corsym_symwriter_using_namespace(w, W("USystem.Threading.Tasks")));
    OK(corsym_symwriter_close_scope(w, 2));
    static const uint8_t groups[] = { 4, 1, 0, 0, 4, 0, 0, 0, 12, 0, 0, 0, 1, 0, 2, 0 };
    OK(corsym_symwriter_set_attribute(w, 0x06000001, W("MD2"), groups, sizeof(groups)));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000002));
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 0x18));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000003));
    static const uint32_t p3[] = { 0, 10, 9, 10, 20 };
    points(w, d, 1, p3);
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 0x40));
    static const uint8_t forward[] = { 4, 1, 0, 0, 4, 1, 0, 0, 12, 0, 0, 0, 1, 0, 0, 6 };
    OK(corsym_symwriter_set_attribute(w, 0x06000003, W("MD2"), forward, sizeof(forward)));
    OK(corsym_symwriter_set_kickoff(w, 0x06000002));
    uint32_t yields[] = { 0x20 }, resumes[] = { 0x30 }, movenext[] = { 0x06000003 };
    OK(corsym_symwriter_add_async_steps(w, 1, yields, resumes, movenext));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000004));
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 7));
    static const uint8_t slots[] = { 4, 1, 0, 0, 4, 6, 0, 1, 12, 0, 0, 0, 0x01, 0x80, 0x05, 0 };
    OK(corsym_symwriter_set_attribute(w, 0, W("MD2"), slots, sizeof(slots)));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000005));
    OK(corsym_symwriter_open_scope(w, 0, &scope));
    OK(corsym_symwriter_close_scope(w, 3));
    OK(corsym_symwriter_close_method(w));

    OK(corsym_symwriter_open_method(w, 0x06000006));
    OK(corsym_symwriter_set_kickoff(w, 0x06000007));
    OK(corsym_symwriter_set_catch_handler(w, 0x10));
    OK(corsym_symwriter_close_method(w));
    o->type_system_rows[0x06] = 7;
    for (int i = 0; i < 20; i++)
        o->id[i] = (uint8_t)(0xA0 + i);
}

struct writer_scenario {
    const char *name;
    void (*build)(struct corsym_symwriter *w, struct corsym_ppdb_emit_options *o);
};

static const struct writer_scenario writer_scenarios[] = {
    { "full", build_full },
    { "minimal", build_minimal },
    { "cdi", build_cdi },
    { "sparse", build_sparse },
    { NULL, NULL },
};

static uint8_t *read_file(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc(n > 0 ? (size_t)n + 1 : 1);
    if (p && n > 0 && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p)
        p[n > 0 ? n : 0] = 0;
    *len = (size_t)(n > 0 ? n : 0);
    return p;
}

static void emit_model(struct corsym_symwriter *w, const struct corsym_ppdb_emit_options *o,
                       struct corsym_buf *image, size_t *id_offset)
{
    assert_int_equal(corsym_symwriter_check_complete(w), CORSYM_OK);
    assert_int_equal(corsym_ppdb_emit(w, o, image, id_offset), CORSYM_OK);
}

static void dump_image(const struct corsym_buf *image, struct corsym_buf *text)
{
    struct corsym_ppdb *pdb;
    assert_int_equal(corsym_ppdb_open(&pdb, image->data, image->len), CORSYM_OK);
    assert_int_equal(corsym_ppdb_dump(pdb, text), CORSYM_OK);
    corsym_ppdb_close(pdb);
}

/* Writes the image and its dump where CORSYM_WRITER_OUT says (for run.sh), and compares
 * the dump with the expected file. */
static void check_against_expected(const char *name, const struct corsym_buf *image)
{
    struct corsym_buf text = CORSYM_BUF_INIT;
    dump_image(image, &text);
    const char *out_dir = getenv("CORSYM_WRITER_OUT");
    char path[1024];
    if (out_dir) {
        snprintf(path, sizeof(path), "%s/%s.pdb", out_dir, name);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(image->data, 1, image->len, f);
        fclose(f);
        snprintf(path, sizeof(path), "%s/%s.c.txt", out_dir, name);
        f = fopen(path, "wb");
        assert_non_null(f);
        fwrite(text.data, 1, text.len, f);
        fclose(f);
    }
    snprintf(path, sizeof(path), "%s/tests/writer-check/expected/%s.pdb.txt", CORSYM_SOURCE_DIR,
             name);
    size_t len;
    uint8_t *expected = read_file(path, &len);
    if (!expected) {
        fprintf(stderr, "no expected dump %s; this image dumps as:\n%s", path, text.data);
        fail();
    }
    if (len != text.len || memcmp(expected, text.data, len)) {
        fprintf(stderr, "dump of %s differs from %s:\n%s", name, path, text.data);
        fail();
    }
    free(expected);
    corsym_buf_free(&text);
}

static void test_scenarios(void **state)
{
    (void)state;
    for (const struct writer_scenario *s = writer_scenarios; s->name; s++) {
        struct corsym_symwriter *w;
        assert_int_equal(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE), CORSYM_OK);
        struct corsym_ppdb_emit_options o;
        memset(&o, 0, sizeof(o));
        s->build(w, &o);
        struct corsym_buf image = CORSYM_BUF_INIT;
        size_t id_offset;
        emit_model(w, &o, &image, &id_offset);
        check_against_expected(s->name, &image);

        /* Deterministic: the same calls give the same bytes, and the content id is the
         * hash of the image with the id zeroed. */
        struct corsym_buf again = CORSYM_BUF_INIT;
        size_t again_offset;
        emit_model(w, &o, &again, &again_offset);
        assert_int_equal(image.len, again.len);
        assert_memory_equal(image.data, again.data, image.len);
        assert_int_equal(id_offset, again_offset);
        assert_memory_equal(image.data + id_offset, o.id, CORSYM_PPDB_ID_SIZE);

        /* The COM writer's model keeps each closed method's sequence-point records instead
         * of its points (corsym_ppdb_encode_points at CloseMethod): the same bytes. */
        struct corsym_symwriter *encoding;
        assert_int_equal(corsym_symwriter_new(&encoding, CORSYM_SW_RULES_PORTABLE), CORSYM_OK);
        corsym_symwriter_set_point_encoder(encoding, corsym_ppdb_encode_points);
        struct corsym_ppdb_emit_options eo;
        memset(&eo, 0, sizeof(eo));
        s->build(encoding, &eo);
        for (uint32_t i = 0; i < encoding->method_count; i++)
            if (corsym_sw_method(encoding, i)->point_count) {
                assert_null(corsym_sw_method(encoding, i)->points);
                assert_non_null(corsym_sw_method(encoding, i)->encoded_points);
            }
        struct corsym_buf encoded = CORSYM_BUF_INIT;
        size_t encoded_offset;
        emit_model(encoding, &eo, &encoded, &encoded_offset);
        assert_int_equal(image.len, encoded.len);
        assert_memory_equal(image.data, encoded.data, image.len);
        corsym_buf_free(&encoded);
        corsym_symwriter_free(encoding);

        corsym_buf_free(&again);
        corsym_buf_free(&image);
        corsym_symwriter_free(w);
    }
}

/* Points the Portable encoder refuses at CloseMethod (a zero-width point on one line, which
 * only a model without the Portable rules lets in) stay points, and Close reports them as it
 * would without an encoder. */
static void test_refused_points_stay_points(void **state)
{
    (void)state;
    struct corsym_symwriter *w;
    uint32_t doc;
    OK(corsym_symwriter_new(&w, 0));
    corsym_symwriter_set_point_encoder(w, corsym_ppdb_encode_points);
    OK(corsym_symwriter_define_document(w, W("a.cs"), lang_csharp, vendor_ms, NULL, &doc));
    OK(corsym_symwriter_open_method(w, 0x06000001));
    uint32_t off = 0, line = 3, col = 5, eline = 3, ecol = 5;
    OK(corsym_symwriter_define_sequence_points(w, doc, 1, &off, &line, &col, &eline, &ecol));
    OK(corsym_symwriter_close_method(w));
    assert_non_null(corsym_sw_method(w, 0)->points);
    assert_null(corsym_sw_method(w, 0)->encoded_points);
    struct corsym_ppdb_emit_options o;
    memset(&o, 0, sizeof(o));
    struct corsym_buf image = CORSYM_BUF_INIT;
    size_t id_offset;
    assert_int_equal(corsym_ppdb_emit(w, &o, &image, &id_offset), CORSYM_E_INVALID_ARG);
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
}

static void test_content_id(void **state)
{
    (void)state;
    struct corsym_symwriter *w;
    assert_int_equal(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE), CORSYM_OK);
    struct corsym_ppdb_emit_options o;
    memset(&o, 0, sizeof(o));
    writer_scenarios[0].build(w, &o);
    memset(o.id, 0, sizeof(o.id));
    struct corsym_buf image = CORSYM_BUF_INIT;
    size_t id_offset;
    emit_model(w, &o, &image, &id_offset);
    uint8_t id[20];
    corsym_ppdb_content_id(image.data, image.len, id_offset, id);
    assert_int_equal(id[7] & 0xF0, 0x40);
    assert_int_equal(id[8] & 0xC0, 0x80);
    assert_int_equal(id[19] & 0x80, 0x80);
    /* Writing the id in does not change it: the hash never sees those bytes. */
    memcpy(image.data + id_offset, id, 20);
    uint8_t again[20];
    corsym_ppdb_content_id(image.data, image.len, id_offset, again);
    assert_memory_equal(id, again, 20);
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
}

/* The image in pieces (what the COM writer hands its sink) is the one-buffer image, part for
 * part, with the same content id, and the id goes where the flat image has it. */
static void test_image_parts(void **state)
{
    (void)state;
    for (size_t s = 0; writer_scenarios[s].build; s++) {
        struct corsym_symwriter *w;
        assert_int_equal(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE), CORSYM_OK);
        struct corsym_ppdb_emit_options o;
        memset(&o, 0, sizeof(o));
        writer_scenarios[s].build(w, &o);
        memset(o.id, 0, sizeof(o.id));
        struct corsym_buf flat = CORSYM_BUF_INIT;
        size_t id_offset;
        emit_model(w, &o, &flat, &id_offset);

        struct corsym_ppdb_image image;
        assert_int_equal(corsym_ppdb_emit_image(w, &o, &image), CORSYM_OK);
        struct corsym_span spans[CORSYM_PPDB_IMAGE_PARTS];
        size_t count = corsym_ppdb_image_spans(&image, spans);
        assert_int_equal(count, CORSYM_PPDB_IMAGE_PARTS);
        assert_int_equal(image.len, flat.len);
        assert_int_equal(image.id_offset, id_offset);
        size_t at = 0;
        for (size_t i = 0; i < count; i++) {
            assert_true(at + spans[i].len <= flat.len);
            if (spans[i].len)
                assert_memory_equal(spans[i].data, flat.data + at, spans[i].len);
            at += spans[i].len;
        }
        assert_int_equal(at, flat.len);

        uint8_t from_flat[20], from_parts[20];
        corsym_ppdb_content_id(flat.data, flat.len, id_offset, from_flat);
        corsym_ppdb_image_content_id(&image, from_parts);
        assert_memory_equal(from_flat, from_parts, 20);
        corsym_ppdb_image_set_id(&image, from_parts);
        memcpy(flat.data + id_offset, from_flat, 20);
        count = corsym_ppdb_image_spans(&image, spans);
        at = 0;
        for (size_t i = 0; i < count; i++) {
            if (spans[i].len)
                assert_memory_equal(spans[i].data, flat.data + at, spans[i].len);
            at += spans[i].len;
        }
        corsym_ppdb_image_free(&image);
        corsym_buf_free(&flat);
        corsym_symwriter_free(w);
    }
}

static void test_method_rows_follow_methoddef_count(void **state)
{
    (void)state;
    struct corsym_symwriter *w;
    assert_int_equal(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE), CORSYM_OK);
    uint32_t doc;
    static const uint16_t url[] = { 'a', '.', 'c', 's' };
    assert_int_equal(corsym_symwriter_define_document(w, url, 4, NULL, NULL, NULL, &doc), CORSYM_OK);
    assert_int_equal(corsym_symwriter_open_method(w, 0x06000003), CORSYM_OK);
    uint32_t off = 0, line = 1, col = 1, eline = 1, ecol = 2;
    assert_int_equal(corsym_symwriter_define_sequence_points(w, doc, 1, &off, &line, &col, &eline,
                                                             &ecol), CORSYM_OK);
    assert_int_equal(corsym_symwriter_close_method(w), CORSYM_OK);

    uint32_t cases[][2] = { { 0, 3 }, { 2, 3 }, { 10, 10 } }; /* known rows -> MDI rows */
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct corsym_ppdb_emit_options o;
        memset(&o, 0, sizeof(o));
        o.type_system_rows[0x06] = cases[i][0];
        struct corsym_buf image = CORSYM_BUF_INIT;
        size_t id_offset;
        emit_model(w, &o, &image, &id_offset);
        struct corsym_ppdb *pdb;
        assert_int_equal(corsym_ppdb_open(&pdb, image.data, image.len), CORSYM_OK);
        assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_METHOD_DEBUG_INFORMATION), cases[i][1]);
        assert_int_equal(corsym_ppdb_type_system_rows(pdb, CORSYM_TBL_METHOD_DEF), cases[i][1]);
        corsym_ppdb_close(pdb);
        corsym_buf_free(&image);
    }
    corsym_symwriter_free(w);
}

/* One method with 40 000 sibling scopes, each with a local and a constant, every other one
 * with a using: each LocalScope row lists exactly its own, in call order, and names its own
 * import scope (the emitter groups a method's items by scope when it has many; scanning every
 * item for every scope was quadratic). */
static void test_wide_method(void **state)
{
    (void)state;
    enum { SCOPES = 40000 };
    struct corsym_symwriter *w;
    uint32_t doc, id;
    char name[32];
    OK(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE));
    OK(corsym_symwriter_define_document(w, W("/src/wide.cs"), lang_csharp, vendor_ms, NULL,
                                        &doc));
    OK(corsym_symwriter_open_method(w, 0x06000001));
    OK(corsym_symwriter_open_scope(w, 0, &id));
    for (uint32_t i = 0; i < SCOPES; i++) {
        OK(corsym_symwriter_open_scope(w, 2 * i, &id));
        int n = snprintf(name, sizeof name, "v%u", (unsigned)i);
        OK(corsym_symwriter_define_local(w, w16(name), (size_t)n, 0, 0x11000001, NULL, 0, 1,
                                         i % 0xFFFF, 0, 0, 0, 0));
        struct corsym_sw_value v;
        memset(&v, 0, sizeof v);
        v.kind = CORSYM_SW_VALUE_I4;
        v.i = (int64_t)i;
        OK(corsym_symwriter_define_constant(w, W("k"), &v, 0, NULL, 0));
        if (i % 2)
            OK(corsym_symwriter_using_namespace(w, W("USystem")));
        OK(corsym_symwriter_close_scope(w, 2 * i + 2));
    }
    OK(corsym_symwriter_close_scope(w, 2 * SCOPES));
    OK(corsym_symwriter_close_method(w));

    struct corsym_ppdb_emit_options o;
    memset(&o, 0, sizeof(o));
    struct corsym_buf image = CORSYM_BUF_INIT;
    size_t id_offset;
    emit_model(w, &o, &image, &id_offset);
    struct corsym_ppdb *pdb;
    OK(corsym_ppdb_open(&pdb, image.data, image.len));
    assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_LOCAL_SCOPE), SCOPES + 1);
    assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_LOCAL_VARIABLE), SCOPES);
    assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_LOCAL_CONSTANT), SCOPES);
    assert_int_equal(corsym_ppdb_rows(pdb, CORSYM_TBL_IMPORT_SCOPE), 2);
    for (uint32_t i = 0; i < SCOPES; i += 9973) {
        struct corsym_ppdb_local_scope row;
        OK(corsym_ppdb_local_scope(pdb, i + 2, &row)); /* row 1 is the outer scope */
        assert_int_equal(row.start_offset, 2 * i);
        /* Odd scopes import System (one row, shared); even ones have no import scope. */
        assert_int_equal(row.import_scope, i % 2 ? 2u : 0u);
        assert_int_equal(row.variables_end - row.variables_first, 1);
        assert_int_equal(row.constants_end - row.constants_first, 1);
        struct corsym_ppdb_local_variable var;
        OK(corsym_ppdb_local_variable(pdb, row.variables_first, &var));
        int n = snprintf(name, sizeof name, "v%u", (unsigned)i);
        assert_int_equal(var.name.len, (size_t)n);
        assert_memory_equal(var.name.data, name, (size_t)n);
    }
    corsym_ppdb_close(pdb);
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
}

/* The dump and the reader refuse the same over-long document names: both count the joined
 * UTF-8 bytes with separators (the dump once counted UTF-16 units so far plus the next part's
 * bytes, and printed names of two-byte characters the reader refuses). */
static void check_long_name(size_t wide, size_t narrow, corsym_status expected)
{
    size_t len = 2 + wide + narrow;
    uint16_t *url = malloc(len * sizeof(uint16_t));
    assert_non_null(url);
    url[0] = '/';
    for (size_t i = 0; i < wide; i++)
        url[1 + i] = 0xE9; /* two UTF-8 bytes */
    url[1 + wide] = '/';
    for (size_t i = 0; i < narrow; i++)
        url[2 + wide + i] = 'x';
    struct corsym_symwriter *w;
    uint32_t doc;
    OK(corsym_symwriter_new(&w, CORSYM_SW_RULES_PORTABLE));
    OK(corsym_symwriter_define_document(w, url, len, lang_csharp, vendor_ms, NULL, &doc));
    struct corsym_ppdb_emit_options o;
    memset(&o, 0, sizeof(o));
    struct corsym_buf image = CORSYM_BUF_INIT, name = CORSYM_BUF_INIT, text = CORSYM_BUF_INIT;
    size_t id_offset;
    emit_model(w, &o, &image, &id_offset);
    struct corsym_ppdb *pdb;
    OK(corsym_ppdb_open(&pdb, image.data, image.len));
    assert_int_equal(corsym_ppdb_document_name(pdb, 1, &name), expected);
    assert_int_equal(corsym_ppdb_dump(pdb, &text), expected);
    if (expected == CORSYM_OK)
        assert_int_equal(name.len, 2 + 2 * wide + narrow);
    corsym_ppdb_close(pdb);
    corsym_buf_free(&text);
    corsym_buf_free(&name);
    corsym_buf_free(&image);
    corsym_symwriter_free(w);
    free(url);
}

static void test_long_document_name_capped_alike(void **state)
{
    (void)state;
    /* 2 + 120 000 + 11 000 bytes: under CORSYM_PPDB_MAX_NAME (131 072). */
    check_long_name(60000, 11000, CORSYM_OK);
    /* 2 + 120 000 + 20 000 bytes: over it, though only 80 002 UTF-16 units. */
    check_long_name(60000, 20000, CORSYM_E_UNSUPPORTED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wide_method),
        cmocka_unit_test(test_long_document_name_capped_alike),
        cmocka_unit_test(test_refused_points_stay_points),
        cmocka_unit_test(test_scenarios),
        cmocka_unit_test(test_content_id),
        cmocka_unit_test(test_image_parts),
        cmocka_unit_test(test_method_rows_follow_methoddef_count),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
