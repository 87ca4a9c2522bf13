#ifndef CKEYEDHASH_H
#define CKEYEDHASH_H
#include <stddef.h>
#include <stdint.h>

/// HMAC-SHA256 with the key schedule done once: the SHA-256 states after the key's inner and outer pads.
/// The identifier ledger computes one HMAC per NIP, NIK and email of an import (13 million at national
/// scale); with the pads precomputed a short value costs two SHA-256 blocks, done with the CPU's SHA
/// instructions where it has them. swift-crypto's HMAC is the oracle in the tests.
typedef struct {
    uint32_t inner[8];
    uint32_t outer[8];
} pantau_hmac_sha256_key;

/// Prepares `key` (at most 64 bytes) for pantau_hmac_sha256_prefix.
void pantau_hmac_sha256_init(pantau_hmac_sha256_key *prepared, const uint8_t *key, size_t key_length);

/// The first 8 bytes of HMAC-SHA256(key, message), read as a big-endian number.
uint64_t pantau_hmac_sha256_prefix(const pantau_hmac_sha256_key *prepared, const uint8_t *message, size_t length);

/// Which compression function runs: 1 the CPU's SHA instructions, 0 plain C. `portable` nonzero makes every
/// later call use plain C (for the tests, which check both against swift-crypto).
int pantau_sha256_uses_cpu_instructions(int portable);
#endif
