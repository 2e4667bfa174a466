// libFuzzer target: PyTorch zip checkpoints (ZIP directory, restricted unpickler, tensor views).
// Accepted tensor views must lie inside the input.
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "format/torch_zip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace lineage;
  auto r = ParseTorchZip(MakeMemorySource("fuzz.bin", std::vector<uint8_t>(data, data + size)));
  if (!r.ok()) return 0;
  for (const TensorInfo& t : r->tensors) {
    if (t.offset > size || t.nbytes > size - t.offset) std::abort();
  }
  return 0;
}
