// libFuzzer target: HF tokenizer.json parsing (simdjson, merges, added tokens, pipeline text).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/hf_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto v = lineage::ParseHfTokenizerJson(text, "fuzz.json");
  (void)v;
  return 0;
}
