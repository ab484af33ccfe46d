/* Blob decoders on hand-made bytes: sequence points, LocalConstantSig and
 * the CustomDebugInformation payloads, good and bad. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <zlib.h>

#include "portable/ppdb_blobs.h"
#include "portable/ppdb_cdi.h"

#define SPAN(name, ...)                                                                            \
    static const uint8_t name##_b[] = { __VA_ARGS__ };                                             \
    struct corsym_span name = corsym_span_make(name##_b, sizeof name##_b)

/* Decode all points; returns the final status and the count. */
static corsym_status decode_all(struct corsym_span blob, uint32_t doc, uint32_t max_doc,
                                struct corsym_ppdb_seqpt *pts, size_t cap, size_t *n)
{
    struct corsym_ppdb_seqpt_iter it;
    *n = 0;
    CORSYM_TRY(corsym_ppdb_seqpts_begin(&it, blob, doc, max_doc));
    corsym_status st = CORSYM_OK;
    while (*n < cap && (st = corsym_ppdb_seqpts_next(&it, &pts[*n])) == CORSYM_OK)
        (*n)++;
    return st;
}

static void test_seqpts_basic(void **state)
{
    (void)state;
    /* localsig 5; point il 0 line 10:5-10:9; hidden at 4; point il 6 line 12:3-14:1;
     * document record -> 2; point il 9 with deltas. */
    SPAN(blob, 0x05,
         0x00, 0x00, 0x04, 0x0A, 0x05,       /* il 0, dL 0, dC 4, start 10:5 */
         0x04, 0x00, 0x00,                   /* il +4 hidden */
         0x02, 0x02, 0x7B, 0x04, 0x7D,       /* il +2, dL 2, dC -3, start +2 / -2 */
         0x00, 0x02,                         /* document 2 */
         0x03, 0x00, 0x01, 0x7F, 0x00);      /* il +3, dL 0, dC 1, start -1 / 0 */
    struct corsym_ppdb_seqpt p[8];
    size_t n;
    assert_int_equal(decode_all(blob, 1, 2, p, 8, &n), CORSYM_NOT_FOUND);
    assert_int_equal(n, 4);
    assert_int_equal(p[0].il_offset, 0);
    assert_int_equal(p[0].start_line, 10);
    assert_int_equal(p[0].start_column, 5);
    assert_int_equal(p[0].end_line, 10);
    assert_int_equal(p[0].end_column, 9);
    assert_int_equal(p[0].document, 1);
    assert_true(p[1].hidden);
    assert_int_equal(p[1].il_offset, 4);
    assert_int_equal(p[1].start_line, CORSYM_PPDB_HIDDEN_LINE);
    assert_int_equal(p[2].il_offset, 6);
    assert_int_equal(p[2].start_line, 12);
    assert_int_equal(p[2].start_column, 3);
    assert_int_equal(p[2].end_line, 14);
    assert_int_equal(p[2].end_column, 0);
    assert_int_equal(p[3].document, 2);
    assert_int_equal(p[3].il_offset, 9);
    assert_int_equal(p[3].start_line, 11);
    assert_int_equal(p[3].start_column, 3);
    assert_int_equal(p[3].end_column, 4);
    uint32_t sig;
    assert_int_equal(corsym_ppdb_seqpts_local_signature(blob, &sig), CORSYM_OK);
    assert_int_equal(sig, 5);
}

static void test_seqpts_initial_document(void **state)
{
    (void)state;
    SPAN(blob, 0x00, 0x03, 0x00, 0x00, 0x01, 0x01, 0x01);
    struct corsym_ppdb_seqpt p[2];
    size_t n;
    assert_int_equal(decode_all(blob, 0, 5, p, 2, &n), CORSYM_NOT_FOUND);
    assert_int_equal(n, 1);
    assert_int_equal(p[0].document, 3);
    /* Initial document 0 or beyond the table. */
    SPAN(zero, 0x00, 0x00);
    struct corsym_ppdb_seqpt_iter it;
    assert_int_equal(corsym_ppdb_seqpts_begin(&it, zero, 0, 5), CORSYM_E_CORRUPT);
    assert_int_equal(corsym_ppdb_seqpts_begin(&it, blob, 0, 2), CORSYM_E_CORRUPT);
    /* An empty blob has no header. */
    assert_int_equal(corsym_ppdb_seqpts_begin(&it, corsym_span_make(NULL, 0), 1, 0), CORSYM_E_CORRUPT);
}

