/* SHA-2 against FIPS 180-4 test vectors, and raw inflate against data
 * deflated by zlib here in the test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "base/inflate.h"
#include "base/sha2.h"
#include "base/text.h"

static void check_hex(const uint8_t *digest, size_t n, const char *want)
{
    struct corsym_buf b = CORSYM_BUF_INIT;
    assert_int_equal(corsym_text_hex(&b, digest, n), CORSYM_OK);
    assert_string_equal((char *)b.data, want);
    corsym_buf_free(&b);
}

static void sha256_vectors(void)
{
    uint8_t d[32];
    struct corsym_sha256 s;
    corsym_sha256_init(&s);
    corsym_sha256_final(&s, d);
    check_hex(d, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    corsym_sha256_init(&s);
    corsym_sha256_update(&s, "abc", 3);
    corsym_sha256_final(&s, d);
    check_hex(d, 32, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* Two-block message, fed in uneven pieces. */
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    corsym_sha256_init(&s);
    for (size_t i = 0; i < strlen(m); i += 7)
        corsym_sha256_update(&s, m + i, strlen(m) - i < 7 ? strlen(m) - i : 7);
    corsym_sha256_final(&s, d);
    check_hex(d, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* One million 'a'. */
    char *a = malloc(1000000);
    memset(a, 'a', 1000000);
    corsym_sha256_init(&s);
    corsym_sha256_update(&s, a, 1000000);
    corsym_sha256_final(&s, d);
    check_hex(d, 32, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(a);
}

/* The FIPS vectors through the portable code and through the SHA instructions (where the
 * processor has them), then both on pseudo-random data of every length up to 300 bytes fed
 * in pieces, which must give the same digests. */
static void test_sha256_vectors(void **state)
{
    (void)state;
    corsym_sha256_select(false);
    assert_false(corsym_sha256_accelerated());
    sha256_vectors();
    corsym_sha256_select(true);
    sha256_vectors();

    uint8_t data[300], portable[32], fast[32];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof(data); i++) {
        x = x * 1103515245u + 12345u;
        data[i] = (uint8_t)(x >> 16);
    }
    for (size_t len = 0; len <= sizeof(data); len++) {
        for (int pass = 0; pass < 2; pass++) {
            corsym_sha256_select(pass == 1);
            struct corsym_sha256 s;
            corsym_sha256_init(&s);
            size_t split = len / 3;
            corsym_sha256_update(&s, data, split);
            corsym_sha256_update(&s, data + split, len - split);
            corsym_sha256_final(&s, pass ? fast : portable);
        }
        assert_memory_equal(portable, fast, 32);
    }
    corsym_sha256_select(true);
}

static void test_sha512_384_vectors(void **state)
{
    (void)state;
    uint8_t d[64];
    struct corsym_sha512 s;
    corsym_sha512_init(&s);
    corsym_sha512_update(&s, "abc", 3);
    corsym_sha512_final(&s, d);
    check_hex(d, 64,
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    corsym_sha384_init(&s);
    corsym_sha512_update(&s, "abc", 3);
    corsym_sha512_final(&s, d);
    check_hex(d, 48,
              "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
              "8086072ba1e7cc2358baeca134c825a7");
    corsym_sha512_init(&s);
    corsym_sha512_final(&s, d);
    check_hex(d, 64,
              "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
              "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    corsym_sha512_init(&s);
    corsym_sha512_update(&s, m, strlen(m));
    corsym_sha512_final(&s, d);
    check_hex(d, 64,
              "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
              "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

/* Raw-deflate src with zlib so the test owns its expected bytes. */
static size_t deflate_raw(const uint8_t *src, size_t n, uint8_t *dst, size_t cap)
{
    z_stream z = { 0 };
    assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
    z.next_in = (Bytef *)(uintptr_t)src;
    z.avail_in = (uInt)n;
    z.next_out = dst;
    z.avail_out = (uInt)cap;
    assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
    size_t out = z.total_out;
    deflateEnd(&z);
    return out;
}

static void test_inflate(void **state)
{
    (void)state;
    uint8_t src[5000], packed[6000], out[5001];
    for (size_t i = 0; i < sizeof src; i++)
        src[i] = (uint8_t)(i * 7 % 13);
    size_t plen = deflate_raw(src, sizeof src, packed, sizeof packed);

    assert_int_equal(corsym_inflate_raw(packed, plen, out, sizeof src), CORSYM_OK);
    assert_memory_equal(out, src, sizeof src);
    /* Declared size too small or too large. */
    assert_int_equal(corsym_inflate_raw(packed, plen, out, sizeof src - 1), CORSYM_E_MISMATCH);
    assert_int_equal(corsym_inflate_raw(packed, plen, out, sizeof src + 1), CORSYM_E_MISMATCH);
    /* Truncated stream. */
    assert_int_equal(corsym_inflate_raw(packed, plen / 2, out, sizeof src), CORSYM_E_CORRUPT);
    /* Trailing bytes after the end of the stream. */
    packed[plen] = 0xAA;
    assert_int_equal(corsym_inflate_raw(packed, plen + 1, out, sizeof src), CORSYM_E_MISMATCH);
    /* Garbage: 0xFF starts a block of reserved type 3. */
    static const uint8_t junk[] = { 0xFF, 0xFF, 0xFF };
    assert_int_equal(corsym_inflate_raw(junk, sizeof junk, out, 10), CORSYM_E_CORRUPT);
    /* Empty input, empty output: the stream never ends. */
    assert_int_equal(corsym_inflate_raw(NULL, 0, NULL, 0), CORSYM_E_CORRUPT);
    size_t elen = deflate_raw(NULL, 0, packed, sizeof packed);
    assert_int_equal(corsym_inflate_raw(packed, elen, NULL, 0), CORSYM_OK);
    assert_int_equal(corsym_inflate_raw(NULL, 5, out, 1), CORSYM_E_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_vectors),
        cmocka_unit_test(test_sha512_384_vectors),
        cmocka_unit_test(test_inflate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
