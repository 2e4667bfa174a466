// libFuzzer target: the restricted pickle interpreter on its own (data.pkl without the ZIP
// wrapper), so mutations reach opcode handling directly.
#include <cstdint>
#include <span>

#include "format/pickle.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  lineage::RestrictedUnpickler u("fuzz.pkl", std::span<const uint8_t>(data, size));
  auto r = u.Run();
  (void)r;
  return 0;
}
