/*
 * A hand-built Windows PDB exercising what the public corpus lacks: a
 * token-RID map, Source Link and srcsrv streams, raw and deflated embedded
 * sources, every numeric leaf, every MD2 record kind (and an unknown one),
 * native records inside a managed procedure, a line table visiting
 * documents A, B, A, ignored C13 subsections, and streams scattered over
 * non-consecutive blocks of several sizes. The expected values are the
 * ones written here, by construction (placement in hash tables uses our
 * hash functions, which the corpus tests check against Microsoft's files).
 *
 * With CORSYM_WINPDB_SEED_DIR set, the images are also written there: they
 * are the fuzz seeds in tests/fuzz/corpora/{msf,winpdb}.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "msf/msf.h"
#include "winpdb/winpdb.h"

/* ---- byte writer ------------------------------------------------------- */

static void w8(struct corsym_buf *b, uint8_t v)
{
    assert_int_equal(corsym_buf_append_u8(b, v), CORSYM_OK);
}
static void w16(struct corsym_buf *b, uint16_t v)
{
    w8(b, (uint8_t)v);
    w8(b, (uint8_t)(v >> 8));
}
static void w32(struct corsym_buf *b, uint32_t v)
{
    w16(b, (uint16_t)v);
    w16(b, (uint16_t)(v >> 16));
}
static void w64(struct corsym_buf *b, uint64_t v)
{
    w32(b, (uint32_t)v);
    w32(b, (uint32_t)(v >> 32));
}
static void wbytes(struct corsym_buf *b, const void *p, size_t n)
{
    assert_int_equal(corsym_buf_append(b, p, n), CORSYM_OK);
}
static void wcstr(struct corsym_buf *b, const char *s)
{
    wbytes(b, s, strlen(s) + 1);
}
static void wutf16z(struct corsym_buf *b, const char *ascii)
{
    for (; *ascii; ascii++)
        w16(b, (uint8_t)*ascii);
    w16(b, 0);
}
static void pad4(struct corsym_buf *b, size_t from)
{
    while ((b->len - from) % 4)
        w8(b, 0);
}
static void set32(struct corsym_buf *b, size_t at, uint32_t v)
{
    b->data[at] = (uint8_t)v;
    b->data[at + 1] = (uint8_t)(v >> 8);
    b->data[at + 2] = (uint8_t)(v >> 16);
    b->data[at + 3] = (uint8_t)(v >> 24);
}

/* ---- CodeView records ---------------------------------------------------- */

/* Begin a record: returns the offset of its length field. */
static size_t rec_begin(struct corsym_buf *b, uint16_t kind)
{
    size_t at = b->len;
    w16(b, 0);
    w16(b, kind);
    return at;
}
static void rec_end(struct corsym_buf *b, size_t at)
{
    pad4(b, at);
    uint16_t len = (uint16_t)(b->len - at - 2);
    b->data[at] = (uint8_t)len;
    b->data[at + 1] = (uint8_t)(len >> 8);
}

static const uint8_t MANAGED_OEM[16] = { 0xC9, 0x3F, 0xEA, 0xC6, 0xB3, 0x59, 0xD6, 0x49,
                                         0xBC, 0x25, 0x09, 0x02, 0xBB, 0xAB, 0xB4, 0x60 };

static size_t manproc(struct corsym_buf *b, uint32_t token, uint32_t off, uint32_t len,
                      const char *name)
{
    size_t at = rec_begin(b, CORSYM_S_GMANPROC);
    w32(b, 0);
    w32(b, 0); /* pEnd: patched by the caller when it matters (readers use nesting) */
    w32(b, 0);
    w32(b, len);
    w32(b, 0);
    w32(b, 0);
    w32(b, token);
    w32(b, off);
    w16(b, 1);
    w8(b, 0);
    w16(b, 0);
    wcstr(b, name);
    rec_end(b, at);
    return at;
}

static void block32(struct corsym_buf *b, uint32_t off, uint32_t len)
{
    size_t at = rec_begin(b, CORSYM_S_BLOCK32);
    w32(b, 0);
    w32(b, 0);
    w32(b, len);
    w32(b, off);
    w16(b, 1);
    wcstr(b, "");
    rec_end(b, at);
}

static void end(struct corsym_buf *b)
{
    size_t at = rec_begin(b, CORSYM_S_END);
    rec_end(b, at);
}

static void manslot(struct corsym_buf *b, uint32_t slot, uint16_t flags, const char *name)
{
    size_t at = rec_begin(b, CORSYM_S_MANSLOT);
    w32(b, slot);
    w32(b, 0x11000001);
    w32(b, 0);
    w16(b, 0);
    w16(b, flags);
    wcstr(b, name);
    rec_end(b, at);
}

static void unamespace(struct corsym_buf *b, const char *s)
{
    size_t at = rec_begin(b, CORSYM_S_UNAMESPACE);
    wcstr(b, s);
    rec_end(b, at);
}

/* A constant: leaf and payload written by the caller between begin/end. */
static size_t constant_begin(struct corsym_buf *b, uint32_t token)
{
    size_t at = rec_begin(b, CORSYM_S_MANCONSTANT);
    w32(b, token);
    return at;
}
static void constant_end(struct corsym_buf *b, size_t at, const char *name)
{
    wcstr(b, name);
    rec_end(b, at);
}

static void oem(struct corsym_buf *b, const uint8_t guid[16], const char *name,
                const struct corsym_buf *payload)
{
    size_t at = rec_begin(b, CORSYM_S_OEM);
    wbytes(b, guid, 16);
    w32(b, 0);
    wutf16z(b, name);
    wbytes(b, payload->data, payload->len);
    rec_end(b, at);
}

/* ---- MD2 --------------------------------------------------------------- */

static void md2_record(struct corsym_buf *b, uint8_t kind, uint8_t alignment_byte,
                       const void *body, size_t n, bool aligned_kind)
{
    size_t pad = (4 - n % 4) % 4;
    w8(b, 4);
    w8(b, kind);
    w8(b, 0);
    w8(b, aligned_kind ? (uint8_t)pad : alignment_byte);
    w32(b, (uint32_t)(8 + n + pad));
    wbytes(b, body, n);
    for (size_t i = 0; i < pad; i++)
        w8(b, 0);
}