static void test_seqpts_bad(void **state)
{
    (void)state;
    struct corsym_ppdb_seqpt p[4];
    size_t n;
    /* Truncated after the delta lines. */
    SPAN(trunc, 0x00, 0x00, 0x01);
    assert_int_equal(decode_all(trunc, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Column beyond 0xFFFF (start column 0x10000). */
    SPAN(col, 0x00, 0x00, 0x00, 0x01, 0x01, 0xC0, 0x01, 0x00, 0x00);
    assert_int_equal(decode_all(col, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Start line on the hidden marker 0xFEEFEE. */
    SPAN(hid, 0x00, 0x00, 0x00, 0x01, 0xC0, 0xFE, 0xEF, 0xEE, 0x01);
    assert_int_equal(decode_all(hid, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Negative start line via a signed delta. */
    SPAN(neg, 0x00, 0x00, 0x00, 0x01, 0x02, 0x01, 0x01, 0x00, 0x01, 0x7B, 0x00);
    assert_int_equal(decode_all(neg, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    assert_int_equal(n, 1);
    /* Negative end column via a signed column delta. */
    SPAN(negc, 0x00, 0x00, 0x02, 0x7F, 0x01, 0x00);
    assert_int_equal(decode_all(negc, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Document record naming row 0. */
    SPAN(doc0, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00, 0x00);
    assert_int_equal(decode_all(doc0, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Reserved compressed-integer lead byte. */
    SPAN(lead, 0x00, 0xE0);
    assert_int_equal(decode_all(lead, 1, 0, p, 4, &n), CORSYM_E_CORRUPT);
    /* Offsets beyond int32. */
    SPAN(big, 0x00, 0xDF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x01, 0x01,
         0xDF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00,
         0xDF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00,
         0xDF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00,
         0xDF, 0xFF, 0xFF, 0xFF, 0x00, 0x01, 0x00, 0x00);
    struct corsym_ppdb_seqpt many[8];
    assert_int_equal(decode_all(big, 1, 0, many, 8, &n), CORSYM_E_CORRUPT);
    assert_int_equal(n, 4);
}

static void test_constant_primitives(void **state)
{
    (void)state;
    struct corsym_ppdb_constant c;
    SPAN(i4, 0x08, 0xFE, 0xFF, 0xFF, 0xFF);
    assert_int_equal(corsym_ppdb_constant_decode(i4, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_PRIMITIVE);
    assert_int_equal(c.type_code, CORSYM_ET_I4);
    assert_int_equal(corsym_ppdb_constant_signed(&c), -2);
    SPAN(i1, 0x04, 0x80);
    assert_int_equal(corsym_ppdb_constant_decode(i1, &c), CORSYM_OK);
    assert_int_equal(corsym_ppdb_constant_signed(&c), -128);
    SPAN(u8, 0x0B, 1, 2, 3, 4, 5, 6, 7, 0x80);
    assert_int_equal(corsym_ppdb_constant_decode(u8, &c), CORSYM_OK);
    assert_true(c.bits == 0x8007060504030201ull);
    SPAN(r8, 0x0D, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F);
    assert_int_equal(corsym_ppdb_constant_decode(r8, &c), CORSYM_OK);
    assert_true(c.bits == 0x3FF0000000000000ull);
    SPAN(str, 0x0E, 'h', 0, 'i', 0);
    assert_int_equal(corsym_ppdb_constant_decode(str, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_STRING);
    assert_int_equal(c.value.len, 4);
    SPAN(empty, 0x0E);
    assert_int_equal(corsym_ppdb_constant_decode(empty, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_STRING);
    assert_int_equal(c.value.len, 0);
    SPAN(null, 0x0E, 0xFF);
    assert_int_equal(corsym_ppdb_constant_decode(null, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_NULL_STRING);
    SPAN(obj, 0x1C);
    assert_int_equal(corsym_ppdb_constant_decode(obj, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_OBJECT);
}

static void test_constant_enum_general_mods(void **state)
{
    (void)state;
    struct corsym_ppdb_constant c;
    /* modopt(TypeRef 3) modreq(TypeDef 1) enum i2 value -3, type TypeDef 3. */
    SPAN(e, 0x20, 0x0D, 0x1F, 0x04, 0x06, 0xFD, 0xFF, 0x0C);
    assert_int_equal(corsym_ppdb_constant_decode(e, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_ENUM);
    assert_int_equal(c.modifier_count, 2);
    assert_int_equal(c.type_token, 0x02000003);
    assert_int_equal(corsym_ppdb_constant_signed(&c), -3);
    struct corsym_ppdb_cmod_iter it;
    bool req;
    uint32_t tok;
    corsym_ppdb_cmods_begin(&it, &c);
    assert_int_equal(corsym_ppdb_cmods_next(&it, &req, &tok), CORSYM_OK);
    assert_false(req);
    assert_int_equal(tok, 0x01000003);
    assert_int_equal(corsym_ppdb_cmods_next(&it, &req, &tok), CORSYM_OK);
    assert_true(req);
    assert_int_equal(tok, 0x02000001);
    assert_int_equal(corsym_ppdb_cmods_next(&it, &req, &tok), CORSYM_NOT_FOUND);

    /* Decimal -1.5 as VALUETYPE TypeRef 2: scale 1, sign, mantissa 15. */
    SPAN(dec, 0x11, 0x09, 0x81, 15, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_int_equal(corsym_ppdb_constant_decode(dec, &c), CORSYM_OK);
    assert_int_equal(c.kind, CORSYM_CONST_GENERAL);
    assert_int_equal(c.type_token, 0x01000002);
    struct corsym_decimal d;
    assert_int_equal(corsym_ppdb_constant_decimal(&c, &d), CORSYM_OK);
    assert_true(d.negative);
    assert_int_equal(d.scale, 1);
    assert_int_equal(d.lo, 15);
    int64_t ticks;
    assert_int_equal(corsym_ppdb_constant_datetime(&c, &ticks), CORSYM_E_CORRUPT);
    SPAN(dt, 0x11, 0x09, 1, 0, 0, 0, 0, 0, 0, 0x80);
    assert_int_equal(corsym_ppdb_constant_decode(dt, &c), CORSYM_OK);
    assert_int_equal(corsym_ppdb_constant_datetime(&c, &ticks), CORSYM_OK);
    assert_true(ticks == INT64_MIN + 1);
    SPAN(cls, 0x12, 0x6E);
    assert_int_equal(corsym_ppdb_constant_decode(cls, &c), CORSYM_OK);
    assert_int_equal(c.type_token, 0x1B00001B);
    assert_int_equal(c.value.len, 0);
}

static void test_constant_bad(void **state)
{
    (void)state;
    struct corsym_ppdb_constant c;
    static const struct {
        uint8_t b[8];
        size_t n;
    } bad[] = {
        { { 0 }, 0 },                    /* empty */
        { { 0x20, 0x04 }, 2 },           /* only a modifier */
        { { 0x20, 0x07, 0x08, 1, 0, 0, 0 }, 7 }, /* modifier with tag 3 */
        { { 0x08, 1, 0, 0 }, 4 },        /* truncated i4 */
        { { 0x0E, 'a' }, 2 },            /* odd UTF-16 */
        { { 0x0E, 'a', 0, 'b' }, 4 },    /* odd UTF-16 */
        { { 0x1C, 0x00 }, 2 },           /* OBJECT with a value */
        { { 0x0C, 0, 0, 0, 0, 0x04 }, 6 }, /* enum over R4 */
        { { 0x08, 1, 0, 0, 0, 0x04, 0 }, 7 }, /* trailing byte after enum type */
        { { 0x11, 0x04, 1, 2, 3 }, 5 },  /* general with a 3-byte value */
        { { 0x11 }, 1 },                 /* missing type */
        { { 0x01 }, 1 },                 /* VOID is not a constant type */
        { { 0x18, 0 }, 2 },              /* I is not a constant type */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(corsym_ppdb_constant_decode(corsym_span_make(bad[i].b, bad[i].n), &c),
                         CORSYM_E_CORRUPT);
}

static void test_cdi_kinds(void **state)
{
    (void)state;
    for (unsigned k = 1; k < CORSYM_CDI_KIND_COUNT; k++)
        assert_int_equal(corsym_cdi_kind_from_guid(corsym_cdi_kind_guid((enum corsym_cdi_kind)k)), k);
    /* SourceLink CC110556-A091-4D38-9FEC-25AB9A351A6A in stored order. */
    static const uint8_t sl[16] = { 0x56, 0x05, 0x11, 0xCC, 0x91, 0xA0, 0x38, 0x4D,
                                    0x9F, 0xEC, 0x25, 0xAB, 0x9A, 0x35, 0x1A, 0x6A };
    assert_int_equal(corsym_cdi_kind_from_guid(sl), CORSYM_CDI_SOURCE_LINK);
    assert_string_equal(corsym_cdi_kind_name(CORSYM_CDI_SOURCE_LINK), "SourceLink");
    static const uint8_t zero[16];
    assert_int_equal(corsym_cdi_kind_from_guid(zero), CORSYM_CDI_UNKNOWN);
}

static void test_cdi_async(void **state)
{
    (void)state;
    SPAN(v, 0x0B, 0, 0, 0, 0x10, 0, 0, 0, 0x20, 0, 0, 0, 0x05);
    struct corsym_cdi_async_iter it;
    bool has;
    uint32_t off;
    struct corsym_cdi_await a;
    assert_int_equal(corsym_cdi_async_begin(&it, v, &has, &off), CORSYM_OK);
    assert_true(has);
    assert_int_equal(off, 10);
    assert_int_equal(corsym_cdi_async_next(&it, &a), CORSYM_OK);
    assert_int_equal(a.yield_offset, 0x10);
    assert_int_equal(a.resume_offset, 0x20);
    assert_int_equal(a.resume_method, 5);
    assert_int_equal(corsym_cdi_async_next(&it, &a), CORSYM_NOT_FOUND);
    SPAN(none, 0, 0, 0, 0, 1, 0, 0, 0);
    assert_int_equal(corsym_cdi_async_begin(&it, none, &has, &off), CORSYM_OK);
    assert_false(has);
    assert_int_equal(corsym_cdi_async_next(&it, &a), CORSYM_E_CORRUPT);
    SPAN(shortv, 0, 0, 0);
    assert_int_equal(corsym_cdi_async_begin(&it, shortv, &has, &off), CORSYM_E_CORRUPT);
}

static void test_cdi_simple_kinds(void **state)
{
    (void)state;
    /* Hoisted scopes. */
    SPAN(h, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    size_t n;
    struct corsym_cdi_hoisted_scope hs;
    assert_int_equal(corsym_cdi_hoisted_count(h, &n), CORSYM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(corsym_cdi_hoisted_get(h, 0, &hs), CORSYM_OK);
    assert_int_equal(hs.start_offset, 1);
    assert_int_equal(hs.length, 2);
    assert_int_equal(corsym_cdi_hoisted_get(h, 2, &hs), CORSYM_NOT_FOUND);
    SPAN(h7, 1, 0, 0, 0, 2, 0, 0);
    assert_int_equal(corsym_cdi_hoisted_count(h7, &n), CORSYM_E_CORRUPT);

    /* Dynamic flags, LSB first; missing bytes read as 0. */
    SPAN(dyn, 0x05, 0x80);
    assert_true(corsym_cdi_dynamic_flag(dyn, 0));
    assert_false(corsym_cdi_dynamic_flag(dyn, 1));
    assert_true(corsym_cdi_dynamic_flag(dyn, 2));
    assert_true(corsym_cdi_dynamic_flag(dyn, 15));
    assert_false(corsym_cdi_dynamic_flag(dyn, 16));

    /* Tuple names. */
    SPAN(tn, 'a', 0, 0, 'b', 'c', 0);
    struct corsym_cdi_strings_iter it;
    struct corsym_span s, s2;
    corsym_cdi_tuple_names_begin(&it, tn);
    assert_int_equal(corsym_cdi_tuple_names_next(&it, &s), CORSYM_OK);
    assert_true(corsym_span_eq(s, "a", 1));
    assert_int_equal(corsym_cdi_tuple_names_next(&it, &s), CORSYM_OK);
    assert_int_equal(s.len, 0);
    assert_int_equal(corsym_cdi_tuple_names_next(&it, &s), CORSYM_OK);
    assert_true(corsym_span_eq(s, "bc", 2));
    assert_int_equal(corsym_cdi_tuple_names_next(&it, &s), CORSYM_NOT_FOUND);
    SPAN(tnbad, 'a');
    corsym_cdi_tuple_names_begin(&it, tnbad);
    assert_int_equal(corsym_cdi_tuple_names_next(&it, &s), CORSYM_E_CORRUPT);

    /* Compilation options. */
    SPAN(opt, 'k', 0, 'v', 0, 'x', 0);
    corsym_cdi_options_begin(&it, opt);
    assert_int_equal(corsym_cdi_options_next(&it, &s, &s2), CORSYM_OK);
    assert_true(corsym_span_eq(s, "k", 1) && corsym_span_eq(s2, "v", 1));
    assert_int_equal(corsym_cdi_options_next(&it, &s, &s2), CORSYM_E_CORRUPT);

    /* Metadata references. */
    SPAN(ref, 'a', '.', 'd', 'l', 'l', 0, 0, 0x01, 0x78, 0x56, 0x34, 0x12, 0x00, 0x10, 0, 0,
         1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
    struct corsym_cdi_metadata_reference r;
    corsym_cdi_references_begin(&it, ref);
    assert_int_equal(corsym_cdi_references_next(&it, &r), CORSYM_OK);
    assert_true(corsym_span_eq(r.file_name, "a.dll", 5));
    assert_int_equal(r.aliases.len, 0);
    assert_int_equal(r.flags, 1);
    assert_int_equal(r.timestamp, 0x12345678);
    assert_int_equal(r.image_size, 0x1000);
    assert_int_equal(r.mvid[15], 16);
    assert_int_equal(corsym_cdi_references_next(&it, &r), CORSYM_NOT_FOUND);
    corsym_cdi_references_begin(&it, corsym_span_make(ref_b, sizeof ref_b - 1));
    assert_int_equal(corsym_cdi_references_next(&it, &r), CORSYM_E_CORRUPT);

    /* Type definition documents. */
    SPAN(td, 0x01, 0x81, 0x00);
    uint32_t doc;
    corsym_cdi_type_documents_begin(&it, td);
    assert_int_equal(corsym_cdi_type_documents_next(&it, &doc), CORSYM_OK);
    assert_int_equal(doc, 1);
    assert_int_equal(corsym_cdi_type_documents_next(&it, &doc), CORSYM_OK);
    assert_int_equal(doc, 0x100);
    assert_int_equal(corsym_cdi_type_documents_next(&it, &doc), CORSYM_NOT_FOUND);
}

static void test_cdi_embedded_source(void **state)
{
    (void)state;
    struct corsym_buf out = CORSYM_BUF_INIT;
    SPAN(raw, 0, 0, 0, 0, 'h', 'i');
    size_t size;
    assert_int_equal(corsym_cdi_embedded_source_size(raw, &size), CORSYM_OK);
    assert_int_equal(size, 2);
    assert_int_equal(corsym_cdi_embedded_source_decode(raw, &out), CORSYM_OK);
    assert_int_equal(out.len, 2);

    /* Deflated "hello hello hello". */
    const char *text = "hello hello hello";
    uint8_t blob[64] = { (uint8_t)strlen(text), 0, 0, 0 };
    z_stream z = { 0 };
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)text;
    z.avail_in = (uInt)strlen(text);
    z.next_out = blob + 4;
    z.avail_out = sizeof blob - 4;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t len = 4 + z.total_out;
    deflateEnd(&z);
    corsym_buf_clear(&out);
    assert_int_equal(corsym_cdi_embedded_source_decode(corsym_span_make(blob, len), &out), CORSYM_OK);
    assert_int_equal(out.len, strlen(text));
    assert_memory_equal(out.data, text, out.len);
    /* Wrong declared size. */
    blob[0]++;
    corsym_buf_clear(&out);
    assert_int_equal(corsym_cdi_embedded_source_decode(corsym_span_make(blob, len), &out), CORSYM_E_CORRUPT);
    assert_int_equal(out.len, 0);
    /* Declared size no deflate stream of this length could produce. */
    blob[0] = 0;
    blob[3] = 0x10;
    assert_int_equal(corsym_cdi_embedded_source_decode(corsym_span_make(blob, len), &out), CORSYM_E_CORRUPT);
    /* Negative format is reserved. */
    SPAN(negative, 0, 0, 0, 0x80);
    assert_int_equal(corsym_cdi_embedded_source_decode(negative, &out), CORSYM_E_UNSUPPORTED);
    SPAN(shortv, 0, 0);
    assert_int_equal(corsym_cdi_embedded_source_decode(shortv, &out), CORSYM_E_CORRUPT);
    corsym_buf_free(&out);
}

static void test_cdi_enc(void **state)
{
    (void)state;
    /* Slot map: baseline -3, temp, kind 1 at offset 5 (stored 8) with ordinal 2. */
    SPAN(slots, 0xFF, 0x03, 0x00, 0x82, 0x08, 0x02, 0x01, 0x03);
    struct corsym_cdi_slots_iter si;
    struct corsym_cdi_slot s;
    corsym_cdi_slots_begin(&si, slots);
    assert_int_equal(corsym_cdi_slots_next(&si, &s), CORSYM_OK);
    assert_false(s.has_info);
    assert_int_equal(corsym_cdi_slots_next(&si, &s), CORSYM_OK);
    assert_true(s.has_info);
    assert_int_equal(s.kind, 1);
    assert_int_equal(s.syntax_offset, 5);
    assert_true(s.has_ordinal);
    assert_int_equal(s.ordinal, 2);
    assert_int_equal(corsym_cdi_slots_next(&si, &s), CORSYM_OK);
    assert_int_equal(s.kind, 0);
    assert_int_equal(s.syntax_offset, 0);
    assert_false(s.has_ordinal);
    assert_int_equal(corsym_cdi_slots_next(&si, &s), CORSYM_NOT_FOUND);
    SPAN(slots_bad, 0x82);
    corsym_cdi_slots_begin(&si, slots_bad);
    assert_int_equal(corsym_cdi_slots_next(&si, &s), CORSYM_E_CORRUPT);

    /* Lambda map: ordinal 0 (stored 1), baseline 0, 1 closure at 10, lambda at 20 in closure 0. */
    SPAN(lm, 0x01, 0x00, 0x01, 0x0A, 0x14, 0x02);
    struct corsym_cdi_lambda_map m;
    struct corsym_cdi_lambda l;
    int32_t off;
    assert_int_equal(corsym_cdi_lambda_map_begin(&m, lm), CORSYM_OK);
    assert_int_equal(m.method_ordinal, 0);
    assert_int_equal(m.closure_count, 1);
    assert_int_equal(corsym_cdi_lambda_map_next_closure(&m, &off), CORSYM_OK);
    assert_int_equal(off, 10);
    assert_int_equal(corsym_cdi_lambda_map_next_closure(&m, &off), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_cdi_lambda_map_next_lambda(&m, &l), CORSYM_OK);
    assert_int_equal(l.syntax_offset, 20);
    assert_int_equal(l.closure_ordinal, 0);
    assert_int_equal(corsym_cdi_lambda_map_next_lambda(&m, &l), CORSYM_NOT_FOUND);
    /* Lambda naming closure 1 of 1. */
    SPAN(lm_bad, 0x01, 0x00, 0x01, 0x0A, 0x14, 0x03);
    assert_int_equal(corsym_cdi_lambda_map_begin(&m, lm_bad), CORSYM_OK);
    assert_int_equal(corsym_cdi_lambda_map_next_lambda(&m, &l), CORSYM_E_CORRUPT);

    /* State map: 2 entries, baseline 0: state 0 at 5, state -1 at 7. */
    SPAN(sm, 0x02, 0x00, 0x00, 0x05, 0x7F, 0x07);
    struct corsym_cdi_states_iter st;
    struct corsym_cdi_state e;
    uint32_t count;
    assert_int_equal(corsym_cdi_states_begin(&st, sm, &count), CORSYM_OK);
    assert_int_equal(count, 2);
    assert_int_equal(corsym_cdi_states_next(&st, &e), CORSYM_OK);
    assert_int_equal(e.state_number, 0);
    assert_int_equal(e.syntax_offset, 5);
    assert_int_equal(corsym_cdi_states_next(&st, &e), CORSYM_OK);
    assert_int_equal(e.state_number, -1);
    assert_int_equal(e.syntax_offset, 7);
    assert_int_equal(corsym_cdi_states_next(&st, &e), CORSYM_NOT_FOUND);
    /* Out of order offsets. */
    SPAN(sm_bad, 0x02, 0x00, 0x00, 0x07, 0x02, 0x05);
    assert_int_equal(corsym_cdi_states_begin(&st, sm_bad, &count), CORSYM_OK);
    assert_int_equal(corsym_cdi_states_next(&st, &e), CORSYM_OK);
    assert_int_equal(corsym_cdi_states_next(&st, &e), CORSYM_E_CORRUPT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seqpts_basic),
        cmocka_unit_test(test_seqpts_initial_document),
        cmocka_unit_test(test_seqpts_bad),
        cmocka_unit_test(test_constant_primitives),
        cmocka_unit_test(test_constant_enum_general_mods),
        cmocka_unit_test(test_constant_bad),
        cmocka_unit_test(test_cdi_kinds),
        cmocka_unit_test(test_cdi_async),
        cmocka_unit_test(test_cdi_simple_kinds),
        cmocka_unit_test(test_cdi_embedded_source),
        cmocka_unit_test(test_cdi_enc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
