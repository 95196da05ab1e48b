// SHA-256 block compression with the x86 SHA extensions (SHA-NI), for Sources/Tokenizer/SHA256.swift.
// The Swift code keeps the message padding and the digest; this only compresses whole blocks.
#ifndef CSHA256_H
#define CSHA256_H

#include <stddef.h>
#include <stdint.h>

/// 1 when `tokenpack_sha256_blocks` may be called: an x86-64 build on a CPU with the SHA
/// extensions, SSSE3 and SSE4.1 (checked with CPUID). 0 otherwise, always 0 on other
/// architectures. The answer does not change during a process; callers may cache it.
int tokenpack_sha256_available(void);

/// FIPS 180-4's 64 round constants K0...K63 (on every architecture; the Swift fallback reads them).
extern const uint32_t tokenpack_sha256_round_constants[64];

/// Compresses `blocks` consecutive 64-byte message blocks into `state` (FIPS 180-4 SHA-256).
///
/// Memory contract: `state` points at 8 readable and writable `uint32_t` words, H0...H7 in
/// order as native integers (the standard state: 0x6a09e667, 0xbb67ae85, ... before the first
/// block); `data` points at `blocks * 64` readable bytes, any alignment (read as big-endian
/// words, as the standard says). Nothing else is touched and nothing is retained. `blocks`
/// may be 0 (then `data` is not read). The two regions must not overlap.
///
/// Only call when `tokenpack_sha256_available()` returned 1; elsewhere this traps.
void tokenpack_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

#endif
