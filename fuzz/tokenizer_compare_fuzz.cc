// libFuzzer target: the comparison on two arbitrary vocabularies (two tiktoken texts split at the
// first NUL).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tokenizer/compare.h"
#include "tokenizer/tiktoken.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  size_t cut = text.find(std::string_view("\0", 1));
  if (cut == std::string_view::npos) return 0;
  auto a = lineage::ParseTiktoken(text.substr(0, cut), "a.tiktoken");
  auto b = lineage::ParseTiktoken(text.substr(cut + 1), "b.tiktoken");
  if (a.ok() && b.ok()) {
    lineage::TokenizerComparison c = lineage::CompareVocabs(*a, *b);
    (void)c;
    auto s = lineage::SharedTokenMap(*a, *b);
    (void)s;
  }
  return 0;
}