static void build_md2(struct corsym_buf *md2)
{
    struct corsym_buf body = CORSYM_BUF_INIT;
    w8(md2, 4);
    w8(md2, 8); /* record count (readers do not rely on it) */
    w16(md2, 0);

    /* 0: using groups [1, 2] */
    w16(&body, 2);
    w16(&body, 1);
    w16(&body, 2);
    md2_record(md2, 0, 0, body.data, body.len, false);
    /* 1: forward, with the 0xFF alignment garbage old compilers left */
    corsym_buf_clear(&body);
    w32(&body, 0x06000002);
    md2_record(md2, 1, 0xFF, body.data, body.len, false);
    /* 3: hoisted scopes {2..5}, {0,0} */
    corsym_buf_clear(&body);
    w32(&body, 2);
    w32(&body, 2);
    w32(&body, 5);
    w32(&body, 0);
    w32(&body, 0);
    md2_record(md2, 3, 0, body.data, body.len, false);
    /* 5: dynamic locals: one, flags 1,0,1, slot 7, name "dyn" */
    corsym_buf_clear(&body);
    w32(&body, 1);
    uint8_t flags[64] = { 1, 0, 1 };
    wbytes(&body, flags, sizeof flags);
    w32(&body, 3);
    w32(&body, 7);
    for (int i = 0; i < 64; i++)
        w16(&body, i < 3 ? (uint16_t)"dyn"[i] : 0);
    md2_record(md2, 5, 0, body.data, body.len, false);
    /* 6: EnC slot map, 5 opaque bytes -> 3 bytes of alignment */
    static const uint8_t slots[5] = { 1, 2, 3, 4, 5 };
    md2_record(md2, 6, 0, slots, sizeof slots, true);
    /* 8: tuple element names: one local "t" slot 0 with names "a", "" */
    corsym_buf_clear(&body);
    w32(&body, 1);
    w32(&body, 2);
    wcstr(&body, "a");
    wcstr(&body, "");
    w32(&body, 0);
    w32(&body, 0);
    w32(&body, 0);
    wcstr(&body, "t");
    md2_record(md2, 8, 0, body.data, body.len, true);
    /* 42: unknown kind, skipped */
    static const uint8_t junk[4] = { 9, 9, 9, 9 };
    md2_record(md2, 42, 0, junk, sizeof junk, false);
    /* 4: state machine type name */
    corsym_buf_clear(&body);
    wutf16z(&body, "<M1>d__0");
    md2_record(md2, 4, 0, body.data, body.len, false);
    corsym_buf_free(&body);
}

/* ---- the PDB ----------------------------------------------------------- */

enum {
    S_OLD = 0, S_INFO, S_TPI, S_DBI, S_IPI, S_NAMES, S_MOD0, S_MOD1, S_HEADERBLOCK, S_FILE_A,
    S_FILE_B, S_SOURCELINK, S_SRCSRV, S_RIDMAP, S_SYMREC, S_PSI, S_NIL, S_COUNT
};

struct names {
    struct corsym_buf strings;
    uint32_t a, a_canon, empty, b, b_canon;
};

static uint32_t add_string(struct names *n, const char *s)
{
    uint32_t at = (uint32_t)n->strings.len;
    wcstr(&n->strings, s);
    return at;
}

static void build_names(struct names *n, struct corsym_buf *out)
{
    corsym_buf_init(&n->strings);
    w8(&n->strings, 0);
    n->a = add_string(n, "C:\\src\\A.cs");
    n->a_canon = add_string(n, "c:\\src\\a.cs");
    n->empty = add_string(n, "");
    n->b = add_string(n, "C:/src/B.cs");
    n->b_canon = add_string(n, "c:\\src\\b.cs");
    uint32_t offs[] = { n->a, n->a_canon, n->empty, n->b, n->b_canon };
    uint32_t buckets[8] = { 0 };
    for (size_t i = 0; i < 5; i++) {
        const char *s = (const char *)n->strings.data + offs[i];
        uint32_t h = corsym_winpdb_hash_v1((const uint8_t *)s, strlen(s), 8);
        while (buckets[h])
            h = (h + 1) % 8;
        buckets[h] = offs[i];
    }
    w32(out, 0xEFFEEFFE);
    w32(out, 1);
    w32(out, (uint32_t)n->strings.len);
    wbytes(out, n->strings.data, n->strings.len);
    w32(out, 8);
    for (int i = 0; i < 8; i++)
        w32(out, buckets[i]);
    w32(out, 5);
}

/* A serialized Microsoft hash map with linear probing; key_hash[i] is the
 * start bucket of entry i. Values are value_size bytes. */
static void write_map(struct corsym_buf *out, uint32_t capacity, uint32_t count,
                      const uint32_t *key_hash, const uint32_t *keys, const uint8_t *values,
                      size_t value_size)
{
    int slot_of[32];
    int occupant[32];
    assert_true(capacity <= 32);
    for (uint32_t i = 0; i < capacity; i++)
        occupant[i] = -1;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t b = key_hash[i] % capacity;
        while (occupant[b] >= 0)
            b = (b + 1) % capacity;
        occupant[b] = (int)i;
        slot_of[i] = (int)b;
    }
    (void)slot_of;
    w32(out, count);
    w32(out, capacity);
    w32(out, 1);
    uint32_t bits = 0;
    for (uint32_t i = 0; i < capacity; i++)
        if (occupant[i] >= 0)
            bits |= 1u << i;
    w32(out, bits);
    w32(out, 0); /* no deleted words */
    for (uint32_t i = 0; i < capacity; i++)
        if (occupant[i] >= 0) {
            w32(out, keys[occupant[i]]);
            wbytes(out, values + (size_t)occupant[i] * value_size, value_size);
        }
}

