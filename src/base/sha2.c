#include "base/sha2.h"

#include <stdbool.h>
#include <string.h>

/* x86-64 processors with the SHA extensions hash about ten times faster through them; a
 * deterministic PDB id hashes the whole image, which made it a fifth of writing a large
 * PDB. Chosen at run time (CPUID), so one binary runs anywhere. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define CORSYM_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

/* Constants are the fractional parts of cube roots of the first primes
 * (FIPS 180-4 section 4.2). */
static const uint32_t k256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint64_t k512[80] = {
    0x428a2f98d728ae22ull, 0x7137449123ef65cdull, 0xb5c0fbcfec4d3b2full, 0xe9b5dba58189dbbcull,
    0x3956c25bf348b538ull, 0x59f111f1b605d019ull, 0x923f82a4af194f9bull, 0xab1c5ed5da6d8118ull,
    0xd807aa98a3030242ull, 0x12835b0145706fbeull, 0x243185be4ee4b28cull, 0x550c7dc3d5ffb4e2ull,
    0x72be5d74f27b896full, 0x80deb1fe3b1696b1ull, 0x9bdc06a725c71235ull, 0xc19bf174cf692694ull,
    0xe49b69c19ef14ad2ull, 0xefbe4786384f25e3ull, 0x0fc19dc68b8cd5b5ull, 0x240ca1cc77ac9c65ull,
    0x2de92c6f592b0275ull, 0x4a7484aa6ea6e483ull, 0x5cb0a9dcbd41fbd4ull, 0x76f988da831153b5ull,
    0x983e5152ee66dfabull, 0xa831c66d2db43210ull, 0xb00327c898fb213full, 0xbf597fc7beef0ee4ull,
    0xc6e00bf33da88fc2ull, 0xd5a79147930aa725ull, 0x06ca6351e003826full, 0x142929670a0e6e70ull,
    0x27b70a8546d22ffcull, 0x2e1b21385c26c926ull, 0x4d2c6dfc5ac42aedull, 0x53380d139d95b3dfull,
    0x650a73548baf63deull, 0x766a0abb3c77b2a8ull, 0x81c2c92e47edaee6ull, 0x92722c851482353bull,
    0xa2bfe8a14cf10364ull, 0xa81a664bbc423001ull, 0xc24b8b70d0f89791ull, 0xc76c51a30654be30ull,
    0xd192e819d6ef5218ull, 0xd69906245565a910ull, 0xf40e35855771202aull, 0x106aa07032bbd1b8ull,
    0x19a4c116b8d2d0c8ull, 0x1e376c085141ab53ull, 0x2748774cdf8eeb99ull, 0x34b0bcb5e19b48a8ull,
    0x391c0cb3c5c95a63ull, 0x4ed8aa4ae3418acbull, 0x5b9cca4f7763e373ull, 0x682e6ff3d6b2b8a3ull,
    0x748f82ee5defb2fcull, 0x78a5636f43172f60ull, 0x84c87814a1f0ab72ull, 0x8cc702081a6439ecull,
    0x90befffa23631e28ull, 0xa4506cebde82bde9ull, 0xbef9a3f7b2c67915ull, 0xc67178f2e372532bull,
    0xca273eceea26619cull, 0xd186b8c721c0c207ull, 0xeada7dd6cde0eb1eull, 0xf57d4f7fee6ed178ull,
    0x06f067aa72176fbaull, 0x0a637dc5a2c898a6ull, 0x113f9804bef90daeull, 0x1b710b35131c471bull,
    0x28db77f523047d84ull, 0x32caab7b40c72493ull, 0x3c9ebe0a15c9bebcull, 0x431d67c49c100d4cull,
    0x4cc5d4becb3e42b6ull, 0x597f299cfc657e2aull, 0x5fcb6fab3ad6faecull, 0x6c44198c4a475817ull,
};

static inline uint32_t ror32(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }
static inline uint64_t ror64(uint64_t x, unsigned n) { return (x >> n) | (x << (64 - n)); }

