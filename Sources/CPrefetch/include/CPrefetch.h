// A cache prefetch hint for Swift, which has no spelling of its own for it
// (Sources/Tokenizer's piece loop).
#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to start loading the cache line holding `address` for reading, and returns at
/// once. Only a hint: it never faults, whatever `address` is, and changes no memory.
static inline void tokenpack_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