static void build_info(struct corsym_buf *out)
{
    static const char *names[] = { "/names", "/src/headerblock", "/src/files/c:\\src\\a.cs",
                                   "/src/files/c:\\src\\b.cs", "sourcelink", "srcsrv" };
    static const uint32_t streams[] = { S_NAMES, S_HEADERBLOCK, S_FILE_A, S_FILE_B, S_SOURCELINK,
                                        S_SRCSRV };
    struct corsym_buf strings = CORSYM_BUF_INIT;
    uint32_t keys[6], hashes[6];
    uint8_t values[6 * 4];
    for (int i = 0; i < 6; i++) {
        keys[i] = (uint32_t)strings.len;
        wcstr(&strings, names[i]);
        hashes[i] = (uint16_t)corsym_winpdb_hash_v1((const uint8_t *)names[i], strlen(names[i]),
                                                    0xFFFFFFFFu);
        for (int k = 0; k < 4; k++)
            values[i * 4 + k] = (uint8_t)(streams[i] >> (8 * k));
    }
    w32(out, 20000404);
    w32(out, 0x12345678);
    w32(out, 2);
    for (int i = 0; i < 16; i++)
        w8(out, (uint8_t)(0xA0 + i));
    w32(out, (uint32_t)strings.len);
    wbytes(out, strings.data, strings.len);
    write_map(out, 10, 6, hashes, keys, values, 4);
    w32(out, 0); /* niMac */
    w32(out, CORSYM_WINPDB_FEATURE_VC140);
    corsym_buf_free(&strings);
}

static const char SOURCE_A[] = "class A {}\r\n";
static const char SOURCE_B[] =
    "class B { /* long enough to be worth deflating: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa */ }\r\n";

static void build_src_file(struct corsym_buf *out, bool checksum, bool deflated, const char *text)
{
    static const uint8_t csharp[16] = { 0xF8, 0x62, 0x51, 0x3F, 0xC6, 0x07, 0xD3, 0x11,
                                        0x90, 0x53, 0x00, 0xC0, 0x4F, 0xA3, 0x02, 0xA1 };
    static const uint8_t sha256[16] = { 0x0F, 0xD0, 0x29, 0x88, 0x0B, 0x11, 0x13, 0x42,
                                        0x87, 0x8B, 0x77, 0x0E, 0x85, 0x97, 0xAC, 0x16 };
    uint8_t zero[16] = { 0 }, sum[32];
    for (int i = 0; i < 32; i++)
        sum[i] = (uint8_t)i;
    wbytes(out, csharp, 16);
    wbytes(out, zero, 16);
    wbytes(out, zero, 16);
    wbytes(out, checksum ? sha256 : zero, 16);
    struct corsym_buf blob = CORSYM_BUF_INIT;
    if (deflated) {
        uint8_t z[512];
        z_stream zs;
        memset(&zs, 0, sizeof zs);
        assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
        zs.next_in = (Bytef *)(uintptr_t)text;
        zs.avail_in = (uInt)strlen(text);
        zs.next_out = z;
        zs.avail_out = sizeof z;
        assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
        w32(&blob, (uint32_t)strlen(text));
        wbytes(&blob, z, sizeof z - zs.avail_out);
        deflateEnd(&zs);
    } else {
        w32(&blob, 0);
        wbytes(&blob, text, strlen(text));
    }
    w32(out, checksum ? 32 : 0);
    w32(out, (uint32_t)blob.len);
    if (checksum)
        wbytes(out, sum, 32);
    wbytes(out, blob.data, blob.len);
    corsym_buf_free(&blob);
}

static void build_headerblock(struct corsym_buf *out, const struct names *n, uint32_t size_a,
                              uint32_t size_b)
{
    w32(out, 19980827);
    w32(out, 0); /* cb: patched below */
    for (int i = 0; i < 56; i++)
        w8(out, 0);
    uint8_t values[2 * 40];
    struct corsym_buf v = CORSYM_BUF_INIT;
    uint32_t files[2] = { n->a, n->b }, virt[2] = { n->a_canon, n->b_canon };
    uint32_t sizes[2] = { size_a, size_b };
    for (int i = 0; i < 2; i++) {
        w32(&v, 40);
        w32(&v, 19980827);
        w32(&v, 0x1000 + (uint32_t)i); /* crc: not checked by readers */
        w32(&v, sizes[i]);
        w32(&v, files[i]);
        w32(&v, n->empty);
        w32(&v, virt[i]);
        w8(&v, 101);
        w8(&v, 0);
        w16(&v, 0);
        w32(&v, 0);
        w32(&v, 0);
    }
    memcpy(values, v.data, sizeof values);
    uint32_t hashes[2] = { (uint16_t)virt[0], (uint16_t)virt[1] };
    write_map(out, 4, 2, hashes, virt, values, 40);
    set32(out, 4, (uint32_t)out->len);
    corsym_buf_free(&v);
}

