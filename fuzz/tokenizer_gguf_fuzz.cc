// libFuzzer target: GGUF tokenizer.ggml.* metadata interpretation (through the GGUF reader).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <vector>

#include "format/gguf.h"
#include "io/byte_source.h"
#include "tokenizer/gguf_vocab.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ckpt = lineage::ParseGguf(
      lineage::MakeMemorySource("fuzz.gguf", std::vector<uint8_t>(data, data + size)));
  if (ckpt.ok()) {
    auto v = lineage::VocabFromGgufMetadata(ckpt->metadata, "fuzz.gguf");
    (void)v;
  }
  return 0;
}
