// libFuzzer target: tiktoken rank files (base64, ranks) and merge reconstruction.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/tiktoken.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = lineage::ParseTiktoken(text, "fuzz.tiktoken");
  (void)v;
  return 0;
}
