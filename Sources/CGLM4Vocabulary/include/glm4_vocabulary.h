// GLM-4's tokenizer files, linked into the binary (see vocabulary.S), so `tokenpack` is one
// executable that runs from any directory: no resource bundle beside it.
#ifndef GLM4_VOCABULARY_H
#define GLM4_VOCABULARY_H

#include <stddef.h>

/// `tokenizer.model` (tiktoken format, `<base64> <rank>` per line) and its length in bytes.
const unsigned char *glm4_tokenizer_model(void);
size_t glm4_tokenizer_model_size(void);

/// `tokenizer_config.json` (special tokens and the Jinja chat template) and its length in bytes.
const unsigned char *glm4_tokenizer_config(void);
size_t glm4_tokenizer_config_size(void);

#endif