static void sha256_block(uint32_t h[8], const uint8_t *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
               (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) + ((e & f) ^ (~e & g)) +
                      k256[i] + w[i];
        uint32_t t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

#ifdef CORSYM_SHA_NI
/* SHA-NI keeps the state as ABEF and CDGH; each sha256rnds2 does two rounds with the two
 * low message+constant words, so four rounds are two calls. Message words for rounds
 * 16..63 come from sha256msg1 (the sigma0 part), the w[t-7] words and sha256msg2 (sigma1). */
__attribute__((target("sha,sse4.1,ssse3")))
static void sha256_blocks_ni(uint32_t h[8], const uint8_t *p, size_t blocks)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)(const void *)&h[0]);     /* A B C D */
    __m128i state1 = _mm_loadu_si128((const __m128i *)(const void *)&h[4]);  /* E F G H */
    tmp = _mm_shuffle_epi32(tmp, 0xB1);                /* B A D C */
    state1 = _mm_shuffle_epi32(state1, 0x1B);          /* H G F E */
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  /* ABEF */
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);       /* CDGH */
    for (; blocks; blocks--, p += 64) {
        __m128i abef = state0, cdgh = state1, w[4];
        for (int i = 0; i < 16; i++) {
            __m128i m;
            if (i < 4) {
                m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)),
                                     bswap);
            } else {
                m = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);          /* w[i-4], w[i-3] */
                m = _mm_add_epi32(m, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                m = _mm_sha256msg2_epu32(m, w[(i + 3) & 3]);                   /* w[i-1] */
            }
            w[i & 3] = m;
            __m128i mk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)(const void *)&k256[4 * i]));
            state1 = _mm_sha256rnds2_epu32(state1, state0, mk);
            state0 = _mm_sha256rnds2_epu32(state0, state1, _mm_shuffle_epi32(mk, 0x0E));
        }
        state0 = _mm_add_epi32(state0, abef);
        state1 = _mm_add_epi32(state1, cdgh);
    }
    tmp = _mm_shuffle_epi32(state0, 0x1B);             /* F E B A */
    state1 = _mm_shuffle_epi32(state1, 0xB1);          /* D C H G */
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);       /* D C B A -> A B C D in memory */
    state1 = _mm_alignr_epi8(state1, tmp, 8);          /* H G F E -> E F G H in memory */
    _mm_storeu_si128((__m128i *)(void *)&h[0], state0);
    _mm_storeu_si128((__m128i *)(void *)&h[4], state1);
}

static int sha_ni_state; /* 0 not yet asked, 1 available, 2 not available or turned off */

static bool use_sha_ni(void)
{
    int state = __atomic_load_n(&sha_ni_state, __ATOMIC_RELAXED);
    if (!state) {
        unsigned a, b, c, d;
        bool sse = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1);
        bool sha = __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
        state = sse && sha ? 1 : 2;
        __atomic_store_n(&sha_ni_state, state, __ATOMIC_RELAXED);
    }
    return state == 1;
}
#endif

void corsym_sha256_select(bool accelerated)
{
#ifdef CORSYM_SHA_NI
    __atomic_store_n(&sha_ni_state, 0, __ATOMIC_RELAXED);
    if (!accelerated || !use_sha_ni())
        __atomic_store_n(&sha_ni_state, 2, __ATOMIC_RELAXED);
#else
    (void)accelerated;
#endif
}

bool corsym_sha256_accelerated(void)
{
#ifdef CORSYM_SHA_NI
    return use_sha_ni();
#else
    return false;
#endif
}

static void sha256_blocks(uint32_t h[8], const uint8_t *p, size_t blocks)
{
#ifdef CORSYM_SHA_NI
    if (use_sha_ni()) {
        sha256_blocks_ni(h, p, blocks);
        return;
    }
#endif
    for (; blocks; blocks--, p += 64)
        sha256_block(h, p);
}

void corsym_sha256_init(struct corsym_sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->fill = 0;
}

void corsym_sha256_update(struct corsym_sha256 *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    s->total += len;
    while (len) {
        if (s->fill == 0 && len >= 64) {
            /* Whole blocks straight from the input. */
            size_t blocks = len / 64;
            sha256_blocks(s->h, p, blocks);
            p += blocks * 64;
            len -= blocks * 64;
            continue;
        }
        size_t n = 64 - s->fill;
        if (n > len)
            n = len;
        memcpy(s->block + s->fill, p, n);
        s->fill += n;
        p += n;
        len -= n;
        if (s->fill == 64) {
            sha256_blocks(s->h, s->block, 1);
            s->fill = 0;
        }
    }
}