/* Module 0: N.C::M1 with everything; module 1: N.C.<M1>d__0::MoveNext. */
static void build_module0(struct corsym_buf *out, const struct names *n, uint32_t *syms,
                          uint32_t *c13)
{
    w32(out, 4);
    manproc(out, 0x06000001, 0, 0x30, "M1");
    block32(out, 0, 0x30);
    unamespace(out, "USystem");
    manslot(out, 0, 0, "x");
    size_t at;
    /* every numeric leaf, in the order test_constants expects */
    at = constant_begin(out, 0x11000002);
    w16(out, 7);
    constant_end(out, at, "direct");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_CHAR);
    w8(out, 0xFB);
    constant_end(out, at, "char");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_SHORT);
    w16(out, (uint16_t)-300);
    constant_end(out, at, "short");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_USHORT);
    w16(out, 65000);
    constant_end(out, at, "ushort");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_LONG);
    w32(out, (uint32_t)-70000);
    constant_end(out, at, "long");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_ULONG);
    w32(out, 4000000000u);
    constant_end(out, at, "ulong");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_QUADWORD);
    w64(out, (uint64_t)-5000000000000LL);
    constant_end(out, at, "quad");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_UQUADWORD);
    w64(out, 1ull << 63);
    constant_end(out, at, "uquad");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_REAL32);
    w32(out, 0x3FC00000); /* 1.5f */
    constant_end(out, at, "r4");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_REAL64);
    w64(out, 0xC002000000000000ull); /* -2.25 */
    constant_end(out, at, "r8");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_DECIMAL);
    w16(out, 14);
    w8(out, 2);
    w8(out, 0x80);
    w32(out, 0);
    w64(out, 12345); /* -123.45m */
    constant_end(out, at, "dec");
    at = constant_begin(out, 0x11000002);
    w16(out, CORSYM_LF_DATE);
    w64(out, 630822816000000000ull);
    constant_end(out, at, "date");
    at = constant_begin(out, 0x11000003);
    w16(out, CORSYM_LF_VARSTRING);
    w16(out, 6);
    wbytes(out, "h\xc3\xa9llo", 6);
    constant_end(out, at, "str");
    at = constant_begin(out, 0x11000003);
    w16(out, CORSYM_LF_REAL80); /* no managed compiler writes it: skipped */
    for (int i = 0; i < 10; i++)
        w8(out, 0);
    constant_end(out, at, "r10");

    block32(out, 0x10, 0x10);
    manslot(out, 1, CORSYM_CV_LVAR_COMPGEN, "CS$0");
    at = rec_begin(out, 0x1111); /* S_REGREL32: native, skipped */
    w32(out, 0);
    w32(out, 0);
    w16(out, 0);
    wcstr(out, "native");
    rec_end(out, at);
    block32(out, 0x14, 0x4);
    manslot(out, 2, 0, "deep");
    end(out);
    end(out);
    /* A native procedure nested inside: skipped whole, its slot ignored. */
    at = rec_begin(out, CORSYM_S_LPROC32);
    for (int i = 0; i < 9; i++)
        w32(out, 0);
    wcstr(out, "nativeproc");
    rec_end(out, at);
    manslot(out, 99, 0, "ignored");
    end(out);
    end(out); /* root block */

    struct corsym_buf md2 = CORSYM_BUF_INIT, other = CORSYM_BUF_INIT;
    build_md2(&md2);
    oem(out, MANAGED_OEM, "MD2", &md2);
    static const uint8_t not_managed[16] = { 1, 2, 3 };
    w32(&other, 0xDEADBEEF);
    oem(out, not_managed, "MD2", &other); /* another vendor's OEM: skipped */
    end(out);
    corsym_buf_free(&md2);
    corsym_buf_free(&other);

    manproc(out, 0x06000002, 0x30, 0x20, "MoveNext");
    struct corsym_buf async = CORSYM_BUF_INIT;
    w32(&async, 0x06000001);
    w32(&async, 0x10);
    w32(&async, 2);
    w32(&async, 0x4);
    w32(&async, 0x06000002);
    w32(&async, 0x8);
    w32(&async, 0xC);
    w32(&async, 0x06000002);
    w32(&async, 0x18);
    oem(out, MANAGED_OEM, "asyncMethodInfo", &async);
    corsym_buf_free(&async);
    end(out);
    *syms = (uint32_t)out->len;

    /* C13 */
    size_t c13_start = out->len;
    /* an ignored subsection first */
    w32(out, 0x80000000u | CORSYM_DEBUG_S_LINES);
    w32(out, 4);
    w32(out, 0xFFFFFFFF);
    /* M1: blocks A (2 lines), B (1), A (1); file ids 0 (A) and 8 (B) */
    size_t sub = out->len;
    w32(out, CORSYM_DEBUG_S_LINES);
    w32(out, 0);
    w32(out, 0);
    w16(out, 1);
    w16(out, CORSYM_CV_LINES_HAVE_COLUMNS);
    w32(out, 0x30);
    w32(out, 0);
    w32(out, 2);
    w32(out, 12 + 2 * 12);
    w32(out, 0);
    w32(out, 10u | 2u << 24 | 1u << 31);
    w32(out, 4);
    w32(out, CORSYM_C13_HIDDEN_LINE | 1u << 31);
    w16(out, 5);
    w16(out, 9);
    w16(out, 0);
    w16(out, 0);
    w32(out, 8);
    w32(out, 1);
    w32(out, 12 + 12);
    w32(out, 8);
    w32(out, 3u | 1u << 31);
    w16(out, 1);
    w16(out, 2);
    w32(out, 0);
    w32(out, 1);
    w32(out, 12 + 12);
    w32(out, 0x20);
    w32(out, 11u | 1u << 31);
    w16(out, 3);
    w16(out, 4);
    set32(out, sub + 4, (uint32_t)(out->len - sub - 8));
    /* MoveNext: one line in B */
    sub = out->len;
    w32(out, CORSYM_DEBUG_S_LINES);
    w32(out, 0);
    w32(out, 0x30);
    w16(out, 1);
    w16(out, CORSYM_CV_LINES_HAVE_COLUMNS);
    w32(out, 0x20);
    w32(out, 8);
    w32(out, 1);
    w32(out, 24);
    w32(out, 0);
    w32(out, 20u | 1u << 31);
    w16(out, 1);
    w16(out, 1);
    set32(out, sub + 4, (uint32_t)(out->len - sub - 8));
    /* FILECHKSMS: A (no checksum), B (2 bytes, kind 1) */
    sub = out->len;
    w32(out, CORSYM_DEBUG_S_FILECHKSMS);
    w32(out, 0);
    size_t data = out->len;
    w32(out, n->a);
    w8(out, 0);
    w8(out, 0);
    pad4(out, data);
    w32(out, n->b);
    w8(out, 2);
    w8(out, 1);
    w8(out, 0xAB);
    w8(out, 0xCD);
    pad4(out, data);
    set32(out, sub + 4, (uint32_t)(out->len - sub - 8));
    *c13 = (uint32_t)(out->len - c13_start);
    w32(out, 0); /* no global refs */
}

static void modinfo(struct corsym_buf *out, uint16_t stream, uint32_t syms, uint32_t c13,
                    const char *name)
{
    size_t start = out->len;
    w32(out, 0);
    w16(out, 0xFFFF);
    w16(out, 0);
    w32(out, 0);
    w32(out, 0xFFFFFFFF);
    w32(out, 0);
    w16(out, 0xFFFF);
    w16(out, 0);
    w32(out, 0);
    w32(out, 0);
    w16(out, 0);
    w16(out, stream);
    w32(out, syms);
    w32(out, 0);
    w32(out, c13);
    w16(out, 2);
    w16(out, 0);
    w32(out, 0x05FCC4C8); /* garbage pointer, as seen in real files */
    w32(out, 0);
    w32(out, 0);
    wcstr(out, name);
    wcstr(out, "DB541CC6");
    pad4(out, start);
}

