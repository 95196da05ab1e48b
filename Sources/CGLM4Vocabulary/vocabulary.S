// The two files of Sources/GLM4/Resources, copied byte for byte into read-only data by the
// assembler. `.incbin` resolves its path against the -I directories, and SwiftPM passes this
// target's include/ directory, hence the path relative to include/. Chosen over a generated C
// array: assembling takes no measurable time, compiling the 2.6 MB array took 2.6–2.9 s of CPU
// (12–22 s wall on the shared build machine) on every clean build.
#if defined(__APPLE__)
#define SYM(name) _##name
    .section __TEXT,__const
#else
#define SYM(name) name
    .section .rodata
#endif

    .globl SYM(glm4_tokenizer_model_start)
    .globl SYM(glm4_tokenizer_model_end)
    .globl SYM(glm4_tokenizer_config_start)
    .globl SYM(glm4_tokenizer_config_end)

    .p2align 4
SYM(glm4_tokenizer_model_start):
    .incbin "../../GLM4/Resources/tokenizer.model"
SYM(glm4_tokenizer_model_end):

    .p2align 4
SYM(glm4_tokenizer_config_start):
    .incbin "../../GLM4/Resources/tokenizer_config.json"
SYM(glm4_tokenizer_config_end):

#if !defined(__APPLE__)
// No executable stack (the linker warns otherwise).
    .section .note.GNU-stack,"",@progbits
#endif
