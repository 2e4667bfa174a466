// libFuzzer target: safetensors header parsing and, for accepted files, decoding of every tensor
// view (which must lie inside the input, as the reader promises).
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "format/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lineage;
  auto r = ParseSafetensors(
      MakeMemorySource("fuzz.safetensors", std::vector<uint8_t>(data, data + size)));
  if (!r.ok()) return 0;
  for (const TensorInfo& t : r->tensors) {
    if (t.offset > size || t.nbytes > size - t.offset) std::abort();  // a lie about bounds
    const uint64_t n = t.numel();
    if (n > (1u << 16) || !CanDecode(t.dtype) || IsQuantized(t.dtype)) continue;
    std::vector<float> out(n);
    if (!DecodeToF32(t.dtype, t.source->data() + t.offset, n, out.data()).ok()) std::abort();
  }
  return 0;
}
