// Header-only: LLVMFuzzerRunDriver is in libFuzzer (linked by -sanitize=fuzzer).
