// libFuzzer target: GPT-2 vocab.json + merges.txt; the input is split at its first NUL byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/gpt2_files.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t cut = text.find(std::string_view("\0", 1));
  if (cut == std::string_view::npos) cut = text.size();
  std::string_view merges = cut < text.size() ? text.substr(cut + 1) : std::string_view();
  auto v = lineage::ParseGpt2Files(text.substr(0, cut), "vocab.json", merges, "merges.txt");
  (void)v;
  return 0;
}
