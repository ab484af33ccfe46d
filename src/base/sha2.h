/*
 * SHA-256, SHA-384 and SHA-512 (FIPS 180-4), for the PE PdbChecksum debug
 * entry and deterministic PDB ids. Streaming: init, update any number of
 * times, final.
 */
#ifndef CORSYM_BASE_SHA2_H
#define CORSYM_BASE_SHA2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CORSYM_SHA256_SIZE 32
#define CORSYM_SHA384_SIZE 48
#define CORSYM_SHA512_SIZE 64

/* Whether SHA-256 runs on the processor's SHA instructions (x86-64 with SHA-NI). Tests
 * select the portable code with corsym_sha256_select(false) to check both give the same
 * digests; true goes back to using the instructions where the processor has them. */
bool corsym_sha256_accelerated(void);
void corsym_sha256_select(bool accelerated);

struct corsym_sha256 {
    uint32_t h[8];
    uint64_t total; /* bytes hashed so far */
    uint8_t block[64];
    size_t fill;
};

struct corsym_sha512 {
    uint64_t h[8];
    uint64_t total; /* bytes; 2^64 bytes is far beyond any PDB */
    uint8_t block[128];
    size_t fill;
    size_t out_len; /* 48 for SHA-384, 64 for SHA-512 */
};

void corsym_sha256_init(struct corsym_sha256 *s);
void corsym_sha256_update(struct corsym_sha256 *s, const void *data, size_t len);
void corsym_sha256_final(struct corsym_sha256 *s, uint8_t out[CORSYM_SHA256_SIZE]);

void corsym_sha384_init(struct corsym_sha512 *s);
void corsym_sha512_init(struct corsym_sha512 *s);
void corsym_sha512_update(struct corsym_sha512 *s, const void *data, size_t len);
/* Writes s->out_len bytes (48 after sha384_init, 64 after sha512_init). */
void corsym_sha512_final(struct corsym_sha512 *s, uint8_t *out);

#endif
