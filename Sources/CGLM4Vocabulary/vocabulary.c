// Accessors for the bytes vocabulary.S links in (labels are not importable into Swift as sized
// arrays, so the sizes are computed here from start and end labels).
#include "glm4_vocabulary.h"

extern const unsigned char glm4_tokenizer_model_start[], glm4_tokenizer_model_end[];
extern const unsigned char glm4_tokenizer_config_start[], glm4_tokenizer_config_end[];

const unsigned char *glm4_tokenizer_model(void) { return glm4_tokenizer_model_start; }
size_t glm4_tokenizer_model_size(void) { return (size_t)(glm4_tokenizer_model_end - glm4_tokenizer_model_start); }

const unsigned char *glm4_tokenizer_config(void) { return glm4_tokenizer_config_start; }
size_t glm4_tokenizer_config_size(void) { return (size_t)(glm4_tokenizer_config_end - glm4_tokenizer_config_start); }