void corsym_sha256_final(struct corsym_sha256 *s, uint8_t out[CORSYM_SHA256_SIZE])
{
    uint64_t bits = s->total * 8;
    uint8_t pad = 0x80;
    corsym_sha256_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 56)
        corsym_sha256_update(s, &pad, 1);
    uint8_t len[8];
    for (int i = 0; i < 8; i++)
        len[i] = (uint8_t)(bits >> (56 - 8 * i));
    corsym_sha256_update(s, len, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(s->h[i] >> 24);
        out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
        out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
        out[4 * i + 3] = (uint8_t)s->h[i];
    }
}

static void sha512_block(uint64_t h[8], const uint8_t *p)
{
    uint64_t w[80];
    for (int i = 0; i < 16; i++) {
        uint64_t v = 0;
        for (int j = 0; j < 8; j++)
            v = (v << 8) | p[8 * i + j];
        w[i] = v;
    }
    for (int i = 16; i < 80; i++) {
        uint64_t s0 = ror64(w[i - 15], 1) ^ ror64(w[i - 15], 8) ^ (w[i - 15] >> 7);
        uint64_t s1 = ror64(w[i - 2], 19) ^ ror64(w[i - 2], 61) ^ (w[i - 2] >> 6);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint64_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 80; i++) {
        uint64_t t1 = hh + (ror64(e, 14) ^ ror64(e, 18) ^ ror64(e, 41)) + ((e & f) ^ (~e & g)) +
                      k512[i] + w[i];
        uint64_t t2 = (ror64(a, 28) ^ ror64(a, 34) ^ ror64(a, 39)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void corsym_sha384_init(struct corsym_sha512 *s)
{
    static const uint64_t iv[8] = {
        0xcbbb9d5dc1059ed8ull, 0x629a292a367cd507ull, 0x9159015a3070dd17ull, 0x152fecd8f70e5939ull,
        0x67332667ffc00b31ull, 0x8eb44a8768581511ull, 0xdb0c2e0d64f98fa7ull, 0x47b5481dbefa4fa4ull,
    };
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->fill = 0;
    s->out_len = CORSYM_SHA384_SIZE;
}

void corsym_sha512_init(struct corsym_sha512 *s)
{
    static const uint64_t iv[8] = {
        0x6a09e667f3bcc908ull, 0xbb67ae8584caa73bull, 0x3c6ef372fe94f82bull, 0xa54ff53a5f1d36f1ull,
        0x510e527fade682d1ull, 0x9b05688c2b3e6c1full, 0x1f83d9abfb41bd6bull, 0x5be0cd19137e2179ull,
    };
    memcpy(s->h, iv, sizeof iv);
    s->total = 0;
    s->fill = 0;
    s->out_len = CORSYM_SHA512_SIZE;
}

void corsym_sha512_update(struct corsym_sha512 *s, const void *data, size_t len)
{
    const uint8_t *p = data;
    s->total += len;
    while (len) {
        size_t n = 128 - s->fill;
        if (n > len)
            n = len;
        memcpy(s->block + s->fill, p, n);
        s->fill += n;
        p += n;
        len -= n;
        if (s->fill == 128) {
            sha512_block(s->h, s->block);
            s->fill = 0;
        }
    }
}

void corsym_sha512_final(struct corsym_sha512 *s, uint8_t *out)
{
    uint64_t bits = s->total * 8;
    uint8_t pad = 0x80;
    corsym_sha512_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 112)
        corsym_sha512_update(s, &pad, 1);
    /* 128-bit length: the high 64 bits are zero for any realistic input. */
    uint8_t len[16] = { 0 };
    for (int i = 0; i < 8; i++)
        len[8 + i] = (uint8_t)(bits >> (56 - 8 * i));
    corsym_sha512_update(s, len, 16);
    for (size_t i = 0; i < s->out_len; i++)
        out[i] = (uint8_t)(s->h[i / 8] >> (56 - 8 * (i % 8)));
}
