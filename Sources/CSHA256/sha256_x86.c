// SHA-256 compression with the x86 SHA extensions. Each instruction set is enabled per function
// (`target` attribute), so the package needs no compiler flags and the rest of the binary stays
// baseline x86-64; `tokenpack_sha256_available` decides at run time whether this may be called.
#include "CSHA256.h"

// FIPS 180-4 section 4.2.2: the 64 round constants, four to a message group. Exported for the
// Swift fallback too (Sources/Tokenizer/SHA256.swift), so the table is written once.
const uint32_t tokenpack_sha256_round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))

#include <cpuid.h>
#include <immintrin.h>

// Detection reads CPUID itself rather than using `__builtin_cpu_supports("sha")`: on Linux that
// builtin reads the feature words of the libgcc linked in, and libgcc before GCC 11 has no
// SHA bit (its `__cpu_features2` is one word where clang reads the second), so the answer
// would depend on the distribution that links the binary. The SHA extensions only use XMM
// registers, which every x86-64 OS saves, so no XGETBV check is needed.
static int cpu_has_sha_extensions(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const int ssse3 = (ecx >> 9) & 1, sse41 = (ecx >> 19) & 1;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const int sha = (ebx >> 29) & 1;
    return ssse3 && sse41 && sha;
}

// CPUID is slow (and traps to the hypervisor in a VM), so its answer is kept: -1 = not asked
// yet. Threads racing on the first call all store the same value.
static int sha_extensions = -1;

int tokenpack_sha256_available(void) {
    int known = __atomic_load_n(&sha_extensions, __ATOMIC_RELAXED);
    if (known < 0) {
        known = cpu_has_sha_extensions();
        __atomic_store_n(&sha_extensions, known, __ATOMIC_RELAXED);
    }
    return known;
}

#define SHA_TARGET __attribute__((target("sha,sse4.1,ssse3")))


// The round instruction keeps the eight working variables in two registers, named by their
// lanes from high to low: `abef` = (a, b, e, f) and `cdgh` = (c, d, g, h).

// Four rounds with message words w (W[t..t+3], lane 0 first) and constants K[t..t+3]. Each
// sha256rnds2 does two rounds on the low two lanes of (w + K) and returns the new (a, b, e, f);
// the old (a, b, e, f) is then the new (c, d, g, h), which is why the registers swap roles.
SHA_TARGET static inline void four_rounds(__m128i *abef, __m128i *cdgh, __m128i w, const uint32_t *k) {
    __m128i wk = _mm_add_epi32(w, _mm_load_si128((const __m128i *)k));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_unpackhi_epi64(wk, wk));
}

// W[t..t+3] from the previous sixteen words, given as groups w16 = W[t-16..t-13],
// w12 = W[t-12..t-9], w8 = W[t-8..t-5], w4 = W[t-4..t-1]:
// W[t] = sigma1(W[t-2]) + W[t-7] + sigma0(W[t-15]) + W[t-16].
// msg1 gives W[t-16] + sigma0(W[t-15]) for the four lanes; W[t-7..t-4] is w8's top three words
// under w4's lowest; msg2 adds the sigma1 terms, two of which are words it has just made.
SHA_TARGET static inline __m128i next_words(__m128i w16, __m128i w12, __m128i w8, __m128i w4) {
    __m128i partial = _mm_add_epi32(_mm_sha256msg1_epu32(w16, w12), _mm_alignr_epi8(w4, w8, 4));
    return _mm_sha256msg2_epu32(partial, w4);
}

SHA_TARGET static void compress_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    // Each message word is big-endian: reverse the bytes within every 32-bit lane.
    const __m128i byte_swap = _mm_setr_epi8(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);

    // (a, b, c, d) and (e, f, g, h), lane 0 = a and e, into the (a, b, e, f) / (c, d, g, h)
    // form: take the halves that belong together, then swap the two words of each half.
    const __m128i abcd = _mm_loadu_si128((const __m128i *)&state[0]);
    const __m128i efgh = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i abef = _mm_shuffle_epi32(_mm_unpacklo_epi64(efgh, abcd), _MM_SHUFFLE(2, 3, 0, 1));  // f e b a
    __m128i cdgh = _mm_shuffle_epi32(_mm_unpackhi_epi64(efgh, abcd), _MM_SHUFFLE(2, 3, 0, 1));  // h g d c

    for (size_t n = 0; n < blocks; n++, data += 64) {
        const __m128i abef_in = abef, cdgh_in = cdgh;

        // Rounds 0-15 use the block's words as they are.
        __m128i w0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 0)), byte_swap);
        __m128i w1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 16)), byte_swap);
        __m128i w2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 32)), byte_swap);
        __m128i w3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(data + 48)), byte_swap);
        four_rounds(&abef, &cdgh, w0, tokenpack_sha256_round_constants + 0);
        four_rounds(&abef, &cdgh, w1, tokenpack_sha256_round_constants + 4);
        four_rounds(&abef, &cdgh, w2, tokenpack_sha256_round_constants + 8);
        four_rounds(&abef, &cdgh, w3, tokenpack_sha256_round_constants + 12);

        // Rounds 16-63: each group of four words replaces the oldest of the four held.
        for (int t = 16; t < 64; t += 16) {
            w0 = next_words(w0, w1, w2, w3);
            four_rounds(&abef, &cdgh, w0, tokenpack_sha256_round_constants + t);
            w1 = next_words(w1, w2, w3, w0);
            four_rounds(&abef, &cdgh, w1, tokenpack_sha256_round_constants + t + 4);
            w2 = next_words(w2, w3, w0, w1);
            four_rounds(&abef, &cdgh, w2, tokenpack_sha256_round_constants + t + 8);
            w3 = next_words(w3, w0, w1, w2);
            four_rounds(&abef, &cdgh, w3, tokenpack_sha256_round_constants + t + 12);
        }

        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }

    // Back to (a, b, c, d) and (e, f, g, h): the same two steps in the other order.
    const __m128i efab = _mm_shuffle_epi32(abef, _MM_SHUFFLE(2, 3, 0, 1));  // lanes 0..3: e f a b
    const __m128i ghcd = _mm_shuffle_epi32(cdgh, _MM_SHUFFLE(2, 3, 0, 1));  // lanes 0..3: g h c d
    _mm_storeu_si128((__m128i *)&state[0], _mm_unpackhi_epi64(efab, ghcd));
    _mm_storeu_si128((__m128i *)&state[4], _mm_unpacklo_epi64(efab, ghcd));
}

void tokenpack_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    if (!tokenpack_sha256_available()) __builtin_trap();
    compress_blocks(state, data, blocks);
}

#else

// Not x86-64: no SHA extensions here; the Swift compression is always used.
int tokenpack_sha256_available(void) { return 0; }

void tokenpack_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks) {
    (void)state; (void)data; (void)blocks;
    __builtin_trap();
}

#endif
