// libFuzzer target: llama2.c tokenizer.bin reader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/llama2c_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = lineage::ParseLlama2cTokenizer(text, "fuzz.bin");
  (void)v;
  return 0;
}