static void build_dbi(struct corsym_buf *out, uint32_t syms0, uint32_t c13_0)
{
    struct corsym_buf mods = CORSYM_BUF_INIT, sc = CORSYM_BUF_INIT, dbg = CORSYM_BUF_INIT;
    modinfo(&mods, S_MOD0, syms0, c13_0, "N.C");
    modinfo(&mods, S_MOD1, 0, 0, "* CompilerInfo *");
    modinfo(&mods, 0xFFFF, 0, 0, "<DanglingDocuments*223343bd-a859-41a3-90c0-9dfa101f1a95>");
    w32(&sc, 0xF12EBA2D);
    for (int i = 0; i < 2; i++) {
        w16(&sc, 1);
        w16(&sc, 0);
        w32(&sc, i ? 0x30 : 0);
        w32(&sc, i ? 0x20 : 0x30);
        w32(&sc, 0);
        w16(&sc, 0);
        w16(&sc, 0);
        w32(&sc, 0);
        w32(&sc, 0);
    }
    for (int i = 0; i < 11; i++)
        w16(&dbg, i == 6 ? S_RIDMAP : 0xFFFF);
    w32(out, 0xFFFFFFFF);
    w32(out, 19990903);
    w32(out, 3); /* DBI age differs from the info age, as after pdbstr */
    w16(out, 0xFFFF);
    w16(out, 0x8E00);
    w16(out, S_PSI);
    w16(out, 0);
    w16(out, S_SYMREC);
    w16(out, 0);
    w32(out, (uint32_t)mods.len);
    w32(out, (uint32_t)sc.len);
    w32(out, 0);
    w32(out, 0);
    w32(out, 0);
    w32(out, 0);
    w32(out, (uint32_t)dbg.len);
    w32(out, 0);
    w16(out, 0);
    w16(out, 0xC0EE);
    w32(out, 0);
    wbytes(out, mods.data, mods.len);
    wbytes(out, sc.data, sc.len);
    wbytes(out, dbg.data, dbg.len);
    corsym_buf_free(&mods);
    corsym_buf_free(&sc);
    corsym_buf_free(&dbg);
}

static void build_module1(struct corsym_buf *out, uint32_t *syms)
{
    w32(out, 4);
    size_t at = rec_begin(out, CORSYM_S_COMPILE3);
    w32(out, 0x0F);
    w16(out, 7);
    for (int i = 0; i < 4; i++)
        w16(out, 0);
    w16(out, 4);
    w16(out, 0);
    w16(out, 21);
    w16(out, 52102);
    wcstr(out, "C# - test");
    rec_end(out, at);
    *syms = (uint32_t)out->len;
    w32(out, 0);
}

static void build_publics(struct corsym_buf *symrec, struct corsym_buf *psi)
{
    /* A procref first, so the entry point is not at offset 0. */
    size_t at = rec_begin(symrec, CORSYM_S_PROCREF);
    w32(symrec, 0);
    w32(symrec, 4);
    w16(symrec, 1);
    wcstr(symrec, "M1");
    rec_end(symrec, at);
    uint32_t pub = (uint32_t)symrec->len;
    at = rec_begin(symrec, CORSYM_S_PUB32);
    w32(symrec, 0);
    w32(symrec, 0x06000001);
    w16(symrec, 0);
    wcstr(symrec, "COM+_Entry_Point");
    rec_end(symrec, at);

    static const char ep[] = "COM+_Entry_Point";
    uint32_t bucket = corsym_winpdb_hash_v1((const uint8_t *)ep, sizeof ep - 1, 4096);
    for (int i = 0; i < 7; i++)
        w32(psi, 0); /* PSI header: nothing we read */
    w32(psi, 0xFFFFFFFF);
    w32(psi, 0xF12F091A);
    w32(psi, 8);
    w32(psi, 516 + 4);
    w32(psi, pub + 1);
    w32(psi, 1);
    uint8_t bitmap[516] = { 0 };
    bitmap[bucket / 8] = (uint8_t)(1u << (bucket % 8));
    wbytes(psi, bitmap, sizeof bitmap);
    w32(psi, 0);
}

struct image {
    uint8_t *data;
    size_t len;
};

/* MSF layout like the container test's, with optional scattering. */
static struct image msf_build(uint32_t bs, struct corsym_buf *streams, const bool *nil, uint32_t n,
                              bool scatter)
{
    uint32_t data_blocks = 0;
    for (uint32_t i = 0; i < n; i++)
        data_blocks += nil[i] ? 0 : (uint32_t)((streams[i].len + bs - 1) / bs);
    uint32_t dir_bytes = 4 + 4 * n + 4 * data_blocks;
    uint32_t dir_blocks = (dir_bytes + bs - 1) / bs;
    uint32_t total = 3 + data_blocks + dir_blocks + 1;
    struct image img = { calloc(total, bs), (size_t)total * bs };
    assert_non_null(img.data);
    struct corsym_buf dir = CORSYM_BUF_INIT;
    w32(&dir, n);
    for (uint32_t i = 0; i < n; i++)
        w32(&dir, nil[i] ? 0xFFFFFFFFu : (uint32_t)streams[i].len);
    uint32_t next = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (nil[i])
            continue;
        for (size_t k = 0; k * bs < streams[i].len; k++, next++) {
            /* Scatter: odd and even blocks interleave backwards. */
            uint32_t block = scatter ? 3 + (next % 2 ? next / 2 : data_blocks - 1 - next / 2)
                                     : 3 + next;
            w32(&dir, block);
            size_t chunk = streams[i].len - k * bs < bs ? streams[i].len - k * bs : bs;
            memcpy(img.data + (size_t)block * bs, streams[i].data + k * bs, chunk);
        }
    }
    uint32_t dir_first = 3 + data_blocks, map = dir_first + dir_blocks;
    memcpy(img.data + (size_t)dir_first * bs, dir.data, dir.len);
    for (uint32_t k = 0; k < dir_blocks; k++)
        set32(&(struct corsym_buf){ img.data, img.len, img.len + 1 }, (size_t)map * bs + 4 * k,
              dir_first + k);
    memcpy(img.data, corsym_msf_magic, 32);
    struct corsym_buf hdr = { img.data, img.len, img.len + 1 };
    set32(&hdr, 32, bs);
    set32(&hdr, 36, 2);
    set32(&hdr, 40, total);
    set32(&hdr, 44, dir_bytes);
    set32(&hdr, 52, map);
    corsym_buf_free(&dir);
    return img;
}

