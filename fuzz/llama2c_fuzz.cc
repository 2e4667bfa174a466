// libFuzzer target for the llama2.c reader: no crash, no unbounded allocation, and every accepted
// tensor lies inside the input.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "format/llama2c.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto r = lineage::ParseLlama2c(
      lineage::MakeMemorySource("fuzz.bin", std::vector<uint8_t>(data, data + size)));
  if (!r.ok()) return 0;
  for (const lineage::TensorInfo& t : r->tensors) {
    if (t.offset > size || t.nbytes > size - t.offset) std::abort();
  }
  return 0;
}
