// libFuzzer target: SentencePiece ModelProto wire-format reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/sentencepiece.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = lineage::ParseSentencePieceModel(text, "fuzz.model");
  (void)v;
  return 0;
}