static struct image build_pdb(uint32_t bs, bool scatter)
{
    struct corsym_buf s[S_COUNT];
    bool nil[S_COUNT] = { false };
    for (int i = 0; i < S_COUNT; i++)
        corsym_buf_init(&s[i]);
    struct names n;
    uint32_t syms0, c13_0, syms1;
    build_names(&n, &s[S_NAMES]);
    build_info(&s[S_INFO]);
    build_module0(&s[S_MOD0], &n, &syms0, &c13_0);
    build_module1(&s[S_MOD1], &syms1);
    build_dbi(&s[S_DBI], syms0, c13_0);
    /* module 1's sizes: patch its record (second, after module 0's) */
    build_src_file(&s[S_FILE_A], true, false, SOURCE_A);
    build_src_file(&s[S_FILE_B], false, true, SOURCE_B);
    build_headerblock(&s[S_HEADERBLOCK], &n, (uint32_t)s[S_FILE_A].len,
                      (uint32_t)s[S_FILE_B].len);
    wbytes(&s[S_SOURCELINK], "{\"documents\":{}}", 16);
    wbytes(&s[S_SRCSRV], "SRCSRV: ini ------", 18);
    w32(&s[S_RIDMAP], 0);
    w32(&s[S_RIDMAP], 5);
    w32(&s[S_RIDMAP], 6);
    build_publics(&s[S_SYMREC], &s[S_PSI]);
    nil[S_NIL] = true;
    /* Fix module 1's symbol size in the DBI (modinfo wrote 0). */
    {
        size_t rec1 = 64; /* DBI header */
        size_t first_len = 64 + strlen("N.C") + 1 + 9;
        first_len = (first_len + 3) / 4 * 4;
        set32(&s[S_DBI], rec1 + first_len + 36, syms1);
    }
    struct image img = msf_build(bs, s, nil, S_COUNT, scatter);
    for (int i = 0; i < S_COUNT; i++)
        corsym_buf_free(&s[i]);
    corsym_buf_free(&n.strings);
    return img;
}

/* ---- assertions ---------------------------------------------------------- */

static bool span_is(struct corsym_span s, const char *text)
{
    return corsym_span_eq(s, text, strlen(text));
}

static void write_seed(const char *name, struct image img)
{
    const char *dir = getenv("CORSYM_WINPDB_SEED_DIR");
    if (!dir)
        return;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(img.data, 1, img.len, f), img.len);
    fclose(f);
}

static void check_identity(struct corsym_winpdb *pdb)
{
    const struct corsym_winpdb_info *info = corsym_winpdb_info(pdb);
    assert_int_equal(info->version, 20000404);
    assert_int_equal(info->signature, 0x12345678);
    assert_int_equal(info->age, 2);
    assert_true(info->has_dbi);
    assert_int_equal(info->dbi_age, 3);
    assert_int_equal(info->guid[0], 0xA0);
    assert_int_equal(info->guid[15], 0xAF);
    struct corsym_span file = corsym_msf_file(corsym_winpdb_msf(pdb));
    assert_int_equal(file.data[info->guid_file_offset], 0xA0);
    assert_int_equal(file.data[info->signature_file_offset], 0x78);
    assert_int_equal(corsym_winpdb_feature_count(pdb), 1);
    assert_true(corsym_winpdb_has_feature(pdb, CORSYM_WINPDB_FEATURE_VC140));
    assert_int_equal(corsym_winpdb_module_count(pdb), 3);
    assert_int_equal(corsym_winpdb_section_contrib_count(pdb), 2);
    struct corsym_winpdb_section_contrib sc;
    assert_int_equal(corsym_winpdb_section_contrib_at(pdb, 1, &sc), CORSYM_OK);
    assert_int_equal(sc.offset, 0x30);
    assert_int_equal(sc.size, 0x20);
    assert_int_equal(corsym_winpdb_debug_stream(pdb, CORSYM_WINPDB_DBG_TOKEN_RID_MAP), S_RIDMAP);
    assert_int_equal(corsym_winpdb_debug_stream(pdb, CORSYM_WINPDB_DBG_FPO), 0xFFFF);

    struct corsym_msf_bytes b;
    assert_int_equal(corsym_winpdb_source_link(pdb, &b), CORSYM_OK);
    assert_true(span_is(b.span, "{\"documents\":{}}"));
    corsym_msf_bytes_release(&b);
    assert_int_equal(corsym_winpdb_source_server(pdb, &b), CORSYM_OK);
    assert_true(span_is(b.span, "SRCSRV: ini ------"));
    corsym_msf_bytes_release(&b);
    uint32_t stream;
    assert_int_equal(corsym_winpdb_named_stream(pdb, "/nope", 5, &stream), CORSYM_NOT_FOUND);

    uint32_t token;
    assert_int_equal(corsym_winpdb_entry_point(pdb, &token), CORSYM_OK);
    /* As stored, not through the RID map (which would give 0x06000005): Microsoft's reader
     * answers so (tests/wine/expected/writer/remap.txt). */
    assert_int_equal(token, 0x06000001);

    struct corsym_cv_compile3 cc;
    struct corsym_winpdb_module holder;
    assert_int_equal(corsym_winpdb_compiler_info(pdb, &cc, &holder), CORSYM_OK);
    assert_int_equal(cc.backend[0], 4);
    assert_int_equal(cc.backend[3], 52102);
    assert_true(span_is(cc.version, "C# - test"));
    corsym_winpdb_module_release(&holder);
}

