// HMAC-SHA256 for the identifier ledger: SHA-256 from FIPS 180-4 (a plain C compression function, and the
// x86 SHA extensions' instruction sequence when CPUID reports them), HMAC from RFC 2104 with both pads
// compressed once per key. Checked against swift-crypto's HMAC<SHA256> in IdentifierLedgerTests.
#include "ckeyedhash.h"
#include <string.h>
#if defined(__x86_64__) && !defined(PANTAU_PORTABLE_SHA256)
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static const uint32_t IV[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/// One 64-byte block into `state`, in plain C.
static void compress_portable(uint32_t state[8], const uint8_t block[64]) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 | (uint32_t)block[4 * i + 2] << 8 | block[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
}

#if defined(__x86_64__) && !defined(PANTAU_PORTABLE_SHA256)
/// One 64-byte block into `state` with the SHA extensions (Intel's published instruction sequence).
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_sha_ni(uint32_t state[8], const uint8_t block[64]) {
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&state[0]);
    __m128i state1 = _mm_loadu_si128((const __m128i *)&state[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xB1);           // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B);     // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8);  // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0);  // CDGH
    const __m128i abef = state0, cdgh = state1;
    __m128i w[4];
    for (int i = 0; i < 16; i++) {
        __m128i wi;
        if (i < 4) {
            wi = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * i)), mask);
        } else {
            __m128i t = _mm_sha256msg1_epu32(w[(i - 4) & 3], w[(i - 3) & 3]);
            t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i - 1) & 3], w[(i - 2) & 3], 4));
            wi = _mm_sha256msg2_epu32(t, w[(i - 1) & 3]);
        }
        w[i & 3] = wi;
        __m128i m = _mm_add_epi32(wi, _mm_loadu_si128((const __m128i *)&K[4 * i]));
        state1 = _mm_sha256rnds2_epu32(state1, state0, m);
        m = _mm_shuffle_epi32(m, 0x0E);
        state0 = _mm_sha256rnds2_epu32(state0, state1, m);
    }
    state0 = _mm_add_epi32(state0, abef);
    state1 = _mm_add_epi32(state1, cdgh);
    tmp = _mm_shuffle_epi32(state0, 0x1B);        // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1);     // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0);  // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8);     // ABEF
    _mm_storeu_si128((__m128i *)&state[0], state0);
    _mm_storeu_si128((__m128i *)&state[4], state1);
}
#endif

typedef void (*compress_function)(uint32_t state[8], const uint8_t block[64]);

static compress_function chosen_compress(void) {
#if defined(__x86_64__) && !defined(PANTAU_PORTABLE_SHA256)
    unsigned a, b, c, d;
    // SSSE3 and SSE4.1: leaf 1, ECX bits 9 and 19; SHA: leaf 7, EBX bit 29.
    if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1u << 9)) && (c & (1u << 19)) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
        (b & (1u << 29))) {
        return compress_sha_ni;
    }
#endif
    return compress_portable;
}

static compress_function chosen = 0;

static void compress(uint32_t state[8], const uint8_t block[64]) {
    compress_function f = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!f) {
        f = chosen_compress();
        __atomic_store_n(&chosen, f, __ATOMIC_RELAXED);
    }
    f(state, block);
}

int pantau_sha256_uses_cpu_instructions(int portable) {
    if (portable) __atomic_store_n(&chosen, compress_portable, __ATOMIC_RELAXED);
    compress_function f = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!f) f = chosen_compress();
    return f != compress_portable;
}

void pantau_hmac_sha256_init(pantau_hmac_sha256_key *prepared, const uint8_t *key, size_t key_length) {
    uint8_t pad[64];
    memcpy(prepared->inner, IV, sizeof IV);
    memcpy(prepared->outer, IV, sizeof IV);
    for (size_t i = 0; i < 64; i++) pad[i] = (i < key_length ? key[i] : 0) ^ 0x36;
    compress(prepared->inner, pad);
    for (size_t i = 0; i < 64; i++) pad[i] = (i < key_length ? key[i] : 0) ^ 0x5c;
    compress(prepared->outer, pad);
}

/// The SHA-256 state after `message` (of `length` bytes) following `prefix_bytes` already compressed into `state`.
static void hash_tail(uint32_t state[8], const uint8_t *message, size_t length, uint64_t prefix_bytes) {
    uint64_t bits = (prefix_bytes + length) * 8;
    while (length >= 64) {
        compress(state, message);
        message += 64;
        length -= 64;
    }
    uint8_t block[128];
    memset(block, 0, sizeof block);
    if (length > 0) memcpy(block, message, length);
    block[length] = 0x80;
    size_t total = length < 56 ? 64 : 128;
    for (int i = 0; i < 8; i++) block[total - 1 - i] = (uint8_t)(bits >> (8 * i));
    compress(state, block);
    if (total == 128) compress(state, block + 64);
}

uint64_t pantau_hmac_sha256_prefix(const pantau_hmac_sha256_key *prepared, const uint8_t *message, size_t length) {
    uint32_t inner[8], outer[8];
    memcpy(inner, prepared->inner, sizeof inner);
    hash_tail(inner, message, length, 64);
    uint8_t digest[32];
    for (int i = 0; i < 8; i++) {
        digest[4 * i] = (uint8_t)(inner[i] >> 24);
        digest[4 * i + 1] = (uint8_t)(inner[i] >> 16);
        digest[4 * i + 2] = (uint8_t)(inner[i] >> 8);
        digest[4 * i + 3] = (uint8_t)inner[i];
    }
    memcpy(outer, prepared->outer, sizeof outer);
    hash_tail(outer, digest, 32, 64);
    return (uint64_t)outer[0] << 32 | outer[1];
}
