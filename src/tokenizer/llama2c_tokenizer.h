// llama2.c `tokenizer.bin` (FORMATS.md §3): i32 max_token_length, then per token f32 score,
// i32 length, bytes, to end of file. No count and no magic.
//
// Contract: every length is checked against max_token_length and the bytes left; errors are
// Corrupt naming the file and offset. "▁" is already a space in this format; <0xNN> pieces are
// byte tokens; <unk>, "\n<s>\n" and "\n</s>\n" (the exporter's spelling) are special. Thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "tokenizer/vocab.h"

namespace lineage {

Result<Vocab> ParseLlama2cTokenizer(std::string_view bytes, const std::string& name);

}  // namespace lineage