static void check_documents(struct corsym_winpdb *pdb, uint32_t *ni_a, uint32_t *ni_b)
{
    struct corsym_winpdb_documents *docs;
    assert_int_equal(corsym_winpdb_documents_build(pdb, &docs), CORSYM_OK);
    assert_int_equal(corsym_winpdb_documents_count(docs), 2);
    const struct corsym_winpdb_document *a = corsym_winpdb_document_at(docs, 0);
    const struct corsym_winpdb_document *b = corsym_winpdb_document_at(docs, 1);
    assert_true(span_is(a->name, "C:\\src\\A.cs"));
    assert_true(span_is(b->name, "C:/src/B.cs")); /* canonical form folds '/' */
    assert_true(a->has_source_info && b->has_source_info);
    assert_int_equal(a->files_stream, S_FILE_A);
    assert_int_equal(b->files_stream, S_FILE_B);
    assert_int_equal(a->checksum.len, 32);
    assert_int_equal(a->checksum.data[31], 31);
    assert_int_equal(a->checksum_algorithm[0], 0x0F);
    assert_int_equal(b->checksum.len, 0);
    assert_int_equal(b->c13_checksum_kind, 1);
    assert_int_equal(b->c13_checksum.len, 2);
    assert_int_equal(b->c13_checksum.data[1], 0xCD);

    struct corsym_buf text = CORSYM_BUF_INIT;
    assert_int_equal(corsym_winpdb_embedded_source_decode(a->embedded_source, &text), CORSYM_OK);
    assert_int_equal(text.len, strlen(SOURCE_A));
    assert_memory_equal(text.data, SOURCE_A, text.len);
    corsym_buf_clear(&text);
    assert_int_equal(corsym_winpdb_embedded_source_decode(b->embedded_source, &text), CORSYM_OK);
    assert_int_equal(text.len, strlen(SOURCE_B));
    assert_memory_equal(text.data, SOURCE_B, text.len);
    corsym_buf_free(&text);

    uint32_t i;
    assert_int_equal(corsym_winpdb_documents_find(docs, b->name_ni, &i), CORSYM_OK);
    assert_int_equal(i, 1);
    assert_int_equal(corsym_winpdb_documents_find(docs, 12345, &i), CORSYM_NOT_FOUND);
    *ni_a = a->name_ni;
    *ni_b = b->name_ni;
    corsym_winpdb_documents_free(docs);
}

static void check_constants(const struct corsym_winpdb_method *m, const struct corsym_winpdb_scope *s)
{
    assert_int_equal(s->constants_count, 13); /* the REAL80 one is skipped */
    const struct corsym_winpdb_constant *c = &m->constants[s->constants_first];
    assert_int_equal(c[0].value.kind, CORSYM_CV_NUM_UNSIGNED);
    assert_int_equal(c[0].value.u.u, 7);
    assert_int_equal(c[1].value.u.i, -5);
    assert_int_equal(c[2].value.u.i, -300);
    assert_int_equal(c[3].value.u.u, 65000);
    assert_int_equal(c[4].value.u.i, -70000);
    assert_int_equal(c[5].value.u.u, 4000000000u);
    assert_true(c[6].value.u.i == -5000000000000LL);
    assert_true(c[7].value.u.u == 1ull << 63);
    assert_int_equal(c[8].value.kind, CORSYM_CV_NUM_REAL32);
    assert_true(c[8].value.u.r4 == 1.5f);
    assert_int_equal(c[9].value.kind, CORSYM_CV_NUM_REAL64);
    assert_true(c[9].value.u.r8 == -2.25);
    assert_int_equal(c[10].value.kind, CORSYM_CV_NUM_DECIMAL);
    assert_int_equal(c[10].value.u.decimal.reserved, 14);
    assert_int_equal(c[10].value.u.decimal.scale, 2);
    assert_int_equal(c[10].value.u.decimal.sign, 0x80);
    assert_int_equal(c[10].value.u.decimal.lo64, 12345);
    assert_int_equal(c[11].value.kind, CORSYM_CV_NUM_DATE);
    assert_true(c[11].value.u.i == 630822816000000000LL);
    assert_int_equal(c[12].value.kind, CORSYM_CV_NUM_STRING);
    assert_true(span_is(c[12].value.text, "h\xc3\xa9llo"));
    assert_true(span_is(c[12].name, "str"));
    assert_int_equal(c[12].signature_token, 0x11000003);
}

static void check_md2(const struct corsym_winpdb_method *m)
{
    assert_true(m->has_md2);
    assert_int_equal(m->md2_status, CORSYM_OK);
    const struct corsym_md2_info *d = &m->md2_info;
    assert_int_equal(d->stored_count, 8);
    assert_int_equal(d->record_count, 8);
    assert_int_equal(d->unknown_count, 1);
    assert_int_equal(d->forward_method, 0x06000002);
    uint16_t groups, g1;
    assert_int_equal(corsym_md2_using_groups(d->body[0], &groups), CORSYM_OK);
    assert_int_equal(groups, 2);
    assert_int_equal(corsym_md2_using_group_at(d->body[0], 1, &g1), CORSYM_OK);
    assert_int_equal(g1, 2);
    assert_int_equal(corsym_md2_using_group_at(d->body[0], 2, &g1), CORSYM_NOT_FOUND);
    uint32_t n, a, b;
    assert_int_equal(corsym_md2_hoisted_count(d->body[3], &n), CORSYM_OK);
    assert_int_equal(n, 2);
    assert_int_equal(corsym_md2_hoisted_at(d->body[3], 0, &a, &b), CORSYM_OK);
    assert_int_equal(a, 2);
    assert_int_equal(b, 5);
    struct corsym_md2_dynamic_local dyn;
    assert_int_equal(corsym_md2_dynamic_count(d->body[5], &n), CORSYM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(corsym_md2_dynamic_at(d->body[5], 0, &dyn), CORSYM_OK);
    assert_int_equal(dyn.flag_count, 3);
    assert_int_equal(dyn.flags.len, 3);
    assert_int_equal(dyn.flags.data[2], 1);
    assert_int_equal(dyn.slot, 7);
    assert_int_equal(dyn.name_utf16.len, 6);
    assert_int_equal(d->body[6].len, 5); /* alignment padding removed */
    assert_int_equal(d->body[6].data[4], 5);
    struct corsym_md2_tuple_iter it;
    struct corsym_md2_tuple_local t;
    assert_int_equal(corsym_md2_tuple_begin(&it, d->body[8], &n), CORSYM_OK);
    assert_int_equal(n, 1);
    assert_int_equal(corsym_md2_tuple_next(&it, &t), CORSYM_OK);
    assert_int_equal(t.element_count, 2);
    assert_int_equal(t.slot, 0);
    assert_true(span_is(t.name, "t"));
    struct corsym_cursor names;
    struct corsym_span s;
    corsym_cursor_from_span(&names, t.element_names);
    assert_int_equal(corsym_md2_next_cstr(&names, &s), CORSYM_OK);
    assert_true(span_is(s, "a"));
    assert_int_equal(corsym_md2_next_cstr(&names, &s), CORSYM_OK);
    assert_int_equal(s.len, 0);
    assert_int_equal(corsym_md2_next_cstr(&names, &s), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_md2_tuple_next(&it, &t), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_md2_state_machine_type_name(d->body[4], &s), CORSYM_OK);
    assert_int_equal(s.len, 16);
    assert_int_equal(m->oem_count, 1); /* the other vendor's record is not ours */
}

static void check_methods(struct corsym_winpdb *pdb, uint32_t ni_a, uint32_t ni_b)
{
    struct corsym_winpdb_index *idx;
    struct corsym_winpdb_method *m;
    assert_int_equal(corsym_winpdb_index_build(pdb, &idx), CORSYM_OK);
    assert_int_equal(corsym_winpdb_index_count(idx), 2);
    /* Stored tokens go through the RID map. */
    assert_int_equal(corsym_winpdb_method_load(pdb, idx, 0x06000001, &m), CORSYM_NOT_FOUND);
    assert_int_equal(corsym_winpdb_method_load(pdb, idx, 0x06000005, &m), CORSYM_OK);
    assert_true(span_is(m->proc.name, "M1"));
    assert_int_equal(m->proc.token, 0x06000001);

    /* scopes: proc, root block, [0x10,0x20) with a nested [0x14,0x18) */
    assert_int_equal(m->scope_count, 4);
    assert_int_equal(m->scopes[1].parent, 0);
    assert_int_equal(m->scopes[2].parent, 1);
    assert_int_equal(m->scopes[3].parent, 2);
    assert_int_equal(m->scopes[2].start_offset, 0x10);
    assert_int_equal(m->scopes[2].end_offset, 0x20);
    assert_int_equal(m->scopes[3].start_offset, 0x14);
    assert_int_equal(m->scopes[3].end_offset, 0x18);
    assert_int_equal(m->scopes[0].first_child, 1);
    assert_int_equal(m->scopes[1].first_child, 2);
    assert_int_equal(m->local_count, 3); /* "ignored" inside the native proc is not one */
    assert_true(span_is(m->locals[m->scopes[1].locals_first].name, "x"));
    assert_true(span_is(m->locals[m->scopes[2].locals_first].name, "CS$0"));
    assert_int_equal(m->locals[m->scopes[2].locals_first].flags, CORSYM_CV_LVAR_COMPGEN);
    assert_true(span_is(m->locals[m->scopes[3].locals_first].name, "deep"));
    assert_int_equal(m->scopes[1].namespaces_count, 1);
    assert_true(span_is(m->namespaces[m->scopes[1].namespaces_first].name, "USystem"));
    /* the REAL80 constant, S_REGREL32, S_LPROC32 and the slot inside it,
     * the foreign OEM (closing S_ENDs are not counted) */
    assert_int_equal(m->skipped_records, 5);
    check_constants(m, &m->scopes[1]);
    check_md2(m);

    /* sequence points A, A(hidden), B, A in stored order */
    assert_int_equal(m->point_count, 4);
    assert_int_equal(m->points[0].document_ni, ni_a);
    assert_int_equal(m->points[0].start_line, 10);
    assert_int_equal(m->points[0].end_line, 12);
    assert_int_equal(m->points[0].start_column, 5);
    assert_int_equal(m->points[0].end_column, 9);
    assert_true(m->points[1].hidden);
    assert_int_equal(m->points[1].il_offset, 4);
    assert_int_equal(m->points[2].document_ni, ni_b);
    assert_int_equal(m->points[2].il_offset, 8);
    assert_int_equal(m->points[3].document_ni, ni_a);
    assert_int_equal(m->points[3].start_line, 11);
    struct corsym_span data;
    assert_int_equal(corsym_winpdb_method_oem(m, "MD2", &data), CORSYM_OK);
    assert_int_equal(corsym_winpdb_method_oem(m, "nope", &data), CORSYM_NOT_FOUND);
    corsym_winpdb_method_free(m);

    assert_int_equal(corsym_winpdb_method_load(pdb, idx, 0x06000006, &m), CORSYM_OK);
    assert_true(m->has_async);
    assert_int_equal(m->async.kickoff_token, 0x06000001);
    assert_true(m->async.has_catch_handler);
    assert_int_equal(m->async.catch_handler_offset, 0x10);
    assert_int_equal(m->async.step_count, 2);
    assert_int_equal(m->async_steps[1].yield_offset, 0xC);
    assert_int_equal(m->async_steps[1].resume_offset, 0x18);
    assert_int_equal(m->point_count, 1);
    assert_int_equal(m->points[0].document_ni, ni_b);
    assert_int_equal(m->scope_count, 1);
    corsym_winpdb_method_free(m);
    corsym_winpdb_index_free(idx);
}

static void check_image(struct image img)
{
    struct corsym_winpdb *pdb;
    uint32_t ni_a, ni_b;
    assert_int_equal(corsym_winpdb_open(&pdb, img.data, img.len), CORSYM_OK);
    check_identity(pdb);
    check_documents(pdb, &ni_a, &ni_b);
    check_methods(pdb, ni_a, ni_b);
    corsym_winpdb_close(pdb);
}

static void test_contiguous_512(void **state)
{
    (void)state;
    struct image img = build_pdb(512, false);
    write_seed("synthetic-512.pdb", img);
    check_image(img);
    free(img.data);
}

static void test_scattered_512(void **state)
{
    (void)state;
    struct image img = build_pdb(512, true);
    write_seed("synthetic-512-scattered.pdb", img);
    check_image(img);
    free(img.data);
}

static void test_scattered_1024(void **state)
{
    (void)state;
    struct image img = build_pdb(1024, true);
    check_image(img);
    free(img.data);
}

static void test_contiguous_4096(void **state)
{
    (void)state;
    struct image img = build_pdb(4096, false);
    check_image(img);
    free(img.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_contiguous_512),
        cmocka_unit_test(test_scattered_512),
        cmocka_unit_test(test_scattered_1024),
        cmocka_unit_test(test_contiguous_4096),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
